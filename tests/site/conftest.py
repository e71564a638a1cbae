"""Site tier: a real Frappe v15 site, one transaction per test, rolled back afterwards."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import find_bench, find_site  # noqa: E402

BENCH = find_bench()
SITE = find_site(BENCH) if BENCH else None

if not BENCH or not SITE:
	pytest.skip(
		"site tier skipped: no Frappe bench with a site found (set FRAPPE_BENCH / FRAPPE_SITE)",
		allow_module_level=True,
	)

try:
	import frappe
except ImportError:
	pytest.skip(
		f"site tier skipped: run it with the bench's python ({BENCH}/env/bin/python)", allow_module_level=True
	)


@pytest.fixture(scope="session", autouse=True)
def site_connection():
	os.chdir(BENCH / "sites")
	frappe.init(site=SITE, sites_path=".")
	frappe.connect()
	if "policy_app" not in frappe.get_installed_apps():
		pytest.exit(
			f"policy_app is not installed on {SITE}: run `bench --site {SITE} install-app policy_app`", 2
		)
	yield SITE
	frappe.destroy()


class HeldQueue:
	"""Stands in for the bench's Redis queues while the site tier runs. A test's jobs point at records
	its rollback will discard; a worker of the same bench (a browser run, a developer's `bench start`)
	would run them against the committed data on its own connection and fill the Redis caches with
	what it saw there, such as a user's permissions before the test gave them any. Jobs are kept here
	instead; no test needs a worker (a test that checks what is queued patches `frappe.enqueue`)."""

	def __init__(self):
		self.jobs: list[dict] = []

	def enqueue_call(self, func, kwargs=None, **options):
		self.jobs.append(kwargs or {})


@pytest.fixture(scope="session", autouse=True)
def held_jobs(site_connection):
	from frappe.utils import background_jobs

	held = HeldQueue()
	original = background_jobs.get_queue
	background_jobs.get_queue = lambda *args, **kwargs: held
	yield held
	background_jobs.get_queue = original


@pytest.fixture(autouse=True)
def rollback():
	# Redis caches (user permissions, roles, documents) outlive a rolled-back test: start each test clean
	frappe.clear_cache()
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	frappe.clear_cache()


@pytest.fixture
def as_user():
	def switch(user: str):
		frappe.set_user(user)
		return user

	return switch
