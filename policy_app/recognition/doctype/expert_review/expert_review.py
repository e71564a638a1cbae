from decimal import Decimal

import frappe
from frappe import _
from frappe.model.document import Document

from policy_app.controllers.approval import changed_fields
from policy_app.engine.errors import PolicyError
from policy_app.engine.models import ReviewCriterion
from policy_app.engine.reviews import review_total
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error

#: set when the review is created; nobody changes them afterwards
FIXED = ("reference_doctype", "reference_name", "scheme", "expert", "expert_user", "expert_draw", "objection")


def _points(value) -> Decimal:
	return Decimal(str(value or 0))


class ExpertReview(Document):
	def validate(self):
		if self.is_new():
			self.status = "Open"
			if not self.scores:
				self.set_criteria()
			if not self.flags.from_panel_draw:
				from policy_app.recognition.expert_panel import check_conflicts

				check_conflicts(self)  # a review created by hand gets the same avoidance rules
		else:
			self.check_unchanged()
		self.total = float(self.compute_total())

	def set_criteria(self):
		for c in get_scheme(self.scheme).review_criteria:
			self.append(
				"scores",
				{"criterion": c.code, "label": c.label_zh or c.label_en, "max_points": float(c.max_points)},
			)

	def check_unchanged(self):
		before = self.get_doc_before_save()
		if not before:
			return
		if before.status != "Open" and not self.flags.from_panel_draw:
			frappe.throw(
				_("This review is closed ({0})").format(_(before.status, context="Expert Review")),
				frappe.PermissionError,
			)
		for field in changed_fields(self, before, FIXED):
			frappe.throw(
				_("{0} cannot be changed on an expert review").format(_(self.meta.get_label(field))),
				frappe.PermissionError,
			)
		rows = [(r.criterion, _points(r.max_points)) for r in self.scores]
		if rows != [(r.criterion, _points(r.max_points)) for r in before.scores]:
			frappe.throw(_("The review criteria were set when the panel was drawn and cannot be changed"))

	def compute_total(self) -> Decimal:
		"""The engine's total over the criteria this review was given (kept from the draw, so a later
		edit of the scheme does not change what an expert was asked to score)."""
		scheme = get_scheme(self.scheme)
		criteria = [
			ReviewCriterion(
				code=r.criterion, label_zh=r.label or r.criterion, max_points=_points(r.max_points)
			)
			for r in self.scores
		]
		try:
			return review_total(
				scheme.model_copy(update={"review_criteria": criteria}),
				{r.criterion: _points(r.points) for r in self.scores},
			)
		except PolicyError as e:
			throw_policy_error(e, title=_("Invalid score"))

	def before_submit(self):
		if frappe.session.user != self.expert_user:
			frappe.throw(_("Only the expert submits their own review"), frappe.PermissionError)
		if self.status != "Open":
			frappe.throw(_("This review is closed ({0})").format(_(self.status, context=self.doctype)))
		if not self.recommendation:
			frappe.throw(_("Choose a recommendation"), title=_("Recommendation required"))
		if not (self.comments or "").strip():
			frappe.throw(_("Write the review comments"), title=_("Comments required"))
		self.status = "Submitted"

	def on_submit(self):
		from frappe.desk.form.assign_to import close_all_assignments

		close_all_assignments(self.doctype, self.name, ignore_permissions=True)

	def before_cancel(self):
		frappe.throw(_("A submitted expert review cannot be cancelled"), frappe.PermissionError)

	def on_trash(self):
		if self.docstatus == 1 or self.expert_draw:
			frappe.throw(_("An expert review of a panel cannot be deleted"), frappe.PermissionError)

	@frappe.whitelist()
	def recuse(self, reason: str):
		"""The expert declares a conflict found after the draw; the bureau then redraws."""
		if frappe.session.user != self.expert_user:
			frappe.throw(_("Only the expert can recuse themselves"), frappe.PermissionError)
		if self.docstatus != 0 or self.status != "Open":
			frappe.throw(_("This review is closed ({0})").format(_(self.status, context=self.doctype)))
		if not (reason or "").strip():
			frappe.throw(_("Give the reason for the recusal"), title=_("Reason required"))
		from policy_app.recognition.expert_panel import close_review

		close_review(self, "Recused", reason.strip())
