/* hd_perceptron.c: training and frozen weights of the averaged perceptron (see hd_perceptron.h).
 *
 * While training, each feature key has a slot in an open-addressed table and a chain of entries,
 * one per class it was ever updated for, each with the running total that averaging needs. The
 * frozen form keeps only averaged, pruned, 16-bit weights, laid out so that scoring a feature
 * costs one probe into the table and one run of contiguous entries. */
#include "syntax/hd_perceptron.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/hd_mapfile.h"

/* ---- training ------------------------------------------------------------------------------- */

typedef struct entry {
    int32_t next; /* the feature's next entry, -1 at the end */
    uint16_t cls;
    uint32_t stamp; /* the step at which `w` last changed */
    float w;
    double total; /* the sum of `w` over the steps up to `stamp` */
} entry;

struct hd_perceptron {
    int n_classes;
    uint64_t *keys; /* 0 marks a free slot; a key that hashes to 0 is stored as 1 */
    int32_t *first;
    size_t cap, used; /* slots (a power of two) and slots in use */
    entry *pool;
    size_t n_pool, cap_pool;
    uint32_t step;
};

static uint64_t stored_key(uint64_t k) { return k ? k : 1; }

hd_perceptron *hd_perceptron_new(int n_classes)
{
    if (n_classes < 1 || n_classes > HD_PERCEPTRON_MAX_CLASSES)
        return NULL;
    hd_perceptron *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n_classes = n_classes;
    p->cap = 1 << 16;
    p->keys = calloc(p->cap, sizeof *p->keys);
    p->first = malloc(p->cap * sizeof *p->first);
    if (!p->keys || !p->first) {
        hd_perceptron_free(p);
        return NULL;
    }
    return p;
}

void hd_perceptron_free(hd_perceptron *p)
{
    if (!p)
        return;
    free(p->keys);
    free(p->first);
    free(p->pool);
    free(p);
}

int hd_perceptron_classes(const hd_perceptron *p) { return p->n_classes; }

static size_t find_slot(const uint64_t *keys, size_t cap, uint64_t key)
{
    size_t i = (size_t)(key & (cap - 1));
    while (keys[i] && keys[i] != key)
        i = (i + 1) & (cap - 1);
    return i;
}

static int grow_table(hd_perceptron *p)
{
    size_t cap = p->cap * 2;
    uint64_t *keys = calloc(cap, sizeof *keys);
    int32_t *first = malloc(cap * sizeof *first);
    if (!keys || !first) {
        free(keys);
        free(first);
        return -1;
    }
    for (size_t i = 0; i < p->cap; i++)
        if (p->keys[i]) {
            size_t j = find_slot(keys, cap, p->keys[i]);
            keys[j] = p->keys[i];
            first[j] = p->first[i];
        }
    free(p->keys);
    free(p->first);
    p->keys = keys;
    p->first = first;
    p->cap = cap;
    return 0;
}

void hd_perceptron_score(const hd_perceptron *p, const uint64_t *keys, int n, float *scores)
{
    for (int f = 0; f < n; f++) {
        uint64_t key = stored_key(keys[f]);
        size_t i = find_slot(p->keys, p->cap, key);
        if (!p->keys[i])
            continue;
        for (int32_t e = p->first[i]; e >= 0; e = p->pool[e].next)
            scores[p->pool[e].cls] += p->pool[e].w;
    }
}

/* The entry of (feature, class), made when missing; NULL when memory ran out. */
static entry *weight_of(hd_perceptron *p, uint64_t key, int cls)
{
    key = stored_key(key);
    size_t i = find_slot(p->keys, p->cap, key);
    if (!p->keys[i]) {
        if ((p->used + 1) * 2 > p->cap) {
            if (grow_table(p) != 0)
                return NULL;
            i = find_slot(p->keys, p->cap, key);
        }
        p->keys[i] = key;
        p->first[i] = -1;
        p->used++;
    }
    for (int32_t e = p->first[i]; e >= 0; e = p->pool[e].next)
        if (p->pool[e].cls == cls)
            return &p->pool[e];
    if (p->n_pool == p->cap_pool) {
        size_t cap = p->cap_pool ? p->cap_pool * 2 : 1 << 16;
        if (cap > INT32_MAX)
            return NULL;
        entry *pool = realloc(p->pool, cap * sizeof *pool);
        if (!pool)
            return NULL;
        p->pool = pool;
        p->cap_pool = cap;
    }
    entry *e = &p->pool[p->n_pool];
    *e = (entry){.next = p->first[i], .cls = (uint16_t)cls, .stamp = p->step};
    p->first[i] = (int32_t)p->n_pool++;
    return e;
}

static void nudge(entry *e, float by, uint32_t step)
{
    e->total += (double)(step - e->stamp) * e->w;
    e->stamp = step;
    e->w += by;
}

