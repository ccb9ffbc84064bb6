// The migration wizard (source SKU → customers → targets → dry-run preview → start), a
// migration's live progress (Server-Sent Events), its per-customer results, and pause, resume
// and rollback (of every customer or of one, asked first).
import { api, must, requestId, type Migration, type MigrationCustomerPlan, type MigrationState, type Schemas } from "../api/client";
import { confirmPanel, customerDirectory, errorText, guarded, link, navigate, notice } from "../app";
import { field, h, hidden, pagedTable, replace, table, uid, type Child } from "../dom";
import { codeLabel, formatDate, formatDateTime, formatInstant, formatMoney, formatNumber, hasCodeLabel, locale, messageText, pagerLabels, t, valueLabel } from "../i18n";

type Plan = Schemas["MigrationCreate"];
type MigrationError = Migration["errors"][number];
type Commitment = NonNullable<MigrationCustomerPlan["commitment"]>;

//! The code of a rolled-back customer's row whose New Commerce purchase stayed: the users are
//! back on the source, the target is committed until its end and stops renewing (or renews
//! without the seats added). Not a failure: shown apart from the errors.
const KEPT_COMMITMENT = "900213";

// Steps past which a customer's migration can be rolled back (and that are not undone yet).
const ROLLBACK_STATUSES = ["completed", "completed_with_errors", "paused", "failed", "rolled_back"];
const UNTOUCHED_STEPS = ["pending", "rolled_back"];

async function skuTitles(): Promise<Map<string, string>> {
  const catalog = await must(api.GET("/v1/skus"));
  return new Map(catalog.items.map((s) => [s.id, s.title]));
}

//! A migration's target as the agent reads it: the SKU's title, or "recommended per customer".
function targetText(target: string | null | undefined, titles: Map<string, string>): string {
  if (!target) return "—";
  return target === "recommended" ? t("recommended") : (titles.get(target) ?? target);
}

//! An error of the API: the code's text, or the API's English sentence for English readers only
//! (a Turkish page never shows English).
function errorCodeText(code: string, sentence: string): string {
  if (hasCodeLabel("error", code)) return codeLabel("error", code);
  return locale() === "en" ? sentence : t("errorWithCode", { code });
}

//! SKU titles as a migration's answer gives them (its source, each customer's target), over the
//! catalog's.
function titlesOf(m: Migration, catalog: Map<string, string>): Map<string, string> {
  const titles = new Map(catalog);
  if (m.sourceOfferTitle) titles.set(m.sourceOfferId, m.sourceOfferTitle);
  for (const c of m.plan?.customers ?? []) if (c.targetOfferId && c.targetOfferTitle) titles.set(c.targetOfferId, c.targetOfferTitle);
  return titles;
}

//! What the partner keeps of a month: the customer's price less Microsoft's; unknown with either.
function margin(price: number | null | undefined, cost: number | null | undefined): number | null {
  return price === null || price === undefined || cost === null || cost === undefined ? null : price - cost;
}

export async function migrationsView() {
  const [list, titles] = await Promise.all([must(api.GET("/v1/migrations", { params: { query: { size: 100 } } })), skuTitles()]);
  return h(
    "section",
    null,
    h("h1", null, t("migrationsTitle")),
    link("/migrations/new", t("newMigration"), { class: "button" }),
    table(
      [t("created"), t("source"), t("target"), t("status"), t("progress"), ""],
      list.items.map((m) => [
        formatDateTime(m.creationDate),
        titles.get(m.sourceOfferId) ?? m.sourceOfferId,
        targetText(m.targetOfferId, titles),
        valueLabel(m.status),
        `${formatNumber(m.progress.customersDone)}/${formatNumber(m.progress.customersTotal)}`,
        link(`/migrations/${m.id}`, t("open"), {
          "aria-label": `${t("open")}: ${titles.get(m.sourceOfferId) ?? m.sourceOfferId} → ${targetText(m.targetOfferId, titles)}, ${formatDateTime(m.creationDate)}`,
        }),
      ]),
    ),
  );
}

