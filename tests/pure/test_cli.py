"""The analyst's command: a graded cohort from a CSV on a machine without a site."""

import csv

from policy_app.engine.cli import main


def test_grades_the_shipped_sample(tmp_path, capsys):
	out = tmp_path / "graded.csv"
	assert main(["grade", "--scheme", "XX-BASE", "--year", "2025", "--out", str(out)]) == 0
	shown = capsys.readouterr().out
	assert "西咸新区国际科技创新交流合作基地管理办法" in shown and "最终等次" in shown and "奖补合计" in shown
	rows = list(csv.DictReader(out.open(encoding="utf-8")))
	assert len(rows) == 12
	assert set(rows[0]) >= {"record", "total", "raw_grade", "final_grade", "reason", "reward"}
	top = [r for r in rows if r["final_grade"] in ("excellent", "good")]
	assert len(top) <= 12 * 40 // 100
	gated = next(r for r in rows if r["record"] == "GJJD-2025-005")
	assert (
		gated["raw_grade"] == "excellent"
		and gated["final_grade"] != "excellent"
		and "第十七条" in gated["reason"]
	)


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
	assert main(["grade", "--scheme", "XX-NOPE"]) == 2
	err = capsys.readouterr().err
	assert "XX-NOPE" in err and "未知的政策方案" in err and "unknown scheme" in err
	src = tmp_path / "bad.csv"
	src.write_text("record,staff_fulltime\nA,2.5\n", encoding="utf-8")
	assert main(["grade", str(src)]) == 2
	assert "staff_fulltime" in capsys.readouterr().err


def test_notice_and_schemes(capsys):
	assert main(["notice", "--scheme", "XX-BASE", "--published", "2026-09-28"]) == 0
	assert "2026-10-10" in capsys.readouterr().out
	assert main(["schemes"]) == 0
	assert "XX-JBGS" in capsys.readouterr().out
