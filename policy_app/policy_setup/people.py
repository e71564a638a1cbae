"""Adding people: one `Policy User Setup` record (the form, or a row of a sheet through Frappe's Data
Import) makes the person's User with language zh, the site's time zone and the role profile of their
kind, the User Permission their role is scoped by (an applicant's organisation, a district officer's
recommending department, `permissions.ROLE_SCOPE`) and, for an expert, their `Policy Expert` profile.

What a kind of user needs is read from the roles of its Role Profile, never from the profile's name,
so a profile the bureau makes of the app's roles works the same way. Saving again with nothing
changed writes nothing; a changed organisation or department replaces the one this form gave.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, validate_email_address

from policy_app.permissions import AUTOMATIC_ROLES, ROLE_SCOPE
from policy_app.setup.install import site_time_zone

#: who may add people (the DocType's permissions say the same; the link query checks it too)
MANAGERS = {"Policy Administrator", "System Manager"}
#: the form's field for each scope DocType of ROLE_SCOPE
SCOPE_FIELD = {"Applicant Organization": "organization", "District": "district"}
EXPERT_ROLE = "Policy Expert"
#: the form's expert fields → the Policy Expert profile's
EXPERT_FIELDS = {
	"technical_fields": "technical_fields",
	"employer": "employer",
	"expert_organization": "organization",
	"declared_conflicts": "declared_conflicts",
}
LANGUAGE = "zh"


def app_roles() -> set[str]:
	"""The roles this app ships (fixtures/roles)."""
	from policy_app.setup.shipped import shipped_records

	return {data["role_name"] for _dt, data in shipped_records("Role")}


def profile_roles(profile: str) -> set[str]:
	return set(
		frappe.get_all("Has Role", filters={"parenttype": "Role Profile", "parent": profile}, pluck="role")
	)


def app_profiles() -> list[str]:
	"""Role Profiles made only of the app's roles: the kinds of user this form sets up."""
	mine = app_roles()
	out = []
	for name in frappe.get_all("Role Profile", pluck="name", order_by="name"):
		roles = profile_roles(name)
		if roles and roles <= mine:
			out.append(name)
	return out


def _existing_user(email: str) -> str | None:
	return frappe.db.get_value("User", {"email": email}) or frappe.db.exists("User", email)


def _adoptable(user: str, full_name: str) -> bool:
	"""A user made before this form (by hand) is taken over only when it is plainly the same person
	and holds nothing but the app's roles: an administrator never rewrites a site manager's account."""
	if user in ("Administrator", "Guest"):
		return False
	roles = set(frappe.get_roles(user)) - AUTOMATIC_ROLES
	name = (frappe.db.get_value("User", user, "full_name") or "").strip()
	return roles <= app_roles() and name == full_name


def validate(doc) -> None:
	doc.email = (doc.email or "").strip().lower()
	doc.full_name = (doc.full_name or "").strip()
	doc.mobile_no = (doc.mobile_no or "").strip()
	if not validate_email_address(doc.email):
		frappe.throw(_("{0} is not a valid email address").format(doc.email), title=_("Check the email"))
	if doc.is_new() and frappe.db.exists(doc.doctype, doc.email):
		frappe.throw(
			_("{0} has been set up already: open their record to change it").format(doc.email),
			frappe.DuplicateEntryError,
			title=_("Already set up"),
		)
	roles = profile_roles(doc.role_profile) if doc.role_profile else set()
	if not roles or not roles <= app_roles():
		frappe.throw(
			_("Role Profile {0} is not a kind of user of this app").format(_(doc.role_profile or "")),
			title=_("Check the kind of user"),
		)
	# the scope the role needs; the fields of other kinds are cleared so that nothing is kept by mistake
	needed = {SCOPE_FIELD[ROLE_SCOPE[r]] for r in roles if r in ROLE_SCOPE}
	for field in SCOPE_FIELD.values():
		if field in needed and not doc.get(field):
			frappe.throw(
				_("{0} needs {1}").format(_(doc.role_profile), _(doc.meta.get_label(field))),
				frappe.MandatoryError,
				title=_("Required for this kind of user"),
			)
		if field not in needed:
			doc.set(field, None)
	if EXPERT_ROLE not in roles:
		for field in EXPERT_FIELDS:
			doc.set(field, None)
	user = doc.user or _existing_user(doc.email)
	if user and user != doc.user and not _adoptable(user, doc.full_name):
		owner = frappe.db.get_value("User", user, "full_name") or user
		frappe.throw(
			_("The email {0} already belongs to another person ({1})").format(doc.email, owner),
			frappe.DuplicateEntryError,
			title=_("Email in use"),
		)
	if doc.mobile_no:
		other = frappe.db.get_value("User", {"mobile_no": doc.mobile_no, "name": ["!=", user or ""]})
		if other:
			frappe.throw(
				_("The mobile number {0} already belongs to another user").format(doc.mobile_no),
				frappe.DuplicateEntryError,
				title=_("Mobile number in use"),
			)


