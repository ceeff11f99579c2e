// Answers a statement without reloading the page: the form is posted as it would be, the page the
// server redirects to (the next statement) replaces the round's block, and focus goes to the new
// statement, whose description is the confirmation. Without this script the form posts and the
// browser follows the same redirect; on any surprise the form is sent that way.
(function () {
    "use strict";
    if (!window.fetch || !window.DOMParser || !window.FormData) {
        return;
    }
    var sendNormally = function (form, button) {
        var value = document.createElement("input");
        value.type = "hidden";
        value.name = button.name;
        value.value = button.value;
        form.appendChild(value);
        form.dataset.plain = "true";
        form.submit();
    };
    document.addEventListener("submit", function (event) {
        var form = event.target;
        var button = event.submitter;
        var block = form.closest("[data-opinion-round]");
        if (!block || form.dataset.plain || !button || button.name !== "value") {
            return;
        }
        event.preventDefault();
        if (block.getAttribute("aria-busy")) {
            return;  // answered already: the next statement is on its way
        }
        var data = new FormData(form);
        data.append(button.name, button.value);
        block.setAttribute("aria-busy", "true");
        fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
            .then(function (response) {
                if (!response.ok || !response.redirected) {
                    throw new Error("not answered");
                }
                return response.text().then(function (html) {
                    var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-opinion-round]");
                    if (!fresh) {
                        throw new Error("no round");
                    }
                    block.replaceWith(fresh);
                    history.replaceState(null, "", response.url + "#affirmation");
                    var heading = document.getElementById("affirmation");
                    if (heading) {
                        heading.focus();
                    }
                });
            })
            .catch(function () {
                block.removeAttribute("aria-busy");
                sendNormally(form, button);
            });
    });
}());
