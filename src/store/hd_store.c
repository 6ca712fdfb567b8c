/* hd_store.c: the event store, an SQLite database (WAL mode) of documents, deduplicated
 * events, the mentions that report them (one row per event an article reports, with its
 * sentence and span), actors, places, attributions and the outlets behind each event.
 *
 * Ingesting is idempotent: a document already stored (same id, URL or normalised text) is
 * skipped. Documents are committed in batches; the clustering of a mention depends only on
 * what the database holds, so an interrupted run completed by a second run over the same
 * input leaves exactly the rows of an uninterrupted one. The schema is versioned with
 * PRAGMA user_version and migrated on open. Queries and exports are in hd_query.c. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include <cJSON.h>

#include "text/hd_date.h"
#include "text/hd_normalize.h"
#include "store/hd_store_int.h"

/* The events table's columns after its date, the same in every version of the table. */
#define EVENT_COLUMNS_AFTER_DATE                                                                 \
    "  code TEXT NOT NULL, root TEXT NOT NULL, quad_class INTEGER, goldstein REAL,"              \
    "  source_code TEXT, source_country TEXT, source_role TEXT,"                                 \
    "  target_code TEXT, target_country TEXT, target_role TEXT,"                                 \
    "  geonames_id TEXT, country TEXT, precision TEXT, lat REAL, lon REAL,"                      \
    "  acled_type TEXT, acled_sub_type TEXT, plover_type TEXT, plover_mode TEXT, case_label TEXT," \
    "  num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL, num_articles INTEGER NOT NULL," \
    "  first_seen TEXT, last_seen TEXT);"

/* Schema migrations: entry k takes a store from version k to k + 1. */
static const char *const migrations[] = {
    ("CREATE TABLE documents("
    "  id INTEGER PRIMARY KEY,"
    "  doc_key TEXT NOT NULL UNIQUE,"
    "  url TEXT,"
    "  text_hash TEXT NOT NULL,"
    "  title TEXT, date TEXT, outlet TEXT,"
    "  n_mentions INTEGER NOT NULL DEFAULT 0);"
    "CREATE UNIQUE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;"
    "CREATE INDEX documents_hash ON documents(text_hash);"
    "CREATE TABLE actors(code TEXT PRIMARY KEY, country TEXT, role TEXT, name TEXT) WITHOUT ROWID;"
    "CREATE TABLE places(geonames_id TEXT PRIMARY KEY, name TEXT, country TEXT, country_fips TEXT,"
    "  admin1 TEXT, precision TEXT, lat REAL, lon REAL) WITHOUT ROWID;"
    "CREATE TABLE events("
    "  id INTEGER PRIMARY KEY,"
    "  date TEXT NOT NULL, date_precision TEXT,"
    EVENT_COLUMNS_AFTER_DATE
    "CREATE INDEX events_date ON events(date);"
    "CREATE INDEX events_root_date ON events(root, date);"
    "CREATE INDEX events_country_date ON events(country, date);"
    "CREATE INDEX events_source ON events(source_code);"
    "CREATE INDEX events_target ON events(target_code);"
    "CREATE INDEX events_code ON events(code);"
    "CREATE INDEX events_lat ON events(lat);"
    "CREATE TABLE mentions("
    "  id INTEGER PRIMARY KEY,"
    "  event_id INTEGER NOT NULL REFERENCES events(id),"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id),"
    "  event_index INTEGER, sentence INTEGER, span_start INTEGER, span_end INTEGER,"
    "  text TEXT, trigger TEXT, rule TEXT, code TEXT, date TEXT,"
    "  source_text TEXT, target_text TEXT, place_mention TEXT,"
    "  hedged INTEGER, background INTEGER);"
    "CREATE INDEX mentions_event ON mentions(event_id, doc_id);"
    "CREATE INDEX mentions_doc ON mentions(doc_id);"
    "CREATE TABLE attributions(mention_id INTEGER NOT NULL, position INTEGER NOT NULL, kind TEXT, name TEXT,"
    "  PRIMARY KEY(mention_id, position)) WITHOUT ROWID;"
    "CREATE TABLE event_sources(event_id INTEGER NOT NULL, outlet TEXT NOT NULL,"
    "  PRIMARY KEY(event_id, outlet)) WITHOUT ROWID;"
    "CREATE VIRTUAL TABLE mentions_fts USING fts5(text, content='mentions', content_rowid='id');"),
    /* 2: --near reads longitudes from the index instead of every row of a latitude band */
    "DROP INDEX events_lat; CREATE INDEX events_geo ON events(lat, lon);",
    /* 3: actor and place filters check the event code and date in the index; outlets are
     * looked up by name */
    "DROP INDEX events_source; DROP INDEX events_target; DROP INDEX events_geo;"
    " CREATE INDEX events_geo ON events(lat, lon, date);"
    " CREATE INDEX events_source ON events(source_code, code, date);"
    " CREATE INDEX events_target ON events(target_code, code, date);"
    " CREATE INDEX event_sources_outlet ON event_sources(outlet COLLATE NOCASE, event_id);",
    /* 4: an R*Tree of event places: --near reads the events in its box, not a latitude band */
    "CREATE VIRTUAL TABLE events_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);"
    " INSERT INTO events_rtree SELECT id, lat, lat, lon, lon FROM events WHERE lat IS NOT NULL;",
    /* 5: each mention's confidence, the probability that its sentence reports the act as
     * having happened (NULL: coded by a model without a confidence classifier) */
    "ALTER TABLE mentions ADD COLUMN confidence REAL;",
    /* 6: an undated event has no date (NULL), not the placeholder 0001-01-01, and its
     * precision says "none"; SQLite changes a column's constraint only by copying the table */
    ("CREATE TABLE events_v6("
    "  id INTEGER PRIMARY KEY,"
    "  date TEXT, date_precision TEXT,"
    EVENT_COLUMNS_AFTER_DATE
    "INSERT INTO events_v6 SELECT id, nullif(date, '0001-01-01'),"
    "  CASE WHEN date = '0001-01-01' THEN 'none' ELSE date_precision END,"
    "  code, root, quad_class, goldstein, source_code, source_country, source_role,"
    "  target_code, target_country, target_role, geonames_id, country, precision, lat, lon,"
    "  acled_type, acled_sub_type, plover_type, plover_mode, case_label, num_mentions, num_sources,"
    "  num_articles, nullif(first_seen, '0001-01-01'), nullif(last_seen, '0001-01-01') FROM events;"
    "DROP TABLE events;"
    "ALTER TABLE events_v6 RENAME TO events;"
    "CREATE INDEX events_date ON events(date);"
    "CREATE INDEX events_root_date ON events(root, date);"
    "CREATE INDEX events_country_date ON events(country, date);"
    "CREATE INDEX events_code ON events(code);"
    "CREATE INDEX events_geo ON events(lat, lon, date);"
    "CREATE INDEX events_source ON events(source_code, code, date);"
    "CREATE INDEX events_target ON events(target_code, code, date);"
    "UPDATE mentions SET date = NULL WHERE date = '0001-01-01';"),
    /* 7: stories (hd_story.c): the articles of one happening, the names that found them, and
     * each event's story; documents stored before stories are each a story of their own */
    ("CREATE TABLE stories(id INTEGER PRIMARY KEY, first_date TEXT, last_date TEXT,"
    "  n_articles INTEGER NOT NULL DEFAULT 0, main_event_id INTEGER, title TEXT);"
    "CREATE INDEX stories_date ON stories(first_date);"
    "ALTER TABLE documents ADD COLUMN story_id INTEGER;"
    "ALTER TABLE events ADD COLUMN story_id INTEGER;"
    "CREATE TABLE doc_terms(term TEXT NOT NULL, date TEXT NOT NULL, doc_id INTEGER NOT NULL, weight REAL NOT NULL,"
    "  PRIMARY KEY(term, date, doc_id)) WITHOUT ROWID;"
    "CREATE TABLE term_df(term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
    "INSERT INTO stories(id, first_date, last_date, n_articles, title) SELECT id, date, date, 1, title FROM documents;"
    "UPDATE documents SET story_id = id;"
    "UPDATE events SET story_id = (SELECT m.doc_id FROM mentions m WHERE m.event_id = events.id ORDER BY m.id LIMIT 1);"
    "UPDATE stories SET main_event_id = (SELECT m.event_id FROM mentions m WHERE m.doc_id = stories.id"
    "  GROUP BY m.event_id ORDER BY count(*) DESC, m.event_id LIMIT 1);"
    "CREATE INDEX documents_story ON documents(story_id);"
    "CREATE INDEX events_story ON events(story_id);"),
    /* 8: the latest day an event's reports give (WITHIN_SPAN) */
    ("ALTER TABLE events ADD COLUMN last_day TEXT;"
    "UPDATE events SET last_day = (SELECT max(m.date) FROM mentions m WHERE m.event_id = events.id)"
    "  WHERE date_precision IN ('day', 'publication');"),
    /* 9: the named person on each side (hd_actor.person): reports of two persons of one code
     * ("Trump refused", "McGahn refused": both USAGOV) are two events; NULL in events stored
     * before, which join as before */
    ("ALTER TABLE events ADD COLUMN source_person TEXT;"
    "ALTER TABLE events ADD COLUMN target_person TEXT;"),
    /* 10: what each report's clause is about (hd_event.topic): one speaker's sayings of one
     * day are one event only when about one thing; NULL in mentions stored before. A person
     * is now known by the name of the dictionary line, not its number, which edits elsewhere
     * in the file changed: the numbers stored before are forgotten (such events join as
     * events stored before persons did) */
    ("ALTER TABLE mentions ADD COLUMN topic TEXT;"
    "UPDATE events SET source_person = NULL WHERE source_person LIKE 'dict/%';"
    "UPDATE events SET target_person = NULL WHERE target_person LIKE 'dict/%';"),
    /* 11: what GDELT measures of an article (its length in bytes and its tone,
     * hd_coder_doc_measures), whether a report names an actor by a pronoun ("he" stands for
     * the person of events.source_person), and the dead a report of violence counts
     * (hd_event.fatalities, ACLED's fatalities): NULL and 0 in rows stored before */
    ("ALTER TABLE documents ADD COLUMN length INTEGER;"
    "ALTER TABLE documents ADD COLUMN tone REAL;"
    "ALTER TABLE mentions ADD COLUMN source_pronoun INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE mentions ADD COLUMN target_pronoun INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE mentions ADD COLUMN fatalities INTEGER;"),
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

