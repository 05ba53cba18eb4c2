"""The portal part of the Lê Chân demo: news, photo albums, public tasks and the congress
resolution's targets. Called by thaogo.demo.loader.load_demo; idempotent like it.

The first news item is the seed article, quoted as published (its paragraph that the
original page printed twice appears once). Every other article, album, caption and figure
is fictional, and names no real person. The pictures are drawn here with Pillow.
"""

import io
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw

from thaogo.core.services import audited_save
from thaogo.lib import clock
from thaogo.portal import services
from thaogo.portal.models import (
    Album,
    Article,
    ArticleStatus,
    Image,
    NewsCategory,
    Resolution,
    ResolutionTarget,
    TargetDirection,
    TargetGroup,
    TargetYear,
)

SEED_TITLE = "Quận Lê Chân tăng cường chỉ đạo giải quyết việc khó, tồn đọng tại địa phương"
SEED_CAPTION = (
    "Lãnh đạo quận Lê Chân kiểm tra thực địa tiến độ giải phóng mặt bằng một số dự án trọng "
    "điểm trên địa bàn phường Vĩnh Niệm."
)
SEED_SOURCE = "Báo Dân trí"
# Printed twice on the original page; here it appears once.
SEED_REPEATED_PARAGRAPH = (
    "Kế hoạch số 164-KH/QU được Ban Thường vụ Quận ủy Lê Chân ban hành nhằm tập trung tháo "
    "gỡ, giải quyết dứt điểm một số nội dung công việc khó, mới, tồn động kéo dài, phức tạp "
    "tại các địa phương, đơn vị trên địa bàn."
)

CATEGORIES = {
    "tin-tuc-su-kien": "Tin tức - Sự kiện",
    "xay-dung-dang": "Xây dựng Đảng",
    "kinh-te-xa-hoi": "Kinh tế - Xã hội",
    "thong-bao": "Thông báo",
}

# Tasks of Plan 164 the Organization Board shows on the public progress page.
PUBLIC_TASK_CODES = ("01", "03", "08", "09")


@dataclass(frozen=True)
class PictureSpec:
    alt: str
    caption: str
    scene: str  # what _draw paints: "site", "meeting", "handover", "road", "school"
    seed: int


@dataclass(frozen=True)
class ArticleSpec:
    title: str
    category: str
    lead: str
    # Paragraphs; an int n places picture n (0-based) at that point.
    body: tuple[str | int, ...]
    days_ago: int
    hour: int
    source: str = ""
    pictures: tuple[PictureSpec, ...] = ()
    published: bool = True


