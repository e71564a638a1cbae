"""Schemes are editable records validated by the engine; an edit changes the next computation."""

from decimal import Decimal

import frappe
import pytest

from policy_app.engine.scoring import band_for
from policy_app.policy_setup.schemes import get_scheme, notice_end


def _band(doc, grade):
	return next(b for b in doc.grade_bands if b.grade == grade)


def test_overlapping_bands_are_refused_and_nothing_is_stored():
	doc = frappe.get_doc("Policy Scheme", "XX-BASE")
	_band(doc, "good").max_score = 85
	with pytest.raises(frappe.ValidationError, match="overlap"):
		doc.save()
	frappe.db.rollback()
	assert (
		frappe.db.get_value("Policy Scheme Grade Band", {"parent": "XX-BASE", "grade": "good"}, "max_score")
		== 80
	)


def test_errors_are_in_chinese_for_a_chinese_user():
	frappe.local.lang = "zh"
	doc = frappe.get_doc("Policy Scheme", "XX-BASE")
	doc.quotas[0].percent = 140
	with pytest.raises(frappe.ValidationError) as e:
		doc.save()
	assert "政策方案数据不一致" in str(e.value) and "应不大于 100" in str(e.value)


def test_negative_cap_is_refused():
	doc = frappe.get_doc("Policy Scheme", "XX-SVC")
	rule = next(r for r in doc.reward_rules if r.code == "svc_operations")
	rule.per_year_cap = -1
	with pytest.raises(frappe.ValidationError, match="per_year_cap"):
		doc.save()


def test_an_edit_on_the_form_changes_the_next_computation():
	before = get_scheme("XX-BASE")
	assert band_for(before, Decimal("82")).grade == "excellent"
	doc = frappe.get_doc("Policy Scheme", "XX-BASE")
	_band(doc, "excellent").min_score = 85
	_band(doc, "good").max_score = 85
	doc.save()
	after = get_scheme("XX-BASE")
	assert band_for(after, Decimal("82")).grade == "good"
	assert band_for(after, Decimal("85")).grade == "excellent"


def test_notice_period_counts_working_days_from_the_site_calendar():
	# published Monday 28 Sep 2026: 29, 30 Sep, National Day 1-7 Oct, then 8, 9 and Saturday 10 Oct (make-up)
	assert notice_end("XX-BASE", "recognition", "2026-09-28") == "2026-10-10"
	cal = frappe.get_doc("Holiday Calendar", "CN-2026")
	cal.days = [d for d in cal.days if str(d.day) != "2026-10-10"]
	cal.save()
	assert notice_end("XX-BASE", "recognition", "2026-09-28") == "2026-10-12"


def test_unknown_scheme_is_a_clear_error():
	with pytest.raises(frappe.DoesNotExistError, match="NOPE"):
		get_scheme("NOPE")