int hd_perceptron_learn(hd_perceptron *p, const uint64_t *keys, int n, int truth, int guess)
{
    p->step++;
    if (truth == guess)
        return 0;
    for (int f = 0; f < n; f++) {
        entry *t = weight_of(p, keys[f], truth);
        if (!t)
            return -1;
        nudge(t, 1.0f, p->step);
        entry *g = weight_of(p, keys[f], guess);
        if (!g)
            return -1;
        nudge(g, -1.0f, p->step);
    }
    return 0;
}

/* ---- the frozen form ------------------------------------------------------------------------ */

/* After the header come the slots, then the entries in 4-byte units. A slot is 8 bytes: a
 * 32-bit fingerprint of the feature's key (independent of the low bits that chose the slot) and
 * where its run of entries starts. A run opens with one unit that says how many units follow and
 * one that holds the run's scale (a float: a weight is its 16-bit value times it, so that rare
 * features' small weights keep their precision next to a few large ones), then come
 * sparse entries (class and weight each) or, marked DENSE, for a feature that holds weights for
 * many classes, a row of one 16-bit weight per class: adding a dense row is a straight loop the
 * compiler vectorises, where the same weights as sparse entries would be scattered one by one.
 * Two features whose keys agree on both halves would share weights; the writer drops the later
 * one (at 2^-32 per feature, about never). */
#define MAGIC "HDPW0003"
#define DENSE 0x80000000u
#define MAX_LOAD 0.7

typedef struct frozen_header {
    char magic[8];
    uint32_t n_classes;
    uint32_t table_bits;
    uint64_t n_entries; /* 4-byte units */
    float scale; /* 1: each run carries its own */
    uint32_t reserved;
} frozen_header;

typedef struct frozen_slot {
    uint32_t print; /* 0: free */
    uint32_t first; /* the unit that opens the run */
} frozen_slot;

typedef struct frozen_entry {
    uint16_t cls;
    int16_t w;
} frozen_entry;

/* Multiplying by an odd constant mixes every bit of the key into the high half, which the
 * slot's low-bit index does not see: keys that share a chain still differ in their prints
 * (dense rows' keys differ only in their low bits). */
static uint32_t fingerprint(uint64_t key)
{
    uint32_t f = (uint32_t)((key * 0x9e3779b97f4a7c15ULL) >> 32);
    return f ? f : 1;
}

static double averaged(const hd_perceptron *p, const entry *e)
{
    if (!p->step)
        return 0;
    return (e->total + (double)(p->step - e->stamp) * e->w) / p->step;
}

static int16_t quantize(double w, double scale)
{
    long q = lround(w / scale);
    return (int16_t)(q > 32767 ? 32767 : q < -32767 ? -32767 : q);
}

/* The scale of a row: its largest weight is 32767. */
static double row_scale(const double *w, int n_classes)
{
    double biggest = 0;
    for (int c = 0; c < n_classes; c++)
        biggest = fmax(biggest, fabs(w[c]));
    return biggest > 0 ? biggest / 32767.0 : 1.0;
}

/* The writer walks the weights row by row: row(ctx, i, &key, w) gives the key of row i (0: no
 * feature there) and its weight for every class in w[0..n_classes-1]. */
typedef void (*row_fn)(const void *ctx, size_t i, uint64_t *key, double *w);

/* Weights of a row kept, and whether they go as a dense row (then the units it takes). */
static size_t kept_weights(const double *w, int n_classes, double floor, double scale, int *dense)
{
    size_t kept = 0;
    for (int c = 0; c < n_classes; c++)
        kept += w[c] != 0 && fabs(w[c]) >= floor && quantize(w[c], scale) != 0;
    size_t row_units = ((size_t)n_classes + 1) / 2;
    *dense = kept >= 16 && kept * 2 >= row_units * 3 / 2; /* no bigger than 4/3 of the sparse form */
    return *dense ? row_units : kept;
}

