"""Benchmark (#17 item 5): the deadline-day rush on the applicant portal.

N applicant users (website users, each acting for an organisation of its own) submit an XX-SVC
application through the portal's endpoints within one window (default 200 users in 60 seconds, arrivals
spread evenly): each submission is the portal's save (policy_app.portal.api.save_case, a new application
under the open call) and its 提交 (act_on_case). The site is served by gunicorn with 4 workers, with two
queue workers running (the frozen PDF is the queue's). Then the same users, on the same schedule, insert
one record each of a bare DocType (one Data field, no controller, no workflow) through /api/resource.

Prints throughput, p50 / p95 / max latency and errors of both, the ratio of the p95s (goal: the whole
submission, both requests, ≤ 2× one bare insert), and checks that every submission is stored exactly
once, submitted, with its frozen PDF done or queued. Everything it made is removed afterwards.

    cd ~/frappe-bench/sites && ../env/bin/python /path/to/benchmarks/portal_rush.py SITE [USERS] [SECONDS]
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _site import BENCH, SET_UP_DOCTYPES, leaves_nothing, machine  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "site"))
from factories import SVC_FACTS  # noqa: E402

SIA = "Service Institution Application"
BARE = "Policy Rush Bare"
DISTRICT = "抢报测试区"
PORT = int(os.environ.get("POLICY_RUSH_PORT", "8790"))
GUNICORN_WORKERS, QUEUE_WORKERS = 4, 2
GOAL_RATIO = 2.0
#: users who warm the gunicorn workers up before the window (not measured)
WARM_UP = GUNICORN_WORKERS * 2
#: credit codes 91610000MA72xxxxx: the benchmark's own series
SEED = 7200000
#: what a real professional service institution writes on its XX-SVC application (the tests' own facts)
FORM = {**SVC_FACTS, "pledge_accepted": 1, "application_reason": "服务业绩显著，年服务企业一百余家。"}
CLEANED = (
	"Organization Binding Request",
	SIA,
	"File",
	"Error Log",
	"Notification Log",
	*SET_UP_DOCTYPES,
)


def credit_code(seed: int) -> str:
	from policy_app.engine.credit_code import check_character

	first17 = f"91610000MA{seed:07d}"
	return first17 + check_character(first17)


def set_up(n: int) -> tuple[str, list[tuple[str, str, str]]]:
	"""The open call, the bare DocType and n (user, token, organisation), committed."""
	import frappe
	from frappe.utils import add_days, getdate, today

	frappe.flags.in_import = True  # Frappe throttles new users to 60 an hour otherwise
	if not frappe.db.exists("District", DISTRICT):
		frappe.get_doc(
			{
				"doctype": "District",
				"district_name": DISTRICT,
				"district_type": "Recommending Department",
				"parent_district": "西咸新区科技创新和新经济局",
			}
		).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "DocType",
			"name": BARE,
			"module": "Custom",
			"custom": 1,
			"autoname": "hash",
			"fields": [{"fieldname": "title", "fieldtype": "Data", "label": "Title"}],
			"permissions": [{"role": "Policy Applicant", "read": 1, "write": 1, "create": 1}],
		}
	).insert()
	call = frappe.get_doc(
		{
			"doctype": "Call for Applications",
			"title": "抢报测试 XX-SVC",
			"scheme": "XX-SVC",
			"year": getdate(today()).year,
			"opens_on": add_days(today(), -5),
			"closes_on": today(),
		}
	).insert()
	people = []
	for i in range(n):
		org = frappe.get_doc(
			{
				"doctype": "Applicant Organization",
				"organization_name": f"抢报测试科技服务公司{i:03d}",
				"unified_social_credit_code": credit_code(SEED + i),
				"recommending_district": DISTRICT,
				"host_kind": "Enterprise",
			}
		).insert(ignore_permissions=True)
		email = f"rush.user{i:03d}@policy.test"
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": f"抢报{i:03d}",
				"send_welcome_email": 0,
				"language": "zh",
				"roles": [{"role": "Policy Applicant"}],
			}
		)
		user.api_key = frappe.generate_hash(length=15)
		secret = frappe.generate_hash(length=15)
		user.api_secret = secret
		user.insert(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": email,
				"allow": "Applicant Organization",
				"for_value": org.name,
			}
		).insert(ignore_permissions=True)
		people.append((email, f"token {user.api_key}:{secret}", org.name))
	frappe.flags.in_import = False
	frappe.db.commit()
	return call.name, people


def post(site: str, tok: str, path: str, body: dict) -> tuple[int, float, str]:
	"""One POST to the served site: (status, seconds, the answer's text)."""
	conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
	data = urlencode(body)
	headers = {
		"Host": site,
		"Authorization": tok,
		"Content-Type": "application/x-www-form-urlencoded",
		"Accept": "application/json",
	}
	t0 = time.perf_counter()
	try:
		conn.request("POST", quote(path), data, headers)
		r = conn.getresponse()
		text = r.read().decode("utf-8", "replace")
		return r.status, time.perf_counter() - t0, text
	except OSError as e:
		return 0, time.perf_counter() - t0, str(e)
	finally:
		conn.close()


def submit(site: str, call: str, tok: str) -> tuple[bool, float, str]:
	"""The portal's save of a new application: (stored, seconds, its name or the error)."""
	s, t, text = post(
		site,
		tok,
		"/api/method/policy_app.portal.api.save_case",
		{"doctype": SIA, "call": call, "values": json.dumps(FORM), "_lang": "zh"},
	)
	if s != 200:
		return False, t, f"save {s}: {text}"
	return True, t, json.loads(text)["message"]["name"]


def submit_and_move(site: str, call: str, tok: str) -> tuple[bool, float, str]:
	"""One whole submission: the save, then 提交 (both requests timed together)."""
	ok, t1, name_or_err = submit(site, call, tok)
	if not ok:
		return False, t1, name_or_err
	s, t2, text = post(
		site,
		tok,
		"/api/method/policy_app.portal.api.act_on_case",
		{"doctype": SIA, "name": name_or_err, "action": "Submit", "_lang": "zh"},
	)
	return s == 200, t1 + t2, f"submit {s}: {text}"


def bare_insert(site: str, tok: str) -> tuple[bool, float, str]:
	s, t, text = post(site, tok, f"/api/resource/{BARE}", {"data": json.dumps({"title": "抢报"})})
	return s == 200, t, f"insert {s}: {text}"


def rush(n: int, window: float, one) -> tuple[list[float], list[str], float]:
	"""Run `one(i)` for i < n, the i-th starting at i·window/n seconds: (latencies, errors, wall time)."""
	latencies: list[float] = [0.0] * n
	errors: list[str] = []
	lock = threading.Lock()
	start = time.perf_counter() + 0.5

	def worker(i):
		time.sleep(max(0.0, start + i * window / n - time.perf_counter()))
		try:
			ok, seconds, err = one(i)
		except Exception as e:  # a failure of the client counts as an error of the run
			ok, seconds, err = False, 0.0, repr(e)
		latencies[i] = seconds
		if not ok:
			with lock:
				errors.append(err)

	threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
	for t in threads:
		t.start()
	for t in threads:
		t.join()
	return latencies, errors, time.perf_counter() - start


def figures(label: str, latencies: list[float], errors: list[str], wall: float) -> float:
	s = sorted(latencies)
	p = lambda q: s[min(len(s) - 1, int(q * len(s)))]  # noqa: E731
	print(
		f"{label}: {len(s)} in {wall:.1f} s ({len(s) / wall:.1f}/s), p50 {p(0.5) * 1000:.0f} ms, "
		f"p95 {p(0.95) * 1000:.0f} ms, max {s[-1] * 1000:.0f} ms, errors {len(errors)}"
	)
	for e in errors[:5]:
		print(f"  error: {e[:300]}")
	if errors and os.environ.get("POLICY_RUSH_ERRORS"):
		Path(os.environ["POLICY_RUSH_ERRORS"]).write_text("\n\n".join(errors))
	return p(0.95)


def serve(site: str) -> list[subprocess.Popen]:
	env = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
	logs = open(os.devnull, "w")  # noqa: SIM115
	procs = [
		subprocess.Popen(
			[
				str(BENCH / "env/bin/gunicorn"),
				"-b",
				f"127.0.0.1:{PORT}",
				"-w",
				str(GUNICORN_WORKERS),
				"-t",
				"120",
				"--preload",
				"--pythonpath",
				str(Path(__file__).resolve().parent),
				"_wsgi:application",
			],
			cwd=BENCH / "sites",
			env=env,
			stdout=logs,
			stderr=logs,
		)
	]
	for _ in range(QUEUE_WORKERS):
		procs.append(
			subprocess.Popen(
				[
					str(BENCH / "env/bin/python"),
					"-m",
					"frappe.utils.bench_helper",
					"frappe",
					"--site",
					site,
					"worker",
					"--queue",
					"short,default,long",
				],
				cwd=BENCH / "sites",
				env=env,
				stdout=logs,
				stderr=logs,
			)
		)
	for _ in range(120):
		try:
			c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
			c.request("GET", "/api/method/ping", headers={"Host": site})
			if c.getresponse().status == 200:
				break
		except OSError:
			time.sleep(0.5)
	return procs


def main(site: str, n: int, window: float) -> int:
	import frappe
	from frappe.installer import update_site_config
	from frappe.utils.background_jobs import is_job_enqueued
	from frappe.utils.doctor import purge_pending_jobs

	print(machine())
	# jobs an earlier run or test left on the site's queues would run ahead of this run's
	print(f"pending jobs of the site purged first: {purge_pending_jobs(site=site)}")
	call, people = set_up(n + WARM_UP)
	# wkhtmltopdf loads the print's assets from the site's host_name: this server's, for the run
	host_name = frappe.conf.get("host_name")
	update_site_config("host_name", f"http://127.0.0.1:{PORT}")
	procs = serve(site)
	try:
		# each gunicorn worker loads the app, its DocTypes and workflows on its first requests: the
		# warm-up users (not measured) submit and insert once per worker before the window opens
		warm, people = people[:WARM_UP], people[WARM_UP:]
		threads = [
			threading.Thread(
				target=lambda tok=tok: (submit_and_move(site, call, tok), bare_insert(site, tok))
			)
			for _e, tok, _o in warm
		]
		for t in threads:
			t.start()
		for t in threads:
			t.join()

		def portal(i):
			return submit_and_move(site, call, people[i][1])

		def bare(i):
			return bare_insert(site, people[i][1])

		print(
			f"{n} applicant users, arrivals over {window:.0f} s; gunicorn {GUNICORN_WORKERS} workers, "
			f"{QUEUE_WORKERS} queue workers"
		)
		p95_portal = figures("portal submissions (save + 提交)", *rush(n, window, portal))
		p95_bare = figures(f"bare inserts ({BARE})", *rush(n, window, bare))
		ratio = p95_portal / p95_bare if p95_bare else float("inf")
		print(
			f"p95 ratio {ratio:.2f}× (goal ≤ {GOAL_RATIO:.0f}×): {'met' if ratio <= GOAL_RATIO else 'NOT met'}"
		)

		orgs = [org for _e, _t, org in people]
		# the queue works through the frozen copies (and the notifications queued with them) meanwhile
		t_end = time.perf_counter()
		for _ in range(60):
			time.sleep(2)
			frappe.db.rollback()
			left = frappe.db.count(SIA, {"organization": ["in", orgs], "frozen_pdf": ["is", "not set"]})
			if not left:
				break
		print(
			f"frozen copies made within {time.perf_counter() - t_end:.0f} s of the window's end: {n - left}/{n}"
		)
		frappe.db.rollback()
		rows = frappe.get_all(
			SIA,
			filters={"organization": ["in", orgs]},
			fields=["name", "organization", "workflow_state", "frozen_pdf"],
		)
		per_org = {o: [r for r in rows if r.organization == o] for o in orgs}
		once = sum(1 for o in orgs if len(per_org[o]) == 1)
		submitted = sum(1 for r in rows if r.workflow_state == "Submitted")
		done = sum(1 for r in rows if r.frozen_pdf)
		queued = sum(
			1 for r in rows if not r.frozen_pdf and is_job_enqueued(f"policy-frozen::{SIA}::{r.name}")
		)
		print(
			f"stored exactly once: {once}/{n} (duplicates {sum(max(0, len(v) - 1) for v in per_org.values())}, "
			f"missing {sum(1 for v in per_org.values() if not v)}); submitted {submitted}/{n}; "
			f"frozen PDF done {done}, queued or running {queued}, neither {len(rows) - done - queued}"
		)
		ok = once == n and submitted == n and done + queued == len(rows)
		print("every submission stored once, submitted, its PDF done or queued:", "yes" if ok else "NO")
		return 0 if ok else 1
	finally:
		update_site_config("host_name", host_name or "None")
		for p in procs:
			p.terminate()
		for p in procs:
			try:
				p.wait(timeout=30)
			except subprocess.TimeoutExpired:
				p.kill()
		# the frozen copies still queued would run later against records removed below
		# what is still queued (frozen copies, notifications) would run later against records removed below
		purge_pending_jobs(site=site)


if __name__ == "__main__":
	site = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("FRAPPE_SITE", "policy-load.localhost")
	n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
	window = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
	import frappe

	os.chdir(BENCH / "sites")
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		with leaves_nothing(CLEANED):
			code = main(site, n, window)
	finally:
		frappe.destroy()
	sys.exit(code)
