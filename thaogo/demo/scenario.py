"""The demo scenario: Plan 164-KH/QU of the Lê Chân District Party Committee, as plain data.

Every person here is fictional. Dates are written in the original calendar (late 2023 to
2025, with "now" on 15/10/2024); the loader moves them by whole years so that the demo
never looks stale. Deadlines and completions that must keep a useful timing mix at any
date are written relative to "now" with `FromNow`.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# The scenario's own "now"; any other load date is mapped onto this calendar year.
ORIGINAL_NOW = date(2024, 10, 15)
PARTY_TERM = "2020-2025"
# From the district congress to the end of the district level (1/7/2025).
PARTY_TERM_START = date(2020, 8, 20)
PARTY_TERM_END = date(2025, 6, 30)
DEMO_PASSWORD = "demo"  # published on purpose: every demo account uses it
# Published on purpose too: a read-only API token of the Organization Board's account, so the
# JSON API can be tried on the demo at once (curl, or a dashboard being built).
DEMO_API_TOKEN = "thg_demo-chi-doc"
DEMO_API_TOKEN_USER = "btc"
EMAIL_DOMAIN = "thaogo.local"


@dataclass(frozen=True)
class FromNow:
    """A date `days` after (or, if negative, before) the scenario's "now"."""

    days: int


# A task date: fixed in the original calendar, relative to now, or absent.
ScenarioDate = date | FromNow | None


@dataclass(frozen=True)
class UnitSpec:
    key: str
    name: str
    kind: str  # a UnitKind code seeded by units/migrations/0002
    parent: str | None = None
    issuer_code: str = ""
    state_style: bool = False
    short_name: str = ""


@dataclass(frozen=True)
class CadreSpec:
    key: str
    full_name: str
    unit: str
    membership: str  # CommitteeMembership value
    planned_position: str
    positions: tuple[tuple[str, str], ...]  # (title, unit key)


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str  # accounts.models.Role value
    unit: str | None
    full_name: str
    cadre: str | None = None
    is_superuser: bool = False


@dataclass(frozen=True)
class DocumentSpec:
    key: str
    number: int
    doc_type: str
    issuer: str
    issued_on: date
    abstract: str
    is_public: bool = False
    # Party documents number per committee term; State documents per calendar year,
    # which the loader derives from the (moved) date when this is empty.
    series: str = PARTY_TERM
    attach_pdf: bool = False


@dataclass(frozen=True)
class PlanSpec:
    document: str
    title: str
    issuing_body: str
    start_date: date
    end_date: date


@dataclass(frozen=True)
class MetricSpec:
    name: str
    unit: str  # the code of a UnitOfMeasure
    baseline: Decimal
    target: Decimal
    # Share of the way from baseline to target reached by the task's end; None: the task's.
    reached: float | None = None


@dataclass(frozen=True)
class SupportSpec:
    cadre: str
    start: date | None = None  # None: from the task's start
    end: date | None = None  # None: still supporting
    decision: str | None = None  # None: the plan itself
    note: str = ""
    end_note: str = ""


@dataclass(frozen=True)
class ReassignmentSpec:
    cadre: str
    on: date
    decision: str
    note: str = ""


@dataclass(frozen=True)
class TaskSpec:
    code: str
    category: str
    title: str
    description: str
    units: tuple[str, ...]
    start: date
    deadline: ScenarioDate
    completes_on: ScenarioDate
    priority: int
    lead: str
    metrics: tuple[MetricSpec, ...]
    reached: float = 1.0
    hard: bool = False
    new: bool = False
    backlogged: bool = False
    complex: bool = False
    supports: tuple[SupportSpec, ...] = ()
    reassignments: tuple[ReassignmentSpec, ...] = ()
    decision: str | None = None  # the document that assigned the first lead; None: the plan
    result: str = ""  # result summary once completed


def _d(text: str) -> Decimal:
    return Decimal(text)


