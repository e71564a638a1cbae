"""#15 item 3: each scheme's application prints in its own layout under the document's own title, with
only that scheme's fields, its eligibility results, the pledge and the sign-off boxes; the frozen PDF of a
submission is that print (QD 附件1 青岛市国际科技合作基地申请书, XX-SVC 附件 西咸新区科技服务示范机构申报表,
and for the documents without a form a layout titled after their measures)."""

from __future__ import annotations

import json
from pathlib import Path

import frappe
import pytest
from frappe.utils import add_days, today
from test_recognition import incubatees, open_scheme
from test_scheme_walks import APPLICATIONS

from factories import act, make_call, make_district, make_org, make_user
from policy_app.policy_setup.schemes import get_scheme
from policy_app.recognition.application import freeze_application_pdf
from policy_app.recognition.printing import application_print_format

SCHEMES = Path(__file__).resolve().parents[2] / "fixtures" / "schemes"

#: the title each document gives its application (or, without a form, its measures' name)
TITLES = {
	"XX-BASE": "西咸新区国际科技创新交流合作基地<br>申　请　书",
	"ZJ-BASE": "省科技厅国际科技合作基地<br>申　请　书",
	"CQ-BASE": "重庆市国际科技合作基地<br>申　请　书",
	"QD-BASE": "青岛市国际科技合作基地<br>申　请　书",
	"XX-SVC": "西咸新区科技服务示范机构申报表",
	"XX-INC": "西咸新区科技企业孵化载体<br>申　请　书",
}

#: what Frappe's generic print showed (#15 item 3): the naming series, Sr as 锶, QD's registration label
GENERIC = ("编号规则", "锶", "CBA-.YYYY.-", "在本市注册满（月）")


def _labels(code: str) -> set[str]:
	data = json.loads((SCHEMES / f"{code.lower().replace('-', '_')}.json").read_text(encoding="utf-8"))
	return {c["label_zh"] for c in data["eligibility_conditions"]}


def _others(code: str) -> set[str]:
	"""Conditions of the other cooperation-base jurisdictions that this scheme does not have."""
	others = {"XX-BASE", "ZJ-BASE", "CQ-BASE", "QD-BASE"} - {code}
	return set().union(*(_labels(o) for o in others)) - _labels(code)


@pytest.fixture
def people(monkeypatch):
	# printview writes an access log and commits it: keep the test inside its rolled-back transaction
	import frappe.www.printview

	monkeypatch.setattr(frappe.www.printview, "make_access_log", lambda **kw: None)
	d = make_district("打印测试新城")
	org = make_org("打印测试依托单位", d, 8861)
	return frappe._dict(
		district=d,
		org=org,
		applicant=make_user("print.applicant@policy.test", ["Policy Applicant"], orgs=[org]),
		officer=make_user("print.officer@policy.test", ["District Officer"], districts=[d]),
		bureau=make_user("print.bureau@policy.test", ["Bureau Officer"]),
		admin=make_user("print.admin@policy.test", ["Policy Administrator"]),
	)


def _submitted(people, scheme: str):
	open_scheme(scheme)
	frappe.set_user(people.bureau)
	call = make_call(scheme, title=f"{scheme} 打印测试申报通知")
	frappe.clear_cache(user=people.applicant)
	frappe.set_user(people.applicant)
	data = {**APPLICATIONS[scheme], "call_for_applications": call.name, "organization": people.org}
	if scheme == "XX-INC":
		data.update(registration_date=add_days(today(), -800), incubatees=incubatees())
	if data["doctype"] == "Cooperation Base Application":
		data["base_name"] = f"{scheme}打印测试基地"
	if scheme == "XX-SVC":
		data["application_reason"] = "打印测试：服务业绩与服务能力。"
	app = frappe.get_doc({**data, "pledge_accepted": 1}).insert()
	act(people.applicant, app, "Submit")
	return frappe.get_doc(app.doctype, app.name)