SEED_ARTICLE = ArticleSpec(
    title=SEED_TITLE,
    category="xay-dung-dang",
    lead=(
        "Ban Thường vụ Quận ủy Lê Chân ban hành Kế hoạch số 164-KH/QU ngày 29/11/2023 về việc "
        "phân công cán bộ được quy hoạch chức vụ cao hơn tham gia chỉ đạo giải quyết một số "
        "việc khó, mới, tồn đọng kéo dài, phức tạp tại địa phương."
    ),
    body=(
        "Nghị quyết Đại hội Đảng bộ quận lần thứ 24, nhiệm kỳ 2020 - 2025 đề ra 3 chỉ tiêu về "
        "công tác xây dựng Đảng; 17 chỉ tiêu về phát triển kinh tế - xã hội. Sau 3 năm triển "
        "khai nghị quyết, các chỉ tiêu chủ yếu đạt kết quả tích cực, trong đó có 14/20 chỉ "
        "tiêu đạt và vượt mức kế hoạch đề ra.",
        "Công tác xây dựng Đảng, xây dựng hệ thống chính trị, vận động người dân được quận ủy, "
        "các cấp ủy Đảng triển khai thực hiện với quyết tâm cao, có nhiều đổi mới và đạt nhiều "
        "kết quả quan trọng; một số chỉ tiêu được giao hoàn thành vượt mức kế hoạch.",
        "Tuy nhiên, một số chỉ tiêu, nhiệm vụ về phát triển kinh tế - xã hội như giải phóng "
        "mặt bằng, giải ngân vốn đầu tư công, thu ngân sách… còn gặp nhiều khó khăn, cần sự "
        "vào cuộc quyết liệt hơn nữa của các cấp ủy Đảng, chính quyền mới có thể hoàn thành "
        "vượt kế hoạch được giao theo Nghị quyết Đại hội.",
        0,
        SEED_REPEATED_PARAGRAPH,
        "Với tinh thần đó, Ban Thường vụ Quận ủy Lê Chân ban hành Kế hoạch số 164-KH/QU phân "
        "công 17 đồng chí là Ủy viên Ban Thường vụ Quận ủy, Ủy viên Ban chấp hành Đảng bộ quận "
        "được quy hoạch chức vụ cao hơn từng nhiệm vụ cụ thể từ nay đến năm 2025 nhằm tập "
        "trung tháo gỡ, giải quyết dứt điểm một số nội dung công việc khó, mới, tồn đọng kéo "
        "dài, phức tạp tại các địa phương, đơn vị như: đẩy nhanh tiến bộ đền bù, giải phóng "
        "mặt bằng; giải ngân vốn đầu tư công, thu ngân sách; giải quyết khó khăn, vướng mắc "
        "trong quá trình triển khai thực hiện các dự án, giải quyết đơn phản ánh kiến nghị "
        "của người dân…",
        "Ông Lâm Văn Đạt, Trưởng ban Tổ chức Quận ủy Lê Chân, đơn vị được giao tham mưu cho "
        "Ban Thường vụ Quận ủy ban hành kế hoạch phân công cho biết, kế hoạch số 164-KH/QU của "
        "Ban Thường vụ Quận ủy Lê Chân được ban hành nhằm tăng cường vai trò lãnh đạo chỉ đạo "
        "của quận ủy, Ban Thường vụ Quận ủy đối với các mặt công tác tại địa phương, cơ quan, "
        "đơn vị.",
        "Thông qua việc phân công cán bộ giải quyết một số việc khó, mới, tồn đọng kéo dài, "
        "phức tạp, nhằm khuyến khích, tạo cơ hội để các cán bộ được quy hoạch chức vụ cao hơn "
        "phát huy sự năng động, sáng tạo, nâng cao năng lực giải quyết những việc khó, tồn "
        "đọng kéo dài, phức tạp, những việc mới đòi hỏi tập trung cao, góp phần thúc đẩy phát "
        "triển kinh tế - xã hội của địa phương và hiệu quả hoạt động của các cơ quan, đơn vị.",
        "Đồng thời góp phần đào tạo, bồi dưỡng, rèn luyện và thử thách những cán bộ cấp quận, "
        "cấp phường được quy hoạch chức vụ cao hơn. Đây cũng là một trong những nội dung đánh "
        "giá, để xây dựng và tạo nguồn cán bộ lâu dài cho quận.",
        1,
        "Kế hoạch cũng yêu cầu các cán bộ được phân công giải quyết việc khó, mới, tồn đọng "
        "kéo dài phức tạp định kỳ (3 tháng, 6 tháng, 1 năm) báo cáo kết quả về Ban Thường vụ "
        "Quận ủy, đồng thời đề xuất hướng xử lý để Ban Thường vụ Quận ủy xem xét, cho ý kiến "
        "chỉ đạo đối với những vụ việc khó, phức tạp, vượt thẩm quyền.",
        "Trong quá trình triển khai nếu phát sinh những nhiệm vụ mới, khó, cần phải tăng cường "
        "công tác lãnh đạo, chỉ đạo, Ban Thường vụ Quận ủy cho biết sẽ bổ sung và phân công "
        "thêm nhiệm vụ. Ban Tổ chức quận ủy Lê Chân sẽ phối hợp với văn phòng quận ủy theo dõi "
        "việc tổ chức thực hiện nhiệm vụ của các cán bộ tham gia chỉ đạo giải quyết một số "
        "việc khó, mới, tồn đọng kéo dài phức tạp. Định kỳ hàng năm hoặc đột xuất khi cần "
        "thiết, để đánh giá cán bộ được phân công trên cơ sở kết quả thực hiện.",
    ),
    days_ago=1,
    hour=8,
    source=SEED_SOURCE,
    pictures=(
        PictureSpec(
            "Ảnh minh họa: hội nghị triển khai Kế hoạch số 164-KH/QU (hình vẽ của bản demo)",
            "",
            "meeting",
            164,
        ),
        PictureSpec(
            "Ảnh minh họa: cán bộ kiểm tra một công trường giải phóng mặt bằng "
            "(hình vẽ của bản demo)",
            SEED_CAPTION,
            "site",
            165,
        ),
    ),
)

