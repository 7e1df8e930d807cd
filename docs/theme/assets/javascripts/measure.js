/* Measured speed and memory: the machine picker and the size chooser. No dependencies, no
 * network; the data is the JSON the page carries (script#lb-measure-data, written by
 * generator/render/measure_view.py).
 *
 * Without JavaScript every machine's table shows and the chooser stays hidden. With it:
 *  - the picker ([data-lb-picker]) shows one machine's figures at a time;
 *  - the runtime switch ([data-lb-runtime-switch], beside the charts) and the chooser's runtime
 *    field show one runtime at a time (PyTorch, ONNX Runtime fp32, ONNX Runtime int8), starting
 *    with the machine's default: the fastest runtime that passed its checks (runtime_view.py);
 *  - the chooser ([data-lb-chooser]) lists the models within the visitor's limits, best first,
 *    in the runtime chosen: a model whose runtime failed or failed its check has no figure there,
 *    is not counted, and the summary names it and says why;
 *  - all of them keep their state in the address (?machine=...&runtime=...&max_ms=...), so a
 *    choice can be shared and survives a reload.
 */
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  var FIELDS = ["runtime", "max_ms", "threads", "max_mem", "max_weights", "glue"];

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

  /* ---- runtime: the charts' switch and the chooser's field ---- */
  var dataElement = document.getElementById("lb-measure-data");
  var data = dataElement ? JSON.parse(dataElement.textContent) : null;
  var runtime = params.get("runtime");
  var switches = Array.prototype.slice.call(document.querySelectorAll("[data-lb-runtime-switch]"));

  function machineData() {
    if (!data) return null;
    return data.machines.filter(function (m) { return m.id === machine; })[0] || data.machines[0];
  }

  function runtimesOf(block) {
    return Array.prototype.map.call(block.querySelectorAll("[data-lb-runtime-chart]"), function (el) {
      return el.getAttribute("data-lb-runtime-chart");
    }).filter(function (id, i, all) { return all.indexOf(id) === i; });
  }

  function validRuntime(id, block) {
    // The machine's default when `id` is not one of its runtimes (another machine's, or a typo).
    var current = machineData();
    var known = current ? current.runtimes.map(function (r) { return r.id; }) : (block ? runtimesOf(block) : []);
    if (known.indexOf(id) >= 0) return id;
    if (current) return current.default_runtime;
    return block ? block.getAttribute("data-lb-default-runtime") : id;
  }

  function showRuntime() {
    blocks.forEach(function (block) {
      var id = validRuntime(runtime, block);
      block.querySelectorAll("[data-lb-runtime-chart]").forEach(function (el) {
        el.hidden = el.getAttribute("data-lb-runtime-chart") !== id;
      });
      block.querySelectorAll("[data-lb-runtime-switch] select").forEach(function (select) { select.value = id; });
    });
  }

  switches.forEach(function (box) {
    box.hidden = false;
    box.querySelector("select").addEventListener("change", function (event) {
      runtime = event.target.value;
      setParam("runtime", runtime);
      showRuntime();
      listeners.forEach(function (f) { f(); });
    });
  });
  listeners.unshift(showRuntime);
  showRuntime();

  /* ---- size chooser ---- */
  var form = document.querySelector("[data-lb-chooser]");
  if (!form || !data) return;
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
    return { runtime: form.elements.runtime.value, maxMs: limit("max_ms"), threads: form.elements.threads.value,
             maxMem: limit("max_mem"), maxWeights: limit("max_weights"), glueOnly: form.elements.glue.checked };
  }

  /* The runtime field lists the current machine's runtimes; its value follows `runtime`. */
  function fillRuntimes() {
    var field = form.elements.runtime;
    var current = machineData();
    field.textContent = "";
    current.runtimes.forEach(function (r) {
      var option = document.createElement("option");
      option.value = r.id;
      option.textContent = r.id === current.default_runtime ? fill(data.text.default_runtime, { label: r.label })
                                                             : r.label;
      field.appendChild(option);
    });
    field.value = validRuntime(runtime);
  }

  /* Best first: published GLUE score (highest first), then the unscored by parameters
   * (most first), then by latency (fastest first). The page explains this order. */
  function better(a, b, set) {
    var ag = a.glue !== null, bg = b.glue !== null;
    if (ag !== bg) return ag ? -1 : 1;
    if (ag && a.glue !== b.glue) return b.glue - a.glue;
    if (a.params !== b.params) return b.params - a.params;
    return a.rt[set.runtime].ms[set.threads] - b.rt[set.runtime].ms[set.threads];
  }

  function render() {
    fillRuntimes();
    var set = readForm();
    var current = machineData();
    var reference = current.models.filter(function (m) { return m.id === data.reference; })[0];
    var referenceCell = reference && reference.rt[set.runtime];
    // Only a model timed in this runtime can fit: one whose runtime failed (or failed its check
    // against PyTorch) has no figure in it.
    var fitting = current.models.filter(function (m) {
      var cell = m.rt[set.runtime];
      return cell !== undefined && cell.ms[set.threads] <= set.maxMs && m.memory_mb <= set.maxMem &&
        cell.file_mb <= set.maxWeights && (!set.glueOnly || m.glue !== null);
    }).sort(function (a, b) { return better(a, b, set); });

    results.textContent = "";
    fitting.forEach(function (m) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = m.href;
      link.textContent = m.label;
      item.setAttribute("data-model", m.id);
      item.appendChild(link);
      var cell = m.rt[set.runtime];
      // Memory is measured in PyTorch only: beside another runtime's figures the entry says so.
      var template = set.runtime === data.reference_runtime ? data.text.item : data.text.item_other;
      var details = [fill(template, { ms: number(cell.ms[set.threads], 3), mem: number(m.memory_mb, 3),
                                  weights: number(cell.file_mb, 3) })];
      if (m.glue !== null) details.push(fill(data.text.glue, { score: number(m.glue, 3) }));
      if (referenceCell) {
        details.push(fill(data.text.relative, { x: times(referenceCell.ms[set.threads] / cell.ms[set.threads]) }));
      }
      if (set.runtime !== data.reference_runtime && m.rt[data.reference_runtime]) {
        var torchMs = m.rt[data.reference_runtime].ms[set.threads];
        details.push(fill(data.text.speedup, { x: times(torchMs / cell.ms[set.threads]) }));
      }
      item.appendChild(document.createTextNode(" — " + details.join(" · ")));
      results.appendChild(item);
    });
    summary.textContent = summarise(current, set, fitting);
  }

  /* "N of M models fit." M counts only the models timed in the runtime: one whose runtime failed,
   * or failed its check against PyTorch, has no speed there, so it can neither fit nor fail to
   * fit; the summary names it and says why instead. */
  function summarise(current, set, fitting) {
    var left = current.models.filter(function (m) { return m.rt[set.runtime] === undefined; });
    var label = current.runtimes.filter(function (r) { return r.id === set.runtime; })[0].label;
    var sentences = [fitting.length ? fill(left.length ? data.text.fits_timed : data.text.fits,
                                           { n: fitting.length, total: current.models.length - left.length,
                                             runtime: label })
                                    : data.text.none_fit];
    ["check_failed", "failed"].forEach(function (state) {
      var names = left.filter(function (m) { return m.left[set.runtime] === state; })
                      .map(function (m) { return m.label; });
      if (names.length) {
        sentences.push(fill(data.text["left_" + state], { models: names.join(data.list_separator), runtime: label }));
      }
    });
    // A Chinese full stop carries its own space; an English one is followed by a space.
    return sentences.reduce(function (text, next) {
      return text + (/[。！？]$/.test(text) ? "" : " ") + next;
    });
  }

  function restore() {
    FIELDS.forEach(function (name) {
      var value = params.get(name);
      var field = form.elements[name];
      if (name === "runtime") return; // fillRuntimes sets it from `runtime`
      if (field.type === "checkbox") field.checked = value === "1";
      else if (value !== null && (name !== "threads" || value === "1" || value === "all")) field.value = value;
    });
  }

  function remember() {
    runtime = form.elements.runtime.value;
    FIELDS.forEach(function (name) {
      var field = form.elements[name];
      var value = field.type === "checkbox" ? (field.checked ? "1" : "") : field.value.trim();
      setParam(name, name === "threads" && value === "1" ? "" : value);
    });
    saveParams();
    showRuntime();
  }

  form.hidden = false;
  restore();
  render();
  listeners.push(render);
  form.addEventListener("input", function () { remember(); render(); });
  form.addEventListener("change", function () { remember(); render(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    // The reset event fires before the fields are cleared; the runtime goes back to the default.
    window.setTimeout(function () { runtime = null; fillRuntimes(); remember(); render(); }, 0);
  });
})();
