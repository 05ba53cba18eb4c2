"""The Excel import: a preview that says what each row does, errors with their row and
column, one transaction, natural keys, and files refused whole."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thaogo.registry.models import ImportBatch
from thaogo.tasks.models import Assignment, AssignmentRole, Metric, Task
from thaogo.units.models import Cadre, Position, Unit

CADRE_HEADERS = [
    "Họ và tên",
    "Ngày sinh",
    "Đơn vị",
    "Tham gia cấp ủy",
    "Các chức vụ đã và đang giữ",
    "Chức danh được quy hoạch",
    "Nhiệm kỳ quy hoạch",
    "Văn bản quyết định quy hoạch",
    "Thư điện tử",
    "Điện thoại",
    "Tài khoản đăng nhập",
    "Đang hoạt động",
]
DISTRICT = "Thành ủy Hải Phòng / Quận ủy Lê Chân"


def workbook_file(
    rows, *, headers=CADRE_HEADERS, name="can-bo.xlsx", build=None
) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if build is not None:
        build(sheet)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def cadre_row(name, born=None, unit=DISTRICT, membership="Ủy viên Ban Chấp hành", **extra):
    row = [name, born, unit, membership, "", extra.get("planned", ""), "", "", "", "", "", "Có"]
    return row


def upload(client, kind, file):
    return client.post(reverse("registry:import_start", args=[kind]), {"file": file})


def preview_of(client, kind, file):
    response = upload(client, kind, file)
    assert response.status_code == 302, response.content.decode()[-3000:]
    return response["Location"], client.get(response["Location"])


@pytest.fixture
def btc(world, client_for):
    return client_for(world.btc)


def test_the_template_has_the_exports_columns(world, btc):
    response = btc.get(reverse("registry:import_template", args=["cadres"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert [c.value for c in sheet[1]] == CADRE_HEADERS
    assert sheet.max_row == 1


def test_the_preview_marks_rows_new_changed_and_in_error(world, btc):
    rows = [
        cadre_row("Đỗ Thị Mai", date(1975, 3, 20)),
        cadre_row("Nguyễn Văn Đạt", None, planned="Bí thư Quận ủy"),  # an existing cadre
        cadre_row("Vũ Văn Khánh", "05/10/1980"),  # 5 October or 10 May?
        cadre_row("Hoàng Văn Long", None, unit="Phường Không Có"),
    ]
    url, page = preview_of(btc, "cadres", workbook_file(rows))
    assert page.status_code == 200
    preview = page.context["preview"]
    assert [row.status for row in preview.rows] == ["new", "changed", "error", "error"]
    changed = preview.rows[1].changes
    assert [(c.label, c.new) for c in changed if c.new == "Bí thư Quận ủy"]
    text = page.content.decode()
    assert "Dòng 4, cột B (Ngày sinh)" in text
    assert "Dòng 5, cột C (Đơn vị)" in text
    assert "Phường Không Có" in text
    assert Cadre.objects.filter(full_name="Đỗ Thị Mai").count() == 0  # nothing written yet

    # With errors, confirming writes nothing.
    refused = btc.post(url, {})
    assert refused.status_code == 400
    assert "Chưa nhập gì" in refused.content.decode()
    assert not Cadre.objects.filter(full_name="Đỗ Thị Mai").exists()

    # "Import only the valid rows" writes them, in one go.
    done = btc.post(url, {"only_valid": "on"})
    assert done.status_code == 302
    assert Cadre.objects.get(full_name="Đỗ Thị Mai").date_of_birth == date(1975, 3, 20)
    assert Cadre.objects.get(full_name="Nguyễn Văn Đạt").planned_position == "Bí thư Quận ủy"
    assert ImportBatch.objects.get().applied_at is not None
    assert btc.get(url).status_code == 404  # an applied import cannot be confirmed twice


def test_an_import_run_twice_creates_nothing_twice(world, btc):
    rows = [cadre_row("Đỗ Thị Mai", date(1975, 3, 20)), cadre_row("Đỗ Thị Mai", date(1980, 1, 2))]
    for _round in range(2):
        url, _page = preview_of(btc, "cadres", workbook_file(rows))
        assert btc.post(url, {}).status_code == 302
    assert Cadre.objects.filter(full_name="Đỗ Thị Mai").count() == 2
    _url, page = preview_of(btc, "cadres", workbook_file(rows))
    assert [row.status for row in page.context["preview"].rows] == ["unchanged", "unchanged"]


@pytest.mark.parametrize("kind", ["cadres", "units", "tasks"])
def test_an_exported_list_imports_back_unchanged(world, btc, kind):
    world.clearance.units.add(world.vinh_niem)
    make_support = Assignment.objects.create(
        task=world.revenue,
        cadre=world.tuan,
        role=AssignmentRole.SUPPORT,
        start_date=world.revenue.start_date,
    )
    assert make_support.pk
    # A count with thousands: written "48650" in the export, since "48.650" reads two ways.
    Metric.objects.create(
        task=world.revenue, name="Số thu ngân sách", unit_id="billion_vnd", target=48650
    )
    export_url = (
        reverse("exports:tasks") if kind == "tasks" else reverse("registry:export", args=[kind])
    )
    response = btc.get(export_url)
    data = b"".join(response.streaming_content)
    before = {model: model.objects.count() for model in (Cadre, Unit, Task, Assignment, Metric)}

    _url, page = preview_of(btc, kind, SimpleUploadedFile("list.xlsx", data))

    statuses = {row.status for row in page.context["preview"].rows}
    errors = [e for row in page.context["preview"].rows for e in row.errors]
    changes = [(row.key, row.changes) for row in page.context["preview"].rows if row.changes]
    assert errors == [] and changes == []
    assert statuses == {"unchanged"}
    assert {model: model.objects.count() for model in before} == before


def test_a_task_imports_with_its_cadres_units_and_metrics_once(world, btc):
    headers = [
        "Kế hoạch", "Mã", "Nhiệm vụ", "Lĩnh vực", "Tính chất", "Đơn vị liên quan", "Chủ trì",
        "Ngày bắt đầu", "Hạn hoàn thành", "Mức độ ưu tiên", "Trạng thái", "Ngày hoàn thành",
        "Thời hạn", "Phối hợp", "Chỉ số",
    ]  # fmt: skip
    row = [
        world.plan.document.symbol, "06", "Xử lý điểm ngập úng", world.clearance.category.name,
        "khó, phức tạp", "Phường Vĩnh Niệm; Phường An Biên", "Trần Thị Hoa",
        date(2024, 1, 15), "31/12/2025", "Cao", "Đang thực hiện", None, None,
        "Lê Minh Tuấn", "Điểm ngập được xử lý: 0 → 12 dự án",
    ]  # fmt: skip
    for _round in range(2):
        url, page = preview_of(btc, "tasks", workbook_file([row], headers=headers))
        assert [r.errors for r in page.context["preview"].rows] == [[]]
        assert btc.post(url, {}).status_code == 302
    task = Task.objects.get(plan=world.plan, code="06")
    assert task.is_hard and task.is_complex and not task.is_new
    assert task.deadline == date(2025, 12, 31)
    assert set(task.units.values_list("name", flat=True)) == {"Phường Vĩnh Niệm", "Phường An Biên"}
    active = task.assignments.filter(end_date__isnull=True)
    assert {(a.cadre.full_name, a.role) for a in active} == {
        ("Trần Thị Hoa", "lead"),
        ("Lê Minh Tuấn", "support"),
    }
    assert [(m.name, m.target) for m in task.metrics.all()] == [("Điểm ngập được xử lý", 12)]


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
REFUSALS = {
    "text": ("can-bo.xlsx", b"Ho va ten;Ngay sinh\nMai;15/10/1975\n", "các cột phân tách"),
    "not_xlsx": ("anh.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "không phải bảng tính Excel"),
    "password": (
        "mat-khau.xlsx",
        OLE + b"\x00" * 100 + "EncryptionInfo".encode("utf-16-le"),
        "đặt mật khẩu",
    ),
    "old_xls": ("cu.xlsx", OLE + b"\x00" * 100, "tệp Excel đời cũ"),
    "corrupt": ("hong.xlsx", b"PK\x03\x04" + b"\x00" * 200, "không phải bảng tính Excel"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_bad_file_is_refused_whole(world, btc, case):
    name, content, message = REFUSALS[case]
    response = upload(btc, "cadres", SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_workbook_with_too_many_rows_is_refused(world, btc, settings):
    settings.THAOGO_IMPORT_MAX_ROWS = 3
    rows = [cadre_row(f"Cán bộ {n}", date(1970, 1, n + 1)) for n in range(4)]
    response = upload(btc, "cadres", workbook_file(rows))
    assert response.status_code == 400
    assert "nhiều hơn 3 dòng" in response.content.decode()


def test_formulas_and_merged_header_cells_are_refused_with_their_cell(world, btc):
    def formula(sheet):
        sheet["F2"] = '=A2&" "'

    def merged(sheet):
        sheet.merge_cells("A1:B1")

    row = [cadre_row("Đỗ Thị Mai", date(1975, 3, 20))]
    response = upload(btc, "cadres", workbook_file(row, build=formula))
    assert response.status_code == 400 and "Ô F2 chứa công thức" in response.content.decode()
    response = upload(btc, "cadres", workbook_file(row, build=merged))
    assert response.status_code == 400 and "A1:B1" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("15/10/1975", date(1975, 10, 15)),
        ("1975-10-05", date(1975, 10, 5)),
        (27682, date(1975, 10, 15)),  # Excel's serial number of 15/10/1975
        ("05/10/1975", None),  # 5 October or 10 May
        (27682.5, None),
        ("31/02/1975", None),
        ("mười lăm", None),
    ],
)
def test_dates_typed_as_text_or_serials_are_read_only_when_unambiguous(world, btc, typed, read):
    _url, page = preview_of(btc, "cadres", workbook_file([cadre_row("Đỗ Thị Mai", typed)]))
    [row] = page.context["preview"].rows
    if read is None:
        assert row.status == "error" and "cột B" in row.errors[0]
    else:
        assert row.status == "new" and row.data["date_of_birth"] == read


def test_a_preview_belongs_to_its_uploader(world, btc, client_for):
    url, _page = preview_of(
        btc, "cadres", workbook_file([cadre_row("Đỗ Thị Mai", date(1975, 3, 20))])
    )
    assert client_for(world.office).get(url).status_code == 404
    assert client_for(world.office).post(url, {}).status_code == 404
    assert not Cadre.objects.filter(full_name="Đỗ Thị Mai").exists()


@pytest.mark.parametrize(
    ("name", "extra"),
    [("registry:cadre_list", "cadres"), ("registry:unit_list", "units")],
)
def test_register_lists_take_the_same_queries_for_more_rows(
    world, btc, make, django_assert_max_num_queries, name, extra
):
    made = iter(range(10, 100))

    def add(count: int) -> None:
        for _ in range(count):
            n = next(made)
            unit = make.unit(f"Tổ dân phố số {n}", parent=world.vinh_niem)
            make.cadre(f"Cán bộ thử {n}", unit=unit, positions=(("Tổ trưởng", unit),))

    add(2)
    with django_assert_max_num_queries(12) as few:
        assert btc.get(reverse(name)).status_code == 200
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert btc.get(reverse(name)).status_code == 200


def exported(client, kind: str) -> Workbook:
    response = client.get(reverse("registry:export", args=[kind]))
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def saved(book: Workbook, name: str = "list.xlsx") -> SimpleUploadedFile:
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def sheet_row(sheet, first_cell: str) -> int:
    [number] = [row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value == first_cell]
    return number


def import_twice(client, kind: str, file_data: bytes) -> list:
    """Import the same file twice; the statuses of the first preview's rows that change."""
    url, page = preview_of(client, kind, SimpleUploadedFile("list.xlsx", file_data))
    rows = [(row.status, row.changes, row.errors) for row in page.context["preview"].rows]
    assert client.post(url, {}).status_code == 302
    url, page = preview_of(client, kind, SimpleUploadedFile("list.xlsx", file_data))
    assert {row.status for row in page.context["preview"].rows} == {"unchanged"}
    return [row for row in rows if row[0] != "unchanged"]


