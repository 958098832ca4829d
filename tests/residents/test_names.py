"""Tests for residents.names (pure functions; must run without Django)."""

import unicodedata
from itertools import pairwise
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from residents.names import fold, given_name, sort_people, vietnamese_sort_key


def nfc(s):
    return unicodedata.normalize("NFC", s)


def nfd(s):
    return unicodedata.normalize("NFD", s)


def vsorted(names):
    return sorted(names, key=vietnamese_sort_key)


def assert_strictly_ordered(names):
    """Each name sorts strictly before the next, and sorting restores order."""
    for a, b in pairwise(names):
        assert vietnamese_sort_key(a) < vietnamese_sort_key(b), (a, b)
    assert vsorted(reversed(names)) == list(names)


# --- Vietnamese letters, for examples and hypothesis strategies -------------

TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
CONSONANTS = list("bcdghklmnpqrstvx") + ["đ"]
LOWER_LETTERS = [nfc(v + t) for v in VOWELS for t in TONES] + CONSONANTS
VIETNAMESE_LETTERS = sorted(set(LOWER_LETTERS) | {ch.upper() for ch in LOWER_LETTERS})

vn_word = st.text(alphabet=VIETNAMESE_LETTERS, min_size=1, max_size=8)
vn_name = st.lists(vn_word, min_size=1, max_size=4).map(" ".join)


# --- worked examples --------------------------------------------------------


def test_sorted_by_given_name_in_vietnamese_alphabet():
    names = [
        "Trần Văn Ước",
        "Nguyễn Thị Út",
        "Lê Văn An",
        "Phạm Thị Ánh",
        "Hoàng Đức Dũng",
        "Võ Văn Đạt",
        "Ngô Thị Ư",
        "Bùi Văn Ân",
        "Đặng Văn Ăn",
    ]
    assert [given_name(n) for n in vsorted(names)] == [
        "An",  # a-n is a prefix of a-n-h
        "Ánh",  # a < ă: the letter decides before the tone
        "Ăn",
        "Ân",  # ă < â
        "Dũng",
        "Đạt",  # d < đ
        "Út",  # u < ư
        "Ư",
        "Ước",  # ư is a prefix of ư-ơ-c
    ]


def test_vowel_letter_order():
    assert_strictly_ordered(["A", "Ă", "Â", "E", "Ê", "O", "Ô", "Ơ", "U", "Ư"])


def test_whole_alphabet_order_with_foreign_letters():
    alphabet = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z"
    assert_strictly_ordered(alphabet.split())


def test_same_given_name_orders_by_middle_then_family():
    assert_strictly_ordered(["Lê Văn An", "Nguyễn Văn An"])
    assert_strictly_ordered(["Trần Thị An", "Trần Văn An"])
    # The middle name outranks the family name.
    assert_strictly_ordered(["Trần Thị An", "Lê Văn An"])
    assert vsorted(["Nguyễn Văn An", "Trần Thị An", "Lê Văn An"]) == [
        "Trần Thị An",
        "Lê Văn An",
        "Nguyễn Văn An",
    ]


def test_multiple_middle_names_compared_in_order():
    assert_strictly_ordered(["Trần Công Minh Anh", "Lê Công Thành Anh", "Lê Ngọc Minh Anh"])


def test_given_name_outranks_everything_else():
    assert_strictly_ordered(["Vũ Văn An", "Anh Thị Bình"])


def test_missing_middle_and_family_names_sort_first():
    assert_strictly_ordered(["An", "Lê An", "Lê Văn An"])


def test_tone_order_ngang_huyen_hoi_nga_sac_nang():
    assert_strictly_ordered(["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"])
    assert_strictly_ordered(["Lê Văn Ma", "Lê Văn Mà", "Lê Văn Mả", "Lê Văn Mã", "Lê Văn Má", "Lê Văn Mạ"])


def test_letters_decide_before_tones():
    # "Mạ" has the heaviest tone but "ma" is a prefix of "mac".
    assert_strictly_ordered(["Mạ", "Mac"])
    # The base letter sequence of the given name beats its tone.
    assert_strictly_ordered(["Bùi Thị Ánh", "An Văn Ăn"])


def test_given_name_tone_decides_before_family_name():
    assert_strictly_ordered(["Nguyễn Văn An", "Lê Văn Án"])


def test_tone_position_is_ignored_old_and_new_style():
    # "Hòa" (old style) and "Hoà" (new style) are the same name.
    assert vietnamese_sort_key("Hòa")[:-1] == vietnamese_sort_key("Hoà")[:-1]
    ordered = vsorted(["Hóa", "Hoà", "Hoá", "Hòa", "Hoa"])
    assert ordered[0] == "Hoa"
    assert set(ordered[1:3]) == {"Hoà", "Hòa"}
    assert set(ordered[3:]) == {"Hoá", "Hóa"}


def test_d_before_d_stroke_regardless_of_later_letters():
    assert_strictly_ordered(["Dung", "Đông"])
    assert_strictly_ordered(["Lê Dung", "Lê Đông"])
    assert_strictly_ordered(["Dư", "Đa"])


def test_d_stroke_lookalike_eth_sorts_as_d_stroke():
    assert vietnamese_sort_key("\u00d0ông")[:-1] == vietnamese_sort_key("Đông")[:-1]


def test_nfd_input_sorts_like_nfc():
    names = ["Ước", "Út", "Ư", "Ân", "Ăn", "Ánh", "An", "Đạt", "Dũng", "Mạ", "Mã"]
    for name in names:
        assert vietnamese_sort_key(nfd(name))[:-1] == vietnamese_sort_key(nfc(name))[:-1]
    mixed = [nfd(n) if i % 2 else nfc(n) for i, n in enumerate(names)]
    assert [nfc(n) for n in vsorted(mixed)] == vsorted([nfc(n) for n in names])


