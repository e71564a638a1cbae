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


def require(ok: bool, field: str, value: Any, zh: str, en: str) -> None:
	if not ok:
		raise PolicyError(field, value, zh, en)
