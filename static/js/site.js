// The site's own behaviour. The Content-Security-Policy allows no inline script or event
// handler (script-src 'self'), so pages ask for it with data attributes.
(function () {
  "use strict";

  // "Terug" without a referring page (data-history-back): back in the browser's history when
  // there is one, else the link's own address; "reload" also loads the page it returns to.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-history-back]") : null;
    if (!link || window.history.length <= 1) {
      return;
    }
    event.preventDefault();
    window.history.back();
    if (link.getAttribute("data-history-back") === "reload" && window.Turbo) {
      window.setTimeout(function () { window.Turbo.visit("."); }, 100);
    }
  });

  // A page that is still at work (data-refresh-after-ms) asks again until the work is done,
  // as long as it is still the page shown (viewflow's pages navigate with Turbo).
  function refreshWhileShown() {
    var element = document.querySelector("[data-refresh-after-ms]");
    if (!element) {
      return;
    }
    var here = window.location.href;
    var delay = parseInt(element.getAttribute("data-refresh-after-ms"), 10) || 3000;
    window.setTimeout(function () {
      if (!document.body.contains(element) || window.location.href !== here) {
        return;
      }
      if (window.Turbo) {
        window.Turbo.visit(here, { action: "replace" });
      } else {
        window.location.reload();
      }
    }, delay);
  }

  if (window.Turbo) {
    document.addEventListener("turbo:load", refreshWhileShown);
  } else {
    document.addEventListener("DOMContentLoaded", refreshWhileShown);
  }
})();
