"""What the site benchmarks share: connecting to a site, counting SQL queries, the machine line."""

from __future__ import annotations

import os
import platform
import sys
import time
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(os.environ.get("FRAPPE_BENCH", Path.home() / "frappe-bench"))


def connect(site: str | None = None):
	import frappe

	site = (
		site
		or os.environ.get("FRAPPE_SITE")
		or (sys.argv[1] if len(sys.argv) > 1 else "policy-load.localhost")
	)
	os.chdir(BENCH / "sites")
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	return site


def machine() -> str:
	cpu = ""
	try:
		for line in Path("/proc/cpuinfo").read_text().splitlines():
			if line.startswith("model name"):
				cpu = line.split(":", 1)[1].strip()
				break
	except OSError:
		pass
	load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0
	return (
		f"{platform.node()}: {cpu or platform.machine()}, {os.cpu_count()} cores, "
		f"python {platform.python_version()}, load {load:.1f} at start"
	)


class QueryCounter:
	"""Counts the statements that go through frappe.db.sql (Frappe's query builder and get_value
	included) while active."""

	def __init__(self):
		self.count = 0

	@contextmanager
	def active(self):
		import frappe

		db = frappe.db
		original = db.sql

		def counting(*args, **kwargs):
			self.count += 1
			return original(*args, **kwargs)

		db.sql = counting
		try:
			yield self
		finally:
			db.sql = original


@contextmanager
def timed(results: list):
	t0 = time.perf_counter()
	yield
	results.append(time.perf_counter() - t0)


def median(xs: list[float]) -> float:
	s = sorted(xs)
	n = len(s)
	return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


#: what a benchmark's set-up may create beside the rows it measures, in the order they are removed
#: (records that point at others first)
SET_UP_DOCTYPES = (
	"ToDo",
	"Notification Log",
	"Version",
	"Comment",
	"Call for Applications",
	"User Permission",
	"Applicant Organization",
	"User",
	"District",
	"Workflow",
	"Workflow State",
	"Workflow Action Master",
	"DocType",
)


@contextmanager
def leaves_nothing(doctypes=SET_UP_DOCTYPES):
	"""Run a benchmark and remove every record of `doctypes` it created (its district, organisation,
	users, call, scratch DocType and workflow), so the site it ran on is as it was. A DocType is dropped
	with its table."""
	import frappe

	before = {dt: set(frappe.get_all(dt, pluck="name")) for dt in doctypes}
	try:
		yield
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		for dt in doctypes:
			for name in set(frappe.get_all(dt, pluck="name")) - before[dt]:
				if frappe.db.exists(dt, name):
					frappe.delete_doc(dt, name, force=True, ignore_permissions=True, delete_permanently=True)
		frappe.db.commit()


def run_on_site(main, doctypes=SET_UP_DOCTYPES) -> int:
	"""Connect, run the benchmark's `main`, remove what it set up, then close the connection. (Closing
	it inside `main` left the set-up behind: the clean-up had no database left to run on.)"""
	import frappe

	connect()
	try:
		with leaves_nothing(doctypes):
			return main()
	finally:
		frappe.destroy()
