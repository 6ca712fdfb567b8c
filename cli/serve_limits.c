/* serve_limits.c: what keeps idle and slow connections from locking `herald serve` up. MHD's
 * own connection timeout starts again with every byte, so a client sending one header byte a
 * second would hold its connection for ever; here each connection has a deadline for its whole
 * request instead, and a watchdog thread cuts those past it. And the connection limit is sized
 * from the file limit, raised as far as the system lets us, so that it takes very many
 * addresses (each held to a few connections by MHD's per-address limit) to fill it. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "serve.h"

/* File descriptors kept back from the connection limit: the store connections and their logs,
 * the static files being read, MHD's epoll and signalling descriptors, stdio. */
#define FD_RESERVE 128
#define CUT_REPORT_SECONDS 10.0
#define MHD_LOG_WINDOW_SECONDS 10.0
#define MHD_LOG_LINES_PER_WINDOW 20

typedef struct conn_watch {
    int fd;
    double deadline; /* CLOCK_MONOTONIC seconds; 0 while the request is being answered */
    struct conn_watch *prev, *next;
} conn_watch;

struct serve_watchdog {
    pthread_mutex_t lock; /* guards the list; MHD closes a descriptor only after the CLOSED
                             notification, which takes it, so a listed one is still open */
    pthread_cond_t wake;
    pthread_t thread;
    conn_watch *head;
    double header_seconds, body_seconds, tick;
    int stopping;
    unsigned long cut, cut_reported;
    double last_report;
};

static void link_watch(serve_watchdog *w, conn_watch *c)
{
    c->prev = NULL;
    c->next = w->head;
    if (w->head)
        w->head->prev = c;
    w->head = c;
}

static void unlink_watch(serve_watchdog *w, conn_watch *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        w->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
}

static conn_watch *watch_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

static void set_deadline(serve_watchdog *w, struct MHD_Connection *conn, double seconds)
{
    conn_watch *c = watch_of(conn);
    if (!c)
        return;
    pthread_mutex_lock(&w->lock);
    c->deadline = seconds > 0 ? cli_now() + seconds : 0;
    pthread_mutex_unlock(&w->lock);
}

void serve_watchdog_headers_in(serve_watchdog *w, struct MHD_Connection *conn)
{
    set_deadline(w, conn, w->body_seconds);
}

void serve_watchdog_request_in(serve_watchdog *w, struct MHD_Connection *conn) { set_deadline(w, conn, 0); }

/* A kept-alive connection waits for its next request under the same deadline as a new one. */
void serve_watchdog_answered(serve_watchdog *w, struct MHD_Connection *conn)
{
    set_deadline(w, conn, w->header_seconds);
}

static void connection_started(serve_watchdog *w, struct MHD_Connection *conn, void **socket_context)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    conn_watch *c = calloc(1, sizeof *c);
    if (!info)
        free(c);
    else if (!c) /* an unwatched connection could be held open: better refused */
        shutdown(info->connect_fd, SHUT_RDWR);
    if (!info || !c)
        return;
    c->fd = info->connect_fd;
    pthread_mutex_lock(&w->lock);
    c->deadline = cli_now() + w->header_seconds;
    link_watch(w, c);
    pthread_mutex_unlock(&w->lock);
    *socket_context = c;
}

static void connection_closed(serve_watchdog *w, void **socket_context)
{
    conn_watch *c = *socket_context;
    if (!c)
        return;
    pthread_mutex_lock(&w->lock);
    unlink_watch(w, c);
    pthread_mutex_unlock(&w->lock);
    free(c);
    *socket_context = NULL;
}

void serve_watchdog_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                           enum MHD_ConnectionNotificationCode code)
{
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        connection_started(cls, conn, socket_context);
    else
        connection_closed(cls, socket_context);
}

/* Under the lock: shuts down every connection past its deadline. The daemon's thread then
 * sees the end of the stream and closes the connection as it would any other. */
static void cut_overdue(serve_watchdog *w, double now)
{
    for (conn_watch *c = w->head; c; c = c->next) {
        if (c->deadline > 0 && now > c->deadline) {
            shutdown(c->fd, SHUT_RDWR);
            c->deadline = 0;
            w->cut++;
        }
    }
}

