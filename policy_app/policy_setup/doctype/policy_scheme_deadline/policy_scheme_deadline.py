from frappe.model.document import Document


class PolicySchemeDeadline(Document):
	pass
