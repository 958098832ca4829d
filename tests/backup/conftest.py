import pytest

# Media as an office leaves them: nested folders, Vietnamese names, binary scans, an empty file.
MEDIA = {
    "conference/minutes/2021/bien-ban-to-4.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "candidates/attachments/12/Sơ yếu lý lịch Nguyễn Văn An.jpg": b"\xff\xd8\xff\xe0" + b"\x00\x17" * 3000,
    "print_jobs/2021/01/phieu-bau.pdf": b"%PDF-1.4 ballots",
    "roll_uploads/empty.bin": b"",
}


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    for name, data in MEDIA.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    settings.MEDIA_ROOT = root
    return root


def media_contents(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
