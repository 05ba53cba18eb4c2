"""The release a process runs, named by the contents of the package's own files.

The cache keeps drawn parts of pages for as long as the data they show is unchanged, and
it is shared by every server and outlives a restart. Keying it by the release means a
new release never serves markup, wording or static addresses an old one drew, and while
a rolling deploy runs, servers on the old and the new release each keep their own.
"""

import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent

# Compiled or generated beside the sources; they say nothing the sources do not.
_SKIPPED_SUFFIXES = {".pyc", ".pyo"}


def fingerprint(root: Path = PACKAGE) -> str:
    """A short digest of every file under root: its path and its bytes."""
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(root.rglob("*")):
        if (
            not path.is_file()
            or path.suffix in _SKIPPED_SUFFIXES
            or "__pycache__" in path.relative_to(root).parts
        ):
            continue
        name = path.relative_to(root).as_posix().encode()
        body = path.read_bytes()
        # Lengths first, so that no two different trees can join into the same stream.
        digest.update(len(name).to_bytes(4, "big") + name)
        digest.update(len(body).to_bytes(8, "big") + body)
    return digest.hexdigest()
