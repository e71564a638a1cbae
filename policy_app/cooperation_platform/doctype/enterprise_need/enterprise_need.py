"""An enterprise's need for international cooperation (XX-BASE §11), recorded by its district and
pushed to one or more cooperation bases (§12). Only those bases, the district, the bureau and the
enterprise itself see it."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime, today

from policy_app.controllers.stages import states_in
from policy_app.cooperation_platform.common import active_base, notify, org_users
from policy_app.engine import stages

#: match stages (办理阶段) after which a push can no longer be taken back: proposed and every later one
#: but a declined match
LIVE_MATCH = (
	stages.PARTY_CONSENT,
	stages.DISTRICT,
	stages.UNDER_WAY,
	stages.OUTCOME_REVIEW,
	stages.CONCLUDED,
)


class EnterpriseNeed(Document):
	def validate(self):
		if not self.year:
			self.year = getdate(today()).year
		if self.is_new() and self.deadline and getdate(self.deadline) < getdate(today()):
			frappe.throw(
				_("The deadline {0} has already passed").format(self.deadline), title=_("Invalid deadline")
			)
		if self.status == "Matched" and self.has_value_changed("status") and not self.flags.from_match:
			frappe.throw(_("A need becomes Matched only when a match is confirmed"))
		self.check_pushes()

	def check_pushes(self):
		seen = set()
		for row in self.pushed_to:
			if row.base in seen:
				frappe.throw(
					_("Row {0}: the need is already pushed to {1}").format(
						row.idx, row.base_name or row.base
					),
					title=_("Pushed twice"),
				)
			seen.add(row.base)
			if not row.pushed_on:
				if self.status in ("Concluded", "Withdrawn"):
					frappe.throw(_("A concluded or withdrawn need cannot be pushed"))
				base = active_base(row.base)
				row.base_organization, row.base_name = base.organization, base.organization_name
				row.pushed_on, row.pushed_by = now_datetime(), frappe.session.user
				row.flags.new_push = True
		before = self.get_doc_before_save()
		if before:
			removed = {r.base for r in before.pushed_to} - seen
			for base in removed:
				if frappe.db.exists(
					"Cooperation Match",
					{
						"need": self.name,
						"base": base,
						"workflow_state": ["in", states_in("Cooperation Match", *LIVE_MATCH) or [""]],
					},
				):
					frappe.throw(
						_("Base {0} has a match on this need; the push cannot be taken back").format(base),
						title=_("Match exists"),
					)

	def on_update(self):
		for row in self.pushed_to:
			if row.flags.get("new_push"):
				notify(
					org_users(row.base_organization),
					self,
					_("New enterprise need pushed to your base: {0}").format(self.title),
				)

	@frappe.whitelist()
	def push(self, bases: list[str] | str):
		"""Push the need to more bases (the district's real-time push of XX-BASE §12)."""
		self.check_permission("write")
		if isinstance(bases, str):
			bases = frappe.parse_json(bases) if bases.startswith("[") else [bases]
		have = {r.base for r in self.pushed_to}
		for base in bases:
			if base not in have:
				self.append("pushed_to", {"base": base})
		self.save()
		return [r.base for r in self.pushed_to]


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def active_bases(doctype, txt, searchfield, start, page_len, filters):
	"""Link search for the push table: a district pushes to any active base of the area, including
	bases of other districts it cannot otherwise read."""
	if not frappe.has_permission("Enterprise Need", "write"):
		return []
	return frappe.db.sql(
		"""select name, organization_name from `tabCooperation Base`
		where status = 'Active' and (name like %(txt)s or organization_name like %(txt)s)
		order by organization_name limit %(start)s, %(page_len)s""",
		{"txt": f"%{txt}%", "start": start, "page_len": page_len},
	)
