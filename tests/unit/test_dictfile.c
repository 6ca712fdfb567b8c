/* test_dictfile.c: herald's dictionary text format (docs/dictionaries.md): every directive
 * loads and codes, every bad line is reported with its file and line while the good lines
 * around it still load. Then garbage is thrown at each file kind herald-dictc reads (its
 * dictionaries, the lexicon table, WordNet exception lists, the function-word list): a NUL
 * byte, invalid UTF-8, a control character, a line of unknown syntax, an empty file and one
 * cut short must each be an error naming file and line; a discard of function words only is
 * refused; 10,000 bad lines print 20 messages and a count. */
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
#include "model/hd_dictfile.h"

#include "dict_fixture.h"
#include "syntax_fixture.h"

static const char *const lexicon =
    "the\tDT\nattacked\tVBD|VBN\nattack\tNN|VB\nbombed\tVBD|VBN\nsoldiers\tNNS\nsoldier\tNN\n"
    "town\tNN\nsaid\tVBD\nmet\tVBD\nin\tIN\nwith\tIN\njets\tNNS\nreportedly\tRB\n";

static const char *const good =
    "# a comment line\n"
    "cameo 19 -10.0 Fight\n"
    "cameo 190 -10.0 Use conventional military force\n"
    "cameo 195 -10.0 Employ aerial weapons\n"
    "cameo 04 1.0 Consult\n"
    "cameo 040 1.0 Consult\n"
    "actor Freedonia | Freedonian => FRD\n"
    "actor Rufus Firefly => FRDGOV@1933..1934 FRDELI   # dated, with a fallback\n"
    "agent MIL soldier | jet\n"
    "synset &AIRCRAFT jets | warplanes\n"
    "verb 190 attack | strike\n"
    "- &AIRCRAFT * [195]\n"
    "- * with &AIRCRAFT [195]\n"
    "verb 040 meet\n"
    "noun 195 air strike | air strikes\n"
    "light conduct\n"
    "say say\n"
    "outlet Daily Gazette\n"
    "hedge reportedly\n"
    "discard football\n";

/* The image of a dictionary with the small lexicon and the trained syntax section (the coder
 * codes verbs from the parse); NULL when the section is not built. */
static hd_model *build(const char *dict, warnings *w)
{
    char *lex = write_temp(lexicon), *d = write_temp(dict);
    hd_builder *b = hd_builder_new();
    assert_int_equal(hd_dictfile_load_lexicon(b, lex, on_warn, w), 0);
    hd_builder_lemma(b, "met", "meet"); /* what WordNet's verb.exc gives the real build */
    hd_dictfile_load(b, d, on_warn, w);
    if (add_trained_syntax(b) != 0) {
        hd_builder_free(b);
        unlink(lex);
        unlink(d);
        free(lex);
        free(d);
        return NULL;
    }
    char *img;
    size_t size;
    assert_int_equal(hd_builder_image(b, &img, &size), 0);
    hd_builder_free(b);
    unlink(lex);
    unlink(d);
    free(lex);
    free(d);
    char err[200];
    hd_model *m = hd_model_from_image(img, size, 0, err, sizeof err);
    assert_non_null(m);
    return m;
}

typedef struct got {
    char line[16][96];
    int n;
} got;

static int sink(void *user, const hd_event *e)
{
    got *g = user;
    if (g->n < 16)
        snprintf(g->line[g->n++], 96, "%s %s %s%s", e->source ? e->source->code : "-", e->code,
                 e->target ? e->target->code : "-", e->hedged ? " hedged" : "");
    return 0;
}

static int coded(const hd_model *m, const char *text, const char *date, const char *want)
{
    got g = {.n = 0};
    hd_coder *c = hd_coder_new(m);
    hd_doc d = {"t", text, strlen(text), NULL, date, NULL, NULL};
    hd_code_document(c, &d, sink, &g);
    hd_coder_free(c);
    for (int i = 0; i < g.n; i++)
        if (strcmp(g.line[i], want) == 0)
            return 1;
    for (int i = 0; i < g.n; i++)
        print_message("  coded: %s\n", g.line[i]);
    return 0;
}

static void test_every_directive_codes(void **state)
{
    (void)state;
    warnings w = {0};
    hd_model *m = build(good, &w);
    if (!m)
        return;
    assert_int_equal(w.n, 0);
    assert_true(coded(m, "Freedonian soldiers attacked the town.", "1950-01-01", "FRDMIL 190 -"));
    assert_true(coded(m, "Freedonian jets attacked the town.", "1950-01-01", "FRDMIL 195 -"));
    assert_true(coded(m, "Rufus Firefly met Freedonian soldiers.", "1933-06-01", "FRDGOV 040 FRDMIL"));
    assert_true(coded(m, "Rufus Firefly met Freedonian soldiers.", "1950-06-01", "FRDELI 040 FRDMIL"));
    assert_true(coded(m, "Freedonia reportedly conducted air strikes.", "1950-01-01", "FRD 195 - hedged"));
    assert_false(coded(m, "Freedonian soldiers attacked the football team.", "1950-01-01", "FRDMIL 190 -"));
    hd_model_free(m);
}

