"""A rule's answer as a result: yes, or no with its reasons and articles (for the CLI and reports).

The checks themselves raise `Refusal` so that a Frappe step stops; `judge` turns a refusal into a
`Verdict`. Bad input (a negative amount, a date that is not a date) stays an error."""

from __future__ import annotations

from typing import Any, Callable

from pydantic import BaseModel, Field

from .errors import Refusal


class Verdict(BaseModel):
	ok: bool
	value: Any = None
	article: str = ""
	reasons_zh: list[str] = Field(default_factory=list)
	reasons_en: list[str] = Field(default_factory=list)

	def reasons(self, lang: str = "zh") -> list[str]:
		return self.reasons_zh if lang.startswith("zh") else self.reasons_en


def judge(fn: Callable[..., Any], *args, **kwargs) -> Verdict:
	try:
		return Verdict(ok=True, value=fn(*args, **kwargs))
	except Refusal as e:
		return Verdict(ok=False, article=e.article, reasons_zh=[e.zh], reasons_en=[e.en])
