from policy_app.recognition.application import RecognitionApplication


class ServiceInstitutionApplication(RecognitionApplication):
	pass
