// Alerts: the bell in the header (how many are open — read at every page and every minute — and
// the newest in a panel under it) and the alerts page (/alerts: open, dismissed or all, a page at
// a time). Each alert is said in the agent's language from its rule and parameters, links to the
// portal's page of what it is about, and can be dismissed: for good, so the agent confirms first.
// Only roles that read reports see alerts (the API refuses the others).
import { api, ApiFailure, must, type Alert, type AlertCollection } from "../api/client";
import { can, confirmPanel, currentSession, errorText, link, navigate, notice, rerenderWith, takeFlash } from "../app";
import { append, field, h, replace, uid, type Child } from "../dom";
import { codeLabel, formatDate, formatDateTime, formatInstant, formatNumber, hasCodeLabel, hasMessage, messageText, t, type MessageParameters } from "../i18n";

const POLL_MS = 60_000;
const PANEL_SIZE = 5;
const PAGE_SIZE = 25;

type Shown = "open" | "dismissed" | "all";

//! A page of alerts, newest first.
function listAlerts(query: { status: Shown; size: number; continuationToken?: string }): Promise<AlertCollection> {
  return must(api.GET("/v1/alerts", { params: { query } }));
}

//! Dismisses an open alert for good. False when it was no longer open (dismissed meanwhile, by
//! another agent or in another tab: 409).
async function dismissAlert(alertId: string): Promise<boolean> {
  try {
    await must(api.POST("/v1/alerts/{alertId}/dismiss", { params: { path: { alertId } } }));
    return true;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 409) return false;
    throw error;
  }
}

function ruleTitle(alert: Alert): string {
  return hasCodeLabel("alertRule", alert.rule) ? codeLabel("alertRule", alert.rule) : t("alertUnknownTitle");
}

//! The alert as a sentence in the agent's language (a rule this portal does not know yet: a
//! general one naming the company).
function sentence(alert: Alert): string {
  const parameters = { ...alert.parameters, dueAt: alert.dueAt ?? "" } as MessageParameters;
  if (hasMessage("alert", alert.rule)) return messageText("alert", alert.rule, parameters);
  const company = alert.parameters.companyName;
  return company ? t("alertGeneric", { company }) : t("alertGenericNoCompany");
}

//! The deadline as the sentence names it: a cancellation window's close to the minute (where the
//! agent is), a lapsing term's last day, else the day it is due.
function due(alert: Alert): string | null {
  const p = alert.parameters;
  if (alert.rule === "cancellationWindowClosing") return formatInstant(p.windowClosesAt ?? alert.dueAt);
  if (alert.rule === "autoRenewOffEnding" && (p.termEndDate || alert.dueAt)) {
    return formatDate(p.termEndDate ?? new Date(Date.parse(alert.dueAt!) - 1).toISOString());
  }
  return alert.dueAt ? formatDate(alert.dueAt) : null;
}

//! The portal's page of what the alert is about, and the link's text; null when it has none.
function target(alert: Alert): { path: string; text: string } | null {
  const id = encodeURIComponent(alert.resourceId);
  if (alert.resourceName === "subscription" && alert.customerId) {
    return { path: `/customers/${encodeURIComponent(alert.customerId)}/subscriptions/${id}`, text: t("openTheSubscription") };
  }
  if (alert.resourceName === "migration") return { path: `/migrations/${id}`, text: t("openMigration") };
  if (alert.resourceName === "customer") return { path: `/customers/${id}`, text: t("openCustomer") };
  // The API's own address of it: the portal's routes are the API's without /v1.
  const uri = alert.resourceUri ? new URL(alert.resourceUri, location.origin).pathname : "";
  if (/^\/v1\/customers\/[^/]+\/subscriptions\/[^/]+$/.test(uri)) return { path: uri.slice(3), text: t("openTheSubscription") };
  return null;
}

//! Who dismissed it, when that is a person's address (never an agent's id).
function dismissedLine(alert: Alert): string {
  const date = formatDateTime(alert.dismissedAt);
  return alert.dismissedBy?.includes("@") ? t("alertDismissedBy", { date, who: alert.dismissedBy }) : t("alertDismissedOn", { date });
}