//! The deadline of a commitment's 168-hour window as the agent reads it: the window after the
//! purchase (not bought yet), its end (still open at the server's `now`), or the day it closed;
//! for seats added to a subscription held, the deadline of those seats.
function deadlineText(c: MigrationCustomerPlan, commitment: Commitment, now: number | undefined): string {
  const until = commitment.cancellationAllowedUntilDate;
  const text = !until
    ? t("deadlineAfterPurchase")
    : now !== undefined && Date.parse(until) <= now
      ? t("deadlineClosed", { until: formatInstant(until) })
      : formatInstant(until);
  return c.action === "addSeats" ? t("deadlineSeats", { deadline: text }) : text;
}

//! What step A commits each customer to (its target sold as New Commerce): term and billing in
//! words, the commitment's end, the cancellation deadline (once bought; open or closed at the
//! server's `now`), the whole term's cost and price in the customer's currency; after a rollback,
//! "given back" for a purchase the rollback cancelled. Under it, how many targets are legacy
//! (no commitment). Null when step A commits nobody to anything.
function commitmentSection(
  customers: MigrationCustomerPlan[],
  names: Map<string, string>,
  titles: Map<string, string>,
  options: { now?: number; kept?: Map<string, MigrationError>; heading: "h2" | "h3" },
): HTMLElement | null {
  const committing = customers.filter((c) => c.commitment);
  const legacy = customers.filter((c) => !c.commitment && c.targetOfferId && (c.action === "purchase" || c.action === "addSeats")).length;
  if (committing.length === 0) return legacy ? h("p", null, t("legacyTargets", { n: formatNumber(legacy) })) : null;
  const nameOf = (c: MigrationCustomerPlan) => c.companyName ?? names.get(c.customerId) ?? t("unknownCustomer");
  const id = uid("commitments");
  return h(
    "section",
    { "aria-labelledby": id },
    h(options.heading, { id }, t("commitmentsTitle")),
    h("p", { class: "notice warn" }, t("nceNote")),
    pagedTable(
      [t("company"), t("target"), t("termAndBilling"), t("reviewCommittedUntil"), t("cancellableUntilCol"), t("wholeTermCost"), t("wholeTermPrice")],
      committing.map((c) => {
        const commitment = c.commitment!;
        const given = c.step === "rolled_back" && !options.kept?.has(c.customerId);
        const term = t("termOption", { term: codeLabel("term", commitment.termDuration), billing: codeLabel("billing", commitment.billingCycle) });
        return [
          link(`/customers/${c.customerId}`, nameOf(c)),
          c.targetOfferTitle ?? targetText(c.targetOfferId, titles),
          c.action === "addSeats" ? t("addedToHeld", { term }) : term,
          formatDate(commitment.commitmentEndDate),
          given ? h("strong", null, t("commitGivenBack")) : deadlineText(c, commitment, options.now),
          formatMoney(commitment.totalCost, c.currency),
          formatMoney(commitment.totalPrice, c.currency),
        ];
      }),
      pagerLabels(),
    ),
    legacy ? h("p", null, t("legacyTargets", { n: formatNumber(legacy) })) : null,
  );
}

interface PlanTableOptions {
  //! Adds the step and the users moved (a migration that ran).
  withResults: boolean;
  //! Adds a button per customer that can still be rolled back.
  rollbackOne?: (customer: MigrationCustomerPlan) => void;
}

