from frappe.model.document import Document


class PolicySchemeEligibilityCondition(Document):
	pass
