"""The 综合评价 of XX-BASE 附件: an enterprise a base served rates its need matching, brokerage and
results after the match closes (served-party score); the bureau and the districts rate the base's
cooperation, effectiveness and service (authority score). Submitted ratings are aggregated by the
evaluation feed; a submitted rating never changes."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate

from policy_app.controllers.stages import stage_of
from policy_app.cooperation_platform.common import acts_for, is_bureau, platform_rules
from policy_app.engine import stages
from policy_app.engine.errors import PolicyError
from policy_app.engine.platform import aggregate_ratings
from policy_app.permissions import allowed
from policy_app.policy_setup.schemes import throw_policy_error

#: the criteria each kind of rater scores (附件: 需求匹配情况、撮合情况、服务成效 / 工作配合、工作成效、服务水平)
CRITERIA = {
	"Served Party": ("matching", "brokerage", "results"),
	"Authority": ("cooperation", "effectiveness", "service_level"),
}


class ServedPartyRating(Document):
	def validate(self):
		if self.rater_kind == "Served Party":
			self.check_served_party()
		else:
			self.check_authority()
		if cint(self.year) < 2000 or cint(self.year) > 2100:
			frappe.throw(_("The evaluation year {0} is not valid").format(self.year))
		for kind, fields in CRITERIA.items():
			if kind != self.rater_kind:
				for f in fields:
					self.set(f, 0)
		self.check_duplicate()
		self.score = float(self.compute_score())

	def check_served_party(self):
		if not self.match:
			frappe.throw(_("Name the match the enterprise was served in"), title=_("Missing information"))
		m = frappe.db.get_value(
			"Cooperation Match",
			self.match,
			["workflow_state", "base", "enterprise", "closed_on"],
			as_dict=True,
		)
		if not m or stage_of("Cooperation Match", m.workflow_state) != stages.CONCLUDED:
			frappe.throw(_("A match is rated only after it is concluded"), title=_("Match not concluded"))
		if not is_bureau() and not acts_for(m.enterprise):
			frappe.throw(_("Only the enterprise served in the match may rate it"), frappe.PermissionError)
		self.base, self.enterprise, self.rater_district = m.base, m.enterprise, None
		self.year = getdate(m.closed_on).year

	def check_authority(self):
		self.match = self.enterprise = None
		user = frappe.session.user
		if is_bureau(user):
			return
		roles = set(frappe.get_roles(user))
		districts = allowed(user, "District") or []
		if "District Officer" not in roles:
			frappe.throw(
				_("Only the bureau and the districts give the authority rating"), frappe.PermissionError
			)
		if not self.rater_district or self.rater_district not in districts:
			frappe.throw(_("Name your own department as the rating department"), frappe.PermissionError)

	def check_duplicate(self):
		filters = {"docstatus": ["<", 2], "name": ["!=", self.name or ""], "rater_kind": self.rater_kind}
		if self.rater_kind == "Served Party":
			filters["match"] = self.match
		else:
			filters.update(
				base=self.base, year=self.year, rater_district=self.rater_district or ["is", "not set"]
			)
		clash = frappe.db.get_value("Served Party Rating", filters)
		if clash:
			frappe.throw(_("Already rated: {0}").format(clash), title=_("Duplicate rating"))

	def compute_score(self):
		rules = platform_rules(frappe.db.get_value("Cooperation Base", self.base, "scheme"))
		scale = rules.rating_scale if rules else 5
		try:
			return aggregate_ratings([[self.get(f) for f in CRITERIA[self.rater_kind]]], scale, scale)
		except PolicyError as e:
			throw_policy_error(e, _("Invalid rating"))
