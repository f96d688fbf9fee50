"""One distribution for the NLC open data platform: the CKAN extension, the
harvesters, the GIS migration tool and the FOI publication plan.

Every non-Python file inside these packages (schemas, templates, static files, YAML,
SHACL shapes) is package data: ``MANIFEST.in`` puts it in the sdist and
``PACKAGE_DATA`` (recursive globs) in the wheel; ``tests/test_wheel.py`` checks both.
Demo-data generators live in ``demo/``, which is not packaged.
"""
from setuptools import find_packages, setup

ROOT_PACKAGES = ["harvesters", "gis", "publication_plan"]
DATA_FILES = ["yaml", "yml", "json", "html", "css", "js", "svg", "txt", "sql", "ttl", "md", "mako"]
PACKAGE_DATA = [f"**/*.{ext}" for ext in DATA_FILES]

packages = find_packages(".", include=[f"{r}*" for r in ROOT_PACKAGES])
ext_packages = [f"ckanext.{p}" for p in find_packages("ckanext-nlc/ckanext", include=["nlc*"])]

setup(
    name="nlc-open-data",
    version="0.1.0",
    description="North Lanarkshire Council open data platform (CKAN 2.12)",
    python_requires=">=3.11,<3.12",
    packages=packages + ext_packages,
    package_dir={"ckanext.nlc": "ckanext-nlc/ckanext/nlc"},
    py_modules=["nlc_cli"],
    include_package_data=True,
    package_data={**{root: PACKAGE_DATA for root in ROOT_PACKAGES}, "ckanext.nlc": PACKAGE_DATA},
    exclude_package_data={"": ["README.md"]},
    entry_points={
        "ckan.plugins": ["nlc = ckanext.nlc.plugin:NlcPlugin"],
        "console_scripts": ["nlc = nlc_cli:main"],
        "ckan.rdf.profiles": ["nlc_dcat = ckanext.nlc.dcat_profile:NlcDCATProfile"],
    },
)
