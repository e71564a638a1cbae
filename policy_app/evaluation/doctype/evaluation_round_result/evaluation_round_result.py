from frappe.model.document import Document


class EvaluationRoundResult(Document):
	pass
