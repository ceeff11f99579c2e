// Keeps the running total of a budget or points ballot up to date as the voter ticks projects.
// The sentences come from the server (translated); the server checks the same rules on submit.
(function () {
    "use strict";
    var lang = document.documentElement.lang || "fr";
    var numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    var euros = function (amount) { return numbers.format(amount) + "\u00a0€"; };
    var fill = function (template, values) {
        return template.replace(/\{(\w+)\}/g, function (match, key) {
            return key in values ? values[key] : match;
        });
    };

    var budgetBox = document.querySelector("[data-budget]");
    if (budgetBox) {
        var budget = parseInt(budgetBox.dataset.budget, 10);
        var total = budgetBox.querySelector("[data-budget-total]");
        var update = function () {
            var spent = 0;
            budgetBox.querySelectorAll("input[data-cost]:checked").forEach(function (input) {
                spent += parseInt(input.dataset.cost, 10);
            });
            var over = spent > budget;
            total.classList.toggle("ballot__total--over", over);
            total.textContent = fill(total.dataset.template, { spent: euros(spent), budget: euros(budget) })
                + (over ? " " + total.dataset.over : "");
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
            pointsBox.textContent = fill(pointsBox.dataset.template, { given: given, total: available });
        };
        form.addEventListener("input", refresh);
    }
    // Approval: at the limit, the unticked projects are disabled and the message says why.
    var choicesBox = document.querySelector("[data-max-choices]");
    if (choicesBox) {
        var maxChoices = parseInt(choicesBox.dataset.maxChoices, 10);
        var choicesTotal = choicesBox.querySelector("[data-choices-total]");
        var limit = function () {
            var boxes = choicesBox.querySelectorAll("input[type=checkbox]");
            var chosen = choicesBox.querySelectorAll("input[type=checkbox]:checked").length;
            boxes.forEach(function (input) { input.disabled = !input.checked && chosen >= maxChoices; });
            var template = chosen === 1 ? choicesTotal.dataset.templateOne : choicesTotal.dataset.template;
            choicesTotal.textContent = fill(template, { chosen: chosen, max: maxChoices });
        };
        choicesBox.addEventListener("change", limit);
        limit();
    }
})();
