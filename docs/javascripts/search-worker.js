/* Search worker of the annotated archive: stands in for Material for MkDocs' lunr worker.
 *
 * Same messages as Material's worker (SETUP 0 -> READY 1, QUERY 2 -> RESULT 3), so Material's search
 * box, results, ?q= links, search.highlight and search.share work unchanged (archive/mkdocs_hooks.py
 * points Material's configuration at this file). It searches
 *   - the hand-written pages, from the small index Material sends with SETUP, in memory;
 *   - the articles, from the split index of archive/render_search.py (assets/search/), loading only
 *     the manifest, the shards of the query's words and the document blocks of the results, as
 *     scripts (importScripts): that works in a real worker and in the iframe-worker shim used from
 *     file://, where importScripts returns a promise.
 * normalise() and tokenise() must match archive/search_text.py (tests/test_search_text.py checks).
 * Everything returned is HTML-escaped text; the only markup added is <mark> around matched words.
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var MAX_ARTICLES = 30;          /* article results per query */
var MAX_COMPLETIONS = 20;       /* index terms tried for the word being typed */
var MAX_PREFIX_SHARDS = 2;      /* shards read for the word being typed */
var PREFIX_WEIGHT = 0.5;        /* a completion counts half as much as the word itself */
var SCORE_SCALE = 10;           /* article scores: BM25 times this */
var SNIPPET_CHARS = 180;
var LENGTH_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
var DIGIT_VALUES = {};  /* LENGTH_DIGITS' character -> its value */
for (var i = 0; i < LENGTH_DIGITS.length; i++) DIGIT_VALUES[LENGTH_DIGITS.charAt(i)] = i;

/* --- words: the same steps as archive/search_text.py ------------------------------------------ */

var LETTER_VARIANTS = {
  "\u00df": "ss", "\u03c2": "\u03c3", "\u0640": "",
  "\u0649": "\u064a", "\u06cc": "\u064a", "\u06a9": "\u0643", "\u0629": "\u0647"
};
for (var digit = 0; digit < 10; digit++) {
  LETTER_VARIANTS[String.fromCharCode(0x0660 + digit)] = String(digit);
  LETTER_VARIANTS[String.fromCharCode(0x06f0 + digit)] = String(digit);
}
var VARIANT = new RegExp("[" + Object.keys(LETTER_VARIANTS).join("") + "]", "g");
var MARK = /\p{M}/gu;
var WORD = /[\p{L}\p{N}]+/gu;
var RAW_WORD = /[\p{L}\p{N}\p{M}]+/gu;

function normalise(text) {
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
  var bare = text.normalize("NFKC").toLowerCase().normalize("NFD").replace(MARK, "");
  return bare.replace(VARIANT, function (c) { return LETTER_VARIANTS[c]; }).normalize("NFC");
}

function tokenise(text) {
  return normalise(text).match(WORD) || [];
}

/* object[key] when the object itself has it (index data is keyed by words: "constructor" is one). */
function own(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/* --- HTML ---------------------------------------------------------------------------------------- */

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* Plain text of the HTML Material's index holds for hand-written pages. */
function plainText(html) {
  return String(html).replace(/<[^>]*>/g, " ").replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi,
    function (_, name) {
      var lower = name.toLowerCase();
      if (lower[0] === "#") return String.fromCodePoint(parseInt(lower.slice(lower[1] === "x" ? 2 : 1), lower[1] === "x" ? 16 : 10));
      return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " }[lower];
    }).replace(/\s+/g, " ").trim();
}

function shorten(text, limit) {
  if (text.length <= limit) return text;
  var cut = text.slice(0, limit);
  return cut.slice(0, Math.max(cut.lastIndexOf(" "), 1)) + " \u2026";
}

/* `text` escaped, with every word that `matches` (by its normalised words) wrapped in <mark>. */
function highlight(text, matches) {
  var out = "", last = 0, found;
  RAW_WORD.lastIndex = 0;
  while ((found = RAW_WORD.exec(text)) !== null) {
    if (tokenise(found[0]).some(matches)) {
      out += escapeHTML(text.slice(last, found.index)) + "<mark>" + escapeHTML(found[0]) + "</mark>";
      last = found.index + found[0].length;
    }
  }
  return out + escapeHTML(text.slice(last));
}

/* --- loading index parts --------------------------------------------------------------------- */

