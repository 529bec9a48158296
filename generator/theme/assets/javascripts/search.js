// The search box: Pagefind's index, loaded from this site when the reader first types, and the
// names of every entity matched by their skeleton (generator/site/search.py spells it the same way:
// keep the two in step), so that Soleymani, Sulaimani and Soleimani all find the same sheet, first.
(function () {
  "use strict";
  var box = document.querySelector(".fs-search");
  if (!box) return;
  var input = box.querySelector("input[name=query]");
  var status = document.getElementById("fs-search-status");
  var list = document.getElementById("fs-search-results");
  var toggle = document.getElementById("__search");
  var SHOWN = 10;
  var PREFIX = "fsn";
  var WHOLE = "fsx";
  var NAME_WORDS = 2;  // the longest query also looked up word by word among the names
  var ARTICLES = ["al", "el", "ul", "ol", "ad", "ash", "as", "at", "ar", "an", "az"];
  var DIGRAPHS = [["kh", "k"], ["gh", "k"], ["ph", "f"], ["sh", "s"], ["ch", "c"], ["th", "t"], ["dh", "d"]];
  var LETTERS = { q: "k", c: "k", w: "v" };
  var pagefind = null;
  var latest = 0;

  function fold(text) {
    return text.normalize("NFKD").toLowerCase().replace(/[^a-z0-9\s-]/g, "");
  }
  function skeleton(word) {
    DIGRAPHS.forEach(function (pair) { word = word.split(pair[0]).join(pair[1]); });
    word = word.replace(/[qcw]/g, function (c) { return LETTERS[c]; });
    return word.replace(/[aeiouy]/g, "").replace(/(.)\1+/g, "$1");
  }
  function nameWords(name) {
    return fold(name).split(/[\s-]+/)
      .filter(function (w) { return w && ARTICLES.indexOf(w) < 0; })
      .map(function (w) { return /^[0-9]+$/.test(w) ? w : skeleton(w); })
      .filter(function (s) { return s.length >= 2; });
  }
  // How far a name is from the query: 0 when they are the same words, 1 more for every other word of
  // the name; Infinity when a word of the query is not in it (the last may be a beginning).
  function distance(name, words) {
    var own = nameWords(name);
    var all = words.every(function (w, i) {
      return own.some(function (o) { return o === w || (i === words.length - 1 && o.indexOf(w) === 0); });
    });
    return all ? own.length - words.length : Infinity;
  }

  // A result's closest name: its own name before its aliases, when both are as close.
  function closeness(data, words) {
    return Math.min.apply(null, ((data.meta && data.meta.names) || "").split(" | ").map(function (n, i) {
      return distance(n, words) + (i > 0 ? 0.5 : 0);
    }));
  }

  function load() {
    if (!pagefind) {
      var root = new URL(box.dataset.fsRoot.replace(/\/?$/, "/"), location.href).pathname;
      pagefind = import(new URL(box.dataset.fsPagefind, location.href).href).then(function (module) {
        return module.options({ baseUrl: root, excerptLength: 24 }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is text with <mark> around the words found: parsed inert, only its text and
  // its marks are kept, and the name words (fsn…) never show.
  function excerpt(html) {
    var out = document.createElement("p");
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (node) {
      var text = node.textContent.replace(/\bfs[nx][a-z0-9]*\b/g, "").replace(/\s+/g, " ");
      if (node.nodeName === "MARK" && text.trim()) {
        var mark = document.createElement("mark");
        mark.textContent = text;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(text));
      }
    });
    return out;
  }

  function item(data, named) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h2");
    title.className = "fs-search__title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(title);
    if (named) {
      var text = document.createElement("p");
      var words = data.content.replace(/\bfs[nx][a-z0-9]*\b/g, "").slice(title.textContent.length).replace(/^[\s.:;,]+/, "");
      text.textContent = words.length > 160 ? words.slice(0, 160).replace(/\s+\S*$/, "") + " …" : words;
      article.appendChild(text);
    } else {
      article.appendChild(excerpt(data.excerpt));
    }
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function say(text) {
    status.textContent = text;
  }

  function search(query) {
    var ticket = ++latest;
    query = query.trim();
    if (!query) {
      list.replaceChildren();
      say("Type to start searching");
      return;
    }
    var words = nameWords(query);
    load().then(function (pf) {
      // The names that are the query, whole; the names that hold each of its words; its words as typed.
      // When a name or alias is the query, whole, its sheet is found: the names that hold each word
      // would cost the reader a part of the index per word (tens of kB each on a large site).
      var whole = words.length ? pf.search(WHOLE + words.join("")) : Promise.resolve(null);
      var text = pf.search(query);
      return whole.then(function (whole) {
        var top = whole ? whole.results.slice(0, SHOWN) : [];
        return Promise.all(top.map(function (r) { return r.data(); })).then(function (data) {
          var found = data.some(function (d) { return closeness(d, words) < 1; });  // a name or an alias
          // A part of a name in another spelling is one or two words ("Soleymani"); a longer query
          // that is no whole name would cost a part of the index per word twice over.
          var named = words.length && words.length <= NAME_WORDS && !found
            ? pf.search(words.map(function (w) { return PREFIX + w; }).join(" "))
            : null;
          return Promise.all([named, text, whole]);
        });
      });
    }).then(function (found) {
      var named = found[2] ? found[2].results.slice(0, SHOWN) : [];
      var ids = {};
      named.forEach(function (r) { ids[r.id] = true; });
      named = named.concat((found[0] ? found[0].results : []).filter(function (r) { return !ids[r.id]; }))
        .slice(0, SHOWN);
      return Promise.all(named.map(function (r) { return r.data(); })).then(function (names) {
        names.forEach(function (d, i) {
          d.order = i;
          d.distance = closeness(d, words);
        });
        names = names.filter(function (d) { return d.distance < Infinity; });
        names.sort(function (a, b) { return a.distance - b.distance || a.order - b.order; });
        var seen = {};
        names.forEach(function (d) { seen[d.url] = true; });
        var rest = found[1].results.slice(0, SHOWN);
        return Promise.all(rest.map(function (r) { return r.data(); })).then(function (texts) {
          texts = texts.filter(function (d) { return !seen[d.url]; }).slice(0, Math.max(0, SHOWN - names.length));
          var more = found[1].results.length - rest.length;
          return { names: names, texts: texts, more: more };
        });
      });
    }).then(function (shown) {
      // No page has every word ("Soleymani Quds Force"): the names that hold the most of them.
      if (shown.names.length || shown.texts.length || words.length < 2) return shown;
      return load().then(function (pf) { return someWords(pf, words); });
    }).then(function (shown) {
      if (ticket !== latest) return;  // a later query is on its way
      var items = shown.names.map(function (d) { return item(d, true); })
        .concat(shown.texts.map(function (d) { return item(d, false); }));
      list.replaceChildren.apply(list, items);
      var count = items.length + shown.more;
      if (shown.some) {
        say("No page has every word; " + (count === 1 ? "1 page" : count + " pages") + " matching some of them");
        return;
      }
      say(count === 0 ? "No matching pages" : count === 1 ? "1 matching page" : count + " matching pages");
    }).catch(function () {
      if (ticket === latest) say("Search is not available here: the site has no search index yet");
    });
  }

  // The names holding some of the query's words, those holding the most first (Pagefind finds the
  // pages that have all of them). Only the names: their words sit together in one or two parts of the index.
  function someWords(pf, words) {
    var unique = words.filter(function (w, i) { return words.indexOf(w) === i; });
    return Promise.all(unique.map(function (w) { return pf.search(PREFIX + w); })).then(function (all) {
      var held = {};
      var order = [];
      all.forEach(function (found) {
        found.results.forEach(function (r) {
          if (!held[r.id]) order.push(r);
          held[r.id] = (held[r.id] || 0) + 1;
        });
      });
      order.sort(function (a, b) { return held[b.id] - held[a.id]; });  // stable: Pagefind's order otherwise
      order = order.slice(0, SHOWN);
      return Promise.all(order.map(function (r) { return r.data(); })).then(function (names) {
        // as many words held: the shorter name first (Qassem Soleimani before the memorial for him)
        var lengths = names.map(function (d) { return nameWords(((d.meta && d.meta.names) || "").split(" | ")[0]).length; });
        var rank = names.map(function (d, i) { return i; }).sort(function (a, b) {
          return held[order[b].id] - held[order[a].id] || lengths[a] - lengths[b] || a - b;
        });
        names = rank.map(function (i) { return names[i]; });
        return { names: names, texts: [], more: Math.max(0, Object.keys(held).length - SHOWN), some: true };
      });
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 150);
  });
  input.addEventListener("focus", function () {
    if (toggle) toggle.checked = true;  // Material's overlay
    load().catch(function () {});
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      if (toggle) toggle.checked = false;
      input.blur();
    }
  });
  box.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) input.focus();
    });
  }
})();
