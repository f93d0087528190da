"""Build the site into a fresh folder, then swap it in.

    python scripts/build_site.py [SITE_DIR]

SITE_URL must be the address the site will be published at: its QR codes,
links and data files point there. If the build fails, SITE_DIR is left exactly as it was. Dates written into
the site (the sitemap, the PDFs) come from the commit, so two builds of the
same commit give the same bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commit_time() -> str:
    """The time of the commit being built, so two builds of it are byte-identical."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True)
        return out.stdout.strip() or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def build(site: Path) -> int:
    if not os.environ.get("SITE_URL"):
        print(
            "SITE_URL is not set: give the address the site will be published at, e.g. https://example.org/",
            file=sys.stderr,
        )
        return 2
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=site.name + ".new-", dir=site.parent))
    tmp.chmod(0o755)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.setdefault("SOURCE_DATE_EPOCH", commit_time())
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(tmp)],
        check=False,
        cwd=ROOT,
        env=env,
    )
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"Build failed; {site} was not changed.", file=sys.stderr)
        return result.returncode
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    tmp.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Built {site}")
    return 0


if __name__ == "__main__":
    sys.exit(build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"))
