"""The read stage: load a site folder's files as text; nothing is parsed here."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from pathlib import Path, PurePosixPath

from ..config import parse_config
from ..diagnostics import Diagnostic, error, warning
from ..model import Location
from ..readers.exports import EXPORT_FILES, Unreadable, stream_export
from ..readers.record import Export, ThreadContent, add_piece, pack_files
from ..readers.xmltree import CHUNK
from ..stamps import stamp
from ..yamlsrc import decode_text
from .background import Background, can_fork
from .spill import SPILL_DIR, Spilled, SpillIndex, find_spill, load_spilled, write_spill

CONFIG_FILE = "site.yaml"
CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
TEXT_FILES = ("thread.txt", "thread.yaml")
THREAD_FILES = TEXT_FILES + EXPORT_FILES
"""A scrape as text, a structured thread with authors and times, or an export as its source wrote
it (read as bytes: its format says its encoding); the first found is read."""
STREAMED_FILES = ("thread.xml",)
"""Thread files read chunk by chunk, never held whole: the XML formats can be read so."""
NOTES_DIR = "notes"
COMMENTS_DIR = "comments"
"""A Staticman / Jekyll comments folder: one YAML file per comment."""
NOTES_FILES = "*.y*ml"
PACKAGE = Path(__file__).resolve().parent.parent
"""threadnote's own package folder (this module is in its `build/`)."""


@dataclass(frozen=True, slots=True)
class TextFile:
    path: str
    """Relative to the site root, with forward slashes."""
    text: str
    digest: str
    """SHA-256 of the file's bytes, taken as it is read: cheaper than stamping its text again (and
    SHA-256 is the fastest digest here: processors compute it in hardware)."""


FileStat = tuple[int, int, int, int, int]
"""What the system says of a file: changed times, size, inode and device. Any write changes the
status-change time, which no program can set back, so an equal stat is an unchanged file (git's
index relies on the same)."""
SETTLED_NS = 2_000_000_000
"""A file changed less than this long before it was read is not trusted to its stat: on a file
system with coarse times, a second write in the same tick would leave the stat as it was. (A
network file system whose clock lags ours by more than this is not covered.)"""


@dataclass(frozen=True, slots=True)
class ThreadFile:
    """A thread file as read: its bytes, decoded when the thread is detected (a rebuild that finds
    the detection in its cache never needs the text, and a big thread's text takes memory)."""

    path: str
    digest: str
    size: int
    data: bytes | None
    """None for a file that an earlier build in this process read and that has not changed since:
    read again only if its thread must be detected again. Always None for an XML export, which its
    thread reads again chunk by chunk (it may be hundreds of MB)."""
    on_disk: Path
    export: Export | None = None
    """The thread as a site-wide export (`imports:` in site.yaml) gave it, read with all the others."""
    spilled: Spilled | None = None
    """Where the build cache keeps this thread of a site-wide export, read back when it is detected."""

    def decode(self) -> tuple[ThreadContent | None, list[Diagnostic]]:
        if self.export is not None:
            return self.export, []
        if self.spilled is not None:
            return load_spilled(self.spilled)
        if PurePosixPath(self.path).name in STREAMED_FILES:
            return load_chunks(self.on_disk, self.digest), []
        data = self.data
        if data is None:
            try:
                data = _read_folder(self.on_disk) if self.on_disk.is_dir() else self.on_disk.read_bytes()
            except OSError as exc:
                return None, [error(Location(self.path), f"cannot read file: {exc.strerror}")]
            if hashlib.sha256(data).hexdigest() != self.digest:
                return None, [error(Location(self.path), "the file changed while the site was built: build again")]
        if PurePosixPath(self.path).name in EXPORT_FILES:
            return data, []
        return decode_text(data, self.path)


KnownFiles = dict[str, tuple[FileStat, ThreadFile | TextFile]]
"""Files read by an earlier build in this process, by path: their stat, and what was read (a
thread file without its bytes, a notes file with its text)."""


@dataclass(frozen=True, slots=True)
class ThreadSource:
    slug: str
    thread: ThreadFile
    notes: tuple[TextFile, ...]


@dataclass(frozen=True, slots=True)
class SiteSources:
    root: Path
    config: TextFile | None
    threads: tuple[ThreadSource, ...]
    templates: Path
    static: tuple[tuple[PurePosixPath, bytes], ...]


