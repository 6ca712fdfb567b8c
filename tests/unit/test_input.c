/* test_input.c: the document reader (hd_reader_*) on files and directories made here, and the
 * checks hd_code_document makes on a document. Every bad record must give -1 with "FILE:LINE"
 * in the message, and reading must go on with the next record. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "herald.h"



static char dir[256];
static hd_model *model;

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/herald-test-input-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    const char *path = getenv("HERALD_MODEL");
    char err[512];
    model = hd_model_open(path ? path : "build/herald.hdm", err, sizeof err);
    if (!model)
        fprintf(stderr, "cannot open the model: %s\n", err);
    return model ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (strncmp(dir, "/tmp/herald-test-input-", 23) == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    hd_model_free(model);
    return 0;
}

/* Writes `n` bytes to dir/name (creating subdirectories); returns the path (static buffer). */
static const char *put(const char *name, const char *data, size_t n)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
        *p = '\0';
        mkdir(path, 0700);
        *p = '/';
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
    return path;
}
static const char *puts_(const char *name, const char *s) { return put(name, s, strlen(s)); }

typedef struct result {
    int rc;
    char id[128];
    char text[256];
    char title[128];
    char date[32];
    char source[64];
    char url[64];
    size_t text_len;
    char err[512];
    char warning[512]; /* hd_reader_warning() of a document, "" none */
} result;

/* Reads everything from `path`; returns the number of results (documents and errors). */
static int read_all(const char *path, hd_input_format fmt, const char *date, result *out, int max)
{
    char err[512];
    hd_reader *r = hd_reader_open(path, fmt, date, err, sizeof err);
    if (!r)
        fail_msg("cannot open %s: %s", path, err);
    int n = 0;
    for (int guard = 0; guard < 1000; guard++) {
        hd_doc d;
        memset(&d, 0x5a, sizeof d);
        int rc = hd_reader_next(r, &d, err, sizeof err);
        if (rc == 0)
            break;
        assert_true(rc == 1 || rc == -1);
        if (n < max) {
            result *x = &out[n];
            memset(x, 0, sizeof *x);
            x->rc = rc;
            if (rc == 1) {
                assert_non_null(d.id);
                assert_non_null(d.text);
                snprintf(x->id, sizeof x->id, "%s", d.id);
                snprintf(x->text, sizeof x->text, "%.*s", (int)(d.text_len < 255 ? d.text_len : 255), d.text);
                x->text_len = d.text_len;
                snprintf(x->title, sizeof x->title, "%s", d.title ? d.title : "(null)");
                snprintf(x->date, sizeof x->date, "%s", d.date ? d.date : "(null)");
                snprintf(x->source, sizeof x->source, "%s", d.source ? d.source : "(null)");
                snprintf(x->url, sizeof x->url, "%s", d.url ? d.url : "(null)");
                snprintf(x->warning, sizeof x->warning, "%s", hd_reader_warning(r) ? hd_reader_warning(r) : "");
            } else {
                assert_true(strlen(err) > 0);
                snprintf(x->err, sizeof x->err, "%s", err);
            }
        }
        n++;
    }
    size_t done, total;
    hd_reader_progress(r, &done, &total);
    assert_true(done <= total || total == 0);
    hd_reader_close(r);
    return n;
}

static void expect_err(const result *x, const char *path, int line, const char *word)
{
    char want[600];
    snprintf(want, sizeof want, "%s:%d:", path, line);
    if (x->rc != -1)
        fail_msg("expected an error for %s line %d, got document '%s'", path, line, x->id);
    if (!strstr(x->err, want))
        fail_msg("error '%s' does not name '%s'", x->err, want);
    if (word && !strstr(x->err, word))
        fail_msg("error '%s' does not say '%s'", x->err, word);
}

static void expect_doc(const result *x, const char *id)
{
    if (x->rc != 1)
        fail_msg("expected document '%s', got error '%s'", id, x->err);
    assert_string_equal(x->id, id);
}

