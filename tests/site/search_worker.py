"""A search worker, run in Chromium on a search index the test chooses.

"site" is the worker the open page's Material config names (docs/theme/main.html points it at
assets/javascripts/workers/search-lunr-fix.js); "material" is Material's own worker file from the
same folder, with the lunr.js it bundles as Material ships it. Either runs inside a worker of the
test's own, which also reports what lunr's word automaton (lunr.TokenSet, built from the index's
words) accepts: lunr finds a word only through that automaton, and a query whose wildcard reaches
a word the automaton invented throws, which Material's worker turns into an empty result.
"""

from __future__ import annotations

from typing import Any, Literal

# Material's worker protocol (its integrations/search/worker/message): SETUP=0, READY=1, QUERY=2, RESULT=3.
RUN_WORKER = """async ({which, index, queries}) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const site = new URL(config.search, location.href);
  const workerUrl = which === "site" ? site.href : new URL(site.searchParams.get("material"), site).href;
  const source = `
    const base = ${JSON.stringify(workerUrl)};
    // The worker's own address (its query string, relative script names) as if loaded from there.
    Object.defineProperty(self, "location", {value: new URL(base)});
    const load = self.importScripts.bind(self);
    self.importScripts = (...urls) => load(...urls.map(url => new URL(url, base).href));
    let automaton = null;
    // Registered before Material's listener, so this message never reaches Material.
    self.addEventListener("message", event => {
      if (event.data.type === "automaton") {
        event.stopImmediatePropagation();
        postMessage({type: "automaton", data: automaton});
      }
    });
    importScripts(base);
    const fromArray = lunr.TokenSet.fromArray;
    lunr.TokenSet.fromArray = function (words) {
      const set = fromArray.call(this, words);
      const accepted = set.toArray(), inserted = new Set(words), found = new Set(accepted);
      automaton = {words: words.length, lost: words.filter(w => !found.has(w)),
                   phantom: accepted.filter(w => !inserted.has(w))};
      return set;
    };`;
  const worker = new Worker(URL.createObjectURL(new Blob([source], {type: "text/javascript"})));
  const reply = message => new Promise((resolve, reject) => {
    worker.onmessage = event => resolve(event.data);
    worker.onerror = event => reject(new Error(event.message));
    worker.postMessage(message);
  });
  const ready = await reply({type: 0, data: {...index, options: {suggest: false}}});
  if (ready.type !== 1) throw new Error("the search worker did not get ready: " + JSON.stringify(ready));
  const automaton = (await reply({type: "automaton"})).data;
  const results = {};
  for (const query of queries) {
    const answer = await reply({type: 2, data: query});
    results[query] = answer.data.items.map(group => group[0].location);
  }
  worker.terminate();
  return {worker: workerUrl, automaton, results};
}"""


def run_search(
    page, index: dict[str, Any], queries: list[str], which: Literal["site", "material"] = "site"
) -> dict[str, Any]:
    """Load `index` into a search worker of the site `page` shows and run `queries`:
    {"worker": its URL, "automaton": {"words", "lost", "phantom"},
     "results": {query: [locations, best first]}}."""
    return page.evaluate(RUN_WORKER, {"which": which, "index": index, "queries": queries})
