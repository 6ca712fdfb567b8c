/* test_story.c: the names a story is found by (hd_story_names): capitalised words inside
 * sentences, not the capital that opens a sentence or a quotation, nor a word the article also
 * writes in lower case; abbreviations ("Mr.", "U.S.") end no sentence; possessives and
 * numbers are dropped; text that is not UTF-8 is read without harm. The sentences are ours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/hd_story.h"

/* The names of `text` joined by spaces, with a count after each that is not 1. */
static void names_of(const char *text, char *out, size_t cap)
{
    hd_story_term *t = NULL;
    size_t tcap = 0;
    long n = hd_story_names(text, strlen(text), &t, &tcap);
    assert_true(n >= 0);
    out[0] = '\0';
    for (long i = 0; i < n; i++) {
        size_t used = strlen(out);
        if (t[i].count != 1)
            snprintf(out + used, cap - used, "%s%s:%d", i ? " " : "", t[i].text, t[i].count);
        else
            snprintf(out + used, cap - used, "%s%s", i ? " " : "", t[i].text);
    }
    free(t);
}

static void names_inside_sentences(void **state)
{
    (void)state;
    char got[512];
    names_of("Mr. Putin met the U.S. envoy in Geneva. The talks ended, and Putin's aides said \"Nothing\" changed.",
             got, sizeof got);
    assert_string_equal(got, "geneva putin:2 u.s");
    /* "Senate" opens the second sentence but is a name inside the first; "the" never is */
    names_of("Leaders of the Senate voted on Monday. Senate leaders met. the end After 2024 votes, after all", got, sizeof got);
    assert_string_equal(got, "monday senate");
    /* a word also written in lower case is no name ("Bill" and "bill") */
    names_of("Congress passed the Bill. The bill went to Biden, O'Brien and Jean-Luc.", got, sizeof got);
    assert_string_equal(got, "biden jean-luc o'brien");
    names_of("Le président Macron a parlé à Émile et à l'Élysée.", got, sizeof got);
    assert_string_equal(got, "macron émile");
}

static void no_names_and_bad_text(void **state)
{
    (void)state;
    char got[256];
    names_of("", got, sizeof got);
    assert_string_equal(got, "");
    names_of("no capitals here at all.", got, sizeof got);
    assert_string_equal(got, "");
    const char bad[] = "A \xff\xfe Kabul \xc3 Herat \xe2\x80";
    names_of(bad, got, sizeof got);
    assert_string_equal(got, "herat kabul");
    char longword[200];
    memset(longword, 'a', sizeof longword - 1);
    longword[0] = 'x';
    longword[sizeof longword - 1] = '\0';
    char text[256];
    snprintf(text, sizeof text, "The X%s went.", longword + 1);
    names_of(text, got, sizeof got);
    assert_int_equal(strlen(got), HD_STORY_TERM_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_inside_sentences),
        cmocka_unit_test(no_names_and_bad_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
