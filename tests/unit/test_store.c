/* test_store.c: the event store through the public API: a store is created and migrated,
 * documents are stored once (by id, URL or normalised text), reports of one event from two
 * outlets become one event with two sources, queries filter and count, and misuse fails with a
 * message: a newer schema, a read-only store asked to ingest, a directory or a non-database as
 * store, malformed filters. Events coded on one thread into an hd_event_list are stored like
 * events coded by the store; undated reports, and reports dated only to a year or to
 * publications days apart, never join another article's event; an undated event has no date,
 * and an older store's placeholder date is removed when it is opened. Articles of one
 * happening form a story, queried and counted by its id. The articles are ours. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "herald.h"

static hd_model *model;
static hd_gazetteer *gaz;
static hd_coder *coder;
static char path[128];

static int setup(void **state)
{
    (void)state;
    const char *mp = getenv("HERALD_MODEL");
    if (!mp)
        mp = "build/herald.hdm";
    char err[512], gpath[1024];
    model = hd_model_open(mp, err, sizeof err);
    if (!model)
        return -1;
    const char *slash = strrchr(mp, '/');
    snprintf(gpath, sizeof gpath, "%.*s/herald.hdg", slash ? (int)(slash - mp) : 1, slash ? mp : ".");
    gaz = hd_gazetteer_open(gpath, err, sizeof err);
    coder = hd_coder_new(model);
    hd_coder_set_gazetteer(coder, gaz);
    snprintf(path, sizeof path, "/tmp/hd-store-%ld.db", (long)getpid());
    return coder ? 0 : -1;
}

static void remove_store(void)
{
    char p[160];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static int teardown(void **state)
{
    (void)state;
    remove_store();
    hd_coder_free(coder);
    hd_gazetteer_free(gaz);
    hd_model_free(model);
    return 0;
}

static hd_doc doc(const char *id, const char *text, const char *source, const char *url)
{
    hd_doc d;
    memset(&d, 0, sizeof d);
    d.id = id;
    d.text = text;
    d.text_len = strlen(text);
    d.date = "2024-05-18";
    d.source = source;
    d.url = url;
    return d;
}

/* an article of an outlet, published on a given day */
static hd_doc dated(const char *id, const char *date, const char *text, const char *source)
{
    hd_doc d = doc(id, text, source, NULL);
    d.date = date;
    return d;
}

static void ingest_once_and_merge(void **state)
{
    (void)state;
    remove_store();
    char err[512];
    hd_store *s = hd_store_open(path, 0, NULL, err, sizeof err);
    assert_non_null(s);
    hd_doc a = doc("a", "Russian forces shelled Kharkiv on Saturday, the governor said.", "Outlet One", "https://one.example/a");
    hd_doc b = doc("b", "Russian troops shelled the city of Kharkiv on Saturday, officials said.", "Outlet Two", NULL);
    assert_true(hd_store_ingest(s, coder, &a) >= 1);
    assert_true(hd_store_ingest(s, coder, &b) >= 1);
    assert_int_equal(hd_store_ingest(s, coder, &a), HD_STORE_SKIPPED);
    hd_doc same_url = doc("c", "Another text.", NULL, "https://one.example/a");
    assert_int_equal(hd_store_ingest(s, coder, &same_url), HD_STORE_SKIPPED);
    hd_doc same_text = doc("d", "RUSSIAN forces  shelled Kharkiv on Saturday,\nthe governor said.", NULL, NULL);
    assert_int_equal(hd_store_ingest(s, coder, &same_text), HD_STORE_SKIPPED);
    hd_doc bad = doc("e", "bad \xff byte", NULL, NULL);
    assert_int_equal(hd_store_ingest(s, coder, &bad), -1);
    assert_true(strlen(hd_store_error(s)) > 0);
    assert_int_equal(hd_store_commit(s), 0);
    hd_store_stats st;
    assert_int_equal(hd_store_stats_get(s, &st), 0);
    assert_int_equal(st.documents, 2);
    assert_int_equal(st.sources, 2);
    assert_int_equal(hd_store_close(s), 0);

    /* one event, two sources, two articles */
    s = hd_store_open(path, 1, NULL, err, sizeof err);
    assert_non_null(s);
    hd_query q;
    memset(&q, 0, sizeof q);
    q.code = "19";
    q.country = "UA";
    char buf[8192];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_int_equal(hd_store_query(s, &q, HD_STORE_JSONL, f), 1);
    fclose(f);
    assert_non_null(strstr(buf, "\"num_sources\":2"));
    assert_non_null(strstr(buf, "\"num_articles\":2"));
    assert_non_null(strstr(buf, "\"outlets\":[\"Outlet One\",\"Outlet Two\"]"));
    /* a read-only store refuses to ingest */
    assert_int_equal(hd_store_ingest(s, coder, &a), -1);
    /* malformed filters are refused before any SQL */
    memset(&q, 0, sizeof q);
    q.actor = "RUS' OR 1=1 --";
    f = fmemopen(buf, sizeof buf, "w");
    assert_int_equal(hd_store_query(s, &q, HD_STORE_JSONL, f), -1);
    fclose(f);
    assert_non_null(strstr(hd_store_error(s), "bad actor"));
    memset(&q, 0, sizeof q);
    q.text = "\"unbalanced";
    f = fmemopen(buf, sizeof buf, "w");
    assert_int_equal(hd_store_query(s, &q, HD_STORE_JSONL, f), -1); /* FTS5 syntax error, reported */
    fclose(f);
    memset(&q, 0, sizeof q);
    q.count_by = "day";
    f = fmemopen(buf, sizeof buf, "w");
    assert_true(hd_store_query(s, &q, HD_STORE_CSV, f) >= 1);
    fclose(f);
    assert_non_null(strstr(buf, "day,count\n")); /* CSV: a header, then key,count */
    assert_non_null(strstr(buf, "2024-05-18,"));
    hd_store_close(s);
}

