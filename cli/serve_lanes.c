/* serve_lanes.c: worker lanes for `herald serve`. The daemon's threads never run a store query
 * themselves: they suspend the connection and hand its request to a lane, whose threads each
 * own a store connection (and a coder). Lookups of one event and full queries go to different
 * lanes, so a cheap request never waits behind an expensive one. Each lane's queue is bounded
 * in length (what does not fit is answered 503 at once) and in waiting time: a reaper thread
 * answers 503 to a request as soon as it has waited its time, not when a worker frees up. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "serve.h"

struct serve_lane {
    const char *name;
    pthread_mutex_t lock;
    pthread_cond_t ready;  /* for the workers: a request is queued */
    pthread_cond_t head_changed; /* for the reaper */
    serve_request *head, *tail;
    size_t queued, max_queued;
    double max_wait;
    int stopping;
    int n;
    serve_worker *workers;
    pthread_t *threads;
    int started;
    pthread_t reaper;
    int reaper_started;
};

typedef struct lane_thread {
    serve_lane *lane;
    serve_worker *worker;
} lane_thread;

/* The reply is complete before the connection is resumed: from then on the daemon's thread
 * owns the request and may free it at any moment. */
static void finish(serve_request *rq)
{
    struct MHD_Connection *conn = rq->conn;
    rq->answered = 1;
    MHD_resume_connection(conn);
}

static void answer_busy(serve_request *rq, const char *why)
{
    serve_reply_busy(&rq->reply, 1, "the server is busy with other queries; try again in a moment");
    serve_log(rq, 503, why);
    finish(rq);
}

/* Under the lock: unlinks the head of the queue. */
static serve_request *pop(serve_lane *l)
{
    serve_request *rq = l->head;
    if (rq) {
        l->head = rq->next;
        if (!l->head)
            l->tail = NULL;
        l->queued--;
        pthread_cond_broadcast(&l->head_changed);
    }
    return rq;
}

static struct timespec monotonic_at(double t)
{
    struct timespec ts;
    ts.tv_sec = (time_t)floor(t);
    ts.tv_nsec = (long)((t - floor(t)) * 1e9);
    return ts;
}

/* The queue is in order of arrival, so the requests that have waited their time are at its head. */
static void *reaper_main(void *arg)
{
    serve_lane *l = arg;
    pthread_mutex_lock(&l->lock);
    while (!l->stopping) {
        if (l->head && cli_now() - l->head->queued_at > l->max_wait) {
            serve_request *rq = pop(l);
            pthread_mutex_unlock(&l->lock);
            answer_busy(rq, "waited too long for a worker");
            pthread_mutex_lock(&l->lock);
        } else if (l->head) {
            struct timespec until = monotonic_at(l->head->queued_at + l->max_wait + 0.001);
            pthread_cond_timedwait(&l->head_changed, &l->lock, &until);
        } else
            pthread_cond_wait(&l->head_changed, &l->lock);
    }
    pthread_mutex_unlock(&l->lock);
    return NULL;
}

static serve_request *next_request(serve_lane *l)
{
    pthread_mutex_lock(&l->lock);
    while (!l->head && !l->stopping)
        pthread_cond_wait(&l->ready, &l->lock);
    serve_request *rq = pop(l);
    pthread_mutex_unlock(&l->lock);
    return rq;
}

static void *lane_main(void *arg)
{
    lane_thread *t = arg;
    serve_request *rq;
    while ((rq = next_request(t->lane)) != NULL) {
        serve_api_run(t->worker, rq);
        finish(rq);
    }
    free(t);
    return NULL;
}

void serve_lane_submit(serve_lane *l, struct MHD_Connection *conn, serve_request *rq)
{
    rq->conn = conn;
    rq->next = NULL;
    rq->queued_at = cli_now();
    pthread_mutex_lock(&l->lock);
    const char *refused = l->stopping                  ? "the server is stopping"
                          : l->queued >= l->max_queued ? "the queue is full"
                                                       : NULL;
    if (!refused) {
        if (l->tail)
            l->tail->next = rq;
        else
            l->head = rq;
        l->tail = rq;
        l->queued++;
        pthread_cond_signal(&l->ready);
        pthread_cond_broadcast(&l->head_changed);
    }
    pthread_mutex_unlock(&l->lock);
    if (refused)
        answer_busy(rq, refused);
}

static void lane_free(serve_lane *l)
{
    pthread_cond_destroy(&l->head_changed);
    pthread_cond_destroy(&l->ready);
    pthread_mutex_destroy(&l->lock);
    free(l->threads);
    free(l);
}

void serve_lane_stop(serve_lane *l)
{
    if (!l)
        return;
    pthread_mutex_lock(&l->lock);
    l->stopping = 1;
    pthread_cond_broadcast(&l->ready);
    pthread_cond_broadcast(&l->head_changed);
    pthread_mutex_unlock(&l->lock);
    if (l->reaper_started)
        pthread_join(l->reaper, NULL);
    for (int i = 0; i < l->started; i++)
        pthread_join(l->threads[i], NULL);
    lane_free(l);
}

serve_lane *serve_lane_start(const char *name, serve_worker *workers, int n, size_t max_queued, double max_wait)
{
    serve_lane *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->threads = calloc((size_t)n, sizeof *l->threads);
    if (!l->threads) {
        free(l);
        return NULL;
    }
    l->name = name;
    l->n = n;
    l->workers = workers;
    l->max_queued = max_queued;
    l->max_wait = max_wait;
    pthread_mutex_init(&l->lock, NULL);
    pthread_cond_init(&l->ready, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC); /* cli_now()'s clock */
    pthread_cond_init(&l->head_changed, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&l->reaper, NULL, reaper_main, l) != 0) {
        fprintf(stderr, "herald serve: cannot start the %s lane's threads\n", name);
        lane_free(l);
        return NULL;
    }
    l->reaper_started = 1;
    for (int i = 0; i < n; i++) {
        lane_thread *t = malloc(sizeof *t);
        if (t) {
            t->lane = l;
            t->worker = &workers[i];
        }
        if (!t || pthread_create(&l->threads[i], NULL, lane_main, t) != 0) {
            free(t);
            fprintf(stderr, "herald serve: cannot start the %s lane's threads\n", name);
            serve_lane_stop(l);
            return NULL;
        }
        l->started++;
    }
    return l;
}
