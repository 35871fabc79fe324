// Focus survives htmx swaps. When a swap replaces the control that had focus, focus goes to the
// same control in the new content (marked data-focus-key: the tick stays on the tick). A form
// that opens takes focus on its first field; a form that closes gives it back to the control
// that opened it (data-focus-return). Escape closes a form that has a Cancel (data-cancel).
(() => {
  let pending = null;

  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    const active = document.activeElement;
    pending = null;
    if (target && active && active !== document.body && target.contains(active)) {
      pending = { id: target.id, key: active.dataset.focusKey || "" };
    }
  });

  function firstField(container) {
    return (
      container.querySelector(".conflict[tabindex]") ||
      container.querySelector("[aria-invalid='true']") ||
      container.querySelector("input:not([type='hidden']), select, textarea")
    );
  }

  document.addEventListener("htmx:afterSettle", () => {
    if (!pending) return;
    const { id, key } = pending;
    pending = null;
    const swapped = id && document.getElementById(id);
    if (!swapped) return;
    const form = swapped.querySelector("form[data-opens-focused]");
    const next =
      (form && firstField(form)) ||
      (key && swapped.querySelector(`[data-focus-key="${key}"]`)) ||
      swapped.querySelector("[data-focus-return]");
    if (next) next.focus();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    const form = event.target.closest && event.target.closest("form");
    const cancel = form && form.querySelector("[data-cancel]");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  });
})();
