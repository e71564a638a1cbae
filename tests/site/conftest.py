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
