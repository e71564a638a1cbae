"""Concurrency: two officers taking the same workflow action at the same moment, each over REST on its
own connection, and the app's daily jobs run twice at the same time. Everything is committed (the
point is what other connections see) and removed afterwards."""

from __future__ import annotations

import json
import re
import threading

import frappe
import pytest
from frappe.utils import add_days, today
from rest_helpers import drop, open_scheme, raw_insert, request, token

from factories import make_call, make_district, make_org, make_user

CBA = "Cooperation Base Application"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def race():
	frappe.set_user("Administrator")
	kept = frappe.db.get_value("Policy Scheme", "XX-BASE", ["effective_from", "effective_years"])
	open_scheme("XX-BASE")
	d = make_district("并发测试新城")
	org = make_org("并发测试企业", d, 961)
	officers = [make_user(f"race.bureau{i}@policy.test", ["Bureau Officer"]) for i in (1, 2)]
	call = make_call("XX-BASE", title="并发测试通知")
	w = frappe._dict(
		org=org, district=d, call=call.name, officers=officers, tokens=[token(u) for u in officers]
	)
	w.made = []
	frappe.db.commit()
	yield w
	frappe.db.rollback()
	for dt, name in reversed(w.made):
		drop(dt, name)
	drop("Call for Applications", call.name)
	drop("Applicant Organization", org)
	for u in officers:
		frappe.delete_doc("User", u, force=True, ignore_permissions=True)
	drop("District", d)
	open_scheme("XX-BASE", *kept)
	frappe.db.commit()


def _application(w, state: str) -> str:
	app = frappe.get_doc(
		{"doctype": CBA, "call_for_applications": w.call, "organization": w.org, "base_type": "coop_base"}
	).insert(ignore_permissions=True)
	frappe.db.set_value(CBA, app.name, "workflow_state", state, update_modified=False)
	w.made.append((CBA, app.name))
	frappe.db.commit()
	return app.name


def at_once(*calls):
	"""Run the calls in threads released together; return their results in order."""
	gate = threading.Barrier(len(calls))
	out = [None] * len(calls)

	def run(i, fn):
		gate.wait()
		out[i] = fn()

	threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
	for t in threads:
		t.start()
	for t in threads:
		t.join()
	return out


def _messages(data: dict) -> str:
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


def test_two_officers_accept_the_same_application_at_once(race):
	w = race
	name = _application(w, "Awaiting Acceptance")
	frappe.db.rollback()
	# both forms were opened on the same version of the record
	doc = json.loads(frappe.as_json(frappe.get_doc(CBA, name).as_dict(convert_dates_to_str=True)))

	site = frappe.local.site

	def accept(tok):
		return lambda: request(
			"POST",
			"/api/method/frappe.model.workflow.apply_workflow",
			tok,
			{"doc": doc, "action": "Accept"},
			lang="zh",
			site=site,
		)

	results = at_once(*(accept(t) for t in w.tokens))
	ok = [r for r in results if r[0] == 200]
	lost = [r for r in results if r[0] != 200]
	assert len(ok) == 1 and len(lost) == 1, [(s, _messages(d)[:200]) for s, d in results]
	status, data = lost[0]
	msg = _messages(data)
	assert status in (409, 417) and data.get("exc_type") == "TimestampMismatchError", (status, msg)
	# the app's message names who acted and the state now; should both have passed the app's check
	# before either wrote, Frappe's own modified check answers (also translated)
	assert CJK.search(msg) and "刷新" in msg, msg
	assert ("已受理" in msg and "race.bureau" in msg) or "文档在你打开后已被修改" in msg, msg
	frappe.db.rollback()
	app = frappe.get_doc(CBA, name)
	assert app.workflow_state == "Accepted"
	assert [r.action for r in app.approval_log] == ["Accept"]


def test_an_action_on_a_stale_form_is_refused_plainly(race):
	"""One officer returns the case; the other, whose form still shows it awaiting acceptance, accepts."""
	w = race
	name = _application(w, "Awaiting Acceptance")
	frappe.db.rollback()
	stale = json.loads(frappe.as_json(frappe.get_doc(CBA, name).as_dict(convert_dates_to_str=True)))
	frappe.db.set_value(CBA, name, "workflow_remark", "材料不全", update_modified=False)
	frappe.db.commit()
	fresh = json.loads(frappe.as_json(frappe.get_doc(CBA, name).as_dict(convert_dates_to_str=True)))
	first = request(
		"POST",
		"/api/method/frappe.model.workflow.apply_workflow",
		w.tokens[0],
		{"doc": fresh, "action": "Return"},
	)
	assert first[0] == 200, _messages(first[1])
	status, data = request(
		"POST",
		"/api/method/frappe.model.workflow.apply_workflow",
		w.tokens[1],
		{"doc": stale, "action": "Accept"},
		lang="zh",
	)
	assert data.get("exc_type") == "TimestampMismatchError", (status, data.get("exc_type"))
	assert "已退回" in _messages(data) and "请刷新" in _messages(data), _messages(data)
	frappe.db.rollback()
	assert frappe.db.get_value(CBA, name, "workflow_state") == "Returned"


