"""XX-INC §7.3 says incubatees are firms 成立不满48个月 (60 for biomedicine): younger than 48 months, so
48 itself no longer qualifies. Move the shipped conditions from "at most" to "less than" where the
scheme still has the shipped operator; an administrator's own choice stays."""

from policy_app.setup.shipped import update_shipped_default


def execute():
	for code in ("inc7_3_age", "inc7_3_age_bio"):
		update_shipped_default(
			"Policy Scheme",
			"XX-INC",
			"operator",
			"lte",
			"lt",
			table="eligibility_conditions",
			row={"code": code},
		)
