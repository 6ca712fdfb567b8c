/* test_output.c: hd_event_write. Every JSON Lines record must parse (jansson) and carry the
 * fields of README "Output" with their types; strings with quotes, backslashes, control
 * characters and UTF-8 must come back unchanged. Every GDELT row must have the 61 columns of
 * the GDELT 2.0 Events table, in its order, with no tab or newline inside a field. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"


/* GDELT 2.0 Events columns (0-based). */
enum {
    G_ID = 0, G_SQLDATE, G_MONTHYEAR, G_YEAR, G_FRACTIONDATE,
    G_A1CODE, G_A1NAME, G_A1COUNTRY, G_A1GROUP, G_A1ETHNIC, G_A1REL1, G_A1REL2, G_A1TYPE1, G_A1TYPE2, G_A1TYPE3,
    G_A2CODE, G_A2NAME, G_A2COUNTRY, G_A2GROUP, G_A2ETHNIC, G_A2REL1, G_A2REL2, G_A2TYPE1, G_A2TYPE2, G_A2TYPE3,
    G_ISROOT, G_EVENTCODE, G_BASECODE, G_ROOTCODE, G_QUAD, G_GOLDSTEIN, G_MENTIONS, G_SOURCES, G_ARTICLES, G_TONE,
    G_A1GEO = 35, G_A2GEO = 43, G_ACTIONGEO = 51, G_DATEADDED = 59, G_SOURCEURL = 60, G_COLUMNS = 61
};

static hd_model *model;

static int setup(void **state)
{
    (void)state;
    const char *path = getenv("HERALD_MODEL");
    if (!path)
        path = "build/herald.hdm";
    char err[512];
    model = hd_model_open(path, err, sizeof err);
    if (!model)
        fprintf(stderr, "cannot open the model: %s\n", err);
    return model ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    hd_model_free(model);
    return 0;
}

/* Writes one event into a memory buffer; returns a malloc'd NUL-terminated string. */
static char *write_event(const hd_event *ev, hd_format fmt, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    assert_int_equal(hd_event_write(ev, fmt, f), 0);
    fclose(f);
    if (len)
        *len = n;
    return buf;
}

/* ---- JSON checks ------------------------------------------------------------------------ */

static void check_string_or_null(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        fail_msg("missing field \"%s\"", key);
    if (!json_is_string(v) && !json_is_null(v))
        fail_msg("field \"%s\" is neither a string nor null", key);
}

static json_t *field(json_t *o, const char *key, json_type type)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        fail_msg("missing field \"%s\"", key);
    if (json_typeof(v) != type && !(type == JSON_TRUE && json_is_boolean(v)) &&
        !(type == JSON_REAL && json_is_number(v)))
        fail_msg("field \"%s\" has type %d, expected %d", key, (int)json_typeof(v), type);
    return v;
}

static void check_actor(json_t *o, const char *key)
{
    json_t *a = json_object_get(o, key);
    if (!a)
        fail_msg("missing field \"%s\"", key);
    if (json_is_null(a))
        return;
    assert_true(json_is_object(a));
    field(a, "text", JSON_STRING);
    field(a, "code", JSON_STRING);
    check_string_or_null(a, "country");
    field(a, "role", JSON_STRING);
    json_t *c = json_object_get(a, "country");
    if (json_is_string(c))
        assert_int_equal(strlen(json_string_value(c)), 3);
    size_t rl = strlen(json_string_value(json_object_get(a, "role")));
    assert_true(rl == 0 || rl == 3);
}