//! The plan's rows (and the results, once it ran).
function planTable(customers: MigrationCustomerPlan[], names: Map<string, string>, titles: Map<string, string>, options: PlanTableOptions): HTMLElement {
  const { withResults, rollbackOne } = options;
  const nameOf = (c: MigrationCustomerPlan) => c.companyName ?? names.get(c.customerId) ?? t("unknownCustomer");
  const title = (id: string) => titles.get(id) ?? id;
  return pagedTable(
    [
      t("company"),
      t("target"),
      t("action"),
      t("reason"),
      t("seats"),
      t("usersToMove"),
      t("costBefore"),
      t("costAfter"),
      t("priceAfter"),
      t("marginAfter"),
      t("warnings"),
      ...(withResults ? [t("step"), t("users")] : []),
      ...(rollbackOne ? [hidden(t("rollback"))] : []),
    ],
    customers.map((c) => [
      link(`/customers/${c.customerId}`, nameOf(c)),
      c.targetOfferTitle ?? targetText(c.targetOfferId, titles),
      codeLabel("action", c.action),
      // Said from the reason's code and values, in the agent's language.
      c.recommendationReasonCode ? messageText("reason", c.recommendationReasonCode, c.recommendationParameters, title) : t("targetChosen"),
      formatNumber(c.seats),
      formatNumber(c.usersToMove),
      formatMoney(c.monthlyCostBefore, c.currency),
      formatMoney(c.monthlyCostAfter, c.currency),
      formatMoney(c.monthlyPriceAfter, c.currency),
      formatMoney(margin(c.monthlyPriceAfter, c.monthlyCostAfter), c.currency),
      c.warnings.map((w) => messageText("warning", w.code, w.parameters, title)).join("; "),
      ...(withResults ? [codeLabel("step", c.step), formatNumber(c.usersMoved ?? 0)] : []),
      ...(rollbackOne
        ? [
            UNTOUCHED_STEPS.includes(c.step)
              ? ""
              : h("button", { type: "button", class: "secondary", "aria-label": t("rollbackCustomer", { name: nameOf(c) }), onClick: () => rollbackOne(c) }, t("rollback")),
          ]
        : []),
    ]),
    pagerLabels(),
  );
}

//! What the whole terms of step A's purchases commit to, per currency (cost and price).
function commitmentTotals(customers: MigrationCustomerPlan[]): HTMLElement[] {
  const sums = new Map<string, { cost: number; price: number; n: number }>();
  for (const c of customers) {
    const commitment = c.commitment;
    if (!commitment || (commitment.totalCost === null && commitment.totalPrice === null)) continue;
    const sum = sums.get(c.currency) ?? { cost: 0, price: 0, n: 0 };
    sum.cost += commitment.totalCost ?? 0;
    sum.price += commitment.totalPrice ?? 0;
    sum.n += 1;
    sums.set(c.currency, sum);
  }
  return [...sums].map(([currency, sum]) =>
    h("li", null, t("commitTotals", { currency, cost: formatMoney(sum.cost, currency), price: formatMoney(sum.price, currency), n: formatNumber(sum.n) })),
  );
}

async function customerNames(): Promise<Map<string, string>> {
  return new Map([...(await customerDirectory())].map(([id, c]) => [id, c.companyProfile.companyName]));
}

//! The customers holding `source` (any active or expired subscription of it).
async function holdersOf(source: string): Promise<string[]> {
  const holders = new Set<string>();
  let token: string | undefined;
  do {
    const page = await must(api.GET("/v1/subscriptions", { params: { query: { offerId: source, size: 1000, continuationToken: token } } }));
    for (const s of page.items) if (s.status === "active" || s.status === "expired") holders.add(s.customerId);
    token = page.continuationToken ?? undefined;
  } while (token);
  return [...holders];
}

//! Step 2 of the wizard for one source SKU: every holder or only the ticked ones. Ticking a
//! customer chooses "only these"; the count beside the list is what the preview and the
//! migration will cover. Built once per source, so going back keeps the ticks.
interface CustomerChoice {
  element: HTMLElement;
  holders: number;
  chosen(): Plan["customerIds"];
}