enum {
    Q_DOC_BY_KEY, Q_DOC_BY_URL, Q_DOC_BY_HASH, Q_DOC_INSERT, Q_DOC_MENTIONS, Q_CANDIDATES, Q_CANDIDATES_UNDATED, Q_EVENT_INSERT,
    Q_EVENT_UPDATE, Q_SAME_DOC, Q_TOPICS, Q_SOURCE_ADD, Q_MENTION_INSERT, Q_FTS_BATCH, Q_MENTIONS_MAX, Q_SAVEPOINT, Q_RELEASE, Q_ATTR_INSERT, Q_ACTOR_ADD,
    Q_PLACE_ADD, Q_RTREE_ADD, Q_CANDIDATES_STORY, Q_EVENT_PLACE, Q_CANDIDATES_LEDE, Q_JOINABLE, Q_COUNT
};

_Static_assert(Q_COUNT <= sizeof ((hd_store *)0)->st / sizeof(sqlite3_stmt *), "hd_store.st holds every statement");

/* An event's reports lie within one window: a report joins an event only if its latest day
 * (last_day) is at most the report's date plus the window (the event's date, its earliest,
 * bounds the other side). Without this an event's date, which moves to the earliest day
 * reported, walks back a day at a time through a story's days ("police fired tear gas" on
 * the 17th, the 13th, the 12th and the 11th) and joins them all. */
#define WITHIN_SPAN(DATE, AFTER) " AND (last_day IS NULL OR last_day <= date(" DATE ", " AFTER "))"

/* A saying (verbal cooperation or conflict) no report has named the speaker of, and this
 * report names one (?10). */
#define SPEAKERLESS "source_code IS NULL AND quad_class IN (1, 3) AND ?10 IS NOT NULL"

/* Two reports that each state the day are of one day: the window is the slack of a
 * publication date (an article of the morning after that names no day), not of a stated one.
 * "Police shot a man on Monday" and "police shot a man on Tuesday" are two shootings, as are
 * the Charlie Hebdo attack and the next day's killing in Montrouge. Nor is a happening one
 * that an article reported before the day it happened: a stated day after the event's first
 * article (first_seen), or an event's stated day after the publication date that dates this
 * report, is another happening (the Charlie Hebdo attack, reported on the 7th, is not the
 * killing "on Thursday" the 8th). FLAG: the report names its day; else DATE is its
 * article's date. */
#define SAME_DAY_IF_STATED(DATE, FLAG)                                                                     \
    " AND (" FLAG " = 0 OR date = " DATE " OR date_precision = 'publication')"                              \
    " AND (" FLAG " = 0 OR first_seen IS NULL OR " DATE " <= first_seen)"                                   \
    " AND (" FLAG " = 1 OR date_precision IS NOT 'day' OR date <= " DATE ")"

static const char *const statements[Q_COUNT] = {
    [Q_DOC_BY_KEY] = "SELECT 1 FROM documents WHERE doc_key = ?1",
    [Q_DOC_BY_URL] = "SELECT 1 FROM documents WHERE url = ?1",
    [Q_DOC_BY_HASH] = "SELECT 1 FROM documents WHERE text_hash = ?1",
    [Q_DOC_INSERT] = "INSERT INTO documents(doc_key, url, text_hash, title, date, outlet) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_DOC_MENTIONS] = "UPDATE documents SET n_mentions = ?2, length = ?3, tone = ?4 WHERE id = ?1",
    /* a cheap prefilter on the actors (same code, a missing one, or the same last role); the
     * exact rule is actors_agree() */
    /* columns 0-8 as actors_agree() and places_agree() read them, 11 the code for
     * kinds_agree(), at the places the story queries give them (9-10 are their countries) */
    [Q_CANDIDATES] = "SELECT id, lat, lon, country, precision, source_code, target_code, source_person,"
                     " target_person, NULL, NULL, code FROM events"
                     " WHERE root = ?1 AND (?2 = 0 OR code = ?3)"
                     " AND date BETWEEN date(?6, ?7) AND date(?6, ?8) AND date_precision IN ('day', 'publication')"
                     WITHIN_SPAN("?6", "?8") SAME_DAY_IF_STATED("?6", "?9")
                     " AND (source_code IS ?4 OR source_code IS NULL OR ?4 IS NULL OR substr(source_code, -3) = substr(?4, -3))"
                     " AND (target_code IS ?5 OR target_code IS NULL OR ?5 IS NULL OR substr(target_code, -3) = substr(?5, -3))"
                     " ORDER BY id",
    /* an undated event, or one dated only to its week, month or year, can be matched to no
     * other article's: only to one of the same date reported earlier in the same document */
    [Q_CANDIDATES_UNDATED] = "SELECT id, lat, lon, country, precision, source_code, target_code, source_person,"
                             " target_person, NULL, NULL, code FROM events"
                             " WHERE id IN (SELECT event_id FROM mentions WHERE doc_id = ?6)"
                             " AND root = ?1 AND (?2 = 0 OR code = ?3) AND date IS ?7"
                             " AND (source_code IS ?4 OR source_code IS NULL OR ?4 IS NULL OR substr(source_code, -3) = substr(?4, -3))"
                             " AND (target_code IS ?5 OR target_code IS NULL OR ?5 IS NULL OR substr(target_code, -3) = substr(?5, -3))"
                             " ORDER BY id",
    /* an event of the article's story (the article's own included) dated within the window:
     * the actors are checked by actors_agree_in_story() */
    [Q_CANDIDATES_STORY] = "SELECT id, lat, lon, country, precision, source_code, target_code, source_person,"
                           " target_person, source_country, target_country, code FROM events"
                           " WHERE id IN (SELECT m.event_id FROM documents d JOIN mentions m ON m.doc_id = d.id"
                           "   WHERE d.story_id = ?1)"
                           " AND root = ?2 AND (?3 = 0 OR code = ?4) AND date_precision IN ('day', 'publication')"
                           " AND date BETWEEN date(?5, ?6) AND date(?5, ?7)" WITHIN_SPAN("?5", "?7")
                           SAME_DAY_IF_STATED("?5", "?8")
                           " ORDER BY id",
    [Q_EVENT_INSERT] = "INSERT INTO events(date, date_precision, code, root, quad_class, goldstein,"
                       " source_code, source_country, source_role, target_code, target_country, target_role,"
                       " geonames_id, country, precision, lat, lon, acled_type, acled_sub_type, plover_type,"
                       " plover_mode, case_label, num_mentions, num_sources, num_articles, first_seen, last_seen,"
                       " story_id, last_day, source_person, target_person)"
                       " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
                       " ?19, ?20, ?21, ?22, 0, 0, 0, ?23, ?23, ?24, CASE WHEN ?2 IN ('day', 'publication') THEN ?1 END,"
                       " ?25, ?26)",
    /* a new report may date the event better: a stated day beats a publication date, and an
     * event is never dated after an article that reports it (?5 the report's date, ?6 its
     * precision, ?7 its article's date; SET reads the old row throughout). A saying takes the
     * speaker (?10-?12) it had no one for: "Mandela was honoured" joined by "Obama praised
     * Mandela" is Obama's, and Kerry's praise is then another event, not a third report. A
     * deed keeps its sides: "a house", "a dozen people" and "the Gaza city" are one target. */
    [Q_EVENT_UPDATE] = "UPDATE events SET num_mentions = num_mentions + 1, num_articles = num_articles + ?2,"
                       " num_sources = num_sources + ?3,"
                       " source_person = coalesce(source_person, ?8), target_person = coalesce(target_person, ?9),"
                       " source_code = CASE WHEN " SPEAKERLESS " THEN ?10 ELSE source_code END,"
                       " source_country = CASE WHEN " SPEAKERLESS " THEN ?11 ELSE source_country END,"
                       " source_role = CASE WHEN " SPEAKERLESS " THEN ?12 ELSE source_role END,"
                       " date = CASE WHEN ?6 = 'day' AND (date_precision IS NOT 'day' OR ?5 < date)"
                       "   AND (first_seen IS NULL OR ?5 <= first_seen) AND (?7 IS NULL OR ?5 <= ?7) THEN ?5"
                       "   WHEN ?7 < date THEN ?7 ELSE date END,"
                       " date_precision = CASE WHEN ?6 = 'day' AND (date_precision IS NOT 'day' OR ?5 < date)"
                       "   AND (first_seen IS NULL OR ?5 <= first_seen) AND (?7 IS NULL OR ?5 <= ?7) THEN 'day'"
                       "   WHEN ?7 < date THEN 'publication' ELSE date_precision END,"
                       " first_seen = CASE WHEN ?4 < first_seen OR first_seen IS NULL THEN ?4 ELSE first_seen END,"
                       " last_seen = CASE WHEN ?4 > last_seen OR last_seen IS NULL THEN ?4 ELSE last_seen END,"
                       " last_day = CASE WHEN ?6 IN ('day', 'publication') AND (?5 > last_day OR last_day IS NULL)"
                       "   THEN ?5 ELSE last_day END WHERE id = ?1",
    [Q_SAME_DOC] = "SELECT 1 FROM mentions WHERE event_id = ?1 AND doc_id = ?2 LIMIT 1",
    [Q_TOPICS] = "SELECT topic FROM mentions WHERE event_id = ?1 AND topic <> ''",
    [Q_SOURCE_ADD] = "INSERT OR IGNORE INTO event_sources(event_id, outlet) VALUES(?1, ?2)",
    [Q_MENTION_INSERT] = "INSERT INTO mentions(event_id, doc_id, event_index, sentence, span_start, span_end, text,"
                         " trigger, rule, code, date, source_text, target_text, place_mention, hedged, background,"
                         " confidence, topic, source_pronoun, target_pronoun, fatalities)"
                         " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
                         " ?21)",
    /* the batch's mentions enter the full-text index at its commit, in one statement: FTS5
     * flushes what it holds at every savepoint, so indexing mention by mention inside each
     * document's savepoint wrote a tiny index segment per document */
    [Q_FTS_BATCH] = "INSERT INTO mentions_fts(rowid, text) SELECT id, text FROM mentions WHERE id > ?1",
    [Q_MENTIONS_MAX] = "SELECT coalesce(max(id), 0) FROM mentions",
    [Q_SAVEPOINT] = "SAVEPOINT doc",
    [Q_RELEASE] = "RELEASE doc",
    [Q_ATTR_INSERT] = "INSERT INTO attributions(mention_id, position, kind, name) VALUES(?1, ?2, ?3, ?4)",
    [Q_ACTOR_ADD] = "INSERT OR IGNORE INTO actors(code, country, role, name) VALUES(?1, ?2, ?3, ?4)",
    [Q_RTREE_ADD] = "INSERT OR REPLACE INTO events_rtree(id, min_lat, max_lat, min_lon, max_lon) VALUES(?1, ?2, ?2, ?3, ?3)",
    /* a report that names the town places an event its earlier reports placed only in the
     * country, or not at all */
    /* an unplaced event takes the place only of a report that reads it as the same act: one
     * joined more loosely ("will travel to Boston" and "the White House says he plans a
     * statement") may be another happening, whose place is not this one's */
    [Q_EVENT_PLACE] = "UPDATE events SET geonames_id = ?2, country = ?3, precision = ?4, lat = ?5, lon = ?6"
                      " WHERE id = ?1 AND ((lat IS NULL AND code = ?7) OR (precision = 'country' AND ?4 <> 'country'"
                      "   AND country = ?3))",
    /* an event another article of the story leads with (its title or first sentences), of the
     * same leaning (cooperation or conflict), dated within the window: the one most articles
     * report first */
    [Q_CANDIDATES_LEDE] = "SELECT id, lat, lon, country, precision, source_code, target_code, source_person,"
                          " target_person, source_country, target_country, code FROM events"
                          " WHERE id IN (SELECT m.event_id FROM documents d JOIN mentions m ON m.doc_id = d.id"
                          "   WHERE d.story_id = ?1 AND d.id <> ?2 AND m.sentence <= ?3 AND m.background = 0)"
                          " AND (quad_class + 1) / 2 = (?4 + 1) / 2 AND date_precision IN ('day', 'publication')"
                          " AND date BETWEEN date(?5, ?6) AND date(?5, ?7)" WITHIN_SPAN("?5", "?7")
                          SAME_DAY_IF_STATED("?5", "?8") " ORDER BY num_articles DESC, id",
    /* whether an event may take a report of this article (joinable_here) */
    [Q_JOINABLE] = "SELECT coalesce((SELECT abs(?4 - min(sentence)) <= ?5 OR max(sentence <= ?3 AND code = ?6)"
                   " FROM mentions WHERE event_id = ?1 AND doc_id = ?2), 1)",
    [Q_PLACE_ADD] = ("INSERT OR IGNORE INTO places(geonames_id, name, country, country_fips, admin1, precision,"
                     " lat, lon) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
};

void hd_store_default_options(hd_store_options *o)
{
    o->window_days = 1;
    o->max_km = 50;
    o->full_code = 0;
    o->batch_docs = 100;
    o->story_days = 3;
    o->story_similarity = HD_STORY_SIMILARITY;
}

/* 1 when the store's file or its log has reached the process's file-size limit (ulimit -f):
 * SQLite reports a write past it as a plain I/O error and does not keep the EFBIG. */
static int at_file_size_limit(sqlite3 *db)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_FSIZE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY)
        return 0;
    const char *path = sqlite3_db_filename(db, "main");
    if (!path || !path[0])
        return 0;
    char wal[4096];
    snprintf(wal, sizeof wal, "%s-wal", path);
    const char *files[2] = {path, wal};
    for (int i = 0; i < 2; i++) {
        struct stat st;
        /* a write that would cross the limit fails: within a page or two of it counts */
        if (stat(files[i], &st) == 0 && (rlim_t)st.st_size + 2 * 65536 >= lim.rlim_cur)
            return 1;
    }
    return 0;
}

