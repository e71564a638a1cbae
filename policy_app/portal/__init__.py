"""The applicant portal at /policy: website users (no desk) who act for organisations. What a portal
user may see is computed here from their confirmed bindings (Frappe User Permissions on Applicant
Organization), never from a name in the request."""