static char *json_of(const hd_event *ev)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    hd_event_write(ev, HD_FORMAT_JSONL, f);
    fclose(f);
    return out;
}

typedef struct direct {
    char *json[16];
    int n;
} direct;

static int keep_json(void *user, const hd_event *ev)
{
    direct *d = user;
    if (d->n < 16)
        d->json[d->n++] = json_of(ev);
    return 0;
}

/* Copies in an hd_event_list are the events as delivered, still whole after the coder has
 * gone on to other documents, and a store fed from the list equals one that coded itself. */
static void event_list_copies_and_stores(void **state)
{
    (void)state;
    hd_doc a = doc("l1", "Russian forces shelled Kharkiv on Saturday, the governor said. Ukraine's army "
                         "hit back at positions near Belgorod, a military spokesman told reporters.",
                   "Outlet One", "https://one.example/l1");
    direct d = {{0}, 0};
    long n = hd_code_document(coder, &a, keep_json, &d);
    assert_true(n >= 2);
    hd_event_list *list = hd_event_list_new();
    assert_non_null(list);
    assert_int_equal(hd_code_document(coder, &a, hd_event_list_add, list), n);
    hd_doc other = doc("l2", "Protesters marched in Nairobi against new taxes on bread.", NULL, NULL);
    assert_true(hd_code_document(coder, &other, NULL, NULL) >= 0); /* the coder's memory is reused */
    assert_int_equal(hd_event_list_count(list), (size_t)n);
    assert_false(hd_event_list_failed(list));
    for (long i = 0; i < n; i++) {
        char *copy = json_of(hd_event_list_get(list, (size_t)i));
        assert_string_equal(copy, d.json[i]);
        free(copy);
        free(d.json[i]);
    }
    assert_null(hd_event_list_get(list, (size_t)n));

    /* stored from the list, then coded by the store: the same rows */
    long counts[2][4];
    for (int way = 0; way < 2; way++) {
        remove_store();
        char err[512];
        hd_store *s = hd_store_open(path, 0, NULL, err, sizeof err);
        assert_non_null(s);
        assert_int_equal(hd_store_has_document(s, &a), 0);
        long stored = way == 0 ? hd_store_ingest_events(s, &a, list) : hd_store_ingest(s, coder, &a);
        assert_true(stored >= 2);
        assert_int_equal(hd_store_has_document(s, &a), 1);
        assert_int_equal(hd_store_ingest_events(s, &a, list), HD_STORE_SKIPPED);
        assert_int_equal(hd_store_ingest_events(s, &other, NULL), -1);
        hd_store_stats st;
        assert_int_equal(hd_store_stats_get(s, &st), 0);
        counts[way][0] = st.documents;
        counts[way][1] = st.events;
        counts[way][2] = st.mentions;
        counts[way][3] = st.sources;
        assert_int_equal(hd_store_close(s), 0);
    }
    assert_memory_equal(counts[0], counts[1], sizeof counts[0]);
    hd_event_list_clear(list);
    assert_int_equal(hd_event_list_count(list), 0);
    hd_event_list_free(list);
}

/* Undated reports cannot be placed in time: two articles without dates never share an event. */
static void undated_reports_stay_apart(void **state)
{
    (void)state;
    remove_store();
    char err[512];
    hd_store *s = hd_store_open(path, 0, NULL, err, sizeof err);
    assert_non_null(s);
    hd_doc a = doc("u1", "Russian forces shelled Kharkiv, the governor said.", "Outlet One", NULL);
    hd_doc b = doc("u2", "Russian troops shelled the city of Kharkiv, officials said.", "Outlet Two", NULL);
    a.date = b.date = NULL;
    assert_true(hd_store_ingest(s, coder, &a) >= 1);
    assert_true(hd_store_ingest(s, coder, &b) >= 1);
    hd_store_stats st;
    assert_int_equal(hd_store_stats_get(s, &st), 0);
    assert_int_equal(st.events, st.mentions);
    assert_int_equal(hd_store_close(s), 0);
}

