"""A proposal to revoke a certified record's title, order a rectification or issue a warning, which
the bureau confirms or dismisses. Confirming a revocation ends the record; for fraud it also writes a
`Sanction` that bars new applications for the scheme's ban period."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from policy_app.annual_duties.records import check_record_access, check_record_doctype, on_date, record_values
from policy_app.annual_duties.title_actions import carry_out, dedupe_key
from policy_app.controllers.approval import ApprovalMixin
from policy_app.engine import stages
from policy_app.engine.stage_steps import Step

#: the record's own status (not a workflow state) by the stage its workflow state is in
STATUS_BY_STAGE = {stages.CONCLUDED: "Confirmed", stages.CLOSED: "Dismissed"}
DECIDED = set(STATUS_BY_STAGE.values())


class TitleAction(ApprovalMixin, Document):
	STAGE_STEPS = (
		Step("on_decision", entering=stages.ENDED),
		Step("carry_out", entering=stages.CONCLUDED, after_save=True),
	)

	def validate_record(self):
		if not self.is_new():
			before = self.get_doc_before_save()
			if before and before.status in DECIDED:
				frappe.throw(_("A decided title action cannot change"), frappe.PermissionError)
		self.fill_from_record()
		if self.fraud and self.action != "Revoke":
			frappe.throw(_("Only a revocation can be for fraud"), title=_("Invalid title action"))
		if self.source_name and not self.source_doctype:
			frappe.throw(_("Name the type of the source"))
		self.dedupe_key = dedupe_key(
			self.record_doctype, self.record_name, self.action, self.source_doctype, self.source_name
		)
		self.set_status()

	def set_status(self):
		self.status = STATUS_BY_STAGE.get(self.stage(), "Proposed")

	def carry_out(self):
		carry_out(self)

	def fill_from_record(self):
		check_record_doctype(self.record_doctype)
		record = record_values(self.record_doctype, self.record_name)
		check_record_access(self)
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
		self._record = record

	def on_decision(self):
		if self.stage() == stages.CONCLUDED and self.action == "Revoke":
			if self._record.status != "Active":
				frappe.throw(
					_("{0} is {1}: only an active record can be revoked").format(
						self.record_name, _(self._record.status, context=self.record_doctype)
					),
					title=_("Not in force"),
				)
		self.decided_by = frappe.session.user
		self.decided_on = on_date()
