// Turns the SPARQL page's placeholder into YASGUI (vendored; see static/vendor/yasgui/README.md).
(function () {
  var el = document.getElementById("yasgui");
  if (!el || typeof Yasgui === "undefined") return;
  var example = document.getElementById("example-query");
  Yasgui.Yasqe.defaults.value = example ? example.content.textContent : "";
  new Yasgui(el, {
    requestConfig: { endpoint: new URL(el.dataset.endpoint, window.location.href).href, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null
  });
})();
