"""The certified records the annual duties attach to, and the dates and scheme rules read for them."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from policy_app.engine import duties
from policy_app.engine.errors import PolicyError
from policy_app.policy_setup.families import certified_doctypes
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error, user_lang, work_calendar


def check_record_doctype(doctype: str):
	if doctype not in certified_doctypes():
		frappe.throw(
			_("A certified record must be one of: {0}").format("、".join(_(d) for d in certified_doctypes())),
			title=_("Invalid certified record"),
		)


def check_record_access(doc, record_field: str = "record_name"):
	"""A user creating a report, a proposal or an event must be able to read the certified record it is
	on (its organisation and district are taken from the record, not from what the user typed)."""
	name = doc.get(record_field)
	if doc.is_new() and not doc.flags.ignore_permissions:
		if not frappe.has_permission(doc.record_doctype, "read", name):
			frappe.throw(
				_("You cannot act on {0} {1}").format(_(doc.record_doctype), name),
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


def report_deadlines(scheme_code: str, event: str = duties.REPORT_EVENT):
	"""(scheme, calendar, deadlines) of the scheme's yearly reports: one deadline per report kind,
	none when the scheme sets no date."""
	scheme = get_scheme(scheme_code)
	try:
		deadlines = duties.report_deadlines(scheme, event)
	except PolicyError as e:
		throw_policy_error(e, _("Invalid annual report deadline"))
	return scheme, work_calendar(scheme.holiday_calendar), deadlines


def report_deadline(scheme_code: str, kind: str | None = None):
	"""(scheme, calendar, deadline) of one report kind of the scheme (its only one when `kind` is not
	given); deadline None when the scheme sets none. A kind the scheme does not have is refused."""
	scheme, cal, deadlines = report_deadlines(scheme_code)
	if not deadlines:
		return scheme, cal, None
	if not kind:
		if len(deadlines) > 1:
			frappe.throw(
				_("{0} asks for several yearly reports; choose the report kind: {1}").format(
					scheme_code, "、".join(f"{d.code}（{d.label(user_lang())}）" for d in deadlines)
				),
				title=_("Report kind needed"),
			)
		return scheme, cal, deadlines[0]
	found = [d for d in deadlines if d.code == kind]
	if not found:
		frappe.throw(
			_("{0} has no yearly report of kind {1}; its kinds are: {2}").format(
				scheme_code, kind, "、".join(d.code for d in deadlines)
			),
			title=_("Invalid report kind"),
		)
	return scheme, cal, found[0]


def report_due_date(cal, deadline, year: int):
	try:
		return duties.due_date(cal, deadline, int(year))
	except PolicyError as e:
		throw_policy_error(e, _("Invalid annual report deadline"))


def on_date():
	return getdate(today())
