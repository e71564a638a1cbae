from frappe.model.document import Document

from policy_app.policy_setup.schemes import calendar_from_record


class HolidayCalendar(Document):
	def validate(self):
		self.days.sort(key=lambda d: str(d.day))
		for i, d in enumerate(self.days, start=1):
			d.idx = i
		calendar_from_record(self.as_dict())
