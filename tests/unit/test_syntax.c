/* test_syntax.c: the syntax stage's first parts. The CoNLL-U reader keeps basic trees (skips
 * multiword tokens and empty nodes), refuses a malformed sentence naming file and line and goes
 * on with the next; the tagger learns a small treebank of our own sentences well enough to tag
 * them back, and the same data and seed train the same weights; it tags a word it never saw
 * as the external lexicon says, and finds words in a dictionary image's lexicon whatever
 * their case. Its image carries the whole tagger (lexicon features, both passes, the tag
 * dictionary), is refused when cut short or of another version and is refused or harmless
 * when scribbled on; the syntax image joins it to a parser. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <strings.h>

#include "model/hd_build.h"
#include "model/hd_model.h"
#include "syntax/hd_conllu.h"
#include "syntax/hd_parser.h"
#include "syntax/hd_syntax.h"
#include "syntax/hd_tagger.h"

static const char treebank[] =
    "# sent_id = a\n"
    "# text = Troops shelled the town.\n"
    "1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
    "2\tshelled\tshell\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_\n"
    "4\ttown\ttown\tNOUN\tNN\t_\t2\tobj\t_\t_\n"
    "5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# sent_id = b\n"
    "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n"
    "2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n"
    "3\tshell\tshell\tVERB\tVB\t_\t0\troot\t_\t_\n"
    "3.1\tit\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "4\ttowns\ttown\tNOUN\tNNS\t_\t3\tobj\t_\t_\n"
    "\n"
    "# sent_id = bad\n"
    "1\tPolice\tpolice\tNOUN\tNNS\t_\t2\tnsubj\n"
    "2\tarrived\tarrive\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "\n"
    "# sent_id = c\n"
    "1\tPolice\tpolice\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
    "2\tarrested\tarrest\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tprotesters\tprotester\tNOUN\tNNS\t_\t2\tobj\t_\t_\n"
    "\n"
    "# sent_id = head-outside\n"
    "1\tJets\tjet\tNOUN\tNNS\t_\t9\tnsubj\t_\t_\n"
    "\n"
    /* found by the fuzzer: a head past LONG_MAX became a negative int */
    "# sent_id = head-overflow\n"
    "1\tJets\tjet\tNOUN\tNNS\t_\t066666666666666666666666666666\tnsubj\t_\t_\n"
    "\n";

static char path[64];

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/hd-syntax-%ld.conllu", (long)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(treebank, f);
    fclose(f);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    remove(path);
    return 0;
}

