"""Vietnamese personal-name helpers: collation and accent-insensitive search.

Pure functions, no Django and no database access.

Sorting follows the usual Vietnamese list convention: by given name (the
last word), then the middle names, then the family name (the first word).
Each word is compared first by its letters in the Vietnamese alphabet

    a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y

(foreign letters f, j, w, z are slotted where the Latin alphabet puts them),
case-insensitively, and only then by tone, in dictionary order:
ngang (none) < huyền < hỏi < ngã < sắc < nặng.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

__all__ = [
    "fold",
    "given_name",
    "sort_people",
    "split_name",
    "vietnamese_sort_key",
]

# Vietnamese alphabet with the four foreign Latin letters inserted where the
# Latin alphabet places them (f after the e-family, j after i, w after v, z
# after y). "ă", "â", ... are written as base letter + combining mark (NFD).
_ALPHABET = (
    "a", "a\u0306", "a\u0302", "b", "c", "d", "\u0111",
    "e", "e\u0302", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "o\u0302", "o\u031b", "p", "q", "r", "s", "t",
    "u", "u\u031b", "v", "w", "x", "y", "z",
)  # fmt: skip

# Rank bands: digits < Vietnamese/Latin letters < any other character.
_DIGIT_BASE = 0
_LETTER_BASE = 100
_OTHER_BASE = 1000
_LETTER_RANK = {letter: _LETTER_BASE + i for i, letter in enumerate(_ALPHABET)}

# Marks that are part of the letter itself (ă â ê ô ơ ư).
_LETTER_MODIFIERS = frozenset("\u0306\u0302\u031b")

# Tone marks, in dictionary order: huyền, hỏi, ngã, sắc, nặng (ngang = 0).
_TONE_RANK = {
    "\u0300": 1,  # grave      – huyền
    "\u0309": 2,  # hook above – hỏi
    "\u0303": 3,  # tilde      – ngã
    "\u0301": 4,  # acute      – sắc
    "\u0323": 5,  # dot below  – nặng
}

# Look-alikes of "Đ"/"đ" that legacy input methods and OCR produce (Icelandic
# eth, African D). Treated as đ so they sort and search like the real letter.
_D_STROKE_LOOKALIKES = str.maketrans({"\u00d0": "\u0111", "\u00f0": "\u0111", "\u0189": "\u0111", "\u0256": "\u0111"})


def _clean(text: str) -> str:
    """NFKD-decompose, case-fold and drop invisible format characters."""
    text = unicodedata.normalize("NFKD", text).translate(_D_STROKE_LOOKALIKES)
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def split_name(full_name: str) -> list[str]:
    """Split a name into words on any run of Unicode whitespace."""
    return (full_name or "").split()


def given_name(full_name: str) -> str:
    """Return the given name (last word) exactly as written; "" if empty."""
    words = split_name(full_name)
    return words[-1] if words else ""


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _base_rank(base: str) -> int | None:
    """Primary rank of a base character, or None if it is ignorable."""
    rank = _LETTER_RANK.get(base)
    if rank is not None:
        return rank
    if base.isdigit():
        digit = unicodedata.digit(base, None)
        return _DIGIT_BASE + digit if digit is not None else _OTHER_BASE + ord(base)
    if base.isalpha():
        return _OTHER_BASE + ord(base)
    return None  # punctuation such as ' or - (H'Hen, Y-Moan): tertiary only


def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple]:
    """(letter ranks, tones, extras) for one whitespace-free word.

    * letter ranks: the primary key, one rank per letter/digit;
    * tones: the non-ngang tones in reading order. A Vietnamese syllable has
      a single tone, so its position is ignored ("Hòa" == "Hoà");
    * extras: (position, code point) of anything else – punctuation, foreign
      diacritics such as ü or ç – so that they never tie with plain letters.
    """
    text = _clean(word)
    letters: list[int] = []
    tones: list[int] = []
    extras: list[tuple[int, int]] = []

    i, n = 0, len(text)
    while i < n:
        base = text[i]
        i += 1
        if _is_mark(base):  # stray mark with no base letter
            marks, base = [base], ""
        else:
            marks = []
        while i < n and _is_mark(text[i]):
            marks.append(text[i])
            i += 1

        # NFD puts the dot below before the circumflex/breve (ậ = a + ̣ + ̂),
        # so look for the letter modifier anywhere in the mark cluster.
        letter = base
        for mark in marks:
            if mark in _LETTER_MODIFIERS and base + mark in _LETTER_RANK:
                letter = base + mark
                marks.remove(mark)
                break

        pos = len(letters)
        if letter:
            rank = _base_rank(letter)
            if rank is None:
                extras.append((pos, ord(letter)))
            else:
                letters.append(rank)
        for mark in marks:
            tone = _TONE_RANK.get(mark)
            if tone is not None:
                tones.append(tone)
            else:
                extras.append((pos, ord(mark)))

    return tuple(letters), tuple(tones), tuple(extras)


def vietnamese_sort_key(full_name: str) -> tuple:
    """Sort key: given name, then middle names, then family name.

    The key is ``(given, middles, family, full_name)`` where ``given`` is a
    word key, ``middles`` a tuple of word keys and ``family`` a tuple holding
    zero or one word key. Grouping the parts (rather than flattening the
    words) means a two-word name's family name is never compared against a
    three-word name's middle name: names without a middle name come first
    among equal given names, and a one-word name precedes the same given name
    with a family name. Within each word, letters decide before tones. The
    original string is the final tiebreak, so the order is total and
    deterministic (NFC vs NFD spellings or case differences only matter
    there).
    """
    full_name = full_name or ""
    words = split_name(full_name)
    if not words:
        return ((), (), ()), (), (), full_name
    keys = [_word_key(w) for w in words]
    given = keys[-1]
    middles = tuple(keys[1:-1])
    family = tuple(keys[:1]) if len(keys) > 1 else ()
    return given, middles, family, full_name


def fold(text: str) -> str:
    """Accent- and case-insensitive search form of ``text``.

    Strips every diacritic (tones and ă/â/ê/ô/ơ/ư modifiers), maps đ/Đ to
    "d", case-folds and collapses whitespace:
    ``fold("Nguyễn  Văn Á") == "nguyen van a"``.
    Apply it to both the stored name and the query, then compare/contain.
    """
    text = _clean(text or "")
    text = "".join(ch for ch in text if not _is_mark(ch)).replace("\u0111", "d")
    return " ".join(text.split())


def sort_people(
    items: Iterable[T],
    key: Callable[[T], str] = lambda x: x.full_name,  # type: ignore[attr-defined]
) -> list[T]:
    """Return a new list of ``items`` in Vietnamese name order.

    ``key`` extracts the full name (default: the ``full_name`` attribute);
    a ``None`` name sorts like "". Items with identical names keep their
    input order (stable sort).
    """
    return sorted(items, key=lambda item: vietnamese_sort_key(key(item) or ""))
