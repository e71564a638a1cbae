from frappe.model.document import Document


class CertifiedRecordChange(Document):
	pass
