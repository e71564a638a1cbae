"""Attack suite: people outside a record's scope try every path of Frappe's API and every whitelisted
method of the app, over REST as real users (token auth, each request on its own connection).

The attackers: the applicant of organisation 甲, the district officer of district 甲, an expert with
nothing assigned on side 乙, and a desk user with no role. The targets: records of organisation 乙 in
district 乙, reviewed by another expert (for every app DocType, a sample made by the permission
matrix's factories with side 乙 as their world). Every attempt must be refused or come back empty,
and the record must be unchanged afterwards (read back).

A DocType of the app without a row in ROWS, or a whitelisted method of the app without a row in
METHODS, fails: a new one cannot slip in unchecked. Frappe release the guards were written for:
15.55.1 (policy_app/core_guards.py lists the core paths they cover).
"""

from __future__ import annotations

import importlib
import json
import pkgutil

import frappe
import pytest
from frappe.utils import add_days, today
from rest_helpers import drop, drop_user, open_scheme, raw_insert, refused, request, token
from test_permission_matrix import APP_ROLES, app_doctypes, make_sample

from factories import make_call, make_district, make_org, make_user

PA, DO, BO, BL, FO, AD, EX, TP = APP_ROLES[:8]
#: side 甲's people who attack side 乙: its applicant in the desk and on the portal (a website user
#: acting for the same organisation), its district officer, an expert, a user with no role
ATTACKERS = ("applicant", "portal", "officer", "expert", "nobody")
SECRET_PHONE = "13911112222"
SECRET_ID = "610000199001019999"
CBA = "Cooperation Base Application"
INJECTION = '["name`, (select group_concat(`for_value`) from `tabUser Permission`) as `leak"]'

#: DocType → what its records are to people outside the bureau:
#:   scoped     an organisation's, a district's or an assignment's: nobody outside reads it by any path
#:   reference  the bureau's published rules and lists (schemes, calendars, calls, districts): read by
#:              every role that works on cases, never written by an attacker
#:   bureau     the bureau's own records: no attacker reads or writes them
ROWS = {
	"Annual Report": "scoped",
	"Applicant Organization": "scoped",
	"Approval Chase Log": "bureau",
	"Approval Delegation": "scoped",
	"Base Activity": "scoped",
	"Call for Applications": "reference",
	"Cooperation Base": "scoped",
	CBA: "scoped",
	"Cooperation Match": "scoped",
	"District": "reference",
	"Enterprise Need": "scoped",
	"Evaluation Round": "bureau",
	"Expert Draw": "bureau",
	"Expert Review": "scoped",
	"Holiday Calendar": "reference",
	"Incubation Carrier": "scoped",
	"Incubator Application": "scoped",
	"Major Change Request": "scoped",
	"Objection": "scoped",
	"Open Competition Bid": "scoped",
	"Organization Binding Request": "scoped",  # the organisation's district and the bureau decide it
	"Open Competition Demand": "scoped",
	# 成熟一批，发布一批: a guide is the published list of demands every enterprise may bid on
	"Open Competition Guide": "reference",
	"Open Competition Payment": "bureau",
	"Open Competition Project": "scoped",
	"Open Competition Recovery": "bureau",
	"Overseas Resource": "scoped",
	"Platform Scoring Rule": "reference",
	"Policy Budget": "bureau",
	"Policy Evaluation": "scoped",
	"Policy Expert": "scoped",
	"Policy Reward": "scoped",
	"Policy Scheme": "reference",
	"Programme Family": "reference",
	"Policy User Setup": "bureau",  # who is who: the administrator's own records
	"Public Notice": "scoped",  # the sample is a draft: the bureau's until published
	"Sanction": "scoped",  # the district reads the bans of its own organisations
	"Served Party Rating": "scoped",
	"Service Institution": "scoped",
	"Service Institution Application": "scoped",
	"Service Institution Event": "scoped",  # XX-SVC §10 events: the institution's organisation and district
	"Third Party Review": "bureau",  # the bureau's and the commissioned third party's alone
	"Title Action": "scoped",
	"Workflow State Deadline": "reference",
}


def _committed(fn):
	out = fn()
	frappe.db.commit()
	return out