/* ---- JSON Lines ------------------------------------------------------------------------- */

static void test_jsonl_good_and_bad_records(void **state)
{
    (void)state;
    const char *data =
        "{\"id\":\"a\",\"text\":\"Troops attacked.\",\"title\":\"T\",\"date\":\"2015-10-01\",\"source\":\"S\",\"url\":\"U\"}\n" /* 1 */
        "{\"id\":\"b\",\"text\":\"broken\"\n"                                    /* 2 broken JSON */
        "[1,2,3]\n"                                                             /* 3 not an object */
        "{\"text\":\"no id\"}\n"                                                /* 4 missing id */
        "{\"id\":\"e\"}\n"                                                      /* 5 missing text */
        "{\"id\":\"f\",\"text\":42}\n"                                          /* 6 text not a string */
        "{\"id\":\"g\",\"text\":\"x\",\"title\":7}\n"                           /* 7 title not a string */
        "{\"id\":\"h\",\"text\":\"x\",\"date\":\"October 1\"}\n"                /* 8 bad date: no date */
        "{\"id\":\"i\",\"text\":\"x\",\"date\":\"2015-10-01T08:30:00Z\"}\n"     /* 9 timestamp */
        "{\"id\":12,\"text\":\"numeric id\"}\n"                                 /* 10 */
        "{\"id\":\"k\",\"text\":\"caf\\u00e9 \\\"q\\\" \\\\ \\n end\",\"date\":null}\n" /* 11 escapes */
        "{\"id\":\"l\",\"text\":\"x\",\"source\":[\"a\"]}\n"                    /* 12 source not a string */
        "{\"id\":\"\",\"text\":\"empty id\"}\n"                                 /* 13 empty id */
        "{\"id\":\"n\",\"text\":\"x\",\"date\":\"2015-02-30\"}\n"               /* 14 impossible date */
        "{\"id\":\"o\",\"text\":\"last, no newline\"}";                         /* 15 */
    const char *path = puts_("records.jsonl", data);
    char p[512];
    snprintf(p, sizeof p, "%s", path);
    result r[32];
    int n = read_all(p, HD_INPUT_AUTO, NULL, r, 32);
    assert_int_equal(n, 15);
    expect_doc(&r[0], "a");
    assert_string_equal(r[0].text, "Troops attacked.");
    assert_string_equal(r[0].title, "T");
    assert_string_equal(r[0].date, "2015-10-01");
    assert_string_equal(r[0].source, "S");
    assert_string_equal(r[0].url, "U");
    expect_err(&r[1], p, 2, "JSON");
    expect_err(&r[2], p, 3, "object");
    expect_err(&r[3], p, 4, "id");
    expect_err(&r[4], p, 5, "text");
    expect_err(&r[5], p, 6, "text");
    expect_err(&r[6], p, 7, "title");
    /* a date that is none costs the record its date, with a warning naming file and line */
    expect_doc(&r[7], "h");
    assert_string_equal(r[7].date, "(null)");
    assert_non_null(strstr(r[7].warning, "records.jsonl:8:"));
    assert_non_null(strstr(r[7].warning, "October 1"));
    assert_string_equal(r[0].warning, "");
    expect_doc(&r[8], "i");
    assert_string_equal(r[8].date, "2015-10-01");
    expect_doc(&r[9], "12");
    expect_doc(&r[10], "k");
    assert_string_equal(r[10].text, "caf\xc3\xa9 \"q\" \\ \n end");
    assert_string_equal(r[10].date, "(null)");
    expect_err(&r[11], p, 12, "source");
    expect_err(&r[12], p, 13, "id");
    expect_doc(&r[13], "n"); /* 2015-02-30: no date of the calendar */
    assert_string_equal(r[13].date, "(null)");
    assert_non_null(strstr(r[13].warning, ":14:"));
    /* with a default date, such a record takes it */
    n = read_all(p, HD_INPUT_AUTO, "2016-01-02", r, 32);
    assert_int_equal(n, 15);
    assert_string_equal(r[7].date, "2016-01-02");
    assert_non_null(strstr(r[7].warning, "2016-01-02"));
    expect_doc(&r[14], "o");
    assert_string_equal(r[14].text, "last, no newline");
}

