"""DCAT-AP mapping of the council's fields (ckanext-dcat profile `nlc_dcat`), both ways.

Runs after `euro_dcat_ap_3` and `euro_dcat_ap_scheming`. Output: MPS classes and FOI
topics as SKOS concepts of the portal's concept schemes (``catalogue.concepts``) and EU
data themes as `dcat:theme`; the update frequency an EU frequency URI; the council as
publisher and the owning service in the contact point; the landing page; spatial
coverage as a `dcat:bbox` plus the council area's GSS code URI; access rights,
licence (EU licence vocabulary where it has the licence) on the dataset and every
distribution, a rights statement; formats as EU file types and IANA media types;
download URLs; checksums as SPDX hexBinary. The output validates against the official
DCAT-AP 3.0.1 SHACL shapes (tests/dcat). ``parse_dataset`` reads all of it back into
the council schema, so another CKAN's DCAT harvester gets complete datasets.
"""
from __future__ import annotations

import functools
import json
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.dcat.profiles.base import DCAT, DCT, RDFProfile
from ckanext.nlc import dataset_schema, licences, vocab
from ckanext.nlc.catalogue import concepts
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS, XSD

LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

EU = "http://publications.europa.eu/resource/authority/"
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


def frequency_uris() -> dict[str, str]:
    """Update frequency -> EU frequency URI, the schema's ``update_frequency`` choices."""
    return {str(c["value"]): str(c["eu_uri"]) for c in dataset_schema.choices("update_frequency")}

DATA_THEME = EU + "data-theme/"
ENGLISH = URIRef(EU + "language/ENG")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
NON_PUBLIC = URIRef(EU + "access-right/NON_PUBLIC")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
SHA256 = SPDX.checksumAlgorithm_sha256
TAG = re.compile(r"^[\w .-]{2,100}$", re.UNICODE)  # CKAN's tag rules (tag_name_validator)


def council() -> dict[str, str]:
    """The council's name, URI and GSS code (``ckanext.nlc.council_*``)."""
    return {
        "name": tk.config.get("ckanext.nlc.council_name"),
        "uri": tk.config.get("ckanext.nlc.council_uri"),
        "gss": tk.config.get("ckanext.nlc.council_gss_code"),
    }


def gss_uri() -> str:
    return "http://statistics.gov.scot/id/statistical-geography/" + council()["gss"]


def site_url() -> str:
    return (tk.config.get("ckan.site_url") or "").rstrip("/")


