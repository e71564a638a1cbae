from policy_app.cooperation_platform.common import ConfirmedRecord


class OverseasResource(ConfirmedRecord):
	kind_field = "resource_kind"
	date_field = "collected_on"
