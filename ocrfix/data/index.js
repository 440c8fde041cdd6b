/* ocrfix batch index: click a column heading to sort by it (numbers as numbers). */
(function () {
  "use strict";
  var table = document.getElementById("files"), body = table.tBodies[0];
  table.tHead.addEventListener("click", function (e) {
    var th = e.target.closest("th");
    if (!th) return;
    var col = th.cellIndex, num = th.classList.contains("num");
    var dir = th.getAttribute("aria-sort") === "descending" || (!th.hasAttribute("aria-sort") && !num) ? 1 : -1;
    table.tHead.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].textContent, y = b.cells[col].textContent;
      var d = num ? (+x || 0) - (+y || 0) : x.localeCompare(y, "fr");
      return d * dir;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
})();