# Fictional news around the plan.
OTHER_ARTICLES: tuple[ArticleSpec, ...] = (
    ArticleSpec(
        title="Phường Dư Hàng Kênh bàn giao toàn bộ mặt bằng dự án hồ điều hòa và công viên "
        "cây xanh",
        category="kinh-te-xa-hoi",
        lead="Sau gần một năm vận động, kiểm đếm và chi trả bồi thường, toàn bộ 58 hộ dân "
        "trong phạm vi dự án đã bàn giao mặt bằng cho chủ đầu tư, không phát sinh khiếu nại.",
        body=(
            "Dự án hồ điều hòa và công viên cây xanh phường Dư Hàng Kênh là một trong những "
            "nhiệm vụ được phân công theo Kế hoạch số 164-KH/QU. Tổ công tác của phường đã tổ "
            "chức đối thoại với từng hộ, công khai phương án bồi thường, hỗ trợ và tái định cư.",
            0,
            "Đến nay, 4,6 ha mặt bằng đã được bàn giao; hạ tầng điện, nước, viễn thông trong "
            "phạm vi dự án đang được các đơn vị chuyên ngành di chuyển theo kế hoạch.",
        ),
        days_ago=6,
        hour=15,
        pictures=(
            PictureSpec(
                "Ảnh minh họa: mặt bằng dự án hồ điều hòa sau khi bàn giao (hình vẽ của bản demo)",
                "Mặt bằng dự án hồ điều hòa phường Dư Hàng Kênh sau khi bàn giao.",
                "handover",
                301,
            ),
        ),
    ),
    ArticleSpec(
        title="Sơ kết 6 tháng thực hiện Kế hoạch số 164-KH/QU: nhiều việc khó được tháo gỡ",
        category="tin-tuc-su-kien",
        lead="Ban Thường vụ Quận ủy Lê Chân sơ kết 6 tháng thực hiện Kế hoạch số 164-KH/QU, "
        "đánh giá kết quả của các cán bộ được phân công và chỉ đạo nhiệm vụ trọng tâm những "
        "tháng cuối năm.",
        body=(
            "Tại hội nghị, các cán bộ được phân công báo cáo kết quả chỉ đạo giải quyết việc "
            "khó tại địa phương, đơn vị mình phụ trách; đề xuất hướng xử lý đối với những vụ "
            "việc vượt thẩm quyền.",
            "Ban Thường vụ Quận ủy yêu cầu tập trung hơn nữa cho công tác giải phóng mặt bằng, "
            "giải ngân vốn đầu tư công và thu ngân sách; kết luận của hội nghị được ban hành "
            "tại Thông báo số 312-TB/QU.",
        ),
        days_ago=13,
        hour=10,
        pictures=(
            PictureSpec(
                "Ảnh minh họa: quang cảnh hội nghị sơ kết (hình vẽ của bản demo)",
                "Quang cảnh hội nghị sơ kết 6 tháng thực hiện Kế hoạch số 164-KH/QU.",
                "meeting",
                312,
            ),
        ),
    ),
    ArticleSpec(
        title="Quận Lê Chân đẩy nhanh giải ngân vốn đầu tư công những tháng cuối năm",
        category="kinh-te-xa-hoi",
        lead="UBND quận rà soát từng dự án, điều chuyển vốn từ dự án chậm giải ngân sang dự án "
        "có khối lượng, phấn đấu hoàn thành kế hoạch vốn được giao.",
        body=(
            "Các chủ đầu tư được yêu cầu lập kế hoạch giải ngân chi tiết theo tháng, xử lý dứt "
            "điểm vướng mắc về thủ tục thanh toán, nghiệm thu khối lượng hoàn thành.",
            "Những dự án có tỷ lệ giải ngân thấp sẽ được xem xét điều chuyển vốn; kết quả giải "
            "ngân là một tiêu chí đánh giá người đứng đầu cơ quan, đơn vị.",
        ),
        days_ago=25,
        hour=9,
    ),
    ArticleSpec(
        title="Thông báo lịch tiếp công dân định kỳ của Thường trực Quận ủy",
        category="thong-bao",
        lead="Thường trực Quận ủy tiếp công dân định kỳ vào ngày 15 hằng tháng tại Trụ sở "
        "tiếp công dân quận.",
        body=(
            "Công dân có đơn phản ánh, kiến nghị, khiếu nại, tố cáo mang theo giấy tờ tùy thân "
            "và tài liệu liên quan. Trường hợp ngày 15 trùng ngày nghỉ, lịch tiếp được chuyển "
            "sang ngày làm việc kế tiếp.",
        ),
        days_ago=40,
        hour=14,
    ),
    ArticleSpec(
        title="Dự thảo: kết quả giải quyết đơn kiến nghị quý IV",
        category="tin-tuc-su-kien",
        lead="Bản nháp, chưa đăng.",
        body=("Nội dung đang được biên tập.",),
        days_ago=0,
        hour=7,
        published=False,
    ),
)
ARTICLES = (SEED_ARTICLE, *OTHER_ARTICLES)


