"""Next year's holiday calendar, before it is needed.

Working days are counted only over years a Holiday Calendar covers (the State Council publishes each
year's arrangement in the autumn before). From 1 November, a day without next year's calendar for a
region the schemes use sends the policy administrators one reminder, so that notices and deadlines that
reach into January do not stop on "缺少 … 年" in front of an officer.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from policy_app.engine.calendar import DEFAULT_REGION

#: the month from which next year's calendar is expected
WATCH_FROM_MONTH = 11


def missing_next_year(on=None) -> tuple[int, list[str]]:
	on = getdate(on or today())
	year = on.year + 1
	regions = {r or DEFAULT_REGION for r in frappe.get_all("Policy Scheme", pluck="holiday_calendar")} or {
		DEFAULT_REGION
	}
	return year, sorted(
		r for r in regions if not frappe.db.exists("Holiday Calendar", {"region": r, "year": year})
	)


def warn_missing_next_year(on=None) -> list[str]:
	"""Daily: remind every policy administrator once a year; returns who was reminded this time."""
	on = getdate(on or today())
	if on.month < WATCH_FROM_MONTH:
		return []
	year, missing = missing_next_year(on)
	if not missing:
		return []
	subject = _("Add the {0} holiday calendar ({1}): working days in {0} cannot be counted yet").format(
		year, "、".join(missing)
	)
	admins = frappe.get_all(
		"Has Role",
		filters={"role": "Policy Administrator", "parenttype": "User"},
		pluck="parent",
		distinct=True,
	)
	told = []
	for user in admins:
		if not frappe.db.get_value("User", user, "enabled"):
			continue
		if frappe.db.exists("Notification Log", {"for_user": user, "subject": subject}):
			continue
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"subject": subject,
				"document_type": "Holiday Calendar",
				"from_user": "Administrator",
			}
		).insert(ignore_permissions=True)
		told.append(user)
	return told
