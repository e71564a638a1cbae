from policy_app.recognition.certification import CertifiedRecord


class ServiceInstitution(CertifiedRecord):
	pass