/* SQLite's result code as what it means to a caller; `generic` is SQLITE_ERROR's meaning. */
static hd_store_status status_of(sqlite3 *db, hd_store_status generic)
{
    if (!db)
        return HD_STORE_IO_ERROR;
    int sys = sqlite3_system_errno(db);
    switch (sqlite3_extended_errcode(db) & 0xff) {
    case SQLITE_ERROR: return generic;
    case SQLITE_FULL: return HD_STORE_FULL;
    case SQLITE_IOERR:
        return sys == ENOSPC || sys == EFBIG || sys == EDQUOT || at_file_size_limit(db) ? HD_STORE_FULL
                                                                                         : HD_STORE_IO_ERROR;
    case SQLITE_READONLY: return HD_STORE_READ_ONLY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return HD_STORE_CORRUPT;
    case SQLITE_INTERRUPT: return HD_STORE_TIMEOUT;
    case SQLITE_NOMEM: return HD_STORE_NO_MEMORY;
    default: return HD_STORE_IO_ERROR;
    }
}

static int fail_as(hd_store *s, const char *what, hd_store_status generic)
{
    s->status = status_of(s->db, generic);
    const char *why = s->db ? sqlite3_errmsg(s->db) : "no database";
    if (s->status == HD_STORE_FULL)
        snprintf(s->err, sizeof s->err, "%s: %s (%s)", what, why,
                 at_file_size_limit(s->db) ? "the file-size limit is reached" : "the disk is full");
    else if (s->status == HD_STORE_TIMEOUT)
        snprintf(s->err, sizeof s->err, "%s: the query ran longer than %.3g s and was stopped", what, s->deadline);
    else
        snprintf(s->err, sizeof s->err, "%s: %s", what, why);
    return -1;
}

int hd_store_fail(hd_store *s, const char *what) { return fail_as(s, what, HD_STORE_IO_ERROR); }

int hd_store_fail_query(hd_store *s, const char *what) { return fail_as(s, what, HD_STORE_INVALID); }

int hd_store_refuse(hd_store *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    s->status = HD_STORE_INVALID;
    return -1;
}

const char *hd_store_error(const hd_store *s) { return s->err; }

hd_store_status hd_store_last_status(const hd_store *s)
{
    if (s->status != HD_STORE_OK)
        return s->status;
    return s->err[0] ? HD_STORE_INVALID : HD_STORE_OK;
}

/* ---- query deadlines ----------------------------------------------------------------------- */

static double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SQLite calls this every few thousand virtual-machine steps; non-zero interrupts the query */
static int past_deadline(void *user)
{
    const hd_store *s = user;
    return s->query_ends > 0 && monotonic_seconds() > s->query_ends;
}

void hd_store_set_deadline(hd_store *s, double seconds)
{
    s->deadline = seconds > 0 ? seconds : 0;
    sqlite3_progress_handler(s->db, s->deadline > 0 ? 1000 : 0, s->deadline > 0 ? past_deadline : NULL, s);
}

void hd_store_set_model(hd_store *s, const hd_model *m) { s->model = m; }
void hd_store_set_gazetteer(hd_store *s, const hd_gazetteer *g) { s->gazetteer = g; }

void hd_store_begin_query(hd_store *s)
{
    s->err[0] = '\0';
    s->status = HD_STORE_OK;
    s->query_ends = s->deadline > 0 ? monotonic_seconds() + s->deadline : 0;
}

void hd_store_end_query(hd_store *s) { s->query_ends = 0; }

void hd_store_committed(const hd_store *s, long *documents, long *mentions)
{
    if (documents)
        *documents = s->committed_docs;
    if (mentions)
        *mentions = s->committed_mentions;
}

static int exec(hd_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        s->status = status_of(s->db, HD_STORE_IO_ERROR);
        snprintf(s->err, sizeof s->err, "%s%s", msg ? msg : sqlite3_errmsg(s->db),
                 s->status != HD_STORE_FULL   ? ""
                 : at_file_size_limit(s->db) ? " (the file-size limit is reached)"
                                              : " (the disk is full)");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int user_version(hd_store *s)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int migrate(hd_store *s)
{
    int v = user_version(s);
    if (v < 0)
        return hd_store_fail(s, "reading the schema version");
    if (v > SCHEMA_VERSION) {
        snprintf(s->err, sizeof s->err, "the store has schema version %d; this herald knows up to %d", v,
                 SCHEMA_VERSION);
        return -1;
    }
    if (v == SCHEMA_VERSION)
        return 0;
    if (s->read_only) {
        if (v >= 1)
            return 0; /* an older store is read as it is (its indexes may be fewer) */
        snprintf(s->err, sizeof s->err, "not a herald store (schema version %d)", v);
        return -1;
    }
    if (exec(s, "BEGIN IMMEDIATE") != 0)
        return -1;
    for (; v < SCHEMA_VERSION; v++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        if (exec(s, migrations[v]) != 0 || exec(s, pragma) != 0) {
            char keep[sizeof s->err];
            memcpy(keep, s->err, sizeof keep);
            exec(s, "ROLLBACK");
            snprintf(s->err, sizeof s->err, "migrating the schema to version %d: %.400s", v + 1, keep);
            return -1;
        }
    }
    return exec(s, "COMMIT");
}

/* The result of a story step (hd_story.c), its SQLite failure reported as any other. */
static int story_result(hd_store *s, int rc)
{
    if (rc != 0 && s->story_failure) {
        hd_store_fail(s, s->story_failure);
        s->story_failure = NULL;
    }
    return rc;
}

/* A WAL store in a directory that cannot be written (a read-only mount) cannot be read
 * normally: SQLite needs to create the shared-memory index beside it. Opened as an immutable
 * file it is read without one; a store closed cleanly has no log left to miss. */
static int open_immutable(hd_store *s, const char *path)
{
    int code = sqlite3_extended_errcode(s->db) & 0xff;
    if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY)
        return hd_store_fail(s, "reading the store");
    hd_buf uri = {0};
    hd_buf_puts(&uri, "file:");
    for (const char *p = path; *p; p++) {
        /* characters with a meaning in a URI are escaped */
        if (*p == '%' || *p == '?' || *p == '#')
            hd_buf_printf(&uri, "%%%02X", (unsigned char)*p);
        else
            hd_buf_putc(&uri, *p);
    }
    hd_buf_puts(&uri, "?immutable=1");
    sqlite3_close(s->db);
    s->db = NULL;
    int rc = sqlite3_open_v2(hd_buf_cstr(&uri), &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    hd_buf_free(&uri);
    if (rc != SQLITE_OK || user_version(s) < 0)
        return hd_store_fail(s, "reading the store (also as an immutable file)");
    return 0;
}

hd_store *hd_store_open(const char *path, int read_only, const hd_store_options *opt, char *err, size_t errlen)
{
    hd_store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->read_only = read_only;
    if (opt)
        s->opt = *opt;
    else
        hd_store_default_options(&s->opt);
    if (s->opt.batch_docs <= 0)
        s->opt.batch_docs = 1;
    /* options filled before stories existed (zeroed) keep stories apart, as before */
    if (s->opt.story_similarity <= 0 || s->opt.story_similarity > 1)
        s->opt.story_similarity = HD_NO_STORIES;
    if (s->opt.story_days < 0)
        s->opt.story_days = 0;
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
        sqlite3_close(s->db);
        free(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 5000);
    int ok = 1;
    if (read_only && user_version(s) < 0 && open_immutable(s, path) != 0) {
        snprintf(err, errlen, "%s: %s", path, s->err);
        hd_store_close(s);
        return NULL;
    }
    if (!read_only && sqlite3_db_readonly(s->db, "main") == 1) {
        snprintf(err, errlen, "%s: the store cannot be written (file permissions or a read-only file system)", path);
        hd_store_close(s);
        return NULL;
    }
    if (!read_only)
        ok = exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;"
                        /* checkpoints every 64 MB of log rather than 4 MB: hot index pages are
                         * copied back to the database once instead of many times */
                        " PRAGMA wal_autocheckpoint = 16384;"
                        " PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY") == 0;
    /* a file that is not a database fails here, with SQLite's reason */
    if (ok)
        ok = migrate(s) == 0;
    if (ok && sqlite3_create_function(s->db, "hd_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, hd_store_sql_km,
                                      NULL, NULL) != SQLITE_OK)
        ok = hd_store_fail(s, "registering hd_km") == 0;
    for (int q = 0; ok && !read_only && q < Q_COUNT; q++)
        if (sqlite3_prepare_v3(s->db, statements[q], -1, SQLITE_PREPARE_PERSISTENT, &s->st[q], NULL) != SQLITE_OK)
            ok = hd_store_fail(s, "preparing a statement") == 0;
    if (ok && !read_only)
        ok = story_result(s, hd_story_prepare(s)) == 0;
    if (!ok) {
        snprintf(err, errlen, "%s: %s", path, s->err);
        hd_store_close(s);
        return NULL;
    }
    return s;
}

