"""Package mapping that pyproject.toml cannot express on its own.

The project package lives in ``site/`` but is imported as ``manabi`` because
``site`` is a standard-library module. Subpackages are discovered so that a
new ``management/commands`` folder needs no edit here.
"""

from setuptools import find_packages, setup

APPS = ["catalogue", "quest", "community", "search", "dashboard"]  # dashboard: reports (#13)

packages = ["manabi"] + [f"manabi.{name}" for name in find_packages("site")]
packages += find_packages(include=[f"{app}*" for app in APPS])

setup(
    packages=packages,
    package_dir={"manabi": "site"},
    include_package_data=True,
)
