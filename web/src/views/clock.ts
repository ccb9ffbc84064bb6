// In demo mode (a simulated clock), an admin moves time forward and watches the lifecycle.
import { api, must } from "../api/client";
import { can, errorText, notice, rerender } from "../app";
import { field, h, replace } from "../dom";
import { formatDate, t } from "../i18n";

export function clockControl(): HTMLElement {
  const box = h("div", { class: "clock" });
  void (async () => {
    const { data } = await api.GET("/v1/clock");
    if (!data) return;
    const today = h("span", { class: "today" }, t("clockNow", { date: formatDate(data.now) }));
    if (!data.simulated || !can("controlClock")) return replace(box, today);
    const days = h("input", { type: "number", name: "days", min: 1, max: 3650, value: 30, size: 4 });
    const out = h("span", { "aria-live": "polite" });
    const form = h(
      "form",
      {
        class: "inline",
        "aria-label": t("clock"),
        onSubmit: (event: Event) => {
          event.preventDefault();
          must(api.POST("/v1/clock/advance", { body: { days: Number(days.value) } }))
            .then(() => rerender())
            .catch((error: unknown) => replace(out, notice("error", errorText(error))));
        },
      },
      field(t("advanceDays"), days),
      h("button", { type: "submit" }, t("advance")),
      out,
    );
    replace(box, today, form);
  })();
  return box;
}
