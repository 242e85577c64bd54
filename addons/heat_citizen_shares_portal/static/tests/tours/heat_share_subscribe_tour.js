/** @odoo-module **/
// Copyright 2026 La Boite Commune
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

// A resident, not logged in, asks for shares and is told what to pay.
registry.category("web_tour.tours").add("heat_share_subscribe_form", {
    url: "/fr/shares/subscribe",
    steps: () => [
        {trigger: "select#heat_shares_class", run: "selectByIndex 1"},
        {trigger: "input#heat_shares_quantity", run: "edit 4"},
        {trigger: "select#heat_shares_college", run: "selectByIndex 1"},
        {trigger: "input#heat_shares_first_name", run: "edit Jeanne"},
        {trigger: "input#heat_shares_last_name", run: "edit Martin"},
        {
            // a date input: its value is what the browser posts, whatever the locale
            trigger: "input#heat_shares_birth_date",
            run() {
                this.anchor.value = "1980-05-17";
            },
        },
        {trigger: "input#heat_shares_email", run: "edit jeanne.martin@example.fr"},
        {trigger: "input#heat_shares_street", run: "edit 3 rue de la Gare"},
        {trigger: "input#heat_shares_zip", run: "edit 43160"},
        {trigger: "input#heat_shares_city", run: "edit La Chaise-Dieu"},
        {trigger: "input#heat_consent", run: "check"},
        {
            content: "Send the request",
            trigger: "form.o_heat_share_subscribe_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request reached the board",
            trigger: ".o_heat_share_subscribe_sent #heat_share_subscription_name",
        },
    ],
});
