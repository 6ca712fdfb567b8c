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

static double averaged(const hd_perceptron *p, const entry *e)
{
    if (!p->step)
        return 0;
    return (e->total + (double)(p->step - e->stamp) * e->w) / p->step;
}

int hd_perceptron_weights(const hd_perceptron *p, uint64_t key, double *w)
{
    memset(w, 0, (size_t)p->n_classes * sizeof *w);
    key = stored_key(key);
    size_t i = find_slot(p->keys, p->cap, key);
    if (!p->keys[i])
        return 0;
    for (int32_t e = p->first[i]; e >= 0; e = p->pool[e].next)
        w[p->pool[e].cls] = averaged(p, &p->pool[e]);
    return 1;
}

double hd_perceptron_largest(const hd_perceptron *p)
{
    double biggest = 0;
    for (size_t e = 0; e < p->n_pool; e++)
        biggest = fmax(biggest, fabs(averaged(p, &p->pool[e])));
    return biggest;
}

size_t hd_perceptron_slots(const hd_perceptron *p) { return p->cap; }

int hd_perceptron_merge(hd_perceptron *into, const hd_perceptron *from, double share)
{
    if (into->n_classes != from->n_classes)
        return -1;
    /* every weight of `into` is its own average: no step has been taken (stamp 0) and the
     * average over the one step counted below is the weight itself */
    into->step = 0;
    for (size_t i = 0; i < from->cap; i++) {
        if (!from->keys[i])
            continue;
        for (int32_t e = from->first[i]; e >= 0; e = from->pool[e].next) {
            double w = averaged(from, &from->pool[e]);
            if (w == 0)
                continue;
            entry *to = weight_of(into, from->keys[i], from->pool[e].cls);
            if (!to)
                return -1;
            to->w += (float)(share * w);
            to->total = 0;
            to->stamp = 0;
        }
    }
    into->step = 1;
    return 0;
}

void hd_perceptron_row(const void *ctx, size_t i, uint64_t *key, double *w)
{
    const hd_perceptron *p = ctx;
    *key = p->keys[i];
    if (*key)
        hd_perceptron_weights(p, *key, w);
}

/* ---- the frozen forms ----------------------------------------------------------------------- */

/* Both tables are open-addressed on the key's low bits and tell keys apart by a fingerprint
 * from other bits, so that a key is never stored whole. Two features whose keys agree on both
 * would share weights: the writer drops the later one (about never). A lookup probes at most
 * the whole table, so that even a table scribbled full ends every lookup. */
#define MAX_LOAD 0.6

static uint32_t table_bits(size_t features)
{
    uint32_t bits = 4;
    while ((double)((size_t)1 << bits) * MAX_LOAD < (double)features + 1)
        bits++;
    return bits;
}

static int16_t quantize(double w, double scale)
{
    long q = lround(w / scale);
    return (int16_t)(q > 32767 ? 32767 : q < -32767 ? -32767 : q);
}

/* The scale of a table whose largest kept weight is `biggest`. */
static double scale_of(double biggest) { return biggest > 0 ? biggest / 32767.0 : 1.0; }

/* The largest weight a table keeps, and the features that keep any. */
static double survey(hd_row_fn row, const void *ctx, size_t n_rows, int n_classes, double floor, double *w,
                     size_t *features)
{
    double biggest = 0;
    uint64_t key;
    *features = 0;
    for (size_t i = 0; i < n_rows; i++) {
        row(ctx, i, &key, w);
        int any = 0;
        for (int c = 0; key && c < n_classes; c++)
            if (fabs(w[c]) >= floor && w[c] != 0) {
                biggest = fmax(biggest, fabs(w[c]));
                any = 1;
            }
        *features += any;
    }
    return biggest;
}

/* Rows: after the header come the slots, then runs of 4-byte units. A slot is 8 bytes: a
 * 32-bit fingerprint of the feature's key and the unit where its run starts. A run opens with
 * a unit that says how many units follow and in which form:
 *   sparse   (class, weight) pairs, for a feature with weights for a few classes;
 *   DENSE    a row of one 16-bit weight per class, for one with weights for many: adding a
 *            whole row is a straight loop the compiler vectorises, where the same weights as
 *            pairs would be scattered one by one;
 *   BLOCKS   in a table of blocks (its classes are `block`-wide blocks, the parser's places
 *            times moves), a unit with a bit per block the feature has weights in, then
 *            those blocks whole: a word's unigram row holds weights for a few places only. */
