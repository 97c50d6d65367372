// Live counts: every element [data-compteur="<key>"] shows the key of the JSON that the page's
// [data-compteurs-url] answers, refreshed every 30 seconds while the tab is shown and when it is shown again.
// These requests do not prolong an idle session (plie.middleware.sans_prolonger_la_session).
(function () {
  "use strict";
  var zones = document.querySelectorAll("[data-compteurs-url]");

  function appliquer(comptes) {
    document.querySelectorAll("[data-compteur]").forEach(function (element) {
      var valeur = comptes[element.dataset.compteur];
      if (typeof valeur !== "number") { return; }
      element.textContent = valeur.toLocaleString("fr-FR");
      if (element.hasAttribute("data-alerte-si-positif")) {
        element.classList.toggle("text-bg-warning", valeur > 0);
        element.classList.toggle("text-bg-secondary", valeur === 0);
      }
    });
  }

  function rafraichir() {
    zones.forEach(function (zone) {
      fetch(zone.dataset.compteursUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (reponse) {
          var type = reponse.headers.get("Content-Type") || "";
          return reponse.ok && type.indexOf("application/json") === 0 ? reponse.json() : null;
        })
        .then(function (comptes) { if (comptes) { appliquer(comptes); } })
        .catch(function () { /* offline for a moment: the next refresh will do */ });
    });
  }

  window.plieCompteurs = { appliquer: appliquer, rafraichir: rafraichir };
  if (!zones.length) { return; }
  setInterval(function () { if (!document.hidden) { rafraichir(); } }, 30000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { rafraichir(); } });
})();
