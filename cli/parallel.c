/* parallel.c: `herald code -j N`: N threads share one loaded model and gazetteer, each with a
 * coder of its own. Documents are read in batches; the threads take documents from a batch by
 * an atomic counter and write each one's events into its own buffer; the batch is then written
 * in input order, so the output is the same as with one thread. Two batches alternate: while
 * the threads code one, the main thread writes the one before and reads the next. Memory stays
 * bounded by two batches. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define BATCH 256

typedef struct job_doc {
    hd_doc doc;
    char *input;     /* the input path, for messages */
    char *out;       /* events (or the entities record) as written */
    size_t out_len;
    long events;
    char *error;     /* NULL, or why the document was rejected */
} job_doc;

typedef struct batch batch;

typedef struct worker_arg {
    batch *b;
    hd_coder *c;
} worker_arg;

struct batch {
    job_doc docs[BATCH];
    size_t n;
    atomic_size_t next;
    hd_coder **coders; /* one per thread, kept across batches */
    hd_format fmt;
    int entities;
    pthread_t th[64];
    worker_arg args[64];
    int started;
};

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

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static void *worker(void *arg)
{
    batch *b = ((worker_arg *)arg)->b;
    hd_coder *c = ((worker_arg *)arg)->c;
    size_t i;
    while ((i = atomic_fetch_add(&b->next, 1)) < b->n) {
        job_doc *jd = &b->docs[i];
        FILE *f = open_memstream(&jd->out, &jd->out_len);
        if (!f) {
            jd->error = strdup("out of memory");
            continue;
        }
        sink_ctx s = {f, b->fmt, b->entities, 0};
        if (hd_code_document(c, &jd->doc, to_buffer, &s) < 0)
            jd->error = strdup(hd_coder_error(c));
        else if (b->entities)
            hd_entities_write(hd_coder_entities(c), f);
        jd->events = s.events;
        fclose(f);
    }
    return NULL;
}

static void clear_doc(job_doc *jd)
{
    free((char *)jd->doc.id);
    free((char *)jd->doc.text);
    free((char *)jd->doc.title);
    free((char *)jd->doc.date);
    free((char *)jd->doc.source);
    free((char *)jd->doc.url);
    free(jd->out);
    free(jd->error);
    memset(jd, 0, sizeof *jd);
}

/* Starts the threads on a batch. */
static void start_batch(batch *b, int jobs)
{
    atomic_store(&b->next, 0);
    b->started = 0;
    for (int t = 0; t < jobs && t < 64; t++) {
        b->args[t].b = b;
        b->args[t].c = b->coders[t];
        if (pthread_create(&b->th[b->started], NULL, worker, &b->args[t]) == 0)
            b->started++;
    }
    if (!b->started) {
        b->args[0].b = b;
        b->args[0].c = b->coders[0];
        worker(&b->args[0]);
    }
}

/* Waits for a batch's threads and writes it in order; returns -1 on a write error. */
static int finish_batch(batch *b, FILE *out, long *events, long *failed)
{
    for (int t = 0; t < b->started; t++)
        pthread_join(b->th[t], NULL);
    b->started = 0;
    int rc = 0;
    for (size_t i = 0; i < b->n; i++) {
        job_doc *jd = &b->docs[i];
        if (jd->error) {
            fprintf(stderr, "herald: %s: document %s: %s\n", jd->input, jd->doc.id ? jd->doc.id : "?", jd->error);
            (*failed)++;
        } else {
            *events += jd->events;
            if (jd->out_len && fwrite(jd->out, 1, jd->out_len, out) != jd->out_len)
                rc = -1;
        }
        free(jd->input);
        clear_doc(jd);
    }
    b->n = 0;
    return rc;
}

typedef struct reading {
    char **inputs;
    int ninputs, i;
    hd_reader *r;
    hd_input_format infmt;
    const char *date;
} reading;

