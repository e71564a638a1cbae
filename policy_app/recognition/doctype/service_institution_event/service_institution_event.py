"""One free event a service institution held for the New Area's enterprises (XX-SVC §10: 政策宣讲、专题
培训、企业家沙龙、产学研金对接等活动), with its attendance and evidence; counted in the evaluation of its year
(engine.scoring.events_adjustment)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, today


class ServiceInstitutionEvent(Document):
	def validate(self):
		on = getdate(self.event_date)
		if on > getdate(today()):
			frappe.throw(
				_("An event is recorded once it has been held: {0} is in the future").format(
					frappe.format(on, "Date")
				),
				title=_("Event not yet held"),
			)
		if cint(self.attendees) <= 0:
			frappe.throw(_("Give the number of attendees of the event"), title=_("Attendance required"))
		self.year = on.year
