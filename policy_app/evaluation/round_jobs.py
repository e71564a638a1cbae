"""An Evaluation Round's work on the queue: the preview and the publication each run as their own job
(`publishing.start`), and report how far they are (a progress bar on the round's form) and, while
queued, whether a worker is there to run them."""

from __future__ import annotations

import frappe
from frappe import _

#: the jobs a round runs on the queue, each under its own job id
ACTIONS = ("preview", "publish")

#: the queue they run on
QUEUE = "long"


def _progress_key(name: str, action: str | None = None) -> str:
	return f"policy_app:round_progress:{name}" + (f":{action}" if action else "")


def progress(name: str, done: int, total: int, stage: str, action: str | None = None):
	"""The round's progress (the latest job's) and, where known, the progress of that job itself."""
	percent = int(done * 100 / total) if total else 100
	value = {"percent": percent, "stage": stage}
	action = action or getattr(frappe.local, "policy_app_round_action", None)
	frappe.cache.set_value(_progress_key(name), {**value, "action": action}, expires_in_sec=3600)
	if action:
		frappe.cache.set_value(_progress_key(name, action), value, expires_in_sec=3600)
	frappe.publish_progress(percent, title=_(stage), doctype="Evaluation Round", docname=name)


def worker_count(queue: str = QUEUE) -> int:
	"""How many background workers listen to the queue (0: a job there waits until one is started)."""
	from frappe.utils.background_jobs import get_queue, get_workers

	return len(get_workers(get_queue(queue)))


def job_state(name: str, action: str) -> dict:
	"""Where the job of one action of the round is: its RQ status and, while it is queued, whether a
	worker is there to run it."""
	from frappe.utils.background_jobs import get_job

	job = get_job(job_id(name, action))
	if not job:
		return {"job": None}
	status = job.get_status(refresh=True)
	status = str(getattr(status, "value", status) or "")
	out = {"job": status}
	if status == "queued":
		workers = worker_count()
		out["workers"] = workers
		if not workers:
			out["hint"] = _(
				"Waiting for a background worker: no worker is running for the {0} queue, so the job"
				" will not start. The site's administrator starts the workers (bench start, or the"
				" supervisor / systemd set-up of a production bench)."
			).format(QUEUE)
		else:
			out["hint"] = _("Queued: a background worker will run it next")
	elif status == "failed":
		reason = (job.exc_info or "").strip().splitlines()
		out["hint"] = _("The job failed: {0}").format(reason[-1] if reason else "")
	return out


def job_id(name: str, action: str) -> str:
	"""Each action its own id: a publication pressed while the preview is queued is queued too (one id
	for both dropped it), and pressing the same button twice still queues one job."""
	return f"policy_app:evaluation_round:{name}:{action}"