/* Fills `b` with up to BATCH documents; 0 at the end of the inputs. A bad record ends the
 * batch early (*bad = 1) so that its message comes after the documents before it. */
static int fill(reading *rd, batch *b, long *docs, long *failed, char *err, size_t errlen, int *bad)
{
    *bad = 0;
    while (b->n < BATCH) {
        if (!rd->r) {
            if (rd->i >= rd->ninputs)
                return b->n > 0;
            rd->r = hd_reader_open(rd->inputs[rd->i], rd->infmt, rd->date, err, errlen);
            if (!rd->r) {
                rd->i++;
                *bad = 1;
                (*failed)++;
                return 1;
            }
        }
        hd_doc doc;
        int got = hd_reader_next(rd->r, &doc, err, errlen);
        if (got == 0) {
            hd_reader_close(rd->r);
            rd->r = NULL;
            rd->i++;
            continue;
        }
        if (got < 0) {
            *bad = 1;
            (*failed)++;
            return 1;
        }
        job_doc *jd = &b->docs[b->n++];
        jd->doc.id = dup_or_null(doc.id);
        char *text = malloc(doc.text_len + 1);
        if (text) {
            memcpy(text, doc.text, doc.text_len);
            text[doc.text_len] = '\0';
        }
        jd->doc.text = text;
        jd->doc.text_len = text ? doc.text_len : 0;
        jd->doc.title = dup_or_null(doc.title);
        jd->doc.date = dup_or_null(doc.date);
        jd->doc.source = dup_or_null(doc.source);
        jd->doc.url = dup_or_null(doc.url);
        jd->input = strdup(rd->inputs[rd->i]);
        (*docs)++;
    }
    return 1;
}

int cli_code_parallel(const hd_model *m, const hd_gazetteer *gaz, const hd_options *opt, hd_format fmt, int entities,
                      int jobs, char **inputs, int ninputs, hd_input_format infmt, const char *date, FILE *out,
                      long *docs, long *events, long *failed)
{
    batch *b[2] = {calloc(1, sizeof(batch)), calloc(1, sizeof(batch))};
    hd_coder *coders[64] = {0};
    int rc = b[0] && b[1] ? 0 : -1;
    if (jobs > 64)
        jobs = 64;
    for (int t = 0; rc == 0 && t < jobs; t++) {
        coders[t] = hd_coder_new(m);
        if (!coders[t])
            rc = -1;
        else {
            hd_coder_set_options(coders[t], opt);
            hd_coder_set_gazetteer(coders[t], gaz);
        }
    }
    for (int k = 0; rc == 0 && k < 2; k++) {
        b[k]->coders = coders;
        b[k]->fmt = fmt;
        b[k]->entities = entities;
    }
    reading rd = {inputs, ninputs, 0, NULL, infmt, date};
    char err[2][1024];
    int bad[2] = {0, 0}, cur = 0, running = 0;
    /* the pipeline: start batch `cur`, read the other one meanwhile, then finish `cur` */
    int more = rc == 0 && fill(&rd, b[cur], docs, failed, err[cur], sizeof err[cur], &bad[cur]);
    while (more && rc == 0) {
        start_batch(b[cur], jobs);
        running = 1;
        int nxt = 1 - cur;
        more = fill(&rd, b[nxt], docs, failed, err[nxt], sizeof err[nxt], &bad[nxt]);
        if (finish_batch(b[cur], out, events, failed) != 0)
            rc = -1;
        running = 0;
        if (bad[cur])
            fprintf(stderr, "herald: %s\n", err[cur]);
        cur = nxt;
    }
    if (running && finish_batch(b[cur], out, events, failed) != 0)
        rc = -1;
    if (rd.r)
        hd_reader_close(rd.r);
    for (int t = 0; t < jobs; t++)
        hd_coder_free(coders[t]);
    free(b[0]);
    free(b[1]);
    return rc;
}