static int step_done(hd_store *s, sqlite3_stmt *st, const char *what);

/* Ends the open batch without storing it: after a failure of the store itself (disk full,
 * I/O error), SQLite may already have rolled it back, and what it holds is lost whole. */
static void abandon_batch(hd_store *s)
{
    char keep[sizeof s->err];
    hd_store_status why = s->status;
    memcpy(keep, s->err, sizeof keep);
    if (s->db && !sqlite3_get_autocommit(s->db))
        exec(s, "ROLLBACK");
    memcpy(s->err, keep, sizeof keep);
    s->status = why;
    s->in_tx = 0;
    s->batch = 0;
    s->batch_mentions = 0;
}

int hd_store_commit(hd_store *s)
{
    if (!s->in_tx)
        return 0;
    sqlite3_stmt *st = s->st[Q_FTS_BATCH];
    sqlite3_bind_int64(st, 1, s->fts_from);
    if (step_done(s, st, "indexing the batch's mentions") < 0 || exec(s, "COMMIT") != 0) {
        char keep[sizeof s->err];
        memcpy(keep, s->err, sizeof keep);
        snprintf(s->err, sizeof s->err, "committing %d documents: %.400s", s->batch, keep);
        abandon_batch(s);
        return -1;
    }
    s->committed_docs += s->batch;
    s->committed_mentions += s->batch_mentions;
    s->in_tx = 0;
    s->batch = 0;
    s->batch_mentions = 0;
    return 0;
}

int hd_store_close(hd_store *s)
{
    if (!s)
        return 0;
    int rc = s->db ? hd_store_commit(s) : 0;
    for (int q = 0; q < Q_COUNT; q++)
        sqlite3_finalize(s->st[q]);
    hd_story_close(s);
    sqlite3_close(s->db);
    hd_buf_free(&s->norm);
    free(s->divisions);
    free(s);
    return rc;
}

/* ---- ingest ----------------------------------------------------------------------------- */

