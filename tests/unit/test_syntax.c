/* test_syntax.c: the syntax stage's first parts. The CoNLL-U reader keeps basic trees (skips
 * multiword tokens and empty nodes), refuses a malformed sentence naming file and line and goes
 * on with the next; the tagger learns a small treebank of our own sentences well enough to tag
 * them back, and the same data and seed train the same weights; it tags a word it never saw
 * as the external lexicon says, and finds words in a dictionary image's lexicon whatever
 * their case. */
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

#include "hd_build.h"
#include "hd_model.h"
#include "syntax/hd_conllu.h"
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
        *out = (hd_lexicon_entry){lex->blick, lex->blick_best, 0};
        return lex->blick != 0;
    }
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i].word) == len && !strncasecmp(word, words[i].word, len)) {
            *out = (hd_lexicon_entry){words[i].tags, words[i].best, 0};
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
    assert_int_equal(hd_lexicon_model_lookup(m, "SHELL", 5, &e), 1);
    assert_int_equal(e.tags, TAGBIT(T_NN) | TAGBIT(T_VB) | TAGBIT(T_NNP));
    assert_int_equal(e.best, T_NN); /* the lower-case entry's */
    assert_int_equal(e.name, 0);
    assert_int_equal(hd_lexicon_model_lookup(m, "paris", 5, &e), 1);
    assert_int_equal(e.name, 1);
    assert_int_equal(hd_lexicon_model_lookup(m, "grim", 4, &e), 0);
    assert_int_equal(hd_lexicon_model_lookup(m, "blick", 5, &e), 0);
    hd_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reader_keeps_basic_trees_and_refuses_bad_ones),
        cmocka_unit_test(tagger_learns_and_is_deterministic),
        cmocka_unit_test(tagger_tags_unknown_words_as_the_lexicon_says),
        cmocka_unit_test(tagger_finds_words_in_the_image_lexicon),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
