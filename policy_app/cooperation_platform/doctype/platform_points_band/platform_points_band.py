from frappe.model.document import Document


class PlatformPointsBand(Document):
	pass
