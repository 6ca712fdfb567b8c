/* hd_linear.h: trained linear classifiers as herald runs them: a set of named models, each a
 * few classes over hashed features, held in one image that the dictionary image embeds (its
 * typing section), so that they map and are shared with the rest of the model.
 *
 * herald-train events learns the weights with liblinear and writes one model image; the
 * runtime only adds weights (no liblinear at run time). A feature is a 64-bit key (the hash of
 * a string such as "w:shell" or "ev:code:190", typing/hd_features.h) whose value is the same
 * for every feature of an example: 1/sqrt(n) for n distinct features, the unit-length vector
 * liblinear was trained on. The score of class c is then
 *     sum of the features' weights for c / sqrt(n) + the weight of the bias feature for c,
 * and for a model trained by logistic regression on two classes, 1 / (1 + exp(-score of the
 * first class)) is the probability of that class.
 *
 * One model ("HDLINR01"):
 *   magic | char name[16] | u32 n_classes | u32 flags (HD_LINEAR_*) | u64 table_bytes |
 *   char labels[n_classes][32] | a rows table (syntax/hd_perceptron.h) of table_bytes, 8-byte
 *   aligned
 * A set of models (the typing section): u32 count | u32 0 | the models one after the other,
 * each 8-byte aligned. */
#ifndef HD_LINEAR_H
#define HD_LINEAR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "syntax/hd_perceptron.h"

#define HD_LINEAR_MAGIC "HDLINR01"
#define HD_LINEAR_MAX_MODELS 16
#define HD_LINEAR_MAX_CLASSES 128
#define HD_LINEAR_LABEL 32
#define HD_LINEAR_NAME 16
/* the models' scores are probabilities through the logistic function (two classes) */
#define HD_LINEAR_LOGISTIC 1u
/* the key of the bias feature, present in every example */
#define HD_LINEAR_BIAS_KEY 0x62696173ULL

typedef struct hd_linear {
    char name[HD_LINEAR_NAME];
    int n_classes;
    unsigned flags;
    const char (*labels)[HD_LINEAR_LABEL]; /* NUL-terminated within their 32 bytes */
    hd_rows weights;
    const void *image; /* the model's own bytes, for a builder that copies it */
    size_t image_size;
} hd_linear;

typedef struct hd_linear_set {
    hd_linear models[HD_LINEAR_MAX_MODELS];
    int n_models;
} hd_linear_set;

/* Opens one model image in place (8-byte aligned, outliving `m`); `*used` gets its size with
 * padding. 0, or -1 with a reason. */
int hd_linear_open(hd_linear *m, const void *data, size_t size, size_t *used, char *err, size_t errlen);
/* Opens a set (an empty section is an empty set). 0, or -1 with a reason. */
int hd_linear_set_open(hd_linear_set *s, const void *data, size_t size, char *err, size_t errlen);
/* The model called `name`, NULL when the set has none. */
const hd_linear *hd_linear_find(const hd_linear_set *s, const char *name);

/* Scores of every class (scores[n_classes]) for the distinct features keys[0..n-1]. */
void hd_linear_scores(const hd_linear *m, const uint64_t *keys, size_t n, float *scores);
/* The best class of a score vector. */
int hd_linear_best(const hd_linear *m, const float *scores);
/* The index of a class label, -1 when the model has none such. */
int hd_linear_class(const hd_linear *m, const char *label);

/* Writes a model: name, labels, and for every feature a key and n_classes weights, as row(ctx,
 * i, &key, w) gives them for i < n_rows (key 0: none); the bias is the row of
 * HD_LINEAR_BIAS_KEY. Weights below `floor` in magnitude are left out. Returns the bytes
 * written, 0 on an error. */
size_t hd_linear_write(const char *name, unsigned flags, int n_classes, const char *const *labels, hd_row_fn row,
                       const void *ctx, size_t n_rows, double floor, FILE *f);

#endif
