// A few lines instead of a framework: elements are built with h() and views re-render whole.

export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: Event) => void;
export type Props = Record<string, string | number | boolean | Handler | null | undefined>;

// Properties rather than attributes: their live state is what the user sees.
const PROPERTIES = new Set(["checked", "value", "disabled", "selected", "indeterminate"]);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (PROPERTIES.has(name)) {
      (element as unknown as Record<string, unknown>)[name] = value;
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

let nextId = 0;
//! A unique id for tying a <label> to its control.
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

//! Text for screen readers only (e.g. the header of a column of checkboxes).
export function hidden(text: string): HTMLElement {
  return h("span", { class: "sr-only" }, text);
}

//! A labelled control: <label for> + the control, in one block.
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (!control.id) control.id = uid("f");
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, hint ? h("small", null, hint) : null);
}

//! A table; on a narrow screen (style.css) each row becomes a card whose cells are labelled by
//! their column's header (data-label), so a phone never scrolls sideways.
export function table(headers: Child[], rows: Child[][], caption?: string): HTMLTableElement {
  const labels = headers.map((header) => {
    const probe = h("span", null, header);
    return probe.querySelector(".sr-only") ? "" : (probe.textContent ?? "");
  });
  return h(
    "table",
    { class: "cards" },
    caption ? h("caption", null, caption) : null,
    h("thead", null, h("tr", null, headers.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, rows.map((cells) => h("tr", null, cells.map((c, i) => h("td", { "data-label": labels[i] || null }, c))))),
  );
}

export function replace(target: Element, ...children: Child[]): void {
  target.replaceChildren();
  append(target, children);
}

//! A table shown `pageSize` rows at a time, with Previous / Next and "rows a–b of n" under it:
//! a fleet's plan has thousands of rows, and the page must stay usable. Rows are kept as cells
//! and built into the DOM a page at a time. `labels` are the (translated) pager texts.
export function pagedTable(
  headers: Child[],
  rows: Child[][],
  labels: { previous: string; next: string; range: (first: number, last: number, total: number) => string },
  pageSize = 25,
): HTMLElement {
  if (rows.length <= pageSize) return table(headers, rows);
  const holder = h("div", { class: "paged" });
  const show = (start: number) => {
    const end = Math.min(start + pageSize, rows.length);
    replace(
      holder,
      table(headers, rows.slice(start, end)),
      h(
        "div",
        { class: "pager" },
        h("button", { type: "button", disabled: start === 0, onClick: () => show(Math.max(0, start - pageSize)) }, labels.previous),
        h("span", { "aria-live": "polite" }, labels.range(start + 1, end, rows.length)),
        h("button", { type: "button", disabled: end >= rows.length, onClick: () => show(end) }, labels.next),
      ),
    );
  };
  show(0);
  return holder;
}
