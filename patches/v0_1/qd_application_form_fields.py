"""QD 附件1 (青岛市国际科技合作基地申请书) on the cooperation base application: 主要合作方式 is now its seven
choices (one tick each) instead of free text, and 申报日期 the day of submission (submitted_on) instead of
the record's creation. Existing applications keep what they said: the codes 01–07 or the choices' words
in the old text become ticks, and submitted_on is the last submission in the approval log."""

import frappe

#: the applicant's states when this patch was written (Draft, Returned): a patch keeps the meaning of
#: its own time, whatever the workflow's states are called later
APPLICANT_STATES = ("Draft", "Returned")

DOCTYPE = "Cooperation Base Application"
#: field -> (code, words) of 附件1's 主要合作方式
MODES = {
	"mode_staff_exchange": ("01", "人员交流"),
	"mode_information_exchange": ("02", "信息资料交流"),
	"mode_consulting_training": ("03", "技术咨询培训"),
	"mode_technology_import": ("04", "引进技术"),
	"mode_foreign_talent": ("05", "引进国外人才"),
	"mode_joint_rd": ("06", "分工合作研发"),
	"mode_joint_institution": ("07", "建联合研发机构"),
}


def ticks(text: str) -> dict:
	text = text or ""
	return {f: 1 for f, (code, words) in MODES.items() if code in text or words in text}


def execute():
	if frappe.db.has_column(DOCTYPE, "cooperation_modes"):
		for row in frappe.db.sql(
			f"select name, cooperation_modes from `tab{DOCTYPE}` where ifnull(cooperation_modes, '') != ''",
			as_dict=True,
		):
			found = ticks(row.cooperation_modes)
			if found:
				frappe.db.set_value(DOCTYPE, row.name, found, update_modified=False)
	for name in frappe.get_all(DOCTYPE, filters={"submitted_on": ["is", "not set"]}, pluck="name"):
		at = frappe.get_all(
			"Approval Log Entry",
			filters={"parenttype": DOCTYPE, "parent": name, "from_state": ["in", list(APPLICANT_STATES)]},
			fields=["at"],
			order_by="at desc",
			limit=1,
			pluck="at",
		)
		if at and at[0]:
			frappe.db.set_value(
				DOCTYPE, name, "submitted_on", frappe.utils.getdate(at[0]), update_modified=False
			)
