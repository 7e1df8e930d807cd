/* Material's search worker with one fix to the lunr.js 2.3.9 it bundles (docs/design/site.md,
 * "Search and numbers"). docs/theme/main.html points Material at this file and names Material's
 * own worker in the query string (?material=search.<hash>.min.js); it lives beside that worker,
 * so Material's language files (../lunr/min/) load from where Material expects them.
 *
 * lunr finds words through an automaton built from the index's words (lunr.TokenSet). While
 * building it, lunr merges equal states, comparing them by a key that writes each edge as its
 * label followed by the target state's number, with nothing between: with digit labels two
 * different states can share a key ("0" "0" "212" and "0" "0" "2" "1" "2" both read "00212").
 * They are merged, the automaton loses words of the index and invents others, and a query whose
 * wildcard reaches an invented word throws: Material then shows no result at all. An index with
 * many numbers (tables of figures) is enough; the English site found nothing for
 * uncased_L-2_H-128_A-2. The key below ends every edge with a comma, so it reads one way only.
 * tests/site/test_search_worker.py checks the automaton of every built index against its words.
 */
"use strict"

var material = new URL(location.href).searchParams.get("material")
if (!/^search\.[0-9a-f]+\.min\.js$/.test(material || ""))
  throw new Error("search-lunr-fix.js needs ?material=search.<hash>.min.js, got " + material)
importScripts(material)

lunr.TokenSet.prototype.toString = function () {
  if (this._str)
    return this._str
  var str = this.final ? "1" : "0", labels = Object.keys(this.edges).sort()
  for (var i = 0; i < labels.length; i++)
    str += labels[i] + this.edges[labels[i]].id + ","
  return str
}
