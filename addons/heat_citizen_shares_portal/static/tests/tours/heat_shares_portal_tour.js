/** @odoo-module **/
// Copyright 2026 La Boite Commune
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

// The member goes from its account's home to its shares and finds the certificate
// of its issue to download.
registry.category("web_tour.tours").add("heat_shares_portal_certificate", {
    url: "/my/home",
    steps: () => [
        {
            content: "The home of the account leads to the shares",
            trigger: 'a[href="/my/shares"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The holdings by class",
            trigger: ".o_heat_shares_portal table tbody tr",
        },
        {
            content: "The certificate of the issue, to download",
            trigger: 'a[href^="/my/shares/certificate/"]',
        },
    ],
});
