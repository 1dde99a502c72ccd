// Draws the dashboard charts: each element with data-chart="bar|pie" reads its data from the
// <script type="application/json" id="{data-source}"> written by Django's json_script filter.
(function () {
  "use strict";
  if (typeof echarts === "undefined") {
    return;
  }
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var source = document.getElementById(el.dataset.source);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(el, null, { renderer: "svg" });
    var option;
    if (el.dataset.chart === "pie") {
      option = {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["40%", "70%"], data: data, label: { formatter: "{b}: {c}" } }],
      };
    } else {
      option = {
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.map(function (d) { return d.name; }),
                 axisLabel: { interval: 0, rotate: data.length > 4 ? 30 : 0 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: data.map(function (d) { return d.value; }),
                   itemStyle: { color: "#1f4e79" }, label: { show: true, position: "top" } }],
      };
    }
    option.animation = false; // render at once: screenshots and printouts show the final figures
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
