"""CQ §11(三) 市科技局委托第三方机构根据实际情况选择评审方式、组织评审论证并得出评审论证意见.

The bureau officer commissions the review (the organisation and its user); the third party's user chooses
the mode(s), gives the date, the opinion and the report, and submits. For a scheme whose review is done
by a third party (`review_by`), the submitted review is what lets the case go on to leadership
(`expert_panel.check_review_finished`). The rules are the engine's (`engine.reviews`)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from policy_app.engine.errors import PolicyError
from policy_app.engine.reviews import check_third_party_review
from policy_app.permissions import BUREAU_READERS
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error

#: check field → mode code of the engine (REVIEW_MODES)
MODE_FIELDS = {
	"mode_meeting": "meeting",
	"mode_correspondence": "correspondence",
	"mode_online": "online",
	"mode_site_visit": "site_visit",
}
REVIEWER_ROLE = "Third-Party Reviewer"


class ThirdPartyReview(Document):
	def before_insert(self):
		from policy_app.controllers.stages import stage_of
		from policy_app.engine import stages
		from policy_app.recognition.expert_panel import _reference

		frappe.only_for("Bureau Officer")
		if not (self.reference_doctype and self.reference_name and self.reviewer_user):
			frappe.throw(
				_("Name the application to review and the third party's user"), frappe.MandatoryError
			)
		doc = _reference(self.reference_doctype, self.reference_name)
		scheme = get_scheme(doc.scheme)
		if scheme.review_by != "third_party":
			frappe.throw(
				_("Scheme {0} reviews applications with its expert panel, not a third party").format(
					scheme.code
				),
				title=_("No third-party review"),
			)
		# commissioned while the case is in review, as a panel is drawn
		if stage_of(doc.doctype, doc.get("workflow_state")) not in stages.PANEL_DRAWN:
			frappe.throw(
				_(
					"A third-party review is commissioned while the application is in review (now: {0})"
				).format(_(doc.workflow_state, context=doc.doctype)),
				title=_("Not in expert review"),
			)
		if REVIEWER_ROLE not in frappe.get_roles(self.reviewer_user):
			frappe.throw(
				_("{0} is not a user of a third-party reviewer").format(self.reviewer_user),
				title=_("Not a third-party reviewer"),
			)
		if frappe.db.exists(
			self.doctype,
			{
				"reference_doctype": self.reference_doctype,
				"reference_name": self.reference_name,
				"docstatus": ["<", 2],
			},
		):
			frappe.throw(
				_("A third-party review of {0} is already commissioned").format(self.reference_name),
				frappe.DuplicateEntryError,
			)
		self.scheme = scheme.code
		self.commissioned_by = frappe.session.user
		self.commissioned_on = today()
		for field in MODE_FIELDS:
			self.set(field, 0)
		self.reviewed_on = self.opinion = self.attachment = None  # the third party writes these

	def after_insert(self):
		from frappe.desk.form.assign_to import add

		add(
			{
				"doctype": self.doctype,
				"name": self.name,
				"assign_to": [self.reviewer_user],
				"description": _("Third-party review of {0}").format(self.reference_name),
			},
			ignore_permissions=True,
		)

	def validate(self):
		if self.is_new():
			return
		if frappe.session.user not in (self.reviewer_user, "Administrator"):
			frappe.throw(_("Only the third party records its review"), frappe.PermissionError)

	def modes(self) -> list[str]:
		return [code for field, code in MODE_FIELDS.items() if self.get(field)]

	def before_submit(self):
		if frappe.session.user != self.reviewer_user:
			frappe.throw(_("Only the third party submits its review"), frappe.PermissionError)
		try:
			check_third_party_review(
				self.third_party,
				self.modes(),
				getdate(self.reviewed_on) if self.reviewed_on else None,
				self.opinion or "",
				self.attachment or "",
				getdate(today()),
			)
		except PolicyError as e:
			throw_policy_error(e, title=_("Third-party review incomplete"))

	def on_submit(self):
		from frappe.desk.form.assign_to import close_all_assignments

		close_all_assignments(self.doctype, self.name, ignore_permissions=True)

	def before_cancel(self):
		frappe.throw(_("A submitted third-party review cannot be cancelled"), frappe.PermissionError)


# permissions: the third party sees only the reviews it was commissioned for


def _reviewer_only(user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return user != "Administrator" and REVIEWER_ROLE in roles and not roles & BUREAU_READERS


def query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if _reviewer_only(user):
		return f"`tabThird Party Review`.`reviewer_user` = {frappe.db.escape(user)}"
	return ""


def has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if _reviewer_only(user) and doc.get("reviewer_user") != user:
		return False
	return None
