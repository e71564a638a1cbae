from frappe.model.document import Document


class PolicySchemeInstalment(Document):
	pass
