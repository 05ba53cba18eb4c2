"""The release's name: what a new release changes, and only that."""

from thaogo.lib.release import fingerprint


def _package(root):
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "base.html").write_text("<title>Thaogo</title>")
    (root / "views.py").write_text("x = 1\n")
    return root


def test_the_same_files_name_the_same_release_wherever_they_are_installed(tmp_path):
    assert fingerprint(_package(tmp_path / "a")) == fingerprint(_package(tmp_path / "b"))


def test_a_changed_template_code_or_translation_names_a_new_release(tmp_path):
    root = _package(tmp_path / "pkg")
    names = {fingerprint(root)}
    (root / "templates" / "base.html").write_text("<title>Thảo gỡ</title>")
    names.add(fingerprint(root))
    (root / "views.py").write_text("x = 2\n")
    names.add(fingerprint(root))
    (root / "locale").mkdir()
    (root / "locale" / "django.mo").write_bytes(b"\x00\x01")
    names.add(fingerprint(root))
    (root / "views.py").rename(root / "urls.py")
    names.add(fingerprint(root))
    assert len(names) == 5


def test_bytecode_written_beside_the_sources_does_not_change_the_release(tmp_path):
    root = _package(tmp_path / "pkg")
    before = fingerprint(root)
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"compiled")
    (root / "stray.pyc").write_bytes(b"compiled")
    assert fingerprint(root) == before
