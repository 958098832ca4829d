import io
import unicodedata

import pytest
from pypdf import PdfReader

from accounts.models import Role, User
from reports.synthetic_city import build_city


def pdf_text(data: bytes) -> str:
    return unicodedata.normalize("NFC", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def city_user(ward, role: str = Role.WARD_OFFICIAL) -> User:
    suffix = {Role.WARD_OFFICIAL: "ubnd", Role.COMMITTEE_MEMBER: "danguy", Role.CHAIRMAN: "chutich"}[role]
    return User.objects.get(username=f"bench{ward.pk}_{suffix}")


@pytest.fixture
def city(db):
    """A ward of 12 groups in every stage, 4 households each (reports/synthetic_city.py)."""
    return build_city(groups=12, households=4, name="Thử 12")
