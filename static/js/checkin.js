/* Check-in at the door: after "Present" the search box is empty and has the focus, ready for the next name.
   The focus moves at the tap itself (a phone opens its keyboard only inside the tap); the text is selected
   so typing replaces it, and it is cleared once the server confirms (HX-Trigger: elector-checked-in). */
(function () {
  "use strict";
  var search = document.getElementById("checkin-q");
  if (!search) { return; }
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
})();
