/* hd_query.c: queries over the event store and its exports. Filters become bound parameters
 * of one prepared statement (values never enter the SQL text); a value that is malformed is
 * refused with a message before any SQL runs. Rows are written as herald's JSON Lines (the
 * first mention's sentence and attribution plus the cluster's counts and outlets), CSV,
 * GDELT 2.0 Events or Mentions rows, an ACLED-style CSV or PLOVER JSON; --count-by gives
 * counts per day, week, country or code. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/hd_model.h"
#include "store/hd_output.h"
#include "store/hd_store_int.h"

static int bad(hd_store *s, const char *what, const char *value)
{
    return hd_store_refuse(s, "bad %s '%.60s'", what, value);
}

static int is_date(const char *v) { return hd_date_check(v); }

static int all_of(const char *v, size_t min, size_t max, int (*ok)(int))
{
    size_t n = strlen(v);
    if (n < min || n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!ok((unsigned char)v[i]))
            return 0;
    return 1;
}

static int is_upper_alnum(int c) { return isupper(c) || isdigit(c); }
static int is_alpha(int c) { return isalpha(c); }
static int is_digit_char(int c) { return isdigit(c); }

/* The first string after every string that starts with `v` (codes are upper-case letters and
 * digits, so the last byte never overflows): prefix filters as index ranges. */
static void prefix_end(const char *v, char *out, size_t cap)
{
    snprintf(out, cap, "%s", v);
    size_t n = strlen(out);
    if (n)
        out[n - 1] = (char)(out[n - 1] + 1);
}

/* A query being built: its SQL and the values of its parameters, in order. Every filter at
 * once takes 25 parameters; `overflow` refuses a query that would not fit rather than run one
 * with a fragment or a value missing. */
#define MAX_PARAMS 48
typedef struct sqlbuf {
    char sql[8192];
    size_t len;
    const char *text[MAX_PARAMS];
    double num[MAX_PARAMS];
    int kind[MAX_PARAMS]; /* 0 text, 1 double, 2 int */
    int n;
    int overflow;
} sqlbuf;

static void add_sql(sqlbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n < sizeof b->sql) {
        memcpy(b->sql + b->len, s, n + 1);
        b->len += n;
    } else
        b->overflow = 1;
}

static void add_text(sqlbuf *b, const char *v)
{
    if (b->n >= MAX_PARAMS) {
        b->overflow = 1;
        return;
    }
    b->kind[b->n] = 0;
    b->text[b->n++] = v;
}

static void add_num(sqlbuf *b, double v, int integer)
{
    if (b->n >= MAX_PARAMS) {
        b->overflow = 1;
        return;
    }
    b->kind[b->n] = integer ? 2 : 1;
    b->num[b->n++] = v;
}

/* Builds the WHERE clause of `q` after validating every value. `side` narrows the actor
 * filter to the source (1) or the target (2) actor; 0 takes either. */
