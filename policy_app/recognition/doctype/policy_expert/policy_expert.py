import frappe
from frappe import _
from frappe.model.document import Document

from policy_app.recognition.expert_panel import split_names


class PolicyExpert(Document):
	def validate(self):
		if self.user and "Policy Expert" not in frappe.get_roles(self.user):
			frappe.throw(
				_("User {0} does not have the Policy Expert role").format(self.user), title=_("Not an expert")
			)
		if (self.yearly_limit or 0) < 0:
			frappe.throw(_("The yearly review limit cannot be negative"))
		# one spelling for the draw's field filter
		self.technical_fields = ", ".join(dict.fromkeys(split_names(self.technical_fields)))
		for row in self.related_organizations:
			if not (row.organization or (row.organization_name or "").strip()):
				frappe.throw(_("Row {0}: name the related organisation").format(row.idx))