#define ROWS_MAGIC "HDPW0004"
#define DENSE 0x80000000u
#define BLOCKS 0x40000000u
#define FORMS (DENSE | BLOCKS)
#define MAX_BLOCKS 32

typedef struct rows_header {
    char magic[8];
    uint32_t n_classes;
    uint32_t table_bits;
    uint64_t n_units;
    float scale;
    uint32_t block; /* 0: no blocks */
} rows_header;

typedef struct rows_slot {
    uint32_t print; /* 0: free */
    uint32_t first; /* the unit that opens the run */
} rows_slot;

typedef struct rows_entry {
    uint16_t cls;
    int16_t w;
} rows_entry;

/* Multiplying by an odd constant mixes every bit of the key into the high half, which the
 * slot's low-bit index does not see. */
static uint32_t fingerprint(uint64_t key)
{
    uint32_t f = (uint32_t)((key * 0x9e3779b97f4a7c15ULL) >> 32);
    return f ? f : 1;
}

/* A dense row's units: a weight per class, in whole vectors of eight. */
static size_t dense_units(int n_classes) { return ((size_t)n_classes + 7) / 8 * 4; }

/* A row's run (its opening unit and what follows) into `out` (zeroed) when not NULL; returns
 * the units it takes, 0 when it keeps no weight. */
static size_t encode_row(const double *w, int n_classes, double floor, double scale, double dense_from, int block,
                         rows_entry *out)
{
    int16_t q[HD_PERCEPTRON_MAX_CLASSES];
    size_t kept = 0;
    uint32_t blocks = 0;
    for (int c = 0; c < n_classes; c++) {
        q[c] = w[c] != 0 && fabs(w[c]) >= floor ? quantize(w[c], scale) : 0;
        kept += q[c] != 0;
        if (q[c] && block)
            blocks |= 1u << (c / block);
    }
    if (!kept)
        return 0;
    size_t whole = dense_units(n_classes), units;
    uint32_t form = 0;
    if (block) {
        form = BLOCKS;
        units = 1 + (size_t)__builtin_popcount(blocks) * (size_t)block / 2;
    } else if (kept >= 8 && (kept * 3 >= whole * 4 || (dense_from > 0 && (double)kept >= dense_from * n_classes))) {
        form = DENSE; /* no bigger than 4/3 of the pairs, or as wide as asked */
        units = whole;
    } else
        units = kept;
    if (!out)
        return units + 1;
    uint32_t count = (uint32_t)units | form;
    memcpy(out++, &count, sizeof count);
    if (form == BLOCKS) {
        memcpy(out++, &blocks, sizeof blocks);
        int16_t *to = (int16_t *)(void *)out;
        for (int b = 0; b < n_classes / block; b++)
            if (blocks >> b & 1) {
                memcpy(to, q + b * block, (size_t)block * sizeof *to);
                to += block;
            }
    } else if (form == DENSE)
        memcpy(out, q, (size_t)n_classes * sizeof *q); /* the rest of the row was zeroed */
    else
        for (int c = 0; c < n_classes; c++)
            if (q[c])
                *out++ = (rows_entry){(uint16_t)c, q[c]};
    return units + 1;
}

