"""Public notices on the website, as a guest (no login): the list, a notice's public fields and the
real-name objection (policy_app.recognition.public_notices; XX-BASE §9.4, CQ §11(四), QD §13(三)), for
recognition results and for the open competition's projects to be set up (XX-JBGS §11)."""

import base64

import frappe
import pytest
from frappe.utils import add_days, today
from rest_helpers import raw_insert
from test_open_competition import oc  # noqa: F401 - the oc fixture

from policy_app.recognition import public_notices as pn

CBA = "Cooperation Base Application"
SECRET_PHONE = "13912345678"


def _app(state="Approved", **extra) -> str:
	return raw_insert(
		{
			**extra,
			"doctype": CBA,
			"scheme": "XX-BASE",
			"organization_name": "公示测试单位有限公司",
			"base_name": "公示测试国际合作基地",
			"contact_name": "内部联系人",
			"contact_mobile": SECRET_PHONE,
			"workflow_state": state,
		}
	)


def _notice(app, published=True, ends=10, title="国合基地认定结果公示") -> str:
	body = {
		"doctype": "Public Notice",
		"title": title,
		"scheme": "XX-BASE",
		"stage": "recognition",
		"published_on": add_days(today(), -3),
		"working_days": 5,
		"ends_on": add_days(today(), ends),
		"docstatus": 1 if published else 0,
		"items": [
			{
				"reference_doctype": CBA,
				"reference_name": app,
				"organization_name": "公示测试单位有限公司",
				"outcome": "公示",
			}
		],
	}
	return raw_insert(body)


@pytest.fixture
def guest():
	"""Set-up as Administrator, then the guest on address `ip`; the flood counters are cleared after."""
	keys = []

	def become(ip, notice):
		frappe.local.request_ip = ip
		keys.extend(
			[
				f"policy_objection:addr:{ip}:{notice}",
				f"policy_objection:addr:{ip}",
				f"policy_objection:notice:{notice}",
			]
		)
		for k in keys:
			frappe.cache.delete(frappe.cache.make_key(k))
		frappe.set_user("Guest")

	yield become
	frappe.set_user("Administrator")
	for k in keys:
		frappe.cache.delete(frappe.cache.make_key(k))
	frappe.local.request_ip = None


def _form(notice, **over):
	return {
		"notice": notice,
		"row": 1,
		"objector_name": "李四",
		"id_number": "110101199001011234",
		"organization": "某某科技有限公司",
		"phone": "13800001111",
		"email": "lisi@example.com",
		"grounds": "该单位国际合作项目材料与实际不符。",
		**over,
	}


def _objections(notice) -> int:
	return frappe.db.count("Objection", {"public_notice": notice})


def test_the_list_shows_published_notices_and_public_fields_only(guest):
	app = _app()
	shown, draft = _notice(app, title="公示中的名单"), _notice(app, published=False, title="草稿名单")
	ended = _notice(app, ends=-1, title="已结束的名单")
	guest("10.9.0.1", shown)
	rows = {r["name"]: r for r in pn.published_notices()}
	assert shown in rows and ended in rows and draft not in rows
	assert rows[shown]["running"] and not rows[ended]["running"]
	assert rows[shown]["ends_on"] == str(add_days(today(), 10)) and rows[shown]["working_days"] == 5
	one = pn.public_notice(shown)
	assert one["items"] == [
		{
			"row": 1,
			"organization_name": "公示测试单位有限公司",
			"public_name": "公示测试国际合作基地",
			"record_type": frappe._(CBA),
			"outcome": "公示",
		}
	]
	said = frappe.as_json(one)
	assert SECRET_PHONE not in said and "内部联系人" not in said and app not in said
	with pytest.raises(frappe.DoesNotExistError):
		pn.public_notice(draft)
	# the pages themselves, rendered for the guest
	from frappe.website.serve import get_response_content

	frappe.local.form_dict = frappe._dict()
	html = get_response_content("policy/notices")
	assert "公示中的名单" in html and "已结束的名单" in html and "草稿名单" not in html
	# a dynamic route is resolved from the request (Frappe's router): the page as the browser asks it
	from werkzeug.test import EnvironBuilder
	from werkzeug.wrappers import Request

	frappe.local.request = Request(EnvironBuilder(path=f"/policy/notices/{shown}").get_environ())
	try:
		html = get_response_content(f"policy/notices/{shown}")
	finally:
		del frappe.local.request
	assert "公示测试国际合作基地" in html and SECRET_PHONE not in html and "实名" in html


