/* hd_perceptron.h: the averaged perceptron that the parser (and the tagger) learn with, and the
 * frozen weights they run from.
 *
 * A feature is a 64-bit hash of what the model looks at ("the word on top of the stack is
 * 'said' and the next word's tag is IN"); each feature holds weights for the few classes it has
 * ever been updated for, so a model with a hundred classes and millions of features stays
 * small. Training keeps every weight's running total so that the weights written at the end
 * are averaged over all steps, which is what makes a perceptron generalise.
 *
 * The frozen form is a flat block of bytes (header, open-addressed table of feature keys,
 * entries of class and 16-bit weight) that is used where it lies: mapped from an image file
 * and shared by every thread, never copied or changed. */
#ifndef HD_PERCEPTRON_H
#define HD_PERCEPTRON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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

/* Writes the averaged weights in frozen form. Weights whose magnitude is below `prune` times
 * the largest are left out, and features left with none: a smaller, faster model. Returns the
 * bytes written, 0 on a write error. */
size_t hd_perceptron_write(const hd_perceptron *p, FILE *f, double prune);

/* Writes a dense table of `rows` x `n_classes` weights (a model whose features are hashed
 * straight to rows) in the same frozen form; row i is looked up by the key hd_dense_key(i).
 * Rows of zeros are left out. Returns the bytes written, 0 on an error. */
size_t hd_weights_write_dense(const float *w, size_t rows, int n_classes, double prune, FILE *f);
static inline uint64_t hd_dense_key(uint64_t row) { return row | 0x8000000000000000ULL; }

/* ---- running ---- */

/* A view of frozen weights; `data` must stay valid and unchanged while it is used. */
typedef struct hd_weights {
    const unsigned char *slots;   /* 16-byte slots: key, first entry, count */
    const unsigned char *entries; /* 4-byte entries: class, weight */
    uint64_t mask;                /* slots - 1 */
    uint64_t n_entries;
    int n_classes;
} hd_weights;

/* Checks frozen weights of `size` bytes at `data` (8-byte aligned): header, table size, every
 * slot's entries inside the block, every class below the class count. 0, or -1 with a reason. */
int hd_weights_open(hd_weights *w, const void *data, size_t size, char *err, size_t errlen);

/* Adds the weights of `n` features to scores[0..n_classes-1]. */
void hd_weights_score(const hd_weights *w, const uint64_t *keys, int n, float *scores);

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