//! One alert: what it is, the sentence, its dates, a link to its page and, while it is open,
//! Dismiss (asked first, in the card). `onDismissed` shows the outcome.
function alertItem(alert: Alert, heading: "h2" | "h3", onDismissed: (message: HTMLElement) => void): HTMLElement {
  const title = ruleTitle(alert);
  const company = alert.parameters.companyName;
  const named = company ? `${title}, ${company}` : title;
  const to = target(alert);
  const when = due(alert);
  const out = h("div");
  let dismiss: HTMLButtonElement | null = null;
  if (alert.status === "open") {
    const button = h("button", { type: "button", class: "secondary", "aria-label": `${t("dismiss")}: ${named}` }, t("dismiss"));
    button.addEventListener("click", () =>
      replace(
        out,
        confirmPanel({
          title: t("dismissTitle", { what: title }),
          body: [h("p", null, t("dismissWhat"))],
          confirm: t("dismissConfirm"),
          onConfirm: async () => onDismissed(notice("ok", t((await dismissAlert(alert.id)) ? "dismissDone" : "dismissGone"))),
          onCancel: () => {
            replace(out);
            button.focus();
          },
        }),
      ),
    );
    dismiss = button;
  }
  return h(
    "li",
    { class: `alert alert-${alert.status === "open" ? "open" : "dismissed"}`, "data-alert-id": alert.id },
    h(heading, null, title),
    h("p", null, sentence(alert)),
    h(
      "p",
      { class: "alert-dates" },
      [when ? t("alertDue", { date: when }) : null, t("alertRaised", { date: formatDateTime(alert.raisedAt) }), alert.status === "dismissed" ? dismissedLine(alert) : null]
        .filter((part) => part !== null)
        .join(" · "),
    ),
    to || dismiss
      ? h("div", { class: "actions" }, to ? link(to.path, to.text, { "aria-label": `${to.text}: ${named}` }) : null, dismiss)
      : null,
    out,
  );
}

// ---- The bell ----

//! The count the last bell showed: a new page's bell starts from it instead of blinking empty.
let lastCount: number | null = null;
//! The bell in the page now, for the minute's poll (the frame, bell included, is rebuilt at
//! every navigation).
let mounted: { element: HTMLElement; refresh: () => Promise<void> } | null = null;
let polling = false;

function startPolling(): void {
  if (polling) return;
  polling = true;
  const tick = () => {
    if (document.hidden || !currentSession() || !mounted?.element.isConnected) return;
    void mounted.refresh();
  };
  setInterval(tick, POLL_MS);
  // A tab brought back shows the count at once rather than at its next minute.
  document.addEventListener("visibilitychange", tick);
}

const SVG = "http://www.w3.org/2000/svg";
function bellIcon(): SVGElement {
  const icon = document.createElementNS(SVG, "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  icon.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", "M12 22a2.5 2.5 0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22zm7-6v-5a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z");
  icon.append(path);
  return icon;
}

//! The header's bell for agents whose role reads reports (null for the others): a button with the
//! number of open alerts that opens a panel of the newest, with Dismiss and a link to the page of
//! all. A failed count leaves the bell as it was: the header never shows an error.
export function alertBell(): HTMLElement | null {
  if (!can("readReports")) return null;
  const count = h("span", { class: "bell-count", "aria-hidden": "true" });
  const button = h("button", { type: "button", class: "bell", "aria-expanded": "false", title: t("alerts") }, bellIcon(), count);
  const heading = h("h2", { id: uid("alerts"), tabindex: -1 }, t("alertsTitle"));
  const body = h("div");
  const panel = h("section", { id: uid("alerts-panel"), class: "alerts-panel", "aria-labelledby": heading.id, hidden: true }, heading, body);
  button.setAttribute("aria-controls", panel.id);
  const wrap = h("div", { class: "bell-wrap" }, button, panel);

  const show = (n: number | null) => {
    lastCount = n;
    button.setAttribute("aria-label", n === null ? t("alerts") : n > 0 ? t("alertsBell", { n: formatNumber(n) }) : t("alertsBellNone"));
    count.textContent = n ? (n > 99 ? "99+" : formatNumber(n)) : "";
    count.hidden = !n;
  };
  const refresh = async () => {
    try {
      // One row: the API counts every open alert.
      show((await listAlerts({ status: "open", size: 1 })).totalCount);
    } catch {
      // Left as it was (a server without alerts, a moment offline): the next page or minute asks again.
    }
  };

  const isOpen = () => button.getAttribute("aria-expanded") === "true";
  const onOutside = (event: Event) => {
    if (!wrap.isConnected) return document.removeEventListener("click", onOutside);
    // The path as dispatched: a click that removed its own button (Cancel) was still inside.
    if (!event.composedPath().includes(wrap)) close(false);
  };
  const close = (focusButton: boolean) => {
    button.setAttribute("aria-expanded", "false");
    panel.hidden = true;
    replace(body);
    document.removeEventListener("click", onOutside);
    if (focusButton) button.focus();
  };
  //! The newest open alerts, with `message` (what a dismissal did) above them.
  const load = async (message?: HTMLElement) => {
    try {
      const page = await listAlerts({ status: "open", size: PANEL_SIZE });
      show(page.totalCount);
      const dismissed = (outcome: HTMLElement) => {
        // On the alerts page the page itself shows the outcome, its list and the bell anew.
        if (location.pathname === "/alerts") return rerenderWith(outcome);
        void load(outcome).then(() => heading.focus());
      };
      replace(
        body,
        message ?? null,
        page.items.length
          ? h("ul", { class: "alerts" }, page.items.map((alert) => alertItem(alert, "h3", dismissed)))
          : h("p", { class: "empty" }, t("alertsNone")),
        h(
          "p",
          { class: "see-all" },
          link("/alerts", page.totalCount > page.items.length ? t("alertsSeeAllCount", { n: formatNumber(page.totalCount) }) : t("alertsSeeAll")),
        ),
      );
    } catch (error) {
      replace(body, message ?? null, notice("error", errorText(error)), h("p", { class: "see-all" }, link("/alerts", t("alertsSeeAll"))));
    }
  };
  button.addEventListener("click", () => {
    if (isOpen()) return close(false);
    button.setAttribute("aria-expanded", "true");
    panel.hidden = false;
    replace(body, h("p", null, t("loading")));
    document.addEventListener("click", onOutside);
    void load();
  });
  wrap.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      event.preventDefault();
      close(true);
    }
  });

  show(lastCount);
  mounted = { element: wrap, refresh };
  startPolling();
  void refresh();
  return wrap;
}

