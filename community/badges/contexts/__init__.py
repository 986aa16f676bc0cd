"""The canonical JSON-LD contexts, shipped so processing never touches the network.

Documents still name the canonical URLs; ``document_loader`` answers those URLs
from these files and refuses every other one.
"""

import json
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
VC2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

FILES = {
    OB2_CONTEXT: "openbadges-v2.json",
    "https://openbadgespec.org/v2/context.json": "openbadges-v2.json",
    VC2_CONTEXT: "credentials-v2.jsonld",
    OB3_CONTEXT: "ob-v3p0-context-3.0.3.json",
}


class UnknownContext(ValueError):
    pass


@cache
def load_context(url):
    try:
        name = FILES[url]
    except KeyError:
        raise UnknownContext(url) from None
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def document_loader(url, options=None):
    """A pyld document loader that serves only the shipped contexts."""
    return {"contextUrl": None, "documentUrl": url, "document": load_context(url)}
