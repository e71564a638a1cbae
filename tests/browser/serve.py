"""Frappe's development server for one site, bound to 127.0.0.1 only (Frappe's own `serve` binds
0.0.0.0), threaded so that wkhtmltopdf can fetch the page's assets while a request renders a PDF.
Run from the bench's sites folder with the bench's python: serve.py SITE PORT."""

import sys

import frappe.app
import werkzeug.serving

_run_simple = werkzeug.serving.run_simple


def _loopback(hostname, port, application, **kwargs):
	return _run_simple("127.0.0.1", port, application, **kwargs)


werkzeug.serving.run_simple = _loopback
frappe.app.serve(port=int(sys.argv[2]), no_reload=True, no_threading=False, site=sys.argv[1], sites_path=".")
