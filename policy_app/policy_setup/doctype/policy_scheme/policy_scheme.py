import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from policy_app.engine.calendar import validity_end, validity_years_to
from policy_app.engine.errors import PolicyError
from policy_app.engine.models import TABLES, ZERO_MEANING
from policy_app.policy_setup import versions
from policy_app.policy_setup.facts import check_condition_facts
from policy_app.policy_setup.schemes import scheme_from_record, throw_policy_error, user_lang
from policy_app.recognition.printing import check_print_format


class PolicyScheme(Document):
	def validate(self):
		# the engine's model is the one judge of consistency: bands, quotas, caps, references
		scheme_from_record(self.as_dict())
		# a version amends its scheme from a later date and is never edited once in force
		versions.check_version(self)
		# a condition reads a field of the application form (or a fact the app derives), never a typo;
		# not while patches run: an older patch saves a scheme whose facts a later patch renames
		if not (frappe.flags.in_patch or frappe.flags.in_install):
			check_condition_facts(self)
		# the print format its applications print in prints that kind of application
		check_print_format(self)

	def on_update(self):
		versions.forget(self)

	def on_trash(self):
		versions.forget(self)

	@property
	def effective_to(self):
		"""有效期至 (virtual field): the engine's end of the effective period."""
		if self.effective_from and self.effective_years:
			return validity_end(getdate(self.effective_from), int(self.effective_years))
		return None

	def onload(self):
		# what a 0 stands for in each optional number of the child tables, shown by the form instead of 0
		zh = user_lang().startswith("zh")
		zero = {}
		for table, model in TABLES.items():
			if model.ZERO_IS_UNSET:
				zero[self.meta.get_field(table).options] = {
					f: ZERO_MEANING[m][1 if zh else 0] for f, m in model.ZERO_IS_UNSET.items()
				}
		self.set_onload("zero_is_unset", zero)
		# the app ships this scheme: the menu offers to restore its shipped content
		from policy_app.setup.shipped import record_name, shipped_records

		self.set_onload(
			"shipped", any(record_name(dt, data) == self.name for dt, data in shipped_records(self.doctype))
		)

	@frappe.whitelist()
	def restore_shipped_default(self):
		from policy_app.setup.shipped import restore

		frappe.only_for(("Policy Administrator", "System Manager"))
		restore(self.doctype, self.name)
		return True


@frappe.whitelist()
def years_to_end(effective_from: str, end: str) -> int:
	"""有效期（年） for an end date the administrator picks: refused unless whole years from the start."""
	frappe.has_permission("Policy Scheme", "write", throw=True)
	if not effective_from:
		frappe.throw(_("Set the effective-from date before choosing an end date"), title=_("No start date"))
	try:
		return validity_years_to(getdate(effective_from), getdate(end))
	except PolicyError as e:
		throw_policy_error(e, _("Not a whole number of years"))


@frappe.whitelist()
def effective_end(effective_from: str, effective_years: int) -> str | None:
	"""有效期至 for dates on the form not yet saved: the same engine rule as the saved field."""
	frappe.has_permission("Policy Scheme", "read", throw=True)
	if not effective_from or not int(effective_years or 0):
		return None
	return str(validity_end(getdate(effective_from), int(effective_years)))