function customerChoice(holders: string[], names: Map<string, string>): CustomerChoice {
  const nameOf = (id: string) => names.get(id) ?? id;
  const sorted = [...holders].sort((a, b) => nameOf(a).localeCompare(nameOf(b), locale()));
  const all = h("input", { type: "radio", name: "scope", value: "all", checked: true, id: uid("scope") });
  const some = h("input", { type: "radio", name: "scope", value: "some", id: uid("scope") });
  const count = h("p", { "aria-live": "polite", class: "count" });
  const boxes = sorted.map((id) => h("input", { type: "checkbox", value: id, id: uid("c"), "aria-label": t("selectCustomer", { name: nameOf(id) }) }));
  const ticked = () => boxes.filter((b) => b.checked);
  const update = () => {
    if (ticked().length > 0) some.checked = true;
    count.textContent = t("customersChosen", { n: formatNumber(ticked().length), total: formatNumber(holders.length) });
  };
  for (const box of boxes) box.addEventListener("change", update);
  const search = h("input", { type: "search", name: "customerSearch" });
  const list = h("div");
  const shown = () => {
    const q = search.value.trim().toLocaleLowerCase(locale());
    return boxes.filter((b) => !q || nameOf(b.value).toLocaleLowerCase(locale()).includes(q));
  };
  const showList = () => replace(list, pagedTable([hidden(t("pickCustomers")), t("company")], shown().map((b) => [b, h("label", { for: b.id }, nameOf(b.value))]), pagerLabels()));
  search.addEventListener("input", showList);
  const tickShown = (checked: boolean) => () => {
    for (const b of checked ? shown() : boxes) b.checked = checked;
    if (!checked) all.checked = true;
    update();
  };
  showList();
  update();
  const element = h(
    "fieldset",
    null,
    h("legend", null, `${t("stepCustomers")} (${formatNumber(holders.length)})`),
    h("div", null, all, h("label", { for: all.id }, t("allCustomers"))),
    h("div", null, some, h("label", { for: some.id }, t("pickCustomers"))),
    h(
      "div",
      { class: "inline" },
      field(t("findCustomer"), search),
      h("button", { type: "button", class: "secondary", onClick: tickShown(true) }, t("selectShown")),
      h("button", { type: "button", class: "secondary", onClick: tickShown(false) }, t("clearSelection")),
    ),
    count,
    list,
  );
  return { element, holders: holders.length, chosen: () => (all.checked ? "all" : ticked().map((b) => b.value)) };
}

