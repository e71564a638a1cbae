from frappe.model.document import Document


class PolicyEvaluationItem(Document):
	pass
