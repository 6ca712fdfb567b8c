/* test_petrarch.c: the PETRARCH/TABARI dictionary importer (hd_petrarch.c). Small dictionaries
 * with fictional names are written to a temporary directory, loaded with
 * hd_model_from_petrarch() on top of the built model (when $HERALD_MODEL exists) and checked
 * through the events they code; the real PETRARCH 2 files under ../shared are loaded too when
 * present. */
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
} warns;

static void on_warn(void *user, const char *file, long line, const char *msg)
{
    warns *w = user;
    if (w->n < 32)
        w->lines[w->n] = line;
    w->n++;
    snprintf(w->last, sizeof w->last, "%s:%ld: %s", file, line, msg);
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
    assert_non_null(strstr(err, "no usable"));
    const char *const names[] = {"empty.verbs.txt", NULL};
    remove_dir(dir, names);
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
        cmocka_unit_test(test_real_dictionaries),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
