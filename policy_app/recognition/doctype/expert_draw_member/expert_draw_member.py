from frappe.model.document import Document


class ExpertDrawMember(Document):
	pass
