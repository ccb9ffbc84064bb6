// The audit log: who changed what, when, with before/after; filtered and paged.
import { api, must } from "../api/client";
import { navigate } from "../app";
import { field, h, table } from "../dom";
import { formatDateTime, formatNumber, t, valueLabel } from "../i18n";

const FILTERS = ["customerId", "resourceId", "startDate", "endDate"] as const;

export async function auditView(_: Record<string, string>, query: URLSearchParams) {
  const filters = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? ""])) as Record<(typeof FILTERS)[number], string>;
  const token = query.get("page") ?? undefined;
  const page = await must(
    api.GET("/v1/auditrecords", {
      params: {
        query: {
          size: 50,
          continuationToken: token,
          customerId: filters.customerId || undefined,
          resourceId: filters.resourceId || undefined,
          startDate: filters.startDate || undefined,
          endDate: filters.endDate || undefined,
        },
      },
    }),
  );
  const inputs = {
    customerId: h("input", { type: "text", name: "customerId", value: filters.customerId }),
    resourceId: h("input", { type: "text", name: "resourceId", value: filters.resourceId }),
    startDate: h("input", { type: "date", name: "startDate", value: filters.startDate }),
    endDate: h("input", { type: "date", name: "endDate", value: filters.endDate }),
  };
  const search = (extra: Record<string, string> = {}) => {
    const params = new URLSearchParams();
    for (const k of FILTERS) if (inputs[k].value) params.set(k, inputs[k].value);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
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
    h("p", null, t("totalCount", { n: formatNumber(page.totalCount) })),
    table(
      [t("time"), t("agent"), t("operation"), t("resource"), t("details")],
      page.items.map((r) => [
        formatDateTime(r.time),
        `${r.agentId} (${valueLabel(r.role)})`,
        r.operation,
        `${r.resourceType} ${r.resourceId}`,
        h("details", null, h("summary", null, t("details")), h("pre", null, JSON.stringify({ before: r.before, after: r.after }, null, 1))),
      ]),
    ),
    page.continuationToken ? h("button", { type: "button", onClick: () => search({ page: page.continuationToken! }) }, t("nextPage")) : null,
  );
}
