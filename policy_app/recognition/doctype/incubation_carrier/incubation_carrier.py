from policy_app.recognition.certification import CertifiedRecord


class IncubationCarrier(CertifiedRecord):
	pass
