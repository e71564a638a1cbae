"""Adding people (#15 item 7): the bureau's policy administrator adds an officer, an expert or an
applicant user in one `Policy User Setup` form, or many from a sheet with Frappe's Data Import. One
save gives the User language zh, the site's time zone, the role profile, the User Permission of the
role's scope and, for an expert, the `Policy Expert` profile; a second save changes nothing. Each test
acts as the administrator (or the officer / applicant who is refused); set-up is done as Administrator.
"""

from __future__ import annotations

import frappe
import pytest

from factories import make_district, make_org, make_user

AD, BO, PA = "Policy Administrator", "Bureau Officer", "Policy Applicant"
SETUP = "Policy User Setup"


@pytest.fixture
def world():
	district = make_district("人员设置测试部门")
	org = make_org("人员设置测试企业", district, 1501)
	admin = make_user("people.admin@policy.test", [AD])
	return frappe._dict(district=district, org=org, admin=admin)


def add(who: str, **values):
	frappe.set_user(who)
	try:
		return frappe.get_doc({"doctype": SETUP, **values}).insert()
	finally:
		frappe.set_user("Administrator")


def perms(user: str, allow: str) -> list[str]:
	return frappe.get_all("User Permission", filters={"user": user, "allow": allow}, pluck="for_value")


def site_zone() -> str:
	return frappe.db.get_single_value("System Settings", "time_zone")


def test_a_district_officer_in_one_save_chinese_site_zone_scoped_to_their_department(world):
	doc = add(
		world.admin,
		full_name="王推荐",
		email="People.Officer@policy.test ",
		mobile_no="13700001501",
		role_profile="District Officer Profile",
		district=world.district,
	)
	user = frappe.get_doc("User", "people.officer@policy.test")
	assert doc.user == user.name and doc.name == user.name
	assert user.full_name == "王推荐" and user.mobile_no == "13700001501"
	assert user.language == "zh"
	assert user.time_zone == site_zone() and user.time_zone != "Asia/Kolkata"
	assert user.role_profile_name == "District Officer Profile"
	assert {r.role for r in user.roles} == {"District Officer"}
	assert perms(user.name, "District") == [world.district]
	assert perms(user.name, "Applicant Organization") == []
	assert not frappe.db.exists("Policy Expert", {"user": user.name})


def test_an_applicant_gets_their_organisation_and_no_department(world):
	add(
		world.admin,
		full_name="李申报",
		email="people.applicant@policy.test",
		role_profile="Policy Applicant Profile",
		organization=world.org,
		district=world.district,  # not an officer: ignored, no department given
	)
	assert perms("people.applicant@policy.test", "Applicant Organization") == [world.org]
	assert perms("people.applicant@policy.test", "District") == []
	# an applicant is a website user: their organisation's forms are on the portal (/policy), not the desk
	assert frappe.db.get_value("User", "people.applicant@policy.test", "user_type") == "Website User"
	assert frappe.db.get_value(SETUP, "people.applicant@policy.test", "district") is None


def test_an_expert_gets_the_policy_expert_profile_with_fields_employer_and_avoid_list(world):
	doc = add(
		world.admin,
		full_name="赵专家",
		email="people.expert@policy.test",
		role_profile="Policy Expert Profile",
		technical_fields="人工智能,生物医药",
		employer="西北大学",
		declared_conflicts="某某科技有限公司",
	)
	expert = frappe.get_doc("Policy Expert", doc.expert)
	assert expert.user == "people.expert@policy.test" and expert.expert_name == "赵专家"
	assert expert.active == 1
	assert expert.technical_fields == "人工智能, 生物医药"
	assert expert.employer == "西北大学" and expert.declared_conflicts == "某某科技有限公司"
	assert "Policy Expert" in frappe.get_roles("people.expert@policy.test")


def test_saving_twice_changes_nothing_twice(world):
	doc = add(
		world.admin,
		full_name="赵专家",
		email="people.twice@policy.test",
		role_profile="Policy Expert Profile",
		technical_fields="人工智能",
	)
	user_modified = frappe.db.get_value("User", doc.user, "modified")
	expert_modified = frappe.db.get_value("Policy Expert", doc.expert, "modified")
	frappe.set_user(world.admin)
	again = frappe.get_doc(SETUP, doc.name)
	again.save()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("User", doc.user, "modified") == user_modified
	assert frappe.db.get_value("Policy Expert", doc.expert, "modified") == expert_modified
	assert frappe.db.count("Policy Expert", {"user": doc.user}) == 1
	assert frappe.db.count("User Permission", {"user": doc.user}) == 0


