import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from policy_app.engine.errors import PolicyError
from policy_app.engine.models import split_codes
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error


class CallforApplications(Document):
	def validate(self):
		if getdate(self.closes_on) < getdate(self.opens_on):
			frappe.throw(_("The window closes before it opens"), title=_("Invalid window"))
		scheme = get_scheme(self.scheme)
		try:
			scheme.check_effective(getdate(self.opens_on), "opens_on")
			scheme.check_effective(getdate(self.closes_on), "closes_on")
			for code in split_codes(self.types_open):
				scheme.category(code, "type" if scheme.family != "open_competition" else "category")
		except PolicyError as e:
			throw_policy_error(e, _("Invalid call for applications"))

	def is_open(self, on=None) -> bool:
		on = getdate(on or today())
		return getdate(self.opens_on) <= on <= getdate(self.closes_on)
