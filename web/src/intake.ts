// The intake form: mirrors Form I-247A (request, documents, subject, custody) and a criminal
// history table, and builds a writ-case/1 body. A blank field is unknown (null): nothing is
// guessed. The optional name for the memo goes only in the X-Writ-Memo-Name header.
import { getJson, postJson } from "./api";
import { field, h, input, select, triState } from "./dom";
import { errorRegion, showError } from "./errors";
import { RowTable, type Col } from "./rows";

const LEVELS = ["felony", "misdemeanor", "violation", "infraction", "indictable", "disorderly_persons"];

const chargeCols: Col[] = [
  { key: "jurisdiction", label: "Jurisdiction", kind: "text" },
  { key: "statute", label: "Statute", kind: "text" },
  { key: "subdivision", label: "Subdivision", kind: "text" },
  { key: "level", label: "Level", kind: "select", options: LEVELS },
  { key: "class", label: "Class", kind: "text" },
  { key: "charged_on", label: "Charged on", kind: "date" },
  { key: "probable_cause_found", label: "Probable cause found", kind: "bool" },
];

function checkboxes(legend: string, pointer: string, values: string[]): { el: HTMLElement; get: () => string[] } {
  const boxes = values.map((v) => h("input", { type: "checkbox", value: v, id: `${pointer.replace(/\W/g, "-")}-${v}` }));
  const el = h(
    "fieldset",
    { class: "checks", "data-pointer": pointer },
    h("legend", {}, legend),
    ...boxes.map((b) => h("label", { class: "check" }, b, ` ${b.value.replace(/_/g, " ")}`)),
  );
  return { el, get: () => boxes.filter((b) => b.checked).map((b) => b.value) };
}

/** 32 hex characters from the browser's random source (crypto.randomUUID needs a secure context). */
function randomKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** The UTF-8 encoding of s as a byte string (each character one byte, 0–255). */
function utf8Bytes(s: string): string {
  return Array.from(new TextEncoder().encode(s.replace(/[\r\n]+/g, " ")), (b) => String.fromCharCode(b)).join("");
}

function val(el: HTMLInputElement | HTMLSelectElement): string | null {
  const v = el.value.trim();
  return v === "" ? null : v;
}

function bool(el: HTMLSelectElement): boolean | null {
  return el.value === "" ? null : el.value === "true";
}

