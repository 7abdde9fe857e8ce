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
        show(await refreshWho());
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
            show(await refreshWho());
          },
        },
        "Forget token",
      ),
    ),
  );
  root.append(h("h1", {}, "API token"), form, status);
  if (getToken()) show(await refreshWho());
}