size_t hd_rows_write(hd_row_fn row, const void *ctx, size_t n_rows, int n_classes, double floor, double dense_from,
                     int block, FILE *f)
{
    if (n_classes < 1 || n_classes > HD_PERCEPTRON_MAX_CLASSES || block < 0 || block % 2 ||
        (block && (n_classes % block || n_classes / block > MAX_BLOCKS)))
        return 0;
    double *w = malloc((size_t)n_classes * sizeof *w);
    if (!w)
        return 0;
    size_t features, units = 0;
    double scale = scale_of(survey(row, ctx, n_rows, n_classes, floor, w, &features));
    uint64_t key;
    for (size_t i = 0; i < n_rows; i++) {
        row(ctx, i, &key, w);
        units += key ? encode_row(w, n_classes, floor, scale, dense_from, block, NULL) : 0;
    }
    uint32_t bits = table_bits(features);
    size_t n_slots = (size_t)1 << bits, mask = n_slots - 1;
    rows_slot *slots = calloc(n_slots, sizeof *slots);
    rows_entry *out = calloc(units + 1, sizeof *out);
    size_t written = 0;
    if (slots && out && units < UINT32_MAX) {
        size_t at = 0;
        for (size_t i = 0; i < n_rows; i++) {
            row(ctx, i, &key, w);
            if (!key || !encode_row(w, n_classes, floor, scale, dense_from, block, NULL))
                continue;
            key = stored_key(key);
            uint32_t print = fingerprint(key);
            size_t j = (size_t)(key & mask);
            while (slots[j].print && slots[j].print != print)
                j = (j + 1) & mask;
            if (slots[j].print) /* the same fingerprint in the same chain: see above */
                continue;
            slots[j] = (rows_slot){print, (uint32_t)at};
            at += encode_row(w, n_classes, floor, scale, dense_from, block, out + at);
        }
        rows_header h = {.n_classes = (uint32_t)n_classes, .table_bits = bits, .n_units = at, .scale = (float)scale,
                         .block = (uint32_t)block};
        memcpy(h.magic, ROWS_MAGIC, 8);
        size_t pad = (8 - at * sizeof *out % 8) % 8;
        static const char zeros[8];
        if (fwrite(&h, sizeof h, 1, f) == 1 && fwrite(slots, sizeof *slots, n_slots, f) == n_slots &&
            fwrite(out, sizeof *out, at, f) == at && fwrite(zeros, 1, pad, f) == pad)
            written = sizeof h + n_slots * sizeof *slots + at * sizeof *out + pad;
    }
    free(w);
    free(slots);
    free(out);
    return written;
}

int hd_rows_open(hd_rows *r, const void *data, size_t size, char *err, size_t errlen)
{
    rows_header h;
    if (hd_image_header(data, size, ROWS_MAGIC, &h, sizeof h, "weights", err, errlen) != 0)
        return -1;
    if (h.n_classes < 1 || h.n_classes > HD_PERCEPTRON_MAX_CLASSES || h.table_bits < 1 || h.table_bits > 32 ||
        !isfinite(h.scale) || h.scale <= 0 ||
        (h.block && (h.block % 2 || h.block > h.n_classes || h.n_classes % h.block || h.n_classes / h.block > MAX_BLOCKS))) {
        snprintf(err, errlen, "weights: header out of range");
        return -1;
    }
    uint64_t n_slots = (uint64_t)1 << h.table_bits, whole = dense_units((int)h.n_classes);
    if (h.n_units > (size - sizeof h) / sizeof(rows_entry) ||
        n_slots > (size - sizeof h - h.n_units * sizeof(rows_entry)) / sizeof(rows_slot)) {
        snprintf(err, errlen, "weights: table and entries run past the end (%zu bytes)", size);
        return -1;
    }
    const rows_slot *slots = (const rows_slot *)(const void *)((const char *)data + sizeof h);
    const rows_entry *units = (const rows_entry *)(const void *)(slots + n_slots);
    /* The runs are checked in the order they lie, which the writer made one after the other
     * with nothing between: a walk through memory rather than a jump per slot. A slot is then
     * sound when it points at the start of a run, which a bit per unit records. */
    uint64_t *starts = calloc(h.n_units / 64 + 1, sizeof *starts);
    if (!starts) {
        snprintf(err, errlen, "weights: out of memory");
        return -1;
    }
    int bad = 0;
    for (uint64_t at = 0; at < h.n_units && !bad;) {
        uint32_t count, blocks = 0;
        memcpy(&count, &units[at], sizeof count);
        uint32_t n = count & ~FORMS, form = count & FORMS;
        if (form == BLOCKS && n >= 1 && at + 1 < h.n_units)
            memcpy(&blocks, &units[at + 1], sizeof blocks);
        /* every table is of one kind: blocks or not */
        bad = n == 0 || n > h.n_units - at - 1 || form == FORMS || (form == BLOCKS) != (h.block != 0) ||
              (form == DENSE && n != whole) ||
              (form == BLOCKS && ((h.n_classes / h.block < 32 && blocks >> (h.n_classes / h.block)) ||
                                  n != 1 + (uint64_t)__builtin_popcount(blocks) * h.block / 2));
        for (uint64_t e = at + 1; !bad && !form && e < at + 1 + n; e++)
            bad = units[e].cls >= h.n_classes;
        if (bad) {
            snprintf(err, errlen, "weights: the run at unit %llu is out of range", (unsigned long long)at);
            break;
        }
        starts[at / 64] |= 1ULL << (at % 64);
        at += 1 + n;
    }
    /* without a branch on whether a slot is used, which the table's chance occupancy would
     * mispredict half the time */
    uint64_t wrong = 0, used = 0;
    for (uint64_t i = 0; i < n_slots && !bad; i++) {
        uint64_t taken = slots[i].print != 0, first = slots[i].first, inside = first < h.n_units;
        first = inside ? first : 0;
        used += taken;
        wrong |= taken & ~(inside & starts[first / 64] >> (first % 64));
    }
    if (!bad && (wrong & 1)) {
        snprintf(err, errlen, "weights: a slot points where no run starts");
        bad = 1;
    }
    if (!bad && used == n_slots) { /* a lookup of a missing key would never end */
        snprintf(err, errlen, "weights: table has no free slot");
        bad = 1;
    }
    free(starts);
    if (bad)
        return -1;
    *r = (hd_rows){slots, units, n_slots - 1, h.n_units, (int)h.n_classes, (int)h.block, h.scale};
    return 0;
}

