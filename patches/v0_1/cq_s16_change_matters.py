"""CQ §16 lists the matters a Chongqing base reports (并购、重组、经营业务变化、基地负责人变化); the shipped
CQ-BASE had none, so every CQ change request was refused. The shipped list is added where a scheme still
has none, as the first change-matters patch did."""

from policy_app.patches.v0_1.scheme_change_matters import execute as add_shipped_change_matters


def execute():
	add_shipped_change_matters()
