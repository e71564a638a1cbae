"""Publications that race: each attempt runs in its own thread with its own database connection, as two
officers (or two queue workers) would. The records are committed and removed afterwards."""

from __future__ import annotations

import threading
import uuid
from decimal import Decimal

import frappe
import pytest
from test_evaluation import CERTIFIED, certify, evaluation, new_round

from factories import make_district, make_org
from policy_app.evaluation import publishing


def _race(*calls):
	"""Run each (function, args) at once in a thread of its own; return what each raised or None."""
	site = frappe.local.site
	barrier = threading.Barrier(len(calls))
	outcome = [None] * len(calls)

	def worker(i, fn, args):
		frappe.init(site=site, sites_path=".")
		frappe.connect()
		frappe.set_user("Administrator")
		try:
			barrier.wait(timeout=30)
			fn(*args)
			frappe.db.commit()
			outcome[i] = "ok"
		except Exception as e:
			frappe.db.rollback()
			outcome[i] = e
		finally:
			frappe.destroy()

	threads = [threading.Thread(target=worker, args=(i, fn, args)) for i, (fn, args) in enumerate(calls)]
	for t in threads:
		t.start()
	for t in threads:
		t.join(timeout=120)
	return outcome


@pytest.fixture
def committed():
	"""Records that both threads can see: committed, and deleted at the end."""
	created = []
	tag = uuid.uuid4().hex[:6]
	yield frappe._dict(tag=tag, created=created)
	frappe.db.rollback()
	for doctype, name in reversed(created):
		if doctype == "Evaluation Round":
			for r in frappe.get_all("Policy Reward", filters={"evaluation_round": name}, pluck="name"):
				frappe.delete_doc("Policy Reward", r, force=True, ignore_permissions=True)
			frappe.db.delete("Evaluation Round", {"name": name})
			continue
		if frappe.db.exists(doctype, name):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.db.commit()


def _setup(c, schemes_grades):
	d = make_district(f"并发评估新城{c.tag}")
	c.created.append(("District", d))
	org = make_org(f"并发评估机构{c.tag}", d, 900 + int(c.tag, 16) % 90000)
	c.created.append(("Applicant Organization", org))
	rounds = []
	for scheme, grade, claims, rows in schemes_grades:
		rec = certify(scheme, org)
		ev = evaluation(scheme, rec, 2025, rows, expert_grade=grade, claims=claims)
		rnd = new_round(scheme, 2025)
		c.created.extend([(CERTIFIED[scheme], rec), ("Policy Evaluation", ev), ("Evaluation Round", rnd)])
		rounds.append(rnd)
	frappe.db.commit()
	return org, rounds


def test_two_publications_of_one_round_at_once_publish_it_once(committed):
	org, (rnd,) = _setup(
		committed, [("XX-INC", None, [], [{"item_code": "expert_score", "judged_points": 90}])]
	)
	outcome = _race((publishing.publish, (rnd,)), (publishing.publish, (rnd,)))
	assert sorted(o == "ok" for o in outcome) == [False, True], outcome
	refused = next(o for o in outcome if o != "ok")
	assert isinstance(refused, frappe.ValidationError) and "already published" in str(refused)
	rewards = frappe.get_all("Policy Reward", filters={"evaluation_round": rnd}, fields=["rule", "amount"])
	assert [(r.rule, int(r.amount)) for r in rewards] == [("inc_first_excellent", 300000)]


def test_two_policies_publishing_one_matter_at_once_pay_it_once(committed):
	matter = f"辅导10家企业首次认定为高新技术企业{committed.tag}"
	org, (inc, svc) = _setup(
		committed,
		[
			(
				"XX-INC",
				None,
				[{"rule": "inc_hightech", "matter": matter, "units": 10}],
				[{"item_code": "expert_score", "judged_points": 70}],
			),
			("XX-SVC", "pass", [{"rule": "svc_cultivate_hte", "matter": matter, "units": 10}], []),
		],
	)
	outcome = _race((publishing.publish, (inc,)), (publishing.publish, (svc,)))
	assert outcome == ["ok", "ok"], outcome
	live = frappe.get_all(
		"Policy Reward",
		filters={"organization": org, "matter": matter, "workflow_state": ["!=", "Dropped"]},
		fields=["rule", "amount"],
	)
	# whichever published first, the matter ends up paid once, at XX-INC's capped 150,000
	assert [(r.rule, Decimal(str(r.amount))) for r in live] == [("inc_hightech", Decimal(150000))]
