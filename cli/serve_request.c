/* serve_request.c: a request of `herald serve` from its target to its reply, without the
 * daemon: which route a URL takes and the filters its arguments make, the body kept, the
 * static file a path may name, and the JSON replies. Nothing here touches a connection, so a
 * fuzz target (fuzz/fuzz_http.c) drives it with any URL, method and arguments. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "serve.h"

/* ---- replies ------------------------------------------------------------------------------- */

void serve_reply_body(serve_reply *r, unsigned status, const char *type, char *body, size_t len)
{
    free(r->body);
    memset(r, 0, sizeof *r);
    r->status = status;
    r->type = type;
    r->body = body;
    r->len = len;
}

void serve_reply_json(serve_reply *r, unsigned status, char *body, size_t len)
{
    serve_reply_body(r, status, "application/json", body, len);
}

void serve_reply_error(serve_reply *r, unsigned status, const char *msg)
{
    size_t cap = strlen(msg) * 2 + 16;
    char *buf = malloc(cap);
    size_t k = 0;
    if (buf) {
        k += (size_t)snprintf(buf, cap, "{\"error\":\"");
        for (const char *p = msg; *p;) {
            size_t n = serve_utf8_char((const unsigned char *)p, strlen(p));
            if (*p == '"' || *p == '\\')
                buf[k++] = '\\';
            if (n > 1) /* a whole character: JSON wants valid UTF-8 */
                memcpy(buf + k, p, n);
            else
                buf[k] = (unsigned char)*p < 0x20 || !n ? '?' : *p;
            k += n ? n : 1;
            p += n ? n : 1;
        }
        k += (size_t)snprintf(buf + k, cap - k, "\"}\n");
    }
    serve_reply_json(r, status, buf, k);
}

void serve_reply_busy(serve_reply *r, int retry_after, const char *msg)
{
    serve_reply_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, msg);
    r->retry_after = retry_after;
}

static void reply_not_allowed(serve_reply *r, const char *allow, const char *msg)
{
    serve_reply_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, msg);
    r->allow = allow;
}

void serve_log(const serve_request *rq, unsigned status, const char *why)
{
    fprintf(stderr, "herald serve: %u %s %s: %s\n", status, rq->method ? rq->method : "-", rq->uri, why);
}

/* ---- routes and filters -------------------------------------------------------------------- */

static const char *arg(serve_arg_fn get, void *ctx, const char *name)
{
    const char *v = get(ctx, name);
    return v && v[0] ? v : NULL;
}

/* Fills a query from the URL's arguments; -1 with a message for a malformed number. */
static int query_args(serve_arg_fn get, void *ctx, hd_query *q, long max_limit, char *err, size_t errlen)
{
    memset(q, 0, sizeof *q);
    q->from = arg(get, ctx, "from");
    q->to = arg(get, ctx, "to");
    q->country = arg(get, ctx, "country");
    q->actor = arg(get, ctx, "actor");
    q->code = arg(get, ctx, "code");
    q->acled_type = arg(get, ctx, "acled_type");
    q->source = arg(get, ctx, "source");
    q->text = arg(get, ctx, "text");
    const char *story = arg(get, ctx, "story");
    if (story) {
        char *end;
        errno = 0;
        long long n = strtoll(story, &end, 10);
        if (errno || *end || n < 1) {
            snprintf(err, errlen, "story must be a story id (a positive number)");
            return -1;
        }
        q->story = n;
    }
    const char *placed = arg(get, ctx, "placed");
    if (placed) {
        if (strcmp(placed, "1") && strcmp(placed, "0")) {
            snprintf(err, errlen, "placed must be 1 (only events with a place) or 0");
            return -1;
        }
        q->placed = placed[0] == '1';
    }
    const char *near = arg(get, ctx, "near");
    if (near) {
        char tail;
        if (sscanf(near, "%lf,%lf,%lf%c", &q->near_lat, &q->near_lon, &q->near_km, &tail) != 3) {
            snprintf(err, errlen, "near wants LAT,LON,KM");
            return -1;
        }
        q->near = 1;
    }
    const char *names[2] = {"limit", "offset"};
    long *dst[2] = {&q->limit, &q->offset};
    q->limit = 100;
    for (int k = 0; k < 2; k++) {
        const char *v = arg(get, ctx, names[k]);
        if (!v)
            continue;
        char *end;
        errno = 0;
        long n = strtol(v, &end, 10);
        if (errno || *end || n < 0 || (k == 0 && (n < 1 || n > max_limit)) || n > 1000000000L) {
            if (k == 0)
                snprintf(err, errlen, "limit must be a number from 1 to %ld", max_limit);
            else
                snprintf(err, errlen, "offset must be a number");
            return -1;
        }
        *dst[k] = n;
    }
    return 0;
}

