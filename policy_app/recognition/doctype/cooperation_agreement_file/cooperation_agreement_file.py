from frappe.model.document import Document


class CooperationAgreementFile(Document):
	pass
