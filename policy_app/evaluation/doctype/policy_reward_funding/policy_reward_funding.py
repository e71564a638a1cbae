from frappe.model.document import Document


class PolicyRewardFunding(Document):
	pass