/* Parses one JSON line and checks the README contract; returns the object (decref it). */
static json_t *check_json_line(const char *line, size_t len)
{
    assert_true(len > 2);
    assert_int_equal(line[len - 1], '\n');
    assert_null(memchr(line, '\n', len - 1)); /* one line */
    json_error_t je;
    json_t *o = json_loadb(line, len, 0, &je);
    if (!o)
        fail_msg("invalid JSON (%s at column %d): %.*s", je.text, je.column, (int)len, line);
    assert_true(json_is_object(o));
    const char *id = json_string_value(field(o, "event_id", JSON_STRING));
    const char *doc = json_string_value(field(o, "doc_id", JSON_STRING));
    /* DOCID-N */
    size_t dl = strlen(doc);
    assert_true(strncmp(id, doc, dl) == 0);
    assert_int_equal(id[dl], '-');
    assert_true(id[dl + 1] >= '0' && id[dl + 1] <= '9');
    field(o, "sentence", JSON_INTEGER);
    assert_true(json_integer_value(json_object_get(o, "sentence")) >= 0);
    json_t *span = field(o, "span", JSON_ARRAY);
    assert_int_equal(json_array_size(span), 2);
    assert_true(json_is_integer(json_array_get(span, 0)));
    assert_true(json_is_integer(json_array_get(span, 1)));
    assert_true(json_integer_value(json_array_get(span, 0)) <= json_integer_value(json_array_get(span, 1)));
    field(o, "text", JSON_STRING);
    check_string_or_null(o, "date");
    json_t *date = json_object_get(o, "date");
    if (json_is_string(date)) {
        const char *d = json_string_value(date);
        assert_int_equal(strlen(d), 10);
        assert_true(d[4] == '-' && d[7] == '-');
    }
    check_string_or_null(o, "date_precision");
    check_actor(o, "source");
    check_actor(o, "target");
    const char *code = json_string_value(field(o, "code", JSON_STRING));
    const char *root = json_string_value(field(o, "root", JSON_STRING));
    assert_true(strlen(code) >= 2 && strlen(code) <= 4);
    assert_int_equal(strlen(root), 2);
    assert_true(strncmp(code, root, 2) == 0);
    json_t *q = field(o, "quad_class", JSON_INTEGER);
    assert_true(json_integer_value(q) >= 0 && json_integer_value(q) <= 4);
    json_t *g = field(o, "goldstein", JSON_REAL);
    assert_true(json_number_value(g) >= -10.0 && json_number_value(g) <= 10.0);
    json_t *loc = json_object_get(o, "location");
    assert_non_null(loc);
    assert_true(json_is_null(loc) || json_is_object(loc));
    json_t *attr = field(o, "attribution", JSON_ARRAY);
    for (size_t i = 0; i < json_array_size(attr); i++) {
        json_t *a = json_array_get(attr, i);
        assert_true(json_is_object(a));
        const char *kind = json_string_value(field(a, "kind", JSON_STRING));
        assert_true(!strcmp(kind, "outlet") || !strcmp(kind, "speaker") || !strcmp(kind, "media") ||
                    !strcmp(kind, "source"));
        check_string_or_null(a, "name"); /* an empty name is written as null */
    }
    field(o, "negated", JSON_TRUE);
    field(o, "hedged", JSON_TRUE);
    const char *mood = json_string_value(field(o, "mood", JSON_STRING));
    assert_true(!strcmp(mood, "fact") || !strcmp(mood, "intent") || !strcmp(mood, "threat") ||
                !strcmp(mood, "hypothetical"));
    check_string_or_null(o, "rule");
    field(o, "trigger", JSON_STRING);
    check_string_or_null(o, "outlet");
    check_string_or_null(o, "url");
    return o;
}

/* ---- GDELT checks ----------------------------------------------------------------------- */

typedef struct row {
    char *buf;
    char *col[80];
    int n;
} row;

static void split_row(const char *line, size_t len, row *r)
{
    assert_true(len > 0);
    assert_int_equal(line[len - 1], '\n');
    assert_null(memchr(line, '\n', len - 1));
    assert_null(memchr(line, '\r', len));
    r->buf = malloc(len);
    memcpy(r->buf, line, len - 1);
    r->buf[len - 1] = '\0';
    r->n = 0;
    char *p = r->buf;
    for (;;) {
        if (r->n < 80)
            r->col[r->n] = p;
        r->n++;
        char *t = strchr(p, '\t');
        if (!t)
            break;
        *t = '\0';
        p = t + 1;
    }
}

