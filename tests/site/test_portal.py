"""The applicant portal at /policy (#17 item 1, first part), as its people use it over HTTP: a website
user (no desk, no role) asks to act for an organisation by its unified social credit code, the
organisation's district officer confirms it from the desk's form method, and the user then follows the
organisation's cases on /policy and /policy/case. Another district's officer cannot decide the request;
a bad or unregistered code stores nothing; another organisation's case is not found, as a made-up one.

Credit-code seeds 9401–9403."""

from __future__ import annotations

import threading

import frappe
import pytest
from rest_helpers import drop, drop_user, open_scheme, request, token
from werkzeug.test import Client

from factories import (
	SVC_FACTS,
	credit_code,
	make_call,
	make_district,
	make_org,
	make_user,
	service_application,
)

BIND = "Organization Binding Request"
SIA = "Service Institution Application"


def page(path: str, tok: str | None = None):
	"""GET a website page as the token's user (Guest without one): (status, body, Location)."""
	from frappe.app import application

	out = {}
	headers = {"Host": frappe.local.site}
	if tok:
		headers["Authorization"] = tok

	def get():
		out["r"] = Client(application).open(path, method="GET", headers=headers)

	t = threading.Thread(target=get)
	t.start()
	t.join()
	r = out["r"]
	return r.status_code, r.get_data(as_text=True), r.headers.get("Location", "")


def website_user(email: str) -> str:
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": "门户申请人",
				"user_type": "Website User",
				"send_welcome_email": 0,
				"language": "zh",
			}
		).insert(ignore_permissions=True)
	return email


@pytest.fixture(scope="module")
def portal():
	frappe.set_user("Administrator")
	open_scheme("XX-SVC")
	a, b = make_district("门户测试甲区"), make_district("门户测试乙区")
	org_a, org_b = make_org("门户甲区企业", a, 9401), make_org("门户乙区企业", b, 9402)
	people = {
		"user": website_user("portal.user@policy.test"),
		"officer_a": make_user("portal.officer.a@policy.test", ["District Officer"], districts=[a]),
		"officer_b": make_user("portal.officer.b@policy.test", ["District Officer"], districts=[b]),
		"owner_b": make_user("portal.owner.b@policy.test", ["Policy Applicant"], orgs=[org_b]),
	}
	tokens = {k: token(u) for k, u in people.items()}
	call = make_call("XX-SVC", title="门户测试 XX-SVC")
	case_a = service_application(call, org_a).name
	case_b = service_application(call, org_b).name
	frappe.db.commit()
	yield frappe._dict(
		a=a, b=b, org_a=org_a, org_b=org_b, people=people, tokens=tokens, case_a=case_a, case_b=case_b
	)
	frappe.set_user("Administrator")
	frappe.db.rollback()
	frappe.db.delete(BIND, {"user": people["user"]})
	# the fixture's two cases and whatever the portal user made
	for name in frappe.get_all(SIA, filters={"organization": ["in", [org_a, org_b]]}, pluck="name"):
		drop(SIA, name)
	drop("Call for Applications", call.name)
	for user in people.values():
		drop_user(user)
	for org in (org_a, org_b):
		drop("Applicant Organization", org)
	for d in (a, b):
		drop("District", d)
	frappe.db.commit()


def ask(p, code: str):
	return request(
		"POST",
		"/api/method/policy_app.portal.api.request_binding",
		p.tokens["user"],
		{"unified_social_credit_code": code},
		lang="zh",
	)


def requests_of(p) -> list[frappe._dict]:
	frappe.db.rollback()
	return frappe.get_all(BIND, filters={"user": p.people["user"]}, fields=["name", "status", "organization"])


def message(data: dict) -> str:
	import json

	return " ".join(
		json.loads(m).get("message", "") for m in json.loads(data.get("_server_messages") or "[]")
	)


def test_a_guest_is_sent_to_log_in(portal):
	status, _body, location = page("/policy")
	assert status in (301, 302, 303) and "/login" in location, (status, location)


def test_a_wrong_or_unregistered_code_is_refused_and_nothing_is_stored(portal):
	p = portal
	bad = credit_code(9403)[:-1] + ("0" if credit_code(9403)[-1] != "0" else "1")
	status, data = ask(p, bad)
	said = message(data)
	assert status == 417 and "校验码" in said and requests_of(p) == [], (status, said)
	# a valid code no organisation is registered under
	status, data = ask(p, credit_code(9403))
	assert status == 417 and "尚无登记的单位" in message(data), (status, message(data))
	assert requests_of(p) == []


