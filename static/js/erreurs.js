// A form sent back with errors: the focus goes to the summary at the top, whose links lead to each field.
(function () {
  "use strict";
  var resume = document.querySelector("[data-resume-erreurs]");
  if (resume) { resume.focus(); }
})();
