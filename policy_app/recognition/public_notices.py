"""Public notices on the website (XX-BASE §9.4 新区官网公示; CQ §11(四), QD §13(三)): everyone, without an
account, reads the published `Public Notice` records of every scheme (recognition results, evaluation
results) at /policy/notices and lodges a real-name objection on a running one.

Only public fields leave the site: the notice's title, scheme, window (the working days and the end the
calendar module computed when the notice was saved) and, per listed record, the organisation's name, the
record's public name (a base's name) and the outcome. Nothing of the applicants' contacts, the experts or
the internal fields. The objection goes through the `Objection` controller, the desk's server rules.
"""

from __future__ import annotations

import base64
import binascii
import os
import re

import frappe
from frappe import _
from frappe.utils import getdate, today, validate_email_address

from policy_app.input_guard import count_attempt
from policy_app.policy_setup.families import public_name_field

#: floods, per hour: at most this many attempts from one address to one notice, from one address in
#: all, and to one notice from all addresses (site config `policy_objection_limits` overrides them)
PER_ADDRESS_NOTICE, PER_ADDRESS, PER_NOTICE, WINDOW = 5, 20, 30, 3600
MAX_LEN = {"objector_name": 50, "organization": 140, "grounds": 5000, "id_number": 30}
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
#: markup of any kind: the form takes plain text
MARKUP = re.compile(r"[<>]|javascript:|&#|&lt;|&gt;", re.IGNORECASE)
#: what an objector may attach (a scan of their evidence): the file's first bytes must say what its name
#: says, at most this size
ATTACHMENT_TYPES = {
	".pdf": b"%PDF-",
	".png": b"\x89PNG\r\n\x1a\n",
	".jpg": b"\xff\xd8\xff",
	".jpeg": b"\xff\xd8\xff",
}
MAX_ATTACHMENT = 5 * 1024 * 1024


def _running(notice) -> bool:
	return bool(notice.ends_on) and getdate(today()) <= getdate(notice.ends_on)


def _scheme_names(codes) -> dict[str, str]:
	rows = frappe.get_all(
		"Policy Scheme",
		filters={"name": ["in", list(codes) or [""]]},
		fields=["name", "title_zh"],
		ignore_permissions=True,
	)
	return {r.name: r.title_zh or r.name for r in rows}


def published_notices() -> list[dict]:
	"""Every published notice, running first, newest first: the website's list."""
	rows = frappe.get_all(
		"Public Notice",
		filters={"docstatus": 1},
		fields=["name", "title", "scheme", "stage", "published_on", "working_days", "ends_on"],
		order_by="published_on desc, name desc",
		ignore_permissions=True,
	)
	names = _scheme_names({r.scheme for r in rows})
	out = [_summary(r, names) for r in rows]
	return sorted(out, key=lambda r: not r["running"])


def _summary(r, names) -> dict:
	return {
		"name": r.name,
		"title": r.title,
		"scheme": r.scheme,
		"scheme_name": names.get(r.scheme, r.scheme),
		"stage": r.stage,
		"published_on": str(r.published_on or ""),
		"working_days": r.working_days,
		"ends_on": str(r.ends_on or ""),
		"running": _running(r),
	}


def public_notice(name: str) -> dict:
	"""One published notice with its list (public fields only); a draft or cancelled one is not found."""
	if not name or frappe.db.get_value("Public Notice", name, "docstatus") != 1:
		raise frappe.DoesNotExistError(_("This public notice does not exist"))
	doc = frappe.get_doc("Public Notice", name)
	out = _summary(doc, _scheme_names({doc.scheme}))
	items = []
	for item in doc.items:
		field = public_name_field(item.reference_doctype)
		items.append(
			{
				"row": item.idx,
				"organization_name": item.organization_name or "",
				"public_name": (
					frappe.db.get_value(item.reference_doctype, item.reference_name, field) if field else ""
				)
				or "",
				"record_type": _(item.reference_doctype),
				"outcome": item.outcome or "",
			}
		)
	out["items"] = items
	return out


def _client_address() -> str:
	return frappe.local.request_ip or "unknown"


def _check_flood(notice: str):
	"""Every attempt counts, refused or not: a flood is stopped before anything is read or written."""
	address = _client_address()
	limits = frappe.conf.get("policy_objection_limits") or {}
	counted = (
		(f"policy_objection:addr:{address}:{notice}", limits.get("address_notice", PER_ADDRESS_NOTICE)),
		(f"policy_objection:addr:{address}", limits.get("address", PER_ADDRESS)),
		(f"policy_objection:notice:{notice}", limits.get("notice", PER_NOTICE)),
	)
	if any([count_attempt(key, WINDOW) > limit for key, limit in counted]):
		frappe.throw(
			_("Too many objections from this address or to this notice: please try again in an hour"),
			frappe.RateLimitExceededError,
			title=_("Please try again later"),
		)


