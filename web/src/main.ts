// The portal's entry: routes, the frame (navigation, language, clock, sign-out) and sign-in.
import { api, whenSignedOut } from "./api/client";
import { can, currentSession, errorText, guarded, link, loadSession, navigate, notice, onNavigate, setSession, takeFlash, type View } from "./app";
import { field, h, replace } from "./dom";
import { locale, setLocale, t, valueLabel, type Locale } from "./i18n";
import { alertBell, alertsView } from "./views/alerts";
import { auditView } from "./views/audit";
import { clockControl } from "./views/clock";
import { customerView } from "./views/customer";
import { customersView } from "./views/customers";
import { expiringView } from "./views/expiring";
import { manageLicensesView } from "./views/licenses";
import { migrationView, migrationsView, wizardView } from "./views/migrations";
import { addSubscriptionView } from "./views/order";
import { renewingView } from "./views/renewing";
import { subscriptionView } from "./views/subscription";

const ROUTES: [RegExp, View][] = [
  [/^\/customers$/, customersView],
  [/^\/customers\/(?<customerId>[^/]+)$/, customerView],
  [/^\/customers\/(?<customerId>[^/]+)\/add-subscription$/, addSubscriptionView],
  [/^\/customers\/(?<customerId>[^/]+)\/licenses$/, manageLicensesView],
  [/^\/customers\/(?<customerId>[^/]+)\/subscriptions\/(?<subscriptionId>[^/]+)$/, subscriptionView],
  [/^\/reports\/expiring$/, expiringView],
  [/^\/reports\/renewing$/, renewingView],
  [/^\/migrations$/, migrationsView],
  [/^\/migrations\/new$/, wizardView],
  [/^\/migrations\/(?<migrationId>[^/]+)$/, migrationView],
  [/^\/audit$/, auditView],
  [/^\/alerts$/, alertsView],
];

const root = document.getElementById("app")!;

function languagePicker(): HTMLElement {
  const select = h(
    "select",
    {
      onChange: (event: Event) => {
        setLocale((event.target as HTMLSelectElement).value as Locale);
        void render();
      },
    },
    h("option", { value: "en", selected: locale() === "en" }, "English"),
    h("option", { value: "tr", selected: locale() === "tr" }, "Türkçe"),
  );
  return field(t("language"), select);
}

async function signOut(): Promise<void> {
  await api.DELETE("/v1/session");
  setSession(null);
  navigate("/signin");
}

function frame(content: HTMLElement): HTMLElement {
  const session = currentSession()!;
  // [path, text, shown, the paths it stands for]: both reports are under Reports.
  const items: [string, string, boolean, string?][] = [
    ["/customers", t("navCustomers"), can("read")],
    ["/reports/expiring", t("navReports"), can("readReports"), "/reports/"],
    ["/migrations", t("navMigrations"), can("manageMigrations")],
    ["/audit", t("navAudit"), can("readAudit")],
  ];
  const here = location.pathname;
  const nav = h(
    "nav",
    { "aria-label": t("mainNav") },
    h(
      "ul",
      null,
      items
        .filter(([, , shown]) => shown)
        .map(([path, text, , prefix]) => h("li", null, link(path, text, here.startsWith(prefix ?? path) ? { "aria-current": "page" } : {}))),
    ),
  );
  const account = h(
    "div",
    { class: "account" },
    clockControl(),
    languagePicker(),
    h("span", { class: "who" }, t("signedInAs", { email: session.email, role: valueLabel(session.role) })),
    h("button", { type: "button", onClick: () => void signOut() }, t("signOut")),
  );
  // On a phone the navigation and the account fold behind a Menu button, so the page starts
  // with the page rather than with a header taller than the screen's first third.
  const menu = h("div", { class: "menu", id: "menu" }, nav, account);
  const toggle = h("button", { type: "button", class: "menu-toggle", "aria-expanded": "false", "aria-controls": menu.id }, t("menu"));
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  });
  const skip = h("a", { class: "skip-link", href: "#main" }, t("skipToMain"));
  // Handled here: a change of the hash would reach the router as a navigation.
  skip.addEventListener("click", (event) => {
    event.preventDefault();
    focusHeading();
  });
  return h(
    "div",
    { class: "layout" },
    skip,
    // The bell stays beside the brand on a phone too, outside the folded menu.
    h("header", null, h("span", { class: "brand" }, t("appName")), alertBell(), toggle, menu),
    h("main", { id: "main" }, content),
  );
}

//! Moves focus to the page's main heading: after a navigation a screen reader starts on the new
//! page, not on the link that led there.
function focusHeading(): void {
  const heading = document.querySelector<HTMLElement>("main h1");
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
}

function signInView(): HTMLElement {
  const out = h("div");
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
  const form = h(
    "form",
    {
      class: "signin",
      onSubmit: guarded(out, async () => {
        const { data, response } = await api.POST("/v1/session", {
          body: { email: email.value, password: password.value },
        });
        if (!response.ok || !data) {
          replace(out, notice("error", t("badSignIn")));
          return;
        }
        setSession(data);
        navigate("/customers");
      }),
    },
    field(t("email"), email),
    field(t("password"), password),
    h("button", { type: "submit" }, t("signIn")),
    out,
  );
  return h("main", { id: "main", class: "signin-page" }, h("h1", null, t("signInTitle")), languagePicker(), form);
}

async function render(): Promise<void> {
  const path = location.pathname;
  if (!currentSession() && !(await loadSession())) {
    if (path !== "/signin") history.replaceState(null, "", "/signin");
    replace(root, signInView());
    document.title = t("signInTitle");
    return;
  }
  if (path === "/" || path === "/signin") {
    history.replaceState(null, "", "/customers");
    return render();
  }
  const content = h("div", { "aria-busy": "true" }, t("loading"));
  replace(root, frame(content));
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  try {
    if (!route) throw new Error(`no page at ${path}`);
    const params = (route[0].exec(path)?.groups ?? {}) as Record<string, string>;
    const view = await route[1](params, new URLSearchParams(location.search));
    replace(content, view);
  } catch (error) {
    replace(content, notice("error", errorText(error)));
  }
  takeFlash(); // a message the view did not show does not outlive its render
  content.removeAttribute("aria-busy");
  const heading = content.querySelector("h1");
  document.title = `${heading?.textContent ?? ""} — ${t("appName")}`;
  focusHeading();
}

whenSignedOut(() => {
  if (currentSession()) {
    setSession(null);
    void render();
  }
});
onNavigate(() => void render());
window.addEventListener("popstate", () => void render());
void render();