def test_the_user_asks_another_district_cannot_decide_and_the_own_district_confirms(portal):
	p = portal
	code = frappe.db.get_value("Applicant Organization", p.org_a, "unified_social_credit_code")
	# before any binding, the portal lists no case and asks for a code
	status, body, _ = page("/policy", p.tokens["user"])
	assert status == 200 and "申请绑定" in body and p.case_a not in body
	status, data = ask(p, code)
	assert status == 200, (status, data)
	[req] = requests_of(p)
	assert req.status == "Pending" and req.organization == p.org_a
	# asked twice: refused, still one request
	status, data = ask(p, code)
	assert status == 417 and "等待推荐部门确认" in message(data)
	assert len(requests_of(p)) == 1
	# the organisation's district officer has it on their work list; the other district's has not
	todo = lambda u: frappe.db.exists(  # noqa: E731
		"ToDo", {"reference_type": BIND, "reference_name": req.name, "allocated_to": u, "status": "Open"}
	)
	assert todo(p.people["officer_a"]) and not todo(p.people["officer_b"])
	# the other district's officer neither reads nor decides it
	status, data = request("GET", f"/api/resource/{BIND}/{req.name}", p.tokens["officer_b"])
	assert status == 403, (status, data)
	status, data = request(
		"POST",
		"/api/method/run_doc_method",
		p.tokens["officer_b"],
		{"dt": BIND, "dn": req.name, "method": "confirm"},
	)
	assert status in (403, 404) or data.get("exc_type") in ("PermissionError", "DoesNotExistError"), (
		status,
		data,
	)
	assert requests_of(p)[0].status == "Pending"
	assert not frappe.db.exists("User Permission", {"user": p.people["user"], "for_value": p.org_a})
	# its own district's officer confirms it
	status, data = request(
		"POST",
		"/api/method/run_doc_method",
		p.tokens["officer_a"],
		{"dt": BIND, "dn": req.name, "method": "confirm"},
	)
	assert status == 200, (status, data)
	assert requests_of(p)[0].status == "Confirmed"
	assert frappe.db.exists(
		"User Permission", {"user": p.people["user"], "allow": "Applicant Organization", "for_value": p.org_a}
	)
	assert not todo(p.people["officer_a"])
	# deciding twice is refused
	status, data = request(
		"POST",
		"/api/method/run_doc_method",
		p.tokens["officer_a"],
		{"dt": BIND, "dn": req.name, "method": "refuse", "args": {"reason": "重复"}},
	)
	assert status == 417 and requests_of(p)[0].status == "Confirmed"


def test_the_user_follows_the_organisations_cases_and_no_other(portal):
	p = portal
	if not frappe.db.exists("User Permission", {"user": p.people["user"], "for_value": p.org_a}):
		pytest.skip("the binding of the test before")
	status, body, _ = page("/policy", p.tokens["user"])
	assert status == 200
	assert "门户甲区企业" in body and p.case_a in body and p.case_b not in body
	# where it stands, in Chinese: its state and who acts next
	assert "草稿" in body and "下一步" in body, body[:2000]
	# its own case page: the form's fields by their labels, the state
	status, body, _ = page(f"/policy/case?doctype={SIA}&name={p.case_a}", p.tokens["user"])
	assert status == 200 and "草稿" in body and "申报单位" in body, body[:2000]
	# another organisation's case, and a made-up name: the same "not found"
	for name in (p.case_b, "SIA-0000-99999"):
		status, body, _ = page(f"/policy/case?doctype={SIA}&name={name}", p.tokens["user"])
		assert status == 404 and "门户乙区企业" not in body, (name, status)
	# a DocType that is not a case: not found either
	status, _b, _ = page(f"/policy/case?doctype=User&name={p.people['officer_a']}", p.tokens["user"])
	assert status == 404


def test_the_portal_user_gets_nothing_through_the_api_nor_the_desk(portal):
	p = portal
	tok = p.tokens["user"]
	# the confirmed binding made the user an applicant (Policy Applicant) who is still a website user
	frappe.db.rollback()
	assert frappe.db.get_value("User", p.people["user"], "user_type") == "Website User"
	assert "Policy Applicant" in frappe.get_roles(p.people["user"])
	for doctype, name in ((SIA, p.case_b), ("Applicant Organization", p.org_b)):
		status, data = request("GET", f"/api/resource/{doctype}/{name}", tok)
		assert status == 403, (doctype, name, status)
	status, data = request("GET", f"/api/resource/{SIA}?limit_page_length=0", tok)
	assert p.case_b not in str(data), (status, data)
	status, body, location = page("/app", tok)
	assert status != 200 or "frappe.boot" not in body, (status, location)
	status, body, location = page(f"/app/service-institution-application/{p.case_a}", tok)
	assert status != 200 or "frappe.boot" not in body, (status, location)


