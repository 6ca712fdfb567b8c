/* serve.c: `herald serve DB`: a read-only JSON API over an event store (libmicrohttpd), and the
 * dashboard's static files. The daemon's threads (epoll, a small pool) read requests, check
 * them and serve static files; API requests are suspended and answered by worker lanes
 * (serve_lanes.c, serve_api.c) so that no store query ever blocks the daemon. Each request must
 * arrive within a deadline (serve_limits.c), each address may hold only a few connections,
 * bodies are refused by their announced length before they are read, and every answer carries
 * a Content-Security-Policy. SIGINT/SIGTERM stop the daemon after the requests in flight.
 * Errors are JSON {"error": "..."} with a fitting status; the server's own failures (500, 503)
 * are also logged on stderr. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve.h"

#define DAEMON_THREADS 4
#define LOOKUP_WORKERS 2 /* GET /api/events/ID: one event by its key */
#define QUERY_WORKERS 2  /* event lists, tallies, coding: as many as there are cores to spare */
#define LOOKUP_QUEUE 256
#define QUERY_QUEUE 256 /* the 2 s bound on waiting sheds load; this only bounds memory */
#define QUEUE_WAIT_SECONDS 2.0
#define BODY_SECONDS 30.0 /* 1 MB at 35 kB/s */
#define CONNECTION_CAP 16384u /* MHD sets aside up to 64 kB for each */

#define CSP                                                                                                  \
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "  \
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:"

typedef struct serve_options {
    const char *db, *bind_addr, *static_dir, *model_path, *gazetteer;
    long port;
    double query_timeout, header_timeout;
    unsigned max_per_address, max_connections; /* max_connections 0: from the file limit */
} serve_options;

typedef struct server {
    serve_worker workers[LOOKUP_WORKERS + QUERY_WORKERS];
    serve_lane *lookups, *queries;
    serve_watchdog *watch;
    serve_log_limiter *mhd_log;
    const char *static_dir; /* NULL: no dashboard */
} server;

/* ---- sending replies ------------------------------------------------------------------ */

static enum MHD_Result send_bytes(struct MHD_Connection *conn, const serve_reply *r, const char *type,
                                  const char *body, size_t len)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Content-Security-Policy", CSP);
    if (r && r->allow)
        MHD_add_response_header(resp, "Allow", r->allow);
    if (r && r->retry_after > 0) {
        char secs[16];
        snprintf(secs, sizeof secs, "%d", r->retry_after);
        MHD_add_response_header(resp, "Retry-After", secs);
    }
    enum MHD_Result ret = MHD_queue_response(conn, r ? r->status : MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, const serve_reply *r)
{
    if (!r->body) /* building the reply ran out of memory */
        return MHD_NO;
    return send_bytes(conn, r, r->type, r->body, r->len);
}

/* Builds an error reply in rq and sends it. */
static enum MHD_Result send_error(struct MHD_Connection *conn, serve_request *rq, unsigned status,
                                  const char *msg)
{
    serve_reply_error(&rq->reply, status, msg);
    return send_reply(conn, &rq->reply);
}

/* ---- the request's state ---------------------------------------------------------------- */

/* MHD_OPTION_URI_LOG_CALLBACK: called with the raw target as soon as the request line is in;
 * what it returns is the request's *con_cls. */
static void *request_begins(void *cls, const char *target, struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    serve_request *rq = calloc(1, sizeof *rq);
    if (!rq)
        return NULL;
    size_t k = 0;
    for (const char *p = target; *p && k + 4 < sizeof rq->uri; p++)
        rq->uri[k++] = (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p;
    if (strlen(target) >= sizeof rq->uri - 4)
        memcpy(rq->uri + k, "...", 4);
    serve_check_target(target, rq->refusal, sizeof rq->refusal);
    return rq;
}

/* ---- checks made once the headers are in ------------------------------------------------- */

/* The URL's arguments, as serve_route() asks for them */
static const char *url_arg(void *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
}

/* The access handler's first call, with the headers in and no body read yet: everything that
 * can be refused without the body is refused here, at once. */
static enum MHD_Result headers_in(server *sv, struct MHD_Connection *conn, serve_request *rq, const char *url,
                                  const char *method)
{
    rq->headers_seen = 1;
    rq->method = method;
    serve_watchdog_headers_in(sv->watch, conn);
    if (rq->refusal[0])
        return send_error(conn, rq, MHD_HTTP_BAD_REQUEST, rq->refusal);
    const char *why = NULL;
    unsigned status = serve_refused_length(
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH), &why);
    if (status)
        return send_error(conn, rq, status, why);
    if (serve_route_request(rq, url, method, url_arg, conn) != 0)
        return send_reply(conn, &rq->reply);
    return MHD_YES;
}

