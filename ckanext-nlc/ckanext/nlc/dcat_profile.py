"""DCAT-AP mapping of the council's fields (ckanext-dcat profile `nlc_dcat`).

Runs after `euro_dcat_ap_3` and `euro_dcat_ap_scheming`: MPS classes and FOI topics
become keywords, the update frequency an EU frequency URI, `last_updated` the
dataset's `dct:modified`, and every dataset gets the EU data theme "Government and
public sector".
"""
from __future__ import annotations

from ckanext.dcat.profiles.base import DCAT, DCT, RDFProfile
from ckanext.nlc import vocab
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCIES = {
    "daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "quarterly": "QUARTERLY",
    "six-monthly": "BIANNUAL", "annual": "ANNUAL", "irregular": "IRREG",
}
GOVERNMENT_THEME = URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")


class NlcDCATProfile(RDFProfile):
    """Adds the council's schema fields to the DCAT-AP graph."""

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        g = self.g
        for cls in dataset_dict.get("mps_class") or []:
            label = f"Publication scheme class {cls}: {vocab.MPS_CLASSES.get(str(cls), '')}".strip()
            g.add((dataset_ref, DCAT.keyword, Literal(label)))
        topics = vocab.foi_topics()
        for topic in dataset_dict.get("foi_topics") or []:
            g.add((dataset_ref, DCAT.keyword, Literal(f"FOI topic: {topics.get(topic, topic)}")))

        g.add((dataset_ref, DCAT.theme, GOVERNMENT_THEME))
        g.add((GOVERNMENT_THEME, RDF.type, SKOS.Concept))

        code = FREQUENCIES.get(dataset_dict.get("update_frequency") or "")
        if code:
            g.remove((dataset_ref, DCT.accrualPeriodicity, None))
            freq = URIRef(EU_FREQUENCY + code)
            g.add((dataset_ref, DCT.accrualPeriodicity, freq))
            g.add((freq, RDF.type, DCT.Frequency))

        if dataset_dict.get("last_updated"):
            g.remove((dataset_ref, DCT.modified, None))
            g.add((dataset_ref, DCT.modified, Literal(dataset_dict["last_updated"], datatype=XSD.date)))

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        pass
