// Charts of the dashboards and statistics: each <canvas data-graphique="ID"> is drawn from the JSON of the
// <script type="application/json" id="ID"> that the server wrote (json_script). No inline script (CSP).
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var nombre = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
  var couleurs = ["#1f4e79", "#9bbbd9", "#c0504d", "#f2a65a", "#4f8a3c", "#8064a2", "#7f7f7f"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.locale = "fr-FR";

  document.querySelectorAll("canvas[data-graphique]").forEach(function (toile) {
    var source = document.getElementById(toile.dataset.graphique);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    spec.datasets.forEach(function (serie, i) {
      var couleur = serie.couleur || couleurs[i % couleurs.length];
      serie.backgroundColor = couleur;
      serie.borderColor = couleur;
      if (serie.type === "line") { serie.fill = false; serie.tension = 0.2; serie.pointRadius = 3; }
      if (serie.pointilles) { serie.borderDash = [6, 4]; }
    });
    var horizontal = spec.horizontal === true;
    var echelle = {
      beginAtZero: true,
      ticks: { callback: function (v) { return nombre.format(v) + (spec.unite || ""); } }
    };
    new Chart(toile, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var v = horizontal ? ctx.parsed.x : ctx.parsed.y;
                return ctx.dataset.label + " : " + (v === null ? "–" : nombre.format(v) + (spec.unite || ""));
              }
            }
          }
        },
        scales: horizontal ? { x: echelle } : { y: echelle }
      }
    });
  });
})();