def test_a_new_department_replaces_the_one_the_form_gave(world):
	other = make_district("人员设置测试部门乙")
	doc = add(
		world.admin,
		full_name="王推荐",
		email="people.moved@policy.test",
		role_profile="District Officer Profile",
		district=world.district,
	)
	frappe.set_user(world.admin)
	doc = frappe.get_doc(SETUP, doc.name)
	doc.district = other
	doc.save()
	frappe.set_user("Administrator")
	assert perms(doc.user, "District") == [other]


def test_an_applicant_without_organisation_is_refused_in_chinese_and_nothing_is_stored(world):
	frappe.local.lang = "zh"
	with pytest.raises(frappe.MandatoryError) as e:
		add(
			world.admin,
			full_name="李申报",
			email="people.noorg@policy.test",
			role_profile="Policy Applicant Profile",
		)
	assert "申报单位用户角色模板须填写" in str(e.value)
	assert not frappe.db.exists(SETUP, "people.noorg@policy.test")
	assert not frappe.db.exists("User", "people.noorg@policy.test")


def test_an_email_of_another_person_is_refused_and_their_account_is_untouched(world):
	# a site manager's account: never rewritten from this form
	make_user("people.manager@policy.test", ["System Manager"])
	before = frappe.db.get_value("User", "people.manager@policy.test", ["full_name", "modified"])
	frappe.local.lang = "zh"
	with pytest.raises(frappe.DuplicateEntryError) as e:
		add(
			world.admin,
			full_name="冒名者",
			email="people.manager@policy.test",
			role_profile="Bureau Officer Profile",
		)
	assert "已属于他人" in str(e.value)
	assert not frappe.db.exists(SETUP, "people.manager@policy.test")
	assert frappe.db.get_value("User", "people.manager@policy.test", ["full_name", "modified"]) == before
	assert "System Manager" in frappe.get_roles("people.manager@policy.test")


def test_a_mobile_number_of_another_user_is_refused(world):
	frappe.db.set_value("User", world.admin, "mobile_no", "13700009999")
	with pytest.raises(frappe.DuplicateEntryError):
		add(
			world.admin,
			full_name="钱经办",
			email="people.mobile@policy.test",
			mobile_no="13700009999",
			role_profile="Bureau Officer Profile",
		)
	assert not frappe.db.exists("User", "people.mobile@policy.test")


def test_two_people_of_the_same_name_each_get_their_own_login(world):
	"""Frappe names a username after the person; a second 王伟 is saved without a message."""
	frappe.clear_messages()  # the set-up's
	for email in ("people.wang1@policy.test", "people.wang2@policy.test"):
		add(world.admin, full_name="王伟", email=email, role_profile="Bureau Officer Profile")
	names = frappe.get_all("User", filters={"full_name": "王伟"}, pluck="username")
	assert sorted(names) == ["people.wang1", "people.wang2"]
	assert not frappe.get_message_log()


def test_a_welcome_email_only_when_ticked_and_only_once(world, monkeypatch):
	from frappe.core.doctype.user.user import User

	sent = []
	# the site has no outgoing mail account: record what Frappe would send
	monkeypatch.setattr(User, "send_welcome_mail_to_user", lambda self: sent.append(self.name))
	add(
		world.admin,
		full_name="钱经办",
		email="people.quiet@policy.test",
		role_profile="Bureau Officer Profile",
	)
	assert sent == []
	doc = add(
		world.admin,
		full_name="钱经办",
		email="people.welcome@policy.test",
		role_profile="Bureau Officer Profile",
		send_welcome_email=1,
	)
	assert sent == ["people.welcome@policy.test"]
	frappe.set_user(world.admin)
	frappe.get_doc(SETUP, doc.name).save()
	# ticked later on the first one's record: sent then, once
	quiet = frappe.get_doc(SETUP, "people.quiet@policy.test")
	quiet.send_welcome_email = 1
	quiet.save()
	quiet.save()
	frappe.set_user("Administrator")
	assert sent == ["people.welcome@policy.test", "people.quiet@policy.test"]


@pytest.mark.parametrize("role", [BO, PA])
def test_a_bureau_officer_or_an_applicant_may_not_add_people(world, role):
	who = make_user(
		f"people.{frappe.scrub(role)}@policy.test", [role], orgs=[world.org] if role == PA else ()
	)
	with pytest.raises(frappe.PermissionError):
		add(
			who,
			full_name="越权",
			email="people.forbidden@policy.test",
			role_profile="Policy Administrator Profile",
		)
	assert not frappe.db.exists("User", "people.forbidden@policy.test")
	frappe.set_user(who)
	try:
		with pytest.raises(frappe.PermissionError):
			frappe.call(
				"policy_app.policy_setup.people.role_profile_query",
				doctype="Role Profile",
				txt="",
				searchfield="name",
				start=0,
				page_len=20,
				filters={},
			)
	finally:
		frappe.set_user("Administrator")