static void test_jsonl_bytes(void **state)
{
    (void)state;
    /* BOM, CRLF, blank lines, NUL, invalid UTF-8 inside a string, whitespace-only lines */
    static const char data[] =
        "\xef\xbb\xbf{\"id\":\"bom\",\"text\":\"with BOM\"}\r\n" /* 1 */
        "\r\n"                                                 /* 2 blank */
        "   \t \n"                                             /* 3 blank */
        "{\"id\":\"crlf\",\"text\":\"CRLF line\"}\r\n"          /* 4 */
        "{\"id\":\"nul\",\"text\":\"a\0b\"}\n"                 /* 5 NUL byte */
        "{\"id\":\"utf\",\"text\":\"bad \xff\xfe here\"}\n"    /* 6 invalid UTF-8 */
        "{\"id\":\"ov\",\"text\":\"overlong \xc0\xaf\"}\n"     /* 7 overlong */
        "{\"id\":\"esc\",\"text\":\"escaped nul \\u0000 here\"}\n" /* 8 */
        "\n"
        "{\"id\":\"end\",\"text\":\"still read\"}\n";          /* 10 */
    char p[512];
    snprintf(p, sizeof p, "%s", put("bytes.jsonl", data, sizeof data - 1));
    result r[16];
    int n = read_all(p, HD_INPUT_JSONL, NULL, r, 16);
    assert_int_equal(n, 7);
    expect_doc(&r[0], "bom");
    expect_doc(&r[1], "crlf");
    assert_string_equal(r[1].text, "CRLF line");
    expect_err(&r[2], p, 5, "NUL");
    expect_err(&r[3], p, 6, NULL);
    expect_err(&r[4], p, 7, NULL);
    /* "\u0000" is rejected by jansson without JSON_ALLOW_NUL: an error, never a cut string */
    if (r[5].rc == 1)
        assert_int_equal(r[5].text_len, strlen("escaped nul ") + 1 + strlen(" here"));
    else
        expect_err(&r[5], p, 8, NULL);
    expect_doc(&r[6], "end");
}

static void test_jsonl_over_limit(void **state)
{
    (void)state;
    size_t big = (16u << 20) + 100;
    char *data = malloc(big + 200);
    assert_non_null(data);
    size_t len = (size_t)sprintf(data, "{\"id\":\"ok1\",\"text\":\"a\"}\n{\"id\":\"big\",\"text\":\"");
    memset(data + len, 'x', big);
    len += big;
    len += (size_t)sprintf(data + len, "\"}\n{\"id\":\"ok2\",\"text\":\"b\"}\n");
    char p[512];
    snprintf(p, sizeof p, "%s", put("big.jsonl", data, len));
    free(data);
    result r[8];
    int n = read_all(p, HD_INPUT_AUTO, NULL, r, 8);
    assert_int_equal(n, 3);
    expect_doc(&r[0], "ok1");
    expect_err(&r[1], p, 2, "limit");
    expect_doc(&r[2], "ok2");
    unlink(p);
}

static void test_default_date(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof p, "%s",
             puts_("dates.jsonl", "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"x\",\"date\":\"2001-02-03\"}\n"));
    result r[4];
    assert_int_equal(read_all(p, HD_INPUT_AUTO, "2015-10-01", r, 4), 2);
    assert_string_equal(r[0].date, "2015-10-01");
    assert_string_equal(r[1].date, "2001-02-03");
    char tp[512];
    snprintf(tp, sizeof tp, "%s", puts_("plain.txt", "Troops attacked."));
    assert_int_equal(read_all(tp, HD_INPUT_AUTO, "2015-10-01", r, 4), 1);
    assert_string_equal(r[0].date, "2015-10-01");
    assert_int_equal(read_all(tp, HD_INPUT_AUTO, "", r, 4), 1);
    assert_string_equal(r[0].date, "(null)");
    /* a bad --date fails at open */
    char err[300] = "";
    assert_null(hd_reader_open(p, HD_INPUT_AUTO, "2015-13-01", err, sizeof err));
    assert_non_null(strstr(err, "2015-13-01"));
    assert_null(hd_reader_open(p, HD_INPUT_AUTO, "yesterday", err, sizeof err));
}

