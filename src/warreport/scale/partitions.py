"""Split a corpus into partitions that workers read on their own.

A partition names what to read, not the bytes: a group of files, or a line range of a
JSONL file (split at line boundaries, with the number of its first line so the records
keep the origins ``<file>:<line>`` a single-process run gives them). Workers read the
files themselves, so on a cluster the corpus must sit on a filesystem every worker sees
(the paths are made absolute). Sources that are not files (URLs, feeds, stdin) are read
by the client and shipped inside their partitions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warreport.config import Config
from warreport.ingest.sources import directory_files, iter_jsonl, iter_path, iter_sources
from warreport.model import Failure, RawPage

SourceItem = RawPage | Failure

DEFAULT_PARTITION_DOCS = 500
_SPLITTABLE = (".jsonl",)  # plain JSONL can be split by line; .gz, WARC and pages cannot
_WHOLE_FILE = (".jsonl.gz", ".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(frozen=True)
class FileRef:
    read: str  # absolute path the worker opens
    origin: str  # the path as given, used in origins (as a single-process run records it)


@dataclass(frozen=True)
class Partition:
    name: str
    files: tuple[FileRef, ...] = ()
    jsonl: FileRef | None = None  # a line range of one JSONL file
    start: int = 0  # byte offsets [start, end) of the range
    end: int = 0
    first_line: int = 1
    items: tuple[SourceItem, ...] = ()  # read by the client (URLs, feeds, stdin, missing paths)

    def describe(self) -> str:
        if self.jsonl is not None:
            return f"{self.jsonl.origin} bytes {self.start}-{self.end}"
        if self.files:
            return f"{len(self.files)} file(s) from {self.files[0].origin}"
        return f"{len(self.items)} page(s) read by the client"


def _jsonl_ranges(path: Path, lines_per_part: int) -> Iterator[tuple[int, int, int]]:
    """(start byte, end byte, first line number) of consecutive chunks of ``lines_per_part`` lines."""
    start = 0
    first = 1
    count = 0
    pos = 0
    with path.open("rb") as handle:
        for line in handle:
            pos += len(line)
            count += 1
            if count == lines_per_part:
                yield start, pos, first
                start, first, count = pos, first + lines_per_part, 0
    if pos > start:
        yield start, pos, first


class _Planner:
    def __init__(self, partition_docs: int) -> None:
        self.size = max(1, partition_docs)
        self.parts: list[Partition] = []
        self.files: list[FileRef] = []
        self.items: list[SourceItem] = []

    def _name(self) -> str:
        return f"part-{len(self.parts):05d}"

    def flush(self) -> None:
        if self.files:
            self.parts.append(Partition(self._name(), files=tuple(self.files)))
            self.files = []
        if self.items:
            self.parts.append(Partition(self._name(), items=tuple(self.items)))
            self.items = []

    def add_file(self, path: Path) -> None:
        ref = FileRef(read=str(path.resolve()), origin=str(path))
        name = path.name.lower()
        if name.endswith(_SPLITTABLE):
            self.flush()
            for start, end, first in _jsonl_ranges(path, self.size):
                self.parts.append(Partition(self._name(), jsonl=ref, start=start, end=end, first_line=first))
        elif name.endswith(_WHOLE_FILE):
            self.flush()
            self.parts.append(Partition(self._name(), files=(ref,)))
        else:
            if self.items:
                self.flush()
            self.files.append(ref)
            if len(self.files) >= self.size:
                self.flush()

    def add_item(self, item: SourceItem) -> None:
        if self.files:
            self.flush()
        self.items.append(item)
        if len(self.items) >= self.size:
            self.flush()


def plan_partitions(sources: list[str], config: Config, partition_docs: int = DEFAULT_PARTITION_DOCS) -> list[Partition]:
    """Partitions of about ``partition_docs`` documents, in the order a single run reads them."""
    planner = _Planner(partition_docs)
    for source in sources:
        path = Path(source)
        if source == "-" or "://" in source or not path.exists():
            for item in iter_sources([source], config):
                planner.add_item(item)
        elif path.is_dir():
            for file in directory_files(path):
                planner.add_file(file)
        else:
            planner.add_file(path)
    planner.flush()
    return planner.parts


def plan_signature(sources: list[str], partition_docs: int) -> str:
    """Identifies a plan, so a resumed run can tell its own dataset from another run's."""
    key = json.dumps({"sources": [str(Path(s).resolve()) if "://" not in s else s for s in sources],
                      "partition_docs": partition_docs})
    return hashlib.sha256(key.encode()).hexdigest()[:16]


# -- worker side: the pages of a partition -------------------------------------------------


class _Range:
    """A binary stream over bytes [start, end) of a file, read line by line."""

    def __init__(self, handle: BinaryIO, start: int, end: int) -> None:
        self.handle = handle
        self.remaining = end - start
        handle.seek(start)

    def readline(self, size: int = -1) -> bytes:
        limit = self.remaining if size < 0 else min(size, self.remaining)
        line = self.handle.readline(limit) if limit > 0 else b""
        self.remaining -= len(line)
        return line

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line


def _rebase(item: SourceItem, ref: FileRef) -> SourceItem:
    if ref.read != ref.origin and item.origin.startswith(ref.read):
        return item.model_copy(update={"origin": ref.origin + item.origin[len(ref.read):]})
    return item


def read_partition_items(part: Partition, config: Config) -> Iterator[SourceItem]:
    """Every page (or read failure) of a partition, as ``iter_sources`` would yield it."""
    yield from part.items
    for ref in part.files:
        for item in iter_path(Path(ref.read), config):
            yield _rebase(item, ref)
    if part.jsonl is not None:
        ref = part.jsonl
        try:
            with Path(ref.read).open("rb") as handle:
                stream = _Range(handle, part.start, part.end)
                yield from iter_jsonl(Path(ref.origin), stream, first_line=part.first_line,  # type: ignore[arg-type]
                                      max_bytes=config.max_page_bytes)
        except OSError as exc:
            yield Failure(origin=ref.origin, reason=str(exc), error_type=type(exc).__name__, stage="read")
