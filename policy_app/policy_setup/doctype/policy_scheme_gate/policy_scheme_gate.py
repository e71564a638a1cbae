from frappe.model.document import Document


class PolicySchemeGate(Document):
	pass