var here = (self.document && document.currentScript) ? document.currentScript.src : self.location.href;
var HTML_URLS = /[#&]urls=html\b/.test(here);  /* set by the hook when use_directory_urls is false */
var INDEX_URL = new URL("../assets/search/", here);
var store = { manifest: null, shards: {}, blocks: {}, lengths: [], averageLength: 1, longestAlias: 0 };

self.__aaSearch = {
  manifest: function (_, data) {
    store.manifest = data;
    store.lengths = Array.from(data.lengths, function (digit) {
      return 16 * (Math.pow(2, LENGTH_DIGITS.indexOf(digit) / data.length_steps) - 1);
    });
    store.averageLength = store.lengths.reduce(function (a, b) { return a + b; }, 0) / (store.lengths.length || 1) || 1;
    store.longestAlias = Object.keys(data.aliases).reduce(function (n, phrase) {
      return Math.max(n, phrase.split(" ").length);
    }, 0);
  },
  shard: function (name, data) { store.shards[name] = data; },
  docs: function (block, data) { store.blocks[block] = data; }
};

/* Run index scripts (paths under assets/search/); a promise, whether importScripts is sync or not. */
function load(paths) {
  if (!paths.length) return Promise.resolve();
  try {
    return Promise.resolve(importScripts.apply(self, paths.map(function (path) {
      return new URL(path, INDEX_URL).href;
    })));
  } catch (error) {
    return Promise.reject(error);
  }
}

/* Index of the shard holding `term`: the last shard whose first term sorts at or before it. */
function shardIndex(term) {
  var shards = store.manifest.shards, low = 0, high = shards.length - 1;
  while (low < high) {
    var middle = (low + high + 1) >> 1;
    if (shards[middle][0] <= term) low = middle; else high = middle - 1;
  }
  return low;
}

function shardsFor(group) {
  var shards = store.manifest.shards;
  return group.terms.map(function (alt) { return shards[shardIndex(alt.term)][1]; }).concat(prefixShards(group));
}

/* The shards searched for completions of the word being typed: where words starting with it are. */
function prefixShards(group) {
  var names = [];
  if (group.prefix) {
    var first = shardIndex(group.prefix), last = shardIndex(group.prefix + "\uffff");
    for (var i = first; i <= Math.min(last, first + MAX_PREFIX_SHARDS - 1); i++) names.push(store.manifest.shards[i][1]);
  }
  return names;
}

function postings(term) {
  var shard = store.shards[store.manifest.shards[shardIndex(term)][1]];
  var text = shard && own(shard.terms, term);
  var list = [];
  if (!text) return list;
  var flat = decodeNumbers(text);
  for (var i = 0, doc = 0; i < flat.length; i += 2) {
    doc += flat[i];
    list.push([doc, flat[i + 1]]);
  }
  return list;
}

/* The numbers of a postings text (render_search.encode_postings): base 32, most significant digit
   first, every digit but a number's last taken from the upper half of LENGTH_DIGITS. */
function decodeNumbers(text) {
  var numbers = [], value = 0;
  for (var i = 0; i < text.length; i++) {
    var digit = DIGIT_VALUES[text.charAt(i)];
    if (digit >= 32) value = value * 32 + digit - 32;
    else { numbers.push(value * 32 + digit); value = 0; }
  }
  return numbers;
}

/* How many documents hold `term`: its postings, or the true count of a common term (postings cut). */
function documentFrequency(term, list) {
  var shard = store.shards[store.manifest.shards[shardIndex(term)][1]];
  return (shard && own(shard.common, term)) || list.length;
}

function isCommon(term) {
  var shard = store.shards[store.manifest.shards[shardIndex(term)][1]];
  return !!shard && own(shard.common, term) !== undefined;
}

function inverseFrequency(df) {
  var count = store.manifest ? store.manifest.documents : 1;
  return Math.log(1 + (count - df + 0.5) / (df + 0.5));
}

/* BM25 of a (boosted) term frequency in a document of `length` words, times SCORE_SCALE. */
function bm25(tf, length, idf) {
  var k1 = store.manifest ? store.manifest.bm25[0] : 1.2, b = store.manifest ? store.manifest.bm25[1] : 0.75;
  return SCORE_SCALE * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / store.averageLength));
}

/* --- queries ----------------------------------------------------------------------------------- */

