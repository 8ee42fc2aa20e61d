// Progressive enhancement of questionnaire pages. Without it everything works: the server
// evaluates display conditions and limits. With it, participants see them live.
(function () {
  "use strict";

  // The meaning of a display condition, mirroring concerto/surveys/engine/conditions.py
  // (tests/surveys/condition_cases.py runs the same table through both): ``given`` is the
  // list of codes the answer holds, empty when the question is unanswered.
  var conditionHolds = function (operator, expected, given) {
    var wanted = expected.map(String);
    if (operator === "answered") return given.length > 0;
    if (given.length === 0) return false;
    var common = given.filter(function (v) { return wanted.indexOf(String(v)) !== -1; });
    if (operator === "not_equals") return common.length === 0;
    if (operator === "equals" || operator === "any_of") return common.length > 0;
    return false;
  };
  window.ConcertoConditions = { holds: conditionHolds };

  var form = document.querySelector("form[data-questionnaire]");
  if (!form) return;

  // Live character counters on long texts.
  form.querySelectorAll("textarea[data-concerto-counter]").forEach(function (area) {
    var counter = document.getElementById(area.dataset.concertoCounter);
    var limit = parseInt(area.getAttribute("maxlength"), 10);
    var template = form.dataset.counterTemplate; // "{used} / {limit} caractères"
    var update = function () {
      counter.textContent = template.replace("{used}", area.value.length).replace("{limit}", limit);
    };
    area.addEventListener("input", update);
    update();
  });

  // "Autre (précisez)": the text field is shown when "Autre" is chosen.
  var others = form.querySelectorAll("[data-concerto-other]");
  var refreshOthers = function () {
    others.forEach(function (box) {
      var choice = document.getElementById(box.dataset.concertoOther);
      var select = box.parentElement.querySelector("select");
      var chosen = choice ? choice.checked : (select && select.value === "autre");
      box.hidden = !chosen;
    });
  };

  // Display conditions between questions of the same page.
  var valuesOf = function (name) {
    var fields = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    fields.forEach(function (field) {
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) return;
      if (field.value !== "") values.push(field.value);
    });
    return values;
  };
  var holds = function (cond) {
    return conditionHolds(cond.operator, cond.values, valuesOf(cond.field));
  };
  var conditional = form.querySelectorAll("[data-conditions]");
  var refreshConditions = function () {
    conditional.forEach(function (block) {
      var conditions = JSON.parse(block.dataset.conditions);
      block.hidden = !conditions.every(holds);
    });
  };

  var refresh = function () { refreshOthers(); refreshConditions(); };
  form.addEventListener("change", refresh);
  refresh();
})();

// The back office's preview saves nothing: its form is never sent (Enter in a field included).
// A listener, not an onsubmit attribute: the Content-Security-Policy refuses inline handlers.
document.addEventListener("submit", function (event) {
  if (event.target.matches && event.target.matches("form[data-preview]")) event.preventDefault();
});
