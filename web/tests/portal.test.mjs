// The portal in a real browser (Debian's Chromium, driven by playwright-core) against a real
// `seatshift serve` on 127.0.0.1 with a seeded demo fleet (started by run_portal_tests.sh):
// the procedure's steps A, B and C by clicking, the migration wizard over the fleet, what each
// role may do, sign-out, Turkish, and an axe-core accessibility check of every screen.
//
//   PORTAL_URL=http://127.0.0.1:PORT PORTAL_ARTIFACTS=DIR node --test tests/portal.test.mjs
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, test } from "node:test";
import { chromium } from "playwright-core";
import { loadContract } from "../../api-spec/contract.mjs";

const BASE = process.env.PORTAL_URL;
assert.ok(BASE, "PORTAL_URL must name the server");
const ARTIFACTS = process.env.PORTAL_ARTIFACTS ?? "test-artifacts";
mkdirSync(ARTIFACTS, { recursive: true });
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SOURCE_SKU = "KAIZALA_PRO";
// A New Commerce SKU no migration of these tests buys: its subscriptions are the tests' own.
const NCE_SKU = "SPE_E5";
const CSRF = { "X-Requested-With": "seatshift-portal" };
const AGENTS = {
  admin: ["admin@partner.example", "admin-demo-pass"],
  sales: ["sales@partner.example", "sales-demo-pass"],
  helpdesk: ["helpdesk@partner.example", "helpdesk-demo-pass"],
  billing: ["billing@partner.example", "billing-demo-pass"],
};
// Long enough for an ASan build on a busy machine; every wait is for a condition, never a nap.
const TIMEOUT = 60_000;

let browser;
let profile;
// Every API answer the portal receives is held against api-spec/openapi.json (contract.mjs);
// the test during which one breaks it fails, naming the operation and the JSON path.
let checkContract;
let contractChecks = [];

before(async () => {
  checkContract = await loadContract(new URL("../../api-spec/openapi.json", import.meta.url).pathname);
  profile = mkdtempSync(join(tmpdir(), "seatshift-chromium-"));
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
});

afterEach(async () => {
  const violations = (await Promise.all(contractChecks)).flat();
  contractChecks = [];
  assert.deepEqual(violations, [], "answers that break the published contract");
});

