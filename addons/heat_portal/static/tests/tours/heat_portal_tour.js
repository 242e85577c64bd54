/** @odoo-module **/
// Copyright 2026 La Boite Commune
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

// The subscriber opens its space, sees the chart, opens its invoice and finds the
// download button.
registry.category("web_tour.tours").add("heat_portal_invoice", {
    url: "/my/home",
    steps: () => [
        {
            content: "The home of the account leads to the heating",
            trigger: 'a[href="/my/heat"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The consumption chart, a bar per measured month",
            trigger: "svg.o_heat_chart rect",
        },
        {
            content: "Open the invoice of the subscription",
            trigger: '.o_heat_portal a[href*="/my/invoices/"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The invoice can be downloaded",
            trigger: 'a.o_download_btn[href*="download=true"]',
        },
    ],
});

// The subscriber reads its meter and sends the index with a photo.
registry.category("web_tour.tours").add("heat_portal_reading", {
    url: "/my/heat",
    steps: () => [
        {
            content: "Type the index as the meter shows it",
            trigger: "input#heat_index",
            run: "edit 25 000",
        },
        {
            content: "Send it",
            trigger: 'form[action$="/reading"] button[type="submit"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The index waits for the operator's check",
            trigger: '.alert-info[role="status"]',
        },
        {
            content: "and is listed as being checked",
            trigger: ".o_heat_portal .badge.text-bg-warning",
        },
    ],
});
