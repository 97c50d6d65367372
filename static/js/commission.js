// The commission decides without reloading the page: each decision form is sent in the background, the rows
// decided leave the table, the section's count and the queue's counts follow, and the answer is announced.
// Without this script (or if the background request fails) the form is sent as a page, which does the same.
(function () {
  "use strict";
  var annonces = document.getElementById("commission-annonces");
  if (!annonces || !window.fetch) { return; }

  function annoncer(reponse) {
    annonces.replaceChildren();
    [["succes", "alert-success"], ["erreur", "alert-danger"], ["info", "alert-info"]].forEach(function (genre) {
      if (!reponse[genre[0]]) { return; }
      var alerte = document.createElement("div");
      alerte.className = "alert " + genre[1];
      alerte.textContent = reponse[genre[0]];
      annonces.appendChild(alerte);
    });
  }

  function retirer(section, decides) {
    decides.forEach(function (pk) {
      var ligne = section.querySelector('tr[data-ligne="' + pk + '"]');
      if (ligne) { ligne.remove(); }
    });
    var compte = section.querySelector("[data-compte-section]");
    if (compte && !compte.hasAttribute("data-compteur")) {  // a filtered count: the page's own
      var avant = parseInt(compte.textContent.replace(/\D/g, ""), 10) || 0;
      compte.textContent = Math.max(0, avant - decides.length).toLocaleString("fr-FR");
    }
    var restantes = section.querySelector("[data-lignes-restantes]");
    if (restantes) { restantes.textContent = section.querySelectorAll("tr[data-ligne]").length; }
  }

  function pageFaite(section) {
    // Every row of the page decided: the section's empty message when nothing waits any more, else an offer to
    // show what remains (the page read again).
    var corps = section.querySelector("tbody");
    var compte = section.querySelector("[data-compte-section]");
    var restent = compte ? parseInt(compte.textContent.replace(/\D/g, ""), 10) || 0 : 0;
    var ligne = document.createElement("tr");
    var cellule = document.createElement("td");
    cellule.colSpan = section.querySelectorAll("thead th").length;
    if (restent === 0) {
      cellule.textContent = corps.dataset.vide || "";
    } else {
      cellule.textContent = "Toutes les décisions de cette page sont enregistrées. ";
      var lien = document.createElement("a");
      lien.href = window.location.href;
      lien.textContent = "Afficher celles qui restent";
      cellule.appendChild(lien);
    }
    ligne.appendChild(cellule);
    corps.appendChild(ligne);
    section.querySelectorAll("form[data-decision-commission] button").forEach(function (b) {
      if (b.closest("tbody") === null) { b.hidden = true; }
    });
  }

  document.querySelectorAll("form[data-decision-commission]").forEach(function (formulaire) {
    formulaire.addEventListener("submit", function (evenement) {
      if (formulaire.dataset.enPage) { return; }  // the fallback: sent as a page
      evenement.preventDefault();
      var bouton = evenement.submitter;
      var donnees = new FormData(formulaire);
      if (bouton && bouton.name) { donnees.append(bouton.name, bouton.value); }
      var section = formulaire.closest("[data-section]");
      var boutons = formulaire.querySelectorAll("button");
      boutons.forEach(function (b) { b.disabled = true; });
      function enPage() {  // the background request failed: send the form as a page, which does the same
        boutons.forEach(function (b) { b.disabled = false; });
        formulaire.dataset.enPage = "1";
        formulaire.requestSubmit(bouton || undefined);
      }
      fetch(formulaire.action, {
        method: "POST", body: donnees, credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (reponse) {
        var type = reponse.headers.get("Content-Type") || "";
        if (!reponse.ok || type.indexOf("application/json") !== 0) { enPage(); return; }
        return reponse.json().then(function (resultat) {
          // Recorded: from here on, nothing is sent again whatever happens to the page.
          boutons.forEach(function (b) { b.disabled = false; });
          if (window.plieSession) { window.plieSession.armer(); }
          retirer(section, resultat.decides);
          if (window.plieCompteurs) { window.plieCompteurs.appliquer(resultat.comptes); }
          annoncer(resultat);
          if (resultat.decides.length && !section.querySelector("tr[data-ligne]")) { pageFaite(section); }
          annonces.focus();
        }, enPage);
      }, enPage);
    });
  });
})();