@dataclass(frozen=True)
class AlbumSpec:
    title: str
    description: str
    days_ago: int
    task_code: str | None
    photos: tuple[PictureSpec, ...]


ALBUMS: tuple[AlbumSpec, ...] = (
    AlbumSpec(
        "Kiểm tra thực địa tiến độ giải phóng mặt bằng tại phường Vĩnh Niệm",
        "Đoàn công tác của quận kiểm tra tiến độ giải phóng mặt bằng dự án đường Hồ Sen – Cầu "
        "Rào 2 đoạn qua phường Vĩnh Niệm.",
        3,
        "01",
        (
            PictureSpec(
                "Ảnh minh họa: đoàn công tác tại công trường (hình vẽ của bản demo)",
                SEED_CAPTION,
                "site",
                11,
            ),
            PictureSpec(
                "Ảnh minh họa: tuyến đường đang thi công (hình vẽ của bản demo)",
                "Đoạn tuyến đã được bàn giao mặt bằng để chủ đầu tư thi công.",
                "road",
                12,
            ),
            PictureSpec(
                "Ảnh minh họa: khu nhà dân chờ giải phóng mặt bằng (hình vẽ của bản demo)",
                "Khu vực còn lại chưa bàn giao mặt bằng, đang được vận động.",
                "site",
                13,
            ),
        ),
    ),
    AlbumSpec(
        "Bàn giao mặt bằng dự án hồ điều hòa phường Dư Hàng Kênh",
        "Lễ bàn giao mặt bằng sạch cho chủ đầu tư dự án hồ điều hòa và công viên cây xanh.",
        7,
        "03",
        (
            PictureSpec(
                "Ảnh minh họa: mặt bằng sạch của dự án (hình vẽ của bản demo)",
                "Mặt bằng sạch được bàn giao cho chủ đầu tư.",
                "handover",
                21,
            ),
            PictureSpec(
                "Ảnh minh họa: khu vực hồ điều hòa tương lai (hình vẽ của bản demo)",
                "Khu vực sẽ xây dựng hồ điều hòa.",
                "handover",
                22,
            ),
        ),
    ),
    AlbumSpec(
        "Hội nghị sơ kết 6 tháng thực hiện Kế hoạch số 164-KH/QU",
        "Các cán bộ được phân công báo cáo kết quả và đề xuất hướng xử lý.",
        14,
        None,
        (
            PictureSpec(
                "Ảnh minh họa: quang cảnh hội nghị (hình vẽ của bản demo)",
                "Quang cảnh hội nghị.",
                "meeting",
                31,
            ),
            PictureSpec(
                "Ảnh minh họa: trường học đang xây dựng (hình vẽ của bản demo)",
                "Công trình Trường Tiểu học Vĩnh Niệm (cơ sở 2) được nêu tại hội nghị.",
                "school",
                32,
            ),
        ),
    ),
)

