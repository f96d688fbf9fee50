"""Shipped column mappings for FOI case-log exports (YAML files in this folder)."""
