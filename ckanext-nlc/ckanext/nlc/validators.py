"""Validators for the council dataset schema (registered through IValidators)."""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.nlc import dataset_schema, licences, vocab

Invalid = tk.Invalid
missing = tk.missing


def nlc_licence_required(key, data, errors, context):
    """Default to the schema's licence (OGL v3.0); only licences in the register (aliases
    normalised); a public dataset needs one."""
    value = data.get(key)
    if value is missing or value is None:
        data[key] = value = dataset_schema.field("license_id")["default"]
    if value:
        known = licences.normalise(str(value))
        if known is None:
            errors[key].append(tk._("Unknown licence {!r}: use one of {}.").format(
                value, ", ".join(lic.id for lic in licences.register())))
            return
        data[key] = value = known
    private = tk.asbool(data.get(("private",), False))
    if (not value or value == "notspecified") and not private:
        errors[key].append(tk._("A licence is required before a dataset can be public."))


def nlc_default_mps_class(key, data, errors, context):
    """Default the Model Publication Scheme class to the schema's default (9, "Our open data")."""
    value = data.get(key)
    if value is missing or value is None or value in ("", [], "[]"):
        data[key] = list(dataset_schema.field("mps_class")["default"])


def nlc_team_mailbox(value: Any, context) -> Any:
    """The contact must be a council mailbox (``ckanext.nlc.mailbox_domains``)."""
    if not value:
        return value
    if not re.match(dataset_schema.MAILBOX, value):
        raise Invalid(tk._("Enter an email address, e.g. opendata@northlanarkshire.gov.uk"))
    domains = tk.aslist(tk.config.get("ckanext.nlc.mailbox_domains"))
    if value.rsplit("@", 1)[1].lower() not in [d.lower() for d in domains]:
        raise Invalid(tk._("Use a council team mailbox (@{}), not a private address.").format(domains[0]))
    return value


def nlc_next_update_due(key, data, errors, context):
    """Derive the next update date from last_updated and update_frequency."""
    last = data.get(("last_updated",))
    freq = data.get(("update_frequency",))
    data[key] = ""
    if not last or last is missing or not freq or freq is missing:
        return
    try:
        day = dt.date.fromisoformat(str(last)[:10])
    except ValueError:
        return
    due = vocab.add_interval(day, str(freq))
    data[key] = due.isoformat() if due else ""


def nlc_geojson(value: Any, context) -> Any:
    """The spatial field must be a GeoJSON geometry."""
    if not value:
        return value
    try:
        geom = json.loads(value) if isinstance(value, str) else value
    except ValueError as e:
        raise Invalid(tk._("Spatial coverage is not valid JSON: {}").format(e)) from e
    if not isinstance(geom, dict) or "type" not in geom or "coordinates" not in geom:
        raise Invalid(tk._("Spatial coverage must be a GeoJSON geometry with type and coordinates."))
    return json.dumps(geom) if not isinstance(value, str) else value


def nlc_table_schema(value: Any, context) -> Any:
    """A resource's Table Schema: a JSON object with a list of named fields."""
    if value in (None, "", missing):
        return value
    try:
        schema = json.loads(value) if isinstance(value, str) else value
    except ValueError as e:
        raise Invalid(tk._("Table Schema is not valid JSON: {}").format(e)) from e
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not all(isinstance(f, dict) and f.get("name") for f in fields):
        raise Invalid(tk._('Table Schema must be an object with a "fields" list, each with a "name".'))
    return json.dumps(schema)


def nlc_table_schema_output(value: Any, context) -> Any:
    """Return the stored Table Schema as an object."""
    if isinstance(value, str) and value:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def get_validators() -> dict[str, Any]:
    from ckanext.nlc.catalogue.copies import VALIDATORS as copies

    own = {
        f.__name__: f
        for f in (nlc_licence_required, nlc_default_mps_class, nlc_team_mailbox,
                  nlc_next_update_due, nlc_geojson, nlc_table_schema, nlc_table_schema_output)
    }
    return {**own, **copies}
