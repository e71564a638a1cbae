from frappe import _
from frappe.utils import cint

from policy_app.engine.errors import PolicyError
from policy_app.engine.forms import ServiceFormFigures, service_form_shares
from policy_app.engine.money import to_money
from policy_app.policy_setup.schemes import throw_policy_error
from policy_app.recognition.application import RecognitionApplication


def form_figures(doc) -> ServiceFormFigures:
	return ServiceFormFigures(
		staff_total=cint(doc.staff_total),
		staff_fulltime=cint(doc.staff_fulltime),
		staff_bachelor=cint(doc.staff_bachelor),
		staff_mid_title=cint(doc.staff_mid_title),
		staff_qualified=cint(doc.staff_qualified),
		revenue_total=to_money(doc.revenue_total or 0, "revenue_total"),
		service_revenue=to_money(doc.annual_service_revenue or 0, "annual_service_revenue"),
		profit_tax_total=to_money(doc.profit_tax_total or 0, "profit_tax_total"),
	)


def stored_shares(doc) -> dict | None:
	"""The four shares of the 申报表 (XX-SVC 附件) as stored on the form; None when its figures are
	refused (an old record the patch leaves to its applicant)."""
	try:
		s = service_form_shares(form_figures(doc))
	except PolicyError:
		return None
	return {
		"staff_fulltime_ratio": float(s.staff_fulltime_ratio),
		"staff_qualified_ratio": float(s.staff_qualified_ratio),
		"service_revenue_ratio": float(s.service_revenue_ratio),
		"profit_tax_ratio": float(s.profit_tax_ratio),
	}


class ServiceInstitutionApplication(RecognitionApplication):
	def validate(self):
		self.set_shares()
		super().validate()

	def set_shares(self):
		"""专职人员占比, 本科及中级职称以上占比, 科技服务收入占营业收入的比例, 利税总额占营业收入的比例 from the
		form's own figures (engine.forms); a part larger than its whole is refused."""
		try:
			s = service_form_shares(form_figures(self))
		except PolicyError as e:
			throw_policy_error(e, _("Invalid application form"))
		self.staff_fulltime_ratio = float(s.staff_fulltime_ratio)
		self.staff_qualified_ratio = float(s.staff_qualified_ratio)
		self.service_revenue_ratio = float(s.service_revenue_ratio)
		self.profit_tax_ratio = float(s.profit_tax_ratio)