static void bind_text(sqlite3_stmt *st, int i, const char *p, size_t n)
{
    if (p)
        sqlite3_bind_text(st, i, p, (int)n, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_str(sqlite3_stmt *st, int i, const char *p)
{
    if (p && p[0])
        sqlite3_bind_text(st, i, p, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static int step_done(hd_store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return hd_store_fail(s, what);
    return rc == SQLITE_ROW ? 1 : 0;
}

/* A hash of the text as normalised for coding, case and spacing folded: the same article
 * fetched twice, re-encoded or re-wrapped, is one document. */
static void text_hash(hd_store *s, const hd_doc *doc, char out[33])
{
    uint64_t h1 = 1469598103934665603ULL, h2 = 0x9e3779b97f4a7c15ULL;
    const char *p = doc->text;
    size_t n = doc->text_len;
    if (hd_normalize(doc->text, doc->text_len, &s->norm) == 0 && s->norm.data) {
        p = s->norm.data;
        n = s->norm.len;
    }
    int space = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            if (space)
                continue;
            space = 1;
            ch = ' ';
        } else {
            space = 0;
            if (ch >= 'A' && ch <= 'Z')
                ch = (unsigned char)(ch + 32);
        }
        h1 = (h1 ^ ch) * 1099511628211ULL;
        h2 = (h2 ^ ch) * 0x100000001b3ULL + 0x632be59bd9b4e019ULL;
        h2 ^= h2 >> 29;
    }
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
}

static int exists(hd_store *s, int q, const char *value)
{
    if (!value || !value[0])
        return 0;
    sqlite3_bind_text(s->st[q], 1, value, -1, SQLITE_TRANSIENT);
    return step_done(s, s->st[q], "looking up a document");
}

/* The outlet an article counts as for NumSources: its source, else its URL's host, else the
 * document itself. */
static void outlet_of(const hd_doc *doc, char *out, size_t cap)
{
    if (doc->source && doc->source[0]) {
        snprintf(out, cap, "%s", doc->source);
        return;
    }
    if (doc->url && doc->url[0]) {
        const char *h = strstr(doc->url, "://");
        h = h ? h + 3 : doc->url;
        if (!strncmp(h, "www.", 4))
            h += 4;
        size_t n = strcspn(h, "/:?#");
        if (n > 0 && n < cap) {
            memcpy(out, h, n);
            out[n] = '\0';
            return;
        }
    }
    snprintf(out, cap, "doc:%s", doc->id);
}

double hd_store_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0, rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

/* --near's hd_km(lat1, lon1, lat2, lon2), registered by hd_store_open() */
void hd_store_sql_km(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
    (void)argc;
    for (int i = 0; i < 4; i++)
        if (sqlite3_value_type(v[i]) == SQLITE_NULL) {
            sqlite3_result_null(ctx);
            return;
        }
    sqlite3_result_double(ctx, hd_store_km(sqlite3_value_double(v[0]), sqlite3_value_double(v[1]),
                                           sqlite3_value_double(v[2]), sqlite3_value_double(v[3])));
}

/* The person an actor names (hd_actor.person), NULL for none. */
static const char *person_of(const hd_actor *a) { return a && a->person[0] ? a->person : NULL; }

/* Whether the persons of a report and of a stored event (columns 7-8 of `st`) can be the
 * same: -1 a side names two different persons, 1 a side names the same person in both, 0
 * neither. */
static int persons_agree(const hd_event *ev, sqlite3_stmt *st)
{
    const char *mine[2] = {person_of(ev->source), person_of(ev->target)};
    int same = 0;
    for (int k = 0; k < 2; k++) {
        const char *stored = (const char *)sqlite3_column_text(st, 7 + k);
        if (!mine[k] || !stored)
            continue;
        if (strcmp(mine[k], stored) != 0)
            return -1;
        same = 1;
    }
    return same;
}

/* How well two actor codes of the same slot agree: 2 the same actor; 1 both unknown; -1 one
 * unknown, or the same role where one names no country ("OPP" and "KENOPP"): compatible, but
 * no evidence of one event ("they discussed" of a government is not every government's
 * talks); 0 different actors. */
static int actor_agreement(const char *a, const char *b)
{
    if (!a && !b)
        return 1;
    if (!a || !b)
        return -1;
    if (!strcmp(a, b))
        return 2;
    size_t la = strlen(a), lb = strlen(b);
    const char *shorter = la < lb ? a : b, *longer = la < lb ? b : a;
    size_t ls = la < lb ? la : lb, ll = la < lb ? lb : la;
    if (ls == 3 && ll == 6 && !strcmp(longer + 3, shorter))
        return -1;
    return 0;
}

/* Same source and target, allowing one side to be unknown in one report ("Israeli jets
 * struck a house" and "Israeli jets struck Khan Younis residents"); one side must be the same
 * known actor in both: two reports that name no one on either side ("the administration
 * investigated WikiLeaks", "the grand jury has been investigating Assange") say nothing of
 * being one event. */
static int actors_agree(const hd_event *ev, const char *src, const char *tgt)
{
    int a = actor_agreement(ev->source ? ev->source->code : NULL, src);
    int b = actor_agreement(ev->target ? ev->target->code : NULL, tgt);
    if (!a || !b)
        return 0;
    return a == 2 || b == 2;
}

/* Within a story, the actors of two reports agree more loosely: each side the same actor, or
 * actors of the same country ("USAGOV" and "USALEG"), or unknown or of no country in one
 * report; at least one side must be known in both. Not for sayings (`saying`): a story of a
 * report, a deal or a visit holds many speakers of one country, each saying their own ("Trump
 * asked Lewandowski", "Democrats called for Mueller to testify"), so there the actors must be
 * the same. */
static int side_agrees_in_story(const hd_actor *a, const char *code, const char *country, int saying)
{
    if (!a || !a->code[0] || !code)
        return -1;
    int agreement = actor_agreement(a->code, code);
    if (agreement)
        return agreement > 0 ? 1 : -1; /* the same actor; a role of no country ("GOV") */
    return !saying && a->country[0] && country && !strcmp(a->country, country) ? 1 : 0;
}

static int actors_agree_in_story(const hd_event *ev, sqlite3_stmt *st)
{
    int saying = ev->quad_class == 1 || ev->quad_class == 3;
    int a = side_agrees_in_story(ev->source, (const char *)sqlite3_column_text(st, 5),
                                 (const char *)sqlite3_column_text(st, 9), saying);
    int b = side_agrees_in_story(ev->target, (const char *)sqlite3_column_text(st, 6),
                                 (const char *)sqlite3_column_text(st, 10), saying);
    return a != 0 && b != 0 && (a > 0 || b > 0);
}

/* 1 when the article being stored already reports the event. */
static int reported_here(hd_store *s, sqlite3_int64 event)
{
    sqlite3_bind_int64(s->st[Q_SAME_DOC], 1, event);
    sqlite3_bind_int64(s->st[Q_SAME_DOC], 2, s->doc_row);
    return step_done(s, s->st[Q_SAME_DOC], "looking up a mention") > 0;
}

enum { HD_STORE_LEDE = 2 }; /* the title (sentence 0) and the first two sentences */

/* Whether a stored event may take this report as far as the article goes. One article tells
 * its main happening in the title and lede and again below, but a gallery or a live blog tells
 * a new one every few lines ("police fired tear gas" under each photo, each day): a report in
 * the body joins an event its own article reports already only when the article first reports
 * it a few sentences before, or reports it in the lede with the same code (the lede's "shot
 * down two helicopters" is not the body's "blocked all roads", though both are of one root
 * and one side). Measured from the first report, not the nearest: else each report a few
 * lines after the last would chain a live blog's day into one event. An event of other
 * articles alone, the rules across articles judge; a report in the lede may join any. */
enum { HD_STORE_NEAR = 3 }; /* sentences apart: one paragraph */

static int joinable_here(hd_store *s, sqlite3_int64 event, const hd_event *ev)
{
    if (ev->sentence <= HD_STORE_LEDE)
        return 1;
    sqlite3_stmt *st = s->st[Q_JOINABLE];
    sqlite3_bind_int64(st, 1, event);
    sqlite3_bind_int64(st, 2, s->doc_row);
    sqlite3_bind_int(st, 3, HD_STORE_LEDE);
    sqlite3_bind_int(st, 4, (int)ev->sentence);
    sqlite3_bind_int(st, 5, HD_STORE_NEAR);
    sqlite3_bind_text(st, 6, ev->code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st), joinable = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_ROW)
        hd_store_fail(s, "looking up an event's reports"); /* s->failed ends the document */
    return joinable;
}

/* 1 when the place of a mention and of a stored event (columns 0-4 of `st`) can be one: a
 * country-level one names the same country, else at most max_km apart, or neither has one.
 * One report of an article may leave out the place another of its reports gives (`lenient`,
 * or the event is reported by this article already); a report of another article with no
 * place joins no placed event, nor a placed report an unplaced event, even in one story
 * ("Russian forces shelled Kherson, killing two" is not the shelling of Kharkiv). */
static int places_agree(hd_store *s, const hd_location *l, sqlite3_stmt *st, int lenient)
{
    int stored = sqlite3_column_type(st, 3) != SQLITE_NULL;
    if (!l || !stored)
        return (!l && !stored) || lenient || reported_here(s, sqlite3_column_int64(st, 0));
    const char *cc = (const char *)sqlite3_column_text(st, 3);
    const char *prec = (const char *)sqlite3_column_text(st, 4);
    if ((prec && !strcmp(prec, "country")) || !strcmp(l->precision, "country"))
        return cc && !strncmp(cc, l->country, 2);
    return hd_store_km(l->lat, l->lon, sqlite3_column_double(st, 1), sqlite3_column_double(st, 2)) <= s->opt.max_km;
}

/* Whether two topics (hd_event.topic) share a word. */
static int topics_share(const char *a, const char *b)
{
    for (const char *w = a; *w; w += strspn(w, " ")) {
        size_t n = strcspn(w, " ");
        for (const char *v = b; *v; v += strspn(v, " ")) {
            size_t m = strcspn(v, " ");
            if (m == n && !memcmp(v, w, n))
                return 1;
            v += m;
        }
        w += n;
    }
    return 0;
}

/* Whether a report that leaves a side unnamed and the stored event (columns 0, 5, 6 of `st`)
 * can be about one thing: one speaker's acts of one code on one day are often several, told
 * each with the thing it concerns ("offered to do the interview under oath", "offers to
 * triple the amnesty number"), and with a side unnamed no second actor tells them apart. They
 * are one happening only when the report's topic shares a word with a topic of the event's
 * reports; a report or event with no topic words is no evidence either way. */
static int topics_meet(hd_store *s, const hd_event *ev, sqlite3_stmt *st)
{
    int unnamed = !ev->source || !ev->target || sqlite3_column_type(st, 5) == SQLITE_NULL ||
                  sqlite3_column_type(st, 6) == SQLITE_NULL;
    if (!unnamed || !ev->topic || !ev->topic[0])
        return 1;
    sqlite3_stmt *q = s->st[Q_TOPICS];
    sqlite3_bind_int64(q, 1, sqlite3_column_int64(st, 0));
    int rc, any = 0, meet = 0;
    while (!meet && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        any = 1;
        meet = topics_share(ev->topic, (const char *)sqlite3_column_text(q, 0));
    }
    if (!meet && rc != SQLITE_DONE)
        hd_store_fail(s, "looking up an event's topics"); /* s->failed ends the document */
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return meet || !any;
}

/* Whether the stored event (columns 0-8 of `st`, code at 11 in a story query) and a report
 * are one happening beyond their actors' codes. Reports naming two different persons on a
 * side never are, nor an act other than a deed about another thing (topics_meet()), unless
 * both are in their articles' ledes within a story (`in_story` 2), which name the one thing
 * each in its own words ("to drop out of the race", "about Senate run"). A deed needs more
 * than its day and root: a war's day holds many strikes, rocket salvos and
 * raids by one side ("Israeli aircraft pounded Gaza", "another Israeli airstrike hit a
 * building"), and the killing of 139 Palestinians is not the bombing of a bus. Material
 * conflict joins across articles only when a side names the same person in both, both sides
 * are the same known actors, or both reports place it in a town or city (places_agree()
 * checks they agree). Within a story (`in_story`) the same code is evidence enough for a
 * report in an article's lede, which tells the story's happening in its own words ("federal
 * authorities made an arrest", "police arrested him"); a war's story tells its day's strikes
 * further down. Reports of one article are judged by joinable_here(). */
static int same_happening(hd_store *s, const hd_event *ev, sqlite3_stmt *st, int in_story)
{
    int persons = persons_agree(ev, st);
    if (persons < 0)
        return 0;
    if (ev->quad_class != 4 && in_story < 2 && !topics_meet(s, ev, st))
        return 0;
    if (ev->quad_class != 4 || persons > 0)
        return 1;
    if (actor_agreement(ev->source ? ev->source->code : NULL, (const char *)sqlite3_column_text(st, 5)) == 2 &&
        actor_agreement(ev->target ? ev->target->code : NULL, (const char *)sqlite3_column_text(st, 6)) == 2)
        return 1;
    const char *prec = (const char *)sqlite3_column_text(st, 4);
    /* a town or a city is evidence; a state or province ("Massachusetts": the Marathon
     * bombing and the Watertown shootout four days later) holds too many deeds */
    if (ev->location && !strcmp(ev->location->precision, "city") && prec && !strcmp(prec, "city"))
        return 1;
    const char *code = in_story && ev->sentence <= HD_STORE_LEDE ? (const char *)sqlite3_column_text(st, 11) : NULL;
    if (code && !strcmp(code, ev->code))
        return 1;
    return reported_here(s, sqlite3_column_int64(st, 0));
}

/* Whether a report's code and a stored event's (column 11 of `st`) can name one deed: a
 * violent act of one kind is not one of another ("police cordoned off parts of Paris", a
 * blockade, is not the shooting of a policewoman the day before, nor an air strike a shooting),
 * nor is one kind of aid or of cooperation another (arms sent to the Kurds are not food
 * airdropped to the Yazidis); the root's generic code ("attacked", 190; "aided", 070) is any
 * of them. Other roots' codes are one act in other words ("visited" and "hosted" one summit). */
static int kinds_agree(const hd_event *ev, sqlite3_stmt *st)
{
    const char *stored = (const char *)sqlite3_column_text(st, 11);
    int root = (ev->code[0] - '0') * 10 + (ev->code[1] - '0');
    int kinds_apart = root == 6 || root == 7 || root >= 18;
    if (!stored || strlen(stored) < 3 || strlen(ev->code) < 3 || !kinds_apart || strncmp(stored, ev->code, 2) != 0)
        return 1;
    return ev->code[2] == '0' || stored[2] == '0' || ev->code[2] == stored[2];
}

/* Whether reports matched by date and actors alone must share the full code, not the root
 * alone: always with --full-code; else for sayings (verbal cooperation or conflict), where one
 * speaker's acts of one root on one day are as often several ("expected to tout the economy",
 * "pledged to cooperate with the probe"), while a deed's codes under one root are mostly one
 * deed told in other words ("attacked", "opened fire"). Within a story (find_in_story) the
 * root suffices: there the articles tell one happening, each in its own words. */
static int same_code_only(const hd_store *s, const hd_event *ev)
{
    return s->opt.full_code || ev->quad_class == 1 || ev->quad_class == 3;
}

/* The first event a story query (Q_CANDIDATES_STORY, Q_CANDIDATES_LEDE: their other
 * parameters bound, the date at ?5 and its window at ?6-?7) yields whose actors agree as
 * within a story and whose place agrees; 0 when none. Resets the statement. */
static sqlite3_int64 first_in_story(hd_store *s, sqlite3_stmt *st, const hd_event *ev, int window_days, int lede)
{
    char before[24], after[24];
    hd_store_window(window_days, before, after);
    sqlite3_bind_text(st, 5, ev->date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, before, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, after, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 8, ev->date_precision && !strcmp(ev->date_precision, "day"));
    sqlite3_int64 found = 0;
    while (!found && sqlite3_step(st) == SQLITE_ROW)
        if (actors_agree_in_story(ev, st) && kinds_agree(ev, st) && places_agree(s, ev->location, st, 0) &&
            same_happening(s, ev, st, 1 + lede) &&
            joinable_here(s, sqlite3_column_int64(st, 0), ev))
            found = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return found;
}

/* An event of the same story (this article's included) that this mention reports (looser
 * actors; places and dates as for any event); 0 when none. */
static sqlite3_int64 find_in_story(hd_store *s, const hd_event *ev)
{
    sqlite3_stmt *st = s->st[Q_CANDIDATES_STORY];
    sqlite3_bind_int64(st, 1, s->story_id);
    sqlite3_bind_text(st, 2, ev->root, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, s->opt.full_code);
    sqlite3_bind_text(st, 4, ev->code, -1, SQLITE_TRANSIENT);
    /* a story runs for days; one of its happenings is dated as any event is, but a saying is
     * joined only on its day: a story of threats or of inquiries holds one a day or more */
    int saying = ev->quad_class == 1 || ev->quad_class == 3;
    return first_in_story(s, st, ev, saying ? 0 : s->opt.window_days, 0);
}

/* A news report leads with its main happening: the title and first sentences of the articles
 * of one story report one happening, though each may read it as another act ("asked Clinton
 * to talk to Sestak", "used Clinton to offer Sestak a post"). A fact this article leads with
 * joins the event another article of its story leads with, of the same leaning and with
 * actors agreeing as within a story; 0 when none. */

static sqlite3_int64 find_lede(hd_store *s, const hd_event *ev)
{
    if (ev->sentence > HD_STORE_LEDE || ev->mood != HD_MOOD_FACT || ev->hedged || ev->background)
        return 0;
    sqlite3_stmt *st = s->st[Q_CANDIDATES_LEDE];
    sqlite3_bind_int64(st, 1, s->story_id);
    sqlite3_bind_int64(st, 2, s->doc_row);
    sqlite3_bind_int(st, 3, HD_STORE_LEDE);
    sqlite3_bind_int(st, 4, ev->quad_class);
    return first_in_story(s, st, ev, s->opt.window_days, 1);
}

/* The stored event a mention reports: same root (or code), same actors, dates within the
 * window, compatible places. 0 when none. */
static sqlite3_int64 find_cluster(hd_store *s, const hd_event *ev)
{
    /* Undated events share no date: matching them across articles would join reports of any
     * time. A week, a month or a year is no closer: "in 2014" in articles of every month of
     * it. Reports of other articles meet only at a day, stated or the day of publication;
     * with no day stated, the articles must be of the same day. */
    const char *when = ev->date_precision ? ev->date_precision : "none";
    int undated = !ev->date[0] || (strcmp(when, "day") != 0 && strcmp(when, "publication") != 0);
    int window = !strcmp(when, "day") ? s->opt.window_days : 0;
    /* an act with no date in a dated article had a date the article could not be trusted
     * with (a gallery's caption of a later day): one such act is not another */
    if (!ev->date[0] && s->doc_date[0])
        return 0;
    sqlite3_stmt *st = s->st[undated ? Q_CANDIDATES_UNDATED : Q_CANDIDATES];
    sqlite3_bind_text(st, 1, ev->root, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, same_code_only(s, ev));
    sqlite3_bind_text(st, 3, ev->code, -1, SQLITE_TRANSIENT);
    bind_str(st, 4, ev->source ? ev->source->code : NULL);
    bind_str(st, 5, ev->target ? ev->target->code : NULL);
    if (undated) {
        sqlite3_bind_int64(st, 6, s->doc_row);
        bind_str(st, 7, ev->date[0] ? ev->date : NULL);
    } else {
        char before[24], after[24];
        hd_store_window(window, before, after);
        sqlite3_bind_text(st, 6, ev->date, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 7, before, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 8, after, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 9, !strcmp(when, "day"));
    }
    sqlite3_int64 found = 0;
    while (!found && sqlite3_step(st) == SQLITE_ROW)
        if (actors_agree(ev, (const char *)sqlite3_column_text(st, 5), (const char *)sqlite3_column_text(st, 6)) &&
            kinds_agree(ev, st) && places_agree(s, ev->location, st, undated) && same_happening(s, ev, st, 0) &&
            joinable_here(s, sqlite3_column_int64(st, 0), ev))
            found = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (!found && !undated)
        found = find_in_story(s, ev);
    if (!found && !undated)
        found = find_lede(s, ev);
    return found;
}

/* Indexes an event's place for --near. */
static int index_place(hd_store *s, sqlite3_int64 id, const hd_location *l)
{
    sqlite3_stmt *st = s->st[Q_RTREE_ADD];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_double(st, 2, l->lat);
    sqlite3_bind_double(st, 3, l->lon);
    return step_done(s, st, "indexing an event's place");
}

/* Gives a stored event the place of a new report when it is finer (Q_EVENT_PLACE). */
static int refine_place(hd_store *s, sqlite3_int64 id, const hd_location *l, const char *code)
{
    if (!l)
        return 0;
    sqlite3_stmt *st = s->st[Q_EVENT_PLACE];
    sqlite3_bind_int64(st, 1, id);
    bind_str(st, 2, l->geonames_id);
    bind_text(st, 3, l->country, 2);
    bind_str(st, 4, l->precision);
    sqlite3_bind_double(st, 5, l->lat);
    sqlite3_bind_double(st, 6, l->lon);
    sqlite3_bind_text(st, 7, code, -1, SQLITE_TRANSIENT);
    if (step_done(s, st, "placing an event") < 0)
        return -1;
    return sqlite3_changes(s->db) > 0 ? index_place(s, id, l) : 0;
}

static sqlite3_int64 new_event(hd_store *s, const hd_event *ev, const char *seen)
{
    sqlite3_stmt *st = s->st[Q_EVENT_INSERT];
    bind_str(st, 1, ev->date[0] ? ev->date : NULL);
    bind_str(st, 2, ev->date[0] ? ev->date_precision : "none");
    sqlite3_bind_text(st, 3, ev->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, ev->root, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 5, ev->quad_class);
    sqlite3_bind_double(st, 6, ev->goldstein);
    const hd_actor *a[2] = {ev->source, ev->target};
    for (int k = 0; k < 2; k++) {
        bind_str(st, 7 + 3 * k, a[k] ? a[k]->code : NULL);
        bind_str(st, 8 + 3 * k, a[k] ? a[k]->country : NULL);
        bind_str(st, 9 + 3 * k, a[k] ? a[k]->role : NULL);
    }
    const hd_location *l = ev->location;
    if (l) {
        bind_str(st, 13, l->geonames_id);
        bind_text(st, 14, l->country, 2);
        bind_str(st, 15, l->precision);
        sqlite3_bind_double(st, 16, l->lat);
        sqlite3_bind_double(st, 17, l->lon);
    }
    bind_str(st, 18, ev->acled_event_type);
    bind_str(st, 19, ev->acled_sub_event_type);
    bind_str(st, 20, ev->plover_event_type);
    bind_str(st, 21, ev->plover_mode);
    bind_str(st, 22, ev->case_label);
    bind_str(st, 23, seen);
    sqlite3_bind_int64(st, 24, s->story_id);
    bind_str(st, 25, person_of(ev->source));
    bind_str(st, 26, person_of(ev->target));
    if (step_done(s, st, "storing an event") < 0)
        return 0;
    sqlite3_int64 id = sqlite3_last_insert_rowid(s->db);
    if (l && index_place(s, id, l) < 0)
        return 0;
    return id;
}

static void remember_actor(hd_store *s, const hd_actor *a)
{
    if (!a || !a->code[0])
        return;
    sqlite3_stmt *st = s->st[Q_ACTOR_ADD];
    sqlite3_bind_text(st, 1, a->code, -1, SQLITE_TRANSIENT);
    bind_str(st, 2, a->country);
    bind_str(st, 3, a->role);
    bind_text(st, 4, a->text, a->text_len);
    step_done(s, st, "storing an actor");
}

static void remember_place(hd_store *s, const hd_location *l)
{
    if (!l || !l->geonames_id)
        return;
    sqlite3_stmt *st = s->st[Q_PLACE_ADD];
    sqlite3_bind_text(st, 1, l->geonames_id, -1, SQLITE_TRANSIENT);
    bind_str(st, 2, l->name);
    bind_text(st, 3, l->country, 2);
    bind_text(st, 4, l->country_fips, strnlen(l->country_fips, 2));
    bind_str(st, 5, l->admin1);
    bind_str(st, 6, l->precision);
    sqlite3_bind_double(st, 7, l->lat);
    sqlite3_bind_double(st, 8, l->lon);
    step_done(s, st, "storing a place");
}

static int store_mention(void *user, const hd_event *ev)
{
    hd_store *s = user;
    if (s->failed || ev->negated || ev->mood == HD_MOOD_HYPOTHETICAL)
        return s->failed;
    const char *seen = s->doc_date[0] ? s->doc_date : ev->date[0] ? ev->date : NULL;
    sqlite3_int64 event = find_cluster(s, ev);
    int new_article = 1, new_source = 0;
    if (!event) {
        if (!(event = new_event(s, ev, seen)))
            goto fail;
    } else {
        sqlite3_bind_int64(s->st[Q_SAME_DOC], 1, event);
        sqlite3_bind_int64(s->st[Q_SAME_DOC], 2, s->doc_row);
        int same = step_done(s, s->st[Q_SAME_DOC], "looking up a mention");
        if (same < 0)
            goto fail;
        new_article = !same;
        if (refine_place(s, event, ev->location, ev->code) < 0)
            goto fail;
    }
    sqlite3_stmt *st = s->st[Q_SOURCE_ADD];
    sqlite3_bind_int64(st, 1, event);
    sqlite3_bind_text(st, 2, s->outlet, -1, SQLITE_TRANSIENT);
    if (step_done(s, st, "storing an outlet") < 0)
        goto fail;
    new_source = sqlite3_changes(s->db) > 0;
    st = s->st[Q_EVENT_UPDATE];
    sqlite3_bind_int64(st, 1, event);
    sqlite3_bind_int(st, 2, new_article);
    sqlite3_bind_int(st, 3, new_source);
    bind_str(st, 4, seen);
    bind_str(st, 5, ev->date[0] ? ev->date : NULL);
    bind_str(st, 6, ev->date[0] ? ev->date_precision : NULL);
    bind_str(st, 7, s->doc_date[0] ? s->doc_date : NULL);
    bind_str(st, 8, person_of(ev->source));
    bind_str(st, 9, person_of(ev->target));
    if (ev->source && ev->source->code[0]) {
        bind_str(st, 10, ev->source->code);
        bind_str(st, 11, ev->source->country);
        bind_str(st, 12, ev->source->role);
    }
    if (step_done(s, st, "updating an event") < 0)
        goto fail;
    st = s->st[Q_MENTION_INSERT];
    sqlite3_bind_int64(st, 1, event);
    sqlite3_bind_int64(st, 2, s->doc_row);
    sqlite3_bind_int(st, 3, (int)ev->event_index);
    sqlite3_bind_int(st, 4, (int)ev->sentence);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)ev->span_start);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)ev->span_end);
    bind_text(st, 7, ev->text, ev->text_len);
    bind_text(st, 8, ev->trigger, ev->trigger_len);
    bind_str(st, 9, ev->rule);
    sqlite3_bind_text(st, 10, ev->code, -1, SQLITE_TRANSIENT);
    bind_str(st, 11, ev->date);
    bind_text(st, 12, ev->source ? ev->source->text : NULL, ev->source ? ev->source->text_len : 0);
    bind_text(st, 13, ev->target ? ev->target->text : NULL, ev->target ? ev->target->text_len : 0);
    bind_text(st, 14, ev->location ? ev->location->mention : NULL, ev->location ? ev->location->mention_len : 0);
    sqlite3_bind_int(st, 15, ev->hedged);
    sqlite3_bind_int(st, 16, ev->background);
    if (ev->confidence >= 0 && ev->confidence <= 1)
        sqlite3_bind_double(st, 17, ev->confidence);
    else
        sqlite3_bind_null(st, 17);
    bind_str(st, 18, ev->topic ? ev->topic : "");
    sqlite3_bind_int(st, 19, ev->source && ev->source->pronoun);
    sqlite3_bind_int(st, 20, ev->target && ev->target->pronoun);
    if (ev->fatalities >= 0)
        sqlite3_bind_int64(st, 21, ev->fatalities);
    if (step_done(s, st, "storing a mention") < 0)
        goto fail;
    sqlite3_int64 mention = sqlite3_last_insert_rowid(s->db);
    for (size_t k = 0; k < ev->n_attribution; k++) {
        st = s->st[Q_ATTR_INSERT];
        sqlite3_bind_int64(st, 1, mention);
        sqlite3_bind_int(st, 2, (int)k);
        bind_str(st, 3, ev->attribution[k].kind);
        bind_str(st, 4, ev->attribution[k].name);
        if (step_done(s, st, "storing an attribution") < 0)
            goto fail;
    }
    remember_actor(s, ev->source);
    remember_actor(s, ev->target);
    remember_place(s, ev->location);
    s->mentions++;
    return 0;