static void reader_keeps_basic_trees_and_refuses_bad_ones(void **state)
{
    (void)state;
    hd_conllu_reader r;
    hd_conllu_sentence s;
    memset(&s, 0, sizeof s);
    char err[256];
    assert_int_equal(hd_conllu_open(&r, path, err, sizeof err), 0);
    assert_int_equal(hd_conllu_next(&r, &s, err, sizeof err), 1);
    assert_int_equal(s.n, 5);
    assert_string_equal(s.text, "Troops shelled the town.");
    assert_string_equal(s.words[1].lemma, "shell");
    assert_int_equal(s.words[3].head, 2);
    assert_int_equal(hd_conllu_next(&r, &s, err, sizeof err), 1);
    assert_int_equal(s.n, 4); /* "1-2" and "3.1" left out */
    assert_string_equal(s.words[1].form, "n't");
    assert_int_equal(hd_conllu_next(&r, &s, err, sizeof err), -1);
    assert_non_null(strstr(err, ":18: a word line has 10 tab-separated columns"));
    assert_int_equal(hd_conllu_next(&r, &s, err, sizeof err), 1);
    assert_string_equal(s.id, "c");
    assert_int_equal(hd_conllu_next(&r, &s, err, sizeof err), -1);
    assert_non_null(strstr(err, "head points outside"));
    assert_int_equal(hd_conllu_next(&r, &s, err, sizeof err), -1);
    assert_non_null(strstr(err, "the head is not a number"));
    assert_non_null(strstr(err, ".conllu:30:"));
    assert_int_equal(hd_conllu_next(&r, &s, err, sizeof err), 0);
    hd_conllu_sentence_free(&s);
    hd_conllu_close(&r);
    assert_int_equal(hd_conllu_open(&r, "/nonexistent.conllu", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent.conllu"));
}

static void tagger_learns_and_is_deterministic(void **state)
{
    (void)state;
    hd_conllu_reader r;
    hd_conllu_sentence s[8];
    memset(s, 0, sizeof s);
    char err[256];
    assert_int_equal(hd_conllu_open(&r, path, err, sizeof err), 0);
    size_t n = 0;
    int rc;
    while (n < 8 && (rc = hd_conllu_next(&r, &s[n], err, sizeof err)) != 0)
        if (rc > 0)
            n++;
    hd_conllu_close(&r);
    assert_int_equal(n, 3);
    hd_tagger_options o;
    hd_tagger_default_options(&o);
    o.hash_bits = 12;
    o.iterations = 10;
    hd_tagger *t = hd_tagger_train(s, n, NULL, 0, &o, NULL);
    hd_tagger *again = hd_tagger_train(s, n, NULL, 0, &o, NULL);
    assert_non_null(t);
    assert_non_null(again);
    long words, x, u;
    hd_tagger_score(t, NULL, s, n, &words, &x, &u);
    assert_int_equal(words, 12);
    assert_int_equal(x, 12); /* a perceptron fits so small a treebank */
    assert_int_equal(u, 12);
    const char *w[] = {"Police", "shelled", "the", "towns"};
    int xp[4], up[4], xp2[4], up2[4];
    hd_tagger_tag(t, NULL, w, 4, xp, up);
    hd_tagger_tag(again, NULL, w, 4, xp2, up2);
    assert_memory_equal(xp, xp2, sizeof xp);
    assert_memory_equal(up, up2, sizeof up);
    assert_string_equal(hd_tagger_xpos_name(t, -1), "_");
    assert_non_null(strchr("NVDP.R", hd_tagger_xpos_name(t, xp[0])[0])); /* a tag it learnt */
    hd_tagger_free(t);
    hd_tagger_free(again);
    for (size_t i = 0; i < n; i++)
        hd_conllu_sentence_free(&s[i]);
}

/* A lexicon of a few words, in the manner of herald's (tags as enum hd_tag bits). `blick`,
 * which the treebank lacks, is what the test makes of it. */
typedef struct test_lexicon {
    uint32_t blick;
    int blick_best;
} test_lexicon;

static int test_lookup(const void *data, const char *word, size_t len, hd_lexicon_entry *out)
{
    static const struct {
        const char *word;
        uint32_t tags;
        int best;
    } words[] = {
        {"troops", TAGBIT(T_NNS), T_NNS},          {"shelled", TAGBIT(T_VBD) | TAGBIT(T_VBN), T_VBD},
        {"the", TAGBIT(T_DT), T_DT},               {"town", TAGBIT(T_NN), T_NN},
        {"do", TAGBIT(T_VBP) | TAGBIT(T_VB), T_VBP}, {"n't", TAGBIT(T_RB), T_RB},
        {"shell", TAGBIT(T_VB) | TAGBIT(T_NN), T_NN}, {"towns", TAGBIT(T_NNS), T_NNS},
        {"police", TAGBIT(T_NNS), T_NNS},          {"arrested", TAGBIT(T_VBD) | TAGBIT(T_VBN), T_VBD},
        {"protesters", TAGBIT(T_NNS), T_NNS},
    };
    const test_lexicon *lex = data;
    if (len == 5 && !strncasecmp(word, "blick", 5)) {
        *out = (hd_lexicon_entry){lex->blick, lex->blick_best, 0, 0};
        return lex->blick != 0;
    }
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i].word) == len && !strncasecmp(word, words[i].word, len)) {
            *out = (hd_lexicon_entry){words[i].tags, words[i].best, 0, 0};
            return 1;
        }
    return 0;
}

static size_t read_treebank(hd_conllu_sentence *s, size_t cap)
{
    hd_conllu_reader r;
    char err[256];
    assert_int_equal(hd_conllu_open(&r, path, err, sizeof err), 0);
    size_t n = 0;
    int rc;
    while (n < cap && (rc = hd_conllu_next(&r, &s[n], err, sizeof err)) != 0)
        if (rc > 0)
            n++;
    hd_conllu_close(&r);
    return n;
}