static void test_bad_lines_are_reported_and_skipped(void **state)
{
    (void)state;
    const char *bad =
        "cameo 19 -10.0 Fight\n"
        "cameo 190 -10.0 Use conventional military force\n"
        "actor Freedonia => FRD\n"
        "- * town [190]\n"                     /* 4: pattern outside a verb block */
        "actor Sylvania => \n"                 /* 5: no code */
        "actor Sylvania SYL\n"                 /* 6: no arrow */
        "actor Sylvania => SYL@1990..19x\n"    /* 7: bad date */
        "actor Sylvania => syl\n"              /* 8: lower-case code */
        "frobnicate something\n"               /* 9: unknown directive */
        "verb 190 attack\n"
        "- * town\n"                           /* 11: no [CODE] */
        "- town [190]\n"                       /* 12: no '*' */
        "cameo 1x -1.0 Bad code\n"             /* 13 */
        "cameo 20 -99 Out of range\n"          /* 14 */
        "agent MIL\n"                          /* 15: no phrases */
        "synset NOAMP jets\n"                  /* 16: synset names start with & */
        "agent MIL soldier\n";
    warnings w = {0};
    hd_model *m = build(bad, &w);
    if (!m)
        return;
    long want[] = {4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16};
    assert_int_equal(w.n, (int)(sizeof want / sizeof want[0]));
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_int_equal(w.lines[i], want[i]);
    assert_non_null(strstr(w.last, ":16: "));
    /* the good lines around the bad ones still work */
    assert_true(coded(m, "Freedonian soldiers attacked the town.", "1950-01-01", "FRDMIL 190 -") ||
                coded(m, "Freedonia attacked the town.", "1950-01-01", "FRD 190 -"));
    hd_model_free(m);
}

static void test_dates(void **state)
{
    (void)state;
    int32_t d;
    assert_int_equal(hd_dictfile_parse_date("2015", 4, 0, &d), 0);
    assert_int_equal(d, 20150101);
    assert_int_equal(hd_dictfile_parse_date("2015", 4, 1, &d), 0);
    assert_int_equal(d, 20151231);
    assert_int_equal(hd_dictfile_parse_date("2015-10", 7, 0, &d), 0);
    assert_int_equal(d, 20151001);
    assert_int_equal(hd_dictfile_parse_date("2015-10-01", 10, 1, &d), 0);
    assert_int_equal(d, 20151001);
    assert_int_equal(hd_dictfile_parse_date("2015-13-01", 10, 0, &d), -1);
    assert_int_equal(hd_dictfile_parse_date("15-10-01", 8, 0, &d), -1);
    assert_int_equal(hd_dictfile_parse_date("2015/10/01", 10, 0, &d), -1);
    assert_int_equal(hd_dictfile_parse_date("", 0, 0, &d), -1);
}

static void test_missing_files(void **state)
{
    (void)state;
    warnings w = {0};
    hd_builder *b = hd_builder_new();
    assert_int_equal(hd_dictfile_load(b, "/nonexistent/dict.txt", on_warn, &w), -1);
    assert_int_equal(hd_dictfile_load_lexicon(b, "/nonexistent/lex.tsv", on_warn, &w), -1);
    assert_int_equal(w.n, 2);
    hd_builder_free(b);
}

typedef long (*loader)(hd_builder *, const char *, hd_warn_fn, void *);

/* One kind of file: a line it accepts and one of unknown syntax. */
typedef struct file_kind {
    const char *name;
    loader load;
    const char *good, *unknown;
} file_kind;

static const file_kind kinds[] = {
    {"dictionary", hd_dictfile_load, "actor Freedonia => FRD", "frobnicate something"},
    {"lexicon", hd_dictfile_load_lexicon, "town\tNN", "town NN"},
    {"lexicon", hd_dictfile_load_lexicon, "town\tNN", "town\tNN|XYZ"},
    {"exceptions", hd_dictfile_load_exceptions, "struck strike", "Struck Strike"},
    {"exceptions", hd_dictfile_load_exceptions, "struck strike", "struck"},
    {"function words", hd_dictfile_load_function_words, "was", "was not"},
};

/* Loads n bytes of text as the given kind; returns the errors, with what was said in w. */
static long load_text(const file_kind *k, const char *text, size_t n, warnings *w, char **path_out)
{
    char *path = write_temp_n(text, n);
    hd_builder *b = hd_builder_new();
    memset(w, 0, sizeof *w);
    long errors = k->load(b, path, on_warn, w);
    hd_builder_free(b);
    unlink(path);
    *path_out = path;
    return errors;
}

/* "GOOD\n" then the good line with `bad` (blen bytes) put in after its third byte. */
static size_t garbled(const file_kind *k, const char *bad, size_t blen, char *out)
{
    size_t g = strlen(k->good), n = 0;
    memcpy(out, k->good, g);
    n += g;
    out[n++] = '\n';
    memcpy(out + n, k->good, 3);
    memcpy(out + n + 3, bad, blen);
    memcpy(out + n + 3 + blen, k->good + 3, g - 3);
    n += g + blen;
    out[n++] = '\n';
    return n;
}

