// The subscriptions that renew soon while paying for seats no license uses: money lost at the
// renewal unless their seats are scheduled down (the subscription's page does it). The opposite
// of the expiring report, whose subscriptions do not renew and lapse.
import { api, must, type ReportItem } from "../api/client";
import { errorText, link, navigate, notice } from "../app";
import { field, h, replace, table } from "../dom";
import { formatDate, formatNumber, t } from "../i18n";
import { downloadCsv, reportTabs } from "./reports";

const DEFAULT_DAYS = 90;

//! The report's question to the API: active, renewing (auto-renew on), within `days`, with
//! unused seats; soonest term end first, as the API orders it.
function reportQuery(days: number) {
  return { autoRenewEnabled: true, status: "active", withinDays: days, unusedSeats: true } as const;
}

async function everyRow(days: number): Promise<ReportItem[]> {
  const rows: ReportItem[] = [];
  let token: string | undefined;
  do {
    const page = await must(api.GET("/v1/subscriptions", { params: { query: { ...reportQuery(days), size: 1000, continuationToken: token } } }));
    rows.push(...page.items);
    token = page.continuationToken ?? undefined;
  } while (token);
  return rows;
}

//! The seats it renews with: a change already scheduled for the renewal, else its own.
function atRenewal(row: ReportItem): string {
  const scheduled = row.scheduledNextTermInstructions?.quantity;
  return scheduled === undefined || scheduled === null ? t("asNow", { n: formatNumber(row.quantity) }) : formatNumber(scheduled);
}

export async function renewingView(_: Record<string, string>, query: URLSearchParams) {
  const within = Math.min(3650, Math.max(0, Math.trunc(Number(query.get("days") ?? DEFAULT_DAYS))));
  const days = Number.isFinite(within) ? within : DEFAULT_DAYS;
  const rows = await everyRow(days);
  const input = h("input", { type: "number", name: "days", min: 0, max: 3650, value: days });
  const out = h("div");
  const csv = () =>
    downloadCsv(
      { autoRenewEnabled: "true", status: "active", withinDays: String(days), unusedSeats: "true" },
      `renewing-with-unused-seats-within-${days}-days.csv`,
      out,
    ).catch((e) => replace(out, notice("error", errorText(e))));
  return h(
    "section",
    { class: "report report-renewing" },
    reportTabs("renewing"),
    h("h1", null, t("renewingTitle")),
    h("p", null, t("renewingIntro")),
    h(
      "form",
      { class: "inline", onSubmit: (e: Event) => (e.preventDefault(), navigate(`/reports/renewing?days=${input.value}`)) },
      field(t("renewingWithin"), input),
      h("button", { type: "submit" }, t("show")),
      h("button", { type: "button", onClick: () => void csv() }, t("downloadCsv")),
    ),
    out,
    h(
      "p",
      { class: "total" },
      rows.length
        ? t("renewingTotal", { n: formatNumber(rows.length), days: formatNumber(days) })
        : t("renewingNone", { days: formatNumber(days) }),
    ),
    rows.length
      ? table(
          [t("offer"), t("company"), t("endDate"), t("daysLeft"), t("seats"), t("assigned"), t("unusedSeats"), t("atRenewal"), t("action")],
          rows.map((r) => [
            r.friendlyName && r.friendlyName !== r.offerName ? `${r.offerName} (${r.friendlyName})` : r.offerName,
            link(`/customers/${r.customerId}`, r.companyName),
            formatDate(r.commitmentEndDate),
            formatNumber(r.daysUntilEnd),
            formatNumber(r.quantity),
            formatNumber(r.assignedLicenses),
            h("strong", null, formatNumber(r.unusedSeats)),
            atRenewal(r),
            link(`/customers/${r.customerId}/subscriptions/${r.id}`, t("reduceAtRenewal"), {
              "aria-label": `${t("reduceAtRenewal")}: ${r.offerName}, ${r.companyName}`,
            }),
          ]),
        )
      : null,
  );
}
