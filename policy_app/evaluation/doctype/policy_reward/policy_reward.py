"""A reward or subsidy the engine computed: proposed by a publication, approved, then paid."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from policy_app.controllers.approval import ApprovalMixin, assign_next_actors

#: what only a publication writes; officers move the state and record the payment
COMPUTED = ("organization", "scheme", "year", "rule", "matter", "computed_amount", "amount", "source_key")


class PolicyReward(ApprovalMixin, Document):
	def validate(self):
		before = self.get_doc_before_save()
		if self.is_new() and not self.flags.from_publishing:
			frappe.throw(_("Rewards are created by publishing an evaluation round"), frappe.PermissionError)
		if before and not self.flags.from_publishing:
			for f in COMPUTED:
				if str(before.get(f) or "") != str(self.get(f) or ""):
					frappe.throw(
						_("{0} is computed by the publication and cannot be edited").format(
							_(self.meta.get_label(f))
						),
						title=_("Not editable"),
					)
		self.guard_workflow()
		if self.state_changed() and self.workflow_state == "Paid" and not self.paid_on:
			frappe.throw(_("Enter the payment date"), title=_("Payment date required"))
		self.log_transition()

	def on_update(self):
		# a publication creates hundreds at once: it hands the round to the approvers once instead
		if self.state_changed() and not self.flags.from_publishing:
			assign_next_actors(self)

	def on_trash(self):
		if self.workflow_state in ("Approved", "Paid"):
			frappe.throw(_("An approved or paid reward cannot be deleted"))
