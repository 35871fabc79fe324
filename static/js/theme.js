// Runs before the first paint: apply the theme the person chose (light or dark), if any.
// Without a choice the site follows the system setting (prefers-color-scheme).
(function () {
  var choice = null;
  try { choice = window.localStorage.getItem("theme"); } catch (error) { /* storage blocked */ }
  if (choice === "light" || choice === "dark") {
    document.documentElement.setAttribute("data-theme", choice);
  }
})();
