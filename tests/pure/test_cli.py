"""The analyst's command: a graded cohort from a CSV on a machine without a site."""

import csv

from policy_app.engine.cli import main

COLUMNS = [
	"record",
	"organisation",
	"operations",
	"outputs",
	"satisfaction",
	"bonus",
	"total",
	"rank",
	"raw_grade",
	"final_grade",
	"medal",
	"reward",
	"reason",
]


def test_grades_the_shipped_sample(tmp_path, capsys):
	out = tmp_path / "graded.csv"
	assert main(["grade", "--scheme", "XX-BASE", "--year", "2025", "--out", str(out)]) == 0
	shown = capsys.readouterr().out
	assert "西咸新区国际科技创新交流合作基地管理办法" in shown and "最终等次" in shown and "奖补合计" in shown
	assert all(f"GJJD-2025-{n:03}" in shown for n in range(1, 13))
	assert "等次分布：优秀 4, 合格 4, 不合格 4" in shown
	assert "奖补合计：2,000,000.00 (new_area 1,000,000.00, new_city 1,000,000.00)" in shown
	with out.open(encoding="utf-8") as f:
		assert next(csv.reader(f)) == COLUMNS
	rows = {r["record"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
	assert len(rows) == 12
	final = {k[-3:]: r["final_grade"] for k, r in rows.items()}
	assert [k for k, g in sorted(final.items()) if g == "excellent"] == ["001", "002", "003", "008"]
	assert not [k for k, g in final.items() if g == "good"]  # 12 bases: at most 4 places, all taken
	# 005: outputs 45 keeps it from excellent (§17), and the ceiling (§16) takes its good
	r5 = rows["GJJD-2025-005"]
	assert (r5["raw_grade"], r5["final_grade"], r5["outputs"]) == ("excellent", "pass", "45")
	assert "第十七条" in r5["reason"] and "第十六条" in r5["reason"]
	# 008: outputs 48, but an outstanding contribution
	assert (
		rows["GJJD-2025-008"]["final_grade"] == "excellent" and "突出贡献" in rows["GJJD-2025-008"]["reason"]
	)
	# 007 and 010 fail a second time running: revoked
	for k in ("GJJD-2025-007", "GJJD-2025-010"):
		assert rows[k]["final_grade"] == "fail" and "取消资格" in rows[k]["reason"]
	assert "取消资格" not in rows["GJJD-2025-012"]["reason"]  # previous grade was pass
	assert {r["reward"] for r in rows.values() if r["final_grade"] == "excellent"} == {"500000.00"}
	assert sum(float(r["reward"]) for r in rows.values()) == 2000000
	assert rows["GJJD-2025-001"]["total"] == "102.5" and rows["GJJD-2025-001"]["rank"] == "1"


def test_english_output_and_a_custom_csv(tmp_path, capsys):
	src = tmp_path / "inc.csv"
	src.write_text(
		"record,organisation,expert_score\nA,甲孵化器,85\nB,乙孵化器,85.5\nC,丙孵化器,59.9\n",
		encoding="utf-8",
	)
	assert (
		main(
			[
				"grade",
				str(src),
				"--scheme",
				"XX-INC",
				"--year",
				"2025",
				"--lang",
				"en",
				"--out",
				str(tmp_path / "o.csv"),
			]
		)
		== 0
	)
	rows = {r["record"]: r for r in csv.DictReader((tmp_path / "o.csv").open(encoding="utf-8"))}
	assert (rows["A"]["final_grade"], rows["B"]["final_grade"], rows["C"]["final_grade"]) == (
		"pass",
		"excellent",
		"fail",
	)
	assert rows["B"]["reward"] == "300000.00" and rows["A"]["reward"] == "100000.00"
	assert "Excellent" in capsys.readouterr().out


def test_bad_input_exits_2_with_both_languages(tmp_path, capsys):
	out = tmp_path / "never.csv"
	assert main(["grade", "--scheme", "XX-NOPE", "--out", str(out)]) == 2
	captured = capsys.readouterr()
	err = captured.err
	assert "XX-NOPE" in err and "未知的政策方案" in err and "unknown scheme" in err and "XX-BASE" in err
	assert not captured.out and not out.exists()
	assert main(["grade", str(tmp_path / "missing.csv")]) == 2
	assert "missing.csv" in capsys.readouterr().err
	nocol = tmp_path / "nocol.csv"
	nocol.write_text("name,staff_fulltime\nA,2\n", encoding="utf-8")
	assert main(["grade", str(nocol)]) == 2
	assert "record" in capsys.readouterr().err
	src = tmp_path / "bad.csv"
	src.write_text("record,staff_fulltime\nA,2.5\n", encoding="utf-8")
	assert main(["grade", str(src)]) == 2
	assert "staff_fulltime" in capsys.readouterr().err


def test_assigned_grades_and_medals_from_a_csv(tmp_path, capsys):
	src = tmp_path / "svc.csv"
	src.write_text(
		"record,organisation,grade,previous_grades,medal_level,paid_once\n"
		"A,甲,excellent,,0,\n"
		"B,乙,excellent,excellent,1,svc_medal_bronze\n"
		"C,丙,pass,,3,svc_medal_bronze;svc_medal_silver;svc_medal_gold\n"
		"D,丁,fail,,2,svc_medal_bronze;svc_medal_silver\n",
		encoding="utf-8",
	)
	out = tmp_path / "o.csv"
	assert main(["grade", str(src), "--scheme", "XX-SVC", "--out", str(out)]) == 0
	rows = {r["record"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
	assert [(rows[k]["medal"], rows[k]["reward"]) for k in "ABCD"] == [
		("bronze", "100000.00"),
		("silver", "200000.00"),
		("silver", "0.00"),
		("", "0.00"),
	]
	assert "铜牌示范机构" in capsys.readouterr().out


def test_notice_and_schemes(capsys):
	assert main(["notice", "--scheme", "XX-BASE", "--published", "2026-09-28"]) == 0
	assert "2026-10-10" in capsys.readouterr().out
	assert main(["notice", "--scheme", "XX-JBGS", "--stage", "project", "--published", "2026-02-10"]) == 0
	assert "2026-03-02" in capsys.readouterr().out
	assert main(["notice", "--scheme", "XX-BASE", "--published", "2027-03-01"]) == 2
	assert "2027" in capsys.readouterr().err
	assert main(["schemes"]) == 0
	assert "XX-JBGS" in capsys.readouterr().out


# ---- the engine for analysts: eligibility, rewards with every cap, instalments, limits, deadlines


def test_rewards_from_json_print_every_cap_and_the_inc_15_limit(tmp_path, capsys):
	"""XX-INC §15 原则上可连续两年享受 and §16 每年最高15万元, each reason with its article."""
	import json

	claims = [
		{
			"organisation": "孵化器甲",
			"rule": "inc_competition_invest",
			"matter": "invest",
			"items": [{"ref": "p", "amount": "2000000"}],
			"enjoyed_years": [2023, 2024],
		},
		{"organisation": "孵化器甲", "rule": "inc_hightech", "matter": "hte", "units": 8},
	]
	path = tmp_path / "claims.json"
	path.write_text(json.dumps(claims, ensure_ascii=False), encoding="utf-8")
	assert main(["rewards", "--scheme", "XX-INC", "--year", "2025", str(path)]) == 0
	out = capsys.readouterr().out
	assert "第十五条：原则上同一单位可连续 2 年享受该类补贴，已连续享受（2023、2024），本年不予兑现" in out
	assert "160,000.00  150,000.00  第十六条：年度累计上限 150,000.00 元，核减 10,000.00 元" in out
	assert "合计：150,000.00 (new_area 75,000.00, new_city 75,000.00)" in out
	# the bureau's reason lets the third year through; the §15 cap of 100,000 still holds
	claims[0]["override_reason"] = "重点产业链招引项目"
	path.write_text(json.dumps(claims, ensure_ascii=False), encoding="utf-8")
	assert main(["rewards", "--scheme", "XX-INC", "--year", "2025", str(path)]) == 0
	out = capsys.readouterr().out
	assert "局方说明理由继续兑现：重点产业链招引项目" in out and "200,000.00  100,000.00" in out


def test_rewards_from_csv(tmp_path, capsys):
	path = tmp_path / "claims.csv"
	path.write_text(
		"organisation,rule,matter,items\n机构乙,svc_attraction,firms,A:20000000;B:5000000\n", encoding="utf-8"
	)
	assert main(["rewards", "--scheme", "XX-SVC", "--year", "2025", "--lang", "en", str(path)]) == 0
	out = capsys.readouterr().out  # XX-SVC §8(三): 1 %, at most 100,000 per firm
	assert "A: 200,000.00 above the per-item cap 100,000.00" in out and "150,000.00" in out


def test_an_instalment_not_yet_due_is_a_result_with_its_article(capsys):
	"""XX-JBGS §15: 30 % of the subsidy once the main funder has paid ≥ 30 % of the contract."""
	args = ["subsidy", "--category", "tech_breakthrough", "--contract", "10000000", "--instalment", "1"]
	assert main([*args, "--funder-paid", "2999999.99"]) == 1
	out = capsys.readouterr().out
	assert "3,000,000.00 → 3,000,000.00" in out and "new_area 1,500,000.00, new_city 1,500,000.00" in out
	assert "否：第十五条：主要出资方已支付/投入 2,999,999.99 元，低于合同额的 30%（3,000,000.00 元）" in out
	assert main([*args, "--funder-paid", "3000000"]) == 0
	assert "第 1 期可拨付 900,000.00" in capsys.readouterr().out
	assert (
		main(["subsidy", "--category", "tech_breakthrough", "--contract", "10000000", "--instalment", "2"])
		== 1
	)
	assert "否：第十五条：第 1 期尚未拨付" in capsys.readouterr().out
	assert main([*args, "--funder-paid", "-1"]) == 2  # bad input stays an error
	assert "不能为负数" in capsys.readouterr().err


def test_period_too_long_and_the_yearly_limit_are_results(capsys):
	"""XX-JBGS §17 1-3年，不得申请延期; §21 原则上每年的支持数量不超过10个."""
	args = ["project", "--start", "2026-01-01", "--end", "2029-01-01", "--approved-this-year", "10"]
	assert main(args) == 1
	out = capsys.readouterr().out
	assert "否：第十七条：项目实施周期应为 1–3 年" in out and "2028-12-31" in out
	assert "否：第二十一条：2026 年已立项 10 个项目，达到每年 10 个的上限" in out
	assert main(["project", "--start", "2026-01-01", "--end", "2028-12-31", "--approved-this-year", "9"]) == 0
	assert "实施周期符合规定" in (out := capsys.readouterr().out) and "本年度尚可立项" in out


def test_eligibility_prints_each_condition_with_its_article(tmp_path, capsys):
	"""XX-SVC §3(五): 年度科技服务收入 ≥ 50万元."""
	path = tmp_path / "facts.csv"
	path.write_text(
		"record,registered_taxed_counted_in_area,independent_legal_person,fixed_premises,sound_structure,"
		"sound_rules,annual_service_revenue\n"
		"甲,true,true,true,true,true,400000\n乙,true,true,true,true,true,500000\n",
		encoding="utf-8",
	)
	args = ["eligibility", "--scheme", "XX-SVC", "--type", "professional", "--on", "2026-03-02", str(path)]
	assert main(args) == 1
	out = capsys.readouterr().out
	assert "甲: 不符合" in out and "乙: 符合" in out
	assert (
		"✗ 第三条第（五）项 年度科技服务收入（元）  第三条第（五）项：年度科技服务收入（元）——不满足：400000（要求 ≥ 500000）"
		in out
	)


def test_deadline_of_a_scheme(capsys):
	"""XX-BASE §14 一个月内书面告知: 31 January + 1 month is 28 February (Civil Code §202)."""
	assert main(["deadline", "--scheme", "XX-BASE", "--code", "change_report", "--event", "2026-01-31"]) == 0
	assert "2026-01-31 → 2026-02-28" in capsys.readouterr().out