def _frozen_html(monkeypatch, app) -> str:
	"""The HTML the frozen PDF is rendered from (freeze_application_pdf, as after the submission)."""
	import frappe.utils.pdf

	seen = []

	def fake_pdf(html, *args, **kwargs):
		seen.append(html)
		return b"%PDF-1.4 frozen"

	monkeypatch.setattr(frappe.utils.pdf, "get_pdf", fake_pdf)
	frappe.db.set_single_value("Print Settings", "send_print_as_pdf", 1)
	freeze_application_pdf(app.doctype, app.name)
	assert frappe.db.get_value(app.doctype, app.name, "frozen_pdf")
	(html,) = seen
	return html


@pytest.mark.parametrize("scheme", list(TITLES))
def test_each_scheme_prints_its_own_application_and_freezes_that_print(people, monkeypatch, scheme):
	app = _submitted(people, scheme)
	print_format = application_print_format(app)
	assert print_format == frappe.db.get_value("Policy Scheme", scheme, "application_print_format")
	frappe.set_user(people.applicant)  # the applicant prints their own application
	printed = frappe.get_print(app.doctype, app.name, print_format)
	frappe.set_user("Administrator")  # the frozen copy is made once the submission is committed
	frozen = _frozen_html(monkeypatch, app)
	for html in (printed, frozen):
		assert TITLES[scheme] in html
		# the scheme's own conditions with their articles, the pledge and the sign-off boxes
		codes = {r.condition for r in app.eligibility_results}
		for c in get_scheme(scheme).eligibility_conditions:
			if c.code in codes:
				assert c.label_zh in html and c.article in html, c.code
		assert "序号" in html and "审查结果" in html and "符合" in html
		assert "我单位承诺并保证全部申报材料的准确性和真实性" in html
		if scheme != "QD-BASE":  # 附件1 has its own pledge box
			assert "■本单位作出以上承诺" in html
		assert "（盖章）" in html and "年　月　日" in html
		for generic in GENERIC:
			assert generic not in html, generic
		if app.doctype == "Cooperation Base Application":
			assert f"{scheme}打印测试基地" in html
			for label in _others(scheme):
				assert label not in html, f"{scheme} prints another jurisdiction's condition: {label}"
		for title in set(TITLES.values()) - {TITLES[scheme]}:
			assert title not in html


def test_xx_base_print_is_no_longer_the_qingdao_form(people):
	"""The issue's case: a Xixian application printed under 青岛市…申请书. XX-BASE 第六条 conditions print
	with the applicant's answers (近五年成功案例 2, 国际合作人员 4)."""
	app = _submitted(people, "XX-BASE")
	frappe.set_user(people.applicant)
	html = frappe.get_print(app.doctype, app.name, application_print_format(app))
	assert "青岛" not in html
	assert "第六条" in html and "新城（园办）科技管理部门意见" in html and "新区科技局意见" in html


def test_an_administrator_picks_the_print_and_a_wrong_one_is_refused_in_chinese(people):
	frappe.set_user(people.admin)
	scheme = frappe.get_doc("Policy Scheme", "XX-BASE")
	scheme.application_print_format = "Qingdao Base Application Form"
	scheme.save()  # the bureau may choose another cooperation-base layout
	assert frappe.db.get_value("Policy Scheme", "XX-BASE", "application_print_format") == (
		"Qingdao Base Application Form"
	)
	frappe.local.lang = "zh"
	scheme = frappe.get_doc("Policy Scheme", "XX-BASE")
	scheme.application_print_format = "Xixian Service Institution Form"
	with pytest.raises(frappe.ValidationError, match="不是本方案的申请"):
		scheme.save()


def test_patch_fills_the_shipped_print_and_keeps_an_administrators_choice(people):
	import policy_app.patches.v0_1.application_print_formats as patch

	frappe.db.set_value("Policy Scheme", "CQ-BASE", "application_print_format", None)
	frappe.db.set_value(
		"Policy Scheme", "ZJ-BASE", "application_print_format", "Qingdao Base Application Form"
	)
	patch.execute()
	assert frappe.db.get_value("Policy Scheme", "CQ-BASE", "application_print_format") == (
		"Chongqing Base Application Form"
	)
	assert frappe.db.get_value("Policy Scheme", "ZJ-BASE", "application_print_format") == (
		"Qingdao Base Application Form"
	)