RESOLUTION_SLUG = "nghi-quyet-dai-hoi-dang-bo-quan-le-chan-nhiem-ky-2020-2025"
RESOLUTION_TITLE = (
    "Nghị quyết Đại hội đại biểu Đảng bộ quận Lê Chân lần thứ XXIV, nhiệm kỳ 2020-2025"
)
YEARS = (2021, 2022, 2023)
P, S = TargetGroup.PARTY_BUILDING, TargetGroup.SOCIO_ECONOMIC
UP, DOWN = TargetDirection.AT_LEAST, TargetDirection.AT_MOST

# (group, name, unit, direction, term target, yearly targets, yearly actuals): fictional
# figures. Judged on 2023, 14 of the 20 are met or exceeded, as the seed article says.
TARGETS: tuple[tuple, ...] = (
    (
        P,
        "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
        "%",
        UP,
        "90",
        ("90", "90", "90"),
        ("91.2", "90.5", "92.5"),
    ),
    (
        P,
        "Kết nạp đảng viên mới",
        "đảng viên/năm",
        UP,
        "150",
        ("150", "150", "150"),
        ("142", "155", "163"),
    ),
    (
        P,
        "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên",
        "%",
        UP,
        "90",
        ("90", "90", "90"),
        ("89.4", "90.2", "90"),
    ),
    (
        S,
        "Tốc độ tăng giá trị sản xuất bình quân",
        "%/năm",
        UP,
        "11.5",
        ("10", "11", "11.5"),
        ("9.1", "11.3", "12.1"),
    ),
    (
        S,
        "Thu ngân sách nhà nước trên địa bàn",
        "tỷ đồng/năm",
        UP,
        "1500",
        ("1250", "1350", "1450"),
        ("1268", "1302", "1320"),
    ),
    (
        S,
        "Tỷ lệ giải ngân vốn đầu tư công so với kế hoạch",
        "%",
        UP,
        "95",
        ("95", "95", "95"),
        ("88.6", "84.2", "81.4"),
    ),
    (
        S,
        "Diện tích giải phóng mặt bằng hoàn thành",
        "ha/năm",
        UP,
        "40",
        ("30", "32", "35"),
        ("24.5", "29.8", "27.6"),
    ),
    (
        S,
        "Tỷ lệ hộ nghèo theo chuẩn của thành phố",
        "%",
        DOWN,
        "0.3",
        ("0.5", "0.4", "0.3"),
        ("0.46", "0.33", "0.21"),
    ),
    (S, "Tỷ lệ lao động qua đào tạo", "%", UP, "88", ("84", "85", "85"), ("84.3", "85.6", "86.2")),
    (
        S,
        "Số lao động được giải quyết việc làm mới",
        "người/năm",
        UP,
        "3500",
        ("3500", "3500", "3500"),
        ("3210", "3480", "3612"),
    ),
    (
        S,
        "Tỷ lệ trường học đạt chuẩn quốc gia",
        "%",
        UP,
        "85",
        ("78", "80", "80"),
        ("78.3", "80.4", "82.6"),
    ),
    (
        S,
        "Tỷ lệ dân số tham gia bảo hiểm y tế",
        "%",
        UP,
        "95",
        ("93", "94", "95"),
        ("93.1", "94", "95"),
    ),
    (
        S,
        "Tỷ lệ hộ gia đình đạt danh hiệu “Gia đình văn hóa”",
        "%",
        UP,
        "92",
        ("92", "92", "92"),
        ("91.6", "92.4", "93.1"),
    ),
    (
        S,
        "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý",
        "%",
        UP,
        "100",
        ("100", "100", "100"),
        ("99.5", "100", "100"),
    ),
    (
        S,
        "Tỷ lệ tuyến ngõ được cải tạo, nâng cấp hạ tầng",
        "%",
        UP,
        "90",
        ("55", "65", "75"),
        ("52", "61", "68"),
    ),
    (
        S,
        "Số doanh nghiệp thành lập mới",
        "doanh nghiệp/năm",
        UP,
        "450",
        ("450", "450", "450"),
        ("401", "438", "472"),
    ),
    (
        S,
        "Tỷ lệ đơn khiếu nại, tố cáo thuộc thẩm quyền được giải quyết",
        "%",
        UP,
        "90",
        ("90", "90", "90"),
        ("88.5", "90.7", "91.3"),
    ),
    (
        S,
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
        "%",
        UP,
        "98",
        ("98", "98", "98"),
        ("96.4", "97.8", "97.2"),
    ),
    (
        S,
        "Tỷ lệ dân số được sử dụng nước sạch",
        "%",
        UP,
        "100",
        ("100", "100", "100"),
        ("100", "100", "100"),
    ),
    (S, "Tỷ lệ tăng dân số tự nhiên", "%", DOWN, "1", ("1", "1", "1"), ("1.05", "1.09", "1.12")),
)


