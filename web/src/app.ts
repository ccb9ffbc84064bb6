// Who is signed in, navigation, and the page frame every view renders into.
import { api, ApiFailure, must, type Customer, type Permission, type Session } from "./api/client";
import { h, replace, uid, type Child } from "./dom";
import { codeLabel, hasCodeLabel, hasMessage, locale, messageText, t } from "./i18n";

let session: Session | null = null;

export function currentSession(): Session | null {
  return session;
}

export function setSession(next: Session | null): void {
  session = next;
}

//! Whether the signed-in agent's role allows `permission`: what the portal shows (the server
//! checks every request regardless).
export function can(permission: Permission): boolean {
  return session?.permissions.includes(permission) ?? false;
}

export async function loadSession(): Promise<Session | null> {
  const { data, response } = await api.GET("/v1/session");
  session = response.ok && data ? data : null;
  return session;
}

export type View = (params: Record<string, string>, query: URLSearchParams) => Promise<Child>;

let render: () => void = () => {};
export function onNavigate(callback: () => void): void {
  render = callback;
}

export function navigate(path: string): void {
  history.pushState(null, "", path);
  render();
}

export function rerender(): void {
  render();
}

let flash: HTMLElement | null = null;

//! Re-renders the page with `message` shown once on it (where the view puts takeFlash()): what an
//! action did, on the page that shows its result.
export function rerenderWith(message: HTMLElement): void {
  flash = message;
  render();
}

//! The message rerenderWith left for this render, once; null when there is none.
export function takeFlash(): HTMLElement | null {
  const message = flash;
  flash = null;
  return message;
}

//! A link handled by the portal's router (no page load).
export function link(path: string, text: Child, props: Record<string, string> = {}): HTMLAnchorElement {
  return h(
    "a",
    {
      ...props,
      href: path,
      onClick: (event: Event) => {
        const mouse = event as MouseEvent;
        if (mouse.ctrlKey || mouse.metaKey || mouse.shiftKey || mouse.button !== 0) return;
        event.preventDefault();
        navigate(path);
      },
    },
    text,
  );
}

//! A status line for errors and confirmations, announced by screen readers.
export function notice(kind: "error" | "ok", text: string): HTMLElement {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

//! A failure in the agent's language: the API's refusals by their code — said from its
//! `parameters` when the portal knows how (New Commerce's windows, in either language), else its
//! description, an English sentence shown only to English readers — anything else as it came.
export function errorText(error: unknown): string {
  if (error instanceof ApiFailure && error.body && hasMessage("error", error.body.code)) {
    return t("refused", { reason: messageText("error", error.body.code, error.body.parameters) });
  }
  if (error instanceof ApiFailure && locale() !== "en") {
    const code = error.body?.code ?? String(error.status);
    if (hasCodeLabel("error", code)) return t("refused", { reason: codeLabel("error", code) });
    return t("refusedCode", { status: error.status });
  }
  return t("error", { message: error instanceof Error ? error.message : String(error) });
}

//! A step that asks before an action with consequences (buying, suspending, rolling back): a
//! panel naming what will happen, with a Confirm button (danger-styled when `danger`) and
//! Cancel. Confirm is disabled while `onConfirm` runs, so a double click acts once; a failure is
//! shown in the panel and Confirm is offered again (`onConfirm` decides what a retry reuses).
export function confirmPanel(options: {
  title: string;
  body: Child[];
  confirm: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onCancel: () => void;
}): HTMLElement {
  const heading = h("h2", { tabindex: -1, id: uid("confirm") }, options.title);
  const out = h("div");
  const confirm = h("button", { type: "button", class: options.danger ? "danger" : "primary" }, options.confirm);
  confirm.addEventListener("click", () => {
    if (confirm.disabled) return;
    confirm.disabled = true;
    confirm.setAttribute("aria-busy", "true");
    replace(out);
    options
      .onConfirm()
      .catch((error: unknown) => replace(out, notice("error", errorText(error))))
      .finally(() => {
        confirm.disabled = false;
        confirm.removeAttribute("aria-busy");
      });
  });
  const panel = h(
    "section",
    { class: `confirm-panel${options.danger ? " danger-zone" : ""}`, "aria-labelledby": heading.id },
    heading,
    options.body,
    h("div", { class: "actions" }, confirm, h("button", { type: "button", class: "secondary", onClick: options.onCancel }, t("cancel"))),
    out,
  );
  // Moved to once it is in the page, so keyboard and screen-reader users land on the question.
  queueMicrotask(() => heading.focus());
  return panel;
}

//! Runs `action` for a form's submit, showing its failure in `out` instead of losing it.
export function guarded(out: HTMLElement, action: () => Promise<void>): (event: Event) => void {
  return (event: Event) => {
    event.preventDefault();
    action().catch((error: unknown) => replace(out, notice("error", errorText(error))));
  };
}

//! Every customer by id (pages of 1000), for pages that must show company names where the API
//! gives customer ids (the expiring report, migrations).
export async function customerDirectory(): Promise<Map<string, Customer>> {
  const customers = new Map<string, Customer>();
  let token: string | undefined;
  do {
    const page = await must(api.GET("/v1/customers", { params: { query: { size: 1000, continuationToken: token } } }));
    for (const c of page.items) customers.set(c.id, c);
    token = page.continuationToken ?? undefined;
  } while (token);
  return customers;
}