static void tagger_tags_unknown_words_as_the_lexicon_says(void **state)
{
    (void)state;
    hd_conllu_sentence s[8];
    memset(s, 0, sizeof s);
    size_t n = read_treebank(s, 8);
    assert_int_equal(n, 3);
    test_lexicon words = {0, 0};
    hd_lexicon lex = {test_lookup, &words};
    hd_tagger_options o;
    hd_tagger_default_options(&o);
    o.hash_bits = 12;
    o.iterations = 10;
    o.lexicon = &lex;
    hd_tagger *t = hd_tagger_train(s, n, NULL, 0, &o, NULL);
    hd_tagger *again = hd_tagger_train(s, n, NULL, 0, &o, NULL);
    assert_non_null(t);
    assert_non_null(again);
    long count, x, u;
    hd_tagger_score(t, &lex, s, n, &count, &x, &u);
    assert_int_equal(x, 12);
    assert_int_equal(u, 12);
    /* a word training never saw, in a sentence of its own: only the lexicon tells */
    const char *w[] = {"blick"};
    int xp, up, xp2, up2;
    words = (test_lexicon){TAGBIT(T_NNS), T_NNS};
    hd_tagger_tag(t, &lex, w, 1, &xp, &up);
    hd_tagger_tag(again, &lex, w, 1, &xp2, &up2);
    assert_string_equal(hd_tagger_xpos_name(t, xp), "NNS");
    assert_int_equal(xp, xp2);
    assert_int_equal(up, up2);
    words = (test_lexicon){TAGBIT(T_VBD) | TAGBIT(T_VBN), T_VBD};
    hd_tagger_tag(t, &lex, w, 1, &xp, &up);
    assert_string_equal(hd_tagger_xpos_name(t, xp), "VBD");
    /* (UPOS is not asked: with so few words the UPOS head learns the words, not XPOS) */
    hd_tagger_free(t);
    hd_tagger_free(again);
    for (size_t i = 0; i < n; i++)
        hd_conllu_sentence_free(&s[i]);
}

static void tagger_finds_words_in_the_image_lexicon(void **state)
{
    (void)state;
    hd_builder *b = hd_builder_new();
    assert_non_null(b);
    hd_builder_lexicon(b, "shell", 5, TAGBIT(T_NN) | TAGBIT(T_VB), T_NN);
    hd_builder_lexicon(b, "Shell", 5, TAGBIT(T_NNP), T_NNP);
    hd_builder_lexicon(b, "Paris", 5, TAGBIT(T_NNP), T_NNP);
    hd_builder_valence(b, "grim", 4, -2); /* a word of the image that the lexicon lacks */
    char *img = NULL;
    size_t size = 0;
    assert_int_equal(hd_builder_image(b, &img, &size), 0);
    hd_builder_free(b);
    char err[256];
    hd_model *m = hd_model_from_image(img, size, 0, err, sizeof err);
    assert_non_null(m);
    hd_lexicon_entry e;
    assert_int_equal(hd_model_lexicon_lookup(m, "SHELL", 5, &e), 1);
    assert_int_equal(e.tags, TAGBIT(T_NN) | TAGBIT(T_VB) | TAGBIT(T_NNP));
    assert_int_equal(e.best, T_NN); /* the lower-case entry's */
    assert_int_equal(e.name, 0);
    assert_int_equal(hd_model_lexicon_lookup(m, "paris", 5, &e), 1);
    assert_int_equal(e.name, 1);
    assert_int_equal(hd_model_lexicon_lookup(m, "grim", 4, &e), 0);
    assert_int_equal(hd_model_lexicon_lookup(m, "blick", 5, &e), 0);
    hd_model_free(m);
}

/* A tagger trained with the test lexicon on the treebank said `copies` times over (ten times or
 * more puts its words in the tag dictionary), with its image. */
static hd_tagger *train_with_image(hd_conllu_sentence *s, size_t n, const hd_lexicon *lex, int copies, char **image,
                                   size_t *size)
{
    hd_conllu_sentence many[64];
    size_t m = 0;
    for (int c = 0; c < copies; c++)
        for (size_t i = 0; i < n && m < 64; i++)
            many[m++] = s[i]; /* shallow: the words stay s's */
    hd_tagger_options o;
    hd_tagger_default_options(&o);
    o.hash_bits = 10;
    o.iterations = 4;
    o.lexicon = lex;
    hd_tagger *t = hd_tagger_train(many, m, NULL, 0, &o, NULL);
    assert_non_null(t);
    FILE *mem = open_memstream(image, size);
    assert_non_null(mem);
    assert_int_equal(hd_tagger_write(t, 0, mem), 0);
    fclose(mem);
    assert_int_equal(*size % 8, 0);
    return t;
}

