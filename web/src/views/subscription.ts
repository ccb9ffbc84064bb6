// C. Subscription details: suspend (warning, naming the users still assigned), reactivate,
// auto-renew, quantity, friendly name; the deprovisioning date of a suspended subscription.
// New Commerce: the commitment, the 168-hour cancellation window with its refunds, the seats
// still refundable per purchase lot, cancelling inside the window (asked first), a refused
// decrease offered for the renewal instead, and the changes scheduled for the renewal.
import { api, ApiFailure, must, type Schemas, type Sku, type Subscription } from "../api/client";
import { can, confirmPanel, errorText, link, notice, rerender, rerenderWith, takeFlash } from "../app";
import { field, h, replace, table } from "../dom";
import { codeLabel, formatDate, formatDateTime, formatInstant, formatNumber, t, valueLabel } from "../i18n";

const DEPROVISION_DAYS = 120;
const DAY_MS = 86_400_000;

type Scheduled = Schemas["ScheduledNextTermInstructions"];
type Term = Schemas["TermDuration"];
type Billing = Schemas["BillingCycle"];
type Change = {
  status?: "active" | "suspended" | "deleted";
  quantity?: number;
  autoRenewEnabled?: boolean;
  friendlyName?: string;
  scheduledNextTermInstructions?: Scheduled | null;
};

//! The day a term ending on `commitmentEndDate` (midnight UTC of its last day) renews.
function renewalDay(commitmentEndDate: string): string {
  return new Date(Date.parse(commitmentEndDate) + DAY_MS).toISOString();
}

//! What "renew with only the assigned seats" did, from the subscriptions the API scheduled down:
//! how many, and each one's seats now → at its renewal; "nothing to reduce" for none.
export function reductionNotice(changed: Subscription[]): HTMLElement {
  if (changed.length === 0) return notice("ok", t("reducedNone"));
  return h(
    "div",
    { class: "notice ok", role: "status" },
    h("p", null, changed.length === 1 ? t("reducedOne") : t("reducedMany", { n: formatNumber(changed.length) })),
    h(
      "ul",
      null,
      changed.map((s) =>
        h(
          "li",
          null,
          t("reducedLine", {
            name: s.offerName,
            from: formatNumber(s.quantity),
            to: formatNumber(s.scheduledNextTermInstructions?.quantity ?? s.quantity),
            date: formatDate(renewalDay(s.commitmentEndDate)),
          }),
        ),
      ),
    ),
  );
}

//! The users a licensesStillAssigned refusal names, and how many hold licenses in all (the
//! refusal lists only the first few).
function holdersOf(failure: ApiFailure): { count: number; users: string } {
  const data = failure.body?.data ?? [];
  const count = Number(data.map((d) => (d as Record<string, unknown>).count).find((c) => c !== undefined) ?? 0);
  const users = data.flatMap((d) => {
    const first = (d as Record<string, unknown>).users ?? (d as Record<string, unknown>).firstUsers;
    return Array.isArray(first) ? first.map(String) : [];
  });
  const more = count > users.length && users.length > 0 ? ` ${t("andMore", { n: formatNumber(count - users.length) })}` : "";
  return { count, users: users.join(", ") + more };
}