/* One row of SQL as text ("" for none, "NULL" for a NULL). */
static void sql_text(const char *sql, char *out, size_t cap)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    out[0] = '\0';
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        snprintf(out, cap, "%s", v ? (const char *)v : "NULL");
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Asserts that the first row of SQL, as sql_text() gives it, is `want`. */
static void expect_sql(const char *sql, const char *want)
{
    char got[512];
    sql_text(sql, got, sizeof got);
    assert_string_equal(got, want);
}

/* A new store holding the documents, each ingested in turn, closed for sql_text(). */
static void store_only(hd_doc *const *docs, size_t n)
{
    char err[512];
    remove_store();
    hd_store *s = hd_store_open(path, 0, NULL, err, sizeof err);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        assert_true(hd_store_ingest(s, coder, docs[i]) >= 1);
    assert_int_equal(hd_store_close(s), 0);
}

/* An undated event has no date in the store, not a placeholder; a store of schema 5 that
 * held the placeholder 0001-01-01 loses it when opened. */
static void undated_events_have_no_date(void **state)
{
    (void)state;
    char err[512];
    hd_doc a = doc("n1", "Russian forces shelled Kharkiv, the governor said.", "Outlet One", NULL);
    a.date = NULL;
    hd_doc *all[] = {&a};
    store_only(all, 1);
    expect_sql("SELECT count(*) FROM events WHERE date IS NULL AND date_precision = 'none' AND first_seen IS NULL", "1");
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE events SET date = '0001-01-01', date_precision = 'none',"
                                  " first_seen = '0001-01-01', last_seen = '0001-01-01';"
                                  "UPDATE mentions SET date = '0001-01-01';"
                                  /* what version 7 added goes: the store is as version 5 left it */
                                  "DROP INDEX documents_story; DROP INDEX events_story; DROP INDEX stories_date;"
                                  "DROP TABLE stories; DROP TABLE doc_terms; DROP TABLE term_df;"
                                  "ALTER TABLE documents DROP COLUMN story_id; ALTER TABLE events DROP COLUMN story_id;"
                                  "ALTER TABLE mentions DROP COLUMN topic;" /* version 10 */
                                  "ALTER TABLE documents DROP COLUMN length; ALTER TABLE documents DROP COLUMN tone;"
                                  "ALTER TABLE mentions DROP COLUMN source_pronoun;"
                                  "ALTER TABLE mentions DROP COLUMN target_pronoun;"
                                  "ALTER TABLE mentions DROP COLUMN fatalities;" /* version 11 */
                                  "PRAGMA user_version = 5",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    hd_store *s = hd_store_open(path, 0, NULL, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(hd_store_close(s), 0);
    expect_sql("SELECT count(*) FROM events WHERE date IS NULL AND last_seen IS NULL", "1");
    expect_sql("SELECT count(*) FROM mentions WHERE date = '0001-01-01'", "0");
    expect_sql("PRAGMA user_version", "11");
    /* the store had no dated event; the column is there */
    expect_sql("SELECT count(*) FROM events WHERE last_day IS NOT NULL AND date_precision <> 'none'", "0");
    /* a document stored before stories is a story of its own */
    expect_sql("SELECT count(*) FROM documents d JOIN stories s ON s.id = d.story_id WHERE s.n_articles = 1", "1");
    remove_store();
}

/* Reports of other articles meet only at a day: a year ("in 2014") or the publication dates
 * of articles days apart join nothing; one day of publication may. */
static void coarse_dates_stay_apart(void **state)
{
    (void)state;
    hd_doc a = dated("y1", "2014-03-01", "In 2014, Russian forces shelled Kharkiv, the governor said.", "Outlet One");
    hd_doc b = dated("y2", "2014-09-20", "In 2014, Russian troops shelled the city of Kharkiv, officials said.", "Outlet Two");
    hd_doc c = dated("p1", "2022-03-01", "Russian forces shelled Kharkiv, the governor said.", "Outlet One");
    hd_doc d = dated("p2", "2022-03-02", "Russian troops shelled the city of Kharkiv, officials said.", "Outlet Two");
    hd_doc e = dated("p3", "2022-03-02", "Russian artillery shelled Kharkiv, a witness said.", "Outlet Three");
    hd_doc *all[] = {&a, &b, &c, &d, &e};
    store_only(all, 5);
    expect_sql("SELECT count(*) FROM events WHERE date_precision = 'year' AND num_articles = 1", "2");
    expect_sql("SELECT group_concat(num_articles) FROM (SELECT num_articles FROM events WHERE date_precision ="
             " 'publication' ORDER BY date)", "1,2");
    remove_store();
}

/* A report that states the day dates the event an earlier one dated by its publication; no
 * event is dated after an article that reports it. */
static void stated_day_dates_the_event(void **state)
{
    (void)state;
    hd_doc a = dated("d1", "2022-03-02", "Russian forces shelled Kharkiv, the governor said.", "Outlet One"); /* a Wednesday */
    hd_doc b = dated("d2", "2022-03-03", "Russian troops shelled the city of Kharkiv on Tuesday, officials said.", "Outlet Two");
    hd_doc *all[] = {&a, &b};
    store_only(all, 2);
    expect_sql("SELECT date || ' ' || date_precision || ' ' || num_articles FROM events ORDER BY num_articles DESC", "2022-03-01 day 2");
    expect_sql("SELECT count(*) FROM events e JOIN mentions m ON m.event_id = e.id JOIN documents d ON d.id = m.doc_id"
             " WHERE e.date > d.date", "0");
    remove_store();
}

/* Articles that share their rare names within days are one story, whatever their wording; an
 * article on another happening the same day, or one without a date, starts its own. Within a
 * story, reports whose actors agree only by country ("Kenyan officials", "Kenya's president")
 * are one event; an outside article's are not. */
static void stories_gather_articles(void **state)
{
    (void)state;
    hd_doc a = dated("s1", "2024-03-04",
                     "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Addis Ababa on Monday."
                     " Ruto and Abiy discussed the Grand Ethiopian Renaissance Dam and the Tigray ceasefire.",
                     "Outlet One");
    hd_doc b = dated("s2", "2024-03-05",
                     "Ruto held talks with Abiy Ahmed in Addis Ababa, the Ethiopian government said. The Tigray truce"
                     " and the Renaissance Dam were on the agenda, Kenyan officials said.",
                     "Outlet Two");
    hd_doc c = dated("s3", "2024-03-05", "Brazilian police arrested dozens of protesters in Sao Paulo on Tuesday.",
                     "Outlet Two");
    hd_doc d = dated("s4", "2024-03-04",
                     "Ruto met Abiy Ahmed in Addis Ababa to discuss the Renaissance Dam and Tigray.", "Outlet Three");
    d.date = NULL;
    hd_doc *all[] = {&a, &b, &c, &d};
    store_only(all, 4);
    expect_sql("SELECT group_concat(story_id) FROM (SELECT story_id FROM documents ORDER BY id)", "1,1,2,3");
    expect_sql("SELECT n_articles || ' ' || first_date || ' ' || last_date FROM stories WHERE id = 1", "2 2024-03-04 2024-03-05");
    /* the meeting, reported by both articles of the story, is its main event */
    expect_sql("SELECT e.root || ' ' || e.num_articles FROM stories s JOIN events e ON e.id = s.main_event_id"
             " WHERE s.id = 1", "04 2");
    expect_sql("SELECT count(DISTINCT story_id) FROM events", "3");
    /* queried and counted by story */
    char err[512];
    hd_store *s = hd_store_open(path, 1, NULL, err, sizeof err);
    assert_non_null(s);
    hd_query q;
    memset(&q, 0, sizeof q);
    q.story = 2;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_true(hd_store_query(s, &q, HD_STORE_JSONL, f) >= 1);
    fclose(f);
    assert_non_null(strstr(buf, "\"story_id\":2"));
    assert_null(strstr(buf, "\"story_id\":1"));
    free(buf);
    q.story = -1;
    f = open_memstream(&buf, &len);
    assert_int_equal(hd_store_query(s, &q, HD_STORE_JSONL, f), -1);
    fclose(f);
    free(buf);
    q.story = 0;
    q.count_by = "story";
    f = open_memstream(&buf, &len);
    assert_int_equal(hd_store_query(s, &q, HD_STORE_CSV, f), 3);
    fclose(f);
    free(buf);
    hd_store_close(s);
    remove_store();
}

/* A report that names the town places an event its first report placed only in the country,
 * and --near finds it there. Both name the same sides: a deed placed only in a country is no
 * evidence of being the town's one (deed_is_one() in hd_store.c). */
static void finer_place_places_the_event(void **state)
{
    (void)state;
    char got[128];
    hd_doc a = dated("f1", "2015-10-01", "Russian jets bombed Syrian rebels in Syria on Wednesday, officials said.",
                     "Outlet One");
    hd_doc b = dated("f2", "2015-10-01", "Russian jets bombed Syrian rebels in the city of Hama on Wednesday, residents said.",
                     "Outlet Two");
    hd_doc *all[] = {&a, &b};
    store_only(all, 2);
    sql_text("SELECT p.name || ' ' || e.precision || ' ' || e.num_articles FROM events e JOIN places p"
             " ON p.geonames_id = e.geonames_id WHERE e.root = '19'", got, sizeof got);
    assert_non_null(strstr(got, " city 2"));
    expect_sql("SELECT count(*) FROM events_rtree r JOIN events e ON e.id = r.id WHERE e.root = '19'"
             " AND abs(r.min_lat - e.lat) < 0.001 AND e.precision = 'city'", "1");
    remove_store();
}

/* Reports whose actors agree only as roles of no country against a country's ("police" and
 * "Kenyan police", "a man" and a Kenyan man) say nothing of being one event: police detain
 * people every day. */
static void roles_alone_keep_reports_apart(void **state)
{
    (void)state;
    hd_doc a = dated("r1", "2016-03-08", "Police detained a man on Monday.", "Outlet One");
    hd_doc b = dated("r2", "2016-03-08", "Kenyan police detained a man on Monday.", "Outlet Two");
    hd_doc *all[] = {&a, &b};
    store_only(all, 2);
    expect_sql("SELECT count(*) FROM events WHERE root = '17' AND num_articles = 1", "2");
    remove_store();
}

/* Reports that each state their day are of that day: four days of arrests are four events. */
static void stated_days_stay_apart(void **state)
{
    (void)state;
    hd_doc a = dated("w1", "2014-08-14", "Kenyan police arrested dozens of protesters in Nairobi on August 14.", "Outlet One");
    hd_doc b = dated("w2", "2014-08-14", "Kenyan police arrested dozens of protesters in Nairobi on August 13.", "Outlet Two");
    hd_doc c = dated("w3", "2014-08-14", "Kenyan police arrested dozens of protesters in Nairobi on August 12.", "Outlet Three");
    hd_doc d = dated("w4", "2014-08-14", "Kenyan police detained dozens of protesters in Nairobi on August 14.", "Outlet Four");
    hd_doc *all[] = {&a, &b, &c, &d};
    store_only(all, 4);
    expect_sql("SELECT group_concat(date || ':' || num_articles, ' ') FROM"
             " (SELECT * FROM events WHERE root = '17' ORDER BY date)", "2014-08-12:1 2014-08-13:1 2014-08-14:2");
    remove_store();
}

/* An event's date moves to the earliest day its reports give; a report dated by its
 * publication must not then walk it back a day at a time through a story's days. Here "on
 * August 13" joins the report published on the 14th that names no day (the window's slack),
 * the report published on the 13th may not join what a report dates the 14th, and "on
 * August 12" joins it. */
static void reports_of_one_event_span_one_window(void **state)
{
    (void)state;
    hd_doc a = dated("w1", "2014-08-14", "Kenyan police arrested dozens of protesters in Nairobi.", "Outlet One");
    hd_doc b = dated("w2", "2014-08-14", "Kenyan police arrested dozens of protesters in Nairobi on August 13.", "Outlet Two");
    hd_doc c = dated("w3", "2014-08-13", "Kenyan police detained dozens of protesters in Nairobi.", "Outlet Three");
    hd_doc d = dated("w4", "2014-08-14", "Kenyan police arrested dozens of protesters in Nairobi on August 12.", "Outlet Four");
    hd_doc *all[] = {&a, &b, &c, &d};
    store_only(all, 4);
    expect_sql("SELECT group_concat(date || '..' || last_day || ':' || num_articles, ' ') FROM"
             " (SELECT * FROM events WHERE root = '17' ORDER BY date)", "2014-08-12..2014-08-13:2 2014-08-13..2014-08-14:2");
    remove_store();
}

/* Within a story, deeds of actors of one country are one event, but sayings keep their
 * speakers: Kenya's lawmakers and its president accusing Ethiopia are two accusations. */
static void sayings_in_a_story_keep_their_speakers(void **state)
{
    (void)state;
    hd_doc a = dated("k1", "2024-03-04",
                     "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Addis Ababa on Monday."
                     " Kenyan lawmakers accused Ethiopia of lying about the Renaissance Dam on Monday.",
                     "Outlet One");
    hd_doc b = dated("k2", "2024-03-04",
                     "Ruto held talks with Abiy Ahmed in Addis Ababa on Monday. Kenyan President William Ruto accused"
                     " Ethiopia of lying about the Renaissance Dam on Monday.",
                     "Outlet Two");
    hd_doc *all[] = {&a, &b};
    store_only(all, 2);
    expect_sql("SELECT count(DISTINCT story_id) FROM documents", "1");
    expect_sql("SELECT group_concat(source_code || ':' || num_articles, ' ') FROM"
             " (SELECT * FROM events WHERE root = '11' ORDER BY source_code)", "KENGOV:1 KENLEG:1");
    remove_store();
}

/* The ledes of two articles of one story tell its happening each in its own words: "the
 * remarks" and "his comments about farmers" share no word, but both ledes tell one apology. */
static void ledes_of_a_story_need_no_common_topic(void **state)
{
    (void)state;
    hd_doc a = dated("r1", "2024-03-04",
                     "Kenyan President William Ruto apologized for the remarks on Monday. Ruto spoke in Nakuru"
                     " after criticism from the Jubilee party.",
                     "Outlet One");
    hd_doc b = dated("r2", "2024-03-04",
                     "Ruto apologized for his comments about farmers on Monday, speaking in Nakuru. The Jubilee"
                     " party had criticized him.",
                     "Outlet Two");
    hd_doc *all[] = {&a, &b};
    store_only(all, 2);
    expect_sql("SELECT count(DISTINCT story_id) FROM documents", "1");
    expect_sql("SELECT group_concat(num_articles, ' ') FROM events WHERE root = '05'", "2");
    remove_store();
}

/* No article reports a happening before its day: a shooting reported on the 7th is not one
 * stated for Thursday the 8th, though another article's "on Wednesday" the 7th is it. */
static void reported_before_its_day_is_another(void **state)
{
    (void)state;
    hd_doc a = dated("c1", "2015-01-07", "Gunmen shot dead two police officers in Paris, officials said.", "Outlet One");
    hd_doc b = dated("c2", "2015-01-08", "Gunmen shot dead a police officer in Paris on Thursday, officials said.",
                     "Outlet Two");
    hd_doc c = dated("c3", "2015-01-08", "Gunmen shot dead two police officers in Paris on Wednesday, officials said.",
                     "Outlet Three");
    hd_doc *all[] = {&a, &b, &c};
    store_only(all, 3);
    expect_sql("SELECT group_concat(date || ':' || num_articles, ' ') FROM (SELECT * FROM events WHERE root = '19'"
             " ORDER BY date)", "2015-01-07:2 2015-01-08:1");
    remove_store();
}

/* A violent act of one kind is not one of another: a siege is not a shooting, though both
 * are CAMEO 19 of the same actors, place and day; "attacked" (190) may be either. */
static void a_siege_is_no_shooting(void **state)
{
    (void)state;
    hd_doc a = dated("v1", "2015-01-09", "Syrian rebels shot dead soldiers in Aleppo on Thursday.", "Outlet One");
    hd_doc b = dated("v2", "2015-01-09", "Syrian rebels besieged soldiers in Aleppo on Thursday.", "Outlet Two");
    hd_doc c = dated("v3", "2015-01-09", "Syrian rebels attacked soldiers in Aleppo on Thursday.", "Outlet Three");
    hd_doc *all[] = {&a, &b, &c};
    store_only(all, 3);
    expect_sql("SELECT group_concat(code || ':' || num_articles, ' ') FROM (SELECT * FROM events WHERE root = '19'"
             " ORDER BY code)", "191:1 193:2");
    remove_store();
}

/* One kind of aid is not another: arms sent are not food airdropped on the same day to the
 * same side, while "provided aid" (070) may be either. */
static void arms_are_no_food(void **state)
{
    (void)state;
    hd_doc a = dated("k1", "2014-08-11", "The United States airdropped humanitarian aid to Kurdish forces in Iraq on Monday.",
                     "Outlet One");
    hd_doc b = dated("k2", "2014-08-11", "The United States sent weapons to Kurdish forces in Iraq on Monday.", "Outlet Two");
    hd_doc c = dated("k3", "2014-08-11", "The United States provided aid to Kurdish forces in Iraq on Monday.", "Outlet Three");
    hd_doc *all[] = {&a, &b, &c};
    store_only(all, 3);
    expect_sql("SELECT group_concat(code || ':' || num_articles, ' ') FROM (SELECT * FROM events WHERE root = '07'"
             " ORDER BY code)", "072:1 073:2");
    remove_store();
}

/* A saying no report named the speaker of takes the first speaker a report names: Saudi
 * Arabia's praise and Qatar's are two events, not two reports of "the statement praised". */
static void a_saying_takes_its_speaker(void **state)
{
    (void)state;
    hd_doc a = dated("m1", "2012-06-12", "The statement praised the Egyptian military council on Tuesday.", "Outlet One");
    hd_doc b = dated("m2", "2012-06-12", "The Saudi government praised the Egyptian military council on Tuesday.",
                     "Outlet Two");
    hd_doc c = dated("m3", "2012-06-12", "The Qatari government praised the Egyptian military council on Tuesday.",
                     "Outlet Three");
    hd_doc *all[] = {&a, &b, &c};
    store_only(all, 3);
    expect_sql("SELECT group_concat(source_code || ':' || num_articles, ' ') FROM (SELECT * FROM events WHERE root = '05'"
             " ORDER BY source_code)", "QATGOV:1 SAUGOV:2");
    remove_store();
}

/* Two persons of one code are two actors: the president's criticism and his spokeswoman's
 * are two events, though both are USAGOV against USAJUD on one day; "Trump" and "President
 * Donald Trump" are one person (hd_actor.person). */
static void persons_keep_reports_apart(void **state)
{
    (void)state;
    hd_doc a = dated("p1", "2018-05-03", "President Donald Trump criticized the Justice Department on Thursday.", "Outlet One");
    hd_doc b = dated("p2", "2018-05-03", "Trump's spokeswoman, Jane Doakes, criticized the Justice Department on Thursday.",
                     "Outlet Two");
    hd_doc c = dated("p3", "2018-05-03", "Trump criticized the Justice Department on Thursday.", "Outlet Three");
    hd_doc *all[] = {&a, &b, &c};
    store_only(all, 3);
    expect_sql("SELECT group_concat(source_person || ':' || num_articles, ' ') FROM"
             " (SELECT * FROM events WHERE root = '11' ORDER BY source_person)", "Donald Trump:2 name:Doakes:1");
    remove_store();
}

/* One speaker's offers of one day with no one named to take them are as many events as the
 * things offered: the interview under oath and the path to citizenship are two, the path to
 * citizenship told twice is one (hd_event.topic). */
static void topics_keep_sayings_apart(void **state)
{
    (void)state;
    hd_doc a = dated("t1", "2018-01-25", "Trump offered to do the interview under oath on Thursday.", "Outlet One");
    hd_doc b = dated("t2", "2018-01-25", "Trump offered a path to citizenship on Thursday.", "Outlet Two");
    hd_doc c = dated("t3", "2018-01-25", "Trump offered a pathway to citizenship on Thursday, the White House said.",
                     "Outlet Three");
    hd_doc *all[] = {&a, &b, &c};
    store_only(all, 3);
    expect_sql("SELECT group_concat(num_articles, ' ') FROM (SELECT * FROM events WHERE root = '03' ORDER BY"
             " num_articles)", "1 2");
    expect_sql("SELECT topic FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE d.doc_key = 't1'", "interview oath");
    remove_store();
}

/* A war's day holds many strikes by one side: two articles' "Israeli warplanes bombed" with
 * no place and no target in common are two events; named in one town they are one. */
static void unplaced_deeds_stay_apart(void **state)
{
    (void)state;
    char got[64];
    hd_doc a = dated("d1", "2023-11-21", "Israeli warplanes bombed a building on Tuesday, officials said.", "Outlet One");
    hd_doc b = dated("d2", "2023-11-21", "Israeli warplanes bombed a school on Tuesday.", "Outlet Two");
    hd_doc c = dated("d3", "2023-11-21", "Israeli warplanes bombed a building in Khan Younis on Tuesday.", "Outlet Three");
    hd_doc d = dated("d4", "2023-11-21", "Israeli warplanes bombed a school in Khan Younis on Tuesday.", "Outlet Four");
    hd_doc *all[] = {&a, &b, &c, &d};
    store_only(all, 4);
    sql_text("SELECT group_concat(coalesce(geonames_id, '-') || ':' || num_articles, ' ') FROM"
             " (SELECT * FROM events WHERE root = '19' ORDER BY num_articles, id)", got, sizeof got);
    assert_non_null(strstr(got, "-:1 -:1 "));
    assert_non_null(strstr(got, ":2"));
    remove_store();
}

/* A gallery dated August 28 whose captions tell of September: each caption's act is undated
 * (no fact is dated after its article) and stays its own event, not one of a day it never had. */
static void acts_dated_ahead_stay_apart(void **state)
{
    (void)state;
    hd_doc a = dated("g1", "2014-08-28",
                     "Rebels seized the airport in Donetsk on September 1. Rebels seized the airport in Donetsk on"
                     " September 5.",
                     "Outlet One");
    hd_doc *all[] = {&a};
    store_only(all, 1);
    expect_sql("SELECT count(*) || ' ' || count(date) FROM events", "2 0");
    remove_store();
}

/* A live blog tells a new arrest every few lines: a report far down the body is not the one
 * reported higher up, though a report a sentence later is. */
static void far_reports_of_one_article_stay_apart(void **state)
{
    (void)state;
    hd_doc a = dated("b1", "2016-03-07",
                     "The streets were wet. The shops were open. The market was busy."
                     " Kenyan police arrested twenty students on Monday. Kenyan police arrested them near the campus."
                     " The buses were late. The rain was heavy. The roads were closed. The schools were shut."
                     " The trains were full. The air was cold. The sky was grey."
                     " Kenyan police arrested dozens of traders on Monday.",
                     "Outlet One");
    hd_doc *all[] = {&a};
    store_only(all, 1);
    expect_sql("SELECT group_concat(num_mentions, ' ') FROM (SELECT * FROM events WHERE root = '17' ORDER BY id)", "2 1");
    remove_store();
}

static void newer_schema_and_bad_files(void **state)
{
    (void)state;
    remove_store();
    char err[512];
    hd_store *s = hd_store_open(path, 0, NULL, err, sizeof err);
    assert_non_null(s);
    hd_store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_null(hd_store_open(path, 0, NULL, err, sizeof err));
    assert_non_null(strstr(err, "schema version 99"));
    assert_null(hd_store_open("/tmp", 0, NULL, err, sizeof err));
    assert_null(hd_store_open("/nonexistent/dir/x.db", 0, NULL, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/dir/x.db"));
    remove_store();
    FILE *f = fopen(path, "w");
    fputs("this is not a database, just some text that is long enough to have a header", f);
    fclose(f);
    assert_null(hd_store_open(path, 0, NULL, err, sizeof err));
    assert_null(hd_store_open(path, 1, NULL, err, sizeof err));
    remove_store();
}

/* Each failure says what kind it is: the caller's (a bad filter, an FTS5 syntax error), a
 * query past its deadline, a damaged file. A server answers them 400, 503 and 500. */
static void failures_have_kinds(void **state)
{
    (void)state;
    remove_store();
    char err[512];
    hd_store *s = hd_store_open(path, 0, NULL, err, sizeof err);
    assert_non_null(s);
    static const char *const texts[] = {
        "Russian forces shelled Kharkiv on Saturday, the governor said.",
        "Police arrested twenty protesters in Lagos on Friday.",
        "Turkish warplanes bombed Kurdish militants in northern Iraq.",
        "Thousands of protesters marched in Nairobi against a tax bill.",
    };
    for (int i = 0; i < 200; i++) {
        char id[32], text[256];
        snprintf(id, sizeof id, "k%d", i);
        snprintf(text, sizeof text, "%s Report %d.", texts[i % 4], i);
        hd_doc d = doc(id, text, i % 2 ? "Outlet One" : "Outlet Two", NULL);
        assert_true(hd_store_ingest(s, coder, &d) >= 0);
    }
    assert_int_equal(hd_store_close(s), 0);
    s = hd_store_open(path, 1, NULL, err, sizeof err);
    assert_non_null(s);
    char buf[1 << 16];
    hd_query q;
    memset(&q, 0, sizeof q);
    q.from = "2024-13-01";
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_int_equal(hd_store_query(s, &q, HD_STORE_JSONL, f), -1);
    assert_int_equal(hd_store_last_status(s), HD_STORE_INVALID);
    memset(&q, 0, sizeof q);
    q.text = "AND ((";
    assert_int_equal(hd_store_query(s, &q, HD_STORE_JSONL, f), -1);
    assert_int_equal(hd_store_last_status(s), HD_STORE_INVALID);
    /* a deadline already past stops any query of more than a few thousand steps */
    memset(&q, 0, sizeof q);
    q.text = "r* OR p* OR t*";
    q.count_by = "day";
    assert_true(hd_store_query(s, &q, HD_STORE_JSONL, f) > 0);
    assert_int_equal(hd_store_last_status(s), HD_STORE_OK);
    hd_store_set_deadline(s, 1e-9);
    assert_int_equal(hd_store_query(s, &q, HD_STORE_JSONL, f), -1);
    assert_int_equal(hd_store_last_status(s), HD_STORE_TIMEOUT);
    assert_non_null(strstr(hd_store_error(s), "stopped"));
    hd_store_set_deadline(s, 0);
    assert_true(hd_store_query(s, &q, HD_STORE_JSONL, f) > 0);
    fclose(f);
    assert_int_equal(hd_store_close(s), 0);

    /* pages in the middle of the file overwritten: the store's failure, not the caller's */
    FILE *db = fopen(path, "r+b");
    assert_non_null(db);
    assert_int_equal(fseek(db, 0, SEEK_END), 0);
    long size = ftell(db);
    char junk[4096];
    memset(junk, 0x5a, sizeof junk);
    for (long at = 2 * 4096; at + 4096 < size; at += 3 * 4096) {
        fseek(db, at, SEEK_SET);
        fwrite(junk, 1, sizeof junk, db);
    }
    fclose(db);
    s = hd_store_open(path, 1, NULL, err, sizeof err);
    if (s) {
        memset(&q, 0, sizeof q);
        q.text = "r* OR p* OR t*";
        f = fmemopen(buf, sizeof buf, "w");
        long n = hd_store_query(s, &q, HD_STORE_JSONL, f);
        fclose(f);
        assert_int_equal(n, -1);
        assert_int_equal(hd_store_last_status(s), HD_STORE_CORRUPT);
        hd_store_close(s);
    } else
        assert_non_null(strstr(err, "malformed"));
    remove_store();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ingest_once_and_merge),
        cmocka_unit_test(event_list_copies_and_stores),
        cmocka_unit_test(undated_reports_stay_apart),
        cmocka_unit_test(undated_events_have_no_date),
        cmocka_unit_test(coarse_dates_stay_apart),
        cmocka_unit_test(stated_day_dates_the_event),
        cmocka_unit_test(stories_gather_articles),
        cmocka_unit_test(finer_place_places_the_event),
        cmocka_unit_test(roles_alone_keep_reports_apart),
        cmocka_unit_test(stated_days_stay_apart),
        cmocka_unit_test(reports_of_one_event_span_one_window),
        cmocka_unit_test(sayings_in_a_story_keep_their_speakers),
        cmocka_unit_test(acts_dated_ahead_stay_apart),
        cmocka_unit_test(far_reports_of_one_article_stay_apart),
        cmocka_unit_test(persons_keep_reports_apart),
        cmocka_unit_test(unplaced_deeds_stay_apart),
        cmocka_unit_test(topics_keep_sayings_apart),
        cmocka_unit_test(ledes_of_a_story_need_no_common_topic),
        cmocka_unit_test(reported_before_its_day_is_another),
        cmocka_unit_test(a_siege_is_no_shooting),
        cmocka_unit_test(arms_are_no_food),
        cmocka_unit_test(a_saying_takes_its_speaker),
        cmocka_unit_test(newer_schema_and_bad_files),
        cmocka_unit_test(failures_have_kinds),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
