"""The schedule lines in deploy/, docs/deploy.md and the README run commands that exist, with options they take."""

import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import load_command_class

ROOT = Path(settings.BASE_DIR)


def _parse_backup(line: str):
    args = shlex.split(line.split("manage.py", 1)[1])
    assert args[0] == "backup", line
    parser = load_command_class("backup", "backup").create_parser("manage.py", "backup")
    return parser.parse_args(args[1:])


def test_the_backup_unit_and_the_cron_lines_call_the_backup_command_as_it_is():
    unit = (ROOT / "deploy" / "ward-election-backup.service").read_text()
    (exec_start,) = re.findall(r"^ExecStart=(.*)$", unit, re.M)
    lines = [exec_start]
    for doc in ("README.md", "docs/deploy.md"):
        lines += re.findall(r"^30 1 \* \* \* .*$", (ROOT / doc).read_text(), re.M)
    assert len(lines) == 3
    for line in lines:
        options = _parse_backup(line)
        assert (str(options.output_dir), options.keep) == ("/var/backups/ward-election", 14)
    timer = (ROOT / "deploy" / "ward-election-backup.timer").read_text()
    assert "OnCalendar=*-*-* 01:30:00" in timer and "Persistent=true" in timer


@pytest.mark.parametrize("name", ["ward-election-web.service", "ward-election-worker.service"])
def test_services_restart_and_read_the_environment_file(name):
    unit = (ROOT / "deploy" / name).read_text()
    assert "Restart=always" in unit
    assert "EnvironmentFile=/etc/ward-election/env" in unit
    assert "User=ward-election" in unit


def test_nginx_passes_the_headers_django_trusts_and_never_serves_media():
    site = (ROOT / "deploy" / "nginx-ward-election.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "return 301 https://" in site and "ssl_certificate " in site
    assert not re.search(r"location\s+[^{]*/media", site)
    assert (ROOT / "docs" / "deploy.md").exists() and "docs/deploy.md" in (ROOT / "README.md").read_text()
