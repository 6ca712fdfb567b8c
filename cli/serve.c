/* serve.c: `herald serve DB`: a read-only JSON API over an event store (libmicrohttpd), and
 * the dashboard's static files. Each worker thread borrows a store connection and a coder
 * from a small pool; request sizes and connection times are bounded; SIGINT/SIGTERM stop the
 * daemon after the requests in flight. Errors are JSON {"error": "..."} with a fitting status. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef HD_DEFAULT_MODEL
#define HD_DEFAULT_MODEL "herald.hdm"
#endif

#define POOL 4
#define MAX_BODY (1u << 20) /* POST /api/code: 1 MB of article */

typedef struct server {
    hd_store *stores[POOL];
    hd_coder *coders[POOL];
    int busy[POOL];
    pthread_mutex_t lock;
    pthread_cond_t freed;
    const char *static_dir; /* NULL: no dashboard */
} server;

typedef struct upload {
    char *data;
    size_t len;
    int too_big;
} upload;

static int borrow(server *sv)
{
    pthread_mutex_lock(&sv->lock);
    int k;
    for (;;) {
        for (k = 0; k < POOL && sv->busy[k]; k++)
            ;
        if (k < POOL)
            break;
        pthread_cond_wait(&sv->freed, &sv->lock);
    }
    sv->busy[k] = 1;
    pthread_mutex_unlock(&sv->lock);
    return k;
}

static void give_back(server *sv, int k)
{
    pthread_mutex_lock(&sv->lock);
    sv->busy[k] = 0;
    pthread_cond_signal(&sv->freed);
    pthread_mutex_unlock(&sv->lock);
}

static enum MHD_Result send_body(struct MHD_Connection *conn, unsigned status, const char *type, const char *body,
                                 size_t len)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    /* no inline or foreign script can run even if markup got into a page */
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
                            "frame-ancestors 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *conn, unsigned status, const char *msg)
{
    char buf[1024];
    size_t k = 0;
    k += (size_t)snprintf(buf, sizeof buf, "{\"error\":\"");
    for (const char *p = msg; *p && k + 8 < sizeof buf; p++) {
        if (*p == '"' || *p == '\\')
            buf[k++] = '\\';
        buf[k++] = (unsigned char)*p < 0x20 ? ' ' : *p;
    }
    k += (size_t)snprintf(buf + k, sizeof buf - k, "\"}\n");
    return send_body(conn, status, "application/json", buf, k);
}

static const char *arg(struct MHD_Connection *conn, const char *name)
{
    const char *v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
    return v && v[0] ? v : NULL;
}

/* Fills a query from the URL's arguments; -1 with a message for a malformed number. */
static int query_args(struct MHD_Connection *conn, hd_query *q, char *err, size_t errlen)
{
    memset(q, 0, sizeof *q);
    q->from = arg(conn, "from");
    q->to = arg(conn, "to");
    q->country = arg(conn, "country");
    q->actor = arg(conn, "actor");
    q->code = arg(conn, "code");
    q->acled_type = arg(conn, "acled_type");
    q->source = arg(conn, "source");
    q->text = arg(conn, "text");
    const char *near = arg(conn, "near");
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
        const char *v = arg(conn, names[k]);
        if (!v)
            continue;
        char *end;
        errno = 0;
        long n = strtol(v, &end, 10);
        if (errno || *end || n < 0 || (k == 0 && (n < 1 || n > 1000)) || n > 1000000000L) {
            snprintf(err, errlen, "%s must be a number%s", names[k], k == 0 ? " from 1 to 1000" : "");
            return -1;
        }
        *dst[k] = n;
    }
    return 0;
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

/* Runs `q` on `st` and gives its rows as one JSON array (malloc'd, in *array), their number in
 * *n. -1 when the store refused the query (hd_store_error()) or memory ran out (*array NULL). */
