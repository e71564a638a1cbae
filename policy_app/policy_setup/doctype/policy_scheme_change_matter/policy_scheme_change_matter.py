from frappe.model.document import Document


class PolicySchemeChangeMatter(Document):
	pass
