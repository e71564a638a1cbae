from frappe.model.document import Document


class PolicyBudget(Document):
	pass
