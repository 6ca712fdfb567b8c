/* serve_api.c: the answers of `herald serve`'s JSON API, computed on a lane's worker thread with
 * that worker's store connection and coder. The request's filters were checked on the daemon's
 * thread (serve.c); what can still fail here is the store: a caller's mistake it finds (an FTS5
 * syntax error) is a 400, a query past the request's deadline a 503, and a broken store (a
 * damaged file, an I/O error) a 500 with a line in the log. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

/* Gives the store what is left of the request's time; 0 when nothing is left. */
static int arm_deadline(serve_worker *w, double ends)
{
    if (w->query_timeout <= 0) {
        hd_store_set_deadline(w->store, 0);
        return 1;
    }
    double left = ends - cli_now();
    if (left <= 0)
        return 0;
    hd_store_set_deadline(w->store, left);
    return 1;
}

static void timed_out(serve_worker *w, serve_request *rq)
{
    char msg[200];
    snprintf(msg, sizeof msg, "the query ran longer than %g s and was stopped", w->query_timeout);
    serve_log(rq, 503, msg);
    snprintf(msg, sizeof msg,
             "the query took longer than %g s and was stopped: narrow it (fewer wildcards or words, a date range)",
             w->query_timeout);
    serve_reply_busy(&rq->reply, 5, msg);
}

/* The store refused or failed the last call: who is to blame decides the status. */
static void store_failed(serve_worker *w, serve_request *rq)
{
    switch (hd_store_last_status(w->store)) {
    case HD_STORE_INVALID:
        serve_reply_error(&rq->reply, MHD_HTTP_BAD_REQUEST, hd_store_error(w->store));
        break;
    case HD_STORE_TIMEOUT:
        timed_out(w, rq);
        break;
    default:
        serve_log(rq, 500, hd_store_error(w->store));
        serve_reply_error(&rq->reply, MHD_HTTP_INTERNAL_SERVER_ERROR,
                          "the event store failed to answer; the server's log says why");
    }
}

