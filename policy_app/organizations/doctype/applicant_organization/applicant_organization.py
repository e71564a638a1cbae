import frappe
from frappe import _
from frappe.model.document import Document

from policy_app.engine.credit_code import credit_code_problem
from policy_app.permissions import organization_scope


class ApplicantOrganization(Document):
	def before_naming(self):
		# named by its credit code (its one unique, stable identifier), written as the code is printed
		self.unified_social_credit_code = (self.unified_social_credit_code or "").strip().upper()

	def validate(self):
		self.unified_social_credit_code = (self.unified_social_credit_code or "").strip().upper()
		problem = credit_code_problem(self.unified_social_credit_code)
		if problem:
			frappe.throw(
				_("Unified social credit code {0} is not valid: {1}").format(
					self.unified_social_credit_code, _(problem)
				),
				title=_("Invalid credit code"),
			)
		for row in self.related_parties:
			if row.related_organization and row.related_organization == self.name:
				frappe.throw(_("An organisation cannot be its own related party"))
			if not (row.related_organization or row.related_name):
				frappe.throw(_("Row {0}: name the related organisation or party").format(row.idx))

	def after_insert(self):
		# an applicant who registers their organisation is scoped to it from then on
		user = frappe.session.user
		_districts, orgs = organization_scope(user)
		if orgs is not None and "Policy Applicant" in frappe.get_roles(user):
			frappe.get_doc(
				{
					"doctype": "User Permission",
					"user": user,
					"allow": "Applicant Organization",
					"for_value": self.name,
				}
			).insert(ignore_permissions=True)
