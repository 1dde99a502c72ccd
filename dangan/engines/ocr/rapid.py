"""RapidOCR backend (PP-OCRv4 detection and recognition ONNX models from the wheel).

We drive RapidOCR's detector, classifier and recogniser ourselves instead of calling
``RapidOCR()(img)`` because the stock pipeline is tuned for photos, not 300 dpi pages:
it shrinks the whole page to 2000 px before cropping lines, runs detection at that size,
classifies every line's orientation and sorts lines with a fixed 10 px tolerance. Here
detection runs on a reduced copy, lines are cropped from the full-resolution page, the
angle classifier runs only when a sample of lines says the page is upside down, and
lines are recognised one at a time through sessions with the memory arena on. See
docs/ocr.md for the measured effect.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .images import LoadedPage
from .layout import estimate_skew, reading_order
from .types import OcrLine, OcrPage

if TYPE_CHECKING:
    import numpy as np

DEFAULTS: dict[str, Any] = {
    "det_side": 1280,  # longest side of the detection input, px
    "rec_batch": 1,  # text lines per recognition run (see _recognise)
    "rec_squeeze": 1.0,  # horizontal scale of line crops before recognition
    "min_confidence": 0.5,
    "cls": "auto",  # "auto" | "always" | "never"
    "threads": 0,  # onnxruntime intra-op threads; 0 = library default (all cores)
}
CLS_SAMPLE = 8
# Widest recognition input, in model columns (48 px high). A line across A4 is 25-50 box
# heights long, across A3 landscape up to about 120; a box far longer is a detection artefact
# (a rule, a border) and would only cost memory, so it is squeezed to this width, as the
# model's training squeezes long lines.
MAX_REC_WIDTH = 48 * 160


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(self, **options: Any) -> None:
        from rapidocr_onnxruntime.ch_ppocr_cls import TextClassifier
        from rapidocr_onnxruntime.ch_ppocr_det import TextDetector
        from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
        from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
        from rapidocr_onnxruntime.utils import read_yaml, update_model_path

        unknown = set(options) - set(DEFAULTS)
        if unknown:
            raise ValueError(f"RapidOCR 不支持的参数：{', '.join(sorted(unknown))}")
        self.options = {**DEFAULTS, **{k: v for k, v in options.items() if v is not None}}
        config = update_model_path(read_yaml(str(DEFAULT_CFG_PATH)))
        threads = int(self.options["threads"] or -1)
        for section in ("Det", "Cls", "Rec"):
            config[section]["intra_op_num_threads"] = threads
            config[section]["inter_op_num_threads"] = 1 if threads > 0 else -1
        # Only the models, sessions and post-processing are RapidOCR's: _detect and _recognise
        # prepare the inputs themselves, so its resize and batch settings are not used.
        with _session_options(threads):
            self.detector = TextDetector(config["Det"])
            self.classifier = TextClassifier(config["Cls"])
            self.recognizer = TextRecognizer(config["Rec"])
        self.timings: dict[str, float] = {}

    def describe(self) -> str:
        o = self.options
        return f"rapidocr-1.4.4 PP-OCRv4 det_side={o['det_side']} cls={o['cls']}"

    def recognize(self, page: LoadedPage) -> OcrPage:
        import numpy as np

        started = time.perf_counter()
        clock = _Clock()
        self.timings = clock.spent
        rgb = page.array
        if not rgb.flags["C_CONTIGUOUS"]:
            rgb = np.ascontiguousarray(rgb)
        # The models want BGR (OpenCV order); only the reduced detection copy and the line crops
        # are converted, never the whole 300 dpi page.
        boxes = self._detect(rgb)
        clock.lap("det")
        result = OcrPage(width=page.width, height=page.height, engine=self.name, dpi=page.dpi)
        if boxes is None or len(boxes) == 0:
            result.seconds = time.perf_counter() - started
            return result
        quads = [b.astype(np.float32) for b in boxes]
        crops = [_crop_line(rgb, q) for q in quads]
        clock.lap("crop")
        crops, upside_down = self._orient(crops)
        clock.lap("cls")
        recognised = self._recognise(crops)
        clock.lap("rec")
        lines_q: list[Any] = []
        lines: list[OcrLine] = []
        s = page.scale
        for quad, rec in zip(quads, recognised, strict=True):
            text, score = str(rec[0]).strip(), float(rec[1])
            if not text or score < self.options["min_confidence"]:
                continue
            pts = tuple((float(x) * s, float(y) * s) for x, y in quad)
            if upside_down:
                # The text's own top-left corner is the image's bottom-right one.
                pts = pts[2:] + pts[:2]
            lines.append(OcrLine(text=text, quad=pts, confidence=score))  # type: ignore[arg-type]
            lines_q.append(pts)
        skew = estimate_skew(lines_q)
        if upside_down:
            # Order the page as it would be read once turned right way up.
            turned = [tuple((page.width - x, page.height - y) for x, y in q) for q in lines_q]
            order = reading_order(turned, estimate_skew(turned))
        else:
            order = reading_order(lines_q, skew)
        result.lines = [lines[i] for i in order]
        result.skew_degrees = round(skew, 2)
        clock.lap("layout")
        result.seconds = time.perf_counter() - started
        return result

    def _detect(self, rgb: np.ndarray) -> np.ndarray | None:
        """Text line quadrilaterals in pixels of ``rgb``, found on a copy of ``det_side`` px."""
        import cv2
        import numpy as np

        det = self.detector
        h, w = rgb.shape[:2]
        factor = min(1.0, int(self.options["det_side"]) / max(h, w))
        # The network wants both sides in multiples of 32: resample once, straight to that size.
        dh, dw = (max(32, round(n * factor / 32) * 32) for n in (h, w))
        small = cv2.resize(rgb, (dw, dh), interpolation=cv2.INTER_AREA if factor < 1.0 else cv2.INTER_LINEAR)
        bgr = cv2.cvtColor(small, cv2.COLOR_RGB2BGR)
        tensor = np.ascontiguousarray(bgr.transpose(2, 0, 1)[np.newaxis], dtype=np.float32)
        tensor *= 1 / 127.5  # [0, 255] -> [-1, 1] as in training (mean = std = 0.5)
        tensor -= 1.0
        preds = det.infer(tensor)[0]
        boxes, _ = det.postprocess_op(preds, (dh, dw))
        boxes = det.filter_tag_det_res(boxes, (dh, dw))
        if boxes is None or len(boxes) == 0:
            return None
        return boxes * np.array([w / dw, h / dh], dtype=np.float32)

    def _recognise(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Text and score per crop, in the order given.

        Crops run through the model in small batches of similar width. One crop at a time is
        fastest on CPU: padding costs columns, and larger tensors fall out of the caches (in
        our measurement a batch of 6 cost 1.6x per column what single crops did).
        """
        import cv2
        import numpy as np

        rec = self.recognizer
        _, height, min_width = rec.rec_image_shape
        batch = max(1, int(self.options["rec_batch"]))
        squeeze = float(self.options["rec_squeeze"])
        widths = [
            min(MAX_REC_WIDTH, max(1, math.ceil(height * c.shape[1] / c.shape[0] * squeeze))) for c in crops
        ]
        order = sorted(range(len(crops)), key=widths.__getitem__)
        out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        for start in range(0, len(order), batch):
            group = order[start : start + batch]
            padded = max(min_width, max(widths[i] for i in group))
            tensor = np.zeros((len(group), 3, height, padded), dtype=np.float32)
            for row, i in enumerate(group):
                resized = cv2.resize(crops[i], (widths[i], height), interpolation=cv2.INTER_LINEAR)
                # Same normalisation as the model's training: [0, 255] -> [-1, 1], CHW.
                tensor[row, :, :, : widths[i]] = resized.transpose(2, 0, 1) * (1 / 127.5) - 1.0
            preds = rec.session(tensor)[0]
            for i, res in zip(group, rec.postprocess_op(preds), strict=True):
                out[i] = (str(res[0]), float(res[1]))
        return out

    def _orient(self, crops: list[np.ndarray]) -> tuple[list[np.ndarray], bool]:
        """Lines turned upright, and whether the page as a whole is upside down."""
        mode = self.options["cls"]
        if mode == "never" or not crops:
            return crops, False
        if mode == "auto":
            # A page is upright or upside down as a whole; ask about a few long lines only.
            longest = sorted(range(len(crops)), key=lambda i: -crops[i].shape[1])[:CLS_SAMPLE]
            _, votes, _ = self.classifier([crops[i] for i in longest])
            if _flipped(votes) * 2 <= len(votes):
                return crops, False
        oriented, votes, _ = self.classifier(crops)
        return list(oriented), _flipped(votes) * 2 > len(votes)