static int where_side(hd_store *s, const hd_query *q, sqlbuf *b, char pats[4][160], int side)
{
    add_sql(b, s->typed_only == HD_STORE_ACLED    ? " WHERE e.acled_type IS NOT NULL"
               : s->typed_only == HD_STORE_PLOVER ? " WHERE e.plover_type IS NOT NULL AND e.plover_type <> ''"
                                                  : " WHERE 1");
    if (q->from && q->from[0]) {
        if (!is_date(q->from))
            return bad(s, "from (a date YYYY-MM-DD)", q->from);
        add_sql(b, " AND e.date >= ?");
        add_text(b, q->from);
    }
    if (q->to && q->to[0]) {
        if (!is_date(q->to))
            return bad(s, "to (a date YYYY-MM-DD)", q->to);
        add_sql(b, " AND e.date <= ?");
        add_text(b, q->to);
    }
    if (q->country && q->country[0]) {
        if (!all_of(q->country, 2, 3, is_alpha))
            return bad(s, "country (ISO alpha-2 or alpha-3)", q->country);
        for (size_t i = 0; i < 3 && q->country[i]; i++)
            pats[3][i] = (char)toupper((unsigned char)q->country[i]);
        pats[3][strlen(q->country)] = '\0';
        if (strlen(q->country) == 2) {
            add_sql(b, " AND e.country = ?");
            add_text(b, pats[3]);
        } else {
            add_sql(b, " AND (e.source_country = ? OR e.target_country = ?)");
            add_text(b, pats[3]);
            add_text(b, pats[3]);
        }
    }
    if (q->actor && q->actor[0]) {
        if (!all_of(q->actor, 1, 31, is_upper_alnum))
            return bad(s, "actor (a CAMEO actor code prefix such as RUS or SYRREB)", q->actor);
        prefix_end(q->actor, pats[0], sizeof pats[0]);
        if (side == 1)
            add_sql(b, " AND e.source_code >= ? AND e.source_code < ?");
        else if (side == 2)
            add_sql(b, " AND e.target_code >= ? AND e.target_code < ?");
        else
            add_sql(b, " AND ((e.source_code >= ? AND e.source_code < ?) OR (e.target_code >= ? AND e.target_code < ?))");
        add_text(b, q->actor);
        add_text(b, pats[0]);
        if (!side) {
            add_text(b, q->actor);
            add_text(b, pats[0]);
        }
    }
    if (q->code && q->code[0]) {
        if (!all_of(q->code, 1, 4, is_digit_char))
            return bad(s, "code (a CAMEO code prefix, digits)", q->code);
        prefix_end(q->code, pats[1], sizeof pats[1]);
        /* with an actor, the actor indexes (which hold the code) lead: "+" keeps SQLite's
         * planner, which cannot see how few events an actor has, off the code index */
        add_sql(b, q->actor && q->actor[0] ? " AND +e.code >= ? AND +e.code < ?" : " AND e.code >= ? AND e.code < ?");
        add_text(b, q->code);
        add_text(b, pats[1]);
    }
    if (q->acled_type && q->acled_type[0]) {
        if (strlen(q->acled_type) > 100)
            return bad(s, "ACLED type", q->acled_type);
        add_sql(b, " AND (e.acled_type = ? COLLATE NOCASE OR e.acled_sub_type = ? COLLATE NOCASE)");
        add_text(b, q->acled_type);
        add_text(b, q->acled_type);
    }
    if (q->near) {
        if (!(q->near_lat >= -90 && q->near_lat <= 90 && q->near_lon >= -180 && q->near_lon <= 180 && q->near_km > 0 &&
              q->near_km <= 20000)) {
            char near[96];
            snprintf(near, sizeof near, "%g,%g,%g", q->near_lat, q->near_lon, q->near_km);
            return bad(s, "near (LAT,LON,KM: a latitude, a longitude, 0 < KM <= 20000)", near);
        }
        double dlat = q->near_km / 111.0, c = cos(q->near_lat * 3.14159265358979323846 / 180.0);
        double dlon = c > 0.01 ? q->near_km / (111.0 * c) : 360;
        add_sql(b, " AND e.id IN (SELECT id FROM events_rtree WHERE min_lat >= ? AND max_lat <= ? AND min_lon >= ?"
                   " AND max_lon <= ?) AND hd_km(e.lat, e.lon, ?, ?) <= ?");
        add_num(b, q->near_lat - dlat, 0);
        add_num(b, q->near_lat + dlat, 0);
        add_num(b, dlon >= 180 ? -180 : q->near_lon - dlon, 0);
        add_num(b, dlon >= 180 ? 180 : q->near_lon + dlon, 0);
        add_num(b, q->near_lat, 0);
        add_num(b, q->near_lon, 0);
        add_num(b, q->near_km, 0);
    }
    if (q->source && q->source[0]) {
        if (strlen(q->source) > 150)
            return bad(s, "source", q->source);
        add_sql(b, " AND e.id IN (SELECT x.event_id FROM event_sources x WHERE x.outlet = ? COLLATE NOCASE)");
        add_text(b, q->source);
    }
    if (q->placed)
        add_sql(b, " AND e.lat IS NOT NULL");
    if (q->story < 0)
        return bad(s, "story (a story id)", "negative");
    if (q->story > 0) {
        add_sql(b, " AND e.story_id = ?");
        add_num(b, (double)q->story, 1);
    }
    if (q->text && q->text[0]) {
        if (strlen(q->text) > 500)
            return bad(s, "text", q->text);
        add_sql(b, " AND e.id IN (SELECT m.event_id FROM mentions m WHERE m.id IN"
                   " (SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH ?))");
        add_text(b, q->text);
    }
    return 0;
}

static int where(hd_store *s, const hd_query *q, sqlbuf *b, char pats[4][160])
{
    return where_side(s, q, b, pats, 0);
}

static int prepare(hd_store *s, sqlbuf *b, sqlite3_stmt **st)
{
    *st = NULL;
    if (b->overflow) {
        return hd_store_refuse(s, "the query is too large");
    }
    if (sqlite3_prepare_v2(s->db, b->sql, -1, st, NULL) != SQLITE_OK)
        return hd_store_fail(s, "preparing the query");
    for (int i = 0; i < b->n; i++) {
        if (b->kind[i] == 0)
            sqlite3_bind_text(*st, i + 1, b->text[i], -1, SQLITE_TRANSIENT);
        else if (b->kind[i] == 1)
            sqlite3_bind_double(*st, i + 1, b->num[i]);
        else
            sqlite3_bind_int64(*st, i + 1, (sqlite3_int64)b->num[i]);
    }
    return 0;
}

/* ---- rows ------------------------------------------------------------------------------- */

enum {
    C_ID, C_DATE, C_DPREC, C_CODE, C_ROOT, C_QUAD, C_GOLD, C_SCODE, C_SCTRY, C_SROLE, C_TCODE, C_TCTRY, C_TROLE,
    C_GEOID, C_CTRY, C_PREC, C_LAT, C_LON, C_ACLED, C_ACLEDSUB, C_PLOVER, C_PMODE, C_CASE, C_NMENT, C_NSRC, C_NART,
    C_FIRST, C_LAST, C_PNAME, C_PADM1, C_PFIPS, C_MID, C_MDOC, C_MIDX, C_MSENT, C_MSPAN0, C_MSPAN1, C_MTEXT,
    C_MTRIG, C_MRULE, C_MSTEXT, C_MTTEXT, C_MPLACE, C_MHEDGED, C_MBACK, C_DKEY, C_DURL, C_DOUTLET,
    C_MCONF, C_STORY, C_SPERSON, C_TPERSON, C_MSPRON, C_MTPRON, C_TONE, C_DEAD
};

