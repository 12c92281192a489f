// Draws an actor's co-occurrence network (vendored Cytoscape.js) from the page's JSON data;
// the same data is the "Appears with" list, so the page says everything without script.
(function () {
  var holder = document.getElementById("network");
  var source = document.getElementById("network-data");
  if (!holder || !source || typeof cytoscape === "undefined") return;
  var net = JSON.parse(source.textContent);
  if (!net.others.length) return;
  var elements = [{ data: { id: net.center.href, label: net.center.label, center: 1 } }];
  var most = Math.max.apply(null, net.others.map(function (o) { return o.weight; }));
  net.others.forEach(function (o) {
    elements.push({ data: { id: o.href, label: o.label } });
    elements.push({ data: { source: net.center.href, target: o.href, w: 1 + 5 * o.weight / most } });
  });
  holder.hidden = false;
  var cy = cytoscape({
    container: holder, elements: elements, userZoomingEnabled: false, maxZoom: 1.2,
    layout: { name: "concentric", concentric: function (n) { return n.data("center") ? 2 : 1; },
              levelWidth: function () { return 1; }, minNodeSpacing: 30 },
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, "background-color": "#2b77c0",
                                   width: 14, height: 14, color: "#1d232a", "text-valign": "bottom" } },
      { selector: "node[center]", style: { "background-color": "#c2410c", width: 22, height: 22,
                                           "font-weight": "bold" } },
      { selector: "edge", style: { width: "data(w)", "line-color": "#b6c6d8" } }
    ]
  });
  cy.on("tap", "node", function (e) { window.location.href = e.target.id(); });
})();
