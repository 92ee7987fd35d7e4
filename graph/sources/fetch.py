"""Fetching the newest public copy of a dataset into a data folder.

From its origin: the URLs in `ORIGINS` (a file, or a GitHub archive of the
repository that publishes the dataset, of which only the dataset's files are
kept). From a mirror laid out like a data folder (`../shared/data`): a
directory, or an HTTP server that lists its directories, as
`python -m http.server`, nginx `autoindex` and Apache do.

Every download is bounded (time, bytes, files) and every failure raises a
`LoadError` naming the URL, before anything is written to the store.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import Request, urlopen

from tokenatlas.graph.errors import LoadError

TIMEOUT = 60.0  # seconds without a byte before a download fails
MAX_BYTES = 512 * 1024 * 1024  # per download
MAX_FILES = 100_000  # per dataset, from a mirror
PARALLEL = 8  # downloads at once from a mirror


@dataclass(frozen=True)
class Download:
    """One download of a dataset's origin.

    A single file is saved as `into` (a path inside the dataset's folder). An
    archive (`take` given) is a `.tar.gz` of a repository: of the files under
    its top folder, those under each `(prefix, into)` are kept, moved under
    `into`."""

    url: str
    into: str = ""
    take: tuple[tuple[str, str], ...] = ()


def _github_archive(repo: str) -> str:
    return f"https://codeload.github.com/{repo}/tar.gz/HEAD"


def _github_file(repo: str, path: str) -> str:
    return f"https://raw.githubusercontent.com/{repo}/HEAD/{path}"


# Where each bundled dataset's newest copy is published, by its data folder.
ORIGINS: dict[str, tuple[Download, ...]] = {
    "models.dev": (
        Download(
            _github_archive("anomalyco/models.dev"),
            take=(("LICENSE", "LICENSE"), ("models/", "models/"), ("providers/", "providers/")),
        ),
    ),
    "epoch": (
        Download("https://epoch.ai/data/notable_ai_models.csv", into="notable-ai-models.csv"),
    ),
    "lmarena": (
        Download(
            _github_file("fboulnois/llm-leaderboard-csv", "csv/lmarena_text.csv"),
            into="lmarena_text.csv",
        ),
    ),
    "open-llm-leaderboard": (
        Download(
            _github_file("fboulnois/llm-leaderboard-csv", "csv/huggingface_v2.csv"),
            into="huggingface_v2.csv",
        ),
    ),
    "openrouter-weekly": (
        Download(_github_archive("johnbean393/openrouter-inference-stats"), take=(("data/", ""),)),
    ),
}


class NotPublished(LoadError):
    """The server answered 404: nothing is published at that URL."""


def is_url(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


# -- downloading ------------------------------------------------------------------


def _get(url: str, target: Path) -> None:
    """Save `url` to `target`, or raise `LoadError` saying why not."""
    request = Request(url, headers={"User-Agent": "tokenatlas (dataset update)"})
    try:
        with urlopen(request, timeout=TIMEOUT) as response, target.open("wb") as out:
            size = 0
            while chunk := response.read(1 << 16):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise LoadError(url, f"download refused: larger than {MAX_BYTES} bytes")
                out.write(chunk)
    except HTTPError as exc:
        if exc.code == 404:
            raise NotPublished(url, "download failed: not found (HTTP 404)") from exc
        raise LoadError(url, f"download failed: HTTP {exc.code} {exc.reason}") from exc
    except URLError as exc:
        raise LoadError(url, f"download failed: {getattr(exc, 'reason', exc)}") from exc
    except (OSError, ValueError) as exc:  # timeouts, resets, a malformed URL
        raise LoadError(url, f"download failed: {exc}") from exc


def _safe(relative: str) -> PurePosixPath | None:
    """`relative` as a path that stays inside its folder, or None."""
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    return path


def _extract(archive: Path, download: Download, folder: Path) -> int:
    """Keep the archive's files that `download.take` names; return how many."""
    kept = 0
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                inside = member.name.split("/", 1)[1] if "/" in member.name else ""
                for prefix, into in download.take:
                    if inside == prefix or (prefix.endswith("/") and inside.startswith(prefix)):
                        relative = _safe(into + inside[len(prefix) :])
                        if relative is None:
                            continue
                        target = folder / relative
                        target.parent.mkdir(parents=True, exist_ok=True)
                        source = tar.extractfile(member)
                        assert source is not None  # a regular file
                        with source, target.open("wb") as out:
                            shutil.copyfileobj(source, out)
                        kept += 1
                        break
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise LoadError(download.url, f"not a readable .tar.gz archive ({exc})") from exc
    if not kept:
        raise LoadError(download.url, "the archive holds none of the dataset's files")
    return kept


def from_origin(folder: str, target: Path) -> None:
    """Download the dataset `folder` from its origin into `target/folder`."""
    into = target / folder
    into.mkdir(parents=True, exist_ok=True)
    for download in ORIGINS[folder]:
        if not download.take:
            _get(download.url, into / download.into)
            continue
        with tempfile.TemporaryDirectory(prefix="tokenatlas-download-") as tmp:
            archive = Path(tmp) / "archive.tar.gz"
            _get(download.url, archive)
            _extract(archive, download, into)


# -- mirrors ----------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def _listing(url: str) -> tuple[list[str], list[str]]:
    """The files and folders a directory listing at `url` links to, as URLs
    below it (links elsewhere, sorting links and parents are ignored)."""
    with tempfile.TemporaryDirectory(prefix="tokenatlas-listing-") as tmp:
        page = Path(tmp) / "index.html"
        _get(url, page)
        parser = _Links()
        parser.feed(page.read_text(errors="replace"))
    files, folders = [], []
    for href in parser.hrefs:
        link = urljoin(url, href.split("#", 1)[0].split("?", 1)[0])
        if not link.startswith(url) or link == url:
            continue
        (folders if link.endswith("/") else files).append(link)
    return files, folders


def _crawl(base: str) -> list[str] | None:
    """Every file under the listed folder `base` (which ends with '/'); None
    when the mirror has no such folder."""
    try:
        found, pending = _listing(base)
    except NotPublished:
        return None
    while pending:
        files, folders = _listing(pending.pop())
        found += files
        pending += folders
        if len(found) > MAX_FILES:
            raise LoadError(base, f"more than {MAX_FILES} files: not a dataset folder")
    return found


def from_mirror(folder: str, mirror: str, target: Path) -> bool:
    """Copy the dataset `folder` from a mirror (a data folder's path or URL)
    into `target/folder`; False when the mirror has no such folder."""
    into = target / folder
    if not is_url(mirror):
        source = Path(mirror) / folder
        if not source.is_dir():
            return False
        shutil.copytree(source, into)
        return True
    base = urljoin(mirror.rstrip("/") + "/", folder + "/")
    urls = _crawl(base)
    if urls is None:
        return False

    def save(url: str) -> None:
        relative = _safe(unquote(url[len(base) :]))
        if relative is None:
            return
        path = into / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        _get(url, path)

    with ThreadPoolExecutor(PARALLEL) as pool:
        list(pool.map(save, urls))  # re-raises the first failure
    return True