/* Adds a run of blocks `width` wide: a fixed width, so that the compiler makes each block a
 * few vector additions. */
#define ADD_BLOCKS(WIDTH)                                                                                 \
    for (const int16_t *b = (const int16_t *)(const void *)(e + 1); mask; mask &= mask - 1, b += WIDTH) { \
        int32_t *to = acc + __builtin_ctz(mask) * WIDTH;                                                \
        for (int c = 0; c < WIDTH; c++)                                                                 \
            to[c] += b[c];                                                                              \
    }

/* Eight-wide blocks, the parser's: eight scores at a time as vectors. */
static void add_blocks8(uint32_t mask, const int16_t *b, int32_t *acc)
{
    for (; mask; mask &= mask - 1, b += 8) {
        int32_t *to = acc + __builtin_ctz(mask) * 8;
        hd_i32x8 v;
        memcpy(&v, to, sizeof v);
        hd_add_i16x8(&v, b);
        memcpy(to, &v, sizeof v);
    }
}

/* Adds the run that opens at `e` to acc. */
static inline void add_run(const hd_rows *r, const rows_entry *e, int32_t *acc)
{
    uint32_t count;
    memcpy(&count, e++, sizeof count);
    if (count & BLOCKS) {
        uint32_t mask;
        memcpy(&mask, e, sizeof mask);
        switch (r->block) {
        case 4: ADD_BLOCKS(4) break;
        case 8: add_blocks8(mask, (const int16_t *)(const void *)(e + 1), acc); break;
        case 16: ADD_BLOCKS(16) break;
        default:
            for (const int16_t *b = (const int16_t *)(const void *)(e + 1); mask; mask &= mask - 1, b += r->block)
                for (int c = 0; c < r->block; c++)
                    acc[__builtin_ctz(mask) * r->block + c] += b[c];
        }
    } else if (count & DENSE) {
        const int16_t *row = (const int16_t *)(const void *)e;
        for (int c = 0; c < r->n_classes; c += 8) {
            hd_i32x8 v;
            memcpy(&v, acc + c, sizeof v);
            hd_add_i16x8(&v, row + c);
            memcpy(acc + c, &v, sizeof v);
        }
    } else
        for (const rows_entry *end = e + count; e < end; e++)
            acc[e->cls] += e->w;
}

/* The run of a feature's weights (the unit that opens it), HD_NO_RUN when the table has
 * none; asks for the run's first two lines on the way: a whole row or a row of blocks is
 * longer than one line, and how much longer is only known once the first has come. */
static inline uint32_t find_run(const hd_rows *r, uint64_t key)
{
    const rows_slot *slots = r->slots;
    key = stored_key(key);
    uint32_t print = fingerprint(key);
    for (uint64_t i = key & r->mask; slots[i].print; i = (i + 1) & r->mask) /* the table has a free slot: every probe ends */
        if (slots[i].print == print) {
            const char *run = (const char *)((const rows_entry *)r->units + slots[i].first);
            __builtin_prefetch(run);
            __builtin_prefetch(run + 64);
            return slots[i].first;
        }
    return HD_NO_RUN;
}

