/* test_word_classes.c: the word classes of dict/word-classes.txt (WC_* bits of
 * model/hd_word_class.h) in the loader, the builder, the image and the coder's table.
 *
 * A small file goes through a builder and an image: each word gets the bits of every line that
 * names it, words the lexicon lacks (clitics) are still found by text, and the coder's per-id
 * table holds the same bits. Every bad line (no colon, an unknown class, no words, a word that
 * is not one lowercase word) is reported with file:line while the others still load. A damaged
 * section is refused; the PETRARCH import path keeps the base's classes. The real file loads
 * without a message and gives the classes the coder's rules rely on. Word lists (WL_* bits)
 * share the file and the records, in a name space of their own, and may hold symbols. */
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

#include "herald.h"
#include "coding/hd_sent.h"
#include "model/hd_build.h"
#include "model/hd_dictfile.h"
#include "model/hd_model.h"
#include "model/hd_word_class.h"

#include "dict_fixture.h"

static const char *const LEXICON = "is\tVBZ\nnot\tRB\nmay\tMD|NNP\nmarch\tNN|VB|NNP\nplan\tNN|VB\nhe\tPRP\n";

static const char *const CLASSES =
    "# a comment, then classes\n"
    "be: is 's   # a clitic the lexicon lacks\n"
    "neg: not n't\n"
    "hypo: may\n"
    "date: may march\n"
    "protest: march\n"
    "intent: plan\n"
    "pron: he\n"
    "person: he\n";

static hd_model *small_model(const char *classes, warnings *w)
{
    char *lex = write_temp(LEXICON), *wc = write_temp(classes);
    hd_builder *b = hd_builder_new();
    assert_non_null(b);
    assert_int_equal(hd_dictfile_load_lexicon(b, lex, on_warn, w), 0);
    hd_dictfile_load_word_classes(b, wc, on_warn, w);
    hd_model *m = image_of(b);
    hd_builder_free(b);
    drop_temp(lex);
    drop_temp(wc);
    return m;
}

static uint64_t of(const hd_model *m, const char *w) { return hd_model_word_class(m, w, strlen(w)); }
static uint32_t lists_of(const hd_model *m, const char *w) { return hd_model_word_lists(m, w, strlen(w)); }

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(hd_word_class_from_name("be", 2), WC_BE);
    assert_int_equal(hd_word_class_from_name("intent", 6), WC_INTENT);
    assert_true(hd_word_class_from_name("civilian", 8) == WC_CIVILIAN);
    assert_true(hd_word_class_from_name("defect", 6) == WC_DEFECT);
    assert_int_equal(hd_word_class_from_name("BE", 2), 0);
    assert_int_equal(hd_word_class_from_name("bee", 3), 0);
    assert_int_equal(hd_word_class_from_name("", 0), 0);
    /* every name gives its own bit back, and the known bits are exactly the named ones */
    uint64_t known = 0;
    for (int i = 0; i < 64; i++) {
        const char *n = hd_word_class_name(i);
        if (!n)
            continue;
        assert_true(hd_word_class_from_name(n, strlen(n)) == 1ull << i);
        known |= 1ull << i;
    }
    assert_true(known == hd_word_class_known());
    assert_null(hd_word_class_name(-1));
    assert_null(hd_word_class_name(64));
    assert_null(hd_word_class_name(63)); /* past the last cue */
    /* the lists likewise, in a name space of their own */
    assert_true(hd_word_list_from_name("office", 6) == WL_OFFICE);
    assert_true(hd_word_list_from_name("org-head", 8) == WL_ORG_HEAD);
    assert_true(hd_word_list_from_name("be", 2) == 0);
    assert_true(hd_word_class_from_name("office", 6) == 0);
    uint32_t lists = 0;
    for (int i = 0; i < 32; i++) {
        const char *n = hd_word_list_name(i);
        if (!n)
            continue;
        assert_true(hd_word_list_from_name(n, strlen(n)) == 1u << i);
        assert_true(hd_word_class_from_name(n, strlen(n)) == 0); /* one name, one meaning */
        lists |= 1u << i;
    }
    assert_true(lists == hd_word_list_known());
    assert_null(hd_word_list_name(32));
}

