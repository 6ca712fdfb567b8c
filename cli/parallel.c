/* parallel.c: the ordered work queue behind `herald code -j N` and `herald ingest -j N`. N
 * worker threads share one loaded model and gazetteer, each with a coder of its own; the main
 * thread reads documents into a ring of slots, the workers take them in turn, and the main
 * thread hands each one on (writes its output, or stores its events) strictly in input order
 * as soon as it and every document before it are done. There is no barrier between groups of
 * documents, so a long article holds up only the hand-over, never the other workers. Memory
 * stays bounded by the ring. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define RING 512
#define MAX_JOBS 64

typedef struct slot {
    cli_job job;
    int done;
} slot;

typedef struct ring {
    const cli_pipeline *p;
    slot *slots;
    size_t head;  /* next slot the reader fills */
    size_t taken; /* next slot a worker takes */
    size_t tail;  /* next slot handed on */
    int eof;      /* no more documents will come */
    pthread_mutex_t mu;
    pthread_cond_t work, done;
} ring;

typedef struct worker_arg {
    ring *q;
    hd_coder *c;
} worker_arg;

typedef struct sink_ctx {
    FILE *f;
    hd_format fmt;
    int entities;
    long events;
} sink_ctx;

static int to_buffer(void *user, const hd_event *ev)
{
    sink_ctx *s = user;
    s->events++;
    return s->entities ? 0 : hd_event_write(ev, s->fmt, s->f) != 0;
}

static void code_job(const cli_pipeline *p, hd_coder *c, cli_job *job)
{
    if (p->collect_events) {
        if (!job->list && !(job->list = hd_event_list_new())) {
            job->error = strdup("out of memory");
            return;
        }
        long n = hd_code_document(c, &job->doc, hd_event_list_add, job->list);
        double tone;
        size_t chars;
        if (n < 0)
            job->error = strdup(hd_coder_error(c));
        else if (hd_coder_doc_measures(c, &tone, &chars) == 0)
            hd_event_list_set_measures(job->list, tone, chars);
        job->events = n < 0 ? 0 : n;
        return;
    }
    FILE *f = open_memstream(&job->out, &job->out_len);
    if (!f) {
        job->error = strdup("out of memory");
        return;
    }
    sink_ctx s = {f, p->fmt, p->entities, 0};
    if (hd_code_document(c, &job->doc, to_buffer, &s) < 0)
        job->error = strdup(hd_coder_error(c));
    else if (p->entities)
        hd_entities_write(hd_coder_entities(c), f);
    job->events = s.events;
    fclose(f);
}