UNITS: tuple[UnitSpec, ...] = (
    UnitSpec("tu", "Thành ủy Hải Phòng", "party-committee", None, "TU", short_name="Thành ủy"),
    UnitSpec("qu", "Quận ủy Lê Chân", "party-committee", "tu", "QU", short_name="Quận ủy"),
    UnitSpec("btv", "Ban Thường vụ Quận ủy Lê Chân", "standing-committee", "qu", "", False, "BTV"),
    UnitSpec("btc", "Ban Tổ chức Quận ủy Lê Chân", "advisory-board", "qu", "BTCQU", False, "BTC"),
    UnitSpec("vp", "Văn phòng Quận ủy Lê Chân", "party-office", "qu", "VPQU", False, "Văn phòng"),
    UnitSpec(
        "ubnd", "Ủy ban nhân dân quận Lê Chân", "peoples-committee", "qu", "UBND", True, "UBND quận"
    ),
    UnitSpec("tckh", "Phòng Tài chính - Kế hoạch quận", "agency", "ubnd", "TCKH", True),
    UnitSpec("tnmt", "Phòng Tài nguyên và Môi trường quận", "agency", "ubnd", "TNMT", True),
    UnitSpec("qldt", "Phòng Quản lý đô thị quận", "agency", "ubnd", "QLĐT", True),
    UnitSpec("qlda", "Ban Quản lý dự án đầu tư xây dựng quận", "agency", "ubnd", "BQLDA", True),
    UnitSpec("qdat", "Trung tâm Phát triển quỹ đất quận", "agency", "ubnd", "TTPTQĐ", True),
    UnitSpec("tt", "Thanh tra quận", "agency", "ubnd", "TTr", True),
    UnitSpec("thue", "Chi cục Thuế quận Lê Chân", "agency", "ubnd", "CCT", True),
    *(
        UnitSpec(key, f"Phường {name}", "ward", "qu", "ĐU", short_name=name)
        for key, name in (
            ("an-bien", "An Biên"),
            ("an-duong", "An Dương"),
            ("cat-dai", "Cát Dài"),
            ("du-hang", "Dư Hàng"),
            ("du-hang-kenh", "Dư Hàng Kênh"),
            ("dong-hai", "Đông Hải"),
            ("hang-kenh", "Hàng Kênh"),
            ("ho-nam", "Hồ Nam"),
            ("kenh-duong", "Kênh Dương"),
            ("lam-son", "Lam Sơn"),
            ("nghia-xa", "Nghĩa Xá"),
            ("niem-nghia", "Niệm Nghĩa"),
            ("trai-cau", "Trại Cau"),
            ("tran-nguyen-han", "Trần Nguyên Hãn"),
            ("vinh-niem", "Vĩnh Niệm"),
        )
    ),
)

STANDING = "standing"
EXECUTIVE = "executive"
UV_BTV = ("Ủy viên Ban Thường vụ Quận ủy", "qu")
UV_BCH = ("Ủy viên Ban Chấp hành Đảng bộ quận", "qu")

# Seventeen fictional cadres, in the order of their accounts canbo01..canbo17.
# What the registers hold about each cadre beyond the seed (fictional, like the cadres).
POSITIONS_FROM = date(2020, 10, 20)  # the district congress that began the 2020-2025 term
PLANNING_TERM = "2025-2030"
PLANNING_DECISION = "1245-QĐ/TU"


def cadre_date_of_birth(number: int) -> date:
    """A fictional date of birth: cadres born between 1966 and 1982."""
    return date(1966 + (number * 7) % 17, 1 + (number * 5) % 12, 1 + (number * 11) % 28)


CADRES: tuple[CadreSpec, ...] = (
    CadreSpec(
        "c01",
        "Phạm Quốc Đạt",
        "ubnd",
        STANDING,
        "Chủ tịch UBND quận",
        (UV_BTV, ("Phó Chủ tịch Thường trực UBND quận", "ubnd")),
    ),
    CadreSpec(
        "c02",
        "Nguyễn Thị Thu Hằng",
        "vp",
        STANDING,
        "Trưởng Ban Dân vận Quận ủy",
        (UV_BTV, ("Chánh Văn phòng Quận ủy", "vp")),
    ),
    CadreSpec(
        "c03",
        "Trần Minh Đức",
        "vinh-niem",
        EXECUTIVE,
        "Bí thư Đảng ủy phường",
        (UV_BCH, ("Chủ tịch UBND phường Vĩnh Niệm", "vinh-niem")),
    ),
    CadreSpec(
        "c04",
        "Vũ Đình Khôi",
        "vinh-niem",
        EXECUTIVE,
        "Ủy viên Ban Thường vụ Quận ủy",
        (UV_BCH, ("Bí thư Đảng ủy phường Vĩnh Niệm", "vinh-niem")),
    ),
    CadreSpec(
        "c05",
        "Lê Thị Ngọc Ánh",
        "tckh",
        EXECUTIVE,
        "Phó Chủ tịch UBND quận",
        (UV_BCH, ("Trưởng phòng Tài chính - Kế hoạch quận", "tckh")),
    ),
    CadreSpec(
        "c06",
        "Hoàng Văn Tuấn",
        "ubnd",
        STANDING,
        "Phó Bí thư Quận ủy",
        (UV_BTV, ("Phó Chủ tịch UBND quận", "ubnd")),
    ),
    CadreSpec(
        "c07",
        "Bùi Thị Lan Phương",
        "du-hang-kenh",
        EXECUTIVE,
        "Ủy viên Ban Thường vụ Quận ủy",
        (UV_BCH, ("Bí thư Đảng ủy phường Dư Hàng Kênh", "du-hang-kenh")),
    ),
    CadreSpec(
        "c08",
        "Đỗ Mạnh Cường",
        "qlda",
        EXECUTIVE,
        "Phó Chủ tịch UBND quận",
        (UV_BCH, ("Giám đốc Ban Quản lý dự án đầu tư xây dựng quận", "qlda")),
    ),
    CadreSpec(
        "c09",
        "Ngô Thanh Tùng",
        "tt",
        EXECUTIVE,
        "Chủ nhiệm Ủy ban Kiểm tra Quận ủy",
        (UV_BCH, ("Chánh Thanh tra quận", "tt")),
    ),
    CadreSpec(
        "c10",
        "Phan Thị Mai Hương",
        "tnmt",
        EXECUTIVE,
        "Phó Chủ tịch UBND quận",
        (UV_BCH, ("Trưởng phòng Tài nguyên và Môi trường quận", "tnmt")),
    ),
    CadreSpec(
        "c11",
        "Đặng Quang Vinh",
        "qu",
        STANDING,
        "Phó Bí thư Thường trực Quận ủy",
        (UV_BTV, ("Chủ nhiệm Ủy ban Kiểm tra Quận ủy", "qu")),
    ),
    CadreSpec(
        "c12",
        "Lương Văn Thắng",
        "hang-kenh",
        EXECUTIVE,
        "Bí thư Đảng ủy phường",
        (UV_BCH, ("Chủ tịch UBND phường Hàng Kênh", "hang-kenh")),
    ),
    CadreSpec(
        "c13",
        "Trịnh Thị Kim Oanh",
        "an-bien",
        EXECUTIVE,
        "Ủy viên Ban Thường vụ Quận ủy",
        (UV_BCH, ("Bí thư Đảng ủy phường An Biên", "an-bien")),
    ),
    CadreSpec(
        "c14",
        "Mai Xuân Trường",
        "qldt",
        EXECUTIVE,
        "Phó Chủ tịch UBND quận",
        (UV_BCH, ("Trưởng phòng Quản lý đô thị quận", "qldt")),
    ),
    CadreSpec(
        "c15",
        "Tô Văn Hiếu",
        "kenh-duong",
        EXECUTIVE,
        "Bí thư Đảng ủy phường",
        (UV_BCH, ("Chủ tịch UBND phường Kênh Dương", "kenh-duong")),
    ),
    CadreSpec(
        "c16",
        "Cao Thị Bích Ngọc",
        "thue",
        EXECUTIVE,
        "Phó Chủ tịch UBND quận",
        (UV_BCH, ("Chi cục trưởng Chi cục Thuế quận Lê Chân", "thue")),
    ),
    CadreSpec(
        "c17",
        "Hà Minh Quân",
        "ho-nam",
        EXECUTIVE,
        "Ủy viên Ban Thường vụ Quận ủy",
        (UV_BCH, ("Bí thư Đảng ủy phường Hồ Nam", "ho-nam")),
    ),
)

