"""The certified records the annual duties attach to, and the dates and scheme rules read for them."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from policy_app.engine import duties
from policy_app.engine.errors import PolicyError
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error, work_calendar
from policy_app.recognition.certification import CERTIFIED_DOCTYPE

#: the DocTypes of certified records (cooperation bases, service institutions, incubation carriers)
CERTIFIED_DOCTYPES = tuple(CERTIFIED_DOCTYPE.values())


def check_record_doctype(doctype: str):
	if doctype not in CERTIFIED_DOCTYPES:
		frappe.throw(
			_("A certified record must be one of: {0}").format("、".join(_(d) for d in CERTIFIED_DOCTYPES)),
			title=_("Invalid certified record"),
		)


def check_record_access(doc):
	"""A user creating a report or a proposal must be able to read the certified record it is on
	(its organisation and district are taken from the record, not from what the user typed)."""
	if doc.is_new() and not doc.flags.ignore_permissions:
		if not frappe.has_permission(doc.record_doctype, "read", doc.record_name):
			frappe.throw(
				_("You cannot act on {0} {1}").format(_(doc.record_doctype), doc.record_name),
				frappe.PermissionError,
			)


def record_values(doctype: str, name: str) -> frappe._dict:
	check_record_doctype(doctype)
	values = frappe.db.get_value(
		doctype,
		name,
		["name", "organization", "scheme", "status", "certified_on", "valid_until"],
		as_dict=True,
	)
	if not values:
		frappe.throw(_("{0} {1} does not exist").format(_(doctype), name), frappe.DoesNotExistError)
	return values


def report_deadline(scheme_code: str):
	"""(scheme, calendar, deadline) of the scheme's annual report; deadline None when it sets none."""
	scheme = get_scheme(scheme_code)
	try:
		deadline = duties.report_deadline(scheme)
	except PolicyError as e:
		throw_policy_error(e, _("Invalid annual report deadline"))
	return scheme, work_calendar(scheme.holiday_calendar), deadline


def report_due_date(scheme_code: str, year: int):
	scheme, cal, deadline = report_deadline(scheme_code)
	if not deadline:
		return None
	try:
		return duties.due_date(cal, deadline, int(year))
	except PolicyError as e:
		throw_policy_error(e, _("Invalid annual report deadline"))


def on_date():
	return getdate(today())