/* Tags a few sentences, words it has seen and words it has not, with the lexicon: xpos and upos
 * get each word's tag names. */
static const char *const probe[] = {"Police", "shelled", "the", "towns", "blick", ".", "Troops", "do", "n't", "xyzzy"};
enum { N_PROBE = sizeof probe / sizeof *probe };

static void tag_probe(const hd_tagger *t, const hd_lexicon *lex, const char **xpos, const char **upos)
{
    int x[N_PROBE], u[N_PROBE];
    hd_tagger_tag(t, lex, probe, N_PROBE, x, u);
    for (int i = 0; i < N_PROBE; i++) {
        xpos[i] = hd_tagger_xpos_name(t, x[i]);
        upos[i] = hd_tagger_upos_name(t, u[i]);
        assert_string_not_equal(xpos[i], "_"); /* a tag of the tag set, whatever the weights */
        assert_string_not_equal(upos[i], "_");
    }
}

/* The image carries the whole tagger: opened in place it tags as the tagger it was written
 * from (lexicon features, both passes, the tag dictionary), and the same training writes the
 * same bytes. */
static void tagger_image_carries_the_whole_tagger(void **state)
{
    (void)state;
    hd_conllu_sentence s[8];
    memset(s, 0, sizeof s);
    size_t n = read_treebank(s, 8);
    test_lexicon words = {TAGBIT(T_NNS), T_NNS};
    hd_lexicon lex = {test_lookup, &words};
    for (int copies = 1; copies <= 12; copies += 11) { /* without and with a tag dictionary */
        char *image = NULL, *again = NULL;
        size_t size = 0, size2 = 0;
        hd_tagger *t = train_with_image(s, n, &lex, copies, &image, &size);
        hd_tagger *t2 = train_with_image(s, n, &lex, copies, &again, &size2);
        assert_int_equal(size, size2);
        assert_memory_equal(image, again, size);
        char err[256];
        hd_tagger *opened = hd_tagger_open(image, size, err, sizeof err);
        assert_non_null(opened);
        assert_true(hd_tagger_uses_lexicon(opened));
        const char *x1[N_PROBE], *u1[N_PROBE], *x2[N_PROBE], *u2[N_PROBE];
        tag_probe(t, &lex, x1, u1);
        tag_probe(opened, &lex, x2, u2);
        for (int i = 0; i < N_PROBE; i++) {
            assert_string_equal(x1[i], x2[i]);
            assert_string_equal(u1[i], u2[i]);
        }
        long count, xr, ur, count2, xr2, ur2;
        hd_tagger_score(t, &lex, s, n, &count, &xr, &ur);
        hd_tagger_score(opened, &lex, s, n, &count2, &xr2, &ur2);
        assert_int_equal(xr, xr2);
        assert_int_equal(ur, ur2);
        /* without its lexicon it still tags, as for words the lexicon does not know */
        tag_probe(opened, NULL, x2, u2);
        /* a pruned image is smaller and still a tagger */
        char *pruned = NULL;
        size_t pruned_size = 0;
        FILE *mem = open_memstream(&pruned, &pruned_size);
        assert_int_equal(hd_tagger_write(t, 0.3, mem), 0);
        fclose(mem);
        assert_true(pruned_size < size);
        hd_tagger *small = hd_tagger_open(pruned, pruned_size, err, sizeof err);
        assert_non_null(small);
        tag_probe(small, &lex, x2, u2);
        hd_tagger_free(small);
        hd_tagger_free(opened);
        hd_tagger_free(t);
        hd_tagger_free(t2);
        free(image);
        free(again);
        free(pruned);
    }
    for (size_t i = 0; i < n; i++)
        hd_conllu_sentence_free(&s[i]);
}

/* An image cut short is refused; one scribbled on anywhere (header, names, the table's bits,
 * ranks, row starts and blocks, the tag dictionary) is refused with a reason or tags within
 * the tag sets; an image of another version says so. */
