"""The task contract of a selected solver (XX-JBGS §10–19): period 1–3 years with no extension (§17), the
yearly number of projects (§21), the subsidy and its instalments (§13–15), acceptance by the demand side
with a third-party report (§12), and termination: objective (§18), subjective (§19), not accepted on
time (§17)."""

from __future__ import annotations

from decimal import Decimal

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from policy_app.controllers.approval import ApprovalMixin, changed_fields
from policy_app.controllers.stages import move_to_stage, stage_of
from policy_app.engine import stages
from policy_app.engine.money import (
	funding_rows,
	plan_subsidy,
	replan,
	settle_termination,
	subsidy_against_prior,
	to_money,
)
from policy_app.engine.open_competition import (
	check_acceptance_date,
	check_period,
	check_yearly_limit,
	not_accepted_on_time,
	payee_side,
)
from policy_app.engine.stage_steps import Step
from policy_app.evaluation.doctype.policy_reward.policy_reward import first_state
from policy_app.evaluation.matters import matter_awards
from policy_app.open_competition.common import (
	ACTIVE_PROJECT,
	APPROVED_PROJECT,
	PAYMENT_SETTLED,
	payment_states,
	policy_call,
	project_states,
	require_fields,
	scheme_model,
	zh,
)
from policy_app.permissions import allowed
from policy_app.policy_setup.schemes import work_calendar
from policy_app.recognition import notice_service

CONTRACT_FIELDS = [
	"contract_number",
	"contract_signed_on",
	"contract_content",
	"deliverables",
	"indicators",
	"payment_terms",
	"ip_ownership",
]
ACCEPTANCE_FIELDS = [
	"acceptance_date",
	"acceptance_experts",
	"acceptance_opinion",
	"third_party_agency",
	"third_party_report",
	"acceptance_result",
]
#: the kind of ending by the stage (办理阶段) of the state the project ends in (§17, §23)
TERMINAL = {
	stages.ENDED_OBJECTIVE: "Objective",
	stages.ENDED_OVERDUE: "Not Accepted on Time",
	stages.ENDED_FAULT: "Subjective",
}
CAUSE = {"Objective": "objective", "Not Accepted on Time": "not_accepted", "Subjective": "subjective"}
SIDE_LABEL = {"demand_side": "Demand Side", "solver": "Solver"}
#: 验收结论 (§12): the stored value of a passed acceptance
ACCEPTANCE_PASSED = "Passed Acceptance"
#: what the bureau decides of the subsidy before approval (§13 最高, §24 the matter weighed)
GRANT_FIELDS = ("matter", "granted_subsidy", "grant_reason")


