"""The `nlc` CKAN plugin: wires the council's theme, schema, search and helpers.

Actions, auth functions, helpers, validators, blueprints and CLI commands are registered
through ``tk.blanket`` from the explicit lists in :mod:`ckanext.nlc.features` and
:mod:`ckanext.nlc.cli`; the middleware stack is :mod:`ckanext.nlc.middleware`; settings and
their defaults are declared once, in ``config_declaration.yaml``.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckanext.nlc import features, indexing, loading, middleware, security

try:  # xloader is optional: without it there is nothing to tell
    from ckanext.xloader.interfaces import IXloader
except ImportError:  # pragma: no cover
    IXloader = None


@tk.blanket.config_declarations
@tk.blanket.actions(features.actions)
@tk.blanket.auth_functions(features.auth_functions)
@tk.blanket.helpers(features.template_helpers)
@tk.blanket.validators(features.validator_functions)
@tk.blanket.blueprints(features.blueprints)
@tk.blanket.cli(features.commands)
class NlcPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IMiddleware, inherit=True)
    if IXloader is not None:
        p.implements(IXloader, inherit=True)

    # IXloader
    def can_upload(self, resource_id: str) -> bool:
        return loading.xloader_can_upload(resource_id)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        config["ckan.site_title"] = config.get("ckanext.nlc.site_title")
        security.configure(config)

    # IPackageController
    def before_dataset_index(self, data_dict: dict[str, Any]) -> dict[str, Any]:
        return indexing.before_dataset_index(data_dict)

    def after_dataset_show(self, context: Any, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        from ckanext.nlc.catalogue.publisher import after_dataset_show

        return after_dataset_show(context, pkg_dict)

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        from ckanext.nlc import search

        return search.check_bbox(search_params)

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]) -> Any:
        from ckanext.nlc import search

        return search.label_facets(search_results)

    # IFacets
    def dataset_facets(self, facets_dict: OrderedDict, package_type: str) -> OrderedDict:
        ordered = OrderedDict()
        ordered["organization"] = tk._("Service")
        ordered["vocab_mps_class"] = tk._("Publication scheme class")
        ordered["vocab_foi_topics"] = tk._("FOI topic")
        ordered["groups"] = tk._("Theme")
        ordered["res_format"] = tk._("Format")
        ordered["license_id"] = tk._("Licence")
        ordered["update_frequency"] = tk._("Update frequency")
        ordered["tags"] = tk._("Keywords")
        return ordered

    # IMiddleware
    def make_middleware(self, app: Any, config: Any) -> Any:
        return middleware.make_middleware(app, config)
