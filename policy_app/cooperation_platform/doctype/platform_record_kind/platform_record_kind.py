from frappe.model.document import Document


class PlatformRecordKind(Document):
	pass
