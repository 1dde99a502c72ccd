"""Plain data passed between the OCR engine, the batch runner and the Django app."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Point = tuple[float, float]


@dataclass
class OcrLine:
    """One recognised text line. Coordinates are pixels of the original page image."""

    text: str
    # Four corners, clockwise from top-left as the text reads; follows skew.
    quad: tuple[Point, Point, Point, Point]
    confidence: float

    @property
    def box(self) -> tuple[float, float, float, float]:
        """Axis-aligned bounds x0, y0, x1, y1."""
        xs = [p[0] for p in self.quad]
        ys = [p[1] for p in self.quad]
        return (min(xs), min(ys), max(xs), max(ys))

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "box": [round(v, 1) for v in self.box],
            "quad": [[round(x, 1), round(y, 1)] for x, y in self.quad],
            "confidence": round(float(self.confidence), 4),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OcrLine:
        quad = data.get("quad")
        if not quad:
            x0, y0, x1, y1 = data["box"]
            quad = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
        return cls(
            text=data["text"],
            quad=tuple((float(x), float(y)) for x, y in quad),  # type: ignore[arg-type]
            confidence=float(data.get("confidence", 0.0)),
        )


@dataclass
class OcrPage:
    """The text of one page image, lines in reading order."""

    width: int
    height: int
    lines: list[OcrLine] = field(default_factory=list)
    engine: str = ""
    dpi: float | None = None
    skew_degrees: float = 0.0
    seconds: float = 0.0
    # Findings such as a resolution below the OCR minimum; each dict carries a ``rule`` ID.
    warnings: list[dict[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def mean_confidence(self) -> float:
        if not self.lines:
            return 0.0
        total = sum(len(li.text) for li in self.lines) or 1
        return sum(li.confidence * len(li.text) for li in self.lines) / total

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["lines"] = [line.to_dict() for line in self.lines]
        data["text"] = self.text
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OcrPage:
        return cls(
            width=int(data["width"]),
            height=int(data["height"]),
            lines=[OcrLine.from_dict(d) for d in data.get("lines", [])],
            engine=data.get("engine", ""),
            dpi=data.get("dpi"),
            skew_degrees=float(data.get("skew_degrees", 0.0)),
            seconds=float(data.get("seconds", 0.0)),
            warnings=list(data.get("warnings", [])),
        )