// ---- The alerts page ----

const STATUSES: Shown[] = ["open", "dismissed", "all"];

function totalLine(status: Shown, n: number): string {
  const key = status === "open" ? "alertsOpenTotal" : status === "dismissed" ? "alertsDismissedTotal" : "alertsAllTotal";
  return t(key, { n: formatNumber(n) });
}

function emptyLine(status: Shown): string {
  return t(status === "open" ? "alertsNone" : status === "dismissed" ? "alertsNoneDismissed" : "alertsNoneAll");
}

export async function alertsView(_: Record<string, string>, query: URLSearchParams) {
  const status: Shown = STATUSES.find((s) => s === query.get("status")) ?? "open";
  const title = h("h1", null, t("alertsTitle"));
  if (!can("readReports")) return h("section", null, title, notice("error", t("notAllowed")));
  const first = await listAlerts({ status, size: PAGE_SIZE });
  const flash = takeFlash();
  const list = h("ul", { class: "alerts" });
  const more = h("div");
  const out = h("div");
  const dismissed = (message: HTMLElement) => rerenderWith(message);
  //! Adds a page's alerts; Show more asks for the next with the API's continuation token.
  const add = (page: AlertCollection): HTMLElement[] => {
    const items = page.items.map((alert) => alertItem(alert, "h2", dismissed));
    append(list, items);
    const token = page.continuationToken;
    replace(more, token ? h("button", { type: "button", class: "secondary", onClick: () => void next(token) }, t("alertsMore")) : null);
    return items;
  };
  const next = async (token: string) => {
    try {
      const items = add(await listAlerts({ status, size: PAGE_SIZE, continuationToken: token }));
      // Keyboard and screen-reader users go on from the first alert added.
      const heading = items[0]?.querySelector<HTMLElement>("h2");
      if (heading) {
        heading.tabIndex = -1;
        heading.focus();
      }
    } catch (error) {
      replace(out, notice("error", errorText(error)));
    }
  };
  add(first);

  const select = h(
    "select",
    { name: "status" },
    STATUSES.map((s) =>
      h("option", { value: s, selected: s === status }, t(s === "open" ? "alertStatusOpen" : s === "dismissed" ? "alertStatusDismissed" : "alertStatusAll")),
    ),
  );
  const filter = h(
    "form",
    { class: "inline", onSubmit: (e: Event) => (e.preventDefault(), navigate(select.value === "open" ? "/alerts" : `/alerts?status=${select.value}`)) },
    field(t("alertsWhich"), select),
    h("button", { type: "submit" }, t("show")),
  );
  const content: Child[] = first.items.length
    ? [h("p", { class: "total" }, totalLine(status, first.totalCount)), list, more]
    : [h("p", { class: "empty" }, emptyLine(status))];
  return h("section", { class: "alerts-page" }, title, h("p", null, t("alertsIntro")), filter, flash, content, out);
}
