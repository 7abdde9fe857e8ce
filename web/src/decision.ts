// The decision page: outcome, each action, reasons with citations, missing facts, notices owed
// to the person, the printable memo, reviews and events, and a form to record an event.
import { getJson, getText, postJson } from "./api";
import { field, h, input, select } from "./dom";
import { errorRegion, showError } from "./errors";

interface Reason { rule: string; kind?: string; cite: string; holds: boolean | null; because: string; value?: string }
interface Stored {
  id: string; seq: number; created_at: string; agency: string; policy: string;
  outcome: string; final_outcome: string; state: string; memo_name?: string; personal_erased?: boolean;
  decision: {
    case?: string; as_of?: string; outcome: string;
    actions?: Record<string, { permitted: boolean | null; until?: string | null; requested?: boolean }>;
    reasons?: Reason[];
    missing?: { fact: string; settles: string }[];
    notices?: { id: string; title: string; cite: string; text: string; certain: boolean }[];
  };
  reviews: Record<string, any>[];
  events: Record<string, any>[];
}

const permittedText = (p: boolean | null) => (p === true ? "permitted" : p === false ? "forbidden" : "unknown");

export function nowIso(): string {
  const d = new Date();
  const off = -d.getTimezoneOffset();
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const local = new Date(d.getTime() + off * 60000).toISOString().slice(0, 19);
  return `${local}${off >= 0 ? "+" : "-"}${pad(off / 60)}:${pad(off % 60)}`;
}

