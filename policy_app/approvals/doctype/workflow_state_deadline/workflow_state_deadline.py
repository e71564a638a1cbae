"""A time limit in working days on one state of one workflow (see policy_app/approvals/deadlines.py)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.workflow import get_workflow_name

from policy_app.engine.models import DEFAULT_REGION


class WorkflowStateDeadline(Document):
	def validate(self):
		wf = get_workflow_name(self.document_type)
		if not wf:
			frappe.throw(_("{0} has no workflow").format(_(self.document_type)), title=_("Invalid deadline"))
		states = {s.state for s in frappe.get_doc("Workflow", wf).states}
		if self.state not in states:
			frappe.throw(
				_("{0} is not a state of workflow {1}").format(
					_(self.state, context=self.document_type), _(wf)
				),
				title=_("Invalid deadline"),
			)
		if (self.working_days or 0) < 1:
			frappe.throw(_("The time limit is at least one working day"), title=_("Invalid deadline"))
		if (self.remind_before or 0) < 0:
			frappe.throw(_("Reminders cannot start after the limit"), title=_("Invalid deadline"))
		other = frappe.db.get_value(
			"Workflow State Deadline",
			{"document_type": self.document_type, "state": self.state, "name": ["!=", self.name]},
		)
		if other:
			frappe.throw(
				_("{0} in {1} already has a time limit ({2})").format(
					_(self.document_type), _(self.state, context=self.document_type), other
				),
				title=_("Duplicate deadline"),
			)
		if not frappe.db.exists("Holiday Calendar", {"region": self.holiday_calendar or DEFAULT_REGION}):
			frappe.throw(
				_("No holiday calendar for region {0}").format(self.holiday_calendar),
				title=_("Invalid deadline"),
			)
