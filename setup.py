"""policy_app: a Frappe app for a science & technology bureau's support programmes.

The Python package is `policy_app/`. The top-level `fixtures/` and `patches/` folders are reached
through the links `policy_app/fixtures` and `policy_app/patches`, which is where Frappe looks for an
app's fixtures and patch modules; `tests/` is never installed.
"""

from setuptools import find_packages, setup

from policy_app import __version__ as version

setup(
	name="policy_app",
	version=version,
	description="Science & technology bureau support programmes on Frappe: recognition, evaluation, rewards",
	author="policy_app developers",
	license="MIT",
	python_requires=">=3.10",
	packages=find_packages(include=["policy_app", "policy_app.*"]),
	include_package_data=True,
	package_data={
		"policy_app": [
			"modules.txt",
			"patches.txt",
			"fixtures/*.json",
			"fixtures/*/*.json",
			"engine/samples/*.csv",
			"translations/*.csv",
			"*/doctype/*/*.json",
			"*/doctype/*/*.js",
			"*/workspace/*/*.json",
			"*/role_profile/*/*.json",
			"*/print_format/*/*",
			"*/report/*/*",
			"public/*/*",
			"templates/*/*",
		]
	},
	zip_safe=False,
	install_requires=["pydantic>=2.7", "python-dateutil>=2.8"],
	entry_points={"console_scripts": ["policy-app=policy_app.engine.cli:main"]},
)