def save_case(p, values: dict, name: str | None = None, call: str | None = None, who: str = "user"):
	import json

	args = {"doctype": SIA, "values": json.dumps(values)}
	if name:
		args["name"] = name
	if call:
		args["call"] = call
	return request("POST", "/api/method/policy_app.portal.api.save_case", p.tokens[who], args, lang="zh")


def act_on_case(p, name: str, action: str, remark: str = "", who: str = "user"):
	return request(
		"POST",
		"/api/method/policy_app.portal.api.act_on_case",
		p.tokens[who],
		{"doctype": SIA, "name": name, "action": action, "remark": remark},
		lang="zh",
	)


#: what a real professional service institution writes on its XX-SVC application, and its pledge
TRUE_OF_THE_APPLICANT = {**SVC_FACTS, "annual_service_revenue": "800000", "pledge_accepted": 1}


def test_the_portal_user_fills_in_saves_and_submits_an_application_as_in_the_desk(portal):
	p = portal
	if not frappe.db.exists("User Permission", {"user": p.people["user"], "for_value": p.org_a}):
		pytest.skip("the binding of the test before")
	tok = p.tokens["user"]
	call = frappe.db.get_value(SIA, p.case_a, "call_for_applications")
	# the call is on the portal's home with its online form; the form is drawn from the DocType
	status, body, _ = page("/policy", tok)
	assert status == 200 and "在线申报" in body and f"call={call}" in body.replace("%20", " "), body[:3000]
	status, body, _ = page(f"/policy/form?doctype={SIA}&call={call}", tok)
	assert status == 200 and "申报单位" in body and "保存" in body, body[:3000]
	# the type is chosen from the page's list: its help says what it is, not how the desk's box is typed in
	assert "政策方案的类型之一" in body and "输入名称中的几个字" not in body
	# the district's part is the district's: the applicant's form has no box for its opinion or checklist
	assert "推荐意见" not in body and "形式审查清单" not in body and "推荐部门审查" not in body
	# a call that is not open takes no application
	status, body, _ = page(f"/policy/form?doctype={SIA}&call=CFA-NONE", tok)
	assert "只能在今日开放的申报通知下申报" in body
	# saved as the user: the organisation is theirs, what the app keeps (and the district's opinion) is
	# not taken from the form
	status, data = save_case(
		p,
		{
			**TRUE_OF_THE_APPLICANT,
			"eligible": 1,
			"workflow_state": "Approved",
			"recommendation_opinion": "自己写的推荐意见",
		},
		call=call,
	)
	assert status == 200, (status, message(data))
	name = data["message"]["name"]
	frappe.db.rollback()
	doc = frappe.get_doc(SIA, name)
	assert (doc.owner, doc.organization, doc.workflow_state) == (p.people["user"], p.org_a, "Draft")
	assert doc.annual_service_revenue == 800000 and not doc.recommendation_opinion
	# nor through Frappe's own REST, which the user may call as well: the district's level is not theirs
	status, data = request(
		"PUT",
		f"/api/resource/{SIA}/{name}",
		tok,
		{"recommendation_opinion": "自己写的推荐意见"},
		lang="zh",
	)
	frappe.db.rollback()
	assert not frappe.db.get_value(SIA, name, "recommendation_opinion"), (status, data)
	# another organisation as the applicant: refused, nothing stored
	before = frappe.db.count(SIA)
	status, data = save_case(p, {**TRUE_OF_THE_APPLICANT, "organization": p.org_b}, call=call)
	frappe.db.rollback()
	assert status in (403, 417) and frappe.db.count(SIA) == before, (status, data)
	# the form of the saved case offers the workflow's own actions to the user
	status, body, _ = page(f"/policy/form?doctype={SIA}&name={name}", tok)
	assert status == 200 and 'data-action="Submit"' in body and "800000" in body, body[:3000]
	# a change is saved, then the case is submitted: the desk's rules, the desk's log
	status, data = save_case(p, {"application_reason": "服务业绩显著，年服务企业一百余家。"}, name=name)
	assert status == 200, (status, message(data))
	status, data = act_on_case(p, name, "Submit")
	assert status == 200, (status, message(data))
	frappe.db.rollback()
	doc = frappe.get_doc(SIA, name)
	assert doc.workflow_state != "Draft" and doc.application_reason.startswith("服务业绩显著")
	assert doc.approval_log[-1].user == p.people["user"] and doc.approval_log[-1].action == "Submit"
	# submitted: the form is no longer the user's to change
	status, data = save_case(p, {"application_reason": "改了"}, name=name)
	frappe.db.rollback()
	assert status in (403, 417) and frappe.db.get_value(SIA, name, "application_reason").startswith("服务")
	status, body, _ = page(f"/policy/form?doctype={SIA}&name={name}", tok)
	assert "此事项在当前状态下不能修改" in body and 'data-action="Submit"' not in body


