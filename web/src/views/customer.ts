// A customer: seats per SKU, subscriptions (with the seats each renews with), "renew with only
// the assigned seats", users with their licenses (selectable for B).
import { api, must, type CustomerUser, type License } from "../api/client";
import { can, errorText, link, navigate, notice, rerenderWith, takeFlash } from "../app";
import { h, hidden, replace, table, uid } from "../dom";
import { formatDate, formatNumber, t, valueLabel } from "../i18n";
import { reductionNotice } from "./subscription";

export type UserWithLicenses = { user: CustomerUser; licenses: License[] };

// The customer page asks for one page of users at a time, with their licenses (one request);
// licensesOf serves the licenses page, which is given chosen users: one request each, a few at
// once.
const USERS_PER_PAGE = 25;
const REQUESTS_AT_ONCE = 6;

//! The licenses of `users`, REQUESTS_AT_ONCE requests at a time.
export async function licensesOf(customerId: string, users: CustomerUser[]): Promise<UserWithLicenses[]> {
  const result: UserWithLicenses[] = [];
  for (let i = 0; i < users.length; i += REQUESTS_AT_ONCE) {
    const batch = users.slice(i, i + REQUESTS_AT_ONCE);
    const licenses = await Promise.all(
      batch.map((user) =>
        must(api.GET("/v1/customers/{customerId}/users/{userId}/licenses", { params: { path: { customerId, userId: user.id } } })),
      ),
    );
    batch.forEach((user, j) => result.push({ user, licenses: licenses[j]!.items }));
  }
  return result;
}

//! Every user of the customer, without licenses (pages of 1000: a few requests).
export async function allUsers(customerId: string): Promise<CustomerUser[]> {
  const users: CustomerUser[] = [];
  let token: string | undefined;
  do {
    const page = await must(
      api.GET("/v1/customers/{customerId}/users", { params: { path: { customerId }, query: { size: 1000, continuationToken: token } } }),
    );
    users.push(...page.items);
    token = page.continuationToken ?? undefined;
  } while (token);
  return users;
}

//! The users and licenses section: a page of users at a time (forward with the API's
//! continuation token, back along the tokens already seen), selectable for step B.
async function usersSection(customerId: string): Promise<HTMLElement> {
  const selectable = can("manageLicenses");
  const holder = h("div");
  const out = h("div");
  const trail: (string | undefined)[] = [undefined];
  const show = async (index: number) => {
    const page = await must(
      api.GET("/v1/customers/{customerId}/users", {
        params: { path: { customerId }, query: { size: USERS_PER_PAGE, include: "licenses", continuationToken: trail[index] } },
      }),
    );
    if (page.continuationToken) trail[index + 1] = page.continuationToken;
    // include=licenses: the page's users come with their licenses, one request in all.
    const users = page.items.map((user) => ({ user, licenses: user.licenses ?? [] }));
    const boxes = users.map(({ user }) =>
      h("input", { type: "checkbox", value: user.id, id: uid("u"), "aria-label": t("selectUser", { name: user.displayName }) }),
    );
    const selectAll = h("input", { type: "checkbox", id: uid("all"), onChange: () => boxes.forEach((b) => (b.checked = selectAll.checked)) });
    const manage = () => {
      const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
      if (chosen.length === 0) return replace(out, notice("error", t("noneSelected")));
      navigate(`/customers/${customerId}/licenses?users=${chosen.join(",")}`);
    };
    const first = index * USERS_PER_PAGE + 1;
    const go = (to: number) => () => void show(to).catch((e: unknown) => replace(out, notice("error", errorText(e))));
    replace(
      holder,
      selectable
        ? h(
            "div",
            { class: "inline" },
            h("label", { for: selectAll.id }, selectAll, " ", t("selectAllUsers")),
            h("button", { type: "button", onClick: manage }, t("manageLicenses")),
            page.totalCount > users.length
              ? h("button", { type: "button", class: "secondary", onClick: () => navigate(`/customers/${customerId}/licenses?users=all`) }, t("manageAllUsers", { n: formatNumber(page.totalCount) }))
              : null,
            out,
          )
        : out,
      table(
        selectable ? [hidden(t("selectAllUsers")), t("user"), "UPN", t("licenses")] : [t("user"), "UPN", t("licenses")],
        users.map(({ user, licenses }, i) => [
          selectable ? boxes[i]! : null,
          user.displayName,
          user.userPrincipalName,
          licenses.map((l) => l.productSku.name ?? l.productSku.id).join(", ") || "—",
        ].filter((c) => c !== null)),
      ),
      page.totalCount > USERS_PER_PAGE
        ? h(
            "div",
            { class: "pager" },
            h("button", { type: "button", disabled: index === 0, onClick: go(index - 1) }, t("previousPage")),
            h("span", { "aria-live": "polite" }, t("usersRange", { first: formatNumber(first), last: formatNumber(first + users.length - 1), total: formatNumber(page.totalCount) })),
            h("button", { type: "button", disabled: !page.continuationToken, onClick: go(index + 1) }, t("nextPage")),
          )
        : null,
    );
  };
  await show(0);
  return holder;
}

