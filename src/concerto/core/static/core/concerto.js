// Progressive enhancement only: every page works without this file.
document.documentElement.classList.remove("concerto-no-js");

// After a form comes back with errors, take keyboard and screen reader users to the summary,
// whose links lead to each field (RGAA 11.10).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("erreurs");
  if (summary) summary.focus();
});

// The « Menu » button opens a dialog (the DSFR modal): say whether it is open (RGAA 7.1).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[aria-haspopup=dialog][aria-controls]").forEach(function (button) {
    var dialog = document.getElementById(button.getAttribute("aria-controls"));
    if (!dialog) return;
    var sync = function () {
      var open = dialog.classList.contains("fr-modal--opened");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    };
    new MutationObserver(sync).observe(dialog, { attributes: true, attributeFilter: ["class"] });
    sync();
  });
});