static const char select_cols[] =
    "SELECT e.id, e.date, e.date_precision, e.code, e.root, e.quad_class, e.goldstein,"
    " e.source_code, e.source_country, e.source_role, e.target_code, e.target_country, e.target_role,"
    " e.geonames_id, e.country, e.precision, e.lat, e.lon, e.acled_type, e.acled_sub_type, e.plover_type,"
    " e.plover_mode, e.case_label, e.num_mentions, e.num_sources, e.num_articles, e.first_seen, e.last_seen,"
    " p.name, p.admin1, p.country_fips, m.id, m.doc_id, m.event_index, m.sentence, m.span_start, m.span_end, m.text,"
    " m.trigger, m.rule, m.source_text, m.target_text, m.place_mention, m.hedged, m.background,"
    " d.doc_key, d.url, d.outlet, m.confidence, e.story_id, e.source_person, e.target_person,"
    " m.source_pronoun, m.target_pronoun,"
    " (SELECT avg(dt.tone) FROM mentions mt JOIN documents dt ON dt.id = mt.doc_id WHERE mt.event_id = e.id),"
    " (SELECT max(mf.fatalities) FROM mentions mf WHERE mf.event_id = e.id)"
    " FROM (%s) pick JOIN events e ON e.id = pick.id"
    " LEFT JOIN places p ON p.geonames_id = e.geonames_id"
    " LEFT JOIN mentions m ON m.id = (SELECT min(id) FROM mentions WHERE event_id = e.id)"
    " LEFT JOIN documents d ON d.id = m.doc_id";

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

static const char *col_or_null(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t && t[0] ? (const char *)t : NULL;
}

typedef struct row {
    hd_event ev;
    hd_actor src, tgt;
    hd_location loc;
    hd_attribution attr[8];
    char *outlets_mem[32];
    const char *outlets[32];
} row;

static void fill_actor(const hd_model *m, sqlite3_stmt *st, int code, int ctry, int role, int text, int person,
                       int pronoun, hd_actor *a)
{
    memset(a, 0, sizeof *a);
    snprintf(a->code, sizeof a->code, "%s", col(st, code));
    snprintf(a->country, sizeof a->country, "%s", col(st, ctry));
    snprintf(a->role, sizeof a->role, "%s", col(st, role));
    snprintf(a->person, sizeof a->person, "%s", col(st, person));
    a->text = col(st, text);
    a->text_len = strlen(a->text);
    a->pronoun = sqlite3_column_int(st, pronoun);
    hd_model_actor_parts(m, a); /* the store keeps the code; the parts are the dictionary's */
}

/* The event of the current result row, with its first mention, attributions and outlets. */
static void read_row(hd_store *s, sqlite3_stmt *st, sqlite3_stmt *attr_st, sqlite3_stmt *out_st, row *r)
{
    memset(r, 0, sizeof *r);
    hd_event *ev = &r->ev;
    ev->store_id = sqlite3_column_int64(st, C_ID);
    ev->story_id = sqlite3_column_int64(st, C_STORY);
    ev->doc_id = col(st, C_DKEY);
    ev->event_index = (unsigned)sqlite3_column_int(st, C_MIDX);
    ev->sentence = (unsigned)sqlite3_column_int(st, C_MSENT);
    ev->span_start = (size_t)sqlite3_column_int64(st, C_MSPAN0);
    ev->span_end = (size_t)sqlite3_column_int64(st, C_MSPAN1);
    ev->text = col(st, C_MTEXT);
    ev->text_len = strlen(ev->text);
    snprintf(ev->date, sizeof ev->date, "%s", col(st, C_DATE));
    ev->date_precision = col(st, C_DPREC);
    if (sqlite3_column_type(st, C_SCODE) != SQLITE_NULL) {
        fill_actor(s->model, st, C_SCODE, C_SCTRY, C_SROLE, C_MSTEXT, C_SPERSON, C_MSPRON, &r->src);
        ev->source = &r->src;
    }
    if (sqlite3_column_type(st, C_TCODE) != SQLITE_NULL) {
        fill_actor(s->model, st, C_TCODE, C_TCTRY, C_TROLE, C_MTTEXT, C_TPERSON, C_MTPRON, &r->tgt);
        ev->target = &r->tgt;
    }
    snprintf(ev->code, sizeof ev->code, "%s", col(st, C_CODE));
    snprintf(ev->root, sizeof ev->root, "%s", col(st, C_ROOT));
    ev->quad_class = sqlite3_column_int(st, C_QUAD);
    ev->goldstein = sqlite3_column_double(st, C_GOLD);
    if (sqlite3_column_type(st, C_GEOID) != SQLITE_NULL) {
        hd_location *l = &r->loc;
        l->name = col(st, C_PNAME);
        l->mention = col(st, C_MPLACE);
        l->mention_len = strlen(l->mention);
        memcpy(l->country, col(st, C_CTRY), strlen(col(st, C_CTRY)) >= 2 ? 2 : 0);
        memcpy(l->country_fips, col(st, C_PFIPS), strlen(col(st, C_PFIPS)) >= 2 ? 2 : 0);
        l->admin1 = col(st, C_PADM1);
        l->geonames_id = col(st, C_GEOID);
        l->precision = col(st, C_PREC);
        l->lat = sqlite3_column_double(st, C_LAT);
        l->lon = sqlite3_column_double(st, C_LON);
        ev->location = l;
    }
    sqlite3_bind_int64(attr_st, 1, sqlite3_column_int64(st, C_MID));
    size_t na = 0;
    static const char *const kinds[] = {"outlet", "media", "source", "speaker"};
    while (sqlite3_step(attr_st) == SQLITE_ROW && na < 8) {
        const char *k = col(attr_st, 0);
        r->attr[na].kind = "source";
        for (size_t i = 0; i < 4; i++)
            if (!strcmp(k, kinds[i]))
                r->attr[na].kind = kinds[i];
        r->attr[na].name = strdup(col(attr_st, 1));
        na++;
    }
    sqlite3_reset(attr_st);
    ev->attribution = r->attr;
    ev->n_attribution = na;
    ev->hedged = sqlite3_column_int(st, C_MHEDGED);
    ev->background = sqlite3_column_int(st, C_MBACK);
    ev->confidence = sqlite3_column_type(st, C_MCONF) == SQLITE_NULL ? -1 : sqlite3_column_double(st, C_MCONF);
    ev->rule = col(st, C_MRULE);
    ev->trigger = col(st, C_MTRIG);
    ev->trigger_len = strlen(ev->trigger);
    ev->doc_source = col_or_null(st, C_DOUTLET);
    ev->doc_url = col_or_null(st, C_DURL);
    ev->acled_event_type = col_or_null(st, C_ACLED);
    ev->acled_sub_event_type = col_or_null(st, C_ACLEDSUB);
    ev->plover_event_type = col_or_null(st, C_PLOVER);
    ev->plover_mode = col(st, C_PMODE);
    ev->case_label = col(st, C_CASE);
    ev->num_mentions = (unsigned)sqlite3_column_int(st, C_NMENT);
    ev->num_sources = (unsigned)sqlite3_column_int(st, C_NSRC);
    ev->num_articles = (unsigned)sqlite3_column_int(st, C_NART);
    ev->first_seen = col(st, C_FIRST);
    ev->last_seen = col(st, C_LAST);
    ev->has_tone = sqlite3_column_type(st, C_TONE) != SQLITE_NULL;
    ev->fatalities = sqlite3_column_type(st, C_DEAD) == SQLITE_NULL ? -1 : (long)sqlite3_column_int64(st, C_DEAD);
    ev->avg_tone = sqlite3_column_double(st, C_TONE);
    sqlite3_bind_int64(out_st, 1, ev->store_id);
    size_t no = 0;
    while (sqlite3_step(out_st) == SQLITE_ROW && no < 32) {
        r->outlets_mem[no] = strdup(col(out_st, 0));
        r->outlets[no] = r->outlets_mem[no] ? r->outlets_mem[no] : "";
        no++;
    }
    sqlite3_reset(out_st);
    ev->outlets = r->outlets;
    ev->n_outlets = no;
    (void)s;
}