def test_a_guest_objection_is_stored_with_its_reference(guest):
	app = _app()
	notice = _notice(app)
	guest("10.9.0.2", notice)
	answer = pn.lodge_objection(**_form(notice))
	frappe.set_user("Administrator")
	stored = frappe.get_doc("Objection", answer["reference"])
	assert answer["reference"].startswith("OBJ-")
	assert (stored.reference_doctype, stored.reference_name, stored.status) == (CBA, app, "Open")
	assert (stored.objector, stored.objector_name, stored.objector_contact) == (None, "李四", "13800001111")
	assert (stored.objector_organization, stored.objector_email) == ("某某科技有限公司", "lisi@example.com")
	assert stored.objector_id_number == "110101199001011234"


def outgoing_email_account():
	"""The bureau's outgoing mail, as its administrator sets it up (no mail leaves: nothing sends the queue)."""
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "科技局通知邮箱",
			"email_id": "notice@bureau.example.com",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"awaiting_password": 1,
		}
	)
	account.flags.ignore_validate = True
	account.insert(ignore_permissions=True)
	frappe.local.outgoing_email_account = {}
	return account.name


def test_the_bureaus_answer_reaches_a_guest_objector_by_email(guest):
	from factories import make_user

	outgoing_email_account()
	# the shipped XX-BASE ended on 2026-09-30; the bureau keeps it in force on the form
	frappe.db.set_value("Policy Scheme", "XX-BASE", {"effective_from": "2023-10-01", "effective_years": 10})
	from factories import make_call, make_district, make_org

	org = make_org("公示答复测试单位", make_district("公示答复测试新城"), 894)
	app = _app(state="Objection Review", organization=org, call_for_applications=make_call().name)
	notice = _notice(app)
	guest("10.9.0.5", notice)
	reference = pn.lodge_objection(**_form(notice, email="wangwu@example.com"))["reference"]
	frappe.set_user(make_user("notice.bureau@policy.test", ["Bureau Officer"]))
	objection = frappe.get_doc("Objection", reference)
	objection.resolve("Dismissed", "复核材料属实。", "经复核，该单位合作项目材料真实，异议不予采纳。")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Objection", reference, "answer_sent_to") == "wangwu@example.com"
	mail = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Objection", "reference_name": reference},
		fields=["name", "message"],
	)
	assert len(mail) == 1
	import email

	parts = email.message_from_string(mail[0].message).walk()
	text = "".join(
		p.get_payload(decode=True).decode("utf-8") for p in parts if p.get_content_type() == "text/plain"
	)
	assert "经复核，该单位合作项目材料真实，异议不予采纳。" in text and "不予采纳" in text
	assert frappe.db.get_value("Email Queue Recipient", {"parent": mail[0].name}, "recipient") == (
		"wangwu@example.com"
	)


PDF = base64.b64encode(b"%PDF-1.4 evidence of the objection").decode()


@pytest.mark.parametrize(
	"name, content, message",
	[
		("evidence.exe", PDF, "PDF, JPG or PNG"),
		("evidence.pdf", base64.b64encode(b"<html><script>alert(1)</script></html>").decode(), "not the PDF"),
		("evidence.pdf", "not base64 at all!", "PDF, JPG or PNG"),
		("evidence.pdf", base64.b64encode(b"%PDF-" + b"0" * (5 * 1024 * 1024)).decode(), "larger than 5 MB"),
		("<img src=x onerror=alert(1)>.pdf", PDF, "PDF, JPG or PNG"),
	],
)
def test_a_bad_attachment_is_refused_and_nothing_stored(guest, name, content, message):
	app = _app()
	notice = _notice(app)
	guest("10.9.0.6", notice)
	with pytest.raises(frappe.ValidationError, match=message):
		pn.lodge_objection(**_form(notice, attachment=content, attachment_name=name))
	frappe.set_user("Administrator")
	assert _objections(notice) == 0
	assert not frappe.db.exists("File", {"attached_to_doctype": "Objection", "file_name": name})


