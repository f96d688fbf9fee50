"""Only licences in the portal's register are accepted; common aliases become the register id."""
from __future__ import annotations

import pytest
from ckan.logic import ValidationError

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


@pytest.mark.parametrize("alias", ["uk-ogl", "ogl-uk-3.0", "OGL-UK-3.0", "Uk-Ogl"])
def test_aliases_are_normalised_to_the_register_id(make_dataset, alias):
    pkg = make_dataset(name="licence-alias", license_id=alias)
    assert pkg["license_id"] == "OGL-UK-3.0"
    assert pkg["isopen"] is True
    assert pkg["license_url"].startswith("https://www.nationalarchives.gov.uk/")


@pytest.mark.parametrize("licence", ["made-up-licence", "cc-by-sa", "gpl-3.0"])
def test_a_licence_outside_the_register_is_refused(make_dataset, licence):
    with pytest.raises(ValidationError) as err:
        make_dataset(name="licence-unknown", license_id=licence)
    message = str(err.value.error_dict["license_id"])
    assert licence in message and "OGL-UK-3.0" in message


def test_an_unknown_licence_is_refused_on_a_private_dataset_too(make_dataset):
    with pytest.raises(ValidationError):
        make_dataset(name="licence-private", license_id="made-up-licence", private=True)


def test_cc_by_alias(make_dataset):
    assert make_dataset(name="licence-cc", license_id="cc-by")["license_id"] == "CC-BY-4.0"
