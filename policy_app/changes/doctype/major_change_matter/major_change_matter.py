from frappe.model.document import Document


class MajorChangeMatter(Document):
	pass
