"""The one public-notice service: recognition results (XX-BASE §9.4, CQ §11(四), QD §13(三), XX-SVC §7),
evaluation results (QD §14) and open-competition projects to be set up (XX-JBGS §11) all go on notice as a
`Public Notice` record — the one the website lists at /policy/notices and objections are lodged against —
and all ask the same two questions of it before their next step: has its window of working days run
out, and is any objection to the listed records still open.

The window itself (working days, end date on the scheme's calendar) is computed by the Public Notice
controller when the record is saved, from the scheme's notice periods."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today


def publish(scheme: str, stage: str, title: str, rows: list[dict], moving=None):
	"""Put these records on public notice today under the scheme's period for `stage`; each row is
	{reference_doctype, reference_name, outcome}. `moving` is a record being moved into its notice
	stage by its own workflow action: the notice lists it but leaves its move to that action."""
	notice = frappe.get_doc(
		{
			"doctype": "Public Notice",
			"title": title,
			"scheme": scheme,
			"stage": stage,
			"published_on": today(),
			"items": rows,
		}
	)
	if moving is not None:
		notice.flags.moving = {(moving.doctype, moving.name)}
	notice.insert(ignore_permissions=True)
	notice.submit()
	return notice


def ends_on(notice: str | None):
	return getdate(frappe.db.get_value("Public Notice", notice, "ends_on")) if notice else None


def has_ended(notice: str | None) -> bool:
	"""Whether the notice is published and its last working day is past."""
	if not notice or frappe.db.get_value("Public Notice", notice, "docstatus") != 1:
		return False
	end = ends_on(notice)
	return bool(end) and getdate(today()) > end


def open_objections(doctype: str, names: list[str]) -> list[str]:
	"""The objections to these records nobody has answered yet."""
	if not names:
		return []
	return frappe.get_all(
		"Objection",
		filters={"reference_doctype": doctype, "reference_name": ["in", names], "status": "Open"},
		pluck="name",
	)


def is_over(notice: str | None, doctype: str, names: list[str]) -> bool:
	return has_ended(notice) and not open_objections(doctype, names)


def check_over(notice: str | None, doctype: str, names: list[str], running: str):
	"""Refuse the step that follows the notice while it runs (`running` says so, with {0} for the end
	date) or while an objection to one of the records is open."""
	if not has_ended(notice):
		frappe.throw(running.format(ends_on(notice) or "—"), title=_("Notice still running"))
	if open_objections(doctype, names):
		frappe.throw(_("Open objections must be answered first"), title=_("Objection open"))