static void *worker(void *arg)
{
    ring *q = ((worker_arg *)arg)->q;
    hd_coder *c = ((worker_arg *)arg)->c;
    for (;;) {
        pthread_mutex_lock(&q->mu);
        while (q->taken == q->head && !q->eof)
            pthread_cond_wait(&q->work, &q->mu);
        if (q->taken == q->head) {
            pthread_mutex_unlock(&q->mu);
            return NULL;
        }
        size_t i = q->taken++;
        pthread_mutex_unlock(&q->mu);
        slot *s = &q->slots[i % RING];
        if (!s->job.skip && !s->job.read_error)
            code_job(q->p, c, &s->job);
        pthread_mutex_lock(&q->mu);
        s->done = 1;
        if (i == q->tail)
            pthread_cond_signal(&q->done);
        pthread_mutex_unlock(&q->mu);
    }
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void clear_job(cli_job *job)
{
    free((char *)job->doc.id);
    free((char *)job->doc.text);
    free((char *)job->doc.title);
    free((char *)job->doc.date);
    free((char *)job->doc.source);
    free((char *)job->doc.url);
    free(job->out);
    free(job->error);
    free(job->read_error);
    free(job->warning);
    hd_event_list *list = job->list;
    hd_event_list_clear(list);
    memset(job, 0, sizeof *job);
    job->list = list; /* kept for the slot's next document */
}

/* Copies the reader's document (valid only until its next call) into the job. */
static void take_doc(cli_job *job, const hd_doc *doc)
{
    job->doc.id = dup_or_null(doc->id);
    char *text = malloc(doc->text_len + 1);
    if (text) {
        memcpy(text, doc->text, doc->text_len);
        text[doc->text_len] = '\0';
    }
    job->doc.text = text;
    job->doc.text_len = text ? doc->text_len : 0;
    job->doc.title = dup_or_null(doc->title);
    job->doc.date = dup_or_null(doc->date);
    job->doc.source = dup_or_null(doc->source);
    job->doc.url = dup_or_null(doc->url);
}

typedef struct reading {
    const cli_pipeline *p;
    int i;
    hd_reader *r;
} reading;

/* Reads the next document, or a reader's error, into `job`; 0 at the end of the inputs. */
static int read_job(reading *rd, cli_job *job)
{
    const cli_pipeline *p = rd->p;
    char err[1024];
    for (;;) {
        if (!rd->r) {
            if (rd->i >= p->ninputs)
                return 0;
            rd->r = hd_reader_open(p->inputs[rd->i], p->infmt, p->date, err, sizeof err);
            if (!rd->r) {
                rd->i++;
                job->read_error = strdup(err);
                return 1;
            }
        }
        hd_doc doc;
        int got = hd_reader_next(rd->r, &doc, err, sizeof err);
        if (got > 0) {
            take_doc(job, &doc);
            job->input = p->inputs[rd->i];
            if (hd_reader_warning(rd->r))
                job->warning = strdup(hd_reader_warning(rd->r));
            return 1;
        }
        if (got < 0) {
            job->read_error = strdup(err);
            return 1;
        }
        hd_reader_close(rd->r);
        rd->r = NULL;
        rd->i++;
    }
}

int cli_run_pipeline(const cli_pipeline *p)
{
    int jobs = p->jobs < 1 ? 1 : p->jobs > MAX_JOBS ? MAX_JOBS : p->jobs;
    ring q;
    memset(&q, 0, sizeof q);
    q.p = p;
    q.slots = calloc(RING, sizeof *q.slots);
    hd_coder *coders[MAX_JOBS] = {0};
    pthread_t th[MAX_JOBS];
    worker_arg args[MAX_JOBS];
    int started = 0, rc = q.slots ? 0 : -1;
    pthread_mutex_init(&q.mu, NULL);
    pthread_cond_init(&q.work, NULL);
    pthread_cond_init(&q.done, NULL);
    for (int t = 0; rc == 0 && t < jobs; t++) {
        if (!(coders[t] = hd_coder_new(p->model))) {
            rc = -1;
            break;
        }
        hd_coder_set_options(coders[t], p->opt);
        hd_coder_set_gazetteer(coders[t], p->gaz);
        args[t].q = &q;
        args[t].c = coders[t];
        /* workers never take SIGINT or SIGTERM: the signal must interrupt the main thread's
         * read, or a reader blocked on a pipe would never notice the stop */
        sigset_t stop, old;
        sigemptyset(&stop);
        sigaddset(&stop, SIGINT);
        sigaddset(&stop, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop, &old);
        if (pthread_create(&th[started], NULL, worker, &args[t]) == 0)
            started++;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    if (rc == 0 && started == 0)
        rc = -1;
    if (rc != 0)
        rc = CLI_NO_THREADS;
    reading rd = {p, 0, NULL};
    int eof = rc != 0, stopped = 0;
    while (rc == 0) {
        /* read ahead until the ring is full */
        while (!eof && q.head - q.tail < RING) {
            if (p->stopped && p->stopped(p->user)) {
                eof = stopped = 1;
                break;
            }
            slot *s = &q.slots[q.head % RING];
            if (!read_job(&rd, &s->job)) {
                eof = 1;
                break;
            }
            if (!s->job.read_error && p->prepare)
                p->prepare(p->user, &s->job);
            pthread_mutex_lock(&q.mu);
            s->done = 0;
            q.head++;
            pthread_cond_signal(&q.work);
            pthread_mutex_unlock(&q.mu);
        }
        if (eof) {
            pthread_mutex_lock(&q.mu);
            q.eof = 1;
            pthread_cond_broadcast(&q.work);
            pthread_mutex_unlock(&q.mu);
        }
        if (q.tail == q.head)
            break;
        /* hand on the oldest document once it is done */
        slot *s = &q.slots[q.tail % RING];
        pthread_mutex_lock(&q.mu);
        while (!s->done)
            pthread_cond_wait(&q.done, &q.mu);
        pthread_mutex_unlock(&q.mu);
        if (p->deliver(p->user, &s->job, rd.r) != 0) {
            rc = -1;
            eof = 1;
        }
        clear_job(&s->job);
        pthread_mutex_lock(&q.mu);
        q.tail++;
        pthread_mutex_unlock(&q.mu);
    }
    /* after an error: let the workers finish what they took, then drop the rest */
    pthread_mutex_lock(&q.mu);
    q.eof = 1;
    q.head = q.taken;
    pthread_cond_broadcast(&q.work);
    pthread_mutex_unlock(&q.mu);
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    for (size_t i = 0; q.slots && i < RING; i++) {
        clear_job(&q.slots[i].job);
        hd_event_list_free(q.slots[i].job.list);
    }
    if (rd.r)
        hd_reader_close(rd.r);
    for (int t = 0; t < jobs; t++)
        hd_coder_free(coders[t]);
    pthread_cond_destroy(&q.work);
    pthread_cond_destroy(&q.done);
    pthread_mutex_destroy(&q.mu);
    free(q.slots);
    return rc != 0 ? rc : stopped ? CLI_STOPPED : 0;
}

/* herald code -j N: each document's output written in input order. */
typedef struct code_state {
    FILE *out;
    long *docs, *events, *failed;
    cli_diags *diags;
} code_state;

static int write_job(void *user, cli_job *job, hd_reader *current)
{
    (void)current;
    code_state *cs = user;
    if (job->read_error) {
        cli_diag(cs->diags, "%s", job->read_error);
        (*cs->failed)++;
        return 0;
    }
    if (job->warning)
        cli_diag(cs->diags, "%s", job->warning);
    (*cs->docs)++;
    if (job->error) {
        cli_diag(cs->diags, "%s: document %s: %s", job->input, job->doc.id ? job->doc.id : "?", job->error);
        (*cs->failed)++;
        return 0;
    }
    *cs->events += job->events;
    return job->out_len && fwrite(job->out, 1, job->out_len, cs->out) != job->out_len ? -1 : 0;
}

int cli_code_parallel(const hd_model *m, const hd_gazetteer *gaz, const hd_options *opt, hd_format fmt, int entities,
                      int jobs, char **inputs, int ninputs, hd_input_format infmt, const char *date, FILE *out,
                      long *docs, long *events, long *failed, cli_diags *diags)
{
    code_state cs = {out, docs, events, failed, diags};
    cli_pipeline p = {.model = m, .gaz = gaz, .opt = opt, .jobs = jobs, .inputs = inputs, .ninputs = ninputs,
                      .infmt = infmt, .date = date, .fmt = fmt, .entities = entities, .deliver = write_job,
                      .user = &cs};
    return cli_run_pipeline(&p);
}
