from frappe.model.document import Document


class OverseasPartner(Document):
	pass