fail:
    s->failed = 1;
    return 1;
}

/* Stores the document row and makes it the one mentions are stored for. */
static int begin_document(hd_store *s, const hd_doc *doc, const char *hash)
{
    sqlite3_stmt *st = s->st[Q_DOC_INSERT];
    sqlite3_bind_text(st, 1, doc->id, -1, SQLITE_TRANSIENT);
    bind_str(st, 2, doc->url);
    sqlite3_bind_text(st, 3, hash, -1, SQLITE_TRANSIENT);
    bind_str(st, 4, doc->title);
    bind_str(st, 5, doc->date);
    bind_str(st, 6, doc->source);
    if (step_done(s, st, "storing a document") < 0)
        return -1;
    s->doc_row = sqlite3_last_insert_rowid(s->db);
    snprintf(s->doc_date, sizeof s->doc_date, "%s", doc->date && strlen(doc->date) == 10 ? doc->date : "");
    outlet_of(doc, s->outlet, sizeof s->outlet);
    s->mentions = 0;
    s->failed = 0;
    return story_result(s, hd_story_begin(s, doc));
}

/* Opens the batch's transaction when none is open. */
static int begin_batch(hd_store *s)
{
    if (s->in_tx)
        return 0;
    if (exec(s, "BEGIN IMMEDIATE") != 0)
        return -1;
    s->in_tx = 1;
    /* mentions after this one are the batch's, to index at its commit */
    sqlite3_stmt *st = s->st[Q_MENTIONS_MAX];
    if (sqlite3_step(st) != SQLITE_ROW) {
        hd_store_fail(s, "reading the last mention");
        sqlite3_reset(st);
        exec(s, "ROLLBACK");
        s->in_tx = 0;
        return -1;
    }
    s->fts_from = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return 0;
}

