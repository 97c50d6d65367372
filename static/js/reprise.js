// An import being checked or recorded: follow its progress, and show the preview once the task is done.
(function () {
  "use strict";
  var suivi = document.getElementById("suivi-import");
  if (!suivi) { return; }
  var barre = document.getElementById("progression-import");
  function dessiner(fait, total) {
    barre.style.width = (total ? Math.round(fait * 100 / total) : 0) + "%";
    if (total) { barre.textContent = fait + " / " + total; }
  }
  dessiner(parseInt(barre.dataset.fait, 10) || 0, parseInt(barre.dataset.total, 10) || 0);
  function mettreAJour() {
    fetch(suivi.dataset.etatUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (etat) {
        if (!etat) { return; }
        if (!etat.en_cours || etat.etat !== suivi.dataset.etat) { window.location.reload(); return; }
        dessiner(etat.fait, etat.total);
        window.setTimeout(mettreAJour, 1500);
      })
      .catch(function () { window.setTimeout(mettreAJour, 5000); });
  }
  window.setTimeout(mettreAJour, 1000);
})();
