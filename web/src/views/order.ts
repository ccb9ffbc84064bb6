// A. Add subscription: a plan of the customer's segment (end-of-sale SKUs not offered, the
// recommended replacements of the ones it holds first), a license count preset to the users on
// the retiring SKU, a review of what will be bought and what it costs, then the order.
import { api, ApiFailure, must, requestId, type Customer, type Sku } from "../api/client";
import { confirmPanel, guarded, link } from "../app";
import { field, h, replace, uid } from "../dom";
import { codeLabel, formatDate, formatMoney, formatNumber, t, valueLabel } from "../i18n";

type Price = Sku["prices"][number];
type LineItem = { lineItemNumber: number; offerId: string; quantity: number; friendlyName?: string; termDuration: "P1M" | "P1Y"; billingCycle: "monthly" | "annual" };

const MONTHS: Record<string, number> = { P1M: 1, P1Y: 12 };

//! The price the order buys at: the order's default (a year's term billed monthly) when the
//! customer's currency has it, else a month's term billed monthly. The line item names both,
//! so what the review shows is what is bought.
function orderPrice(sku: Sku, customer: Customer): Price | undefined {
  const prices = sku.prices.filter((p) => p.currency === customer.currency && p.billingCycle === "monthly");
  return prices.find((p) => p.termDuration === "P1Y") ?? prices.find((p) => p.termDuration === "P1M");
}

function priceText(sku: Sku, customer: Customer): string {
  const price = orderPrice(sku, customer);
  if (!price) return t("noPrice", { currency: customer.currency });
  return t("priceLine", {
    price: formatMoney(price.unitPrice, customer.currency),
    term: codeLabel("term", price.termDuration),
    billing: codeLabel("billing", price.billingCycle),
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
  const [customer, catalog, subscriptions, subscribed] = await Promise.all([
    must(api.GET("/v1/customers/{customerId}", { params: { path } })),
    must(api.GET("/v1/skus")),
    must(api.GET("/v1/customers/{customerId}/subscriptions", { params: { path, query: { size: 1000 } } })),
    must(api.GET("/v1/customers/{customerId}/subscribedskus", { params: { path } })),
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
      h("label", { for: radio.id }, h("strong", null, sku.title), ` — ${priceText(sku, customer)}`),
      sku === recommended ? h("span", { class: "badge" }, t("recommendedBadge")) : null,
      replaces ? h("span", { class: "badge" }, t("suggestedReplacement", { sku: replaces.title })) : null,
    );
  });

  const chosenSku = (): Sku | undefined => byId.get(radios.map((li) => li.querySelector("input")!).find((r) => r.checked)?.value ?? "");
  const review = h("div");
  const lineItem = (sku: Sku, price: Price | undefined): LineItem => ({
    lineItemNumber: 1,
    offerId: sku.id,
    quantity: Number(count.value),
    friendlyName: name.value || undefined,
    termDuration: price?.termDuration ?? "P1Y",
    billingCycle: price?.billingCycle ?? "monthly",
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
    const price = orderPrice(sku, customer);
    const line = lineItem(sku, price);
    requestIdFor(line);
    const monthly = price ? price.unitPrice * line.quantity : null;
    const facts: [string, string][] = [
      [t("purchasePlan"), sku.title],
      [t("licenseCount"), formatNumber(line.quantity)],
      [t("term"), codeLabel("term", line.termDuration)],
      [t("billing"), codeLabel("billing", line.billingCycle)],
      [t("monthlyTotal"), monthly === null ? t("noPrice", { currency: customer.currency }) : formatMoney(monthly, customer.currency)],
      [
        t("termTotal", { term: codeLabel("term", line.termDuration) }),
        monthly === null ? "—" : formatMoney(monthly * (MONTHS[line.termDuration] ?? 1), customer.currency),
      ],
    ];
    form.hidden = true;
    replace(
      review,
      confirmPanel({
        title: t("reviewPurchase"),
        body: [h("dl", null, facts.map(([k, v]) => [h("dt", null, k), h("dd", null, v)]))],
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
