from frappe.model.document import Document


class PolicySchemeChecklistItem(Document):
	pass
