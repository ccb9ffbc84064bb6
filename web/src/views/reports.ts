// What the two subscription reports share: the switch between them, so the agent sees at a
// glance which list lapses (auto-renew off) and which loses money at renewal (unused seats), and
// the CSV download of the API's own rows.
import { errorText, link, notice } from "../app";
import { h, replace } from "../dom";
import { t } from "../i18n";

export type Report = "expiring" | "renewing";

//! The two reports as a pair of tabs (links: each is its own page), the current one marked, each
//! with a line saying what its list means.
export function reportTabs(current: Report): HTMLElement {
  const tab = (report: Report, title: string, hint: string) =>
    h(
      "li",
      { class: `tab tab-${report}` },
      link(`/reports/${report}`, [h("strong", null, title), h("small", null, hint)], current === report ? { "aria-current": "page" } : {}),
    );
  return h(
    "nav",
    { class: "tabs", "aria-label": t("reportsNav") },
    h("ul", null, tab("expiring", t("tabExpiring"), t("tabExpiringHint")), tab("renewing", t("tabRenewing"), t("tabRenewingHint"))),
  );
}

//! Downloads the API's CSV of the subscriptions `query` selects (every page: the API gives the
//! next page's token in MS-ContinuationToken; only the first page's header line is kept).
export async function downloadCsv(query: Record<string, string>, filename: string, out: HTMLElement): Promise<void> {
  const parts: string[] = [];
  let token: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, size: "1000", ...(token ? { continuationToken: token } : {}) });
    const response = await fetch(`/v1/subscriptions?${params}`, { headers: { Accept: "text/csv" }, credentials: "same-origin" });
    if (!response.ok) return replace(out, notice("error", errorText(new Error(`HTTP ${response.status}`))));
    const text = await response.text();
    parts.push(parts.length === 0 ? text : text.slice(text.indexOf("\n") + 1));
    token = response.headers.get("MS-ContinuationToken");
  } while (token);
  const url = URL.createObjectURL(new Blob(parts, { type: "text/csv;charset=utf-8" }));
  const a = h("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
