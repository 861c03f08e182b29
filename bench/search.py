"""How fast key-message search answers over a large review, and what the index costs.

    .venv/bin/python bench/search.py [--messages 500000] [--queries 200] [--workers 2]

It fills a fresh database (SQLite in a temporary folder; or, when DATABASE_URL is set, a
throwaway test database beside the one DATABASE_URL names) with one review of 80 events
(one in ten closed) and 1,000 documents at every visibility level, holding the given number
of key messages in Arabic, English and French. Their text is made by combining a vocabulary
of subjects, verbs, topics and places (Arabic words get clitics, some get diacritics); their
terms come from `search_terms_for`, computed in `--workers` processes; they are written
with bulk inserts while the index follows them (triggers on SQLite, the GIN index on
PostgreSQL). Each key message gets an objective, some a country.

Then it prints the time to fill, the time to rebuild the index from scratch, the size of
the database and of the index, and the median, 95th percentile and maximum time of
`search()` (20 results, highlighted, as the page asks) for ~200 queries of 1-3 words (in
the forms a person types: inflected, with or without article), for the public without a
filter, for the public with one filter (objective, country, language, event, statement
type or confirmed, in turn), for the secretariat (no visibility filter), and for listings
with a filter and no words.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA_DIR = tempfile.mkdtemp(prefix="gcmreview-bench-search-")
os.environ["GCMREVIEW_DATA_DIR"] = DATA_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcmreview.settings")
os.environ.setdefault("GCMREVIEW_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from gcmreview.intake import search as search_module  # noqa: E402
from gcmreview.intake.models import (  # noqa: E402
    Document,
    KeyMessage,
    KeyMessageCountry,
    KeyMessageObjective,
)
from gcmreview.intake.search import search, search_terms_for  # noqa: E402
from gcmreview.participation.access import Viewer, Visibility  # noqa: E402
from gcmreview.process.models import Event, ReviewProcess  # noqa: E402

# --- vocabulary -------------------------------------------------------------------------
# Subjects, verbs, topics and qualifiers; a key message is one to three sentences made of
# one of each. Topics and places carry most of the searchable words.

EN = {
    "subjects": """Member States|Governments|Local authorities|Civil society organizations|
        Trade unions|Employers|The secretariat|UN entities|Migrant associations|
        National human rights institutions|Recruitment agencies|Border authorities|
        Diaspora networks|Youth groups|Women's organizations|Academic institutions|
        Labour ministries|Municipalities|Regional consultative processes|Faith-based groups""",
    "verbs": """should strengthen|must ensure|need to improve|called for|recommended|
        highlighted|committed to expanding|reported progress on|expressed concern about|
        pledged to support|proposed a plan for|shared good practices on|asked for funding for|
        reviewed the state of|agreed to monitor""",
    "topics": """access to basic services for migrants|regular pathways for labour migration|
        the protection of migrant domestic workers|alternatives to immigration detention|
        the portability of social security benefits|fair and ethical recruitment|
        the cost of remittances|data disaggregated by sex and age|consular protection abroad|
        the return and reintegration of migrants|search and rescue at sea|
        the recognition of skills and qualifications|climate-related displacement|
        the fight against trafficking in persons|birth registration for migrant children|
        smuggling networks along the routes|xenophobia and discrimination|
        gender equality for migrant women|health care for undocumented migrants|
        decent housing and shelters|legal identity documents|missing migrants and their families|
        visa facilitation for students|financial inclusion of refugees|
        integrated border management|labour inspections in agriculture|
        wage protection systems|pre-departure orientation|diaspora investment|
        the inclusion of migrant children in schools""",
    "qualifiers": """in the region|in countries of origin and destination|
        through bilateral agreements|with the support of IOM|before the next review|
        in line with the Compact|especially for women and children|in Egypt|in Morocco|
        in Jordan|in Lebanon|in the Gulf states|in Libya|in Tunisia|along the Mediterranean|
        at the national level|in coastal cities|in rural areas|in camps and informal settlements|
        through the Network on Migration""",
}
FR = {
    "subjects": """Les États membres|Les gouvernements|Les autorités locales|
        Les organisations de la société civile|Les syndicats|Les employeurs|Le secrétariat|
        Les entités des Nations Unies|Les associations de migrants|
        Les institutions nationales des droits de l'homme|Les agences de recrutement|
        Les autorités frontalières|Les réseaux de la diaspora|Les organisations de femmes|
        Les universités|Les ministères du travail|Les municipalités""",
    "verbs": """doivent renforcer|doivent garantir|ont appelé à améliorer|ont recommandé|
        ont souligné|se sont engagés à élargir|ont fait état de progrès concernant|
        se sont inquiétés de|ont promis de soutenir|ont proposé un plan pour|
        ont partagé de bonnes pratiques sur|ont demandé un financement pour""",
    "topics": """l'accès des migrants aux services de base|
        les voies régulières de migration de travail|
        la protection des travailleuses domestiques migrantes|
        les alternatives à la détention des migrants|
        la portabilité des droits à la sécurité sociale|le recrutement équitable et éthique|
        le coût des envois de fonds|les données ventilées par sexe et par âge|
        la protection consulaire|le retour et la réintégration des migrants|
        la recherche et le sauvetage en mer|la reconnaissance des compétences et des diplômes|
        les déplacements liés au climat|la lutte contre la traite des personnes|
        l'enregistrement des naissances des enfants migrants|les réseaux de passeurs|
        la xénophobie et la discrimination|l'égalité entre les femmes et les hommes|
        les soins de santé pour les travailleurs sans papiers|le logement décent|
        les documents d'identité|les migrants disparus et leurs familles|
        l'inclusion financière des réfugiés|la gestion intégrée des frontières|
        l'inspection du travail dans l'agriculture|les chercheuses et chercheurs migrants""",
    "qualifiers": """dans la région|dans les pays d'origine et de destination|
        par des accords bilatéraux|avec l'appui de l'OIM|avant le prochain examen|
        conformément au Pacte|en particulier pour les femmes et les enfants|en Égypte|
        au Maroc|en Jordanie|au Liban|dans les États du Golfe|en Libye|en Tunisie|
        en Méditerranée|au niveau national|dans les zones rurales""",
}
AR = {
    "subjects": """الدول الأعضاء|الحكومات|السلطات المحلية|منظمات المجتمع المدني|
        النقابات العمالية|أصحاب العمل|الأمانة|وكالات الأمم المتحدة|جمعيات المهاجرين|
        المؤسسات الوطنية لحقوق الإنسان|وكالات التوظيف|سلطات الحدود|شبكات المغتربين|
        المنظمات النسائية|الجامعات|وزارات العمل|البلديات""",
    "verbs": """ينبغي أن تعزز|يجب أن تضمن|دعت إلى تحسين|أوصت بتوسيع|أكدت على أهمية|
        أعربت عن القلق إزاء|التزمت بدعم|أشارت إلى التقدم في|اقترحت خطة من أجل|
        تبادلت الممارسات الجيدة بشأن|طالبت بتمويل""",
    "topics": """وصول المهاجرين إلى الخدمات الأساسية|المسارات النظامية لهجرة العمالة|
        حماية العمال المنزليين المهاجرين|بدائل احتجاز المهاجرين|
        نقل استحقاقات الضمان الاجتماعي|التوظيف العادل والأخلاقي|تكلفة التحويلات المالية|
        البيانات المصنفة حسب الجنس والعمر|الحماية القنصلية|العودة وإعادة الإدماج|
        البحث والإنقاذ في البحر|الاعتراف بالمهارات والمؤهلات|النزوح المرتبط بتغير المناخ|
        مكافحة الاتجار بالأشخاص|تسجيل المواليد للأطفال المهاجرين|شبكات تهريب المهاجرين|
        كراهية الأجانب والتمييز|المساواة بين الجنسين|الرعاية الصحية للعمال المهاجرين|
        السكن اللائق|وثائق الهوية|المهاجرين المفقودين وأسرهم|الشمول المالي للاجئين|
        الإدارة المتكاملة للحدود|تفتيش العمل في الزراعة|مسؤولية أصحاب العمل""",
    "qualifiers": """في المنطقة العربية|في بلدان المنشأ والمقصد|من خلال الاتفاقات الثنائية|
        بدعم من المنظمة الدولية للهجرة|قبل الاستعراض القادم|وفقا للاتفاق العالمي|
        وخاصة للنساء والأطفال|في مصر|في المغرب|في الأردن|في لبنان|في دول الخليج|في ليبيا|
        في تونس|في البحر المتوسط|على المستوى الوطني|في المناطق الريفية""",
}
VOCABULARY = {
    lang: {part: [p.strip() for p in text.split("|")] for part, text in parts.items()}
    for lang, parts in (("en", EN), ("fr", FR), ("ar", AR))
}
# Forms a person might type, to build queries from: surface words of the topics and
# qualifiers, and a few inflected or bare forms the texts do not contain as such.
EXTRA_QUERY_WORDS = {
    "en": "migrant worker workers remittance detained trafficked recruit skill".split(),
    "fr": "migrant travailleuse travailleurs chercheur réfugié etat diplome".split(),
    "ar": "مساواة مهاجر العامل الهجرة لاجئين مسئولية تهريب احتجاز".split(),
}
HARAKAT = "\u064e\u064f\u0650\u0651\u0652"
CLITICS = ["و", "ف", "ب", "ل", "ك"]
SENTENCE_END = {"en": ".", "fr": ".", "ar": "."}


def zipf_pick(rng: random.Random, items: list[str]) -> str:
    # Lower ranks far more often, as in real text: a few topics dominate.
    return items[min(int(rng.paretovariate(1.1)) - 1, len(items) - 1)]


def decorate_arabic(sentence: str, rng: random.Random) -> str:
    words = []
    for word in sentence.split():
        if len(word) > 3 and rng.random() < 0.08:
            word = rng.choice(CLITICS) + word  # وبالمهاجرين-style clitics
        if len(word) > 3 and rng.random() < 0.05:
            word = word[:2] + rng.choice(HARAKAT) + word[2:]  # the odd diacritic
        words.append(word)
    return " ".join(words)


def make_text(lang: str, rng: random.Random) -> str:
    v = VOCABULARY[lang]
    sentences = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        topics = [zipf_pick(rng, v["topics"])]
        if rng.random() < 0.3:
            topics.append(rng.choice(v["topics"]))
        joined = (" و" if lang == "ar" else (" et " if lang == "fr" else " and ")).join(topics)
        sentence = (
            f"{rng.choice(v['subjects'])} {rng.choice(v['verbs'])} {joined} "
            f"{rng.choice(v['qualifiers'])}{SENTENCE_END[lang]}"
        )
        sentences.append(decorate_arabic(sentence, rng) if lang == "ar" else sentence)
    return " ".join(sentences)


def terms_of(item: tuple[str, str]) -> str:
    return search_terms_for(*item)


def make_queries(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(language, query) pairs of 1-3 words, from the vocabulary's topics and places."""
    pools = {}
    for lang, v in VOCABULARY.items():
        words = {w.strip(".,'") for part in ("topics", "qualifiers") for p in v[part]
                 for w in p.split()}  # fmt: skip
        words = {w for w in words if search_terms_for(w, lang)}  # no stop words
        pools[lang] = sorted(words | set(EXTRA_QUERY_WORDS[lang]))
    queries = []
    for i in range(count):
        lang = ("ar", "en", "fr")[i % 3]
        n = rng.choice((1, 1, 2, 2, 3))
        queries.append((lang, " ".join(rng.sample(pools[lang], n))))
    return queries


