// Who is signed in, navigation, and the page frame every view renders into.
import { api, type Permission, type Session } from "./api/client";
import { h, replace, type Child } from "./dom";
import { t } from "./i18n";

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

export function errorText(error: unknown): string {
  return t("error", { message: error instanceof Error ? error.message : String(error) });
}

//! Runs `action` for a form's submit, showing its failure in `out` instead of losing it.
export function guarded(out: HTMLElement, action: () => Promise<void>): (event: Event) => void {
  return (event: Event) => {
    event.preventDefault();
    action().catch((error: unknown) => replace(out, notice("error", errorText(error))));
  };
}