uint32_t hd_rows_find(const hd_rows *r, uint64_t key) { return find_run(r, key); }

void hd_rows_add_run(const hd_rows *r, uint32_t run, int32_t *acc)
{
    if (run != HD_NO_RUN)
        add_run(r, (const rows_entry *)r->units + run, acc);
}

void hd_rows_add(const hd_rows *r, const uint64_t *keys, int n, int32_t *acc)
{
    const rows_slot *slots = r->slots;
    uint32_t found[256];
    int runs = 0;
    n = n < 256 ? n : 256;
    /* Three sweeps so that memory loads overlap instead of waiting in turn: touch every
     * feature's slot, then find the slots and touch their runs, then add. */
    for (int f = 0; f < n; f++)
        __builtin_prefetch(&slots[stored_key(keys[f]) & r->mask]);
    for (int f = 0; f < n; f++)
        if ((found[runs] = find_run(r, keys[f])) != HD_NO_RUN)
            runs++;
    for (int k = 0; k < runs; k++)
        add_run(r, (const rows_entry *)r->units + found[k], acc);
}

void hd_rows_add_each(const hd_rows *r, const uint64_t *keys, size_t key_stride, int per_item, size_t items,
                      int32_t *acc, size_t acc_stride)
{
    const rows_slot *slots = r->slots;
    uint32_t found[256];
    uint16_t owner[256]; /* the item of each run found, counted from the chunk's first */
    if (per_item < 1 || per_item > 256)
        return;
    size_t chunk = (size_t)(256 / per_item);
    for (size_t from = 0; from < items; from += chunk) {
        size_t to = items - from < chunk ? items : from + chunk;
        int runs = 0;
        for (size_t i = from; i < to; i++)
            for (int f = 0; f < per_item; f++)
                __builtin_prefetch(&slots[stored_key(keys[i * key_stride + (size_t)f]) & r->mask]);
        for (size_t i = from; i < to; i++)
            for (int f = 0; f < per_item; f++)
                if ((found[runs] = find_run(r, keys[i * key_stride + (size_t)f])) != HD_NO_RUN)
                    owner[runs++] = (uint16_t)(i - from);
        for (int k = 0; k < runs; k++)
            add_run(r, (const rows_entry *)r->units + found[k], acc + (from + owner[k]) * acc_stride);
    }
}

/* Narrow: after the header, slots of `width` 16-bit numbers (4 for up to three classes, 8 for
 * up to seven): the first a fingerprint (the key's top bits; 0: free), then the feature's
 * weight for each class, zeros after the last class. */
#define NARROW_MAGIC "HDPW3N02"

typedef struct narrow_header {
    char magic[8];
    uint32_t table_bits;
    uint16_t n_classes, width;
    float scale;
    uint32_t reserved;
} narrow_header;

static uint16_t narrow_print(uint64_t key)
{
    uint16_t p = (uint16_t)(key >> 48);
    return p ? p : 1;
}

static int narrow_width(int n_classes) { return n_classes <= 3 ? 4 : 8; }