/* ---- the body, static files, and handing requests to the lanes ---------------------------- */

/* Static files under the dashboard directory (serve_static_path says which file). */
static enum MHD_Result static_file(server *sv, struct MHD_Connection *conn, serve_request *rq, const char *url)
{
    char path[PATH_MAX];
    unsigned status = serve_static_path(sv->static_dir, url, path, sizeof path);
    if (status)
        return send_error(conn, rq, status, status == MHD_HTTP_BAD_REQUEST ? "bad path" : "no such resource");
    struct stat stt;
    FILE *f = fopen(path, "rb");
    if (!f || fstat(fileno(f), &stt) != 0 || !S_ISREG(stt.st_mode)) {
        if (f)
            fclose(f);
        return send_error(conn, rq, MHD_HTTP_NOT_FOUND, "no such resource");
    }
    char *data = malloc((size_t)stt.st_size + 1);
    size_t n = data ? fread(data, 1, (size_t)stt.st_size, f) : 0;
    fclose(f);
    serve_reply ok = {.status = MHD_HTTP_OK};
    enum MHD_Result r = data ? send_bytes(conn, &ok, serve_mime(path), data, n)
                             : send_error(conn, rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    free(data);
    return r;
}

/* The whole request is in: static files are answered here, the API by a lane. */
static enum MHD_Result request_in(server *sv, struct MHD_Connection *conn, serve_request *rq, const char *url)
{
    serve_watchdog_request_in(sv->watch, conn);
    if (rq->body_too_big)
        return send_error(conn, rq, MHD_HTTP_CONTENT_TOO_LARGE, "the request body is larger than 1 MB");
    if (rq->route == ROUTE_STATIC)
        return static_file(sv, conn, rq, url);
    if (rq->route == ROUTE_CODE && !rq->body_len)
        return send_error(conn, rq, MHD_HTTP_BAD_REQUEST, "send the article's text as the request body");
    /* suspended first: the lane may resume it before serve_lane_submit returns */
    MHD_suspend_connection(conn);
    serve_lane_submit(rq->route == ROUTE_EVENT ? sv->lookups : sv->queries, conn, rq);
    return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    server *sv = cls;
    serve_request *rq = *con_cls;
    if (!rq) /* no memory for it when the request line came */
        return MHD_NO;
    if (!rq->headers_seen)
        return headers_in(sv, conn, rq, url, method);
    if (*upload_size) {
        if (serve_take_body(rq, upload_data, *upload_size) != 0)
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->answered) /* back from a lane */
        return send_reply(conn, &rq->reply);
    return request_in(sv, conn, rq, url);
}

static void finished(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    server *sv = cls;
    serve_request *rq = *con_cls;
    if (rq) {
        free(rq->body);
        free(rq->reply.body);
        free(rq);
        *con_cls = NULL;
    }
    serve_watchdog_answered(sv->watch, conn);
}

/* ---- options ------------------------------------------------------------------------------ */

static const char serve_usage[] = "usage: herald serve DB [--port 8080] [--bind 127.0.0.1] [options]\n";

static void serve_help(FILE *f)
{
    fprintf(f,
            "usage: herald serve DB [--port 8080] [--bind 127.0.0.1] [--static DIR] [--model FILE] [--gazetteer FILE]\n"
            "                       [--query-timeout 2] [--header-timeout 10] [--max-per-address 32]\n"
            "                       [--max-connections N]\n"
            "A read-only JSON API over the store DB, and the dashboard (DIR, default the built one):\n"
            "  GET /api/events?from&to&country&actor&code&acled_type&near=LAT,LON,KM&source&text&limit&offset\n"
            "  GET /api/events/ID     the event with its mentions, highlights, attribution and article\n"
            "  GET /api/stats         counts by day, country, CAMEO root, ACLED type, actor and outlet\n"
            "  GET /api/events?...&format=csv|geojson   the page as a download (limit up to 100000)\n"
            "  POST /api/code         an article's text in, its events out (nothing stored; 1 MB at most)\n"
            "Limits:\n"
            "  --port 0               any free port (the address is printed on stderr)\n"
            "  --query-timeout S      a request's store queries stop after S seconds: 503 (0: no limit)\n"
            "  --header-timeout S     a request's headers must be in S seconds after the connection opened\n"
            "                         (or its previous answer), its body %g s after them, or it is cut\n"
            "  --max-per-address N    connections one client address may hold (more are closed at once)\n"
            "  --max-connections N    connections in all (default: what the file limit leaves room for)\n"
            "  -h, --help             this help\n"
            "Status codes: 400 malformed request or parameter, 404, 405 (with Allow), 413 body over 1 MB,\n"
            "422 text the coder refused, 500 the store failed (logged), 503 busy or query too long\n"
            "(logged; with Retry-After).\n"
            "\n"
            "EXAMPLES\n"
            "  herald serve events.db                      then open http://127.0.0.1:8080/\n"
            "  herald serve events.db --port 0 --bind 0.0.0.0 --query-timeout 5\n"
            "  curl 'http://127.0.0.1:8080/api/events?country=SY&code=19&limit=10'\n"
            "\n"
            "EXIT STATUS\n"
            "  0  stopped by SIGINT or SIGTERM after serving\n"
            "  2  a usage error, or a store, model, dashboard or port that cannot be opened\n",
            BODY_SECONDS);
}

/* 0, 1 for --help, or 2 after a message. */
static int parse_options(int argc, char **argv, serve_options *o)
{
    memset(o, 0, sizeof *o);
    o->bind_addr = "127.0.0.1";
    o->port = 8080;
    o->query_timeout = 2;
    o->header_timeout = 10;
    o->max_per_address = 32;
    enum { O_PORT = 256, O_BIND, O_STATIC, O_MODEL, O_GAZ, O_QTIME, O_HTIME, O_PERADDR, O_MAXCONN };
    static const struct option options[] = {
        {"port", required_argument, NULL, O_PORT},           {"bind", required_argument, NULL, O_BIND},
        {"static", required_argument, NULL, O_STATIC},       {"model", required_argument, NULL, O_MODEL},
        {"gazetteer", required_argument, NULL, O_GAZ},       {"query-timeout", required_argument, NULL, O_QTIME},
        {"header-timeout", required_argument, NULL, O_HTIME}, {"max-per-address", required_argument, NULL, O_PERADDR},
        {"max-connections", required_argument, NULL, O_MAXCONN}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        long n = 0;
        int bad = 0;
        switch (c) {
        case O_PORT: bad = cli_long_arg("serve", "--port", optarg, 0, 65535, &o->port); break;
        case O_BIND: o->bind_addr = optarg; break;
        case O_STATIC: o->static_dir = optarg; break;
        case O_MODEL: o->model_path = optarg; break;
        case O_GAZ: o->gazetteer = optarg; break;
        case O_QTIME: bad = cli_double_arg("serve", "--query-timeout", optarg, 0, 86400, &o->query_timeout); break;
        case O_HTIME: bad = cli_double_arg("serve", "--header-timeout", optarg, 0.05, 86400, &o->header_timeout); break;
        case O_PERADDR:
            bad = cli_long_arg("serve", "--max-per-address", optarg, 1, 100000, &n);
            o->max_per_address = (unsigned)n;
            break;
        case O_MAXCONN:
            bad = cli_long_arg("serve", "--max-connections", optarg, 1, 1000000, &n);
            o->max_connections = (unsigned)n;
            break;
        case 'h': serve_help(stdout); return 1;
        default: return cli_option_error("serve", c, argv, serve_usage);
        }
        if (bad)
            return 2;
    }
    if (argc - optind != 1) {
        fprintf(stderr, "herald serve: %s\n", argc == optind ? "no store given" : "one store, then options");
        return cli_bad_option("serve", serve_usage);
    }
    o->db = argv[optind];
    return 0;
}

/* ---- start and stop ----------------------------------------------------------------------- */

/* The dashboard: --static DIR, else $HERALD_WWW, else the www directory beside the model. */
static const char *dashboard_dir(const char *static_dir, char *www, size_t len)
{
    if (!static_dir && getenv("HERALD_WWW") && getenv("HERALD_WWW")[0])
        static_dir = getenv("HERALD_WWW");
    if (!static_dir) {
        /* the dashboard lies beside the model: build/www, or share/herald/www once installed */
        char model[PATH_MAX];
        snprintf(www, len, "%s", cli_default_model(model, sizeof model));
        char *slash = strrchr(www, '/');
        if (slash && (size_t)(slash - www) + sizeof "/www" < len) {
            strcpy(slash, "/www");
            if (access(www, R_OK) == 0)
                static_dir = www;
        }
    }
    return static_dir;
}

/* Opens a store connection (and a coder) for each worker; -1 after a message. */
static int open_workers(server *sv, const serve_options *o, const hd_model *m, const hd_gazetteer *gaz)
{
    char err[1024];
    for (int k = 0; k < LOOKUP_WORKERS + QUERY_WORKERS; k++) {
        serve_worker *w = &sv->workers[k];
        w->query_timeout = o->query_timeout;
        w->store = hd_store_open(o->db, 1, NULL, err, sizeof err);
        if (!w->store) {
            fprintf(stderr, "herald serve: %s\n", err);
            return -1;
        }
        if (k < LOOKUP_WORKERS)
            continue;
        w->coder = hd_coder_new(m);
        if (!w->coder) {
            fprintf(stderr, "herald serve: out of memory\n");
            return -1;
        }
        hd_coder_set_gazetteer(w->coder, gaz);
    }
    sv->lookups = serve_lane_start("lookup", sv->workers, LOOKUP_WORKERS, LOOKUP_QUEUE, QUEUE_WAIT_SECONDS);
    sv->queries = serve_lane_start("query", sv->workers + LOOKUP_WORKERS, QUERY_WORKERS, QUERY_QUEUE,
                                   QUEUE_WAIT_SECONDS);
    sv->watch = serve_watchdog_start(o->header_timeout, BODY_SECONDS);
    sv->mhd_log = serve_log_limiter_new();
    if (!sv->lookups || !sv->queries || !sv->watch || !sv->mhd_log) {
        fprintf(stderr, "herald serve: cannot start the worker threads\n");
        return -1;
    }
    return 0;
}

static void close_workers(server *sv)
{
    serve_lane_stop(sv->lookups);
    serve_lane_stop(sv->queries);
    sv->lookups = sv->queries = NULL;
    for (int k = 0; k < LOOKUP_WORKERS + QUERY_WORKERS; k++) {
        hd_store_close(sv->workers[k].store);
        hd_coder_free(sv->workers[k].coder);
    }
}

static struct MHD_Daemon *start_daemon(server *sv, const serve_options *o, const struct sockaddr_in *sa)
{
    unsigned limit = o->max_connections ? o->max_connections : serve_connection_room(CONNECTION_CAP);
    /* epoll: no FD_SETSIZE ceiling on descriptors; each pool thread takes connections only
     * while it is under its share of the limit, so one full thread does not refuse clients */
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    /* the logger first: MHD reports what it meets before it with its own */
    return MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, handle, sv, MHD_OPTION_EXTERNAL_LOGGER, serve_mhd_log,
                            sv->mhd_log, MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)sa,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)DAEMON_THREADS,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)15, MHD_OPTION_CONNECTION_LIMIT, limit,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_address,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_NOTIFY_COMPLETED,
                            finished, sv, MHD_OPTION_NOTIFY_CONNECTION, serve_watchdog_notify, sv->watch,
                            MHD_OPTION_URI_LOG_CALLBACK, request_begins, sv, MHD_OPTION_END);
}

