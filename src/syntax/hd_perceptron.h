/* hd_perceptron.h: the averaged perceptron that the parser learns with, and the frozen weights
 * it runs from.
 *
 * A feature is a 64-bit hash of what the model looks at ("the word on top of the stack is
 * 'said' and the next word's tag is IN"); each feature holds weights for the few classes it has
 * ever been updated for, so a model with many classes and millions of features stays small.
 * Training keeps every weight's running total so that the weights written at the end are
 * averaged over all steps, which is what makes a perceptron generalise.
 *
 * The frozen forms are flat blocks of bytes used where they lie: mapped from an image file and
 * shared by every thread, never copied or changed. Two of them:
 *   rows     an open-addressed table of feature keys, each with a run of (class, weight)
 *            entries or a whole row: for features with weights for many classes;
 *   narrow   an open-addressed table whose slots hold a fingerprint and the weights
 *            themselves: one trip to memory per feature, for a model of a few classes.
 * Weights are 16-bit integers times one scale per table, so that scores add up as integers. */
#ifndef HD_PERCEPTRON_H
#define HD_PERCEPTRON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- training ---- */

#define HD_PERCEPTRON_MAX_CLASSES 1024

typedef struct hd_perceptron hd_perceptron;

hd_perceptron *hd_perceptron_new(int n_classes);
void hd_perceptron_free(hd_perceptron *p);
int hd_perceptron_classes(const hd_perceptron *p);

/* Adds the current (not averaged) weights of `n` features to scores[0..n_classes-1]. */
void hd_perceptron_score(const hd_perceptron *p, const uint64_t *keys, int n, float *scores);

/* One decision of training: the step count that averaging weighs by moves on, and when
 * `guess` differs from `truth` the truth gains 1 and the guess loses 1 on every feature.
 * -1 when memory ran out (the model is then unchanged but for the step). */
int hd_perceptron_learn(hd_perceptron *p, const uint64_t *keys, int n, int truth, int guess);

/* The averaged weights of one feature into w[0..n_classes-1]: 1, or 0 (all zero) when it has
 * none. */
int hd_perceptron_weights(const hd_perceptron *p, uint64_t key, double *w);

/* The largest magnitude of an averaged weight. */
double hd_perceptron_largest(const hd_perceptron *p);

/* The features one by one, for writing: slots 0..hd_perceptron_slots()-1, each giving its key
 * and averaged weights, or key 0 for an empty slot. */
size_t hd_perceptron_slots(const hd_perceptron *p);

/* Adds `share` times the averaged weights of `from` to `into`, which then holds its sums as
 * plain weights (its averages are its weights): an ensemble of models of the same classes
 * as one model. 0, or -1 when memory ran out or the classes differ. */
int hd_perceptron_merge(hd_perceptron *into, const hd_perceptron *from, double share);
void hd_perceptron_row(const void *p, size_t slot, uint64_t *key, double *w);

/* ---- freezing ---- */

/* A writer walks rows 0..n_rows-1: row(ctx, i, &key, w) gives row i's feature key (0: none
 * there) and its weight for every class. Weights of magnitude below `floor` are left out, and
 * features left with none; the rest are quantised to 16 bits with the table's scale (its
 * largest weight is 32767). A rows table keeps a feature's weights as a whole row when that
 * is no bigger than (class, weight) pairs, or when it has weights for `dense_from` of the
 * classes (0: never for that): adding a whole row costs less than scattering that many. With
 * `block` > 0 the classes are blocks of that many (an even number), and a feature keeps its
 * weights in the blocks where it has any.
 * Returns the bytes written, 0 on an error. */
typedef void (*hd_row_fn)(const void *ctx, size_t i, uint64_t *key, double *w);
size_t hd_rows_write(hd_row_fn row, const void *ctx, size_t n_rows, int n_classes, double floor, double dense_from,
                     int block, FILE *f);
#define HD_NARROW_MAX_CLASSES 7
size_t hd_narrow_write(hd_row_fn row, const void *ctx, size_t n_rows, int n_classes, double floor, FILE *f);

/* ---- running ---- */

/* A view of a frozen rows table; the data must stay valid and unchanged while it is used. */
typedef struct hd_rows {
    const void *slots;
    const void *units; /* runs of 4-byte units */
    uint64_t mask;     /* slots - 1 */
    uint64_t n_units;
    int n_classes;
    int block;   /* classes per block in a table of blocks, 0 otherwise */
    float scale; /* a weight is its integer times this */
} hd_rows;

/* A view of a frozen narrow table. */
typedef struct hd_narrow {
    const void *slots;
    uint64_t mask;
    int n_classes, width; /* a slot is `width` 16-bit numbers */
    float scale;
} hd_narrow;

/* Check a frozen table of `size` bytes at `data` (8-byte aligned): header, sizes and, for
 * rows, every run inside the block and every class below the class count. 0, or -1 with a
 * reason. */
int hd_rows_open(hd_rows *r, const void *data, size_t size, char *err, size_t errlen);
int hd_narrow_open(hd_narrow *t, const void *data, size_t size, char *err, size_t errlen);

/* Add the integer weights of `n` features (at most 256 at a time) to acc[0..n_classes-1]; for
 * a rows table acc has room for n_classes rounded up to a multiple of 8 (whole rows are added
 * eight at a time). A feature not in the table adds nothing. */
void hd_rows_add(const hd_rows *r, const uint64_t *keys, int n, int32_t *acc);
void hd_narrow_add(const hd_narrow *t, const uint64_t *keys, int n, int32_t *acc);
/* One feature's run of weights in a rows table, found once and added many times (a feature
 * asked for again and again); HD_NO_RUN when the table has none, which adds nothing. */
#define HD_NO_RUN UINT32_MAX
uint32_t hd_rows_find(const hd_rows *r, uint64_t key);
void hd_rows_add_run(const hd_rows *r, uint32_t run, int32_t *acc);
/* hd_rows_add for `items` sets of `per_item` features (at most 256) at once: set i is
 * keys[i * key_stride ...] and adds to acc + i * acc_stride. Every set's weights are asked for
 * before any is added, so that the waits for memory of sets too small to fill the memory
 * system on their own (a word's few attributes) overlap. */
void hd_rows_add_each(const hd_rows *r, const uint64_t *keys, size_t key_stride, int per_item, size_t items,
                      int32_t *acc, size_t acc_stride);

/* ---- vectors ---- */

/* Eight 32-bit scores and eight 16-bit weights as vectors: adding weights to scores is then a
 * few vector instructions on any target GCC and Clang know. (Passed by pointer: a 32-byte
 * vector passed by value would change the calling convention without AVX.) */
typedef int32_t hd_i32x8 __attribute__((vector_size(32)));
typedef int16_t hd_i16x8 __attribute__((vector_size(16)));

/* Adds eight 16-bit weights at `w` (any alignment) to `acc`. */
static inline void hd_add_i16x8(hd_i32x8 *acc, const int16_t *w)
{
    hd_i16x8 v;
    memcpy(&v, w, sizeof v);
    *acc += __builtin_convertvector(v, hd_i32x8);
}

/* ---- feature keys ---- */

/* Mixes a value into a running feature key (a 64-bit multiply-xorshift, cheap and well spread). */
static inline uint64_t hd_mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 32);
}

/* The key of a string (FNV-1a), for words and tag names. */
static inline uint64_t hd_hash_string(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

#endif
