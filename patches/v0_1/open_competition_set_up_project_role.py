"""The bid's Set Up Project move (taken by the system when the leader approves the project) is named for
the Bureau Officer, who may write bids; the Bureau Leader only reads them. Change it where the shipped
workflow still names the leader."""

from policy_app.setup.shipped import update_shipped_default


def execute():
	update_shipped_default(
		"Workflow",
		"Open Competition Bid Selection",
		"allowed",
		"Bureau Leader",
		"Bureau Officer",
		table="transitions",
		row={"action": "Set Up Project"},
	)