def load_site(
    root: Path, templates: Path | None = None, known: KnownFiles | None = None, cache: Path | None = None
) -> tuple[SiteSources, list[Diagnostic]]:
    """Read site.yaml, every thread and every notes file; undecodable files become diagnostics.

    With `known` (serve's rebuilds), a thread file that has not changed since it was last read is
    not read again: its digest is known (a big thread takes milliseconds to read and hash). With
    `cache` (a build's cache folder), site-wide exports are spilled there, not held in memory."""
    diagnostics: list[Diagnostic] = []
    known = known if known is not None else {}
    config = _load_text(root, root / CONFIG_FILE, diagnostics)
    threads = []
    content = root / CONTENT_DIR
    if not content.is_dir():
        diagnostics.append(error(Location(CONTENT_DIR), "no content/ folder: put each thread in content/<slug>/thread.txt"))
    imported = _load_imports(root, config, diagnostics, cache, known)
    for folder in _folders(content):
        source = _load_folder(root, folder, imported.pop(os.path.basename(folder), None), diagnostics, known)
        if source is not None:
            threads.append(source)
    threads += [ThreadSource(slug, export, ()) for slug, export in imported.items()]
    threads.sort(key=lambda source: source.slug)
    templates = templates or (root / TEMPLATES_DIR if (root / TEMPLATES_DIR).is_dir() else default_templates())
    return SiteSources(root, config, tuple(threads), templates, tuple(load_static(templates))), diagnostics


def reload_threads(root: Path, last: SiteSources, changed: Collection[Path], known: KnownFiles) -> SiteSources | None:
    """`last` (a read of the site that found no problem) with the folders of the threads that the
    `changed` files belong to read again, and nothing else looked at: serve's watcher names the
    files a save changed, and an archive has thousands of folders. None when a change is not in
    a thread folder's own files, or when the folder now has a problem: the whole site is read
    then (site.yaml, templates and exports change every thread; a new or removed folder changes
    the list)."""
    content = (root / CONTENT_DIR).resolve()
    by_slug = {s.slug: s for s in last.threads}
    slugs = set()
    for path in changed:
        parts = path.resolve().parts
        if len(parts) < len(content.parts) + 2 or Path(*parts[: len(content.parts)]) != content:
            return None
        slug = parts[len(content.parts)]
        if slug not in by_slug or not by_slug[slug].thread.path.startswith(f"{CONTENT_DIR}/{slug}/"):
            return None
        slugs.add(slug)
    diagnostics: list[Diagnostic] = []
    for slug in slugs:
        again = _load_folder(root, os.path.join(root / CONTENT_DIR, slug), None, diagnostics, known)
        if again is None or diagnostics:
            return None
        by_slug[slug] = again
    return replace(last, threads=tuple(by_slug[s.slug] for s in last.threads))


def _load_folder(root: Path, folder: str, from_import: ThreadFile | None, diagnostics: list[Diagnostic], known: KnownFiles) -> ThreadSource | None:
    """One thread folder: its thread file (or the thread an export gave it) and its notes files."""
    names = _names(folder)
    found = [name for name in THREAD_FILES if name in names and _is_thread_file(os.path.join(folder, name))]
    if from_import is not None and found:
        where = Location(Path(folder, found[0]).relative_to(root).as_posix())
        diagnostics.append(error(where, f"'{from_import.path}' in imports: gives a thread of this slug too: move one"))
    if from_import is not None:
        return ThreadSource(os.path.basename(folder), from_import, _notes_of(root, folder, names, diagnostics, known))
    if not found:
        where = Location(Path(folder).relative_to(root).as_posix())
        diagnostics.append(error(where, f"no thread here: add {' or '.join(THREAD_FILES)}"))
        return None
    thread = _load_thread(root, os.path.join(folder, found[0]), diagnostics, known)
    if thread is None:
        return None
    return ThreadSource(os.path.basename(folder), thread, _notes_of(root, folder, names, diagnostics, known))


# An archive has thousands of folders and files, and serve looks at every one on each save: they
# are listed once each and named by strings (a Path costs more than the stat it names).


def _folders(content: Path) -> list[str]:
    """The thread folders, by name."""
    try:
        with os.scandir(content) as entries:
            return sorted(e.path for e in entries if e.is_dir())
    except OSError:
        return []


def _names(folder: str) -> set[str]:
    try:
        with os.scandir(folder) as entries:
            return {e.name for e in entries}
    except OSError:
        return set()


def _is_thread_file(path: str) -> bool:
    return os.path.isfile(path) or os.path.basename(path) == COMMENTS_DIR and os.path.isdir(path)


def _notes_of(root: Path, folder: str, names: set[str], diagnostics: list[Diagnostic], known: KnownFiles) -> tuple[TextFile, ...]:
    notes_folder = os.path.join(folder, NOTES_DIR)
    listed = sorted(n for n in _names(notes_folder) if not n.startswith(".") and fnmatch.fnmatchcase(n, NOTES_FILES)) if NOTES_DIR in names else []
    return tuple(loaded for name in listed if (loaded := _load_notes(root, os.path.join(notes_folder, name), diagnostics, known)) is not None)


