from frappe.model.document import Document


class PolicySchemeQuota(Document):
	pass
