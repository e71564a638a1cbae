"""The site as a deployment serves it for the rush benchmark: Frappe's WSGI application with the
bench's /assets served beside it, as nginx does in production (gunicorn alone serves no static files,
and the frozen PDF's wkhtmltopdf loads the print's stylesheets from the site)."""

import os

from frappe.app import application as frappe_application
from werkzeug.middleware.shared_data import SharedDataMiddleware

application = SharedDataMiddleware(
	frappe_application, {"/assets": os.path.join(os.getcwd(), "assets")}, cache=False
)
