"""揭榜 (XX-JBGS §8–11): a solver's feasibility plan for a published demand within the bid window, the
qualification review of §9 with refusal of related parties and bad credit (§22), the demand side's
choice of one solver or a horse race (§10), and the 10-working-day public notice (§11)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from policy_app.controllers.approval import ApprovalMixin
from policy_app.controllers.stages import move_to_stage, stage_of
from policy_app.engine import stages
from policy_app.engine.open_competition import PartyLink, check_party, qualification_criteria, related_parties
from policy_app.engine.stage_steps import Step
from policy_app.open_competition.common import (
	bans,
	fill_eligibility,
	org_bad_credit,
	policy_call,
	require_fields,
	scheme_model,
	zh,
)
from policy_app.recognition import notice_service

#: the notice stage a scheme lists for the projects to be set up (XX-JBGS §11: 10 working days)
NOTICE_STAGE = "project"
#: stages (办理阶段) of a bid still in the running for its demand
RUNNING = (stages.BUREAU, stages.HORSE_RACE)
#: stages of a bid that holds its demand: chosen, on notice, contracted
CHOSEN = (stages.AWAITING_NOTICE, stages.NOTICE, stages.CONCLUDED)


def _links(organization: str) -> list[PartyLink]:
	return [
		PartyLink(
			related_organization=r.related_organization or "",
			related_name=r.related_name or "",
			relation=r.relation or "",
		)
		for r in frappe.get_all(
			"Organization Related Party",
			filters={"parent": organization, "parenttype": "Applicant Organization"},
			fields=["related_organization", "related_name", "relation"],
		)
	]


class OpenCompetitionBid(ApprovalMixin, Document):
	#: what the website's notice shows of a listed bid besides the solver: the demand it answers
	PUBLIC_NAME_FIELD = "demand_title"

	#: facts refresh_eligibility derives rather than reads from a field, offered to a scheme's conditions
	#: (policy_setup/facts.py)
	DERIVED_FACTS = {
		"no_bad_credit_3y": "No bad credit record in the last three years",
		"related_party": "The solver is a related party of the demand side (§22)",
	}

	#: each step by the stage (办理阶段) of the state it leaves or enters, set in the Workflow form
	STAGE_STEPS = (
		Step("on_submission", leaving=stages.PREPARING, entering=stages.ACCEPTANCE),
		Step("on_qualification", entering=stages.BUREAU),
		Step("check_selection", entering=(stages.AWAITING_NOTICE, stages.HORSE_RACE)),
		Step("start_notice", entering=stages.NOTICE),
		Step("check_project_approved", entering=stages.CONCLUDED),
		Step("eliminate_others", entering=stages.AWAITING_NOTICE, after_save=True),
	)

	def validate_record(self):
		if self.with_submitter():
			self.check_demand()
		self.refresh_eligibility()

	def check_project_approved(self):
		project_state = self.project and frappe.db.get_value(
			"Open Competition Project", self.project, "workflow_state"
		)
		if stage_of("Open Competition Project", project_state) != stages.UNDER_WAY:
			frappe.throw(_("A bid is contracted only when its project is approved"))

	# ---- checks
	def check_demand(self):
		state = frappe.db.get_value("Open Competition Demand", self.demand, "workflow_state")
		if stage_of("Open Competition Demand", state) != stages.CONCLUDED:
			frappe.throw(_("Demand {0} is not published in a guide").format(self.demand), title=_("Not open"))
		other = frappe.db.exists(
			"Open Competition Bid",
			{"demand": self.demand, "organization": self.organization, "name": ["!=", self.name or ""]},
		)
		if other:
			frappe.throw(_("This solver already bid for the demand: {0}").format(other))

	def refresh_eligibility(self):
		scheme = scheme_model(self.scheme)
		facts = {
			"registered_taxed_counted_in_area": bool(self.registered_taxed_counted_in_area),
			"no_bad_credit_3y": bool(self.declared_no_bad_credit) and not org_bad_credit(self.organization),
		}
		result = policy_call(
			check_party,
			scheme,
			"solver",
			self.category,
			facts,
			getdate(today()),
			self.organization,
			bans(self.organization),
			title=_("Eligibility cannot be checked"),
		)
		demand_org = self.demand_organization
		rel = related_parties(
			demand_org,
			frappe.db.get_value("Applicant Organization", demand_org, "organization_name") or demand_org,
			_links(demand_org),
			self.organization,
			frappe.db.get_value("Applicant Organization", self.organization, "organization_name")
			or self.organization,
			_links(self.organization),
		)
		cond = next((c for c in scheme.eligibility_conditions if c.fact == "related_party"), None)
		extra = []
		if cond:
			extra.append(
				{
					"condition": cond.code,
					"article": cond.article,
					"label": cond.label_zh if zh() else (cond.label_en or cond.code),
					"passed": int(rel is None),
					"reason": "" if rel is None else (rel[0] if zh() else rel[1]),
				}
			)
		self._reasons = fill_eligibility(self, result, extra)

	def guide_doc(self):
		if not self.guide:
			frappe.throw(_("Demand {0} is not published in a guide").format(self.demand), title=_("Not open"))
		return frappe.get_doc("Open Competition Guide", self.guide)

	def on_submission(self):
		guide = self.guide_doc()
		if not (getdate(guide.bid_opens_on) <= getdate(today()) <= getdate(guide.bid_closes_on)):
			frappe.throw(
				_("Bids for this guide are accepted from {0} to {1}").format(
					guide.bid_opens_on, guide.bid_closes_on
				),
				title=_("The bid window is closed"),
			)
		if not self.eligible:
			frappe.throw("<br>".join(self._reasons), title=_("Conditions not met"))
		if not (self.feasibility_plan or self.feasibility_plan_file):
			frappe.throw(_("Attach or write the feasibility plan"), title=_("Feasibility plan required"))
		if not self.pledge_accepted:
			frappe.throw(_("Make the integrity pledge before submitting"), title=_("Pledge required"))
		self.set("qualification_checks", [])
		for code, article, label in policy_call(
			qualification_criteria, scheme_model(self.scheme), self.category
		):
			self.append("qualification_checks", {"criterion": code, "article": article, "label": label})

	def on_qualification(self):
		guide = self.guide_doc()
		if getdate(today()) <= getdate(guide.bid_closes_on):
			frappe.throw(
				_("The qualification review starts after the bid window closes on {0}").format(
					guide.bid_closes_on
				),
				title=_("Bid window still open"),
			)
		if not self.eligible:
			frappe.throw("<br>".join(self._reasons), title=_("Conditions not met"))
		require_fields(self, ["panel_members", "qualification_opinion"], _("Qualification review incomplete"))
		failed = [r.label for r in self.qualification_checks if r.result != "Pass"]
		if failed or not self.qualification_checks:
			frappe.throw(
				_("Qualification criteria not passed: {0}").format("；".join(failed)),
				title=_("Qualification review incomplete"),
			)

	def others(self, of_stages) -> list[str]:
		"""The demand's other bids in these stages."""
		return frappe.get_all(
			"Open Competition Bid",
			filters={
				"demand": self.demand,
				"name": ["!=", self.name],
				"workflow_state": ["in", self.states_in(*of_stages) or [""]],
			},
			pluck="name",
		)

	def check_selection(self):
		taken = self.others(CHOSEN)
		if taken:
			frappe.throw(
				_("The demand side has already chosen {0}").format("、".join(taken)),
				title=_("Already chosen"),
			)
		if self.stage() == stages.HORSE_RACE:
			if not self.horse_race_agreed:
				frappe.throw(_("The solver has not agreed to a horse race"), title=_("Horse race not agreed"))
			if not self.others(RUNNING):
				frappe.throw(
					_("A horse race needs at least two qualified solvers"), title=_("Horse race not possible")
				)
		else:
			require_fields(self, ["demand_side_confirmation"], _("The demand side's choice is missing"))

	def eliminate_others(self):
		"""§10: the solver the demand side accepts wins; the others are closed as eliminated."""
		for name in self.others(RUNNING):
			move_to_stage(
				frappe.get_doc("Open Competition Bid", name),
				stages.CLOSED,
				_("The demand side chose {0} ({1})").format(self.organization_name, self.name),
			)

	def start_notice(self):
		"""§11: the project to be set up goes on the bureau's public notice of 10 working days, the
		website's, where anyone may object; the bid keeps the notice's window to show it."""
		# an officer may have listed the bid in a notice of several (Public Notice form): that one holds.
		# The notice is the website's, so it is written in Chinese whatever the officer's language
		if not self.public_notice:
			self.public_notice = notice_service.publish(
				self.scheme,
				NOTICE_STAGE,
				_("Open competition projects to be set up: {0}", lang="zh").format(
					self.demand_title or self.demand
				),
				[
					{
						"reference_doctype": self.doctype,
						"reference_name": self.name,
						"outcome": _("To be set up with demand side {0}", lang="zh").format(
							frappe.db.get_value(
								"Applicant Organization", self.demand_organization, "organization_name"
							)
							or self.demand_organization
						),
					}
				],
				moving=self,
			).name
		window = frappe.db.get_value(
			"Public Notice", self.public_notice, ["published_on", "working_days", "ends_on"], as_dict=True
		)
		self.notice_published_on = window.published_on
		self.notice_working_days = window.working_days
		self.notice_ends_on = window.ends_on
