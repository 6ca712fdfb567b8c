/* hd_linear.c: the image of trained linear classifiers and their scores (hd_linear.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hd_mapfile.h"
#include "model/hd_linear.h"

typedef struct linear_header {
    char magic[8];
    char name[HD_LINEAR_NAME];
    uint32_t n_classes;
    uint32_t flags;
    uint64_t table_bytes;
} linear_header;

static int fail(char *err, size_t errlen, const char *why)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", why);
    return -1;
}

static size_t padded(size_t n) { return (n + 7) & ~(size_t)7; }

int hd_linear_open(hd_linear *m, const void *data, size_t size, size_t *used, char *err, size_t errlen)
{
    linear_header h;
    memset(m, 0, sizeof *m);
    if (hd_image_header(data, size, HD_LINEAR_MAGIC, &h, sizeof h, "classifier", err, errlen) != 0)
        return -1;
    if (h.n_classes < 1 || h.n_classes > HD_LINEAR_MAX_CLASSES || memchr(h.name, '\0', sizeof h.name) == NULL ||
        h.flags & ~HD_LINEAR_LOGISTIC || (h.flags & HD_LINEAR_LOGISTIC && h.n_classes != 2))
        return fail(err, errlen, "classifier: header out of range");
    size_t labels = padded((size_t)h.n_classes * HD_LINEAR_LABEL);
    if (labels > size - sizeof h || h.table_bytes % 8 || h.table_bytes > size - sizeof h - labels)
        return fail(err, errlen, "classifier: labels and weights run past the end");
    const char(*lab)[HD_LINEAR_LABEL] = (const void *)((const char *)data + sizeof h);
    for (uint32_t c = 0; c < h.n_classes; c++)
        if (!memchr(lab[c], '\0', HD_LINEAR_LABEL) || !lab[c][0])
            return fail(err, errlen, "classifier: a class label is empty or unterminated");
    if (hd_rows_open(&m->weights, (const char *)data + sizeof h + labels, h.table_bytes, err, errlen) != 0)
        return -1;
    if (m->weights.n_classes != (int)h.n_classes || m->weights.block)
        return fail(err, errlen, "classifier: weights of another class count");
    memcpy(m->name, h.name, sizeof m->name);
    m->n_classes = (int)h.n_classes;
    m->flags = h.flags;
    m->labels = lab;
    *used = sizeof h + labels + h.table_bytes;
    m->image = data;
    m->image_size = *used;
    return 0;
}

int hd_linear_set_open(hd_linear_set *s, const void *data, size_t size, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    if (size == 0)
        return 0;
    uint32_t count;
    if (size < 8 || (uintptr_t)data % 8)
        return fail(err, errlen, "classifiers: section truncated or misaligned");
    memcpy(&count, data, sizeof count);
    if (count > HD_LINEAR_MAX_MODELS)
        return fail(err, errlen, "classifiers: too many models");
    size_t at = 8;
    for (uint32_t i = 0; i < count; i++) {
        size_t used;
        if (at >= size)
            return fail(err, errlen, "classifiers: section truncated");
        if (hd_linear_open(&s->models[i], (const char *)data + at, size - at, &used, err, errlen) != 0)
            return -1;
        for (uint32_t j = 0; j < i; j++)
            if (!strcmp(s->models[j].name, s->models[i].name))
                return fail(err, errlen, "classifiers: two models of one name");
        at += used;
    }
    if (at != size)
        return fail(err, errlen, "classifiers: bytes after the last model");
    s->n_models = (int)count;
    return 0;
}

const hd_linear *hd_linear_find(const hd_linear_set *s, const char *name)
{
    for (int i = 0; s && i < s->n_models; i++)
        if (!strcmp(s->models[i].name, name))
            return &s->models[i];
    return NULL;
}

void hd_linear_scores(const hd_linear *m, const uint64_t *keys, size_t n, float *scores)
{
    int32_t acc[HD_LINEAR_MAX_CLASSES + 8], bias[HD_LINEAR_MAX_CLASSES + 8];
    memset(acc, 0, sizeof acc);
    memset(bias, 0, sizeof bias);
    for (size_t from = 0; from < n; from += 256)
        hd_rows_add(&m->weights, keys + from, (int)(n - from < 256 ? n - from : 256), acc);
    uint32_t run = hd_rows_find(&m->weights, HD_LINEAR_BIAS_KEY);
    if (run != HD_NO_RUN)
        hd_rows_add_run(&m->weights, run, bias);
    float value = n ? 1.0f / sqrtf((float)n) : 0.0f;
    for (int c = 0; c < m->n_classes; c++)
        scores[c] = m->weights.scale * ((float)acc[c] * value + (float)bias[c]);
}

int hd_linear_best(const hd_linear *m, const float *scores)
{
    int best = 0;
    for (int c = 1; c < m->n_classes; c++)
        if (scores[c] > scores[best])
            best = c;
    return best;
}

int hd_linear_class(const hd_linear *m, const char *label)
{
    for (int c = 0; c < m->n_classes; c++)
        if (!strcmp(m->labels[c], label))
            return c;
    return -1;
}

size_t hd_linear_write(const char *name, unsigned flags, int n_classes, const char *const *labels, hd_row_fn row,
                       const void *ctx, size_t n_rows, double floor, FILE *f)
{
    if (n_classes < 1 || n_classes > HD_LINEAR_MAX_CLASSES || strlen(name) >= HD_LINEAR_NAME)
        return 0;
    /* the table is written to memory first: the header states its size */
    char *table = NULL;
    size_t table_size = 0;
    FILE *mem = open_memstream(&table, &table_size);
    if (!mem)
        return 0;
    size_t bytes = hd_rows_write(row, ctx, n_rows, n_classes, floor, 0.5, 0, mem);
    if (fclose(mem) != 0 || bytes == 0 || bytes != table_size) {
        free(table);
        return 0;
    }
    linear_header h = {.n_classes = (uint32_t)n_classes, .flags = flags, .table_bytes = bytes};
    memcpy(h.magic, HD_LINEAR_MAGIC, 8);
    snprintf(h.name, sizeof h.name, "%s", name);
    size_t labels_size = padded((size_t)n_classes * HD_LINEAR_LABEL);
    char *lab = calloc(1, labels_size);
    size_t written = 0;
    if (lab) {
        int ok = 1;
        for (int c = 0; c < n_classes; c++) {
            if (!labels[c][0] || strlen(labels[c]) >= HD_LINEAR_LABEL)
                ok = 0;
            else
                memcpy(lab + (size_t)c * HD_LINEAR_LABEL, labels[c], strlen(labels[c]));
        }
        if (ok && fwrite(&h, sizeof h, 1, f) == 1 && fwrite(lab, 1, labels_size, f) == labels_size &&
            fwrite(table, 1, bytes, f) == bytes)
            written = sizeof h + labels_size + bytes;
    }
    free(lab);
    free(table);
    return written;
}
