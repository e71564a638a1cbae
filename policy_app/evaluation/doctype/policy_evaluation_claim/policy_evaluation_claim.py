from frappe.model.document import Document


class PolicyEvaluationClaim(Document):
	pass
