# Copyright 2026 La Boite Commune
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import content_disposition, request
from odoo.tools.safe_eval import safe_eval


def pdf_download(report, records, filename=None):
    """The PDF of ``report`` for ``records`` as a file to download, for the online
    spaces' documents once the caller has checked that they are the user's own.

    Rendered as the system (a portal user cannot read a report action) with the
    records' context (a report may read options there) and in their company, so
    that the header is the operator's; named ``filename``, else as the back
    office's Print menu names it."""
    Report = request.env["ir.actions.report"].sudo().with_context(records.env.context)
    if "company_id" in records._fields and len(records.company_id) == 1:
        Report = Report.with_company(records.company_id)
    pdf, _type = Report._render_qweb_pdf(report, res_ids=records.ids)
    if not filename:
        action = Report._get_report(report)
        filename = f"{safe_eval(action.print_report_name, {'object': records})}.pdf"
    return request.make_response(
        pdf,
        headers=[
            ("Content-Type", "application/pdf"),
            ("Content-Length", len(pdf)),
            ("Content-Disposition", content_disposition(filename)),
        ],
    )
