"""A user's approval roles handed to a colleague for a date range (see policy_app/approvals/delegation.py)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from policy_app.approvals import delegation

ADMIN_ROLES = {"Policy Administrator", "System Manager"}


class ApprovalDelegation(Document):
	def validate(self):
		user = frappe.session.user
		if self.is_new() and not self.delegator:
			self.delegator = user
		if (
			user != "Administrator"
			and self.delegator != user
			and not ADMIN_ROLES & set(frappe.get_roles(user))
		):
			frappe.throw(_("You can only delegate your own approval roles"), frappe.PermissionError)
		if self.delegate == self.delegator:
			frappe.throw(_("Delegate to someone else"), title=_("Invalid delegation"))
		if not frappe.db.get_value("User", self.delegate, "enabled"):
			frappe.throw(_("{0} is disabled").format(self.delegate), title=_("Invalid delegation"))
		if getdate(self.to_date) < getdate(self.from_date):
			frappe.throw(_("The delegation cannot end before it starts"), title=_("Invalid delegation"))
		held = set(frappe.get_roles(self.delegator))
		delegable = delegation.approval_roles() & held
		if not self.roles:
			for role in sorted(delegable):
				self.append("roles", {"role": role})
		for row in self.roles:
			if row.role not in delegable:
				frappe.throw(
					_("{0} is not an approval role of {1}").format(_(row.role), self.delegator),
					title=_("Invalid delegation"),
				)
		if not self.roles:
			frappe.throw(_("{0} holds no approval role to delegate").format(self.delegator))
		overlap = frappe.get_all(
			"Approval Delegation",
			filters={
				"delegator": self.delegator,
				"name": ["!=", self.name],
				"status": ["!=", "Ended"],
				"from_date": ["<=", self.to_date],
				"to_date": [">=", self.from_date],
			},
			pluck="name",
		)
		if overlap:
			frappe.throw(
				_("{0} already delegates for part of this period ({1})").format(self.delegator, overlap[0]),
				title=_("Overlapping delegation"),
			)
		before = self.get_doc_before_save()
		if before and before.status == "Active" and self.has_value_changed("delegate"):
			frappe.throw(_("End this delegation and create a new one to change the delegate"))
		self.status = delegation.status_on(self)

	def on_update(self):
		# roles changed on a running delegation: take back what was given and give it again
		before = self.get_doc_before_save()
		if before and [r.role for r in before.roles] != [r.role for r in self.roles]:
			delegation.revoke(self)
			self.reload()
		delegation.sync(self)

	def on_trash(self):
		delegation.revoke(self)
