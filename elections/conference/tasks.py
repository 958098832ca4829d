"""Background tasks of election day (run by `manage.py worker`).

The invitations of a group are a page per two households: some 13 s of layout for a group of 360 households, too
long to wait for at the office. Whenever what they print is set or changes (the lists posted, a sitting scheduled
or its date and venue corrected, the team's members changed), the worker lays them out into the paper cache
(papers/cache.py), so the first person to print them gets them at once. A layout the data has since overtaken
costs nothing but the worker's time: the cache key is what the paper prints, so a stale paper is never served.
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django_tasks import task

from config.errors import DomainError
from elections.conference.papers_notices import invitation_pdf
from elections.models import GroupElection


@task(priority=-10)  # after any print job a person is waiting for
def lay_out_invitations(group_election_id: int) -> dict:
    """Lay out the invitations of one group (for every household or voter) into the paper cache."""
    group_election = (
        GroupElection.objects.select_related("group", "group__ward", "campaign").filter(pk=group_election_id).first()
    )
    if group_election is None:
        return {"group_election": group_election_id, "papers": 0}
    with translation.override(settings.LANGUAGE_CODE):
        try:
            invitation_pdf(group_election)
        except DomainError:  # nothing to invite to yet (no sitting, no voter): nothing to lay out
            return {"group_election": group_election_id, "papers": 0}
    return {"group_election": group_election_id, "papers": 1}


def lay_out_invitations_after_commit(group_election_id: int) -> None:
    """Queue `lay_out_invitations` once the caller's transaction commits (when laying out in advance is on)."""
    if settings.PAPERS_LAY_OUT_IN_ADVANCE:
        transaction.on_commit(lambda: lay_out_invitations.enqueue(group_election_id))
