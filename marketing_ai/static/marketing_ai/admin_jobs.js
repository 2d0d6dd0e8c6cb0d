// Live progress on a job's admin page: poll the jobs API until the job finishes, then reload once.
(function () {
  "use strict";
  function start() {
    var marker = document.querySelector(".marketing-ai-live[data-job-url]");
    if (!marker) { return; }
    var url = marker.getAttribute("data-job-url");
    var bar = document.querySelector("progress.marketing-ai-progress");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (!job) { return; }
          if (bar) { bar.value = job.progress; bar.nextSibling.textContent = " " + job.progress + "%"; }
          if (["succeeded", "failed", "cancelled"].indexOf(job.status) >= 0) { window.location.reload(); return; }
          window.setTimeout(poll, 2000);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 1000);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