/* Lists are kept by text beside the classes: a word may be in both, a list may hold symbols the
 * lexicon lacks, and a word's lists never show as classes. */
static void test_lists(void **state)
{
    (void)state;
    warnings w = {0};
    hd_model *m = small_model("pron: he\n"
                              "office: president he\n"
                              "money: $ usd\n"
                              "web-domain: .ru\n"
                              "money: Eur\n",  /* 5: capitals are refused in lists too */
                              &w);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.lines[0], 5);
    assert_true(of(m, "he") == WC_PRON);
    assert_true(lists_of(m, "he") == WL_OFFICE);
    assert_true(lists_of(m, "President") == WL_OFFICE); /* tokens are read lowercase */
    assert_true(of(m, "president") == 0);
    assert_true(lists_of(m, "$") == WL_MONEY);
    assert_true(lists_of(m, "USD") == WL_MONEY);
    assert_true(lists_of(m, ".ru") == WL_WEB_DOMAIN);
    assert_true(lists_of(m, "eur") == 0);
    assert_true(lists_of(m, "minister") == 0);
    /* the coder's per-id table has the classes only */
    uint64_t *t = hd_wordclass_build(m);
    assert_non_null(t);
    uint32_t id = hd_model_word(m, "he", 2, hd_hash_bytes("he", 2));
    assert_true(t[id] == WC_PRON);
    free(t);
    /* the builder refuses an unknown list, no list, or a word with a space */
    hd_builder *b = hd_builder_new();
    char err[200];
    assert_int_equal(hd_builder_word_list(b, "$", WL_MONEY, err, sizeof err), 0);
    assert_int_equal(hd_builder_word_list(b, "$", 0, err, sizeof err), -1);
    assert_int_equal(hd_builder_word_list(b, "us $", WL_MONEY, err, sizeof err), -1);
    hd_builder_free(b);
    /* a PETRARCH model keeps its base's lists */
    b = hd_builder_new();
    assert_int_equal(hd_builder_import_model(b, m, 0), 0);
    hd_model *copy = image_of(b);
    hd_builder_free(b);
    assert_true(lists_of(copy, "he") == WL_OFFICE);
    assert_true(of(copy, "he") == WC_PRON);
    assert_true(lists_of(copy, "$") == WL_MONEY);
    hd_model_free(copy);
    hd_model_free(m);
}

static void test_lookups(void **state)
{
    (void)state;
    warnings w = {0};
    hd_model *m = small_model(CLASSES, &w);
    assert_int_equal(w.n, 0);
    assert_true(of(m, "is") == WC_BE);
    assert_true(of(m, "'s") == WC_BE);
    assert_true(of(m, "'S") == WC_BE); /* tokens are read lowercase */
    assert_true(of(m, "n't") == WC_NEG);
    assert_true(of(m, "may") == (WC_HYPO | WC_DATE));      /* two lines, one word */
    assert_true(of(m, "March") == (WC_DATE | WC_PROTEST));
    assert_true(of(m, "he") == (WC_PRON | WC_PERSON));
    assert_true(of(m, "plans") == 0);
    assert_true(of(m, "i") == 0);
    assert_true(of(m, "") == 0);
    assert_int_equal(m->n_word_classes, 8);
    /* the coder's table by word id holds the same bits; a clitic outside the lexicon is found
     * by text, and only a clitic is asked about that way */
    uint64_t *t = hd_wordclass_build(m);
    assert_non_null(t);
    const char *words[] = {"is", "not", "may", "march", "plan", "he"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        uint32_t id = hd_model_word(m, words[i], strlen(words[i]), hd_hash_bytes(words[i], strlen(words[i])));
        assert_int_not_equal(id, HD_NONE);
        assert_true(t[id] == of(m, words[i]));
    }
    free(t);
    assert_true(hd_wordclass_unknown(m, "'s", 2) == WC_BE);
    assert_true(hd_wordclass_unknown(m, "n't", 3) == 0); /* not a clitic of the form 'xx */
    assert_true(hd_wordclass_unknown(m, "is", 2) == 0);
    hd_model_free(m);
}

