// Browser charts (core.echarts): every element with data-echart is drawn by ECharts from the option the server wrote
// as JSON data beside it. ECharts (1 MB) is loaded only on a page that has a chart, from this site (data-echarts on
// this script's tag: the product serves it, no CDN). Names in the option are the users' own text: tooltips are built
// here with everything escaped, and a click opens only a relative address of this site (the records of the figure).
(function () {
  "use strict";
  const script = document.currentScript;
  const library = script && script.dataset.echarts;
  const drawn = new Set();
  let loading = null;

  function escapeHtml(text) {
    return String(text === null || text === undefined ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Same origin only: "/path", never "//host" (another site) nor "javascript:".
  function isOwnAddress(url) {
    return typeof url === "string" && /^\/(?![\/\\])/.test(url);
  }

  function numberText(value) {
    if (value === null || value === undefined || value === "-") return "—";
    return Number(value).toLocaleString(document.documentElement.lang || undefined);
  }

  // params.marker is ECharts' own coloured dot (from the option's colours, not from user text).
  function tooltip(params) {
    const value = params.data && typeof params.data === "object" ? params.data.value : params.value;
    const head = params.name ? "<strong>" + escapeHtml(params.name) + "</strong><br>" : "";
    return head + params.marker + escapeHtml(params.seriesName) + ": " + numberText(value);
  }

  function openRecords(params) {
    const url = params.data && params.data.url;
    if (isOwnAddress(url)) window.location.assign(url);
  }

  function locale() {
    return (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN";
  }

  // A few categories (units, months of a quarter) each keep their name under their bar, wrapped to the bar's width,
  // instead of ECharts hiding every other one as overlapping; a long series (months of years) keeps hiding some.
  const NAMED_CATEGORIES = 12;

  function fitCategoryLabels(chart, element) {
    const axis = chart.getOption().xAxis;
    const categories = axis && axis[0] && axis[0].type === "category" ? (axis[0].data || []).length : 0;
    if (!categories || categories > NAMED_CATEGORIES) return;
    const width = Math.max(24, Math.floor(element.clientWidth * 0.9 / categories) - 6);
    chart.setOption({ xAxis: { axisLabel: { interval: 0, hideOverlap: false, overflow: "break", width: width } } });
  }

  function draw(element) {
    if (element.dataset.drawn) return;
    const data = document.getElementById(element.dataset.echart);
    if (!data) return;
    const option = JSON.parse(data.textContent);
    option.tooltip = Object.assign({}, option.tooltip, { formatter: tooltip, confine: true });
    element.style.height = (Number(element.dataset.height) || 320) + "px";
    const chart = window.echarts.init(element, null, { renderer: "svg", locale: locale() });
    chart.setOption(option);
    fitCategoryLabels(chart, element);
    chart.on("click", openRecords);
    // A point with records shows the hand, one without shows the arrow.
    chart.on("mouseover", function (params) {
      chart.getZr().setCursorStyle(params.data && isOwnAddress(params.data.url) ? "pointer" : "default");
    });
    element.dataset.drawn = "1";
    // The table is open for those without the chart (no script, ECharts not installed); with it, it folds away.
    const box = element.closest(".card") || element.parentElement;
    box.querySelectorAll(".echart-table").forEach(function (table) { table.open = false; });
    drawn.add(chart);
  }

  function loadLibrary() {
    if (window.echarts) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        const tag = document.createElement("script");
        tag.src = library;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function drawAll(root) {
    const elements = (root || document).querySelectorAll("[data-echart]");
    if (!elements.length || !library) return;  // not installed: the tables stay, open
    loadLibrary().then(function () { elements.forEach(draw); }, function () { loading = null; });
  }

  // A chart htmx is about to replace (the big screen's refresh) lets go of its resources first.
  function release(event) {
    if (!window.echarts) return;
    event.detail.elt.querySelectorAll("[data-echart]").forEach(function (element) {
      const chart = window.echarts.getInstanceByDom(element);
      if (chart) { drawn.delete(chart); chart.dispose(); }
    });
  }

  let pending = false;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      drawn.forEach(function (chart) { fitCategoryLabels(chart, chart.getDom()); chart.resize(); });
    });
  });
  document.addEventListener("htmx:beforeCleanupElement", release);
  document.addEventListener("htmx:load", function (event) { drawAll(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  } else {
    drawAll(document);
  }
})();