static size_t write_frozen(row_fn row, const void *ctx, size_t n_rows, int n_classes, double prune, FILE *f)
{
    double *w = malloc((size_t)n_classes * sizeof *w), biggest = 0;
    if (!w)
        return 0;
    uint64_t key;
    for (size_t i = 0; i < n_rows; i++) {
        row(ctx, i, &key, w);
        for (int c = 0; key && c < n_classes; c++)
            biggest = fmax(biggest, fabs(w[c]));
    }
    double floor = biggest * prune;
    size_t features = 0, units = 0;
    int dense;
    for (size_t i = 0; i < n_rows; i++) {
        row(ctx, i, &key, w);
        size_t u = key ? kept_weights(w, n_classes, floor, row_scale(w, n_classes), &dense) : 0;
        features += u > 0;
        units += u ? u + 2 : 0;
    }
    uint32_t bits = 4;
    while ((double)((size_t)1 << bits) * MAX_LOAD < (double)features + 1)
        bits++;
    size_t n_slots = (size_t)1 << bits, mask = n_slots - 1;
    frozen_slot *slots = calloc(n_slots, sizeof *slots);
    frozen_entry *out = calloc(units + 1, sizeof *out);
    size_t written = 0;
    if (slots && out && units < UINT32_MAX) {
        size_t at = 0;
        for (size_t i = 0; i < n_rows; i++) {
            row(ctx, i, &key, w);
            double scale = key ? row_scale(w, n_classes) : 1;
            size_t u = key ? kept_weights(w, n_classes, floor, scale, &dense) : 0;
            if (!u)
                continue;
            key = stored_key(key);
            uint32_t print = fingerprint(key);
            size_t j = (size_t)(key & mask);
            while (slots[j].print && slots[j].print != print)
                j = (j + 1) & mask;
            if (slots[j].print) /* the same fingerprint in the same chain: see above */
                continue;
            slots[j] = (frozen_slot){print, (uint32_t)at};
            uint32_t count = (uint32_t)u | (dense ? DENSE : 0);
            float fscale = (float)scale;
            memcpy(&out[at++], &count, sizeof count);
            memcpy(&out[at++], &fscale, sizeof fscale);
            for (int c = 0; c < n_classes; c++) {
                int16_t q = quantize(w[c], scale);
                if (w[c] == 0 || fabs(w[c]) < floor || !q)
                    continue;
                if (dense)
                    ((int16_t *)(out + at))[c] = q;
                else
                    out[at++] = (frozen_entry){(uint16_t)c, q};
            }
            if (dense)
                at += u;
        }
        units = at;
        frozen_header h = {.n_classes = (uint32_t)n_classes, .table_bits = bits, .n_entries = units, .scale = 1.0f};
        memcpy(h.magic, MAGIC, 8);
        size_t pad = (8 - units * sizeof *out % 8) % 8;
        static const char zeros[8];
        if (fwrite(&h, sizeof h, 1, f) == 1 && fwrite(slots, sizeof *slots, n_slots, f) == n_slots &&
            fwrite(out, sizeof *out, units, f) == units && fwrite(zeros, 1, pad, f) == pad)
            written = sizeof h + n_slots * sizeof *slots + units * sizeof *out + pad;
    }
    free(w);
    free(slots);
    free(out);
    return written;
}

/* A row of the training table: slot i's feature with its averaged weights. */
static void training_row(const void *ctx, size_t i, uint64_t *key, double *w)
{
    const hd_perceptron *p = ctx;
    *key = p->keys[i];
    if (!*key)
        return;
    memset(w, 0, (size_t)p->n_classes * sizeof *w);
    for (int32_t e = p->first[i]; e >= 0; e = p->pool[e].next)
        w[p->pool[e].cls] = averaged(p, &p->pool[e]);
}

size_t hd_perceptron_write(const hd_perceptron *p, FILE *f, double prune)
{
    return write_frozen(training_row, p, p->cap, p->n_classes, prune, f);
}

typedef struct dense_table {
    const float *w;
    int n_classes;
} dense_table;

static void dense_row(const void *ctx, size_t i, uint64_t *key, double *w)
{
    const dense_table *t = ctx;
    int any = 0;
    for (int c = 0; c < t->n_classes; c++) {
        w[c] = t->w[i * (size_t)t->n_classes + (size_t)c];
        any |= w[c] != 0;
    }
    *key = any ? hd_dense_key(i) : 0;
}

size_t hd_weights_write_dense(const float *w, size_t rows, int n_classes, double prune, FILE *f)
{
    if (n_classes < 1 || n_classes > HD_PERCEPTRON_MAX_CLASSES)
        return 0;
    dense_table t = {w, n_classes};
    return write_frozen(dense_row, &t, rows, n_classes, prune, f);
}

