/* test_parser.c: the dependency parser and the perceptron weights under it. The parser learns a
 * small treebank of our own sentences and parses it back; the same data and seed give the same
 * image byte for byte; every parse is one tree with one root whatever the words; and an image
 * cut short or scribbled on is refused or read without harm, never trusted past its end. */
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
#include <unistd.h>

#include "syntax/hd_conllu.h"
#include "syntax/hd_parser.h"
#include "syntax/hd_perceptron.h"
#include "syntax/hd_tagger.h"

#define W(id, form, tag, head, rel) id "\t" form "\t_\t_\t" tag "\t_\t" head "\t" rel "\t_\t_\n"

static const char treebank[] =
    W("1", "Troops", "NNS", "2", "nsubj") W("2", "shelled", "VBD", "0", "root") W("3", "the", "DT", "4", "det")
    W("4", "town", "NN", "2", "obj") W("5", ".", ".", "2", "punct") "\n"
    W("1", "The", "DT", "2", "det") W("2", "town", "NN", "4", "nsubj:pass") W("3", "was", "VBD", "4", "aux:pass")
    W("4", "shelled", "VBN", "0", "root") W("5", "by", "IN", "6", "case") W("6", "troops", "NNS", "4", "obl:agent")
    W("7", ".", ".", "4", "punct") "\n"
    W("1", "Police", "NNS", "2", "nsubj") W("2", "arrested", "VBD", "0", "root") W("3", "protesters", "NNS", "2", "obj")
    W("4", "in", "IN", "5", "case") W("5", "Paris", "NNP", "2", "obl") W("6", ".", ".", "2", "punct") "\n"
    W("1", "Rebels", "NNS", "3", "nsubj") W("2", "did", "VBD", "3", "aux") W("3", "attack", "VB", "0", "root")
    W("4", "the", "DT", "5", "det") W("5", "base", "NN", "3", "obj") W("6", "and", "CC", "7", "cc")
    W("7", "fled", "VBD", "3", "conj") W("8", ".", ".", "3", "punct") "\n"
    W("1", "The", "DT", "2", "det") W("2", "army", "NN", "3", "nsubj") W("3", "said", "VBD", "0", "root")
    W("4", "rebels", "NNS", "5", "nsubj") W("5", "fled", "VBD", "3", "ccomp") W("6", ".", ".", "3", "punct") "\n";

static char path[64];
static hd_conllu_sentence sentences[8];
static size_t n_sentences;

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/hd-parser-%ld.conllu", (long)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(treebank, f);
    fclose(f);
    hd_conllu_reader r;
    char err[256];
    if (hd_conllu_open(&r, path, err, sizeof err) != 0)
        return -1;
    while (n_sentences < 8 && hd_conllu_next(&r, &sentences[n_sentences], err, sizeof err) == 1)
        n_sentences++;
    hd_conllu_close(&r);
    return n_sentences == 5 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < n_sentences; i++)
        hd_conllu_sentence_free(&sentences[i]);
    remove(path);
    return 0;
}

/* Trains on the small treebank into a malloc'ed, 8-byte aligned image, with `members` models
 * averaged into one. */
static char *train_members(size_t *size, int members)
{
    hd_parser_options o;
    hd_parser_default_options(&o);
    o.iterations = 12;
    o.members = members;
    char *image = NULL;
    FILE *mem = open_memstream(&image, size);
    assert_non_null(mem);
    assert_int_equal(hd_parser_train(sentences, n_sentences, sentences, n_sentences, &o, NULL, mem), 0);
    fclose(mem);
    return image;
}

/* Opens a trained image into p and checks that it parses the whole small treebank right: a
 * perceptron fits so small a treebank. */
static void opens_and_fits(hd_parser *p, const char *image, size_t size)
{
    char err[256];
    assert_int_equal(hd_parser_open(p, image, size, err, sizeof err), 0);
    long words, uas, las;
    hd_parser_score(p, NULL, sentences, n_sentences, &words, &uas, &las);
    assert_int_equal(words, 32);
    assert_int_equal(uas, 32);
    assert_int_equal(las, 32);
}

static char *train(size_t *size) { return train_members(size, 1); }