def test_a_unit_renamed_in_the_sheet_is_renamed_not_created_again(world, btc):
    book = exported(btc, "units")
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [
        "Tên đơn vị", "Đơn vị cấp trên", "Loại", "Tên viết tắt", "Mã cơ quan ban hành",
        "Cách đánh số văn bản", "Đang hoạt động",
        "Mã số trong Thaogo (giữ nguyên: đơn vị đổi tên được nhận ra nhờ mã này)",
    ]  # fmt: skip
    row = sheet_row(sheet, "Phường Vĩnh Niệm")
    sheet.cell(row, 1).value = "Phường Vĩnh Niệm mới"
    count = Unit.objects.count()
    out = io.BytesIO()
    book.save(out)

    changed = import_twice(btc, "units", out.getvalue())

    assert [(status, [(c.old, c.new) for c in changes]) for status, changes, _e in changed] == [
        ("changed", [("Phường Vĩnh Niệm", "Phường Vĩnh Niệm mới")])
    ]
    assert Unit.objects.count() == count
    renamed = Unit.objects.get(pk=world.vinh_niem.pk)
    assert renamed.name == "Phường Vĩnh Niệm mới"
    # Its sub-units stay under it, and the cadres in it with it.
    assert Unit.objects.get(pk=world.residential_group.pk).parent_id == renamed.pk


