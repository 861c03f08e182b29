"""Search across key messages, in Arabic, English and French, within what the reader may see.

Guarantees:

- ``search_terms_for(text, lang)`` is the text as the index reads it: the normalised stems of
  its words (stop words left out), space separated. مساواة, المساواة and وَالمُسَاوَاةُ give
  the same term; so do migrants/migrant, travailleuses/travailleur, État/etat. The stored
  ``KeyMessage.search_terms`` column must hold exactly this for the message's text and language.
- ``search()`` only ever returns key messages that ``viewer.material_filter()`` lets through,
  in a document the viewer may read too, never discarded ones; its query text reaches the
  database only as quoted terms, so no input (operators, quotes, punctuation, megabytes) makes
  the database raise. Its cost is bounded: a word found in very many key messages is ranked
  among the newest matches only, and the total is then given as a lower bound.
- The index follows every write to the key message table by itself: on SQLite an FTS5 table
  kept in step by triggers, on PostgreSQL a GIN expression index (migration 0003 creates
  them). ``rebuild_search_index`` recomputes the terms and rebuilds the index from scratch,
  for when the text engine's stemming changes (``gcmreview rebuild_search_index``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.db import connections, router, transaction
from django.db.models import BooleanField, Count, FloatField, Window
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gcmreview.intake.models import Document, KeyMessage, KeyMessageCountry, KeyMessageObjective
from gcmreview.textengine.stemming import Token, analyze, stem_word

__all__ = [
    "SearchHit",
    "SearchResults",
    "ensure_search_index",
    "ensure_search_index_after_migrate",
    "fts5_query",
    "highlight",
    "query_terms",
    "rebuild_search_index",
    "search",
    "search_terms_for",
    "visible_key_messages",
]

TABLE = KeyMessage._meta.db_table
FTS_TABLE = f"{TABLE}_fts"
PG_INDEX = f"{TABLE}_search_gin"

# A query is cut to this many characters and this many words before it is analysed: nobody
# types more, and it bounds the work a hostile query can ask of the database.
MAX_QUERY_CHARS = 400
MAX_QUERY_WORDS = 16
MAX_LIMIT = 200
MAX_OFFSET = 100_000
# A passage longer than this is cut around its first matching word.
PASSAGE_CHARS = 360


# --- terms ------------------------------------------------------------------------------


def _fold_french(stem: str) -> str:
    # Snowball leaves agent nouns apart from their feminine: travailleur/travailleuse give
    # travailleur/travaill, directeur/directrice give directeur/directric, chercheuse gives
    # chercheux. Cutting -eur/-eux (after -tric became -teur) brings each pair together.
    if stem.endswith("tric"):
        stem = stem[:-4] + "teur"
    if stem.endswith(("eur", "eux")) and len(stem) >= 7:
        stem = stem[:-3]
    return stem


@lru_cache(maxsize=65536)
def _fold_latin(stem: str) -> str:
    # Accents come off after stemming, so that "etat" typed without them finds "État", and
    # the apostrophe of aujourd'hui goes so that both databases see one word.
    decomposed = unicodedata.normalize("NFD", stem)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c != "'")


def _term(token: Token) -> str:
    """The index term of one analysed word."""
    if token.lang == "ar":
        # The text engine folds each hamza seat to its letter, which keeps مسؤولية (و seat)
        # and مسئولية (ي seat) apart; writers use both. The rarer و seat gives way.
        if "ؤ" in token.text:
            return stem_word(token.text.replace("ؤ", "ئ"), "ar")
        return token.stem
    stem = _fold_french(token.stem) if token.lang == "fr" else token.stem
    return _fold_latin(stem)


def _lang(lang: str | None) -> str | None:
    return lang if lang in ("ar", "en", "fr") else None


def search_terms_for(text: str, lang: str | None) -> str:
    """The normalised, stemmed terms of ``text`` in ``lang`` ("ar", "en", "fr" or None when
    unknown), space separated: the value of ``KeyMessage.search_terms``. Arabic-script words
    are always read as Arabic; Latin-script words as English or French."""
    return " ".join(_term(t) for t in analyze(text, _lang(lang)) if not t.stop)


def query_terms(query: str, lang: str | None = None) -> list[tuple[str, ...]]:
    """Each searchable word of ``query`` as the terms it may be indexed under.

    A Latin-script word is stemmed in English and in French unless ``lang`` says which (a
    query of two words says too little to tell them apart), and left out if it is a stop
    word in either. Words with the same terms count once.
    """
    query = query[:MAX_QUERY_CHARS]
    lang = _lang(lang)
    langs = [lang] if lang in ("en", "fr") else ["en", "fr"]
    by_word: dict[tuple[int, int], set[str] | None] = {}
    for reading in langs:
        for token in analyze(query, reading):
            key = (token.start, token.end)
            if token.stop or by_word.get(key, set()) is None:
                by_word[key] = None
                continue
            by_word.setdefault(key, set()).add(_term(token))
    groups: list[tuple[str, ...]] = []
    for alternatives in by_word.values():
        group = tuple(sorted(alternatives)) if alternatives else ()
        if group and group not in groups:
            groups.append(group)
    return groups[:MAX_QUERY_WORDS]


def fts5_query(groups: list[tuple[str, ...]]) -> str:
    """An FTS5 MATCH expression requiring every group, any one term of each: every term is
    a quoted string, so nothing in it is read as an operator."""

    def quoted(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    return " AND ".join("(" + " OR ".join(quoted(t) for t in group) + ")" for group in groups)


def _pg_tsquery(groups: list[tuple[str, ...]]) -> tuple[str, list[str]]:
    """The same query as a PostgreSQL tsquery expression, each term passed as a parameter
    to plainto_tsquery, which accepts any text."""
    parts = []
    params: list[str] = []
    for group in groups:
        parts.append("(" + " || ".join(["plainto_tsquery('simple', %s)"] * len(group)) + ")")
        params.extend(group)
    return " && ".join(parts), params


# --- highlighting -------------------------------------------------------------------------


def highlight(text: str, lang: str | None, terms: set[str], limit: int = PASSAGE_CHARS) -> str:
    """``text`` as HTML with every word whose term is in ``terms`` in <mark>, everything else
    escaped; a longer text is cut to about ``limit`` characters around its first match."""
    hits = [t for t in analyze(text, _lang(lang)) if not t.stop and terms and _term(t) in terms]
    start, end = 0, len(text)
    if end > limit:
        # Start a third of the way before the first match, at a space, and stop at a space.
        first = hits[0].start if hits else 0
        start = max(0, first - limit // 3)
        if start and (space := text.find(" ", start, first)) != -1:
            start = space + 1
        end = min(len(text), start + limit)
        if end < len(text) and (space := text.rfind(" ", max(first, start + 1), end)) != -1:
            end = space
    out = ["… "] if start else []
    pos = start
    for token in hits:
        if token.start < start or token.end > end:
            continue
        out.append(escape(text[pos : token.start]))
        out.append("<mark>" + escape(text[token.start : token.end]) + "</mark>")
        pos = token.end
    out.append(escape(text[pos:end]))
    if end < len(text):
        out.append(" …")
    return mark_safe("".join(out))  # every piece of the text above went through escape()


# --- searching ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    key_message: KeyMessage
    passage: SafeString
    citation: str
    score: float | None = None


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    total: int
    query: str = ""
    terms: list[tuple[str, ...]] = field(default_factory=list)
    limit: int = 50
    offset: int = 0
    # False when `total` is a lower bound: more key messages match than were counted.
    exact: bool = True

    @property
    def has_words(self) -> bool:
        """False when a query was typed but holds no word to look for ("the", "?!")."""
        return bool(self.terms) or not self.query.strip()

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.hits) < self.total or (
            not self.exact and len(self.hits) == self.limit
        )

    def __iter__(self):
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)


def _clean(value) -> str | None:
    """A filter value as text, or None for no filter. NUL characters, which PostgreSQL
    refuses in any string, cannot match anything and are dropped."""
    if value is None:
        return None
    value = str(value).replace("\x00", "").strip()
    return value[:64] or None


def visible_key_messages(viewer, process):
    """The key messages of ``process`` the viewer may read: allowed by their own level and
    event, in a document the viewer may read too (if a document's level was narrowed and its
    key messages not yet, the narrower wins), and not discarded."""
    messages = (
        KeyMessage.objects.filter(process=process)
        .exclude(status=KeyMessage.Status.DISCARDED)
        .filter(viewer.material_filter())
    )
    if not viewer.is_secretariat:
        readable = Document.objects.filter(process=process).filter(viewer.material_filter())
        messages = messages.filter(document__in=readable.values("pk"))
    return messages


def _filtered(
    viewer, process, *, objective, statement_type, country, event, lang, constituency, confirmed
):
    messages = visible_key_messages(viewer, process)
    # Tags and countries as "id IN (...)": the database reads the few ids once, where
    # EXISTS would be asked again for every key message.
    if objective not in (None, ""):
        tagged = KeyMessageObjective.objects.filter(objective=int(objective))
        messages = messages.filter(pk__in=tagged.values("key_message_id"))
    if (statement_type := _clean(statement_type)) is not None:
        messages = messages.filter(statement_type=statement_type)
    if (country := _clean(country)) is not None:
        naming = KeyMessageCountry.objects.filter(code=country.upper())
        messages = messages.filter(pk__in=naming.values("key_message_id"))
    if event not in (None, ""):
        messages = messages.filter(event_id=getattr(event, "pk", None) or int(event))
    if (lang := _clean(lang)) is not None:
        messages = messages.filter(lang=lang)
    if (constituency := _clean(constituency)) is not None:
        messages = messages.filter(constituency=constituency)
    if confirmed is not None:
        status = KeyMessage.Status.CONFIRMED if confirmed else KeyMessage.Status.CANDIDATE
        messages = messages.filter(status=status)
    return messages


# Ranking every match of a word found in half the key messages costs about a second at
# 500,000 of them, and tells little: such a word weighs nearly nothing in bm25. Past this
# many matches (before visibility and filters), only the newest this many are ranked, and
# the total becomes a lower bound. The window grows if too few of them pass the filters.
RANK_WINDOW = 20_000
# A listing without words counts up to this many exactly, and says "more" beyond.
COUNT_LIMIT = 10_000


def _ranked_sqlite(messages, groups, limit, offset) -> tuple[list[tuple[int, float]], int, bool]:
    """(rowid, bm25) of one page of matches, best first; their total; whether it is exact."""
    # The FTS table drives; a match is kept if the filtered key-message query, tied to it by
    # primary key, has it. bm25 is lower for better matches.
    tied = messages.order_by().filter(pk=RawSQL(f"{FTS_TABLE}.rowid", ())).values("pk")
    try:
        inner, inner_params = tied.query.sql_with_params()
    except EmptyResultSet:
        return [], 0, True
    match = fts5_query(groups)
    window = RANK_WINDOW
    with connections[messages.db].cursor() as cursor:
        while True:
            # The rowid of the window-th newest match; none if there are fewer: rank all.
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                "ORDER BY rowid DESC LIMIT 1 OFFSET %s",
                [match, window - 1],
            )
            floor = (cursor.fetchone() or (0,))[0]
            cursor.execute(
                f"SELECT rowid, score, count(*) OVER () FROM (SELECT rowid, "
                f"bm25({FTS_TABLE}) AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                f"AND rowid >= %s AND EXISTS ({inner})) ORDER BY score, rowid DESC "
                "LIMIT %s OFFSET %s",
                [match, floor, *inner_params, limit, offset],
            )
            found = cursor.fetchall()
            if found:
                total = found[0][2]
            else:
                cursor.execute(
                    f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                    f"AND rowid >= %s AND EXISTS ({inner})",
                    [match, floor, *inner_params],
                )
                total = cursor.fetchone()[0]
            # Enough for this page, or all matches ranked: done. Otherwise a wider window.
            if floor == 0 or total >= offset + limit:
                return [(pk, score) for pk, score, _n in found], total, floor == 0
            window *= 8


def _ranked_postgresql(
    messages, groups, limit, offset
) -> tuple[list[tuple[int, float]], int, bool]:
    """As _ranked_sqlite, with ts_rank (higher is better) and the GIN index."""
    tsquery, params = _pg_tsquery(groups)
    # Written exactly as in the index of migration 0003, so that PostgreSQL uses it.
    vector = f"to_tsvector('simple', {TABLE}.search_terms)"
    match = RawSQL(f"{vector} @@ ({tsquery})", params, output_field=BooleanField())
    window = RANK_WINDOW
    while True:
        with connections[messages.db].cursor() as cursor:
            cursor.execute(
                # "id + 0": sorting the index's matches, not walking the primary key and
                # parsing every row until enough match, which PostgreSQL may otherwise pick.
                f"SELECT id FROM {TABLE} WHERE {vector} @@ ({tsquery}) "
                "ORDER BY id + 0 DESC OFFSET %s LIMIT 1",
                [*params, window - 1],
            )
            floor = (cursor.fetchone() or (0,))[0]
        # "+ 0" again, for the same reason: the window is a filter on the index's matches.
        newest = RawSQL(f"{TABLE}.id + 0 >= %s", [floor], output_field=BooleanField())
        matched = messages.filter(match, newest)
        page = list(
            matched.annotate(
                score=RawSQL(f"ts_rank({vector}, {tsquery})", params, output_field=FloatField()),
                total=Window(Count("pk")),
            )
            .order_by("-score", "-pk")
            .values_list("pk", "score", "total")[offset : offset + limit]
        )
        total = page[0][2] if page else matched.count()
        if floor == 0 or total >= offset + limit:
            return [(pk, score) for pk, score, _n in page], total, floor == 0
        window *= 8


def search(
    viewer,
    process,
    query: str,
    *,
    objective=None,
    statement_type=None,
    country=None,
    event=None,
    lang=None,
    constituency=None,
    confirmed=None,
    limit: int = 50,
    offset: int = 0,
) -> SearchResults:
    """Key messages of ``process`` that match every word of ``query`` and every filter given,
    best match first, each with its passage highlighted and its source cited as the viewer
    may see it. An empty query lists the filtered key messages, newest documents first.
    ``confirmed`` is True for confirmed key messages, False for those still to review.

    The total is exact unless ``results.exact`` is False: for words in more than
    RANK_WINDOW key messages, the best of the newest RANK_WINDOW matches come first and the
    total counts those; a listing without words counts up to COUNT_LIMIT."""
    query = query or ""
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, min(int(offset), MAX_OFFSET))
    groups = query_terms(query, lang)
    if query.strip() and not groups:
        return SearchResults([], 0, query, groups, limit, offset)
    messages = _filtered(
        viewer,
        process,
        objective=objective,
        statement_type=statement_type,
        country=country,
        event=event,
        lang=lang,
        constituency=constituency,
        confirmed=confirmed,
    )

    if groups:
        vendor = connections[messages.db].vendor
        ranked = _ranked_postgresql if vendor == "postgresql" else _ranked_sqlite
        rows, total, exact = ranked(messages, groups, limit, offset)
        scores = dict(rows)
        ids = [pk for pk, _score in rows]
    else:
        listing = messages.order_by("-document_id", "position", "pk")
        ids = list(listing.values_list("pk", flat=True)[offset : offset + limit])
        if offset == 0 and len(ids) < limit:
            total, exact = len(ids), True
        else:
            cap = max(COUNT_LIMIT, offset + limit)
            counted = listing.order_by()[: cap + 1].count()
            total, exact = min(counted, cap), counted <= cap
        scores = {}

    # Read again through the visible set, so a row can only come back if it may be seen.
    found = messages.filter(pk__in=ids).select_related("document", "event")
    found = found.prefetch_related("document__authors", "tags", "countries")
    by_pk = {m.pk: m for m in found}
    terms = {t for group in groups for t in group}
    hits = []
    for pk in ids:
        if (message := by_pk.get(pk)) is None:
            continue
        authors = ", ".join(o.short_name for o in message.document.authors.all())
        hits.append(
            SearchHit(
                key_message=message,
                passage=highlight(message.text, message.lang, terms),
                citation=viewer.citation(message.event, authors),
                score=scores.get(pk),
            )
        )
    return SearchResults(hits, total, query, groups, limit, offset, exact)


# --- the index ----------------------------------------------------------------------------

# The FTS5 table and its triggers, as migration 0003 creates them (a test checks the two
# agree). The terms are already normalised, so the tokenizer only splits on spaces and
# leaves letters alone. External content: the text lives once, in the key message table.
SQLITE_CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_terms, "
    f"content='{TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 0')"
)
SQLITE_TRIGGERS = {
    f"{FTS_TABLE}_insert": (
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON {TABLE} BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, search_terms) VALUES (new.id, new.search_terms); "
        "END"
    ),
    f"{FTS_TABLE}_delete": (
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON {TABLE} BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_terms) "
        "VALUES ('delete', old.id, old.search_terms); "
        "END"
    ),
    f"{FTS_TABLE}_update": (
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE OF id, search_terms "
        f"ON {TABLE} WHEN old.search_terms IS NOT new.search_terms OR old.id != new.id BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_terms) "
        "VALUES ('delete', old.id, old.search_terms); "
        f"INSERT INTO {FTS_TABLE}(rowid, search_terms) VALUES (new.id, new.search_terms); "
        "END"
    ),
}
PG_CREATE_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TABLE} "
    "USING gin (to_tsvector('simple', search_terms))"
)


def _sqlite_objects(cursor) -> set[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE name = %s OR (type = 'trigger' AND tbl_name = %s)",
        [FTS_TABLE, TABLE],
    )
    return {name for (name,) in cursor.fetchall()}


def ensure_search_index(using: str = "default") -> bool:
    """Put back what a migration may have taken away, and say whether it had to.

    On SQLite, Django alters a table by building a new one and dropping the old, and the
    triggers go with the old: after any migration that alters the key message table, this
    recreates them and rebuilds the index, which may have missed writes in between. It is
    run after every ``migrate`` (the intake app's ``post_migrate``). It creates nothing on a
    database that does not have the index yet (before migration 0003 or after reversing it).
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        present = _sqlite_objects(cursor)
        missing = [sql for name, sql in SQLITE_TRIGGERS.items() if name not in present]
        if FTS_TABLE not in present or not missing:
            return False
        with transaction.atomic(using=using):
            for sql in missing:
                cursor.execute(sql)
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    return True


def ensure_search_index_after_migrate(sender, using="default", **kwargs) -> None:
    """``post_migrate`` receiver for the intake app (see ``ensure_search_index``)."""
    if KeyMessage._meta.db_table in connections[using].introspection.table_names():
        ensure_search_index(using)


def rebuild_search_index(
    *, recompute_terms: bool = True, using: str | None = None, batch_size: int = 2000, progress=None
) -> int:
    """Recompute every key message's terms from its text (if ``recompute_terms``), then, on
    SQLite, rebuild the FTS table from the stored terms (PostgreSQL's expression index
    follows the terms by itself; it is created if missing). Returns the number of key
    messages whose terms changed. ``progress(done, total)`` is called after each batch.
    Safe while others write: a key message whose text changed meanwhile is left to them."""
    using = using or router.db_for_write(KeyMessage)
    changed = 0
    if recompute_terms:
        messages = KeyMessage.objects.using(using)
        total = messages.count()
        last, done = 0, 0
        while True:
            batch = list(
                messages.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "text", "lang", "search_terms")[:batch_size]
            )
            if not batch:
                break
            fresh = {
                (pk, text, lang): terms
                for pk, text, lang, stored in batch
                if (terms := search_terms_for(text, lang)) != stored
            }
            if fresh:
                with transaction.atomic(using=using):
                    # Read again under lock: only rows whose text is still the one analysed.
                    current = messages.select_for_update().filter(pk__in=[k[0] for k in fresh])
                    stale = [
                        KeyMessage(pk=pk, search_terms=fresh[(pk, text, lang)])
                        for pk, text, lang in current.values_list("pk", "text", "lang")
                        if (pk, text, lang) in fresh
                    ]
                    messages.bulk_update(stale, ["search_terms"])
                changed += len(stale)
            done += len(batch)
            last = batch[-1][0]
            if progress:
                progress(done, total)
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            ensure_search_index(using)
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_INDEX])
            if cursor.fetchone() is None:
                cursor.execute(PG_CREATE_INDEX)
    return changed