/* ---- files, directories, formats -------------------------------------------------------- */

static void test_text_and_html_files(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof p, "%s", puts_("one.txt", "\xef\xbb\xbfRussian jets bombed the city.\nRebels fled.\n"));
    result r[4];
    assert_int_equal(read_all(p, HD_INPUT_AUTO, NULL, r, 4), 1);
    expect_doc(&r[0], p);
    assert_string_equal(r[0].text, "Russian jets bombed the city.\nRebels fled.\n"); /* BOM dropped */
    assert_string_equal(r[0].title, "(null)");

    snprintf(p, sizeof p, "%s",
             puts_("page.html", "<!DOCTYPE html><html><head><title>Jets strike Hama</title></head><body>"
                                "<nav>Home | World | Sport</nav><article><p>Russian jets bombed the city of "
                                "Hama on Tuesday, killing ten people, a monitor said.</p><p>Rebels said they "
                                "would respond to the attack on the city.</p></article>"
                                "<footer>Copyright 2015</footer></body></html>"));
    assert_int_equal(read_all(p, HD_INPUT_AUTO, NULL, r, 4), 1);
    expect_doc(&r[0], p);
    assert_string_equal(r[0].title, "Jets strike Hama");
    assert_non_null(strstr(r[0].text, "Russian jets bombed"));
    assert_null(strstr(r[0].text, "<p>"));

    /* sniffing without extensions */
    char pj[512], ph[512], pt[512];
    snprintf(pj, sizeof pj, "%s", puts_("sniff/a", "\n  {\"id\":\"s1\",\"text\":\"json\"}\n"));
    snprintf(ph, sizeof ph, "%s",
             puts_("sniff/b", "<html><head><title>H</title></head><body><p>Rebels attacked the army base near "
                              "the town on Monday, officials said.</p></body></html>"));
    snprintf(pt, sizeof pt, "%s", puts_("sniff/c", "Just text, {not json}."));
    assert_int_equal(read_all(pj, HD_INPUT_AUTO, NULL, r, 4), 1);
    expect_doc(&r[0], "s1");
    assert_int_equal(read_all(ph, HD_INPUT_AUTO, NULL, r, 4), 1);
    assert_string_equal(r[0].title, "H");
    assert_int_equal(read_all(pt, HD_INPUT_AUTO, NULL, r, 4), 1);
    expect_doc(&r[0], pt);
    assert_string_equal(r[0].text, "Just text, {not json}.");
    /* a forced format wins over the extension and the content */
    assert_int_equal(read_all(pj, HD_INPUT_TEXT, NULL, r, 4), 1);
    expect_doc(&r[0], pj);
    assert_int_equal(read_all(p, HD_INPUT_TEXT, NULL, r, 4), 1);
    assert_non_null(strstr(r[0].text, "<nav>"));
    assert_int_equal(read_all(pt, HD_INPUT_JSONL, NULL, r, 4), 1);
    expect_err(&r[0], pt, 1, "JSON");

    /* empty files: a text file is one empty document, a JSONL file none */
    snprintf(p, sizeof p, "%s", puts_("empty.txt", ""));
    assert_int_equal(read_all(p, HD_INPUT_AUTO, NULL, r, 4), 1);
    assert_int_equal(r[0].text_len, 0);
    snprintf(p, sizeof p, "%s", puts_("empty.jsonl", ""));
    assert_int_equal(read_all(p, HD_INPUT_AUTO, NULL, r, 4), 0);
    /* binary garbage as text: read (the coder rejects it) */
    char junk[300];
    for (int i = 0; i < 300; i++)
        junk[i] = (char)(i * 37 + 11);
    snprintf(p, sizeof p, "%s", put("junk.bin", junk, sizeof junk));
    assert_int_equal(read_all(p, HD_INPUT_AUTO, NULL, r, 4), 1);
}