static void free_row(row *r)
{
    for (size_t i = 0; i < r->ev.n_attribution; i++)
        free((char *)r->attr[i].name);
    for (size_t i = 0; i < r->ev.n_outlets; i++)
        free(r->outlets_mem[i]);
}

/* ---- writers ---------------------------------------------------------------------------- */


static void csv(FILE *f, const char *v) { hd_store_csv_field(f, v ? v : "", v ? strlen(v) : 0); }

static void outlets_joined(const hd_event *ev, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t i = 0; i < ev->n_outlets; i++) {
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%s", i ? "; " : "", ev->outlets[i]);
    }
}

/* How the event's date was found ("day", "publication" ...), "none" when it has none. */
static const char *date_precision_of(const hd_event *ev)
{
    return ev->date[0] && ev->date_precision && ev->date_precision[0] ? ev->date_precision : "none";
}

static const char csv_header[] =
    "event_id,date,date_precision,code,root,quad_class,goldstein,source_code,source_country,source_role,target_code,"
    "target_country,target_role,country,admin1,place,geonames_id,precision,latitude,longitude,acled_event_type,"
    "acled_sub_event_type,plover_event_type,plover_mode,case_label,num_mentions,num_sources,num_articles,"
    "first_seen,last_seen,story_id,outlets,sentence\n";

static void write_csv(FILE *f, const hd_event *ev)
{
    char buf[2048];
    fprintf(f, "%lld,%s,%s,%s,%s,%d,%.1f,", ev->store_id, ev->date, date_precision_of(ev), ev->code, ev->root, ev->quad_class, ev->goldstein);
    const hd_actor *a[2] = {ev->source, ev->target};
    for (int k = 0; k < 2; k++) {
        csv(f, a[k] ? a[k]->code : "");
        fputc(',', f);
        csv(f, a[k] ? a[k]->country : "");
        fputc(',', f);
        csv(f, a[k] ? a[k]->role : "");
        fputc(',', f);
    }
    const hd_location *l = ev->location;
    if (l) {
        fprintf(f, "%.2s,", l->country);
        csv(f, l->admin1);
        fputc(',', f);
        csv(f, l->name);
        fputc(',', f);
        csv(f, l->geonames_id);
        fprintf(f, ",%s,%.4f,%.4f,", l->precision, l->lat, l->lon);
    } else
        fputs(",,,,,,,", f);
    csv(f, ev->acled_event_type);
    fputc(',', f);
    csv(f, ev->acled_sub_event_type);
    fputc(',', f);
    csv(f, ev->plover_event_type);
    fputc(',', f);
    csv(f, ev->plover_mode);
    fputc(',', f);
    csv(f, ev->case_label);
    fprintf(f, ",%u,%u,%u,%s,%s,", ev->num_mentions, ev->num_sources, ev->num_articles, ev->first_seen, ev->last_seen);
    if (ev->story_id > 0)
        fprintf(f, "%lld", ev->story_id);
    fputc(',', f);
    outlets_joined(ev, buf, sizeof buf);
    csv(f, buf);
    fputc(',', f);
    hd_store_csv_field(f, ev->text, ev->text_len);
    fputc('\n', f);
}

static void json_string(FILE *f, const char *v, size_t n) { hd_json_write_string(f, v, n); }

static void json_cstr(FILE *f, const char *v)
{
    if (v && v[0])
        json_string(f, v, strlen(v));
    else
        fputs("null", f);
}


/* Where `needle` first occurs in a mention's sentence, as a byte offset in its document
 * (the sentence starts at `start`); -1 when it does not. */