static void check_gdelt_row(const char *line, size_t len, row *r)
{
    split_row(line, len, r);
    if (r->n != G_COLUMNS)
        fail_msg("GDELT row has %d columns, not 61: %.*s", r->n, (int)len, line);
    /* GLOBALEVENTID: digits */
    assert_true(strlen(r->col[G_ID]) > 0);
    assert_int_equal(strspn(r->col[G_ID], "0123456789"), strlen(r->col[G_ID]));
    if (r->col[G_SQLDATE][0]) {
        assert_int_equal(strlen(r->col[G_SQLDATE]), 8);
        assert_int_equal(strncmp(r->col[G_MONTHYEAR], r->col[G_SQLDATE], 6), 0);
        assert_int_equal(strlen(r->col[G_MONTHYEAR]), 6);
        assert_int_equal(strncmp(r->col[G_YEAR], r->col[G_SQLDATE], 4), 0);
        assert_int_equal(strlen(r->col[G_YEAR]), 4);
        double fd = atof(r->col[G_FRACTIONDATE]);
        double y = atof(r->col[G_YEAR]);
        assert_true(fd >= y && fd < y + 1.01);
    } else {
        assert_string_equal(r->col[G_MONTHYEAR], "");
        assert_string_equal(r->col[G_YEAR], "");
        assert_string_equal(r->col[G_FRACTIONDATE], "");
    }
    assert_true(!strcmp(r->col[G_ISROOT], "0") || !strcmp(r->col[G_ISROOT], "1"));
    const char *code = r->col[G_EVENTCODE];
    assert_true(strlen(code) >= 2 && strlen(code) <= 4);
    assert_int_equal(strncmp(r->col[G_BASECODE], code, strlen(r->col[G_BASECODE])), 0);
    assert_true(strlen(r->col[G_BASECODE]) == (strlen(code) > 3 ? 3 : strlen(code)));
    assert_int_equal(strlen(r->col[G_ROOTCODE]), 2);
    assert_int_equal(strncmp(r->col[G_ROOTCODE], code, 2), 0);
    assert_int_equal(strlen(r->col[G_QUAD]), 1);
    assert_true(r->col[G_QUAD][0] >= '0' && r->col[G_QUAD][0] <= '4');
    char *end;
    double g = strtod(r->col[G_GOLDSTEIN], &end);
    assert_true(*end == '\0' && end != r->col[G_GOLDSTEIN]);
    assert_true(g >= -10 && g <= 10);
    assert_string_equal(r->col[G_MENTIONS], "1");
    assert_string_equal(r->col[G_SOURCES], "1");
    assert_string_equal(r->col[G_ARTICLES], "1");
    assert_string_equal(r->col[G_TONE], "");
    for (int k = 0; k < 8; k++) {
        assert_string_equal(r->col[G_A1GEO + k], "");
        assert_string_equal(r->col[G_A2GEO + k], "");
    }
    assert_string_equal(r->col[G_DATEADDED], "");
    assert_true(strlen(r->col[G_SOURCEURL]) > 0);
    /* actor blocks: code, then the rest empty when there is no code */
    for (int a = 0; a < 2; a++) {
        int base = a ? G_A2CODE : G_A1CODE;
        if (!r->col[base][0])
            for (int k = 1; k < 10; k++)
                assert_string_equal(r->col[base + k], "");
        assert_true(strlen(r->col[base + 2]) == 0 || strlen(r->col[base + 2]) == 3);
        for (int k = 3; k <= 6; k++)
            assert_string_equal(r->col[base + k], ""); /* group, ethnic, religions: not computed */
    }
}

/* ---- events for the tests --------------------------------------------------------------- */

static hd_actor actor(const char *text, const char *code, const char *country, const char *role)
{
    hd_actor a;
    memset(&a, 0, sizeof a);
    a.text = text;
    a.text_len = strlen(text);
    snprintf(a.code, sizeof a.code, "%s", code);
    snprintf(a.country, sizeof a.country, "%s", country);
    snprintf(a.role, sizeof a.role, "%s", role);
    return a;
}

static hd_event base_event(void)
{
    hd_event ev;
    memset(&ev, 0, sizeof ev);
    ev.doc_id = "doc-1";
    ev.event_index = 3;
    ev.sentence = 2;
    ev.span_start = 10;
    ev.span_end = 50;
    ev.text = "Russian jets bombed the city.";
    ev.text_len = strlen(ev.text);
    memcpy(ev.date, "2015-10-01", 11);
    ev.date_precision = "publication";
    memcpy(ev.code, "195", 4);
    memcpy(ev.root, "19", 3);
    ev.quad_class = 4;
    ev.goldstein = -10.0;
    ev.rule = "dict/verbs.txt:212";
    ev.trigger = "bombed";
    ev.trigger_len = 6;
    ev.doc_source = "Example News";
    ev.doc_url = "http://example.com/a?b=1&c=2";
    return ev;
}

