from frappe.model.document import Document


class PolicySchemeRubricSection(Document):
	pass