/* 1 when a document with this id, URL or text hash is stored, 0 when not, -1 on error. */
static int stored_already(hd_store *s, const hd_doc *doc, const char *hash)
{
    int dup = exists(s, Q_DOC_BY_KEY, doc->id);
    if (dup == 0)
        dup = exists(s, Q_DOC_BY_URL, doc->url);
    if (dup == 0)
        dup = exists(s, Q_DOC_BY_HASH, hash);
    return dup < 0 ? -1 : dup > 0;
}

static int check_writable(hd_store *s, const hd_doc *doc)
{
    s->err[0] = '\0';
    s->status = HD_STORE_OK;
    if (s->read_only) {
        snprintf(s->err, sizeof s->err, "the store is open read-only");
        return -1;
    }
    if (!doc || !doc->id || !doc->id[0] || !doc->text) {
        snprintf(s->err, sizeof s->err, "document has no id or no text");
        return -1;
    }
    return 0;
}

int hd_store_has_document(hd_store *s, const hd_doc *doc)
{
    if (check_writable(s, doc) != 0)
        return -1;
    char hash[33];
    text_hash(s, doc, hash);
    return stored_already(s, doc, hash);
}

/* A failure of the store itself (full, unwritable, corrupt, I/O) ends the batch: SQLite may
 * have rolled it back already, and what it held is lost whole. */
static int store_failed(hd_store *s)
{
    if (s->status >= HD_STORE_FULL)
        abandon_batch(s);
    return -1;
}

/* Stores `doc` with its mentions: coded now by `c`, or taken from `events` when `c` is NULL. */
static long ingest(hd_store *s, hd_coder *c, const hd_event_list *events, const hd_doc *doc)
{
    if (check_writable(s, doc) != 0)
        return -1;
    if (begin_batch(s) != 0)
        return store_failed(s);
    char hash[33];
    text_hash(s, doc, hash);
    int dup = stored_already(s, doc, hash);
    if (dup != 0)
        return dup > 0 ? HD_STORE_SKIPPED : store_failed(s);
    if (events && hd_event_list_failed(events)) {
        s->status = HD_STORE_NO_MEMORY;
        snprintf(s->err, sizeof s->err, "out of memory while coding");
        return -1;
    }
    if (step_done(s, s->st[Q_SAVEPOINT], "starting a document") < 0)
        return store_failed(s);
    if (begin_document(s, doc, hash) != 0)
        goto undo;
    if (c) {
        if (hd_code_document(c, doc, store_mention, s) < 0 && !s->failed) {
            snprintf(s->err, sizeof s->err, "%s", hd_coder_error(c));
            goto undo;
        }
    } else {
        for (size_t i = 0, n = hd_event_list_count(events); i < n && !s->failed; i++)
            store_mention(s, hd_event_list_get(events, i));
    }
    if (s->failed)
        goto undo;
    sqlite3_stmt *st = s->st[Q_DOC_MENTIONS];
    sqlite3_bind_int64(st, 1, s->doc_row);
    sqlite3_bind_int64(st, 2, s->mentions);
    double tone;
    size_t chars;
    if ((c ? hd_coder_doc_measures(c, &tone, &chars) : hd_event_list_measures(events, &tone, &chars)) == 0) {
        sqlite3_bind_int64(st, 3, (sqlite3_int64)chars);
        sqlite3_bind_double(st, 4, tone);
    }
    if (step_done(s, st, "counting a document's mentions") < 0 || story_result(s, hd_story_end(s)) != 0)
        goto undo;
    if (step_done(s, s->st[Q_RELEASE], "ending a document") < 0)
        return store_failed(s);
    s->batch_mentions += s->mentions;
    if (++s->batch >= s->opt.batch_docs && hd_store_commit(s) != 0)
        return -1;
    return s->mentions;
undo:
    if (s->status >= HD_STORE_FULL)
        return store_failed(s);
    /* a rejected document leaves no trace; the batch goes on */
    char keep[sizeof s->err];
    memcpy(keep, s->err, sizeof keep);
    exec(s, "ROLLBACK TO doc; RELEASE doc");
    memcpy(s->err, keep, sizeof keep);
    return -1;
}

long hd_store_ingest(hd_store *s, hd_coder *c, const hd_doc *doc) { return ingest(s, c, NULL, doc); }

long hd_store_ingest_events(hd_store *s, const hd_doc *doc, const hd_event_list *events)
{
    if (!events) {
        snprintf(s->err, sizeof s->err, "no event list");
        return -1;
    }
    return ingest(s, NULL, events, doc);
}

int hd_store_stats_get(hd_store *s, hd_store_stats *out)
{
    static const char *const sql[] = {"SELECT count(*) FROM documents", "SELECT count(*) FROM events",
                                      "SELECT count(*) FROM mentions", "SELECT count(DISTINCT outlet) FROM event_sources"};
    long *dst[] = {&out->documents, &out->events, &out->mentions, &out->sources};
    for (int k = 0; k < 4; k++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, sql[k], -1, &st, NULL) != SQLITE_OK)
            return hd_store_fail(s, "counting");
        *dst[k] = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
        sqlite3_finalize(st);
    }
    return 0;
}

/* ---- events coded elsewhere (herald code output, Dask partitions) ------------------------- */

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double jnum(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static int jactor(const cJSON *o, const char *key, hd_actor *a)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsObject(v) || !jstr(v, "code"))
        return 0;
    memset(a, 0, sizeof *a);
    snprintf(a->code, sizeof a->code, "%s", jstr(v, "code"));
    snprintf(a->country, sizeof a->country, "%s", jstr(v, "country") ? jstr(v, "country") : "");
    snprintf(a->role, sizeof a->role, "%s", jstr(v, "role") ? jstr(v, "role") : "");
    snprintf(a->person, sizeof a->person, "%s", jstr(v, "person") ? jstr(v, "person") : "");
    a->text = jstr(v, "text") ? jstr(v, "text") : "";
    a->text_len = strlen(a->text);
    return 1;
}

static int finish_event_doc(hd_store *s)
{
    if (!s->ev_doc[0] || s->ev_skip)
        return 0;
    sqlite3_stmt *st = s->st[Q_DOC_MENTIONS];
    sqlite3_bind_int64(st, 1, s->doc_row);
    sqlite3_bind_int64(st, 2, s->mentions);
    if (step_done(s, st, "counting a document's mentions") < 0 || story_result(s, hd_story_end(s)) != 0)
        return store_failed(s);
    s->batch_mentions += s->mentions;
    if (++s->batch >= s->opt.batch_docs)
        return hd_store_commit(s);
    return 0;
}

/* ---- validating event records ---------------------------------------------------------- */

/* What a field may hold: its longest length, and which characters. Every string of a record
 * ends up in exports and in the dashboard, so names and codes are held to what they can be. */
enum { ANY_TEXT, NAME_TEXT, UPPER_CODE, DIGITS, ID_TEXT };

static int chars_ok(const char *v, int kind)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return 0;
        if (kind == NAME_TEXT && (*p == '<' || *p == '>'))
            return 0;
        if (kind == UPPER_CODE && !((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            return 0;
        if (kind == DIGITS && !(*p >= '0' && *p <= '9'))
            return 0;
        if (kind == ID_TEXT && !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                                 strchr(":._-", *p)))
            return 0;
    }
    return 1;
}

/* 0 when the member `key` of `o` is absent, null or a string of the kind and length; else -1
 * with the field named in the error. `min_len` > 0 makes a present string need that length. */
static int check_field(hd_store *s, const cJSON *o, const char *where, const char *key, int kind, size_t min_len,
                       size_t max_len)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v))
        return hd_store_refuse(s, "%s%s is not a string", where, key);
    size_t n = strlen(v->valuestring);
    if (n < min_len || n > max_len)
        return hd_store_refuse(s, "%s%s has %zu bytes (%zu to %zu allowed)", where, key, n, min_len, max_len);
    if (!chars_ok(v->valuestring, kind))
        return hd_store_refuse(s, "%s%s holds characters it cannot have: '%.40s'", where, key, v->valuestring);
    return 0;
}

static int check_number(hd_store *s, const cJSON *o, const char *where, const char *key, double lo, double hi)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= lo && v->valuedouble <= hi))
        return hd_store_refuse(s, "%s%s must be a number from %g to %g", where, key, lo, hi);
    return 0;
}

static int check_actor(hd_store *s, const cJSON *o, const char *key)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!a || cJSON_IsNull(a))
        return 0;
    if (!cJSON_IsObject(a))
        return hd_store_refuse(s, "%s is not an object", key);
    const char *where = !strcmp(key, "source") ? "source." : "target.";
    return check_field(s, a, where, "code", UPPER_CODE, 1, 31) || check_field(s, a, where, "country", UPPER_CODE, 0, 3) ||
                   check_field(s, a, where, "role", UPPER_CODE, 0, 3) || check_field(s, a, where, "text", NAME_TEXT, 0, 1000) ||
                   check_field(s, a, where, "person", NAME_TEXT, 0, sizeof ((hd_actor *)0)->person - 1)
               ? -1
               : 0;
}

