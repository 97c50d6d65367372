// The entry form: beside each eligibility criterion, the reasons the situation typed so far proposes it, from the
// rules of parcours/eligibilite.py (the same JSON the server reads). The référent ticks; nothing is ticked here.
(function () {
  "use strict";
  var source = document.getElementById("regles-eligibilite");
  var formulaire = document.querySelector(".formulaire-entree");
  if (!source || !formulaire) { return; }
  var regles = JSON.parse(source.textContent);

  function champ(nom) { return formulaire.querySelector('[name="entree-' + nom + '"]'); }

  function unAnAvant(texte) {
    var date = new Date(texte + "T00:00:00");
    date.setFullYear(date.getFullYear() - 1);
    return date;
  }

  function tient(regle) {
    var element = champ(regle.champ);
    if (!element) { return false; }
    if (regle.condition === "coche") { return element.checked; }
    if (regle.condition === "parmi") { return regle.valeurs.indexOf(element.value) !== -1; }
    if (regle.condition === "plus_d_un_an") {
      var entree = champ("date_entree");
      if (!element.value || !entree || !entree.value) { return false; }
      return new Date(element.value + "T00:00:00") <= unAnAvant(entree.value);
    }
    return false;
  }

  function proposer() {
    Object.keys(regles).forEach(function (code) {
      var raisons = regles[code].filter(tient).map(function (r) { return r.raison; });
      var cible = formulaire.querySelector('[data-critere="' + code + '"]');
      if (cible) { cible.textContent = raisons.length ? "Proposé : " + raisons.join(", ") : ""; }
    });
  }

  formulaire.addEventListener("change", proposer);
  proposer();
})();
