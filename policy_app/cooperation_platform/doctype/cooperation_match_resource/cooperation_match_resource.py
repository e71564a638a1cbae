from frappe.model.document import Document


class CooperationMatchResource(Document):
	pass