static void out_of_memory(serve_request *rq)
{
    serve_log(rq, 500, "out of memory");
    serve_reply_error(&rq->reply, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
}

/* A memory stream for the reply's body; NULL with the 500 already in rq when there is none. */
static FILE *reply_stream(serve_request *rq, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    FILE *mem = open_memstream(buf, len);
    if (!mem)
        out_of_memory(rq);
    return mem;
}

/* JSON Lines from the store as one JSON array. */
static char *lines_to_array(const char *lines, size_t len, size_t *outlen)
{
    char *out = malloc(len + 3);
    if (!out)
        return NULL;
    size_t k = 0;
    out[k++] = '[';
    for (size_t i = 0; i < len; i++) {
        if (lines[i] == '\n') {
            if (i + 1 < len)
                out[k++] = ',';
        } else
            out[k++] = lines[i];
    }
    out[k++] = ']';
    *outlen = k;
    return out;
}

/* Runs `q` and gives its rows as one JSON array (malloc'd) and their number in *n: 0, or -1
 * when the store failed (*n < 0, hd_store_last_status()) or memory ran out (*n >= 0). */
static int query_array(hd_store *st, const hd_query *q, char **array, size_t *alen, long *n)
{
    char *lines = NULL;
    size_t len = 0;
    *array = NULL;
    *n = 0;
    FILE *mem = open_memstream(&lines, &len);
    if (!mem)
        return -1;
    *n = hd_store_query(st, q, HD_STORE_JSONL, mem);
    fclose(mem);
    if (*n >= 0)
        *array = lines_to_array(lines ? lines : "", len, alen);
    free(lines);
    return *n >= 0 && *array ? 0 : -1;
}

/* format=csv|geojson: the page as a file of that format (a download of the filter) */
static void api_events_file(serve_worker *w, serve_request *rq)
{
    char *buf;
    size_t len;
    FILE *mem = reply_stream(rq, &buf, &len);
    if (!mem)
        return;
    long n = hd_store_query(w->store, &rq->q, rq->format, mem);
    fclose(mem);
    if (n < 0) {
        free(buf);
        store_failed(w, rq);
        return;
    }
    serve_reply_body(&rq->reply, MHD_HTTP_OK,
                     rq->format == HD_STORE_CSV ? "text/csv; charset=utf-8" : "application/geo+json", buf, len);
}

static void api_events(serve_worker *w, serve_request *rq, double ends)
{
    if (!arm_deadline(w, ends)) {
        timed_out(w, rq);
        return;
    }
    if (rq->format != HD_STORE_JSONL) {
        api_events_file(w, rq);
        return;
    }
    char *array;
    size_t alen = 0;
    long n;
    if (query_array(w->store, &rq->q, &array, &alen, &n) != 0) {
        if (n < 0)
            store_failed(w, rq);
        else
            out_of_memory(rq);
        return;
    }
    /* how many match in all, beyond the page: what the dashboard's totals say */
    long total = arm_deadline(w, ends) ? hd_store_count(w->store, &rq->q) : -1;
    if (total < 0) {
        free(array);
        if (hd_store_last_status(w->store) == HD_STORE_TIMEOUT || !arm_deadline(w, ends))
            timed_out(w, rq);
        else
            store_failed(w, rq);
        return;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (mem) {
        fprintf(mem, "{\"limit\":%ld,\"offset\":%ld,\"count\":%ld,\"total\":%ld,\"events\":", rq->q.limit, rq->q.offset, n,
                total);
        fwrite(array, 1, alen, mem);
        fputs("}\n", mem);
        fclose(mem);
    }
    free(array);
    if (!mem || !buf)
        out_of_memory(rq);
    else
        serve_reply_json(&rq->reply, MHD_HTTP_OK, buf, len);
}

static void api_event(serve_worker *w, serve_request *rq, double ends)
{
    if (!arm_deadline(w, ends)) {
        timed_out(w, rq);
        return;
    }
    char *buf;
    size_t len;
    FILE *mem = reply_stream(rq, &buf, &len);
    if (!mem)
        return;
    int rc = hd_store_event(w->store, rq->event_id, mem);
    fclose(mem);
    if (rc > 0) {
        serve_reply_json(&rq->reply, MHD_HTTP_OK, buf, len);
        return;
    }
    free(buf);
    if (rc == 0)
        serve_reply_error(&rq->reply, MHD_HTTP_NOT_FOUND, "no such event");
    else
        store_failed(w, rq);
}

/* The four tallies share the request's one deadline. */
static void api_stats(serve_worker *w, serve_request *rq, double ends)
{
    /* the tallies the dashboard charts; actors and outlets are many: their 30 most counted */
    static const char *const keys[] = {"day", "country", "root", "acled", "actor", "outlet"};
    static const long limits[] = {0, 0, 0, 0, 30, 30};
    hd_query q = rq->q;
    q.limit = q.offset = 0;
    char *buf;
    size_t len;
    FILE *mem = reply_stream(rq, &buf, &len);
    if (!mem)
        return;
    fputc('{', mem);
    int failed = 0, late = 0;
    long n = 0;
    for (int i = 0; i < 6 && !failed; i++) {
        char *array;
        size_t alen = 0;
        q.count_by = keys[i];
        q.limit = limits[i];
        late = !arm_deadline(w, ends);
        failed = late || query_array(w->store, &q, &array, &alen, &n) != 0;
        if (!failed) {
            fprintf(mem, "%s\"by_%s\":", i ? "," : "", keys[i]);
            fwrite(array, 1, alen, mem);
            free(array);
        }
    }
    fputs("}\n", mem);
    fclose(mem);
    if (!failed && buf) {
        serve_reply_json(&rq->reply, MHD_HTTP_OK, buf, len);
        return;
    }
    free(buf);
    if (late)
        timed_out(w, rq);
    else if (n < 0)
        store_failed(w, rq);
    else
        out_of_memory(rq);
}

typedef struct code_sink {
    FILE *out;
    long n;
} code_sink;

static int code_event(void *user, const hd_event *ev)
{
    code_sink *cs = user;
    if (cs->n++)
        fputc(',', cs->out);
    char *rec = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&rec, &len);
    if (!m)
        return 1;
    hd_event_write(ev, HD_FORMAT_JSONL, m);
    fclose(m);
    while (len && rec[len - 1] == '\n')
        len--;
    fwrite(rec, 1, len, cs->out);
    free(rec);
    return 0;
}

/* POST /api/code: the body is the article's text; "date" and "title" in the URL. */
static void api_code(serve_worker *w, serve_request *rq)
{
    hd_doc d;
    memset(&d, 0, sizeof d);
    d.id = "posted";
    d.text = rq->body;
    d.text_len = rq->body_len;
    d.date = rq->date;
    d.title = rq->title;
    char *buf;
    size_t len;
    FILE *mem = reply_stream(rq, &buf, &len);
    if (!mem)
        return;
    fputs("{\"events\":[", mem);
    code_sink cs = {mem, 0};
    long n = hd_code_document(w->coder, &d, code_event, &cs);
    fputs("]}\n", mem);
    fclose(mem);
    if (n >= 0 && buf) {
        serve_reply_json(&rq->reply, MHD_HTTP_OK, buf, len);
        return;
    }
    free(buf);
    if (n < 0)
        serve_reply_error(&rq->reply, MHD_HTTP_UNPROCESSABLE_CONTENT, hd_coder_error(w->coder));
    else
        out_of_memory(rq);
}

void serve_api_run(serve_worker *w, serve_request *rq)
{
    /* the deadline counts from here, not from the queue: the wait there has its own bound */
    double ends = cli_now() + w->query_timeout;
    switch (rq->route) {
    case ROUTE_EVENTS: api_events(w, rq, ends); break;
    case ROUTE_EVENT: api_event(w, rq, ends); break;
    case ROUTE_STATS: api_stats(w, rq, ends); break;
    case ROUTE_CODE: api_code(w, rq); break;
    case ROUTE_STATIC: serve_reply_error(&rq->reply, MHD_HTTP_INTERNAL_SERVER_ERROR, "misrouted request"); break;
    }
}