# Fictional names for the accounts that are not cadres.
ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec("btv", "standing_committee", "qu", "Lê Quang Hiển"),
    AccountSpec("btc", "organization_board", "qu", "Nguyễn Thị Thanh Tâm"),
    AccountSpec("vanphong", "office", "qu", "Phạm Thị Thu Trà"),
    *(
        AccountSpec(f"canbo{number:02d}", "cadre", cadre.unit, cadre.full_name, cadre.key)
        for number, cadre in enumerate(CADRES, start=1)
    ),
    AccountSpec("phuong", "unit_staff", "vinh-niem", "Vũ Thị Hồng Nhung"),
    AccountSpec("bientap", "portal_editor", "qu", "Đinh Tiến Lộc"),
    AccountSpec("admin", "administrator", "qu", "Lưu Đức Anh", is_superuser=True),
)
# The account that creates and assigns everything, as the Organization Board does.
MANAGER_USERNAME = "btc"

PLAN_DOCUMENT = "kh164"
QD_REASSIGN_06 = "qd215"
QD_ADDITIONS = "qd231"
QD_REASSIGN_15 = "qd248"

DOCUMENTS: tuple[DocumentSpec, ...] = (
    DocumentSpec(
        "nq01",
        1,
        "NQ",
        "qu",
        date(2020, 8, 20),
        "Nghị quyết Đại hội đại biểu Đảng bộ quận Lê Chân lần thứ XXIV, nhiệm kỳ 2020-2025",
        is_public=True,
    ),
    DocumentSpec(
        PLAN_DOCUMENT,
        164,
        "KH",
        "qu",
        date(2023, 11, 29),
        "Phân công cán bộ được quy hoạch chức vụ cao hơn tham gia chỉ đạo giải quyết một số "
        "việc khó, mới, tồn đọng kéo dài, phức tạp tại địa phương",
        is_public=True,
        attach_pdf=True,
    ),
    DocumentSpec(
        "kh115",
        115,
        "KH",
        "ubnd",
        date(2024, 3, 12),
        "Triển khai công tác bồi thường, hỗ trợ, tái định cư và giải phóng mặt bằng các dự án "
        "trọng điểm trên địa bàn quận",
        is_public=True,
        series="",
    ),
    DocumentSpec(
        QD_REASSIGN_06,
        215,
        "QĐ",
        "qu",
        date(2024, 3, 25),
        "Điều chỉnh phân công cán bộ chủ trì chỉ đạo đẩy nhanh giải ngân vốn đầu tư công "
        "theo Kế hoạch số 164-KH/QU",
    ),
    DocumentSpec(
        QD_ADDITIONS,
        231,
        "QĐ",
        "qu",
        date(2024, 5, 15),
        "Bổ sung nhiệm vụ và phân công thêm cán bộ tham gia chỉ đạo giải quyết việc khó, mới, "
        "tồn đọng kéo dài, phức tạp theo Kế hoạch số 164-KH/QU",
    ),
    DocumentSpec(
        "tb312",
        312,
        "TB",
        "qu",
        date(2024, 7, 22),
        "Kết luận của Ban Thường vụ Quận ủy về kết quả 6 tháng thực hiện Kế hoạch số "
        "164-KH/QU; nhiệm vụ trọng tâm những tháng cuối năm",
    ),
    DocumentSpec(
        QD_REASSIGN_15,
        248,
        "QĐ",
        "qu",
        date(2024, 7, 10),
        "Điều chỉnh phân công cán bộ chủ trì chỉ đạo tháo gỡ vướng mắc dự án di dời, cải tạo "
        "chợ Hàng",
    ),
)

