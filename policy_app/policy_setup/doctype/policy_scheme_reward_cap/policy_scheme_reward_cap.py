from frappe.model.document import Document


class PolicySchemeRewardCap(Document):
	pass
