"""bench commands of policy_app: `bench --site S policy-app-restore "Policy Scheme" XX-BASE`."""

import click
from frappe.commands import get_site, pass_context


@click.command("policy-app-restore")
@click.argument("doctype")
@click.argument("name")
@pass_context
def restore_shipped(context, doctype, name):
	"""Restore one shipped record (scheme, calendar, district, role…) to its shipped default."""
	import frappe

	from policy_app.setup.shipped import restore

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		restore(doctype, name)
		frappe.db.commit()
		click.echo(f"{doctype} {name}: restored to the shipped default")
	finally:
		frappe.destroy()


@click.command("policy-app-sync")
@pass_context
def sync_shipped(context):
	"""Insert shipped records that are missing (what install and migrate do)."""
	import frappe

	from policy_app.setup.shipped import sync_shipped_records

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		for line in sync_shipped_records():
			click.echo(f"inserted {line}")
		frappe.db.commit()
	finally:
		frappe.destroy()


@click.command("policy-app-round")
@click.argument("evaluation_round")
@click.option("--preview", is_flag=True, help="Grade the round afresh first (changes nothing but the round)")
@pass_context
def show_round(context, evaluation_round, preview=False):
	"""Print the graded cohort of an Evaluation Round, as its report shows it."""
	import frappe
	from frappe.desk.query_report import run

	from policy_app.engine.cli import table

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		frappe.local.lang = "zh"
		if preview:
			from policy_app.evaluation.publishing import preview as run_preview

			run_preview(evaluation_round)
			frappe.db.commit()
		out = run("Evaluation Round Preview", filters={"evaluation_round": evaluation_round})
		cols = [c for c in out["columns"] if c["fieldname"] != "evaluation"]
		rows = [[frappe._(c["label"]) for c in cols]]
		for r in out["result"]:
			rows.append(
				[
					f"{r.get(c['fieldname']):,.2f}"
					if c["fieldtype"] == "Currency"
					else str(r.get(c["fieldname"]) or "")
					for c in cols
				]
			)
		click.echo(table(rows))
		for s in out.get("report_summary") or []:
			click.echo(f"{s['label']}：{s['value']}")
	finally:
		frappe.destroy()


commands = [restore_shipped, sync_shipped, show_round]
