from policy_app.recognition.application import RecognitionApplication


class IncubatorApplication(RecognitionApplication):
	pass