static void test_json_fields_and_types(void **state)
{
    (void)state;
    hd_event ev = base_event();
    hd_actor src = actor("Russian jets", "RUSMIL", "RUS", "MIL");
    hd_actor tgt = actor("the United Nations", "IGOUNO", "", "IGO");
    hd_attribution at[2] = {{"outlet", "Reuters"}, {"speaker", "a spokesman"}};
    ev.source = &src;
    ev.target = &tgt;
    ev.attribution = at;
    ev.n_attribution = 2;
    ev.negated = 1;
    ev.hedged = 0;
    ev.mood = HD_MOOD_THREAT;
    size_t n;
    char *line = write_event(&ev, HD_FORMAT_JSONL, &n);
    json_t *o = check_json_line(line, n);
    assert_string_equal(json_string_value(json_object_get(o, "event_id")), "doc-1-3");
    assert_string_equal(json_string_value(json_object_get(o, "doc_id")), "doc-1");
    assert_int_equal(json_integer_value(json_object_get(o, "sentence")), 2);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(o, "span"), 0)), 10);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(o, "span"), 1)), 50);
    assert_string_equal(json_string_value(json_object_get(o, "text")), ev.text);
    assert_string_equal(json_string_value(json_object_get(o, "date")), "2015-10-01");
    assert_string_equal(json_string_value(json_object_get(o, "date_precision")), "publication");
    json_t *s = json_object_get(o, "source");
    assert_string_equal(json_string_value(json_object_get(s, "text")), "Russian jets");
    assert_string_equal(json_string_value(json_object_get(s, "code")), "RUSMIL");
    assert_string_equal(json_string_value(json_object_get(s, "country")), "RUS");
    assert_string_equal(json_string_value(json_object_get(s, "role")), "MIL");
    json_t *t = json_object_get(o, "target");
    assert_true(json_is_null(json_object_get(t, "country")));
    assert_string_equal(json_string_value(json_object_get(t, "role")), "IGO");
    assert_string_equal(json_string_value(json_object_get(o, "code")), "195");
    assert_string_equal(json_string_value(json_object_get(o, "root")), "19");
    assert_int_equal(json_integer_value(json_object_get(o, "quad_class")), 4);
    assert_true(fabs(json_number_value(json_object_get(o, "goldstein")) + 10.0) < 1e-9);
    assert_true(json_is_null(json_object_get(o, "location")));
    json_t *a = json_object_get(o, "attribution");
    assert_int_equal(json_array_size(a), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(a, 1), "kind")), "speaker");
    assert_string_equal(json_string_value(json_object_get(json_array_get(a, 1), "name")), "a spokesman");
    assert_true(json_is_true(json_object_get(o, "negated")));
    assert_true(json_is_false(json_object_get(o, "hedged")));
    assert_string_equal(json_string_value(json_object_get(o, "mood")), "threat");
    assert_string_equal(json_string_value(json_object_get(o, "rule")), "dict/verbs.txt:212");
    assert_string_equal(json_string_value(json_object_get(o, "trigger")), "bombed");
    assert_string_equal(json_string_value(json_object_get(o, "outlet")), "Example News");
    assert_string_equal(json_string_value(json_object_get(o, "url")), "http://example.com/a?b=1&c=2");
    json_decref(o);
    free(line);

    /* nulls: no actors, no date, no outlet, no url, no rule; every mood */
    ev.source = ev.target = NULL;
    ev.date[0] = '\0';
    ev.date_precision = "none";
    ev.doc_source = NULL;
    ev.doc_url = "";
    ev.rule = NULL;
    ev.trigger = NULL;
    ev.trigger_len = 0;
    ev.attribution = NULL;
    ev.n_attribution = 0;
    static const char *const moods[] = {"fact", "intent", "threat", "hypothetical"};
    for (int m = 0; m < 4; m++) {
        ev.mood = m;
        line = write_event(&ev, HD_FORMAT_JSONL, &n);
        o = check_json_line(line, n);
        assert_true(json_is_null(json_object_get(o, "source")));
        assert_true(json_is_null(json_object_get(o, "target")));
        assert_true(json_is_null(json_object_get(o, "date")));
        assert_true(json_is_null(json_object_get(o, "outlet")));
        assert_true(json_is_null(json_object_get(o, "url")));
        assert_string_equal(json_string_value(json_object_get(o, "trigger")), "");
        assert_int_equal(json_array_size(json_object_get(o, "attribution")), 0);
        assert_string_equal(json_string_value(json_object_get(o, "mood")), moods[m]);
        json_decref(o);
        free(line);
    }
    /* an unknown mood value is written as a known one */
    ev.mood = 77;
    line = write_event(&ev, HD_FORMAT_JSONL, &n);
    json_decref(check_json_line(line, n));
    free(line);
}

