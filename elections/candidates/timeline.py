"""What the candidates app tells the group timeline (`elections.audit_display`): candidates by name,
votes per candidate in words, standards by their label. Registered in `CandidatesConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from elections.audit_display import register_figure, register_name_path, register_plain_choices
from elections.candidates.models import Candidate, Criterion


def votes_in_words(value: dict) -> str:
    """{"<candidate pk>": votes} as "Name: votes; ...", the names in one query."""
    names = dict(
        Candidate.objects.filter(pk__in=[int(k) for k in value if str(k).isdigit()]).values_list(
            "pk", "resident__full_name"
        )
    )
    return "; ".join(f"{names.get(int(k), k) if str(k).isdigit() else k}: {n}" for k, n in value.items())


register_figure("votes", _("Votes per candidate"), votes_in_words)
register_plain_choices("criterion", Criterion.choices)
register_name_path(Candidate._meta.label_lower, "resident__full_name")
