from frappe.model.document import Document


class PolicySchemeRubricItem(Document):
	pass
