// A. Add subscription: a plan from the catalog (end-of-sale SKUs not offered, their replacements
// suggested), a license count, and the order's confirmation.
import { api, must, requestId, type Customer, type Sku } from "../api/client";
import { guarded, link } from "../app";
import { field, h, replace, uid } from "../dom";
import { formatDate, formatMoney, t } from "../i18n";

//! The monthly price of one license in the customer's currency (monthly billing first).
function priceText(sku: Sku, customer: Customer): string {
  const prices = sku.prices.filter((p) => p.currency === customer.currency);
  const price = prices.find((p) => p.billingCycle === "monthly") ?? prices[0];
  if (!price) return t("noPrice", { currency: customer.currency });
  const perMonth = price.termDuration === "P1Y" && price.billingCycle === "annual" ? Math.round(price.unitPrice / 12) : price.unitPrice;
  return t("pricePerMonth", { price: formatMoney(perMonth, customer.currency) });
}

export async function addSubscriptionView(params: Record<string, string>) {
  const customerId = params.customerId!;
  const path = { customerId };
  const [customer, catalog, subscriptions] = await Promise.all([
    must(api.GET("/v1/customers/{customerId}", { params: { path } })),
    must(api.GET("/v1/skus")),
    must(api.GET("/v1/customers/{customerId}/subscriptions", { params: { path, query: { size: 1000 } } })),
  ]);
  const byId = new Map(catalog.items.map((s) => [s.id, s]));
  // The end-of-sale SKUs this customer holds, whose replacements are suggested first.
  const retiring = [...new Set(subscriptions.items.map((s) => s.offerId))]
    .map((id) => byId.get(id))
    .filter((s): s is Sku => !!s && !s.isPurchasable);
  const suggestedFor = new Map<string, string>();
  for (const old of retiring) for (const r of old.replacementSkuIds) suggestedFor.set(r, old.title);
  const offered = catalog.items
    .filter((s) => s.isPurchasable && (s.segment === customer.segment || suggestedFor.has(s.id)))
    .sort((a, b) => Number(suggestedFor.has(b.id)) - Number(suggestedFor.has(a.id)) || a.title.localeCompare(b.title));

  const out = h("div");
  const count = h("input", { type: "number", name: "quantity", min: 1, value: 1, required: true });
  const name = h("input", { type: "text", name: "friendlyName", maxlength: 128 });
  const radios = offered.map((sku) => {
    const radio = h("input", { type: "radio", name: "sku", value: sku.id, id: uid("sku"), required: true });
    radio.addEventListener("change", () => {
      count.min = String(sku.minimumQuantity);
      count.max = String(sku.maximumQuantity);
    });
    const hint = suggestedFor.get(sku.id);
    return h(
      "li",
      null,
      radio,
      h("label", { for: radio.id }, h("strong", null, sku.title), ` (${sku.id}) — ${priceText(sku, customer)}`),
      hint ? h("span", { class: "badge" }, t("suggestedReplacement", { sku: hint })) : null,
    );
  });
  const submit = guarded(out, async () => {
    const chosen = radios.map((li) => li.querySelector("input")!).find((r) => r.checked);
    if (!chosen) return;
    const order = await must(
      api.POST("/v1/customers/{customerId}/orders", {
        params: { path, header: { "MS-RequestId": requestId() } },
        body: {
          lineItems: [
            { lineItemNumber: 1, offerId: chosen.value, quantity: Number(count.value), friendlyName: name.value || undefined },
          ],
        },
      }),
    );
    const line = order.lineItems[0]!;
    replace(
      form,
      h(
        "div",
        { role: "status", class: "confirmation" },
        h("h2", null, t("orderDone")),
        h("p", null, t("orderSummary", { order: order.id, quantity: line.quantity, offer: line.offerId, subscription: line.subscriptionId ?? "" })),
        link(`/customers/${customerId}`, t("backToCustomer")),
      ),
    );
  });
  const form = h(
    "form",
    { onSubmit: submit },
    h("fieldset", null, h("legend", null, t("pickPlan")), h("p", null, t("pickPlanHint")), h("ul", { class: "choices" }, radios)),
    field(t("licenseCount"), count),
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
          list: old.replacementSkuIds.map((id) => byId.get(id)?.title ?? id).join(", "),
        }),
      ),
    ),
    form,
  );
}
