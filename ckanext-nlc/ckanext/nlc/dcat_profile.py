"""DCAT-AP mapping of the council's fields (ckanext-dcat profile `nlc_dcat`).

Runs after `euro_dcat_ap_3` and `euro_dcat_ap_scheming`: MPS classes and FOI
topics become keywords, the update frequency an EU frequency URI, the licence a
`dct:LicenseDocument` URI on every distribution, formats EU file-type and IANA
media-type URIs, checksums SPDX hexBinary with their algorithm, the spatial
extent a `dcat:bbox`, and the catalogue gets the publisher, description and
language DCAT-AP 3 requires. The output validates against the official
DCAT-AP 3.0.1 SHACL shapes (tests/dcat).
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.dcat.profiles.base import DCAT, DCT, RDFProfile
from ckanext.nlc import vocab
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import FOAF, RDF, SKOS, XSD

LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

EU = "http://publications.europa.eu/resource/authority/"
FREQUENCIES = {
    "daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "quarterly": "QUARTERLY",
    "six-monthly": "BIANNUAL", "annual": "ANNUAL", "irregular": "IRREG",
}
FILE_TYPES = {  # CKAN format -> (EU file type, IANA media type)
    "CSV": ("CSV", "text/csv"),
    "GEOJSON": ("GEOJSON", "application/geo+json"),
    "GPKG": ("GPKG", "application/geopackage+sqlite3"),
    "GEOPACKAGE": ("GPKG", "application/geopackage+sqlite3"),
    "JSON": ("JSON", "application/json"),
    "XLSX": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "PDF": ("PDF", "application/pdf"),
    "ZIP": ("ZIP", "application/zip"),
    "HTML": ("HTML", "text/html"),
    "SHP": ("SHP", "application/zip"),
    "KML": ("KML", "application/vnd.google-earth.kml+xml"),
}
IANA = "https://www.iana.org/assignments/media-types/"
GOVERNMENT_THEME = URIRef(EU + "data-theme/GOVE")
ENGLISH = URIRef(EU + "language/ENG")
SHA256 = SPDX.checksumAlgorithm_sha256


class NlcDCATProfile(RDFProfile):
    """Adds the council's schema fields to the DCAT-AP graph and makes it SHACL-valid."""

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        g = self.g
        for cls in dataset_dict.get("mps_class") or []:
            label = f"Publication scheme class {cls}: {vocab.MPS_CLASSES.get(str(cls), '')}".strip()
            g.add((dataset_ref, DCAT.keyword, Literal(label)))
        topics = vocab.foi_topics()
        for topic in dataset_dict.get("foi_topics") or []:
            g.add((dataset_ref, DCAT.keyword, Literal(f"FOI topic: {topics.get(topic, topic)}")))

        g.add((dataset_ref, DCAT.theme, GOVERNMENT_THEME))
        self._concept(GOVERNMENT_THEME, "Government and public sector")

        code = FREQUENCIES.get(dataset_dict.get("update_frequency") or "")
        if code:
            g.remove((dataset_ref, DCT.accrualPeriodicity, None))
            freq = URIRef(EU + "frequency/" + code)
            g.add((dataset_ref, DCT.accrualPeriodicity, freq))
            g.add((freq, RDF.type, DCT.Frequency))

        if dataset_dict.get("last_updated"):
            g.remove((dataset_ref, DCT.modified, None))
            g.add((dataset_ref, DCT.modified, Literal(dataset_dict["last_updated"], datatype=XSD.date)))

        for contact in g.objects(dataset_ref, DCAT.contactPoint):
            g.add((contact, RDF.type, VCARD.Kind))
        self._spatial_as_bbox(dataset_ref)
        self._publisher(dataset_ref, dataset_dict.get("organization") or {})

        license_url = dataset_dict.get("license_url")
        for dist in g.objects(dataset_ref, DCAT.distribution):
            self._distribution(dist, license_url)

    def graph_from_catalog(self, catalog_dict: dict[str, Any] | None, catalog_ref: URIRef) -> None:
        g = self.g
        g.remove((catalog_ref, DCT.language, None))
        g.add((catalog_ref, DCT.language, ENGLISH))
        g.add((ENGLISH, RDF.type, DCT.LinguisticSystem))
        if not any(g.objects(catalog_ref, DCT.description)):
            description = tk.config.get("ckan.site_description") or (
                "Open data published by North Lanarkshire Council under the Open Government Licence.")
            g.add((catalog_ref, DCT.description, Literal(description)))
        for homepage in g.objects(catalog_ref, FOAF.homepage):
            g.add((homepage, RDF.type, FOAF.Document))
        if not any(g.objects(catalog_ref, DCT.publisher)):
            council = URIRef("http://opendatacommunities.org/id/unitary-authority/north-lanarkshire")
            g.add((catalog_ref, DCT.publisher, council))
            g.add((council, RDF.type, FOAF.Agent))
            g.add((council, FOAF.name, Literal("North Lanarkshire Council")))

    # helpers
    def _concept(self, ref: URIRef, label: str) -> None:
        self.g.add((ref, RDF.type, SKOS.Concept))
        self.g.set((ref, SKOS.prefLabel, Literal(label, lang="en")))

    def _publisher(self, dataset_ref: URIRef, org: dict[str, Any]) -> None:
        for publisher in self.g.objects(dataset_ref, DCT.publisher):
            self.g.add((publisher, RDF.type, FOAF.Agent))
            if org.get("title") and not any(self.g.objects(publisher, FOAF.name)):
                self.g.add((publisher, FOAF.name, Literal(org["title"])))

    def _spatial_as_bbox(self, dataset_ref: URIRef) -> None:
        """DCAT-AP 3 wants `locn:geometry` to be a node: publish the WKT as `dcat:bbox` instead."""
        g = self.g
        for location in list(g.objects(dataset_ref, DCT.spatial)):
            for wkt in list(g.objects(location, LOCN.geometry)):
                if isinstance(wkt, Literal):
                    g.remove((location, LOCN.geometry, wkt))
                    if not any(g.objects(location, DCAT.bbox)):
                        g.add((location, DCAT.bbox, Literal(str(wkt), datatype=GSP.wktLiteral)))

    def _distribution(self, dist: URIRef, license_url: str | None) -> None:
        g = self.g
        if license_url and not any(g.objects(dist, DCT.license)):
            g.add((dist, DCT.license, URIRef(license_url)))
        for lic in g.objects(dist, DCT.license):
            g.add((lic, RDF.type, DCT.LicenseDocument))

        fmt = next((str(o) for o in g.objects(dist, DCT["format"]) if isinstance(o, Literal)), None)
        media = next((str(o) for o in g.objects(dist, DCAT.mediaType) if isinstance(o, Literal)), None)
        g.remove((dist, DCT["format"], None))
        g.remove((dist, DCAT.mediaType, None))
        file_type, default_media = FILE_TYPES.get((fmt or "").upper().replace(".", ""), (None, None))
        if file_type:
            ref = URIRef(EU + "file-type/" + file_type)
            g.add((dist, DCT["format"], ref))
            g.add((ref, RDF.type, DCT.MediaTypeOrExtent))
        media = media or default_media
        if media:
            ref = URIRef(IANA + media)
            g.add((dist, DCAT.mediaType, ref))
            g.add((ref, RDF.type, DCT.MediaType))

        for checksum in list(g.objects(dist, SPDX.checksum)):
            for value in list(g.objects(checksum, SPDX.checksumValue)):
                algorithm, _, digest = str(value).rpartition(":")
                g.remove((checksum, SPDX.checksumValue, value))
                if algorithm.lower() in ("", "sha256") and len(digest) == 64:
                    g.add((checksum, SPDX.checksumValue, Literal(digest.lower(), datatype=XSD.hexBinary)))
                    g.set((checksum, SPDX.algorithm, SHA256))
                    g.add((SHA256, RDF.type, SPDX.ChecksumAlgorithm))
                else:  # an unknown hash format: drop it rather than publish an invalid checksum
                    g.remove((dist, SPDX.checksum, checksum))
                    g.remove((checksum, None, None))



