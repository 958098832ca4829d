/* Pick a person from a long list by typing: every <select data-picker="…"> gets a search box above it and
   shows as a short list that narrows as one types (accents not needed: "nguyen van a" finds "Nguyễn Văn A";
   digits find the household number). The first match is chosen; arrows move within the list. Without
   JavaScript the plain drop-down stays and the form works the same. */
(function () {
  "use strict";
  var fold = function (s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  };

  function enhance(select) {
    var label = select.labels && select.labels[0] ? select.labels[0].textContent.replace("*", "").trim() : "";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control mb-1";
    input.id = select.id + "-search";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("autocapitalize", "none");
    input.setAttribute("aria-label", select.dataset.picker + (label ? ": " + label : ""));
    input.setAttribute("aria-controls", select.id);
    input.placeholder = select.dataset.pickerPlaceholder || "";
    var status = document.createElement("div");
    status.className = "form-text mt-0 mb-1";
    status.setAttribute("role", "status");
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(status, select);
    select.size = 6;
    select.classList.add("picker-list");

    var options = Array.prototype.map.call(select.options, function (o) { return [o, fold(o.text)]; });
    function narrow() {
      var words = fold(input.value.trim()).split(/\s+/).filter(Boolean);
      var first = null;
      var count = 0;
      options.forEach(function (pair) {
        var show = !!pair[0].value && words.every(function (w) { return pair[1].indexOf(w) !== -1; });
        pair[0].hidden = !show;
        if (show) { count += 1; if (!first) { first = pair[0]; } }
      });
      if (words.length && first && (select.selectedIndex < 0 || select.options[select.selectedIndex].hidden || !select.value)) {
        select.value = first.value;
      }
      status.textContent = (select.dataset.pickerFound || "{n}").replace("{n}", count);
    }
    input.addEventListener("input", narrow);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault();  // Enter chooses the first match rather than sending the form half-filled
        select.focus();
      }
    });
    narrow();
  }

  document.querySelectorAll("select[data-picker]").forEach(enhance);
})();