static void test_json_string_escapes(void **state)
{
    (void)state;
    static const char *const nasty[] = {
        "plain",
        "quote \" inside \"\"",
        "back\\slash \\\\ and \\u0041 literal",
        "tab\there, newline\nthere, cr\rthere",
        "controls \x01\x02\x07\x08\x0b\x0c\x1b\x1f end",
        "UTF-8: caf\xc3\xa9, \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0, \xe2\x80\x94, \xf0\x9f\x98\x80",
        "line sep \xe2\x80\xa8 para sep \xe2\x80\xa9",
        "DEL \x7f and slash / and </script>",
        "",
        "\"",
        "\\",
        "trailing backslash \\",
    };
    for (size_t i = 0; i < sizeof nasty / sizeof *nasty; i++) {
        const char *s = nasty[i];
        hd_event ev = base_event();
        hd_actor src = actor(s, "RUSMIL", "RUS", "MIL");
        hd_attribution at[1] = {{"source", s}};
        ev.source = &src;
        ev.attribution = at;
        ev.n_attribution = 1;
        ev.text = s;
        ev.text_len = strlen(s);
        ev.trigger = s;
        ev.trigger_len = strlen(s);
        ev.doc_id = s[0] ? s : "x";
        ev.doc_source = s;
        ev.doc_url = s;
        ev.rule = s;
        size_t n;
        char *line = write_event(&ev, HD_FORMAT_JSONL, &n);
        json_t *o = check_json_line(line, n);
        assert_string_equal(json_string_value(json_object_get(o, "text")), s);
        assert_string_equal(json_string_value(json_object_get(o, "trigger")), s);
        assert_string_equal(json_string_value(json_object_get(o, "doc_id")), ev.doc_id);
        assert_string_equal(json_string_value(json_object_get(json_object_get(o, "source"), "text")), s);
        if (s[0]) {
            assert_string_equal(
                json_string_value(json_object_get(json_array_get(json_object_get(o, "attribution"), 0), "name")), s);
            assert_string_equal(json_string_value(json_object_get(o, "outlet")), s);
            assert_string_equal(json_string_value(json_object_get(o, "url")), s);
            assert_string_equal(json_string_value(json_object_get(o, "rule")), s);
        }
        json_decref(o);
        free(line);

        /* the same strings in GDELT: still 61 columns, no tab or newline inside */
        line = write_event(&ev, HD_FORMAT_GDELT, &n);
        row r;
        check_gdelt_row(line, n, &r);
        free(r.buf);
        free(line);
    }
    /* a text with a NUL inside (length given): the JSON keeps it as \u0000 */
    hd_event ev = base_event();
    ev.text = "a\0b";
    ev.text_len = 3;
    size_t n;
    char *line = write_event(&ev, HD_FORMAT_JSONL, &n);
    json_error_t je;
    json_t *o = json_loadb(line, n, JSON_ALLOW_NUL, &je);
    assert_non_null(o);
    json_t *t = json_object_get(o, "text");
    assert_int_equal(json_string_length(t), 3);
    assert_memory_equal(json_string_value(t), "a\0b", 3);
    json_decref(o);
    free(line);
}

/* Bytes that are not UTF-8 are written raw, so the line is not valid JSON. The coder checks
 * the text and title, but not hd_doc.id, .source or .url, which go out unchecked
 * (hd_output.c json_str; hd_coder.c hd_code_document validates only text and title). */
