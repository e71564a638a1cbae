from frappe.model.document import Document


class PolicySchemeCategory(Document):
	pass
