"""`policy-app`: the engine on a machine without a Frappe site.

    policy-app grade --scheme XX-BASE --year 2025 cohort.csv --out graded.csv
    policy-app schemes
    policy-app notice --scheme XX-BASE --stage recognition --published 2026-09-28
    policy-app eligibility --scheme XX-SVC --type professional facts.json
    policy-app rewards --scheme XX-INC claims.csv
    policy-app subsidy --scheme XX-JBGS --category tech_breakthrough --contract 10000000 --instalment 1 --funder-paid 2000000
    policy-app project --scheme XX-JBGS --start 2026-01-01 --end 2029-01-01 --approved-this-year 10
    policy-app deadline --scheme XX-BASE --code change_report --event 2026-01-31

A rule's "no" (a condition not met, an instalment not yet due, the yearly project limit reached, a
period too long) is printed as a result with its reasons and articles (exit code 1); bad input is an
error (exit code 2).

Input CSV: `record`, `organisation`, then one column per rubric item code (a count, 0/1 for a flat
item, or the expert's points for each unit separated by `;` for a judged item). Optional columns:
`grade` (schemes whose experts award the grade), `outstanding` (1 = outstanding contribution),
`previous_grades` (`;`-separated, oldest first), `medal_level`, `paid_once` (`;`-separated rule codes).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Optional, Sequence

from .eligibility import check_eligibility
from .errors import PolicyError
from .loader import get_scheme, load_schemes, work_calendar
from .models import plain_number
from .money import Claim, ClaimItem, compute_awards, plan_subsidy, release_instalment, split_funding, yuan
from .open_competition import check_period, check_yearly_limit
from .scoring import EvaluationInput, grade_cohort
from .verdict import Verdict, judge

SAMPLES = Path(__file__).resolve().parent / "samples"
META = {"record", "organisation", "grade", "outstanding", "previous_grades", "medal_level", "paid_once"}


def _list(text: str) -> list[str]:
	return [x.strip() for x in (text or "").replace(",", ";").split(";") if x.strip()]


def read_inputs(path: Path, year: int) -> list[EvaluationInput]:
	with open(path, newline="", encoding="utf-8-sig") as f:
		reader = csv.DictReader(f)
		if not reader.fieldnames or "record" not in reader.fieldnames:
			raise PolicyError("csv", str(path), "CSV 缺少 record 列", "the CSV has no 'record' column")
		inputs = []
		for line, row in enumerate(reader, start=2):
			items = {
				k: (_list(v) if ";" in (v or "") else v)
				for k, v in row.items()
				if k not in META and k and (v or "").strip()
			}
			try:
				inputs.append(
					EvaluationInput(
						record=row["record"],
						organisation=row.get("organisation") or row["record"],
						year=year,
						items=items,
						grade=(row.get("grade") or None),
						outstanding=(row.get("outstanding") or "0").strip() in ("1", "true", "yes", "是"),
						previous_grades=_list(row.get("previous_grades", "")),
						medal_level=int(row.get("medal_level") or 0),
						paid_once=_list(row.get("paid_once", "")),
					)
				)
			except ValueError as e:
				raise PolicyError(
					f"line {line}", row.get("record"), f"第 {line} 行有误：{e}", f"line {line}: {e}"
				) from e
		return inputs


def _width(s: str) -> int:
	return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def table(rows: list[list[str]]) -> str:
	widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
	out = []
	for n, r in enumerate(rows):
		out.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)).rstrip())
		if n == 0:
			out.append("  ".join("-" * w for w in widths))
	return "\n".join(out)


def cmd_grade(args) -> int:
	scheme = get_scheme(args.scheme)
	inputs = read_inputs(Path(args.csv), args.year)
	results = grade_cohort(scheme, inputs)
	lang = args.lang
	zh = lang.startswith("zh")
	sections = [s.code for s in scheme.rubric_sections]
	label = {b.grade: (b.label_zh if zh else (b.label_en or b.grade)) for b in scheme.grade_bands}
	head = [
		"record",
		"organisation",
		*sections,
		"total",
		"rank",
		"raw_grade",
		"final_grade",
		"medal",
		"reward",
		"reason",
	]
	csv_rows = []
	for r in results:
		csv_rows.append(
			[
				r.record,
				r.organisation,
				*[plain_number(r.card.sections[s]) for s in sections],
				plain_number(r.card.total),
				str(r.rank),
				r.raw_grade,
				r.final_grade,
				r.medal or "",
				f"{r.reward_total:.2f}",
				r.reason(lang),
			]
		)
	if args.out:
		with open(args.out, "w", newline="", encoding="utf-8") as f:
			w = csv.writer(f)
			w.writerow(head)
			w.writerows(csv_rows)
	shown_head = (
		[
			"记录",
			"单位",
			*[scheme.section(s).label_zh for s in sections],
			"总分",
			"名次",
			"原等次",
			"最终等次",
			"称号",
			"奖补（元）",
			"说明",
		]
		if zh
		else head
	)
	shown = [shown_head] + [
		row[: 2 + len(sections) + 2]
		+ [label[row[-5]], label[row[-4]], row[-3], f"{Decimal(row[-2]):,.2f}", row[-1]]
		for row in csv_rows
	]
	title = scheme.title_zh if zh else (scheme.title_en or scheme.title_zh)
	print(f"{title} — {args.year}（{len(results)}）")
	print(table(shown))
	total = sum((r.reward_total for r in results), Decimal(0))
	counts = {}
	for r in results:
		counts[label[r.final_grade]] = counts.get(label[r.final_grade], 0) + 1
	print()
	print(("等次分布：" if zh else "grades: ") + ", ".join(f"{k} {v}" for k, v in counts.items()))
	parts = ", ".join(f"{p} {a:,.2f}" for p, a in split_funding(scheme, total)) if total else ""
	print(("奖补合计：" if zh else "rewards total: ") + f"{total:,.2f}" + (f" ({parts})" if parts else ""))
	if args.out:
		print(("已写入 " if zh else "written to ") + args.out)
	return 0


def cmd_schemes(args) -> int:
	rows = [["code", "title", "family", "effective"]]
	for s in load_schemes().values():
		eff = f"{s.effective_from or '?'} – {s.effective_to or ''}"
		rows.append([s.code, s.title_zh, s.family, eff])
	print(table(rows))
	return 0


def cmd_notice(args) -> int:
	scheme = get_scheme(args.scheme)
	period = scheme.notice(args.stage)
	end = work_calendar(scheme.holiday_calendar).notice_end(period, date.fromisoformat(args.published))
	print(
		f"{scheme.code} {period.label_zh}：{period.working_days} 个工作日，{args.published} 发布，{end} 期满"
	)
	return 0


def read_records(path: str) -> list[dict]:
	"""Rows of a CSV (one record a row) or a JSON file (one object or a list of objects)."""
	p = Path(path)
	if p.suffix.lower() == ".json":
		data = json.loads(p.read_text(encoding="utf-8"))
		return data if isinstance(data, list) else [data]
	with open(p, newline="", encoding="utf-8-sig") as f:
		return [{k: v for k, v in row.items() if k and (v or "").strip()} for row in csv.DictReader(f)]


def _facts(row: dict) -> dict:
	out = {}
	for k, v in row.items():
		if isinstance(v, str) and v.strip().lower() in ("true", "yes", "是", "false", "no", "否"):
			v = v.strip().lower() in ("true", "yes", "是")
		out[k] = v
	return out


def _say(v: Verdict, zh: bool, yes: str) -> int:
	if v.ok:
		print(yes)
		return 0
	for r in v.reasons("zh" if zh else "en"):
		if v.article and v.article not in r:
			r = f"{v.article}：{r}" if zh else f"{v.article}: {r}"
		print(("否：" if zh else "no: ") + r)
	return 1


def cmd_eligibility(args) -> int:
	scheme, zh = get_scheme(args.scheme), args.lang.startswith("zh")
	on = date.fromisoformat(args.on) if args.on else None
	worst = 0
	for row in read_records(args.input):
		row = dict(row)
		name = str(row.pop("record", "") or row.get("organisation", ""))
		kind = row.pop("type", None) or args.type
		host = row.pop("host_kind", None) or args.host_kind
		result = check_eligibility(scheme, _facts(row), type_code=kind, host_kind=host, on=on)
		print(
			f"{name}: "
			+ (("符合" if zh else "eligible") if result.eligible else ("不符合" if zh else "not eligible"))
		)
		for c in result.conditions:
			mark = "✓" if c.passed else "✗"
			why = "" if c.passed else "  " + (c.reason_zh if zh else c.reason_en)
			print(f"  {mark} {c.article} {c.label_zh if zh else (c.label_en or c.label_zh)}{why}")
		worst = max(worst, 0 if result.eligible else 1)
	return worst


def _claim(row: dict, year: int) -> Claim:
	items = row.get("items") or []
	if isinstance(items, str):  # CSV: "ref:amount;ref:amount"
		items = [dict(zip(("ref", "amount"), x.split(":", 1), strict=True)) for x in _list(items)]
	return Claim(
		rule=row["rule"],
		organisation=str(row.get("organisation", "")),
		year=int(row.get("year") or year),
		matter=str(row.get("matter", "")),
		on=date.fromisoformat(row["on"]) if row.get("on") else None,
		base_amount=row.get("base_amount") or None,
		units=int(row["units"]) if row.get("units") not in (None, "") else None,
		items=[ClaimItem(ref=str(i["ref"]), amount=i["amount"]) for i in items],
		override_reason=str(row.get("override_reason", "")),
	)


def cmd_rewards(args) -> int:
	scheme, zh = get_scheme(args.scheme), args.lang.startswith("zh")
	rows = read_records(args.input)
	try:
		claims = [_claim(r, args.year) for r in rows]
	except (KeyError, ValueError) as e:
		raise PolicyError("claims", str(e), f"奖补申请有误：{e}", f"bad claim: {e}") from e
	enjoyed: dict = {}
	for r in rows:  # the years already paid under a rule: "2023;2024"
		if r.get("enjoyed_years"):
			years = r["enjoyed_years"]
			years = _list(years) if isinstance(years, str) else years
			enjoyed[(str(r.get("organisation", "")), r["rule"])] = [int(y) for y in years]
	awards = compute_awards(scheme, claims, enjoyed=enjoyed)
	out = [
		[
			"单位" if zh else "organisation",
			"条款" if zh else "article",
			"奖补" if zh else "reward",
			"计算" if zh else "computed",
			"核定" if zh else "amount",
			"说明" if zh else "notes",
		]
	]
	for a in awards:
		notes = "；".join(a.notes_zh) if zh else "; ".join(a.notes_en)
		out.append(
			[
				a.organisation,
				a.article,
				a.label_zh if zh else (a.label_en or a.label_zh),
				yuan(a.computed),
				yuan(a.amount),
				notes,
			]
		)
	print(table(out))
	total = sum((a.amount for a in awards), Decimal(0))
	parts = ", ".join(f"{p} {yuan(x)}" for p, x in split_funding(scheme, total)) if total else ""
	print(("合计：" if zh else "total: ") + yuan(total) + (f" ({parts})" if parts else ""))
	return 0


def cmd_subsidy(args) -> int:
	scheme, zh = get_scheme(args.scheme), args.lang.startswith("zh")
	plan = plan_subsidy(scheme, args.category, args.contract)
	rule = scheme.rule(plan.rule)
	print(
		f"{rule.article} {rule.label_zh if zh else (rule.label_en or rule.label_zh)}: {yuan(plan.uncapped)} → {yuan(plan.subsidy)}"
	)
	for d in plan.instalments:
		print(f"  {d.seq}. {yuan(d.amount)}  {d.article} {d.label_zh}")
	print("  " + ", ".join(f"{p} {yuan(x)}" for p, x in split_funding(scheme, plan.subsidy)))
	if args.instalment is None:
		return 0
	v = judge(
		release_instalment,
		plan,
		args.instalment,
		paid_seqs=[int(x) for x in _list(args.paid or "")],
		funder_paid=args.funder_paid,
		final_evaluation_passed=args.final_passed,
	)
	yes = (f"第 {args.instalment} 期可拨付 " if zh else f"instalment {args.instalment} is due: ") + (
		yuan(v.value) if v.ok else ""
	)
	return _say(v, zh, yes)


def cmd_project(args) -> int:
	scheme, zh = get_scheme(args.scheme), args.lang.startswith("zh")
	start = date.fromisoformat(args.start)
	worst = 0
	if args.end:
		v = judge(check_period, scheme, start, date.fromisoformat(args.end))
		worst = max(worst, _say(v, zh, ("实施周期符合规定" if zh else "the period is allowed")))
	if args.approved_this_year is not None:
		v = judge(check_yearly_limit, scheme, start.year, args.approved_this_year)
		worst = max(worst, _say(v, zh, ("本年度尚可立项" if zh else "the yearly limit is not reached")))
	return worst


def cmd_deadline(args) -> int:
	scheme = get_scheme(args.scheme)
	rule = scheme.deadline(args.code)
	event = int(args.event) if args.event.isdigit() else date.fromisoformat(args.event)
	due = work_calendar(scheme.holiday_calendar).due_date(rule, event)
	print(f"{scheme.code} {rule.article} {rule.label_zh}：{args.event} → {due}")
	return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
	p = argparse.ArgumentParser(
		prog="policy-app", description="policy_app rules engine (no Frappe site needed)"
	)
	sub = p.add_subparsers(dest="cmd", required=True)
	g = sub.add_parser("grade", help="grade a cohort from a CSV of evaluation inputs")
	g.add_argument("csv", nargs="?", default=str(SAMPLES / "xx_base_2025.csv"))
	g.add_argument("--scheme", default="XX-BASE")
	g.add_argument("--year", type=int, default=2025)
	g.add_argument("--out", help="write the graded cohort to this CSV")
	g.add_argument("--lang", default="zh", choices=["zh", "en"])
	g.set_defaults(fn=cmd_grade)
	s = sub.add_parser("schemes", help="list the shipped schemes")
	s.set_defaults(fn=cmd_schemes)
	n = sub.add_parser("notice", help="when a public notice ends, in working days")
	n.add_argument("--scheme", required=True)
	n.add_argument("--stage", default="recognition")
	n.add_argument("--published", required=True)
	n.set_defaults(fn=cmd_notice)
	e = sub.add_parser("eligibility", help="check applicants' facts (CSV or JSON) against the scheme")
	e.add_argument("input")
	e.add_argument("--scheme", required=True)
	e.add_argument("--type")
	e.add_argument("--host-kind")
	e.add_argument("--on", help="the day of the check (YYYY-MM-DD), default today")
	e.set_defaults(fn=cmd_eligibility)
	r = sub.add_parser("rewards", help="rewards of claims (CSV or JSON) with every cap and 就高不重复")
	r.add_argument("input")
	r.add_argument("--scheme", required=True)
	r.add_argument("--year", type=int, default=date.today().year)
	r.set_defaults(fn=cmd_rewards)
	b = sub.add_parser("subsidy", help="an open-competition subsidy, its instalments and whether one is due")
	b.add_argument("--scheme", default="XX-JBGS")
	b.add_argument("--category", required=True)
	b.add_argument("--contract", required=True)
	b.add_argument("--instalment", type=int)
	b.add_argument("--paid", help="instalments already paid, e.g. 1")
	b.add_argument("--funder-paid")
	b.add_argument("--final-passed", action="store_true")
	b.set_defaults(fn=cmd_subsidy)
	j = sub.add_parser("project", help="an open-competition project's period and the yearly limit")
	j.add_argument("--scheme", default="XX-JBGS")
	j.add_argument("--start", required=True)
	j.add_argument("--end")
	j.add_argument("--approved-this-year", type=int)
	j.set_defaults(fn=cmd_project)
	d = sub.add_parser("deadline", help="when a scheme's deadline falls due after an event")
	d.add_argument("--scheme", required=True)
	d.add_argument("--code", required=True)
	d.add_argument("--event", required=True, help="the event's date, or the reporting year")
	d.set_defaults(fn=cmd_deadline)
	for parser in (e, r, b, j, d):
		parser.add_argument("--lang", default="zh", choices=["zh", "en"])
	args = p.parse_args(argv)
	try:
		return args.fn(args)
	except PolicyError as e:
		print(f"错误 / error: {e.zh} / {e.en}", file=sys.stderr)
		return 2
	except (OSError, ValueError) as e:
		print(f"错误 / error: {e}", file=sys.stderr)
		return 2


if __name__ == "__main__":
	sys.exit(main())
