import frappe
from frappe.model.document import Document

from policy_app.policy_setup.schemes import scheme_from_record
from policy_app.recognition.printing import check_print_format


class PolicyScheme(Document):
	def validate(self):
		# the engine's model is the one judge of consistency: bands, quotas, caps, references
		scheme_from_record(self.as_dict())
		# the print format its applications print in prints that kind of application
		check_print_format(self)

	@frappe.whitelist()
	def restore_shipped_default(self):
		from policy_app.setup.shipped import restore

		frappe.only_for(("Policy Administrator", "System Manager"))
		restore(self.doctype, self.name)
		return True
