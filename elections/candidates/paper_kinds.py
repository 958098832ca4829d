"""The candidates app's papers in batch printing (registered in CandidatesConfig.ready).

The ballots, which need the conference's frozen list of electors, are registered by the conference app.
"""

from django.utils.translation import gettext_lazy

from elections.candidates.papers import candidate_list_pdf, consultation_minutes_pdf, latest_consultation
from papers.kinds import register_kind


@register_kind("consultation_minutes", gettext_lazy("Minutes of the candidate-list consultation"), position=30)
def _consultation_minutes(group_election, options: dict) -> bytes:
    return consultation_minutes_pdf(latest_consultation(group_election))


@register_kind("candidate_lists", gettext_lazy("Candidate lists for posting"), position=40)
def _candidate_list(group_election, options: dict) -> bytes:
    return candidate_list_pdf(group_election)
