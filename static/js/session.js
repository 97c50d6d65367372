// Idle session: warn a few minutes before the server ends it, offer to stay signed in, then go to the login page.
(function () {
  "use strict";
  var corps = document.body;
  var duree = parseInt(corps.dataset.sessionDuree, 10);
  var avance = parseInt(corps.dataset.sessionAvertissement, 10);
  if (!duree) { return; }
  var alerte = document.getElementById("avertissement-session");
  var formulaire = document.getElementById("form-prolonger");
  var minuteurs = [];

  function armer() {
    minuteurs.forEach(clearTimeout);
    alerte.classList.add("d-none");
    minuteurs = [
      setTimeout(function () { alerte.classList.remove("d-none"); }, Math.max(0, duree - avance) * 1000),
      setTimeout(function () {
        window.location.href = corps.dataset.sessionConnexion + "?next=" + encodeURIComponent(window.location.pathname);
      }, duree * 1000)
    ];
  }

  formulaire.addEventListener("submit", function (evenement) {
    evenement.preventDefault();
    fetch(formulaire.action, { method: "POST", body: new FormData(formulaire), credentials: "same-origin" })
      .then(function (reponse) { if (reponse.ok) { armer(); } });
  });
  armer();
  window.plieSession = { armer: armer };  // a request sent by a page's script prolongs the session too
})();