def load_portal_demo(
    *, as_of: date, editor: Any, manager: Any, documents: dict[str, Any], tasks: dict[str, Any]
) -> None:
    """Create or bring up to date the portal's demo content as seen on `as_of`."""
    categories = {
        slug: _upsert(NewsCategory, {"slug": slug}, {"name": name, "order": order}, by=editor)
        for order, (slug, name) in enumerate(CATEGORIES.items(), start=1)
    }
    for spec in ARTICLES:
        # Written an hour before it went out (a draft: on the load date), so its history
        # and times are the story's, not the moment of loading.
        written = _at(as_of, spec.days_ago if spec.published else 0, spec.hour - 1)
        with clock.acting_at(min(written, _at(as_of, 0, 7))):
            _load_article(spec, as_of=as_of, categories=categories, by=editor)
    for code in PUBLIC_TASK_CODES:
        if code in tasks:
            services.task_set_public(task=tasks[code], is_public=True, by=manager)
    for spec in ALBUMS:
        # Put online the day after the event.
        with clock.acting_at(min(_at(as_of, spec.days_ago - 1, 10), _at(as_of, 0, 7))):
            _load_album(spec, as_of=as_of, tasks=tasks, by=editor)
    _load_resolution(document=documents.get("nq01"), by=manager)


def _at(as_of: date, days_ago: int, hour: int) -> datetime:
    day = as_of - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def _load_article(
    spec: ArticleSpec, *, as_of: date, categories: dict[str, NewsCategory], by: Any
) -> Article:
    status = ArticleStatus.PUBLISHED if spec.published else ArticleStatus.DRAFT
    published_at = _at(as_of, spec.days_ago, spec.hour) if spec.published else None
    article = Article.objects.filter(title=spec.title).first()
    if article is None:
        article = services.article_create(
            title=spec.title,
            lead=spec.lead,
            category=categories[spec.category],
            source=spec.source,
            status=ArticleStatus.DRAFT,
            by=by,
        )
    images = _load_pictures(spec.pictures, article=article, by=by)
    wanted = {
        "lead": spec.lead,
        "body": _body(spec.body, images),
        "source": spec.source,
        "category": categories[spec.category],
        "status": status,
        "published_at": published_at,
        "cover": images[0] if images else None,
    }
    changes = {name: value for name, value in wanted.items() if getattr(article, name) != value}
    if changes:
        article = services.article_update(
            article=article, by=by, expected_version=article.version, **changes
        )
    return article