/* The query as groups of alternatives: one group per word, or per alias spelling (several words). */
function parseQuery(query) {
  var typing = !/\s$/.test(query);
  var tokens = [];
  query.split(/\s+/).filter(Boolean).forEach(function (raw) {
    var word = raw.replace(/^[+\-]+|[*~^:]+$/g, "").toLowerCase();
    tokenise(word).forEach(function (term) { tokens.push({ term: term, word: word }); });
  });
  var aliases = (store.manifest && store.manifest.aliases) || {}, longest = store.longestAlias;
  var groups = [];
  for (var i = 0; i < tokens.length;) {
    var size = Math.min(longest, tokens.length - i), keys = null;
    for (; size > 0; size--) {
      keys = own(aliases, tokens.slice(i, i + size).map(function (t) { return t.term; }).join(" "));
      if (keys) break;
    }
    var span = tokens.slice(i, i + Math.max(size, 1));
    var literal = span.map(function (t) { return t.term; });
    var isLast = i + span.length === tokens.length;
    groups.push({
      words: span.map(function (t) { return t.word; }),
      literal: literal,
      terms: keys ? keys.map(function (key) { return { term: key, weight: 1 }; }) : [{ term: literal[0], weight: 1 }],
      prefix: !keys && isLast && typing && literal[0].length >= 2 ? literal[0] : null,
      idf: 1,  /* of its rarest alternative among the articles, once they are searched */
      highlight: keys ? [].concat.apply(literal, keys.map(function (key) { return own(store.manifest.entities, key) || []; })) : literal
    });
    i += span.length;
  }
  return groups;
}

/* Document number -> best BM25 score (times weight) of the group's alternatives and completions. */
function scoreGroup(group) {
  var scores = new Map();
  group.idf = 0;
  function add(term, weight) {
    var list = postings(term), idf = inverseFrequency(documentFrequency(term, list));
    if (weight === 1) group.idf = Math.max(group.idf, idf);
    list.forEach(function (entry) {
      var score = weight * bm25(entry[1], store.lengths[entry[0]], idf);
      if (!(scores.get(entry[0]) >= score)) scores.set(entry[0], score);
    });
  }
  group.terms.forEach(function (alt) { add(alt.term, alt.weight); });
  if (group.prefix) {
    var completions = [];
    prefixShards(group).forEach(function (name) {
      Object.keys(store.shards[name].terms).forEach(function (term) {
        if (term !== group.prefix && term.lastIndexOf(group.prefix, 0) === 0)
          completions.push([term, decodeNumbers(store.shards[name].terms[term]).length]);
      });
    });
    completions.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
    completions.slice(0, MAX_COMPLETIONS).forEach(function (c) { add(c[0], PREFIX_WEIGHT); });
    group.completions = completions.slice(0, MAX_COMPLETIONS).map(function (c) { return c[0]; });
  }
  return scores;
}

function matcher(groups) {
  var exact = new Set(), prefixes = [];
  groups.forEach(function (g) {
    g.highlight.forEach(function (term) { exact.add(term); });
    if (g.prefix) prefixes.push(g.prefix);
  });
  return function (term) {
    return exact.has(term) || prefixes.some(function (p) { return term.lastIndexOf(p, 0) === 0; });
  };
}

function termsMap(groups, matched) {
  var terms = {};
  groups.forEach(function (g, i) {
    g.words.forEach(function (word) { terms[word] = (terms[word] !== false) && matched[i]; });
  });
  return terms;
}

/* The score Material sees: matched words first, so that Enter opens the first result shown. */
function rankScore(hit) {
  return hit.count * 1e6 + hit.score;
}

