// A. Add subscription: a plan of the customer's segment (end-of-sale SKUs not offered, the
// recommended replacements of the ones it holds first), a license count preset to the users on
// the retiring SKU, a review of what will be bought, what it costs and, for New Commerce, what it
// commits the customer to (the term's end, 168 hours to cancel), then the order.
import { api, ApiFailure, must, requestId, type Schemas, type Sku } from "../api/client";
import { confirmPanel, guarded, link } from "../app";
import { field, h, replace, uid } from "../dom";
import { codeLabel, formatDate, formatInstant, formatMoney, formatNumber, t, valueLabel } from "../i18n";

type Quote = Schemas["Quote"];
type Term = Schemas["TermDuration"];
type Billing = Schemas["BillingCycle"];
type LineItem = { lineItemNumber: number; offerId: string; quantity: number; friendlyName?: string; termDuration: Term; billingCycle: Billing };

const MONTHS: Record<string, number> = { P1M: 1, P1Y: 12, P3Y: 36 };
const DAY_MS = 86_400_000;
//! New Commerce: a purchase can be cancelled only within this many hours.
const CANCELLATION_HOURS = 168;

//! The last day of a term of `months` bought on `today` (YYYY-MM-DD, UTC), as the server counts
//! it: the same day `months` later (the month's last day when it has no such day), less a day.
function termEnd(today: string, months: number): string {
  const [year, month, day] = today.split("-").map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, 0)).getUTCDate();
  const same = Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), Math.min(day, last));
  return new Date(same - DAY_MS).toISOString();
}

//! What buying `sku` for `term` commits the customer to, bought at the server's `now`: for New
//! Commerce the term's last day and the 168-hour window (cancellable until, then committed);
//! for legacy, that it commits to nothing.
function commitmentFacts(sku: Sku, term: Term, now: string): { facts: [string, string][]; note: HTMLElement } {
  if (sku.commerce !== "newCommerce") {
    return { facts: [[t("commerceModel"), codeLabel("commerce", sku.commerce)]], note: h("p", { class: "notice" }, t("reviewLegacy")) };
  }
  const ends = formatDate(termEnd(now.slice(0, 10), MONTHS[term] ?? 12));
  const until = formatInstant(new Date(Date.parse(now) + CANCELLATION_HOURS * 3_600_000).toISOString());
  return {
    facts: [
      [t("commerceModel"), codeLabel("commerce", sku.commerce)],
      [t("reviewCommittedUntil"), ends],
      [t("reviewCancellableUntil"), until],
    ],
    note: h("p", { class: "notice warn" }, t("reviewNewCommerce", { date: ends, until })),
  };
}
//! The terms an order is offered at, in order: the order's default (a year's term billed
//! monthly), else a month's term billed monthly. The line item names both, so what the review
//! shows is what is bought.
const TERMS: [Term, Billing][] = [
  ["P1Y", "monthly"],
  ["P1M", "monthly"],
];

//! What `quantity` licenses of every plan the customer may buy cost, per term of TERMS: the
//! server prices them (the price list for the customer's country and currency, the partner's
//! margin), so the screen never computes a price of its own.
async function quotes(customerId: string, quantity: number, offerId?: string): Promise<Map<string, Quote>> {
  const answers = await Promise.all(
    TERMS.map(([termDuration, billingCycle]) =>
      must(api.GET("/v1/customers/{customerId}/quotes", { params: { path: { customerId }, query: { quantity, termDuration, billingCycle, offerId } } })),
    ),
  );
  const best = new Map<string, Quote>();
  for (const answer of answers)
    for (const quote of answer.items) if (quote.unit && !best.has(quote.offerId)) best.set(quote.offerId, quote);
  return best;
}

//! A license for a month, as quoted for one license.
function priceText(quote: Quote | undefined, currency: string): string {
  if (!quote?.unit || !quote.monthly) return t("noPrice", { currency });
  return t("priceLine", {
    price: formatMoney(quote.monthly!.unitPrice / quote.quantity, currency),
    term: codeLabel("term", quote.termDuration),
    billing: codeLabel("billing", quote.billingCycle),
  });
}

