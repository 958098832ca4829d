"""Print the demo ward's logins, one per role, for `make run`."""

from django.core.management.base import BaseCommand

from accounts.models import Role, User

ROLE_ORDER = [r.value for r in Role]


class Command(BaseCommand):
    help = "List the users of sample wards with their roles and jurisdictions."

    def handle(self, *args, **options):
        users = (
            User.objects.filter(ward__is_sample=True) | User.objects.filter(role=Role.ADMIN, ward__isnull=True)
        ).select_related("ward", "party_cell", "group")
        # Accounts kept only to record who did something in the demo have no password: not logins.
        rows = sorted(
            (u for u in users if u.has_usable_password()), key=lambda u: (ROLE_ORDER.index(u.role), u.username)
        )
        if not rows:
            self.stdout.write("  (no demo users: run `manage.py load_demo`)")
        for user in rows:
            scope = user.group or user.party_cell or user.ward or "-"
            self.stdout.write(f"  {user.username:<12} {user.get_role_display():<40} {scope}")