def _load_imports(
    root: Path, config: TextFile | None, diagnostics: list[Diagnostic], cache: Path | None, known: KnownFiles
) -> dict[str, ThreadFile]:
    """Each thread of the site-wide exports that site.yaml names, by slug (its URL path). They are
    read here, once for all their threads; each thread's stamp is that of its own comments, so a
    newer export detects again only the threads it changed. With a `cache` folder, each thread's
    comments are spilled there (see spill.py) and its task reads them back; without one, they
    are held in memory."""
    settings = parse_config(config.text, config.path)[0] if config is not None else None  # its problems are told later
    names = [PurePosixPath(name).as_posix() for name in (settings.imports if settings is not None else ())]
    if not names or settings is None:
        return {}
    forums = dict(settings.forum_urls)
    if cache is not None:
        try:
            return _spilled_imports(root, names, forums, diagnostics, cache / SPILL_DIR, known)
        except OSError as exc:
            message = f"cannot keep the exports' comments in the build cache ({exc.strerror}): they are held in memory"
            diagnostics.append(warning(Location(names[0]), message))
    found: dict[str, tuple[str, Export]] = {}
    for slug, relative, export in _read_imports(root, [(name, None) for name in names], forums, diagnostics):
        if slug in found:
            add_piece(found[slug][1], export)
        else:
            found[slug] = (relative, export)
    threads = {}
    for slug, (relative, export) in found.items():
        made = repr(export)
        digest = hashlib.sha256(made.encode("utf-8", "surrogatepass")).hexdigest()
        threads[slug] = ThreadFile(relative, digest, len(made), None, root / relative, export)
    return threads


def _spilled_imports(
    root: Path, names: list[str], forums: Mapping[str, str], diagnostics: list[Diagnostic], folder: Path, known: KnownFiles
) -> dict[str, ThreadFile]:
    """The exports' threads spilled to `folder`: read again only when an export or the code
    changed since the last spill (the files are hashed, a second or so for hundreds of MB, and
    serve's rebuilds know an export by its stat)."""
    read = [(name, _load_thread(root, str(root / name), diagnostics, known, streamed=True)) for name in names]
    readable = [(name, found.digest) for name, found in read if found is not None]
    key = stamp(code_stamp(), *(f"{name}:{digest}:{forums.get(name, '')}" for name, digest in readable))
    index = find_spill(folder, key)
    if index is None:
        # Read by a forked child where it can be: the memory a reader takes for a big export would
        # stay with this process (freed, but kept for reuse), and every pool worker forked from it
        # later would come to copy it. A child that fails leaves the work to this process.
        child = Background(partial(_spill_exports, root, readable, forums, folder, key)) if can_fork() else None
        index = (child.result() if child is not None else None) or _spill_exports(root, readable, forums, folder, key)
    diagnostics.extend(index.diagnostics)
    return {slug: ThreadFile(s.path, s.digest, s.size, None, root / s.path, spilled=s) for slug, s in index.threads.items()}


def _spill_exports(
    root: Path, names: Sequence[tuple[str, str | None]], forums: Mapping[str, str], folder: Path, key: str
) -> SpillIndex:
    problems: list[Diagnostic] = []
    return write_spill(folder, key, _read_imports(root, names, forums, problems), problems)


def _read_imports(
    root: Path, names: Sequence[tuple[str, str | None]], forums: Mapping[str, str], diagnostics: list[Diagnostic]
) -> Iterator[tuple[str, str, Export]]:
    """Each export's threads, in the pieces and the order they are read, with their slug and the
    export's path: a thread may come in many pieces, from one file or from several (an export
    split into numbered files, where a parent may sit in another). With a digest, the file must
    still be the one hashed. `forums`: the forum of each Discourse topic, by path."""
    for name, digest in names:
        streamed = stream_export(load_chunks(root / name, digest), name, forums.get(name))
        for piece in streamed.pieces:
            yield piece.key or PurePosixPath(name).stem, name, piece
        diagnostics.extend(streamed.diagnostics)


def load_chunks(path: Path, digest: str | None = None) -> Iterator[bytes]:
    """A file's bytes, CHUNK at a time, opened when the first is asked for. With `digest`, the file
    must still be the one that was read: a reader that reads on after a failure is stopped by it."""
    hashed = hashlib.sha256() if digest is not None else None
    try:
        with open(path, "rb") as file:
            while chunk := file.read(CHUNK):
                if hashed is not None:
                    hashed.update(chunk)
                yield chunk
    except OSError as exc:
        raise Unreadable(_read_failure(exc)) from None
    if hashed is not None and hashed.hexdigest() != digest:
        raise Unreadable("the file changed while the site was built: build again")


