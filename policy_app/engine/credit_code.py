"""Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters, the last a check
character computed over the first 17 with weights 3^i mod 31."""

from __future__ import annotations

from typing import Optional

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
	total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=False))
	return CHARSET[(31 - total % 31) % 31]


def credit_code_problem(code: Optional[str]) -> Optional[str]:
	"""None when the code is valid, else what is wrong (English source text, translated by the app)."""
	code = (code or "").strip().upper()
	if len(code) != 18:
		return "it must have 18 characters"
	bad = [c for c in code if c not in CHARSET]
	if bad:
		return "it contains characters that are not allowed"
	if check_character(code[:17]) != code[17]:
		return "the check character does not match"
	return None
