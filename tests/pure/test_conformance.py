"""The conformance register (`tests/conformance/<scheme>.yaml`, issue #14): every article of each policy
document, with its status, where the app carries it and the tests that prove it.

A register fails when an article of the document is missing (read from `../shared/seeds/` when present),
a status is unknown, a carried article names no test, a named test does not exist, a gap, a
not-applicable or a bureau-decision entry gives no reason, or a `where` names a path or fixture row that
does not exist. `python tests/pure/test_conformance.py` prints the gaps, scheme by scheme.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
REGISTER = REPO / "tests" / "conformance"
SEEDS = REPO.parent / "shared" / "seeds"
FIXTURES = REPO / "fixtures" / "schemes"
REGISTERS = sorted(REGISTER.glob("*.yaml"))

STATUSES = ("carried", "gap", "not_applicable", "bureau_decision")
#: an article heading: 第X条 at the start of a line, followed by a space (a reference inside a sentence is
#: not at the start of a line, and 第十四条至第十七条 in a sentence is not followed by a space)
HEADING = re.compile(r"^[ \t\u3000]*(第([一二三四五六七八九十百零〇]+)条)(?=[ \t\u3000])", re.M)
#: an annex: a line of its own after the last article (附件：…), or a reference such as （附件2）
ANNEX_LINE = re.compile(r"^[ \t\u3000]*(附件\d*)", re.M)
ANNEX_REF = re.compile(r"[（(](附件\d+)[)）]")
DIGITS = dict(zip("零〇一二三四五六七八九", (0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
#: a fixture reference in `where`: table[code, code] (a table without brackets names the whole table)
FIXTURE_ROWS = re.compile(r"(\w+)(?:\[([^\]]*)\])?")


def chinese_number(text: str) -> int:
	"""二十七 -> 27, 十 -> 10, 一百零二 -> 102 (the article numbers of the documents)."""
	total, digit = 0, 0
	for ch in text:
		if ch == "百":
			total += (digit or 1) * 100
			digit = 0
		elif ch == "十":
			total += (digit or 1) * 10
			digit = 0
		else:
			digit = DIGITS[ch]
	return total + digit


def load(path: Path) -> dict:
	with open(path, encoding="utf-8") as f:
		return yaml.safe_load(f)


def document_parts(register: dict) -> list[str]:
	"""The articles (in order) and annexes of the measure the register covers: its text starts at the
	document's title and ends where the numbering restarts at 第一条 (document 003 holds three measures)."""
	doc = register["document"]
	text = (SEEDS / doc["file"]).read_text(encoding="utf-8")
	start = text.find(doc["title"])
	assert start >= 0, f"{register['scheme']}: title {doc['title']!r} not found in seeds/{doc['file']}"
	part = text[start:]
	headings = []
	for m in HEADING.finditer(part):
		if m.group(2) == "一" and headings:
			part = part[: m.start()]
			break
		headings.append(m)
	numbers = [chinese_number(m.group(2)) for m in headings]
	assert numbers == list(range(1, len(numbers) + 1)), (
		f"{register['scheme']}: the article headings of seeds/{doc['file']} are not numbered 1..n: {numbers}"
	)
	tail = part[headings[-1].end() :] if headings else part
	annexes = {m.group(1) for m in ANNEX_LINE.finditer(tail)} | {m.group(1) for m in ANNEX_REF.finditer(part)}
	return [m.group(1) for m in headings] + sorted(annexes)


def entries(register: dict):
	"""(label, entry) for every article and every item of an article that has a status of its own."""
	for article, entry in (register.get("articles") or {}).items():
		yield article, entry
		for item, sub in ((entry or {}).get("items") or {}).items():
			if isinstance(sub, dict) and "status" in sub:
				yield f"{article} {item}", sub


def as_list(value) -> list:
	if value is None:
		return []
	return value if isinstance(value, list) else [value]


@cache
def defined_tests(path: str) -> frozenset[str]:
	"""`name` and `Class::name` of every function of a test file, read with ast (site tests need frappe
	and are never imported here); of a browser test file (`.test.mjs`), the title of each `test("…")`."""
	text = (REPO / path).read_text(encoding="utf-8")
	if path.endswith(".mjs"):
		return frozenset(m.group(2) for m in re.finditer(r"""\btest\(\s*(["'`])(.+?)\1""", text))
	tree = ast.parse(text)
	names = set()
	for node in tree.body:
		if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
			names.add(node.name)
		elif isinstance(node, ast.ClassDef):
			for sub in node.body:
				if isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef):
					names.add(f"{node.name}::{sub.name}")
	return frozenset(names)


def row_key(row: dict) -> str:
	for key in ("code", "grade", "stage", "payer", "rule"):
		if row.get(key):
			return str(row[key])
	return ""


def ids(paths):
	return [p.stem for p in paths]


def test_the_register_covers_every_scheme():
	shipped = {json.loads(p.read_text(encoding="utf-8"))["code"] for p in FIXTURES.glob("*.json")}
	registered = [load(p)["scheme"] for p in REGISTERS]
	assert len(registered) == len(set(registered)), f"a scheme has two registers: {sorted(registered)}"
	assert set(registered) == shipped, (
		f"register schemes {sorted(registered)} differ from fixtures/schemes {sorted(shipped)}"
	)


