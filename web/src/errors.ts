// Shows an API error (message and offending field) in an alert region, and focuses the
// form control whose data-pointer matches the field when there is one.
import { ApiError } from "./api";
import { clear, h } from "./dom";

export function showError(region: HTMLElement, err: unknown, form?: HTMLElement): void {
  clear(region);
  if (err instanceof ApiError) {
    region.append(
      h("strong", {}, `Error (${err.code}): `),
      err.message,
      err.field ? h("span", { class: "err-field" }, ` — field ${err.field}`) : "",
    );
    if (form && err.field) {
      const el = form.querySelector<HTMLElement>(`[data-pointer="${CSS.escape(err.field)}"]`);
      if (el) {
        el.setAttribute("aria-invalid", "true");
        el.focus();
      }
    }
  } else {
    region.append(h("strong", {}, "Error: "), String(err instanceof Error ? err.message : err));
  }
  region.hidden = false;
}

export function errorRegion(): HTMLElement {
  const r = h("div", { class: "error", role: "alert" });
  r.hidden = true;
  return r;
}
