from frappe.model.document import Document


class PolicyExpertRelatedOrganization(Document):
	pass
