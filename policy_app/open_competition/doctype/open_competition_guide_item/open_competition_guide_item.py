from frappe.model.document import Document


class OpenCompetitionGuideItem(Document):
	pass
