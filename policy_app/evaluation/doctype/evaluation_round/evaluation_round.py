"""An evaluation round: one scheme, one year, the cohort graded together (quotas act on the whole)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from policy_app.evaluation import grading, publishing


class EvaluationRound(Document):
	def validate(self):
		if cint(self.year) < 2000 or cint(self.year) > 2100:
			frappe.throw(_("The evaluation year {0} is not valid").format(self.year))
		if not frappe.db.exists("Policy Scheme", self.scheme):
			frappe.throw(_("Unknown policy scheme: {0}").format(self.scheme), frappe.DoesNotExistError)
		before = self.get_doc_before_save()
		if before and not self.flags.from_publishing:
			if before.status in ("In Notice", "Published") and (
				before.scheme != self.scheme or cint(before.year) != cint(self.year)
			):
				frappe.throw(_("A published round cannot be changed"), title=_("Already published"))
			# the status and results are written by preview and publication only
			self.status = before.status
		if self.is_new():
			self.status = "Draft"
		open_round = frappe.db.exists(
			"Evaluation Round",
			{
				"scheme": self.scheme,
				"year": self.year,
				"status": ["in", ["Draft", "Previewed"]],
				"name": ["!=", self.name or ""],
			},
		)
		if open_round and self.status in ("Draft", "Previewed"):
			frappe.throw(
				_("Round {0} of {1} {2} is still open").format(open_round, self.scheme, self.year),
				title=_("Duplicate round"),
			)

	def on_trash(self):
		if self.status in ("In Notice", "Published"):
			frappe.throw(_("A published round cannot be deleted"))

	@frappe.whitelist()
	def run_preview(self):
		self.check_permission("write")
		return publishing.preview(self.name)

	@frappe.whitelist()
	def run_publish(self):
		self.check_permission("write")
		return publishing.publish(self.name)

	@frappe.whitelist()
	def waiting_evaluations(self):
		return grading.round_evaluations(self)[1]
