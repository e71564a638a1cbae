from policy_app.recognition.application import RecognitionApplication


class CooperationBaseApplication(RecognitionApplication):
	pass
