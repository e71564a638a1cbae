from frappe.model.document import Document


class PolicySchemeNoticePeriod(Document):
	pass