export async function subscriptionView(params: Record<string, string>) {
  const path = { customerId: params.customerId!, subscriptionId: params.subscriptionId! };
  const read = must(api.GET("/v1/customers/{customerId}/subscriptions/{subscriptionId}", { params: { path } }));
  const [s, sku, clock]: [Subscription, Sku, { now: string }] = await Promise.all([
    read,
    read.then((sub) => must(api.GET("/v1/skus/{skuId}", { params: { path: { skuId: sub.offerId } } }))),
    must(api.GET("/v1/clock")),
  ]);
  const out = h("div", { "aria-live": "polite" });
  const editable = can("manageSubscriptions");
  const now = Date.parse(clock.now);
  const newCommerce = sku.commerce === "newCommerce";
  const active = s.status === "active";
  const subscriptionName = s.friendlyName || s.offerName;
  const renewsOn = renewalDay(s.commitmentEndDate);

  const patch = async (change: Change, options: { force?: boolean; done?: string } = {}) => {
    const { response, error } = await api.PATCH("/v1/customers/{customerId}/subscriptions/{subscriptionId}", {
      params: { path, query: options.force ? { force: true } : {}, header: { "If-Match": s.attributes.etag ?? "*" } },
      body: change,
    });
    if (response.ok) return options.done ? rerenderWith(notice("ok", options.done)) : rerender();
    const failure = new ApiFailure(response.status, error as ApiFailure["body"]);
    if (failure.body?.code === "licensesStillAssigned" && change.status === "deleted") {
      // A cancellation cannot be forced: the agent frees the seats first.
      replace(out, h("p", { class: "notice error", role: "alert" }, t("cancelAssigned", holdersOf(failure))));
      return;
    }
    if (failure.body?.code === "licensesStillAssigned") {
      const holders = holdersOf(failure);
      replace(
        out,
        h(
          "div",
          { class: "notice warn", role: "alert" },
          h("p", null, t("stillAssigned", { count: formatNumber(holders.count), users: holders.users })),
          h("button", { type: "button", class: "danger", onClick: () => void patch(change, { force: true }).catch(show) }, t("suspendAnyway")),
        ),
      );
      return;
    }
    if (failure.body?.code === "900214" && change.quantity !== undefined) {
      // Committed seats: the decrease can still be had at the renewal.
      const seats = change.quantity;
      replace(
        out,
        h(
          "div",
          { class: "notice error", role: "alert" },
          h("p", null, errorText(failure)),
          s.autoRenewEnabled
            ? h(
                "button",
                { type: "button", onClick: () => void schedule({ quantity: seats }).catch(show) },
                t("decreaseOffer", { n: formatNumber(seats), date: formatDate(renewsOn) }),
              )
            : h("p", null, t("decreaseNoRenewal", { date: formatDate(s.commitmentEndDate) })),
        ),
      );
      return;
    }
    throw failure;
  };
  const show = (error: unknown) => replace(out, notice("error", errorText(error)));
  const act = (change: Change) => () => void patch(change).catch(show);

  //! The next term with `next` changed: from the one scheduled, else the subscription's own
  //! (same SKU, term, billing and seats).
  const schedule = (next: { quantity?: number; term?: Term; billing?: Billing; customEnd?: string | null }) => {
    const base = s.scheduledNextTermInstructions;
    const customEnd = next.customEnd !== undefined ? next.customEnd : (base?.customTermEndDate ?? null);
    const instructions: Scheduled = {
      product: {
        skuId: s.offerId,
        termDuration: next.term ?? base?.product.termDuration ?? s.termDuration,
        billingCycle: next.billing ?? (base?.product.billingCycle as Billing | undefined) ?? s.billingCycle,
      },
      quantity: next.quantity ?? base?.quantity ?? s.quantity,
      ...(customEnd ? { customTermEndDate: customEnd.slice(0, 10) } : {}),
    };
    return patch({ scheduledNextTermInstructions: instructions }, { done: t("scheduleDone") });
  };

  // Suspending takes the service away at once and starts the 120-day clock to deprovisioning:
  // the agent is told so, and confirms, before anything is sent.
  const deprovisionDate = new Date(Date.parse(clock.now.slice(0, 10)) + DEPROVISION_DAYS * DAY_MS).toISOString();
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

  // New Commerce: cancellable only inside the 168-hour window of the term's purchase or renewal,
  // refunded in full for its first 24 hours, then prorated (the options still open, soonest
  // first). The agent is told the refund and that it cannot be undone before anything is sent.
  const until = s.cancellationAllowedUntilDate;
  const cancellable = newCommerce && active && !!until && Date.parse(until) > now;
  const refunds = s.refundOptions.filter((o) => Date.parse(o.expiresAt) > now);
  const refundNow = refunds[0];
  const askToCancel = () =>
    replace(
      out,
      confirmPanel({
        title: t("cancelTitle", { name: subscriptionName }),
        body: [
          h("p", null, t("cancelWhat")),
          refundNow
            ? h("p", null, t(refundNow.type === "Full" ? "cancelRefundFull" : "cancelRefundPartial", { date: formatInstant(refundNow.expiresAt) }))
            : null,
        ],
        confirm: t("cancelConfirm"),
        danger: true,
        onConfirm: () => patch({ status: "deleted" }, { done: t("cancelled") }),
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
    [t("quantity"), formatNumber(s.quantity)],
    [t("autoRenew"), s.autoRenewEnabled ? t("yes") : t("no")],
    [t("startDate"), formatDate(s.effectiveStartDate)],
    [t("endDate"), formatDate(s.commitmentEndDate)],
    [t("term"), codeLabel("term", s.termDuration)],
    [t("billing"), codeLabel("billing", s.billingCycle)],
    [t("commerceModel"), codeLabel("commerce", sku.commerce)],
  ];
  return h(
    "section",
    null,
    h("h1", null, t("subscriptionTitle", { name: subscriptionName })),
    takeFlash(),
    h("dl", null, facts.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])),
    s.status === "suspended"
      ? h("p", { class: "notice warn" }, t("deprovisionOn", { suspended: formatDateTime(s.suspendedAt), date: formatDate(s.deprovisionDate) }))
      : null,
    commitmentSection(s, newCommerce, until, cancellable, refunds, now),
    editable
      ? h(
          "div",
          { class: "actions" },
          active ? h("button", { type: "button", class: "danger", onClick: askToSuspend }, t("suspend")) : null,
          cancellable ? h("button", { type: "button", class: "danger", onClick: askToCancel }, t("cancelSubscription")) : null,
          s.status === "suspended" ? h("button", { type: "button", onClick: act({ status: "active" }) }, t("reactivate")) : null,
          active
            ? [
                form(renew, t("autoRenew"), () => ({ autoRenewEnabled: renew.checked })),
                form(quantity, t("quantity"), () => ({ quantity: Number(quantity.value) })),
                form(name, t("friendlyName"), () => ({ friendlyName: name.value })),
              ]
            : null,
        )
      : null,
    out,
    newCommerce && active ? renewalSection(s, sku, editable, renewsOn, schedule, patch) : null,
    link(`/customers/${params.customerId}`, t("backToCustomer")),
  );
}

