from frappe.utils import today

from policy_app.recognition.application import RecognitionApplication


class CooperationBaseApplication(RecognitionApplication):
	def on_submission(self):
		"""申报日期 of the Qingdao 申请书 (附件1): the day the applicant submits, kept on the form."""
		super().on_submission()
		self.submitted_on = today()
