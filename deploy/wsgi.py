"""WSGI entry point for CKAN (gunicorn/uWSGI): `gunicorn --chdir deploy wsgi:application`.

The CKAN config file comes from the CKAN_INI environment variable.
"""
import os
from logging.config import fileConfig

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

config_path = os.environ["CKAN_INI"]
fileConfig(config_path, disable_existing_loggers=False)
application = make_app(CKANConfigLoader(config_path).get_config())
