from frappe.model.document import Document


class PolicySchemeGradeBand(Document):
	pass
