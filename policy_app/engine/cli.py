"""`policy-app`: the engine on a machine without a Frappe site.

    policy-app grade --scheme XX-BASE --year 2025 cohort.csv --out graded.csv
    policy-app schemes
    policy-app notice --scheme XX-BASE --stage recognition --published 2026-09-28

Input CSV: `record`, `organisation`, then one column per rubric item code (a count, 0/1 for a flat
item, or the expert's points for each unit separated by `;` for a judged item). Optional columns:
`grade` (schemes whose experts award the grade), `outstanding` (1 = outstanding contribution),
`previous_grades` (`;`-separated, oldest first), `medal_level`, `paid_once` (`;`-separated rule codes).
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Optional, Sequence

from .errors import PolicyError
from .loader import get_scheme, load_schemes, work_calendar
from .models import plain_number
from .money import split_funding
from .scoring import EvaluationInput, grade_cohort

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
