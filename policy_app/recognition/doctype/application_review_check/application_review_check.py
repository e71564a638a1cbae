from frappe.model.document import Document


class ApplicationReviewCheck(Document):
	pass
