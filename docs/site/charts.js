// Draw every chart on the page with the site's one copy of plotly.js.
(function () {
  "use strict";
  var figures = document.querySelectorAll("script.plotly-figure");
  Array.prototype.forEach.call(figures, function (node) {
    var spec = JSON.parse(node.textContent);
    var target = document.getElementById(node.getAttribute("data-target"));
    window.Plotly.newPlot(target, spec.data, spec.layout, {
      displayModeBar: false,
      responsive: true
    });
  });
})();
