from frappe.model.document import Document


class EnterpriseNeedPush(Document):
	pass
