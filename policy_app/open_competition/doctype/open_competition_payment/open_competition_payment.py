"""One instalment of a project's subsidy (XX-JBGS §15): the amount is the engine's, released only on its
evidence (the main funder paid ≥ 30 % of the contract; the final performance evaluation passed), approved
by the bureau's leader and paid by finance."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from policy_app.controllers.approval import ApprovalMixin
from policy_app.controllers.stages import stage_of
from policy_app.engine import stages
from policy_app.engine.money import release_instalment
from policy_app.engine.stage_steps import Step
from policy_app.open_competition.common import (
	ACTIVE_PROJECT,
	PAYMENT_DROPPED,
	PAYMENT_SETTLED,
	payment_states,
	policy_call,
)

#: stages of a project in which an instalment may still be released: running, or accepted
PAYABLE_PROJECT = (*ACTIVE_PROJECT, stages.CONCLUDED)


class OpenCompetitionPayment(ApprovalMixin, Document):
	STAGE_STEPS = (
		Step("check_release", entering=stages.CONCLUDED),
		Step("check_funder_evidence", leaving=stages.PREPARING, entering=stages.LEADERSHIP),
		Step("set_paid_on", entering=stages.CONCLUDED),
		Step("record_payment", entering=stages.CONCLUDED, after_save=True),
	)

	def validate_record(self):
		stage = self.stage() if self.workflow_state else stages.PREPARING
		if stage == stages.PREPARING:
			self.set_instalment()
		if stage not in PAYMENT_SETTLED:
			self.check_release()

	def check_funder_evidence(self):
		if self.release_condition() == "funder_paid_share" and not self.funder_payment_evidence:
			frappe.throw(_("Attach the evidence of the main funder's payment"), title=_("Evidence required"))

	def set_paid_on(self):
		self.paid_on = getdate(today())

	def record_payment(self):
		from policy_app.open_competition.doctype.open_competition_project.open_competition_project import (
			record_payment,
		)

		record_payment(self.project)

	def set_instalment(self):
		"""期次 is the project's: a new payment takes the first instalment without a live payment, and
		shows its release condition; the bureau never types it."""
		if not self.project:
			return
		if not self.seq:
			self.seq = next_instalment(self.project, exclude=self.name or "")["seq"]
		row = next((r for r in self.project_doc().instalments if r.seq == self.seq), None)
		self.release_condition_label = row.label if row else ""

	def project_doc(self):
		return frappe.get_doc("Open Competition Project", self.project)

	def release_condition(self) -> str:
		row = next((r for r in self.project_doc().instalments if r.seq == self.seq), None)
		return row.release_condition if row else ""

	def check_release(self):
		project = self.project_doc()
		if stage_of(project.doctype, project.workflow_state) not in PAYABLE_PROJECT:
			frappe.throw(
				_("Project {0} is {1}; no instalment can be released").format(
					project.name, _(project.workflow_state, context=project.doctype)
				),
				title=_("Project not running"),
			)
		other = frappe.db.exists(
			"Open Competition Payment",
			{
				"project": self.project,
				"seq": self.seq,
				"name": ["!=", self.name or ""],
				"workflow_state": ["not in", payment_states(*PAYMENT_DROPPED)],
			},
		)
		if other:
			frappe.throw(_("Instalment {0} already has payment {1}").format(self.seq, other))
		paid = frappe.get_all(
			"Open Competition Payment",
			filters={
				"project": self.project,
				"workflow_state": ["in", payment_states(stages.CONCLUDED)],
				"name": ["!=", self.name or ""],
			},
			pluck="seq",
		)
		self.amount = policy_call(
			release_instalment,
			project.plan(),
			int(self.seq or 0),
			paid,
			self.funder_paid_amount or 0,
			bool(project.final_evaluation_passed),
			title=_("Instalment cannot be released"),
		)


def next_instalment(project: str, exclude: str = "") -> dict:
	"""The first instalment of the project that is neither paid, cancelled nor held by a live payment."""
	doc = frappe.get_doc("Open Competition Project", project)
	taken = set(
		frappe.get_all(
			"Open Competition Payment",
			filters={
				"project": project,
				"name": ["!=", exclude],
				"workflow_state": ["not in", payment_states(*PAYMENT_DROPPED)],
			},
			pluck="seq",
		)
	)
	for row in sorted(doc.instalments, key=lambda r: r.seq):
		if row.status == "Planned" and row.seq not in taken:
			return {"seq": row.seq, "label": row.label, "amount": row.amount}
	frappe.throw(
		_("Every instalment of project {0} already has a payment").format(project),
		title=_("No instalment left"),
	)