static void test_directory_walk(void **state)
{
    (void)state;
    puts_("tree/b.txt", "B text.");
    puts_("tree/a.jsonl", "{\"id\":\"a1\",\"text\":\"x\"}\n{bad\n{\"id\":\"a3\",\"text\":\"y\"}\n");
    puts_("tree/.hidden.txt", "hidden");
    puts_("tree/.git/config", "hidden dir");
    puts_("tree/sub/c.txt", "C text.");
    puts_("tree/sub/deeper/d.html", "<html><head><title>D</title></head><body><p>Deep text here.</p></body></html>");
    puts_("tree/z.txt", "Z text.");
    char p[512];
    snprintf(p, sizeof p, "%s/tree", dir);
    result r[16];
    int n = read_all(p, HD_INPUT_AUTO, NULL, r, 16);
    assert_int_equal(n, 7);
    char want[600];
    snprintf(want, sizeof want, "%s/a.jsonl", p);
    expect_doc(&r[0], "a1");
    expect_err(&r[1], want, 2, NULL);
    expect_doc(&r[2], "a3");
    snprintf(want, sizeof want, "%s/b.txt", p);
    expect_doc(&r[3], want);
    snprintf(want, sizeof want, "%s/sub/c.txt", p);
    expect_doc(&r[4], want);
    snprintf(want, sizeof want, "%s/sub/deeper/d.html", p);
    expect_doc(&r[5], want);
    assert_string_equal(r[5].title, "D");
    snprintf(want, sizeof want, "%s/z.txt", p);
    expect_doc(&r[6], want);
    for (int i = 0; i < n; i++)
        assert_null(strstr(r[i].text, "hidden"));

    /* an empty directory reads nothing (walk() calls qsort(NULL, 0, ...): UB that UBSan reports) */
    snprintf(p, sizeof p, "%s/emptydir", dir);
    mkdir(p, 0700);
    assert_int_equal(read_all(p, HD_INPUT_AUTO, NULL, r, 4), 0);
}

/* A symlink pointing back up ("back -> .") is followed: stat() follows links, so the walk goes
 * down loop/back/back/... until the kernel gives up (ELOOP) and every file in the loop is read
 * again at each level (hd_input.c walk()). Expected: each file once. */
static void test_directory_symlink_loop(void **state)
{
    (void)state;
    puts_("loop/a.txt", "A text.");
    char p[512], link[600];
    snprintf(p, sizeof p, "%s/loop", dir);
    snprintf(link, sizeof link, "%s/loop/back", dir);
    assert_int_equal(symlink(".", link), 0);
    result r[4];
    char err[512] = "";
    hd_reader *rd = hd_reader_open(p, HD_INPUT_AUTO, NULL, err, sizeof err);
    int n = 0;
    if (rd) {
        hd_reader_close(rd);
        n = read_all(p, HD_INPUT_AUTO, NULL, r, 4);
    }
    assert_int_equal(n, 1);
    unlink(link);
}

static void test_open_failures(void **state)
{
    (void)state;
    char p[512], err[600] = "";
    snprintf(p, sizeof p, "%s/does-not-exist.jsonl", dir);
    assert_null(hd_reader_open(p, HD_INPUT_AUTO, NULL, err, sizeof err));
    assert_non_null(strstr(err, "does-not-exist.jsonl"));
    assert_null(hd_reader_open(p, HD_INPUT_AUTO, NULL, NULL, 0));
    assert_null(hd_reader_open("", HD_INPUT_AUTO, NULL, err, sizeof err));
    hd_reader_close(NULL);
}

/* ---- hd_code_document checks ------------------------------------------------------------ */