/** Drops null members so that an unknown field is simply absent (absent and null mean the same). */
function prune(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

export async function intakePage(root: HTMLElement): Promise<void> {
  const err = errorRegion();

  // Which policy decides: the loaded policies, when the token may list them.
  const agency = h("select", { "data-pointer": "/agency", required: true });
  try {
    const p = await getJson<{ policies: { id: string; title?: string }[] }>("/v1/policies");
    for (const pol of p.policies ?? []) agency.append(h("option", { value: pol.id }, pol.title ? `${pol.id} — ${pol.title}` : pol.id));
  } catch {
    agency.append(h("option", { value: "nyc-doc" }, "nyc-doc"));
  }
  const caseId = input("text", "/id");

  // Request (Form I-247A page 1).
  const kind = select(["detainer", "notification", "transfer", "information", "interview"], "/request/kind");
  const form = select(["I-247A", "I-247", "I-247D", "I-247N", "I-247X", "other"], "/request/form");
  const from = input("text", "/request/from", "ICE");
  const presented = input("text", "/request/presented_at", "2025-04-14T09:30:00-04:00");
  const basis = checkboxes("Basis for the determination (I-247A box 1; none ticked = unknown)", "/request/basis", [
    "final_order_of_removal",
    "pending_removal_proceedings",
    "biometric_match",
    "statements_or_evidence",
  ]);
  const sought = checkboxes("Information sought (none ticked = unknown)", "/request/information_sought", [
    "release_date",
    "incarceration_status",
    "court_date",
    "other",
  ]);
  const documents = new RowTable(
    "Document",
    "/request/documents",
    [
      { key: "type", label: "Type", kind: "select", options: ["warrant", "removal_order", "court_order", "subpoena", "other"] },
      { key: "issuer", label: "Issuer", kind: "select", options: ["article_iii_judge", "federal_magistrate_judge", "state_judge", "immigration_judge", "immigration_officer"] },
      { key: "form", label: "Form", kind: "select", options: ["I-200", "I-205"] },
      { key: "offense_basis", label: "Offense basis", kind: "select", options: ["criminal", "civil"] },
      { key: "names_subject", label: "Names subject", kind: "bool" },
      { key: "authorizes_custody", label: "Authorizes custody", kind: "bool" },
      { key: "presented_at", label: "Presented at", kind: "datetime" },
      { key: "signed_by", label: "Signed by", kind: "select", options: ["federal_judge", "immigration_judge"] },
    ],
    "Documents presented with the request. Form is blank for a court warrant; signed by is for removal orders.",
  );

  // Subject.
  const subjectId = input("text", "/subject/id", "P-…");
  const watchlist = triState("/subject/watchlist_match");
  const priorRemoval = triState("/subject/prior_removal");
  const reentry = triState("/subject/unlawful_reentry");
  const registriesChecked = h(
    "select",
    { "data-pointer": "/subject/registrations" },
    h("option", { value: "" }, "— not checked (unknown) —"),
    h("option", { value: "checked" }, "checked: the ticked ones below (none ticked = none)"),
  );
  const registrations = checkboxes("Registrations", "/subject/registrations", ["sex_offender", "arson"]);
  const removalOrder = select(["federal_judge", "immigration_judge"], "/subject/final_removal_order", "unknown");

  // Criminal history.
  const historySearched = h(
    "select",
    { "data-pointer": "/subject/convictions" },
    h("option", { value: "" }, "— no search done (unknown) —"),
    h("option", { value: "searched" }, "searched: the rows below (no rows = none found)"),
  );
  const convictions = new RowTable(
    "Conviction",
    "/subject/convictions",
    [
      { key: "jurisdiction", label: "Jurisdiction", kind: "text" },
      { key: "statute", label: "Statute", kind: "text" },
      { key: "subdivision", label: "Subdivision", kind: "text" },
      { key: "level", label: "Level", kind: "select", options: LEVELS },
      { key: "class", label: "Class", kind: "text" },
      { key: "inchoate", label: "Inchoate", kind: "select", options: ["none", "attempt", "conspiracy", "solicitation", "facilitation"] },
      { key: "hate_crime", label: "Hate crime", kind: "bool" },
      { key: "offense_date", label: "Offense date", kind: "date" },
      { key: "conviction_date", label: "Conviction date", kind: "date" },
      { key: "judgment_date", label: "Judgment date", kind: "date" },
      { key: "disposition", label: "Disposition", kind: "select", options: ["conviction", "youthful_offender", "juvenile_delinquent", "not_guilty_insanity"] },
      { key: "equivalent_to", label: "Equivalent to", kind: "text" },
      { key: "predicate_felony", label: "Predicate felony", kind: "bool" },
      { key: "reduced_to_misdemeanor", label: "Reduced to misdemeanor", kind: "bool" },
      { key: "aggravated_felony", label: "Aggravated felony", kind: "bool" },
      { key: "incarcerations", label: "Incarcerations", kind: "periods" },
    ],
    "Jurisdiction: US-NY, US (federal), US-XX or a country code. Incarcerations: from..to; from..to (ISO dates).",
  );
  const pendingSearched = h(
    "select",
    { "data-pointer": "/subject/pending_charges" },
    h("option", { value: "" }, "— no search done (unknown) —"),
    h("option", { value: "searched" }, "searched: the rows below (no rows = none)"),
  );
  const pending = new RowTable("Pending charge", "/subject/pending_charges", chargeCols, "Charges pending elsewhere.");

  // Custody.
  const arrest = input("date", "/custody/arrest_date");
  const releaseAt = input("text", "/custody/release_eligible_at", "2025-04-16T15:00:00-04:00");
  const facility = input("text", "/custody/facility");
  const chargesKnown = h(
    "select",
    { "data-pointer": "/custody/charges" },
    h("option", { value: "" }, "— unknown —"),
    h("option", { value: "known" }, "known: the rows below (no rows = none)"),
  );
  const charges = new RowTable("Current charge", "/custody/charges", chargeCols, "The charges of the instant arrest.");

  // Records check.
  const rcSource = input("text", "/records_check/source", "e-JusticeNY");
  const rcAt = input("text", "/records_check/performed_at", "2025-04-16T08:00:00-04:00");

  const memoName = input("text", undefined);
  memoName.autocomplete = "off";

  const buildCase = (): Record<string, unknown> => {
    const b = basis.get();
    const s = sought.get();
    const docs = documents.values().map(prune);
    const request = prune({
      kind: val(kind),
      form: val(form),
      from: val(from),
      presented_at: val(presented),
      basis: b.length ? b : null,
      information_sought: s.length ? s : null,
      documents: documents.length ? docs : null,
    });
    const subject = prune({
      id: val(subjectId),
      convictions: historySearched.value ? convictions.values().map(prune) : null,
      pending_charges: pendingSearched.value ? pending.values().map(prune) : null,
      watchlist_match: bool(watchlist),
      prior_removal: bool(priorRemoval),
      unlawful_reentry: bool(reentry),
      registrations: registriesChecked.value ? registrations.get() : null,
      final_removal_order: removalOrder.value ? { signed_by: removalOrder.value } : null,
    });
    const custody = prune({
      arrest_date: val(arrest),
      release_eligible_at: val(releaseAt),
      charges: chargesKnown.value ? charges.values().map(prune) : null,
      facility: val(facility),
    });
    const rc = prune({ source: val(rcSource), performed_at: val(rcAt) });
    return prune({
      format: "writ-case/1",
      id: val(caseId),
      agency: agency.value,
      request,
      subject,
      custody,
      records_check: Object.keys(rc).length ? rc : null,
    });
  };

  // One key per filled-in form: a retried submission returns the stored decision instead of
  // logging a second one (the key changes when the form is opened again).
  const idempotencyKey = randomKey();
  const submit = h("button", { type: "submit" }, "Decide");
  const formEl = h(
    "form",
    {
      class: "intake",
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        err.hidden = true;
        for (const el of formEl.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
        submit.disabled = true;
        try {
          const headers: Record<string, string> = { "Idempotency-Key": idempotencyKey };
          const name = memoName.value.trim();
          // A header value is a byte string: send the name's UTF-8 bytes, one character per byte,
          // so the server receives the name in UTF-8 whatever its script.
          if (name) headers["X-Writ-Memo-Name"] = utf8Bytes(name);
          const d = await postJson<{ id: string }>("/v1/decisions", buildCase(), headers);
          location.hash = `#/decision/${encodeURIComponent(d.id)}`;
        } catch (x) {
          showError(err, x, formEl);
        } finally {
          submit.disabled = false;
        }
      },
    },
    h("p", { class: "hint" }, "Leave a field blank when it is not known: Writ treats it as unknown and never guesses."),
    h(
      "fieldset",
      {},
      h("legend", {}, "Deciding agency"),
      h("div", { class: "grid" }, field("Policy (agency)", agency), field("Agency reference", caseId, "Your case number; optional.")),
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, "Request (Form I-247A)"),
      h(
        "div",
        { class: "grid" },
        field("Request kind", kind),
        field("Form", form),
        field("From", from, "ICE, CBP or another federal agency"),
        field("Presented at", presented, "Date and time with UTC offset"),
      ),
      basis.el,
      sought.el,
      documents.element,
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, "Subject"),
      h(
        "div",
        { class: "grid" },
        field("Subject id (pseudonymous)", subjectId),
        field("Watchlist match", watchlist),
        field("Prior removal", priorRemoval),
        field("Unlawful reentry", reentry),
        field("Final removal order signed by", removalOrder),
        field("Registries", registriesChecked),
      ),
      registrations.el,
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, "Criminal history"),
      h("div", { class: "grid" }, field("Criminal history", historySearched), field("Pending charges", pendingSearched)),
      convictions.element,
      pending.element,
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, "Custody"),
      h(
        "div",
        { class: "grid" },
        field("Arrest date", arrest),
        field("Release eligible at", releaseAt, "Date and time with UTC offset"),
        field("Facility", facility),
        field("Current charges", chargesKnown),
      ),
      charges.element,
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, "Records check"),
      h("div", { class: "grid" }, field("Records source", rcSource), field("Records checked at", rcAt, "Date and time with UTC offset")),
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, "Memo"),
      field("Name for the memo (optional)", memoName, "Printed on the memo only; kept with the personal data, never in the decision log."),
    ),
    err,
    h("div", { class: "buttons" }, submit),
  );
  root.append(h("h1", {}, "New request"), formEl);
}
