# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, http
from odoo.http import request

from odoo.addons.heat_billing.models.heat_energy_reference import COMPARED_ENERGIES
from odoo.addons.heat_web_form.controllers.form import HeatWebFormMixin

from ..domain.pledge_input import check_pledge


class HeatPledgeForm(HeatWebFormMixin, http.Controller):
    """The public connection pledge form: a prospect gives its building and its
    current heating, sees at once what the network would cost, and its pledge
    reaches the operator's CRM."""

    _heat_form = "pledge"

    def _heat_choices(self):
        """What the form offers: the networks open to web pledges, the building
        categories they may use, the energies a comparison knows with their unit.
        Names only; the visitor reads nothing else."""
        env = request.env
        networks = env["heat.network"].sudo().search([("heat_web_pledge", "=", True)])
        categories = (
            env["heat.building.category"]
            .sudo()
            .search(
                [
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "in", networks.company_id.ids),
                ]
            )
        )
        labels = dict(
            env["heat.cost.comparison"]._fields["energy"]._description_selection(env)
        )
        References = env["heat.energy.reference"].sudo()
        units = dict(References._fields["unit"]._description_selection(env))
        # the first reference of each energy, in one query
        unit_of = {}
        for reference in References.search(
            [("energy", "in", [key for key, _label in COMPARED_ENERGIES])]
        ):
            unit_of.setdefault(reference.energy, reference.unit)
        energies = [
            (key, labels[key], units.get(unit_of.get(key), ""))
            for key, _label in COMPARED_ENERGIES
        ]
        return networks, categories, energies

    def _heat_field_labels(self):
        env = request.env
        return {
            "name": env._("Your name"),
            "email": env._("E-mail"),
            "phone": env._("Phone"),
            "street": env._("Street and number"),
            "zip": env._("Postcode"),
            "city": env._("Town"),
            "network": env._("Heat network"),
            "category": env._("Building type"),
            "energy": env._("Current heating"),
            "quantity": env._("Yearly consumption"),
            "area": env._("Heated area (m²)"),
        }

    def _heat_render(self, values=None, errors=None, message=None):
        networks, categories, energies = self._heat_choices()
        return request.render(
            "heat_portal.heat_pledge_form",
            {
                "networks": networks,
                "categories": categories,
                "energies": energies,
                "values": values or {},
                "errors": errors or {},
                "message": message,
                "labels": self._heat_field_labels(),
                # the operator that will keep the data, named in the consent
                "heat_company": self._heat_consent_company(networks.company_id),
            },
        )

    @http.route(
        ["/heat/pledge"], type="http", auth="public", website=True, methods=["GET"]
    )
    def heat_pledge(self, **kw):
        return self._heat_render()

    @http.route(
        ["/heat/pledge"],
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def heat_pledge_send(self, **post):
        networks, categories, energies = self._heat_choices()
        values, errors = check_pledge(
            post,
            {str(network.id) for network in networks},
            {str(category.id) for category in categories},
            {key for key, _label, _unit in energies},
        )
        if errors:
            return self._heat_render(post, self._heat_errors(errors))
        comparison, message = self._heat_save(
            post,
            networks.browse(int(values["network"])).company_id,
            lambda consent: self._heat_record_pledge(values, consent),
        )
        if message:
            return self._heat_render(post, message=message)
        # a pledge is never lost: without a tariff or a reference price the
        # comparison waits for the operator, and the page only thanks
        figures = {} if comparison._problems() else comparison._report_values()
        return request.render(
            "heat_portal.heat_pledge_sent",
            {
                "comparison": comparison,
                "figures": figures,
                "network": comparison.network_id,
                "cumulated_label": request.env._(
                    "Cumulated saving after %(years)s years, price rises included",
                    years=len(figures.get("projection", [])),
                ),
            },
        )

    def _heat_record_pledge(self, values, consent):
        """The pledge as an opportunity of the network's operator, its building a
        prospect, and the cost comparison the prospect sees (the back office's own
        computation); created as the system, as Odoo's website forms do."""
        env = request.env
        network = env["heat.network"].sudo().browse(int(values["network"]))
        Lead = env["crm.lead"].sudo().with_company(network.company_id)
        address = f"{values['street']}, {values['zip']} {values['city']}"
        lead = Lead.create(
            {
                **self._heat_prepare_lead_values(network, values, address),
                **consent,
            }
        )
        Comparison = env["heat.cost.comparison"].sudo().with_company(network.company_id)
        comparison = Comparison.create(
            Comparison._prepare_from_building(lead.heat_building_id, lead=lead)
        )
        self._heat_notify_team(lead)
        return comparison

    def _heat_notify_team(self, lead):
        """The pledge waits in its team's pipeline, as Odoo's website forms leave a
        lead; the team's leader gets an activity to call the prospect back (and the
        e-mail Odoo sends for an assigned activity)."""
        leader = lead.team_id.user_id
        if leader:
            # assigned by the system, not by the public user
            lead.with_user(SUPERUSER_ID).activity_schedule(
                "mail.mail_activity_data_call",
                user_id=leader.id,
                summary=request.env._("Call back the prospect of a web pledge"),
            )

    def _heat_prepare_building_values(self, network, values, address):
        """The building of the pledge: the network's building at this address when
        one was pledged already (the owner, then the tenant: two pledges of one
        building), else a new prospect building. Nothing of it is shown to the
        visitor."""
        building = (
            request.env["heat.building"]
            .sudo()
            .search(
                [("network_id", "=", network.id), ("reference", "=ilike", address)],
                limit=1,
            )
        )
        if building:
            return {"heat_building_id": building.id}
        return {
            "heat_new_building_name": address,
            "heat_new_building_reference": address,
            "heat_new_building_category_id": int(values["category"]),
        }

    def _heat_prepare_lead_values(self, network, values, address):
        env = request.env
        area = values["area"]
        return {
            "name": env._(
                "Web pledge: %(name)s, %(city)s",
                name=values["name"],
                city=values["city"],
            ),
            "type": "opportunity",
            # not the public user: the operator's team assigns it
            "user_id": False,
            "team_id": network.heat_web_pledge_team_id.id,
            "heat_is_pledge": True,
            "heat_network_id": network.id,
            "company_id": network.company_id.id,
            "contact_name": values["name"],
            "email_from": values["email"],
            "phone": values["phone"],
            "street": values["street"],
            "zip": values["zip"],
            "city": values["city"],
            "country_id": env.ref("base.fr").id,
            **self._heat_prepare_building_values(network, values, address),
            "heat_current_energy": values["energy"],
            "heat_current_quantity": values["quantity"],
            "source_id": env.ref("heat_portal.utm_source_web_pledge").id,
            "description": env._("Heated area: %(area)s m²", area=area)
            if area
            else False,
        }
