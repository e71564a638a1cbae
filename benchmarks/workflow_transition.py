"""Benchmark (b): one workflow transition on an application vs Frappe's apply_workflow on a minimal
DocType with a three-state workflow, in the same run.

The application move is the bureau officer's "Accept" (Awaiting Acceptance → Accepted) on a Cooperation
Base Application: Frappe's apply_workflow plus what the app adds (server-side guards, approval log,
work-list assignment of the next actors, state-edit check). The minimal move is "Submit" (Draft →
Pending) on `Policy Bench Minimal`, a custom DocType with one field that this script creates with its
workflow. Both run as a user with only the role the transition names, alternately, N times each;
everything they write is rolled back.

Prints the median time of each, their ratio (goal ≤ 1.5×) and the SQL statements each issues (goal: the
application move at most 10 more), counted on frappe.db.sql.

    cd ~/frappe-bench/sites && ../env/bin/python /path/to/benchmarks/workflow_transition.py SITE [N]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _site import QueryCounter, connect, machine, median, run_on_site, timed  # noqa: E402

MINIMAL = "Policy Bench Minimal"
FLOW = "Policy Bench Minimal Flow"
GOAL_RATIO, GOAL_EXTRA_QUERIES = 1.5, 10


def ensure_minimal():
	import frappe

	if not frappe.db.exists("DocType", MINIMAL):
		frappe.get_doc(
			{
				"doctype": "DocType",
				"name": MINIMAL,
				"module": "Custom",
				"custom": 1,
				"autoname": "hash",
				"fields": [{"fieldname": "title", "fieldtype": "Data", "label": "Title"}],
				"permissions": [
					{"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1},
					{"role": "Bureau Officer", "read": 1, "write": 1, "create": 1},
				],
			}
		).insert()
	for state in ("Draft", "Pending", "Approved"):
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": state}).insert()
	for action in ("Submit", "Approve"):
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert()
	if not frappe.db.exists("Workflow", FLOW):
		frappe.get_doc(
			{
				"doctype": "Workflow",
				"workflow_name": FLOW,
				"document_type": MINIMAL,
				"is_active": 1,
				"send_email_alert": 0,
				"workflow_state_field": "workflow_state",
				"states": [
					{"state": s, "doc_status": "0", "allow_edit": "Bureau Officer"}
					for s in ("Draft", "Pending", "Approved")
				],
				"transitions": [
					{
						"state": "Draft",
						"action": "Submit",
						"next_state": "Pending",
						"allowed": "Bureau Officer",
					},
					{
						"state": "Pending",
						"action": "Approve",
						"next_state": "Approved",
						"allowed": "Bureau Officer",
					},
				],
			}
		).insert()
	frappe.db.commit()


def ensure_world():
	"""An organisation in a district, an open XX-BASE call and a bureau officer (committed, reused)."""
	import frappe
	from frappe.utils import add_days, getdate, today

	sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "site"))
	from factories import make_district, make_org, make_user

	frappe.db.set_value("Policy Scheme", "XX-BASE", {"effective_from": "2023-10-01", "effective_years": 10})
	frappe.clear_document_cache("Policy Scheme", "XX-BASE")
	d = make_district("基准测试新城")
	org = make_org("基准测试企业", d, 971)
	officer = make_user("bench.bureau@policy.test", ["Bureau Officer"])
	make_user("bench.district@policy.test", ["District Officer"], districts=[d])  # a next actor to assign
	call = frappe.db.get_value("Call for Applications", {"title": "基准测试通知"})
	if not call:
		call = (
			frappe.get_doc(
				{
					"doctype": "Call for Applications",
					"title": "基准测试通知",
					"scheme": "XX-BASE",
					"year": getdate(today()).year,
					"opens_on": add_days(today(), -10),
					"closes_on": add_days(today(), 60),
				}
			)
			.insert()
			.name
		)
	frappe.db.commit()
	return org, call, officer


def main() -> int:
	site = connect()
	n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
	import frappe
	from frappe.model.workflow import apply_workflow

	ensure_minimal()
	org, call, officer = ensure_world()
	apps, minis = [], []
	for _ in range(n + 3):
		app = frappe.get_doc(
			{
				"doctype": "Cooperation Base Application",
				"call_for_applications": call,
				"organization": org,
				"base_type": "coop_base",
			}
		).insert(ignore_permissions=True)
		frappe.db.set_value(
			app.doctype, app.name, "workflow_state", "Awaiting Acceptance", update_modified=False
		)
		apps.append(app.name)
		minis.append(frappe.get_doc({"doctype": MINIMAL, "title": "x"}).insert(ignore_permissions=True).name)
	frappe.db.commit()  # the records exist before the moves; the moves themselves are rolled back
	# what the app's work list (assign_next_actors: an open ToDo per next actor) takes
	import policy_app.controllers.approval as approval

	assign = {"t": [], "q": []}
	original_assign = approval.assign_next_actors

	def measured_assign(doc):
		c0 = counter_now[0].count
		t0 = time.perf_counter()
		try:
			return original_assign(doc)
		finally:
			assign["t"].append(time.perf_counter() - t0)
			assign["q"].append(counter_now[0].count - c0)

	counter_now = [QueryCounter()]
	approval.assign_next_actors = measured_assign
	actors = 0
	frappe.set_user(officer)
	t_app, t_min, q_app, q_min = [], [], [], []
	try:
		for i, (a, m) in enumerate(zip(apps, minis, strict=True)):
			for kind in (("app", a), ("min", m)) if i % 2 else (("min", m), ("app", a)):
				counter = counter_now[0] = QueryCounter()
				doctype = "Cooperation Base Application" if kind[0] == "app" else MINIMAL
				action = "Accept" if kind[0] == "app" else "Submit"
				times = t_app if kind[0] == "app" else t_min
				with counter.active(), timed(times):
					doc = frappe.get_doc(doctype, kind[1])
					apply_workflow(doc, action)
				assert frappe.db.get_value(doctype, kind[1], "workflow_state") in ("Accepted", "Pending")
				if kind[0] == "app":
					actors = frappe.db.count("ToDo", {"reference_name": kind[1], "status": "Open"})
				(q_app if kind[0] == "app" else q_min).append(counter.count)
		# the first moves warm the caches: keep the steady state
		t_app, t_min, q_app, q_min = t_app[3:], t_min[3:], q_app[3:], q_min[3:]
	finally:
		approval.assign_next_actors = original_assign
		frappe.db.rollback()
		frappe.set_user("Administrator")
		for a, m in zip(apps, minis, strict=True):
			frappe.delete_doc("Cooperation Base Application", a, force=True, ignore_permissions=True)
			frappe.delete_doc(MINIMAL, m, force=True, ignore_permissions=True)
		for t in frappe.get_all("ToDo", filters={"reference_name": ["in", apps]}, pluck="name"):
			frappe.delete_doc("ToDo", t, force=True, ignore_permissions=True)
		frappe.db.commit()
	ma, mm = median(t_app), median(t_min)
	qa, qm = median(q_app), median(q_min)
	ratio = ma / mm
	print(f"machine: {machine()}; site {site}")
	print(f"workflow transition, {len(t_app)} moves each (median):")
	print(f"  application Accept : {ma * 1000:7.1f} ms, {qa:.0f} SQL statements")
	print(f"  minimal apply_workflow: {mm * 1000:7.1f} ms, {qm:.0f} SQL statements")
	print(f"  time ratio {ratio:.2f}× (goal ≤ {GOAL_RATIO}×) -> {'MET' if ratio <= GOAL_RATIO else 'MISSED'}")
	extra = qa - qm
	print(
		f"  extra SQL statements +{extra:.0f} (goal ≤ +{GOAL_EXTRA_QUERIES}) -> "
		f"{'MET' if extra <= GOAL_EXTRA_QUERIES else 'MISSED'}"
	)
	at, aq = median(assign["t"][3:]), median(assign["q"][3:])
	print(
		f"  of the application move, the work list of its {actors} next actors (an open ToDo "
		f"each): {at * 1000:.1f} ms, {aq:.0f} statements; without it: {(ma - at) / mm:.2f}×, +{qa - aq - qm:.0f}"
	)
	return 0


def run() -> int:
	"""The benchmark, on a site left as it was found."""
	return run_on_site(main)


if __name__ == "__main__":
	sys.exit(run())
