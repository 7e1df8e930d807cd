/* Sortable tables for the Little BERTs site: no dependencies, no network.
 *
 * Every table inside an element with the class "lb-sortable" gets a button in each header
 * cell. Pressing it sorts the rows by that column (numbers numerically, text by the page's
 * language), pressing it again reverses the order; aria-sort tells screen readers the state.
 * Cells sort by their data-sort attribute when present, else by their text.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });

  function key(cell) {
    var raw = cell.getAttribute("data-sort");
    var text = (raw !== null ? raw : cell.textContent).trim();
    // "4,385,920", "17.7 MB", "64.2" sort as numbers; "not published", "–" and ids as text.
    var number = /^-?\d/.test(text) ? parseFloat(text.replace(/,/g, "")) : NaN;
    return { number: number, text: text };
  }

  function compare(a, b) {
    var an = !isNaN(a.number), bn = !isNaN(b.number);
    if (an && bn) return a.number - b.number;
    if (an !== bn) return an ? -1 : 1; // numbers before "not published" and other text
    return collator.compare(a.text, b.text);
  }

  function sortBy(table, column, header) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, index: index, key: key(row.cells[column]) };
    });
    rows.sort(function (a, b) {
      var order = compare(a.key, b.key);
      return (ascending ? order : -order) || a.index - b.index;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhance(table) {
    if (!table.tHead || !table.tBodies.length || table.hasAttribute("data-lb-sortable")) return;
    table.setAttribute("data-lb-sortable", "");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "lb-sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, column, header); });
    });
  }

  function init() {
    document.querySelectorAll(".lb-sortable table").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
