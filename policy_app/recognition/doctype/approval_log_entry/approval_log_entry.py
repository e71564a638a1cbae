from frappe.model.document import Document


class ApprovalLogEntry(Document):
	pass