def test_an_unknown_thaogo_id_is_an_error_of_its_row(world, btc):
    book = exported(btc, "units")
    sheet = book.worksheets[0]
    sheet.cell(sheet_row(sheet, "Phường Vĩnh Niệm"), 8).value = 999999
    count = Unit.objects.count()
    url, page = preview_of(btc, "units", saved(book))
    [error] = [row for row in page.context["preview"].rows if row.status == "error"]
    assert "999999" in error.errors[0] and "cột H" in error.errors[0]
    assert btc.post(url, {}).status_code == 400
    assert Unit.objects.count() == count


def test_positions_and_the_login_account_round_trip(world, btc, django_capture_on_commit_callbacks):
    Position.objects.create(
        cadre=world.tuan,
        title="Bí thư Đảng ủy phường",
        unit=world.vinh_niem,
        start_date=date(2021, 1, 15),
    )
    Position.objects.create(
        cadre=world.tuan,
        title="Phó Chủ tịch UBND phường",
        unit=world.vinh_niem,
        start_date=date(2016, 5, 1),
        end_date=date(2020, 12, 31),
    )
    book = exported(btc, "cadres")
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == CADRE_HEADERS
    tuan = sheet_row(sheet, "Lê Minh Tuấn")
    positions = sheet.cell(tuan, 5).value
    assert "Bí thư Đảng ủy phường (Thành ủy Hải Phòng / Quận ủy Lê Chân / Phường Vĩnh Niệm, " \
        "15/01/2021 –)" in positions  # fmt: skip
    assert "01/05/2016 – 31/12/2020" in positions
    # Edit: the first post ends, and a login account is asked for.
    sheet.cell(tuan, 5).value = positions.replace("15/01/2021 –)", "15/01/2021 – 30/06/2025)")
    sheet.cell(tuan, 9).value = "tuan@example.vn"
    sheet.cell(tuan, 11).value = "leminhtuan"
    before = {model: model.objects.count() for model in (Cadre, Position)}
    out = io.BytesIO()
    book.save(out)

    with django_capture_on_commit_callbacks(execute=True):
        changed = import_twice(btc, "cadres", out.getvalue())

    [(status, changes, errors)] = changed
    assert status == "changed" and errors == []
    labels = {c.label for c in changes}
    assert labels == {"Các chức vụ đã và đang giữ", "Thư điện tử", "Tài khoản đăng nhập"}
    assert {model: model.objects.count() for model in before} == before
    ended = Position.objects.get(cadre=world.tuan, title="Bí thư Đảng ủy phường")
    assert ended.end_date == date(2025, 6, 30) and ended.history.count() == 2
    tuan_now = Cadre.objects.get(pk=world.tuan.pk)
    assert tuan_now.user.username == "leminhtuan" and not tuan_now.user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["tuan@example.vn"]


def test_a_login_account_is_not_renamed_by_an_import(world, btc):
    book = exported(btc, "cadres")
    sheet = book.worksheets[0]
    row = sheet_row(sheet, world.cadre.cadre.full_name)
    assert sheet.cell(row, 11).value == world.cadre.username
    sheet.cell(row, 11).value = "ten-khac"
    url, page = preview_of(btc, "cadres", saved(book))
    [error] = [row for row in page.context["preview"].rows if row.status == "error"]
    assert "không thể đổi tên" in error.errors[0]
    assert btc.post(url, {}).status_code == 400
    assert User.objects.get(pk=world.cadre.pk).username == world.cadre.username


def test_a_position_written_wrongly_is_an_error_of_its_cell(world, btc):
    row = cadre_row("Đỗ Thị Mai", date(1975, 3, 20))
    row[4] = "Bí thư (Phường Không Có, 01/01/2021 – )"
    _url, page = preview_of(btc, "cadres", workbook_file([row]))
    [result] = page.context["preview"].rows
    assert result.status == "error" and "cột E" in result.errors[0]
    assert "Phường Không Có" in result.errors[0]