static long long offset_in(const char *sentence, long long start, const char *needle)
{
    const char *at = needle && needle[0] ? strstr(sentence, needle) : NULL;
    return at ? start + (at - sentence) : -1;
}

/* GDELT's MentionSourceName: the web domain of the article's address without "www."
 * ("cnn.com"), else the outlet's name. */
static void source_name(const char *url, const char *outlet, char *out, size_t cap)
{
    const char *host = url ? strstr(url, "://") : NULL;
    if (host) {
        host += 3;
        if (!strncmp(host, "www.", 4))
            host += 4;
        size_t n = strcspn(host, "/:?#");
        if (n) {
            snprintf(out, cap, "%.*s", (int)(n < cap - 1 ? n : cap - 1), host);
            for (char *p = out; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p - 'A' + 'a');
            return;
        }
    }
    snprintf(out, cap, "%s", outlet ? outlet : "");
}

/* GDELT 2.0 Mentions: one row per mention of the events that matched. Offsets and the
 * document's length are in bytes of its normalised text. */
static long write_mentions(hd_store *s, const hd_event *ev, FILE *f)
{
    static const char sql[] = "SELECT m.sentence, m.span_start, m.span_end, d.outlet, d.url, d.doc_key, d.date,"
                              " m.confidence, m.text, m.source_text, m.target_text, m.trigger, d.length, d.tone"
                              " FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.event_id = ? ORDER BY m.id";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return hd_store_fail(s, "reading mentions");
    sqlite3_bind_int64(st, 1, ev->store_id);
    long n = 0;
    char when[16];
    if (ev->date[0])
        snprintf(when, sizeof when, "%.4s%.2s%.2s000000", ev->date, ev->date + 5, ev->date + 8);
    else
        when[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *date = col(st, 6);
        char seen[16];
        if (strlen(date) == 10)
            snprintf(seen, sizeof seen, "%.4s%.2s%.2s000000", date, date + 5, date + 8);
        else
            snprintf(seen, sizeof seen, "%s", when);
        const char *url = col_or_null(st, 4) ? col(st, 4) : col(st, 5);
        char domain[256];
        source_name(col_or_null(st, 4), col_or_null(st, 3), domain, sizeof domain);
        long long start = (long long)sqlite3_column_int64(st, 1);
        const char *sentence = col(st, 8);
        /* GLOBALEVENTID EventTimeDate MentionTimeDate MentionType MentionSourceName
         * MentionIdentifier SentenceID Actor1CharOffset Actor2CharOffset ActionCharOffset
         * InRawText Confidence MentionDocLen MentionDocTone MentionDocTranslationInfo Extras */
        /* GDELT's Confidence is a percentage in steps of ten, 10 at the least */
        char confidence[8] = "", length[24] = "", tone[32] = "";
        if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
            int tens = (int)(sqlite3_column_double(st, 7) * 10 + 0.5);
            snprintf(confidence, sizeof confidence, "%d", (tens < 1 ? 1 : tens > 10 ? 10 : tens) * 10);
        }
        if (sqlite3_column_type(st, 12) != SQLITE_NULL)
            snprintf(length, sizeof length, "%lld", (long long)sqlite3_column_int64(st, 12));
        if (sqlite3_column_type(st, 13) != SQLITE_NULL)
            snprintf(tone, sizeof tone, "%.4f", sqlite3_column_double(st, 13));
        long long action = offset_in(sentence, start, col(st, 11));
        fprintf(f, "%lld\t%s\t%s\t1\t%s\t%s\t%d\t%lld\t%lld\t%lld\t1\t%s\t%s\t%s\t\t\n", ev->store_id, when, seen,
                domain, url, sqlite3_column_int(st, 0), offset_in(sentence, start, col(st, 9)),
                offset_in(sentence, start, col(st, 10)), action >= 0 ? action : start, confidence, length, tone);
        n++;
    }
    sqlite3_finalize(st);
    return n;
}

/* ---- the query -------------------------------------------------------------------------- */

/* The ISO 8601 week of e.date ("2024-W01"): the week's Thursday names its year, and its day
 * of that year its number (SQLite before 3.46 has no %V). */
#define ISO_WEEK                                                                                   \
    "printf('%s-W%02d', strftime('%Y', date(e.date, '-3 days', 'weekday 4')),"                     \
    " (CAST(strftime('%j', date(e.date, '-3 days', 'weekday 4')) AS INTEGER) - 1) / 7 + 1)"

/* --count-by: what each key counts, in the order of hd_query.count_by's documentation. Keys of
 * time are listed in time order; the others most counted first. An event counts once for each
 * of its actors (source and target, once when they are one) and each outlet that reported it;
 * an undated event's key of time is "". */
static const struct count_key {
    const char *name, *key;
    int by_time;
} count_keys[] = {
    {"day", "coalesce(e.date, '')", 1},
    {"week", "CASE WHEN e.date IS NULL THEN '' ELSE " ISO_WEEK " END", 1},
    {"month", "coalesce(substr(e.date, 1, 7), '')", 1},
    {"year", "coalesce(substr(e.date, 1, 4), '')", 1},
    {"country", "coalesce(e.country, '')", 0},
    {"code", "e.code", 0},
    {"root", "e.root", 0},
    {"actor", NULL, 0},
    {"outlet", NULL, 0},
    {"acled", "coalesce(e.acled_type, '')", 0},
    {"story", "coalesce(e.story_id, '')", 0},
};