int hd_weights_open(hd_weights *w, const void *data, size_t size, char *err, size_t errlen)
{
    frozen_header h;
    if (hd_image_header(data, size, MAGIC, &h, sizeof h, "weights", err, errlen) != 0)
        return -1;
    if (h.n_classes < 1 || h.n_classes > HD_PERCEPTRON_MAX_CLASSES || h.table_bits < 1 || h.table_bits > 32 ||
        !isfinite(h.scale) || h.scale <= 0) {
        snprintf(err, errlen, "weights: header out of range");
        return -1;
    }
    uint64_t n_slots = (uint64_t)1 << h.table_bits, row_units = (h.n_classes + 1) / 2;
    if (h.n_entries > (size - sizeof h) / sizeof(frozen_entry) ||
        n_slots > (size - sizeof h - h.n_entries * sizeof(frozen_entry)) / sizeof(frozen_slot)) {
        snprintf(err, errlen, "weights: table and entries run past the end (%zu bytes)", size);
        return -1;
    }
    const frozen_slot *slots = (const frozen_slot *)((const char *)data + sizeof h);
    const frozen_entry *entries = (const frozen_entry *)(slots + n_slots);
    /* The runs are checked in the order they lie, which the writer made one after the other
     * with nothing between: a walk through memory rather than a jump per slot, which keeps a
     * parser's tens of megabytes to a few milliseconds. A slot is then sound when it points at
     * the start of a run, which a bit per unit records. */
    uint64_t *starts = calloc(h.n_entries / 64 + 1, sizeof *starts);
    if (!starts) {
        snprintf(err, errlen, "weights: out of memory");
        return -1;
    }
    int bad = 0;
    for (uint64_t at = 0; at < h.n_entries && !bad;) {
        uint32_t count;
        float scale;
        if (h.n_entries - at < 2) {
            snprintf(err, errlen, "weights: the run at entry %llu is cut short", (unsigned long long)at);
            bad = 1;
            break;
        }
        memcpy(&count, &entries[at], sizeof count);
        memcpy(&scale, &entries[at + 1], sizeof scale);
        uint32_t units = count & ~DENSE;
        if ((count & DENSE && units != row_units) || units > h.n_entries - at - 2 || !isfinite(scale)) {
            snprintf(err, errlen, "weights: the run at entry %llu is out of range", (unsigned long long)at);
            bad = 1;
            break;
        }
        if (!(count & DENSE))
            for (uint64_t e = at + 2; e < at + 2 + units; e++)
                if (entries[e].cls >= h.n_classes) {
                    snprintf(err, errlen, "weights: entry %llu has class %u of %u", (unsigned long long)e, entries[e].cls,
                             h.n_classes);
                    bad = 1;
                    break;
                }
        starts[at / 64] |= 1ULL << (at % 64);
        at += 2 + units;
    }
    /* without a branch on whether a slot is used, which the table's chance occupancy would
     * mispredict half the time: the slots take most of a parser's checking */
    uint64_t used = 0, wrong = 0;
    for (uint64_t i = 0; i < n_slots && !bad; i++) {
        uint64_t taken = slots[i].print != 0, first = slots[i].first, inside = first < h.n_entries;
        first = inside ? first : 0;
        used += taken;
        wrong |= taken & ~(inside & starts[first / 64] >> (first % 64));
    }
    if (!bad && (wrong & 1)) {
        snprintf(err, errlen, "weights: a slot points where no run starts");
        bad = 1;
    }
    free(starts);
    if (bad)
        return -1;
    if (used == n_slots) { /* a lookup of a missing key would never end */
        snprintf(err, errlen, "weights: table has no free slot");
        return -1;
    }
    *w = (hd_weights){(const unsigned char *)slots, (const unsigned char *)entries, n_slots - 1, h.n_entries,
                      (int)h.n_classes};
    return 0;
}

void hd_weights_score(const hd_weights *w, const uint64_t *keys, int n, float *scores)
{
    const frozen_slot *slots = (const frozen_slot *)w->slots;
    const frozen_entry *entries = (const frozen_entry *)w->entries;
    uint32_t found[256];
    float sum[HD_PERCEPTRON_MAX_CLASSES];
    int runs = 0, n_classes = w->n_classes;
    if (n > 256) {
        for (int f = 0; f < n; f += 256)
            hd_weights_score(w, keys + f, n - f < 256 ? n - f : 256, scores);
        return;
    }
    /* Three sweeps so that memory loads overlap instead of waiting in turn: touch every
     * feature's slot, then find the slots and touch their entries, then add. */
    for (int f = 0; f < n; f++)
        __builtin_prefetch(&slots[stored_key(keys[f]) & w->mask]);
    for (int f = 0; f < n; f++) {
        uint64_t key = stored_key(keys[f]);
        uint32_t print = fingerprint(key);
        for (uint64_t i = key & w->mask; slots[i].print; i = (i + 1) & w->mask)
            if (slots[i].print == print) {
                found[runs++] = slots[i].first;
                __builtin_prefetch(entries + slots[i].first);
                break;
            }
    }
    memset(sum, 0, (size_t)n_classes * sizeof *sum);
    for (int r = 0; r < runs; r++) {
        const frozen_entry *e = entries + found[r];
        uint32_t count;
        float scale;
        memcpy(&count, e++, sizeof count);
        memcpy(&scale, e++, sizeof scale);
        if (count & DENSE) {
            const int16_t *row = (const int16_t *)e;
            for (int c = 0; c < n_classes; c++)
                sum[c] += scale * (float)row[c];
        } else
            for (const frozen_entry *end = e + count; e < end; e++)
                sum[e->cls] += scale * (float)e->w;
    }
    for (int c = 0; c < n_classes; c++)
        scores[c] += sum[c];
}