function ranked(a, b) {
  return b.count - a.count || b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/* Article results: [{count, score, key, item}] for the best MAX_ARTICLES articles. */
function searchArticles(groups) {
  if (!store.manifest || !store.manifest.shards.length) return Promise.resolve([]);  /* no articles */
  var names = [];
  groups.forEach(function (g) { names = names.concat(shardsFor(g)); });
  var missing = Array.from(new Set(names)).filter(function (n) { return !store.shards[n]; }).sort();
  return load(missing.map(function (n) { return "t/" + n + ".js"; })).then(function () {
    var perGroup = groups.map(scoreGroup);
    var counted = groups.map(function (g) { return !g.terms.every(function (alt) { return isCommon(alt.term); }); });
    if (!counted.some(Boolean)) counted = groups.map(function () { return true; });
    var docs = new Map();
    perGroup.forEach(function (scores, i) {
      scores.forEach(function (score, doc) {
        var hit = docs.get(doc) || { doc: doc, count: 0, score: 0, matched: groups.map(function () { return false; }) };
        hit.count += counted[i] ? 1 : 0;
        hit.score += score;
        hit.matched[i] = true;
        docs.set(doc, hit);
      });
    });
    var hits = Array.from(docs.values()).map(function (hit) {
      hit.key = "a" + String(hit.doc).padStart(8, "0");
      hit.matched = hit.matched.map(function (m, i) { return m || !counted[i]; });
      return hit;
    }).sort(ranked).slice(0, MAX_ARTICLES);
    var size = store.manifest.block;
    var blocks = Array.from(new Set(hits.map(function (h) { return Math.floor(h.doc / size); })))
      .filter(function (b) { return !store.blocks[b]; }).sort(function (a, b) { return a - b; });
    return load(blocks.map(function (b) { return "d/" + b + ".js"; })).then(function () {
      var matches = matcher(groups);
      return hits.map(function (hit) {
        var doc = store.blocks[Math.floor(hit.doc / size)][hit.doc % size];
        var meta = [doc[2], doc[3]].filter(Boolean).map(escapeHTML).join(" \u00b7 ");
        hit.item = [{
          location: HTML_URLS ? doc[0].replace(/\/$/, ".html") : doc[0],
          title: highlight(doc[1], matches),
          text: (meta ? "<p><em>" + meta + "</em></p>" : "") + "<p>" + highlight(doc[4], matches) + "</p>",
          score: rankScore(hit),
          terms: termsMap(groups, hit.matched)
        }];
        return hit;
      });
    });
  });
}

/* --- hand-written pages (Material's own index) ---------------------------------------------------- */

var pages = [];

function setupPages(docs) {
  var byPage = new Map();
  (docs || []).forEach(function (doc) {
    var location = String(doc.location), page = location.split("#")[0];
    var title = plainText(doc.title || ""), text = plainText(doc.text || "");
    var entry = {
      location: location, title: title, text: text,
      titleTerms: new Set(tokenise(title)), textTerms: tokenise(text)
    };
    if (!byPage.has(page)) byPage.set(page, { page: null, sections: [] });
    if (location.indexOf("#") < 0) byPage.get(page).page = entry; else byPage.get(page).sections.push(entry);
  });
  pages = Array.from(byPage.values()).filter(function (p) { return p.page; });
}

/* Hand-written pages are ranked like articles: BM25 with the title boost, the articles' idf and lengths. */
function scorePageEntry(entry, groups) {
  var matched = [], score = 0, titleBoost = store.manifest ? store.manifest.title_boost : 8;
  groups.forEach(function (g) {
    var best = 0;
    g.literal.forEach(function (term, i) {
      var isPrefix = g.prefix && i === g.literal.length - 1;
      function exact(t) { return t === term; }
      function completes(t) { return t.lastIndexOf(term, 0) === 0; }
      [[exact, 1], [completes, isPrefix ? PREFIX_WEIGHT : 0]].forEach(function (test) {
        if (!test[1]) return;
        var tf = (Array.from(entry.titleTerms).some(test[0]) ? titleBoost : 0) + entry.textTerms.filter(test[0]).length;
        if (tf) best = Math.max(best, test[1] * bm25(tf, entry.textTerms.length, g.idf));
      });
    });
    matched.push(best > 0);
    score += best;
  });
  return { score: score, count: matched.filter(Boolean).length, matched: matched };
}

function searchPages(groups) {
  var matches = matcher(groups), hits = [];
  pages.forEach(function (p) {
    var top = scorePageEntry(p.page, groups);
    var sections = p.sections.map(function (s) { return { entry: s, result: scorePageEntry(s, groups) }; })
      .filter(function (s) { return s.result.count > 0; })
      .sort(function (a, b) { return b.result.score - a.result.score; });
    var best = sections.reduce(function (m, s) { return s.result.count > m.count || (s.result.count === m.count && s.result.score > m.score) ? s.result : m; }, top);
    if (best.count === 0) return;
    function doc(entry, result) {
      return {
        location: entry.location,
        title: highlight(entry.title, matches),
        text: "<p>" + highlight(shorten(entry.text, SNIPPET_CHARS), matches) + "</p>",
        score: rankScore(result),
        terms: termsMap(groups, result.matched)
      };
    }
    hits.push({
      count: best.count, score: best.score, key: "p" + p.page.location,
      item: [doc(p.page, best)].concat(sections.map(function (s) { return doc(s.entry, s.result); }))
    });
  });
  return hits;
}

/* --- messages ------------------------------------------------------------------------------------ */

var latest = 0;

function search(query) {
  var groups = parseQuery(query);
  if (!groups.length) return Promise.resolve({ items: [], total: 0, suggest: [] });
  return searchArticles(groups).then(function (articles) {
    var all = articles.concat(searchPages(groups)).sort(ranked);
    var typed = groups[groups.length - 1];
    return {
      items: all.map(function (hit) { return hit.item; }),
      total: all.length,
      suggest: typed.completions && typed.completions.length ? [typed.completions[0]] : []  /* search.suggest */
    };
  });
}

addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    setupPages(message.data && message.data.docs);
    load(["manifest.js"]).catch(function () { store.manifest = null; }).then(function () {
      postMessage({ type: READY });
    });
  } else if (message.type === QUERY) {
    var id = ++latest;
    search(String(message.data || "")).then(function (result) {
      if (id === latest) postMessage({ type: RESULT, data: result });
    }, function (error) {
      if (id === latest) postMessage({ type: RESULT, data: { items: [], total: 0 } });
      throw error;
    });
  }
});