def test_the_portal_user_cannot_save_or_move_another_organisations_case(portal):
	p = portal
	before = frappe.get_doc(SIA, p.case_b).as_dict()
	for status, data in (
		save_case(p, {"application_reason": "攻击"}, name=p.case_b),
		act_on_case(p, p.case_b, "Submit"),
		act_on_case(p, "SIA-0000-99999", "Submit"),
	):
		assert status == 404 and "门户乙区企业" not in str(data), (status, data)
	status, body, _ = page(f"/policy/form?doctype={SIA}&name={p.case_b}", p.tokens["user"])
	assert status == 404 and "门户乙区企业" not in body
	frappe.db.rollback()
	after = frappe.get_doc(SIA, p.case_b).as_dict()
	assert (after.modified, after.workflow_state) == (before.modified, before.workflow_state)
	# a guest has no form at all
	status, _body, location = page(f"/policy/form?doctype={SIA}&name={p.case_a}")
	assert status in (301, 302, 303) and "/login" in location


def test_a_refusal_carries_its_reason_to_the_portal(portal):
	p = portal
	# the user asks for organisation 乙 too; its district refuses, saying why
	code = frappe.db.get_value("Applicant Organization", p.org_b, "unified_social_credit_code")
	status, data = ask(p, code)
	assert status == 200, (status, data)
	name = data["message"]["name"]
	status, data = request(
		"POST",
		"/api/method/run_doc_method",
		p.tokens["officer_b"],
		{"dt": BIND, "dn": name, "method": "refuse", "args": {"reason": ""}},
	)
	frappe.db.rollback()
	assert status == 417 and frappe.db.get_value(BIND, name, "status") == "Pending"
	status, data = request(
		"POST",
		"/api/method/run_doc_method",
		p.tokens["officer_b"],
		{"dt": BIND, "dn": name, "method": "refuse", "args": {"reason": "非本单位工作人员"}},
	)
	assert status == 200, (status, data)
	frappe.db.rollback()
	assert frappe.db.get_value(BIND, name, "status") == "Refused"
	status, body, _ = page("/policy", p.tokens["user"])
	assert "未通过" in body and "非本单位工作人员" in body and p.case_b not in body


def test_a_flood_of_requests_is_stopped(portal, monkeypatch):
	from policy_app.portal import api

	p = portal
	frappe.set_user(p.people["user"])
	frappe.cache.delete(frappe.cache.make_key(f"policy_binding:{p.people['user']}"))
	monkeypatch.setitem(frappe.local.conf, "policy_binding_limit", 2)
	try:
		for _ in range(2):
			with pytest.raises(frappe.ValidationError):
				api.request_binding("BAD")
		with pytest.raises(frappe.RateLimitExceededError):
			api.request_binding(credit_code(9403))
	finally:
		frappe.cache.delete(frappe.cache.make_key(f"policy_binding:{p.people['user']}"))
		frappe.set_user("Administrator")


def test_a_call_closing_soon_reminds_the_organisation_of_its_unsubmitted_application(portal):
	"""#17 item 3: a deadline approaching. The reminder days are the scheme's (working days)."""
	from frappe.utils import add_days, getdate

	from policy_app.policy_setup.schemes import get_scheme, work_calendar
	from policy_app.recognition.call_reminders import remind_closing_calls

	p = portal
	frappe.set_user("Administrator")
	call = frappe.get_doc(
		"Call for Applications", frappe.db.get_value(SIA, p.case_a, "call_for_applications")
	)
	cal = work_calendar(get_scheme(call.scheme).holiday_calendar)
	day = getdate(call.closes_on)
	while not cal.is_working_day(day):
		day = getdate(add_days(day, -1))
	submitted = frappe.get_all(
		SIA, filters={"call_for_applications": call.name, "workflow_state": ["!=", "Draft"]}, pluck="name"
	)
	try:
		# three weeks before it closes: nobody is told yet
		assert p.case_a not in remind_closing_calls(today=add_days(call.closes_on, -19))
		sent = remind_closing_calls(today=day)
		# each organisation's draft is reminded, to its own users; a submitted one is not
		assert p.case_a in sent and p.case_b in sent and not set(submitted) & set(sent), (sent, submitted)
		told = lambda name, user: frappe.db.exists(  # noqa: E731
			"Notification Log", {"document_name": name, "for_user": user}
		)
		assert told(p.case_a, p.people["user"]) and not told(p.case_a, p.people["owner_b"])
		assert told(p.case_b, p.people["owner_b"]) and not told(p.case_b, p.people["user"])
		# the next run sends nothing again
		assert p.case_a not in remind_closing_calls(today=day)
	finally:
		frappe.db.rollback()
