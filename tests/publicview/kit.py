"""Helpers for the public pages' tests: a sealed count, a PDF page read back as an image, its QR code."""

from __future__ import annotations

import datetime
import io
import subprocess
import tempfile
from pathlib import Path

import zxingcpp
from PIL import Image

from elections.count.services.seal import count_seal
from elections.count.services.tally import tally_submit
from tests.conference.countkit import DAY, Day


def sealed(day: Day, votes=(200, 120), **kwargs):
    data = day.data(votes, **kwargs)
    tally_submit(conference=day.conference, actor=day.member_a, data=data)
    tally_submit(conference=day.conference, actor=day.member_b, data=data)
    return count_seal(
        conference=day.conference,
        actor=day.head,
        witness_1=day.elector(1),
        witness_2=day.elector(2),
        count_ended_at=DAY + datetime.timedelta(hours=3),
    )


def pdf_qr_codes(pdf: bytes) -> list[str]:
    """Every QR code on every page of the PDF, rendered as a resident's phone would see the printout."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "paper.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "150", str(source), str(Path(folder) / "page")], check=True)
        texts = []
        for page in sorted(Path(folder).glob("page*.png")):
            image = Image.open(io.BytesIO(page.read_bytes())).convert("L")
            texts += [code.text for code in zxingcpp.read_barcodes(image)]
    return texts
