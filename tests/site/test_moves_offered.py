"""What the Approval menu offers (#15 browser tier: withdraw, transfer, copy): each user is offered only the
moves they may make, and each move only the people it accepts, on the XX-SVC workflow of test_approvals."""

from __future__ import annotations

import frappe
import pytest
from test_approvals import people, submitted_case  # noqa: F401 - the people fixture

from policy_app.approvals import moves


def offered(user, case):
	frappe.set_user(user)
	out = moves.moves_offered(case.doctype, case.name)
	return frappe._dict(
		withdraw=out["withdraw"],
		transfer=None if out["transfer"] is None else {p["value"] for p in out["transfer"]},
		copies=None if out["copy"] is None else {p["value"] for p in out["copy"]},
	)


def test_the_submitter_may_withdraw_and_neither_transfer_nor_copy(people):  # noqa: F811
	case = submitted_case(people)
	got = offered(people.applicant, case)
	assert got.withdraw is True
	assert got.transfer is None and got.copies is None


def test_the_reviewer_transfers_to_a_colleague_of_the_district_and_copies_to_staff(people):  # noqa: F811
	case = submitted_case(people)
	got = offered(people.officer, case)
	assert got.withdraw is False
	# the same role for this step, the same district: the colleague, not the far district's officer, not
	# the bureau (another role), not the submitter
	assert people.colleague in got.transfer
	assert not {people.far_officer, people.bureau, people.leader, people.applicant} & got.transfer
	# a copy goes to staff who may read the case: the bureau and the leader; never the applicant or the
	# far district's officer
	assert {people.bureau, people.leader} <= got.copies
	assert not {people.applicant, people.far_officer, people.officer} & got.copies
	# each name offered is one the move takes
	frappe.set_user(people.officer)
	assert moves.transfer(case.doctype, case.name, people.colleague, "请同事办理") == people.colleague


def test_someone_who_cannot_read_the_case_is_offered_nothing(people):  # noqa: F811
	case = submitted_case(people)
	frappe.set_user(people.far_officer)
	with pytest.raises(frappe.PermissionError):
		moves.moves_offered(case.doctype, case.name)
