/* Measured speed and memory: the machine picker and the size chooser. No dependencies, no
 * network; the data is the JSON the page carries (script#lb-measure-data, written by
 * generator/render/measure_view.py).
 *
 * Without JavaScript every machine's table shows and the chooser stays hidden. With it:
 *  - the picker ([data-lb-picker]) shows one machine's figures at a time;
 *  - the chooser ([data-lb-chooser]) lists the models within the visitor's limits, best first;
 *  - both keep their state in the address (?machine=...&max_ms=...), so a choice can be shared
 *    and survives a reload.
 */
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  var FIELDS = ["max_ms", "threads", "max_mem", "max_weights", "glue"];

  // The comparison page's filters (model-filters.js) keep their state in the same address:
  // every change starts from the address as it is now, so neither script drops the other's keys.
  function saveParams() {
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") +
                                window.location.hash);
  }

  function setParam(name, value) {
    params = new URLSearchParams(window.location.search);
    if (value === "" || value === null || value === undefined) params.delete(name);
    else params.set(name, value);
    saveParams();
  }

  /* ---- machine picker ---- */
  var blocks = Array.prototype.slice.call(document.querySelectorAll("[data-lb-machine]"));
  var ids = blocks.map(function (b) { return b.getAttribute("data-lb-machine"); });
  var machine = params.get("machine");
  if (ids.indexOf(machine) < 0) machine = ids.length ? ids[0] : null;
  var listeners = [];

  function showMachine(id) {
    machine = id;
    blocks.forEach(function (b) { b.hidden = b.getAttribute("data-lb-machine") !== id; });
    listeners.forEach(function (f) { f(); });
  }

  var picker = document.querySelector("[data-lb-picker]");
  if (picker && ids.length > 1) {
    var select = picker.querySelector("select");
    picker.hidden = false;
    select.value = machine;
    showMachine(machine);
    select.addEventListener("change", function () {
      setParam("machine", select.value === ids[0] ? "" : select.value);
      saveParams();
      showMachine(select.value);
    });
  }

  /* ---- size chooser ---- */
  var form = document.querySelector("[data-lb-chooser]");
  var dataElement = document.getElementById("lb-measure-data");
  if (!form || !dataElement) return;
  var data = JSON.parse(dataElement.textContent);
  var results = form.querySelector("[data-lb-chooser-results]");
  var summary = form.querySelector("[data-lb-chooser-summary]");
  var lang = document.documentElement.lang || undefined;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }

  function number(value, significant) {
    return Number(value).toLocaleString(lang, { minimumSignificantDigits: significant,
                                                maximumSignificantDigits: significant });
  }

  function times(x) {
    // as the tables print it (pages.py's `times` filter): one decimal below 100, none above
    var digits = x < 100 ? 1 : 0;
    return Number(x).toLocaleString(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits,
                                            useGrouping: false });
  }

  function limit(name) {
    var text = form.elements[name].value.trim();
    var value = parseFloat(text);
    return text === "" || isNaN(value) ? Infinity : value;
  }

  function readForm() {
    return { maxMs: limit("max_ms"), threads: form.elements.threads.value, maxMem: limit("max_mem"),
             maxWeights: limit("max_weights"), glueOnly: form.elements.glue.checked };
  }

  /* Best first: published GLUE score (highest first), then the unscored by parameters
   * (most first), then by latency (fastest first). The page explains this order. */
  function better(a, b, threads) {
    var ag = a.glue !== null, bg = b.glue !== null;
    if (ag !== bg) return ag ? -1 : 1;
    if (ag && a.glue !== b.glue) return b.glue - a.glue;
    if (a.params !== b.params) return b.params - a.params;
    return a.ms[threads] - b.ms[threads];
  }

  function render() {
    var set = readForm();
    var current = data.machines.filter(function (m) { return m.id === machine; })[0] || data.machines[0];
    var reference = current.models.filter(function (m) { return m.id === data.reference; })[0];
    var fitting = current.models.filter(function (m) {
      return m.ms[set.threads] <= set.maxMs && m.memory_mb <= set.maxMem && m.weights_mb <= set.maxWeights &&
        (!set.glueOnly || m.glue !== null);
    }).sort(function (a, b) { return better(a, b, set.threads); });

    results.textContent = "";
    fitting.forEach(function (m) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = m.href;
      link.textContent = m.label;
      item.setAttribute("data-model", m.id);
      item.appendChild(link);
      var details = [fill(data.text.item, { ms: number(m.ms[set.threads], 3), mem: number(m.memory_mb, 3),
                                            weights: number(m.weights_mb, 3) })];
      if (m.glue !== null) details.push(fill(data.text.glue, { score: number(m.glue, 3) }));
      if (reference) details.push(fill(data.text.relative, { x: times(reference.ms[set.threads] / m.ms[set.threads]) }));
      item.appendChild(document.createTextNode(" — " + details.join(" · ")));
      results.appendChild(item);
    });
    summary.textContent = fitting.length ? fill(data.text.fits, { n: fitting.length, total: current.models.length })
                                         : data.text.none_fit;
  }

  function restore() {
    FIELDS.forEach(function (name) {
      var value = params.get(name);
      var field = form.elements[name];
      if (field.type === "checkbox") field.checked = value === "1";
      else if (value !== null && (name !== "threads" || value === "1" || value === "all")) field.value = value;
    });
  }

  function remember() {
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      var value = field.type === "checkbox" ? (field.checked ? "1" : "") : field.value.trim();
      setParam(name, name === "threads" && value === "1" ? "" : value);
    });
    saveParams();
  }

  form.hidden = false;
  restore();
  render();
  listeners.push(render);
  form.addEventListener("input", function () { remember(); render(); });
  form.addEventListener("change", function () { remember(); render(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    // The reset event fires before the fields are cleared.
    window.setTimeout(function () { remember(); render(); }, 0);
  });
})();
