from frappe.model.document import Document


class PolicySchemeFundingShare(Document):
	pass
