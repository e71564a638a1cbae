"""Benchmark (d): publish an evaluation round of 2,000 XX-BASE bases end to end, then the same cohort
again with 4 queue workers all trying to publish it at once; the totals must be identical.

Two sets of N certified bases (organisations, Cooperation Base records, confirmed Policy Evaluations
with the rubric rows of the same seeded random cohort as benchmarks/engine_cohort.py) are bulk-inserted
for two far-off years (no history between them). Round A is previewed and published in this process
(`policy_app.evaluation.publishing.preview` / `publish`), timed. Round B is published by 4 `bench
worker` processes started here: the publication is enqueued four times on the `long` queue, so four
workers race for it; the round's row lock lets one publish and refuses the others. Then the grade
counts, the number of rewards and their total must equal round A's. Everything is removed at the end.

    cd ~/frappe-bench/sites && ../env/bin/python /path/to/benchmarks/round_publication.py SITE [N]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _site import BENCH, connect, machine, run_on_site  # noqa: E402
from engine_cohort import cohort  # noqa: E402

GOAL_S = 60
PREFIX = "BENCH-RP-"
YEARS = (2091, 2092)


def installed() -> bool:
	try:
		from policy_app.evaluation import publishing  # noqa: F401
	except ImportError:
		return False
	import frappe

	return bool(frappe.db.table_exists("Evaluation Round") and frappe.db.table_exists("Policy Evaluation"))


def fill(n: int, year: int, tag: str):
	"""N organisations, certified bases and confirmed evaluations of `year` (bulk, no controllers)."""
	import frappe
	from frappe.utils import now_datetime

	from policy_app.engine.loader import get_scheme as shipped_scheme

	scheme = shipped_scheme("XX-BASE")
	modes = {i.code: i for i in scheme.rubric_items}
	district = frappe.db.get_value("District", {"district_type": "Recommending Department"}) or ""
	now = now_datetime()
	std = ["name", "owner", "creation", "modified", "modified_by", "docstatus"]
	orgs, bases, evals, items = [], [], [], []
	for i, inp in enumerate(cohort(n, scheme)):
		org, base, ev = f"{PREFIX}{tag}-ORG-{i:05d}", f"{PREFIX}{tag}-CB-{i:05d}", f"{PREFIX}{tag}-EV-{i:05d}"
		common = ("Administrator", now, now, "Administrator", 0)
		orgs.append((org, *common, f"基准机构{tag}{i}", f"BENCHRP{tag}{i:09d}", district))
		bases.append((base, *common, org, "XX-BASE", "2024-01-01", "Active", district, base))
		evals.append((ev, *common, "XX-BASE", year, "Cooperation Base", base, org, district, "Confirmed", 0))
		for j, (code, value) in enumerate(inp.items.items()):
			mode = modes[code].mode
			values = value if isinstance(value, list) else [value]
			for k, v in enumerate(values):
				qty = int(v) if mode in ("flat", "per_unit") else 1
				judged = float(v) if mode in ("judged", "judged_each") else 0
				items.append(
					(
						f"{ev}-{j}-{k}",
						*common,
						ev,
						"Policy Evaluation",
						"items",
						len(items),
						code,
						mode,
						qty,
						judged,
					)
				)
	frappe.db.bulk_insert(
		"Applicant Organization",
		[*std, "organization_name", "unified_social_credit_code", "recommending_district"],
		orgs,
		ignore_duplicates=True,
	)
	frappe.db.bulk_insert(
		"Cooperation Base",
		[
			*std,
			"organization",
			"scheme",
			"certified_on",
			"status",
			"recommending_district",
			"certificate_number",
		],
		bases,
		ignore_duplicates=True,
	)
	frappe.db.bulk_insert(
		"Policy Evaluation",
		[
			*std,
			"scheme",
			"year",
			"record_doctype",
			"record_name",
			"organization",
			"recommending_district",
			"workflow_state",
			"published",
		],
		evals,
		ignore_duplicates=True,
	)
	frappe.db.bulk_insert(
		"Policy Evaluation Item",
		[
			*std,
			"parent",
			"parenttype",
			"parentfield",
			"idx",
			"item_code",
			"mode",
			"quantity",
			"judged_points",
		],
		items,
		ignore_duplicates=True,
	)
	rnd = frappe.get_doc({"doctype": "Evaluation Round", "scheme": "XX-BASE", "year": year}).insert()
	frappe.db.commit()
	return rnd.name


def totals(round_name: str, year: int) -> dict:
	import frappe

	grades = Counter(
		frappe.get_all(
			"Policy Evaluation",
			filters={"scheme": "XX-BASE", "year": year, "name": ["like", f"{PREFIX}%"]},
			pluck="final_grade",
		)
	)
	rewards = frappe.get_all("Policy Reward", filters={"evaluation_round": round_name}, fields=["amount"])
	return {
		"status": frappe.db.get_value("Evaluation Round", round_name, "status"),
		"grades": dict(sorted(grades.items())),
		"rewards": len(rewards),
		"reward_total": float(sum(r.amount or 0 for r in rewards)),
	}


def cleanup(rounds: list[str]):
	import frappe

	if rounds:
		frappe.db.delete("Policy Reward", {"evaluation_round": ["in", rounds]})
		frappe.db.delete("Title Action", {"source_name": ["in", rounds]})
	frappe.db.delete("Policy Evaluation Item", {"parent": ["like", f"{PREFIX}%"]})
	frappe.db.delete("Policy Evaluation", {"name": ["like", f"{PREFIX}%"]})
	frappe.db.delete("Cooperation Base", {"name": ["like", f"{PREFIX}%"]})
	frappe.db.delete("Applicant Organization", {"name": ["like", f"{PREFIX}%"]})
	for r in rounds:
		frappe.db.delete("Evaluation Round Result", {"parent": r})
		frappe.db.delete("Evaluation Round", {"name": r})
	frappe.db.commit()


def main() -> int:
	site = connect()
	n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
	import frappe

	if not installed():
		print("pending: Evaluation Round not installed")
		return 0
	from policy_app.evaluation import publishing

	frappe.db.set_value("Policy Scheme", "XX-BASE", {"effective_from": "2023-10-01", "effective_years": 80})
	frappe.clear_document_cache("Policy Scheme", "XX-BASE")
	frappe.db.commit()
	cleanup([r for r in frappe.get_all("Evaluation Round", filters={"year": ["in", YEARS]}, pluck="name")])
	t0 = time.perf_counter()
	a = fill(n, YEARS[0], "A")
	b = fill(n, YEARS[1], "B")
	setup = time.perf_counter() - t0
	workers = []
	try:
		t0 = time.perf_counter()
		publishing.preview(a)
		frappe.db.commit()
		t_preview = time.perf_counter() - t0
		t0 = time.perf_counter()
		publishing.publish(a)
		frappe.db.commit()
		t_publish = time.perf_counter() - t0
		one = totals(a, YEARS[0])

		# round B: four workers race for the same publication
		env = dict(os.environ)
		for _ in range(4):
			workers.append(
				subprocess.Popen(
					[
						str(BENCH / "env" / "bin" / "python"),
						"-m",
						"frappe.utils.bench_helper",
						"frappe",
						"--site",
						site,
						"worker",
						"--queue",
						"long",
					],
					cwd=BENCH / "sites",
					stdout=subprocess.DEVNULL,
					stderr=subprocess.DEVNULL,
					env=env,
				)
			)
		time.sleep(15)  # the workers connect
		t0 = time.perf_counter()
		for i in range(4):
			frappe.enqueue(
				"policy_app.evaluation.publishing.run",
				queue="long",
				timeout=3600,
				name=b,
				action="publish",
				job_id=f"bench-rp-{i}",
			)
		frappe.db.commit()
		while time.perf_counter() - t0 < 900:
			frappe.db.rollback()
			if frappe.db.get_value("Evaluation Round", b, "status") in ("Published", "In Notice"):
				break
			time.sleep(2)
		t_workers = time.perf_counter() - t0
		time.sleep(5)  # let the losing workers finish being refused
		frappe.db.rollback()
		four = totals(b, YEARS[1])
	finally:
		for w in workers:
			w.terminate()
		for w in workers:
			w.wait(timeout=30)
		cleanup([a, b])
	print(f"machine: {machine()}; site {site}")
	print(f"evaluation round of {n} XX-BASE bases (set-up by bulk insert: {setup:.1f} s)")
	print(
		f"  preview {t_preview:.1f} s, publish {t_publish:.1f} s, end to end {t_preview + t_publish:.1f} s "
		f"(goal ≤ {GOAL_S} s) -> {'MET' if t_preview + t_publish <= GOAL_S else 'MISSED'}"
	)
	print(f"  one process : {one}")
	print(f"  4 workers   : {four} (published {t_workers:.1f} s after the four jobs were queued)")
	same = {k: v for k, v in one.items() if k != "status"} == {k: v for k, v in four.items() if k != "status"}
	print(f"  totals identical: {'YES' if same else 'NO'}")
	return 0 if same else 1


def run() -> int:
	"""The benchmark, on a site left as it was found."""
	return run_on_site(main)


if __name__ == "__main__":
	sys.exit(run())
