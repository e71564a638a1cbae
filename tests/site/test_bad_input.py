"""Bad input through the desk API, as real users whose language is Chinese: /api/resource (insert and
update), frappe.client.save and run_doc_method. Every bad value gets a translated error (Chinese in the
message, never a server error) and the stored record is read back unchanged. HTML and script typed into
text fields are stored inert, and the print format renders them inert.

The number, date and text checks are the app's own (policy_app/input_guard.py): Frappe alone turns
text in a number field into 0 and passes out-of-range values to MariaDB, which fails untranslated.
"""

from __future__ import annotations

import json
import re

import frappe
import pytest
from frappe.utils import add_days, getdate, today
from rest_helpers import drop, open_scheme, raw_insert, token
from rest_helpers import request as _request

from factories import SVC_FACTS, make_call, make_district, make_org, make_user


def request(method, path, token=None, body=None):
	return _request(method, path, token, body, lang="zh")


CJK = re.compile(r"[\u4e00-\u9fff]")
SIA = "Service Institution Application"
FACTS = {
	**SVC_FACTS,
	"staff_total": 12,
	"founded_on": "2015-03-01",
	"application_reason": "长期从事技术转移服务。",
	"office_address": "西咸新区沣东新城",
	"legal_rep_name": "王五",
}


@pytest.fixture(scope="module")
def bad():
	frappe.set_user("Administrator")
	kept = frappe.db.get_value("Policy Scheme", "XX-SVC", ["effective_from", "effective_years"])
	open_scheme("XX-SVC")
	d = make_district("坏输入测试新城")
	org = make_org("坏输入测试机构", d, 951)
	applicant = make_user("bad.applicant@policy.test", ["Policy Applicant"], orgs=[org])
	bureau = make_user("bad.bureau@policy.test", ["Bureau Officer"])
	admin = make_user("bad.admin@policy.test", ["Policy Administrator"])
	for u in (applicant, bureau, admin):
		frappe.db.set_value("User", u, "language", "zh")
		frappe.clear_cache(user=u)  # the language is cached per user
	call = make_call("XX-SVC", title="坏输入测试通知")
	frappe.set_user(applicant)
	frappe.clear_cache(user=applicant)
	app = frappe.get_doc(
		{
			"doctype": SIA,
			"call_for_applications": call.name,
			"organization": org,
			"pledge_accepted": 1,
			**FACTS,
		}
	).insert()
	frappe.set_user("Administrator")
	notice = raw_insert(
		{
			"doctype": "Public Notice",
			"title": "坏输入公示",
			"scheme": "XX-SVC",
			"stage": "recognition",
			"published_on": today(),
		}
	)
	objection = raw_insert(
		{
			"doctype": "Objection",
			"public_notice": notice,
			"reference_doctype": SIA,
			"reference_name": app.name,
			"objector_name": "张三",
			"objector_id_number": "610000199001011234",
			"objector_contact": "13800000000",
			"grounds": "测试",
			"status": "Open",
		}
	)
	w = frappe._dict(
		org=org,
		call=call.name,
		app=app.name,
		objection=objection,
		tokens={"applicant": token(applicant), "bureau": token(bureau), "admin": token(admin)},
	)
	frappe.db.commit()
	yield w
	frappe.db.rollback()
	for dt, name in (("Objection", objection), ("Public Notice", notice), (SIA, app.name)):
		drop(dt, name)
	drop("Call for Applications", call.name)
	drop("Applicant Organization", org)
	for u in (applicant, bureau, admin):
		for p in frappe.get_all("User Permission", filters={"user": u}, pluck="name"):
			frappe.delete_doc("User Permission", p, force=True, ignore_permissions=True)
		frappe.delete_doc("User", u, force=True, ignore_permissions=True)
	drop("District", d)
	open_scheme("XX-SVC", *kept)
	frappe.db.commit()


def stored(doctype: str, name: str) -> dict:
	frappe.db.rollback()  # a fresh snapshot: the request committed on its own connection
	row = frappe.db.get_value(doctype, name, "*", as_dict=True)
	row.pop("modified", None)
	return row


def messages(data: dict) -> str:
	"""What the user is shown: the server messages, else the exception's text (Frappe sends one or the
	other depending on how the error was raised)."""
	out = []
	for m in json.loads(data.get("_server_messages") or "[]"):
		try:
			out.append(json.loads(m).get("message", ""))
		except (ValueError, AttributeError):
			out.append(str(m))
	for key in ("exception", "_error_message", "message"):
		if isinstance(data.get(key), str):
			out.append(data[key])
	if not out and data.get("exc"):
		out.append(str(data["exc"])[-500:])
	return " ".join(out)


def assert_refused_in_chinese(status: int, data: dict, expect: str | None = None):
	msg = messages(data)
	assert status in (400, 403, 404, 409, 417), (
		f"HTTP {status} (a server error is not an answer): {msg[:300]}"
	)
	if status == 404 and data.get("exc_type") == "DoesNotExistError" and not msg:
		# Frappe's API answers "not found" without a message body (report_error adds none for a 404
		# unless the site logs); the desk shows its own translated page. Refused, nothing stored.
		return
	assert CJK.search(msg), f"message not translated: {msg[:300]}"
	if expect:
		assert re.search(expect, msg), msg[:300]