static void parser_learns_and_is_deterministic(void **state)
{
    (void)state;
    size_t size, size2;
    char *image = train(&size), *again = train(&size2);
    assert_int_equal(size, size2);
    assert_memory_equal(image, again, size);
    hd_parser p;
    opens_and_fits(&p, image, size);
    /* a passive it has seen, with other words */
    const char *forms[] = {"The", "base", "was", "shelled", "by", "rebels", "."};
    const char *tags[] = {"DT", "NN", "VBD", "VBN", "IN", "NNS", "."};
    const char *upos[] = {"_", "_", "_", "_", "_", "_", "_"}; /* as the treebank above has them */
    int heads[7], labels[7];
    assert_int_equal(hd_parser_parse(&p, NULL, forms, tags, upos, 7, heads, labels), 0);
    assert_int_equal(heads[1], 4);
    assert_string_equal(hd_parser_label(&p, labels[1]), "nsubj:pass");
    assert_int_equal(heads[5], 4);
    assert_string_equal(hd_parser_label(&p, labels[5]), "obl:agent");
    assert_string_equal(hd_parser_label(&p, -1), "_");
    free(image);
    free(again);
}

/* Three members, each from its own seed, averaged into one image: as good a fit, the same bytes
 * each time, and not the image of one member alone. */
static void members_average_into_one_parser(void **state)
{
    (void)state;
    size_t size, size2, one;
    char *image = train_members(&size, 3), *again = train_members(&size2, 3), *single = train(&one);
    assert_int_equal(size, size2);
    assert_memory_equal(image, again, size);
    assert_true(size != one || memcmp(image, single, size) != 0);
    hd_parser p;
    opens_and_fits(&p, image, size);
    free(image);
    free(again);
    free(single);
}

/* Whatever the words, a parse is a tree: one root, every head a word of the sentence, no cycle. */
static void every_parse_is_one_tree(void **state)
{
    (void)state;
    size_t size;
    char *image = train(&size);
    hd_parser p;
    char err[256];
    assert_int_equal(hd_parser_open(&p, image, size, err, sizeof err), 0);
    const char *pool[] = {"said", "the", ".", "and", "Troops", "by", "xyzzy", "", "\xff", "fled"};
    const char *tagpool[] = {"VBD", "DT", ".", "CC", "NNS", "IN", "NN", "??", "", "VB"};
    unsigned seed = 7;
    for (int round = 0; round < 300; round++) {
        size_t n = 1 + (size_t)(round % 40);
        const char *forms[40], *tags[40];
        int heads[40], labels[40];
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            forms[i] = pool[(seed >> 16) % 10];
            tags[i] = tagpool[(seed >> 8) % 10];
        }
        assert_int_equal(hd_parser_parse(&p, NULL, forms, tags, NULL, n, heads, labels), 0);
        int roots = 0;
        for (size_t i = 0; i < n; i++) {
            assert_true(heads[i] >= 0 && heads[i] <= (int)n && heads[i] != (int)i + 1);
            roots += heads[i] == 0;
            int at = (int)i + 1;
            for (size_t steps = 0; at != 0; steps++) { /* climbs to the root within n steps */
                assert_true(steps <= n);
                at = heads[at - 1];
            }
            assert_true(labels[i] >= 0 && labels[i] < p.n_labels);
        }
        assert_int_equal(roots, 1);
    }
    free(image);
}

static void damaged_images_are_refused_or_harmless(void **state)
{
    (void)state;
    size_t size;
    char *image = train(&size);
    char err[256];
    hd_parser p;
    /* every length short of the whole: refused, or (cut inside the weights' padding) read whole */
    for (size_t cut = 0; cut < size; cut++) {
        char *copy = malloc(cut + 8);
        memcpy(copy, image, cut);
        if (hd_parser_open(&p, copy, cut, err, sizeof err) != 0)
            assert_true(err[0] != '\0');
        free(copy);
    }
    /* scribbles on the header and the first slots, and on every third byte after them (slots,
     * run counts and scales, entries): refused with a reason, or parsed safely */
    const char *forms[] = {"Troops", "shelled", "the", "town", "."};
    const char *tags[] = {"NNS", "VBD", "DT", "NN", "."};
    int heads[5], labels[5];
    for (size_t at = 0; at < size; at += at < 600 ? 1 : 3)
        for (int bit = 0; bit < 8; bit++) {
            image[at] ^= (char)(1u << bit);
            err[0] = '\0';
            if (hd_parser_open(&p, image, size, err, sizeof err) == 0)
                assert_int_equal(hd_parser_parse(&p, NULL, forms, tags, NULL, 5, heads, labels), 0);
            else
                assert_true(err[0] != '\0');
            image[at] ^= (char)(1u << bit);
        }
    assert_int_equal(hd_parser_open(&p, image + 1, size - 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "aligned"));
    /* a slot of the unigram table that points inside a run rather than at its start (its count
     * would be read from a weight): the parser's header gives the table's offset at byte 112,
     * and the table's slots follow its own 32-byte header */
    uint64_t table;
    memcpy(&table, image + 112, sizeof table);
    uint32_t *slot = (uint32_t *)(void *)(image + table + 32);
    while (!slot[0])
        slot += 2;
    slot[1] += 1;
    assert_int_equal(hd_parser_open(&p, image, size, err, sizeof err), -1);
    assert_non_null(strstr(err, "no run starts"));
    free(image);
}

