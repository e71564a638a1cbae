from frappe.model.document import Document


class PolicySchemeHistoryRule(Document):
	pass
