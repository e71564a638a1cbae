"""Organisations: credit-code check and district / organisation scoping, in Python and over REST."""

import threading

import frappe
import pytest
from werkzeug.test import Client

from factories import credit_code, make_district, make_org, make_user


def test_credit_code_check_digit():
	make_district("测试推荐部门甲")
	good = make_org("甲公司", "测试推荐部门甲", 1)
	assert frappe.db.get_value("Applicant Organization", good, "unified_social_credit_code") == credit_code(1)
	bad = credit_code(2)[:-1] + ("0" if credit_code(2)[-1] != "0" else "1")
	with pytest.raises(frappe.ValidationError, match="check character"):
		frappe.get_doc(
			{
				"doctype": "Applicant Organization",
				"organization_name": "乙公司",
				"unified_social_credit_code": bad,
				"recommending_district": "测试推荐部门甲",
			}
		).insert()
	with pytest.raises(frappe.ValidationError, match="18 characters"):
		frappe.get_doc(
			{
				"doctype": "Applicant Organization",
				"organization_name": "丙",
				"unified_social_credit_code": "123",
			}
		).insert()


@pytest.fixture
def two_districts():
	a, b = make_district("测试推荐部门甲"), make_district("测试推荐部门乙")
	org_a, org_b = make_org("甲区企业", a, 11), make_org("乙区企业", b, 12)
	officer_a = make_user("officer.a@policy.test", ["District Officer"], districts=[a])
	applicant = make_user("applicant.a@policy.test", ["Policy Applicant"], orgs=[org_a])
	unscoped = make_user("officer.none@policy.test", ["District Officer"])
	return dict(
		a=a, b=b, org_a=org_a, org_b=org_b, officer_a=officer_a, applicant=applicant, unscoped=unscoped
	)


def test_district_officer_sees_only_their_district(two_districts, as_user):
	t = two_districts
	as_user(t["officer_a"])
	names = frappe.get_list("Applicant Organization", pluck="name", limit_page_length=0)
	assert t["org_a"] in names and t["org_b"] not in names
	assert frappe.get_doc("Applicant Organization", t["org_a"]).has_permission("read")
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Applicant Organization", t["org_b"]).check_permission("read")


def test_applicant_sees_only_their_organisation(two_districts, as_user):
	t = two_districts
	as_user(t["applicant"])
	assert frappe.get_list("Applicant Organization", pluck="name", limit_page_length=0) == [t["org_a"]]
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Applicant Organization", t["org_b"]).check_permission("read")


def test_scoped_role_without_scope_sees_nothing(two_districts, as_user):
	as_user(two_districts["unscoped"])
	assert frappe.get_list("Applicant Organization", pluck="name", limit_page_length=0) == []


def test_bureau_officer_sees_all(two_districts, as_user):
	t = two_districts
	as_user(make_user("bureau@policy.test", ["Bureau Officer"]))
	names = frappe.get_list("Applicant Organization", pluck="name", limit_page_length=0)
	assert {t["org_a"], t["org_b"]} <= set(names)


# ---- over REST: the request runs in its own thread with its own connection, so its data is committed


@pytest.fixture
def committed_scope():
	a, b = make_district("REST推荐部门甲"), make_district("REST推荐部门乙")
	org_a, org_b = make_org("REST甲企业", a, 21), make_org("REST乙企业", b, 22)
	officer = make_user("rest.officer@policy.test", ["District Officer"], districts=[a])
	user = frappe.get_doc("User", officer)
	user.api_key = frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	user.api_secret = secret
	user.save(ignore_permissions=True)
	frappe.db.commit()
	yield dict(org_a=org_a, org_b=org_b, token=f"token {user.api_key}:{secret}")
	for dt, name in (("Applicant Organization", org_a), ("Applicant Organization", org_b)):
		frappe.delete_doc(dt, name, force=True, ignore_permissions=True)
	for p in frappe.get_all("User Permission", filters={"user": officer}, pluck="name"):
		frappe.delete_doc("User Permission", p, force=True, ignore_permissions=True)
	frappe.delete_doc("User", officer, force=True, ignore_permissions=True)
	for d in (a, b):
		frappe.delete_doc("District", d, force=True, ignore_permissions=True)
	frappe.db.commit()


def _get(path: str, token: str):
	from frappe.app import application

	out = {}
	host = frappe.local.site  # the request thread has its own frappe.local

	def call():
		out["r"] = Client(application).get(path, headers={"Authorization": token, "Host": host})

	t = threading.Thread(target=call)
	t.start()
	t.join()
	return out["r"]


def test_rest_denies_another_districts_organisation(committed_scope):
	s = committed_scope
	assert _get(f"/api/resource/Applicant Organization/{s['org_a']}", s["token"]).status_code == 200
	denied = _get(f"/api/resource/Applicant Organization/{s['org_b']}", s["token"])
	assert denied.status_code == 403
	listed = _get("/api/resource/Applicant Organization?limit_page_length=0", s["token"]).get_json()["data"]
	names = {r["name"] for r in listed}
	assert s["org_a"] in names and s["org_b"] not in names


def test_applicant_who_registers_an_organisation_keeps_access_to_it_only(two_districts, as_user):
	t = two_districts
	newcomer = make_user("applicant.new@policy.test", ["Policy Applicant"])
	as_user(newcomer)
	assert frappe.get_list("Applicant Organization", pluck="name") == []
	doc = frappe.get_doc(
		{
			"doctype": "Applicant Organization",
			"organization_name": "新注册企业",
			"unified_social_credit_code": credit_code(31),
			"recommending_district": t["a"],
		}
	).insert()
	frappe.clear_cache(user=newcomer)
	assert frappe.get_list("Applicant Organization", pluck="name") == [doc.name]
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Applicant Organization", t["org_a"]).check_permission("read")
