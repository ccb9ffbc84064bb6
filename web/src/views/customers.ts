// Customers: a searchable, paged list.
import { api, must } from "../api/client";
import { link, navigate } from "../app";
import { field, h, table } from "../dom";
import { formatNumber, t, valueLabel } from "../i18n";

const PAGE_SIZE = 25;

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
      token ? h("button", { type: "button", onClick: () => go(filter ? { filter } : {}) }, t("firstPage")) : null,
      page.continuationToken
        ? h(
            "button",
            { type: "button", onClick: () => go({ ...(filter ? { filter } : {}), page: page.continuationToken! }) },
            t("nextPage"),
          )
        : null,
    ),
  );
}
