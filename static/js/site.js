// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Pre-select the browser's time zone where a form asks for one and none was chosen yet.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("select[data-detect-timezone]").forEach((select) => {
    if (zone && select.value === "UTC" && [...select.options].some((o) => o.value === zone)) {
      select.value = zone;
    }
  });
});
