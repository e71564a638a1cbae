"""Next year's holiday calendar: the administrators hear it is missing before January needs it."""

import frappe

from factories import make_user
from policy_app.policy_setup.calendar_watch import missing_next_year, warn_missing_next_year


def reminders(user):
	return frappe.get_all(
		"Notification Log", filters={"for_user": user, "document_type": "Holiday Calendar"}, pluck="subject"
	)


def test_the_administrators_are_reminded_once_from_november():
	admin = make_user("cal.admin@policy.test", ["Policy Administrator"])
	officer = make_user("cal.officer@policy.test", ["Bureau Officer"])
	frappe.set_user("Administrator")
	year, missing = missing_next_year("2026-12-01")
	if not missing:
		# a site whose administrator already added the year: nothing to say
		assert warn_missing_next_year("2026-12-01") == []
		return
	assert year == 2027 and missing == ["CN"]
	assert warn_missing_next_year("2026-10-31") == []  # not yet expected
	assert admin in warn_missing_next_year("2026-12-01")
	assert admin not in warn_missing_next_year("2026-12-02")  # once
	(subject,) = reminders(admin)
	assert "2027" in subject and "CN" in subject
	assert not reminders(officer)
	# the administrator adds 2027: no more reminders
	frappe.get_doc(
		{"doctype": "Holiday Calendar", "code": "CN-2027-TEST", "region": "CN", "year": 2027}
	).insert()
	assert missing_next_year("2026-12-03") == (2027, [])
	assert warn_missing_next_year("2026-12-03") == []


def test_the_daily_job_is_scheduled():
	daily = frappe.get_hooks("scheduler_events", app_name="policy_app")["daily"]
	assert "policy_app.policy_setup.calendar_watch.warn_missing_next_year" in daily