export async function wizardView() {
  const catalog = await must(api.GET("/v1/skus"));
  const retiring = catalog.items.filter((s) => !s.isPurchasable);
  const titles = new Map(catalog.items.map((s) => [s.id, s.title]));
  const names = await customerNames();
  const out = h("div");
  const body = h("div");
  const choices = new Map<string, CustomerChoice>();

  // 1. Source SKU
  const source = h("select", { name: "source", required: true }, retiring.map((s) => h("option", { value: s.id }, s.title)));
  const sourceTitle = () => titles.get(source.value) ?? source.value;

  // 3. Targets (the retiring SKU's replacements; recommended per customer by default)
  const target = h("select", { name: "target" });
  const policy = h("select", { name: "seatPolicy" }, ["assigned", "source_quantity"].map((p) => h("option", { value: p }, codeLabel("seatPolicy", p))));
  const targetsStep = () => {
    const sku = retiring.find((s) => s.id === source.value);
    const kept = target.value;
    replace(target, h("option", { value: "recommended" }, t("recommended")), (sku?.replacementSkuIds ?? []).map((id) => h("option", { value: id }, titles.get(id) ?? id)));
    if (kept && [...target.options].some((o) => o.value === kept)) target.value = kept;
    return h("fieldset", null, h("legend", null, t("stepTargets")), field(t("target"), target), field(t("seatPolicy"), policy));
  };

  const plan = (choice: CustomerChoice, dryRun: boolean): Plan => ({
    sourceOfferId: source.value,
    customerIds: choice.chosen(),
    targetOfferId: target.value,
    seatPolicy: policy.value as Plan["seatPolicy"],
    dryRun,
  });

  // 4. Dry-run preview of exactly what was chosen, then start that same plan.
  const previewStep = async (choice: CustomerChoice) => {
    const chosen = choice.chosen();
    if (chosen !== "all" && chosen.length === 0) return replace(out, notice("error", t("noneChosen")));
    replace(out);
    const preview = await must(api.POST("/v1/migrations", { body: plan(choice, true) }));
    const customers = preview.plan?.customers ?? [];
    const scope = chosen === "all" ? t("scopeAll", { n: formatNumber(customers.length) }) : t("scopeSome", { n: formatNumber(chosen.length) });
    const totals = Object.entries(preview.plan?.totals.byCurrency ?? {}).map(([currency, c]) =>
      h(
        "li",
        null,
        t("currencyTotals", {
          currency,
          costBefore: formatMoney(c.monthlyCostBefore, currency),
          costAfter: formatMoney(c.monthlyCostAfter, currency),
          priceAfter: formatMoney(c.monthlyPriceAfter, currency),
          margin: formatMoney(margin(c.monthlyPriceAfter, c.monthlyCostAfter), currency),
          n: formatNumber(c.customers ?? 0),
        }),
      ),
    );
    // One start, one request id: a second click (or a retry) cannot create a second migration.
    const startId = requestId();
    const start = h("button", { type: "button", class: "primary", disabled: customers.length === 0 }, t("start"));
    start.addEventListener(
      "click",
      guarded(out, async () => {
        if (start.disabled) return;
        start.disabled = true;
        try {
          const created = await must(api.POST("/v1/migrations", { params: { header: { "MS-RequestId": startId } }, body: plan(choice, false) }));
          await must(api.POST("/v1/migrations/{migrationId}/start", { params: { path: { migrationId: created.id! } } }));
          navigate(`/migrations/${created.id}`);
        } finally {
          start.disabled = false;
        }
      }),
    );
    replace(
      body,
      h("h2", { tabindex: -1 }, t("stepPreview")),
      h("p", { class: "scope" }, h("strong", null, t("previewScope", { source: sourceTitle(), target: targetText(target.value, titles), scope }))),
      h("p", null, t("previewCounts", { customers: formatNumber(customers.length), users: formatNumber(preview.plan?.totals.usersToMove ?? 0) })),
      h("h3", null, t("totals")),
      h("ul", null, totals, commitmentTotals(customers)),
      planTable(customers, names, titles, { withResults: false }),
      commitmentSection(customers, names, titles, { heading: "h3" }),
      h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", onClick: () => void showChoices() }, t("back")), start),
    );
    body.querySelector<HTMLElement>("h2")?.focus();
  };

  const showChoices = async () => {
    replace(out);
    let choice = choices.get(source.value);
    if (!choice) {
      replace(body, h("p", null, t("loading")));
      const holders = await holdersOf(source.value);
      // Nothing to migrate: the wizard stops here rather than preview an empty fleet.
      if (holders.length === 0) return replace(body, notice("error", t("noHolders", { sku: sourceTitle() })));
      choice = customerChoice(holders, names);
      choices.set(source.value, choice);
    }
    const current = choice;
    replace(
      body,
      current.element,
      targetsStep(),
      h("button", { type: "button", class: "primary", onClick: () => void previewStep(current).catch((e) => replace(out, notice("error", errorText(e)))) }, t("preview")),
    );
  };

  return h(
    "section",
    null,
    h("h1", null, t("wizardTitle")),
    h(
      "form",
      { class: "inline", onSubmit: guarded(out, showChoices) },
      h("fieldset", null, h("legend", null, t("stepSource")), field(t("source"), source)),
      h("button", { type: "submit" }, t("next")),
    ),
    out,
    body,
  );
}

//! What a rollback did, in numbers that add up: rolled back + refused + not rolled back = all.
function rollbackResult(m: Migration): string {
  const customers = m.plan?.customers ?? [];
  const failed = new Set(m.errors.map((e) => e.customerId));
  const done = customers.filter((c) => c.step === "rolled_back").length;
  const refused = customers.filter((c) => c.step !== "rolled_back" && failed.has(c.customerId)).length;
  return t("rollbackResult", {
    done: formatNumber(done),
    refused: formatNumber(refused),
    other: formatNumber(customers.length - done - refused),
    total: formatNumber(customers.length),
  });
}

