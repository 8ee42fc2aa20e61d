// The back office (Django admin): what its own scripts leave out for assistive technologies.
// A help icon that Django's SelectFilter script draws as a span with aria-label only: a
// label needs a role to be read (ARIA forbids aria-label on a generic span).
(function () {
  function fix(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (el) {
      el.setAttribute("role", "img");
    });
  }
  new MutationObserver(function () { fix(document); }).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  document.addEventListener("DOMContentLoaded", function () { fix(document); });
})();
