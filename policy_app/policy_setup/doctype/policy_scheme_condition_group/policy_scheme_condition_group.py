from frappe.model.document import Document


class PolicySchemeConditionGroup(Document):
	pass
