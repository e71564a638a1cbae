from frappe.model.document import Document


class ApprovalDelegationRole(Document):
	pass
