"""Where the site and browser tiers find their Frappe bench. They are given one; they never build one.

FRAPPE_BENCH names the bench folder (default: ~/frappe-bench, then the `frappe` user's); FRAPPE_SITE the
site (default: policy.localhost, else the bench's current site).
"""

from __future__ import annotations

import json
import os
import pwd
import subprocess
from pathlib import Path


def find_bench() -> Path | None:
	candidates = [os.environ.get("FRAPPE_BENCH"), str(Path.home() / "frappe-bench")]
	try:
		candidates.append(str(Path(pwd.getpwnam("frappe").pw_dir) / "frappe-bench"))
	except KeyError:
		pass
	for c in candidates:
		if c and (Path(c) / "sites").is_dir() and (Path(c) / "apps" / "frappe").is_dir():
			return Path(c).resolve()
	return None


def find_site(bench: Path) -> str | None:
	sites = bench / "sites"
	wanted = os.environ.get("FRAPPE_SITE")
	if wanted:
		return wanted if (sites / wanted / "site_config.json").exists() else None
	if (sites / "policy.localhost" / "site_config.json").exists():
		return "policy.localhost"
	current = sites / "currentsite.txt"
	if current.exists() and current.read_text().strip():
		return current.read_text().strip()
	for d in sorted(sites.iterdir()):
		if (d / "site_config.json").exists():
			return d.name
	return None


def bench_python(bench: Path) -> str:
	return str(bench / "env" / "bin" / "python")


def frappe_cli(bench: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
	"""`bench <args>` without needing the bench CLI package: what it runs under the hood."""
	return subprocess.run(
		[bench_python(bench), "-m", "frappe.utils.bench_helper", "frappe", *args],
		cwd=bench / "sites",
		capture_output=True,
		text=True,
		timeout=timeout,
	)


def run_on_site(bench: Path, site: str, code: str, timeout: int = 300):
	"""Run `code` in a fresh process connected to `site`; it sets `result`, returned as JSON."""
	script = (
		"import json, frappe\n"
		f"frappe.init(site={site!r}, sites_path='.')\n"
		"frappe.connect()\n"
		"result = None\n"
		"try:\n" + "".join(f"\t{line}\n" for line in code.strip().splitlines()) + "\tfrappe.db.commit()\n"
		"finally:\n\tfrappe.destroy()\n"
		"print('@@RESULT@@' + json.dumps(result, default=str))\n"
	)
	p = subprocess.run(
		[bench_python(bench), "-c", script],
		cwd=bench / "sites",
		capture_output=True,
		text=True,
		timeout=timeout,
	)
	if p.returncode != 0:
		raise RuntimeError(f"site script failed:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
	line = [x for x in p.stdout.splitlines() if x.startswith("@@RESULT@@")][-1]
	return json.loads(line[len("@@RESULT@@") :])