static long count_by(hd_store *s, const hd_query *q, hd_store_format fmt, FILE *out)
{
    const struct count_key *ck = NULL;
    for (size_t i = 0; i < sizeof count_keys / sizeof count_keys[0]; i++)
        if (!strcmp(q->count_by, count_keys[i].name))
            ck = &count_keys[i];
    if (!ck)
        return bad(s, "count by (day, week, month, year, country, code, root, actor, outlet, acled or story)",
                   q->count_by);
    if (q->limit < 0 || q->offset < 0)
        return bad(s, "limit or offset", "negative");
    sqlbuf b;
    memset(&b, 0, sizeof b);
    char pats[4][160];
    if (!strcmp(ck->name, "actor")) {
        add_sql(&b, "SELECT k, count(*) AS n FROM (SELECT coalesce(e.source_code, '') AS k FROM events e");
        if (where(s, q, &b, pats) != 0)
            return -1;
        add_sql(&b, " AND e.source_code IS NOT NULL UNION ALL SELECT e.target_code AS k FROM events e");
        if (where(s, q, &b, pats) != 0)
            return -1;
        add_sql(&b, " AND e.target_code IS NOT NULL AND e.target_code IS NOT e.source_code)");
    } else if (!strcmp(ck->name, "outlet")) {
        add_sql(&b, "SELECT o.outlet AS k, count(*) AS n FROM events e JOIN event_sources o ON o.event_id = e.id");
        if (where(s, q, &b, pats) != 0)
            return -1;
    } else {
        add_sql(&b, "SELECT ");
        add_sql(&b, ck->key);
        add_sql(&b, " AS k, count(*) AS n FROM events e");
        if (where(s, q, &b, pats) != 0)
            return -1;
    }
    add_sql(&b, ck->by_time ? " GROUP BY k ORDER BY k" : " GROUP BY k ORDER BY n DESC, k");
    add_sql(&b, " LIMIT ? OFFSET ?");
    add_num(&b, q->limit > 0 ? (double)q->limit : -1, 1);
    add_num(&b, (double)q->offset, 1);
    sqlite3_stmt *st;
    if (prepare(s, &b, &st) != 0)
        return -1;
    if (fmt == HD_STORE_CSV)
        fprintf(out, "%s,count\n", ck->name);
    long n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = col(st, 0);
        long long count = (long long)sqlite3_column_int64(st, 1);
        if (fmt == HD_STORE_JSONL) {
            fputs("{\"key\":", out);
            json_string(out, k, strlen(k));
            fprintf(out, ",\"count\":%lld}\n", count);
        } else if (fmt == HD_STORE_CSV) {
            hd_store_csv_field(out, k, strlen(k));
            fprintf(out, ",%lld\n", count);
        } else
            fprintf(out, "%s\t%lld\n", k, count);
        n++;
    }
    if (rc != SQLITE_DONE)
        n = hd_store_fail_query(s, "running the query");
    sqlite3_finalize(st);
    return n;
}

struct hit {
    sqlite3_int64 id;
    char date[11];
};

/* newest first: date, then id, both descending */
static int newest_first(const void *a, const void *b)
{
    const struct hit *x = a, *y = b;
    int c = strcmp(y->date, x->date);
    return c ? c : (y->id > x->id) - (y->id < x->id);
}

static long run_query(hd_store *s, const hd_query *q, hd_store_format fmt, FILE *out);

long hd_store_count(hd_store *s, const hd_query *q)
{
    sqlbuf b;
    memset(&b, 0, sizeof b);
    char pats[4][160];
    hd_store_begin_query(s);
    add_sql(&b, "SELECT count(*) FROM events e");
    long n = -1;
    sqlite3_stmt *st;
    if (where(s, q, &b, pats) == 0 && prepare(s, &b, &st) == 0) {
        n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : hd_store_fail_query(s, "counting");
        sqlite3_finalize(st);
    }
    hd_store_end_query(s);
    return n;
}

long hd_store_query(hd_store *s, const hd_query *q, hd_store_format fmt, FILE *out)
{
    /* ACLED's data are political violence, demonstrations and strategic developments, PLOVER's
     * its sixteen types of act: an event of no such type is no row of either */
    int rows = !(q->count_by && q->count_by[0]);
    if (rows && fmt == HD_STORE_ACLED && hd_store_acled_begin(s) != 0)
        return -1;
    if (rows && fmt == HD_STORE_PLOVER && hd_store_plover_begin(s) != 0)
        return -1;
    s->typed_only = rows && fmt == HD_STORE_ACLED ? HD_STORE_ACLED : rows && fmt == HD_STORE_PLOVER ? HD_STORE_PLOVER : 0;
    hd_store_begin_query(s);
    long n = run_query(s, q, fmt, out);
    hd_store_end_query(s);
    s->typed_only = 0;
    return n;
}