// One purchase intent, one request id: made when the agent reviews an order, kept for every
// retry of that same order until the server has answered it, so a double click or a retry after
// a lost answer is replayed by the server instead of buying again. A different order (another
// plan, count or name) is another intent with a new id.
let intent: { key: string; requestId: string } | null = null;

function requestIdFor(line: LineItem): string {
  const key = JSON.stringify(line);
  if (intent?.key !== key) intent = { key, requestId: requestId() };
  return intent.requestId;
}

function answered(error: unknown): boolean {
  return error instanceof ApiFailure && error.status < 500;
}

//! `?sku=ID&quantity=N` (the expiring report's link) preset the plan, when it is offered, and the
//! license count.
export async function addSubscriptionView(params: Record<string, string>, query: URLSearchParams) {
  const customerId = params.customerId!;
  const path = { customerId };
  const [customer, catalog, subscriptions, subscribed, listed] = await Promise.all([
    must(api.GET("/v1/customers/{customerId}", { params: { path } })),
    must(api.GET("/v1/skus")),
    must(api.GET("/v1/customers/{customerId}/subscriptions", { params: { path, query: { size: 1000 } } })),
    must(api.GET("/v1/customers/{customerId}/subscribedskus", { params: { path } })),
    quotes(customerId, 1),
  ]);
  const byId = new Map(catalog.items.map((s) => [s.id, s]));
  // The end-of-sale SKUs this customer holds: their replacements, in the catalog's order of
  // recommendation, are offered first.
  const retiring = [...new Set(subscriptions.items.map((s) => s.offerId))]
    .map((id) => byId.get(id))
    .filter((s): s is Sku => !!s && !s.isPurchasable);
  const rank = new Map<string, { rank: number; replaces: Sku }>();
  for (const old of retiring)
    old.replacementSkuIds.forEach((id, i) => {
      if (!rank.has(id)) rank.set(id, { rank: i, replaces: old });
    });
  // Only the customer's segment: a commercial customer is not offered faculty plans.
  const offered = catalog.items
    .filter((s) => s.isPurchasable && s.segment === customer.segment)
    .sort((a, b) => (rank.get(a.id)?.rank ?? Infinity) - (rank.get(b.id)?.rank ?? Infinity) || a.title.localeCompare(b.title));
  const asked = offered.find((s) => s.id === query.get("sku"));
  const recommended = offered.find((s) => rank.has(s.id));
  const preset = asked ?? recommended;
  // As many licenses as users hold the retiring SKU(s): the users step B will move.
  const holders = subscribed.items.filter((s) => retiring.some((r) => r.id === s.productSku.id)).reduce((n, s) => n + s.consumedUnits, 0);

  const out = h("div");
  const askedCount = Number(query.get("quantity"));
  const count = h("input", {
    type: "number",
    name: "quantity",
    min: 1,
    value: Number.isInteger(askedCount) && askedCount >= 1 ? askedCount : Math.max(1, holders),
    required: true,
  });
  const name = h("input", { type: "text", name: "friendlyName", maxlength: 128 });
  const radios = offered.map((sku) => {
    const radio = h("input", { type: "radio", name: "sku", value: sku.id, id: uid("sku"), required: true, checked: sku === preset });
    radio.addEventListener("change", () => {
      count.min = String(sku.minimumQuantity);
      count.max = String(sku.maximumQuantity);
    });
    const replaces = rank.get(sku.id)?.replaces;
    return h(
      "li",
      null,
      radio,
      h("label", { for: radio.id }, h("strong", null, sku.title), ` — ${priceText(listed.get(sku.id), customer.currency)}`),
      sku === recommended ? h("span", { class: "badge" }, t("recommendedBadge")) : null,
      replaces ? h("span", { class: "badge" }, t("suggestedReplacement", { sku: replaces.title })) : null,
    );
  });

  const chosenSku = (): Sku | undefined => byId.get(radios.map((li) => li.querySelector("input")!).find((r) => r.checked)?.value ?? "");
  const review = h("div");
  const lineItem = (sku: Sku, quote: Quote | undefined): LineItem => ({
    lineItemNumber: 1,
    offerId: sku.id,
    quantity: Number(count.value),
    friendlyName: name.value || undefined,
    termDuration: quote?.termDuration ?? "P1Y",
    billingCycle: quote?.billingCycle ?? "monthly",
  });
  const buy = async (line: LineItem, sku: Sku) => {
    let order;
    try {
      order = await must(
        api.POST("/v1/customers/{customerId}/orders", {
          params: { path, header: { "MS-RequestId": requestIdFor(line) } },
          body: { lineItems: [line] },
        }),
      );
    } catch (error) {
      if (answered(error)) intent = null;
      throw error;
    }
    intent = null;
    const bought = order.lineItems[0]!;
    replace(
      form,
      h(
        "div",
        { role: "status", class: "confirmation" },
        h("h2", null, t("orderDone")),
        h("p", null, t("purchaseDone", { quantity: formatNumber(bought.quantity), offer: sku.title })),
        bought.subscriptionId ? h("p", null, link(`/customers/${customerId}/subscriptions/${bought.subscriptionId}`, t("openSubscription"))) : null,
        link(`/customers/${customerId}`, t("backToCustomer")),
      ),
    );
    replace(review);
    form.hidden = false;
  };
  const submit = guarded(out, async () => {
    const sku = chosenSku();
    if (!sku) return;
    // Priced for the count asked: a tiered price depends on it. The commitment is counted from
    // the server's today (a simulated clock is not the browser's).
    const [priced, clock] = await Promise.all([quotes(customerId, Number(count.value), sku.id), must(api.GET("/v1/clock"))]);
    const quote = priced.get(sku.id);
    const line = lineItem(sku, quote);
    requestIdFor(line);
    const month = quote?.monthly ?? null;
    const currency = customer.currency;
    const facts: [string, string][] = [
      [t("purchasePlan"), sku.title],
      [t("licenseCount"), formatNumber(line.quantity)],
      [t("term"), codeLabel("term", line.termDuration)],
      [t("billing"), codeLabel("billing", line.billingCycle)],
      [t("monthlyTotal"), month === null ? t("noPrice", { currency }) : formatMoney(month.unitPrice, currency)],
      [t("termTotal", { term: codeLabel("term", line.termDuration) }), month === null ? "—" : formatMoney(month.unitPrice * (MONTHS[line.termDuration] ?? 1), currency)],
      [t("monthlyCost"), month === null ? "—" : formatMoney(month.unitCost, currency)],
      [t("monthlyMargin"), month === null ? "—" : formatMoney(month.unitPrice - month.unitCost, currency)],
    ];
    const commitment = commitmentFacts(sku, line.termDuration, clock.now);
    form.hidden = true;
    replace(
      review,
      confirmPanel({
        title: t("reviewPurchase"),
        body: [h("dl", null, [...facts, ...commitment.facts].map(([k, v]) => [h("dt", null, k), h("dd", null, v)])), commitment.note],
        confirm: t("confirmPurchase"),
        onConfirm: () => buy(line, sku),
        onCancel: () => {
          replace(review);
          form.hidden = false;
        },
      }),
    );
  });
  const form = h(
    "form",
    { onSubmit: submit },
    h(
      "fieldset",
      null,
      h("legend", null, t("pickPlan")),
      h("p", null, retiring[0] ? t("pickPlanFor", { segment: valueLabel(customer.segment), sku: retiring[0].title }) : t("pickPlanHint")),
      h("ul", { class: "choices" }, radios),
    ),
    field(t("licenseCount"), count, holders > 0 && retiring[0] ? t("presetCount", { n: formatNumber(holders), sku: retiring[0].title }) : undefined),
    field(t("friendlyName"), name),
    h("button", { type: "submit" }, t("submitOrder")),
    out,
  );
  return h(
    "section",
    null,
    h("h1", null, `${t("addSubscription")}: ${customer.companyProfile.companyName}`),
    retiring.map((old) =>
      h(
        "p",
        { class: "notice warn" },
        t("notSold", {
          sku: old.title,
          date: formatDate(old.lifecycle.endOfSaleDate),
          list: old.replacementSkuIds
            .filter((id) => byId.get(id)?.segment === customer.segment)
            .map((id) => byId.get(id)?.title ?? id)
            .join(", "),
        }),
      ),
    ),
    form,
    review,
  );
}
