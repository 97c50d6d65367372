// A letter's files: while some are being produced, follow their states and turn each into its download link when
// it is ready; the letter's page shows itself once its own page is rendered. Built with DOM nodes, never HTML.
(function () {
  "use strict";
  var suivi = document.getElementById("suivi-fichiers");
  if (!suivi) { return; }
  var url = suivi.dataset.etatUrl;
  var pageFichier = suivi.dataset.pageFichier;
  var recharger = suivi.dataset.recharger === "oui";
  var barre = document.getElementById("progression-fichiers");

  function contenu(f, seul) {
    if (f.url) {
      var lien = document.createElement("a");
      lien.href = f.url;
      lien.textContent = seul ? "Télécharger le fichier" : "Télécharger " + f.format_libelle;
      if (seul) { lien.className = "btn btn-primary"; }
      return lien;
    }
    var texte = document.createElement("span");
    if (f.statut === "termine") {
      texte.className = "text-success";
      texte.textContent = f.format_libelle + " : prête";
      return texte;
    }
    if (f.statut === "echec") {
      texte.className = "text-danger";
      texte.textContent = f.format_libelle + " : échec" + (f.erreur ? " — " + f.erreur : "");
      return texte;
    }
    texte.className = "text-body-secondary";
    var roue = document.createElement("span");
    roue.className = "spinner-border spinner-border-sm me-1";
    roue.setAttribute("aria-hidden", "true");
    texte.append(roue, f.format_libelle + " : " + f.statut_libelle.toLowerCase());
    return texte;
  }

  function progression(fichiers) {
    if (!barre) { return; }
    var total = parseInt(barre.dataset.total, 10) || fichiers.length;
    var prets = fichiers.filter(function (f) { return f.url || f.statut === "termine"; }).length;
    barre.style.width = (total ? Math.round(prets * 100 / total) : 100) + "%";
    barre.textContent = prets + " / " + total;
    var compte = document.getElementById("compte-prets");
    if (compte) { compte.textContent = prets; }
  }

  function mettreAJour() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (reponse) { return reponse.ok ? reponse.json() : null; })
      .then(function (donnees) {
        if (!donnees) { return; }
        for (var i = 0; i < donnees.fichiers.length; i++) {
          var f = donnees.fichiers[i];
          if (recharger && String(f.id) === pageFichier && (f.statut === "termine" || f.statut === "echec")) {
            window.location.reload();
            return;
          }
          document.querySelectorAll('[data-fichier="' + f.id + '"]').forEach(function (element) {
            if (element.dataset.statut !== f.statut) {
              element.dataset.statut = f.statut;
              element.replaceChildren(contenu(f, element.dataset.seul === "oui"));
            }
          });
        }
        progression(donnees.fichiers);
        if (donnees.en_cours) { setTimeout(mettreAJour, 2000); }
      })
      .catch(function () { setTimeout(mettreAJour, 5000); });
  }

  if (barre) {
    var total = parseInt(barre.dataset.total, 10) || 0;
    var prets = document.querySelectorAll('#tableau-fichiers [data-statut="termine"]').length;
    barre.style.width = (total ? Math.round(prets * 100 / total) : 100) + "%";
    barre.textContent = prets + " / " + total;
  }
  if (document.querySelector('[data-statut="en_attente"], [data-statut="en_cours"]')) {
    setTimeout(mettreAJour, 1500);
  }
})();
