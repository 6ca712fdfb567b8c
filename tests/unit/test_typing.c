/* test_typing.c: the trained classifiers' image (model/hd_linear.c) and the typing stage
 * (typing/hd_features.c, hd_typing.c).
 *
 * A small classifier is written by hand with hd_linear_write, opened and scored, and its scores
 * are checked against the sums they must be. Then the loader is attacked: every prefix of the
 * image, every single-byte change of its header and labels, a set that claims more models than
 * it holds, two models of one name; each must be refused with a reason or open as a model
 * that scores without reading outside its bytes (the sanitizers watch). The features are checked
 * for what a classifier relies on: the same text gives the same keys, keys come sorted and
 * distinct, a text too long for the buffer keeps its first keys. With the built model
 * ($HERALD_MODEL), every event gets a confidence in [0, 1] and the threshold drops those below
 * it. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "model/hd_linear.h"
#include "typing/hd_features.h"
#include "typing/hd_typing.h"

/* three features and the bias over two classes */
static const uint64_t keys[] = {11, 22, 33, HD_LINEAR_BIAS_KEY};
static const double weights[][2] = {{1.0, -1.0}, {0.5, 0.25}, {-2.0, 2.0}, {0.1, -0.1}};

static void row(const void *ctx, size_t i, uint64_t *key, double *w)
{
    (void)ctx;
    *key = keys[i];
    w[0] = weights[i][0];
    w[1] = weights[i][1];
}

/* an image in 8-byte aligned memory; *size gets its length */
static void *small_image(size_t *size, const char *name, unsigned flags)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    static const char *const labels[] = {"0", "1"};
    size_t n = hd_linear_write(name, flags, 2, labels, row, NULL, 4, 1e-6, f);
    assert_int_equal(fclose(f), 0);
    assert_true(n > 0 && n == len);
    void *img = NULL;
    assert_int_equal(posix_memalign(&img, 8, len), 0);
    memcpy(img, buf, len);
    free(buf);
    *size = len;
    return img;
}

static void test_scores_are_the_sums(void **state)
{
    (void)state;
    size_t size, used;
    void *img = small_image(&size, "toy", 0);
    hd_linear m;
    char err[200];
    assert_int_equal(hd_linear_open(&m, img, size, &used, err, sizeof err), 0);
    assert_int_equal(used, size);
    assert_string_equal(m.name, "toy");
    assert_int_equal(m.n_classes, 2);
    assert_int_equal(hd_linear_class(&m, "1"), 1);
    assert_int_equal(hd_linear_class(&m, "2"), -1);
    float s[2];
    uint64_t x[] = {11, 22};
    hd_linear_scores(&m, x, 2, s);
    /* (1 + 0.5) / sqrt(2) + 0.1 and (-1 + 0.25) / sqrt(2) - 0.1, within the 16-bit steps */
    assert_true(fabsf(s[0] - (float)(1.5 / sqrt(2) + 0.1)) < 1e-3f);
    assert_true(fabsf(s[1] - (float)(-0.75 / sqrt(2) - 0.1)) < 1e-3f);
    assert_int_equal(hd_linear_best(&m, s), 0);
    uint64_t y[] = {33, 999}; /* an unknown feature adds nothing but counts in the length */
    hd_linear_scores(&m, y, 2, s);
    assert_int_equal(hd_linear_best(&m, s), 1);
    hd_linear_scores(&m, NULL, 0, s); /* nothing but the bias */
    assert_true(fabsf(s[0] - 0.1f) < 1e-3f);
    free(img);
}

static void test_sets(void **state)
{
    (void)state;
    size_t size;
    void *one = small_image(&size, "toy", HD_LINEAR_LOGISTIC);
    size_t total = 8 + 2 * size;
    char *set = NULL;
    assert_int_equal(posix_memalign((void **)&set, 8, total), 0);
    uint32_t head[2] = {2, 0};
    memcpy(set, head, 8);
    memcpy(set + 8, one, size);
    memcpy(set + 8 + size, one, size);
    hd_linear_set s;
    char err[200] = "";
    assert_int_equal(hd_linear_set_open(&s, set, total, err, sizeof err), -1); /* two of one name */
    assert_non_null(strstr(err, "name"));
    head[0] = 1;
    memcpy(set, head, 8);
    assert_int_equal(hd_linear_set_open(&s, set, total, err, sizeof err), -1); /* bytes after the last */
    assert_int_equal(hd_linear_set_open(&s, set, 8 + size, err, sizeof err), 0);
    assert_non_null(hd_linear_find(&s, "toy"));
    assert_null(hd_linear_find(&s, "case"));
    head[0] = 3;
    memcpy(set, head, 8);
    assert_int_equal(hd_linear_set_open(&s, set, total, err, sizeof err), -1); /* more than it holds */
    head[0] = 1000;
    memcpy(set, head, 8);
    assert_int_equal(hd_linear_set_open(&s, set, total, err, sizeof err), -1);
    assert_int_equal(hd_linear_set_open(&s, set, 0, err, sizeof err), 0); /* no section: no models */
    assert_int_equal(s.n_models, 0);
    free(set);
    free(one);
}