def apply(doc) -> None:
	"""After the record is saved: the user, their scope and the expert profile, written only where
	they differ from what the record says."""
	before = doc.get_doc_before_save()
	roles = profile_roles(doc.role_profile)
	user = _sync_user(doc, before)
	_sync_scope(doc, before, user, roles)
	expert = _sync_expert(doc, before, user, roles)
	for field, value in (("user", user), ("expert", expert)):
		if doc.get(field) != value:
			doc.db_set(field, value, update_modified=False)
	frappe.clear_cache(user=user)


def _sync_user(doc, before) -> str:
	name = doc.user or _existing_user(doc.email)
	first = not doc.user  # made or taken over by this save: language and time zone are set once
	user = frappe.get_doc("User", name) if name else frappe.new_doc("User")
	wanted = {
		"email": doc.email,
		"first_name": doc.full_name,
		"middle_name": None,
		"last_name": None,
		"mobile_no": doc.mobile_no or None,
		"role_profile_name": doc.role_profile,
		"enabled": 1,
		"user_type": "System User",
	}
	if first:
		# System Settings' zone, never Frappe's fallback (Asia/Kolkata) for a site without one
		wanted.update(language=LANGUAGE, time_zone=site_time_zone())
	if user.full_name == doc.full_name:
		wanted.pop("first_name")
		wanted.pop("middle_name")
		wanted.pop("last_name")
	changed = [f for f, v in wanted.items() if (user.get(f) or None) != (v or None)]
	roles_differ = {r.role for r in user.get("roles") or []} != profile_roles(doc.role_profile)
	if user.is_new():
		user.update(wanted)
		# Frappe would take the username from the name and, for a second 王伟, drop it with a message;
		# the email's local part (or the whole email) is the person's own
		local = doc.email.split("@")[0]
		user.username = doc.email if frappe.db.exists("User", {"username": local}) else local
		user.send_welcome_email = cint(doc.send_welcome_email)
		user.flags.no_welcome_mail = not cint(doc.send_welcome_email)
		user.flags.ignore_permissions = True
		user.insert()
		return user.name
	if changed or roles_differ:
		user.update(wanted)
		user.flags.ignore_permissions = True
		user.save()
	if cint(doc.send_welcome_email) and before and not cint(before.send_welcome_email):
		user.send_welcome_mail_to_user()  # ticked later: sent once, when the box is ticked
	return user.name


def _sync_scope(doc, before, user: str, roles: set[str]) -> None:
	for role, allow in ROLE_SCOPE.items():
		field = SCOPE_FIELD[allow]
		value = doc.get(field) if role in roles else None
		previous = before.get(field) if before else None
		if previous and previous != value:
			# what this form gave earlier; a User Permission added by hand is left alone
			for perm in frappe.get_all(
				"User Permission", filters={"user": user, "allow": allow, "for_value": previous}, pluck="name"
			):
				frappe.delete_doc("User Permission", perm, ignore_permissions=True)
		if value and not frappe.db.exists(
			"User Permission", {"user": user, "allow": allow, "for_value": value}
		):
			frappe.get_doc(
				{"doctype": "User Permission", "user": user, "allow": allow, "for_value": value}
			).insert(ignore_permissions=True)


def _sync_expert(doc, before, user: str, roles: set[str]) -> str | None:
	name = doc.expert or frappe.db.get_value("Policy Expert", {"user": user})
	if EXPERT_ROLE not in roles:
		if name and cint(frappe.db.get_value("Policy Expert", name, "active")):
			# no longer an expert: never drawn again, their past reviews stay theirs
			expert = frappe.get_doc("Policy Expert", name)
			expert.active = 0
			expert.flags.ignore_permissions = True
			expert.save()
		return name
	if not name:
		expert = frappe.new_doc("Policy Expert")
		expert.update(
			{"user": user, "expert_name": doc.full_name, "active": 1}
			| {target: doc.get(source) for source, target in EXPERT_FIELDS.items()}
		)
		expert.flags.ignore_permissions = True
		expert.insert()
		return expert.name
	expert = frappe.get_doc("Policy Expert", name)
	# only what the administrator changed on this form: the expert keeps their own edits of the rest
	wanted = {"active": 1}
	if not doc.expert or not before or before.full_name != doc.full_name:
		wanted["expert_name"] = doc.full_name
	for source, target in EXPERT_FIELDS.items():
		if not doc.expert or not before or (before.get(source) or None) != (doc.get(source) or None):
			wanted[target] = doc.get(source)
	if any((expert.get(f) or None) != (v or None) for f, v in wanted.items()):
		expert.update(wanted)
		expert.flags.ignore_permissions = True
		expert.save()
	return expert.name


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def role_profile_query(doctype, txt, searchfield, start, page_len, filters):
	"""The kinds of user, found by their Chinese name (申报 finds 申报单位用户角色模板) or their own."""
	if not MANAGERS & set(frappe.get_roles()):
		raise frappe.PermissionError(_("Only a policy administrator adds people"))
	txt = (txt or "").strip().lower()
	# the name alone: the desk shows it in the user's language (Role Profile is a translated DocType)
	rows = [(name,) for name in app_profiles() if not txt or txt in name.lower() or txt in _(name).lower()]
	return rows[cint(start) : cint(start) + cint(page_len)]
