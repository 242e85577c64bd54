# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import HeatSharesCommon, pdf_text


@tagged("post_install", "-at_install")
class TestHeatShareWelcome(HeatSharesCommon):
    """The member whose shares are issued is welcomed by e-mail, with the share
    certificate, in the subscription's chatter."""

    def _issue(self, partner, quantity=5, **context):
        subscription = self._subscription(partner=partner, quantity=quantity)
        subscription.action_approve()
        subscription.action_call()
        self._pay(subscription)
        subscription.with_context(**context).action_issue()
        return subscription

    def _comments(self, subscription):
        return subscription.message_ids.filtered(
            lambda message: message.message_type == "comment"
        )

    def test_welcome_mail_with_the_certificate(self):
        self.alice.write({"email": "alice.vidal@example.com", "lang": "en_US"})
        # the mail stays queued (the test mail server would send and delete it)
        subscription = self._issue(
            self.alice, force_report_rendering=True, mail_notify_force_send=False
        )
        number = subscription.certificate_number
        self.assertTrue(number)
        message = self._comments(subscription)
        self.assertEqual(len(message), 1)
        self.assertEqual(
            message.subject,
            f"SCIC Chaleur Test - welcome: your 5 Ordinary shares, certificate "
            f"{number}",
        )
        self.assertIn("Welcome among the members of", message.body)
        self.assertIn(number, message.body)
        self.assertEqual(message.partner_ids, self.alice)
        # the certificate, a real PDF, kept on the subscription
        attachment = message.attachment_ids
        self.assertEqual(attachment.name, f"Certificate {number}.pdf")
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertEqual(
            (attachment.res_model, attachment.res_id),
            ("heat.share.subscription", subscription.id),
        )
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        self.assertIn(number, pdf_text(attachment.raw))
        # the e-mail to the member, with the certificate, in the mail queue
        mail = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.alice)
        self.assertEqual(mail.attachment_ids, attachment)
        notification = message.notification_ids.filtered(
            lambda n: n.res_partner_id == self.alice
        )
        self.assertEqual(notification.notification_type, "email")
        self.assertIn(number, mail.body_html)

    def test_welcome_in_the_member_s_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.alice.write({"email": "alice.vidal@example.com", "lang": "fr_FR"})
        subscription = self._issue(self.alice)
        template = self.env.ref("heat_citizen_shares.mail_template_heat_share_welcome")
        self.assertEqual(
            template._render_lang(subscription.ids), {subscription.id: "fr_FR"}
        )
        message = self._comments(subscription)
        self.assertEqual(len(message), 1)
        self.assertTrue(
            message.subject.startswith("SCIC Chaleur Test - bienvenue : vos 5 parts"),
            message.subject,
        )

    def test_no_mail_without_e_mail_address(self):
        self.assertFalse(self.bob.email)
        subscription = self._issue(self.bob, quantity=2, mail_notify_force_send=False)
        self.assertEqual(subscription.state, "issued")
        self.assertFalse(self._comments(subscription))
        note = subscription.message_ids.filtered(
            lambda message: "has no e-mail address" in (message.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn(subscription.certificate_number, note.body)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    ("res_partner_id", "=", self.bob.id),
                    ("notification_type", "=", "email"),
                ]
            )
        )
