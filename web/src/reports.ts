// The statutory reports: choose a report and a July–June period; the items as a table and an
// inline SVG bar chart; CSV download (fetched with the token).
import { call, getJson } from "./api";
import { clear, field, h, input } from "./dom";
import { errorRegion, showError } from "./errors";

interface Item { number: number | string; cite: string; text: string; count: number | null; note: string; breakdown: { key: string; label: string; count: number }[] }
interface Report { report: string; title: string; cite: string; period: { from: string; to: string; label: string }; decisions: number; pending_review: number; undetermined: number; items: Item[] }

/** The July–June period containing today, e.g. "2025-2026". */
export function currentPeriod(now = new Date()): string {
  const y = now.getFullYear();
  const start = now.getMonth() >= 6 ? y : y - 1;
  return `${start}-${start + 1}`;
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A horizontal bar chart of the items that have a count. */
function chart(r: Report): SVGElement {
  const items = r.items.filter((i) => i.count !== null);
  const rowH = 26, labelW = 90, barW = 420, top = 8;
  const max = Math.max(1, ...items.map((i) => i.count ?? 0));
  const height = top * 2 + rowH * items.length;
  const root = svg("svg", { viewBox: `0 0 ${labelW + barW + 60} ${height}`, width: "100%", role: "img", "aria-label": `Counts of the items of ${r.title}` });
  items.forEach((it, k) => {
    const y = top + k * rowH;
    const w = Math.round(((it.count ?? 0) / max) * barW);
    root.append(
      svg("text", { x: 0, y: y + 17, "font-size": 13 }, `Item ${it.number}`),
      svg("rect", { x: labelW, y: y + 4, width: Math.max(w, 1), height: rowH - 8, fill: "#2f5d8a" }),
      svg("text", { x: labelW + w + 6, y: y + 17, "font-size": 13 }, String(it.count)),
    );
  });
  return root;
}

/** An item's breakdown: a list, folded into a disclosure when it is long. */
function breakdown(it: Item): Node | string {
  if (!it.breakdown.length) return it.note && it.count !== null ? it.note : "";
  const list = h("ul", {}, it.breakdown.map((b) => h("li", {}, `${b.label}: ${b.count}`)));
  if (it.breakdown.length <= 6) return list;
  const nonzero = it.breakdown.filter((b) => b.count > 0).length;
  return h("details", {}, h("summary", {}, `${it.breakdown.length} categories (${nonzero} not zero)`), list);
}

export async function reportsPage(root: HTMLElement): Promise<void> {
  const err = errorRegion();
  const out = h("div", { "aria-live": "polite" });
  const which = h("select", { "data-pointer": "report" });
  const period = input("text", "period");
  period.value = currentPeriod();
  root.append(h("h1", {}, "Statutory reports"), err);
  try {
    const list = await getJson<{ reports: { id: string; title: string }[] }>("/v1/reports");
    for (const r of list.reports) which.append(h("option", { value: r.id }, `${r.title} (${r.id})`));
  } catch (x) {
    showError(err, x);
    return;
  }
  const query = () => `/v1/reports/${encodeURIComponent(which.value)}?period=${encodeURIComponent(period.value.trim())}`;
  const show = async () => {
    err.hidden = true;
    clear(out);
    let r: Report;
    try {
      r = await getJson<Report>(`${query()}&format=json`);
    } catch (x) {
      showError(err, x, form);
      return;
    }
    out.append(
      h("h2", {}, r.title),
      h("p", {}, h("cite", { class: "cite" }, r.cite), ` — ${r.period.label} (${r.period.from} to ${r.period.to})`),
      h(
        "dl",
        { class: "meta" },
        h("dt", {}, "Decisions in the period"), h("dd", { "data-testid": "report-decisions" }, String(r.decisions)),
        h("dt", {}, "Pending review"), h("dd", {}, String(r.pending_review)),
        h("dt", {}, "Undetermined"), h("dd", {}, String(r.undetermined)),
      ),
      h("figure", {}, chart(r), h("figcaption", {}, "Count of each item")),
      h(
        "table",
        { class: "report-items" },
        h("thead", {}, h("tr", {}, ...["Item", "Provision", "What is counted", "Count", "Breakdown"].map((t) => h("th", { scope: "col" }, t)))),
        h(
          "tbody",
          {},
          r.items.map((it) =>
            h(
              "tr",
              { "data-item": String(it.number) },
              h("th", { scope: "row" }, String(it.number)),
              h("td", {}, it.cite),
              h("td", {}, it.text),
              h("td", { class: "count" }, it.count === null ? it.note || "not recorded by Writ" : String(it.count)),
              h("td", {}, breakdown(it)),
            ),
          ),
        ),
      ),
    );
  };
  const download = async () => {
    try {
      const res = await call("GET", `${query()}&format=csv`);
      const url = URL.createObjectURL(await res.blob());
      const a = h("a", { href: url, download: `${which.value}-${period.value.trim()}.csv` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (x) {
      showError(err, x, form);
    }
  };
  const form = h(
    "form",
    { onsubmit: (e: Event) => { e.preventDefault(); void show(); } },
    h("div", { class: "grid" }, field("Report", which), field("Period", period, "July–June: 2024-2025 is July 1, 2024 to June 30, 2025")),
    h("div", { class: "buttons" }, h("button", { type: "submit" }, "Show report"), h("button", { type: "button", class: "secondary", onclick: () => void download() }, "Download CSV")),
  );
  root.append(form, out);
}
