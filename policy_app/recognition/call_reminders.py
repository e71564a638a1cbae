"""A call closing soon while an organisation's application under it is still with the organisation
(#17 item 3, a deadline approaching): its users hear once, in the portal's notifications and by email,
within the scheme's reminder days (working days on the scheme's holiday calendar, the same parameter as
the annual reports' reminders)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from policy_app.engine import duties
from policy_app.engine import stages as S
from policy_app.engine.errors import PolicyError


def remind_closing_calls(today=None) -> list[str]:
	"""Daily: the applications reminded today (a parallel run sends nothing twice)."""
	from policy_app.annual_duties.records import on_date
	from policy_app.approvals.deadlines import notify_once
	from policy_app.controllers.stages import states_in
	from policy_app.cooperation_platform.common import org_users
	from policy_app.policy_setup import families
	from policy_app.policy_setup.schemes import get_scheme, work_calendar
	from policy_app.portal.forms import call_field

	today = getdate(today) if today else on_date()
	calls = frappe.get_all(
		"Call for Applications",
		filters={"closes_on": (">=", today), "opens_on": ("<=", today)},
		fields=["name", "title", "scheme", "closes_on"],
	)
	reminded = []
	for call in calls:
		try:
			scheme = get_scheme(call.scheme)
			cal = work_calendar(scheme.holiday_calendar)
			closes = getdate(call.closes_on)
			if not duties.reminder_due(cal, closes, today, duties.reminder_days(scheme)):
				continue
			left = cal.working_days_between(today, closes)
		except PolicyError as e:  # a year the holiday calendar does not cover: say so, remind the rest
			frappe.log_error(
				title=_("Reminder for {0} could not be computed").format(call.name), message=str(e)
			)
			continue
		family = frappe.db.get_value("Policy Scheme", call.scheme, "family")
		for doctype in families.application_doctypes(family) if family else ():
			field = call_field(frappe.get_meta(doctype))
			preparing = states_in(doctype, S.PREPARING)
			if not field or not preparing:
				continue
			for app in frappe.get_all(
				doctype,
				filters={field: call.name, "workflow_state": ("in", preparing)},
				fields=["name", "organization", "owner", "workflow_state"],
			):
				users = sorted({app.owner, *org_users(app.organization)} - {"Administrator", "Guest"})
				subject = _(
					"{0} closes on {1} ({2} working days left): your application {3} is not submitted yet"
				).format(call.title, call.closes_on, left, app.name)
				key = f"{doctype}|{app.name}|{call.closes_on}|Call closing"
				if notify_once(key, doctype, app.name, app.workflow_state, today, closes, users, subject):
					reminded.append(app.name)
	return reminded
