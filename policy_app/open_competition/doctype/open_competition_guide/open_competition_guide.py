"""榜单 (XX-JBGS §7.2): a batch of demands from the library published together with a bid window;
submitting it publishes every demand of the batch ("成熟一批，发布一批")."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from policy_app.controllers.stages import move_to_stage, stage_of
from policy_app.engine import stages


class OpenCompetitionGuide(Document):
	def validate(self):
		if getdate(self.bid_closes_on) < getdate(self.bid_opens_on):
			frappe.throw(_("The bid window closes before it opens"), title=_("Invalid bid window"))
		if getdate(self.bid_opens_on) < getdate(self.published_on):
			frappe.throw(_("Bids cannot open before the guide is published"), title=_("Invalid bid window"))
		seen = set()
		for item in self.items:
			if item.demand in seen:
				frappe.throw(_("{0} is listed twice").format(item.demand))
			seen.add(item.demand)
			demand = frappe.get_doc("Open Competition Demand", item.demand)
			if demand.scheme != self.scheme:
				frappe.throw(_("{0} belongs to another scheme").format(item.demand))
			if self.docstatus == 0 and stage_of(demand.doctype, demand.workflow_state) != stages.IN_LIBRARY:
				frappe.throw(
					_("{0} has not been accepted into the demand library").format(item.demand),
					title=_("Not ready for the guide"),
				)

	def on_submit(self):
		for item in self.items:
			demand = frappe.get_doc("Open Competition Demand", item.demand)
			demand.db_set("guide", self.name, update_modified=False)
			move_to_stage(
				demand,
				stages.CONCLUDED,
				_("Published in guide {0}; bids from {1} to {2}").format(
					self.name, self.bid_opens_on, self.bid_closes_on
				),
			)

	def before_cancel(self):
		if frappe.db.exists("Open Competition Bid", {"guide": self.name}):
			frappe.throw(_("Solvers have already bid on this guide; it cannot be cancelled"))
