// Keeps an analysis's progress region current without reloading the page: polls the
// question's small JSON endpoint while a run is queued or running, then says it finished.
// Without JavaScript the region's « Actualiser » link does the same.
(function () {
  "use strict";
  var INTERVAL = 2000;

  function poll(region) {
    var url = region.getAttribute("data-freetext-progress");
    var text = region.querySelector("[data-freetext-text]");
    var bar = region.querySelector("[data-freetext-bar]");

    function next(delay) {
      window.setTimeout(tick, delay);
    }

    function tick() {
      fetch(url, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(response.status);
        })
        .then(function (state) {
          if (bar) {
            bar.value = state.progress;
            bar.textContent = state.progress + " %";
          }
          if (state.active) {
            if (text.textContent !== state.text) {
              text.textContent = state.text;
            }
            next(INTERVAL);
            return;
          }
          region.removeAttribute("data-active");
          var after = region.getAttribute(
            state.status === "failed" ? "data-failed-message" : "data-done-message"
          );
          text.textContent = state.text + " " + (after || "");
        })
        .catch(function () {
          // The « Actualiser » link still works; try again later.
          next(INTERVAL * 5);
        });
    }

    next(INTERVAL);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var regions = document.querySelectorAll("[data-freetext-progress][data-active]");
    for (var i = 0; i < regions.length; i++) {
      poll(regions[i]);
    }
  });
})();
