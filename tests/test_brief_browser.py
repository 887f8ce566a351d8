"""The HTML briefing in a real browser: headless Chromium renders it to PNG and prints it to an A4 PDF
(at most 5 pages, nothing below 8 pt).

Skipped, with the reason shown by `pytest -rs`, when no Chromium is installed; set
TARGETS_REQUIRE_BROWSER=1 (as CI does) to fail instead of skipping.
"""

from __future__ import annotations

import logging
import os
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from targets.actuals import load_actuals
from targets.catalog import default_catalog_path, load_catalog
from targets.evaluate import evaluate
from targets.report.brief import build
from targets.report.brief.html import render_html
from targets.report.brief.svg import ACTUAL, PLAN

WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str:
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if found is None:
        reason = "chromium not found on PATH (Debian: apt-get install chromium)"
        if os.environ.get("TARGETS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}, and TARGETS_REQUIRE_BROWSER=1")
        pytest.skip(reason)
    return found


def run_browser(browser: str, tmp_path: Path, *args: str) -> None:
    command = [
        browser,
        "--headless",
        "--no-sandbox",  # CI containers run as root, where the sandbox cannot start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def decode_png(data: bytes) -> tuple[int, int, int, bytearray]:
    """(width, height, bytes per pixel, pixels) of an 8-bit RGB or RGBA PNG; checks every CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    pixels = bytearray(height * stride)
    prev = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        _unfilter(kind, line, prev, bpp)
        pixels[y * stride : (y + 1) * stride] = line
        prev = line
    return width, height, bpp, pixels


def _unfilter(kind: int, line: bytearray, prev: bytearray, bpp: int) -> None:
    if kind == 1:
        for i in range(bpp, len(line)):
            line[i] = (line[i] + line[i - bpp]) & 255
    elif kind == 2:
        for i in range(len(line)):
            line[i] = (line[i] + prev[i]) & 255
    elif kind == 3:
        for i in range(len(line)):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + (left + prev[i]) // 2) & 255
    elif kind == 4:
        for i in range(len(line)):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    else:
        assert kind == 0, f"unknown PNG filter {kind}"


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    catalog = load_catalog(default_catalog_path())
    observations, _ = load_actuals([default_catalog_path().parent / "actuals"], catalog)
    html = render_html(build(catalog, observations, evaluate(catalog, observations), "zh"))
    path = tmp_path_factory.mktemp("brief") / "brief.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_screenshot_shows_the_tables_and_the_charts(page: Path, tmp_path: Path) -> None:
    browser = chromium()
    shot = tmp_path / "brief.png"
    run_browser(browser, tmp_path, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", page.as_uri())
    width, height, bpp, pixels = decode_png(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    stride = width * bpp
    ink = 0
    found: dict[tuple[int, int, int], list[tuple[int, int]]] = {rgb(PLAN): [], rgb(ACTUAL): []}
    for y in range(height):
        row = pixels[y * stride : (y + 1) * stride]
        for x in range(width):
            r, g, b = row[x * bpp], row[x * bpp + 1], row[x * bpp + 2]
            if r < 250 or g < 250 or b < 250:
                ink += 1
                for colour, hits in found.items():
                    if abs(r - colour[0]) + abs(g - colour[1]) + abs(b - colour[2]) <= 24:
                        hits.append((x, y))
    assert ink > width * height // 50, f"the page looks blank: {ink} non-white pixels"
    for colour, hits in found.items():
        assert hits, f"no pixel of the chart colour {colour}"
        # The legend under the title uses these colours too: count only what lies below it.
        top = min(y for _, y in hits) + 25
        chart = [(x, y) for x, y in hits if y > top]
        assert len(chart) > 40, f"too few chart pixels of {colour}: {len(chart)}"
        ys = [y for _, y in chart]
        assert max(ys) - min(ys) > 200, f"chart colour {colour} only in rows {min(ys)}..{max(ys)}"
        assert len({x // 300 for x, _ in chart}) >= 2, f"chart colour {colour} in one column of charts"


@pytest.fixture(scope="module")
def pdf(page: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Chromium's A4 PDF of the default briefing of the shipped data."""
    browser = chromium()
    folder = tmp_path_factory.mktemp("pdf")
    target = folder / "brief.pdf"
    run_browser(browser, folder, "--no-pdf-header-footer", f"--print-to-pdf={target}", page.as_uri())
    return target


def pdf_pages(path: Path) -> list[Any]:
    from pdfminer.high_level import extract_pages

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # CJK subset fonts lack a FontBBox
    return list(extract_pages(str(path)))


def chars(item: Any) -> Iterator[Any]:
    from pdfminer.layout import LTChar

    if isinstance(item, LTChar):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from chars(child)


def test_prints_on_at_most_five_a4_pages(pdf: Path) -> None:
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = pdf_pages(pdf)
    assert 1 <= len(pages) <= 5, f"the default briefing prints on {len(pages)} A4 pages"
    for layout in pages:  # A4 is 595.28 x 841.89 pt; Chromium rounds to whole pixels
        assert abs(layout.width - 595.28) < 2 and abs(layout.height - 841.89) < 2, (
            layout.width,
            layout.height,
        )


def test_no_text_prints_below_8_pt(pdf: Path) -> None:
    sizes: dict[float, int] = {}
    small = []
    for number, layout in enumerate(pdf_pages(pdf), 1):
        for ch in chars(layout):
            size = round(ch.size, 2)
            sizes[size] = sizes.get(size, 0) + 1
            if ch.size < 7.95 and ch.get_text().strip():  # 8 pt comes out as 7.99
                small.append((number, ch.get_text(), size))
    assert sum(sizes.values()) > 2000, "hardly any text in the PDF"
    assert not small, f"text below 8 pt: {small[:20]}"
    # the chart labels (tick values, years, the target label) are among what was measured
    chart_text = sum(n for size, n in sizes.items() if 8.3 <= size <= 9.0)
    assert chart_text > 300, sizes
