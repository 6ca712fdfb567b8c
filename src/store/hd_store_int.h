/* hd_store_int.h: the event store's state, shared by ingest (hd_store.c) and queries and
 * exports (hd_query.c). Not part of the public API. */
#ifndef HD_STORE_INT_H
#define HD_STORE_INT_H

#include <stdio.h>

#include <sqlite3.h>

#include "base/hd_buf.h"
#include "herald.h"

struct hd_store {
    sqlite3 *db;
    int read_only;
    hd_store_options opt;
    char err[512];
    hd_store_status status;  /* of the last failure (hd_store_last_status) */
    double deadline;         /* seconds a query may run; 0: no limit */
    double query_ends;       /* monotonic time the running query must end by; 0: none running */
    long committed_docs, committed_mentions; /* stored and committed by this handle */
    long batch_mentions;     /* mentions of the open batch's documents */
    sqlite3_stmt *st[25]; /* prepared ingest statements (hd_store.c) */
    int in_tx, batch;     /* an open transaction and the documents in it */
    sqlite3_int64 fts_from; /* the last mention before the batch: those after it are indexed at commit */
    hd_buf norm;          /* scratch for the text hash */
    /* the document being ingested */
    sqlite3_int64 doc_row;
    char doc_date[11];
    char outlet[256];
    long mentions;
    int failed;
    /* its story (hd_story.c) */
    sqlite3_int64 story_id;
    sqlite3_stmt *story_st[8];
    const char *story_failure; /* the step of a story that failed on SQLite's error, for hd_store_fail */
    struct hd_story_term *terms; /* scratch: the article's names */
    size_t terms_cap;
    /* what exports read beyond the store (hd_store_set_model, hd_store_set_gazetteer) */
    const hd_model *model;
    const hd_gazetteer *gazetteer;
    struct division_memo *divisions; /* hd_export_acled.c: division names met, HD_STORE_DIVISIONS */
    int typed_only;                  /* the running query exports HD_STORE_ACLED or HD_STORE_PLOVER
                                        rows: events of that type only; 0 any */
    /* event records being stored (hd_store_ingest_event_json): their document */
    char ev_doc[512];
    int ev_skip;
};

/* Stories (hd_story.c): prepares and releases their statements; hd_story_begin() puts the
 * document being ingested (s->doc_row, s->doc_date) in a story, hd_story_end() counts it there
 * once its mentions are stored. Each returns 0, or -1: out of memory with the store's error
 * set, or an SQLite failure with s->story_failure naming the step (hd_store.c reports it). */
int hd_story_prepare(hd_store *s);
void hd_story_close(hd_store *s);
int hd_story_begin(hd_store *s, const hd_doc *doc);
int hd_story_end(hd_store *s);

/* The SQLite date modifiers of a window of `days` either side ("-3 days", "+3 days"). */
static inline void hd_store_window(int days, char before[24], char after[24])
{
    snprintf(before, 24, "-%d days", days);
    snprintf(after, 24, "+%d days", days);
}

/* Great-circle distance in km, and the SQL function hd_km(lat1, lon1, lat2, lon2) built on it
 * that --near uses (hd_query.c), registered on every store (both hd_store.c, so that ingest
 * never calls into the queries). */
double hd_store_km(double lat1, double lon1, double lat2, double lon2);
void hd_store_sql_km(sqlite3_context *ctx, int argc, sqlite3_value **v);

/* ACLED's CSV (hd_export_acled.c): its header line; hd_store_acled_begin() checks that the
 * store has what the rows need (0, or -1 refused); hd_store_acled_row() writes one event,
 * `outlets` the outlets that reported it, joined. */
#define HD_STORE_DIVISIONS 4096
/* The gazetteer's name of a first-level division (its country's alpha-2 code and its own
 * code), "" when the store has no gazetteer or the division is unknown (hd_export_acled.c). */
const char *hd_store_division_name(hd_store *s, const char *cc, const char *admin1);
extern const char hd_acled_header[];
int hd_store_acled_begin(hd_store *s);
void hd_store_acled_row(hd_store *s, FILE *f, const hd_event *ev, const char *outlets);

/* GeoJSON (hd_export_geojson.c): one event as a Feature, without a line break. */
void hd_store_geojson_feature(FILE *f, const hd_event *ev);

/* PLOVER's JSON (hd_export_plover.c): hd_store_plover_begin() checks the store has the model
 * (0, or -1 refused); hd_store_plover_row() writes one event as one line. */
int hd_store_plover_begin(hd_store *s);
void hd_store_plover_row(hd_store *s, FILE *f, const hd_event *ev);

/* Fills the error and status from SQLite's last failure; returns -1. A generic SQL error
 * (SQLITE_ERROR) is the caller's fault in a query (an FTS5 syntax error) but the store's
 * anywhere else: hd_store_fail_query says which. */
int hd_store_fail(hd_store *s, const char *what);
int hd_store_fail_query(hd_store *s, const char *what);
/* A refusal of the caller's input, before any SQL: HD_STORE_INVALID with a message; -1. */
int hd_store_refuse(hd_store *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Starts and ends a query's deadline (hd_store_set_deadline). */
void hd_store_begin_query(hd_store *s);
void hd_store_end_query(hd_store *s);

#endif
