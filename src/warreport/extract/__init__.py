"""Event extraction: war reports in, ACLED-coded events out.

Public API:

* :func:`extract_events` — the events of one :class:`~warreport.model.Document` (a pure
  function of the document; loads the shared spaCy pipeline lazily, once per process, so it is
  safe in a Dask task or a worker process);
* :func:`extract_many` — the same over many documents, batched through ``nlp.pipe``;
* :func:`exportable` — drop predicted and negated statements (what exports do by default).

See ``docs/extraction.md`` for the rules and the measured quality.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from warreport.model import Document, Event


def _events_for(nlp: object, doc: Document, sdoc: object) -> list[Event]:
    from warreport.extract.events import run_document
    from warreport.extract.record import build_event
    from warreport.nlp.actors import get_actor_dictionary

    result = run_document(nlp, doc, sdoc)  # type: ignore[arg-type]
    dictionary = get_actor_dictionary()
    events: list[Event] = []
    seen: set[str] = set()
    index_in_sentence: dict[int, int] = {}
    for cand in result.candidates:
        index = index_in_sentence.get(cand.sentence.start_char, 0)
        index_in_sentence[cand.sentence.start_char] = index + 1
        event = build_event(cand, doc, dictionary, index)
        if event.event_id in seen:
            continue
        seen.add(event.event_id)
        events.append(event)
    return events


def extract_events(doc: Document) -> list[Event]:
    """The events of one document, in text order (predicted/negated ones flagged, not dropped)."""
    from warreport.nlp.pipeline import get_nlp, parse_text

    if not doc.body:
        return []
    nlp = get_nlp()
    return _events_for(nlp, doc, nlp(parse_text(doc.text)))


def extract_many(
    docs: Iterable[Document], n_process: int = 1, batch_size: int = 50
) -> Iterator[tuple[Document, list[Event]]]:
    """(document, its events) for every document, in input order, parsing in batches."""
    from warreport.nlp.pipeline import get_nlp, parse_text

    nlp = get_nlp()
    pairs = ((parse_text(doc.text), doc) for doc in docs)
    for sdoc, doc in nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield doc, (_events_for(nlp, doc, sdoc) if doc.body else [])


def exportable(events: Iterable[Event], include_uncertain: bool = False) -> list[Event]:
    """Events fit for export: factual ones (reported, claimed, alleged) unless told otherwise."""
    return [e for e in events if include_uncertain or e.is_factual]


__all__ = ["exportable", "extract_events", "extract_many"]