PLAN = PlanSpec(
    document=PLAN_DOCUMENT,
    title=(
        "Phân công cán bộ được quy hoạch chức vụ cao hơn tham gia chỉ đạo giải quyết việc "
        "khó, mới, tồn đọng kéo dài, phức tạp"
    ),
    issuing_body="btv",
    start_date=date(2023, 11, 29),
    end_date=date(2025, 12, 31),
)

HOUSEHOLDS = "households"
M2 = "m2"
HA = "ha"
BILLION = "billion_vnd"
PERCENT = "percent"
CASES = "cases"
PROJECTS = "projects"
INCIDENTS = "incidents"  # vụ việc
FILES = "files"  # hồ sơ
POINTS = "points"  # điểm
WORKS = "works"  # công trình
PREMISES = "premises"  # cơ sở

# Timing at the default date (15/10/2024), which the tests check:
#   completed on time 03 07 12 20 · completed late 04 17 18 · overdue 02 08 11 16 ·
#   near due 05 19 · no deadline 13 22 · on track 01 06 09 10 14 15 21 23 24.
# 03 07 12 17 18 (completed), 02 08 16 (overdue) and 05 19 (near due) are relative to now,
# so every load date has at least that mix.
TASKS: tuple[TaskSpec, ...] = (
    TaskSpec(
        code="01",
        category="site-clearance",
        title="Giải phóng mặt bằng dự án đường Hồ Sen – Cầu Rào 2 đoạn qua phường Vĩnh Niệm",
        description=(
            "Vận động, kiểm đếm, áp giá và chi trả bồi thường cho các hộ dân còn lại trên "
            "tuyến; bàn giao mặt bằng sạch để chủ đầu tư thi công đúng tiến độ."
        ),
        units=("vinh-niem",),
        start=date(2023, 12, 1),
        deadline=date(2025, 6, 30),
        completes_on=None,
        priority=4,
        lead="c01",
        hard=True,
        backlogged=True,
        complex=True,
        metrics=(
            MetricSpec("Số hộ đã bàn giao mặt bằng", HOUSEHOLDS, _d("0"), _d("312")),
            MetricSpec("Diện tích đã giải phóng", M2, _d("0"), _d("48650")),
        ),
        supports=(SupportSpec("c03"), SupportSpec("c10")),
    ),
    TaskSpec(
        code="02",
        category="site-clearance",
        title="Giải phóng mặt bằng mở rộng tuyến đường Thiên Lôi đoạn qua phường Vĩnh Niệm, "
        "Dư Hàng Kênh",
        description=(
            "Hoàn thành chi trả bồi thường, hỗ trợ cho các hộ bị ảnh hưởng; xử lý dứt điểm "
            "các trường hợp chưa đồng thuận với phương án bồi thường."
        ),
        units=("vinh-niem", "du-hang-kenh"),
        start=date(2023, 12, 1),
        deadline=FromNow(-21),
        completes_on=None,
        reached=0.78,
        priority=4,
        lead="c04",
        hard=True,
        complex=True,
        metrics=(
            MetricSpec("Số hộ đã nhận tiền bồi thường", HOUSEHOLDS, _d("0"), _d("146")),
            MetricSpec("Diện tích đã bàn giao", M2, _d("0"), _d("15200")),
        ),
        supports=(SupportSpec("c03"),),
    ),
    TaskSpec(
        code="03",
        category="site-clearance",
        title="Giải phóng mặt bằng dự án hồ điều hòa và công viên cây xanh phường Dư Hàng Kênh",
        description=(
            "Thu hồi đất, bồi thường và bố trí tái định cư cho các hộ trong phạm vi dự án; "
            "di chuyển hạ tầng điện, nước, viễn thông."
        ),
        units=("du-hang-kenh", "qdat"),
        start=date(2023, 12, 1),
        deadline=date(2024, 12, 31),
        completes_on=FromNow(-12),
        priority=3,
        lead="c07",
        hard=True,
        new=True,
        metrics=(
            MetricSpec("Số hộ đã bàn giao mặt bằng", HOUSEHOLDS, _d("0"), _d("58")),
            MetricSpec("Diện tích đã giải phóng", HA, _d("0"), _d("4.6")),
        ),
        result="Đã bàn giao toàn bộ mặt bằng cho chủ đầu tư; không phát sinh khiếu nại.",
    ),
    TaskSpec(
        code="04",
        category="site-clearance",
        title="Xử lý dứt điểm các hộ chưa bàn giao mặt bằng dự án mở rộng tuyến đường Lam Sơn – "
        "Hồ Nam",
        description=(
            "Đối thoại, vận động từng hộ; trường hợp cố tình không chấp hành thì tổ chức "
            "cưỡng chế thu hồi đất theo quy định."
        ),
        units=("lam-son", "ho-nam"),
        start=date(2023, 12, 5),
        deadline=date(2024, 3, 31),
        completes_on=date(2024, 5, 17),
        priority=3,
        lead="c17",
        hard=True,
        backlogged=True,
        metrics=(MetricSpec("Số hộ chưa bàn giao mặt bằng", HOUSEHOLDS, _d("27"), _d("0")),),
        result="27/27 hộ đã bàn giao mặt bằng, trong đó 2 hộ phải tổ chức cưỡng chế.",
    ),
    TaskSpec(
        code="05",
        category="site-clearance",
        title="Giải phóng mặt bằng dự án kè sông Lạch Tray đoạn qua phường Kênh Dương, Vĩnh Niệm",
        description=(
            "Kiểm đếm, lập phương án bồi thường và chi trả cho các hộ ven sông; phối hợp "
            "chủ đầu tư bố trí tái định cư tại chỗ."
        ),
        units=("kenh-duong", "vinh-niem"),
        start=date(2023, 12, 1),
        deadline=FromNow(2),
        completes_on=None,
        reached=0.93,
        priority=3,
        lead="c15",
        hard=True,
        complex=True,
        metrics=(
            MetricSpec("Số hộ đã bàn giao mặt bằng", HOUSEHOLDS, _d("0"), _d("89")),
            MetricSpec("Diện tích đã giải phóng", M2, _d("0"), _d("21300")),
        ),
        supports=(SupportSpec("c04"),),
    ),
    TaskSpec(
        code="06",
        category="public-investment",
        title="Đẩy nhanh giải ngân vốn đầu tư công các dự án do quận làm chủ đầu tư",
        description=(
            "Rà soát từng dự án, điều chuyển vốn từ dự án chậm giải ngân sang dự án có khối "
            "lượng; xử lý vướng mắc về thủ tục thanh toán."
        ),
        units=("qlda", "tckh"),
        start=date(2023, 12, 1),
        deadline=date(2024, 12, 31),
        completes_on=date(2025, 1, 20),
        priority=4,
        lead="c05",
        hard=True,
        backlogged=True,
        metrics=(
            MetricSpec("Tỷ lệ giải ngân kế hoạch vốn được giao", PERCENT, _d("0"), _d("95")),
            MetricSpec("Giá trị vốn đã giải ngân", BILLION, _d("0"), _d("612.5")),
        ),
        supports=(SupportSpec("c14"),),
        reassignments=(
            ReassignmentSpec(
                "c08",
                date(2024, 4, 1),
                QD_REASSIGN_06,
                "Điều chỉnh phân công theo Quyết định số 215-QĐ/QU.",
            ),
        ),
    ),
    TaskSpec(
        code="07",
        category="public-investment",
        title="Hoàn thành quyết toán các dự án đầu tư công đã hoàn thành còn tồn đọng",
        description=(
            "Đôn đốc chủ đầu tư, nhà thầu hoàn thiện hồ sơ; thẩm tra, phê duyệt quyết toán "
            "dứt điểm các dự án hoàn thành chậm quyết toán."
        ),
        units=("tckh",),
        start=date(2023, 11, 29),
        deadline=date(2024, 12, 31),
        completes_on=FromNow(-6),
        priority=2,
        lead="c05",
        backlogged=True,
        metrics=(MetricSpec("Số dự án hoàn thành chưa quyết toán", PROJECTS, _d("23"), _d("0")),),
        result="Đã phê duyệt quyết toán 23/23 dự án tồn đọng.",
    ),
    TaskSpec(
        code="08",
        category="public-investment",
        title="Xây dựng Trường Tiểu học Vĩnh Niệm (cơ sở 2): tháo gỡ vướng mắc, đẩy nhanh thi "
        "công và giải ngân",
        description=(
            "Xử lý phần diện tích còn vướng mắc mặt bằng, điều chỉnh thiết kế phù hợp; đảm "
            "bảo đưa công trình vào sử dụng cho năm học mới."
        ),
        units=("qlda", "vinh-niem"),
        start=date(2023, 12, 1),
        deadline=FromNow(-9),
        completes_on=None,
        reached=0.84,
        priority=3,
        lead="c03",
        hard=True,
        new=True,
        metrics=(
            MetricSpec("Khối lượng thi công hoàn thành", PERCENT, _d("0"), _d("100")),
            MetricSpec("Giá trị vốn đã giải ngân", BILLION, _d("0"), _d("86.4"), reached=0.71),
        ),
        supports=(SupportSpec("c08"),),
    ),
    TaskSpec(
        code="09",
        category="public-investment",
        title="Cải tạo hạ tầng kỹ thuật các tuyến ngõ, khu dân cư phường Trại Cau, Lam Sơn",
        description=(
            "Triển khai đầu tư theo phương thức Nhà nước và nhân dân cùng làm; ưu tiên các "
            "tuyến ngõ thường xuyên ngập úng."
        ),
        units=("trai-cau", "lam-son", "qlda"),
        start=date(2024, 1, 15),
        deadline=date(2025, 9, 30),
        completes_on=None,
        priority=2,
        lead="c14",
        new=True,
        metrics=(
            MetricSpec("Số công trình hoàn thành", WORKS, _d("0"), _d("14")),
            MetricSpec("Giá trị vốn đã giải ngân", BILLION, _d("0"), _d("38.2")),
        ),
    ),
    TaskSpec(
        code="10",
        category="budget-revenue",
        title="Thu tiền sử dụng đất từ các dự án đấu giá quyền sử dụng đất trên địa bàn quận",
        description=(
            "Hoàn thiện hồ sơ pháp lý, tổ chức đấu giá các khu đất đã đủ điều kiện; đôn đốc "
            "người trúng đấu giá nộp tiền đúng hạn."
        ),
        units=("tnmt", "tckh"),
        start=date(2023, 12, 1),
        deadline=date(2024, 12, 31),
        completes_on=date(2024, 12, 20),
        priority=4,
        lead="c10",
        hard=True,
        new=True,
        metrics=(MetricSpec("Tiền sử dụng đất đã thu", BILLION, _d("0"), _d("1250")),),
        supports=(
            SupportSpec("c05"),
            SupportSpec(
                "c16",
                end=date(2024, 8, 31),
                end_note=(
                    "Thôi tham gia phối hợp do điều chỉnh nhiệm vụ theo Thông báo số 312-TB/QU."
                ),
            ),
        ),
        result="Thu đạt 1.250 tỷ đồng tiền sử dụng đất, đạt 100% kế hoạch.",
    ),
    TaskSpec(
        code="11",
        category="budget-revenue",
        title="Thu hồi nợ đọng thuế, tiền thuê đất của doanh nghiệp trên địa bàn",
        description=(
            "Phân loại nợ, áp dụng các biện pháp cưỡng chế theo quy định; công khai danh "
            "sách doanh nghiệp nợ đọng kéo dài."
        ),
        units=("thue", "tckh"),
        start=date(2023, 12, 1),
        deadline=date(2024, 6, 30),
        completes_on=date(2024, 12, 20),
        priority=3,
        lead="c16",
        backlogged=True,
        complex=True,
        metrics=(
            MetricSpec("Số tiền thuế nợ đọng", BILLION, _d("96.8"), _d("20")),
            MetricSpec("Số trường hợp nợ đọng kéo dài", CASES, _d("142"), _d("40")),
        ),
        supports=(SupportSpec("c05"),),
        result="Giảm nợ đọng còn 20 tỷ đồng; 102 trường hợp đã nộp đủ hoặc bị cưỡng chế.",
    ),
    TaskSpec(
        code="12",
        category="budget-revenue",
        title="Chống thất thu thuế đối với hộ kinh doanh tại các chợ, tuyến phố kinh doanh",
        description=(
            "Rà soát, đưa vào quản lý thuế các hộ kinh doanh chưa kê khai; áp dụng hóa đơn "
            "điện tử khởi tạo từ máy tính tiền."
        ),
        units=("thue", "an-bien", "cat-dai"),
        start=date(2023, 12, 1),
        deadline=date(2024, 12, 31),
        completes_on=FromNow(-18),
        priority=2,
        lead="c13",
        new=True,
        metrics=(
            MetricSpec("Số thu tăng thêm", BILLION, _d("0"), _d("45")),
            MetricSpec("Tỷ lệ hộ kinh doanh được quản lý thuế", PERCENT, _d("72"), _d("98")),
        ),
        supports=(SupportSpec("c16"),),
        result="Đưa thêm 1.180 hộ kinh doanh vào quản lý thuế; số thu tăng 45 tỷ đồng.",
    ),
    TaskSpec(
        code="13",
        category="budget-revenue",
        title="Thu hồi tiền sử dụng đất còn nợ của các hộ được giao đất tái định cư",
        description=(
            "Rà soát từng hồ sơ nợ tiền sử dụng đất tái định cư; vận động nộp hoặc lập thủ "
            "tục ghi nợ theo quy định."
        ),
        units=("tckh", "du-hang-kenh"),
        start=date(2023, 12, 1),
        deadline=None,
        completes_on=None,
        reached=0.8,
        priority=2,
        lead="c11",
        backlogged=True,
        complex=True,
        metrics=(
            MetricSpec("Số hộ còn nợ tiền sử dụng đất", HOUSEHOLDS, _d("64"), _d("0")),
            MetricSpec("Số tiền đã thu", BILLION, _d("0"), _d("18.7")),
        ),
    ),
    TaskSpec(
        code="14",
        category="project-obstacles",
        title="Tháo gỡ vướng mắc dự án khu nhà ở tái định cư phường Đông Hải",
        description=(
            "Giải quyết vướng mắc về hạ tầng kỹ thuật và thủ tục bàn giao; sớm bố trí nhà "
            "cho các hộ thuộc diện tái định cư."
        ),
        units=("dong-hai", "qlda"),
        start=date(2023, 12, 10),
        deadline=date(2025, 9, 30),
        completes_on=None,
        priority=3,
        lead="c06",
        hard=True,
        backlogged=True,
        complex=True,
        metrics=(
            MetricSpec("Số hộ tái định cư đã nhận nhà", HOUSEHOLDS, _d("0"), _d("216")),
            MetricSpec("Khối lượng hạ tầng hoàn thành", PERCENT, _d("35"), _d("100")),
        ),
        supports=(
            SupportSpec("c08"),
            SupportSpec(
                "c15",
                start=date(2024, 5, 20),
                decision=QD_ADDITIONS,
                note="Phân công bổ sung theo Quyết định số 231-QĐ/QU.",
            ),
        ),
    ),
    TaskSpec(
        code="15",
        category="project-obstacles",
        title="Tháo gỡ vướng mắc dự án di dời, cải tạo chợ Hàng",
        description=(
            "Vận động tiểu thương di chuyển sang chợ tạm; giải quyết kiến nghị về vị trí, "
            "giá thuê ki-ốt để khởi công xây dựng chợ mới."
        ),
        units=("du-hang", "hang-kenh"),
        start=date(2023, 12, 1),
        deadline=date(2025, 6, 30),
        completes_on=None,
        priority=3,
        lead="c09",
        hard=True,
        backlogged=True,
        complex=True,
        metrics=(
            MetricSpec(
                "Số hộ tiểu thương đã di chuyển sang chợ tạm", HOUSEHOLDS, _d("0"), _d("420")
            ),
            MetricSpec("Khối lượng xây dựng chợ mới", PERCENT, _d("0"), _d("100"), reached=0.9),
        ),
        supports=(SupportSpec("c12"),),
        reassignments=(
            ReassignmentSpec(
                "c12",
                date(2024, 7, 15),
                QD_REASSIGN_15,
                "Chuyển từ phối hợp sang chủ trì theo Quyết định số 248-QĐ/QU.",
            ),
        ),
    ),
    TaskSpec(
        code="16",
        category="project-obstacles",
        title="Di dời hộ dân, tháo gỡ vướng mắc dự án cải tạo khu chung cư cũ xuống cấp tại "
        "phường Hồ Nam",
        description=(
            "Vận động các hộ ra khỏi nhà chung cư nguy hiểm; thống nhất phương án bồi thường, "
            "tái định cư tại chỗ với chủ đầu tư."
        ),
        units=("ho-nam", "qldt"),
        start=date(2023, 12, 1),
        deadline=FromNow(-30),
        completes_on=None,
        reached=0.62,
        priority=4,
        lead="c02",
        hard=True,
        backlogged=True,
        complex=True,
        metrics=(MetricSpec("Số hộ đã di dời khỏi nhà nguy hiểm", HOUSEHOLDS, _d("0"), _d("132")),),
        supports=(SupportSpec("c14"),),
    ),
    TaskSpec(
        code="17",
        category="project-obstacles",
        title="Rà soát, xử lý các dự án chậm tiến độ, chậm đưa đất vào sử dụng",
        description=(
            "Làm việc với từng nhà đầu tư, đề xuất gia hạn hoặc thu hồi đối với dự án không "
            "có khả năng tiếp tục thực hiện."
        ),
        units=("tnmt", "qldt"),
        start=date(2023, 11, 29),
        deadline=FromNow(-25),
        completes_on=FromNow(-4),
        priority=3,
        lead="c01",
        complex=True,
        backlogged=True,
        metrics=(MetricSpec("Số dự án chậm tiến độ chưa xử lý", PROJECTS, _d("11"), _d("0")),),
        supports=(SupportSpec("c10"),),
        result="Đã xử lý 11/11 dự án: gia hạn 7 dự án, đề xuất thu hồi 4 dự án.",
    ),
    TaskSpec(
        code="18",
        category="project-obstacles",
        title="Tháo gỡ vướng mắc đấu nối hạ tầng khu đô thị mới phía Tây quận",
        description=(
            "Phối hợp các đơn vị điện lực, cấp nước, thoát nước giải quyết các điểm đấu nối "
            "còn vướng để cư dân chuyển đến ở."
        ),
        units=("vinh-niem", "kenh-duong", "qlda"),
        start=date(2023, 11, 29),
        deadline=FromNow(-28),
        completes_on=FromNow(-6),
        priority=2,
        lead="c08",
        new=True,
        complex=True,
        metrics=(MetricSpec("Số vướng mắc đã tháo gỡ", CASES, _d("0"), _d("12")),),
        result="12/12 điểm đấu nối đã hoàn thành, cư dân đã chuyển đến ở.",
    ),
    TaskSpec(
        code="19",
        category="petitions",
        title="Giải quyết dứt điểm đơn khiếu nại, kiến nghị kéo dài về bồi thường, giải phóng "
        "mặt bằng",
        description=(
            "Rà soát toàn bộ vụ việc tồn đọng; tổ chức đối thoại, ban hành văn bản giải quyết "
            "và kết thúc vụ việc theo quy định."
        ),
        units=("tt", "vinh-niem"),
        start=date(2023, 12, 1),
        deadline=FromNow(3),
        completes_on=None,
        reached=0.87,
        priority=4,
        lead="c09",
        hard=True,
        backlogged=True,
        complex=True,
        metrics=(MetricSpec("Số vụ việc tồn đọng chưa giải quyết", INCIDENTS, _d("46"), _d("0")),),
        supports=(SupportSpec("c04"),),
    ),
    TaskSpec(
        code="20",
        category="petitions",
        title="Giải quyết kiến nghị cấp giấy chứng nhận quyền sử dụng đất khu tái định cư An Dương",
        description=(
            "Hoàn thiện hồ sơ đo đạc, xác định nghĩa vụ tài chính; cấp giấy chứng nhận cho "
            "các hộ đã đủ điều kiện."
        ),
        units=("tnmt", "an-duong"),
        start=date(2023, 12, 1),
        deadline=date(2024, 6, 30),
        completes_on=date(2024, 6, 21),
        priority=2,
        lead="c10",
        backlogged=True,
        metrics=(MetricSpec("Số hồ sơ tồn đọng chưa cấp giấy", FILES, _d("128"), _d("0")),),
        result="Đã cấp giấy chứng nhận cho 128/128 hộ.",
    ),
    TaskSpec(
        code="21",
        category="petitions",
        title="Giải quyết phản ánh của người dân về ngập úng, ô nhiễm môi trường tại các khu "
        "dân cư",
        description=(
            "Nạo vét, cải tạo hệ thống thoát nước các điểm ngập; xử lý cơ sở gây ô nhiễm theo "
            "phản ánh của người dân."
        ),
        units=("qldt", "niem-nghia", "nghia-xa"),
        start=date(2024, 1, 8),
        deadline=date(2025, 3, 31),
        completes_on=None,
        priority=2,
        lead="c14",
        new=True,
        metrics=(
            MetricSpec("Số phản ánh đã giải quyết", CASES, _d("0"), _d("38")),
            MetricSpec("Số điểm ngập úng đã xử lý", POINTS, _d("0"), _d("9")),
        ),
    ),
    TaskSpec(
        code="22",
        category="petitions",
        title="Giải quyết kiến nghị kéo dài về tranh chấp đất đai, lối đi chung tại phường Cát "
        "Dài, Trần Nguyên Hãn",
        description=(
            "Xác minh nguồn gốc đất, hòa giải ở cơ sở; chuyển cơ quan có thẩm quyền giải "
            "quyết các vụ việc vượt thẩm quyền."
        ),
        units=("cat-dai", "tran-nguyen-han"),
        start=date(2023, 12, 15),
        deadline=None,
        completes_on=None,
        reached=0.7,
        priority=1,
        lead="c11",
        backlogged=True,
        complex=True,
        metrics=(MetricSpec("Số vụ việc còn tồn đọng", INCIDENTS, _d("17"), _d("0")),),
        supports=(SupportSpec("c02"),),
    ),
    TaskSpec(
        code="23",
        category="other",
        title="Xử lý dứt điểm các khu đất công bị lấn chiếm, sử dụng sai mục đích",
        description=(
            "Kiểm tra hiện trạng, lập hồ sơ từng trường hợp; thu hồi đất công và đưa vào "
            "quản lý, sử dụng theo quy hoạch."
        ),
        units=("tnmt", "niem-nghia", "nghia-xa"),
        start=date(2024, 5, 20),
        deadline=date(2025, 6, 30),
        completes_on=None,
        priority=3,
        lead="c09",
        decision=QD_ADDITIONS,
        hard=True,
        backlogged=True,
        metrics=(
            MetricSpec("Số trường hợp lấn chiếm chưa xử lý", CASES, _d("37"), _d("0")),
            MetricSpec("Diện tích đất công đã thu hồi", M2, _d("0"), _d("12400")),
        ),
        supports=(
            SupportSpec(
                "c10",
                start=date(2024, 5, 20),
                decision=QD_ADDITIONS,
                note="Phân công bổ sung theo Quyết định số 231-QĐ/QU.",
            ),
        ),
    ),
    TaskSpec(
        code="24",
        category="other",
        title="Sắp xếp, xử lý trụ sở, nhà đất công dôi dư trên địa bàn quận",
        description=(
            "Lập phương án sắp xếp lại từng cơ sở nhà, đất; đề xuất bán, chuyển đổi công năng "
            "hoặc giao cho đơn vị khác sử dụng."
        ),
        units=("tckh", "tnmt"),
        start=date(2024, 5, 20),
        deadline=date(2025, 3, 31),
        completes_on=None,
        priority=2,
        lead="c05",
        decision=QD_ADDITIONS,
        new=True,
        metrics=(
            MetricSpec("Số cơ sở nhà, đất đã có phương án xử lý", PREMISES, _d("0"), _d("21")),
        ),
    ),
)


@dataclass(frozen=True)
class DeadlineExtensionSpec:
    """A deadline extended (gia hạn): the task's deadline above is the extended one."""

    task: str
    previous_deadline: date
    effective: ScenarioDate
    reason: str


DEADLINE_EXTENSIONS: tuple[DeadlineExtensionSpec, ...] = (
    DeadlineExtensionSpec(
        task="14",
        previous_deadline=date(2024, 12, 31),
        effective=FromNow(-40),
        reason=(
            "Vướng mắc về hạ tầng kỹ thuật liên quan nhiều cơ quan; Ban Thường vụ đồng ý gia "
            "hạn đến hết Quý III/2025."
        ),
    ),
)
