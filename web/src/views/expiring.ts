// Procedure step 1: subscriptions whose auto-renew is off, by end date — a weekly chart of
// subscriptions and users at risk, the list (each row opens its subscription), a CSV download;
// and the service-loss forecast. Beside it (reportTabs): the renewing report (renewing.ts).
import { api, must, type ReportItem } from "../api/client";
import { errorText, link, navigate, notice } from "../app";
import { field, h, replace, table } from "../dom";
import { formatDate, formatNumber, t, valueLabel } from "../i18n";
import { downloadCsv, reportTabs } from "./reports";

type PlanLoss = { displayName: string; users: number; earliestLoss: string };

//! The service-loss forecast's totals, which the API computes over every page: one request (of
//! one row) brings them.
async function serviceLoss(date: string): Promise<{ plans: PlanLoss[]; users: number; first: string | null }> {
  const page = await must(api.GET("/v1/reports/serviceloss", { params: { query: { date, size: 1 } } }));
  const plans = page.plans.map((p) => ({ displayName: p.displayName, users: p.users, earliestLoss: p.earliestLoss }));
  const first = plans.reduce<string | null>((soonest, p) => (!soonest || p.earliestLoss < soonest ? p.earliestLoss : soonest), null);
  return { plans: plans.sort((a, b) => b.users - a.users), users: page.users, first };
}

const DAY_MS = 86_400_000;
const SVG = "http://www.w3.org/2000/svg";

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso.slice(0, 10)) + days * DAY_MS).toISOString().slice(0, 10);
}

async function everyRow(endsBefore: string): Promise<ReportItem[]> {
  const rows: ReportItem[] = [];
  let token: string | undefined;
  do {
    const page = await must(
      api.GET("/v1/subscriptions", {
        params: { query: { autoRenewEnabled: false, status: "active", endsBefore, size: 1000, continuationToken: token } },
      }),
    );
    rows.push(...page.items);
    token = page.continuationToken ?? undefined;
  } while (token);
  return rows;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (Node | string)[]) {
  const element = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) element.setAttribute(k, String(v));
  element.append(...children);
  return element;
}

//! Two bars per week (subscriptions, users); the same numbers follow in a table for screen
//! readers and for exact values.
function weeklyChart(weeks: { start: string; subscriptions: number; users: number }[]): Node {
  const width = 720;
  const height = 220;
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.subscriptions, w.users)));
  const slot = width / Math.max(1, weeks.length);
  const bar = Math.max(2, slot / 2 - 2);
  const bars = weeks.flatMap((w, i) => {
    const x = i * slot;
    const hs = (w.subscriptions / max) * (height - 20);
    const hu = (w.users / max) * (height - 20);
    return [
      svg("rect", { x, y: height - hs, width: bar, height: hs, class: "bar-subscriptions" }, svg("title", {}, `${formatDate(w.start)}: ${w.subscriptions} ${t("subscriptionsAtRisk")}`)),
      svg("rect", { x: x + bar + 1, y: height - hu, width: bar, height: hu, class: "bar-users" }, svg("title", {}, `${formatDate(w.start)}: ${w.users} ${t("usersAtRisk")}`)),
    ];
  });
  return h(
    "figure",
    null,
    svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": t("chartTitle"), class: "chart" }, ...bars),
    h(
      "figcaption",
      null,
      t("chartTitle"),
      " — ",
      h("span", { class: "key-subscriptions" }, t("subscriptionsAtRisk")),
      " / ",
      h("span", { class: "key-users" }, t("usersAtRisk")),
    ),
  );
}

export async function expiringView(_: Record<string, string>, query: URLSearchParams) {
  const within = Math.min(3650, Math.max(1, Number(query.get("days") ?? 120) || 120));
  const clock = await must(api.GET("/v1/clock"));
  const today = clock.now.slice(0, 10);
  const endsBefore = addDays(today, within);
  // The API answers soonest first, each row with its customer and the one replacement the
  // migration planner recommends for it, which links to step A with that plan and the users preset.
  const [rows, loss] = await Promise.all([everyRow(endsBefore), serviceLoss(endsBefore)]);
  const recommendedFor = (row: ReportItem) => {
    const r = row.recommendedReplacement;
    if (!r) return "—";
    const quantity = Math.max(1, r.quantity);
    return link(`/customers/${row.customerId}/add-subscription?sku=${encodeURIComponent(r.offerId)}&quantity=${quantity}`, r.title);
  };
  const weeks = Array.from({ length: Math.ceil(within / 7) }, (_, i) => ({ start: addDays(today, i * 7), subscriptions: 0, users: 0 }));
  for (const row of rows) {
    const index = Math.floor((Date.parse(row.commitmentEndDate) - Date.parse(today)) / (7 * DAY_MS));
    const week = weeks[Math.min(Math.max(index, 0), weeks.length - 1)]!;
    week.subscriptions += 1;
    week.users += row.assignedLicenses;
  }
  const days = h("input", { type: "number", name: "days", min: 1, max: 3650, value: within });
  const out = h("div");
  const csv = () =>
    downloadCsv({ autoRenewEnabled: "false", status: "active", endsBefore }, `expiring-before-${endsBefore}.csv`, out).catch((e) =>
      replace(out, notice("error", errorText(e))),
    );
  return h(
    "section",
    { class: "report report-expiring" },
    reportTabs("expiring"),
    h("h1", null, t("expiringTitle")),
    h(
      "form",
      { class: "inline", onSubmit: (e: Event) => (e.preventDefault(), navigate(`/reports/expiring?days=${days.value}`)) },
      field(t("within"), days),
      h("button", { type: "submit" }, t("show")),
      h("button", { type: "button", onClick: () => void csv() }, t("downloadCsv")),
    ),
    out,
    weeklyChart(weeks),
    table(
      [t("week"), t("subscriptionsAtRisk"), t("usersAtRisk")],
      weeks.filter((w) => w.subscriptions).map((w) => [formatDate(w.start), formatNumber(w.subscriptions), formatNumber(w.users)]),
    ),
    h("h2", null, t("subscriptions"), ` (${formatNumber(rows.length)})`),
    table(
      [t("offer"), t("company"), t("domain"), t("segment"), t("endDate"), t("daysLeft"), t("seatsOverAssigned"), t("recommendedReplacement")],
      rows.slice(0, 200).map((r) => [
        link(`/customers/${r.customerId}/subscriptions/${r.id}`, r.offerName),
        link(`/customers/${r.customerId}`, r.companyName),
        r.domain,
        valueLabel(r.segment),
        formatDate(r.commitmentEndDate),
        formatNumber(r.daysUntilEnd),
        `${formatNumber(r.quantity)} / ${formatNumber(r.assignedLicenses)}`,
        recommendedFor(r),
      ]),
    ),
    h("h2", null, t("serviceLoss")),
    h(
      "p",
      { class: "total" },
      loss.first
        ? t("serviceLossTotal", { users: formatNumber(loss.users), date: formatDate(endsBefore), first: formatDate(loss.first) })
        : t("serviceLossNone", { date: formatDate(endsBefore) }),
    ),
    h("p", null, t("serviceLossBy", { date: formatDate(endsBefore) })),
    table(
      [t("plan"), t("users"), t("firstLoss")],
      loss.plans.map((p) => [p.displayName, formatNumber(p.users), formatDate(p.earliestLoss)]),
    ),
  );
}
