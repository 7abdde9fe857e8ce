// End-to-end test of the web UI: a real `writ serve` on a free loopback port with a temporary
// store and the built web/dist, driven in Debian's headless Chromium through playwright-core.
//
//   node e2e/decide-review-report.mjs [path/to/writ]      (default: build/release/src/cli/writ)
//
// An analyst reads the DOC report's decision count; an officer enters a DOC detainer with a
// judicial warrant and a listed conviction through the intake form and sees "honor" with a
// § 9-131 citation; a supervisor signs it off in the review queue and records a "held" event;
// the analyst sees the count grow by one. Exit 0 on success, 1 on any failed step.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const webDir = resolve(here, "..");
// The policies the server loads: this checkout, or WRIT_E2E_HOME (e.g. an exported commit).
const home = resolve(process.env.WRIT_E2E_HOME ?? resolve(webDir, ".."));
// WEB_E2E_SCREENSHOTS=DIR saves a screenshot of each page to DIR.
const shots = process.env.WEB_E2E_SCREENSHOTS;
const writ = resolve(process.argv[2] ?? process.env.WRIT_BIN ?? join(webDir, "../build/release/src/cli/writ"));
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const dist = join(webDir, "dist");
const started = Date.now();

function fail(msg) {
  throw new Error(msg);
}
function check(cond, msg) {
  if (!cond) fail(msg);
  console.log(`ok - ${msg}`);
}