def test_the_officers_own_reason_is_not_someone_elses_change(race):
	"""The desk stores the reason (set_workflow_remark) and then acts with the form it has open: the
	reason must not make that form look stale (it was refused as '…已由 ⟨the same officer⟩ 修改')."""
	w = race
	name = _application(w, "Awaiting Acceptance")
	frappe.db.rollback()
	opened = json.loads(frappe.as_json(frappe.get_doc(CBA, name).as_dict(convert_dates_to_str=True)))
	status, data = request(
		"POST",
		"/api/method/policy_app.recognition.api.set_workflow_remark",
		w.tokens[0],
		{"doctype": CBA, "name": name, "remark": "材料不全，请补充"},
	)
	assert status == 200, _messages(data)
	status, data = request(
		"POST",
		"/api/method/frappe.model.workflow.apply_workflow",
		w.tokens[0],
		{"doc": opened, "action": "Return"},
		lang="zh",
	)
	assert status == 200, _messages(data)
	frappe.db.rollback()
	app = frappe.get_doc(CBA, name)
	assert app.workflow_state == "Returned" and app.approval_log[-1].remarks == "材料不全，请补充"


# ---- the daily jobs, twice at the same time


def app_daily_jobs() -> list[str]:
	return [j for j in frappe.get_hooks("scheduler_events").get("daily", []) if j.startswith("policy_app.")]


def _counts() -> dict[str, int]:
	modules = frappe.get_all("Module Def", filters={"app_name": "policy_app"}, pluck="name")
	doctypes = frappe.get_all("DocType", filters={"module": ["in", modules], "issingle": 0}, pluck="name")
	out = {dt: frappe.db.count(dt) for dt in doctypes}
	for dt in ("ToDo", "Notification Log", "Version"):
		out[dt] = frappe.db.count(dt)
	return out


def _run_jobs_in_thread(site: str, errors: list):
	def run():
		frappe.init(site=site, sites_path=".")
		frappe.connect()
		frappe.set_user("Administrator")
		try:
			for path in app_daily_jobs():
				try:
					frappe.get_attr(path)()
					frappe.db.commit()
				except Exception as e:  # the rival run got there first: its row lock or modified check
					frappe.db.rollback()
					errors.append(f"{path}: {type(e).__name__}: {str(e)[:150]}")
		finally:
			frappe.destroy()

	return run


def test_daily_jobs_twice_in_parallel_have_no_double_effect(race):
	w = race
	assert len(app_daily_jobs()) >= 2
	# work for the certification job: an application whose public notice ended yesterday
	name = _application(w, "Public Notice")
	notice = raw_insert(
		{
			"doctype": "Public Notice",
			"title": "并发公示",
			"scheme": "XX-BASE",
			"stage": "recognition",
			"published_on": add_days(today(), -10),
			"ends_on": add_days(today(), -1),
			"docstatus": 1,
			"items": [{"reference_doctype": CBA, "reference_name": name, "docstatus": 1}],
		}
	)
	frappe.db.set_value(CBA, name, "public_notice", notice, update_modified=False)
	w.made.append(("Public Notice", notice))
	frappe.db.commit()
	site = frappe.local.site
	before = _counts()
	errors: list[str] = []
	at_once(_run_jobs_in_thread(site, errors), _run_jobs_in_thread(site, errors))
	frappe.db.rollback()
	after_pair = _counts()
	app = frappe.get_doc(CBA, name)
	assert app.workflow_state == "Certified", errors
	assert [r.action for r in app.approval_log].count("Certify") == 1
	certified = frappe.get_all(app.certified_doctype, filters={"organization": w.org}, pluck="name")
	assert certified == [app.certified_record]
	w.made.append((app.certified_doctype, app.certified_record))
	assert after_pair["Cooperation Base"] == before["Cooperation Base"] + 1
	# a second pair finds nothing left to do: no record of the app is added or removed
	at_once(_run_jobs_in_thread(site, errors), _run_jobs_in_thread(site, errors))
	frappe.db.rollback()
	again = _counts()
	changed = {dt: (after_pair[dt], again[dt]) for dt in again if again[dt] != after_pair.get(dt)}
	assert not changed, (changed, errors)
	# a rival's refusal is the only kind of error tolerated (its modified check, a lock, or the action
	# no longer offered because the rival already took it): never a half-done record
	rival = ("TimestampMismatch", "QueryDeadlock", "Lock", "WorkflowTransitionError")
	assert all(any(r in e for r in rival) for e in errors), errors
	if errors:
		print("rival refusals (one run lost the race, the other did the work):", errors)