//! The rows of customers rolled back whose New Commerce purchase stayed committed (900213 on a
//! rolled-back customer), by customer id: the users were restored, so they are not failures.
function keptCommitments(m: Migration): Map<string, MigrationError> {
  const rolledBack = new Set((m.plan?.customers ?? []).filter((c) => c.step === "rolled_back").map((c) => c.customerId));
  return new Map(m.errors.filter((e) => e.code === KEPT_COMMITMENT && rolledBack.has(e.customerId)).map((e) => [e.customerId, e]));
}

//! What a rollback will do to the target each customer's step A bought, at the server's `now`:
//! still inside its 168 hours (cancelled or given back, refunded), past them (stays committed
//! until its end and stops renewing, or renews without the seats added), or a legacy target
//! (suspended or reduced at no cost). Customers whose step A bought nothing are in none.
function rollbackGroups(customers: MigrationCustomerPlan[], now: number) {
  const refunded: [MigrationCustomerPlan, Commitment, string][] = [];
  const committed: [MigrationCustomerPlan, Commitment][] = [];
  const legacy: MigrationCustomerPlan[] = [];
  for (const c of customers) {
    const until = c.commitment?.cancellationAllowedUntilDate;
    if (c.commitment && until) {
      if (Date.parse(until) > now) refunded.push([c, c.commitment, until]);
      else committed.push([c, c.commitment]);
    } else if (!c.commitment && c.targetSubscriptionId && (c.action === "purchase" || c.action === "addSeats")) {
      legacy.push(c);
    }
  }
  return { refunded, committed, legacy };
}