static int json_sink(void *user, const hd_event *ev)
{
    FILE *f = user;
    assert_int_equal(hd_event_write(ev, HD_FORMAT_JSONL, f), 0);
    return 0;
}

static void test_json_invalid_utf8_fields(void **state)
{
    (void)state;
    hd_coder *c = hd_coder_new(model);
    assert_non_null(c);
    const char *text = "Russian jets bombed the city of Hama.";
    hd_doc d = {"id-\xff\xfe", text, strlen(text), NULL, "2015-10-01", "Outlet \xc3", "http://x/\x80"};
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    long rc = hd_code_document(c, &d, json_sink, f);
    fclose(f);
    hd_coder_free(c);
    assert_int_equal(rc, -1); /* rejected: its id is not UTF-8 */
    /* and nothing it might have written is invalid JSON */
    int bad = 0;
    for (char *p = buf; p && p < buf + n;) {
        char *nl = memchr(p, '\n', (size_t)(buf + n - p));
        assert_non_null(nl);
        json_error_t je;
        json_t *o = json_loadb(p, (size_t)(nl - p), 0, &je);
        if (!o)
            bad++;
        json_decref(o);
        p = nl + 1;
    }
    assert_int_equal(bad, 0);
    free(buf);
}

static void test_json_nonfinite_goldstein(void **state)
{
    (void)state;
    hd_event ev = base_event();
    ev.goldstein = NAN;
    size_t n;
    char *line = write_event(&ev, HD_FORMAT_JSONL, &n);
    json_error_t je;
    json_t *o = json_loadb(line, n, 0, &je);
    assert_non_null(o);
    json_decref(o);
    free(line);
}

