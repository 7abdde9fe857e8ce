// Hash routing between the pages: #/token, #/intake, #/decision/{id}, #/review, #/reports.
import "./style.css";
import { getJson, getToken, type Whoami } from "./api";
import { clear } from "./dom";
import { decisionPage } from "./decision";
import { intakePage } from "./intake";
import { reportsPage } from "./reports";
import { reviewPage } from "./review";
import { tokenPage } from "./token";

const main = document.getElementById("main") as HTMLElement;
const who = document.getElementById("who") as HTMLElement;

let whoSeq = 0;
export async function refreshWho(): Promise<Whoami | null> {
  const n = ++whoSeq;
  if (!getToken()) {
    who.textContent = "No token";
    return null;
  }
  let w: Whoami | null = null;
  try {
    w = await getJson<Whoami>("/v1/whoami");
  } catch {
    w = null;
  }
  // A later call (another token) has started meanwhile: its answer is the one to show.
  if (n === whoSeq) who.textContent = w ? `${w.role}${w.agency ? ` · ${w.agency}` : " · all agencies"}` : "Token not accepted";
  return w;
}

async function route(): Promise<void> {
  const hash = location.hash.replace(/^#/, "") || (getToken() ? "/intake" : "/token");
  const parts = hash.split("/").filter(Boolean);
  clear(main);
  for (const a of document.querySelectorAll<HTMLAnchorElement>("nav a")) {
    if (a.getAttribute("href") === `#/${parts[0] ?? ""}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  switch (parts[0]) {
    case "intake":
      await intakePage(main);
      break;
    case "decision":
      await decisionPage(main, decodeURIComponent(parts[1] ?? ""));
      break;
    case "review":
      await reviewPage(main);
      break;
    case "reports":
      await reportsPage(main);
      break;
    default:
      await tokenPage(main, refreshWho);
  }
  const h1 = main.querySelector("h1");
  document.title = `${h1 ? h1.textContent : "Writ"} — Writ`;
  // Move focus to the new page for keyboard and screen-reader users, unless the user has
  // already moved into it while it was loading (do not steal focus from a field).
  if (!main.contains(document.activeElement)) main.focus();
}

window.addEventListener("hashchange", () => void route());
void refreshWho();
void route();