static int query_array(hd_store *st, const hd_query *q, char **array, size_t *alen, long *n)
{
    char *lines = NULL;
    size_t len = 0;
    *array = NULL;
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

/* Sends a JSON body assembled in a memory stream (freed here), or a 500 when memory ran out. */
static enum MHD_Result send_built(struct MHD_Connection *conn, char *buf, size_t len, int ok)
{
    enum MHD_Result r = ok && buf ? send_body(conn, MHD_HTTP_OK, "application/json", buf, len)
                                  : send_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    free(buf);
    return r;
}

static enum MHD_Result api_events(server *sv, struct MHD_Connection *conn)
{
    hd_query q;
    char err[256];
    if (query_args(conn, &q, err, sizeof err) != 0)
        return send_error(conn, MHD_HTTP_BAD_REQUEST, err);
    int k = borrow(sv);
    char *array;
    size_t alen = 0;
    long n = 0;
    int failed = query_array(sv->stores[k], &q, &array, &alen, &n) != 0;
    snprintf(err, sizeof err, "%s", n < 0 ? hd_store_error(sv->stores[k]) : "out of memory");
    give_back(sv, k);
    if (failed)
        return send_error(conn, n < 0 ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_INTERNAL_SERVER_ERROR, err);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (mem) {
        fprintf(mem, "{\"limit\":%ld,\"offset\":%ld,\"count\":%ld,\"events\":", q.limit, q.offset, n);
        fwrite(array, 1, alen, mem);
        fputs("}\n", mem);
        fclose(mem);
    }
    free(array);
    return send_built(conn, buf, len, mem != NULL);
}

static enum MHD_Result api_event(server *sv, struct MHD_Connection *conn, const char *id_text)
{
    char *end;
    errno = 0;
    long long id = strtoll(id_text, &end, 10);
    if (errno || *end || id <= 0)
        return send_error(conn, MHD_HTTP_BAD_REQUEST, "an event id is a positive number");
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return send_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    int k = borrow(sv);
    int rc = hd_store_event(sv->stores[k], id, mem);
    char err[256];
    snprintf(err, sizeof err, "%s", hd_store_error(sv->stores[k]));
    give_back(sv, k);
    fclose(mem);
    enum MHD_Result r = rc > 0    ? send_body(conn, MHD_HTTP_OK, "application/json", buf, len)
                        : rc == 0 ? send_error(conn, MHD_HTTP_NOT_FOUND, "no such event")
                                  : send_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, err);
    free(buf);
    return r;
}

static enum MHD_Result api_stats(server *sv, struct MHD_Connection *conn)
{
    hd_query q;
    char err[256];
    if (query_args(conn, &q, err, sizeof err) != 0)
        return send_error(conn, MHD_HTTP_BAD_REQUEST, err);
    q.limit = q.offset = 0;
    static const char *const keys[] = {"day", "country", "root", "acled"};
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return send_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    int k = borrow(sv);
    long n = 0;
    int failed = 0;
    fputc('{', mem);
    for (int i = 0; i < 4 && !failed; i++) {
        char *array;
        size_t alen = 0;
        q.count_by = keys[i];
        failed = query_array(sv->stores[k], &q, &array, &alen, &n) != 0;
        fprintf(mem, "%s\"by_%s\":", i ? "," : "", keys[i]);
        fwrite(failed ? "[]" : array, 1, failed ? 2 : alen, mem);
        free(array);
    }
    fputs("}\n", mem);
    snprintf(err, sizeof err, "%s", n < 0 ? hd_store_error(sv->stores[k]) : "out of memory");
    give_back(sv, k);
    fclose(mem);
    if (failed) {
        free(buf);
        return send_error(conn, n < 0 ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_INTERNAL_SERVER_ERROR, err);
    }
    return send_built(conn, buf, len, 1);
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

/* POST /api/code: the body is the article's text (or form field "text"); "date" in the URL. */
static enum MHD_Result api_code(server *sv, struct MHD_Connection *conn, const upload *up)
{
    if (up->too_big)
        return send_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, "the article is larger than 1 MB");
    if (!up->len)
        return send_error(conn, MHD_HTTP_BAD_REQUEST, "send the article's text as the request body");
    hd_doc d;
    memset(&d, 0, sizeof d);
    d.id = "posted";
    d.text = up->data;
    d.text_len = up->len;
    d.date = arg(conn, "date");
    d.title = arg(conn, "title");
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return send_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    fputs("{\"events\":[", mem);
    code_sink cs = {mem, 0};
    int k = borrow(sv);
    long n = hd_code_document(sv->coders[k], &d, code_event, &cs);
    char err[320];
    snprintf(err, sizeof err, "%s", n < 0 ? hd_coder_error(sv->coders[k]) : "");
    give_back(sv, k);
    fputs("]}\n", mem);
    fclose(mem);
    enum MHD_Result r = n < 0 ? send_error(conn, MHD_HTTP_UNPROCESSABLE_CONTENT, err)
                              : send_body(conn, MHD_HTTP_OK, "application/json", buf, len);
    free(buf);
    return r;
}