class NlcDCATProfile(RDFProfile):
    """Adds the council's schema fields to the DCAT-AP graph (SHACL-valid) and parses them back."""

    # -- serialising ---------------------------------------------------------------------------
    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        g = self.g
        for keyword in list(g.objects(dataset_ref, DCAT.keyword)):
            if not TAG.match(str(keyword)):  # a harvesting CKAN would refuse it as a tag
                g.remove((dataset_ref, DCAT.keyword, keyword))
        self._themes(dataset_ref, dataset_dict)

        uri = frequency_uris().get(dataset_dict.get("update_frequency") or "")
        if uri:
            g.remove((dataset_ref, DCT.accrualPeriodicity, None))
            freq = URIRef(uri)
            g.add((dataset_ref, DCT.accrualPeriodicity, freq))
            g.add((freq, RDF.type, DCT.Frequency))
        if dataset_dict.get("last_updated"):
            g.remove((dataset_ref, DCT.modified, None))
            g.add((dataset_ref, DCT.modified, Literal(dataset_dict["last_updated"], datatype=XSD.date)))

        landing = URIRef(f"{site_url()}/dataset/{dataset_dict.get('name')}")
        g.remove((dataset_ref, DCAT.landingPage, None))
        g.add((dataset_ref, DCAT.landingPage, landing))
        g.add((landing, RDF.type, FOAF.Document))

        rights = PUBLIC if not dataset_dict.get("private") else NON_PUBLIC
        g.remove((dataset_ref, DCT.accessRights, None))
        g.add((dataset_ref, DCT.accessRights, rights))
        g.add((rights, RDF.type, DCT.RightsStatement))

        if not any(g.objects(dataset_ref, DCT.temporal)):
            period = data_period(dataset_dict)
            if period:
                self._temporal(dataset_ref, *period)

        self._contact(dataset_ref, dataset_dict)
        self._publisher(dataset_ref)
        self._spatial_coverage(dataset_ref)

        licence = self._licence(dataset_dict.get("license_id"), dataset_dict.get("license_url"))
        if licence is not None:
            g.add((dataset_ref, DCT.license, licence))
        statement = self._rights_statement(dataset_dict)
        resources = {r.get("id"): r for r in dataset_dict.get("resources") or []}
        for dist in g.objects(dataset_ref, DCAT.distribution):
            resource = next((r for rid, r in resources.items() if rid and str(dist).endswith(rid)), {})
            self._distribution(dist, resource, licence, statement)

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
        g.remove((catalog_ref, DCT.publisher, None))
        g.add((catalog_ref, DCT.publisher, self._council_agent()))
        licence = self._licence("OGL-UK-3.0", None)
        if licence is not None and not any(g.objects(catalog_ref, DCT.license)):
            g.add((catalog_ref, DCT.license, licence))
        schemes = [DATA_THEME.rstrip("/"), *(concepts.scheme_uri(s) for s in concepts.SCHEMES)]
        for scheme in map(URIRef, schemes):
            g.add((catalog_ref, DCAT.themeTaxonomy, scheme))
            g.add((scheme, RDF.type, SKOS.ConceptScheme))
            g.set((scheme, DCT.title, Literal(concepts.scheme_title(str(scheme)), lang="en")))

    # -- parsing -------------------------------------------------------------------------------
    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> dict[str, Any]:
        """The council schema's fields from a DCAT graph written by this profile."""
        self._parse_themes(dataset_dict, dataset_ref)
        self._parse_schedule_and_licence(dataset_dict, dataset_ref)
        self._parse_spatial(dataset_dict, dataset_ref)
        self._parse_contact(dataset_dict, dataset_ref)
        dataset_dict["tags"] = [t for t in dataset_dict.get("tags") or [] if TAG.match(t.get("name", ""))]
        for resource in dataset_dict.get("resources") or []:
            fmt = str(resource.get("format") or "")
            if fmt.startswith(EU + "file-type/"):
                resource["format"] = fmt.rsplit("/", 1)[-1]
            media = str(resource.get("mimetype") or "")
            if media.startswith(IANA):
                resource["mimetype"] = media[len(IANA):]
            for key in ("license", "rights", "access_url", "download_url"):
                resource.pop(key, None)
        return dataset_dict

    def _parse_themes(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        """MPS classes, FOI topics and EU data themes from ``dcat:theme``."""
        found: dict[str, set[str]] = {"mps_class": set(), "foi_topics": set(), "eu_themes": set()}
        for theme in self.g.objects(dataset_ref, DCAT.theme):
            concept = concepts.parse_concept(str(theme))
            if concept and concept[0] in ("mps-class", "foi-topic"):
                found["mps_class" if concept[0] == "mps-class" else "foi_topics"].add(concept[1])
            elif str(theme).startswith(DATA_THEME):
                found["eu_themes"].add(str(theme)[len(DATA_THEME):])
        dataset_dict.pop("theme", None)
        dataset_dict.update({key: sorted(values) for key, values in found.items() if values})

    def _parse_schedule_and_licence(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        """Update frequency (by its EU frequency code), last update and licence."""
        g = self.g
        frequency = g.value(dataset_ref, DCT.accrualPeriodicity)
        by_code = {uri.rsplit("/", 1)[-1]: value for value, uri in frequency_uris().items()}
        if frequency is not None and str(frequency).rsplit("/", 1)[-1] in by_code:
            dataset_dict["update_frequency"] = by_code[str(frequency).rsplit("/", 1)[-1]]
            dataset_dict.pop("frequency", None)
        modified = g.value(dataset_ref, DCT.modified)
        if modified is not None:
            dataset_dict["last_updated"] = str(modified)[:10]
        licence = g.value(dataset_ref, DCT.license) or next(
            (g.value(d, DCT.license) for d in g.objects(dataset_ref, DCAT.distribution)), None)
        if licence is not None:
            dataset_dict["license_id"] = licences.by_url(str(licence)) or dataset_dict.get("license_id")

    def _parse_spatial(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        """The spatial field (GeoJSON) from the location's bbox or geometry."""
        wkts = [
            self.g.value(location, predicate)
            for location in self.g.objects(dataset_ref, DCT.spatial)
            for predicate in (DCAT.bbox, LOCN.geometry)
        ]
        spatial = next((_wkt_to_geojson(str(w)) for w in wkts if isinstance(w, Literal)), None)
        if spatial:
            dataset_dict["spatial"] = spatial
        for key in ("spatial_bbox", "spatial_uri", "spatial_text", "spatial_centroid"):
            dataset_dict.pop(key, None)

    def _parse_contact(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        """Contact team and mailbox from ``dcat:contactPoint``."""
        contact = self.g.value(dataset_ref, DCAT.contactPoint)
        if contact is not None:
            name, email = self.g.value(contact, VCARD.fn), self.g.value(contact, VCARD.hasEmail)
            if name:
                dataset_dict["maintainer"] = str(name)
            if email:
                dataset_dict["maintainer_email"] = str(email).removeprefix("mailto:")
        dataset_dict.pop("contact", None)
        dataset_dict.pop("publisher", None)

    # -- helpers -------------------------------------------------------------------------------
    def _concept(self, ref: URIRef, label: str, scheme: str) -> None:
        self.g.add((ref, RDF.type, SKOS.Concept))
        self.g.set((ref, SKOS.prefLabel, Literal(label, lang="en")))
        self.g.add((ref, SKOS.inScheme, URIRef(scheme)))

    def _themes(self, dataset_ref: URIRef, dataset_dict: dict[str, Any]) -> None:
        g = self.g
        g.remove((dataset_ref, DCAT.theme, None))
        for code, label in concepts.eu_themes(dataset_dict).items():
            ref = URIRef(DATA_THEME + code)
            g.add((dataset_ref, DCAT.theme, ref))
            self._concept(ref, label, DATA_THEME.rstrip("/"))
        for cls in dataset_dict.get("mps_class") or []:
            ref = URIRef(concepts.concept_uri("mps-class", str(cls)))
            g.add((dataset_ref, DCAT.theme, ref))
            self._concept(ref, vocab.MPS_CLASSES.get(str(cls), str(cls)), concepts.scheme_uri("mps-class"))
        topics = vocab.foi_topics()
        for topic in dataset_dict.get("foi_topics") or []:
            ref = URIRef(concepts.concept_uri("foi-topic", topic))
            g.add((dataset_ref, DCAT.theme, ref))
            self._concept(ref, topics.get(topic, topic), concepts.scheme_uri("foi-topic"))

    def _temporal(self, dataset_ref: URIRef, start: str, end: str) -> None:
        period = BNode()
        self.g.add((period, RDF.type, DCT.PeriodOfTime))
        self.g.add((period, DCAT.startDate, Literal(start, datatype=XSD.date)))
        self.g.add((period, DCAT.endDate, Literal(end, datatype=XSD.date)))
        self.g.add((dataset_ref, DCT.temporal, period))

    def _council_agent(self) -> URIRef:
        info = council()
        ref = URIRef(info["uri"])
        self.g.add((ref, RDF.type, FOAF.Agent))
        self.g.set((ref, FOAF.name, Literal(info["name"])))
        self.g.set((ref, DCT.type, LOCAL_AUTHORITY))
        self.g.add((LOCAL_AUTHORITY, RDF.type, SKOS.Concept))
        self.g.set((LOCAL_AUTHORITY, SKOS.prefLabel, Literal("Local Authority", lang="en")))
        return ref

    def _publisher(self, dataset_ref: URIRef) -> None:
        """The council publishes every dataset (the services are its contact points)."""
        g = self.g
        for old in list(g.objects(dataset_ref, DCT.publisher)):
            g.remove((dataset_ref, DCT.publisher, old))
            if not any(g.subjects(DCT.publisher, old)):
                g.remove((old, None, None))
        g.add((dataset_ref, DCT.publisher, self._council_agent()))

    def _contact(self, dataset_ref: URIRef, dataset_dict: dict[str, Any]) -> None:
        service = (dataset_dict.get("organization") or {}).get("title")
        for contact in self.g.objects(dataset_ref, DCAT.contactPoint):
            self.g.add((contact, RDF.type, VCARD.Kind))
            if service:
                self.g.set((contact, VCARD["organization-name"], Literal(service)))

    def _spatial_coverage(self, dataset_ref: URIRef) -> None:
        """DCAT-AP 3 wants `locn:geometry` to be a node: the WKT goes in `dcat:bbox`; plus the GSS area."""
        g = self.g
        for location in list(g.objects(dataset_ref, DCT.spatial)):
            for wkt in list(g.objects(location, LOCN.geometry)):
                if isinstance(wkt, Literal):
                    g.remove((location, LOCN.geometry, wkt))
                    if not any(g.objects(location, DCAT.bbox)):
                        g.add((location, DCAT.bbox, Literal(str(wkt), datatype=GSP.wktLiteral)))
        area = URIRef(gss_uri())
        g.add((dataset_ref, DCT.spatial, area))
        g.add((area, RDF.type, DCT.Location))
        g.set((area, SKOS.prefLabel, Literal(council()["name"].removesuffix(" Council"), lang="en")))

    def _licence(self, licence_id: str | None, license_url: str | None) -> URIRef | None:
        eu, url = licences.eu_uri(licence_id), license_url or getattr(licences.entry(licence_id), "url", None)
        if not (eu or url):
            return None
        ref = URIRef(eu or url)
        self.g.add((ref, RDF.type, DCT.LicenseDocument))
        if eu and url:
            self.g.add((ref, RDFS.seeAlso, URIRef(url)))
        return ref

    def _rights_statement(self, dataset_dict: dict[str, Any]) -> BNode:
        template = tk.config.get("ckanext.nlc.rights_statement")
        licence = dataset_dict.get("license_title") or dataset_dict.get("license_id") or ""
        text = template.format(council=council()["name"], licence=licence)
        node = BNode()
        self.g.add((node, RDF.type, DCT.RightsStatement))
        self.g.add((node, RDFS.label, Literal(text, lang="en")))
        return node

    def _distribution(self, dist: URIRef, resource: dict[str, Any], licence: URIRef | None,
                      statement: BNode) -> None:
        g = self.g
        g.remove((dist, DCT.license, None))
        if licence is not None:
            g.add((dist, DCT.license, licence))
        g.remove((dist, DCT.rights, None))
        g.add((dist, DCT.rights, statement))
        url = resource.get("url")
        if url and not any(g.objects(dist, DCAT.downloadURL)) and (
                resource.get("url_type") == "upload" or "/download/" in url or resource.get("format")):
            g.add((dist, DCAT.downloadURL, URIRef(url)))

        fmt = next((str(o) for o in g.objects(dist, DCT["format"]) if isinstance(o, Literal)), None)
        media = next((str(o) for o in g.objects(dist, DCAT.mediaType) if isinstance(o, Literal)), None)
        g.remove((dist, DCT["format"], None))
        g.remove((dist, DCAT.mediaType, None))
        key = (fmt or resource.get("format") or "").upper().replace(".", "")
        file_type, format_media = FILE_TYPES.get(key, (None, None))
        if file_type:
            ref = URIRef(EU + "file-type/" + file_type)
            g.add((dist, DCT["format"], ref))
            g.add((ref, RDF.type, DCT.MediaTypeOrExtent))
        media = format_media or media  # the format's own type beats a guessed application/json
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


def data_period(dataset_dict: dict[str, Any]) -> tuple[str, str] | None:
    """The span of the dates in a dataset's DataStore tables (Table Schema date/datetime fields).

    A column holding one date in every row (an extract date) says nothing about coverage and
    is left out. None without dated tables or when the DataStore cannot be read.
    """
    spans = []
    for resource in dataset_dict.get("resources") or []:
        schema = resource.get("schema")
        if isinstance(schema, str):
            try:
                schema = json.loads(schema)
            except ValueError:
                schema = None
        fields = tuple(f["name"] for f in (schema or {}).get("fields", [])
                       if isinstance(f, dict) and f.get("type") in ("date", "datetime") and f.get("name"))
        if resource.get("datastore_active") and fields:
            spans.extend(_table_dates(resource["id"], fields, str(resource.get("last_modified")
                                                                  or resource.get("metadata_modified"))))
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


@functools.lru_cache(maxsize=512)
def _table_dates(resource_id: str, fields: tuple[str, ...], version: str) -> list[tuple[str, str]]:
    """(earliest, latest) ISO date of each varying date column of a DataStore table."""
    import datetime as dt

    try:
        import sqlalchemy as sa
        from ckanext.datastore.backend.postgres import get_read_engine

        def q(name: str) -> str:
            return '"' + name.replace('"', '""') + '"'

        columns = ", ".join(f"min({q(f)})::text, max({q(f)})::text" for f in fields)
        with get_read_engine().connect() as conn:
            sql = f"SELECT {columns} FROM {q(resource_id)}"  # noqa: S608 - identifiers quoted by q()
            row = conn.execute(sa.text(sql)).fetchone()
    except Exception:  # noqa: BLE001 - no table, DataStore down: no period, the rest still serialised
        return []
    spans = []
    for low, high in zip(row[::2], row[1::2], strict=True):
        try:
            start, end = dt.date.fromisoformat(str(low)[:10]), dt.date.fromisoformat(str(high)[:10])
        except (TypeError, ValueError):
            continue
        if start != end:
            spans.append((start.isoformat(), end.isoformat()))
    return spans


def _wkt_to_geojson(wkt: str) -> str | None:
    """A GeoJSON geometry (text) from WKT, or None if it does not parse."""
    from shapely import wkt as shapely_wkt
    from shapely.errors import ShapelyError
    from shapely.geometry import mapping

    try:
        return json.dumps(mapping(shapely_wkt.loads(wkt)))
    except (ShapelyError, ValueError, TypeError):
        return None
