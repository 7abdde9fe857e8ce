// Token entry: the bearer token is kept in sessionStorage for this tab only.
import { getToken, setToken, type Whoami } from "./api";
import { field, h } from "./dom";

export async function tokenPage(
  root: HTMLElement,
  refreshWho: () => Promise<Whoami | null>,
): Promise<void> {
  const tokenInput = h("input", {
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "writ_…",
  });
  tokenInput.value = getToken();
  const status = h("p", { class: "status", role: "status" });
  // Only the answer to the latest check is shown (an earlier whoami may answer later).
  let latest = 0;
  const check = async () => {
    const n = ++latest;
    const w = await refreshWho();
    if (n === latest) show(w);
  };
  const show = (w: Whoami | null) => {
    status.textContent = w
      ? `Signed in as token ${w.id}: role ${w.role}, agency ${w.agency || "all agencies"}.`
      : getToken()
        ? "The service did not accept this token."
        : "No token entered.";
  };
  const form = h(
    "form",
    {
      onsubmit: async (e: Event) => {
        e.preventDefault();
        setToken(tokenInput.value.trim());
        await check();
      },
    },
    field("API token", tokenInput, "Kept only in this browser tab (sessionStorage)."),
    h(
      "div",
      { class: "buttons" },
      h("button", { type: "submit" }, "Use token"),
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          onclick: async () => {
            setToken("");
            tokenInput.value = "";
            await check();
          },
        },
        "Forget token",
      ),
    ),
  );
  root.append(h("h1", {}, "API token"), form, status);
  if (getToken()) await check();
}