static long run_query(hd_store *s, const hd_query *q, hd_store_format fmt, FILE *out)
{
    if (q->count_by && q->count_by[0])
        return count_by(s, q, fmt, out);
    if (q->limit < 0 || q->offset < 0)
        return bad(s, "limit or offset", "negative");
    sqlbuf b;
    memset(&b, 0, sizeof b);
    char pats[4][160];
    /* Newest first with a limit. The filters' own indexes give up to PROBE matching ids with
     * their dates in one pass: when that is all of them, they are sorted here and the page is
     * cut from them; when there are more, matches are dense and walking the date index
     * backwards finds the page at once. */
    enum { PROBE = 20000 };
    int by_date = 0, picked = 0;
    hd_buf ids = HD_BUF_INIT;
    /* a country's (country, date) index is already in date order: walked backwards, it stops
     * at the page's end (other filters such as a code or an ACLED type are checked on the way) */
    int country_led = q->country && strlen(q->country) == 2 && !(q->actor && q->actor[0]) && !q->near &&
                      !(q->source && q->source[0]) && !(q->text && q->text[0]);
    if (q->limit > 0 && q->limit + q->offset <= 10000 && !country_led) {
        if (q->actor && q->actor[0]) {
            /* one branch per side, each read from its (actor, code, date) index alone */
            add_sql(&b, "SELECT e.id, e.date FROM events e");
            if (where_side(s, q, &b, pats, 1) != 0)
                return -1;
            add_sql(&b, " UNION ALL SELECT e.id, e.date FROM events e");
            if (where_side(s, q, &b, pats, 2) != 0)
                return -1;
        } else {
            add_sql(&b, "SELECT e.id, e.date FROM events e");
            if (where(s, q, &b, pats) != 0)
                return -1;
        }
        add_sql(&b, " LIMIT ?");
        add_num(&b, PROBE + 1, 1);
        sqlite3_stmt *probe;
        if (prepare(s, &b, &probe) != 0)
            return -1;
        struct hit *hits = malloc((PROBE + 1) * sizeof *hits);
        size_t nh = 0;
        int rc;
        while (hits && (rc = sqlite3_step(probe)) == SQLITE_ROW) {
            hits[nh].id = sqlite3_column_int64(probe, 0);
            snprintf(hits[nh].date, sizeof hits[nh].date, "%s", col(probe, 1));
            nh++;
        }
        sqlite3_finalize(probe);
        if (!hits || rc != SQLITE_DONE) {
            free(hits);
            return hits ? hd_store_fail_query(s, "running the query") : bad(s, "memory", "");
        }
        if (nh > PROBE)
            by_date = 1;
        else {
            qsort(hits, nh, sizeof *hits, newest_first);
            /* an event of the actor on both sides came from both branches: once is enough */
            size_t kept = 0;
            for (size_t i = 0; i < nh; i++)
                if (!kept || hits[kept - 1].id != hits[i].id)
                    hits[kept++] = hits[i];
            nh = kept;
            hd_buf_putc(&ids, '[');
            for (size_t i = (size_t)q->offset; i < nh && i < (size_t)(q->offset + q->limit); i++)
                hd_buf_printf(&ids, "%s%lld", i > (size_t)q->offset ? "," : "", (long long)hits[i].id);
            hd_buf_putc(&ids, ']');
            picked = 1;
        }
        free(hits);
        memset(&b, 0, sizeof b);
    }
    if (picked) {
        add_sql(&b, "SELECT CAST(value AS INTEGER) AS id FROM json_each(?)");
        add_text(&b, hd_buf_cstr(&ids));
    } else {
        add_sql(&b, by_date       ? "SELECT e.id FROM events e INDEXED BY events_date"
                    : country_led ? "SELECT e.id FROM events e INDEXED BY events_country_date"
                                  : "SELECT e.id FROM events e");
        if (where(s, q, &b, pats) != 0) {
            hd_buf_free(&ids);
            return -1;
        }
        add_sql(&b, " ORDER BY e.date DESC, e.id DESC LIMIT ? OFFSET ?");
        add_num(&b, q->limit > 0 ? (double)q->limit : -1, 1);
        add_num(&b, (double)q->offset, 1);
    }
    char inner[sizeof b.sql];
    memcpy(inner, b.sql, sizeof inner);
    int n_full = snprintf(b.sql, sizeof b.sql, select_cols, inner);
    if (n_full < 0 || (size_t)n_full + 40 >= sizeof b.sql) {
        return hd_store_refuse(s, "the query is too large");
    }
    b.len = (size_t)n_full;
    add_sql(&b, " ORDER BY e.date DESC, e.id DESC");
    sqlite3_stmt *st, *attr_st = NULL, *out_st = NULL;
    int prepared = prepare(s, &b, &st);
    hd_buf_free(&ids); /* bound as a copy */
    if (prepared != 0)
        return -1;
    if (sqlite3_prepare_v2(s->db, "SELECT kind, name FROM attributions WHERE mention_id = ? ORDER BY position", -1,
                           &attr_st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT outlet FROM event_sources WHERE event_id = ? ORDER BY outlet", -1, &out_st,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        sqlite3_finalize(attr_st);
        return hd_store_fail(s, "preparing the query");
    }
    if (fmt == HD_STORE_CSV)
        fputs(csv_header, out);
    else if (fmt == HD_STORE_ACLED)
        fputs(hd_acled_header, out);
    else if (fmt == HD_STORE_GEOJSON)
        fputs("{\"type\":\"FeatureCollection\",\"features\":[", out);
    long n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row r;
        read_row(s, st, attr_st, out_st, &r);
        switch (fmt) {
        case HD_STORE_JSONL: hd_event_write(&r.ev, HD_FORMAT_JSONL, out); break;
        case HD_STORE_GDELT: hd_event_write(&r.ev, HD_FORMAT_GDELT, out); break;
        case HD_STORE_CSV: write_csv(out, &r.ev); break;
        case HD_STORE_ACLED: {
            char outlets[2048];
            outlets_joined(&r.ev, outlets, sizeof outlets);
            hd_store_acled_row(s, out, &r.ev, outlets);
            break;
        }
        case HD_STORE_PLOVER: hd_store_plover_row(s, out, &r.ev); break;
        case HD_STORE_GEOJSON:
            fputs(n ? ",\n" : "\n", out);
            hd_store_geojson_feature(out, &r.ev);
            break;
        case HD_STORE_GDELT_MENTIONS: write_mentions(s, &r.ev, out); break;
        }
        free_row(&r);
        n++;
    }
    if (fmt == HD_STORE_GEOJSON)
        fputs("\n]}\n", out);
    if (rc != SQLITE_DONE)
        n = hd_store_fail_query(s, "running the query"); /* e.g. an FTS5 syntax error in --text */
    sqlite3_finalize(st);
    sqlite3_finalize(attr_st);
    sqlite3_finalize(out_st);
    return n;
}