def _text(value, label: str, limit: int) -> str:
	value = (value or "").strip() if isinstance(value, str) else ""
	if not value:
		frappe.throw(_("{0} is required").format(label), frappe.ValidationError, title=_("Invalid value"))
	if MARKUP.search(value):
		frappe.throw(
			_("{0} must be plain text: HTML and script are not accepted").format(label),
			frappe.ValidationError,
			title=_("Invalid value"),
		)
	if len(value) > limit:
		frappe.throw(
			_("{0} is too long: at most {1} characters").format(label, limit),
			frappe.ValidationError,
			title=_("Invalid value"),
		)
	return value


@frappe.whitelist(allow_guest=True, methods=["POST"])
def lodge_objection(
	notice: str,
	row: int | str,
	objector_name: str,
	id_number: str,
	organization: str,
	phone: str,
	email: str,
	grounds: str,
	attachment: str | None = None,
	attachment_name: str | None = None,
) -> dict:
	"""A real-name objection to one listed record of a running notice, by anyone (CQ §11(四), QD §13(三));
	returns its reference number."""
	notice = notice if isinstance(notice, str) else ""
	_check_flood(notice)
	objector_name = _text(objector_name, _("Real Name"), MAX_LEN["objector_name"])
	id_number = _text(id_number, _("Identity Document Number"), MAX_LEN["id_number"])
	organization = _text(organization, _("Objector's Organisation"), MAX_LEN["organization"])
	grounds = _text(grounds, _("Grounds"), MAX_LEN["grounds"])
	phone = (phone or "").strip() if isinstance(phone, str) else ""
	if not PHONE.match(phone):
		frappe.throw(
			_("Enter a mobile number of 11 digits or a landline with its area code"),
			title=_("Invalid value"),
		)
	email = (email or "").strip() if isinstance(email, str) else ""
	if not email or not validate_email_address(email, throw=False) or MARKUP.search(email):
		frappe.throw(_("Enter a valid email address"), title=_("Invalid value"))
	if not notice or frappe.db.get_value("Public Notice", notice, "docstatus") != 1:
		raise frappe.DoesNotExistError(_("This public notice does not exist"))
	doc = frappe.get_doc("Public Notice", notice)
	if not _running(doc):
		frappe.throw(
			_("The public notice ended on {0}: objections are no longer accepted").format(doc.ends_on),
			title=_("Notice ended"),
		)
	try:
		item = next(i for i in doc.items if i.idx == int(row))
	except (StopIteration, TypeError, ValueError):
		frappe.throw(_("Choose the listed record you object to"), title=_("Invalid value"))
	evidence = _attachment(attachment, attachment_name)
	objection = frappe.get_doc(
		{
			"doctype": "Objection",
			"public_notice": doc.name,
			"reference_doctype": item.reference_doctype,
			"reference_name": item.reference_name,
			"objector_name": objector_name,
			"objector_id_number": id_number,
			"objector_contact": phone,
			"objector_organization": organization,
			"objector_email": email,
			"grounds": grounds,
		}
	)
	objection.flags.from_website = True
	objection.insert(ignore_permissions=True)
	if evidence:
		# private: only the bureau, who reads the objection, opens it (policy_app/core_guards.py)
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": evidence[0],
				"content": evidence[1],
				"is_private": 1,
				"attached_to_doctype": "Objection",
				"attached_to_name": objection.name,
			}
		).insert(ignore_permissions=True)
	return {"reference": objection.name}


def _attachment(content, name) -> tuple[str, bytes] | None:
	"""The objector's evidence as sent by the form (base64), refused unless it is a PDF, JPG or PNG of at
	most 5 MB whose content is what its name says."""
	if not content and not name:
		return None
	name = os.path.basename(name.strip()) if isinstance(name, str) else ""
	ext = os.path.splitext(name)[1].lower()
	if not isinstance(content, str) or ext not in ATTACHMENT_TYPES or MARKUP.search(name) or len(name) > 140:
		frappe.throw(_("Attach a PDF, JPG or PNG file"), title=_("Invalid attachment"))
	if len(content) > (MAX_ATTACHMENT * 4) // 3 + 4:
		frappe.throw(_("The attachment is larger than 5 MB"), title=_("Invalid attachment"))
	try:
		data = base64.b64decode(content, validate=True)
	except (binascii.Error, ValueError):
		frappe.throw(_("Attach a PDF, JPG or PNG file"), title=_("Invalid attachment"))
	if len(data) > MAX_ATTACHMENT:
		frappe.throw(_("The attachment is larger than 5 MB"), title=_("Invalid attachment"))
	if not data.startswith(ATTACHMENT_TYPES[ext]):
		frappe.throw(_("The attachment is not the PDF or image its name says"), title=_("Invalid attachment"))
	return name, data
