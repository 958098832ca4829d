"""Background tasks of the register (run by `manage.py worker`)."""

from django.conf import settings
from django.utils import translation
from django_tasks import task

from residents.models import ResidentialGroup
from residents.papers import warm_posted_lists


@task(priority=-10)  # after any print job a person is waiting for
def lay_out_posted_lists(group_id: int) -> dict:
    """Lay out a group's posted voter list and sign-in sheet into the paper cache (see residents/papers.py)."""
    group = ResidentialGroup.objects.select_related("ward").filter(pk=group_id).first()
    if group is None:
        return {"group": group_id, "papers": 0}
    with translation.override(settings.LANGUAGE_CODE):
        return {"group": group_id, "papers": warm_posted_lists(group)}
