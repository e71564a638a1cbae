"""Daily jobs of the annual cycle: yearly reports opened and flagged overdue, the history rules applied
to late and missing reports, and certified records expired at the end of their validity.

Every job can run again the same day without doing anything twice: a report's name is its record and
year, a proposal's key is its record, action and source, and an expired record is no longer Active.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from policy_app.annual_duties.doctype.annual_report.annual_report import report_name
from policy_app.annual_duties.records import on_date, report_deadlines
from policy_app.annual_duties.title_actions import propose
from policy_app.engine import duties
from policy_app.engine.errors import PolicyError
from policy_app.engine.scoring import history_actions
from policy_app.policy_setup.families import certified_doctypes
from policy_app.policy_setup.schemes import get_scheme


def unfiled_states() -> list:
	"""The states of a report still with the organisation (填报中 in the Workflow form)."""
	from policy_app.controllers.stages import states_in
	from policy_app.engine import stages

	return states_in("Annual Report", stages.PREPARING)


def _schemes_with_deadline(event: str) -> dict:
	"""scheme code -> (scheme, calendar, deadlines) for schemes with fixed-date deadlines for `event`
	(for the yearly report: one per report kind)."""
	out = {}
	for code in frappe.get_all("Policy Scheme", pluck="name"):
		try:
			scheme, cal, deadlines = report_deadlines(code, event)
		except (PolicyError, frappe.ValidationError):
			frappe.log_error(title=f"Annual reports: scheme {code} has an unusable {event} deadline")
			continue
		if deadlines:
			out[code] = (scheme, cal, deadlines)
	return out


def _active_records(schemes) -> list[tuple[str, frappe._dict]]:
	rows = []
	for doctype in certified_doctypes():
		for r in frappe.get_all(
			doctype,
			filters={"status": "Active", "scheme": ["in", sorted(schemes) or [""]]},
			fields=["name", "scheme", "certified_on"],
			order_by="name",
		):
			rows.append((doctype, r))
	return rows


def ensure_report(doctype: str, record: str, year: int, kind: str | None = None) -> str:
	name = report_name(record, year, kind)
	if not frappe.db.exists("Annual Report", name):
		# a parallel run of the daily job may open the same report between the check and the insert:
		# the report exists either way, which is all this needs
		frappe.db.savepoint("ensure_report")
		try:
			frappe.get_doc(
				{
					"doctype": "Annual Report",
					"record_doctype": doctype,
					"record_name": record,
					"year": year,
					"report_kind": kind,
				}
			).insert(ignore_permissions=True)
		except frappe.DuplicateEntryError:
			frappe.db.rollback(save_point="ensure_report")
			frappe.clear_messages()
	return name


def flag_overdue_reports(today=None) -> dict:
	"""Daily: every active certified record whose scheme has an annual report deadline gets its
	report of each kind for the year falling due (and the one that fell due last; ZJ §15: only once
	certified the scheme's `annual_report_after_months`), reports past their due date
	without a filing are flagged overdue, and runs of late reports go through the history rules
	(QD §15: two years running ⇒ revocation proposed); a missing report past the scheme's make-up
	deadline, if it sets one, counts as not filed (ZJ §22.1)."""
	today = getdate(today) if today else on_date()
	schemes = _schemes_with_deadline(duties.REPORT_EVENT)
	created, flagged, proposals = [], [], []
	for doctype, rec in _active_records(schemes):
		scheme, cal, deadlines = schemes[rec.scheme]
		for deadline in deadlines:
			years = duties.report_years(
				cal, deadline, getdate(rec.certified_on), today, duties.after_months(scheme)
			)
			for year in years:
				name = report_name(rec.name, year, deadline.code)
				if not frappe.db.exists("Annual Report", name):
					ensure_report(doctype, rec.name, year, deadline.code)
					created.append(name)
				if _refresh(name, today):
					flagged.append(name)
				proposals += _late_history(scheme, doctype, rec.name, name, year, deadline.code)
	makeup = _schemes_with_deadline(duties.MAKEUP_EVENT)
	for code, (_scheme, cal, deadlines) in makeup.items():
		for year in _years_past(cal, deadlines[0], today):
			proposals += apply_missing_reports(code, year)
	return {"created": created, "flagged": flagged, "proposals": sorted(set(proposals))}


def remind_due_reports(today=None) -> list[str]:
	"""Daily: the organisation's users hear, once per report, that a report still with them falls due
	within its scheme's reminder days (working days, `duties.reminder_days`)."""
	from policy_app.approvals.deadlines import notify_once
	from policy_app.cooperation_platform.common import org_users

	today = getdate(today) if today else on_date()
	unfiled = set(unfiled_states())
	reports = frappe.get_all(
		"Annual Report",
		filters={"due_date": (">=", today), "submitted_on": ("is", "not set")},
		fields=["name", "scheme", "organization", "due_date", "year", "report_kind_label", "workflow_state"],
	)
	rules, reminded = {}, []
	for r in reports:
		if r.workflow_state and r.workflow_state not in unfiled:
			continue
		if r.scheme not in rules:
			scheme, cal, _deadlines = report_deadlines(r.scheme)
			rules[r.scheme] = (cal, duties.reminder_days(scheme))
		cal, days = rules[r.scheme]
		try:
			if not duties.reminder_due(cal, getdate(r.due_date), today, days):
				continue
			left = cal.working_days_between(today, getdate(r.due_date))
		except PolicyError as e:  # a year the holiday calendar does not cover: say so, remind the rest
			frappe.log_error(title=_("Reminder for {0} could not be computed").format(r.name), message=str(e))
			continue
		subject = _("{0} of {1} is due on {2}: {3} working days left").format(
			r.report_kind_label or _("Annual Report"), r.year, r.due_date, left
		)
		key = f"Annual Report|{r.name}|{r.due_date}|Reminder"
		users = org_users(r.organization)
		if not notify_once(key, "Annual Report", r.name, r.workflow_state, today, r.due_date, users, subject):
			continue
		reminded.append(r.name)
	return reminded


def _years_past(cal, deadline, today) -> list[int]:
	"""Report years whose make-up deadline has passed: the last one only (earlier ones were done)."""
	year = duties.current_year(cal, deadline, today) - 1
	return [year]


def _refresh(name: str, today) -> bool:
	"""Set a report's lateness and status from today's date; True when it became overdue now."""
	r = frappe.db.get_value(
		"Annual Report",
		name,
		["due_date", "submitted_on", "workflow_state", "status", "is_late"],
		as_dict=True,
	)
	if not r or not r.due_date:
		# not in this run's snapshot: a parallel run opened it and refreshes it itself
		return False
	late = duties.is_late(getdate(r.due_date), getdate(r.submitted_on) if r.submitted_on else None, today)
	status = r.status
	unfiled = not r.workflow_state or r.workflow_state in unfiled_states()
	if unfiled and status not in ("Missing",) and late:
		status = "Overdue"
	if int(late) != int(r.is_late or 0) or status != r.status:
		frappe.db.set_value("Annual Report", name, {"is_late": int(late), "status": status})
		return status == "Overdue" and r.status != "Overdue"
	return False


def _flags(record: str, field: str, kind: str | None) -> dict[int, bool]:
	"""Report year -> late (field "is_late") or missing (field "missing") for one record's reports of
	one kind (a run of late work plans is not broken by a summary filed on time)."""
	rows = frappe.get_all(
		"Annual Report",
		filters={"record_name": record, "report_kind": kind or ""},
		fields=["year", "is_late", "status"],
	)
	if field == "missing":
		return duties.late_years((r.year, r.status == "Missing") for r in rows)
	return duties.late_years((r.year, r.is_late) for r in rows)


def _late_history(scheme, doctype, record, report, year, kind) -> list[str]:
	flags = _flags(record, "is_late", kind)
	if not flags.get(year):
		return []
	return _propose_all(
		scheme, "report_late", duties.run_ending(flags, year), doctype, record, "Annual Report", report
	)


def _propose_all(scheme, event, run, doctype, record, source_doctype, source_name) -> list[str]:
	names = []
	for change in history_actions(scheme, event, run):
		names.append(
			propose(
				doctype, record, change.action, change.reason_zh, change.article, source_doctype, source_name
			)
		)
	return names


def apply_missing_reports(scheme_code: str, year: int) -> list[str]:
	"""The report on `year` not filed when the evaluation ends counts as missing (ZJ §22.1: not filed
	and not made up during the evaluation ⇒ revocation proposed). The evaluation round calls this
	when it closes; the daily job calls it after the scheme's `report_missing` deadline, if set.
	Returns the proposals; calling it again proposes nothing new."""
	scheme = get_scheme(scheme_code)
	proposals = []
	for r in frappe.get_all(
		"Annual Report",
		filters={"scheme": scheme_code, "year": int(year), "workflow_state": ["in", unfiled_states()]},
		fields=["name", "record_doctype", "record_name", "status", "report_kind"],
		order_by="name",
	):
		if frappe.db.get_value(r.record_doctype, r.record_name, "status") != "Active":
			continue
		if r.status != "Missing":
			frappe.db.set_value("Annual Report", r.name, {"status": "Missing", "is_late": 1})
		flags = _flags(r.record_name, "missing", r.report_kind)
		proposals += _propose_all(
			scheme,
			"report_missing",
			duties.run_ending(flags, int(year)),
			r.record_doctype,
			r.record_name,
			"Annual Report",
			r.name,
		)
	return proposals


# ---- validity


def expire_certified_records(today=None) -> list[str]:
	"""Daily: Active records whose validity has ended become Expired (ended on their last valid day)."""
	today = getdate(today) if today else on_date()
	expired = []
	for doctype in certified_doctypes():
		for name in frappe.get_all(
			doctype,
			filters={"status": "Active", "valid_until": ["<", today]},
			pluck="name",
			order_by="name",
		):
			record = frappe.get_doc(doctype, name)
			record.status = "Expired"
			record.ended_on = record.valid_until
			record.end_reason = _("Validity ended on {0}").format(record.valid_until)
			record.save(ignore_permissions=True)
			expired.append(name)
	return expired


def link_renewal(doc, method=None):
	"""A new certification of an organisation in a scheme and type where it held an expired record, or
	an active one with a validity (so it is expiring: one cannot hold the same title twice), renews
	it: an active earlier record ends the day before, and both records say so."""
	earlier = [
		r
		for r in frappe.get_all(
			doc.doctype,
			filters={
				"organization": doc.organization,
				"scheme": doc.scheme,
				"name": ["!=", doc.name],
				"status": ["in", ["Active", "Expired"]],
				"certified_on": ["<=", doc.certified_on],
			},
			fields=["name", "status", "valid_until", "base_type"],
			order_by="certified_on desc, name desc",
		)
		if (r.base_type or "") == (doc.base_type or "") and (r.status == "Expired" or r.valid_until)
	]
	if not earlier:
		return None
	prev = frappe.get_doc(doc.doctype, earlier[0].name)
	if prev.status == "Active":
		prev.status = "Expired"
		prev.ended_on = min(getdate(add_days(doc.certified_on, -1)), getdate(prev.valid_until))
	prev.end_reason = _("Renewed by certification {0}").format(doc.name)
	prev.save(ignore_permissions=True)
	if doc.meta.has_field("renews"):
		doc.db_set("renews", prev.name, update_modified=False)
	doc.add_comment("Info", _("Renews certification {0}").format(prev.name))
	return prev.name
