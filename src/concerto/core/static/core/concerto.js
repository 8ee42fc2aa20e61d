// Progressive enhancement only: every page works without this file.
document.documentElement.classList.remove("concerto-no-js");

// After a form comes back with errors, take keyboard and screen reader users to the summary,
// whose links lead to each field (RGAA 11.10).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("erreurs");
  if (summary) summary.focus();
});
