from frappe.model.document import Document


class PolicySchemeRewardRule(Document):
	pass