export async function customerView(params: Record<string, string>) {
  const customerId = params.customerId!;
  const path = { customerId };
  const [customer, skus, subscriptions, users] = await Promise.all([
    must(api.GET("/v1/customers/{customerId}", { params: { path } })),
    must(api.GET("/v1/customers/{customerId}/subscribedskus", { params: { path } })),
    must(api.GET("/v1/customers/{customerId}/subscriptions", { params: { path, query: { size: 1000 } } })),
    usersSection(customerId),
  ]);
  // New Commerce subscriptions that renew can be scheduled down to the seats their users hold;
  // the server picks them (legacy ones renew as they are) and answers with those it changed.
  const renewing = subscriptions.items.some((s) => s.status === "active" && s.autoRenewEnabled);
  const reduceOut = h("div", { "aria-live": "polite" });
  const reduce = h("button", { type: "button", class: "secondary" }, t("renewAssigned"));
  reduce.addEventListener("click", () => {
    if (reduce.disabled) return;
    reduce.disabled = true;
    must(api.POST("/v1/customers/{customerId}/renewalreductions", { params: { path } }))
      .then((result) => (result.items.length ? rerenderWith(reductionNotice(result.items)) : replace(reduceOut, reductionNotice([]))))
      .catch((e: unknown) => replace(reduceOut, notice("error", errorText(e))))
      .finally(() => (reduce.disabled = false));
  });
  return h(
    "section",
    null,
    h("h1", null, customer.companyProfile.companyName),
    h("p", null, `${customer.companyProfile.domain} · ${valueLabel(customer.segment)} · ${customer.country} · ${customer.currency}`),
    h("h2", null, t("seatsPerSku")),
    table(
      [t("sku"), t("active"), t("consumed"), t("available")],
      skus.items.map((s) => [s.productSku.name ?? s.productSku.id, s.activeUnits, s.consumedUnits, s.availableUnits]),
    ),
    h("h2", null, t("subscriptions")),
    takeFlash(),
    h(
      "div",
      { class: "inline" },
      can("placeOrders") ? link(`/customers/${customerId}/add-subscription`, t("addSubscription"), { class: "button" }) : null,
      can("manageSubscriptions") && renewing ? [reduce, h("small", null, t("renewAssignedHint"))] : null,
    ),
    reduceOut,
    table(
      [t("offer"), t("friendlyName"), t("quantity"), t("status"), t("autoRenew"), t("endDate"), t("atRenewal"), ""],
      subscriptions.items.map((s) => [
        s.offerName,
        s.friendlyName,
        s.quantity,
        valueLabel(s.status),
        s.autoRenewEnabled ? t("yes") : t("no"),
        formatDate(s.commitmentEndDate),
        s.status === "active" && s.autoRenewEnabled ? formatNumber(s.scheduledNextTermInstructions?.quantity ?? s.quantity) : "—",
        link(`/customers/${customerId}/subscriptions/${s.id}`, t("details"), {
          "aria-label": `${t("details")}: ${s.friendlyName || s.offerName}`,
        }),
      ]),
    ),
    h("h2", null, t("usersAndLicenses")),
    users,
  );
}
