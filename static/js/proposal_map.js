// Placed items (published proposals, live campaigns) on a map whose markers lead to each one.
// Without JavaScript the list below the map is the same information. The points are in the JSON
// script named by the map's data-points (by default proposal-map-points).
(function () {
    "use strict";
    var element = document.querySelector("[data-proposal-map]");
    var data = element && document.getElementById(element.dataset.points || "proposal-map-points");
    if (!element || !data || typeof window.L === "undefined") { return; }
    var points = JSON.parse(data.textContent);
    if (!points.length) { return; }
    element.classList.add("map--active");
    element.setAttribute("role", "region");
    element.setAttribute("aria-label", element.dataset.label);
    var map = window.L.map(element, { scrollWheelZoom: false });
    window.L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 19,
        attribution: "&copy; OpenStreetMap"
    }).addTo(map);
    var bounds = [];
    points.forEach(function (point) {
        var marker = window.L.marker([point.lat, point.lng], { alt: point.title, title: point.title }).addTo(map);
        var link = document.createElement("a");
        link.href = point.url;
        link.textContent = point.title;
        marker.bindPopup(link);
        bounds.push([point.lat, point.lng]);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
})();
