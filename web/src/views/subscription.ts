// C. Subscription details: suspend (warning, naming the users still assigned), reactivate,
// auto-renew, quantity, friendly name; the deprovisioning date of a suspended subscription.
import { api, ApiFailure, must, type Subscription } from "../api/client";
import { can, errorText, link, notice, rerender } from "../app";
import { field, h, replace } from "../dom";
import { formatDate, formatDateTime, t, valueLabel } from "../i18n";

type Change = { status?: "active" | "suspended"; quantity?: number; autoRenewEnabled?: boolean; friendlyName?: string };

export async function subscriptionView(params: Record<string, string>) {
  const path = { customerId: params.customerId!, subscriptionId: params.subscriptionId! };
  const s: Subscription = await must(api.GET("/v1/customers/{customerId}/subscriptions/{subscriptionId}", { params: { path } }));
  const out = h("div", { "aria-live": "polite" });
  const editable = can("manageSubscriptions");

  const patch = async (change: Change, force = false) => {
    const { response, error } = await api.PATCH("/v1/customers/{customerId}/subscriptions/{subscriptionId}", {
      params: { path, query: force ? { force: true } : {}, header: { "If-Match": s.attributes.etag ?? "*" } },
      body: change,
    });
    if (response.ok) return rerender();
    const failure = new ApiFailure(response.status, error as ApiFailure["body"]);
    if (failure.body?.code === "licensesStillAssigned") {
      const data = failure.body.data ?? [];
      const count = data.map((d) => (d as Record<string, unknown>).count).find((c) => c !== undefined) ?? "?";
      const users = data.flatMap((d) => {
        const first = (d as Record<string, unknown>).users ?? (d as Record<string, unknown>).firstUsers;
        return Array.isArray(first) ? first.map(String) : [];
      });
      replace(
        out,
        h(
          "div",
          { class: "notice warn", role: "alert" },
          h("p", null, t("stillAssigned", { count: String(count), users: users.join(", ") || failure.message })),
          h("button", { type: "button", onClick: () => void patch(change, true).catch(show) }, t("suspendAnyway")),
        ),
      );
      return;
    }
    throw failure;
  };
  const show = (error: unknown) => replace(out, notice("error", errorText(error)));
  const act = (change: Change) => () => void patch(change).catch(show);

  const quantity = h("input", { type: "number", name: "quantity", min: 1, value: s.quantity });
  const name = h("input", { type: "text", name: "friendlyName", value: s.friendlyName, maxlength: 128 });
  const renew = h("input", { type: "checkbox", name: "autoRenewEnabled", checked: s.autoRenewEnabled });
  const form = (control: HTMLElement, label: string, change: () => Change) =>
    h(
      "form",
      { class: "inline", onSubmit: (e: Event) => (e.preventDefault(), act(change())()) },
      field(label, control),
      h("button", { type: "submit" }, `${t("save")}: ${label}`),
    );

  const facts: [string, string][] = [
    [t("offer"), `${s.offerName} (${s.offerId})`],
    [t("status"), valueLabel(s.status)],
    [t("quantity"), String(s.quantity)],
    [t("autoRenew"), s.autoRenewEnabled ? t("yes") : t("no")],
    [t("startDate"), formatDate(s.effectiveStartDate)],
    [t("endDate"), formatDate(s.commitmentEndDate)],
    [t("term"), s.termDuration],
    [t("billing"), s.billingCycle],
  ];
  return h(
    "section",
    null,
    h("h1", null, t("subscriptionTitle", { name: s.friendlyName || s.offerName })),
    h("dl", null, facts.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])),
    s.status === "suspended"
      ? h("p", { class: "notice warn" }, t("deprovisionOn", { suspended: formatDateTime(s.suspendedAt), date: formatDate(s.deprovisionDate) }))
      : null,
    editable
      ? h(
          "div",
          { class: "actions" },
          s.status === "active" ? h("button", { type: "button", onClick: act({ status: "suspended" }) }, t("suspend")) : null,
          s.status === "suspended" ? h("button", { type: "button", onClick: act({ status: "active" }) }, t("reactivate")) : null,
          s.status === "active"
            ? [
                form(renew, t("autoRenew"), () => ({ autoRenewEnabled: renew.checked })),
                form(quantity, t("quantity"), () => ({ quantity: Number(quantity.value) })),
                form(name, t("friendlyName"), () => ({ friendlyName: name.value })),
              ]
            : null,
        )
      : null,
    out,
    link(`/customers/${params.customerId}`, t("backToCustomer")),
  );
}
