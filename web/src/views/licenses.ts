// B. Manage licenses of the users picked on the customer page: per user, clear old licenses and
// assign the new subscription's plan (with a choice of its service plans), as one atomic batch;
// then a confirmation listing the new assignments.
import { api, must, type Sku } from "../api/client";
import { guarded, link } from "../app";
import { field, h, replace, table, uid } from "../dom";
import { messageText, t } from "../i18n";
import { allUsers, licensesOf } from "./customer";

export async function manageLicensesView(params: Record<string, string>, query: URLSearchParams) {
  const customerId = params.customerId!;
  const path = { customerId };
  // `users=all` (every user of the customer) or the ids picked on the customer page; only
  // their licenses are read.
  const asked = query.get("users") ?? "";
  const wanted = new Set(asked.split(",").filter(Boolean));
  const [customer, subscribed, everyone, catalog] = await Promise.all([
    must(api.GET("/v1/customers/{customerId}", { params: { path } })),
    must(api.GET("/v1/customers/{customerId}/subscribedskus", { params: { path } })),
    allUsers(customerId),
    must(api.GET("/v1/skus")),
  ]);
  const users = await licensesOf(customerId, asked === "all" ? everyone : everyone.filter((u) => wanted.has(u.id)));
  const bySku = new Map(catalog.items.map((s) => [s.id, s]));
  // What can be assigned: the SKUs the customer has seats of, except retiring ones (the
  // procedure moves users off them, never onto them).
  const assignable = subscribed.items.filter((s) => bySku.get(s.productSku.id)?.isPurchasable ?? true);
  const skus = assignable.map((s) => bySku.get(s.productSku.id)).filter((s): s is Sku => !!s);
  const held = new Map<string, string>();
  for (const u of users) for (const l of u.licenses) held.set(l.productSku.id, l.productSku.name ?? l.productSku.id);

  // Clearing a retiring SKU's license is what step B is for: ticked from the start.
  const clearBoxes = [...held].map(([id, name]) =>
    h("input", { type: "checkbox", value: id, id: uid("clr"), checked: bySku.get(id)?.isPurchasable === false, "aria-label": t("clearLicense", { sku: name }) }),
  );
  const plans = h("div");
  const target = h(
    "select",
    { name: "assign" },
    h("option", { value: "" }, t("noAssign")),
    assignable.map((s) =>
      h("option", { value: s.productSku.id }, `${bySku.get(s.productSku.id)?.title ?? s.productSku.name ?? s.productSku.id} (${t("available")}: ${s.availableUnits})`),
    ),
  );
  const planBoxes: HTMLInputElement[] = [];
  const showPlans = () => {
    planBoxes.length = 0;
    const sku: Sku | undefined = skus.find((s) => s.id === target.value);
    if (!sku) return replace(plans);
    const items = sku.servicePlans.map((p) => {
      const box = h("input", { type: "checkbox", value: p.id, checked: true, id: uid("sp") });
      planBoxes.push(box);
      return h("li", null, box, h("label", { for: box.id }, t("servicePlan", { plan: p.displayName })));
    });
    replace(plans, h("fieldset", null, h("legend", null, t("servicePlans", { sku: sku.title })), h("ul", { class: "choices" }, items)));
  };
  target.addEventListener("change", showPlans);

  const include = users.map(({ user }) =>
    h("input", { type: "checkbox", value: user.id, checked: true, id: uid("inc"), "aria-label": t("includeUser", { name: user.displayName }) }),
  );
  const out = h("div");
  const submit = guarded(out, async () => {
    const toClear = clearBoxes.filter((b) => b.checked).map((b) => b.value);
    const assign = target.value;
    const excludedPlans = planBoxes.filter((b) => !b.checked).map((b) => b.value);
    const updates = users
      .filter((_, i) => include[i]!.checked)
      .map(({ user, licenses }) => {
        const holds = new Set(licenses.map((l) => l.productSku.id));
        return {
          userId: user.id,
          licensesToAssign: assign && !holds.has(assign) ? [{ skuId: assign, excludedPlans }] : [],
          licensesToRemove: toClear.filter((id) => holds.has(id) && id !== assign),
        };
      })
      .filter((u) => u.licensesToAssign.length || u.licensesToRemove.length);
    if (updates.length === 0) return;
    const result = await must(api.POST("/v1/customers/{customerId}/licenseupdates", { params: { path }, body: { updates } }));
    const names = new Map(users.map((u) => [u.user.id, u.user.displayName]));
    const skuName = (id: string) => skus.find((s) => s.id === id)?.title ?? held.get(id) ?? id;
    replace(
      form,
      h(
        "div",
        { role: "status", class: "confirmation" },
        h("h2", null, t("licensesDone")),
        table(
          [t("user"), t("assigned"), t("removed"), t("warnings")],
          result.updates.map((u) => [
            names.get(u.userId) ?? u.userId,
            u.licensesToAssign.map((a) => skuName(a.skuId)).join(", ") || "—",
            u.licensesToRemove.map(skuName).join(", ") || "—",
            (u.licenseWarnings ?? []).map((w) => messageText("licenseWarning", w.code, w.parameters, skuName)).join("; "),
          ]),
        ),
        link(`/customers/${customerId}`, t("backToCustomer")),
      ),
    );
  });
  const form = h(
    "form",
    { onSubmit: submit },
    table(
      [t("user"), "UPN", t("licenses")],
      users.map(({ user, licenses }, i) => [
        h("label", { for: include[i]!.id }, include[i]!, " ", user.displayName),
        user.userPrincipalName,
        licenses.map((l) => l.productSku.name ?? l.productSku.id).join(", ") || "—",
      ]),
    ),
    h(
      "fieldset",
      null,
      h("legend", null, t("licenses")),
      h("ul", { class: "choices" }, clearBoxes.map((b) => h("li", null, b, h("label", { for: b.id }, b.getAttribute("aria-label")!)))),
    ),
    field(t("assignPlan"), target),
    plans,
    h("button", { type: "submit" }, t("submitLicenses")),
    out,
  );
  return h("section", null, h("h1", null, `${t("manageLicensesFor", { n: users.length })}: ${customer.companyProfile.companyName}`), form);
}