# --- building the data ----------------------------------------------------------------------


def build(args, rng: random.Random, pool) -> tuple[ReviewProcess, dict]:
    timings = {}
    began = time.perf_counter()
    process = ReviewProcess.objects.create(
        slug="bench-search", title_en="Search benchmark review", region_en="Benchmark region",
        round=1, status=ReviewProcess.Status.ONGOING,
    )  # fmt: skip
    events = Event.objects.bulk_create(
        Event(
            process=process, key=f"event-{i:03d}", kind="gcm_talk", title_en=f"Meeting {i}",
            date_start="2025-01-01", date_end="2025-01-01", date_precision="day",
            registration="open", closed=(i % 10 == 0),
        )
        for i in range(80)
    )  # fmt: skip
    levels = rng.choices(
        [Visibility.PUBLIC, Visibility.PARTICIPANTS, Visibility.MEMBER_STATES,
         Visibility.SECRETARIAT], weights=[60, 15, 10, 15], k=args.documents,
    )  # fmt: skip
    documents = Document.objects.bulk_create(
        Document(
            process=process, event=rng.choice(events) if rng.random() < 0.85 else None,
            kind="summary_report", title=f"Report {i}", visibility=levels[i],
            language=("ar", "en", "fr")[i % 3], status=Document.Status.READY,
        )
        for i in range(args.documents)
    )  # fmt: skip

    # Texts in this process, terms in the workers, in the order the texts were made.
    per_doc = math.ceil(args.messages / len(documents))
    plan = []
    for n in range(args.messages):
        document = documents[n // per_doc]
        plan.append((document, n % per_doc + 1, make_text(document.language, rng)))
    timings["texts"] = time.perf_counter() - began
    began = time.perf_counter()
    items = [(text, doc.language) for doc, _pos, text in plan]
    terms = list(pool.imap(terms_of, items, chunksize=2000))
    timings["terms"] = time.perf_counter() - began

    began = time.perf_counter()
    statuses = [KeyMessage.Status.CANDIDATE] * 13 + [KeyMessage.Status.CONFIRMED] * 6
    statuses.append(KeyMessage.Status.DISCARDED)
    types = ["recommendation", "challenge", "good_practice", "commitment", "other"]
    countries = ["EG", "MA", "JO", "LB", "TN", "LY", "SA", "AE", "QA", "IQ", "SY", "SD"]
    # Plain inserts with ids given here (the database is new): Django's bulk_create would
    # spend more time than the database on half a million rows. They go through the key
    # message table like any other write, so the triggers (SQLite) and the GIN index
    # (PostgreSQL) do their work during the fill.
    km_sql = (
        f"INSERT INTO {KeyMessage._meta.db_table} (id, document_id, process_id, event_id, "
        "visibility, position, paragraph, page, text, search_terms, lang, statement_type, "
        "constituency, status, text_version, explanation) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', %s, 1, '{}')"
    )
    tag_sql = (
        f"INSERT INTO {KeyMessageObjective._meta.db_table} "
        "(key_message_id, objective, score, confirmed) VALUES (%s, %s, 0.5, %s)"
    )
    country_sql = (
        f"INSERT INTO {KeyMessageCountry._meta.db_table} (key_message_id, code) VALUES (%s, %s)"
    )
    batch = 10_000
    with connection.cursor() as cursor:
        for start in range(0, len(plan), batch):
            rows, tags, named = [], [], []
            for i, (doc, pos, text) in enumerate(plan[start : start + batch], start=start):
                pk = i + 1
                status = rng.choice(statuses)
                rows.append((pk, doc.pk, process.pk, doc.event_id, doc.visibility, pos, pos,
                             1 + pos // 8, text, terms[i], doc.language, rng.choice(types),
                             status))  # fmt: skip
                tags.append((pk, rng.randint(1, 23), status == KeyMessage.Status.CONFIRMED))
                if rng.random() < 0.3:
                    named.append((pk, rng.choice(countries)))
            with transaction.atomic():
                cursor.executemany(km_sql, rows)
                cursor.executemany(tag_sql, tags)
                cursor.executemany(country_sql, named)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [KeyMessage._meta.db_table, len(plan)],
            )
    timings["insert"] = time.perf_counter() - began

    with connection.cursor() as cursor:
        began = time.perf_counter()
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            timings["analyze"] = time.perf_counter() - began
            began = time.perf_counter()
            cursor.execute(f"INSERT INTO {search_module.FTS_TABLE}({search_module.FTS_TABLE}) "
                           "VALUES ('rebuild')")  # fmt: skip
            timings["rebuild"] = time.perf_counter() - began
            began = time.perf_counter()
            cursor.execute(f"INSERT INTO {search_module.FTS_TABLE}({search_module.FTS_TABLE}) "
                           "VALUES ('optimize')")  # fmt: skip
            timings["optimize"] = time.perf_counter() - began
        else:
            cursor.execute("VACUUM ANALYZE")
            timings["analyze"] = time.perf_counter() - began
            began = time.perf_counter()
            cursor.execute(f"REINDEX INDEX {search_module.PG_INDEX}")
            timings["rebuild"] = time.perf_counter() - began
    return process, {"events": events, "timings": timings}


