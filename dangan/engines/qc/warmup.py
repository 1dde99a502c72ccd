"""Imported by the worker fork server only (never by the checking process): loads the imaging stack
and runs the per-page code once on tiny pages, so that every worker forked from the server starts warm.

A fresh worker used to spend 70–110 ms on its first file: Pillow imports its format plugins on the
first ``Image.open`` of a TIFF, and OpenCV and NumPy initialise their routines on first call. That is
a dozen bitonal pages, paid again by every worker of every check; done here it is paid once per
fork server.
"""

from __future__ import annotations

import gc
import io


def _warm() -> None:
    from PIL import Image

    from .imaging import _analyse_data
    from .profile import load_profile

    Image.init()
    params = load_profile().image_params()
    grey = Image.linear_gradient("L").resize((160, 220))
    pages = []
    for im, fmt, kw in (
        (grey, "JPEG", {}),
        (Image.merge("RGB", (grey, grey, grey)), "JPEG", {}),
        (grey.point(lambda v: 255 if v > 128 else 0).convert("1"), "TIFF", {"compression": "group4"}),
        (grey, "PNG", {}),
    ):
        buf = io.BytesIO()
        im.save(buf, fmt, dpi=(300, 300), **kw)
        pages.append((buf.getvalue(), fmt))
    for data, fmt in pages:
        _analyse_data(data, fmt, params)


try:
    _warm()
except Exception:  # a failed warm-up only means slower first pages, never a failed server
    pass
# Everything loaded so far lives as long as the server and its workers: keep it out of the garbage
# collector's sweeps, which would also copy each page it touches into every forked worker.
gc.freeze()