export async function migrationView(params: Record<string, string>) {
  const path = { migrationId: params.migrationId! };
  // The migration names its customers and SKUs itself: no directory to read.
  const migration = await must(api.GET("/v1/migrations/{migrationId}", { params: { path } }));
  const names = new Map<string, string>();
  let titles = titlesOf(migration, new Map());
  const nameOf = (id: string) => names.get(id) ?? t("unknownCustomer");
  const sourceTitle = migration.sourceOfferTitle ?? migration.sourceOfferId;
  const bar = h("progress", { max: 100, value: 0, id: uid("progress") });
  const label = h("span", { "aria-live": "polite" });
  const status = h("strong");
  const out = h("div");
  const result = h("p", { role: "status", class: "result" });
  const results = h("div");
  const controls = h("div", { class: "actions" });
  let rollbackAsked = false;
  let latest: Migration = migration;

  const refresh = async () => {
    const [m, clock] = await Promise.all([must(api.GET("/v1/migrations/{migrationId}", { params: { path } })), must(api.GET("/v1/clock"))]);
    latest = m;
    titles = titlesOf(m, titles);
    for (const c of m.plan?.customers ?? []) if (c.companyName) names.set(c.customerId, c.companyName);
    for (const e of m.errors) if (e.companyName) names.set(e.customerId, e.companyName);
    show({ id: m.id ?? "", status: m.status, progress: m.progress, errorCount: m.errors.length });
    const canRollBack = ROLLBACK_STATUSES.includes(m.status);
    if (rollbackAsked || m.plan?.customers.some((c) => c.step === "rolled_back")) result.textContent = rollbackResult(m);
    const customers = m.plan?.customers ?? [];
    const kept = keptCommitments(m);
    const errors = m.errors.filter((e) => !kept.has(e.customerId) || e.code !== KEPT_COMMITMENT);
    const targetOf = new Map(customers.map((c) => [c.customerId, c]));
    replace(
      results,
      kept.size ? keptSection(kept, targetOf) : null,
      h("h2", null, t("perCustomer")),
      planTable(customers, names, titles, { withResults: true, rollbackOne: canRollBack ? askRollback : undefined }),
      commitmentSection(customers, names, titles, { now: Date.parse(clock.now), kept, heading: "h2" }),
      errors.length
        ? [
            h("h2", null, t("errors")),
            table(
              [t("company"), t("details")],
              errors.map((e: MigrationError) => [link(`/customers/${e.customerId}`, nameOf(e.customerId)), errorCodeText(e.code, e.description)]),
            ),
          ]
        : null,
    );
  };

  //! The customers rolled back whose purchase stayed committed: said from each row's parameters
  //! (seats, the commitment's end, whether it renews), with a link to the subscription, where
  //! the agent can see it or change it. A notice, not an error: the users were restored.
  const keptSection = (kept: Map<string, MigrationError>, targetOf: Map<string, MigrationCustomerPlan>) => {
    const rows = [...kept.values()];
    return h(
      "section",
      { class: "kept", "aria-labelledby": "kept" },
      h("h2", { id: "kept" }, t("keptTitle")),
      h("p", { class: "notice warn", role: "status" }, t("keptIntro", { n: formatNumber(rows.length), source: sourceTitle })),
      table(
        [t("company"), t("target"), t("keptWhat"), hidden(t("openTheSubscription"))],
        rows.map((e) => {
          const c = targetOf.get(e.customerId);
          const subscriptionId = typeof e.parameters.subscriptionId === "string" ? e.parameters.subscriptionId : c?.targetSubscriptionId;
          return [
            link(`/customers/${e.customerId}`, nameOf(e.customerId)),
            c?.targetOfferTitle ?? (c ? targetText(c.targetOfferId, titles) : "—"),
            messageText("rollback", e.code, e.parameters),
            subscriptionId
              ? link(`/customers/${e.customerId}/subscriptions/${subscriptionId}`, t("openTheSubscription"), {
                  "aria-label": `${t("openTheSubscription")}: ${nameOf(e.customerId)}`,
                })
              : "",
          ];
        }),
      ),
    );
  };
  const run = (call: () => Promise<unknown>) =>
    call()
      .then(() => {
        listen();
        return refresh();
      })
      .catch((e: unknown) => replace(out, notice("error", errorText(e))));

  // Rolling back gives users their old license back and returns the new plan's seats as far as
  // their commitment allows: the agent is told, for every customer or for the one picked, which
  // purchases are still cancelled with a refund (inside their 168 hours) and which stay committed
  // until their end date and stop renewing, before anything is sent. The server's clock decides.
  const askRollback = (customer?: MigrationCustomerPlan) =>
    void must(api.GET("/v1/clock"))
      .then((clock) => showRollback(Date.parse(clock.now), customer))
      .catch((e: unknown) => replace(out, notice("error", errorText(e))));
  const showRollback = (now: number, customer?: MigrationCustomerPlan) => {
    const affected = customer ? [customer] : (latest.plan?.customers ?? []).filter((c) => !UNTOUCHED_STEPS.includes(c.step));
    const target = customer ? customer.targetOfferId : latest.targetOfferId;
    const targetTitle = !target || target === "recommended" ? t("newPlans") : targetText(target, titles);
    const planOf = (c: MigrationCustomerPlan) => c.targetOfferTitle ?? targetText(c.targetOfferId, titles);
    const { refunded, committed, legacy } = rollbackGroups(affected, now);
    const body: Child[] = [];
    if (refunded.length + committed.length === 0) {
      body.push(h("p", null, t("rollbackWhat", { source: sourceTitle, target: targetTitle })));
    } else {
      body.push(h("p", null, t("rollbackUsers", { source: sourceTitle })));
      if (refunded.length) {
        body.push(
          h("h3", null, t("rollbackRefundTitle", { n: formatNumber(refunded.length) })),
          h("p", null, t("rollbackRefundWhat")),
          h(
            "ul",
            { class: "rollback-refunded" },
            refunded.map(([c, , until]) =>
              h(
                "li",
                null,
                t(c.action === "addSeats" ? "rollbackRefundSeats" : "rollbackRefundItem", {
                  name: nameOf(c.customerId),
                  plan: planOf(c),
                  seats: formatNumber(c.seats),
                  until: formatInstant(until),
                }),
              ),
            ),
          ),
        );
      }
      if (committed.length) {
        body.push(
          h("h3", null, t("rollbackCommittedTitle", { n: formatNumber(committed.length) })),
          h("p", null, t("rollbackCommittedWhat", { source: sourceTitle })),
          h(
            "ul",
            { class: "rollback-committed" },
            committed.map(([c, commitment]) =>
              h(
                "li",
                null,
                t(c.action === "addSeats" ? "rollbackCommittedSeats" : "rollbackCommittedItem", {
                  name: nameOf(c.customerId),
                  plan: planOf(c),
                  seats: formatNumber(c.seats),
                  date: formatDate(commitment.commitmentEndDate),
                }),
              ),
            ),
          ),
        );
      }
      if (legacy.length) body.push(h("p", null, t("rollbackLegacy", { n: formatNumber(legacy.length) })));
    }
    replace(
      out,
      confirmPanel({
        title: customer ? t("rollbackOneTitle", { name: nameOf(customer.customerId) }) : t("rollbackAllTitle", { n: formatNumber(affected.length) }),
        body,
        confirm: t("rollbackConfirm"),
        danger: true,
        onConfirm: async () => {
          rollbackAsked = true;
          await must(
            api.POST("/v1/migrations/{migrationId}/rollback", {
              params: { path },
              body: customer ? { customerId: customer.customerId } : {},
            }),
          );
          replace(out);
          listen();
          await refresh();
        },
        onCancel: () => replace(out),
      }),
    );
  };

  //! `live`: the state came from the server's event stream (the bar says so in data-live).
  const show = (state: MigrationState, live = false) => {
    const p = state.progress;
    const percent = p.customersTotal ? Math.round((100 * p.customersDone) / p.customersTotal) : 100;
    bar.value = percent;
    bar.textContent = `${percent}%`;
    bar.setAttribute("aria-valuetext", `${percent}%`);
    if (live) bar.dataset.live = "true";
    label.textContent = `${percent}% — ${t("customersDone", { done: formatNumber(p.customersDone), total: formatNumber(p.customersTotal), users: formatNumber(p.usersMoved) })}`;
    status.textContent = valueLabel(state.status);
    status.dataset.status = state.status;
    const buttons: Child[] = [
      state.status === "running" ? h("button", { type: "button", onClick: () => void run(() => must(api.POST("/v1/migrations/{migrationId}/pause", { params: { path } }))) }, t("pause")) : null,
      state.status === "paused" ? h("button", { type: "button", onClick: () => void run(() => must(api.POST("/v1/migrations/{migrationId}/resume", { params: { path } }))) }, t("resume")) : null,
      ROLLBACK_STATUSES.includes(state.status) && state.status !== "rolled_back"
        ? h("button", { type: "button", class: "danger", onClick: () => askRollback() }, t("rollback"))
        : null,
    ];
    replace(controls, buttons);
  };

  let events: EventSource | null = null;
  const listen = () => {
    events?.close();
    events = new EventSource(`/v1/migrations/${encodeURIComponent(path.migrationId)}/events`);
    events.addEventListener("progress", (e) => show(JSON.parse((e as MessageEvent).data) as MigrationState, true));
    events.addEventListener("end", () => {
      events?.close();
      void refresh();
    });
    // The page was left: stop listening.
    window.addEventListener("popstate", () => events?.close(), { once: true });
  };

  show({ id: migration.id ?? "", status: migration.status, progress: migration.progress, errorCount: migration.errors.length });
  await refresh();
  // Always: a settled migration's stream sends its last state and ends at once.
  listen();
  return h(
    "section",
    null,
    h("h1", null, t("migrationHeading", { source: sourceTitle, target: migration.targetOfferTitle ?? targetText(migration.targetOfferId, titles) })),
    h("p", null, `${t("created")}: ${formatDateTime(migration.creationDate)} · `, t("status"), ": ", status),
    h("div", { class: "field" }, h("label", { for: bar.id }, t("progress")), bar, " ", label),
    controls,
    out,
    result,
    results,
  );
}