@pytest.mark.parametrize("path", REGISTERS, ids=ids(REGISTERS))
def test_register_names_its_scheme_and_document(path):
	register = load(path)
	code = register.get("scheme")
	fixture = next(
		(
			d
			for p in FIXTURES.glob("*.json")
			if (d := json.loads(p.read_text(encoding="utf-8")))["code"] == code
		),
		None,
	)
	assert fixture, f"{path.name}: scheme {code!r} is not in fixtures/schemes"
	doc = register.get("document") or {}
	assert doc.get("file") and doc.get("title"), f"{path.name}: document needs file and title"
	assert doc["file"] in fixture["source_document"], (
		f"{code}: register document {doc['file']} is not the fixture's {fixture['source_document']}"
	)
	assert register.get("articles"), f"{code}: no articles"


@pytest.mark.parametrize("path", REGISTERS, ids=ids(REGISTERS))
def test_every_article_of_the_document_is_registered(path):
	if not SEEDS.is_dir():
		pytest.skip(f"no policy documents at {SEEDS}: the article list cannot be read")
	register = load(path)
	code = register["scheme"]
	assert (SEEDS / register["document"]["file"]).is_file(), (
		f"{code}: seeds/{register['document']['file']} missing"
	)
	expected = document_parts(register)
	listed = list(register["articles"])
	missing = [a for a in expected if a not in listed]
	unknown = [a for a in listed if a not in expected]
	assert not missing, f"{code}: articles of the document missing from {path.name}: {missing}"
	assert not unknown, f"{code}: {path.name} lists articles the document does not have: {unknown}"


@pytest.mark.parametrize("path", REGISTERS, ids=ids(REGISTERS))
def test_every_entry_has_a_status_a_summary_and_its_proof(path):
	register = load(path)
	code = register["scheme"]
	problems = []
	for label, entry in entries(register):
		if not isinstance(entry, dict):
			problems.append(f"{label}: not a mapping")
			continue
		status = entry.get("status")
		if status not in STATUSES:
			problems.append(f"{label}: status {status!r} is not one of {', '.join(STATUSES)}")
		if " " not in label and not str(entry.get("summary") or "").strip():
			problems.append(f"{label}: no summary")
		if status == "carried" and not as_list(entry.get("tests")):
			problems.append(f"{label}: carried but names no test (mark it gap with a reason)")
		if (
			status in ("gap", "not_applicable", "bureau_decision")
			and not str(entry.get("reason") or "").strip()
		):
			problems.append(f"{label}: {status} without a reason")
		if status in ("carried", "gap") and not as_list(entry.get("where")):
			problems.append(f"{label}: {status} without where")
	assert not problems, f"{code} ({path.name}):\n" + "\n".join(problems)


@pytest.mark.parametrize("path", REGISTERS, ids=ids(REGISTERS))
def test_every_named_test_exists(path):
	register = load(path)
	code = register["scheme"]
	problems = []
	for label, entry in entries(register):
		for ref in as_list(entry.get("tests")):
			file, _, name = str(ref).partition("::")
			if file.endswith(".py"):
				name = re.sub(r"\[.*\]$", "", name)  # a parametrised case names its function
			if not (file.startswith("tests/") and file.endswith((".py", ".test.mjs")) and name):
				problems.append(f"{label}: {ref!r} is not tests/….py::test_name nor tests/….test.mjs::title")
			elif not (REPO / file).is_file():
				problems.append(f"{label}: {ref}: no file {file}")
			elif name not in defined_tests(file):
				problems.append(f"{label}: {ref}: {file} has no test {name}")
	assert not problems, f"{code} ({path.name}):\n" + "\n".join(problems)


@pytest.mark.parametrize("path", REGISTERS, ids=ids(REGISTERS))
def test_every_where_exists(path):
	register = load(path)
	code = register["scheme"]
	problems = []
	for label, entry in entries(register):
		for where in as_list(entry.get("where")):
			target, _, fields = str(where).partition(":")
			target = target.strip()
			if not (REPO / target).exists():
				problems.append(f"{label}: where {where!r}: no path {target}")
				continue
			if not (target.startswith("fixtures/") and target.endswith(".json") and fields.strip()):
				continue
			data = json.loads((REPO / target).read_text(encoding="utf-8"))
			for m in FIXTURE_ROWS.finditer(fields):
				table, codes = m.group(1), m.group(2)
				if table not in data:
					problems.append(f"{label}: {target} has no field {table}")
					continue
				have = (
					{row_key(r) for r in data[table] if isinstance(r, dict)}
					if isinstance(data[table], list)
					else set()
				)
				for row in (c.strip() for c in (codes or "").split(",")):
					if row and row not in have:
						problems.append(f"{label}: {target} {table} has no row {row}")
	assert not problems, f"{code} ({path.name}):\n" + "\n".join(problems)


def gaps() -> dict[str, list[tuple[str, str]]]:
	"""scheme -> [(article, reason)] of every gap in the register."""
	out = {}
	for path in REGISTERS:
		register = load(path)
		out[register["scheme"]] = [
			(label, " ".join(str(e.get("reason", "")).split()))
			for label, e in entries(register)
			if isinstance(e, dict) and e.get("status") == "gap"
		]
	return out


if __name__ == "__main__":
	for scheme, rows in gaps().items():
		counts = {}
		articles = load(next(p for p in REGISTERS if load(p)["scheme"] == scheme))["articles"]
		for e in articles.values():
			counts[e.get("status")] = counts.get(e.get("status"), 0) + 1
		print(f"{scheme}: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES) + " (articles)")
		for label, reason in rows:
			print(f"  gap {label}: {reason}")
	sys.exit(0)
