"""One error type for every bad input the engine refuses.

It carries the offending field and value and a message in both Chinese and English, so the Frappe
layer can show the user's language and the CLI can print both.
"""

from __future__ import annotations

from typing import Any


class PolicyError(ValueError):
	def __init__(self, field: str, value: Any, zh: str, en: str):
		self.field = field
		self.value = value
		self.zh = zh
		self.en = en
		super().__init__(f"{field}={value!r}: {en} / {zh}")

	def message(self, lang: str = "zh") -> str:
		return self.zh if (lang or "zh").lower().startswith("zh") else self.en


class Refusal(PolicyError):
	"""A rule's "no" on good input (an instalment not yet due, the yearly project limit reached, a period
	too long): the Frappe layer refuses the step like any PolicyError; the CLI prints it as a result."""

	def __init__(self, field: str, value: Any, zh: str, en: str, article: str = ""):
		super().__init__(field, value, zh, en)
		self.article = article


def require(ok: bool, field: str, value: Any, zh: str, en: str) -> None:
	if not ok:
		raise PolicyError(field, value, zh, en)


class SchemeDataError(ValueError):
	"""An inconsistency inside a scheme or calendar, raised from a model validator with both texts."""

	def __init__(self, en: str, zh: str):
		self.en = en
		self.zh = zh
		super().__init__(en)


def bad(en: str, zh: str) -> SchemeDataError:
	return SchemeDataError(en, zh)


# pydantic's own error types, in Chinese; {…} are filled from the error's context
_ZH = {
	"missing": "必填",
	"greater_than_equal": "应不小于 {ge}",
	"greater_than": "应大于 {gt}",
	"less_than_equal": "应不大于 {le}",
	"less_than": "应小于 {lt}",
	"literal_error": "应为以下之一：{expected}",
	"int_parsing": "应为整数",
	"int_from_float": "应为整数",
	"decimal_parsing": "应为数字",
	"float_parsing": "应为数字",
	"bool_parsing": "应为是或否",
	"date_from_datetime_parsing": "应为日期",
	"date_parsing": "应为日期",
	"string_too_short": "不能为空",
	"extra_forbidden": "不是可识别的字段",
}


def explain(exc) -> tuple[str, str]:
	"""(zh, en) for the first problem of a pydantic ValidationError, naming where it is."""
	first = exc.errors()[0]
	loc = ".".join(str(p) for p in first.get("loc", ())) or "—"
	ctx = first.get("ctx") or {}
	err = ctx.get("error")
	if isinstance(err, SchemeDataError):
		return f"{loc}：{err.zh}" if loc != "—" else err.zh, f"{loc}: {err.en}" if loc != "—" else err.en
	template = _ZH.get(first.get("type", ""))
	zh = template.format(**{k: v for k, v in ctx.items()}) if template else first.get("msg", "")
	value = first.get("input")
	shown = "" if isinstance(value, (dict, list)) else f"（{value!r}）"
	return f"{loc}：{zh}{shown}", f"{loc}: {first.get('msg', '')}" + ("" if not shown else f" ({value!r})")
