"""需求库 (XX-JBGS §6–7): a demand with the §6 fields of its category and conditions, the bureau's formal
review, the experts' feasibility review (optional site visit), then the library and a published guide."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from policy_app.controllers.approval import ApprovalMixin
from policy_app.engine import stages
from policy_app.engine.open_competition import check_party
from policy_app.engine.stage_steps import Step
from policy_app.open_competition.common import (
	bans,
	fill_eligibility,
	org_bad_credit,
	policy_call,
	require_fields,
	scheme_model,
)

#: §6 (四): what each category must describe
DESCRIPTION_FIELDS = {
	"tech_breakthrough": [
		"technical_problem",
		"key_indicators",
		"time_requirement",
		"ip_ownership",
		"planned_investment",
		"solver_requirements",
	],
	"commercialisation": [
		"result_content",
		"owned_ip_list",
		"practical_effect",
		"application_field",
		"application_value",
		"transfer_mode",
		"ip_ownership",
		"solver_requirements",
	],
}
CONDITION_FACTS = (
	"registered_taxed_counted_in_area",
	"urgent_need",
	"funding_ready",
	"key_field",
	"owns_ip",
	"fits_direction",
	"team_willing",
)


class OpenCompetitionDemand(ApprovalMixin, Document):
	#: facts facts() derives rather than reads from a field, offered to a scheme's conditions
	#: (policy_setup/facts.py)
	DERIVED_FACTS = {
		"description_complete": "The demand describes everything its category asks for (§6 (四))",
		"no_bad_credit_3y": "No bad credit record in the last three years",
	}

	#: each step by the stage (办理阶段) of the state it leaves or enters, set in the Workflow form
	STAGE_STEPS = (
		Step("check_conditions_met", leaving=stages.PREPARING, entering=stages.ACCEPTANCE),
		Step("check_formal_review", leaving=stages.ACCEPTANCE, entering=stages.EXPERT),
		Step("mark_site_visit", entering=stages.SITE_VISIT),
		Step("check_reviews_done", entering=stages.IN_LIBRARY),
		Step("check_in_guide", entering=stages.CONCLUDED),
	)

	def validate_record(self):
		self.refresh_eligibility()

	def check_conditions_met(self):
		if not self.eligible:
			frappe.throw("<br>".join(self._reasons), title=_("Conditions not met"))

	def check_formal_review(self):
		require_fields(self, ["formal_review_opinion"], _("Formal review incomplete"))

	def mark_site_visit(self):
		self.site_visit_needed = 1

	def check_reviews_done(self):
		require_fields(
			self, ["feasibility_experts", "feasibility_opinion"], _("Feasibility review incomplete")
		)
		if self.site_visit_needed:
			require_fields(self, ["site_visit_opinion"], _("Site visit incomplete"))

	def check_in_guide(self):
		if not (self.guide and frappe.db.get_value("Open Competition Guide", self.guide, "docstatus") == 1):
			frappe.throw(_("Publish the demand through an Open Competition Guide"), title=_("No guide"))

	def description_complete(self) -> bool:
		return all(
			self.get(f) and str(self.get(f)).strip() for f in DESCRIPTION_FIELDS.get(self.category, [])
		)

	def facts(self) -> dict:
		facts = {f: bool(self.get(f)) for f in CONDITION_FACTS}
		facts["description_complete"] = self.description_complete()
		facts["no_bad_credit_3y"] = not org_bad_credit(self.organization)
		return facts

	def refresh_eligibility(self):
		result = policy_call(
			check_party,
			scheme_model(self.scheme),
			"demand_side",
			self.category,
			self.facts(),
			getdate(today()),
			self.organization,
			bans(self.organization),
			title=_("Eligibility cannot be checked"),
		)
		self._reasons = fill_eligibility(self, result)
