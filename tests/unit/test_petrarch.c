/* test_petrarch.c: the PETRARCH/TABARI dictionary importer (hd_petrarch.c). Small dictionaries
 * with fictional names are written to a temporary directory, loaded with
 * hd_model_from_petrarch() on top of the built model (when $HERALD_MODEL exists) and checked
 * through the events they code; the real PETRARCH 2 files under ../shared are loaded too when
 * present. Then garbage: a NUL byte or invalid UTF-8 in any kind of file, an empty file, a
 * comment left open and a discard of function words only ("TO") each refuse the whole
 * directory with a message naming file and line, while a control character or a missing last
 * newline are warnings; and one file's 10,000 bad lines print 20 messages and a count. */
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

static const char *ACTORS =
    "<!-- test actors: the comment\n"
    "     runs over two lines -->\n"
    "# a comment line\n"
    "VELORIA [VEL]\n"
    "+VELORIAN\n"
    "KINGDOM_OF_BRASK [BRK]  # trailing comment\n"
    "+BRASK_\n"
    "GRAND VIZIER ZANDO [VELGOV]\n"
    "OLD_MARSHAL_TORV\n"
    "\t[BRKMIL <900101]\n"
    "\t[BRKGOV 19900101-19991231]\n"
    "\t[BRKELI >20000101]\n"
    "QUIET_ISLES\n"
    "\t[qis]\n"
    "NOBODY_IN_PARTICULAR [---]\n"
    "BROKEN_DATES [VEL <2001x]\n";

static const char *AGENTS =
    "!PEOPLE! = MAN, MEN\n"
    "ENVOY [~GOV] # comment\n"
    "HARBOR!PEOPLE! [~LAB]\n"
    "SKY_WARDEN {} [~MIL]\n"
    "BOATWRIGHT {BOATWRIGHTS_GUILD} [ ~BUS]\n"
    "RELIEF_COMMITTEE [NGO~]\n"
    "AGENT WITHOUT CODE\n";

static const char *DISCARDS =
    "+GRAND_TOURNAMENT\n"
    "CROQUET # sport\n";

static const char *VERBS =
    "&GOODS\n"
    "+GRAIN\n"
    "+TIMBER_\n"
    "\n"
    "--- PRAISE [051] ---\n"
    "PRAISE\n"
    "LAUD [052]\n"
    "- * &GOODS [061]\n"
    "- * WARMLY_TODAY [053]  # adjacent words\n"
    "\n"
    "--- DENOUNCE  [111:112]  ---\n"
    "DENOUNCE {DENOUNCED DENOUNCES DENOUNCING}\n"
    "+SHOUT_DOWN {+SHOUTED_DOWN +SHOUTS_DOWN +SHOUTING_DOWN}\n"
    "- * FOR ^ TREASON [112]\n"
    "\n"
    "--- GREET [:033] ---\n"
    "GREET\n"
    "- a pattern without a star [010]\n";

typedef struct warns {
    int n;
    char last[512];
    long lines[32];
    char all[16384]; /* every message, one a line */
} warns;

static void on_warn(void *user, const char *file, long line, const char *msg)
{
    warns *w = user;
    if (w->n < 32)
        w->lines[w->n] = line;
    w->n++;
    snprintf(w->last, sizeof w->last, "%s:%ld: %s", file, line, msg);
    size_t used = strlen(w->all);
    snprintf(w->all + used, sizeof w->all - used, "%s\n", w->last);
}

/* Lines of `all` that contain s. */
static int count_lines_with(const warns *w, const char *s)
{
    int n = 0;
    for (const char *p = w->all; (p = strstr(p, s)) != NULL; p += strlen(s))
        n++;
    return n;
}

