/* Charts of the ward dashboard (vendored Chart.js). The tables beside them carry every number;
   the charts are extras, drawn without animation so they print as they are. */
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  Chart.defaults.animation = false;
  Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.devicePixelRatio = 2;  // crisp on paper

  function make(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { return null; }
    return new Chart(canvas, config);
  }

  // On a phone long labels go on two lines (a Chart.js label may be an array of lines) instead of being cut.
  function wrap(label, width) {
    if (label.length <= width) { return label; }
    var lines = [""];
    label.split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (lines[last] && (lines[last] + " " + word).length > width) { lines.push(word); }
      else { lines[last] = lines[last] ? lines[last] + " " + word : word; }
    });
    return lines;
  }
  var narrow = window.matchMedia("(max-width: 576px)").matches;

  var charts = [];
  if (data.stages) {
    charts.push(make("chart-stages", {
      type: "bar",
      data: { labels: narrow ? data.stages.labels.map(function (l) { return wrap(l, 18); }) : data.stages.labels, datasets: [{ data: data.stages.counts, backgroundColor: "#8b1a1a" }] },
      // Every stage keeps its label (Chart.js would drop every other one when the labels crowd).
      options: {
        indexAxis: "y", plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false, font: { size: 11 } } } }
      }
    }));
  }
  if (data.members) {
    charts.push(make("chart-members", {
      type: "bar",
      data: { labels: data.members.labels, datasets: [{ data: data.members.percent, backgroundColor: ["#7f8c8d", "#d68910", "#8b1a1a"] }] },
      options: {
        plugins: {
          legend: { display: false },
          title: { display: true, text: document.getElementById("chart-members").getAttribute("aria-label") },
          tooltip: { callbacks: { label: function (ctx) {
            var c = data.members.counts[ctx.dataIndex];
            return ctx.parsed.y.toFixed(2) + " % (" + c[0] + "/" + c[1] + ")";
          } } }
        },
        scales: { x: { ticks: { autoSkip: false } }, y: { beginAtZero: true, max: 100, ticks: { callback: function (v) { return v + " %"; } } } }
      }
    }));
  }
  if (data.votes) {
    charts.push(make("chart-votes", {
      type: "doughnut",
      data: { labels: data.votes.labels, datasets: [{ data: data.votes.counts, backgroundColor: ["#1e8449", "#d68910", "#c0392b"] }] },
      options: { plugins: { legend: { position: "bottom", labels: { boxWidth: 10, font: { size: 10 } } } } }
    }));
  }
  if (data.turnout) {
    charts.push(make("chart-turnout", {
      type: "bar",
      data: { labels: data.turnout.labels, datasets: [{ data: data.turnout.counts, backgroundColor: "#2e86c1" }] },
      options: {
        plugins: { legend: { display: false }, title: { display: true, text: document.getElementById("chart-turnout").getAttribute("aria-label") } },
        scales: { x: { ticks: { autoSkip: false } }, y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    }));
  }
  // Redraw at the printed size.
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { if (c) { c.resize(); } }); });
  window.addEventListener("afterprint", function () { charts.forEach(function (c) { if (c) { c.resize(); } }); });
})();
