// The ALTCHA widget (altcha/altcha.min.js, loaded before this file) in French and English,
// and the fallback question hidden once the proof of work is done. Pages work without it.
(function () {
  var altcha = globalThis.$altcha;
  if (altcha && altcha.i18n) {
    var fr = {
      ariaLinkLabel: "Altcha (site officiel)",
      error: "La vérification a échoué. Réessayez plus tard.",
      expired: "La vérification a expiré. Réessayez.",
      footer: "",
      label: "Je ne suis pas un robot",
      loading: "Chargement…",
      reload: "Recharger",
      verify: "Vérifier",
      verificationRequired: "Vérification nécessaire : cochez la case.",
      verified: "Vérifié",
      verifying: "Vérification en cours…",
      waitAlert: "Vérification en cours… veuillez patienter.",
      cancel: "Annuler",
    };
    altcha.i18n.set("fr", fr);
    altcha.i18n.set("fr-fr", fr);
  }
  document.querySelectorAll("[data-challenge]").forEach(function (box) {
    var widget = box.querySelector("altcha-widget");
    var fallback = box.querySelector("[data-challenge-fallback]");
    if (!widget || !fallback) return;
    widget.addEventListener("statechange", function (event) {
      var state = event.detail && event.detail.state;
      fallback.hidden = state === "verified";
    });
  });
})();