static const char *mime(const char *path)
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

/* Static files under the dashboard directory: no "..", no hidden files, regular files only. */
static enum MHD_Result static_file(server *sv, struct MHD_Connection *conn, const char *url)
{
    if (!sv->static_dir)
        return send_error(conn, MHD_HTTP_NOT_FOUND, "no such resource");
    if (!strcmp(url, "/"))
        url = "/index.html";
    if (strstr(url, "..") || strstr(url, "/.") || strchr(url, '\\') || strlen(url) > 200)
        return send_error(conn, MHD_HTTP_BAD_REQUEST, "bad path");
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s%s", sv->static_dir, url);
    struct stat stt;
    if (stat(path, &stt) != 0 || !S_ISREG(stt.st_mode))
        return send_error(conn, MHD_HTTP_NOT_FOUND, "no such resource");
    FILE *f = fopen(path, "rb");
    if (!f)
        return send_error(conn, MHD_HTTP_NOT_FOUND, "no such resource");
    char *data = malloc((size_t)stt.st_size + 1);
    size_t n = data ? fread(data, 1, (size_t)stt.st_size, f) : 0;
    fclose(f);
    enum MHD_Result r = data ? send_body(conn, MHD_HTTP_OK, mime(path), data, n)
                             : send_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    free(data);
    return r;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    server *sv = cls;
    int post = !strcmp(method, "POST");
    if (post && !*con_cls) {
        upload *up = calloc(1, sizeof *up);
        if (!up)
            return MHD_NO;
        *con_cls = up;
        return MHD_YES;
    }
    if (post && *upload_size) {
        upload *up = *con_cls;
        if (!up->too_big) {
            if (up->len + *upload_size > MAX_BODY) {
                up->too_big = 1;
                free(up->data);
                up->data = NULL;
                up->len = 0;
            } else {
                char *p = realloc(up->data, up->len + *upload_size + 1);
                if (!p)
                    return MHD_NO;
                memcpy(p + up->len, upload_data, *upload_size);
                up->data = p;
                up->len += *upload_size;
                p[up->len] = '\0';
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (!strcmp(url, "/api/code")) {
        if (!post)
            return send_error(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "POST the article's text to /api/code");
        return api_code(sv, conn, *con_cls);
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return send_error(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET here");
    if (!strcmp(url, "/api/events"))
        return api_events(sv, conn);
    if (!strncmp(url, "/api/events/", 12))
        return api_event(sv, conn, url + 12);
    if (!strcmp(url, "/api/stats"))
        return api_stats(sv, conn);
    if (!strncmp(url, "/api/", 5))
        return send_error(conn, MHD_HTTP_NOT_FOUND, "no such endpoint");
    return static_file(sv, conn, url);
}

static void finished(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    upload *up = *con_cls;
    if (up) {
        free(up->data);
        free(up);
        *con_cls = NULL;
    }
}

static void serve_usage(FILE *f)
{
    fprintf(f, "usage: herald serve DB [--port 8080] [--bind 127.0.0.1] [--static DIR] [--model FILE] [--gazetteer FILE]\n"
               "A read-only JSON API over the store DB, and the dashboard (DIR, default the built one):\n"
               "  GET /api/events?from&to&country&actor&code&acled_type&near=LAT,LON,KM&source&text&limit&offset\n"
               "  GET /api/events/ID     the event with its mentions, highlights, attribution and article\n"
               "  GET /api/stats         counts by day, country, CAMEO root and ACLED type (same filters)\n"
               "  POST /api/code         an article's text in, its events out (nothing stored; 1 MB at most)\n");
}

int cli_serve(int argc, char **argv)
{
    const char *db = NULL, *bind_addr = "127.0.0.1", *static_dir = NULL, *model_path = NULL, *gazetteer = NULL;
    long port = 8080;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--port") && v) {
            char *end;
            port = strtol(v, &end, 10);
            if (*end || port < 0 || port > 65535) {
                fprintf(stderr, "herald serve: bad --port '%s'\n", v);
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--bind") && v) {
            bind_addr = v;
            i++;
        } else if (!strcmp(a, "--static") && v) {
            static_dir = v;
            i++;
        } else if (!strcmp(a, "--model") && v) {
            model_path = v;
            i++;
        } else if (!strcmp(a, "--gazetteer") && v) {
            gazetteer = v;
            i++;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            serve_usage(stdout);
            return 0;
        } else if (a[0] == '-' || db) {
            fprintf(stderr, "herald serve: unexpected '%s'\n", a);
            serve_usage(stderr);
            return 2;
        } else
            db = a;
    }
    if (!db) {
        serve_usage(stderr);
        return 2;
    }
    /* the dashboard: --static DIR, else $HERALD_WWW, else the www directory beside the model */
    char www[PATH_MAX];
    if (!static_dir && getenv("HERALD_WWW") && getenv("HERALD_WWW")[0])
        static_dir = getenv("HERALD_WWW");
    if (!static_dir) {
        snprintf(www, sizeof www, "%s", HD_DEFAULT_MODEL);
        char *slash = strrchr(www, '/');
        if (slash && (size_t)(slash - www) + sizeof "/www" < sizeof www) {
            strcpy(slash, "/www");
            if (access(www, R_OK) == 0)
                static_dir = www;
        }
    }
    if (access(db, R_OK) != 0) {
        fprintf(stderr, "herald serve: %s: %s\n", db, strerror(errno));
        return 2;
    }
    server sv;
    memset(&sv, 0, sizeof sv);
    pthread_mutex_init(&sv.lock, NULL);
    pthread_cond_init(&sv.freed, NULL);
    sv.static_dir = static_dir;
    hd_model *m = cli_load_model(model_path, NULL);
    int gaz_failed = 0;
    hd_gazetteer *gaz = m ? cli_load_gazetteer(gazetteer, model_path, &gaz_failed) : NULL;
    int ok = m && !gaz_failed;
    char err[1024];
    for (int k = 0; ok && k < POOL; k++) {
        sv.stores[k] = hd_store_open(db, 1, NULL, err, sizeof err);
        sv.coders[k] = hd_coder_new(m);
        if (!sv.stores[k] || !sv.coders[k]) {
            fprintf(stderr, "herald serve: %s\n", sv.stores[k] ? "out of memory" : err);
            ok = 0;
        } else
            hd_coder_set_gazetteer(sv.coders[k], gaz);
    }
    struct MHD_Daemon *d = NULL;
    if (ok) {
        struct sockaddr_in sa;
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, bind_addr, &sa.sin_addr) != 1) {
            fprintf(stderr, "herald serve: bad --bind address '%s'\n", bind_addr);
            ok = 0;
        } else {
            sigset_t block;
            sigemptyset(&block);
            sigaddset(&block, SIGINT);
            sigaddset(&block, SIGTERM);
            pthread_sigmask(SIG_BLOCK, &block, NULL); /* the daemon's threads inherit the mask */
            d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL,
                                 handle, &sv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                                 MHD_OPTION_THREAD_POOL_SIZE, (unsigned)POOL, MHD_OPTION_CONNECTION_TIMEOUT,
                                 (unsigned)15, MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
                                 MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                                 MHD_OPTION_NOTIFY_COMPLETED, finished, NULL, MHD_OPTION_END);
            if (!d) {
                fprintf(stderr, "herald serve: cannot listen on %s:%ld\n", bind_addr, port);
                ok = 0;
            } else {
                const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
                fprintf(stderr, "herald serve: http://%s:%u/ (store %s)\n", bind_addr,
                        info ? info->port : (unsigned)port, db);
                int sig = 0;
                sigwait(&block, &sig);
                fprintf(stderr, "herald serve: stopping\n");
                MHD_stop_daemon(d);
            }
        }
    }
    for (int k = 0; k < POOL; k++) {
        hd_store_close(sv.stores[k]);
        hd_coder_free(sv.coders[k]);
    }
    hd_gazetteer_free(gaz);
    hd_model_free(m);
    return ok ? 0 : 2;
}