size_t hd_narrow_write(hd_row_fn row, const void *ctx, size_t n_rows, int n_classes, double floor, FILE *f)
{
    if (n_classes < 1 || n_classes > HD_NARROW_MAX_CLASSES)
        return 0;
    double w[HD_NARROW_MAX_CLASSES];
    int width = narrow_width(n_classes);
    size_t features;
    double scale = scale_of(survey(row, ctx, n_rows, n_classes, floor, w, &features));
    uint32_t bits = table_bits(features);
    size_t n_slots = (size_t)1 << bits, mask = n_slots - 1, written = 0;
    int16_t *slots = bits <= 32 ? calloc(n_slots, (size_t)width * sizeof *slots) : NULL;
    if (!slots)
        return 0;
    uint64_t key;
    for (size_t i = 0; i < n_rows; i++) {
        row(ctx, i, &key, w);
        if (!key)
            continue;
        int16_t s[8] = {0};
        uint16_t print = narrow_print(key);
        int any = 0;
        for (int c = 0; c < n_classes; c++) {
            s[1 + c] = fabs(w[c]) >= floor ? quantize(w[c], scale) : 0;
            any |= s[1 + c] != 0;
        }
        if (!any)
            continue;
        memcpy(&s[0], &print, sizeof print);
        size_t j = (size_t)(key & mask);
        uint16_t at;
        for (;; j = (j + 1) & mask) {
            memcpy(&at, &slots[j * (size_t)width], sizeof at);
            if (!at || at == print)
                break;
        }
        if (!at)
            memcpy(&slots[j * (size_t)width], s, (size_t)width * sizeof *s);
    }
    narrow_header h = {.table_bits = bits, .n_classes = (uint16_t)n_classes, .width = (uint16_t)width,
                       .scale = (float)scale};
    memcpy(h.magic, NARROW_MAGIC, 8);
    if (fwrite(&h, sizeof h, 1, f) == 1 && fwrite(slots, (size_t)width * sizeof *slots, n_slots, f) == n_slots)
        written = sizeof h + n_slots * (size_t)width * sizeof *slots;
    free(slots);
    return written;
}

int hd_narrow_open(hd_narrow *t, const void *data, size_t size, char *err, size_t errlen)
{
    narrow_header h;
    if (hd_image_header(data, size, NARROW_MAGIC, &h, sizeof h, "weights", err, errlen) != 0)
        return -1;
    if (h.table_bits < 1 || h.table_bits > 32 || h.n_classes < 1 || h.n_classes > HD_NARROW_MAX_CLASSES ||
        h.width != narrow_width(h.n_classes) || !isfinite(h.scale) || h.scale <= 0) {
        snprintf(err, errlen, "weights: header out of range");
        return -1;
    }
    if (((uint64_t)1 << h.table_bits) > (size - sizeof h) / (2 * h.width)) {
        snprintf(err, errlen, "weights: table runs past the end (%zu bytes)", size);
        return -1;
    }
    /* a table with no free slot would let a lookup of a missing key run forever */
    const int16_t *slots = (const int16_t *)(const void *)((const char *)data + sizeof h);
    uint64_t n_slots = (uint64_t)1 << h.table_bits, free_slot = 0;
    for (uint64_t i = 0; i < n_slots && !free_slot; i++)
        free_slot = slots[i * h.width] == 0;
    if (!free_slot) {
        snprintf(err, errlen, "weights: table has no free slot");
        return -1;
    }
    *t = (hd_narrow){.slots = slots, .mask = n_slots - 1, .n_classes = h.n_classes, .width = h.width, .scale = h.scale};
    return 0;
}

/* A slot's weights are added as a vector whatever the width; every probe ends, the table
 * having a free slot. All slots are asked for before any is read: the lookups' waits for
 * memory overlap. */
/* The probes of one width: a constant, so that reading a slot is one load. */
#define NARROW_PROBE(WIDTH)                                                                        \
    for (int f = 0; f < n; f++) {                                                                  \
        uint16_t print = narrow_print(keys[f]);                                                    \
        for (uint64_t i = keys[f] & mask;; i = (i + 1) & mask) {                                   \
            int16_t w[8] = {0};                                                                    \
            memcpy(w, &slots[i * WIDTH], WIDTH * sizeof *w);                                       \
            if ((uint16_t)w[0] == print) {                                                         \
                hd_add_i16x8(&sum, w);                                                             \
                break;                                                                             \
            }                                                                                      \
            if (!w[0])                                                                             \
                break;                                                                             \
        }                                                                                          \
    }

void hd_narrow_add(const hd_narrow *t, const uint64_t *keys, int n, int32_t *acc)
{
    const int16_t *slots = t->slots;
    uint64_t mask = t->mask;
    hd_i32x8 sum = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int f = 0; f < n; f++)
        __builtin_prefetch(&slots[(keys[f] & mask) * (uint64_t)t->width]);
    if (t->width == 4) {
        NARROW_PROBE(4)
    } else {
        NARROW_PROBE(8)
    }
    int32_t lanes[8];
    memcpy(lanes, &sum, sizeof lanes);
    for (int c = 0; c < t->n_classes; c++) /* lane 0 added the fingerprints */
        acc[c] += lanes[1 + c];
}