static void test_gdelt_columns(void **state)
{
    (void)state;
    hd_event ev = base_event();
    hd_actor src = actor("Russian jets", "RUSMIL", "RUS", "MIL");
    hd_actor tgt = actor("rebels", "SYRREB", "SYR", "REB");
    ev.source = &src;
    ev.target = &tgt;
    memcpy(ev.code, "1823", 5);
    memcpy(ev.root, "18", 3);
    ev.quad_class = 4;
    ev.goldstein = -9.0;
    ev.sentence = 1;
    size_t n;
    char *line = write_event(&ev, HD_FORMAT_GDELT, &n);
    row r;
    check_gdelt_row(line, n, &r);
    assert_string_equal(r.col[G_SQLDATE], "20151001");
    assert_string_equal(r.col[G_MONTHYEAR], "201510");
    assert_string_equal(r.col[G_YEAR], "2015");
    assert_true(fabs(atof(r.col[G_FRACTIONDATE]) - (2015 + 274 / 365.0)) < 0.01);
    assert_string_equal(r.col[G_A1CODE], "RUSMIL");
    assert_string_equal(r.col[G_A1NAME], "Russian jets");
    assert_string_equal(r.col[G_A1COUNTRY], "RUS");
    assert_string_equal(r.col[G_A1TYPE1], "MIL");
    assert_string_equal(r.col[G_A1TYPE2], "");
    assert_string_equal(r.col[G_A2CODE], "SYRREB");
    assert_string_equal(r.col[G_A2NAME], "rebels");
    assert_string_equal(r.col[G_A2COUNTRY], "SYR");
    assert_string_equal(r.col[G_A2TYPE1], "REB");
    assert_string_equal(r.col[G_ISROOT], "1");
    assert_string_equal(r.col[G_EVENTCODE], "1823");
    assert_string_equal(r.col[G_BASECODE], "182");
    assert_string_equal(r.col[G_ROOTCODE], "18");
    assert_string_equal(r.col[G_QUAD], "4");
    assert_true(fabs(atof(r.col[G_GOLDSTEIN]) + 9.0) < 1e-9);
    assert_string_equal(r.col[G_SOURCEURL], "http://example.com/a?b=1&c=2");
    free(r.buf);
    free(line);

    /* no actors, no date, no url: the doc id stands in for SOURCEURL; later sentence not root */
    ev.source = ev.target = NULL;
    ev.date[0] = '\0';
    ev.doc_url = NULL;
    ev.sentence = 5;
    memcpy(ev.code, "040", 4);
    memcpy(ev.root, "04", 3);
    ev.quad_class = 1;
    ev.goldstein = 1.0;
    line = write_event(&ev, HD_FORMAT_GDELT, &n);
    check_gdelt_row(line, n, &r);
    assert_string_equal(r.col[G_A1CODE], "");
    assert_string_equal(r.col[G_A2CODE], "");
    assert_string_equal(r.col[G_ISROOT], "0");
    assert_string_equal(r.col[G_SQLDATE], "");
    assert_string_equal(r.col[G_BASECODE], "040");
    assert_string_equal(r.col[G_ROOTCODE], "04");
    assert_string_equal(r.col[G_SOURCEURL], "doc-1");
    free(r.buf);
    free(line);

    /* the same event written twice gets the same GLOBALEVENTID; another index another one */
    char *l1 = write_event(&ev, HD_FORMAT_GDELT, NULL);
    char *l2 = write_event(&ev, HD_FORMAT_GDELT, NULL);
    ev.event_index++;
    char *l3 = write_event(&ev, HD_FORMAT_GDELT, NULL);
    assert_int_equal(strcspn(l1, "\t"), strcspn(l2, "\t"));
    assert_int_equal(strncmp(l1, l2, strcspn(l1, "\t")), 0);
    assert_true(strcspn(l1, "\t") != strcspn(l3, "\t") || strncmp(l1, l3, strcspn(l1, "\t")) != 0);
    free(l1);
    free(l2);
    free(l3);

    /* a location goes into ActionGeo, the third block */
    hd_location loc = {.name = "Aleppo", .country = "SY", .lat = 36.2, .lon = 37.15};
    ev.location = &loc;
    line = write_event(&ev, HD_FORMAT_GDELT, &n);
    split_row(line, n, &r);
    assert_int_equal(r.n, G_COLUMNS);
    assert_string_equal(r.col[G_ACTIONGEO + 1], "Aleppo");
    assert_string_equal(r.col[G_ACTIONGEO + 2], "SY");
    assert_true(fabs(atof(r.col[G_ACTIONGEO + 5]) - 36.2) < 1e-3);
    assert_true(fabs(atof(r.col[G_ACTIONGEO + 6]) - 37.15) < 1e-3);
    assert_string_equal(r.col[G_A1GEO + 1], "");
    free(r.buf);
    free(line);
    line = write_event(&ev, HD_FORMAT_JSONL, &n);
    json_t *o = check_json_line(line, n);
    json_t *lo = json_object_get(o, "location");
    assert_true(json_is_object(lo));
    assert_string_equal(json_string_value(json_object_get(lo, "name")), "Aleppo");
    json_decref(o);
    free(line);
}

/* A location name with a tab or newline goes into the GDELT row raw (hd_output.c write_gdelt
 * prints ev->location->name with %s instead of tsv_field). */
static void test_gdelt_location_with_tab(void **state)
{
    (void)state;
    hd_event ev = base_event();
    hd_location loc = {.name = "Old\tCity\nof Aleppo", .country = "SY", .lat = 36.2, .lon = 37.15};
    ev.location = &loc;
    size_t n;
    char *line = write_event(&ev, HD_FORMAT_GDELT, &n);
    row r;
    check_gdelt_row(line, n, &r);
    free(r.buf);
    free(line);
}

static void test_write_error(void **state)
{
    (void)state;
    hd_event ev = base_event();
    FILE *f = fopen("/dev/null", "r");
    assert_non_null(f);
    assert_int_equal(hd_event_write(&ev, HD_FORMAT_JSONL, f), -1);
    assert_int_equal(hd_event_write(&ev, HD_FORMAT_GDELT, f), -1);
    fclose(f);
}

/* ---- events from the coder -------------------------------------------------------------- */

typedef struct lines {
    char *json;
    size_t json_len;
    char *gdelt;
    size_t gdelt_len;
    FILE *fj, *fg;
    long n;
} lines;

static int both_sink(void *user, const hd_event *ev)
{
    lines *l = user;
    assert_int_equal(hd_event_write(ev, HD_FORMAT_JSONL, l->fj), 0);
    assert_int_equal(hd_event_write(ev, HD_FORMAT_GDELT, l->fg), 0);
    l->n++;
    return 0;
}