export async function decisionPage(root: HTMLElement, id: string): Promise<void> {
  const err = errorRegion();
  root.append(h("h1", {}, `Decision ${id}`), err);
  let d: Stored;
  try {
    d = await getJson<Stored>(`/v1/decisions/${encodeURIComponent(id)}`);
  } catch (x) {
    showError(err, x);
    return;
  }
  const dec = d.decision;
  const overridden = d.final_outcome && d.final_outcome !== d.outcome;
  root.append(
    h(
      "section",
      { class: `outcome outcome-${d.final_outcome || d.outcome}`, "aria-labelledby": "outcome-h" },
      h("h2", { id: "outcome-h" }, "Outcome"),
      h("p", { class: "outcome-word", "data-testid": "outcome" }, d.final_outcome || d.outcome),
      overridden ? h("p", {}, `Overridden on review; the engine decided ${d.outcome}.`) : null,
      h(
        "dl",
        { class: "meta" },
        h("dt", {}, "Review state"), h("dd", { "data-testid": "state" }, d.state.replace(/_/g, " ")),
        h("dt", {}, "Policy"), h("dd", {}, d.policy),
        h("dt", {}, "As of"), h("dd", {}, dec.as_of ?? ""),
        h("dt", {}, "Agency reference"), h("dd", {}, dec.case ?? "—"),
        h("dt", {}, "Logged"), h("dd", {}, `${d.created_at} (entry ${d.seq})`),
      ),
    ),
  );

  const actions = Object.entries(dec.actions ?? {});
  root.append(
    h(
      "section",
      {},
      h("h2", {}, "Actions"),
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Action"), h("th", { scope: "col" }, "Requested"), h("th", { scope: "col" }, "Answer"), h("th", { scope: "col" }, "Until"))),
        h(
          "tbody",
          {},
          actions.map(([name, a]) =>
            h(
              "tr",
              {},
              h("th", { scope: "row" }, name.replace(/_/g, " ")),
              h("td", {}, a.requested === undefined ? "" : a.requested ? "yes" : "no"),
              h("td", { class: `perm-${permittedText(a.permitted)}` }, permittedText(a.permitted)),
              h("td", {}, a.until ?? ""),
            ),
          ),
        ),
      ),
    ),
    h(
      "section",
      {},
      h("h2", {}, "Reasons"),
      h(
        "ol",
        { class: "reasons" },
        (dec.reasons ?? []).map((r) =>
          h(
            "li",
            {},
            h("span", { class: "rule" }, r.rule),
            " ",
            // A definition with a value (e.g. a cutoff date) shows the value; a condition shows
            // whether it holds.
            r.value
              ? h("span", { class: "holds" }, `= ${r.value}`)
              : h("span", { class: `holds holds-${String(r.holds)}` }, r.holds === true ? "holds" : r.holds === false ? "does not hold" : "unknown"),
            h("div", {}, r.because),
            h("cite", { class: "cite" }, r.cite),
          ),
        ),
      ),
    ),
  );
  if (dec.missing && dec.missing.length) {
    root.append(
      h(
        "section",
        {},
        h("h2", {}, "Missing facts"),
        h("ul", {}, dec.missing.map((m) => h("li", {}, h("code", {}, m.fact), " — settles: ", m.settles))),
      ),
    );
  }
  if (dec.notices && dec.notices.length) {
    root.append(
      h(
        "section",
        {},
        h("h2", {}, "Notices owed to the person"),
        h(
          "ul",
          {},
          dec.notices.map((n) =>
            h("li", {}, h("strong", {}, n.title), n.certain ? "" : " (if the facts that are unknown hold)", h("div", {}, n.text), h("cite", { class: "cite" }, n.cite)),
          ),
        ),
      ),
    );
  }

  // The memo: fetched with the token, shown in a frame, printed from it.
  const frame = h("iframe", { title: "Printable memo", class: "memo" });
  const memoErr = errorRegion();
  const showMemo = h("button", {
    type: "button",
    onclick: async () => {
      try {
        frame.srcdoc = await getText(`/v1/decisions/${encodeURIComponent(id)}/memo`);
        frame.hidden = false;
        printBtn.disabled = false;
      } catch (x) {
        showError(memoErr, x);
      }
    },
  }, "Show memo");
  const printBtn = h("button", { type: "button", disabled: true, onclick: () => frame.contentWindow?.print() }, "Print memo");
  frame.hidden = true;
  root.append(h("section", { class: "no-print" }, h("h2", {}, "Memo"), h("div", { class: "buttons" }, showMemo, printBtn), memoErr, frame));

  // Reviews and events so far.
  const history = [...d.reviews, ...d.events].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  root.append(
    h(
      "section",
      {},
      h("h2", {}, "Reviews and events"),
      history.length
        ? h(
            "ul",
            { "data-testid": "history" },
            history.map((e) =>
              h("li", {}, `${e.created_at} — ${e.kind}: ${e.action ?? e.type ?? ""}`, e.outcome ? ` → ${e.outcome}` : "", e.reason ? ` — “${e.reason}”` : "", e.at ? ` at ${e.at}` : "", e.information ? ` (${e.information})` : "", ` (${e.role ?? ""} ${e.actor ?? ""})`),
            ),
          )
        : h("p", {}, "None yet."),
    ),
  );

  // Record what happened next.
  const evType = select(["held", "transferred", "released", "custody_not_assumed", "information_given"], "/type", "choose");
  const evAt = input("text", "/at");
  evAt.value = nowIso();
  const evInfo = select(["release_date", "incarceration_status", "court_date", "other"], "/information", "not applicable");
  const evErr = errorRegion();
  const evForm = h(
    "form",
    {
      class: "no-print",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const body: Record<string, string> = { type: evType.value, at: evAt.value.trim() };
        if (evInfo.value) body.information = evInfo.value;
        try {
          await postJson(`/v1/decisions/${encodeURIComponent(id)}/events`, body);
          const main = root;
          while (main.firstChild) main.removeChild(main.firstChild);
          await decisionPage(main, id);
        } catch (x) {
          showError(evErr, x, evForm);
        }
      },
    },
    h("h2", {}, "Record an event"),
    h("div", { class: "grid" }, field("Event", evType), field("At", evAt, "Date and time with UTC offset"), field("Information given", evInfo)),
    evErr,
    h("div", { class: "buttons" }, h("button", { type: "submit" }, "Record event")),
  );
  root.append(evForm);
}