class _Clock:
    """Seconds spent per stage of the last page (for profiling, see bench/ocr_bench.py)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.spent[stage] = self.spent.get(stage, 0.0) + now - self._last
        self._last = now


@contextlib.contextmanager
def _session_options(threads: int) -> Iterator[None]:
    """Build RapidOCR's onnxruntime sessions with our options instead of its own.

    RapidOCR turns the CPU memory arena off; with a new input shape for every text line that
    means fresh allocations on every run, about 20 % slower in our measurement. Sequential
    execution with a fixed intra-op thread count keeps each worker on its share of the cores.
    """
    import onnxruntime as ort
    from rapidocr_onnxruntime.utils import infer_engine

    def options(_config: dict[str, Any]) -> Any:
        opts = ort.SessionOptions()
        opts.log_severity_level = 4
        opts.enable_cpu_mem_arena = True
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        if threads > 0:
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
        return opts

    cls = infer_engine.OrtInferSession
    original = cls.__dict__["_init_sess_opts"]
    cls._init_sess_opts = staticmethod(options)  # type: ignore[method-assign]
    try:
        yield
    finally:
        cls._init_sess_opts = original  # type: ignore[method-assign]


def _flipped(votes: list[Any]) -> int:
    return sum(1 for label, score in votes if label == "180" and score > 0.9)


def _crop_line(img: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """Warp the quadrilateral of RGB ``img`` to an upright BGR rectangle (undoing skew per line)."""
    import cv2
    import numpy as np

    w = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[3] - quad[2])))
    h = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
    w, h = max(w, 1), max(h, 1)
    target = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    crop = cv2.warpPerspective(img, matrix, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    crop = cv2.cvtColor(crop, cv2.COLOR_RGB2BGR)
    if h >= 1.5 * w:
        # A tall box is a vertical line of text: turn it so characters lie along x.
        crop = np.ascontiguousarray(np.rot90(crop))
    return crop
