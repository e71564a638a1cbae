"""Refuse bad input to the app's records before Frappe quietly changes it.

Frappe turns text in a number field into 0 when it writes the row, stores negative counts and amounts,
passes amounts beyond the column (decimal 21,9) and text beyond a `text` column (64 KB) to MariaDB,
which then fails with an untranslated server error. For every record of the app's modules (hook
`doc_events["*"]["before_validate"]`), each field a user edits is checked first and refused with a
translated message naming the field; nothing is stored.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import frappe
from frappe import _

NUMERIC = ("Int", "Float", "Currency", "Percent")
#: Currency and Float columns are decimal(21,9): at most 12 digits before the point
MAX_AMOUNT = Decimal("1e12")
#: MariaDB `text` columns hold 65,535 bytes; `longtext` ones far more than any form needs
MAX_BYTES = {"Small Text": 65535, "Text": 65535, "Long Text": 1_000_000, "Text Editor": 1_000_000}
FIRST_DATE, LAST_DATE = "1900-01-01", "2100-12-31"
#: records whose whole content the engine's model validates on save, naming the field path in its
#: translated message (a negative cap, a percentage above 100): left to that check
SELF_VALIDATED = {"Policy Scheme"}


def is_app_module(module: str | None) -> bool:
	if getattr(frappe.local, "module_app", None) is None:
		frappe.setup_module_map()
	return frappe.local.module_app.get(frappe.scrub(module or "")) == "policy_app"


def _is_app_doctype(doc) -> bool:
	return is_app_module(doc.meta.module)


def check(doc, method=None):
	if (
		frappe.flags.in_install
		or frappe.flags.in_migrate
		or doc.doctype in SELF_VALIDATED
		or not _is_app_doctype(doc)
	):
		return
	for d in [doc, *doc.get_all_children()]:
		_check_fields(d)


def _label(d, df) -> str:
	label = _(df.label or df.fieldname)
	if d.get("parentfield"):
		return _("{0}, row {1}").format(_(d.doctype), d.idx) + ": " + label
	return label


def _check_fields(d):
	for df in d.meta.fields:
		value = d.get(df.fieldname)
		if value is None or value == "" or df.read_only:
			continue
		if df.fieldtype in NUMERIC:
			_check_number(d, df, value)
		elif df.fieldtype in MAX_BYTES and isinstance(value, str):
			if len(value.encode("utf-8")) > MAX_BYTES[df.fieldtype]:
				frappe.throw(
					_("{0} is too long: at most {1} bytes").format(_label(d, df), MAX_BYTES[df.fieldtype]),
					frappe.CharacterLengthExceededError,
					title=_("Invalid value"),
				)
		elif df.fieldtype == "Date":
			_check_date(d, df, value)


def _check_number(d, df, value):
	if isinstance(value, bool):
		number = Decimal(int(value))
	else:
		try:
			number = Decimal(str(value).strip().replace(",", ""))
		except (InvalidOperation, ValueError):
			number = None
	if number is None or not number.is_finite():
		frappe.throw(
			_("{0} must be a number, not {1}").format(_label(d, df), frappe.bold(str(value)[:50])),
			title=_("Invalid value"),
		)
	if df.fieldtype == "Int" and number != number.to_integral_value():
		frappe.throw(_("{0} must be a whole number").format(_label(d, df)), title=_("Invalid value"))
	if number < 0:
		frappe.throw(_("{0} cannot be negative").format(_label(d, df)), title=_("Invalid value"))
	if df.fieldtype in ("Float", "Currency") and number >= MAX_AMOUNT:
		frappe.throw(
			_("{0} is too large: {1}").format(_label(d, df), frappe.bold(str(value)[:50])),
			title=_("Invalid value"),
		)


def _check_date(d, df, value):
	from frappe.utils import getdate

	try:
		day = getdate(value)
	except Exception:
		day = None
	if not day or not (getdate(FIRST_DATE) <= day <= getdate(LAST_DATE)):
		frappe.throw(
			_("{0}: {1} is not a date between {2} and {3}").format(
				_label(d, df), frappe.bold(str(value)[:50]), FIRST_DATE, LAST_DATE
			),
			title=_("Invalid value"),
		)


def check_value(doc, fieldname: str):
	"""One field written outside a save (a workflow reason stored before the action): the same
	checks as a save, and a Data field's column length."""
	df = doc.meta.get_field(fieldname)
	value = doc.get(fieldname)
	if not df or value is None or value == "":
		return
	if df.fieldtype in NUMERIC:
		_check_number(doc, df, value)
	elif df.fieldtype == "Date":
		_check_date(doc, df, value)
	elif isinstance(value, str):
		limit = MAX_BYTES.get(df.fieldtype)
		if limit and len(value.encode("utf-8")) > limit:
			message = _("{0} is too long: at most {1} bytes").format(_label(doc, df), limit)
		elif not limit and len(value) > (df.length or 140):  # a Data column: varchar(length or 140)
			message = _("{0} is too long: at most {1} characters").format(_label(doc, df), df.length or 140)
		else:
			return
		frappe.throw(message, frappe.CharacterLengthExceededError, title=_("Invalid value"))


def count_attempt(key: str, window: int = 3600) -> int:
	"""How many times `key` was tried in the current window (this one included), counted in Redis: the
	flood guards of the public objection form and the portal's binding requests."""
	cache = frappe.cache
	key = cache.make_key(key)
	n = cache.incr(key)
	if n == 1:
		cache.expire(key, window)
	return n
