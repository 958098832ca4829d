/* Check-in at the door: after "Present" the search box is empty and has the focus, ready for the next name.
   The focus moves at the tap itself (a phone opens its keyboard only inside the tap); the text is selected
   so typing replaces it, and it is cleared once the server confirms (HX-Trigger: elector-checked-in).
   The recent list: the server adds the new line on top (hx-swap-oob) and says which line an undo takes
   off (check-in-undone); the page shows the last RECENT lines. */
(function () {
  "use strict";
  var RECENT = 5;
  var search = document.getElementById("checkin-q");
  if (!search) { return; }
  var recent = document.getElementById("recent-checkins");
  var list = document.getElementById("recent-list");

  function tidyRecent() {
    if (!list) { return; }
    while (list.children.length > RECENT) { list.removeChild(list.lastElementChild); }
    recent.hidden = list.children.length === 0;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".checkin-row button[type=submit]");
    if (!button || !button.form || !button.form.querySelector("input[name=op][value=mark]")) { return; }
    search.focus({ preventScroll: true });
    search.select();
  });
  document.body.addEventListener("elector-checked-in", function () {
    search.value = "";
    search.focus({ preventScroll: true });
  });
  document.body.addEventListener("htmx:oobAfterSwap", tidyRecent);
  document.body.addEventListener("check-in-undone", function (event) {
    var line = document.getElementById("recent-" + event.detail.elector);
    if (line) { line.remove(); }
    tidyRecent();
  });
})();
