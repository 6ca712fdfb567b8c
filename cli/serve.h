/* serve.h: what the files of `herald serve` share. serve.c reads the options, starts the
 * daemon and routes each request; serve_api.c answers the API's requests on worker threads;
 * serve_lanes.c runs those workers in lanes (cheap lookups apart from expensive queries) with
 * bounded queues; serve_target.c checks the raw request target; serve_limits.c cuts
 * connections whose request is not in by its deadline and sizes the connection limit from the
 * process's file limit; serve_request.c routes a request and builds its replies without
 * touching its connection. */
#ifndef HERALD_SERVE_H
#define HERALD_SERVE_H

#include <microhttpd.h>
#include <stdarg.h>
#include <stddef.h>

#include "cli.h"

#define SERVE_MAX_BODY (1u << 20) /* POST /api/code: 1 MB of article */

/* What a request is answered with, built off the daemon's threads and sent by serve.c. */
typedef struct serve_reply {
    unsigned status;
    const char *type;  /* a static string */
    char *body;        /* malloc'd */
    size_t len;
    const char *allow; /* the Allow header of a 405 */
    int retry_after;   /* seconds, for a 503; 0: none */
} serve_reply;

typedef enum serve_route { ROUTE_STATIC, ROUTE_EVENTS, ROUTE_EVENT, ROUTE_STATS, ROUTE_CODE } serve_route;

/* One request, from its request line to its answer (MHD's *con_cls). */
typedef struct serve_request {
    char uri[240];       /* the raw request target, cut short, for log lines */
    char refusal[160];   /* the target has a NUL or a malformed %-escape: the 400's message */
    const char *method;
    int headers_seen;    /* the access handler has had its first call */
    serve_route route;
    hd_query q;          /* the filters; strings point into MHD's copy of the URL */
    hd_store_format format; /* GET /api/events?format=json|csv|geojson */
    long long event_id;
    const char *date, *title; /* POST /api/code */
    char *body;          /* the request body, at most SERVE_MAX_BODY */
    size_t body_len;
    int body_too_big;
    int answered;        /* reply is ready (a worker has finished) */
    serve_reply reply;
    /* while a lane has it */
    struct MHD_Connection *conn;
    double queued_at;
    struct serve_request *next;
} serve_request;

/* serve_target.c: checks the raw request target; a 400's message in `refusal` when it has a
 * NUL, a malformed %-escape, a control character or bytes that are not UTF-8. */
void serve_check_target(const char *target, char *refusal, size_t len);
/* The length of the UTF-8 character at s (len bytes left), 0 when it is none. */
size_t serve_utf8_char(const unsigned char *s, size_t len);

/* ---- a request without its connection (serve_request.c) ---------------------------------- */

/* An argument of the request's URL by name (decoded), NULL when absent. */
typedef const char *(*serve_arg_fn)(void *ctx, const char *name);
/* Routes rq by its URL and method and reads its arguments: 0, or -1 with the error reply (400,
 * 404, 405 with Allow) already in rq->reply. */
int serve_route_request(serve_request *rq, const char *url, const char *method, serve_arg_fn get, void *ctx);
/* A Content-Length header's value (NULL: none) checked before any body is read: 0 when fine,
 * else the status to refuse it with (400, 413) and why. */
unsigned serve_refused_length(const char *content_length, const char **why);
/* Keeps a piece of a body (only /api/code's; past SERVE_MAX_BODY it is dropped and the
 * request marked too big); -1 when memory ran out. */
int serve_take_body(serve_request *rq, const char *data, size_t size);
/* The file under static_dir a URL path names, in `path`: 0 when it is a regular file there,
 * 400 for a path that tries to leave the directory or reach a hidden file, 404 otherwise. */
unsigned serve_static_path(const char *static_dir, const char *url, char *path, size_t cap);
const char *serve_mime(const char *path);

void serve_reply_json(serve_reply *r, unsigned status, char *body, size_t len); /* takes body */
void serve_reply_body(serve_reply *r, unsigned status, const char *type, char *body, size_t len); /* takes body */
void serve_reply_error(serve_reply *r, unsigned status, const char *msg);
void serve_reply_busy(serve_reply *r, int retry_after, const char *msg); /* 503 */
/* One line on stderr about a request that failed on the server's side. */
void serve_log(const serve_request *rq, unsigned status, const char *why);

/* ---- workers and lanes (serve_lanes.c, serve_api.c) ------------------------------------ */

typedef struct serve_worker {
    hd_store *store;
    hd_coder *coder;      /* NULL in a lane that does not code */
    double query_timeout; /* seconds one request's queries may take; 0: no limit */
} serve_worker;

/* Answers rq (fills rq->reply) with the worker's store and coder. */
void serve_api_run(serve_worker *w, serve_request *rq);

typedef struct serve_lane serve_lane;
/* A lane of `n` worker threads (the workers stay the caller's) taking requests in order from a
 * queue of at most `max_queued`; a request that waited longer than `max_wait` seconds for a
 * worker is answered 503 without being run. NULL when a thread cannot be started. */
serve_lane *serve_lane_start(const char *name, serve_worker *workers, int n, size_t max_queued, double max_wait);
/* Hands a request whose connection the caller has just suspended to the lane, which resumes
 * it once rq->reply is ready: at once with a 503 when the queue is full or the lane stopping. */
void serve_lane_submit(serve_lane *l, struct MHD_Connection *conn, serve_request *rq);
/* Answers what is queued, then stops the threads and frees the lane. */
void serve_lane_stop(serve_lane *l);

/* ---- connection limits (serve_limits.c) --------------------------------------------------- */

typedef struct serve_watchdog serve_watchdog;
/* A thread that cuts (shutdown, never close: MHD owns the descriptor) every connection whose
 * request headers are not in `header_seconds` after it opened or after its previous answer,
 * or whose body is not in `body_seconds` after its headers. */
serve_watchdog *serve_watchdog_start(double header_seconds, double body_seconds);
void serve_watchdog_stop(serve_watchdog *w);
/* MHD_OPTION_NOTIFY_CONNECTION's callback; the watchdog is its closure. */
void serve_watchdog_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                           enum MHD_ConnectionNotificationCode code);
/* The phases of a request on `conn`, from the daemon's threads. */
void serve_watchdog_headers_in(serve_watchdog *w, struct MHD_Connection *conn);
void serve_watchdog_request_in(serve_watchdog *w, struct MHD_Connection *conn);
void serve_watchdog_answered(serve_watchdog *w, struct MHD_Connection *conn);

/* MHD's own messages (MHD_OPTION_EXTERNAL_LOGGER, the limiter its closure), at most a few
 * every ten seconds: under attack it has one for every connection refused. */
typedef struct serve_log_limiter serve_log_limiter;
serve_log_limiter *serve_log_limiter_new(void);
void serve_log_limiter_free(serve_log_limiter *l);
void serve_mhd_log(void *cls, const char *fmt, va_list ap);

/* Raises the soft limit on open files to the hard one and gives how many connections that
 * leaves room for, at most `cap`. */
unsigned serve_connection_room(unsigned cap);

#endif
