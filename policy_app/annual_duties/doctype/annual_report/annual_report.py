"""A certified record's yearly report (XX-BASE §13, ZJ §15, CQ §13, QD §7.3, XX-SVC §9, XX-INC §9): the
parts the scheme's `annual_report` deadline asks for (summary and plan unless it says otherwise), due on
the date it gives, filed by the organisation, confirmed by its recommending department and accepted by
the bureau. A scheme with several such deadlines asks for several reports a year, one per kind (XX-BASE
§13: the year's work plan and target tasks, and the work summary)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, strip_html

from policy_app.annual_duties.records import (
	check_record_access,
	on_date,
	record_values,
	report_deadline,
	report_due_date,
)
from policy_app.controllers.approval import ApprovalMixin
from policy_app.engine import duties, stages
from policy_app.engine.models import DEFAULT_REPORT_PARTS
from policy_app.engine.stage_steps import Step, other_than


class AnnualReport(ApprovalMixin, Document):
	def autoname(self):
		self.name = report_name(self.record_name, self.year, self.report_kind)

	STAGE_STEPS = (
		Step("on_filing", leaving=stages.PREPARING, entering=other_than(stages.PREPARING)),
		Step("notify_organisation", entering=stages.PREPARING, after_save=True),
	)

	def validate_record(self):
		self.fill_from_record()
		self.fill_kind()
		self.refresh_status()

	def notify_organisation(self):
		"""The organisation's users hear when their report comes back (enters 填报中 again)."""
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
				"subject": _("{0} {1}: {2}").format(
					_(self.doctype), self.name, _(self.workflow_state, context=self.doctype)
				)
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
		if not self.is_new():
			before = self.get_doc_before_save()
			if before and (before.record_name, int(before.year), before.report_kind or "") != (
				self.record_name,
				int(self.year),
				self.report_kind or "",
			):
				frappe.throw(_("The record, year and kind of an annual report cannot change"))
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

	def fill_kind(self):
		"""The report's kind is one of the scheme's yearly report deadlines (its only one by default);
		the due date and the parts to fill in come from it."""
		_scheme, cal, deadline = report_deadline(self.scheme, self.report_kind)
		self._deadline = deadline
		if deadline:
			self.report_kind = deadline.code
			# stored, so in the site's language, not in that of whoever saved last
			self.report_kind_label = deadline.label(frappe.get_system_settings("language") or "en")
			self.due_date = report_due_date(cal, deadline, self.year)
		else:
			self.due_date = None
		name = report_name(self.record_name, self.year, self.report_kind)
		if self.is_new() and frappe.db.exists("Annual Report", name):
			frappe.throw(
				_("{0} already has an annual report for {1}").format(self.record_name, self.year)
				+ (f" ({self.report_kind_label})" if self.report_kind_label else ""),
				frappe.DuplicateEntryError,
			)

	def parts(self) -> tuple[str, ...]:
		deadline = getattr(self, "_deadline", None)
		return duties.report_parts(deadline) if deadline else DEFAULT_REPORT_PARTS

	# ---- filing
	def filed(self) -> bool:
		return not self.with_submitter()

	def on_filing(self):
		missing = [_(self.meta.get_label(f)) for f in self.parts() if not self.part_filled(f)]
		if missing:
			frappe.throw(
				_("Fill in before submitting: {0}").format("、".join(missing)), title=_("Report incomplete")
			)
		if not self.submitted_on:
			self.submitted_on = on_date()
		self.refresh_status()

	def refresh_status(self):
		today = on_date()
		due = getdate(self.due_date) if self.due_date else None
		submitted = getdate(self.submitted_on) if self.submitted_on else None
		self.is_late = int(bool(due) and duties.is_late(due, submitted, today))
		if self.stage() == stages.CONCLUDED:
			self.status = "Accepted"
		elif self.filed():
			self.status = "Submitted"
		elif self.status == "Missing":
			pass  # flagged by the evaluation: stays until filed
		elif due and today > due:
			self.status = "Overdue"
		else:
			self.status = "Open"

	def part_filled(self, part: str) -> bool:
		if part == "evidence":
			return any(r.attachment for r in self.evidence)
		return bool(strip_html(self.get(part) or "").strip())


def report_name(record_name: str, year, kind: str | None = None) -> str:
	"""AR-<record>-<year>, and -<kind> for a report kind other than the scheme's main one (the deadline
	coded `annual_report`)."""
	suffix = f"-{kind}" if kind and kind != duties.REPORT_EVENT else ""
	return f"AR-{record_name}-{int(year)}{suffix}"
