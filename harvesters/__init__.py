"""Harvesters: turn council source data into validated, screened CKAN datasets.

extract (sources/) -> transform -> validate (frictionless) -> personal-data screen ->
publish (ckanapi, idempotent) -> DataStore load -> run report. See ``harvesters.cli``.
"""
