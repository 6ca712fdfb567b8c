/* test_parse.c: hd_parse_text on the real model ($HERALD_MODEL, else build/herald.hdm): the
 * words cover every non-space byte of the text in order, each sentence is one tree, the API
 * refuses what it must (bad UTF-8 with its offset, a NUL byte) and copes with what it may meet
 * (an empty text, white space only, one enormous sentence, binary-looking marks). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"

static hd_model *model;

static int setup(void **state)
{
    (void)state;
    const char *path = getenv("HERALD_MODEL");
    char err[256];
    model = hd_model_open(path ? path : "build/herald.hdm", err, sizeof err);
    if (!model)
        fprintf(stderr, "test_parse: %s\n", err);
    return model ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    hd_model_free(model);
    return 0;
}

static int is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

/* Every sentence a tree, every word inside the text, words in order and covering it. */
static void check_parse(const char *text, const hd_parse *p)
{
    size_t len = strlen(text), at = 0, w = 0;
    for (size_t k = 0; k < p->n_sentences; k++) {
        const hd_parsed_sentence *s = &p->sentences[k];
        assert_int_equal(s->first, w);
        int roots = 0;
        for (size_t i = 0; i < s->n; i++, w++) {
            const hd_parsed_word *x = &p->words[w];
            assert_true(x->start >= at && x->end > x->start && x->end <= len);
            for (size_t b = at; b < x->start; b++) /* nothing but space was left out */
                assert_true(is_space(text[b]));
            at = x->end;
            assert_true(x->head >= 0 && x->head <= (int)s->n && x->head != (int)i + 1);
            roots += x->head == 0;
            assert_non_null(x->upos);
            assert_non_null(x->xpos);
            assert_non_null(x->deprel);
            assert_non_null(x->lemma);
        }
        assert_int_equal(roots, 1);
    }
    assert_int_equal(w, p->n_words);
    for (size_t b = at; b < len; b++)
        assert_true(is_space(text[b]));
}

static void parses_cover_the_text(void **state)
{
    (void)state;
    assert_true(hd_model_has_syntax(model));
    const char *texts[] = {
        "Russian jets struck Hama on Wednesday. The town was shelled by rebels.",
        "Police didn't arrest the 15-year-old protester, officials said!!! See http://www.example.org/a-b.html",
        "==== *** ____ ... \xe2\x80\x9cQuoted\xe2\x80\x9d \xc2\xa0 words \xe2\x80\x94 and dashes",
        "",
        "   \n\n  \t ",
        "A",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        hd_parse p;
        char err[256];
        assert_int_equal(hd_parse_text(model, texts[t], strlen(texts[t]), &p, err, sizeof err), 0);
        check_parse(texts[t], &p);
        hd_parse_free(&p);
    }
}

static void a_long_run_of_words_is_parsed_in_pieces(void **state)
{
    (void)state;
    size_t n = 5000;
    char *text = malloc(n * 6 + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(text + i * 6, "troop ", 6);
    text[n * 6] = '\0';
    hd_parse p;
    char err[256];
    assert_int_equal(hd_parse_text(model, text, n * 6, &p, err, sizeof err), 0);
    assert_int_equal(p.n_words, n);
    assert_true(p.n_sentences >= n / 300);
    check_parse(text, &p);
    hd_parse_free(&p);
    free(text);
}

static void bad_text_is_refused_with_its_offset(void **state)
{
    (void)state;
    hd_parse p;
    char err[256];
    assert_int_equal(hd_parse_text(model, "Troops \xff fled.", 14, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "byte 7"));
    assert_int_equal(p.n_words, 0);
    hd_parse_free(&p);
    assert_int_equal(hd_parse_text(model, "Troops\0fled", 11, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "byte 6"));
    hd_parse_free(&p);
    assert_int_equal(hd_parse_text(NULL, "x", 1, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "no syntax"));
    hd_parse_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_cover_the_text),
        cmocka_unit_test(a_long_run_of_words_is_parsed_in_pieces),
        cmocka_unit_test(bad_text_is_refused_with_its_offset),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
