from frappe.model.document import Document


class PolicySchemeMedalTier(Document):
	pass
