# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from odoo.addons.heat_citizen_shares.tests.common import HeatSharesCommon
from odoo.addons.heat_operator.tests.common import portal_user


@tagged("post_install", "-at_install")
class TestHeatSharesPortalMeeting(HttpCase, HeatSharesCommon):
    """Alice is convened to last year's general meeting and to the next one, Bob to
    the next one and to an extraordinary meeting of his own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls._line(cls.alice, 10, date(2024, 3, 1))
        cls._line(cls.bob, 3, date(2025, 6, 1))
        today = fields.Date.context_today(cls.env.user)
        Meeting = cls.env["heat.share.meeting"]
        cls.past = Meeting.create(
            {
                "name": "AG 2025",
                "date": date(2025, 6, 20),
                "record_date": date(2025, 5, 1),
                "place": "Salle Saint-Jean",
                "company_id": cls.company.id,
            }
        )
        cls.next = Meeting.create(
            {
                "name": "AG à venir",
                "date": today + timedelta(days=30),
                "record_date": today,
                "start_time": 18.5,
                "place": "Salle des fêtes",
                "agenda": "<ol><li>Approbation des comptes</li></ol>",
                "company_id": cls.company.id,
            }
        )
        (cls.past | cls.next).action_load_voters()
        cls.bobs_meeting = Meeting.create(
            {
                "name": "AGE de Bob",
                "date": today + timedelta(days=60),
                "record_date": today,
                "company_id": cls.company.id,
                "attendance_ids": [Command.create({"partner_id": cls.bob.id})],
            }
        )
        Attachment = cls.env["ir.attachment"]
        cls.accounts = Attachment.create(
            {
                "name": "Comptes 2025.pdf",
                "raw": b"%PDF-1.4 comptes",
                "res_model": "heat.share.meeting",
                "res_id": cls.next.id,
            }
        )
        cls.past_report = Attachment.create(
            {
                "name": "Rapport 2024.pdf",
                "raw": b"%PDF-1.4 rapport",
                "res_model": "heat.share.meeting",
                "res_id": cls.past.id,
            }
        )
        cls.bobs_document = Attachment.create(
            {
                "name": "Projet de résolution de Bob.pdf",
                "raw": b"%PDF-1.4 bob",
                "res_model": "heat.share.meeting",
                "res_id": cls.bobs_meeting.id,
            }
        )
        # a file of something else: the member's own partner
        cls.stray = Attachment.create(
            {
                "name": "Pièce d'identité.pdf",
                "raw": b"%PDF-1.4 id",
                "res_model": "res.partner",
                "res_id": cls.alice.id,
            }
        )
        cls.next.document_ids = cls.accounts
        cls.past.document_ids = cls.past_report
        cls.bobs_meeting.document_ids = cls.bobs_document
        portal_user(cls.env, "alice", cls.alice, cls.company)
        portal_user(cls.env, "bob", cls.bob, cls.company)

    def test_the_member_sees_its_meetings_upcoming_first(self):
        self.assertEqual(self.past.attendance_ids.partner_id, self.alice)
        self.authenticate("alice", "alice-alice")
        page = self.url_open("/my/shares").text
        self.assertIn("Assemblées générales", page)
        self.assertLess(page.index("AG à venir"), page.index("AG 2025"))
        self.assertIn("Salle des fêtes", page)
        self.assertIn("Approbation des comptes", page)
        self.assertIn("18:30", page)
        self.assertIn(
            f"/my/shares/meeting/{self.next.id}/document/{self.accounts.id}", page
        )
        self.assertIn(
            f"/my/shares/meeting/{self.past.id}/document/{self.past_report.id}", page
        )
        self.assertIn(f"/my/shares/meeting/{self.next.id}/proxy", page)
        self.assertIn("Télécharger mon pouvoir", page)
        # a meeting held: no proxy any more, the member's attendance instead
        self.assertNotIn(f"/my/shares/meeting/{self.past.id}/proxy", page)
        self.assertIn("Votre participation : <span>Absent</span>", page)
        self.assertNotIn("AGE de Bob", page)
        self.assertNotIn(self.bobs_document.name, page)

    def test_no_meeting_section_for_a_member_never_convened(self):
        self.next.attendance_ids.filtered(lambda a: a.partner_id == self.bob).unlink()
        self.bobs_meeting.attendance_ids.unlink()
        self.authenticate("bob", "bob-bob")
        page = self.url_open("/my/shares").text
        self.assertNotIn("Assemblées générales", page)
        self.assertNotIn("AG à venir", page)

    def test_the_member_downloads_a_document_of_its_meeting(self):
        self.authenticate("alice", "alice-alice")
        response = self.url_open(
            f"/my/shares/meeting/{self.next.id}/document/{self.accounts.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF-1.4 comptes")
        self.assertIn("attachment", response.headers["Content-Disposition"])

    def test_no_proxy_form_once_the_meeting_is_in_session(self):
        self.next.state = "open"
        self.authenticate("alice", "alice-alice")
        page = self.url_open("/my/shares").text
        self.assertNotIn(f"/my/shares/meeting/{self.next.id}/proxy", page)
        response = self.url_open(f"/my/shares/meeting/{self.next.id}/proxy")
        self.assertEqual(response.status_code, 404)

    def test_the_member_downloads_its_proxy_form(self):
        self.authenticate("alice", "alice-alice")
        response = self.url_open(f"/my/shares/meeting/{self.next.id}/proxy")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("AG", response.headers["Content-Disposition"])
        # Odoo renders a report's HTML instead of its PDF while tests run (the PDF
        # itself is tested in heat_citizen_shares): the form is Alice's, for this
        # meeting
        self.assertIn(b"Alice Vidal", response.content)
        self.assertIn("AG à venir".encode(), response.content)
        self.assertNotIn(b"Bob Faure", response.content)

    def test_another_member_s_meeting_or_document_is_a_404(self):
        self.authenticate("alice", "alice-alice")
        for url in (
            # a meeting Alice is not convened to
            f"/my/shares/meeting/{self.bobs_meeting.id}/proxy",
            f"/my/shares/meeting/{self.bobs_meeting.id}/document/"
            f"{self.bobs_document.id}",
            # a document of another meeting, through Alice's meeting
            f"/my/shares/meeting/{self.next.id}/document/{self.bobs_document.id}",
            f"/my/shares/meeting/{self.next.id}/document/{self.past_report.id}",
            # an attachment of something else
            f"/my/shares/meeting/{self.next.id}/document/{self.stray.id}",
            # a meeting already held
            f"/my/shares/meeting/{self.past.id}/proxy",
            # no such meeting, no such attachment
            f"/my/shares/meeting/{self.next.id + 1000}/proxy",
            f"/my/shares/meeting/{self.next.id}/document/{self.stray.id + 1000}",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)

    def test_an_anonymous_visitor_is_sent_to_the_login(self):
        for url in (
            f"/my/shares/meeting/{self.next.id}/proxy",
            f"/my/shares/meeting/{self.next.id}/document/{self.accounts.id}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertIn("/web/login", response.url)
                self.assertNotIn(b"%PDF", response.content)
                self.assertNotIn(b"AG \xc3\xa0 venir", response.content)