def test_the_objectors_evidence_is_a_private_file_of_the_objection(guest):
	app = _app()
	notice = _notice(app)
	guest("10.9.0.7", notice)
	reference = pn.lodge_objection(**_form(notice, attachment=PDF, attachment_name="证明材料.pdf"))[
		"reference"
	]
	frappe.set_user("Administrator")
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Objection", "attached_to_name": reference},
		fields=["name", "file_name", "is_private", "file_url"],
	)
	assert [(f.file_name, f.is_private) for f in files] == [("证明材料.pdf", 1)]
	assert files[0].file_url.startswith("/private/files/")
	stored = frappe.get_doc("File", files[0].name)
	content = stored.get_content()
	assert (
		content.encode() if isinstance(content, str) else content
	) == b"%PDF-1.4 evidence of the objection"
	# the guest who sent it, and an applicant, do not read it back
	assert not frappe.has_permission("File", doc=stored, user="Guest")
	from factories import make_user

	applicant = make_user("notice.applicant@policy.test", ["Policy Applicant"])
	assert not frappe.has_permission("File", doc=stored, user=applicant)


def test_a_guest_cannot_insert_an_objection_directly(guest):
	app = _app()
	notice = _notice(app)
	guest("10.9.0.3", notice)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Objection",
				"public_notice": notice,
				"reference_doctype": CBA,
				"reference_name": app,
				"objector_name": "x",
				"objector_id_number": "x",
				"objector_contact": "x",
				"grounds": "x",
			}
		).insert(ignore_permissions=True)


@pytest.mark.parametrize(
	"over, message",
	[
		({"grounds": "<script>alert(1)</script>"}, "HTML"),
		({"objector_name": "<b>李四</b>"}, "HTML"),
		({"organization": "javascript:alert(1)"}, "HTML"),
		({"email": "not-an-email"}, "email"),
		({"phone": "12345"}, "mobile"),
		({"grounds": "   "}, "required"),
		({"row": 9}, "listed record"),
	],
)
def test_bad_input_is_refused_and_nothing_stored(guest, over, message):
	notice = _notice(_app())
	guest("10.9.0.4", notice)
	frappe.local.lang = "en"
	with pytest.raises(frappe.ValidationError, match=message):
		pn.lodge_objection(**_form(notice, **over))
	assert _objections(notice) == 0


def test_an_ended_or_draft_notice_takes_no_objection(guest):
	app = _app()
	ended, draft = _notice(app, ends=-1), _notice(app, published=False)
	guest("10.9.0.5", ended)
	frappe.local.lang = "zh"
	with pytest.raises(frappe.ValidationError, match="公示已于"):
		pn.lodge_objection(**_form(ended))
	with pytest.raises(frappe.DoesNotExistError):
		pn.lodge_objection(**_form(draft))
	assert _objections(ended) == 0 and _objections(draft) == 0


def test_a_flood_is_refused(guest):
	notice = _notice(_app())
	guest("10.9.0.6", notice)
	for _ in range(pn.PER_ADDRESS_NOTICE):
		pn.lodge_objection(**_form(notice))
	with pytest.raises(frappe.RateLimitExceededError):
		pn.lodge_objection(**_form(notice))
	assert _objections(notice) == pn.PER_ADDRESS_NOTICE
	# another address still may, until the notice's own limit
	other = ("policy_objection:addr:10.9.0.7", f"policy_objection:addr:10.9.0.7:{notice}")
	frappe.local.request_ip = "10.9.0.7"
	for k in other:
		frappe.cache.delete(frappe.cache.make_key(k))
	assert pn.lodge_objection(**_form(notice))["reference"]
	for _ in range(pn.PER_NOTICE - pn.PER_ADDRESS_NOTICE - 2):
		for k in other:
			frappe.cache.delete(frappe.cache.make_key(k))
		pn.lodge_objection(**_form(notice))
	with pytest.raises(frappe.RateLimitExceededError):
		pn.lodge_objection(**_form(notice))
	assert _objections(notice) == pn.PER_NOTICE - 1
	for k in other:
		frappe.cache.delete(frappe.cache.make_key(k))


