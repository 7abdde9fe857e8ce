// An editable table of records (documents, convictions, charges): add and remove rows;
// every cell has a label naming its row and column; a blank cell is unknown (null).

export type Col =
  | { key: string; label: string; kind: "text" | "date" | "datetime" }
  | { key: string; label: string; kind: "select"; options: string[] }
  | { key: string; label: string; kind: "bool" }
  | { key: string; label: string; kind: "periods" };

import { h, input, select, triState } from "./dom";

/** "2021-08-02..2023-09-15; 2024-01-01..2024-02-01" → [{from, to}, ...]. */
function parsePeriods(s: string): { from: string | null; to: string | null }[] {
  return s
    .split(/[;,\n]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [from, to] = p.split("..").map((x) => x.trim());
      return { from: from || null, to: to || null };
    });
}

export class RowTable {
  readonly element: HTMLElement;
  private body: HTMLTableSectionElement;
  private addButton: HTMLButtonElement;
  private rows: Map<string, HTMLElement>[] = [];

  constructor(
    private noun: string,
    private pointer: string,
    private cols: Col[],
    hint: string,
  ) {
    this.body = h("tbody");
    this.addButton = h("button", { type: "button", class: "secondary", onclick: () => this.add() }, `Add ${noun.toLowerCase()}`);
    const table = h(
      "table",
      { class: "rows" },
      h("caption", {}, `${noun}s`),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"), ...cols.map((c) => h("th", { scope: "col" }, c.label)), h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Remove")))),
      this.body,
    );
    this.element = h(
      "div",
      { class: "rows-wrap" },
      h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": `${noun}s table` }, table),
      h("p", { class: "hint" }, hint),
      this.addButton,
    );
  }

  add(): void {
    const cells = new Map<string, HTMLElement>();
    const n = this.rows.length + 1;
    const tr = h("tr", {}, h("th", { scope: "row" }, String(n)));
    for (const c of this.cols) {
      const ptr = `${this.pointer}/${n - 1}/${c.key}`;
      let el: HTMLElement;
      if (c.kind === "select") el = select(c.options, ptr);
      else if (c.kind === "bool") el = triState(ptr);
      else if (c.kind === "date") el = input("date", ptr);
      else if (c.kind === "datetime") el = input("text", ptr, "2025-04-14T09:30:00-04:00");
      else if (c.kind === "periods") el = input("text", ptr, "from..to; from..to");
      else el = input("text", ptr);
      el.setAttribute("aria-label", `${this.noun} ${n} ${c.label.toLowerCase()}`);
      cells.set(c.key, el);
      tr.append(h("td", {}, el));
    }
    const row = cells;
    tr.append(
      h("td", {}, h("button", { type: "button", class: "secondary", "aria-label": `Remove ${this.noun.toLowerCase()} ${n}`, onclick: () => this.remove(row, tr) }, "Remove")),
    );
    this.rows.push(cells);
    this.body.append(tr);
    (cells.values().next().value as HTMLElement | undefined)?.focus();
  }

  private remove(row: Map<string, HTMLElement>, tr: HTMLElement): void {
    const i = this.rows.indexOf(row);
    if (i < 0) return;
    this.rows.splice(i, 1);
    tr.remove();
    this.renumber();
    this.addButton.focus();
  }

  private renumber(): void {
    this.rows.forEach((cells, i) => {
      const tr = (cells.values().next().value as HTMLElement).closest("tr") as HTMLElement;
      (tr.querySelector("th") as HTMLElement).textContent = String(i + 1);
      for (const c of this.cols) {
        const el = cells.get(c.key) as HTMLElement;
        el.setAttribute("aria-label", `${this.noun} ${i + 1} ${c.label.toLowerCase()}`);
        el.setAttribute("data-pointer", `${this.pointer}/${i}/${c.key}`);
      }
      tr.querySelector("td:last-child button")?.setAttribute("aria-label", `Remove ${this.noun.toLowerCase()} ${i + 1}`);
    });
  }

  get length(): number {
    return this.rows.length;
  }

  /** The rows as JSON objects; blank cells are null (unknown), never guessed. */
  values(): Record<string, unknown>[] {
    return this.rows.map((cells) => {
      const o: Record<string, unknown> = {};
      for (const c of this.cols) {
        const v = (cells.get(c.key) as HTMLInputElement | HTMLSelectElement).value.trim();
        if (c.kind === "bool") o[c.key] = v === "" ? null : v === "true";
        else if (c.kind === "periods") o[c.key] = v === "" ? null : parsePeriods(v);
        else o[c.key] = v === "" ? null : v;
      }
      return o;
    });
  }
}
