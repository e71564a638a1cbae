from frappe.model.document import Document


class PolicyEvaluationExpert(Document):
	pass
