"""The site's schemes and calendars as engine objects.

The engine never sees Frappe; this module turns the stored records into engine models and turns
engine errors into translated Frappe messages. Every computation on the site loads its scheme here,
so an administrator's edit on the form is what the next computation uses.
"""

from __future__ import annotations

from decimal import Decimal

import frappe
from frappe import _
from pydantic import ValidationError

from policy_app.engine.calendar import DEFAULT_REGION, HolidayCalendar, WorkCalendar
from policy_app.engine.errors import PolicyError, explain
from policy_app.engine.models import Scheme


def user_lang() -> str:
	return getattr(frappe.local, "lang", None) or "en"


def throw_policy_error(e: PolicyError, title: str | None = None):
	frappe.throw(e.message(user_lang()), title=title or _("Not allowed by the policy"))


def _plain_numbers(value):
	"""A form stores 50 as the float 50.0; the engine's messages should say 50, and 0.3 must stay 0.3."""
	if isinstance(value, float):
		return int(value) if value.is_integer() else Decimal(repr(value))
	if isinstance(value, dict):
		return {k: _plain_numbers(v) for k, v in value.items()}
	if isinstance(value, list):
		return [_plain_numbers(v) for v in value]
	return value


def scheme_from_record(record: dict) -> Scheme:
	"""Validate a stored or edited scheme; an inconsistent edit is refused with the reason."""
	try:
		return Scheme.from_record(_plain_numbers(dict(record)))
	except ValidationError as e:
		zh, en = explain(e)
		frappe.throw(
			_("The scheme is inconsistent: {0}").format(zh if user_lang().startswith("zh") else en),
			title=_("Invalid scheme"),
		)


def get_scheme(code: str, on=None) -> Scheme:
	"""The rules of `code` in force on `on` (today by default): the version of the scheme whose date
	has come (policy_setup/versions.py), under the scheme's own code; a version named is itself."""
	from policy_app.policy_setup.versions import version_for

	if not code or not frappe.db.exists("Policy Scheme", code):
		frappe.throw(_("Unknown policy scheme: {0}").format(code), frappe.DoesNotExistError)
	return scheme_version(version_for(code, on))


def scheme_version(name: str) -> Scheme:
	"""The rules of one version record exactly as stored (the scheme itself being its first version)."""
	if not name or not frappe.db.exists("Policy Scheme", name):
		frappe.throw(_("Unknown policy scheme: {0}").format(name), frappe.DoesNotExistError)
	doc = frappe.get_cached_doc("Policy Scheme", name)
	# checked and built once per request for as long as Frappe's cached record is the same object (a save
	# of the scheme clears that cache, so an edit applies at once); the model is frozen, safe to share
	memo = getattr(frappe.local, "policy_scheme_models", None)
	if memo is None:
		memo = frappe.local.policy_scheme_models = {}
	if name in memo and memo[name][0] is doc:
		return memo[name][1]
	record = doc.as_dict()
	if record.get("version_of"):
		record["code"] = record["version_of"]
	model = scheme_from_record(record)
	memo[name] = (doc, model)
	return model


def scheme_of(doc) -> Scheme:
	"""The version that judges a record: the one it holds (`scheme_version`, fixed on its date), else the
	one in force today."""
	if doc.get("scheme_version"):
		return scheme_version(doc.scheme_version)
	return get_scheme(doc.scheme)


def calendar_from_record(record: dict) -> HolidayCalendar:
	days = [
		{k: r.get(k) for k in ("day", "kind", "holiday_zh", "holiday_en") if r.get(k) not in (None, "")}
		for r in record.get("days") or []
	]
	data = {
		k: record.get(k)
		for k in ("code", "region", "year", "source_zh", "source_en")
		if record.get(k) not in (None, "")
	}
	try:
		return HolidayCalendar.model_validate({**data, "days": days})
	except ValidationError as e:
		zh, en = explain(e)
		frappe.throw(
			_("The holiday calendar is inconsistent: {0}").format(zh if user_lang().startswith("zh") else en),
			title=_("Invalid holiday calendar"),
		)


def work_calendar(region: str = DEFAULT_REGION) -> WorkCalendar:
	names = frappe.get_all("Holiday Calendar", filters={"region": region}, pluck="name")
	return WorkCalendar(
		[calendar_from_record(frappe.get_cached_doc("Holiday Calendar", n).as_dict()) for n in names], region
	)


@frappe.whitelist()
def notice_end(scheme: str, stage: str, published: str) -> str:
	"""When a public notice published on `published` ends, in the scheme's working days."""
	from frappe.utils import getdate

	from policy_app.permissions import readable_record

	readable_record("Policy Scheme", scheme)
	s = get_scheme(scheme)
	try:
		period = s.notice(stage)
		return str(work_calendar(s.holiday_calendar).notice_end(period, getdate(published)))
	except PolicyError as e:
		throw_policy_error(e)