def _body(parts: tuple[str | int, ...], images: list[Image]) -> str:
    html = []
    for part in parts:
        if isinstance(part, int):
            image = images[part]
            caption = f"<figcaption>{escape(image.caption)}</figcaption>" if image.caption else ""
            html.append(
                f'<figure><img src="{image.url}" alt="{escape(image.alt_text)}" '
                f'width="{image.width}" height="{image.height}">{caption}</figure>'
            )
        else:
            html.append(f"<p>{escape(part)}</p>")
    return "\n".join(html)


def _load_pictures(
    specs: tuple[PictureSpec, ...],
    *,
    by: Any,
    article: Article | None = None,
    album: Album | None = None,
) -> list[Image]:
    owner = {"article": article} if article is not None else {"album": album}
    existing = {image.order: image for image in Image.objects.filter(**owner)}
    images = []
    for order, spec in enumerate(specs, start=1):
        image = existing.get(order)
        if image is None:
            image = services.image_upload(
                data=_draw(spec.scene, spec.seed),
                alt_text=spec.alt,
                caption=spec.caption,
                order=order,
                by=by,
                **owner,
            )
        elif (image.alt_text, image.caption) != (spec.alt, spec.caption):
            image = services.image_update(
                image=image,
                alt_text=spec.alt,
                caption=spec.caption,
                expected_version=image.version,
                by=by,
            )
        images.append(image)
    return images


def _load_album(spec: AlbumSpec, *, as_of: date, tasks: dict[str, Any], by: Any) -> Album:
    event_date = as_of - timedelta(days=spec.days_ago)
    task = tasks.get(spec.task_code) if spec.task_code else None
    album = Album.objects.filter(title=spec.title).first()
    if album is None:
        album = services.album_create(
            title=spec.title, event_date=event_date, description=spec.description, task=task, by=by
        )
    _load_pictures(spec.photos, album=album, by=by)
    wanted = {
        "description": spec.description,
        "event_date": event_date,
        "task": task,
        "is_published": True,
    }
    changes = {name: value for name, value in wanted.items() if getattr(album, name) != value}
    if changes:
        album = services.album_update(album=album, by=by, expected_version=album.version, **changes)
    return album


def _load_resolution(*, document: Any, by: Any) -> Resolution:
    resolution = _upsert(
        Resolution,
        {"slug": RESOLUTION_SLUG},
        {
            "title": RESOLUTION_TITLE,
            "document": document,
            "term_start": 2020,
            "term_end": 2025,
            "is_public": True,
        },
        by=by,
    )
    for order, (group, name, unit, direction, term, planned, actual) in enumerate(TARGETS, start=1):
        target = _upsert(
            ResolutionTarget,
            {"resolution": resolution, "order": order},
            {
                "group": group,
                "name": name,
                "unit": unit,
                "direction": direction,
                "term_target": Decimal(term),
            },
            by=by,
        )
        for year, plan_value, actual_value in zip(YEARS, planned, actual, strict=True):
            _upsert(
                TargetYear,
                {"target": target, "year": year},
                {"planned": Decimal(plan_value), "actual": Decimal(actual_value)},
                by=by,
            )
    return resolution


