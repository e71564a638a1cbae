from policy_app.recognition.certification import CertifiedRecord


class CooperationBase(CertifiedRecord):
	pass
