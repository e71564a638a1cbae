"""A certified record's yearly report (XX-BASE §13, ZJ §15, CQ §13, QD §7.3, XX-SVC §9): the plan and
summary of the year with evidence, due on the date the scheme's `annual_report` deadline gives, filed
by the organisation, confirmed by its recommending department and accepted by the bureau."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, strip_html

from policy_app.annual_duties.records import check_record_access, on_date, record_values, report_due_date
from policy_app.controllers.approval import ApprovalMixin, assign_next_actors
from policy_app.engine import duties

#: states in which the report is with the organisation, not filed
OPEN_STATES = {"Draft", "Returned", None, ""}


class AnnualReport(ApprovalMixin, Document):
	def autoname(self):
		self.name = report_name(self.record_name, self.year)

	def validate(self):
		self.guard_workflow()
		self.fill_from_record()
		self.due_date = report_due_date(self.scheme, self.year)
		if self.state_changed() and self.previous_state() in OPEN_STATES and self.filed():
			self.on_filing()
		self.refresh_status()
		self.log_transition()

	def on_update(self):
		if self.state_changed():
			assign_next_actors(self)
			self.notify_organisation()

	def notify_organisation(self):
		"""The organisation's users hear when their report comes back."""
		if self.workflow_state != "Returned":
			return
		from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

		users = [
			u
			for u in frappe.get_all(
				"User Permission",
				filters={"allow": "Applicant Organization", "for_value": self.organization},
				pluck="user",
			)
			if u != frappe.session.user
		]
		if not users:
			return
		last = self.approval_log[-1] if self.approval_log else None
		make_notification_logs(
			{
				"type": "Alert",
				"document_type": self.doctype,
				"document_name": self.name,
				"subject": _("{0} {1}: {2}").format(_(self.doctype), self.name, _(self.workflow_state))
				+ (f" — {last.remarks}" if last and last.remarks else ""),
				"from_user": frappe.session.user,
			},
			sorted(set(users)),
		)

	# ---- what the report is on
	def fill_from_record(self):
		record = record_values(self.record_doctype, self.record_name)
		check_record_access(self)
		if not self.year or int(self.year) < getdate(record.certified_on).year:
			frappe.throw(
				_("The report year must be the year of certification ({0}) or later").format(
					getdate(record.certified_on).year
				),
				title=_("Invalid report year"),
			)
		if self.is_new() and frappe.db.exists("Annual Report", report_name(self.record_name, self.year)):
			frappe.throw(
				_("{0} already has an annual report for {1}").format(self.record_name, self.year),
				frappe.DuplicateEntryError,
			)
		if not self.is_new():
			before = self.get_doc_before_save()
			if before and (before.record_name, int(before.year)) != (self.record_name, int(self.year)):
				frappe.throw(_("The record and year of an annual report cannot change"))
		org = frappe.db.get_value(
			"Applicant Organization",
			record.organization,
			["organization_name", "recommending_district"],
			as_dict=True,
		)
		self.organization = record.organization
		self.organization_name = org.organization_name
		self.recommending_district = org.recommending_district
		self.scheme = record.scheme

	# ---- filing
	def filed(self) -> bool:
		return self.workflow_state not in OPEN_STATES

	def on_filing(self):
		missing = [
			_(self.meta.get_label(f))
			for f in ("summary", "plan")
			if not strip_html(self.get(f) or "").strip()
		]
		if missing:
			frappe.throw(
				_("Fill in before submitting: {0}").format("、".join(missing)), title=_("Report incomplete")
			)
		if not self.submitted_on:
			self.submitted_on = on_date()

	def refresh_status(self):
		today = on_date()
		due = getdate(self.due_date) if self.due_date else None
		submitted = getdate(self.submitted_on) if self.submitted_on else None
		self.is_late = int(bool(due) and duties.is_late(due, submitted, today))
		if self.workflow_state == "Accepted":
			self.status = "Accepted"
		elif self.filed():
			self.status = "Submitted"
		elif self.status == "Missing":
			pass  # flagged by the evaluation: stays until filed
		elif due and today > due:
			self.status = "Overdue"
		else:
			self.status = "Open"


def report_name(record_name: str, year) -> str:
	return f"AR-{record_name}-{int(year)}"