MB = "长" * (1024 * 1024 // 3 + 1)  # 1 MB of UTF-8

BAD_UPDATES = [
	({"annual_service_revenue": -1}, "不能为负数"),
	({"annual_service_revenue": 1e15}, "数值过大"),
	({"annual_service_revenue": "六十万"}, "应为数字"),
	({"annual_service_revenue": "abc"}, "应为数字"),
	({"staff_total": "十二"}, "应为数字"),
	({"staff_total": 2.5}, "应为整数"),
	({"staff_total": -3}, "不能为负数"),
	({"founded_on": "2026-13-45"}, "日期"),
	({"founded_on": "1800-01-01"}, "日期"),
	({"founded_on": "3000-01-01"}, "日期"),
	({"application_reason": MB}, "过长"),
	({"office_address": MB}, "过长"),
	({"legal_rep_name": "名" * 1000}, None),
	({"base_type": "no_such_type"}, None),
	({"call_for_applications": "CFA-NO-SUCH"}, None),
]


@pytest.mark.parametrize(
	"change,expect",
	BAD_UPDATES,
	ids=[next(iter(c)) + ":" + str(next(iter(c.values())))[:12] for c, _ in BAD_UPDATES],
)
def test_bad_values_through_the_resource_api(bad, change, expect):
	before = stored(SIA, bad.app)
	status, data = request("PUT", f"/api/resource/{SIA}/{bad.app}", bad.tokens["applicant"], change)
	assert_refused_in_chinese(status, data, expect)
	assert stored(SIA, bad.app) == before


def test_bad_values_through_client_save(bad):
	frappe.db.rollback()
	doc = frappe.get_doc(SIA, bad.app).as_dict(convert_dates_to_str=True)
	before = stored(SIA, bad.app)
	for change in ({"annual_service_revenue": "abc"}, {"founded_on": "2026-02-30"}, {"staff_total": -1}):
		body = json.loads(frappe.as_json({**doc, **change}))
		status, data = request(
			"POST", "/api/method/frappe.client.save", bad.tokens["applicant"], {"doc": body}
		)
		assert_refused_in_chinese(status, data)
		assert stored(SIA, bad.app) == before


def test_unknown_scheme_and_bad_window_on_insert(bad):
	count = frappe.db.count("Call for Applications")
	base = {
		"title": "坏通知",
		"year": getdate(today()).year,
		"opens_on": today(),
		"closes_on": add_days(today(), 5),
	}
	for body in (
		{**base, "scheme": "NO-SUCH-SCHEME"},
		{**base, "scheme": "XX-SVC", "closes_on": "2026-02-31"},
		{**base, "scheme": "XX-SVC", "year": "明年"},
	):
		status, data = request("POST", "/api/resource/Call for Applications", bad.tokens["bureau"], body)
		assert_refused_in_chinese(status, data)
	frappe.db.rollback()
	assert frappe.db.count("Call for Applications") == count


def test_scheme_edit_with_a_negative_amount_is_refused(bad):
	frappe.db.rollback()
	doc = frappe.get_doc("Policy Scheme", "XX-BASE").as_dict(convert_dates_to_str=True)
	before = [r.amount for r in frappe.get_doc("Policy Scheme", "XX-BASE").reward_rules]
	body = json.loads(frappe.as_json(doc))
	body["reward_rules"][0]["amount"] = -500000
	status, data = request("POST", "/api/method/frappe.client.save", bad.tokens["admin"], {"doc": body})
	assert_refused_in_chinese(status, data)
	frappe.db.rollback()
	assert [r.amount for r in frappe.get_doc("Policy Scheme", "XX-BASE").reward_rules] == before


def test_bad_arguments_through_run_doc_method(bad):
	before = stored("Objection", bad.objection)
	frappe.db.rollback()
	doc = json.loads(
		frappe.as_json(frappe.get_doc("Objection", bad.objection).as_dict(convert_dates_to_str=True))
	)
	for args in (
		{"outcome": "Nonsense", "conclusion": "x", "answer": "y"},
		{"outcome": "Upheld", "conclusion": "", "answer": ""},
	):
		status, data = request(
			"POST",
			"/api/method/run_doc_method",
			bad.tokens["bureau"],
			{"docs": doc, "method": "resolve", "args": args},
		)
		assert_refused_in_chinese(status, data)
		assert stored("Objection", bad.objection) == before


PAYLOAD = '<script>alert("x")</script><img src=x onerror="alert(1)"><b>粗体</b>'


def test_html_and_script_are_stored_and_printed_inert(bad, monkeypatch):
	"""Every editable text field of the application gets markup with a script; what is stored and what
	the print format renders carries no script and no event handler."""
	import frappe.www.printview

	meta = frappe.get_meta(SIA)
	fields = [
		df.fieldname
		for df in meta.fields
		if df.fieldtype in ("Data", "Small Text", "Text", "Long Text", "Text Editor")
		and not df.read_only
		and not df.fetch_from  # fetched from the organisation on save: typed values are replaced
		and not df.options
		and df.fieldname not in ("base_type", "workflow_remark")
	]
	assert len(fields) >= 8, fields
	status, data = request(
		"PUT", f"/api/resource/{SIA}/{bad.app}", bad.tokens["applicant"], dict.fromkeys(fields, PAYLOAD)
	)
	assert status == 200, messages(data)
	row = stored(SIA, bad.app)
	for f in fields:
		assert "<script" not in (row[f] or "") and "onerror" not in (row[f] or ""), (f, row[f])
	# print views write an access log and commit it: keep that out
	monkeypatch.setattr(frappe.www.printview, "make_access_log", lambda **kw: None)
	html = frappe.get_print(SIA, bad.app, "Xixian Service Institution Form")
	assert "粗体" in html  # the text itself is printed
	assert "<script>alert" not in html and "onerror" not in html
	frappe.db.rollback()
	frappe.db.set_value(SIA, bad.app, {f: FACTS.get(f) for f in fields}, update_modified=False)
	frappe.db.commit()
