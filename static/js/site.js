// Progressive enhancement only: every page works without this file.

// ---- Theme: a remembered choice between light and dark (js/theme.js applies it early). ----
const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

function resolvedTheme() {
  return document.documentElement.getAttribute("data-theme") || (darkQuery.matches ? "dark" : "light");
}

function showTheme() {
  const theme = resolvedTheme();
  document.documentElement.setAttribute("data-theme-resolved", theme);
  document.querySelectorAll(".theme-toggle").forEach((button) => {
    button.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
  });
}

function setUpThemeToggle() {
  document.querySelectorAll(".theme-toggle").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      const next = resolvedTheme() === "dark" ? "light" : "dark";
      document.documentElement.setAttribute("data-theme", next);
      try { window.localStorage.setItem("theme", next); } catch (error) { /* not remembered */ }
      showTheme();
    });
  });
  darkQuery.addEventListener("change", showTheme);
  showTheme();
}

// ---- Menus made of <details>: close on Escape and on a click elsewhere. ----
function setUpMenus() {
  const menus = () => document.querySelectorAll("details.menu[open]");
  document.addEventListener("click", (event) => {
    menus().forEach((menu) => {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    menus().forEach((menu) => {
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
}

// ---- Table of contents: mark the section being read. ----
function setUpTableOfContents() {
  const links = [...document.querySelectorAll(".toc a[href^='#']")];
  if (!links.length || !("IntersectionObserver" in window)) return;
  const byId = new Map(links.map((link) => [decodeURIComponent(link.hash.slice(1)), link]));
  const headings = [...byId.keys()].map((id) => document.getElementById(id)).filter(Boolean);
  const visible = new Set();
  const mark = () => {
    // The current section is the last heading above the top third of the screen.
    let current = headings[0];
    for (const heading of headings) {
      if (heading.getBoundingClientRect().top < window.innerHeight / 3) current = heading;
    }
    links.forEach((link) => link.removeAttribute("aria-current"));
    const link = current && byId.get(current.id);
    if (link) link.setAttribute("aria-current", "true");
  };
  const observer = new IntersectionObserver((entries) => {
    entries.forEach((entry) => (entry.isIntersecting ? visible.add(entry.target) : visible.delete(entry.target)));
    mark();
  }, { rootMargin: "0px 0px -60% 0px" });
  headings.forEach((heading) => observer.observe(heading));
  window.addEventListener("scroll", () => window.requestAnimationFrame(mark), { passive: true });
  mark();
}

// ---- Forms: the error summary takes focus, so the person hears what went wrong. ----
function focusErrorSummary(root) {
  const summary = root.querySelector(".error-summary");
  if (!summary) return;
  summary.focus();
  // Its links go to the field itself, not just near it.
  summary.querySelectorAll("a[href^='#']").forEach((link) => {
    link.addEventListener("click", (event) => {
      const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  });
}

// ---- Time zone: pre-select the browser's where a form asks for one and none was chosen. ----
function detectTimezone(root) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  root.querySelectorAll("select[data-detect-timezone]").forEach((select) => {
    if (zone && select.value === "UTC" && [...select.options].some((o) => o.value === zone)) {
      select.value = zone;
      const note = document.createElement("p");
      note.className = "helptext";
      note.textContent = `Set from your browser: ${zone.replace(/_/g, " ")}. Change it if that is wrong.`;
      select.insertAdjacentElement("afterend", note);
    }
  });
}

// ---- Polish checklists: keep the count beside the progress bar in step with the ticks. ----
function setUpCheckCounters(root) {
  root.querySelectorAll("[data-check-counter]").forEach((group) => {
    const boxes = [...group.querySelectorAll("input[type=checkbox]")];
    const output = group.querySelector("[data-check-count]");
    const bar = group.querySelector("progress");
    const update = () => {
      const done = boxes.filter((box) => box.checked).length;
      if (output) output.textContent = `${done} of ${boxes.length}`;
      if (bar) bar.value = done;
    };
    boxes.forEach((box) => box.addEventListener("change", update));
  });
}

// ---- Tables that stack into cards on phones: each cell shows its column's name. ----
function labelTableCells(root) {
  root.querySelectorAll("table.table-stack").forEach((table) => {
    const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    table.querySelectorAll("tbody tr").forEach((row) => {
      let column = 0;
      [...row.children].forEach((cell) => {
        if (cell.tagName === "TD" && names[column] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", names[column]);
        }
        column += cell.colSpan || 1;
      });
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  labelTableCells(document);
  setUpThemeToggle();
  setUpMenus();
  setUpTableOfContents();
  detectTimezone(document);
  setUpCheckCounters(document);
  focusErrorSummary(document);
});
document.addEventListener("htmx:afterSettle", (event) => {
  labelTableCells(event.target);
  detectTimezone(event.target);
  setUpCheckCounters(event.target);
});
