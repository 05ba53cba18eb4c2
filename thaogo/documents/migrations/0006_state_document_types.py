from django.db import migrations

PARTY_BASIS = "Hướng dẫn 36-HD/VPTW"
STATE_BASIS = "Nghị định 30/2020/NĐ-CP, Phụ lục III"
NORMATIVE_BASIS = "Luật Ban hành văn bản quy phạm pháp luật"

# State types (NĐ 30/2020/NĐ-CP): the same code can mean another thing than in the Party
# list (State "TT" is thông tư, Party "TT" thông tri; State "QyĐ" is quy định, Party "QĐi").
STATE_TYPES = [
    ("NQ", "Nghị quyết", "standard", STATE_BASIS),
    ("QĐ", "Quyết định", "standard", STATE_BASIS),
    ("CT", "Chỉ thị", "standard", STATE_BASIS),
    ("QC", "Quy chế", "standard", STATE_BASIS),
    ("QyĐ", "Quy định", "standard", STATE_BASIS),
    ("TC", "Thông cáo", "standard", STATE_BASIS),
    ("TB", "Thông báo", "standard", STATE_BASIS),
    ("HD", "Hướng dẫn", "standard", STATE_BASIS),
    ("CTr", "Chương trình", "standard", STATE_BASIS),
    ("KH", "Kế hoạch", "standard", STATE_BASIS),
    ("PA", "Phương án", "standard", STATE_BASIS),
    ("ĐA", "Đề án", "standard", STATE_BASIS),
    ("DA", "Dự án", "standard", STATE_BASIS),
    ("BC", "Báo cáo", "standard", STATE_BASIS),
    ("BB", "Biên bản", "standard", STATE_BASIS),
    ("TTr", "Tờ trình", "standard", STATE_BASIS),
    ("HĐ", "Hợp đồng", "standard", STATE_BASIS),
    ("CĐ", "Công điện", "standard", STATE_BASIS),
    ("GM", "Giấy mời", "standard", STATE_BASIS),
    ("CV", "Công văn", "letter", STATE_BASIS),
    ("NĐ", "Nghị định", "with_year", NORMATIVE_BASIS),
    ("TT", "Thông tư", "with_year", NORMATIVE_BASIS),
    ("NQ", "Nghị quyết (quy phạm pháp luật)", "with_year", NORMATIVE_BASIS),
    ("QĐ", "Quyết định (quy phạm pháp luật)", "with_year", NORMATIVE_BASIS),
]


def split_lists(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    Document = apps.get_model("documents", "Document")
    # The types seeded so far are the Party list.
    DocumentType.objects.filter(system="party", legal_basis="").update(legal_basis=PARTY_BASIS)
    for order, (code, name, form, basis) in enumerate(STATE_TYPES, start=1):
        DocumentType.objects.get_or_create(
            system="state",
            code=code,
            number_form=form,
            defaults={"name": name, "order": order, "legal_basis": basis},
        )
    # A State body's documents recorded under a Party type move to the State type of the
    # same code (made if the State list lacks it, under the name it had).
    for document in Document.objects.filter(
        issuer__document_style="state", doc_type__system="party"
    ).select_related("doc_type"):
        party = document.doc_type
        state, _created = DocumentType.objects.get_or_create(
            system="state",
            code=party.code,
            number_form="letter" if party.code == "CV" else "standard",
            defaults={"name": party.name, "order": 100 + party.order},
        )
        Document.objects.filter(pk=document.pk).update(doc_type=state)


def join_lists(apps, schema_editor):
    # Back to one list with unique codes: State documents take the Party type of their code.
    DocumentType = apps.get_model("documents", "DocumentType")
    Document = apps.get_model("documents", "Document")
    for state in DocumentType.objects.filter(system="state"):
        party = DocumentType.objects.filter(system="party", code=state.code).first()
        if party is None:
            party = DocumentType.objects.create(
                system="party", code=state.code, name=state.name, order=state.order
            )
        Document.objects.filter(doc_type=state).update(doc_type=party)
        state.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_type_lists_and_number_forms"),
        ("units", "0008_state_bodies_number_per_year"),
    ]
    operations = [migrations.RunPython(split_lists, join_lists)]
