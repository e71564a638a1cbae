from frappe.model.document import Document


class OrganizationRelatedParty(Document):
	pass
