// The migration wizard (source SKU → customers → targets → dry-run preview → start), a
// migration's live progress (Server-Sent Events), its per-customer results, and pause, resume
// and rollback.
import { api, must, requestId, type Migration, type MigrationCustomerPlan, type MigrationState, type Schemas } from "../api/client";
import { errorText, guarded, link, navigate, notice } from "../app";
import { field, h, hidden, pagedTable, replace, table, uid } from "../dom";
import { formatDateTime, formatMoney, formatNumber, pagerLabels, t, valueLabel } from "../i18n";

type Plan = Schemas["MigrationCreate"];

export async function migrationsView() {
  const list = await must(api.GET("/v1/migrations", { params: { query: { size: 100 } } }));
  return h(
    "section",
    null,
    h("h1", null, t("migrationsTitle")),
    link("/migrations/new", t("newMigration"), { class: "button" }),
    table(
      [t("created"), t("source"), t("target"), t("status"), t("progress"), ""],
      list.items.map((m) => [
        formatDateTime(m.creationDate),
        m.sourceOfferId,
        m.targetOfferId,
        valueLabel(m.status),
        `${m.progress.customersDone}/${m.progress.customersTotal}`,
        link(`/migrations/${m.id}`, t("open"), { "aria-label": `${t("open")} ${m.id}` }),
      ]),
    ),
  );
}

function planTable(customers: MigrationCustomerPlan[], names: Map<string, string>, withResults: boolean): HTMLElement {
  return pagedTable(
    [t("company"), t("target"), t("reason"), t("seats"), t("usersToMove"), t("costBefore"), t("costAfter"), t("warnings"), ...(withResults ? [t("step"), t("users")] : [])],
    customers.map((c) => [
      names.get(c.customerId) ?? c.customerId,
      c.targetOfferId,
      c.recommendationReason ?? "",
      c.seats,
      c.usersToMove,
      formatMoney(c.monthlyCostBefore, c.currency),
      formatMoney(c.monthlyCostAfter, c.currency),
      c.warnings.map((w) => w.message).join("; "),
      ...(withResults ? [c.step ?? "", String(c.usersMoved ?? 0)] : []),
    ]),
    pagerLabels(),
  );
}

async function customerNames(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await must(api.GET("/v1/customers", { params: { query: { size: 1000, continuationToken: token } } }));
    for (const c of page.items) names.set(c.id, c.companyProfile.companyName);
    token = page.continuationToken ?? undefined;
  } while (token);
  return names;
}

