/* Union dashboard charts: reads the page's JSON and draws them with the vendored
   Chart.js (both deferred, so the action card above shows first). Bars are sorted
   worst first by the server; short labels on the axis, full names in the tooltip. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var text = JSON.parse(document.getElementById("dashboard-links").textContent);
  var colors = ["#0b5cad", "#1d7a35", "#e08a00", "#a32020"];
  var drawn = 0;
  Chart.defaults.font.family = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif";
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function canvas(id) {
    var box = document.getElementById(id);
    return box ? box.querySelector("canvas") : null;
  }

  function rates(id, series, onClick) {
    var target = canvas(id);
    if (!target) { return; }
    new Chart(target, {
      type: "bar",
      data: {labels: series.labels, datasets: [{label: text.rate, data: series.rates, backgroundColor: colors[0]}]},
      options: {
        indexAxis: "y",
        scales: {x: {min: 0, max: 100, ticks: {callback: function (v) { return v + "%"; }}}},
        plugins: {
          legend: {display: false},
          tooltip: {callbacks: {
            title: function (items) { return series.names[items[0].dataIndex]; },
            label: function (item) {
              return text.rate + " " + item.formattedValue + "% · " + text.members + " " + series.members[item.dataIndex];
            }
          }}
        },
        onClick: onClick ? function (event, elements) {
          if (elements.length) { onClick(elements[0].index); }
        } : undefined
      }
    });
    drawn += 1;
  }

  rates("chart-orgs", data.orgs, function (index) {  /* drill down */
    window.location.href = text.org.replace("ORG", String(data.orgs.ids[index]));
  });
  rates("chart-platforms", data.platforms);
  rates("chart-courses", data.courses);
  var trend = canvas("chart-trend");
  if (trend) {
    new Chart(trend, {
      data: {
        labels: data.trend.labels,
        datasets: [
          {type: "line", label: text.lessons, data: data.trend.lessons, borderColor: colors[0], backgroundColor: colors[0], yAxisID: "y"},
          {type: "bar", label: text.hours, data: data.trend.hours, backgroundColor: colors[2], yAxisID: "y1"}
        ]
      },
      options: {scales: {y: {position: "left", beginAtZero: true}, y1: {position: "right", beginAtZero: true, grid: {drawOnChartArea: false}}}}
    });
    drawn += 1;
  }
  document.documentElement.setAttribute("data-charts-drawn", String(drawn));
})();
