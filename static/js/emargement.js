// Émargement on screen: one signature_pad (vendor/signature_pad) per participant; on submit, each pad's drawing is
// sent as a PNG data URL. A present participant who has not signed stops the submit with a message; an absent one
// (collective session) has their pad disabled.
(function () {
  "use strict";
  const formulaire = document.querySelector("[data-emargement]");
  if (!formulaire || typeof SignaturePad === "undefined") return;
  const lignes = [];

  function dimensionner(ligne) {
    // The canvas is drawn at the screen's pixel density; resizing clears it, so the drawing is kept and redrawn.
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    const canvas = ligne.canvas;
    const donnees = ligne.pad.toData();
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    ligne.pad.clear();
    ligne.pad.fromData(donnees);
  }

  formulaire.querySelectorAll("[data-ligne]").forEach(function (bloc) {
    const canvas = bloc.querySelector("canvas");
    const pad = new SignaturePad(canvas, { backgroundColor: "rgb(255,255,255)", penColor: "rgb(0,0,90)" });
    const ligne = {
      bloc: bloc,
      canvas: canvas,
      pad: pad,
      champ: bloc.querySelector("[data-signature]"),
      absent: bloc.querySelector("[data-absent]"),
      nom: bloc.querySelector("legend").textContent.trim(),
    };
    bloc.querySelector("[data-effacer]").addEventListener("click", function () {
      pad.clear();
    });
    // A message about missing signatures is stale once someone signs.
    pad.addEventListener("endStroke", function () {
      formulaire.querySelector("[data-message]").hidden = true;
    });
    if (ligne.absent) {
      const suivre = function () {
        if (ligne.absent.checked) {
          pad.clear();
          pad.off();
        } else {
          pad.on();
        }
        bloc.querySelector("[data-pad]").classList.toggle("pad-inactif", ligne.absent.checked);
      };
      ligne.absent.addEventListener("change", suivre);
      suivre();
    }
    lignes.push(ligne);
    dimensionner(ligne);
  });
  window.addEventListener("resize", function () {
    lignes.forEach(dimensionner);
  });

  formulaire.addEventListener("submit", function (evenement) {
    const manquants = [];
    lignes.forEach(function (ligne) {
      const absent = ligne.absent && ligne.absent.checked;
      ligne.champ.value = !absent && !ligne.pad.isEmpty() ? ligne.pad.toDataURL("image/png") : "";
      if (!absent && ligne.pad.isEmpty()) manquants.push(ligne.nom);
    });
    const message = formulaire.querySelector("[data-message]");
    if (manquants.length) {
      evenement.preventDefault();
      message.textContent =
        "Pas encore signé : " + manquants.join(", ") + (lignes[0].absent ? ". Faites signer, ou cochez « Absent »." : ".");
      message.hidden = false;
      message.focus();
    } else {
      message.hidden = true;
    }
  });
})();
