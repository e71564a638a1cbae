"""What the platform's record types share: the scheme's platform rules, the base a record belongs to,
the measure a record kind needs, the people to tell, and the district's confirmation of a base's own
records (resources and activities)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from policy_app.controllers.approval import ApprovalMixin
from policy_app.cooperation_platform.permissions import user_orgs
from policy_app.engine import stages
from policy_app.engine.errors import PolicyError
from policy_app.engine.platform import PlatformRules, rules_from_record
from policy_app.engine.stage_steps import Step, other_than
from policy_app.permissions import case_scope
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error

RULE_DOCTYPE = "Platform Scoring Rule"


def platform_rules(scheme: str | None) -> PlatformRules | None:
	"""The scheme's platform rules, or None when the scheme has none (its records then feed nothing)."""
	if not scheme or not frappe.db.exists(RULE_DOCTYPE, scheme):
		return None
	return rules_from_record(frappe.get_cached_doc(RULE_DOCTYPE, scheme).as_dict())


def active_base(base: str) -> frappe._dict:
	rec = frappe.db.get_value(
		"Cooperation Base",
		base,
		["name", "status", "scheme", "organization", "organization_name", "recommending_district"],
		as_dict=True,
	)
	if not rec:
		frappe.throw(_("{0} {1} does not exist").format(_("Cooperation Base"), base))
	if rec.status != "Active":
		frappe.throw(
			_("Cooperation base {0} is not active ({1})").format(
				rec.organization_name or base, _(rec.status, context="Cooperation Base")
			),
			title=_("Base not active"),
		)
	return rec


def require_measure(doc, rules: PlatformRules | None, record_doctype: str, kind: str, row=None):
	"""A record kind sized by a measure (an investment, a degree, the attendees) must carry it."""
	mapping = rules.mapping(record_doctype, kind) if rules else None
	target = row or doc
	if mapping and mapping.measure and target.meta.has_field(mapping.measure):
		if target.get(mapping.measure) in (None, "", 0):
			frappe.throw(
				_("{0}: fill in {1}").format(_(kind), _(target.meta.get_label(mapping.measure))),
				title=_("Missing information"),
			)


def is_bureau(user: str | None = None) -> bool:
	return case_scope(user or frappe.session.user) is None


def applicant_only(user: str | None = None) -> bool:
	"""An organisation's user (not the bureau, not a district officer)."""
	user = user or frappe.session.user
	roles = set(frappe.get_roles(user))
	return not is_bureau(user) and "Policy Applicant" in roles and "District Officer" not in roles


def acts_for(org: str | None, user: str | None = None) -> bool:
	"""The user acts for this organisation (the bureau acts for everyone)."""
	user = user or frappe.session.user
	return is_bureau(user) or (bool(org) and org in user_orgs(user))


def org_users(org: str) -> list[str]:
	users = frappe.get_all(
		"User Permission",
		filters={"allow": "Applicant Organization", "for_value": org},
		pluck="user",
		distinct=True,
	)
	return [u for u in users if frappe.db.get_value("User", u, "enabled") and u != frappe.session.user]


def notify(users: list[str], doc, subject: str):
	if not users:
		return
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

	make_notification_logs(
		frappe._dict(
			type="Alert",
			document_type=doc.doctype,
			document_name=doc.name,
			subject=subject,
			from_user=frappe.session.user,
		),
		sorted(set(users)),
	)


def check_scheme_rules(doc):
	"""Validate a Platform Scoring Rule record against its scheme with the engine."""
	from policy_app.engine.platform import check_rules

	try:
		check_rules(get_scheme(doc.scheme), rules_from_record(doc.as_dict()))
	except PolicyError as e:
		throw_policy_error(e, _("Invalid platform scoring rule"))


class ConfirmedRecord(ApprovalMixin, Document):
	"""A base's own platform record (resource, activity): the base submits it, the district of the base
	confirms or returns it; only confirmed records count in the evaluation."""

	kind_field: str = ""
	date_field: str = ""

	STAGE_STEPS = (
		Step("check_measure", entering=stages.DISTRICT),
		Step("set_confirmed_on"),
		# confirmed, or back to the base for changes (from a state of a stage, not its own first move)
		Step("tell_the_base", entering=stages.CONCLUDED, after_save=True),
		Step(
			"tell_the_base",
			leaving=other_than(None, stages.PREPARING),
			entering=stages.PREPARING,
			after_save=True,
		),
	)

	def validate_record(self):
		if self.is_new() or self.has_value_changed("base"):
			active_base(self.base)
		if applicant_only() and not acts_for(self.organization):
			frappe.throw(_("Only the base's own users record its platform records"), frappe.PermissionError)
		if self.get(self.date_field) and getdate(self.get(self.date_field)) > getdate(today()):
			frappe.throw(_("{0} cannot be in the future").format(_(self.meta.get_label(self.date_field))))

	def check_measure(self):
		scheme = frappe.db.get_value("Cooperation Base", self.base, "scheme")
		require_measure(self, platform_rules(scheme), self.doctype, self.get(self.kind_field))

	def set_confirmed_on(self):
		self.confirmed_on = getdate(today()) if self.stage() == stages.CONCLUDED else None

	def tell_the_base(self):
		notify(
			[self.owner],
			self,
			_("{0} {1}: {2}").format(
				_(self.doctype), self.title, _(self.workflow_state, context=self.doctype)
			),
		)