def _upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any], *, by: Any) -> Any:
    """Find by natural key and save only what differs, so a re-load writes no history."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    else:
        changes = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if not changes:
            return obj
        for name, value in changes.items():
            setattr(obj, name, value)
    return audited_save(obj, by=by)


# Pictures: simple drawings, so the demo needs nothing downloaded.

WIDTH, HEIGHT = 1200, 800


def _draw(scene: str, seed: int) -> bytes:
    rng = random.Random(seed)
    picture = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(picture)
    horizon = int(HEIGHT * rng.uniform(0.5, 0.62))
    top, bottom = (120, 170, 225), (205, 225, 245)
    for y in range(horizon):
        t = y / horizon
        draw.line(
            [(0, y), (WIDTH, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    ground = {
        "site": (168, 132, 96),
        "road": (120, 120, 120),
        "handover": (150, 120, 85),
        "meeting": (190, 160, 130),
        "school": (110, 160, 90),
    }[scene]
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=ground)
    if scene == "meeting":
        draw.rectangle([0, 0, WIDTH, horizon], fill=(150, 30, 30))
        draw.rectangle([WIDTH * 0.2, 60, WIDTH * 0.8, 200], fill=(200, 45, 40))
        draw.polygon(_star(WIDTH / 2, 130, 50), fill=(250, 210, 60))
        for row in range(3):
            for seat in range(10):
                x = 80 + seat * 110 + row * 20
                y = horizon + 60 + row * 90
                draw.ellipse([x, y - 40, x + 36, y - 4], fill=(60, 45, 35))
                draw.rectangle([x - 6, y, x + 42, y + 50], fill=(240, 240, 240))
        draw.rectangle([120, horizon - 30, WIDTH - 120, horizon + 10], fill=(120, 70, 40))
    else:
        for _ in range(rng.randint(5, 9)):  # buildings on the horizon
            w, h = rng.randint(60, 160), rng.randint(80, 300)
            x = rng.randint(0, WIDTH - w)
            shade = rng.randint(150, 215)
            draw.rectangle([x, horizon - h, x + w, horizon], fill=(shade, shade - 10, shade - 25))
            for wy in range(horizon - h + 15, horizon - 15, 30):
                for wx in range(x + 10, x + w - 15, 25):
                    draw.rectangle([wx, wy, wx + 10, wy + 14], fill=(90, 110, 140))
        if scene == "road":
            draw.polygon(
                [
                    (WIDTH * 0.45, horizon),
                    (WIDTH * 0.55, horizon),
                    (WIDTH * 0.9, HEIGHT),
                    (WIDTH * 0.1, HEIGHT),
                ],
                fill=(70, 70, 75),
            )
            for y in range(horizon + 20, HEIGHT, 60):
                draw.rectangle([WIDTH / 2 - 4, y, WIDTH / 2 + 4, y + 30], fill=(245, 245, 245))
        if scene in ("site", "handover"):
            for _ in range(rng.randint(3, 6)):  # heaps of earth
                x, y = rng.randint(0, WIDTH), rng.randint(horizon + 40, HEIGHT - 40)
                r = rng.randint(40, 110)
                draw.pieslice([x - r, y - r, x + r, y + r], 180, 360, fill=(130, 95, 60))
        if scene == "site":  # an excavator
            x, y = rng.randint(200, WIDTH - 400), horizon + 120
            draw.rectangle([x, y, x + 180, y + 80], fill=(240, 180, 30))
            draw.rectangle([x + 20, y + 80, x + 170, y + 110], fill=(40, 40, 40))
            draw.line(
                [(x + 170, y + 20), (x + 300, y - 80), (x + 340, y + 40)],
                fill=(230, 170, 20),
                width=18,
            )
        if scene == "school":
            x = WIDTH * 0.25
            draw.rectangle([x, horizon - 220, x + 600, horizon], fill=(235, 200, 120))
            draw.polygon(
                [(x - 30, horizon - 220), (x + 630, horizon - 220), (x + 300, horizon - 320)],
                fill=(180, 60, 50),
            )
        for _ in range(rng.randint(4, 8)):  # people in hard hats
            x, y = rng.randint(40, WIDTH - 40), rng.randint(horizon + 60, HEIGHT - 80)
            draw.ellipse([x - 14, y - 60, x + 14, y - 32], fill=(225, 190, 160))
            draw.pieslice([x - 17, y - 66, x + 17, y - 36], 180, 360, fill=(250, 250, 250))
            draw.rectangle(
                [x - 16, y - 32, x + 16, y + 20],
                fill=rng.choice([(30, 70, 140), (230, 120, 30), (40, 120, 60), (250, 250, 250)]),
            )
            draw.rectangle([x - 14, y + 20, x + 14, y + 60], fill=(50, 50, 60))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=88)
    return out.getvalue()


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    import math

    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points
