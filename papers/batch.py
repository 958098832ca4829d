"""What a batch print job renders and how it is bound into one PDF.

A job prints a set of kinds (or every kind) for the ward, one Party cell or one group. The ward-level
papers (the plan) come first, then each group's papers in the order of the procedure. The PDF has a
bookmark per group (and one for the ward's own papers) with a bookmark per paper under it, and a blank
page before any group that would otherwise start on the back of the previous group's last page, so that
the set can be printed double-sided and cut into groups.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from io import BytesIO

import pikepdf
from django.db import OperationalError
from django.utils.translation import gettext as _

from config.errors import DomainError
from papers.kinds import available_kinds, get_kind, kind_label, produce

logger = logging.getLogger(__name__)

#: Stored as PrintJob.kind when a job prints more than one kind (the kinds are in options["kinds"]).
SET_KIND = "set"


def job_kinds(job) -> list[str]:
    """The kinds a job prints, in the order of the procedure (the registry's order)."""
    wanted = set(job.options.get("kinds") or [job.kind])
    return [kind.code for kind in available_kinds() if kind.code in wanted]


def ordered_kinds(codes) -> list[str]:
    wanted = set(codes)
    return [kind.code for kind in available_kinds() if kind.code in wanted]


@dataclass
class GroupPapers:
    """One section of the PDF: the papers that could be made, and why the others could not."""

    papers: list[tuple[str, bytes]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (kind code, reason)


def produce_section(
    kinds: list[str], subject, options: dict, *, name: str = "", skip_inapplicable: bool = False
) -> GroupPapers:
    """Every paper of `kinds` for one group (or the campaign, for ward-level kinds), each on its own:
    one that cannot be made is a failure with its reason, and the others still print.

    With `skip_inapplicable` (a set of kinds), a paper that has no place at the group's stage (a re-vote
    notice where nobody failed, a draft where the decision is issued) is left out without a complaint.
    """
    result = GroupPapers()
    for code in kinds:
        kind = get_kind(code)
        if skip_inapplicable and kind is not None and not kind.applies_to(subject):
            continue
        try:
            result.papers.append((str(kind_label(code)), produce(code, subject, options)))
        except DomainError as exc:
            result.failures.append((code, " ".join(exc.messages)))
        except OperationalError:
            raise  # the database (locked, gone): the worker's business, not this paper's
        except Exception:  # one broken paper must not stop the others
            logger.exception("Batch print: %s of %s failed", code, name or subject)
            result.failures.append((code, _("Unexpected error while producing the paper.")))
    return result


def ward_kinds(kinds: list[str]) -> list[str]:
    return [code for code in kinds if (kind := get_kind(code)) is not None and kind.ward_level]


def group_kinds(kinds: list[str]) -> list[str]:
    return [code for code in kinds if (kind := get_kind(code)) is not None and not kind.ward_level]


# A blank page is A4 portrait, as every paper (papers/paper_base.html), in PDF points.
A4_POINTS = (595.28, 841.89)


class Binder:
    """Binds sections of papers into one PDF with bookmarks, each section starting on a right-hand page.

    pikepdf (qpdf) copies the pages' objects without parsing them in Python: a ward's set of some 1,300 pages
    binds in a fraction of a second, where pypdf took over a second (bench/bench_papers.py, the cached set)."""

    def __init__(self) -> None:
        self.pdf = pikepdf.Pdf.new()
        self.outline: list[tuple[str, int, list[tuple[str, int]]]] = []  # (section, first page, [(paper, page)])
        self._papers: list[pikepdf.Pdf] = []  # open until the whole is saved: qpdf reads their streams then
        self.sections = 0
        self.blank_pages = 0

    @property
    def pages(self) -> int:
        return len(self.pdf.pages)

    def add_section(self, title: str, papers: list[tuple[str, bytes]]) -> None:
        if not papers:
            return
        if self.pages % 2:
            # Double-sided: without it this section would begin on the back of the previous one's last page.
            self.pdf.add_blank_page(page_size=A4_POINTS)
            self.blank_pages += 1
        starts = []
        for label, data in papers:
            starts.append((label, self.pages))
            paper = pikepdf.Pdf.open(BytesIO(data))
            self._papers.append(paper)
            self.pdf.pages.extend(paper.pages)
        self.outline.append((title, starts[0][1], starts))
        self.sections += 1

    def write(self, *, title: str = "") -> bytes:
        with self.pdf.open_outline() as outline:
            for section, first, papers in self.outline:
                item = pikepdf.OutlineItem(section, first)
                item.children.extend(pikepdf.OutlineItem(label, page) for label, page in papers)
                outline.root.append(item)
        if title:
            self.pdf.docinfo["/Title"] = title
        self.pdf.Root.PageMode = pikepdf.Name.UseOutlines
        out = BytesIO()
        # The newest PDF version among the papers (WeasyPrint writes 1.7), not pikepdf's default for a new file.
        self.pdf.save(out, min_version=max((paper.pdf_version for paper in self._papers), default=""))
        for paper in self._papers:
            paper.close()
        self._papers.clear()
        return out.getvalue()
