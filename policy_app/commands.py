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


commands = [restore_shipped, sync_shipped]
