from frappe.model.document import Document


class CooperationMatchOutcome(Document):
	pass