def sizes() -> tuple[float, float]:
    """(database, search index) in MiB."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")
            total = cursor.fetchone()[0]
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE %s",
                           [f"{search_module.FTS_TABLE}%"])  # fmt: skip
            index = cursor.fetchone()[0] or 0
        else:
            cursor.execute("SELECT pg_database_size(current_database()), "
                           "pg_relation_size(%s)", [search_module.PG_INDEX])  # fmt: skip
            total, index = cursor.fetchone()
    return total / 2**20, index / 2**20


# --- measuring ---------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]  # nearest rank


def run(label: str, calls, rows: list) -> None:
    for call in calls[:3]:  # warm the caches
        call()
    times, totals = [], []
    for call in calls:
        began = time.perf_counter()
        results = call()
        times.append((time.perf_counter() - began) * 1000)
        totals.append(results.total)
    rows.append((label, len(times), statistics.median(times), percentile(times, 0.95),
                 max(times), statistics.median(totals)))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=500_000)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="processes computing terms")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="keep the database to look at")
    args = parser.parse_args()

    # Workers start before any database connection exists, so none is shared.
    pool = multiprocessing.get_context("fork").Pool(args.workers)
    old_name = None
    try:
        began = time.perf_counter()
        if os.environ.get("DATABASE_URL"):
            # Never the database DATABASE_URL names itself: a test database beside it.
            old_name = connection.settings_dict["NAME"]
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        else:
            call_command("migrate", verbosity=0)
        rng = random.Random(args.seed)
        process, built = build(args, rng, pool)
        pool.close()
        t = built["timings"]
        total_mib, index_mib = sizes()
        print(
            f"{connection.vendor} ({connection.settings_dict['NAME']}), Python "
            f"{sys.version.split()[0]}, Django {django.get_version()}, {os.cpu_count()} cores"
        )
        print(
            f"{args.messages:,} key messages in {args.documents:,} documents "
            f"(filled in {time.perf_counter() - began:.0f} s: texts {t['texts']:.1f} s, terms "
            f"{t['terms']:.1f} s in {args.workers} processes, inserts with the index kept in "
            f"step {t['insert']:.1f} s, ANALYZE {t['analyze']:.1f} s)"
        )
        rebuild = f"index rebuilt from scratch in {t['rebuild']:.1f} s"
        if "optimize" in t:
            rebuild += f", optimized in {t['optimize']:.1f} s"
        print(f"{rebuild}; database {total_mib:,.0f} MiB, of which the index {index_mib:,.0f} MiB")

        public = Viewer(user=AnonymousUser(), process=process)
        root = User.objects.create_superuser("bench-root", "root@example.org", "x")
        secretariat = Viewer(user=root, process=process)
        queries = make_queries(args.queries, random.Random(args.seed + 1))
        events = built["events"]
        filters = [
            lambda r: {"objective": r.randint(1, 23)},
            lambda r: {"country": r.choice(["EG", "MA", "JO", "LB"])},
            lambda r: {"lang": r.choice(["ar", "en", "fr"])},
            lambda r: {"event": r.choice([e for e in events if not e.closed])},
            lambda r: {"statement_type": r.choice(["recommendation", "challenge"])},
            lambda r: {"confirmed": r.random() < 0.5},
        ]
        frng = random.Random(args.seed + 2)
        with_filter = [filters[i % len(filters)](frng) for i in range(len(queries))]

        def ask(who, q, **kw):
            return lambda: search(who, process, q, limit=20, **kw)

        rows: list = []
        run("public, no filter", [ask(public, q) for _l, q in queries], rows)
        run("public, one filter", [ask(public, q, **f) for (_l, q), f in
                                   zip(queries, with_filter, strict=True)], rows)  # fmt: skip
        run("secretariat, no filter", [ask(secretariat, q) for _l, q in queries], rows)
        run("public, language of the query", [ask(public, q, lang=lang) for lang, q in queries],
            rows)  # fmt: skip
        run("public, listing with a filter", [ask(public, "", **f) for f in with_filter[:60]],
            rows)  # fmt: skip
        run("public, page 5 (offset 80)", [lambda q=q: search(public, process, q, limit=20,
                                                              offset=80)
                                           for _l, q in queries[:60]], rows)  # fmt: skip

        print()
        head = (
            f"{'search()':<32} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
            f"{'median hits':>12}"
        )
        print(head)
        print("-" * len(head))
        for label, n, p50, p95, worst, hits in rows:
            print(f"{label:<32} {n:>4} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f} {hits:>12,.0f}")
        print()
        print("Queries, for example: " + "; ".join(q for _l, q in queries[:9]))
    finally:
        pool.terminate()
        kept = None
        if old_name is not None:
            if args.keep:
                kept = connection.settings_dict["NAME"]
            else:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        elif args.keep:
            kept = DATA_DIR
        connection.close()
        if kept != DATA_DIR:
            shutil.rmtree(DATA_DIR, ignore_errors=True)
        if kept:
            print(f"Database kept: {kept}")


if __name__ == "__main__":
    main()
