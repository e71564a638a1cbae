"""A scheme's family links to a `Programme Family` record (it was a fixed list of options): the four
shipped families are made before any later patch saves a scheme, so the link holds."""

from policy_app.setup.shipped import sync_shipped_records


def execute():
	sync_shipped_records("Programme Family")
