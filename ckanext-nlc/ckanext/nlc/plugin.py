"""The `nlc` CKAN plugin: wires the council's theme, schema, search and helpers."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckanext.nlc import features, helpers, indexing, loading, ogc, search_outage, security, validators, views

try:  # xloader is optional: without it there is nothing to tell
    from ckanext.xloader.interfaces import IXloader
except ImportError:  # pragma: no cover
    IXloader = None


@tk.blanket.config_declarations
class NlcPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IValidators)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IBlueprint)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
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

    # ITemplateHelpers
    def get_helpers(self) -> dict[str, Any]:
        from ckanext.nlc.catalogue import HELPERS as catalogue_helpers

        return {**helpers.get_helpers(), **catalogue_helpers}

    # IValidators
    def get_validators(self) -> dict[str, Any]:
        return validators.get_validators()

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

    # IBlueprint
    def get_blueprint(self):
        return views.get_blueprints() + features.blueprints()

    # IActions
    def get_actions(self) -> dict[str, Any]:
        from ckanext.nlc import search

        return features.actions() | search.ACTIONS

    # IAuthFunctions
    def get_auth_functions(self) -> dict[str, Any]:
        return features.auth_functions()

    # IMiddleware
    def make_middleware(self, app: Any, config: Any) -> Any:
        if getattr(app, "register_error_handler", None):  # the Flask app, not the WSGI stack
            from ckanext.nlc import cors, transport

            search_outage.register_error_handler(app)
            security.install(app)
            ogc.mount(app)
            cors.install(app)  # and outside the lookups' fast path (below)
            outer = app
            if tk.asbool(config.get("ckanext.nlc.lookups.fast_path", True)):
                from ckanext.nlc.lookups.fastpath import LookupFastPath

                outer = LookupFastPath(app, int(config.get("ckanext.nlc.lookups.answer_cache_size", 10_000)))
            return transport.wrap(cors.Cors(outer), config)
        return app