def test_typing_申报_finds_the_applicant_profile_in_chinese(world):
	from policy_app.core_guards import search_link

	frappe.local.lang = "zh"
	# the form's list of kinds, as the administrator
	frappe.set_user(world.admin)
	found = search_link(
		"Role Profile", "申报", query="policy_app.policy_setup.people.role_profile_query", page_length=20
	)
	assert [r["value"] for r in found] == ["Policy Applicant Profile"]
	# the pick is validated for them (select on Role Profile), though they never open a profile
	from frappe.client import validate_link

	assert validate_link("Role Profile", "Policy Applicant Profile").name == "Policy Applicant Profile"
	assert not frappe.has_permission("Role Profile", "read")
	frappe.set_user("Administrator")
	# any Role Profile link of the desk (the User form's), Frappe's own search: a translated DocType
	assert frappe.get_meta("Role Profile").translated_doctype
	found = search_link("Role Profile", "申报", page_length=20)
	assert "Policy Applicant Profile" in [r["value"] for r in found]
	assert frappe._("Policy Applicant Profile") == "申报单位用户角色模板"


def test_a_site_without_a_time_zone_gets_the_bureaus_and_users_no_longer_get_kolkata(world):
	from policy_app.patches.v0_1 import site_time_zone_for_people

	frappe.db.set_single_value("System Settings", "time_zone", "")
	frappe.clear_document_cache("System Settings", "System Settings")
	if hasattr(frappe.local, "system_settings"):
		del frappe.local.system_settings
	old = make_user("people.kolkata@policy.test", [BO])
	frappe.db.set_value("User", old, "time_zone", "Asia/Kolkata")  # what Frappe's fallback gave
	site_time_zone_for_people.execute()
	assert frappe.db.get_single_value("System Settings", "time_zone") == "Asia/Shanghai"
	assert frappe.db.get_value("User", old, "time_zone") == "Asia/Shanghai"
	doc = add(
		world.admin,
		full_name="孙经办",
		email="people.zone@policy.test",
		role_profile="Bureau Officer Profile",
	)
	assert frappe.db.get_value("User", doc.user, "time_zone") == "Asia/Shanghai"


def test_a_chinese_sheet_of_ten_people_imported_with_data_import_makes_ten_users(world, monkeypatch):
	from frappe.core.doctype.data_import.data_import import start_import

	# the columns as the Chinese template of Data Import heads them; the kind is the profile's name
	rows = ["全名,电子邮件,人员类别,组织推荐部门,单位,专业领域"]
	for i in range(10):
		kind, district, org, fields = [
			("District Officer Profile", world.district, "", ""),
			("Policy Applicant Profile", "", world.org, ""),
			("Policy Expert Profile", "", "", "人工智能"),
			("Bureau Officer Profile", "", "", ""),
		][i % 4]
		rows.append(f"批量{i},people.bulk{i}@policy.test,{kind},{district},{org},{fields}")
	# the importer commits after each row; here the test's transaction stays one, rolled back after
	monkeypatch.setattr(frappe.db, "commit", lambda *a, **k: None)
	frappe.set_user(world.admin)
	frappe.local.lang = "zh"
	f = frappe.get_doc(
		{"doctype": "File", "file_name": "people.csv", "content": "\n".join(rows), "is_private": 1}
	).insert()
	di = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": SETUP,
			"import_type": "Insert New Records",
			"import_file": f.file_url,
		}
	).insert()
	start_import(di.name)
	frappe.set_user("Administrator")
	status = frappe.db.get_value("Data Import", di.name, "status")
	logs = frappe.get_all("Data Import Log", filters={"data_import": di.name}, fields=["success", "messages"])
	assert status == "Success", logs
	for i in range(10):
		email = f"people.bulk{i}@policy.test"
		assert frappe.db.get_value("User", email, "language") == "zh"
		assert frappe.db.get_value("User", email, "time_zone") == site_zone()
	assert perms("people.bulk0@policy.test", "District") == [world.district]
	assert perms("people.bulk1@policy.test", "Applicant Organization") == [world.org]
	assert frappe.db.exists("Policy Expert", {"user": "people.bulk2@policy.test"})
	assert (
		frappe.db.get_value("User", "people.bulk3@policy.test", "role_profile_name")
		== "Bureau Officer Profile"
	)
