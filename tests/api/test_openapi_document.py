"""The OpenAPI document and its docs: served without credentials, from this site alone, each
status documented once per operation."""

import json
import re

from django.test import Client


def test_the_openapi_document_and_the_docs_load_without_credentials(db):
    client = Client()
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Thaogo API"
    assert "/api/v1/obligations/{obligation_id}/report/submit" in document["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    # Swagger UI comes from this site's static files, not from a CDN.
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
    assert "https://" not in docs


def test_each_status_is_documented_once_per_operation(db):
    raw = Client().get("/api/v1/openapi.json").content.decode()
    assert '"200"' in raw
    assert not re.search(r"[{,]\s*(\d{3})\s*:", raw)
    for operations in json.loads(raw)["paths"].values():
        for operation in operations.values():
            assert "422" in operation["responses"]
            assert "Retry-After" in operation["responses"]["429"]["headers"]