export async function wizardView() {
  const catalog = await must(api.GET("/v1/skus"));
  const retiring = catalog.items.filter((s) => !s.isPurchasable);
  const titles = new Map(catalog.items.map((s) => [s.id, s.title]));
  const names = await customerNames();
  const out = h("div");
  const body = h("div");

  // 1. Source SKU
  const source = h("select", { name: "source", required: true }, retiring.map((s) => h("option", { value: s.id }, `${s.title} (${s.id})`)));

  // 2. Customers holding it (any live subscription of the source)
  const customersStep = async (): Promise<HTMLElement> => {
    const holders = new Set<string>();
    let token: string | undefined;
    do {
      const page = await must(api.GET("/v1/subscriptions", { params: { query: { offerId: source.value, size: 1000, continuationToken: token } } }));
      for (const s of page.items) if (s.status === "active" || s.status === "expired") holders.add(s.customerId);
      token = page.continuationToken ?? undefined;
    } while (token);
    const all = h("input", { type: "radio", name: "scope", value: "all", checked: true, id: uid("scope") });
    const some = h("input", { type: "radio", name: "scope", value: "some", id: uid("scope") });
    const boxes = [...holders].map((id) =>
      h("input", { type: "checkbox", value: id, id: uid("c"), "aria-label": t("selectCustomer", { name: names.get(id) ?? id }) }),
    );
    const step = h(
      "fieldset",
      null,
      h("legend", null, `${t("stepCustomers")} (${formatNumber(holders.size)})`),
      h("div", null, all, h("label", { for: all.id }, t("allCustomers"))),
      h("div", null, some, h("label", { for: some.id }, t("pickCustomers"))),
      pagedTable([hidden(t("pickCustomers")), t("company")], boxes.map((b) => [b, names.get(b.value) ?? b.value]), pagerLabels()),
    );
    chosenCustomers = () => (all.checked ? "all" : boxes.filter((b) => b.checked).map((b) => b.value));
    return step;
  };
  let chosenCustomers: () => Plan["customerIds"] = () => "all";

  // 3. Targets
  const target = h("select", { name: "target" });
  const policy = h("select", { name: "seatPolicy" }, h("option", { value: "assigned" }, t("seatsAssigned")), h("option", { value: "source_quantity" }, t("seatsSource")));
  const targetsStep = () => {
    const sku = retiring.find((s) => s.id === source.value);
    replace(target, h("option", { value: "recommended" }, t("recommended")), (sku?.replacementSkuIds ?? []).map((id) => h("option", { value: id }, titles.get(id) ?? id)));
    return h("fieldset", null, h("legend", null, t("stepTargets")), field(t("target"), target), field(t("seatPolicy"), policy));
  };

  const plan = (dryRun: boolean): Plan => ({
    sourceOfferId: source.value,
    customerIds: chosenCustomers(),
    targetOfferId: target.value,
    seatPolicy: policy.value as Plan["seatPolicy"],
    dryRun,
  });

  // 4. Dry-run preview, then start
  const previewStep = async () => {
    const preview = await must(api.POST("/v1/migrations", { body: plan(true) }));
    const customers = preview.plan?.customers ?? [];
    const totals = Object.entries(preview.plan?.totals.byCurrency ?? {}).map(([currency, c]) =>
      h("li", null, `${currency}: ${formatMoney(c.monthlyCostBefore, currency)} → ${formatMoney(c.monthlyCostAfter, currency)} (${c.customers})`),
    );
    const start = h("button", { type: "button", class: "primary" }, t("start"));
    start.addEventListener(
      "click",
      guarded(out, async () => {
        start.disabled = true;
        const created = await must(api.POST("/v1/migrations", { params: { header: { "MS-RequestId": requestId() } }, body: plan(false) }));
        await must(api.POST("/v1/migrations/{migrationId}/start", { params: { path: { migrationId: created.id! } } }));
        navigate(`/migrations/${created.id}`);
      }),
    );
    replace(
      body,
      h("h2", null, t("stepPreview")),
      h("p", null, `${formatNumber(customers.length)} · ${t("usersToMove")}: ${formatNumber(preview.plan?.totals.usersToMove ?? 0)}`),
      h("h3", null, t("totals")),
      h("ul", null, totals),
      planTable(customers, names, false),
      h("button", { type: "button", onClick: () => void showChoices() }, t("back")),
      start,
    );
  };

  const showChoices = async () => {
    replace(body, h("p", null, t("loading")));
    const customers = await customersStep();
    replace(
      body,
      customers,
      targetsStep(),
      h("button", { type: "button", class: "primary", onClick: () => void previewStep().catch((e) => replace(out, notice("error", errorText(e)))) }, t("preview")),
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

export async function migrationView(params: Record<string, string>) {
  const path = { migrationId: params.migrationId! };
  const [migration, names]: [Migration, Map<string, string>] = await Promise.all([
    must(api.GET("/v1/migrations/{migrationId}", { params: { path } })),
    customerNames(),
  ]);
  const bar = h("progress", { max: 100, value: 0, id: uid("progress") });
  const label = h("span", { "aria-live": "polite" });
  const status = h("strong");
  const out = h("div");
  const results = h("div");
  const controls = h("div", { class: "actions" });

  const refresh = async () => {
    const m = await must(api.GET("/v1/migrations/{migrationId}", { params: { path } }));
    show({ id: m.id ?? "", status: m.status, progress: m.progress, errorCount: m.errors.length });
    replace(
      results,
      h("h2", null, t("perCustomer")),
      planTable(m.plan?.customers ?? [], names, true),
      m.errors.length
        ? [h("h2", null, t("errors")), table([t("company"), "code", t("details")], m.errors.map((e) => [names.get(e.customerId ?? "") ?? e.customerId ?? "", e.code, e.description]))]
        : null,
    );
  };
  const act = (action: "pause" | "resume" | "rollback") => () => {
    const calls = {
      pause: () => api.POST("/v1/migrations/{migrationId}/pause", { params: { path } }),
      resume: () => api.POST("/v1/migrations/{migrationId}/resume", { params: { path } }),
      rollback: () => api.POST("/v1/migrations/{migrationId}/rollback", { params: { path } }),
    };
    must(calls[action]())
      .then(() => {
        listen();
        return refresh();
      })
      .catch((e: unknown) => replace(out, notice("error", errorText(e))));
  };
  //! `live`: the state came from the server's event stream (the bar says so in data-live).
  const show = (state: MigrationState, live = false) => {
    const p = state.progress;
    const percent = p.customersTotal ? Math.round((100 * p.customersDone) / p.customersTotal) : 100;
    bar.value = percent;
    bar.textContent = `${percent}%`;
    bar.setAttribute("aria-valuetext", `${percent}%`);
    if (live) bar.dataset.live = "true";
    label.textContent = `${percent}% — ${t("customersDone", { done: p.customersDone, total: p.customersTotal, users: p.usersMoved })}`;
    status.textContent = valueLabel(state.status);
    status.dataset.status = state.status;
    replace(
      controls,
      state.status === "running" ? h("button", { type: "button", onClick: act("pause") }, t("pause")) : null,
      state.status === "paused" ? h("button", { type: "button", onClick: act("resume") }, t("resume")) : null,
      ["completed", "completed_with_errors", "paused", "failed"].includes(state.status)
        ? h("button", { type: "button", onClick: act("rollback") }, t("rollback"))
        : null,
    );
  };

  let source: EventSource | null = null;
  const listen = () => {
    source?.close();
    source = new EventSource(`/v1/migrations/${encodeURIComponent(path.migrationId)}/events`);
    source.addEventListener("progress", (e) => show(JSON.parse((e as MessageEvent).data) as MigrationState, true));
    source.addEventListener("end", () => {
      source?.close();
      void refresh();
    });
    // The page was left: stop listening.
    window.addEventListener("popstate", () => source?.close(), { once: true });
  };

  show({ id: migration.id ?? "", status: migration.status, progress: migration.progress, errorCount: migration.errors.length });
  await refresh();
  // Always: a settled migration's stream sends its last state and ends at once.
  listen();
  return h(
    "section",
    null,
    h("h1", null, t("migrationTitle", { id: migration.id ?? "" })),
    h("p", null, `${t("source")}: ${migration.sourceOfferId} → ${t("target")}: ${migration.targetOfferId} · `, t("status"), ": ", status),
    h("div", { class: "field" }, h("label", { for: bar.id }, t("progress")), bar, " ", label),
    controls,
    out,
    results,
  );
}
