// C. Subscription details: suspend (warning, naming the users still assigned), reactivate,
// auto-renew, quantity, friendly name; the deprovisioning date of a suspended subscription.
import { api, ApiFailure, must, type Subscription } from "../api/client";
import { can, confirmPanel, errorText, link, notice, rerender } from "../app";
import { field, h, replace } from "../dom";
import { codeLabel, formatDate, formatDateTime, formatNumber, t, valueLabel } from "../i18n";

const DEPROVISION_DAYS = 120;

type Change = { status?: "active" | "suspended"; quantity?: number; autoRenewEnabled?: boolean; friendlyName?: string };

export async function subscriptionView(params: Record<string, string>) {
  const path = { customerId: params.customerId!, subscriptionId: params.subscriptionId! };
  const [s, clock]: [Subscription, { now: string }] = await Promise.all([
    must(api.GET("/v1/customers/{customerId}/subscriptions/{subscriptionId}", { params: { path } })),
    must(api.GET("/v1/clock")),
  ]);
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
      const count = Number(data.map((d) => (d as Record<string, unknown>).count).find((c) => c !== undefined) ?? 0);
      const users = data.flatMap((d) => {
        const first = (d as Record<string, unknown>).users ?? (d as Record<string, unknown>).firstUsers;
        return Array.isArray(first) ? first.map(String) : [];
      });
      // The refusal names the first few users; the rest are counted, not left out silently.
      const more = count > users.length && users.length > 0 ? ` ${t("andMore", { n: formatNumber(count - users.length) })}` : "";
      replace(
        out,
        h(
          "div",
          { class: "notice warn", role: "alert" },
          h("p", null, t("stillAssigned", { count: formatNumber(count), users: users.join(", ") + more })),
          h("button", { type: "button", class: "danger", onClick: () => void patch(change, true).catch(show) }, t("suspendAnyway")),
        ),
      );
      return;
    }
    throw failure;
  };
  const show = (error: unknown) => replace(out, notice("error", errorText(error)));
  const act = (change: Change) => () => void patch(change).catch(show);

  // Suspending takes the service away at once and starts the 120-day clock to deprovisioning:
  // the agent is told so, and confirms, before anything is sent.
  const subscriptionName = s.friendlyName || s.offerName;
  const deprovisionDate = new Date(Date.parse(clock.now.slice(0, 10)) + DEPROVISION_DAYS * 86_400_000).toISOString();
  const askToSuspend = () =>
    replace(
      out,
      confirmPanel({
        title: t("suspendTitle", { name: subscriptionName }),
        body: [h("p", null, t("suspendWhat", { date: formatDate(deprovisionDate) }))],
        confirm: t("suspendConfirm"),
        danger: true,
        onConfirm: () => patch({ status: "suspended" }),
        onCancel: () => replace(out),
      }),
    );

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
    [t("offer"), s.offerName],
    [t("status"), valueLabel(s.status)],
    [t("quantity"), String(s.quantity)],
    [t("autoRenew"), s.autoRenewEnabled ? t("yes") : t("no")],
    [t("startDate"), formatDate(s.effectiveStartDate)],
    [t("endDate"), formatDate(s.commitmentEndDate)],
    [t("term"), codeLabel("term", s.termDuration)],
    [t("billing"), codeLabel("billing", s.billingCycle)],
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
          s.status === "active" ? h("button", { type: "button", class: "danger", onClick: askToSuspend }, t("suspend")) : null,
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