static void test_coded_events(void **state)
{
    (void)state;
    static const struct {
        const char *id, *title, *date, *source, *url, *text;
    } docs[] = {
        {"a1", "Russian jets bomb Hama", "2015-10-01", "Example \"Daily\"", "http://example.com/a\tb",
         "Russian jets bombed the city of Hama on Tuesday, the \"monitor\" said. Syrian rebels reportedly "
         "attacked an army post near Aleppo.\n\nThe United States and Britain condemned the strikes, "
         "Reuters reports. Iran will not attack Israel, a spokesman said."},
        {"b\\2", NULL, NULL, NULL, NULL,
         "Israeli soldiers shot a man in Hebron. Police arrested ten protesters in Cairo on 3 March 2014."},
        {"c3", "", "1999-01-01", "", "", "Putin met Iranian officials in Moscow."},
        {"\xd0\x9c-4", "Title\twith tab", "2020-02-29", "TASS", "https://tass.ru/x",
         "Vesti.ru reported that Chinese troops were deployed.\tRebels threatened to attack the base."},
    };
    lines l;
    memset(&l, 0, sizeof l);
    l.fj = open_memstream(&l.json, &l.json_len);
    l.fg = open_memstream(&l.gdelt, &l.gdelt_len);
    hd_coder *c = hd_coder_new(model);
    assert_non_null(c);
    long total = 0;
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        hd_doc d = {docs[i].id, docs[i].text, strlen(docs[i].text), docs[i].title, docs[i].date,
                    docs[i].source, docs[i].url};
        long n = hd_code_document(c, &d, both_sink, &l);
        if (n < 0)
            fail_msg("document %s rejected: %s", docs[i].id, hd_coder_error(c));
        total += n;
    }
    hd_coder_free(c);
    fclose(l.fj);
    fclose(l.fg);
    assert_int_equal(total, l.n);
    assert_true(total >= 5);
    /* each JSON line */
    long nj = 0;
    int saw_title = 0, saw_attr = 0, saw_null_date = 0;
    for (char *p = l.json; p < l.json + l.json_len;) {
        char *nl = memchr(p, '\n', (size_t)(l.json + l.json_len - p));
        assert_non_null(nl);
        json_t *o = check_json_line(p, (size_t)(nl - p + 1));
        const char *doc = json_string_value(json_object_get(o, "doc_id"));
        if (!strcmp(doc, "a1") && json_integer_value(json_object_get(o, "sentence")) == 0)
            saw_title = 1;
        if (json_array_size(json_object_get(o, "attribution")) > 0)
            saw_attr = 1;
        if (!strcmp(doc, "b\\2") && json_is_null(json_object_get(o, "outlet")))
            saw_null_date = 1;
        if (!strcmp(doc, "a1")) {
            assert_string_equal(json_string_value(json_object_get(o, "outlet")), "Example \"Daily\"");
            assert_string_equal(json_string_value(json_object_get(o, "url")), "http://example.com/a\tb");
        }
        json_decref(o);
        nj++;
        p = nl + 1;
    }
    assert_int_equal(nj, total);
    assert_true(saw_title);
    assert_true(saw_attr);
    assert_true(saw_null_date);
    /* each GDELT row */
    long ng = 0;
    for (char *p = l.gdelt; p < l.gdelt + l.gdelt_len;) {
        char *nl = memchr(p, '\n', (size_t)(l.gdelt + l.gdelt_len - p));
        assert_non_null(nl);
        row r;
        check_gdelt_row(p, (size_t)(nl - p + 1), &r);
        free(r.buf);
        ng++;
        p = nl + 1;
    }
    assert_int_equal(ng, total);
    free(l.json);
    free(l.gdelt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_fields_and_types),
        cmocka_unit_test(test_json_string_escapes),
        cmocka_unit_test(test_json_invalid_utf8_fields),
        cmocka_unit_test(test_json_nonfinite_goldstein),
        cmocka_unit_test(test_gdelt_columns),
        cmocka_unit_test(test_gdelt_location_with_tab),
        cmocka_unit_test(test_write_error),
        cmocka_unit_test(test_coded_events),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