static void expect_error(const file_kind *k, const char *text, size_t n, const char *where, const char *why)
{
    warnings w;
    char *path;
    long errors = load_text(k, text, n, &w, &path);
    char want[600];
    snprintf(want, sizeof want, "%s:%s", path, where);
    if (errors != 1 || w.n != 1 || strncmp(w.last, want, strlen(want)) != 0 || !strstr(w.last, why))
        fail_msg("%s file: %ld errors, %d messages, last '%s'; wanted '%s...%s'", k->name, errors, w.n, w.last, want,
                 why);
    free(path);
}

static void test_garbage_in_every_file_kind(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const file_kind *k = &kinds[i];
        char text[256];
        size_t n;
        n = garbled(k, "\0", 1, text);
        expect_error(k, text, n, "2: ", "NUL byte at column 4");
        n = garbled(k, "\xc3\x28", 2, text);
        expect_error(k, text, n, "2: ", "invalid UTF-8 at column 4");
        n = garbled(k, "\xed\xa0\x80", 3, text); /* a UTF-16 surrogate encoded in UTF-8 */
        expect_error(k, text, n, "2: ", "invalid UTF-8 at column 4");
        n = garbled(k, "\x07", 1, text);
        expect_error(k, text, n, "2: ", "control character 0x07 at column 4");
        n = (size_t)snprintf(text, sizeof text, "%s\n%s\n", k->good, k->unknown);
        expect_error(k, text, n, "2: ", "");
        expect_error(k, "", 0, "0: ", "empty or truncated");
        n = (size_t)snprintf(text, sizeof text, "%s\n%s", k->good, k->good);
        expect_error(k, text, n, "2: ", "no newline: the file is truncated");
        /* the good file loads without a word */
        n = (size_t)snprintf(text, sizeof text, "%s\n%s\n", k->good, k->good);
        warnings w;
        char *path;
        assert_int_equal(load_text(k, text, n, &w, &path), 0);
        assert_int_equal(w.n, 0);
        free(path);
    }
    /* valid UTF-8 beyond ASCII is fine */
    warnings w;
    char *path;
    const char *utf8 = "actor Stepanakert | \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 => RUS\n";
    assert_int_equal(load_text(&kinds[0], utf8, strlen(utf8), &w, &path), 0);
    free(path);
}

static void test_function_word_discards(void **state)
{
    (void)state;
    char *lex = write_temp(lexicon), *fw = write_temp("# auxiliaries\nwas\nhas\n");
    char *d = write_temp("discard the\n"            /* 1: an article */
                         "discard in the | with\n"  /* 2: prepositions and an article */
                         "discard was\n"            /* 3: from the function-word list */
                         "discard the football | in the town | football\n" /* fine */
                         "discard to | , | .\n");   /* 5: ',' and '.'; 'to' is not in this lexicon */
    hd_builder *b = hd_builder_new();
    warnings w = {0};
    assert_int_equal(hd_dictfile_load_lexicon(b, lex, on_warn, &w), 0);
    assert_int_equal(hd_dictfile_load_function_words(b, fw, on_warn, &w), 0);
    assert_int_equal(hd_dictfile_load(b, d, on_warn, &w), 6);
    assert_int_equal(w.lines[0], 1);
    assert_int_equal(w.lines[1], 2);
    assert_int_equal(w.lines[2], 2);
    assert_int_equal(w.lines[3], 3);
    assert_int_equal(w.lines[4], 5);
    assert_int_equal(w.lines[5], 5);
    assert_non_null(strstr(w.last, "discard phrase '.' has no content word"));
    assert_int_equal(hd_builder_function_phrase(b, "in the"), 1);
    assert_int_equal(hd_builder_function_phrase(b, "the town"), 0);
    assert_int_equal(hd_builder_function_phrase(b, "the unknownword"), 0);
    assert_int_equal(hd_builder_function_phrase(b, ", ."), 1);
    assert_int_equal(hd_builder_function_phrase(b, ""), 0);
    hd_builder_free(b);
    unlink(lex);
    unlink(fw);
    unlink(d);
    free(lex);
    free(fw);
    free(d);
}

/* 10,000 bad lines: HD_DIAG_SHOWN messages, then one with the count. */
static void test_warning_cap(void **state)
{
    (void)state;
    size_t n = 10000;
    char *text = malloc(n * 11 + 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        memcpy(text + i * 11, "frobnicate\n", 11);
    warnings w;
    char *path;
    assert_int_equal(load_text(&kinds[0], text, n * 11, &w, &path), 10000);
    free(text);
    assert_int_equal(w.n, HD_DIAG_SHOWN + 1);
    char want[600];
    snprintf(want, sizeof want, "%s:0: 9980 more warnings/errors not shown", path);
    assert_string_equal(w.last, want);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_directive_codes),
        cmocka_unit_test(test_bad_lines_are_reported_and_skipped),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_missing_files),
        cmocka_unit_test(test_garbage_in_every_file_kind),
        cmocka_unit_test(test_function_word_discards),
        cmocka_unit_test(test_warning_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
