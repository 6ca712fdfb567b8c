/* test_store.c: the event store through the public API: a store is created and migrated,
 * documents are stored once (by id, URL or normalised text), reports of one event from two
 * outlets become one event with two sources, queries filter and count, and misuse fails with a
 * message: a newer schema, a read-only store asked to ingest, a directory or a non-database as
 * store, malformed filters. The articles are ours. */
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
    assert_non_null(strstr(hd_store_error(s), "--actor"));
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
    assert_non_null(strstr(buf, "2024-05-18\t"));
    hd_store_close(s);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ingest_once_and_merge),
        cmocka_unit_test(newer_schema_and_bad_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
