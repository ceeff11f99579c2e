// Keeps the running total of a budget or points ballot up to date as the voter ticks projects.
// The server checks the same rules; without JavaScript the total is shown after submitting.
(function () {
    "use strict";
    var formatter = new Intl.NumberFormat(document.documentElement.lang || "fr", {
        style: "currency", currency: "EUR", maximumFractionDigits: 0
    });
    var budgetBox = document.querySelector("[data-budget]");
    if (budgetBox) {
        var budget = parseInt(budgetBox.dataset.budget, 10);
        var total = budgetBox.querySelector("[data-budget-total]");
        var template = total.dataset.template || total.textContent;
        var update = function () {
            var spent = 0;
            budgetBox.querySelectorAll("input[data-cost]:checked").forEach(function (input) {
                spent += parseInt(input.dataset.cost, 10);
            });
            var over = spent > budget;
            total.classList.toggle("ballot__total--over", over);
            total.textContent = (document.documentElement.lang === "en"
                ? "Your choices cost " + formatter.format(spent) + " out of " + formatter.format(budget) + "."
                : "Vos choix coûtent " + formatter.format(spent) + " sur " + formatter.format(budget) + ".")
                + (over ? (document.documentElement.lang === "en" ? " Over budget!" : " Budget dépassé !") : "");
        };
        budgetBox.addEventListener("change", update);
        update();
    }
    var pointsBox = document.querySelector("[data-points-total]");
    if (pointsBox) {
        var available = parseInt(pointsBox.dataset.points, 10);
        var form = pointsBox.closest("form");
        var refresh = function () {
            var given = 0;
            form.querySelectorAll("input[type=number]").forEach(function (input) {
                var value = parseInt(input.value, 10);
                if (!isNaN(value) && value > 0) { given += value; }
            });
            pointsBox.classList.toggle("ballot__total--over", given > available);
            pointsBox.textContent = (document.documentElement.lang === "en"
                ? "Points given: " + given + " out of " + available + "."
                : "Points attribués : " + given + " sur " + available + ".");
        };
        form.addEventListener("input", refresh);
    }
})();
