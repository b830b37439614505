/* Union pages without inline script: tables sort by a header tap (numbers as
   numbers, names with their digits in order), the reminder preview follows the
   officer's text, and "show number" reveals one member's phone (audited server-side). */
(function () {
  "use strict";
  var collator = new Intl.Collator("zh-CN", {numeric: true});

  function value(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute("data-value") || cell.textContent).trim() : "";
  }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var numeric = rows.every(function (r) { var v = value(r, index); return v === "" || !isNaN(Number(v)); });
    rows.sort(function (a, b) {
      var x = value(a, index), y = value(b, index);
      var order = numeric ? Number(x) - Number(y) : collator.compare(x, y);
      return ascending ? order : -order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  });

  var text = document.getElementById("reminder-text");
  var preview = document.getElementById("reminder-preview");
  if (text && preview) {
    text.addEventListener("input", function () {
      var d = text.dataset;
      var filled = {name: d.sampleName, course: d.sampleCourse, left: d.sampleLeft, deadline: d.sampleDeadline};
      preview.textContent = text.value.replace(/\{(\w+)\}/g, function (all, key) {
        return Object.prototype.hasOwnProperty.call(filled, key) ? filled[key] : all;
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.reveal"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, {method: "POST", body: new FormData(form), headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (answer) {
          var shown = document.getElementById(form.getAttribute("data-target"));
          var link = document.createElement("a");
          link.href = "tel:" + answer.phone;
          link.textContent = answer.phone;
          shown.textContent = "";
          shown.appendChild(link);
          form.remove();
        })
        .catch(function () { form.submit(); });
    });
  });
})();
