// One policy for every htmx request: results are announced in the page's one live region, and
// nothing fails silently: an error, a lost connection or a timeout shows a toast there that
// says what failed, with "Try again". Nothing is swapped on failure, so what was typed stays.
(() => {
  const region = () => document.getElementById("live-region");

  function announce(text) {
    const live = region();
    if (!live || !text) return;
    let line = live.querySelector(".live-announcement");
    if (!line) {
      line = document.createElement("p");
      line.className = "live-announcement visually-hidden";
      live.append(line);
    }
    // Emptied first so that the same words twice in a row are announced twice.
    line.textContent = "";
    window.setTimeout(() => { line.textContent = text; }, 50);
  }

  function describe(elt) {
    const source = elt && elt.closest("[data-action]");
    return source ? source.dataset.action : "Your last action";
  }

  function reason(kind, status) {
    if (kind === "offline") {
      return "could not reach the server. Check your connection; nothing was lost.";
    }
    if (kind === "timeout") return "the server took too long to answer. Nothing was lost.";
    if (status === 403) {
      return "the server refused it (403). If you signed in again in another tab, reload the page.";
    }
    if (status === 404) return "it no longer exists (404). Reload the page to see what is there now.";
    if (status === 413) return "what you sent is too large (413).";
    if (status === 429) return "too many requests in a short time (429). Wait a moment.";
    if (status >= 500) return `the server had a problem (${status}). Nothing was changed.`;
    return `the server answered with an error (${status}).`;
  }

  function parametersOf(config) {
    const values = {};
    const data = config && (config.formData || config.parameters);
    if (!data || typeof data.forEach !== "function") return values;
    data.forEach((value, name) => {
      if (name in values) values[name] = [].concat(values[name], value);
      else values[name] = value;
    });
    return values;
  }

  function toast(message, retry) {
    const live = region();
    if (!live) return;
    live.querySelectorAll(".toast").forEach((old) => old.remove());
    const box = document.createElement("div");
    box.className = "toast toast-error";
    const text = document.createElement("p");
    text.textContent = message;
    box.append(text);
    const actions = document.createElement("p");
    actions.className = "toast-actions";
    if (retry) {
      const again = document.createElement("button");
      again.type = "button";
      again.className = "button button-small";
      again.textContent = "Try again";
      again.addEventListener("click", () => { box.remove(); retry(); });
      actions.append(again);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "link-button";
    close.textContent = "Dismiss";
    close.addEventListener("click", () => box.remove());
    actions.append(close);
    box.append(actions);
    live.append(box);
  }

  function failed(event, kind) {
    const detail = event.detail;
    const config = detail.requestConfig || {};
    const elt = detail.elt;
    const status = detail.xhr ? detail.xhr.status : 0;
    const message = `${describe(elt)} failed: ${reason(kind, status)}`;
    let retry = null;
    if (config.verb && config.path && elt && elt.isConnected) {
      const values = parametersOf(config);
      // The same request again: its element, target and swap, and the values it sent (a
      // tick's state came from the button pressed, which htmx no longer remembers).
      retry = () => htmx.ajax(config.verb, config.path, { source: elt, target: config.target, values });
    }
    toast(message, retry);
  }

  // An ended session sends the browser to sign in (HX-Redirect). Whatever was typed in the
  // page's forms is kept in this tab, and put back when the same form opens again.
  const draftKey = (form) => `draft:${form.getAttribute("action")}`;
  document.addEventListener("htmx:beforeOnLoad", (event) => {
    if (!event.detail.xhr.getResponseHeader("HX-Redirect")) return;
    document.querySelectorAll("form[action][method='post']").forEach((form) => {
      const typed = {};
      form.querySelectorAll("textarea[name], input[name][type='text'], input[name][type='url']")
        .forEach((field) => { if (field.value !== field.defaultValue) typed[field.name] = field.value; });
      try {
        if (Object.keys(typed).length) sessionStorage.setItem(draftKey(form), JSON.stringify(typed));
      } catch (error) { /* storage refused: nothing to keep it in */ }
    });
  });
  function restoreDrafts(root) {
    if (!root || !root.querySelectorAll) return;
    root.querySelectorAll("form[action]").forEach((form) => {
      let typed = null;
      try {
        typed = JSON.parse(sessionStorage.getItem(draftKey(form)) || "null");
      } catch (error) { return; }
      // Only the form with those fields (a tick posts to the same address, with none of them).
      if (!typed || !Object.keys(typed).some((name) => form.elements[name])) return;
      sessionStorage.removeItem(draftKey(form));
      Object.entries(typed).forEach(([name, value]) => {
        const field = form.elements[name];
        if (field && "value" in field) field.value = value;
      });
      const note = document.createElement("p");
      note.className = "message message-warning draft-restored";
      note.textContent = "What you typed before you were signed out is back in this form: check it, then save.";
      form.prepend(note);
      announce(note.textContent);
    });
  }
  document.addEventListener("DOMContentLoaded", () => restoreDrafts(document));
  document.addEventListener("htmx:afterSettle", () => restoreDrafts(document));

  document.addEventListener("announce", (event) => announce(event.detail.text));
  document.addEventListener("htmx:responseError", (event) => failed(event, "response"));
  document.addEventListener("htmx:sendError", (event) => failed(event, "offline"));
  document.addEventListener("htmx:timeout", (event) => failed(event, "timeout"));
  // A request that worked clears an old error about it: the toast would only mislead.
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) {
      const live = region();
      if (live) live.querySelectorAll(".toast").forEach((old) => old.remove());
    }
  });
  // What is being replaced is busy while its request runs (the bar shows after 300 ms).
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.target) event.detail.target.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.target) event.detail.target.removeAttribute("aria-busy");
  });
})();