after(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

//! A fresh browser context (its own cookies) in `locale`. bypassCSP lets axe-core be injected
//! into pages whose policy admits only their own scripts.
async function newPage(locale = "en-US") {
  const context = await browser.newContext({ locale, bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("response", (response) => contractChecks.push(checkResponse(response)));
  return page;
}

//! The contract's violations in one answer of the API (an empty list for the portal's files).
async function checkResponse(response) {
  const url = new URL(response.url());
  if (!url.pathname.startsWith("/v1/") && url.pathname !== "/healthz") return [];
  const request = response.request();
  let body, requestHeaders, responseHeaders;
  try {
    body = await response.text();
    requestHeaders = await request.allHeaders();
    responseHeaders = await response.allHeaders();
  } catch {
    return []; // the page went away before the answer was read: nothing to hold against
  }
  return checkContract({
    method: request.method(),
    target: url.pathname + url.search,
    requestContentType: requestHeaders["content-type"] ?? "",
    requestBody: request.postData() ?? "",
    status: response.status(),
    contentType: responseHeaders["content-type"] ?? "",
    body,
  });
}

async function signIn(page, who) {
  const [email, password] = AGENTS[who];
  await page.goto(`${BASE}/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Customers" }).waitFor();
}

//! axe-core on the page as it is: no violation of WCAG 2 A/AA rules (every control labelled,
//! contrast, names of buttons and links, ...).
async function checkAccessibility(page, name) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const problems = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`,
  );
  assert.deepEqual(problems, [], `accessibility of ${name}`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

//! A customer still on the source SKU with users holding its licenses (read through the API
//! with the page's own session, as the portal does).
async function customerOnSource(page) {
  const answer = await page.request.get(`${BASE}/v1/subscriptions?offerId=${SOURCE_SKU}&status=active&size=50`);
  assert.equal(answer.status(), 200);
  const rows = (await answer.json()).items.filter((s) => s.assignedLicenses > 0);
  assert.ok(rows.length > 0, "the demo fleet has customers on the source SKU");
  const customer = await (await page.request.get(`${BASE}/v1/customers/${rows[0].customerId}`)).json();
  return { id: customer.id, name: customer.companyProfile.companyName, subscriptionId: rows[0].id };
}

//! The first customer of the list (any role may read customers).
async function anyCustomer(page) {
  const answer = await page.request.get(`${BASE}/v1/customers?size=1`);
  assert.equal(answer.status(), 200);
  const customer = (await answer.json()).items[0];
  return { id: customer.id, name: customer.companyProfile.companyName };
}

test("a sales agent buys, moves the users and suspends the old subscription (A, B, C)", async () => {
  const page = await newPage();
  await signIn(page, "sales");
  await checkAccessibility(page, "customers");
  const customer = await customerOnSource(page);

  // The list pages forward and back (the API pages forward only; the portal keeps the trail).
  const firstRow = await page.getByRole("row").nth(1).innerText();
  await page.getByRole("button", { name: "Next page" }).click();
  await page.getByText("Page 2", { exact: true }).waitFor();
  assert.notEqual(await page.getByRole("row").nth(1).innerText(), firstRow);
  await page.getByRole("button", { name: "Previous page" }).click();
  await page.getByText("Page 1", { exact: true }).waitFor();
  assert.equal(await page.getByRole("row").nth(1).innerText(), firstRow);

  // Customers → search → the customer.
  await page.getByLabel("Search by company name").fill(customer.name);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: customer.name, exact: true }).click();
  await page.getByRole("heading", { name: customer.name }).waitFor();
  await checkAccessibility(page, "customer");
  await shot(page, "customer-before");

  // A. Add subscription: the first suggested replacement, as many licenses as users.
  const users = await page.getByRole("checkbox", { name: /^Select (?!all)/ }).count();
  assert.ok(users > 0);
  await page.getByRole("link", { name: "Add subscription" }).click();
  await page.getByRole("heading", { name: /^Add subscription/ }).waitFor();
  await page.getByText(/Microsoft Kaizala Pro is no longer sold/).waitFor();
  await checkAccessibility(page, "add-subscription");
  const suggested = page.locator("li", { hasText: "Replacement for Microsoft Kaizala Pro" }).first();
  await suggested.getByRole("radio").check();
  const target = await suggested.getByRole("radio").getAttribute("value");
  await page.getByLabel("Number of licenses").fill(String(users));
  await page.getByRole("button", { name: "Buy" }).click();
  await page.getByRole("heading", { name: "Check the purchase" }).waitFor();
  await checkAccessibility(page, "purchase-review");
  await page.getByRole("button", { name: "Confirm the purchase" }).click();
  await page.getByRole("heading", { name: "Subscription purchased" }).waitFor();
  await shot(page, "order-confirmation");
  await page.getByRole("link", { name: "Back to the customer" }).click();

  // B. Users and licenses → all users → Manage licenses: clear Kaizala, assign the new plan.
  await page.getByRole("heading", { name: customer.name }).waitFor();
  await page.getByLabel("Select all users").check();
  await page.getByRole("button", { name: "Manage licenses", exact: true }).click();
  await page.getByRole("heading", { name: /^Manage licenses for/ }).waitFor();
  await page.getByLabel("Clear the license of Microsoft Kaizala Pro").check();
  await page.getByLabel("New plan to assign").selectOption(target);
  await page.getByRole("group", { name: /^Service plans of/ }).waitFor();
  await checkAccessibility(page, "manage-licenses");
  await page.getByRole("button", { name: "Apply license changes" }).click();
  await page.getByRole("heading", { name: "New license assignments" }).waitFor();
  const confirmed = page.locator(".confirmation tbody tr");
  assert.equal(await confirmed.count(), users, "one confirmation row per user");
  await shot(page, "license-confirmation");
  await page.getByRole("link", { name: "Back to the customer" }).click();

  // C. The old subscription's details → Suspend → the deprovisioning date shows.
  await page.getByRole("heading", { name: customer.name }).waitFor();
  await page.locator(`a[href$="/subscriptions/${customer.subscriptionId}"]`).click();
  await page.getByRole("button", { name: "Suspend" }).waitFor();
  await checkAccessibility(page, "subscription");
  await page.getByRole("button", { name: "Suspend" }).click();
  await page.getByRole("button", { name: "Yes, suspend" }).waitFor();
  await checkAccessibility(page, "suspend-confirmation");
  await page.getByRole("button", { name: "Yes, suspend" }).click();
  await page.getByText(/deprovisioned automatically on/).waitFor();
  await page.getByRole("button", { name: "Reactivate" }).waitFor();
  await shot(page, "subscription-suspended");

  const after = await (await page.request.get(`${BASE}/v1/customers/${customer.id}/subscribedskus`)).json();
  const source = after.items.find((s) => s.productSku.id === SOURCE_SKU);
  assert.equal(source?.consumedUnits ?? 0, 0, "nobody holds the old license any more");
  await page.context().close();
});

test("suspending a subscription whose users still hold licenses warns and names them", async () => {
  const page = await newPage();
  await signIn(page, "sales");
  const customer = await customerOnSource(page);
  await page.goto(`${BASE}/customers/${customer.id}/subscriptions/${customer.subscriptionId}`);
  await page.getByRole("button", { name: "Suspend" }).click();
  await page.getByRole("button", { name: "Yes, suspend" }).click();
  const warning = page.getByRole("alert").filter({ hasText: "still hold licenses" });
  await warning.waitFor();
  assert.match(await warning.innerText(), /@/, "the warning names users");
  await page.getByRole("button", { name: "Suspend anyway" }).waitFor();
  await page.context().close();
});

test("a helpdesk agent cannot buy", async () => {
  const page = await newPage();
  await signIn(page, "helpdesk");
  const customer = await anyCustomer(page);
  await page.goto(`${BASE}/customers/${customer.id}`);
  await page.getByRole("heading", { name: customer.name }).waitFor();
  assert.equal(await page.getByRole("link", { name: "Add subscription" }).count(), 0);
  await checkAccessibility(page, "customer-helpdesk");
  // The server refuses regardless of what the page shows.
  const order = await page.request.post(`${BASE}/v1/customers/${customer.id}/orders`, {
    headers: { "X-Requested-With": "seatshift-portal" },
    data: { lineItems: [{ lineItemNumber: 1, offerId: "SPE_E3", quantity: 1 }] },
  });
  assert.equal(order.status(), 403);
  await page.context().close();
});

test("a billing admin cannot change licenses", async () => {
  const page = await newPage();
  await signIn(page, "billing");
  const customer = await customerOnSource(page);
  await page.goto(`${BASE}/customers/${customer.id}`);
  await page.getByRole("heading", { name: customer.name }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Manage licenses" }).count(), 0);
  assert.equal(await page.getByRole("checkbox").count(), 0);
  const update = await page.request.post(`${BASE}/v1/customers/${customer.id}/licenseupdates`, {
    headers: { "X-Requested-With": "seatshift-portal" },
    data: { updates: [] },
  });
  assert.equal(update.status(), 403);
  // Reports are theirs: the expiring report with its chart, and the audit log.
  await page.getByRole("link", { name: "Reports" }).click();
  await page.getByRole("img", { name: "Subscriptions and users at risk per week" }).waitFor();
  await checkAccessibility(page, "expiring");
  await shot(page, "expiring");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  assert.match((await download).suggestedFilename(), /\.csv$/);
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByRole("heading", { name: "Audit log" }).waitFor();
  await checkAccessibility(page, "audit");
  await page.context().close();
});

test("the migration wizard moves the fleet with live progress to 100%, then rolls it back", async () => {
  const page = await newPage();
  await signIn(page, "sales");
  await page.getByRole("link", { name: "Migrations" }).click();
  await page.getByRole("link", { name: "New migration" }).click();
  await page.getByLabel("Source SKU").selectOption(SOURCE_SKU);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Every customer holding it").check();
  await page.getByLabel("Target", { exact: true }).selectOption("recommended");
  await checkAccessibility(page, "wizard-choices");
  await page.getByRole("button", { name: "Preview (dry run)" }).click();
  await page.getByRole("heading", { name: "4. Dry-run preview" }).waitFor();
  await checkAccessibility(page, "wizard-preview");
  await shot(page, "wizard-preview");
  // A fleet's plan is shown a page of rows at a time (the first paged table; the second is what
  // the purchases commit to).
  const plan = page.locator(".paged").first();
  const range = plan.getByText(/^1–25 of \d+$/);
  await range.waitFor();
  const total = Number((await range.innerText()).split(" of ")[1]);
  assert.equal(await plan.getByRole("row").count(), 26, "a header and 25 customers");
  await plan.getByRole("button", { name: "Next page" }).click();
  await plan.getByText(`26–${Math.min(50, total)} of ${total}`, { exact: true }).waitFor();
  await plan.getByRole("button", { name: "Previous page" }).click();
  await range.waitFor();
  await page.getByRole("region", { name: "What the purchases commit to" }).waitFor();
  await page.getByRole("button", { name: "Start migration" }).click();

  await page.getByRole("heading", { name: /^Migration / }).waitFor();
  const bar = page.getByLabel("Progress");
  // The bar is moved by the server's events (data-live), not only by the page's first read.
  await page.waitForFunction(() => {
    const progress = document.querySelector("progress[data-live]");
    const status = document.querySelector("[data-status]")?.getAttribute("data-status");
    return progress?.value === 100 && (status === "completed" || status === "completed_with_errors");
  }, null, { timeout: TIMEOUT * 3 });
  assert.equal(await bar.evaluate((p) => p.value), 100);
  await page.getByRole("heading", { name: "Per customer", exact: true }).waitFor();
  await checkAccessibility(page, "migration");
  await shot(page, "migration-done");

  const id = page.url().split("/").pop();
  const migration = await (await page.request.get(`${BASE}/v1/migrations/${id}`)).json();
  assert.equal(migration.progress.customersDone, migration.progress.customersTotal);
  assert.ok(migration.progress.customersTotal >= 30, `a fleet was migrated (${migration.progress.customersTotal})`);

  // The old subscriptions are only suspended: the whole migration can be rolled back.
  await page.getByRole("button", { name: "Roll back", exact: true }).click();
  await page.getByRole("button", { name: "Yes, roll back" }).click();
  await page.locator('[data-status="rolled_back"]').waitFor({ timeout: TIMEOUT * 3 });
  await shot(page, "migration-rolled-back");
  await page.context().close();
});

test("an admin advances the simulated clock", async () => {
  const page = await newPage();
  await signIn(page, "admin");
  const before = await page.locator(".today").innerText();
  await page.getByLabel("Days to advance").fill("7");
  await page.getByRole("button", { name: "Advance" }).click();
  await page.waitForFunction((text) => document.querySelector(".today")?.textContent !== text, before);
  await page.context().close();
});

test("Turkish from the browser's language, English by choice", async () => {
  const page = await newPage("tr-TR");
  await page.goto(`${BASE}/`);
  await page.getByRole("heading", { name: "seatshift'e oturum açın" }).waitFor();
  await checkAccessibility(page, "signin-tr");
  await page.getByLabel("E-posta").fill(AGENTS.sales[0]);
  await page.getByLabel("Parola").fill(AGENTS.sales[1]);
  await page.getByRole("button", { name: "Oturum aç" }).click();
  await page.getByRole("heading", { name: "Müşteriler" }).waitFor();
  // Values of the API are shown in the agent's language too (the demo fleet is commercial).
  await page.getByRole("cell", { name: "Ticari" }).first().waitFor();
  await page.getByText("Satış temsilcisi").waitFor();
  await shot(page, "customers-tr");
  await page.getByLabel("Dil").selectOption("en");
  await page.getByRole("heading", { name: "Customers" }).waitFor();
  await page.context().close();
});

test("sign-out ends the session", async () => {
  const page = await newPage();
  await signIn(page, "sales");
  assert.equal((await page.request.get(`${BASE}/v1/session`)).status(), 200);
  const cookie = (await page.context().cookies()).find((c) => c.name === "seatshift_session");
  assert.ok(cookie?.httpOnly && cookie.sameSite === "Strict", "HttpOnly, SameSite=Strict");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in to seatshift" }).waitFor();
  assert.equal((await page.request.get(`${BASE}/v1/session`)).status(), 401);
  // The old cookie is dead on the server too, not only forgotten by the browser.
  const replayed = await page.request.get(`${BASE}/v1/customers`, { headers: { Cookie: `seatshift_session=${cookie.value}` } });
  assert.equal(replayed.status(), 401);
  await page.context().close();
});

// ---- Issue 20: the portal as agents use it (Turkish first, phones, safe buying) ----

async function signInTr(page, who) {
  const [email, password] = AGENTS[who];
  await page.goto(`${BASE}/`);
  await page.getByLabel("E-posta").fill(email);
  await page.getByLabel("Parola").fill(password);
  await page.getByRole("button", { name: "Oturum aç" }).click();
  await page.getByRole("heading", { name: "Müşteriler" }).waitFor();
}

async function getJson(page, path) {
  const answer = await page.request.get(`${BASE}${path}`);
  assert.equal(answer.status(), 200, path);
  return answer.json();
}

//! Customers of `segment` with an active subscription of the source SKU whose users hold it.
async function customersOnSource(page, segment) {
  const rows = (await getJson(page, `/v1/subscriptions?offerId=${SOURCE_SKU}&status=active&size=1000`)).items.filter((s) => s.assignedLicenses > 0);
  const found = [];
  for (const row of rows) {
    const customer = await getJson(page, `/v1/customers/${row.customerId}`);
    if (!segment || customer.segment === segment) found.push({ id: customer.id, name: customer.companyProfile.companyName, segment: customer.segment, subscriptionId: row.id });
  }
  return found;
}

// Every enum value and code of the API the portal shows somewhere, as the API spells it: none
// may reach a Turkish page. (Audit records' before/after JSON is folded in <details>, unread.)
const RAW_CODES = [
  "active", "suspended", "expired", "disabled", "deleted", "planned", "running", "paused", "completed",
  "completed_with_errors", "failed", "rolled_back", "pending", "purchased", "moving", "done", "recommended",
  "purchase", "addSeats", "skip", "P1M", "P1Y", "monthly", "annual", "commercial", "education", "frontline",
  "assigned", "source_quantity", "expiry", "suspension", "deprovisioned", "sales_agent", "admin_agent",
  "servicePlanNotCovered", "servicePlanTierChanged", "sourceNotActive", "endDateBeforeRun", "targetAlreadyHeld",
  "notEnoughSeats", "noSourceSubscription", "seatsRaisedToMinimum", "seatsAboveMaximum", "targetNotPurchasable",
  "priceMissing", "changedSincePlanning", "licensesStillAssigned", "offerNotPurchasable",
  "subscription.update", "subscription.create", "order.create", "license.update", "session.create",
  "migration.start", "migration.plan", "migration.rollback", "customer.create", "user.create",
  SOURCE_SKU, "SPE_E3", "O365_BUSINESS_ESSENTIALS",
  "newCommerce", "legacy", "Full", "Partial", "calendarMonthAligned", "subscriptionAligned", "P3Y", "triennial",
  "900213", "900214", "900246", "900263", NCE_SKU,
];
// Words of an English sentence or of the English portal that a Turkish page never needs.
const ENGLISH = /\b(the|and|of|is|are|not|with|this|will|has|have|was|per|Customers|Subscriptions|Licenses|Status|Details|Loading|Recommended|Migration|Warnings?|Suspend|Roll back|Error)\b/;

//! The page's visible text holds no raw code of the API (nor any of `moreCodes`) and no English
//! (e-mail addresses, which are data, aside).
async function assertTurkishOnly(page, screen, moreCodes = []) {
  const text = (await page.locator("body").innerText()).replace(/\S+@\S+/g, " ");
  const raw = [...RAW_CODES, ...moreCodes].filter((code) => new RegExp(`(^|[^\\w.])${code.replace(".", "\\.")}(?![\\w.])`).test(text));
  assert.deepEqual(raw, [], `raw API values on the Turkish ${screen} page`);
  assert.doesNotMatch(text, ENGLISH, `English on the Turkish ${screen} page`);
}

//! A date (YYYY-MM-DD or an instant) as the page formats it for its locale (i18n.ts formatDate).
async function formatDateIn(page, iso) {
  return page.evaluate((d) => new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(d)), iso);
}

//! Minor units of `currency` as the page formats them (i18n.ts formatMoney).
async function formatMoneyIn(page, minorUnits, currency) {
  return page.evaluate(
    ([n, c]) => {
      const format = new Intl.NumberFormat(document.documentElement.lang, { style: "currency", currency: c });
      return format.format(n / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
    },
    [minorUnits, currency],
  );
}

// ---- Alerts: the bell in the header, its panel, the alerts page, dismissing ----

// The alerts' own codes, as the API spells them: none may reach a Turkish page.
const ALERT_CODES = [
  "autoRenewOffEnding", "renewingWithUnusedSeats", "cancellationWindowClosing", "migrationNeedsAttention", "serviceLoss",
  "completedWithErrors", "open", "dismissed", "subscription", "migration", "customer",
];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const turkishNumber = (n) => new Intl.NumberFormat("tr").format(n);

//! The bell once it shows `n` open alerts (its name says the number; the badge shows it up to 99).
async function bellShows(page, n) {
  const bell = page.getByRole("button", { name: n ? `Uyarılar: ${turkishNumber(n)} açık` : "Uyarılar: açık uyarı yok", exact: true });
  await bell.waitFor();
  const badge = bell.locator(".bell-count");
  if (n) assert.equal(await badge.innerText(), n > 99 ? "99+" : turkishNumber(n));
  else assert.equal(await badge.isVisible(), false, "no badge without open alerts");
  return bell;
}

//! The text of `locator` holds no id, no raw code of the API and no English.
async function assertSaidInTurkish(page, locator, screen) {
  const text = await locator.innerText();
  assert.doesNotMatch(text, UUID, `an id on the Turkish ${screen}`);
  await assertTurkishOnly(page, screen, ALERT_CODES);
}

//! Every open alert, newest first, through the API.
async function openAlerts(page) {
  const alerts = [];
  let token = "";
  do {
    const answer = await getJson(page, `/v1/alerts?status=open&size=100${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`);
    alerts.push(...answer.items);
    token = answer.continuationToken ?? "";
  } while (token);
  return alerts;
}

test("alerts in Turkish: the bell counts the open ones, each is said in Turkish and opens its page, dismissing asks first and the count drops", async () => {
  const page = await newPage("tr-TR");
  await signInTr(page, "admin");
  // A subscription that lapses within the alert's 30 days (its auto-renew off: the demo fleet's
  // retiring SKU has such; turned off here otherwise), then the lifecycle pass, run by a day of the
  // simulated clock, raises autoRenewOffEnding for it.
  const clock = await getJson(page, "/v1/clock");
  const soon = new Date(Date.parse(clock.now.slice(0, 10)) + 29 * 86_400_000).toISOString().slice(0, 10);
  const afterTomorrow = new Date(Date.parse(clock.now.slice(0, 10)) + 2 * 86_400_000).toISOString().slice(0, 10);
  const ending = (await getJson(page, `/v1/subscriptions?status=active&endsBefore=${soon}&size=50`)).items.find((s) => s.commitmentEndDate.slice(0, 10) > afterTomorrow);
  assert.ok(ending, `a subscription ending before ${soon}`);
  if (ending.autoRenewEnabled) {
    const subscription = await getJson(page, `/v1/customers/${ending.customerId}/subscriptions/${ending.id}`);
    const off = await page.request.patch(`${BASE}/v1/customers/${ending.customerId}/subscriptions/${ending.id}`, {
      headers: { ...CSRF, "If-Match": subscription.attributes.etag ?? "*" },
      data: { autoRenewEnabled: false },
    });
    assert.equal(off.status(), 200, await off.text());
  }
  const advanced = await page.request.post(`${BASE}/v1/clock/advance`, { headers: CSRF, data: { days: 1 } });
  assert.equal(advanced.status(), 200);
  let open = await openAlerts(page);
  const lapsing = open.find((a) => a.rule === "autoRenewOffEnding" && a.resourceId === ending.id);
  assert.ok(lapsing, "the lifecycle pass raised autoRenewOffEnding for the subscription");
  assert.equal(lapsing.customerId, ending.customerId);

  // The bell: the number of open alerts, in its name and its badge.
  await page.goto(`${BASE}/customers`);
  await page.getByRole("heading", { name: "Müşteriler", level: 1 }).waitFor();
  const bell = await bellShows(page, open.length);
  assert.equal(await bell.getAttribute("aria-expanded"), "false");
  await checkAccessibility(page, "customers with the alerts bell");

  // Its panel: the newest open alerts, said in Turkish, with the way to all of them.
  await bell.click();
  const panel = page.getByRole("region", { name: "Uyarılar" });
  await panel.waitFor();
  assert.equal(await bell.getAttribute("aria-expanded"), "true");
  const cards = panel.locator("ul.alerts > li");
  await cards.first().waitFor();
  assert.equal(await cards.count(), Math.min(5, open.length), "the five newest");
  assert.deepEqual(await cards.evaluateAll((li) => li.map((e) => e.dataset.alertId)), open.slice(0, 5).map((a) => a.id), "newest first, as the API lists them");
  await assertSaidInTurkish(page, panel, "alerts panel");
  await checkAccessibility(page, "alerts panel");
  await shot(page, "alerts-panel");
  // Escape closes it and gives the focus back to the bell; Enter opens it again.
  await page.keyboard.press("Escape");
  await panel.waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("bell")), true, "focus back on the bell");
  await page.keyboard.press("Enter");
  await cards.first().waitFor();

  // Dismissing from the panel asks first; Vazgeç keeps it, Evet, kapat dismisses it for good.
  const newest = open[0];
  const card = panel.locator(`li[data-alert-id="${newest.id}"]`);
  await card.getByRole("button", { name: /^Kapat: / }).click();
  const ask = card.getByRole("region", { name: /uyarısı kapatılsın mı\?$/ });
  await ask.waitFor();
  assert.match(await ask.innerText(), /yeniden açılamaz/, "it says it cannot be undone");
  await assertSaidInTurkish(page, ask, "dismiss confirmation");
  await checkAccessibility(page, "dismiss confirmation");
  await shot(page, "alerts-dismiss-confirmation");
  await ask.getByRole("button", { name: "Vazgeç" }).click();
  await ask.waitFor({ state: "detached" });
  assert.equal(await panel.isVisible(), true, "Vazgeç leaves the panel open");
  assert.equal((await getJson(page, `/v1/alerts?status=open&size=1`)).totalCount, open.length, "nothing is dismissed without a yes");
  await card.getByRole("button", { name: /^Kapat: / }).click();
  await card.getByRole("button", { name: "Evet, kapat" }).click();
  await panel.getByText("Uyarı kapatıldı.").waitFor();
  await bellShows(page, open.length - 1);
  assert.equal(await panel.locator(`li[data-alert-id="${newest.id}"]`).count(), 0, "gone from the panel");
  const dismissed = (await getJson(page, "/v1/alerts?status=dismissed&size=100")).items.find((a) => a.id === newest.id);
  assert.ok(dismissed?.dismissedAt, "dismissed in the API");
  open = open.filter((a) => a.id !== newest.id);

  // The alerts page, from the panel: every open alert, a page at a time.
  await panel.getByRole("link", { name: /^(Tüm uyarıları gör|Açık .+ uyarının tümünü gör)$/ }).click();
  await page.getByRole("heading", { name: "Uyarılar", level: 1 }).waitFor();
  await page.getByText(`${turkishNumber(open.length)} açık uyarı`, { exact: true }).waitFor();
  const item = page.locator(`main li[data-alert-id="${lapsing.id}"]`);
  while ((await item.count()) === 0) {
    const shown = await page.locator("main ul.alerts > li").count();
    await page.getByRole("button", { name: "Daha fazla göster" }).click();
    await page.waitForFunction((n) => document.querySelectorAll("main ul.alerts > li").length > n, shown);
  }
  // The lapsing subscription: its rule, company, offer and last day in Turkish, and its page.
  const said = await item.innerText();
  const p = lapsing.parameters;
  const lastDay = await formatDateIn(page, p.termEndDate ?? new Date(Date.parse(lapsing.dueAt) - 1).toISOString());
  assert.equal(await item.getByRole("heading", { level: 2 }).innerText(), "Sona erecek: otomatik yenileme kapalı");
  assert.ok(said.includes(`${p.companyName} şirketinin ${p.offerName} aboneliğinde otomatik yenileme kapalı ve dönemi ${lastDay} tarihinde sona eriyor.`), said);
  assert.match(said, new RegExp(`Son tarih: ${lastDay.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  assert.doesNotMatch(said, UUID);
  await assertSaidInTurkish(page, page.locator("main"), "alerts page");
  await checkAccessibility(page, "alerts page");
  await shot(page, "alerts-page");

  // Dismissed from the page: asked first, then gone from the list, and the bell counts one less.
  await item.getByRole("button", { name: /^Kapat: / }).click();
  await item.getByRole("button", { name: "Evet, kapat" }).click();
  await page.getByText("Uyarı kapatıldı.").waitFor();
  await bellShows(page, open.length - 1);
  assert.equal(await page.locator(`main li[data-alert-id="${lapsing.id}"]`).count(), 0);
  await page.getByText(`${turkishNumber(open.length - 1)} açık uyarı`, { exact: true }).waitFor();
  // Dismissed alerts are listed apart, saying when.
  await page.getByLabel("Gösterilecek uyarılar").selectOption("dismissed");
  await page.getByRole("button", { name: "Göster" }).click();
  await page.waitForURL(/status=dismissed/);
  const gone = page.locator(`main li[data-alert-id="${lapsing.id}"]`);
  await gone.waitFor();
  assert.ok((await gone.innerText()).includes(`tarihinde ${AGENTS.admin[0]} tarafından kapatıldı`), "when, and by whom");
  assert.equal(await gone.getByRole("button", { name: /^Kapat/ }).count(), 0, "a dismissed alert cannot be dismissed again");
  await assertSaidInTurkish(page, page.locator("main"), "dismissed alerts");

  // Its link opens the subscription's page in the portal.
  await page.goto(`${BASE}/alerts?status=dismissed`);
  await gone.getByRole("link", { name: `Aboneliği aç: Sona erecek: otomatik yenileme kapalı, ${p.companyName}` }).click();
  await page.getByRole("heading", { name: /^Abonelik /, level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/customers/${ending.customerId}/subscriptions/${ending.id}`);
  await page.context().close();
});

test("alerts on a phone: the bell stays in the header, its panel and the alerts page fit 390 px", async () => {
  const context = await browser.newContext({ locale: "tr-TR", bypassCSP: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("response", (response) => contractChecks.push(checkResponse(response)));
  await signInTr(page, "sales");
  const open = (await getJson(page, "/v1/alerts?status=open&size=1")).totalCount;
  const bell = await bellShows(page, open);
  assert.equal(await page.getByRole("button", { name: "Menü" }).isVisible(), true, "the menu is folded");
  const header = await page.locator("header").evaluate((e) => e.getBoundingClientRect().height);
  assert.ok(header <= 80, `the header takes ${header} px`);
  await bell.click();
  const panel = page.getByRole("region", { name: "Uyarılar" });
  await panel.locator(".see-all a").waitFor();
  const box = await panel.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the panel spans ${box.x}–${box.x + box.width} px of 390`);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, "nothing scrolls sideways with the panel open");
  await checkAccessibility(page, "phone alerts panel");
  await shot(page, "phone-alerts-panel");
  await panel.locator(".see-all a").click();
  await page.getByRole("heading", { name: "Uyarılar", level: 1 }).waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `/alerts is ${width} px wide at 390`);
  await assertSaidInTurkish(page, page.locator("main"), "phone alerts page");
  await checkAccessibility(page, "phone alerts page");
  await shot(page, "phone-alerts-page");
  await context.close();
});

test("a helpdesk agent sees no alerts bell; the API refuses them the alerts", async () => {
  const page = await newPage();
  await signIn(page, "helpdesk");
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  assert.equal(await page.locator(".bell").count(), 0, "no bell");
  assert.equal((await page.request.get(`${BASE}/v1/alerts?status=open`)).status(), 403);
  await page.goto(`${BASE}/alerts`);
  await page.getByRole("heading", { name: "Alerts", level: 1 }).waitFor();
  await page.getByText("Your role does not allow this.").waitFor();
  await page.context().close();
});

test("a double-click on Satın al buys once: a review first, one order, one request id", async () => {
  const page = await newPage("tr-TR");
  await signInTr(page, "sales");
  const customer = (await customersOnSource(page, "commercial")).at(-1);
  assert.ok(customer, "a commercial customer on the source SKU");
  const catalog = new Map((await getJson(page, "/v1/skus")).items.map((s) => [s.id, s]));
  const holding = (await getJson(page, `/v1/customers/${customer.id}/subscribedskus`)).items.find((s) => s.productSku.id === SOURCE_SKU);
  const orders = async () => (await getJson(page, `/v1/customers/${customer.id}/orders`)).items.length;
  const before = await orders();
  const requestIds = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === `/v1/customers/${customer.id}/orders`) requestIds.push(r.headers()["ms-requestid"]);
  });

  await page.goto(`${BASE}/customers/${customer.id}/add-subscription`);
  await page.getByRole("heading", { name: /^Abonelik ekle/ }).waitFor();
  // Only plans of the customer's segment, the first recommended replacement preselected and
  // first in the list; as many licenses as users hold the retiring SKU.
  const offered = await page.locator('input[name="sku"]').evaluateAll((radios) => radios.map((r) => ({ id: r.value, checked: r.checked })));
  assert.ok(offered.length > 0);
  assert.deepEqual(offered.filter((o) => catalog.get(o.id).segment !== customer.segment), [], "plans of another segment offered");
  const firstReplacement = catalog.get(SOURCE_SKU).replacementSkuIds.find((id) => catalog.get(id).segment === customer.segment);
  assert.deepEqual(offered[0], { id: firstReplacement, checked: true }, "the recommended replacement first and chosen");
  assert.equal(await page.getByLabel("Lisans sayısı").inputValue(), String(holding.consumedUnits));
  await assertTurkishOnly(page, "add-subscription");

  await page.getByRole("button", { name: "Satın al" }).dblclick();
  const review = page.getByRole("region", { name: "Satın almayı gözden geçirin" });
  await review.waitFor();
  const reviewed = await review.innerText();
  assert.match(reviewed, new RegExp(catalog.get(firstReplacement).title), "the plan by its title");
  assert.doesNotMatch(reviewed, new RegExp(`\\b${firstReplacement}\\b`), "not by its code");
  assert.match(reviewed, /Aylık toplam/);
  assert.match(reviewed, /Dönem toplamı \(1 yıl\)/);
  // A New Commerce plan: the review states the commitment — the term's end, 168 hours to cancel.
  assert.equal(catalog.get(firstReplacement).commerce, "newCommerce");
  assert.match(reviewed, /Satış modeli\s+Yeni Ticaret/);
  assert.match(reviewed, /Satın alma yalnızca 168 saat içinde iptal edilebilir — şimdi satın alınırsa .+ tarihine kadar; bu süreden sonra iptal edilemez/);
  await assertTurkishOnly(page, "purchase-review");
  await checkAccessibility(page, "purchase-review-tr");
  await page.getByRole("button", { name: "Satın almayı onayla" }).dblclick();
  await page.getByRole("heading", { name: "Abonelik satın alındı" }).waitFor();
  assert.equal(await orders(), before + 1, "one order for one double-clicked purchase");
  assert.equal(new Set(requestIds).size, 1, `one request id (${requestIds.join(", ")})`);
  // The end date the review named is the bought subscription's.
  const bought = new URL(await page.getByRole("link", { name: "Yeni aboneliği aç" }).getAttribute("href"), BASE).pathname;
  const subscription = await getJson(page, `/v1${bought}`);
  const ends = await formatDateIn(page, subscription.commitmentEndDate);
  assert.match(reviewed, new RegExp(`Taahhüt bitişi\\s+${ends}`), `the review named ${ends}`);
  assert.ok(reviewed.includes(`müşteri dönemin tamamı için, ${ends} tarihine kadar taahhüt altına girer`), reviewed);
  await page.context().close();
});

let fiveCustomerMigration;

test("5 ticked customers: a preview of 5 and a migration of 5 (Back keeps the ticks)", async () => {
  const page = await newPage("tr-TR");
  await signInTr(page, "sales");
  await page.getByRole("link", { name: "Geçişler" }).click();
  await page.getByRole("link", { name: "Yeni geçiş" }).click();
  await page.getByLabel("Kaynak SKU").selectOption(SOURCE_SKU);
  await page.getByRole("button", { name: "İleri", exact: true }).click();
  const boxes = page.getByRole("checkbox", { name: / taşı$/ });
  await boxes.first().waitFor();
  const holders = Number((await page.getByRole("group", { name: /^2\. Müşteriler/ }).locator("legend").innerText()).match(/\((\d+)\)/)[1]);
  assert.ok(holders > 5);
  // The list has a search.
  const oneName = (await boxes.nth(6).getAttribute("aria-label")).replace(/ taşı$/, "");
  await page.getByLabel("Müşteri ara").fill(oneName);
  await page.waitForFunction(() => document.querySelectorAll("input[type=checkbox][value]").length >= 1 && [...document.querySelectorAll("tbody tr")].length === 1);
  await page.getByLabel("Müşteri ara").fill("");
  await page.waitForFunction(() => document.querySelectorAll("tbody tr").length > 5);

  const ticked = [];
  for (let i = 0; i < 5; i += 1) {
    await boxes.nth(i).check();
    ticked.push(await boxes.nth(i).getAttribute("value"));
  }
  // Ticking chose "only these", and the count says 5.
  assert.equal(await page.getByLabel("Yalnızca seçtiğim müşteriler").isChecked(), true);
  await page.getByText(`${holders} müşteriden 5 işaretli`).waitFor();
  await page.getByRole("button", { name: "Önizleme (deneme)" }).click();
  await page.getByRole("heading", { name: "4. Deneme önizlemesi" }).waitFor();
  await page.getByText("Microsoft Kaizala Pro → Müşteri başına önerilen, kapsam: işaretli 5 müşteri").waitFor();
  await page.getByText(/^5 müşteri · taşınacak \d+ kullanıcı$/).waitFor();
  assert.equal(await page.locator("table").first().locator("tbody tr").count(), 5, "the preview covers the 5 ticked customers");
  await assertTurkishOnly(page, "wizard-preview");

  await page.getByRole("button", { name: "Geri", exact: true }).click();
  await boxes.first().waitFor();
  assert.equal(await page.locator("input[type=checkbox][value]:checked").count(), 5, "Back keeps the ticks");
  await page.getByRole("button", { name: "Önizleme (deneme)" }).click();
  await page.getByRole("heading", { name: "4. Deneme önizlemesi" }).waitFor();
  await page.getByRole("button", { name: "Geçişi başlat" }).click();
  await page.getByRole("heading", { name: /^Geçiş: Microsoft Kaizala Pro/ }).waitFor();
  await page.waitForFunction(() => ["completed", "completed_with_errors"].includes(document.querySelector("[data-status]")?.getAttribute("data-status")), null, { timeout: TIMEOUT * 3 });

  fiveCustomerMigration = page.url().split("/").pop();
  const migration = await getJson(page, `/v1/migrations/${fiveCustomerMigration}`);
  assert.equal(migration.progress.customersTotal, 5);
  assert.deepEqual(migration.plan.customers.map((c) => c.customerId).sort(), [...ticked].sort(), "the ticked customers were migrated");
  await page.getByRole("heading", { name: "Müşteri başına", exact: true }).waitFor();
  await assertTurkishOnly(page, "migration");
  await checkAccessibility(page, "migration-five-tr");
  await page.context().close();
});

test("rollback asks first, names what happens, goes per customer, and its result adds up", async () => {
  assert.ok(fiveCustomerMigration, "the 5-customer migration ran");
  const page = await newPage("tr-TR");
  await signInTr(page, "sales");
  await page.goto(`${BASE}/migrations/${fiveCustomerMigration}`);
  await page.getByRole("heading", { name: /^Geçiş: / }).waitFor();
  await page.getByRole("heading", { name: "Müşteri başına", exact: true }).waitFor();

  await page.getByRole("button", { name: "Geri al", exact: true }).click();
  const ask = page.getByRole("region", { name: "Geçiş 5 müşterinin tümü için geri alınsın mı?" });
  await ask.waitFor();
  assert.match(await ask.innerText(), /Microsoft Kaizala Pro lisansını geri alır/);
  // Inside their 168 hours every New Commerce purchase of step A is cancelled with a refund.
  const migrated = await getJson(page, `/v1/migrations/${fiveCustomerMigration}`);
  const refundable = migrated.plan.customers.filter((c) => c.commitment?.cancellationAllowedUntilDate).length;
  assert.ok(refundable > 0, "step A bought New Commerce");
  assert.match(await ask.innerText(), new RegExp(`İadeli iptal edilecekler \\(${refundable}\\)`));
  assert.doesNotMatch(await ask.innerText(), /taahhüt altında kalacaklar/);
  await checkAccessibility(page, "rollback-confirmation");
  await page.getByRole("button", { name: "Vazgeç" }).click();
  await ask.waitFor({ state: "detached" });
  const untouched = await getJson(page, `/v1/migrations/${fiveCustomerMigration}`);
  assert.ok(["completed", "completed_with_errors"].includes(untouched.status), "nothing was rolled back without a yes");
  assert.ok(untouched.plan.customers.every((c) => c.step !== "rolled_back"));

  // One customer.
  const first = untouched.plan.customers.find((c) => c.step === "done") ?? untouched.plan.customers[0];
  const firstName = (await getJson(page, `/v1/customers/${first.customerId}`)).companyProfile.companyName;
  await page.getByRole("button", { name: `${firstName} geri al` }).click();
  await page.getByRole("region", { name: `Geçiş ${firstName} için geri alınsın mı?` }).waitFor();
  await page.getByRole("button", { name: "Evet, geri al" }).click();
  await page.getByText("5 müşteriden 1 geri alındı, 0 reddedildi, 4 geri alınmadı.").waitFor();
  const one = await getJson(page, `/v1/migrations/${fiveCustomerMigration}`);
  assert.deepEqual(one.plan.customers.filter((c) => c.step === "rolled_back").map((c) => c.customerId), [first.customerId]);

  // Then the rest: the result line accounts for every customer, and says what the API says.
  await page.getByRole("button", { name: "Geri al", exact: true }).click();
  await page.getByRole("button", { name: "Evet, geri al" }).click();
  const line = page.getByText(/^5 müşteriden \d+ geri alındı, \d+ reddedildi, 0 geri alınmadı\.$/);
  await line.waitFor({ timeout: TIMEOUT * 3 });
  const [done, refused] = (await line.innerText()).match(/(\d+) geri alındı, (\d+) reddedildi/).slice(1).map(Number);
  const all = await getJson(page, `/v1/migrations/${fiveCustomerMigration}`);
  assert.equal(done, all.plan.customers.filter((c) => c.step === "rolled_back").length);
  assert.equal(done + refused, 5);
  if (refused === 0) await page.locator('[data-status="rolled_back"]').waitFor();
  // Cancelled inside the window: given back, nothing kept.
  assert.equal(all.errors.filter((e) => e.code === "900213").length, 0);
  const given = await page.getByRole("region", { name: "Satın almaların taahhüdü" }).locator('td[data-label="İptal için son tarih"]').allInnerTexts();
  const givenBack = all.plan.customers.filter((c) => c.step === "rolled_back" && c.commitment).length;
  assert.ok(givenBack > 0);
  assert.equal(given.filter((text) => text === "Geri almayla iade edildi").length, givenBack, given.join(" | "));
  assert.equal(await page.getByRole("region", { name: "Geri alındı, taahhüt sürüyor" }).count(), 0);
  await assertTurkishOnly(page, "migration-rolled-back");
  await page.context().close();
});

//! The rows of a migration's plan table on the page hold what the API's answer `m` names, said in
//! Turkish: each customer by company name linking to its page, the target by title, the reason
//! and the warnings from their codes — never the API's English sentences.
async function assertPlanSaidInTurkish(page, m, screen) {
  const text = await page.locator("body").innerText();
  for (const c of m.plan.customers) {
    assert.ok(c.companyName, `the API names customer ${c.customerId}`);
    assert.equal(await page.locator(`tbody a[href="/customers/${c.customerId}"]`).first().innerText(), c.companyName, `${screen}: company name links to the customer`);
    if (c.targetOfferTitle) assert.ok(text.includes(c.targetOfferTitle), `${screen}: target title ${c.targetOfferTitle}`);
    if (c.recommendationReason) assert.ok(!text.includes(c.recommendationReason), `${screen}: the English reason is not shown`);
    for (const w of c.warnings) assert.ok(!text.includes(w.message), `${screen}: the English warning "${w.message}" is not shown`);
  }
  const reasons = await page.locator('tbody td[data-label="Neden"]').allInnerTexts();
  assert.ok(reasons.length > 0, `${screen}: a reason column`);
  for (const reason of reasons) assert.match(reason, /lisans|Temsilci seçti/, `${screen}: the reason in Turkish: ${reason}`);
  await assertTurkishOnly(page, screen);
}

test("the migration preview and results say reasons and warnings in Turkish from their codes, with titles and company names", async () => {
  assert.ok(fiveCustomerMigration, "the 5-customer migration ran");
  const page = await newPage("tr-TR");
  await signInTr(page, "sales");
  // The wizard's dry-run preview, from the answer the page itself received.
  await page.getByRole("link", { name: "Geçişler" }).click();
  await page.getByRole("link", { name: "Yeni geçiş" }).click();
  await page.getByLabel("Kaynak SKU").selectOption(SOURCE_SKU);
  await page.getByRole("button", { name: "İleri", exact: true }).click();
  const boxes = page.getByRole("checkbox", { name: / taşı$/ });
  await boxes.first().waitFor();
  for (let i = 0; i < 3; i += 1) await boxes.nth(i).check();
  const answer = page.waitForResponse((r) => r.url().endsWith("/v1/migrations") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Önizleme (deneme)" }).click();
  const preview = await (await answer).json();
  await page.getByRole("heading", { name: "4. Deneme önizlemesi" }).waitFor();
  assert.equal(preview.sourceOfferTitle, "Microsoft Kaizala Pro");
  assert.ok(preview.plan.customers.every((c) => c.recommendationReasonCode), "every recommended target has a reason code");
  await assertPlanSaidInTurkish(page, preview, "wizard-preview");

  // A migration's results, read without the customer directory (the migration names them).
  const directoryReads = [];
  page.on("request", (r) => r.url().includes("/v1/customers?") && directoryReads.push(r.url()));
  await page.goto(`${BASE}/migrations/${fiveCustomerMigration}`);
  await page.getByRole("heading", { name: "Müşteri başına", exact: true }).waitFor();
  const migration = await getJson(page, `/v1/migrations/${fiveCustomerMigration}`);
  await page.getByRole("heading", { name: `Geçiş: ${migration.sourceOfferTitle} → Müşteri başına önerilen`, level: 1 }).waitFor();
  await assertPlanSaidInTurkish(page, migration, "migration-results");
  assert.deepEqual(directoryReads, [], "the migration page reads no customer directory");
  await page.context().close();
});

test("the audit log asks the API for the newest first", async () => {
  const page = await newPage("tr-TR");
  await signInTr(page, "admin");
  const reads = [];
  page.on("request", (r) => r.url().includes("/v1/auditrecords") && reads.push(new URL(r.url())));
  await page.goto(`${BASE}/audit`);
  await page.getByRole("heading", { name: "Denetim kaydı", level: 1 }).waitFor();
  await page.locator("[aria-busy]").waitFor({ state: "detached" });
  assert.ok(reads.length >= 1 && reads.every((u) => u.searchParams.get("order") === "desc"), "order=desc");
  const newest = (await getJson(page, "/v1/auditrecords?order=desc&size=1")).items[0];
  const firstRow = await page.locator("tbody tr").first().innerText();
  assert.ok(firstRow.includes(newest.agentId), `the first row is the newest record: ${firstRow}`);
  await assertTurkishOnly(page, "audit");
  await page.context().close();
});

test("Turkish pages show no raw API values and no English", async () => {
  const page = await newPage("tr-TR");
  await signInTr(page, "admin");
  await assertTurkishOnly(page, "customers");
  const customer = (await customersOnSource(page))[0];
  const screens = [
    [`/customers/${customer.id}`, customer.name, "customer"],
    [`/customers/${customer.id}/subscriptions/${customer.subscriptionId}`, /^Abonelik /, "subscription"],
    ["/reports/expiring", "Risk altındaki abonelikler (otomatik yenileme kapalı)", "expiring"],
    ["/reports/renewing", "Kullanılmayan lisanslarla yenilenecek abonelikler (otomatik yenileme açık)", "renewing"],
    ["/migrations", "Geçişler", "migrations"],
    [`/migrations/${fiveCustomerMigration}`, /^Geçiş: /, "migration"],
    ["/audit", "Denetim kaydı", "audit"],
  ];
  for (const [path, heading, name] of screens) {
    await page.goto(`${BASE}${path}`);
    await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
    await page.locator("[aria-busy]").waitFor({ state: "detached" });
    await assertTurkishOnly(page, name);
  }
  // Terms and billing cycles in words; the suspend button looks dangerous and asks first.
  await page.goto(`${BASE}/customers/${customer.id}/subscriptions/${customer.subscriptionId}`);
  await page.getByText("1 yıl").waitFor();
  const suspend = page.getByRole("button", { name: "Askıya al", exact: true });
  assert.equal(await suspend.getAttribute("class"), "danger");
  await suspend.click();
  await page.getByText(/120 gün sonra/).waitFor();
  await page.getByRole("button", { name: "Vazgeç" }).click();
  assert.equal((await getJson(page, `/v1/customers/${customer.id}/subscriptions/${customer.subscriptionId}`)).status, "active");

  // Step B: the retiring license is ticked to be cleared, and not offered as the new plan.
  const users = (await getJson(page, `/v1/customers/${customer.id}/users?size=2`)).items.map((u) => u.id);
  await page.goto(`${BASE}/customers/${customer.id}/licenses?users=${users.join(",")}`);
  await page.getByRole("heading", { name: /lisanslarını yönet/ }).waitFor();
  assert.equal(await page.getByLabel("Microsoft Kaizala Pro lisansını temizle").isChecked(), true);
  const planValues = await page.getByLabel("Atanacak yeni plan").locator("option").evaluateAll((o) => o.map((x) => x.value));
  assert.ok(!planValues.includes(SOURCE_SKU), "the retiring SKU is not offered as the new plan");
  await assertTurkishOnly(page, "licenses");

  // The service-loss forecast shows the API's totals over every page, not the first page's rows:
  // the distinct users of every page, read here in pages of 7.
  const clock = await getJson(page, "/v1/clock");
  const date = new Date(Date.parse(clock.now.slice(0, 10)) + 120 * 86_400_000).toISOString().slice(0, 10);
  const everyone = new Set();
  let token = "";
  do {
    const pageOfRows = await getJson(page, `/v1/reports/serviceloss?date=${date}&size=7${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`);
    for (const row of pageOfRows.items) everyone.add(row.userId);
    token = pageOfRows.continuationToken ?? "";
  } while (token);
  await page.goto(`${BASE}/reports/expiring`);
  const total = await page.locator("p.total").innerText();
  assert.match(total, new RegExp(`\\b${new Intl.NumberFormat("tr").format(everyone.size)} kullanıcı`), total);
  await page.context().close();
});

test("the expiring report lists distinct companies soonest first and opens A with the plan and count preset", async () => {
  const page = await newPage("tr-TR");
  await signInTr(page, "sales");
  await page.goto(`${BASE}/reports/expiring?days=365`);
  await page.getByRole("heading", { name: /^Risk altındaki/, level: 1 }).waitFor();
  await page.locator("[aria-busy]").waitFor({ state: "detached" });
  const list = page.locator("table", { has: page.locator("th", { hasText: "Kalan gün" }) });
  const cells = (label) => list.locator(`tbody td[data-label="${label}"]`).allInnerTexts();
  const days = (await cells("Kalan gün")).map((d) => Number(d.replace(/\./g, "")));
  assert.ok(days.length > 1, "the report lists subscriptions");
  assert.deepEqual(days, [...days].sort((a, b) => a - b), "soonest first");
  const companies = await cells("Şirket");
  assert.ok(new Set(companies).size > 1, `distinct companies, not one prefix: ${companies.slice(0, 3)}`);
  // As the API answers them: its order, its company names, its one recommended replacement.
  const clock = await getJson(page, "/v1/clock");
  const endsBefore = new Date(Date.parse(clock.now.slice(0, 10)) + 365 * 86_400_000).toISOString().slice(0, 10);
  const report = await getJson(page, `/v1/subscriptions?autoRenewEnabled=false&status=active&endsBefore=${endsBefore}&size=200`);
  assert.deepEqual(companies, report.items.map((r) => r.companyName).slice(0, companies.length), "the API's order and names");
  assert.deepEqual(await cells("Etki alanı"), report.items.map((r) => r.domain).slice(0, companies.length));
  assert.deepEqual(
    await cells("Önerilen yeni plan"),
    report.items.map((r) => r.recommendedReplacement?.title ?? "—").slice(0, companies.length),
    "the API's recommended replacement",
  );
  // The recommended replacement opens step A for that customer, that plan and its users.
  const offer = list.locator('a[href*="/add-subscription?sku="]').first();
  const href = new URL(await offer.getAttribute("href"), BASE);
  const title = await offer.innerText();
  await offer.click();
  await page.getByLabel("Lisans sayısı").waitFor();
  assert.equal(await page.getByLabel("Lisans sayısı").inputValue(), href.searchParams.get("quantity"));
  assert.equal(await page.getByRole("radio", { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).isChecked(), true);
  await page.context().close();
});

test("the renewing report lists a subscription that renews with unused seats, apart from the lapsing list; CSV; opens the subscription", async () => {
  const page = await newPage("tr-TR");
  await signInTr(page, "sales");
  // A subscription of 6 seats, 2 of them assigned, that renews by itself: 4 seats paid for nothing.
  const customer = await customerForNewCommerce(page);
  const path = await buyNewCommerce(page, customer.id, 6);
  const subscriptionId = path.split("/").pop();
  const users = (await getJson(page, `/v1/customers/${customer.id}/users?size=2`)).items;
  assert.equal(users.length, 2, "the customer has users");
  for (const user of users) {
    const assigned = await page.request.post(`${BASE}/v1/customers/${customer.id}/users/${user.id}/licenseupdates`, {
      headers: CSRF,
      data: { licensesToAssign: [{ skuId: NCE_SKU }] },
    });
    assert.equal(assigned.status(), 201, await assigned.text());
  }
  const row = `a[href$="/subscriptions/${subscriptionId}"]`;

  // Reports opens on the lapsing list; the subscription renews, so it is not there.
  await page.getByRole("link", { name: "Raporlar" }).click();
  await page.getByRole("heading", { name: /^Risk altındaki/, level: 1 }).waitFor();
  const tabs = page.getByRole("navigation", { name: "Raporlar" });
  assert.equal(await tabs.getByRole("link", { name: /^Sona erecekler/ }).getAttribute("aria-current"), "page");
  await page.getByLabel("Şu kadar gün içinde bitenler").fill("400");
  await page.getByRole("button", { name: "Göster" }).click();
  await page.waitForURL(/days=400/);
  await page.locator("[aria-busy]").waitFor({ state: "detached" });
  await page.locator("table", { has: page.locator("th", { hasText: "Kalan gün" }) }).waitFor();
  assert.equal(await page.locator(row).count(), 0, "a renewing subscription is not in the lapsing list");

  // The other tab: money lost at renewal.
  await tabs.getByRole("link", { name: /^Yenilemede boşa giden para/ }).click();
  await page.getByRole("heading", { name: "Kullanılmayan lisanslarla yenilenecek abonelikler (otomatik yenileme açık)", level: 1 }).waitFor();
  assert.equal(await tabs.getByRole("link", { name: /^Yenilemede boşa giden para/ }).getAttribute("aria-current"), "page");
  await page.getByLabel("Şu kadar gün içinde yenilenenler").fill("366");
  await page.getByRole("button", { name: "Göster" }).click();
  await page.waitForURL(/days=366/);
  await page.locator(row).waitFor();
  const report = await getJson(page, "/v1/subscriptions?autoRenewEnabled=true&status=active&withinDays=366&unusedSeats=true&size=1000");
  const item = report.items.find((r) => r.id === subscriptionId);
  assert.deepEqual([item.quantity, item.assignedLicenses, item.unusedSeats], [6, 2, 4], "the API's unused seats");
  // Soonest first, as the API lists them, every one of them.
  const listed = await page.locator('tbody a[href*="/subscriptions/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href").split("/").pop()));
  assert.deepEqual(listed, report.items.map((r) => r.id), "the API's rows in its order");
  const days = (await page.locator('tbody td[data-label="Kalan gün"]').allInnerTexts()).map((d) => Number(d.replace(/\./g, "")));
  assert.deepEqual(days, [...days].sort((a, b) => a - b), "soonest first");
  const cells = await page.locator("tbody tr", { has: page.locator(row) }).locator("td").evaluateAll((tds) =>
    Object.fromEntries(tds.map((td) => [td.dataset.label, td.innerText.trim()])),
  );
  assert.equal(cells["Şirket"], customer.name);
  assert.equal(cells["Lisans"], "6");
  assert.equal(cells["Atanan"], "2");
  assert.equal(cells["Kullanılmayan lisans"], "4");
  assert.equal(cells["Kalan gün"], new Intl.NumberFormat("tr").format(item.daysUntilEnd));
  assert.equal(cells["Yenilemedeki lisans"], "6 (şimdiki gibi)");
  await assertTurkishOnly(page, "renewing report");
  await checkAccessibility(page, "renewing report");
  await shot(page, "renewing-report");

  // The CSV: the API's rows with their unused seats.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "CSV indir" }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /\.csv$/);
  const csv = readFileSync(await file.path(), "utf8");
  assert.match(csv.split("\r\n")[0], /assignedLicenses,unusedSeats,/);
  assert.ok(csv.split("\r\n").some((line) => line.includes(subscriptionId) && line.includes(",2,4,")), csv);

  // Its action opens the subscription, where the renewal can be scheduled down.
  await page.locator("tbody tr", { has: page.locator(row) }).getByRole("link", { name: "Yenilemede azalt" }).click();
  await page.getByRole("heading", { name: /^Abonelik /, level: 1 }).waitFor();
  await page.getByRole("heading", { name: "Yenilemede yapılacak değişiklikler" }).waitFor();
  assert.equal(new URL(page.url()).pathname, path);
  await page.context().close();
});

//! The cells of a customer's row in the table of what step A commits to, by column.
async function commitmentCells(table, customerId) {
  return table
    .locator("tbody tr", { has: table.page().locator(`a[href="/customers/${customerId}"]`) })
    .locator("td")
    .evaluateAll((tds) => Object.fromEntries(tds.map((td) => [td.dataset.label, td.innerText.trim()])));
}

test("the migration preview says per customer what step A commits to, and that a purchase can be cancelled only within 168 hours", async () => {
  const page = await newPage("tr-TR");
  await signInTr(page, "sales");
  await page.goto(`${BASE}/migrations/new`);
  await page.getByLabel("Kaynak SKU").selectOption(SOURCE_SKU);
  await page.getByRole("button", { name: "İleri", exact: true }).click();
  const boxes = page.getByRole("checkbox", { name: / taşı$/ });
  await boxes.first().waitFor();
  for (let i = 0; i < 3; i += 1) await boxes.nth(i).check();
  const answer = page.waitForResponse((r) => r.url().endsWith("/v1/migrations") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Önizleme (deneme)" }).click();
  const preview = await (await answer).json();
  await page.getByRole("heading", { name: "4. Deneme önizlemesi" }).waitFor();
  await page.getByText(/^Yeni Ticaret: bir satın alma yalnızca 168 saat \(7 gün\) içinde iadeli olarak iptal edilebilir\./).waitFor();

  const committing = preview.plan.customers.filter((c) => c.commitment);
  assert.ok(committing.length > 0, "step A buys New Commerce");
  const table = page.getByRole("region", { name: "Satın almaların taahhüdü" });
  assert.equal(await table.locator("tbody tr").count(), committing.length, "a row per customer step A commits");
  const terms = { P1M: "1 ay", P1Y: "1 yıl", P3Y: "3 yıl" };
  const billings = { monthly: "aylık", annual: "yıllık", triennial: "3 yılda bir" };
  for (const c of committing) {
    assert.equal(c.commitment.cancellationAllowedUntilDate, null, "nothing bought yet: no deadline");
    const cells = await commitmentCells(table, c.customerId);
    assert.equal(cells["Hedef"], c.targetOfferTitle);
    assert.equal(cells["Süre ve faturalama"], `${terms[c.commitment.termDuration]}, ${billings[c.commitment.billingCycle]} faturalama`);
    assert.equal(cells["Taahhüt bitişi"], await formatDateIn(page, c.commitment.commitmentEndDate));
    assert.equal(cells["İptal için son tarih"], "Satın almadan 168 saat sonra");
    assert.equal(cells["Tüm dönem maliyetimiz"], c.commitment.totalCost === null ? "—" : await formatMoneyIn(page, c.commitment.totalCost, c.currency));
    assert.equal(cells["Müşterinin tüm dönem ödemesi"], c.commitment.totalPrice === null ? "—" : await formatMoneyIn(page, c.commitment.totalPrice, c.currency));
  }
  await page.getByText(/satın almaların tüm dönemleri boyunca maliyetimiz/).first().waitFor();
  await assertTurkishOnly(page, "wizard preview with commitments");
  await checkAccessibility(page, "wizard preview with commitments");
  await shot(page, "wizard-preview-commitments");
  await page.context().close();
});

test("the customer page of a customer with many users makes a bounded number of requests", async () => {
  const page = await newPage();
  await signIn(page, "admin");
  const customer = await anyCustomer(page);
  const domain = (await getJson(page, `/v1/customers/${customer.id}`)).companyProfile.domain;
  for (let i = 0; i < 60; i += 1) {
    const created = await page.request.post(`${BASE}/v1/customers/${customer.id}/users`, {
      headers: { "X-Requested-With": "seatshift-portal" },
      data: { userPrincipalName: `many${i}@${domain}`, displayName: `Many ${i}` },
    });
    assert.equal(created.status(), 201);
  }
  const total = (await getJson(page, `/v1/customers/${customer.id}/users?size=1`)).totalCount;
  assert.ok(total >= 60);
  const requests = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/v1/")) requests.push(new URL(r.url()).pathname);
  });
  await page.goto(`${BASE}/customers/${customer.id}`);
  await page.getByRole("heading", { name: customer.name }).waitFor();
  await page.getByText(`Users 1–25 of ${total}`).waitFor();
  const licenseReads = requests.filter((p) => p.endsWith("/licenses")).length;
  assert.equal(licenseReads, 0, "the page of users brings their licenses (include=licenses)");
  assert.ok(requests.length <= 10, `${requests.length} requests for one customer page`);
  await page.getByRole("button", { name: "Next page" }).click();
  await page.getByText(`Users 26–50 of ${total}`).waitFor();
  await page.getByRole("button", { name: "Previous page" }).click();
  await page.getByText(`Users 1–25 of ${total}`).waitFor();
  await checkAccessibility(page, "customer-many-users");
  await page.context().close();
});

test("at 390 px wide no main screen scrolls sideways, the header folds, focus lands on the heading", async () => {
  const context = await browser.newContext({ locale: "tr-TR", bypassCSP: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("response", (response) => contractChecks.push(checkResponse(response)));
  await signInTr(page, "admin");
  const header = await page.locator("header").evaluate((e) => e.getBoundingClientRect().height);
  assert.ok(header <= 80, `the header takes ${header} px`);
  await page.getByRole("button", { name: "Menü" }).click();
  await page.getByRole("link", { name: "Geçişler" }).click();
  await page.getByRole("heading", { name: "Geçişler", level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1", "focus on the new page's heading");

  const customer = (await customersOnSource(page))[0];
  const users = (await getJson(page, `/v1/customers/${customer.id}/users?size=3`)).items.map((u) => u.id);
  const screens = [
    ["/customers", "Müşteriler"],
    [`/customers/${customer.id}`, customer.name],
    [`/customers/${customer.id}/add-subscription`, /^Abonelik ekle/],
    [`/customers/${customer.id}/licenses?users=${users.join(",")}`, /lisanslarını yönet/],
    [`/customers/${customer.id}/subscriptions/${customer.subscriptionId}`, /^Abonelik /],
    ["/reports/expiring", /^Risk altındaki/],
    ["/reports/renewing", /^Kullanılmayan lisanslarla/],
    ["/migrations", "Geçişler"],
    [`/migrations/${fiveCustomerMigration}`, /^Geçiş: /],
    ["/migrations/new", "Geçiş sihirbazı"],
    ["/audit", "Denetim kaydı"],
  ];
  for (const [path, heading] of screens) {
    await page.goto(`${BASE}${path}`);
    await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
    await page.locator("[aria-busy]").waitFor({ state: "detached" });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${path} is ${width} px wide at 390`);
    await checkAccessibility(page, `phone ${path}`);
  }
  // The wizard's customer step and preview too.
  await page.goto(`${BASE}/migrations/new`);
  await page.getByLabel("Kaynak SKU").selectOption(SOURCE_SKU);
  await page.getByRole("button", { name: "İleri", exact: true }).click();
  await page.getByRole("checkbox", { name: / taşı$/ }).first().check();
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, "wizard customers at 390");
  await page.getByRole("button", { name: "Önizleme (deneme)" }).click();
  await page.getByRole("heading", { name: "4. Deneme önizlemesi" }).waitFor();
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, "wizard preview at 390");
  await checkAccessibility(page, "phone wizard preview");
  await shot(page, "phone-wizard-preview");
  await context.close();
});

// ---- New Commerce: the 168-hour window, refunds, committed seats, changes at renewal ----
// Near the end of the file: the second test moves the shared simulated clock 8 days forward.

//! A commercial customer whose only active subscriptions are legacy ones and that never held
//! NCE_SKU: the New Commerce subscriptions a test buys for it are its only ones (nothing else
//! to cancel, to co-term with, or to reduce at renewal).
async function customerForNewCommerce(page) {
  const customers = (await getJson(page, "/v1/customers?size=1000")).items.filter((c) => c.segment === "commercial");
  for (const c of customers) {
    const subscriptions = (await getJson(page, `/v1/customers/${c.id}/subscriptions?size=1000`)).items;
    if (subscriptions.some((s) => s.offerId === NCE_SKU || (s.status === "active" && s.offerId !== SOURCE_SKU))) continue;
    return { id: c.id, name: c.companyProfile.companyName, legacy: subscriptions.find((s) => s.offerId === SOURCE_SKU) };
  }
  assert.fail("a commercial customer without New Commerce subscriptions");
}

//! Buys `quantity` seats of NCE_SKU for the customer through the API (a year, billed monthly):
//! the purchase opens its 168-hour window now. Returns the subscription's path in the API.
async function buyNewCommerce(page, customerId, quantity) {
  const answer = await page.request.post(`${BASE}/v1/customers/${customerId}/orders`, {
    headers: CSRF,
    data: { lineItems: [{ lineItemNumber: 1, offerId: NCE_SKU, quantity, termDuration: "P1Y", billingCycle: "monthly" }] },
  });
  assert.equal(answer.status(), 201, await answer.text());
  return `/customers/${customerId}/subscriptions/${(await answer.json()).lineItems[0].subscriptionId}`;
}

test("New Commerce in Turkish: cancelling inside the 168 hours asks first and names the refund; a change is scheduled for the renewal, shown and cleared", async () => {
  const page = await newPage("tr-TR");
  await signInTr(page, "sales");
  const customer = await customerForNewCommerce(page);
  const toCancel = await buyNewCommerce(page, customer.id, 5);
  const toSchedule = await buyNewCommerce(page, customer.id, 10);

  // Inside the window: committed until the term's end, cancellable until the window closes,
  // in full for a day then prorated; the purchase's 5 seats can still be given back.
  await page.goto(`${BASE}${toCancel}`);
  await page.getByRole("heading", { name: /^Abonelik /, level: 1 }).waitFor();
  await page.getByText("Yeni Ticaret", { exact: true }).waitFor();
  await page.getByText(/^Müşteri .+ tarihine kadar taahhüt altında\.$/).waitFor();
  await page.getByText(/^.+ tarihine kadar hâlâ iptal edilebilir; iade:$/).waitFor();
  await page.getByText(/^.+ tarihine kadar tam iade$/).waitFor();
  await page.getByText(/^.+ tarihine kadar dönemin kalan günleri için kısmi iade$/).waitFor();
  await page.getByText("5 lisansın tümü hâlâ iade edilebilir.").waitFor();
  await assertTurkishOnly(page, "new-commerce subscription");
  await checkAccessibility(page, "new-commerce subscription");

  const cancel = page.getByRole("button", { name: "Aboneliği iptal et" });
  assert.equal(await cancel.getAttribute("class"), "danger");
  await cancel.click();
  const ask = page.getByRole("region", { name: /iptal edilsin mi\?$/ });
  await ask.waitFor();
  const asked = await ask.innerText();
  assert.match(asked, /Bu işlem geri alınamaz/, "it says it cannot be undone");
  assert.match(asked, /tahsil edilen tutarın tamamı iade edilir/, "it names the refund: in full on the first day");
  await assertTurkishOnly(page, "cancel-confirmation");
  await checkAccessibility(page, "cancel-confirmation");
  await shot(page, "nce-cancel-confirmation");
  await page.getByRole("button", { name: "Vazgeç" }).click();
  await ask.waitFor({ state: "detached" });
  assert.equal((await getJson(page, `/v1${toCancel}`)).status, "active", "nothing is cancelled without a yes");
  await cancel.click();
  await page.getByRole("button", { name: "Evet, kalıcı olarak iptal et" }).click();
  await page.getByText("Abonelik iptal edildi.").waitFor();
  assert.equal((await getJson(page, `/v1${toCancel}`)).status, "deleted");
  assert.equal(await page.getByRole("button", { name: "Aboneliği iptal et" }).count(), 0);

  // Changes at renewal: it renews as it is until something is scheduled.
  await page.goto(`${BASE}${toSchedule}`);
  await page.getByRole("heading", { name: "Yenilemede yapılacak değişiklikler" }).waitFor();
  await page.getByText(/^.+ tarihinde 1 yıl süreyle yenilenir\.$/).waitFor();
  await page.getByText("Planlanmış bir değişiklik yok: olduğu gibi yenilenir (10 lisans, 1 yıl, aylık faturalama).").waitFor();
  const sku = await getJson(page, `/v1/skus/${NCE_SKU}`);
  assert.ok(sku.termOptions.some((o) => o.termDuration === "P1Y" && o.billingCycle === "annual"), "a yearly term billed annually is sold");
  const offered = await page.getByLabel("Yenilemedeki süre ve faturalama").locator("option").evaluateAll((o) => o.map((x) => x.value));
  assert.deepEqual(offered, sku.termOptions.map((o) => `${o.termDuration}|${o.billingCycle}`), "the SKU's term options");

  // A custom end date the server does not allow for the next term (the 15th is no month end, and
  // the customer has no other term to end with): refused with 900246, said in Turkish with the
  // days it allows, one of which the agent picks.
  const before = await getJson(page, `/v1${toSchedule}`);
  const renewal = new Date(Date.parse(before.commitmentEndDate) + 86_400_000);
  const fifteenth = new Date(Date.UTC(renewal.getUTCFullYear(), renewal.getUTCMonth() + 2, 15)).toISOString().slice(0, 10);
  await page.getByLabel("Yenilemedeki lisans sayısı").fill("4");
  await page.getByLabel("Yenilemedeki süre ve faturalama").selectOption("P1Y|annual");
  await page.getByLabel("Özel bitiş tarihi (isteğe bağlı)").fill(fifteenth);
  const refused = page.waitForResponse((r) => r.request().method() === "PATCH");
  await page.getByRole("button", { name: "Yenileme için planla" }).click();
  const refusal = await (await refused).json();
  assert.equal(refusal.code, "900246");
  const notAllowed = page.getByRole("alert").filter({ hasText: "Bu bitiş tarihi sonraki dönem için seçilemez; seçilebilecek tarihler:" });
  await notAllowed.waitFor();
  assert.ok(!(await notAllowed.innerText()).includes(refusal.description), "not the API's English sentence");
  await assertTurkishOnly(page, "refused custom end date");
  await notAllowed.getByRole("button", { name: /tarihini kullan$/ }).first().click();
  const picked = await page.getByLabel("Özel bitiş tarihi (isteğe bağlı)").inputValue();
  assert.equal(picked, refusal.parameters.allowed[0].slice(0, 10));
  await page.getByRole("button", { name: "Yenileme için planla" }).click();
  await page.getByText("Değişiklik yenileme için planlandı.").waitFor();
  await page.getByText("Yenileme için planlanan: 4 lisans, 1 yıl, yıllık faturalama.").waitFor();
  await page.getByText(/^Sonraki dönem tam bir dönem yerine .+ tarihinde sona erer\.$/).waitFor();
  const scheduled = (await getJson(page, `/v1${toSchedule}`)).scheduledNextTermInstructions;
  assert.deepEqual(
    [scheduled.quantity, scheduled.product.termDuration, scheduled.product.billingCycle, scheduled.customTermEndDate.slice(0, 10)],
    [4, "P1Y", "annual", picked],
  );
  assert.equal((await getJson(page, `/v1${toSchedule}`)).quantity, 10, "this term's seats stay");
  await assertTurkishOnly(page, "scheduled change");
  await checkAccessibility(page, "scheduled change");
  await shot(page, "nce-scheduled-change");

  // Clearing it asks first, saying what it renews with instead.
  await page.getByRole("button", { name: "Planlanan değişikliği kaldır" }).click();
  const clear = page.getByRole("region", { name: "Yenileme için planlanan değişiklik kaldırılsın mı?" });
  await clear.waitFor();
  assert.match(await clear.innerText(), /10 lisans, 1 yıl, aylık faturalama/);
  await page.getByRole("button", { name: "Evet, kaldır" }).click();
  await page.getByText("Planlanan değişiklik kaldırıldı.").waitFor();
  assert.equal((await getJson(page, `/v1${toSchedule}`)).scheduledNextTermInstructions, null);

  // Renew with only the assigned seats: nobody holds its licenses, so it renews with the SKU's
  // minimum; then the customer's button finds nothing more to reduce.
  await page.getByRole("button", { name: "Yalnızca atanmış lisanslarla yenile" }).click();
  await page.getByText("1 abonelik daha az lisansla yenilenecek:").waitFor();
  await page.getByText(new RegExp(`yenilemesinde 10 → ${sku.minimumQuantity} lisans$`)).waitFor();
  assert.equal((await getJson(page, `/v1${toSchedule}`)).scheduledNextTermInstructions.quantity, sku.minimumQuantity);
  await page.goto(`${BASE}/customers/${customer.id}`);
  await page.getByRole("heading", { name: customer.name, level: 1 }).waitFor();
  const reduced = page.waitForResponse((r) => r.url().endsWith("/renewalreductions"));
  await page.getByRole("button", { name: "Yalnızca atanmış lisanslarla yenile" }).click();
  assert.equal((await (await reduced).json()).totalCount, 0);
  await page.getByText("Azaltılacak bir şey yok: yenilenen her lisans atanmış.").waitFor();
  await assertTurkishOnly(page, "customer after renewal reduction");
  await page.context().close();
});

test("New Commerce in Turkish after the 168 hours: no cancel button, the commitment said, a refused decrease in Turkish offered for the renewal", async () => {
  const page = await newPage("tr-TR");
  await signInTr(page, "admin");
  const customer = await customerForNewCommerce(page);
  const path = await buyNewCommerce(page, customer.id, 10);
  const advanced = await page.request.post(`${BASE}/v1/clock/advance`, { headers: CSRF, data: { days: 8 } });
  assert.equal(advanced.status(), 200, "the simulated clock moves past the purchase's window");

  await page.goto(`${BASE}${path}`);
  await page.getByRole("heading", { name: /^Abonelik /, level: 1 }).waitFor();
  await page.getByText(/^Artık iptal edilemez \(168 saatlik iptal süresi .+ tarihinde doldu\): müşteri .+ tarihine kadar taahhüt altında\.$/).waitFor();
  assert.equal(await page.getByRole("button", { name: "Aboneliği iptal et" }).count(), 0, "no cancellation is offered");
  await page.getByText("Şu anda hiçbir lisans iade edilemez: yenilemeye kadar lisans sayısı yalnızca artırılabilir.").waitFor();

  // A decrease of committed seats: refused (900214), said in Turkish from its parameters, and
  // offered for the renewal instead.
  await page.getByLabel("Miktar", { exact: true }).fill("7");
  const refused = page.waitForResponse((r) => r.request().method() === "PATCH");
  await page.getByRole("button", { name: "Kaydet: Miktar" }).click();
  const refusal = await (await refused).json();
  assert.equal(refusal.code, "900214");
  assert.equal(refusal.parameters.refundableQuantity, 0);
  const alert = page.getByRole("alert").filter({ hasText: "Artık hiçbir lisans iade edilemez" });
  await alert.waitFor();
  const said = await alert.innerText();
  assert.ok(!said.includes(refusal.description), "not the API's English sentence");
  assert.match(said, /müşteri bu lisanslar için .+ tarihine kadar taahhüt altında\. Azaltmayı bunun yerine yenilemeye planlayın/);
  assert.match(said, new RegExp(refusal.parameters.commitmentEndDate.slice(0, 4)), "the commitment's end");
  await assertTurkishOnly(page, "refused decrease");
  await checkAccessibility(page, "refused decrease");
  await shot(page, "nce-refused-decrease");
  await alert.getByRole("button", { name: /yenilemesi için 7 lisans planla$/ }).click();
  await page.getByText("Yenileme için planlanan: 7 lisans, 1 yıl, aylık faturalama.").waitFor();
  const after = await getJson(page, `/v1${path}`);
  assert.deepEqual([after.quantity, after.scheduledNextTermInstructions.quantity], [10, 7], "committed now, fewer at the renewal");

  // A legacy subscription says so, and offers no cancellation.
  if (customer.legacy) {
    await page.goto(`${BASE}/customers/${customer.id}/subscriptions/${customer.legacy.id}`);
    await page.getByText(/^Eski tip abonelik: iptal edilemez; askıya alınırsa 120 günün sonunda ücretsiz/).waitFor();
    assert.equal(await page.getByRole("button", { name: "Aboneliği iptal et" }).count(), 0);
    await assertTurkishOnly(page, "legacy subscription");
  }
  await page.context().close();

  // At 390 px the New Commerce screen does not scroll sideways.
  const context = await browser.newContext({ locale: "tr-TR", bypassCSP: true, viewport: { width: 390, height: 844 } });
  const phone = await context.newPage();
  phone.setDefaultTimeout(TIMEOUT);
  phone.on("response", (response) => contractChecks.push(checkResponse(response)));
  await signInTr(phone, "admin");
  await phone.goto(`${BASE}${path}`);
  await phone.getByRole("heading", { name: "Yenilemede yapılacak değişiklikler" }).waitFor();
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the New Commerce subscription is ${width} px wide at 390`);
  await checkAccessibility(phone, "phone new-commerce subscription");
  await shot(phone, "phone-nce-subscription");
  await context.close();
});

// ---- A migration's New Commerce commitment at its rollback ----
// Last in the file: it moves the shared simulated clock another 8 days.

//! An instant as the page formats a deadline (i18n.ts formatInstant: the agent's time zone).
async function formatInstantIn(page, iso) {
  return page.evaluate(
    (d) =>
      new Intl.DateTimeFormat(document.documentElement.lang, {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZoneName: "short",
      }).format(new Date(d)),
    iso,
  );
}

test("a rollback asks naming who is refunded inside the 168 hours and who stays committed after them; the kept commitment is said in Turkish, not as a failure", async () => {
  const page = await newPage("tr-TR");
  await signInTr(page, "admin");
  // Two customers on the source whose only active subscriptions are the source's: step A buys.
  const candidates = [];
  for (const c of await customersOnSource(page, "commercial")) {
    const held = (await getJson(page, `/v1/customers/${c.id}/subscriptions?size=1000`)).items;
    if (held.every((s) => s.offerId === SOURCE_SKU || s.status !== "active")) candidates.push(c);
    if (candidates.length === 2) break;
  }
  assert.equal(candidates.length, 2, "two customers for the migration");
  const created = await page.request.post(`${BASE}/v1/migrations`, {
    headers: CSRF,
    data: { sourceOfferId: SOURCE_SKU, customerIds: candidates.map((c) => c.id), targetOfferId: "recommended", seatPolicy: "assigned", dryRun: false },
  });
  assert.equal(created.status(), 201, await created.text());
  const id = (await created.json()).id;
  const started = await page.request.post(`${BASE}/v1/migrations/${id}/start`, { headers: CSRF });
  assert.equal(started.status(), 202, await started.text());
  await page.goto(`${BASE}/migrations/${id}`);
  await page.waitForFunction(() => ["completed", "completed_with_errors"].includes(document.querySelector("[data-status]")?.getAttribute("data-status")), null, {
    timeout: TIMEOUT * 3,
  });
  const bought = await getJson(page, `/v1/migrations/${id}`);
  assert.ok(bought.plan.customers.every((c) => c.action === "purchase" && c.commitment?.cancellationAllowedUntilDate), "step A bought New Commerce");
  const names = new Map(bought.plan.customers.map((c) => [c.customerId, c.companyName]));

  // Inside the 168 hours: each purchase is cancelled with a refund, until its deadline.
  await page.getByRole("heading", { name: "Müşteri başına", exact: true }).waitFor();
  const commitments = page.getByRole("region", { name: "Satın almaların taahhüdü" });
  for (const c of bought.plan.customers) {
    const cells = await commitmentCells(commitments, c.customerId);
    assert.equal(cells["İptal için son tarih"], await formatInstantIn(page, c.commitment.cancellationAllowedUntilDate));
    assert.equal(cells["Taahhüt bitişi"], await formatDateIn(page, c.commitment.commitmentEndDate));
  }
  await page.getByRole("button", { name: "Geri al", exact: true }).click();
  let ask = page.getByRole("region", { name: "Geçiş 2 müşterinin tümü için geri alınsın mı?" });
  await ask.waitFor();
  let asked = await ask.innerText();
  assert.match(asked, /İadeli iptal edilecekler \(2\)/);
  assert.match(asked, /168 saatleri dolmadı: satın alma iptal edilir ve ücreti iade edilir\./);
  for (const c of bought.plan.customers) {
    const until = await formatInstantIn(page, c.commitment.cancellationAllowedUntilDate);
    assert.ok(asked.includes(`${names.get(c.customerId)} — ${c.targetOfferTitle}: ${until} tarihine kadar iptal edilebilir`), asked);
  }
  assert.doesNotMatch(asked, /taahhüt altında kalacaklar/);
  await assertTurkishOnly(page, "rollback confirmation inside the window");
  await shot(page, "rollback-confirmation-refund");
  await page.getByRole("button", { name: "Vazgeç" }).click();
  await ask.waitFor({ state: "detached" });

  // Past the 168 hours: the same rollback keeps the purchases, committed, and stops their renewal.
  const advanced = await page.request.post(`${BASE}/v1/clock/advance`, { headers: CSRF, data: { days: 8 } });
  assert.equal(advanced.status(), 200);
  await page.reload();
  await page.getByRole("heading", { name: "Müşteri başına", exact: true }).waitFor();
  for (const c of bought.plan.customers) {
    const cells = await commitmentCells(commitments, c.customerId);
    assert.equal(cells["İptal için son tarih"], `${await formatInstantIn(page, c.commitment.cancellationAllowedUntilDate)} tarihinde doldu`);
  }
  await page.getByRole("button", { name: "Geri al", exact: true }).click();
  ask = page.getByRole("region", { name: "Geçiş 2 müşterinin tümü için geri alınsın mı?" });
  await ask.waitFor();
  asked = await ask.innerText();
  assert.match(asked, /Bitiş tarihine kadar taahhüt altında kalacaklar \(2\)/);
  assert.match(asked, /168 saatleri doldu: kullanıcılar yine Microsoft Kaizala Pro planına döner, ancak satın alma iptal edilemez\./);
  for (const c of bought.plan.customers) {
    const ends = await formatDateIn(page, c.commitment.commitmentEndDate);
    assert.ok(asked.includes(`${names.get(c.customerId)} — ${c.targetOfferTitle}: ${ends} tarihine kadar taahhüt, yenilenmez`), asked);
  }
  assert.doesNotMatch(asked, /İadeli iptal edilecekler/);
  await assertTurkishOnly(page, "rollback confirmation after the window");
  await checkAccessibility(page, "rollback confirmation after the window");
  await shot(page, "rollback-confirmation-committed");
  await page.getByRole("button", { name: "Evet, geri al" }).click();
  await page.getByText("2 müşteriden 2 geri alındı, 0 reddedildi, 0 geri alınmadı.").waitFor({ timeout: TIMEOUT * 3 });

  // Rolled back, the commitment kept: said from each row's parameters, in Turkish, not as an error.
  const after = await getJson(page, `/v1/migrations/${id}`);
  assert.equal(after.status, "rolled_back");
  assert.deepEqual(after.errors.map((e) => [e.code, e.parameters.renews]), [["900213", "no"], ["900213", "no"]]);
  const kept = page.getByRole("region", { name: "Geri alındı, taahhüt sürüyor" });
  await kept.waitFor();
  const said = await kept.innerText();
  assert.match(said, /2 müşteri Microsoft Kaizala Pro planına döndü; ancak yeni aboneliklerinin 168 saati dolduğu için iptal edilemedi/);
  for (const e of after.errors) {
    const ends = await formatDateIn(page, e.parameters.commitmentEndDate);
    const seats = new Intl.NumberFormat("tr").format(e.parameters.seats);
    assert.ok(
      said.includes(`Kullanıcılar eski planlarına döndü; ancak satın almanın 168 saati dolduğu için ${seats} lisans ${ends} tarihine kadar taahhüt altında kalıyor ve abonelik yenilenmeyecek.`),
      said,
    );
    assert.ok(!said.includes(e.description), "not the API's English sentence");
    const target = await getJson(page, `/v1/customers/${e.customerId}/subscriptions/${e.parameters.subscriptionId}`);
    assert.deepEqual([target.status, target.autoRenewEnabled], ["active", false], "committed, not renewing");
  }
  assert.equal(await page.getByRole("heading", { name: "Hatalar" }).count(), 0, "no failure listed");
  assert.equal(await page.locator(".notice.error, [role=alert]").count(), 0, "nothing in red");
  await assertTurkishOnly(page, "migration rolled back with kept commitments");
  await checkAccessibility(page, "migration rolled back with kept commitments");
  await shot(page, "rollback-kept-commitments");

  // The row's link opens the subscription that stays: it no longer renews.
  await kept.getByRole("link", { name: `Aboneliği aç: ${names.get(after.errors[0].customerId)}` }).click();
  await page.getByRole("heading", { name: /^Abonelik /, level: 1 }).waitFor();
  await page.getByText(/^Yenilenmiyor: .+ tarihinde sona erer\./).waitFor();
  await page.context().close();
});