static void damaged_tagger_images_are_refused_or_harmless(void **state)
{
    (void)state;
    hd_conllu_sentence s[8];
    memset(s, 0, sizeof s);
    size_t n = read_treebank(s, 8);
    test_lexicon words = {0, 0};
    hd_lexicon lex = {test_lookup, &words};
    char *image = NULL;
    size_t size = 0;
    hd_tagger *t = train_with_image(s, n, &lex, 12, &image, &size);
    hd_tagger_free(t);
    char err[256];
    for (size_t cut = 0; cut < size; cut += cut < 256 ? 1 : 8) {
        err[0] = '\0';
        assert_null(hd_tagger_open(image, cut, err, sizeof err));
        assert_true(err[0] != '\0');
    }
    size_t tried = 0, refused = 0;
    for (size_t at = 0; at < size; at++)
        for (int bit = 0; bit < 8; bit++) {
            image[at] ^= (char)(1u << bit);
            err[0] = '\0';
            hd_tagger *d = hd_tagger_open(image, size, err, sizeof err);
            tried++;
            if (d) {
                const char *x[N_PROBE], *u[N_PROBE];
                tag_probe(d, &lex, x, u);
                hd_tagger_free(d);
            } else {
                assert_true(err[0] != '\0');
                refused++;
            }
            image[at] ^= (char)(1u << bit);
        }
    print_message("tagger image: %zu bytes, %zu of %zu bit flips refused\n", size, refused, tried);
    assert_true(refused > 0);
    memcpy(image, "HDTAGGR1", 8);
    assert_null(hd_tagger_open(image, size, err, sizeof err));
    assert_non_null(strstr(err, "another version"));
    assert_non_null(strstr(err, "make train"));
    memcpy(image, "HDTAGGR2", 8);
    image[8] ^= 1; /* the feature set */
    assert_null(hd_tagger_open(image, size, err, sizeof err));
    assert_non_null(strstr(err, "feature set"));
    image[8] ^= 1;
    hd_tagger *ok = hd_tagger_open(image, size, err, sizeof err);
    assert_non_null(ok);
    hd_tagger_free(ok);
    assert_null(hd_tagger_open(image + 4, size - 8, err, sizeof err));
    free(image);
    for (size_t i = 0; i < n; i++)
        hd_conllu_sentence_free(&s[i]);
}

/* The syntax image holds the tagger and a parser; one of the version before this tagger is
 * refused with a message that says what to do. */
static void syntax_image_joins_tagger_and_parser(void **state)
{
    (void)state;
    hd_conllu_sentence s[8];
    memset(s, 0, sizeof s);
    size_t n = read_treebank(s, 8);
    test_lexicon words = {0, 0};
    hd_lexicon lex = {test_lookup, &words};
    char *tagger = NULL, *parser = NULL, *image = NULL;
    size_t tagger_size = 0, parser_size = 0, size = 0;
    hd_tagger_free(train_with_image(s, n, &lex, 1, &tagger, &tagger_size));
    hd_parser_options po;
    hd_parser_default_options(&po);
    po.iterations = 3;
    po.lexicon = &lex;
    FILE *mem = open_memstream(&parser, &parser_size);
    assert_int_equal(hd_parser_train(s, n, NULL, 0, &po, NULL, mem), 0);
    fclose(mem);
    mem = open_memstream(&image, &size);
    assert_int_equal(hd_syntax_write(tagger, tagger_size, parser, parser_size, mem), 0);
    fclose(mem);
    hd_syntax sx;
    char err[256];
    assert_int_equal(hd_syntax_open(&sx, image, size, 1, err, sizeof err), 0);
    hd_syntax_word out[N_PROBE];
    assert_int_equal(hd_syntax_analyse(&sx, NULL, probe, N_PROBE, out), 0);
    int roots = 0;
    for (int i = 0; i < N_PROBE; i++)
        roots += out[i].head == 0;
    assert_int_equal(roots, 1);
    hd_syntax_close(&sx);
    uint32_t old = 1;
    memcpy(image + 8, &old, sizeof old);
    assert_int_equal(hd_syntax_open(&sx, image, size, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "version 1"));
    assert_non_null(strstr(err, "make train"));
    free(tagger);
    free(parser);
    free(image);
    for (size_t i = 0; i < n; i++)
        hd_conllu_sentence_free(&s[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reader_keeps_basic_trees_and_refuses_bad_ones),
        cmocka_unit_test(tagger_learns_and_is_deterministic),
        cmocka_unit_test(tagger_tags_unknown_words_as_the_lexicon_says),
        cmocka_unit_test(tagger_finds_words_in_the_image_lexicon),
        cmocka_unit_test(tagger_image_carries_the_whole_tagger),
        cmocka_unit_test(damaged_tagger_images_are_refused_or_harmless),
        cmocka_unit_test(syntax_image_joins_tagger_and_parser),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
