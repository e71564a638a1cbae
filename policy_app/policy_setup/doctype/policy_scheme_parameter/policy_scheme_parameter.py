from frappe.model.document import Document


class PolicySchemeParameter(Document):
	pass
