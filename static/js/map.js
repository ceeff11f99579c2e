// Enhances a place's address with an OpenStreetMap map. Without JavaScript or without network
// access to the tiles, the address text stays the information.
(function () {
    "use strict";
    if (typeof window.L === "undefined") {
        return;
    }
    document.querySelectorAll("[data-map]").forEach(function (element) {
        var lat = parseFloat(element.dataset.lat);
        var lng = parseFloat(element.dataset.lng);
        if (isNaN(lat) || isNaN(lng)) {
            return;
        }
        element.classList.add("map--active");
        element.setAttribute("role", "region");
        element.setAttribute("aria-label", element.dataset.label || "");
        var map = window.L.map(element, { scrollWheelZoom: false }).setView([lat, lng], 15);
        window.L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
            maxZoom: 19,
            attribution: "&copy; OpenStreetMap"
        }).addTo(map);
        window.L.marker([lat, lng], { alt: element.dataset.label || "" }).addTo(map);
    });
})();
