// Customers: a searchable, paged list.
import { api, must } from "../api/client";
import { link, navigate } from "../app";
import { field, h, table } from "../dom";
import { formatNumber, t, valueLabel } from "../i18n";

const PAGE_SIZE = 25;

// The API pages forward only (continuation tokens). To page back, the tab remembers which page
// each token was reached from, and its number, as the agent pages forward.
interface PageTrail {
  previous: string; // the token of the page before ("" for the first)
  number: number;
}

function trailKey(filter: string, token: string): string {
  return `seatshift.customers.trail:${filter}:${token}`;
}

function trailOf(filter: string, token: string): PageTrail | null {
  if (!token) return { previous: "", number: 1 };
  const stored = sessionStorage.getItem(trailKey(filter, token));
  return stored ? (JSON.parse(stored) as PageTrail) : null;
}

function remember(filter: string, next: string, trail: PageTrail): void {
  sessionStorage.setItem(trailKey(filter, next), JSON.stringify(trail));
}

export async function customersView(_: Record<string, string>, query: URLSearchParams) {
  const filter = query.get("filter") ?? "";
  const token = query.get("page") ?? "";
  const page = await must(
    api.GET("/v1/customers", {
      params: { query: { size: PAGE_SIZE, filter: filter || undefined, continuationToken: token || undefined } },
    }),
  );
  const search = h("input", { type: "search", name: "filter", value: filter });
  const go = (next: Record<string, string>) => {
    const params = new URLSearchParams(next);
    navigate(`/customers${params.size ? `?${params}` : ""}`);
  };
  const goToPage = (pageToken: string) => go({ ...(filter ? { filter } : {}), ...(pageToken ? { page: pageToken } : {}) });
  const trail = trailOf(filter, token);
  return h(
    "section",
    null,
    h("h1", null, t("customersTitle")),
    h(
      "form",
      {
        role: "search",
        class: "inline",
        onSubmit: (event: Event) => {
          event.preventDefault();
          go(search.value ? { filter: search.value } : {});
        },
      },
      field(t("search"), search),
      h("button", { type: "submit" }, t("searchButton")),
    ),
    h("p", null, t("totalCount", { n: formatNumber(page.totalCount) })),
    table(
      [t("company"), t("domain"), t("segment"), t("country")],
      page.items.map((c) => [
        link(`/customers/${c.id}`, c.companyProfile.companyName),
        c.companyProfile.domain,
        valueLabel(c.segment),
        c.country,
      ]),
    ),
    h(
      "div",
      { class: "pager" },
      token ? h("button", { type: "button", onClick: () => goToPage("") }, t("firstPage")) : null,
      token && trail ? h("button", { type: "button", onClick: () => goToPage(trail.previous) }, t("previousPage")) : null,
      trail ? h("span", { "aria-live": "polite" }, t("pageNumber", { n: formatNumber(trail.number) })) : null,
      page.continuationToken
        ? h(
            "button",
            {
              type: "button",
              onClick: () => {
                const next = page.continuationToken!;
                if (trail) remember(filter, next, { previous: token, number: trail.number + 1 });
                goToPage(next);
              },
            },
            t("nextPage"),
          )
        : null,
    ),
  );
}