//! The commitment: for New Commerce until when the customer is committed, whether and until when
//! it can still be cancelled (with the refund of each period), and the seats that can still be
//! given back per purchase lot; for legacy, what suspending it means.
function commitmentSection(
  s: Subscription,
  newCommerce: boolean,
  until: string | null,
  cancellable: boolean,
  refunds: Subscription["refundOptions"],
  now: number,
): HTMLElement | null {
  if (!newCommerce) {
    return h("section", { "aria-labelledby": "commitment" }, h("h2", { id: "commitment" }, t("commitmentTitle")), h("p", null, t("legacyNote")));
  }
  if (s.status !== "active") return null;
  const committed = formatDate(s.commitmentEndDate);
  const lots = s.refundableQuantity.details.filter((l) => Date.parse(l.allowedUntilDateTime) > now);
  const refundable = s.refundableQuantity.totalQuantity;
  return h(
    "section",
    { "aria-labelledby": "commitment" },
    h("h2", { id: "commitment" }, t("commitmentTitle")),
    h("p", null, t("committedUntil", { date: committed })),
    cancellable
      ? [
          h("p", null, t("cancellableUntil", { until: formatInstant(until) })),
          h(
            "ul",
            null,
            refunds.map((o) => h("li", null, t(o.type === "Full" ? "refundFull" : "refundPartial", { date: formatInstant(o.expiresAt) }))),
          ),
        ]
      : h(
          "p",
          { class: "notice warn" },
          until ? t("notCancellable", { until: formatInstant(until), date: committed }) : t("notCancellableUnknown", { date: committed }),
        ),
    h("h3", null, t("refundableSeats")),
    refundable > 0 && lots.length > 0
      ? [
          h(
            "p",
            null,
            refundable < s.quantity
              ? t("refundableTotal", {
                  n: formatNumber(refundable),
                  quantity: formatNumber(s.quantity),
                  floor: formatNumber(s.quantity - refundable),
                })
              : t("refundableAll", { n: formatNumber(refundable) }),
          ),
          table(
            [t("seats"), t("lotDeadline")],
            lots.map((l) => [formatNumber(l.quantity), formatInstant(l.allowedUntilDateTime)]),
          ),
        ]
      : h("p", null, t("noRefundableSeats")),
  );
}

