from frappe.model.document import Document


class PolicySchemeReviewCriterion(Document):
	pass
