// The audit log: who changed what, when, with before/after; filtered, newest first.
import { api, must, type AuditRecord } from "../api/client";
import { customerDirectory, link, navigate, notice } from "../app";
import { field, h, pagedTable } from "../dom";
import { codeLabel, formatDateTime, formatNumber, pagerLabels, t, valueLabel } from "../i18n";

const FILTERS = ["customerId", "resourceId", "startDate", "endDate"] as const;
// The API pages newest first (order=desc); the portal reads the newest records up to this many.
const MOST_RECORDS = 10_000;
const PAGE = 1000;

export async function auditView(_: Record<string, string>, query: URLSearchParams) {
  const filters = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? ""])) as Record<(typeof FILTERS)[number], string>;
  const records: AuditRecord[] = [];
  let total = 0;
  let token: string | undefined;
  do {
    const page = await must(
      api.GET("/v1/auditrecords", {
        params: {
          query: {
            size: PAGE,
            order: "desc",
            continuationToken: token,
            customerId: filters.customerId || undefined,
            resourceId: filters.resourceId || undefined,
            startDate: filters.startDate || undefined,
            endDate: filters.endDate || undefined,
          },
        },
      }),
    );
    records.push(...page.items);
    total = Math.max(total, page.totalCount);
    token = page.continuationToken ?? undefined;
  } while (token && records.length < MOST_RECORDS);
  const customers = await customerDirectory();
  const inputs = {
    customerId: h("input", { type: "text", name: "customerId", value: filters.customerId }),
    resourceId: h("input", { type: "text", name: "resourceId", value: filters.resourceId }),
    startDate: h("input", { type: "date", name: "startDate", value: filters.startDate }),
    endDate: h("input", { type: "date", name: "endDate", value: filters.endDate }),
  };
  const search = () => {
    const params = new URLSearchParams();
    for (const k of FILTERS) if (inputs[k].value) params.set(k, inputs[k].value);
    navigate(`/audit?${params}`);
  };
  return h(
    "section",
    null,
    h("h1", null, t("auditTitle")),
    h(
      "form",
      { class: "inline", onSubmit: (e: Event) => (e.preventDefault(), search()) },
      field(t("customerId"), inputs.customerId),
      field(t("resourceId"), inputs.resourceId),
      field(t("from"), inputs.startDate),
      field(t("to"), inputs.endDate),
      h("button", { type: "submit" }, t("filter")),
    ),
    h("p", null, t("totalCount", { n: formatNumber(Math.max(total, records.length)) }), " ", t("auditNewestFirst")),
    token ? notice("error", t("auditTooMany", { n: formatNumber(MOST_RECORDS) })) : null,
    pagedTable(
      [t("time"), t("agent"), t("operation"), t("resource"), t("company"), t("details")],
      records.map((r) => {
        const customer = r.customerId ? customers.get(r.customerId) : undefined;
        return [
          formatDateTime(r.time),
          `${r.agentId} (${valueLabel(r.role)})`,
          codeLabel("operation", r.operation),
          `${codeLabel("resourceType", r.resourceType)} ${r.resourceId}`,
          customer ? link(`/customers/${customer.id}`, customer.companyProfile.companyName) : "—",
          h("details", null, h("summary", null, t("details")), h("pre", null, JSON.stringify({ before: r.before, after: r.after }, null, 1))),
        ];
      }),
      pagerLabels(),
      50,
    ),
  );
}
