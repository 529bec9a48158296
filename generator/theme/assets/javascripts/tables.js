// Index pages: sort by any column and filter by any column's words (a year, a place, who is held
// responsible) across every page of the index, in the browser. Nothing happens until the reader
// asks: then the other pages of the index are fetched from this site and their rows read, and the
// result is shown a page at a time. Without this script the pages work as they are, part by part.
(function () {
  "use strict";
  var box = document.querySelector(".fs-index");
  if (!box) return;
  var table = box.querySelector("table");
  var body = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells, 0, -1);  // the last: Sources
  var SHOWN = 100;
  var collator = null;  // made at the first sort: making one costs a long task on a slow phone
  var rows = null;  // every row of the index, once loaded
  var loading = null;
  var sortBy = -1;
  var ascending = true;
  var limit = SHOWN;

  function dataRows(tbody) {
    return Array.prototype.filter.call(tbody.rows, function (row) { return !row.classList.contains("fs-group"); });
  }
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function key(row, column) {
    var cell = row.cells[column];
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

  function loadAll() {
    if (!loading) {
      var parts = (box.getAttribute("data-parts") || "").split(" ").filter(Boolean);
      var here = new URL(location.href);
      loading = Promise.all(parts.map(function (part) {
        var url = new URL(part, here);
        if (url.pathname === here.pathname) return Promise.resolve(dataRows(body));
        return fetch(url).then(function (response) { return response.text(); }).then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var other = doc.querySelector(".fs-index tbody");
          if (!other) return [];
          // Links in the other pages are relative to them: make them right here.
          other.querySelectorAll("a[href]").forEach(function (a) { a.href = new URL(a.getAttribute("href"), url).href; });
          return dataRows(other).map(function (row) { return document.importNode(row, true); });
        });
      })).then(function (lists) {
        rows = [].concat.apply([], lists);
        rows.forEach(function (row, i) { row.fsOrder = i; });
      });
    }
    return loading;
  }

  // The filter form is in the page (index.html.j2), so that nothing moves as the page loads; without
  // a script it is hidden (a <noscript> style), since only this script can use it.
  var form = document.querySelector(".fs-filter");
  if (!form) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
  var select = form.querySelector("select");
  select.addEventListener("change", function () {
    var value = select.value.split(" ");
    sort(value[0] === "" ? -1 : Number(value[0]), value[1] !== "d");
  });
  var status = form.querySelector(".fs-filter__status");
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var toggle = form.querySelector(".fs-filter__toggle");  // on a phone: the fields behind a button
  if (toggle) toggle.addEventListener("click", function () {
    toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true"));
  });

  var more = document.createElement("button");
  more.type = "button";
  more.className = "md-button fs-more";
  more.hidden = true;
  more.textContent = "Show more";
  box.appendChild(more);
  more.addEventListener("click", function () { limit += SHOWN; show(); });

  heads.forEach(function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fs-sort";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      sort(column, sortBy === column ? !ascending : true);
    });
  });
  function sort(column, up) {
    sortBy = column;
    ascending = up;
    heads.forEach(function (th, i) {
      if (i === column) th.setAttribute("aria-sort", up ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
    select.value = column < 0 ? "" : column + (up ? " a" : " d");
    limit = SHOWN;
    update();
  }
  var timer = null;
  inputs.forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { limit = SHOWN; update(); }, 200);
    });
  });

  function update() {
    status.textContent = rows ? status.textContent : "Loading every row…";
    loadAll().then(show).catch(function () {
      status.textContent = "The other pages of this index could not be loaded; this page shows its own rows.";
    });
  }

  function show() {
    var wanted = inputs.map(function (input) { return fold(input.value.trim()); });
    var found = rows.filter(function (row) {
      return wanted.every(function (text, column) { return !text || fold(row.cells[column].textContent).indexOf(text) >= 0; });
    });
    if (sortBy >= 0) {
      collator = collator || new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });
      var undated = function (row) { return row.cells[sortBy].getAttribute("data-sort") === ""; };
      found.sort(function (a, b) {
        // Undated rows stay a group of their own after the dated ones, whichever way the dates go.
        var group = undated(a) - undated(b);
        if (group) return group;
        var order = collator.compare(key(a, sortBy), key(b, sortBy));
        return (ascending ? order : -order) || a.fsOrder - b.fsOrder;
      });
    } else {
      found.sort(function (a, b) { return a.fsOrder - b.fsOrder; });
    }
    var shown = found.slice(0, limit);
    var fragment = document.createDocumentFragment();
    var columns = table.tHead.rows[0].cells.length;
    shown.forEach(function (row, i) {
      var first = row.cells[0].getAttribute("data-sort") === "" && (i === 0 || shown[i - 1].cells[0].getAttribute("data-sort") !== "");
      if (first && (sortBy <= 0)) {
        var group = document.createElement("tr");
        group.className = "fs-group";
        group.innerHTML = '<th scope="rowgroup"></th>';
        group.firstChild.colSpan = columns;
        group.firstChild.textContent = "Date not stated";
        fragment.appendChild(group);
      }
      fragment.appendChild(row);
    });
    body.replaceChildren(fragment);
    more.hidden = found.length <= limit;
    more.textContent = "Show " + Math.min(SHOWN, found.length - limit) + " more";
    status.textContent = found.length + " of " + rows.length + " rows" + (found.length > limit ? "; the first " + limit + " shown" : "");
    var pager = document.querySelector(".fs-pager");
    if (pager) pager.hidden = true;  // the rows are all here now
  }
})();