/* Refuses a record whose fields could not have come from herald code: every string checked for
 * length and characters (no markup in names), codes and dates for their form, numbers for
 * their range. */
static int check_event_record(hd_store *s, const cJSON *o, const char *line, size_t len)
{
    size_t bad_at;
    const char *why;
    if (hd_utf8_check(line, len, &bad_at, &why) != 0)
        return hd_store_refuse(s, "byte %zu: %s", bad_at, why);
    size_t nul = hd_json_escaped_nul(line, len);
    if (nul)
        return hd_store_refuse(s, "escaped NUL character (\\u0000) at column %zu", nul);
    if (check_field(s, o, "", "doc_id", ANY_TEXT, 1, 500) || check_field(s, o, "", "event_id", ANY_TEXT, 0, 600) ||
        check_field(s, o, "", "code", DIGITS, 2, 4) || check_field(s, o, "", "date", ANY_TEXT, 0, 10) ||
        check_field(s, o, "", "date_precision", ID_TEXT, 0, 16) || check_field(s, o, "", "text", ANY_TEXT, 0, 65536) ||
        check_field(s, o, "", "trigger", NAME_TEXT, 0, 200) || check_field(s, o, "", "topic", NAME_TEXT, 0, 200) ||
        check_field(s, o, "", "rule", NAME_TEXT, 0, 300) ||
        check_field(s, o, "", "outlet", NAME_TEXT, 0, 300) || check_field(s, o, "", "url", ANY_TEXT, 0, 4096) ||
        check_field(s, o, "", "published", ANY_TEXT, 0, 10) ||
        check_field(s, o, "", "mood", ID_TEXT, 0, 16) || check_field(s, o, "", "acled_event_type", NAME_TEXT, 0, 64) ||
        check_field(s, o, "", "acled_sub_event_type", NAME_TEXT, 0, 64) ||
        check_field(s, o, "", "plover_event_type", NAME_TEXT, 0, 64) ||
        check_field(s, o, "", "plover_mode", NAME_TEXT, 0, 64) || check_field(s, o, "", "case_label", NAME_TEXT, 0, 64) ||
        check_number(s, o, "", "quad_class", 0, 4) || check_number(s, o, "", "goldstein", -10, 10) ||
        check_number(s, o, "", "sentence", 0, 1e9) || check_actor(s, o, "source") || check_actor(s, o, "target"))
        return -1;
    const char *const dates[] = {"date", "published"};
    for (int k = 0; k < 2; k++) {
        const char *date = jstr(o, dates[k]);
        hd_ymd day;
        if (date && date[0] && (strlen(date) != 10 || hd_date_parse_iso(date, 10, &day) != 0))
            return hd_store_refuse(s, "%s '%.20s' is not YYYY-MM-DD", dates[k], date);
    }
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(o, "location");
    if (l && !cJSON_IsNull(l)) {
        if (!cJSON_IsObject(l))
            return hd_store_refuse(s, "location is not an object");
        if (check_field(s, l, "location.", "geonames_id", ID_TEXT, 1, 64) ||
            check_field(s, l, "location.", "name", NAME_TEXT, 0, 200) ||
            check_field(s, l, "location.", "mention", NAME_TEXT, 0, 200) ||
            check_field(s, l, "location.", "country", UPPER_CODE, 0, 2) ||
            check_field(s, l, "location.", "admin1", ID_TEXT, 0, 16) ||
            check_field(s, l, "location.", "precision", ID_TEXT, 0, 16) ||
            check_number(s, l, "location.", "lat", -90, 90) || check_number(s, l, "location.", "lon", -180, 180))
            return -1;
    }
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "attribution");
    if (a && !cJSON_IsNull(a) && !cJSON_IsArray(a))
        return hd_store_refuse(s, "attribution is not an array");
    for (const cJSON *it = a && cJSON_IsArray(a) ? a->child : NULL; it; it = it->next) {
        if (!cJSON_IsObject(it))
            return hd_store_refuse(s, "attribution holds a non-object");
        if (check_field(s, it, "attribution.", "kind", ID_TEXT, 1, 16) ||
            check_field(s, it, "attribution.", "name", NAME_TEXT, 0, 300))
            return -1;
    }
    return 0;
}

int hd_store_ingest_event_json(hd_store *s, const char *line, size_t len)
{
    s->err[0] = '\0';
    s->status = HD_STORE_OK;
    if (s->read_only) {
        snprintf(s->err, sizeof s->err, "the store is open read-only");
        return -1;
    }
    cJSON *o = cJSON_ParseWithLength(line, len);
    const char *doc_id = o ? jstr(o, "doc_id") : NULL, *code = o ? jstr(o, "code") : NULL;
    if (!o || !cJSON_IsObject(o) || !doc_id || !doc_id[0] || !code) {
        hd_store_refuse(s, "%s", !o ? "not JSON" : "not an event record (doc_id and code needed)");
        cJSON_Delete(o);
        return -1;
    }
    if (check_event_record(s, o, line, len) != 0) {
        cJSON_Delete(o);
        return -1;
    }
    int rc = 1;
    if (strcmp(doc_id, s->ev_doc) != 0) {
        if (finish_event_doc(s) != 0) {
            cJSON_Delete(o);
            return -1;
        }
        snprintf(s->ev_doc, sizeof s->ev_doc, "%s", doc_id);
        s->mentions = 0;
        if (begin_batch(s) != 0) {
            cJSON_Delete(o);
            return store_failed(s);
        }
        const char *url = jstr(o, "url");
        int dup = exists(s, Q_DOC_BY_KEY, doc_id);
        if (dup == 0)
            dup = exists(s, Q_DOC_BY_URL, url);
        s->ev_skip = dup != 0;
        if (dup == 0) {
            char hash[33];
            hd_doc d;
            memset(&d, 0, sizeof d);
            d.id = doc_id;
            d.text = doc_id; /* no text: the id stands for it */
            d.text_len = strlen(doc_id);
            d.source = jstr(o, "outlet");
            d.url = url;
            d.date = jstr(o, "published"); /* an undated act of a dated article joins nothing */
            text_hash(s, &d, hash);
            if (begin_document(s, &d, hash) != 0) {
                cJSON_Delete(o);
                return store_failed(s);
            }
        }
    }
    if (s->ev_skip) {
        cJSON_Delete(o);
        return 0;
    }
    hd_event ev;
    memset(&ev, 0, sizeof ev);
    hd_actor src, tgt;
    hd_location loc;
    hd_attribution attr[8];
    ev.doc_id = doc_id;
    const char *eid = jstr(o, "event_id");
    const char *dash = eid ? strrchr(eid, '-') : NULL;
    ev.event_index = dash ? (unsigned)strtoul(dash + 1, NULL, 10) : 0;
    ev.sentence = (unsigned)jnum(o, "sentence");
    const cJSON *span = cJSON_GetObjectItemCaseSensitive(o, "span");
    if (cJSON_GetArraySize(span) == 2) {
        ev.span_start = (size_t)cJSON_GetArrayItem(span, 0)->valuedouble;
        ev.span_end = (size_t)cJSON_GetArrayItem(span, 1)->valuedouble;
    }
    ev.text = jstr(o, "text") ? jstr(o, "text") : "";
    ev.text_len = strlen(ev.text);
    snprintf(ev.date, sizeof ev.date, "%s", jstr(o, "date") ? jstr(o, "date") : "");
    ev.date_precision = jstr(o, "date_precision");
    ev.source = jactor(o, "source", &src) ? &src : NULL;
    ev.target = jactor(o, "target", &tgt) ? &tgt : NULL;
    snprintf(ev.code, sizeof ev.code, "%s", code);
    snprintf(ev.root, sizeof ev.root, "%.2s", code);
    ev.quad_class = (int)jnum(o, "quad_class");
    ev.goldstein = jnum(o, "goldstein");
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(o, "location");
    if (cJSON_IsObject(l) && jstr(l, "geonames_id")) {
        memset(&loc, 0, sizeof loc);
        loc.name = jstr(l, "name");
        loc.mention = jstr(l, "mention");
        loc.mention_len = loc.mention ? strlen(loc.mention) : 0;
        snprintf(loc.country, sizeof loc.country, "%s", jstr(l, "country") ? jstr(l, "country") : "");
        loc.admin1 = jstr(l, "admin1") ? jstr(l, "admin1") : "";
        loc.geonames_id = jstr(l, "geonames_id");
        loc.precision = jstr(l, "precision") ? jstr(l, "precision") : "city";
        loc.lat = jnum(l, "lat");
        loc.lon = jnum(l, "lon");
        ev.location = &loc;
    }
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "attribution");
    size_t na = 0;
    for (const cJSON *it = cJSON_IsArray(a) ? a->child : NULL; it && na < 8; it = it->next)
        if (jstr(it, "kind") && jstr(it, "name")) {
            attr[na].kind = jstr(it, "kind");
            attr[na].name = jstr(it, "name");
            na++;
        }
    ev.attribution = attr;
    ev.n_attribution = na;
    ev.negated = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "negated"));
    ev.hedged = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "hedged"));
    ev.background = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "background"));
    const cJSON *confidence = cJSON_GetObjectItemCaseSensitive(o, "confidence");
    ev.confidence = cJSON_IsNumber(confidence) ? confidence->valuedouble : -1;
    const cJSON *dead = cJSON_GetObjectItemCaseSensitive(o, "fatalities");
    ev.fatalities = cJSON_IsNumber(dead) && dead->valuedouble >= 0 && dead->valuedouble < 1e7 ? (long)dead->valuedouble : -1;
    const char *mood = jstr(o, "mood");
    ev.mood = mood && !strcmp(mood, "hypothetical") ? HD_MOOD_HYPOTHETICAL : HD_MOOD_FACT;
    ev.rule = jstr(o, "rule");
    ev.trigger = jstr(o, "trigger") ? jstr(o, "trigger") : "";
    ev.trigger_len = strlen(ev.trigger);
    ev.topic = jstr(o, "topic") ? jstr(o, "topic") : "";
    ev.acled_event_type = jstr(o, "acled_event_type");
    ev.acled_sub_event_type = jstr(o, "acled_sub_event_type");
    ev.plover_event_type = jstr(o, "plover_event_type");
    ev.plover_mode = jstr(o, "plover_mode");
    ev.case_label = jstr(o, "case_label");
    if (store_mention(s, &ev) != 0)
        rc = store_failed(s);
    cJSON_Delete(o);
    return rc;
}

int hd_store_events_done(hd_store *s)
{
    int rc = finish_event_doc(s);
    s->ev_doc[0] = '\0';
    return rc != 0 ? -1 : hd_store_commit(s);
}