def test_nfd_stacked_marks_dot_below_with_circumflex():
    # NFD orders "ậ" as a + dot below + circumflex; must still be â + nặng.
    assert nfd("ậ") == "a\u0323\u0302"
    assert vietnamese_sort_key(nfd("Ậu"))[:-1] == vietnamese_sort_key("Ậu")[:-1]
    assert_strictly_ordered(["Âu", "Ấu", "Ậu", "Bá"])


def test_case_insensitive():
    assert vietnamese_sort_key("NGUYỄN VĂN AN")[:-1] == vietnamese_sort_key("nguyễn văn an")[:-1]
    assert [n.casefold() for n in vsorted(["bình", "AN", "Ân"])] == [
        "an",
        "ân",
        "bình",
    ]


def test_extra_whitespace_is_ignored():
    messy = "  Nguyễn\u00a0 Văn\t\tAn \n"
    assert vietnamese_sort_key(messy)[:-1] == vietnamese_sort_key("Nguyễn Văn An")[:-1]
    assert given_name(messy) == "An"


def test_one_word_and_empty_names():
    assert given_name("Út") == "Út"
    assert given_name("") == ""
    assert given_name("   ") == ""
    assert_strictly_ordered(["", "A", "Út"])


def test_final_tiebreak_is_original_string():
    names = ["an", "AN", "An", nfd("Án"), nfc("Án")]
    assert vsorted(names) == vsorted(list(reversed(names)))
    assert len({vietnamese_sort_key(n) for n in names}) == len(names)


def test_foreign_names_and_punctuation():
    # f/j/w/z between the Vietnamese letters; apostrophe/hyphen ignorable at
    # the primary level but still deterministic.
    assert_strictly_ordered(["Fa", "Ga", "Ja", "Ka", "Wa", "Xa", "Ya", "Za"])
    assert_strictly_ordered(["Hhen", "H'Hen", "Hia"])
    assert_strictly_ordered(["Y Moan", "Y-Moan"])


def test_given_name():
    assert given_name("Nguyễn Văn An") == "An"
    assert given_name("Hoàng Đức  Dũng ") == "Dũng"


# --- fold -------------------------------------------------------------------


def test_fold_examples():
    assert fold("Nguyễn Văn Á") == "nguyen van a"
    assert fold("ĐẶNG   Thị\u00a0Ước") == "dang thi uoc"
    assert fold(nfd("Đỗ Văn Ậu")) == "do van au"
    assert fold("") == ""
    assert fold("  ") == ""


def test_fold_search_finds_name():
    people = ["Nguyễn Văn A", "Nguyễn Văn Á", "Nguyễn Văn Bình", "Trần Văn An"]
    query = fold("nguyen van a")
    assert [p for p in people if fold(p) == query] == ["Nguyễn Văn A", "Nguyễn Văn Á"]
    assert [p for p in people if query in fold(p)] == [
        "Nguyễn Văn A",
        "Nguyễn Văn Á",
    ]
    assert [p for p in people if fold("Van An") in fold(p)] == ["Trần Văn An"]


# --- sort_people ------------------------------------------------------------


def test_sort_people_default_key_and_custom_key():
    people = [SimpleNamespace(full_name=n) for n in ["Lê Văn Bình", "Trần An"]]
    result = sort_people(people)
    assert [p.full_name for p in result] == ["Trần An", "Lê Văn Bình"]
    assert result is not people
    assert [p.full_name for p in people] == ["Lê Văn Bình", "Trần An"]  # untouched

    rows = [{"name": "Võ Đạt"}, {"name": "Võ Dũng"}]
    assert sort_people(rows, key=lambda r: r["name"]) == [
        {"name": "Võ Dũng"},
        {"name": "Võ Đạt"},
    ]


def test_sort_people_accepts_iterators_and_none_names():
    people = (SimpleNamespace(full_name=n) for n in ["Bảo", None, "An"])
    assert [p.full_name for p in sort_people(people)] == [None, "An", "Bảo"]


# --- properties -------------------------------------------------------------


@given(st.lists(vn_name, max_size=15), st.randoms(use_true_random=False))
def test_sort_result_independent_of_input_order(names, rnd):
    shuffled = list(names)
    rnd.shuffle(shuffled)
    assert vsorted(shuffled) == vsorted(names)


@given(
    st.lists(
        st.tuples(vn_name, st.sampled_from([nfc, nfd])).map(lambda t: t[1](t[0])),
        max_size=10,
    )
)
def test_sort_people_independent_of_input_order(names):
    people = [SimpleNamespace(full_name=n) for n in names]
    expected = [p.full_name for p in sort_people(people)]
    assert [p.full_name for p in sort_people(reversed(people))] == expected


@given(vn_name)
def test_key_ignores_case_and_normalization(name):
    reference = vietnamese_sort_key(name)[:-1]
    for variant in (name.upper(), name.lower(), nfd(name), nfd(name.upper())):
        assert vietnamese_sort_key(variant)[:-1] == reference


@given(st.lists(vn_word, min_size=1, max_size=4).map("  ".join))
def test_fold_is_ascii_for_vietnamese_text(text):
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert "  " not in folded
    assert fold(nfd(text)) == folded == fold(text.upper())


@given(st.text())
def test_key_and_fold_are_total_on_arbitrary_text(text):
    vietnamese_sort_key(text)
    assert fold(fold(text)) == fold(text)
