from policy_app.cooperation_platform.common import ConfirmedRecord


class BaseActivity(ConfirmedRecord):
	kind_field = "activity_kind"
	date_field = "activity_date"
