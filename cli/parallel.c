/* parallel.c: `herald code -j N`: N threads share one loaded model and gazetteer, each with a
 * coder of its own. Documents are read in batches; the threads take documents from a batch by
 * an atomic counter and write each one's events into its own buffer; the batch is then written
 * in input order, so the output is the same as with one thread. Memory stays bounded by the
 * batch size. */
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

typedef struct batch {
    job_doc docs[BATCH];
    size_t n;
    atomic_size_t next;
    const hd_model *m;
    const hd_gazetteer *gaz;
    hd_options opt;
    hd_format fmt;
    int entities;
} batch;

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
    batch *b = arg;
    hd_coder *c = hd_coder_new(b->m);
    if (!c)
        return NULL;
    hd_coder_set_options(c, &b->opt);
    hd_coder_set_gazetteer(c, b->gaz);
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
    hd_coder_free(c);
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

/* Codes the batch on `jobs` threads and writes it in order; returns -1 on a write error. */
static int run_batch(batch *b, int jobs, FILE *out, long *events, long *failed)
{
    pthread_t th[64];
    int started = 0;
    atomic_store(&b->next, 0);
    for (int t = 0; t < jobs && t < 64; t++)
        if (pthread_create(&th[started], NULL, worker, b) == 0)
            started++;
    if (!started)
        worker(b);
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
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

int cli_code_parallel(const hd_model *m, const hd_gazetteer *gaz, const hd_options *opt, hd_format fmt, int entities,
                      int jobs, char **inputs, int ninputs, hd_input_format infmt, const char *date, FILE *out,
                      long *docs, long *events, long *failed)
{
    batch *b = calloc(1, sizeof *b);
    if (!b)
        return -1;
    b->m = m;
    b->gaz = gaz;
    b->opt = *opt;
    b->fmt = fmt;
    b->entities = entities;
    int rc = 0;
    for (int i = 0; i < ninputs && rc == 0; i++) {
        char err[1024];
        hd_reader *r = hd_reader_open(inputs[i], infmt, date, err, sizeof err);
        if (!r) {
            fprintf(stderr, "herald: %s\n", err);
            (*failed)++;
            continue;
        }
        hd_doc doc;
        int got;
        while (rc == 0 && (got = hd_reader_next(r, &doc, err, sizeof err)) != 0) {
            if (got < 0) {
                /* a bad record is reported where it stands in the output order */
                if (run_batch(b, jobs, out, events, failed) != 0)
                    rc = -1;
                fprintf(stderr, "herald: %s\n", err);
                (*failed)++;
                continue;
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
            jd->input = strdup(inputs[i]);
            (*docs)++;
            if (b->n == BATCH && run_batch(b, jobs, out, events, failed) != 0)
                rc = -1;
        }
        hd_reader_close(r);
    }
    if (rc == 0 && run_batch(b, jobs, out, events, failed) != 0)
        rc = -1;
    free(b);
    return rc;
}
