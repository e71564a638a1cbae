from frappe.model.document import Document


class ApprovalChaseLog(Document):
	pass