class OpenCompetitionProject(ApprovalMixin, Document):
	STAGE_STEPS = (
		Step("on_approval", leaving=stages.PREPARING, entering=stages.UNDER_WAY),
		Step("on_acceptance_submitted", entering=stages.BUREAU),
		Step("check_acceptance_passed", entering=stages.CONCLUDED),
		Step("check_ending", entering=tuple(TERMINAL)),
		Step("contract_bid", leaving=stages.PREPARING, entering=stages.UNDER_WAY, after_save=True),
		Step("after_termination", entering=tuple(TERMINAL), after_save=True),
		Step("withdraw_superseded", leaving=stages.PREPARING, entering=stages.UNDER_WAY, after_save=True),
	)

	def validate_record(self):
		if self.is_new():
			self.check_bid()
		elif not self.state_changed():
			self.check_demand_side()
		self.check_dates()
		self.check_acceptance_date()
		self.matter = (self.matter or "").strip() or self.project_title
		self.check_grant_fixed()
		if self.with_submitter():
			self.plan_money()

	def check_acceptance_passed(self):
		if self.acceptance_result != ACCEPTANCE_PASSED:
			frappe.throw(
				_("The acceptance opinion does not pass the project"), title=_("Acceptance not passed")
			)
		self.final_evaluation_passed = 1

	def check_ending(self):
		self.on_termination(TERMINAL[self.stage()])

	def contract_bid(self):
		bid = frappe.get_doc("Open Competition Bid", self.bid)
		bid.db_set("project", self.name, update_modified=False)
		move_to_stage(bid, stages.CONCLUDED, _("Project {0} approved").format(self.name))

	def withdraw_superseded(self):
		"""§24 就高不重复: the rewards this project's subsidy supersedes for the same matter (on_approval)."""
		for key in getattr(self, "_withdraw", None) or []:
			from policy_app.evaluation.rewarding import withdraw

			withdraw(key, _("Superseded by the subsidy of project {0} for the same matter").format(self.name))

	# ---- set-up
	def scheme_model(self):
		return scheme_model(self.scheme)

	def check_bid(self):
		bid = frappe.get_doc("Open Competition Bid", self.bid)
		if stage_of(bid.doctype, bid.workflow_state) != stages.NOTICE or not bid.public_notice:
			frappe.throw(
				_("Bid {0} has not been through the public notice").format(bid.name), title=_("Not ready")
			)
		notice_service.check_over(
			bid.public_notice,
			bid.doctype,
			[bid.name],
			_("The public notice runs until {0}; the project comes after it"),
		)
		# an objection the bureau received by letter or telephone, recorded on the bid
		if bid.objection_received:
			frappe.throw(_("An objection to the notice must be settled first"), title=_("Objection open"))
		if frappe.db.exists(
			"Open Competition Project",
			{"bid": self.bid, "workflow_state": ["not in", project_states(stages.CLOSED)]},
		):
			frappe.throw(_("Bid {0} already has a project").format(self.bid))

	def check_dates(self):
		before = self.get_doc_before_save()
		if before and not self.with_submitter(before.workflow_state):
			if getdate(before.end_date) != getdate(self.end_date) or getdate(before.start_date) != getdate(
				self.start_date
			):
				frappe.throw(
					_("Article 17: the project period cannot be extended or changed"), title=_("No extension")
				)
		policy_call(
			check_period,
			self.scheme_model(),
			getdate(self.start_date),
			getdate(self.end_date),
			title=_("Invalid project period"),
		)

	def check_acceptance_date(self):
		"""§12: the acceptance is held after the start and recorded once held; checked when it is
		entered or changed, and again when the demand side submits it."""
		if not self.acceptance_date:
			return
		before = self.get_doc_before_save()
		held = getdate(before.acceptance_date) if before and before.acceptance_date else None
		entering = held != getdate(self.acceptance_date)
		if entering or self.stage_move()[1] == stages.BUREAU:
			policy_call(
				check_acceptance_date,
				getdate(self.start_date),
				getdate(self.acceptance_date),
				getdate(today()),
				title=_("Invalid acceptance date"),
			)

	def check_grant_fixed(self):
		"""The grant and the matter are the bureau's decision before approval; fixed once approved."""
		before = self.get_doc_before_save()
		if not before or before.workflow_state in (None, "", first_state(self.doctype)):
			return
		for f in changed_fields(self, before, GRANT_FIELDS):
			frappe.throw(
				_("{0} is fixed once the project has been approved").format(_(self.meta.get_label(f))),
				title=_("Not editable"),
			)

	def plan(self):
		"""§13 the ceiling and the bureau's grant (empty or 0: the ceiling), the instalments on it; once
		approved, on what §24 left to pay (`subsidy_amount`)."""
		scheme = self.scheme_model()
		plan = policy_call(
			plan_subsidy,
			scheme,
			self.category,
			self.contract_amount,
			granted=self.granted_subsidy or None,
			grant_reason=self.grant_reason or "",
			title=_("Subsidy not granted"),
		)
		if self.approved_on:
			plan = policy_call(replan, scheme, plan, self.subsidy_amount or 0, title=_("Invalid subsidy"))
		return plan

	def plan_money(self, lock: bool = False) -> list[str]:
		"""The subsidy (§13), weighed against the payee's other awards of the same matter (§24), its
		instalments (§15) and its New Area / new city split (§25). Returns the open awards to withdraw."""
		scheme = self.scheme_model()
		side = policy_call(payee_side, scheme, self.category)
		self.payee_side = SIDE_LABEL[side]
		self.payee_organization = (
			self.demand_organization if side == "demand_side" else self.solver_organization
		)
		self.recommending_district = frappe.db.get_value(
			"Applicant Organization", self.payee_organization, "recommending_district"
		)
		prior = matter_awards(
			self.payee_organization, self.matter, exclude_project=self.name or "", lock=lock
		)
		plan, withdraw = policy_call(
			subsidy_against_prior,
			scheme,
			self.plan(),
			self.payee_organization,
			getdate(self.approved_on or today()).year,
			self.matter,
			prior,
			title=_("Invalid subsidy"),
		)
		self.subsidy_uncapped = plan.uncapped
		self.subsidy_ceiling = plan.ceiling
		self.subsidy_amount = plan.subsidy
		self.prior_award_notes = "；".join(plan.notes_zh) if zh() else "; ".join(plan.notes_en)
		self.set("instalments", [])
		for due in plan.instalments:
			self.append(
				"instalments",
				{
					"seq": due.seq,
					"label": due.label_zh,
					"release_condition": due.release_condition,
					"amount": due.amount,
					"status": "Planned",
				},
			)
		self.set("funding", funding_rows(scheme, plan.subsidy))
		return withdraw

	def on_approval(self):
		require_fields(self, CONTRACT_FIELDS, _("Task contract incomplete"))
		approved_on = getdate(today())
		count = frappe.db.count(
			"Open Competition Project",
			{
				"scheme": self.scheme,
				"name": ["!=", self.name],
				"workflow_state": ["in", project_states(*APPROVED_PROJECT)],
				"approved_on": ["between", [f"{approved_on.year}-01-01", f"{approved_on.year}-12-31"]],
			},
		)
		policy_call(
			check_yearly_limit, self.scheme_model(), approved_on.year, count, title=_("Yearly limit reached")
		)
		# §24 at approval, with locking reads: what another award of the matter already holds
		self._withdraw = self.plan_money(lock=True)
		self.granted_subsidy = self.plan().granted
		self.approved_on = approved_on

	# ---- acceptance
	def check_demand_side(self):
		"""An applicant changes a project only as its demand side, which organises the acceptance (§12)."""
		user = frappe.session.user
		if user != "Administrator" and "Policy Applicant" in frappe.get_roles(user):
			if self.demand_organization not in (allowed(user, "Applicant Organization") or []):
				frappe.throw(_("Acceptance is organised by the demand side"), frappe.PermissionError)

	def on_acceptance_submitted(self):
		self.check_demand_side()
		require_fields(self, ACCEPTANCE_FIELDS, _("Acceptance incomplete"))

	# ---- termination
	def overdue(self) -> bool:
		"""§17 未按期验收的视为自动终止, but an acceptance the demand side's experts passed by the end date
		and that awaits the bureau's confirmation is on time."""
		held = (
			getdate(self.acceptance_date)
			if self.acceptance_date and self.acceptance_result == ACCEPTANCE_PASSED
			else None
		)
		return bool(not_accepted_on_time(getdate(self.end_date), getdate(today()), held))

	def paid(self) -> Decimal:
		return to_money(self.paid_amount or 0)

	def on_termination(self, cause: str):
		if cause == "Not Accepted on Time":
			if getdate(today()) <= getdate(self.end_date):
				frappe.throw(
					_("The project runs until {0}; it is not overdue").format(self.end_date),
					title=_("Not overdue"),
				)
			if not self.overdue():
				frappe.throw(
					_(
						"Article 17: the acceptance was held on {0}, within the period; it awaits confirmation"
					).format(self.acceptance_date),
					title=_("Not overdue"),
				)
		if cause == "Subjective" and not self.responsible_party:
			frappe.throw(_("Name the party responsible for the termination"), title=_("Responsible party"))
		settlement = policy_call(
			settle_termination, self.scheme_model(), self.plan(), self.paid(), CAUSE[cause]
		)
		self.termination_cause = cause
		self.terminated_on = getdate(today())
		self.cancelled_amount = settlement.cancelled
		self.recovered_amount = settlement.recover
		self._settlement = settlement
		for row in self.instalments:
			if row.status != "Paid":
				row.status = "Cancelled"

	def after_termination(self):
		"""Open payments are cancelled; a subjective failure adds the recovery record and the blacklist."""
		reason = (self.approval_log[-1].remarks if self.approval_log else "") or _(
			self.workflow_state, context=self.doctype
		)
		for name in frappe.get_all(
			"Open Competition Payment",
			filters={
				"project": self.name,
				"workflow_state": ["not in", payment_states(*PAYMENT_SETTLED)],
			},
			pluck="name",
		):
			move_to_stage(
				frappe.get_doc("Open Competition Payment", name),
				stages.VOIDED,
				_("Project {0} terminated").format(self.name),
			)
		settlement = self._settlement
		if self.termination_cause != "Subjective":
			return
		scheme = self.scheme_model()
		rule = scheme.deadline("blacklist")
		updates = {}
		if settlement.recover > 0:
			updates["recovery"] = (
				frappe.get_doc(
					{
						"doctype": "Open Competition Recovery",
						"project": self.name,
						"organization": self.payee_organization,
						"amount": settlement.recover,
						"article": rule.article,
						"ground": reason,
						"status": "Outstanding",
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
		responsible = (
			self.demand_organization if self.responsible_party == "Demand Side" else self.solver_organization
		)
		start = getdate(today())
		sanction = frappe.get_doc(
			{
				"doctype": "Sanction",
				"organization": responsible,
				"organization_name": frappe.db.get_value(
					"Applicant Organization", responsible, "organization_name"
				),
				"scheme": self.scheme,
				"ground": _("Responsible for the subjective termination of project {0}: {1}").format(
					self.name, reason
				),
				"article": rule.article,
				"start_date": start,
				"end_date": work_calendar(scheme.holiday_calendar).due_date(rule, start),
				"source_doctype": self.doctype,
				"source_name": self.name,
			}
		).insert(ignore_permissions=True)
		sanction.submit()
		updates["sanction"] = sanction.name
		self.db_set(updates, update_modified=False)


def record_payment(project: str):
	"""Paid instalments and their total, after a payment is paid."""
	doc = frappe.get_doc("Open Competition Project", project)
	paid = {
		r.seq: r
		for r in frappe.get_all(
			"Open Competition Payment",
			filters={"project": project, "workflow_state": ["in", payment_states(stages.CONCLUDED)]},
			fields=["name", "seq", "amount"],
		)
	}
	total = Decimal(0)
	for row in doc.instalments:
		if row.seq in paid:
			frappe.db.set_value(row.doctype, row.name, {"status": "Paid", "payment": paid[row.seq].name})
			total += to_money(paid[row.seq].amount)
	doc.db_set("paid_amount", total, update_modified=False)


def terminate_overdue_projects() -> list[str]:
	"""Daily (§17): a project not accepted by its end date is terminated; unpaid instalments are cancelled.
	Running it again finds nothing left to do."""
	done = []
	for name in frappe.get_all(
		"Open Competition Project",
		filters={"workflow_state": ["in", project_states(*ACTIVE_PROJECT)], "end_date": ["<", today()]},
		pluck="name",
	):
		# a row lock: a second run at the same time waits here, then finds the project already ended
		state = frappe.db.get_value("Open Competition Project", name, "workflow_state", for_update=True)
		if stage_of("Open Competition Project", state) not in ACTIVE_PROJECT:
			continue
		doc = frappe.get_doc("Open Competition Project", name)
		if not doc.overdue():
			continue
		move_to_stage(
			doc, stages.ENDED_OVERDUE, _("Article 17: not accepted by the end date {0}").format(doc.end_date)
		)
		done.append(name)
	return done
