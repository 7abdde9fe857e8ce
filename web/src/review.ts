// The review queue: decisions pending review, each signed off or overridden (outcome and a
// written reason, both required) by a supervisor.
import { getJson, postJson } from "./api";
import { clear, field, h, select } from "./dom";
import { errorRegion, showError } from "./errors";

interface Summary { id: string; created_at: string; agency: string; policy: string; request_kind: string | null; outcome: string; state: string }

export async function reviewPage(root: HTMLElement): Promise<void> {
  const err = errorRegion();
  const list = h("div", {});
  root.append(h("h1", {}, "Review queue"), err, list);
  let items: Summary[];
  try {
    items = (await getJson<{ items: Summary[] }>("/v1/decisions?state=pending_review&limit=200")).items;
  } catch (x) {
    showError(err, x);
    return;
  }
  if (!items.length) {
    list.append(h("p", { role: "status" }, "Nothing is waiting for review."));
    return;
  }
  const reload = async () => {
    clear(root);
    await reviewPage(root);
  };
  list.append(
    h(
      "table",
      { class: "queue" },
      h("thead", {}, h("tr", {}, ...["Decision", "Logged", "Agency", "Request", "Outcome", "Review"].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        items.map((s) => {
          const rowErr = errorRegion();
          const outcome = select(["honor", "decline", "review"], "/outcome", "choose");
          outcome.setAttribute("aria-required", "true");
          const reason = h("textarea", { rows: 2, "data-pointer": "/reason", "aria-required": "true" });
          const overrideForm = h(
            "form",
            {
              class: "override",
              novalidate: true,
              onsubmit: async (e: Event) => {
                e.preventDefault();
                if (!outcome.value || !reason.value.trim()) {
                  rowErr.hidden = false;
                  rowErr.textContent = "An override needs an outcome and a written reason.";
                  (outcome.value ? reason : outcome).focus();
                  return;
                }
                try {
                  await postJson(`/v1/decisions/${encodeURIComponent(s.id)}/review`, { action: "override", outcome: outcome.value, reason: reason.value.trim() });
                  await reload();
                } catch (x) {
                  showError(rowErr, x, overrideForm);
                }
              },
            },
            field(`Override outcome for ${s.id}`, outcome),
            field(`Reason for overriding ${s.id}`, reason),
            h("button", { type: "submit", class: "secondary" }, "Override"),
          );
          overrideForm.hidden = true;
          return h(
            "tr",
            {},
            h("th", { scope: "row" }, h("a", { href: `#/decision/${encodeURIComponent(s.id)}` }, s.id)),
            h("td", {}, s.created_at),
            h("td", {}, s.agency),
            h("td", {}, s.request_kind ?? ""),
            h("td", { class: `outcome-cell outcome-${s.outcome}` }, s.outcome),
            h(
              "td",
              {},
              h(
                "div",
                { class: "buttons" },
                h("button", {
                  type: "button",
                  "aria-label": `Sign off ${s.id}`,
                  onclick: async () => {
                    try {
                      await postJson(`/v1/decisions/${encodeURIComponent(s.id)}/review`, { action: "sign_off" });
                      await reload();
                    } catch (x) {
                      showError(rowErr, x);
                    }
                  },
                }, "Sign off"),
                h("button", {
                  type: "button",
                  class: "secondary",
                  "aria-expanded": "false",
                  "aria-label": `Override ${s.id}…`,
                  onclick: (e: Event) => {
                    overrideForm.hidden = !overrideForm.hidden;
                    (e.currentTarget as HTMLElement).setAttribute("aria-expanded", String(!overrideForm.hidden));
                    if (!overrideForm.hidden) outcome.focus();
                  },
                }, "Override…"),
              ),
              overrideForm,
              rowErr,
            ),
          );
        }),
      ),
    ),
  );
}
