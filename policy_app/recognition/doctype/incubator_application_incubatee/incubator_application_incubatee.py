from frappe.model.document import Document


class IncubatorApplicationIncubatee(Document):
	pass