/* ---- one event with its evidence ---------------------------------------------------------- */

/* Where `needle` first occurs in `text`, as a highlight {"kind","start","end"} in bytes. */
static void highlight(FILE *f, const char *text, const char *needle, const char *kind, int *first)
{
    if (!needle || !needle[0])
        return;
    const char *at = strstr(text, needle);
    if (!at)
        return;
    fprintf(f, "%s{\"kind\":\"%s\",\"start\":%ld,\"end\":%ld}", *first ? "" : ",", kind, (long)(at - text),
            (long)(at - text + (long)strlen(needle)));
    *first = 0;
}

static int write_event(hd_store *s, long long id, FILE *out);

int hd_store_event(hd_store *s, long long id, FILE *out)
{
    hd_store_begin_query(s);
    int rc = write_event(s, id, out);
    hd_store_end_query(s);
    return rc;
}

static int write_event(hd_store *s, long long id, FILE *out)
{
    char sql[4096];
    snprintf(sql, sizeof sql, select_cols, "SELECT CAST(?1 AS INTEGER) AS id");
    sqlite3_stmt *st = NULL, *attr_st = NULL, *out_st = NULL, *ment = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT kind, name FROM attributions WHERE mention_id = ? ORDER BY position", -1,
                           &attr_st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT outlet FROM event_sources WHERE event_id = ? ORDER BY outlet", -1, &out_st,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT m.id, m.sentence, m.span_start, m.span_end, m.text, m.trigger, m.source_text,"
                           " m.target_text, m.place_mention, m.code, m.date, m.hedged, d.doc_key, d.title, d.url,"
                           " d.outlet, d.date FROM mentions m JOIN documents d ON d.id = m.doc_id"
                           " WHERE m.event_id = ? ORDER BY m.id",
                           -1, &ment, NULL) != SQLITE_OK) {
        hd_store_fail(s, "preparing the event query");
        goto done;
    }
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE) {
        rc = 0;
        goto done;
    }
    if (step != SQLITE_ROW) {
        hd_store_fail(s, "reading the event");
        goto done;
    }
    row r;
    read_row(s, st, attr_st, out_st, &r);
    fputs("{\"event\":", out);
    char *rec = NULL;
    size_t reclen = 0;
    FILE *mem = open_memstream(&rec, &reclen);
    if (mem) {
        hd_event_write(&r.ev, HD_FORMAT_JSONL, mem);
        fclose(mem);
        while (reclen && rec[reclen - 1] == '\n')
            reclen--;
        fwrite(rec, 1, reclen, out);
        free(rec);
    } else
        fputs("null", out);
    free_row(&r);
    fputs(",\"mentions\":[", out);
    sqlite3_bind_int64(ment, 1, id);
    int n = 0;
    while (sqlite3_step(ment) == SQLITE_ROW) {
        const char *text = col(ment, 4);
        fprintf(out, "%s{\"mention_id\":%lld,\"sentence\":%d,\"span\":[%lld,%lld],\"text\":", n ? "," : "",
                (long long)sqlite3_column_int64(ment, 0), sqlite3_column_int(ment, 1),
                (long long)sqlite3_column_int64(ment, 2), (long long)sqlite3_column_int64(ment, 3));
        json_string(out, text, strlen(text));
        fputs(",\"highlights\":[", out);
        int first = 1;
        highlight(out, text, col(ment, 6), "source", &first);
        highlight(out, text, col(ment, 5), "trigger", &first);
        highlight(out, text, col(ment, 7), "target", &first);
        highlight(out, text, col(ment, 8), "place", &first);
        fprintf(out, "],\"code\":\"%s\",\"date\":", col(ment, 9));
        json_cstr(out, col_or_null(ment, 10));
        fprintf(out, ",\"hedged\":%s,\"attribution\":[", sqlite3_column_int(ment, 11) ? "true" : "false");
        sqlite3_bind_int64(attr_st, 1, sqlite3_column_int64(ment, 0));
        int na = 0;
        while (sqlite3_step(attr_st) == SQLITE_ROW) {
            fprintf(out, "%s{\"kind\":", na++ ? "," : "");
            json_cstr(out, col_or_null(attr_st, 0));
            fputs(",\"name\":", out);
            json_cstr(out, col_or_null(attr_st, 1));
            fputc('}', out);
        }
        sqlite3_reset(attr_st);
        fputs("],\"document\":{\"id\":", out);
        json_cstr(out, col_or_null(ment, 12));
        fputs(",\"title\":", out);
        json_cstr(out, col_or_null(ment, 13));
        fputs(",\"url\":", out);
        json_cstr(out, col_or_null(ment, 14));
        fputs(",\"outlet\":", out);
        json_cstr(out, col_or_null(ment, 15));
        fputs(",\"date\":", out);
        json_cstr(out, col_or_null(ment, 16));
        fputs("}}", out);
        n++;
    }
    fputs("]}\n", out);
    rc = 1;
done:
    sqlite3_finalize(st);
    sqlite3_finalize(attr_st);
    sqlite3_finalize(out_st);
    sqlite3_finalize(ment);
    return rc;
}