static void report_cuts(serve_watchdog *w, double now)
{
    if (w->cut == w->cut_reported || now - w->last_report < CUT_REPORT_SECONDS)
        return;
    fprintf(stderr, "herald serve: cut %lu connection(s) whose request was not in by its deadline (%g s)\n",
            w->cut - w->cut_reported, w->header_seconds);
    w->cut_reported = w->cut;
    w->last_report = now;
}

static struct timespec in_seconds(double seconds)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long long ns = (long long)ts.tv_nsec + (long long)(seconds * 1e9);
    ts.tv_sec += (time_t)(ns / 1000000000LL);
    ts.tv_nsec = (long)(ns % 1000000000LL);
    return ts;
}

static void *watchdog_main(void *arg)
{
    serve_watchdog *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stopping) {
        struct timespec until = in_seconds(w->tick);
        pthread_cond_timedwait(&w->wake, &w->lock, &until);
        double now = cli_now();
        cut_overdue(w, now);
        report_cuts(w, now);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

serve_watchdog *serve_watchdog_start(double header_seconds, double body_seconds)
{
    serve_watchdog *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->header_seconds = header_seconds;
    w->body_seconds = body_seconds;
    /* a connection lives at most a quarter of its allowance past its deadline */
    w->tick = header_seconds / 4 < 0.25 ? header_seconds / 4 : 0.25;
    if (w->tick < 0.01)
        w->tick = 0.01;
    w->last_report = cli_now();
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&w->wake, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&w->lock, NULL);
    if (pthread_create(&w->thread, NULL, watchdog_main, w) != 0) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        free(w);
        return NULL;
    }
    return w;
}

/* After MHD_stop_daemon: every connection has been closed and unlinked by then. */
void serve_watchdog_stop(serve_watchdog *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = 1;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    w->last_report = 0;
    report_cuts(w, cli_now());
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

struct serve_log_limiter {
    pthread_mutex_t lock;
    double window_start;
    unsigned printed, dropped;
};

serve_log_limiter *serve_log_limiter_new(void)
{
    serve_log_limiter *l = calloc(1, sizeof *l);
    if (l) {
        pthread_mutex_init(&l->lock, NULL);
        l->window_start = cli_now();
    }
    return l;
}

static void report_dropped(serve_log_limiter *l)
{
    if (l->dropped)
        fprintf(stderr, "herald serve: libmicrohttpd: %u more message(s) in %g s not shown\n", l->dropped,
                MHD_LOG_WINDOW_SECONDS);
    l->dropped = 0;
}

void serve_log_limiter_free(serve_log_limiter *l)
{
    if (!l)
        return;
    report_dropped(l);
    pthread_mutex_destroy(&l->lock);
    free(l);
}

void serve_mhd_log(void *cls, const char *fmt, va_list ap)
{
    serve_log_limiter *l = cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    pthread_mutex_lock(&l->lock);
    double now = cli_now();
    if (now - l->window_start >= MHD_LOG_WINDOW_SECONDS) {
        report_dropped(l);
        l->window_start = now;
        l->printed = 0;
    }
    if (l->printed < MHD_LOG_LINES_PER_WINDOW) {
        l->printed++;
        fprintf(stderr, "herald serve: libmicrohttpd: %s\n", msg);
    } else
        l->dropped++;
    pthread_mutex_unlock(&l->lock);
}

unsigned serve_connection_room(unsigned cap)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return 256;
    if (lim.rlim_cur < lim.rlim_max) {
        struct rlimit raised = {lim.rlim_max, lim.rlim_max};
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            lim.rlim_cur = lim.rlim_max;
    }
    if (lim.rlim_cur == RLIM_INFINITY || lim.rlim_cur > (rlim_t)cap + FD_RESERVE)
        return cap;
    /* a tiny file limit still leaves a few connections */
    return lim.rlim_cur > 2 * FD_RESERVE ? (unsigned)(lim.rlim_cur - FD_RESERVE) : (unsigned)(lim.rlim_cur / 2);
}