static void test_bad_lines(void **state)
{
    (void)state;
    warnings w = {0};
    hd_model *m = small_model("be is\n"                  /* 1: no colon */
                              "bee: is\n"                /* 2: unknown class */
                              "neg:\n"                   /* 3: no words */
                              ": not\n"                  /* 4: no class */
                              "neg: not Never n_t ok\n"  /* 5: two bad words, two good */
                              "BE: is\n"                 /* 6: class names are lowercase */
                              "date: march\n",           /* 7 */
                              &w);
    assert_int_equal(w.n, 7);
    const long lines[] = {1, 2, 3, 4, 5, 5, 6};
    for (int i = 0; i < 7; i++)
        assert_int_equal(w.lines[i], lines[i]);
    assert_non_null(strstr(w.text[0], "expected: CLASS: WORD"));
    assert_non_null(strstr(w.text[1], "'bee' is not a word class"));
    assert_non_null(strstr(w.text[2], "without words"));
    assert_non_null(strstr(w.text[4], "'Never' is not one lowercase word"));
    assert_non_null(strstr(w.text[5], "'n_t' is not one lowercase word"));
    /* the good words of a bad line and the good lines still load */
    assert_true(of(m, "not") == WC_NEG);
    assert_true(of(m, "ok") == WC_NEG);
    assert_true(of(m, "march") == WC_DATE);
    assert_true(of(m, "is") == 0);
    hd_model_free(m);

    /* a file of comments only is empty */
    char *path = write_temp("# nothing\n\n");
    hd_builder *b = hd_builder_new();
    warnings e = {0};
    assert_int_equal(hd_dictfile_load_word_classes(b, path, on_warn, &e), 1);
    assert_non_null(strstr(e.text[0], "no entries"));
    assert_int_equal(hd_dictfile_load_word_classes(b, "/nonexistent/word-classes.txt", on_warn, &e), -1);
    drop_temp(path);
    /* the builder itself refuses what a caller other than the file reader could give it */
    char err[200];
    assert_int_equal(hd_builder_word_class(b, "Is", WC_BE, err, sizeof err), -1);
    assert_int_equal(hd_builder_word_class(b, "is not", WC_BE, err, sizeof err), -1);
    assert_int_equal(hd_builder_word_class(b, "", WC_BE, err, sizeof err), -1);
    assert_int_equal(hd_builder_word_class(b, "is", 0, err, sizeof err), -1);
    assert_int_equal(hd_builder_word_class(b, "is", 1ull << 63, err, sizeof err), -1);
    assert_int_equal(hd_builder_word_class(b, "is", WC_BE, err, sizeof err), 0);
    hd_builder_free(b);
}

static void test_damaged_section(void **state)
{
    (void)state;
    warnings w = {0};
    char *lex = write_temp(LEXICON), *wc = write_temp(CLASSES);
    hd_builder *b = hd_builder_new();
    hd_dictfile_load_lexicon(b, lex, on_warn, &w);
    hd_dictfile_load_word_classes(b, wc, on_warn, &w);
    drop_temp(lex);
    drop_temp(wc);
    char *img;
    size_t size;
    assert_int_equal(hd_builder_image(b, &img, &size), 0);
    hd_builder_free(b);
    hd_img_section *sec = (hd_img_section *)(void *)(img + sizeof(hd_img_header)) + S_WORD_CLASSES;
    assert_int_equal(sec->count, 8);
    assert_false(refused(img, size, NULL));
    hd_word_class *v = (hd_word_class *)(void *)(img + sec->offset);
    hd_word_class keep = v[1];
    v[1].classes |= 1ull << 63; /* a bit no class uses */
    assert_true(refused(img, size, "word classes"));
    v[1].classes = 0;
    assert_true(refused(img, size, "word classes"));
    /* (every one of the 32 list bits has a name: no list bit is unknown) */
    assert_int_equal(hd_word_list_known(), 0xFFFFFFFFu);
    v[1] = keep;
    v[1].text = UINT32_MAX;
    assert_true(refused(img, size, "word classes"));
    v[1] = v[0]; /* twice the same word: out of order */
    assert_true(refused(img, size, "out of order"));
    v[1] = keep;
    hd_word_class swap = v[2];
    v[2] = v[3];
    v[3] = swap;
    assert_true(refused(img, size, "out of order"));
    v[3] = v[2];
    v[2] = swap;
    assert_false(refused(img, size, NULL));
    /* a word with a capital could never be found by a token read lowercase */
    char *text = img + ((const hd_img_section *)(const void *)(img + sizeof(hd_img_header)))[S_STRINGS].offset + v[7].text;
    char c = text[0];
    text[0] = (char)(c - 32);
    assert_true(refused(img, size, "not a lowercase word"));
    text[0] = c;
    sec->offset += 4; /* misaligned, and past the end of the image */
    assert_true(refused(img, size, NULL));
    sec->offset -= 4;
    sec->count = 0; /* no word classes is allowed: an image built without the file */
    assert_false(refused(img, size, NULL));
    free(img);
}

