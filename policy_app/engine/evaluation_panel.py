"""The expert panel of an annual evaluation (XX-BASE 附件: the district counts, the experts judge).

The district enters the count of every per-unit item; each listed expert then scores, on their own
sheet, every unit of the rows judged per unit (“每次 1–5 分”: one figure per unit) and the items judged
as a whole. A sheet is checked whole before it is taken (every unit scored, each figure in the item's
range). The evaluation moves on when every listed expert has submitted, or the scheme's quorum where
the panel is larger (`panel_needed`), as the recognition panel does; the evaluation's points are then
the panel's mean, unit by unit, to the cent (`panel_points`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict

from .errors import PolicyError
from .models import Scheme, plain_number
from .scoring import _dec, row_points, row_units, unit_scores

CENT = Decimal("0.01")


class JudgedRow(BaseModel):
	"""One row of an evaluation the experts score: its id, row number, item and the district's count,
	with what is on the row now (the platform's or the district's proposal), which a sheet starts from."""

	model_config = ConfigDict(frozen=True)

	row: str
	idx: int
	item_code: str
	label_zh: str
	mode: str
	units: int
	min_points: Decimal
	max_points: Decimal
	proposed: list[Decimal] = []


def judged_rows(scheme: Scheme, rows) -> list[JudgedRow]:
	"""The rows an expert scores, from (row id, row number, item code, quantity, judged points, points
	of each unit): every row of an item judged as a whole, and each row of an item judged per unit that
	has units (a count of 0 asks for nothing)."""
	known = {i.code: i for i in scheme.rubric_items}
	out = []
	for row_id, idx, code, qty, judged, scores in rows:
		item = known.get(code)
		if item is None or item.mode not in ("judged", "judged_each"):
			continue
		if item.mode == "judged":
			units, proposed = 1, ([judged] if judged is not None else [])
		else:
			units = row_units(item, qty, judged, scores)
			if not units:
				continue
			proposed = row_points(item, qty, judged, scores)
		out.append(
			JudgedRow(
				row=row_id,
				idx=idx,
				item_code=code,
				label_zh=item.label_zh,
				mode=item.mode,
				units=units,
				min_points=item.min_points,
				max_points=item.max_points,
				proposed=proposed,
			)
		)
	return out


def check_sheet(rows: list[JudgedRow], sheet: dict[str, Any]) -> dict[str, list[Decimal]]:
	"""One expert's sheet {row id: figures} taken whole: each row gets exactly one figure per unit, each
	in the item's range. Refused naming the row and the item."""
	out: dict[str, list[Decimal]] = {}
	for r in rows:
		raw = sheet.get(r.row)
		lo, hi = plain_number(r.min_points), plain_number(r.max_points)
		where_zh, where_en = f"第 {r.idx} 行“{r.label_zh}”", f"Row {r.idx} ({r.item_code})"
		try:
			values = unit_scores(raw)
		except PolicyError:
			raise PolicyError(
				f"sheet.{r.row}",
				str(raw),
				f"{where_zh}：得分应为数字，多个得分用分号分隔",
				f"{where_en}: the points must be numbers separated by semicolons",
			) from None
		if not values:
			raise PolicyError(
				f"sheet.{r.row}",
				"",
				f"{where_zh}：请填写得分（{lo}–{hi} 分）" + (f"，共 {r.units} 项" if r.units > 1 else ""),
				f"{where_en}: give its points ({lo}–{hi})" + (f", {r.units} units" if r.units > 1 else ""),
			)
		if len(values) != r.units:
			raise PolicyError(
				f"sheet.{r.row}",
				str(raw),
				f"{where_zh}：共 {r.units} 项，应填写 {r.units} 个得分（现有 {len(values)} 个）",
				f"{where_en}: {r.units} units need {r.units} points ({len(values)} given)",
			)
		for v in values:
			if v < r.min_points or v > r.max_points:
				raise PolicyError(
					f"sheet.{r.row}",
					plain_number(v),
					f"{where_zh}：每项得分应在 {lo}–{hi} 分之间（{plain_number(v)}）",
					f"{where_en}: each unit's points must lie between {lo} and {hi} ({plain_number(v)})",
				)
		out[r.row] = values
	return out


def panel_needed(scheme: Scheme, listed: int) -> int:
	"""How many submitted sheets move the evaluation on: every listed expert, or the scheme's quorum
	of a larger panel."""
	return min(listed, scheme.review_quorum)


def panel_points(sheets: list[dict[str, list[Decimal]]]) -> dict[str, list[Decimal]]:
	"""The panel's points of each row: the mean of the submitted sheets, unit by unit, to the cent
	(ROUND_HALF_UP)."""
	if not sheets:
		return {}
	out: dict[str, list[Decimal]] = {}
	for row in sheets[0]:
		columns = list(zip(*(s[row] for s in sheets), strict=True))
		out[row] = [(sum(c, Decimal(0)) / len(c)).quantize(CENT, rounding=ROUND_HALF_UP) for c in columns]
	return out


def as_text(values: list[Decimal]) -> str:
	"""The points of each unit as the form shows them: 3；2；2.5."""
	return "；".join(plain_number(v) for v in values)


def parse(raw: Any, field: str = "points") -> Optional[Decimal]:
	return None if raw in (None, "") else _dec(field, raw)
