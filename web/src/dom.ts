// Small DOM helpers: build elements without a framework.

type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2), v as EventListener);
    } else if (v === true) {
      el.setAttribute(k, "");
    } else {
      el.setAttribute(k, String(v));
    }
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

let uid = 0;
export function nextId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A label + control pair; the control gets an id the label points to. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || nextId("f");
  control.id = id;
  const parts: Child[] = [h("label", { for: id }, label), control];
  if (hint) {
    const hid = `${id}-hint`;
    control.setAttribute("aria-describedby", hid);
    parts.push(h("span", { class: "hint", id: hid }, hint));
  }
  return h("div", { class: "field" }, ...parts);
}

/** A select whose first option is "" (unknown → null). */
export function select(options: string[], pointer?: string, blank = "unknown"): HTMLSelectElement {
  return h(
    "select",
    { "data-pointer": pointer },
    h("option", { value: "" }, `— ${blank} —`),
    ...options.map((o) => h("option", { value: o }, o)),
  );
}

/** A yes / no / unknown select for a bool that may be unknown. */
export function triState(pointer?: string): HTMLSelectElement {
  return h(
    "select",
    { "data-pointer": pointer },
    h("option", { value: "" }, "— unknown —"),
    h("option", { value: "true" }, "yes"),
    h("option", { value: "false" }, "no"),
  );
}

export function input(type: string, pointer?: string, placeholder?: string): HTMLInputElement {
  return h("input", { type, "data-pointer": pointer, placeholder });
}

export function clear(el: HTMLElement): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}