/* A PETRARCH model keeps its base's word classes: the coder reads the same closed classes. */
static void test_import(void **state)
{
    (void)state;
    warnings w = {0};
    hd_model *base = small_model(CLASSES, &w);
    hd_builder *b = hd_builder_new();
    assert_int_equal(hd_builder_import_model(b, base, 0), 0);
    hd_model *m = image_of(b);
    hd_builder_free(b);
    assert_int_equal(m->n_word_classes, base->n_word_classes);
    for (size_t i = 0; i < base->n_word_classes; i++) {
        const char *t = hd_str(base, base->word_classes[i].text);
        assert_string_equal(hd_str(m, m->word_classes[i].text), t);
        assert_true(of(m, t) == base->word_classes[i].classes);
    }
    hd_model_free(m);
    hd_model_free(base);
}

/* dict/word-classes.txt loads without a message, and gives the classes the rules rely on. */
static void test_file(void **state)
{
    (void)state;
    if (access("dict/word-classes.txt", R_OK) != 0) {
        print_message("skipped: no dict/word-classes.txt (run from the repository root)\n");
        return;
    }
    hd_builder *b = hd_builder_new();
    warnings w = {0};
    assert_int_equal(hd_dictfile_load_word_classes(b, "dict/word-classes.txt", on_warn, &w), 0);
    if (w.n)
        fail_msg("%d messages, the first: %s", w.n, w.text[0]);
    hd_model *m = image_of(b);
    hd_builder_free(b);
    /* every class has a word */
    uint64_t used = 0;
    for (size_t i = 0; i < m->n_word_classes; i++)
        used |= m->word_classes[i].classes;
    assert_true(used == hd_word_class_known());
    assert_true(of(m, "'ll") == WC_FUTURE);
    assert_true(of(m, "that") == (WC_SUBORD | WC_THAT));
    assert_true(of(m, "we") == (WC_PRON | WC_PLURAL | WC_WE));
    assert_true(of(m, "may") == (WC_HYPO | WC_DATE));
    assert_true(of(m, "march") == (WC_DATE | WC_PROTEST));
    assert_true(of(m, "if") == (WC_SUBORD | WC_CONDITION));
    assert_true(of(m, "threaten") == WC_INTENT);
    assert_true(of(m, "schedule") == WC_EXPECT);
    assert_true(of(m, "worshippers") == WC_CIVILIAN);
    assert_true(of(m, "jihadists") == WC_TERROR);
    assert_true(of(m, "branded") == WC_LABEL);
    assert_true(of(m, "hostilities") == WC_SITUATION);
    assert_true(of(m, "bilateral") == WC_JOINT);
    /* every list has a word */
    uint32_t lists = 0;
    for (size_t i = 0; i < m->n_word_classes; i++)
        lists |= m->word_classes[i].lists;
    assert_true(lists == hd_word_list_known());
    assert_true(lists_of(m, "minister") == (WL_OFFICE | WL_NAME_TITLE | WL_PERSON_TITLE));
    assert_true(lists_of(m, "against") == WL_TARGET_PREPOSITION);
    assert_true(lists_of(m, "in") == WL_LOCATIVE);
    assert_true(lists_of(m, "$") == WL_MONEY);
    assert_true(lists_of(m, "fled") == WL_COUNT_DISPLACED);
    hd_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_lookups),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_damaged_section),
        cmocka_unit_test(test_import),
        cmocka_unit_test(test_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