unsigned serve_refused_length(const char *content_length, const char **why)
{
    const char *v = content_length;
    if (!v)
        return 0;
    size_t digits = strspn(v, "0123456789");
    if (!digits || v[digits]) {
        *why = "Content-Length must be a number";
        return MHD_HTTP_BAD_REQUEST;
    }
    errno = 0;
    unsigned long long n = strtoull(v, NULL, 10);
    if (errno == ERANGE || n > SERVE_MAX_BODY) {
        *why = "the request body is larger than 1 MB";
        return MHD_HTTP_CONTENT_TOO_LARGE;
    }
    return 0;
}

int serve_route_request(serve_request *rq, const char *url, const char *method, serve_arg_fn get, void *ctx)
{
    int is_get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    char err[256];
    if (!strcmp(url, "/api/code")) {
        if (strcmp(method, "POST") != 0) {
            reply_not_allowed(&rq->reply, "POST", "POST the article's text to /api/code");
            return -1;
        }
        rq->route = ROUTE_CODE;
        rq->date = arg(get, ctx, "date");
        rq->title = arg(get, ctx, "title");
        return 0;
    }
    if (!is_get) {
        reply_not_allowed(&rq->reply, "GET, HEAD", "only GET and HEAD here");
        return -1;
    }
    if (!strncmp(url, "/api/events/", 12)) {
        char *end;
        errno = 0;
        rq->event_id = strtoll(url + 12, &end, 10);
        if (errno || *end || rq->event_id <= 0 || !isdigit((unsigned char)url[12])) {
            serve_reply_error(&rq->reply, MHD_HTTP_BAD_REQUEST, "an event id is a positive number");
            return -1;
        }
        rq->route = ROUTE_EVENT;
        return 0;
    }
    if (!strcmp(url, "/api/events") || !strcmp(url, "/api/stats")) {
        rq->route = !strcmp(url, "/api/stats") ? ROUTE_STATS : ROUTE_EVENTS;
        const char *format = arg(get, ctx, "format");
        rq->format = HD_STORE_JSONL;
        if (format && rq->route == ROUTE_EVENTS) {
            if (!strcmp(format, "csv"))
                rq->format = HD_STORE_CSV;
            else if (!strcmp(format, "geojson"))
                rq->format = HD_STORE_GEOJSON;
            else if (strcmp(format, "json") != 0) {
                serve_reply_error(&rq->reply, MHD_HTTP_BAD_REQUEST, "format must be json, csv or geojson");
                return -1;
            }
        }
        /* a page of JSON holds 1000 events; a download (CSV, GeoJSON) up to 100,000 */
        if (query_args(get, ctx, &rq->q, rq->format == HD_STORE_JSONL ? 1000 : 100000, err, sizeof err) != 0) {
            serve_reply_error(&rq->reply, MHD_HTTP_BAD_REQUEST, err);
            return -1;
        }
        return 0;
    }
    if (!strncmp(url, "/api/", 5) || !strcmp(url, "/api")) {
        serve_reply_error(&rq->reply, MHD_HTTP_NOT_FOUND, "no such endpoint");
        return -1;
    }
    rq->route = ROUTE_STATIC;
    return 0;
}

/* ---- the body and static files -------------------------------------------------------------- */

int serve_take_body(serve_request *rq, const char *data, size_t size)
{
    if (!rq->body_too_big && rq->body_len + size > SERVE_MAX_BODY) {
        rq->body_too_big = 1;
        free(rq->body);
        rq->body = NULL;
        rq->body_len = 0;
    }
    if (!rq->body_too_big && rq->route == ROUTE_CODE) {
        char *p = realloc(rq->body, rq->body_len + size + 1);
        if (!p)
            return -1;
        memcpy(p + rq->body_len, data, size);
        rq->body = p;
        rq->body_len += size;
        p[rq->body_len] = '\0';
    }
    return 0;
}

const char *serve_mime(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return "application/octet-stream";
    static const char *const map[][2] = {{".html", "text/html; charset=utf-8"}, {".js", "text/javascript"},
                                         {".css", "text/css"}, {".json", "application/json"},
                                         {".png", "image/png"}, {".svg", "image/svg+xml"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(dot, map[i][0]))
            return map[i][1];
    return "application/octet-stream";
}

unsigned serve_static_path(const char *static_dir, const char *url, char *path, size_t cap)
{
    if (!static_dir)
        return MHD_HTTP_NOT_FOUND;
    if (!strcmp(url, "/"))
        url = "/index.html";
    /* no way up, no hidden files, no other separators, nothing long */
    if (url[0] != '/' || strstr(url, "..") || strstr(url, "/.") || strchr(url, '\\') || strlen(url) > 200)
        return MHD_HTTP_BAD_REQUEST;
    if ((size_t)snprintf(path, cap, "%s%s", static_dir, url) >= cap)
        return MHD_HTTP_BAD_REQUEST;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return MHD_HTTP_NOT_FOUND;
    return 0;
}