static int count_sink(void *user, const hd_event *ev)
{
    (void)ev;
    (*(long *)user)++;
    return 0;
}

static void test_code_document_rejects(void **state)
{
    (void)state;
    hd_coder *c = hd_coder_new(model);
    assert_non_null(c);
    long n = 0;
    static const char bad_utf8[] = "Russian jets bombed \xff the city.";
    hd_doc d = {"d1", bad_utf8, sizeof bad_utf8 - 1, NULL, NULL, NULL, NULL};
    assert_int_equal(hd_code_document(c, &d, count_sink, &n), -1);
    assert_non_null(strstr(hd_coder_error(c), "20")); /* byte offset of \xff */

    static const char nul[] = "Troops attacked\0 the town.";
    d.text = nul;
    d.text_len = sizeof nul - 1;
    assert_int_equal(hd_code_document(c, &d, count_sink, &n), -1);
    assert_non_null(strstr(hd_coder_error(c), "15"));

    static const char truncated[] = "caf\xc3";
    d.text = truncated;
    d.text_len = sizeof truncated - 1;
    assert_int_equal(hd_code_document(c, &d, count_sink, &n), -1);
    assert_non_null(strstr(hd_coder_error(c), "3"));

    static const char surrogate[] = "ab\xed\xa0\x80";
    d.text = surrogate;
    d.text_len = sizeof surrogate - 1;
    assert_int_equal(hd_code_document(c, &d, count_sink, &n), -1);

    d.text = "Troops attacked the town.";
    d.text_len = strlen(d.text);
    d.id = NULL;
    assert_int_equal(hd_code_document(c, &d, count_sink, &n), -1);
    assert_non_null(strstr(hd_coder_error(c), "id"));
    d.id = "";
    assert_int_equal(hd_code_document(c, &d, count_sink, &n), -1);
    assert_int_equal(hd_code_document(c, NULL, count_sink, &n), -1);
    d.id = "d2";
    d.text = NULL;
    assert_int_equal(hd_code_document(c, &d, count_sink, &n), -1);
    d.text = "Troops attacked the town.";
    static const char *const bad_dates[] = {"2015-13-01", "2015-02-30", "15-10-01", "2015/10/01", "tomorrow", "2015-1-1"};
    for (size_t i = 0; i < sizeof bad_dates / sizeof *bad_dates; i++) {
        d.date = bad_dates[i];
        if (hd_code_document(c, &d, count_sink, &n) != -1)
            fail_msg("date '%s' accepted", bad_dates[i]);
        assert_non_null(strstr(hd_coder_error(c), "date"));
    }
    d.date = "2015-10-01";
    d.title = "bad \xc3\x28 title";
    assert_int_equal(hd_code_document(c, &d, count_sink, &n), -1);
    assert_non_null(strstr(hd_coder_error(c), "title"));
    assert_int_equal(n, 0);

    /* empty text: zero events, no error; then the coder is still usable */
    d.title = NULL;
    d.text = "";
    d.text_len = 0;
    assert_int_equal(hd_code_document(c, &d, count_sink, &n), 0);
    assert_string_equal(hd_coder_error(c), "");
    d.text = "   \n\n\t  ";
    d.text_len = strlen(d.text);
    assert_int_equal(hd_code_document(c, &d, count_sink, &n), 0);
    d.text = "Russian jets bombed the city of Hama.";
    d.text_len = strlen(d.text);
    assert_true(hd_code_document(c, &d, count_sink, &n) >= 1);
    assert_true(n >= 1);
    hd_coder_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_good_and_bad_records),
        cmocka_unit_test(test_jsonl_bytes),
        cmocka_unit_test(test_jsonl_over_limit),
        cmocka_unit_test(test_default_date),
        cmocka_unit_test(test_text_and_html_files),
        cmocka_unit_test(test_directory_walk),
        cmocka_unit_test(test_directory_symlink_loop),
        cmocka_unit_test(test_open_failures),
        cmocka_unit_test(test_code_document_rejects),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
