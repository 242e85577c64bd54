/** @odoo-module **/
// Copyright 2026 La Boite Commune
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

// A prospect, not logged in, fills the pledge form and sees the cost comparison.
registry.category("web_tour.tours").add("heat_pledge_form", {
    url: "/fr/heat/pledge",
    steps: () => [
        {trigger: "input#heat_pledge_name", run: "edit Jeanne Martin"},
        {trigger: "input#heat_pledge_email", run: "edit jeanne.martin@example.fr"},
        {trigger: "input#heat_pledge_phone", run: "edit 04 71 00 00 00"},
        {trigger: "input#heat_pledge_street", run: "edit 3 rue de la Gare"},
        {trigger: "input#heat_pledge_zip", run: "edit 43160"},
        {trigger: "input#heat_pledge_city", run: "edit La Chaise-Dieu"},
        {
            trigger: "select#heat_pledge_category",
            run: "selectByLabel Maison de test",
        },
        {
            trigger: "select#heat_pledge_energy",
            run: "selectByIndex 1",
        },
        {trigger: "input#heat_pledge_quantity", run: "edit 2 000"},
        {trigger: "input#heat_consent", run: "check"},
        {
            content: "Send the pledge",
            trigger: "form.o_heat_pledge_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The pledge is sent and the comparison shown",
            trigger: ".o_heat_pledge_sent #heat_pledge_network_ttc",
        },
        {
            content: "with the twenty years to come",
            trigger: ".o_heat_pledge_sent #heat_pledge_cumulated",
        },
    ],
});

// A salesman of the operator finds the web pledge in the CRM, with the consent given.
registry.category("web_tour.tours").add("heat_pledge_crm", {
    steps: () => [
        {
            content: "The web pledge is among the opportunities",
            trigger: ".o_kanban_record:contains('Jeanne Martin')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook a.nav-link[name='lead']",
            run: "click",
        },
        {
            content: "with the consent the prospect gave",
            trigger: ".o_field_widget[name='web_consent_text']:contains('Chaleur Bois Test')",
        },
    ],
});
