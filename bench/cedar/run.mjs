// Times the NYC DOC rule in Cedar (nyc_doc.cedar, pre-parsed once) on the cases that
// bench/batch_eval_bench exports with --export-cedar DIR (DIR/cases.jsonl), and checks that each
// Cedar decision (permit / deny for the hold) matches Writ's (honor / decline).
//
//   node bench/cedar/run.mjs DIR [--min-seconds S]
//
// Prints cedar_cases, cedar_agree, cedar_decisions_per_s (one thread, wall clock) and
// cedar_cpu_us_per_decision. Exits 1 on a disagreement,
// a policy that does not validate, or an error from Cedar.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as cedar from "@cedar-policy/cedar-wasm/nodejs";

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2];
if (!dir) {
  console.error("usage: node run.mjs DIR [--min-seconds S]");
  process.exit(2);
}
const minSeconds = process.argv[3] === "--min-seconds" ? Number(process.argv[4]) : 2;
const policies = readFileSync(join(here, "nyc_doc.cedar"), "utf8");
const schema = readFileSync(join(here, "nyc_doc.cedarschema"), "utf8");

const fail = (msg) => {
  console.error(`cedar: ${msg}`);
  process.exit(1);
};

const v = cedar.validate({ schema, policies: { staticPolicies: policies } });
if (v.type !== "success" || v.validationErrors.length)
  fail(`the policy does not validate: ${JSON.stringify(v)}`);
const pre = cedar.preparsePolicySet("nyc-doc", { staticPolicies: policies });
if (pre.type !== "success") fail(`cannot parse the policy: ${JSON.stringify(pre)}`);

const cases = readFileSync(join(dir, "cases.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.length)
  .map((l) => JSON.parse(l));
if (!cases.length) fail(`no cases in ${dir}/cases.jsonl`);

// Requests are built before timing, as Writ's columns are built before its timing.
const action = { type: "Writ::Action", id: "hold" };
const requests = cases.map((c) => {
  const principal = { type: "Writ::Agency", id: c.from || "(none)" };
  const resource = { type: "Writ::Person", id: c.id };
  return {
    principal,
    action,
    resource,
    context: {
      decision_day: c.decision_day,
      judicial_warrant: c.judicial_warrant,
      any_counting_conviction: c.any_counting,
      latest_counting_judgment: c.latest_counting_judgment,
      window_start: c.window_start,
    },
    entities: [
      { uid: principal, attrs: { name: c.from }, parents: [] },
      { uid: resource, attrs: { watchlist_match: c.watchlist_match }, parents: [] },
    ],
    preparsedPolicySetId: "nyc-doc",
    validateRequest: false,
  };
});

// Correctness first: every decision must match Writ's.
let agree = 0;
requests.forEach((r, i) => {
  const a = cedar.statefulIsAuthorized(r);
  if (a.type !== "success") fail(`${cases[i].id}: ${JSON.stringify(a.errors)}`);
  const cedarSays = a.response.decision === "allow" ? "honor" : "decline";
  if (cedarSays !== cases[i].writ) {
    fail(`${cases[i].id}: Cedar ${a.response.decision}, Writ ${cases[i].writ}`);
  }
  ++agree;
});

// Timing: whole passes over the cases until at least minSeconds have gone by.
let decisions = 0;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < minSeconds) {
  for (const r of requests) cedar.statefulIsAuthorized(r);
  decisions += requests.length;
  elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
}
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(`cedar_version=${cedar.getCedarVersion()}`);
console.log(`cedar_cases=${cases.length}`);
console.log(`cedar_agree=${agree}`);
console.log(`cedar_decisions_per_s=${Math.round(decisions / elapsed)}`);
// CPU time of the process (on a machine shared with other work, what one core spent).
console.log(`cedar_cpu_us_per_decision=${((cpuSeconds / decisions) * 1e6).toFixed(1)}`);