static int warned_at(const warns *w, long line)
{
    for (int i = 0; i < w->n && i < 32; i++)
        if (w->lines[i] == line)
            return 1;
    return 0;
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_dir(const char *dir, const char *const *names)
{
    char path[512];
    for (size_t i = 0; names[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static hd_model *open_base(void)
{
    const char *p = getenv("HERALD_MODEL");
    struct stat st;
    if (!p || stat(p, &st) != 0)
        return NULL;
    return hd_model_open(p, NULL, 0);
}

typedef struct fixture {
    char dir[64];
    hd_model *base, *m;
    warns w;
} fixture;

static const char *const FILES[] = {"test.actors.txt", "test.agents.txt", "test.discards.txt", "test.verbs.txt",
                                    "notes.txt", NULL};

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/herald-petr-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    write_file(f->dir, "test.actors.txt", ACTORS);
    write_file(f->dir, "test.agents.txt", AGENTS);
    write_file(f->dir, "test.discards.txt", DISCARDS);
    write_file(f->dir, "test.verbs.txt", VERBS);
    write_file(f->dir, "notes.txt", "not a dictionary [XYZ]\n"); /* not picked up by name */
    f->base = open_base();
    char err[256];
    f->m = hd_model_from_petrarch(f->dir, f->base, on_warn, &f->w, err, sizeof err);
    *state = f;
    return f->m ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    hd_model_free(f->m);
    hd_model_free(f->base);
    remove_dir(f->dir, FILES);
    free(f);
    return 0;
}

typedef struct collected {
    char s[1024];
} collected;

static int collect(void *user, const hd_event *ev)
{
    collected *c = user;
    if (ev->negated)
        return 0;
    size_t n = strlen(c->s);
    snprintf(c->s + n, sizeof c->s - n, "%s>%s:%s;", ev->source ? ev->source->code : "-",
             ev->target ? ev->target->code : "-", ev->code);
    return 0;
}

/* Events of one sentence as "SRC>TGT:CODE;" in order. */
static const char *code_text(const hd_model *m, const char *text, const char *date, collected *out)
{
    out->s[0] = '\0';
    hd_coder *c = hd_coder_new(m);
    assert_non_null(c);
    hd_doc doc = {"t", text, strlen(text), NULL, date, NULL, NULL};
    assert_true(hd_code_document(c, &doc, collect, out) >= 0);
    hd_coder_free(c);
    return out->s;
}

static void test_loads_and_warns(void **state)
{
    fixture *f = *state;
    hd_model_stats st;
    hd_model_get_stats(f->m, &st);
    assert_true(st.actors > 0);
    assert_true(st.agents > 0);
    assert_true(st.patterns >= 3);
    /* the bad date, the agent without a code, the pattern without '*' */
    assert_true(warned_at(&f->w, 16));
    assert_true(warned_at(&f->w, 7));
    assert_true(warned_at(&f->w, 18));
    assert_true(f->w.n <= 5);
    assert_non_null(strstr(f->w.last, "test."));
}

static void test_actor_and_default_code(void **state)
{
    fixture *f = *state;
    collected c;
    assert_non_null(strstr(code_text(f->m, "Veloria praised Brask.", "2015-01-01", &c), "VEL>BRK:051;"));
    /* a synonym and a multi-word name with underscores */
    assert_non_null(strstr(code_text(f->m, "The Velorian government praised the Kingdom of Brask.", "2015-01-01", &c),
                           ">BRK:051;"));
    assert_non_null(strstr(code_text(f->m, "Grand Vizier Zando praised Brask.", "2015-01-01", &c), "VELGOV>BRK:051;"));
    /* a code on the following, indented line, written in lower case */
    assert_non_null(strstr(code_text(f->m, "Veloria praised Quiet Isles.", "2015-01-01", &c), "VEL>QIS:051;"));
}

static void test_dated_codes(void **state)
{
    fixture *f = *state;
    collected c;
    assert_non_null(strstr(code_text(f->m, "Old Marshal Torv denounced Veloria.", "1985-06-01", &c), "BRKMIL>VEL:111;"));
    assert_non_null(strstr(code_text(f->m, "Old Marshal Torv denounced Veloria.", "1995-06-01", &c), "BRKGOV>VEL:111;"));
    assert_non_null(strstr(code_text(f->m, "Old Marshal Torv denounced Veloria.", "2005-06-01", &c), "BRKELI>VEL:111;"));
}

static void test_verb_forms_and_patterns(void **state)
{
    fixture *f = *state;
    collected c;
    /* a verb with a code of its own */
    assert_non_null(strstr(code_text(f->m, "Veloria lauded Brask.", "2015-01-01", &c), "VEL>BRK:052;"));
    /* explicit forms and a multi-word verb */
    assert_non_null(strstr(code_text(f->m, "Veloria denounced Brask.", "2015-01-01", &c), "VEL>BRK:111;"));
    assert_non_null(strstr(code_text(f->m, "Veloria shouted down Brask.", "2015-01-01", &c), "VEL>BRK:111;"));
    /* a synset pattern, with the plural PETRARCH generates */
    assert_non_null(strstr(code_text(f->m, "Veloria praised Brask for its grains.", "2015-01-01", &c), "VEL>BRK:061;"));
    /* "^" is dropped: the pattern still matches with a word in between */
    assert_non_null(strstr(code_text(f->m, "Veloria denounced Brask for high treason.", "2015-01-01", &c),
                           "VEL>BRK:112;"));
    /* "[:033]" has no forward event */
    assert_null(strstr(code_text(f->m, "Veloria greeted Brask.", "2015-01-01", &c), "VEL>BRK"));
}

static void test_agents(void **state)
{
    fixture *f = *state;
    collected c;
    assert_non_null(strstr(code_text(f->m, "The Velorian envoy praised Brask.", "2015-01-01", &c), "VELGOV>BRK:051;"));
    /* a substitution macro, and the plural made from it is not required */
    assert_non_null(strstr(code_text(f->m, "Velorian harbormen denounced Brask.", "2015-01-01", &c), "VELLAB>BRK:111;"));
    /* "NGO~" keeps the role */
    assert_non_null(strstr(code_text(f->m, "The Velorian relief committee praised Brask.", "2015-01-01", &c),
                           "NGO>BRK:051;"));
}

static void test_discards(void **state)
{
    fixture *f = *state;
    collected c;
    assert_string_equal(code_text(f->m, "Veloria praised Brask at the croquet final.", "2015-01-01", &c), "");
    assert_string_equal(code_text(f->m, "Veloria praised Brask during the grand tournament.", "2015-01-01", &c), "");
}

static void test_missing_and_empty(void **state)
{
    (void)state;
    char err[256] = "";
    assert_null(hd_model_from_petrarch("/nonexistent/herald-petr", NULL, NULL, NULL, err, sizeof err));
    assert_true(err[0] != '\0');
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/herald-petr-XXXXXX");
    assert_non_null(mkdtemp(dir));
    write_file(dir, "empty.verbs.txt", "# nothing but a comment\n<!-- and this -->\n");
    warns w;
    memset(&w, 0, sizeof w);
    err[0] = '\0';
    assert_null(hd_model_from_petrarch(dir, NULL, on_warn, &w, err, sizeof err));
    assert_non_null(strstr(err, "nothing loaded"));
    assert_non_null(strstr(w.last, "empty.verbs.txt:0: no entries: the file is empty or truncated"));
    const char *const names[] = {"empty.verbs.txt", NULL};
    remove_dir(dir, names);
}

/* A directory with the fixture's four files, `name` replaced by n bytes of `text`; loads it
 * on the base model and returns the model (NULL when refused), with what was said in w. */
static hd_model *load_with(const char *name, const char *text, size_t n, warns *w, char *err, size_t errlen)
{
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/herald-petr-XXXXXX");
    assert_non_null(mkdtemp(dir));
    write_file(dir, "test.actors.txt", ACTORS);
    write_file(dir, "test.agents.txt", AGENTS);
    write_file(dir, "test.discards.txt", DISCARDS);
    write_file(dir, "test.verbs.txt", VERBS);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, n, f), n);
    fclose(f);
    hd_model *base = open_base();
    memset(w, 0, sizeof *w);
    err[0] = '\0';
    hd_model *m = hd_model_from_petrarch(dir, base, on_warn, w, err, errlen);
    hd_model_free(base);
    remove_dir(dir, FILES);
    return m;
}

/* The fixture text of a file with `bad` (blen bytes) put in at byte `at`. */
static size_t insert(const char *text, size_t at, const char *bad, size_t blen, char *out)
{
    size_t n = strlen(text);
    memcpy(out, text, at);
    memcpy(out + at, bad, blen);
    memcpy(out + at + blen, text + at, n - at);
    return n + blen;
}

static void test_garbage_refuses_directory(void **state)
{
    (void)state;
    static const struct {
        const char *name, **text;
        size_t at;   /* a byte inside a phrase of the file */
        long line;   /* its line */
    } files[] = {
        {"test.actors.txt", &ACTORS, 80, 4},
        {"test.agents.txt", &AGENTS, 22, 2},
        {"test.discards.txt", &DISCARDS, 19, 2},
        {"test.verbs.txt", &VERBS, 30, 5},
    };
    static const struct {
        const char *bytes;
        size_t n;
        const char *why;
    } garbage[] = {{"\0", 1, "NUL byte"}, {"\xff", 1, "invalid UTF-8"}, {"\xe2\x82", 2, "invalid UTF-8"}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        const char *text = *files[i].text;
        for (size_t g = 0; g < sizeof garbage / sizeof garbage[0]; g++) {
            char buf[2048], err[256], want[128];
            size_t n = insert(text, files[i].at, garbage[g].bytes, garbage[g].n, buf);
            warns w;
            hd_model *m = load_with(files[i].name, buf, n, &w, err, sizeof err);
            snprintf(want, sizeof want, "%s:%ld: %s", files[i].name, files[i].line, garbage[g].why);
            if (m || !strstr(err, "1 error(s)") || !strstr(w.all, want))
                fail_msg("%s with %s: %s; err '%s'; messages:\n%s", files[i].name, garbage[g].why,
                         m ? "loaded" : "refused", err, w.all);
        }
        char err[256];
        warns w;
        /* empty */
        assert_null(load_with(files[i].name, "", 0, &w, err, sizeof err));
        assert_non_null(strstr(err, "1 error(s)"));
        /* a comment left open: the file was cut short */
        char buf[2048];
        size_t n = (size_t)snprintf(buf, sizeof buf, "%s<!-- cut short", text);
        assert_null(load_with(files[i].name, buf, n, &w, err, sizeof err));
        assert_non_null(strstr(err, "1 error(s)"));
        /* a control character and a missing last newline are warnings: it loads */
        n = insert(text, files[i].at, "\x1a", 1, buf);
        hd_model *m = load_with(files[i].name, buf, n - 1, &w, err, sizeof err);
        assert_non_null(m);
        hd_model_free(m);
    }
}

static void test_function_word_discards(void **state)
{
    (void)state;
    hd_model *base = open_base();
    if (!base) {
        print_message("skipped: no $HERALD_MODEL (the lexicon tells function words)\n");
        return;
    }
    hd_model_free(base);
    /* "TO", cut from "TOURNAMENT", would discard nearly every sentence */
    const char *discards = "+GRAND_TOURNAMENT\nTO\nCROQUET\n+OF_THE\nWAS\nTO_THE_MOON\n";
    warns w;
    char err[256];
    assert_null(load_with("test.discards.txt", discards, strlen(discards), &w, err, sizeof err));
    assert_non_null(strstr(err, "3 error(s)"));
    assert_true(warned_at(&w, 2));
    assert_true(warned_at(&w, 4));
    assert_true(warned_at(&w, 5));
    assert_false(warned_at(&w, 6));
    assert_non_null(strstr(w.all, "test.discards.txt:5: discard phrase 'WAS' has no content word"));
}

/* 10,000 bad lines in one file: 20 messages and a count. */
static void test_warning_cap(void **state)
{
    (void)state;
    size_t n = 10000, len = strlen("- no star [010]\n");
    const char *head = "--- PRAISE [051] ---\nPRAISE\n";
    char *text = malloc(strlen(head) + n * len + 1);
    assert_non_null(text);
    strcpy(text, head);
    for (size_t i = 0; i < n; i++)
        strcat(text + strlen(head) + i * len, "- no star [010]\n");
    warns w;
    char err[256];
    hd_model *m = load_with("test.verbs.txt", text, strlen(text), &w, err, sizeof err);
    free(text);
    assert_non_null(m); /* warnings only */
    hd_model_free(m);
    assert_int_equal(count_lines_with(&w, "test.verbs.txt:"), 20 + 1);
    assert_non_null(strstr(w.all, "test.verbs.txt:0: 9980 more warnings/errors not shown"));
}

/* The PETRARCH 2 distribution's own dictionaries, when ../shared is there. */
static void test_real_dictionaries(void **state)
{
    (void)state;
    const char *dir = "../shared/petrarch2/dictionaries";
    struct stat st;
    if (stat(dir, &st) != 0) {
        printf("skipped: ../shared missing\n");
        return;
    }
    hd_model *base = open_base();
    warns w;
    memset(&w, 0, sizeof w);
    char err[256];
    hd_model *m = hd_model_from_petrarch(dir, base, on_warn, &w, err, sizeof err);
    assert_non_null(m);
    hd_model_stats ms;
    hd_model_get_stats(m, &ms);
    printf("real dictionaries: %zu actors, %zu agents, %zu patterns, %d warnings\n", ms.actors, ms.agents,
           ms.patterns, w.n);
    if (w.n)
        printf("  last: %s\n", w.last);
    assert_true(ms.actors > 1000);
    assert_true(ms.patterns > 1000);
    assert_true(w.n < 100);
    collected c;
    code_text(m, "Russia condemned the attack.", "2015-01-01", &c);
    hd_model_free(m);
    hd_model_free(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loads_and_warns),
        cmocka_unit_test(test_actor_and_default_code),
        cmocka_unit_test(test_dated_codes),
        cmocka_unit_test(test_verb_forms_and_patterns),
        cmocka_unit_test(test_agents),
        cmocka_unit_test(test_discards),
        cmocka_unit_test(test_missing_and_empty),
        cmocka_unit_test(test_garbage_refuses_directory),
        cmocka_unit_test(test_function_word_discards),
        cmocka_unit_test(test_warning_cap),
        cmocka_unit_test(test_real_dictionaries),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
