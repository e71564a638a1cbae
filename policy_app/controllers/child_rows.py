"""Saving a record writes only the child rows that changed.

Frappe's save deletes the rows no longer in a table and then UPDATEs every row of every table, changed
or not: a case with an eligibility panel, a checklist, reviews and a long approval log costs dozens of
statements per workflow move although the move only appends one log row. Here each row is compared with
the record as it was loaded before the save (`get_doc_before_save`, read from the database by the save
itself): an unchanged row is not written, a table whose rows are all still there is not swept. Rows
that changed, new rows and removed rows are written exactly as Frappe writes them."""

from __future__ import annotations

import frappe

#: written on every row by every save whatever changed: not a change of the row
STAMPS = {"modified", "modified_by", "creation", "owner"}


def _content(row) -> dict:
	return {k: v for k, v in row.get_valid_dict(convert_dates_to_str=True).items() if k not in STAMPS}


def write_changed_rows(doc, fieldname: str, df, write_all) -> None:
	"""The table `fieldname` of `doc` stored; `write_all` is Frappe's own way, taken when there is no
	earlier state to compare with."""
	df = df or doc.meta.get_field(fieldname)
	before = doc.get_doc_before_save()
	if (
		before is None
		or df.options in (doc.flags.ignore_children_type or ())
		or frappe.get_meta(df.options).is_virtual
	):
		return write_all(fieldname, df)
	old = {r.name: r for r in before.get(fieldname) or [] if r.name}
	rows = doc.get(fieldname)
	kept = [r.name for r in rows if r.name and not r.is_new()]
	if set(old) - set(kept):
		tbl = frappe.qb.DocType(df.options)
		query = (
			frappe.qb.from_(tbl)
			.where(tbl.parent == doc.name)
			.where(tbl.parenttype == doc.doctype)
			.where(tbl.parentfield == fieldname)
			.delete()
		)
		if kept:
			query = query.where(tbl.name.notin(kept))
		query.run()
	for row in rows:
		earlier = None if row.is_new() else old.get(row.name)
		if earlier is None or _content(row) != _content(earlier):
			row.db_update()


def replace_rows(doc, fieldname: str, rows: list[dict]) -> None:
	"""Make the table `fieldname` hold `rows`, in order, by changing the rows it has in place (their
	names kept) instead of emptying and refilling it: a panel recomputed to the same result on every
	save is then not written again."""
	existing = list(doc.get(fieldname) or [])
	for i, values in enumerate(rows):
		if i < len(existing):
			existing[i].update(values)
		else:
			doc.append(fieldname, values)
	if len(existing) > len(rows):
		doc.set(fieldname, doc.get(fieldname)[: len(rows)])
