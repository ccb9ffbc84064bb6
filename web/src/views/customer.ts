// A customer: seats per SKU, subscriptions, users with their licenses (selectable for B).
import { api, must, type CustomerUser, type License } from "../api/client";
import { can, link, navigate, notice } from "../app";
import { h, hidden, replace, table, uid } from "../dom";
import { formatDate, t, valueLabel } from "../i18n";

//! Every user of the customer (the API pages them), with the licenses each holds.
export async function usersWithLicenses(customerId: string): Promise<{ user: CustomerUser; licenses: License[] }[]> {
  const users: CustomerUser[] = [];
  let token: string | undefined;
  do {
    const page = await must(
      api.GET("/v1/customers/{customerId}/users", {
        params: { path: { customerId }, query: { size: 1000, continuationToken: token } },
      }),
    );
    users.push(...page.items);
    token = page.continuationToken ?? undefined;
  } while (token);
  // A few at a time: a large customer must not open hundreds of requests at once.
  const result: { user: CustomerUser; licenses: License[] }[] = [];
  for (let i = 0; i < users.length; i += 8) {
    const batch = users.slice(i, i + 8);
    const licenses = await Promise.all(
      batch.map((user) =>
        must(
          api.GET("/v1/customers/{customerId}/users/{userId}/licenses", {
            params: { path: { customerId, userId: user.id } },
          }),
        ),
      ),
    );
    batch.forEach((user, j) => result.push({ user, licenses: licenses[j]!.items }));
  }
  return result;
}

export async function customerView(params: Record<string, string>) {
  const customerId = params.customerId!;
  const path = { customerId };
  const [customer, skus, subscriptions, users] = await Promise.all([
    must(api.GET("/v1/customers/{customerId}", { params: { path } })),
    must(api.GET("/v1/customers/{customerId}/subscribedskus", { params: { path } })),
    must(api.GET("/v1/customers/{customerId}/subscriptions", { params: { path, query: { size: 1000 } } })),
    usersWithLicenses(customerId),
  ]);
  const selectable = can("manageLicenses");
  const boxes: HTMLInputElement[] = [];
  const selectAll = h("input", {
    type: "checkbox",
    id: uid("all"),
    onChange: () => boxes.forEach((b) => (b.checked = selectAll.checked)),
  });
  const userRows = users.map(({ user, licenses }) => {
    const box = h("input", { type: "checkbox", value: user.id, id: uid("u"), "aria-label": t("selectUser", { name: user.displayName }) });
    boxes.push(box);
    return [
      selectable ? box : null,
      user.displayName,
      user.userPrincipalName,
      licenses.map((l) => l.productSku.name).join(", ") || "—",
    ];
  });
  const out = h("div");
  const manage = () => {
    const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
    if (chosen.length === 0) {
      replace(out, notice("error", t("noneSelected")));
      return;
    }
    navigate(`/customers/${customerId}/licenses?users=${chosen.join(",")}`);
  };
  return h(
    "section",
    null,
    h("h1", null, customer.companyProfile.companyName),
    h("p", null, `${customer.companyProfile.domain} · ${valueLabel(customer.segment)} · ${customer.country} · ${customer.currency}`),
    h("h2", null, t("seatsPerSku")),
    table(
      [t("sku"), t("active"), t("consumed"), t("available")],
      skus.items.map((s) => [s.productSku.name, s.activeUnits, s.consumedUnits, s.availableUnits]),
    ),
    h("h2", null, t("subscriptions")),
    can("placeOrders") ? link(`/customers/${customerId}/add-subscription`, t("addSubscription"), { class: "button" }) : null,
    table(
      [t("offer"), t("friendlyName"), t("quantity"), t("status"), t("autoRenew"), t("endDate"), ""],
      subscriptions.items.map((s) => [
        s.offerName,
        s.friendlyName,
        s.quantity,
        valueLabel(s.status),
        s.autoRenewEnabled ? t("yes") : t("no"),
        formatDate(s.commitmentEndDate),
        link(`/customers/${customerId}/subscriptions/${s.id}`, t("details"), {
          "aria-label": `${t("details")}: ${s.friendlyName || s.offerName}`,
        }),
      ]),
    ),
    h("h2", null, t("usersAndLicenses")),
    selectable
      ? h(
          "div",
          { class: "inline" },
          h("label", { for: selectAll.id }, selectAll, " ", t("selectAllUsers")),
          h("button", { type: "button", onClick: manage }, t("manageLicenses")),
          out,
        )
      : null,
    table(
      selectable ? [hidden(t("selectAllUsers")), t("user"), "UPN", t("licenses")] : [t("user"), "UPN", t("licenses")],
      userRows.map((r) => r.filter((c) => c !== null)),
    ),
  );
}
