// Keeps the exports page's progress current without reloading it. Without JavaScript,
// the « Mettre à jour l’avancement » link does the same.
(function () {
  "use strict";
  var INTERVAL = 2000;

  function refresh() {
    var current = document.getElementById("exports-list");
    if (!current || !current.hasAttribute("data-pending")) {
      return;
    }
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var fresh = new DOMParser()
          .parseFromString(html, "text/html")
          .getElementById("exports-list");
        if (!fresh) {
          return;
        }
        current.replaceWith(fresh);
        if (fresh.hasAttribute("data-pending")) {
          window.setTimeout(refresh, INTERVAL);
        } else {
          document.getElementById("exports-announce").textContent =
            fresh.getAttribute("data-finished-message") || "";
        }
      })
      .catch(function () {
        // The link still works; try again later.
        window.setTimeout(refresh, INTERVAL * 5);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    window.setTimeout(refresh, INTERVAL);
  });
})();
