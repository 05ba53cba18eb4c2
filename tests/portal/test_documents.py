"""The public document system: the same documents as the internal side, only the public ones."""

import pytest

from thaogo.documents.models import DocumentType

pytestmark = pytest.mark.django_db


def listed(client, query: str = "") -> str:
    response = client.get(f"/van-ban/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_public_documents_are_listed_with_number_type_issuer_date_and_abstract(client, portal):
    html = listed(client)
    assert "115/KH-UBND" in html and "01-NQ/QU" in html
    assert "Kế hoạch thu ngân sách năm 2024" in html
    assert "UBND quận Lê Chân" in html
    assert "01/03/2024" in html


def test_private_documents_are_never_listed(client, portal, world):
    html = listed(client) + listed(client, "?q=512") + listed(client, "?q=164")
    assert "512-QĐ/QU" not in html
    assert "164-KH/QU" not in html


def test_plan_164_is_found_by_its_number_and_by_its_type_without_diacritics(client, world):
    world.plan_doc.is_public = True
    world.plan_doc.save()
    for query in ("?q=164", "?q=ke+hoach", "?q=164-KH%2FQU", "?q=PHAN+CONG"):
        assert "164-KH/QU" in listed(client, query), query
    assert "164-KH/QU" not in listed(client, "?q=nghi+quyet")


def test_filters_by_type_issuer_and_year(client, portal, world):
    plan_type = DocumentType.objects.get(code="KH", system="state")
    by_type = listed(client, f"?type={plan_type.pk}")
    assert "115/KH-UBND" in by_type and "01-NQ/QU" not in by_type
    by_issuer = listed(client, f"?issuer={world.district.pk}")
    assert "01-NQ/QU" in by_issuer and "115/KH-UBND" not in by_issuer
    by_year = listed(client, "?year=2020")
    assert "01-NQ/QU" in by_year and "115/KH-UBND" not in by_year
    assert "115/KH-UBND" in listed(client, "?year=abc&type=x&issuer=")  # nonsense is ignored


def test_public_document_file_downloads_and_private_one_is_404(client, portal, world):
    response = client.get(f"/van-ban/{portal.resolution_doc.pk}/tai-ve/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    private = client.get(f"/van-ban/{world.decision.pk}/tai-ve/")
    assert private.status_code == 404
    without_file = client.get(f"/van-ban/{world.state_doc.pk}/tai-ve/")
    assert without_file.status_code == 404


def test_making_a_document_private_removes_it_at_once(client, portal):
    portal.resolution_doc.is_public = False
    portal.resolution_doc.save()
    assert "01-NQ/QU" not in listed(client)
    assert client.get(f"/van-ban/{portal.resolution_doc.pk}/tai-ve/").status_code == 404