# ---- the open competition's projects to be set up (XX-JBGS §11 向社会公示，公示期10个工作日), on the same notices


def _bid_on_running_notice(oc):  # noqa: F811
	from test_open_competition import bid_through_notice, notice_ends

	bid = bid_through_notice(oc)
	notice_ends(bid, add_days(today(), 5))  # set-up: the ten working days are still running
	return frappe.get_doc(bid.doctype, bid.name)


def _guest_page(guest, ip, notice) -> str:
	from frappe.website.serve import get_response_content
	from werkzeug.test import EnvironBuilder
	from werkzeug.wrappers import Request

	guest(ip, notice)
	frappe.local.form_dict = frappe._dict()
	frappe.local.request = Request(EnvironBuilder(path=f"/policy/notices/{notice}").get_environ())
	try:
		return get_response_content(f"policy/notices/{notice}")
	finally:
		del frappe.local.request


def test_a_project_to_be_set_up_is_on_the_website_and_an_objection_holds_it(oc, guest):  # noqa: F811
	from test_open_competition import new_project, notice_ends, state

	bid = _bid_on_running_notice(oc)
	assert bid.public_notice and state(bid) == "Public Notice"
	demand_side = frappe.db.get_value("Applicant Organization", oc.orgs.demand, "organization_name")
	guest("10.9.1.1", bid.public_notice)
	listed = {r["name"]: r for r in pn.published_notices()}[bid.public_notice]
	assert listed["running"] and listed["working_days"] == 10 and bid.demand_title in listed["title"]
	assert pn.public_notice(bid.public_notice)["items"] == [
		{
			"row": 1,
			"organization_name": "揭榜测试揭榜方一",
			"public_name": bid.demand_title,
			"record_type": frappe._("Open Competition Bid"),
			"outcome": f"拟立项（需求方：{demand_side}）",
		}
	]
	# anyone objects on the website; the bid stays on notice, and the project waits for the answer
	reference = pn.lodge_objection(**_form(bid.public_notice))["reference"]
	frappe.set_user("Administrator")
	assert state(bid) == "Public Notice"
	notice_ends(bid, add_days(today(), -1))
	with pytest.raises(frappe.ValidationError, match="Open objections|异议"):
		new_project(oc, bid)
	frappe.set_user(oc.bureau)
	frappe.get_doc("Objection", reference).resolve(
		"Dismissed", "复核揭榜方材料属实。", "经复核，异议不予采纳。"
	)
	assert state(bid) == "Public Notice"
	project = new_project(oc, bid)
	assert project.bid == bid.name


def test_an_upheld_objection_rejects_the_bid(oc, guest):  # noqa: F811
	from test_open_competition import state

	bid = _bid_on_running_notice(oc)
	guest("10.9.1.2", bid.public_notice)
	reference = pn.lodge_objection(**_form(bid.public_notice, grounds="揭榜方与需求方存在关联关系。"))[
		"reference"
	]
	frappe.set_user(oc.bureau)
	frappe.get_doc("Objection", reference).resolve("Upheld", "经核实存在关联关系。", "异议成立，取消拟立项。")
	assert state(bid) == "Rejected"


def test_the_notice_page_escapes_what_applicants_typed(oc, guest):  # noqa: F811
	bid = _bid_on_running_notice(oc)
	# set-up: a demand title and a solver name with markup, as a careless or hostile applicant might type
	frappe.db.set_value("Public Notice", bid.public_notice, "title", "公示<script>alert(1)</script>")
	frappe.db.set_value("Open Competition Bid", bid.name, "demand_title", "<img src=x onerror=alert(2)>")
	frappe.db.set_value(
		"Public Notice Item", {"parent": bid.public_notice}, "organization_name", "<b>揭榜方</b>"
	)
	html = _guest_page(guest, "10.9.1.3", bid.public_notice)
	assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>揭榜方" not in html
	assert "&lt;script&gt;alert(1)" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
