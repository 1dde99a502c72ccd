"""Synthetic Chinese document pages with ground truth, for tests and the benchmark.

The layout follows the usual government-document form (GB/T 9704 in spirit): a red
发文机关标志, a 文号, a red rule, a bold title, the 主送机关 and body paragraphs. The text is
assembled from phrases written for this project so that every page differs but stays
plausible. Nothing here touches the network; fonts come from Debian's fonts-noto-cjk.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"))
SERIF = "NotoSerifCJK-Regular.ttc"
SERIF_BOLD = "NotoSerifCJK-Bold.ttc"
SANS = "NotoSansCJK-Regular.ttc"
# Index 2 of the Noto CJK collections is the Simplified Chinese (SC) face.
SC_INDEX = 2

AGENCIES = ("某某市档案局", "某某县档案馆", "某某区人民政府办公室", "某某市自然资源局", "某某省档案局")
SHORT = ("市档发", "县档发", "区政办发", "自然资发", "省档函")
TOPICS = (
    "关于加强档案数字化外包安全管理的通知",
    "关于开展二〇二四年度档案工作检查的通知",
    "关于做好纸质档案数字复制件全文识别工作的意见",
    "关于进一步规范档案整理外包服务的通知",
    "关于印发档案寄存托管服务监督办法的通知",
)
SUBJECTS = ("各县（市、区）档案局", "各有关单位", "市直各部门", "各乡镇人民政府", "局属各单位")
PHRASES = (
    "为进一步加强档案业务外包管理",
    "根据《中华人民共和国档案法》及其实施条例的有关规定",
    "结合本地区工作实际",
    "现就有关事项通知如下",
    "各单位要高度重视档案安全工作",
    "严格落实保密管理责任",
    "外包服务机构应当具备相应的资质和条件",
    "数字化加工场所须设在发包单位指定地点",
    "加工过程中不得擅自复制、留存档案信息",
    "所有存储介质实行专人管理和登记",
    "工作结束后应当按规定进行数据清除",
    "发包单位要派专人全程监督",
    "对发现的问题及时督促整改",
    "图像分辨率一般不低于三百点每英寸",
    "纸质档案数字复制件应当清晰完整",
    "全文识别结果应当与图像一一对应",
    "验收时按比例抽检并填写验收记录",
    "对不符合要求的成果予以退回返工",
    "项目档案应当在验收合格后及时归档",
    "请于2024年12月31日前将工作情况报送我局",
    "联系人及电话另行通知",
    "确保档案实体安全和信息安全",
    "建立健全外包服务质量评价机制",
    "定期开展安全检查和风险评估",
    "涉密档案不得外包",
    "服务人员须签订保密协议并接受培训",
    "第三方机构应当保持独立公正",
    "档案交接应当清点核对并办理签收手续",
)


@dataclass
class SyntheticPage:
    image: Image.Image
    truth: str  # one text line per layout line, in reading order


def font_path(name: str) -> Path:
    for folder in FONT_DIRS:
        candidate = folder / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"未找到字体 {name}（请安装 Debian 软件包 fonts-noto-cjk）")


def load_font(name: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(name)), size_px, index=SC_INDEX)


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    paras = []
    for _ in range(count):
        picks = rng.sample(PHRASES, rng.randint(3, 6))
        text = ""
        for i, phrase in enumerate(picks):
            text += phrase + ("。" if i == len(picks) - 1 else rng.choice("，，，；"))
        paras.append(text)
    return paras


def _wrap(text: str, measure, max_width: float, first_indent: float) -> list[str]:
    lines, cur, width = [], "", max_width - first_indent
    for ch in text:
        if cur and measure(cur + ch) > width:
            lines.append(cur)
            cur, width = "", max_width
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def render_document_page(seed: int, dpi: int = 300, scanned: bool = False) -> SyntheticPage:
    """An A4 government-document page at ``dpi`` with its ground-truth text."""
    rng = random.Random(seed)
    mm = dpi / 25.4
    width, height = round(210 * mm), round(297 * mm)
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    left, right, top = round(28 * mm), round(26 * mm), round(30 * mm)
    body_px = round(16 / 72 * dpi)  # 三号
    truth: list[str] = []

    agency = rng.choice(AGENCIES)
    head = agency + "文件"
    head_font = load_font(SERIF_BOLD, round(body_px * 2.1))
    hw = draw.textlength(head, font=head_font)
    draw.text(((width - hw) / 2, top), head, font=head_font, fill=(200, 20, 20))
    truth.append(head)
    y = top + round(body_px * 3.4)

    number = f"{rng.choice(SHORT)}〔{rng.randint(2019, 2025)}〕{rng.randint(1, 99)}号"
    body_font = load_font(SERIF, body_px)
    nw = draw.textlength(number, font=body_font)
    draw.text(((width - nw) / 2, y), number, font=body_font, fill="black")
    truth.append(number)
    y += round(body_px * 1.6)
    draw.rectangle((left, y, width - right, y + max(2, round(0.6 * mm))), fill=(200, 20, 20))
    y += round(body_px * 1.6)

    title_font = load_font(SERIF_BOLD, round(22 / 72 * dpi))
    title = rng.choice(TOPICS)
    title_measure = lambda t: draw.textlength(t, font=title_font)  # noqa: E731
    for part in _wrap(title, title_measure, width - left - right - 2 * body_px, 0):
        tw = draw.textlength(part, font=title_font)
        draw.text(((width - tw) / 2, y), part, font=title_font, fill="black")
        truth.append(part)
        y += round(22 / 72 * dpi * 1.5)
    y += round(body_px * 0.6)

    line_step = round(body_px * 1.75)
    subject = rng.choice(SUBJECTS) + "："
    draw.text((left, y), subject, font=body_font, fill="black")
    truth.append(subject)
    y += line_step

    body_measure = lambda t: draw.textlength(t, font=body_font)  # noqa: E731
    bottom = height - round(35 * mm)
    for para in _paragraphs(rng, 8):
        for i, line in enumerate(_wrap(para, body_measure, width - left - right, 2 * body_px)):
            if y + body_px > bottom:
                break
            x = left + (2 * body_px if i == 0 else 0)
            draw.text((x, y), line, font=body_font, fill="black")
            truth.append(line)
            y += line_step
        if y + body_px > bottom:
            break

    if scanned:
        page = scan_like(page, rng)
    return SyntheticPage(page, "\n".join(truth))


def scan_like(page: Image.Image, rng: random.Random) -> Image.Image:
    """Skew 0.5–1.5°, a little blur, sensor noise, a paper tint and JPEG compression."""
    import numpy as np

    angle = rng.uniform(0.5, 1.5) * rng.choice((-1, 1))
    img = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    img = img.filter(ImageFilter.GaussianBlur(radius=0.4 + rng.random() * 0.6))
    arr = np.asarray(img).astype(np.int16)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 9, arr.shape[:2])
    arr = arr + noise[..., None].astype(np.int16) - np.array([8, 10, 18], dtype=np.int16)
    img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=rng.randint(60, 80))
    buf.seek(0)
    out = Image.open(buf)
    out.load()
    return out


def render_lines(lines: list[str], size_px: int = 32, angle: float = 0.0, font: str = SANS) -> Image.Image:
    """A small image of ``lines`` one under another (for fast engine tests)."""
    fnt = load_font(font, size_px)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    width = int(max(probe.textlength(line, font=fnt) for line in lines)) + 2 * size_px
    step = round(size_px * 1.8)
    img = Image.new("RGB", (width, step * len(lines) + 2 * size_px), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((size_px, size_px + i * step), line, font=fnt, fill="black")
    if angle:
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white")
    return img
