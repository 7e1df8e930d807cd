/* Filters for the comparison table on the models page: no dependencies, no network.
 *
 * The form (#lb-filters) is hidden in the HTML and shown here, so a visitor without
 * JavaScript sees the whole table and no controls that do nothing. Rows carry their facts as
 * data-layers, data-hidden, data-params and data-named. The filters and the table's sort order
 * live in the query string (?layers=2,4&hidden=512&named=1&pmin=5&pmax=50&sort=params&dir=desc),
 * so a comparison can be shared as a link; the page is never reloaded for it.
 */
(function () {
  "use strict";

  var CHOICES = ["layers", "hidden"];

  function init() {
    var form = document.getElementById("lb-filters");
    var table = document.querySelector(".lb-models table");
    if (!form || !table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".lb-filters__count");
    form.hidden = false;

    function boxes(name) {
      return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]'));
    }

    function number(name) {
      var value = form.elements[name].value.trim();
      return value === "" || isNaN(Number(value)) ? null : Number(value);
    }

    function readUrl() {
      var query = new URLSearchParams(window.location.search);
      CHOICES.forEach(function (name) {
        var wanted = query.has(name) ? query.get(name).split(",") : null;
        boxes(name).forEach(function (box) { box.checked = !wanted || wanted.indexOf(box.value) >= 0; });
      });
      form.elements.named.checked = query.get("named") === "1";
      form.elements.pmin.value = query.get("pmin") || "";
      form.elements.pmax.value = query.get("pmax") || "";
      if (query.get("sort") && window.lbSortable) {
        window.lbSortable.sort(table, query.get("sort"), query.get("dir") === "desc" ? "descending" : "ascending");
      }
    }

    function writeUrl(sort) {
      var query = new URLSearchParams(window.location.search);
      CHOICES.forEach(function (name) {
        var all = boxes(name), on = all.filter(function (b) { return b.checked; });
        if (on.length === all.length) query.delete(name);
        else query.set(name, on.map(function (b) { return b.value; }).join(","));
      });
      if (form.elements.named.checked) query.set("named", "1"); else query.delete("named");
      ["pmin", "pmax"].forEach(function (name) {
        if (number(name) !== null) query.set(name, String(number(name))); else query.delete(name);
      });
      if (sort) {
        query.set("sort", sort.key);
        query.set("dir", sort.direction === "descending" ? "desc" : "asc");
      }
      var search = query.toString().replace(/%2C/g, ",");
      history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    function apply() {
      var layers = boxes("layers").filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      var hidden = boxes("hidden").filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      var named = form.elements.named.checked;
      var low = number("pmin"), high = number("pmax");
      var shown = 0;
      rows.forEach(function (row) {
        var millions = Number(row.getAttribute("data-params")) / 1e6;
        var visible = layers.indexOf(row.getAttribute("data-layers")) >= 0
          && hidden.indexOf(row.getAttribute("data-hidden")) >= 0
          && (!named || row.getAttribute("data-named") === "1")
          && (low === null || millions >= low)
          && (high === null || millions <= high);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = form.getAttribute("data-count")
        .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
    }

    form.addEventListener("input", function () { apply(); writeUrl(); });
    form.addEventListener("change", function () { apply(); writeUrl(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      // The reset happens after this event: read the controls once it has.
      window.setTimeout(function () { apply(); writeUrl(); }, 0);
    });
    table.addEventListener("lb-sorted", function (event) { writeUrl(event.detail); });

    readUrl();
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