/* The perceptron's features row by row, for the writers. */
static void perceptron_rows(const void *ctx, size_t i, uint64_t *key, double *w) { hd_perceptron_row(ctx, i, key, w); }

static void perceptron_averages_and_freezes(void **state)
{
    (void)state;
    hd_perceptron *m = hd_perceptron_new(3);
    assert_non_null(m);
    uint64_t keys[] = {11, 22, 0};
    for (int i = 0; i < 10; i++) {
        float scores[3] = {0};
        hd_perceptron_score(m, keys, 3, scores);
        int guess = scores[1] > scores[0] ? 1 : 0;
        assert_int_equal(hd_perceptron_learn(m, keys, 3, 1, guess), 0);
    }
    /* each feature gained 1 at the first of ten steps and kept it for the nine after: 0.9 */
    double w[3];
    assert_int_equal(hd_perceptron_weights(m, 22, w), 1);
    assert_float_equal(w[1], 0.9, 0.01);
    assert_float_equal(w[0], -0.9, 0.01);
    assert_int_equal(hd_perceptron_weights(m, 999, w), 0);
    /* both frozen forms keep the averaged weights in proportion (one scale per table) */
    for (int narrow = 0; narrow <= 1; narrow++) {
        char *data = NULL;
        size_t size = 0;
        FILE *mem = open_memstream(&data, &size);
        size_t n = hd_perceptron_slots(m);
        assert_true((narrow ? hd_narrow_write(perceptron_rows, m, n, 3, 0, mem)
                            : hd_rows_write(perceptron_rows, m, n, 3, 0, 0, 0, mem)) > 0);
        fclose(mem);
        char err[256];
        hd_rows r;
        hd_narrow t;
        int32_t acc[8] = {0}, none[8] = {0};
        uint64_t unknown = 999;
        if (narrow) {
            assert_int_equal(hd_narrow_open(&t, data, size, err, sizeof err), 0);
            hd_narrow_add(&t, keys, 3, acc);
            hd_narrow_add(&t, &unknown, 1, none);
        } else {
            assert_int_equal(hd_rows_open(&r, data, size, err, sizeof err), 0);
            hd_rows_add(&r, keys, 3, acc);
            hd_rows_add(&r, &unknown, 1, none);
        }
        assert_true(acc[1] > 0 && acc[0] == -acc[1]);
        assert_int_equal(none[0] | none[1] | none[2], 0);
        memcpy(data, "HDPW9999", 8);
        assert_int_equal(narrow ? hd_narrow_open(&t, data, size, err, sizeof err) : hd_rows_open(&r, data, size, err, sizeof err), -1);
        assert_true(err[0] != '\0');
        free(data);
    }
    /* merged with a share each, two models are one whose weights are the shares' sum */
    hd_perceptron *other = hd_perceptron_new(3), *sum = hd_perceptron_new(3), *wide = hd_perceptron_new(4);
    assert_non_null(other);
    assert_non_null(sum);
    assert_non_null(wide);
    for (int i = 0; i < 4; i++)
        assert_int_equal(hd_perceptron_learn(other, keys, 2, 2, 0), 0);
    assert_int_equal(hd_perceptron_merge(sum, m, 0.5), 0);
    assert_int_equal(hd_perceptron_merge(sum, other, 0.5), 0);
    double a[3], b[3], both[3];
    hd_perceptron_weights(m, 11, a);
    hd_perceptron_weights(other, 11, b);
    assert_int_equal(hd_perceptron_weights(sum, 11, both), 1);
    for (int c = 0; c < 3; c++)
        assert_float_equal(both[c], 0.5 * a[c] + 0.5 * b[c], 1e-6);
    assert_int_equal(hd_perceptron_merge(wide, m, 1), -1); /* another number of classes */
    hd_perceptron_free(other);
    hd_perceptron_free(sum);
    hd_perceptron_free(wide);
    hd_perceptron_free(m);
    assert_null(hd_perceptron_new(0));
}

