"""A reward or subsidy the engine computed: proposed by a publication, approved, then paid."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from policy_app.controllers.approval import ApprovalMixin, changed_fields
from policy_app.engine import stages
from policy_app.engine.errors import PolicyError
from policy_app.engine.money import funding_rows, grant
from policy_app.engine.scoring import matter_label
from policy_app.engine.stage_steps import Step
from policy_app.policy_setup.schemes import throw_policy_error
from policy_app.policy_setup.versions import evaluation_scheme

#: what only a publication writes; officers move the state and record the payment
COMPUTED = ("organization", "scheme", "year", "rule", "matter", "computed_amount", "amount", "source_key")


class PolicyReward(ApprovalMixin, Document):
	def onload(self):
		# the form shows the matter in words (a grade reward's key reads 2026年度考核评价结果)
		self.set_onload(
			"matter_label", matter_label(self.matter, zh=(frappe.local.lang or "").startswith("zh"))
		)

	STAGE_STEPS = (
		Step("check_paid_on", entering=stages.CONCLUDED),
		Step("notify_organisation", after_save=True),
	)

	def validate_record(self):
		before = self.get_doc_before_save()
		if self.is_new() and not self.flags.from_publishing:
			frappe.throw(_("Rewards are created by publishing an evaluation round"), frappe.PermissionError)
		if before and not self.flags.from_publishing:
			# compared as their types: the form sends 500000 where the column gives back 500000.0
			for f in changed_fields(self, before, COMPUTED):
				frappe.throw(
					_("{0} is computed by the publication and cannot be edited").format(
						_(self.meta.get_label(f))
					),
					title=_("Not editable"),
				)
		if self.is_new() and self.flags.from_publishing:
			self.granted_amount = self.amount
		elif self.has_value_changed("granted_amount") or self.has_value_changed("grant_reason"):
			self.check_grant()

	def check_paid_on(self):
		if not self.paid_on:
			frappe.throw(_("Enter the payment date"), title=_("Payment date required"))

	def on_update(self):
		# a publication creates hundreds at once: it hands the round to the approvers once instead
		if not self.flags.from_publishing:
			super().on_update()

	def notify_organisation(self):
		"""The organisation's users hear when its reward is approved and when it is paid (a notification
		in the desk, and an email where their notification settings send one)."""
		if self.stage() not in (stages.AWAITING_PAYMENT, stages.CONCLUDED) or not self.organization:
			return
		from policy_app.cooperation_platform.common import notify, org_users

		amount = frappe.format(self.granted_amount or self.amount, {"fieldtype": "Currency"})
		notify(
			org_users(self.organization),
			self,
			_("{0} {1}: {2}").format(
				_(self.doctype), self.label or self.name, _(self.workflow_state, context=self.doctype)
			)
			+ f"（{amount}）",
		)

	def on_trash(self):
		if self.stage() in (stages.AWAITING_PAYMENT, stages.CONCLUDED):
			frappe.throw(_("An approved or paid reward cannot be deleted"))

	def check_grant(self):
		"""最高 is a ceiling (XX-BASE §18, XX-INC §19): the bureau grants up to the amount the publication
		computed with every cap, a lower one with its reason, before the reward leaves its first state;
		the funding split (XX-BASE §21, XX-JBGS §25) follows the granted amount."""
		if self.workflow_state and self.workflow_state != first_state(self.doctype):
			frappe.throw(
				_("The granted amount is fixed once the reward has been decided"), title=_("Not editable")
			)
		scheme = evaluation_scheme(self)
		try:
			decided = grant(scheme.rule(self.rule), self.amount or 0, self.granted_amount, self.grant_reason)
		except PolicyError as e:
			throw_policy_error(e, _("Amount not granted"))
		self.granted_amount = decided.amount
		self.grant_reason = decided.reason
		self.set("funding", funding_rows(scheme, decided.amount))


def first_state(doctype: str) -> str:
	"""The state a record of the workflow starts in (the first row of its states)."""
	from frappe.model.workflow import get_workflow_name

	name = get_workflow_name(doctype)
	states = frappe.get_cached_doc("Workflow", name).states if name else []
	return states[0].state if states else ""