static void test_broken_images(void **state)
{
    (void)state;
    size_t size, used;
    char *img = small_image(&size, "toy", 0);
    char *copy = NULL;
    assert_int_equal(posix_memalign((void **)&copy, 8, size), 0);
    hd_linear m;
    char err[200];
    for (size_t n = 0; n < size; n += 8) { /* every (aligned) prefix is refused */
        memcpy(copy, img, n);
        assert_int_equal(hd_linear_open(&m, copy, n, &used, err, sizeof err), -1);
    }
    /* every byte of the header and labels changed: refused, or a model that still scores */
    size_t head = 40 + 2 * HD_LINEAR_LABEL;
    for (size_t at = 0; at < head && at < size; at++)
        for (int v = 0; v < 256; v += 37) {
            memcpy(copy, img, size);
            copy[at] = (char)(copy[at] ^ (v | 1));
            if (hd_linear_open(&m, copy, size, &used, err, sizeof err) == 0) {
                float s[HD_LINEAR_MAX_CLASSES];
                uint64_t x[] = {11, 22, 33};
                hd_linear_scores(&m, x, 3, s);
                assert_true(used <= size);
            } else
                assert_true(err[0] != '\0');
        }
    free(copy);
    free(img);
}

static void test_features(void **state)
{
    (void)state;
    hd_features *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    const char *text = "Rebels shelled the town. Shelling resumed on Monday, officials said.";
    hd_features_clear(a);
    hd_features_words(a, NULL, text, strlen(text));
    hd_features_finish(a);
    hd_features_clear(b);
    hd_features_words(b, NULL, text, strlen(text));
    hd_features_finish(b);
    assert_int_equal(a->n, b->n);
    assert_memory_equal(a->keys, b->keys, a->n * sizeof *a->keys);
    for (size_t i = 1; i < a->n; i++)
        assert_true(a->keys[i - 1] < a->keys[i]);
    /* "shelled" and "shelling" share their first five letters: one word feature, but the
     * first sentence's words are features of their own */
    const char *one = "shelled", *two = "shelling";
    hd_features_clear(a);
    hd_features_words(a, NULL, one, strlen(one));
    hd_features_finish(a);
    hd_features_clear(b);
    hd_features_words(b, NULL, two, strlen(two));
    hd_features_finish(b);
    assert_int_equal(a->n, b->n);
    assert_memory_equal(a->keys, b->keys, a->n * sizeof *a->keys);
    /* a text of more words than the buffer holds keeps the first ones */
    size_t len = 200000;
    char *big = malloc(len + 1);
    for (size_t i = 0; i < len; i++)
        big[i] = (char)(i % 7 == 6 ? ' ' : 'a' + (char)(i / 7 % 26));
    big[len] = 0;
    hd_features_clear(a);
    hd_features_words(a, NULL, big, len);
    assert_int_equal(a->n, HD_FEATURES_MAX);
    hd_features_finish(a);
    free(big);
    free(a);
    free(b);
}

static hd_model *built;

static int confidences(void *user, const hd_event *e)
{
    int *n = user;
    assert_true(e->confidence >= 0 && e->confidence <= 1);
    n[0]++;
    n[1] += e->confidence >= 0.6;
    return 0;
}

static void test_built_model(void **state)
{
    (void)state;
    const char *path = getenv("HERALD_MODEL");
    char err[300];
    built = hd_model_open(path ? path : "build/herald.hdm", err, sizeof err);
    if (!built) {
        print_message("skipped: no built model (%s)\n", err);
        skip();
    }
    const char *text = "Russian jets bombed the city of Hama on Tuesday. The army did not attack the village. "
                       "The rebels threatened to storm the capital. Police may arrest the protesters.";
    hd_doc doc = {.id = "t", .text = text, .text_len = strlen(text)};
    hd_coder *c = hd_coder_new(built);
    hd_options all = {.emit_negated = 1, .min_confidence = 0};
    hd_coder_set_options(c, &all);
    int n_all[2] = {0, 0};
    assert_true(hd_code_document(c, &doc, confidences, n_all) >= 0);
    assert_true(n_all[0] >= 2);
    hd_options some = {.emit_negated = 1, .min_confidence = 0.6};
    hd_coder_set_options(c, &some);
    int n_some[2] = {0, 0};
    assert_int_equal(hd_code_document(c, &doc, confidences, n_some), n_all[1]);
    assert_int_equal(n_some[0], n_all[1]);
    assert_true(n_some[0] < n_all[0]); /* the negated attack at least is gone */
    assert_string_not_equal(hd_classify_document(c, &doc), "");
    hd_coder_free(c);
    hd_model_free(built);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scores_are_the_sums), cmocka_unit_test(test_sets),
        cmocka_unit_test(test_broken_images),       cmocka_unit_test(test_features),
        cmocka_unit_test(test_built_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