/* A table of many rows frozen and read back gives every row its own weights (rows whose keys
 * differ only in low bits must not be confused with each other in the table). */
enum { ROWS = 5000, CLASSES = 3 };
static void numbered_rows(const void *ctx, size_t i, uint64_t *key, double *w)
{
    (void)ctx;
    *key = i % 7 == 3 ? 0 : (uint64_t)i | 0x8000000000000000ULL; /* some rows stay empty */
    for (int c = 0; c < CLASSES; c++)
        w[c] = c == (int)(i % CLASSES) ? (double)(1 + i % 100) : 0;
}

static void tables_freeze_row_by_row(void **state)
{
    (void)state;
    for (int narrow = 0; narrow <= 1; narrow++) {
        char *data = NULL;
        size_t size = 0;
        FILE *mem = open_memstream(&data, &size);
        assert_true((narrow ? hd_narrow_write(numbered_rows, NULL, ROWS, CLASSES, 0, mem)
                            : hd_rows_write(numbered_rows, NULL, ROWS, CLASSES, 0, 0, 0, mem)) > 0);
        fclose(mem);
        char err[256];
        hd_rows r;
        hd_narrow t;
        if (narrow)
            assert_int_equal(hd_narrow_open(&t, data, size, err, sizeof err), 0);
        else
            assert_int_equal(hd_rows_open(&r, data, size, err, sizeof err), 0);
        /* the largest weight, 100, is 32767 in the table */
        double unit = 32767.0 / 100.0;
        for (size_t i = 0; i < ROWS; i++) {
            int32_t acc[8] = {0};
            uint64_t key;
            double w[CLASSES];
            numbered_rows(NULL, i, &key, w);
            if (!key)
                continue;
            if (narrow)
                hd_narrow_add(&t, &key, 1, acc);
            else
                hd_rows_add(&r, &key, 1, acc);
            for (int c = 0; c < CLASSES; c++)
                assert_true(fabs(acc[c] - w[c] * unit) <= 1.0);
        }
        free(data);
    }
}

static void tagger_image_tags_as_trained(void **state)
{
    (void)state;
    hd_tagger_options o;
    hd_tagger_default_options(&o);
    o.hash_bits = 12;
    hd_tagger *t = hd_tagger_train(sentences, n_sentences, NULL, 0, &o, NULL);
    assert_non_null(t);
    char *data = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&data, &size);
    assert_int_equal(hd_tagger_write(t, 0, mem), 0);
    fclose(mem);
    char err[256];
    hd_tagger *image = hd_tagger_open(data, size, err, sizeof err);
    assert_non_null(image);
    const char *w[] = {"Police", "shelled", "the", "towns", "by", "xyzzy", "."};
    int x1[7], u1[7], x2[7], u2[7];
    hd_tagger_tag(t, NULL, w, 7, x1, u1);
    hd_tagger_tag(image, NULL, w, 7, x2, u2);
    for (int i = 0; i < 7; i++) {
        assert_string_equal(hd_tagger_xpos_name(t, x1[i]), hd_tagger_xpos_name(image, x2[i]));
        assert_string_equal(hd_tagger_upos_name(t, u1[i]), hd_tagger_upos_name(image, u2[i]));
    }
    assert_null(hd_tagger_open(data, 10, err, sizeof err));
    assert_non_null(strstr(err, "shorter"));
    hd_tagger_free(image);
    hd_tagger_free(t);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parser_learns_and_is_deterministic),
        cmocka_unit_test(members_average_into_one_parser),
        cmocka_unit_test(every_parse_is_one_tree),
        cmocka_unit_test(damaged_images_are_refused_or_harmless),
        cmocka_unit_test(perceptron_averages_and_freezes),
        cmocka_unit_test(tables_freeze_row_by_row),
        cmocka_unit_test(tagger_image_tags_as_trained),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
