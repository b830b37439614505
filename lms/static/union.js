/* Union dashboard charts: reads the page's JSON and draws four ECharts charts.
   Loaded only on dashboard pages, after the vendored echarts (both deferred). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var text = JSON.parse(document.getElementById("dashboard-links").textContent);
  var colors = ["#0b5cad", "#1d7a35", "#e08a00", "#a32020", "#6a3d9a", "#17becf"];
  var font = {fontFamily: "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"};
  var charts = [];

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    var chart = echarts.init(el, null, {renderer: "canvas"});
    option.color = colors;
    option.textStyle = font;
    option.animation = false;
    option.tooltip = option.tooltip || {trigger: "axis"};
    chart.setOption(option);
    charts.push(chart);
    return chart;
  }

  function bars(labels, values, name) {
    return {
      grid: {left: 48, right: 16, top: 24, bottom: 72},
      xAxis: {type: "category", data: labels, axisLabel: {rotate: 30, interval: 0, width: 90, overflow: "truncate"}},
      yAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}},
      series: [{type: "bar", name: name, data: values}]
    };
  }

  draw("chart-trend", {
    legend: {top: 0},
    grid: {left: 56, right: 56, top: 36, bottom: 32},
    xAxis: {type: "category", data: data.trend.labels},
    yAxis: [{type: "value", name: text.lessons}, {type: "value", name: text.hours}],
    series: [
      {type: "line", name: text.lessons, data: data.trend.lessons, smooth: true, areaStyle: {opacity: 0.15}},
      {type: "bar", name: text.hours, yAxisIndex: 1, data: data.trend.hours}
    ]
  });
  var orgs = draw("chart-orgs", bars(data.orgs.labels, data.orgs.rates, text.rate));
  if (orgs) {
    orgs.on("click", function (params) {  /* drill down into the clicked organisation */
      var id = data.orgs.ids[params.dataIndex];
      window.location.href = text.org.replace("ORG", String(id));
    });
  }
  draw("chart-platforms", {
    tooltip: {trigger: "item"},
    legend: {bottom: 0},
    series: [{type: "pie", radius: ["35%", "65%"], name: text.members,
      data: data.platforms.labels.map(function (label, i) { return {name: label, value: data.platforms.members[i]}; })}]
  });
  draw("chart-courses", bars(data.courses.labels, data.courses.rates, text.rate));

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  document.documentElement.setAttribute("data-charts-drawn", String(charts.length));
})();
