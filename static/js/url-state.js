// Filter forms (data-url-state) push their query to the address bar. Their controls say what
// the address says: on load, after Back or Forward, and when htmx restores a page from history.
(() => {
  function reflect() {
    const params = new URLSearchParams(window.location.search);
    document.querySelectorAll("form[data-url-state]").forEach((form) => {
      [...form.elements].forEach((control) => {
        if (!control.name || control.type === "hidden" || control.type === "submit") return;
        const value = params.get(control.name) || "";
        if (control.type === "checkbox" || control.type === "radio") {
          control.checked = params.getAll(control.name).includes(control.value);
        } else if (control.tagName === "SELECT") {
          const known = [...control.options].some((option) => option.value === value);
          control.value = known ? value : "";
        } else {
          control.value = value;
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", reflect);
  document.addEventListener("htmx:historyRestore", reflect);
  window.addEventListener("popstate", () => window.setTimeout(reflect, 0));
  // A page from the back-forward cache keeps the controls as they were left: say the address.
  window.addEventListener("pageshow", (event) => { if (event.persisted) reflect(); });
})();
