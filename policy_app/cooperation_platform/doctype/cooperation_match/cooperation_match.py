"""A base's answer to an enterprise need (XX-BASE §11–12): it proposes overseas resources, the
enterprise accepts, the need's district confirms the match; the base then records the outcome with
evidence and the district confirms it, which closes the match. Only a closed match's outcomes count in
the evaluation; a confirmed match counts as a need matched."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from policy_app.controllers.approval import ApprovalMixin
from policy_app.cooperation_platform.common import (
	acts_for,
	applicant_only,
	notify,
	org_users,
	platform_rules,
	require_measure,
)
from policy_app.engine import stages
from policy_app.engine.stage_steps import Step, other_than

#: stages (办理阶段) in which the match is confirmed (counts as a need matched): under way, its outcome
#: in review or sent back, concluded
MATCHED = (stages.UNDER_WAY, stages.OUTCOME_REVIEW, stages.CONCLUDED)
#: stages the organisations are told of when the match enters them
TOLD_TO_BOTH = (stages.UNDER_WAY, stages.CLOSED, stages.CONCLUDED)


def matched_states() -> list[str]:
	from policy_app.controllers.stages import states_in

	return states_in("Cooperation Match", *MATCHED) or [""]


class CooperationMatch(ApprovalMixin, Document):
	STAGE_STEPS = (
		Step("check_resources_proposed", entering=stages.PARTY_CONSENT),
		Step("set_matched_on", entering=stages.UNDER_WAY),
		Step("check_outcomes", entering=stages.OUTCOME_REVIEW),
		Step("set_closed_on", entering=stages.CONCLUDED),
		Step("tell_the_enterprise", entering=stages.PARTY_CONSENT, after_save=True),
		Step("tell_both", entering=TOLD_TO_BOTH, after_save=True),
		Step(
			"mark_need_matched",
			leaving=other_than(stages.OUTCOME_REVIEW),
			entering=stages.UNDER_WAY,
			after_save=True,
		),
	)

	def validate_record(self):
		self.check_need()
		self.check_party()
		self.check_resources()

	def check_need(self):
		need = frappe.db.get_value(
			"Enterprise Need", self.need, ["status", "enterprise", "recommending_district"], as_dict=True
		)
		if not need:
			frappe.throw(_("{0} {1} does not exist").format(_("Enterprise Need"), self.need))
		if not frappe.db.exists(
			"Enterprise Need Push", {"parent": self.need, "parenttype": "Enterprise Need", "base": self.base}
		):
			frappe.throw(
				_("Need {0} was not pushed to base {1}").format(
					self.need, self.organization_name or self.base
				),
				frappe.PermissionError,
			)
		if self.is_new() and need.status in ("Concluded", "Withdrawn"):
			frappe.throw(
				_("Need {0} is {1}").format(self.need, _(need.status, context="Enterprise Need")),
				title=_("Need closed"),
			)
		self.enterprise, self.recommending_district = need.enterprise, need.recommending_district

	def check_party(self):
		"""Base and enterprise users share a role; the organisation they act for decides what they may do."""
		if not applicant_only():
			return
		t = self.transition_taken() if self.state_changed() else None
		action = t.action if t else None
		# a move out of 待对方确认 is the enterprise's answer; every other organisation-side move the base's
		if t and self.stage(t.state) == stages.PARTY_CONSENT:
			if not acts_for(self.enterprise):
				frappe.throw(
					_("Only the enterprise that raised the need may {0}").format(_(action)),
					frappe.PermissionError,
				)
		elif not acts_for(self.organization):
			frappe.throw(_("Only the proposing base may change this match"), frappe.PermissionError)

	def check_resources(self):
		seen = set()
		for row in self.resources:
			base = frappe.db.get_value("Overseas Resource", row.resource, "base")
			if base != self.base:
				frappe.throw(
					_("Row {0}: resource {1} belongs to another base").format(row.idx, row.resource),
					title=_("Invalid resource"),
				)
			if row.resource in seen:
				frappe.throw(_("Row {0}: resource {1} is listed twice").format(row.idx, row.resource))
			seen.add(row.resource)

	def check_resources_proposed(self):
		if not self.resources:
			frappe.throw(_("Propose at least one overseas resource"), title=_("No resource"))

	def set_matched_on(self):
		self.matched_on = self.matched_on or getdate(today())

	def set_closed_on(self):
		self.closed_on = getdate(today())

	def check_outcomes(self):
		if not self.outcomes:
			frappe.throw(_("Record at least one outcome with its evidence"), title=_("No outcome"))
		rules = platform_rules(frappe.db.get_value("Cooperation Base", self.base, "scheme"))
		for row in self.outcomes:
			if getdate(row.outcome_date) > getdate(today()):
				frappe.throw(_("Row {0}: the outcome date cannot be in the future").format(row.idx))
			if self.matched_on and getdate(row.outcome_date) < getdate(self.matched_on):
				frappe.throw(
					_("Row {0}: the outcome date is before the match was confirmed ({1})").format(
						row.idx, self.matched_on
					)
				)
			require_measure(self, rules, self.doctype, row.outcome_kind, row=row)

	def move_subject(self) -> str:
		return _("{0} {1}: {2}").format(
			_(self.doctype), self.need_title or self.name, _(self.workflow_state, context=self.doctype)
		)

	def tell_the_enterprise(self):
		notify(org_users(self.enterprise), self, self.move_subject())

	def tell_both(self):
		notify(org_users(self.organization) + org_users(self.enterprise), self, self.move_subject())

	def mark_need_matched(self):
		need = frappe.get_doc("Enterprise Need", self.need)
		if need.status == "Open":
			need.status = "Matched"
			need.flags.from_match = True
			need.flags.ignore_permissions = True
			need.save()
