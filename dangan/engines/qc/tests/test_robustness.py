"""Corrupt, enormous or hostile files are findings, never a crash or a hang."""

from __future__ import annotations

import os
import struct

from dangan.engines.qc import CheckOptions, run_check

from . import pages as P
from .generator import no


def _item(root, n=1):
    folder = root / no(n)
    folder.mkdir(parents=True)
    return folder


def _unreadable(report):
    return {(f.file.rsplit("/", 1)[-1], f.page) for f in report.findings if f.code == "IMG_UNREADABLE"}


def test_hostile_files_become_findings(tmp_path):
    root = tmp_path / "d"
    folder = _item(root)
    good = P.encode(P.text_page(1))
    (folder / "001.jpg").write_bytes(good)
    (folder / "002.jpg").write_bytes(b"")  # empty
    (folder / "003.jpg").write_bytes(os.urandom(5000))  # random bytes
    tif = P.encode(P.text_page(2).convert("1"), "TIFF")
    (folder / "004.tif").write_bytes(tif[: len(tif) // 3])  # truncated G4 TIFF
    # TIFF whose header claims 100000 × 100000 pixels (decompression bomb)
    bomb = bytearray(P.encode(P.text_page(3, size_mm=(10, 10)).convert("1"), "TIFF"))
    (folder / "005.tif").write_bytes(_patch_tiff_size(bytes(bomb), 100000, 100000))
    (folder / "006.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF")
    report = run_check(CheckOptions(root, workers=2, use_cache=False))
    assert _unreadable(report) >= {
        ("002.jpg", 2),
        ("003.jpg", 3),
        ("004.tif", 4),
        ("005.tif", 5),
        ("006.pdf", 6),
    }
    assert ("001.jpg", 1) not in _unreadable(report)
    assert report.summary["verdict"]["machine_check"] == "fail"


def _patch_tiff_size(data: bytes, width: int, height: int) -> bytes:
    out = bytearray(data)
    (ifd,) = struct.unpack_from("<I", out, 4)
    (count,) = struct.unpack_from("<H", out, ifd)
    for i in range(count):
        off = ifd + 2 + 12 * i
        tag, typ = struct.unpack_from("<HH", out, off)
        if tag in (256, 257):
            value = width if tag == 256 else height
            if typ == 3:
                struct.pack_into("<H", out, off + 8, min(value, 65535))
            else:
                struct.pack_into("<I", out, off + 8, value)
    return bytes(out)


def test_special_files_and_outside_links_are_not_opened(tmp_path):
    root = tmp_path / "d"
    folder = _item(root)
    (folder / "001.jpg").write_bytes(P.encode(P.text_page(1)))
    os.mkfifo(folder / "002.jpg")  # reading a FIFO would block forever
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "001.jpg").write_bytes(P.encode(P.text_page(2)))
    os.symlink(outside, root / "linked-dir")
    os.symlink(outside / "001.jpg", folder / "003.jpg")
    report = run_check(CheckOptions(root, workers=1, use_cache=False))
    foreign = sorted(f.file for f in report.findings if f.code == "FILE_FOREIGN")
    assert foreign == [f"{no(1)}/002.jpg", f"{no(1)}/003.jpg", "linked-dir"]
    assert report.summary["counts"]["files"] == 1


def test_per_file_time_limit(tmp_path):
    root = tmp_path / "d"
    folder = _item(root)
    (folder / "001.jpg").write_bytes(P.encode(P.text_page(1)))
    profile = tmp_path / "slow.toml"
    profile.write_text('extends = "DA/T 31-2017"\n[image]\nfile_timeout_s = 0.000001\n', "utf-8")
    report = run_check(CheckOptions(root, profile=profile, workers=1, use_cache=False))
    (f,) = [f for f in report.findings if f.code == "IMG_UNREADABLE"]
    assert "秒" in f.message and f.page == 1


def crashing_worker(task):
    """Stands in for a decoder that kills its process on one hostile file (importable by name, as the
    worker processes start fresh from a fork server)."""
    if task["rel"].endswith("002.jpg"):
        os._exit(3)
    from dangan.engines.qc.imaging import analyse_file

    return analyse_file(task)


def test_a_crashing_decoder_is_isolated(tmp_path):
    from dangan.engines.qc.engine import _run_tasks
    from dangan.engines.qc.profile import load_profile

    root = tmp_path / "d"
    folder = _item(root)
    profile = load_profile()
    tasks = []
    for i in range(1, 7):
        path = folder / f"{i:03d}.jpg"
        path.write_bytes(P.encode(P.text_page(40 + i, size_mm=(40, 40))))
        tasks.append(
            {
                "path": str(path),
                "rel": f"{no(1)}/{path.name}",
                "params": profile.image_params(),
                "digest": "t",
                "cache_dir": None,
                "hashes": [],
            }
        )
    results = {}
    _run_tasks(tasks, 2, lambda r: results.__setitem__(r["rel"], r), fn=crashing_worker)
    assert sorted(results) == sorted(t["rel"] for t in tasks)  # every file has a result
    errors = {rel: r["error"] for rel, r in results.items() if r.get("error")}
    assert list(errors) == [f"{no(1)}/002.jpg"] and "进程" in errors[f"{no(1)}/002.jpg"]
    assert all(r["pages"] for rel, r in results.items() if rel not in errors)
