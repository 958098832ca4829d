/* Search, sort and filter a long table in the page: <table data-table-tools> (attributes from
   templates/partials/table_tools.html) gets a search box (the words as typed, accents not needed), a drop-down for each
   column whose <th> has data-filter, and headers that sort when pressed (numbers as numbers,
   names in Vietnamese order). Without JavaScript the table stays as it is. */
(function () {
  "use strict";
  var fold = function (s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().trim();
  };
  var number = function (s) {
    var t = s.replace(/\s|%/g, "").replace(/\./g, "").replace(",", ".");
    var m = t.match(/^-?\d+(\.\d+)?/);
    return m ? parseFloat(m[0]) : null;
  };
  var cellText = function (cell) { return cell ? (cell.dataset.sort || cell.textContent).replace(/\s+/g, " ").trim() : ""; };
  var counter = 0;

  function enhance(table) {
    counter += 1;
    var body = table.tBodies[0];
    if (!body || !table.tHead) { return; }
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(body.rows);
    var data = table.dataset;
    var bar = document.createElement("div");
    bar.className = "table-tools d-flex flex-wrap gap-2 align-items-end mb-2 no-print";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm";
    search.id = "table-search-" + counter;
    search.autocomplete = "off";
    var searchLabel = document.createElement("label");
    searchLabel.className = "form-label small mb-0";
    searchLabel.htmlFor = search.id;
    searchLabel.textContent = data.ttSearch;
    var searchBox = document.createElement("div");
    searchBox.append(searchLabel, search);
    bar.append(searchBox);

    var filters = [];
    headers.forEach(function (th, index) {
      if (!th.hasAttribute("data-filter")) { return; }
      var values = Array.from(new Set(rows.map(function (r) { return cellText(r.cells[index]); }))).filter(Boolean);
      values.sort(function (a, b) { return a.localeCompare(b, "vi"); });
      var select = document.createElement("select");
      select.className = "form-select form-select-sm";
      select.id = "table-filter-" + counter + "-" + index;
      select.append(new Option(data.ttAll, ""));
      values.forEach(function (v) { select.append(new Option(v, v)); });
      var label = document.createElement("label");
      label.className = "form-label small mb-0";
      label.htmlFor = select.id;
      label.textContent = th.textContent.trim();
      var box = document.createElement("div");
      box.append(label, select);
      bar.append(box);
      filters.push([index, select]);
    });
    var status = document.createElement("div");
    status.className = "small text-muted ms-auto";
    status.setAttribute("role", "status");
    bar.append(status);
    var anchor = table.closest(".table-responsive") || table;
    anchor.parentNode.insertBefore(bar, anchor);

    var texts = rows.map(function (r) { return fold(r.textContent).replace(/\s+/g, " "); });
    function apply() {
      var phrase = fold(search.value).replace(/\s+/g, " ");
      var shown = 0;
      rows.forEach(function (row, i) {
        var ok = texts[i].indexOf(phrase) !== -1 &&
          filters.every(function (f) { return !f[1].value || cellText(row.cells[f[0]]) === f[1].value; });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      status.textContent = data.ttCount.replace("{shown}", shown).replace("{total}", rows.length);
    }
    search.addEventListener("input", apply);
    filters.forEach(function (f) { f[1].addEventListener("change", apply); });

    headers.forEach(function (th, index) {
      if (th.hasAttribute("data-nosort") || !th.textContent.trim()) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link p-0 text-reset fw-semibold text-decoration-none sort-button";
      button.title = data.ttSort;
      while (th.firstChild) { button.append(th.firstChild); }
      var arrow = document.createElement("span");
      arrow.setAttribute("aria-hidden", "true");
      arrow.className = "ms-1 text-muted";
      button.append(arrow);
      th.append(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) {
          h.removeAttribute("aria-sort");
          var a = h.querySelector(".sort-button > span[aria-hidden]");
          if (a) { a.textContent = ""; }
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        arrow.textContent = ascending ? "▲" : "▼";
        var keyed = rows.map(function (r) { var t = cellText(r.cells[index]); return [r, number(t), t]; });
        var numeric = keyed.every(function (k) { return k[1] !== null || !k[2] || k[2] === "—"; });
        keyed.sort(function (a, b) {
          var c = numeric ? (a[1] === null ? -Infinity : a[1]) - (b[1] === null ? -Infinity : b[1])
            : a[2].localeCompare(b[2], "vi", { numeric: true });
          return ascending ? c : -c;
        });
        keyed.forEach(function (k) { body.append(k[0]); });
      });
    });
    apply();
  }

  document.querySelectorAll("table[data-table-tools]").forEach(enhance);
})();
