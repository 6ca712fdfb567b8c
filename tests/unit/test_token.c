/* test_token.c: tokenizer and sentence splitter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "text/hd_token.h"

static size_t toks(const char *s, char out[][32], size_t max)
{
    hd_span sp[128];
    size_t n = hd_tokenize(s, strlen(s), sp, 128);
    for (size_t i = 0; i < n && i < max; i++)
        snprintf(out[i], 32, "%.*s", (int)(sp[i].end - sp[i].start), s + sp[i].start);
    return n;
}

static void test_words_and_punctuation(void **state)
{
    (void)state;
    char t[32][32];
    size_t n = toks("Russia, Syria and Iran met.", t, 32);
    assert_int_equal(n, 7);
    assert_string_equal(t[0], "Russia");
    assert_string_equal(t[1], ",");
    assert_string_equal(t[5], "met");
    assert_string_equal(t[6], ".");
}

static void test_abbreviations_keep_periods(void **state)
{
    (void)state;
    char t[32][32];
    size_t n = toks("The U.S. envoy met Gen. Smith and Mr. J. Doe.", t, 32);
    assert_int_equal(n, 11);
    assert_string_equal(t[1], "U.S.");
    assert_string_equal(t[4], "Gen.");
    assert_string_equal(t[7], "Mr.");
    assert_string_equal(t[8], "J.");
    assert_string_equal(t[9], "Doe");
}

static void test_numbers_and_internal_punctuation(void **state)
{
    (void)state;
    char t[32][32];
    size_t n = toks("About 1,500 troops (3.5%) of al-Qaeda at Vesti.ru", t, 32);
    assert_int_equal(n, 11);
    assert_string_equal(t[1], "1,500");
    assert_string_equal(t[4], "3.5");
    assert_string_equal(t[8], "al-Qaeda");
    assert_string_equal(t[10], "Vesti.ru");
}

static void test_clitics(void **state)
{
    (void)state;
    char t[32][32];
    size_t n = toks("Syria's army didn't attack O'Brien's men", t, 32);
    assert_int_equal(n, 9);
    assert_string_equal(t[0], "Syria");
    assert_string_equal(t[1], "'s");
    assert_string_equal(t[3], "did");
    assert_string_equal(t[4], "n't");
    assert_string_equal(t[6], "O'Brien");
    assert_string_equal(t[7], "'s");
}

static void test_offsets_point_into_text(void **state)
{
    (void)state;
    const char *s = "  Troops  fired.";
    hd_span sp[8];
    size_t n = hd_tokenize(s, strlen(s), sp, 8);
    assert_int_equal(n, 3);
    assert_int_equal(sp[0].start, 2);
    assert_int_equal(sp[0].end, 8);
    assert_int_equal(sp[1].start, 10);
    assert_true(sp[0].shape & SH_CAP);
}

static size_t sentences(const char *s, uint32_t *starts, hd_span *sp)
{
    size_t n = hd_tokenize(s, strlen(s), sp, 256);
    return hd_split_sentences(s, sp, n, 0, starts, 64);
}

static void test_split_survives_abbreviations(void **state)
{
    (void)state;
    hd_span sp[256];
    uint32_t st[64];
    assert_int_equal(sentences("Gen. Smith met Mr. Jones in the U.S. Army base. They talked.", st, sp), 2);
    assert_int_equal(sentences("Growth was 3.5 percent. It fell.", st, sp), 2);
    assert_int_equal(sentences("He lives in the U.S. The talks failed.", st, sp), 2);
    assert_int_equal(sentences("George W. Bush spoke.", st, sp), 1);
}

static void test_split_with_quotes(void **state)
{
    (void)state;
    hd_span sp[256];
    uint32_t st[64];
    assert_int_equal(sentences("\"We will win,\" he said. \"Never.\" Then he left.", st, sp), 3);
    assert_int_equal(sentences("He said: \"Stop.\" She did not.", st, sp), 2);
}

static void test_split_paragraphs_and_headlines(void **state)
{
    (void)state;
    hd_span sp[256];
    uint32_t st[64];
    assert_int_equal(sentences("Jets strike city\nRebels retreat from the hills\n\nThe army said so.", st, sp), 3);
}

static void test_hard_wrap_detection(void **state)
{
    (void)state;
    const char *wrapped = "The minister said on Tuesday that the government would\n"
                          "not change its policy on imports of grain from the\n"
                          "United States, according to officials in the capital\n"
                          "who asked not to be named by the press today.\n";
    assert_true(hd_text_is_hard_wrapped(wrapped, strlen(wrapped)));
    const char *lines = "Short title\nAnother line\n";
    assert_false(hd_text_is_hard_wrapped(lines, strlen(lines)));
}

static void test_empty_and_garbage(void **state)
{
    (void)state;
    hd_span sp[8];
    assert_int_equal(hd_tokenize("", 0, sp, 8), 0);
    assert_int_equal(hd_tokenize("   \n\n ", 6, sp, 8), 0);
    /* more tokens than room: the count is still returned */
    assert_int_equal(hd_tokenize("a b c d e f g h i j", 19, sp, 8), 10);
    uint32_t st[4];
    assert_int_equal(hd_split_sentences("", sp, 0, 0, st, 4), 0);
    const char *odd = "'''---...\"\"";
    size_t n = hd_tokenize(odd, strlen(odd), sp, 8);
    assert_true(n > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_punctuation),
        cmocka_unit_test(test_abbreviations_keep_periods),
        cmocka_unit_test(test_numbers_and_internal_punctuation),
        cmocka_unit_test(test_clitics),
        cmocka_unit_test(test_offsets_point_into_text),
        cmocka_unit_test(test_split_survives_abbreviations),
        cmocka_unit_test(test_split_with_quotes),
        cmocka_unit_test(test_split_paragraphs_and_headlines),
        cmocka_unit_test(test_hard_wrap_detection),
        cmocka_unit_test(test_empty_and_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
