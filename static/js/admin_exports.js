// While an export is being written, the exports page updates its list of exports in place every
// few seconds (the page works without it: its "Refresh" link does the same by hand).
(function () {
  var DELAY = 3000;

  function poll() {
    var section = document.getElementById("export-jobs");
    if (!section || !section.hasAttribute("data-export-pending")) return;
    window.setTimeout(function () {
      fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("export-jobs");
          if (!fresh) return;
          section.replaceWith(fresh);
          poll();
        })
        .catch(function () {});
    }, DELAY);
  }

  poll();
})();
