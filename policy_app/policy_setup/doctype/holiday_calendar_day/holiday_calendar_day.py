from frappe.model.document import Document


class HolidayCalendarDay(Document):
	pass