/* Runs the daemon until SIGINT or SIGTERM; -1 when it cannot listen. */
static int run_daemon(server *sv, const serve_options *o)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET, o->bind_addr, &sa.sin_addr) != 1) {
        fprintf(stderr, "herald serve: bad --bind address '%s'\n", o->bind_addr);
        return -1;
    }
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, NULL); /* the daemon's threads inherit the mask */
    struct MHD_Daemon *d = start_daemon(sv, o, &sa);
    if (!d) {
        fprintf(stderr, "herald serve: cannot listen on %s:%ld\n", o->bind_addr, o->port);
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    fprintf(stderr, "herald serve: http://%s:%u/ (store %s)\n", o->bind_addr, info ? info->port : (unsigned)o->port,
            o->db);
    int sig = 0;
    sigwait(&block, &sig);
    fprintf(stderr, "herald serve: stopping\n");
    MHD_socket listener = MHD_quiesce_daemon(d);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    /* the lanes answer what they hold and resume those connections before MHD stops */
    serve_lane_stop(sv->lookups);
    serve_lane_stop(sv->queries);
    sv->lookups = sv->queries = NULL;
    MHD_stop_daemon(d);
    return 0;
}

int cli_serve(int argc, char **argv)
{
    serve_options o;
    int rc = parse_options(argc, argv, &o);
    if (rc)
        return rc == 1 ? 0 : rc;
    char www[PATH_MAX];
    if (access(o.db, R_OK) != 0) {
        fprintf(stderr, "herald serve: %s: %s\n", o.db, strerror(errno));
        return 2;
    }
    server sv;
    memset(&sv, 0, sizeof sv);
    sv.static_dir = dashboard_dir(o.static_dir, www, sizeof www);
    hd_model *m = cli_load_model(o.model_path, NULL);
    int gaz_failed = 0;
    hd_gazetteer *gaz = m ? cli_load_gazetteer(o.gazetteer, o.model_path, &gaz_failed) : NULL;
    int ok = m && !gaz_failed && open_workers(&sv, &o, m, gaz) == 0 && run_daemon(&sv, &o) == 0;
    close_workers(&sv);
    serve_watchdog_stop(sv.watch);
    serve_log_limiter_free(sv.mhd_log);
    hd_gazetteer_free(gaz);
    hd_model_free(m);
    return ok ? 0 : 2;
}