@pytest.fixture(scope="module")
def world():
	frappe.set_user("Administrator")
	for code in ("XX-BASE", "XX-SVC", "XX-INC", "QD-BASE"):
		open_scheme(code)
	a, b = make_district("攻击测试甲区"), make_district("攻击测试乙区")
	org_a, org_b = make_org("攻击甲区企业", a, 9301), make_org("攻击乙区企业", b, 9302)
	people = {
		"applicant": make_user("atk.applicant@policy.test", [PA], orgs=[org_a]),
		"portal": make_user("atk.portal@policy.test", [PA], orgs=[org_a], desk=False),
		"officer": make_user("atk.officer@policy.test", [DO], districts=[a]),
		"expert": make_user("atk.expert@policy.test", [EX]),
		"nobody": make_user("atk.nobody@policy.test", []),
		# side 乙, whose records are attacked
		"owner": make_user("atk.owner@policy.test", [PA], orgs=[org_b]),
		"owner_officer": make_user("atk.owner.officer@policy.test", [DO], districts=[b]),
		"owner_expert": make_user("atk.owner.expert@policy.test", [EX]),
		"bureau": make_user("atk.bureau@policy.test", [BO]),
	}
	experts = {}
	for key in ("expert", "owner_expert"):
		experts[key] = frappe.db.get_value("Policy Expert", {"user": people[key]}) or (
			frappe.get_doc(
				{"doctype": "Policy Expert", "user": people[key], "expert_name": f"攻击{key}", "active": 1}
			)
			.insert(ignore_permissions=True)
			.name
		)
	tokens = {k: token(u) for k, u in people.items()}
	calls = {}
	created: list[tuple[str, str]] = []
	for code in ("XX-BASE", "XX-SVC", "XX-INC"):
		calls[code] = make_call(code, title=f"攻击 {code}").name
		created.append(("Call for Applications", calls[code]))

	def application(org, **values):
		return (
			frappe.get_doc(
				{
					"doctype": CBA,
					"call_for_applications": calls["XX-BASE"],
					"organization": org,
					"base_type": "coop_base",
					**values,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	app_a = application(org_a)
	app_b = application(org_b, contact_mobile=SECRET_PHONE, contact_name="乙方联系人")
	frappe.db.set_value(CBA, app_b, "workflow_state", "Submitted")
	review_a = _review(app_a, experts["expert"])
	review_b = _review(app_b, experts["owner_expert"])
	secret = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "atk-secret-b.txt",
			"content": b"secret of organisation B",
			"is_private": 1,
			"attached_to_doctype": CBA,
			"attached_to_name": app_b,
		}
	).insert(ignore_permissions=True)
	created += [(CBA, app_a), (CBA, app_b)]
	created.insert(0, ("Expert Review", review_a))
	created.insert(0, ("Expert Review", review_b))
	created.insert(0, ("File", secret.name))
	base_b = raw_insert(
		{
			"doctype": "Cooperation Base",
			"certificate_number": f"ATK-{frappe.generate_hash(length=6)}",
			"organization": org_b,
			"scheme": "XX-BASE",
			"certified_on": today(),
			"recommending_district": b,
			"status": "Active",
		}
	)
	created.insert(0, ("Cooperation Base", base_b))
	frappe.db.commit()
	# the matrix's factories make records "in scope" of their world: side 乙 is that world here
	side_b = frappe._dict(
		a=b,
		org_a=org_b,
		users={PA: people["owner"], DO: people["owner_officer"], EX: people["owner_expert"]},
		expert=experts["owner_expert"],
		calls=calls,
		base=base_b,
		app_a=app_b,
		created=created,
	)
	w = frappe._dict(
		a=a,
		b=b,
		org_a=org_a,
		org_b=org_b,
		people=people,
		tokens=tokens,
		experts=experts,
		app_a=app_a,
		app_b=app_b,
		review_a=review_a,
		review_b=review_b,
		secret=secret.name,
		secret_url=secret.file_url,
		base_b=base_b,
		side_b=side_b,
		created=created,
	)
	yield w
	frappe.set_user("Administrator")
	frappe.db.rollback()
	# the attackers' own requests to act for side 乙's organisation (request_binding's row)
	frappe.db.delete("Organization Binding Request", {"user": ["in", list(people.values())]})
	for dt, name in created:
		drop(dt, name)
	for p in frappe.get_all("File", filters={"file_url": secret.file_url}, pluck="name"):
		frappe.delete_doc("File", p, force=True, ignore_permissions=True)
	for dt, name in (("Applicant Organization", org_a), ("Applicant Organization", org_b)):
		drop(dt, name)
	for e in experts.values():
		if frappe.db.exists("Policy Expert", e):
			frappe.delete_doc("Policy Expert", e, force=True, ignore_permissions=True)
	for user in people.values():
		drop_user(user)
	for d in (a, b):
		drop("District", d)
	frappe.db.commit()


def _review(app: str, expert: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Expert Review",
				"reference_doctype": CBA,
				"reference_name": app,
				"scheme": "XX-BASE",
				"expert": expert,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


# ---- helpers


def call(w, who: str, path: str, **params):
	return request("POST", f"/api/method/{path}", w.tokens[who], params)


def turned_away(status: int, data: dict) -> bool:
	"""Refused for permission (rest_helpers.refused), or told no more than "not found" / "bad input"."""
	return (
		refused(status, data)
		or status in (404, 417)
		or data.get("exc_type") in ("DoesNotExistError", "DataError")
	)


def text_of(data) -> str:
	return json.dumps(data, ensure_ascii=False, default=str)


def notice(app: str, published: bool = True, title: str = "攻击公示") -> str:
	"""A notice listing `app`, as the bureau drafts it (published: running for ten more days)."""
	body = {
		"doctype": "Public Notice",
		"title": title,
		"scheme": "XX-BASE",
		"stage": "recognition",
		"published_on": today(),
		"items": [{"reference_doctype": CBA, "reference_name": app}],
	}
	if published:
		body.update(ends_on=add_days(today(), 10), docstatus=1)
	return raw_insert(body)


def copy(w, who: str, user: str, via: str = "policy_app.approvals.moves.copy_to"):
	"""`who` copies (抄送) or shares their case app_a with `user`."""
	if via == "frappe.share.add":
		return call(w, who, via, doctype=CBA, name=w.app_a, user=user, read=1)
	return call(w, who, via, doctype=CBA, name=w.app_a, users=json.dumps([user]))


def snapshot(doctype: str, name: str):
	frappe.db.rollback()
	return frappe.db.get_value(doctype, name, "modified")


def search_names(w, who, doctype, txt="", **extra) -> set[str]:
	names = set()
	for flag in (0, 1):
		status, data = call(
			w,
			who,
			"frappe.desk.search.search_widget",
			doctype=doctype,
			txt=txt,
			page_length=500,
			ignore_user_permissions=flag,
			**extra,
		)
		names |= {r[0] for r in data.get("message") or [] if isinstance(r, list) and r}
		status, data = call(
			w,
			who,
			"frappe.desk.search.search_link",
			doctype=doctype,
			txt=txt,
			page_length=500,
			ignore_user_permissions=flag,
		)
		names |= {r.get("value") for r in data.get("message") or [] if isinstance(r, dict)}
	return names


# ---- every DocType of the app: list, read, search, count, title, child rows, write, delete,
# share, workflow action and bulk action on a record of side 乙


def test_every_app_doctype_has_a_row():
	missing = [dt for dt in app_doctypes() if dt not in ROWS]
	assert not missing, f"write the attack row (scoped / reference / bureau) in ROWS for: {missing}"


@pytest.mark.parametrize("doctype", sorted(ROWS))
def test_no_path_reaches_another_scope(world, doctype):
	w = world
	if not frappe.db.exists("DocType", doctype):
		pytest.fail(f"{doctype} is in ROWS but not installed")
	frappe.db.rollback()
	name = _committed(lambda: make_sample(doctype, w.side_b))
	kind = ROWS[doctype]
	meta = frappe.get_meta(doctype)
	before = snapshot(doctype, name)
	problems = []
	try:
		for who in ATTACKERS:
			hidden = kind != "reference" or who == "nobody"
			if hidden:
				s, d = request("GET", f"/api/resource/{doctype}/{name}", w.tokens[who])
				if not turned_away(s, d):
					problems.append(f"{who} read {doctype} {name}: HTTP {s}")
				s, d = call(
					w,
					who,
					"frappe.client.get_list",
					doctype=doctype,
					filters=json.dumps({"name": name}),
					fields=json.dumps(["name"]),
				)
				if name in text_of(d.get("message")):
					problems.append(f"{who} listed {doctype} {name}")
				if name in search_names(w, who, doctype, txt=name):
					problems.append(f"{who} found {doctype} {name} by link search")
				s, d = call(
					w, who, "frappe.client.get_count", doctype=doctype, filters=json.dumps({"name": name})
				)
				if d.get("message"):
					problems.append(f"{who} counted {doctype} {name}: {d.get('message')}")
				s, d = call(w, who, "frappe.desk.search.get_link_title", doctype=doctype, docname=name)
				if d.get("message") not in (None, name):
					problems.append(f"{who} read the title of {doctype} {name}: {d.get('message')}")
				for df in meta.get_table_fields():
					s, d = call(
						w,
						who,
						"frappe.client.get_list",
						doctype=df.options,
						parent=doctype,
						filters=json.dumps({"parent": name}),
						fields=json.dumps(["name", "parent"]),
					)
					if name in text_of(d.get("message")):
						problems.append(f"{who} listed {df.options} rows of {doctype} {name}")
			s, d = request("PUT", f"/api/resource/{doctype}/{name}", w.tokens[who], {"modified_by": who})
			if s == 200:
				problems.append(f"{who} wrote {doctype} {name}")
			s, d = request("DELETE", f"/api/resource/{doctype}/{name}", w.tokens[who])
			if s == 200:
				problems.append(f"{who} deleted {doctype} {name}")
			s, d = call(
				w,
				who,
				"frappe.share.add",
				doctype=doctype,
				name=name,
				user=w.people[who],
				read=1,
				write=1,
			)
			if s == 200:
				problems.append(f"{who} shared {doctype} {name} with themselves")
			problems += _workflow_attempts(w, who, doctype, name)
		frappe.db.rollback()
		if not frappe.db.exists(doctype, name):
			problems.append(f"{doctype} {name} is gone")
		elif snapshot(doctype, name) != before:
			problems.append(f"{doctype} {name} was changed")
		if frappe.db.exists("DocShare", {"share_doctype": doctype, "share_name": name}):
			problems.append(f"{doctype} {name} got shared")
	finally:
		frappe.db.rollback()
		if doctype != "Policy Expert":  # the world's own expert profile
			drop(doctype, name)
		frappe.db.commit()
	assert not problems, "\n".join(problems)


def _workflow_attempts(w, who, doctype, name) -> list[str]:
	from frappe.model.workflow import get_workflow_name

	wf_name = get_workflow_name(doctype)
	if not wf_name:
		return []
	wf = frappe.get_cached_doc("Workflow", wf_name)
	frappe.db.rollback()
	doc = frappe.get_doc(doctype, name)
	state = doc.get(wf.workflow_state_field)
	out = []
	for t in {t.action for t in wf.transitions if t.state == state}:
		s, d = call(
			w,
			who,
			"frappe.model.workflow.apply_workflow",
			doc=json.loads(frappe.as_json(doc.as_dict(convert_dates_to_str=True))),
			action=t,
		)
		if not turned_away(s, d):
			out.append(f"{who} took {t!r} on {doctype} {name}: HTTP {s}")
		s, d = call(
			w,
			who,
			"frappe.model.workflow.bulk_workflow_approval",
			docnames=json.dumps([name]),
			doctype=doctype,
			action=t,
		)
		if s == 200 and name in ((d.get("message") or {}).get("actionable") or []):
			out.append(f"{who} bulk-took {t!r} on {doctype} {name}")
	return out


# ---- the paths of the issue, one by one


def test_1_sql_in_filter_fields_is_refused_for_every_doctype(world):
	w = world
	for who in ATTACKERS:
		for doctype in (CBA, "ToDo", "User"):
			s, d = call(
				w,
				who,
				"frappe.desk.search.search_widget",
				doctype=doctype,
				txt="",
				filter_fields=INJECTION,
			)
			assert s != 200 and w.a not in text_of(d) and w.org_b not in text_of(d), (who, doctype, s, d)
	# a real field is still a field: the applicant searches their own applications by organisation
	s, d = call(
		w,
		"applicant",
		"frappe.desk.search.search_widget",
		doctype=CBA,
		txt="",
		filter_fields=json.dumps(["organization"]),
		as_dict=1,
	)
	assert s == 200 and {r["name"] for r in d["message"]} == {w.app_a}, d


def test_2_link_search_keeps_the_scoping_with_ignore_user_permissions(world):
	w = world
	assert w.app_b not in search_names(w, "applicant", CBA)
	assert w.app_a in search_names(w, "applicant", CBA)
	assert w.org_b not in search_names(w, "applicant", "Applicant Organization")
	assert w.app_b not in search_names(w, "officer", CBA)
	assert w.org_b not in search_names(w, "officer", "Applicant Organization")
	reviews = search_names(w, "expert", "Expert Review")
	assert w.review_b not in reviews and w.review_a in reviews
	assert search_names(w, "expert", "Policy Expert") == {w.experts["expert"]}
	for doctype in (CBA, "Expert Review", "Policy Expert"):
		assert not search_names(w, "nobody", doctype), doctype


def test_3_a_file_record_is_no_key_to_another_organisations_file(world):
	w = world
	for who in ATTACKERS:
		s, d = request("GET", w.secret_url, w.tokens[who])
		assert s in (403, 404), (who, s)
		s, d = request(
			"POST",
			"/api/resource/File",
			w.tokens[who],
			{"file_url": w.secret_url, "file_name": "mine.txt", "is_private": 1},
		)
		assert turned_away(s, d) or s != 200, (who, s, d)
		s, d = request("GET", w.secret_url, w.tokens[who])
		assert s in (403, 404), (who, s)
	frappe.db.rollback()
	assert frappe.get_all("File", filters={"file_url": w.secret_url}, pluck="name") == [w.secret]
	# the owner's side still reads its own file
	assert request("GET", w.secret_url, w.tokens["owner"])[0] == 200


def test_4_child_rows_come_only_with_a_parent_one_may_read(world):
	w = world
	frappe.db.rollback()
	assert frappe.db.count(
		"Application Eligibility Result", {"parent": w.app_b}
	)  # there is something to find
	for who in ATTACKERS:
		for child, parent in (
			("Application Eligibility Result", CBA),
			("Approval Log Entry", CBA),
			("Application Review Check", CBA),
			("Expert Review Score", "Expert Review"),
			("Policy Evaluation Expert", "Policy Evaluation"),
		):
			s, d = call(
				w,
				who,
				"frappe.client.get_list",
				doctype=child,
				parent=parent,
				fields=json.dumps(["name", "parent"]),
				limit_page_length=0,
			)
			rows = d.get("message") or []
			assert all(r["parent"] not in (w.app_b, w.review_b) for r in rows), (who, child, rows)
	# the applicant still lists the eligibility rows of their own application
	s, d = call(
		w,
		"applicant",
		"frappe.client.get_list",
		doctype="Application Eligibility Result",
		parent=CBA,
		fields=json.dumps(["parent", "parenttype"]),
		limit_page_length=0,
	)
	# Frappe's `parent=` names the DocType whose permission is checked, not a filter: rows of other
	# kinds the applicant may read (a published open-competition demand's) come too
	own = {r["parent"] for r in d["message"] if r["parenttype"] == CBA}
	assert s == 200 and own == {w.app_a}


def test_5_objections_and_personal_fields_are_the_bureaus(world):
	w = world
	frappe.db.rollback()
	notice_name = notice(w.app_b, title="攻击公示")
	objection = raw_insert(
		{
			"doctype": "Objection",
			"public_notice": notice_name,
			"reference_doctype": CBA,
			"reference_name": w.app_b,
			"objector": w.people["owner"],
			"objector_name": "实名异议人",
			"objector_id_number": SECRET_ID,
			"objector_contact": SECRET_PHONE,
			"grounds": "攻击测试",
			"status": "Open",
		}
	)
	frappe.db.commit()
	try:
		for who in ("applicant", "portal", "officer", "expert", "nobody"):
			for path in (
				f"/api/resource/Objection/{objection}",
				'/api/resource/Objection?fields=["*"]&limit_page_length=0',
			):
				s, d = request("GET", path, w.tokens[who])
				assert SECRET_ID not in text_of(d) and "实名异议人" not in text_of(d), (who, path, d)
		# the case's district and the experts read the application, not its contact's phone
		frappe.db.set_value(CBA, w.app_b, "workflow_state", "Submitted")
		frappe.db.commit()
		s, d = request(
			"GET", f"/api/resource/Cooperation Base Application/{w.app_b}", w.tokens["owner_officer"]
		)
		assert s == 200 and d["data"].get("contact_mobile") == SECRET_PHONE  # their district's applicant
		s, d = request(
			"GET", f"/api/resource/Cooperation Base Application/{w.app_b}", w.tokens["owner_expert"]
		)
		assert s == 200 and SECRET_PHONE not in text_of(d) and "contact_mobile" not in d["data"], d[
			"data"
		].keys()
		# the bureau reads who objected
		s, d = request("GET", f"/api/resource/Objection/{objection}", w.tokens["bureau"])
		assert s == 200 and d["data"]["objector_id_number"] == SECRET_ID
	finally:
		frappe.db.rollback()
		drop("Objection", objection)
		drop("Public Notice", notice_name)
		frappe.db.commit()


def test_an_objector_writes_their_identity_and_cannot_read_it_back(world):
	"""Frappe blanks fields above one's permission level on insert: the objector's own are kept."""
	from policy_app.recognition.doctype.objection.objection import IDENTITY

	w = world
	notice_name = notice(w.app_b, title="异议公示")
	frappe.set_user(w.people["applicant"])
	doc = frappe.get_doc(
		{
			"doctype": "Objection",
			"public_notice": notice_name,
			"reference_doctype": CBA,
			"reference_name": w.app_b,
			"objector_name": "张三",
			"objector_id_number": SECRET_ID,
			"objector_contact": SECRET_PHONE,
			"grounds": "材料不实",
		}
	).insert()
	frappe.set_user("Administrator")
	stored = frappe.db.get_value("Objection", doc.name, ["objector", *IDENTITY], as_dict=True)
	assert stored == {
		"objector": w.people["applicant"],
		"objector_name": "张三",
		"objector_id_number": SECRET_ID,
		"objector_contact": SECRET_PHONE,
	}
	frappe.set_user(w.people["applicant"])
	mine = frappe.get_doc("Objection", doc.name)
	mine.apply_fieldlevel_read_permissions()
	assert mine.grounds == "材料不实" and not mine.get("objector_id_number")


def test_6_copy_to_is_the_staffs_and_stays_inside_the_scope(world):
	w = world
	outsider = w.people["owner"]  # the applicant of another organisation
	# an expert reads the case assigned to them, but cannot hand it to anyone
	assert turned_away(*copy(w, "expert", outsider))
	# a district officer copies their own case to staff, never to another organisation's applicant,
	# neither by 抄送 nor by Frappe's share dialog
	assert turned_away(*copy(w, "officer", outsider))
	assert turned_away(*copy(w, "officer", outsider, via="frappe.share.add"))
	frappe.db.rollback()
	assert not frappe.db.exists("DocShare", {"share_name": w.app_a, "user": outsider})
	assert request("GET", f"/api/resource/{CBA}/{w.app_a}", w.tokens["owner"])[0] == 403
	# what 抄送 is for still works: the officer copies their case to the bureau
	status, data = copy(w, "officer", w.people["bureau"])
	assert status == 200, data
	frappe.db.rollback()
	frappe.db.delete("DocShare", {"share_name": w.app_a})
	frappe.db.delete("Approval Log Entry", {"parent": w.app_a, "action": "Copy"})
	frappe.db.commit()


def test_8_apply_workflow_tells_an_outsider_nothing(world):
	w = world
	frappe.db.rollback()
	doc = frappe.get_doc(CBA, w.app_b).as_dict(convert_dates_to_str=True)
	before = snapshot(CBA, w.app_b)
	for who in ATTACKERS:
		stale = {**json.loads(frappe.as_json(doc)), "modified": "2001-01-01 00:00:00"}
		s, d = call(w, who, "frappe.model.workflow.apply_workflow", doc=stale, action="Recommend")
		said = text_of(d)
		assert turned_away(s, d), (who, s, d)
		assert "Submitted" not in said and "已提交" not in said and "atk.owner" not in said, (who, said)
	assert snapshot(CBA, w.app_b) == before
	# a record of the app without a workflow: a plain refusal, not a server error
	s, d = call(
		w,
		"applicant",
		"frappe.model.workflow.apply_workflow",
		doc={"doctype": "Applicant Organization", "name": w.org_a},
		action="Approve",
	)
	assert s != 500 and s != 200, (s, d)


def test_9_bulk_action_refuses_past_the_cap_before_loading(world):
	w = world
	names = [f"CBA-NOPE-{i:05d}" for i in range(3000)]
	s, d = call(
		w,
		"officer",
		"frappe.model.workflow.bulk_workflow_approval",
		docnames=json.dumps(names),
		doctype=CBA,
		action="Recommend",
	)
	assert s != 200 and "500" in text_of(d), (s, d)


def test_10_a_draft_notice_is_the_bureaus(world):
	w = world
	frappe.db.rollback()
	notice_name = notice(w.app_a, published=False, title="攻击草稿公示")
	frappe.db.commit()
	try:
		for who in ATTACKERS:
			assert turned_away(
				*request("GET", f"/api/resource/Public Notice/{notice_name}", w.tokens[who])
			), who
			s, d = request("GET", "/api/resource/Public Notice?limit_page_length=0", w.tokens[who])
			assert notice_name not in text_of(d), who
		assert request("GET", f"/api/resource/Public Notice/{notice_name}", w.tokens["bureau"])[0] == 200
		frappe.db.set_value("Public Notice", notice_name, "docstatus", 1)
		frappe.db.commit()
		assert request("GET", f"/api/resource/Public Notice/{notice_name}", w.tokens["applicant"])[0] == 200
	finally:
		frappe.db.rollback()
		drop("Public Notice", notice_name)
		frappe.db.commit()


def test_11_applicants_and_experts_do_not_learn_who_the_experts_are(world):
	w = world
	expert_user = w.people["owner_expert"]
	for who in ("applicant", "portal", "expert", "nobody"):
		seen = set()
		s, d = request("GET", "/api/resource/User?limit_page_length=0", w.tokens[who])
		seen |= {r["name"] for r in d.get("data") or []}
		seen |= search_names(w, who, "User", txt="atk")
		s, d = call(w, who, "frappe.desk.search.get_names_for_mentions", search_term="atk")
		seen |= {r.get("id") for r in d.get("message") or []}
		s, d = call(
			w,
			who,
			"frappe.client.get_list",
			doctype="Has Role",
			parent="User",
			fields=json.dumps(["parent", "parenttype", "role"]),
			filters=json.dumps({"role": "Policy Expert"}),
			limit_page_length=0,
		)
		seen |= {r["parent"] for r in d.get("message") or [] if r["parenttype"] == "User"}
		assert expert_user not in seen, (who, seen)
		assert seen <= {w.people[who]}, (who, seen)
	# the bureau's staff still pick colleagues and experts
	assert expert_user in search_names(w, "bureau", "User", txt="atk")


# ---- every whitelisted method of the app


def _app_methods() -> dict[str, object]:
	import policy_app

	for mod in pkgutil.walk_packages(policy_app.__path__, "policy_app."):
		if ".engine" in mod.name or mod.name.endswith((".patches", ".fixtures")) or ".patches." in mod.name:
			continue
		try:
			importlib.import_module(mod.name)
		except Exception:
			continue
	return {
		f"{f.__module__}.{f.__qualname__}": f
		for f in frappe.whitelisted
		if getattr(f, "__module__", "").startswith("policy_app")
	}


def _doc_method(w, who, doctype, name, method, **args):
	return call(w, who, "run_doc_method", dt=doctype, dn=name, method=method, args=json.dumps(args))


#: method → how it is attacked: (the record it touches, how it is called)
def on_case(**extra):
	"""Attack row of a method that takes the case as (doctype, name): side 乙's application."""
	return (
		CBA,
		lambda w, n: {"doctype": CBA, "name": n, **{k: v(w) if callable(v) else v for k, v in extra.items()}},
	)


def on_panel():
	"""Attack row of a panel method: it takes the application as (reference_doctype, reference_name)."""
	return (CBA, lambda w, n: {"reference_doctype": CBA, "reference_name": n})


METHODS = {
	"policy_app.open_competition.api.terminate_project": (
		"Open Competition Project",
		lambda w, n: {"project": n, "action": "Terminate", "reason": "攻击"},
	),
	"policy_app.open_competition.api.set_responsible_party": (
		"Open Competition Project",
		lambda w, n: {"project": n, "responsible_party": "Solver"},
	),
	# 立项 from the chosen bid, and a payment's next instalment (#19 item 7): the bureau's
	"policy_app.open_competition.api.make_project": (
		"Open Competition Bid",
		lambda w, n: {"source_name": n},
	),
	"policy_app.open_competition.api.next_instalment": (
		"Open Competition Project",
		lambda w, n: {"project": n},
	),
	"policy_app.controllers.bulk.bulk_workflow_approval": (
		CBA,
		lambda w, n: {
			"docnames": json.dumps([n]),
			"doctype": CBA,
			"action": "Recommend",
		},
	),
	"policy_app.concurrency.apply_workflow": (
		CBA,
		lambda w, n: {"doc": {"doctype": CBA, "name": n}, "action": "Recommend"},
	),
	"policy_app.evaluation.payments.mark_paid": (
		"Policy Reward",
		lambda w, n: {"rewards": json.dumps([n]), "paid_on": "2026-01-05", "payment_reference": "攻击"},
	),
	"policy_app.evaluation.publishing.get_progress": ("Evaluation Round", lambda w, n: {"name": n}),
	"policy_app.evaluation.publishing.finalise_after_notice": ("Evaluation Round", lambda w, n: {"name": n}),
	"policy_app.evaluation.publishing.start": (
		"Evaluation Round",
		lambda w, n: {"name": n, "action": "publish"},
	),
	"policy_app.approvals.moves.can_withdraw": on_case(),
	"policy_app.approvals.moves.moves_offered": on_case(),
	"policy_app.approvals.moves.withdraw": on_case(),
	"policy_app.approvals.moves.transfer": on_case(to_user=lambda w: w.people["officer"]),
	"policy_app.approvals.moves.copy_to": on_case(users=lambda w: json.dumps([w.people["applicant"]])),
	"policy_app.policy_setup.schemes.notice_end": (
		None,
		lambda w, n: {"scheme": "XX-BASE", "stage": "recognition", "published": today()},
	),
	# the scheme form (#15 item 6): the end of a period, the years for an end (write), the facts offered
	"policy_app.policy_setup.doctype.policy_scheme.policy_scheme.effective_end": (
		None,
		lambda w, n: {"effective_from": "2023-10-01", "effective_years": 3},
	),
	"policy_app.policy_setup.doctype.policy_scheme.policy_scheme.years_to_end": (
		None,
		lambda w, n: {"effective_from": "2023-10-01", "end": "2028-09-30"},
	),
	"policy_app.policy_setup.facts.fact_options": (None, lambda w, n: {"family": "cooperation_base"}),
	# a desk-made family's workflow from the template (#16 item 1): the administrator's alone
	"policy_app.policy_setup.families.create_workflow": (None, lambda w, n: {"family": "incubator"}),
	# scheme versions (#16 item 3): the administrator's alone
	"policy_app.policy_setup.versions.draft_version": (
		None,
		lambda w, n: {"scheme": "XX-BASE", "effective_from": "2027-01-01"},
	),
	"policy_app.policy_setup.versions.preview_version": (None, lambda w, n: {"name": "XX-BASE"}),
	"policy_app.policy_setup.versions.activate_version": (None, lambda w, n: {"name": "XX-BASE"}),
	"policy_app.policy_setup.choices.scheme_choices": (
		None,
		lambda w, n: {"scheme": "XX-BASE", "kind": "type"},
	),
	# the kinds of user for the people form: the administrator's alone
	"policy_app.policy_setup.people.role_profile_query": (
		None,
		lambda w, n: {
			"doctype": "Role Profile",
			"txt": "",
			"searchfield": "name",
			"start": 0,
			"page_len": 20,
			"filters": "{}",
		},
	),
	"policy_app.recognition.expert_panel.draw_panel": on_panel(),
	"policy_app.recognition.expert_panel.quorum_met": on_panel(),
	"policy_app.recognition.expert_panel.panel_result": on_panel(),
	"policy_app.recognition.expert_panel.draw_options": on_panel(),
	"policy_app.recognition.api.set_workflow_remark": on_case(remark="攻击"),
	"policy_app.recognition.api.attach_signed_scan": on_case(file_url=lambda w: w.secret_url),
	# the form's running subtotals: computed from the rows sent, nothing read but the scheme
	"policy_app.evaluation.doctype.policy_evaluation.policy_evaluation.rubric_subtotals": (
		None,
		lambda w, n: {
			"doc": json.dumps({"scheme": "XX-BASE", "items": [{"item_code": "plan", "quantity": 1}]})
		},
	),
	# the expert picker of an evaluation (#19 item 5): the pool's active experts, for those who list them
	"policy_app.evaluation.experts.expert_users": (
		None,
		lambda w, n: {
			"doctype": "User",
			"txt": "",
			"searchfield": "name",
			"start": 0,
			"page_len": 20,
			"filters": "{}",
		},
	),
	"policy_app.cooperation_platform.doctype.enterprise_need.enterprise_need.active_bases": (
		None,
		lambda w, n: {
			"doctype": "Cooperation Base",
			"txt": "",
			"searchfield": "name",
			"start": 0,
			"page_len": 50,
			"filters": "{}",
		},
	),
	# the core guards themselves: the scoping tests above attack them at length; here once more
	"policy_app.core_guards.search_widget": (
		CBA,
		lambda w, n: {"doctype": CBA, "txt": n, "ignore_user_permissions": 1},
	),
	"policy_app.core_guards.search_link": (
		CBA,
		lambda w, n: {"doctype": CBA, "txt": n, "ignore_user_permissions": 1},
	),
	"policy_app.core_guards.get_count": (
		CBA,
		lambda w, n: {"doctype": CBA, "filters": json.dumps({"name": n})},
	),
	"policy_app.core_guards.get_link_title": (
		CBA,
		lambda w, n: {"doctype": CBA, "docname": n},
	),
	"policy_app.core_guards.get_names_for_mentions": (None, lambda w, n: {"search_term": "atk"}),
	# dashboard sources: counts of the user's own scope (nothing of side 乙)
	"policy_app.annual_duties.dashboard.applications_by_state": (None, lambda w, n: {}),
	"policy_app.annual_duties.dashboard.certified_records_by_status": (None, lambda w, n: {}),
	"policy_app.annual_duties.dashboard.active_certified_records": (None, lambda w, n: {}),
	"policy_app.annual_duties.dashboard.records_expiring_in_90_days": (None, lambda w, n: {}),
	# the website's objection form (allow_guest): script in the grounds is refused, nothing stored
	"policy_app.recognition.public_notices.lodge_objection": (
		"Public Notice",
		lambda w, n: {
			"notice": n,
			"row": 1,
			"objector_name": "攻击",
			"id_number": SECRET_ID,
			"organization": "攻击",
			"phone": SECRET_PHONE,
			"email": "atk@example.com",
			"grounds": "<script>alert(1)</script>",
		},
	),
	# the portal's form: side 乙's case saved or moved on by an outsider
	"policy_app.portal.api.save_case": (
		"Service Institution Application",
		lambda w, n: {
			"doctype": "Service Institution Application",
			"name": n,
			"values": json.dumps({"application_reason": "攻击"}),
		},
	),
	"policy_app.portal.api.act_on_case": (
		"Service Institution Application",
		lambda w, n: {"doctype": "Service Institution Application", "name": n, "action": "Submit"},
	),
	# the portal's binding: asks, for the caller only, to act for side 乙's organisation
	"policy_app.portal.api.request_binding": (
		"Applicant Organization",
		lambda w, n: {
			"unified_social_credit_code": frappe.db.get_value(
				"Applicant Organization", n, "unified_social_credit_code"
			)
		},
	),
}
#: document methods (run_doc_method): DocType → methods
DOC_METHODS = {
	"policy_app.evaluation.doctype.evaluation_round.evaluation_round.EvaluationRound.run_preview": "Evaluation Round",
	"policy_app.evaluation.doctype.evaluation_round.evaluation_round.EvaluationRound.run_publish": "Evaluation Round",
	"policy_app.evaluation.doctype.evaluation_round.evaluation_round.EvaluationRound.waiting_evaluations": "Evaluation Round",
	"policy_app.evaluation.doctype.policy_evaluation.policy_evaluation.PolicyEvaluation.fetch_platform_rows": "Policy Evaluation",
	"policy_app.evaluation.doctype.policy_evaluation.policy_evaluation.PolicyEvaluation.scoring_sheet": "Policy Evaluation",
	"policy_app.evaluation.doctype.policy_evaluation.policy_evaluation.PolicyEvaluation.submit_scores": "Policy Evaluation",
	"policy_app.policy_setup.doctype.policy_scheme.policy_scheme.PolicyScheme.restore_shipped_default": "Policy Scheme",
	"policy_app.cooperation_platform.doctype.enterprise_need.enterprise_need.EnterpriseNeed.push": "Enterprise Need",
	"policy_app.recognition.doctype.expert_review.expert_review.ExpertReview.recuse": "Expert Review",
	"policy_app.recognition.doctype.objection.objection.Objection.resolve": "Objection",
	"policy_app.organizations.doctype.organization_binding_request.organization_binding_request.OrganizationBindingRequest.confirm": "Organization Binding Request",
	"policy_app.organizations.doctype.organization_binding_request.organization_binding_request.OrganizationBindingRequest.refuse": "Organization Binding Request",
}
DOC_ARGS = {
	"push": lambda w: {"bases": json.dumps([w.base_b])},
	"recuse": lambda w: {"reason": "攻击"},
	"submit_scores": lambda w: {"sheet": "{}"},
	"resolve": lambda w: {"outcome": "Upheld", "conclusion": "攻击", "answer": "攻击"},
	"refuse": lambda w: {"reason": "攻击"},
}
OUTSIDERS = ("applicant", "portal", "expert", "nobody")
#: methods whose answer is data, not a refusal: path → the attackers who must learn nothing of side 乙
#: from it (the others see it by design, as the comment says)
ANSWERS = {
	"policy_app.policy_setup.schemes.notice_end": ATTACKERS,  # a date; `nobody` reads no scheme
	"policy_app.policy_setup.doctype.policy_scheme.policy_scheme.effective_end": ATTACKERS,  # a date
	# the application form's field names and labels; `nobody` reads no scheme
	"policy_app.policy_setup.facts.fact_options": ATTACKERS,
	# the scheme's published labels of its types; `nobody` reads no scheme
	"policy_app.policy_setup.choices.scheme_choices": ATTACKERS,
	# XX-BASE §12: a district pushes a need to any active base of the area, other districts' included
	"policy_app.cooperation_platform.doctype.enterprise_need.enterprise_need.active_bases": OUTSIDERS,
	# the expert pool is listed to district and bureau officers by design (they pick the panel)
	"policy_app.evaluation.experts.expert_users": OUTSIDERS,
	# subtotals of the attacker's own rows: the scheme's section labels and their own numbers
	"policy_app.evaluation.doctype.policy_evaluation.policy_evaluation.rubric_subtotals": ATTACKERS,
	"policy_app.core_guards.search_widget": ATTACKERS,
	"policy_app.core_guards.search_link": ATTACKERS,
	"policy_app.core_guards.get_count": ATTACKERS,
	"policy_app.core_guards.get_link_title": ATTACKERS,
	# the staff mention colleagues and experts in comments; applicants and experts learn no names
	"policy_app.core_guards.get_names_for_mentions": OUTSIDERS,
	"policy_app.annual_duties.dashboard.applications_by_state": ATTACKERS,
	"policy_app.annual_duties.dashboard.certified_records_by_status": ATTACKERS,
	"policy_app.annual_duties.dashboard.active_certified_records": ATTACKERS,
	"policy_app.annual_duties.dashboard.records_expiring_in_90_days": ATTACKERS,
	# anyone logged in may ask to act for an organisation by its (public) credit code: the request waits
	# for the organisation's district to confirm it, and the answer names the organisation, nothing more
	"policy_app.portal.api.request_binding": ("applicant", "portal", "officer", "expert"),
}


def test_every_whitelisted_method_has_a_row():
	found = set(_app_methods())
	rows = set(METHODS) | set(DOC_METHODS)
	assert not found - rows, f"write the attack row in METHODS / DOC_METHODS for: {sorted(found - rows)}"
	assert not rows - found, f"rows for methods that no longer exist: {sorted(rows - found)}"


def _targets(w) -> dict[str, str]:
	out = {CBA: w.app_b}
	for doctype in {d for d, _ in METHODS.values() if d} | set(DOC_METHODS.values()):
		if doctype not in out:
			out[doctype] = make_sample(doctype, w.side_b)
	return out


def _leaks(w, data) -> bool:
	said = text_of(data)
	return any(s in said for s in (w.app_b, w.org_b, w.base_b, SECRET_PHONE, w.people["owner_expert"]))


def test_no_whitelisted_method_serves_an_outsider(world):
	w = world
	frappe.db.rollback()
	targets = _committed(lambda: _targets(w))
	before = {dt: snapshot(dt, n) for dt, n in targets.items()}
	problems = []
	try:
		for path, (doctype, kwargs) in METHODS.items():
			args = kwargs(w, targets.get(doctype))
			for who in ATTACKERS:
				s, d = call(w, who, path, **args)
				if path in ANSWERS:
					told = d.get("message")
					if path.endswith("get_link_title") and told == args["docname"]:
						told = None  # the name asked for, echoed: what Frappe says of a title-less record
					if who in ANSWERS[path] and (
						_leaks(w, told) or (who == "nobody" and s == 200 and _counted({"message": told}))
					):
						problems.append(f"{who} {path}: told {text_of(d)[:200]}")
				elif not turned_away(s, d) and not (
					s == 200 and path.endswith("bulk_workflow_approval") and not d["message"]["actionable"]
				):
					problems.append(f"{who} {path}: HTTP {s} {text_of(d)[:200]}")
				elif _leaks(w, {k: v for k, v in d.items() if k != "exc"}) and path.endswith(
					"apply_workflow"
				):
					problems.append(f"{who} {path}: the refusal tells {text_of(d)[:200]}")
		for path, doctype in DOC_METHODS.items():
			method = path.rsplit(".", 1)[1]
			for who in ATTACKERS:
				s, d = _doc_method(
					w, who, doctype, targets[doctype], method, **DOC_ARGS.get(method, lambda w: {})(w)
				)
				if not turned_away(s, d):
					problems.append(f"{who} {doctype}.{method}: HTTP {s} {text_of(d)[:200]}")
		for dt, n in targets.items():
			if snapshot(dt, n) != before[dt]:
				problems.append(f"{dt} {n} was changed")
		frappe.db.rollback()
		if frappe.db.exists("File", {"file_url": w.secret_url, "attached_to_name": ["!=", w.app_b]}):
			problems.append("the secret file got attached elsewhere")
	finally:
		frappe.db.rollback()
		for dt, n in targets.items():
			if n not in (w.app_b,) and dt != "Policy Expert":
				drop(dt, n)
		frappe.db.commit()
	assert not problems, "\n".join(problems)


def _counted(d) -> bool:
	"""A no-role user's dashboard or count: only zeros and empty lists."""
	m = d.get("message")
	if isinstance(m, dict):
		if "value" in m:
			return bool(m["value"])
		return any(any(ds.get("values") or []) for ds in m.get("datasets") or [])
	if isinstance(m, list):
		return bool(m)
	return bool(m)
