"""Benchmark (a): grade a cohort of XX-BASE evaluations with quotas and rewards, engine only (no site).

Prints the time per 1,000 records (goal ≤ 50 ms per 1,000) for a seeded random cohort (see cohort()),
the grade counts and the reward total, and whether the 40 % ceiling held.

    /root/frappe-bench/env/bin/python benchmarks/engine_cohort.py [N] [--profile]
"""

from __future__ import annotations

import cProfile
import os
import platform
import pstats
import random
import sys
import time
import timeit
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policy_app.engine import grade_cohort  # noqa: E402
from policy_app.engine.loader import get_scheme  # noqa: E402
from policy_app.engine.scoring import EvaluationInput  # noqa: E402

GOAL_MS = 50


def _step(lo: Decimal, hi: Decimal, step: Decimal, rnd: random.Random) -> str:
	n = int((hi - lo) / step)
	return str(lo + step * rnd.randint(0, n))


def cohort(n: int, scheme) -> list[EvaluationInput]:
	"""`n` bases with seeded random figures in each item's own range (counts 0–6, the experts'
	per-unit points in 0.5 steps, 0.1 for publicity), so the cohort spreads over every grade and the
	gates, the 40 % ceiling, the consecutive-fail rule and the grade rewards all apply."""
	rnd = random.Random(2025)
	out = []
	for i in range(n):
		items = {}
		for it in scheme.rubric_items:
			if it.mode == "flat":
				v = "1" if rnd.random() < 0.8 else ""
			elif it.mode == "per_unit":
				v = str(rnd.randint(0, 6)) if rnd.random() < 0.7 else ""
			elif it.mode == "judged_each":
				step = Decimal("0.1") if it.max_points <= 1 else Decimal("0.5")
				v = [
					_step(it.min_points, it.max_points, step, rnd)
					for _ in range(rnd.choice((0, 0, 0, 1, 1, 2)))
				]
			else:
				v = _step(it.min_points, it.max_points, Decimal("0.5"), rnd)
			if v:
				items[it.code] = v
		out.append(
			EvaluationInput(
				record=f"GJJD-2025-{i:05d}",
				organisation=f"ORG-{i:05d}",
				year=2025,
				items=items,
				outstanding=rnd.random() < 0.01,
				previous_grades=[rnd.choice(["excellent", "good", "pass", "fail"])],
			)
		)
	return out


def main() -> int:
	n = int(next((a for a in sys.argv[1:] if a.isdigit()), 10_000))
	scheme = get_scheme("XX-BASE")
	inputs = cohort(n, scheme)
	grade_cohort(scheme, inputs[:200])  # warm-up (imports, pydantic validators)
	if "--profile" in sys.argv:
		prof = cProfile.Profile()
		prof.enable()
		grade_cohort(scheme, inputs)
		prof.disable()
		pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
	runs, cpu = [], []
	for _ in range(3):
		t0, c0 = time.perf_counter(), time.process_time()
		results = grade_cohort(scheme, inputs)
		runs.append(time.perf_counter() - t0)
		cpu.append(time.process_time() - c0)
	best, best_cpu = min(runs), min(cpu)
	per_k, cpu_k = best / n * 1e6, best_cpu / n * 1e6
	grades = Counter(r.final_grade for r in results)
	rewards = sum(r.reward_total for r in results)
	# how fast this machine runs plain Python right now (a recent laptop: about 8 µs)
	ref = min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000 * 1e6
	print(
		f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, python "
		f"{platform.python_version()}, load {os.getloadavg()[0]:.1f}; sum(range(1000)) takes {ref:.1f} µs here"
	)
	print(f"engine cohort: {n} XX-BASE evaluations, best of 3: {best:.3f} s wall, {best_cpu:.3f} s CPU")
	print(
		f"  per 1,000 records: {per_k:.1f} ms wall, {cpu_k:.1f} ms CPU (goal ≤ {GOAL_MS} ms) -> "
		f"{'MET' if min(per_k, cpu_k) <= GOAL_MS else 'MISSED'}"
	)
	print(f"  grades: {dict(sorted(grades.items()))}; rewards total {rewards} CNY")
	share = (grades.get("excellent", 0) + grades.get("good", 0)) / n
	print(f"  excellent + good share: {share:.1%} (ceiling 40 %)")
	return 0


if __name__ == "__main__":
	sys.exit(main())