//! Changes at renewal (New Commerce): the term it renews for, the change scheduled (cleared after
//! a confirmation), a form to schedule one (seats, term and billing among the SKU's term options,
//! an optional custom end date the server checks against the next term's start), and "renew with
//! only the assigned seats".
function renewalSection(
  s: Subscription,
  sku: Sku,
  editable: boolean,
  renewsOn: string,
  schedule: (next: { quantity?: number; term?: Term; billing?: Billing; customEnd?: string | null }) => Promise<void>,
  patch: (change: Change, options?: { done?: string }) => Promise<void>,
): HTMLElement {
  const out = h("div", { "aria-live": "polite" });
  const heading = h("h2", { id: "renewal" }, t("renewalTitle"));
  if (!s.autoRenewEnabled) {
    return h("section", { "aria-labelledby": "renewal" }, heading, h("p", null, t("noRenewal", { date: formatDate(s.commitmentEndDate) })));
  }
  const scheduled = s.scheduledNextTermInstructions;
  const own = {
    quantity: formatNumber(s.quantity),
    term: codeLabel("term", s.termDuration),
    billing: codeLabel("billing", s.billingCycle),
  };
  const showError = (error: unknown) => {
    const allowed = error instanceof ApiFailure && error.body?.code === "900246" ? error.body.parameters?.allowed : undefined;
    replace(
      out,
      h(
        "div",
        { class: "notice error", role: "alert" },
        h("p", null, errorText(error)),
        // The days the server allows for the next term: one click puts one in the date field.
        Array.isArray(allowed)
          ? h(
              "div",
              { class: "inline" },
              allowed.map((day) =>
                h(
                  "button",
                  {
                    type: "button",
                    class: "secondary",
                    onClick: () => {
                      customEnd.value = day.slice(0, 10);
                      customEnd.focus();
                    },
                  },
                  t("useDate", { date: formatDate(day) }),
                ),
              ),
            )
          : null,
      ),
    );
  };

  const current = scheduled ?? { quantity: s.quantity, product: { termDuration: s.termDuration, billingCycle: s.billingCycle }, customTermEndDate: null };
  const nextQuantity = h("input", {
    type: "number",
    name: "nextQuantity",
    min: Math.max(1, sku.minimumQuantity),
    max: sku.maximumQuantity > 0 ? sku.maximumQuantity : null,
    value: current.quantity,
    required: true,
  });
  const options = sku.termOptions.length ? sku.termOptions : [{ termDuration: s.termDuration, billingCycle: s.billingCycle }];
  const chosen = `${current.product.termDuration}|${current.product.billingCycle.toLowerCase()}`;
  const termChoice = h(
    "select",
    { name: "nextTerm" },
    options.map((o) =>
      h(
        "option",
        { value: `${o.termDuration}|${o.billingCycle}`, selected: `${o.termDuration}|${o.billingCycle}` === chosen },
        t("termOption", { term: codeLabel("term", o.termDuration), billing: codeLabel("billing", o.billingCycle) }),
      ),
    ),
  );
  const customEnd = h("input", {
    type: "date",
    name: "customTermEndDate",
    min: renewsOn.slice(0, 10),
    value: current.customTermEndDate ? current.customTermEndDate.slice(0, 10) : "",
  });
  const submit = h("button", { type: "submit" }, t("scheduleSubmit"));
  const scheduleForm = h(
    "form",
    {
      class: "inline",
      onSubmit: (event: Event) => {
        event.preventDefault();
        if (submit.disabled) return;
        const [term, billing] = termChoice.value.split("|") as [Term, Billing];
        submit.disabled = true;
        replace(out);
        schedule({ quantity: Number(nextQuantity.value), term, billing, customEnd: customEnd.value || null })
          .catch(showError)
          .finally(() => (submit.disabled = false));
      },
    },
    field(t("scheduleQuantity"), nextQuantity),
    field(t("scheduleTerm"), termChoice),
    field(t("customEnd"), customEnd, t("customEndHint")),
    submit,
  );

  const askToClear = () =>
    replace(
      out,
      confirmPanel({
        title: t("clearTitle"),
        body: [h("p", null, t("clearWhat", own))],
        confirm: t("clearConfirm"),
        onConfirm: () => patch({ scheduledNextTermInstructions: null }, { done: t("scheduleCleared") }),
        onCancel: () => replace(out),
      }),
    );

  const reduce = h("button", { type: "button", class: "secondary" }, t("renewAssigned"));
  reduce.addEventListener("click", () => {
    if (reduce.disabled) return;
    reduce.disabled = true;
    must(
      api.POST("/v1/customers/{customerId}/renewalreductions", {
        params: { path: { customerId: s.customerId } },
        body: { subscriptionId: s.id },
      }),
    )
      .then((result) => (result.items.length ? rerenderWith(reductionNotice(result.items)) : replace(out, reductionNotice([]))))
      .catch(showError)
      .finally(() => (reduce.disabled = false));
  });

  return h(
    "section",
    { "aria-labelledby": "renewal" },
    heading,
    h("p", null, t("renewsOn", { date: formatDate(renewsOn), term: codeLabel("term", s.renewalTermDuration) })),
    scheduled
      ? h(
          "div",
          { class: "scheduled" },
          h(
            "p",
            null,
            h(
              "strong",
              null,
              t("scheduledLine", {
                quantity: formatNumber(scheduled.quantity),
                term: codeLabel("term", scheduled.product.termDuration),
                billing: codeLabel("billing", scheduled.product.billingCycle.toLowerCase()),
              }),
            ),
          ),
          scheduled.customTermEndDate ? h("p", null, t("scheduledEnd", { date: formatDate(scheduled.customTermEndDate) })) : null,
          h("p", null, h("small", null, t("scheduledClearedBy"))),
          editable ? h("button", { type: "button", class: "secondary", onClick: askToClear }, t("scheduleClear")) : null,
        )
      : h("p", null, t("scheduledNone", own)),
    editable ? [scheduleForm, h("div", { class: "actions" }, reduce, h("small", null, t("renewAssignedHint")))] : null,
    out,
  );
}