async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Starts writ serve; resolves with the process and the first admin token it prints. */
function startServer(port, storeDir) {
  return new Promise((res, rej) => {
    const p = spawn(writ, ["--home", home, "serve", "--listen", `127.0.0.1:${port}`,
      "--store", join(storeDir, "writ.db"), "--web", dist], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let token = "";
    const timer = setTimeout(() => rej(new Error(`writ serve did not start:\n${out}`)), 20000);
    const onData = (b) => {
      out += b.toString();
      const m = out.match(/\b(writ_[a-z2-7]+)\b/);
      if (m) token = m[1];
      if (token && /writ serve: http/.test(out)) {
        clearTimeout(timer);
        res({ proc: p, token });
      }
    };
    p.stdout.on("data", onData);
    p.stderr.on("data", onData);
    p.once("exit", (code) => {
      clearTimeout(timer);
      rej(new Error(`writ serve exited with ${code}:\n${out}`));
    });
  });
}

async function api(base, token, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) fail(`${method} ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Today in New York-ish offset form, so the case falls in the current reporting period. */
function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

async function main() {
  if (!existsSync(writ)) fail(`no writ binary at ${writ}`);
  if (!existsSync(join(dist, "index.html"))) fail(`no built UI at ${dist} (run npm run build)`);
  const tmp = mkdtempSync(join(tmpdir(), "writ-web-e2e-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server;
  let context;
  let page;
  try {
    server = await startServer(port, tmp);
    const admin = server.token;
    const mk = async (role, agency) => (await api(base, admin, "POST", "/v1/tokens", agency ? { role, agency } : { role })).secret;
    const officer = await mk("officer", "nyc-doc");
    const supervisor = await mk("supervisor", "nyc-doc");
    const analyst = await mk("analyst");
    check(officer && supervisor && analyst, "officer, supervisor and analyst tokens created through the API");

    context = await chromium.launchPersistentContext(join(tmp, "chromium-profile"), {
      executablePath: chromiumPath,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1366, height: 800 },
    });
    context.setDefaultTimeout(30000);
    page = context.pages()[0] ?? (await context.newPage());
    const consoleErrors = [];
    const shot = async (name) => {
      if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    };
    page.on("pageerror", (e) => consoleErrors.push(String(e)));

    // Token entry with the keyboard only: tab to the field, type, press Enter.
    const useToken = async (token, role) => {
      await page.goto(`${base}/#/token`);
      const input = page.getByLabel("API token");
      await input.focus();
      await page.keyboard.press("Control+A");
      await page.keyboard.type(token);
      await page.keyboard.press("Enter");
      await page.getByRole("status").filter({ hasText: `role ${role}` }).waitFor();
    };

    const reportCount = async () => {
      await page.goto(`${base}/#/reports`);
      await page.getByLabel("Report").selectOption("nyc-doc-9-131-f");
      await page.getByRole("button", { name: "Show report" }).click();
      return Number(await page.getByTestId("report-decisions").textContent());
    };

    // 1. The analyst's count before.
    await useToken(analyst, "analyst");
    check(true, "analyst token entered with the keyboard; whoami shows role analyst");
    const before = await reportCount();
    check(Number.isInteger(before), `DOC § 9-131(f) report shows ${before} decisions before`);
    check(await page.locator("figure svg rect").count() > 0, "report chart drawn as inline SVG");

    // 2. The officer enters the case through the intake form.
    await useToken(officer, "officer");
    await page.goto(`${base}/#/intake`);
    const today = new Date();
    const day = isoDay(today);
    const later = isoDay(new Date(today.getTime() + 2 * 86400000));
    const L = (label) => page.getByLabel(label, { exact: true });
    await L("Policy (agency)").selectOption("nyc-doc");
    await L("Agency reference").fill("E2E-DOC-1");
    await L("Request kind").selectOption("detainer");
    await L("Form").selectOption("I-247A");
    await L("From").fill("ICE");
    await L("Presented at").fill(`${day}T09:30:00-05:00`);
    await page.getByLabel("pending removal proceedings").check();
    await page.getByRole("button", { name: "Add document" }).click();
    await L("Document 1 type").selectOption("warrant");
    await L("Document 1 issuer").selectOption("federal_magistrate_judge");
    await L("Document 1 offense basis").selectOption("criminal");
    await L("Document 1 names subject").selectOption("true");
    await L("Document 1 authorizes custody").selectOption("true");
    await L("Subject id (pseudonymous)").fill("P-E2E-1");
    await L("Watchlist match").selectOption("false");
    await L("Prior removal").selectOption("false");
    await L("Unlawful reentry").selectOption("false");
    await L("Registries").selectOption("checked");
    await L("Criminal history").selectOption("searched");
    await L("Pending charges").selectOption("searched");
    await page.getByRole("button", { name: "Add conviction" }).click();
    await L("Conviction 1 jurisdiction").fill("US-NY");
    await L("Conviction 1 statute").fill("Penal Law § 160.10");
    await L("Conviction 1 subdivision").fill("1");
    await L("Conviction 1 level").selectOption("felony");
    await L("Conviction 1 class").fill("C");
    await L("Conviction 1 inchoate").selectOption("none");
    await L("Conviction 1 hate crime").selectOption("false");
    await L("Conviction 1 offense date").fill("2021-08-02");
    await L("Conviction 1 conviction date").fill("2022-01-19");
    await L("Conviction 1 judgment date").fill("2022-03-03");
    await L("Conviction 1 disposition").selectOption("conviction");
    await L("Conviction 1 reduced to misdemeanor").selectOption("false");
    await L("Conviction 1 incarcerations").fill("2021-08-02..2023-09-15");
    // A row added by mistake is removed with the keyboard; focus returns to "Add conviction".
    await page.getByRole("button", { name: "Add conviction" }).click();
    await L("Conviction 2 statute").fill("PL 999.99");
    await page.getByRole("button", { name: "Remove conviction 2" }).focus();
    await page.keyboard.press("Enter");
    check((await L("Conviction 2 statute").count()) === 0 &&
      (await page.evaluate(() => document.activeElement?.textContent)) === "Add conviction",
      "a second conviction row removed with the keyboard; focus back on Add conviction");
    await L("Arrest date").fill(day);
    await L("Release eligible at").fill(`${later}T15:00:00-05:00`);
    await L("Facility").fill("RNDC");
    await L("Current charges").selectOption("known");
    await L("Records source").fill("e-JusticeNY");
    await L("Records checked at").fill(`${day}T10:00:00-05:00`);
    await L("Name for the memo (optional)").fill("José Ñúñez-Łukasz");
    await shot("intake");
    await page.getByRole("button", { name: "Decide" }).click();
    const outcome = page.getByTestId("outcome");
    await outcome.waitFor();
    const word = (await outcome.textContent()).trim();
    check(word === "honor", `decision page shows outcome "${word}" (expected honor)`);
    const cites = await page.locator("cite").allTextContents();
    check(cites.some((c) => c.includes("9-131")), `a reason cites § 9-131 (${cites.find((c) => c.includes("9-131"))})`);
    await shot("decision");
    const decisionUrl = page.url();
    const id = decodeURIComponent(decisionUrl.split("#/decision/")[1] ?? "");
    check(/^D-[0-9a-f]{20}$/.test(id), `decision stored as ${id}`);
    check((await page.getByTestId("state").textContent()).includes("pending review"), "state is pending review");

    await page.getByRole("button", { name: "Show memo" }).click();
    const memo = page.frameLocator("iframe.memo");
    await memo.locator("body").filter({ hasText: "José Ñúñez-Łukasz" }).waitFor();
    check(true, "printable memo fetched with the token shows the (non-ASCII) name given for it");

    // 3. The supervisor signs it off in the review queue (by keyboard: focus the button, Enter).
    await useToken(supervisor, "supervisor");
    await page.goto(`${base}/#/review`);
    await shot("review");
    const signOff = page.getByRole("button", { name: `Sign off ${id}` });
    await signOff.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: `Sign off ${id}` }).waitFor({ state: "detached" });
    check(true, "supervisor signed the decision off from the review queue with the keyboard");

    // 4. A "held" event on the decision page.
    await page.goto(decisionUrl);
    check((await page.getByTestId("state").textContent()).includes("signed off"), "decision page shows signed off");
    await L("Event").selectOption("held");
    await page.getByRole("button", { name: "Record event" }).click();
    await page.getByTestId("history").filter({ hasText: "held" }).waitFor();
    check(true, 'a "held" event is recorded and listed');

    // An API error is shown with its message and field.
    await L("At").fill("not a time");
    await L("Event").selectOption("released");
    await page.getByRole("button", { name: "Record event" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "field" });
    await alert.waitFor();
    check((await alert.textContent()).includes("/at"), `API error shown with its field: ${(await alert.textContent()).trim()}`);

    // 5. The analyst sees the count change.
    await useToken(analyst, "analyst");
    const after = await reportCount();
    await shot("reports");
    check(after === before + 1, `report count went from ${before} to ${after}`);
    // 6. An override needs an outcome and a written reason.
    const example = JSON.parse(readFileSync(join(home, "examples/cases/doc-honor-robbery.json"), "utf8"));
    const second = (await api(base, officer, "POST", "/v1/decisions", example)).id;
    await useToken(supervisor, "supervisor");
    await page.goto(`${base}/#/review`);
    const open = page.getByRole("button", { name: `Override ${second}…` });
    await open.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Override", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "written reason" }).waitFor();
    check(true, "an override without outcome and reason is refused in the form");
    await L(`Override outcome for ${second}`).selectOption("decline");
    await L(`Reason for overriding ${second}`).fill("The warrant was withdrawn by the court on review.");
    await page.getByRole("button", { name: "Override", exact: true }).click();
    await open.waitFor({ state: "detached" });
    await page.goto(`${base}/#/decision/${second}`);
    const overridden = (await page.getByTestId("outcome").textContent()).trim();
    check(overridden === "decline", `overridden decision shows final outcome "${overridden}" (expected decline)`);
    check((await page.getByTestId("history").textContent()).includes("withdrawn by the court"), "the override's reason is listed");

    check(consoleErrors.length === 0, `no uncaught errors in the page${consoleErrors.length ? `: ${consoleErrors.join("; ")}` : ""}`);
    console.log(`web e2e passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    // What the page showed when the step failed.
    if (page) console.error(`page ${page.url()}:\n${await page.locator("body").innerText().catch(() => "")}`);
    throw e;
  } finally {
    if (context) await context.close().catch(() => {});
    if (server) server.proc.kill("SIGTERM");
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`not ok - ${e.message ?? e}`);
  process.exit(1);
});
