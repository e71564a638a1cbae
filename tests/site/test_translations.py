"""The app's Chinese never changes a word of Frappe's, or of another installed app's (#15 item 2): a source
string the app translates without a context is one no installed app translates differently; the app's
own meaning of a common word (Open → 待处理, Active → 有效, Section → 一级指标…) is a row in the context of
the app's DocType, which Frappe uses for that DocType's labels, options and (public/js/
translation_context.js) indicators, and nowhere else."""

import csv
import json
from pathlib import Path

import frappe
from frappe.translate import get_all_translations

APP_ZH = Path(frappe.get_app_path("policy_app", "translations", "zh.csv"))


def rows(path: Path) -> list[list[str]]:
	with open(path, encoding="utf-8", newline="") as f:
		return [r for r in csv.reader(f) if len(r) >= 2 and r[0]]


def context_free(path: Path) -> dict[str, str]:
	return {r[0]: r[1] for r in rows(path) if not (len(r) > 2 and r[2])}


def other_apps_zh() -> dict[str, Path]:
	found = {}
	for app in frappe.get_installed_apps():
		if app == "policy_app":
			continue
		path = Path(frappe.get_app_path(app, "translations", "zh.csv"))
		if path.exists():
			found[app] = path
	return found


def test_frappe_is_installed_with_its_chinese():
	assert "frappe" in other_apps_zh()


def test_no_app_row_translates_a_word_of_frappe_or_another_app_differently():
	ours = context_free(APP_ZH)
	conflicts = []
	for app, path in other_apps_zh().items():
		for source, theirs in context_free(path).items():
			if source in ours and ours[source].strip() != theirs.strip():
				conflicts.append(f"{source!r}: {app} {theirs} / policy_app {ours[source]}")
	assert not conflicts, f"{len(conflicts)} app rows change other apps' words:\n" + "\n".join(conflicts)


def test_a_context_row_of_the_app_is_its_doctypes_own_or_agrees_with_other_apps():
	"""The app's own word for a common word is in the context of one of its DocTypes; a row in another
	context (one Frappe's code uses, e.g. a dialog's button) may not translate it differently either."""
	doctypes = set(app_doctypes())
	ours = {(r[0], r[2]): r[1] for r in rows(APP_ZH) if len(r) > 2 and r[2]}
	assert any(ctx in doctypes for _, ctx in ours), "the app's words for common words have DocType contexts"
	theirs = {}
	for path in other_apps_zh().values():
		theirs.update({(r[0], r[2]): r[1] for r in rows(path) if len(r) > 2 and r[2]})
	conflicts = [k for k, zh in ours.items() if k in theirs and theirs[k].strip() != zh.strip()]
	assert not conflicts, conflicts


def test_the_frappe_words_the_app_uses_are_translated_by_frappe():
	from pure.test_app_files import FRAPPE_WORDS

	frappe_zh = context_free(other_apps_zh()["frappe"])
	assert not [w for w in FRAPPE_WORDS if not frappe_zh.get(w)]


def test_frappe_keeps_its_word_and_the_app_its_own_in_a_chinese_session():
	messages = get_all_translations("zh")
	# Frappe's word for Frappe's records (a ToDo or a Note that is Open, an Active user…)
	for source in ("Open", "Active", "Submitted", "Rejected", "Section", "Label", "Published", "Dismiss"):
		assert messages[source] == context_free(other_apps_zh()["frappe"])[source], source
	# the app's word in the app's DocTypes
	assert messages["Open:Expert Review"] == "待处理"
	assert messages["Active:Cooperation Base"] == "有效"
	assert messages["Submitted:Cooperation Base Application"] == "已提交推荐部门"
	assert messages["Section:Policy Scheme Rubric Item"] == "一级指标"
	assert messages["Published:Open Competition Demand"] == "已发布"
	assert messages["Dismiss:Title Action"] == "不予采纳"
	assert frappe._("Open", lang="zh", context="Expert Review") == "待处理"
	assert frappe._("Open", lang="zh", context="ToDo") == messages["Open"]


def test_every_workflow_state_and_select_option_of_the_app_reads_chinese_in_its_doctype():
	"""No English left: an app state or option that is a common word has a row in its DocType's context
	or is one of Frappe's words."""
	messages = get_all_translations("zh")
	missing = []
	for name in frappe.get_all("Workflow", filters={"document_type": ["in", app_doctypes()]}, pluck="name"):
		wf = frappe.get_doc("Workflow", name)
		for value in {s.state for s in wf.states} | {t.action for t in wf.transitions}:
			if not (messages.get(f"{value}:{wf.document_type}") or messages.get(value)):
				missing.append(f"{wf.document_type}: {value}")
	for dt in app_doctypes():
		for df in frappe.get_meta(dt).fields:
			if df.fieldtype == "Select" and df.fieldname != "naming_series":
				for value in (df.options or "").split("\n"):
					if value and not (messages.get(f"{value}:{dt}") or messages.get(value)):
						missing.append(f"{dt}.{df.fieldname}: {value}")
	assert not missing, missing


def app_modules() -> list[str]:
	return [
		m.strip()
		for m in Path(frappe.get_app_path("policy_app", "modules.txt")).read_text().splitlines()
		if m.strip()
	]


def app_doctypes() -> list[str]:
	return frappe.get_all("DocType", filters={"module": ["in", app_modules()]}, pluck="name")


def test_the_desk_loads_the_context_script_for_the_app_doctypes_that_need_it():
	hooks = frappe.get_hooks("doctype_list_js")
	for dt in ("Expert Review", "Cooperation Base", "Cooperation Base Application", "Title Action"):
		assert "public/js/translation_context.js" in frappe.get_hooks("doctype_js").get(dt, []), dt
		assert "public/js/translation_context.js" in hooks.get(dt, []), dt
	assert json.loads(json.dumps(hooks))  # plain data
