/* Sortable tables for the Little BERTs site: no dependencies, no network.
 *
 * Every table inside an element with the class "lb-sortable" gets a button in each header
 * cell. Pressing it sorts the rows by that column (numbers numerically, text by the page's
 * language), pressing it again reverses the order; aria-sort tells screen readers the state.
 * Cells sort by their data-sort attribute when present, else by their text; an empty
 * data-sort (a score that was never published) always sorts last.
 *
 * window.lbSortable.sort(table, key, "ascending" | "descending") sorts by the column whose
 * header has data-key="key"; every sort fires an "lb-sorted" event on the table, with
 * {key, direction}, so the comparison page can keep the order in its URL.
 *
 * Tables in a "data-lb-scroll" box that are wider than the box get the class
 * "lb-scroll--overflow" (a visible scroll cue), and "lb-scroll--end" once scrolled to the end.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });

  function key(cell) {
    var raw = cell.getAttribute("data-sort");
    var text = (raw !== null ? raw : cell.textContent).trim();
    // "4,385,920", "17.7 MB", "64.2" sort as numbers; "not published", "–" and ids as text.
    var number = /^-?\d/.test(text) ? parseFloat(text.replace(/,/g, "")) : NaN;
    return { number: number, text: text, empty: raw === "" };
  }

  function compare(a, b) {
    var an = !isNaN(a.number), bn = !isNaN(b.number);
    if (an && bn) return a.number - b.number;
    if (an !== bn) return an ? -1 : 1; // numbers before "not published" and other text
    return collator.compare(a.text, b.text);
  }

  function headers(table) {
    return Array.prototype.slice.call(table.tHead.rows[0].cells);
  }

  function sortBy(table, column, ascending) {
    var body = table.tBodies[0];
    var header = headers(table)[column];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, index: index, key: key(row.cells[column]) };
    });
    rows.sort(function (a, b) {
      if (a.key.empty !== b.key.empty) return a.key.empty ? 1 : -1; // unpublished last, both ways
      var order = compare(a.key, b.key);
      return (ascending ? order : -order) || a.index - b.index;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
    headers(table).forEach(function (cell) { cell.removeAttribute("aria-sort"); });
    var direction = ascending ? "ascending" : "descending";
    header.setAttribute("aria-sort", direction);
    table.dispatchEvent(new CustomEvent("lb-sorted", {
      bubbles: true, detail: { key: header.getAttribute("data-key") || String(column), direction: direction }
    }));
  }

  function enhance(table) {
    if (!table.tHead || !table.tBodies.length || table.hasAttribute("data-lb-sortable")) return;
    table.setAttribute("data-lb-sortable", "");
    headers(table).forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "lb-sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(table, column, header.getAttribute("aria-sort") !== "ascending");
      });
    });
  }

  function watchScroll(box) {
    function update() {
      var overflow = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("lb-scroll--overflow", overflow);
      box.classList.toggle("lb-scroll--end", !overflow || box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
    }
    box.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    update();
  }

  window.lbSortable = {
    sort: function (table, wanted, direction) {
      enhance(table);
      var column = headers(table).findIndex(function (h) { return h.getAttribute("data-key") === wanted; });
      if (column >= 0) sortBy(table, column, direction !== "descending");
      return column >= 0;
    }
  };

  function init() {
    document.querySelectorAll(".lb-sortable table").forEach(enhance);
    document.querySelectorAll("[data-lb-scroll]").forEach(watchScroll);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
