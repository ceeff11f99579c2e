// Enhances the proposal form: similar proposals shown as the title is typed, and a map on which a
// click places the proposal (filling the hidden latitude and longitude). Without JavaScript the
// form posts the same fields; the address field says where, and the preview lists similar ones.
(function () {
    "use strict";
    var similarBox = document.querySelector("[data-similar-proposals]");
    var title = document.getElementById("id_title");
    if (similarBox && title && window.fetch) {
        var timer = null;
        var asked = "";
        var ask = function () {
            var value = title.value.trim();
            if (value === asked) { return; }
            asked = value;
            if (value.length < 4) { similarBox.innerHTML = ""; return; }
            fetch(similarBox.dataset.url + "?title=" + encodeURIComponent(value), { credentials: "same-origin" })
                .then(function (response) { return response.ok ? response.text() : ""; })
                .then(function (html) { if (asked === value) { similarBox.innerHTML = html; } })
                .catch(function () { /* the preview step lists them anyway */ });
        };
        title.addEventListener("blur", ask);
        title.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(ask, 800);
        });
    }

    var picker = document.querySelector("[data-location-picker]");
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    if (!picker || !latitude || !longitude || typeof window.L === "undefined") { return; }
    var bounds = picker.dataset.bounds.split(",").map(parseFloat);
    var area = window.L.latLngBounds([bounds[0], bounds[1]], [bounds[2], bounds[3]]);
    picker.classList.add("map--active");
    picker.setAttribute("role", "region");
    picker.setAttribute("aria-label", picker.dataset.label);
    var map = window.L.map(picker, { scrollWheelZoom: false, maxBounds: area.pad(0.1) });
    window.L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 19,
        attribution: "&copy; OpenStreetMap"
    }).addTo(map);
    var marker = null;
    var place = function (latlng) {
        if (marker) { marker.setLatLng(latlng); } else { marker = window.L.marker(latlng, { alt: picker.dataset.placed }).addTo(map); }
        latitude.value = latlng.lat.toFixed(6);
        longitude.value = latlng.lng.toFixed(6);
        clear.hidden = false;
    };
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "button button--secondary map__clear";
    clear.textContent = picker.dataset.clear;
    clear.hidden = true;
    clear.addEventListener("click", function () {
        if (marker) { map.removeLayer(marker); marker = null; }
        latitude.value = "";
        longitude.value = "";
        clear.hidden = true;
    });
    picker.insertAdjacentElement("afterend", clear);
    var lat = parseFloat(latitude.value || picker.dataset.lat);
    var lng = parseFloat(longitude.value || picker.dataset.lng);
    if (!isNaN(lat) && !isNaN(lng)) {
        map.setView([lat, lng], 14);
    } else {
        map.fitBounds(area);
    }
    if (latitude.value && longitude.value) { place(window.L.latLng(lat, lng)); }
    map.on("click", function (event) {
        if (area.contains(event.latlng)) { place(event.latlng); }
    });
})();