def default_templates() -> Path:
    """The templates shipped with threadnote, for sites that have none of their own."""
    return PACKAGE.parent / TEMPLATES_DIR


def load_static(templates: Path) -> list[tuple[PurePosixPath, bytes]]:
    folder = templates / STATIC_DIR
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return [(PurePosixPath(STATIC_DIR) / p.relative_to(folder).as_posix(), p.read_bytes()) for p in files]


def _load_text(root: Path, path: Path, diagnostics: list[Diagnostic]) -> TextFile | None:
    read = _load_bytes(root, path, diagnostics)
    if read is None:
        return None
    assert read.data is not None  # just read
    text, problems = decode_text(read.data, read.path)
    diagnostics.extend(problems)
    return TextFile(read.path, text, read.digest) if text is not None else None


def _load_thread(root: Path, path: str, diagnostics: list[Diagnostic], known: KnownFiles, streamed: bool = False) -> ThreadFile | None:
    """A thread file (its digest alone when it is `streamed` or of STREAMED_FILES); with `known`,
    the very one an earlier build read while its stat holds."""
    now = time.time_ns()  # before the stat: a write during a slow read must not look settled
    seen = _stat(path)
    last = known.get(path)
    if seen is not None and last is not None and last[0] == seen and isinstance(last[1], ThreadFile):
        return last[1]
    read = (_load_digest if streamed or os.path.basename(path) in STREAMED_FILES else _load_bytes)(root, Path(path), diagnostics)
    # a comments folder is read whole each time: its own stat does not change with its files
    if read is not None and seen is not None and now - seen[1] >= SETTLED_NS and os.path.isfile(path):
        known[path] = (seen, replace(read, data=None))
    return read


def _load_notes(root: Path, path: str, diagnostics: list[Diagnostic], known: KnownFiles) -> TextFile | None:
    """A notes file; with `known`, the very one an earlier build read while its stat holds (an
    archive has thousands, and a save changes one)."""
    now = time.time_ns()
    seen = _stat(path)
    last = known.get(path)
    if seen is not None and last is not None and last[0] == seen and isinstance(last[1], TextFile):
        return last[1]
    read = _load_text(root, Path(path), diagnostics)
    if read is not None and seen is not None and now - seen[1] >= SETTLED_NS:
        known[path] = (seen, read)
    return read


def _stat(path: str) -> FileStat | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino, status.st_dev)


def _load_bytes(root: Path, path: Path, diagnostics: list[Diagnostic]) -> ThreadFile | None:
    relative = path.relative_to(root).as_posix()
    try:
        data = _read_folder(path) if path.is_dir() else path.read_bytes()
    except OSError as exc:
        diagnostics.append(error(Location(relative), _read_failure(exc)))
        return None
    return ThreadFile(relative, hashlib.sha256(data).hexdigest(), len(data), data, path)


def _load_digest(root: Path, path: Path, diagnostics: list[Diagnostic]) -> ThreadFile | None:
    """A thread file's digest and size, its bytes let go as they are hashed."""
    relative = path.relative_to(root).as_posix()
    try:
        with open(path, "rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
            size = file.tell()
    except OSError as exc:
        diagnostics.append(error(Location(relative), _read_failure(exc)))
        return None
    return ThreadFile(relative, digest, size, None, path)


def _read_failure(exc: OSError) -> str:
    return "file not found" if isinstance(exc, FileNotFoundError) else f"cannot read file: {exc.strerror}"


def _read_folder(path: Path) -> bytes:
    """A comments folder's files packed as one thread file, in name order."""
    return pack_files([(p.name, p.read_bytes()) for p in sorted(path.iterdir()) if p.is_file()])


def load_code_stamp(templates: Path) -> str:
    """A stamp of threadnote's own code and the templates: any change to them re-renders everything."""
    return stamp(code_stamp(), _files_stamp(templates, sorted(p for p in templates.rglob("*") if p.is_file())))


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """A stamp of threadnote's own code, all that detection and note bodies depend on besides their
    input. Read once: the code a process runs is the code it imported."""
    return _files_stamp(PACKAGE, sorted(PACKAGE.rglob("*.py")))


def _files_stamp(root: Path, files: list[Path]) -> str:
    # names relative to their folder: each stage folder has an __init__.py of its own
    return stamp(*(f"{p.relative_to(root).as_posix()}:{p.read_bytes().hex()}" for p in files))
