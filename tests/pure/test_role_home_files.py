"""Each role's home (#15 item 10), read from the shipped files: every app role's workspace is
restricted to that role, titled in Chinese, and every label a person reads on it has a Chinese
translation in zh.csv."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "policy_app"
ROLES = {
	"Policy Applicant",
	"District Officer",
	"Bureau Officer",
	"Bureau Leader",
	"Policy Expert",
	"Finance Officer",
	"Policy Administrator",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def workspaces() -> list[dict]:
	return [json.loads(p.read_text(encoding="utf-8")) for p in APP.glob("*/workspace/*/*.json")]


def zh() -> dict[str, str]:
	with open(APP / "translations" / "zh.csv", encoding="utf-8", newline="") as f:
		return {row[0]: row[1] for row in csv.reader(f) if len(row) >= 2}


def test_each_role_has_one_home_of_its_own_titled_in_chinese():
	homes = {}
	for ws in workspaces():
		for r in ws["roles"]:
			homes.setdefault(r["role"], []).append(ws)
	for role in ROLES:
		assert len(homes.get(role, [])) == 1, role
		ws = homes[role][0]
		assert [r["role"] for r in ws["roles"]] == [role]
		# Frappe's desk routes a workspace by its title: the title is the name, shown in Chinese through zh.csv
		assert ws["title"] == ws["name"] and CJK.search(zh().get(ws["title"], "")), ws["title"]


def test_every_label_on_a_role_home_is_translated():
	t = zh()
	for ws in workspaces():
		if not {r["role"] for r in ws["roles"]} & ROLES:
			continue
		labels = [
			ws["name"],
			*(s["label"] for s in ws["shortcuts"]),
			*(q["label"] for q in ws["quick_lists"]),
		]
		labels += [s["format"] for s in ws["shortcuts"] if s.get("format")]
		missing = [label for label in labels if not CJK.search(t.get(label, ""))]
		assert not missing, (ws["name"], missing)
