/* test_taxonomy.c: the event-type tables of dict/taxonomy.txt (hd_taxonomy.c, model/hd_model.c)
 * and the actor-code parts of dict/actor-codes.txt: the files as shipped, compiled into an
 * image, give a CAMEO code and the cues of its sentence their PLOVER type and mode, a CASE 2021
 * class its ACLED types and an actor code its GDELT parts; each bad line is an error
 * naming its line while the good lines load; an image whose table is damaged is refused. Which
 * CASE class an event has is the trained classifier's (test_typing.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "coding/hd_sent.h"
#include "coding/hd_taxonomy.h"
#include "model/hd_dictfile.h"

#include "dict_fixture.h"

static hd_model *shipped;

static int load_shipped(void **state)
{
    (void)state;
    warnings w = {0};
    hd_builder *b = hd_builder_new();
    assert_int_equal(hd_dictfile_load(b, "dict/taxonomy.txt", on_warn, &w), 0);
    assert_int_equal(hd_dictfile_load(b, "dict/actor-codes.txt", on_warn, &w), 0);
    if (w.n)
        fail_msg("%s", w.last);
    shipped = image_of(b);
    hd_builder_free(b);
    return 0;
}

static int free_shipped(void **state)
{
    (void)state;
    hd_model_free(shipped);
    return 0;
}

static void test_plover_types_by_code(void **state)
{
    (void)state;
    hd_taxon t;
    hd_taxonomy(shipped, "195", 0, &t);
    assert_string_equal(t.plover, "ASSAULT");
    hd_taxonomy(shipped, "112", 0, &t);
    assert_string_equal(t.plover, "ACCUSE");
    hd_taxonomy(shipped, "090", 0, &t); /* PLOVER folds investigating into accusing */
    assert_string_equal(t.plover, "ACCUSE");
    hd_taxonomy(shipped, "042", 0, &t);
    assert_string_equal(t.plover, "CONSULT");
    hd_taxonomy(shipped, "0874", 0, &t); /* the longer prefix wins over 08 */
    assert_string_equal(t.plover, "RETREAT");
    hd_taxonomy(shipped, "083", 0, &t);
    assert_string_equal(t.plover, "CONCEDE");
    hd_taxonomy(shipped, "192", 0, &t); /* an occupation coerces */
    assert_string_equal(t.plover, "COERCE");
    hd_taxonomy(shipped, "010", 0, &t); /* a statement has no PLOVER type */
    assert_null(t.plover);
    hd_taxonomy(shipped, "", 0, &t);
    assert_null(t.plover);
    assert_string_equal(t.plover_mode, "");
}

static void test_plover_modes(void **state)
{
    (void)state;
    hd_taxon t;
    hd_taxonomy(shipped, "195", 0, &t);
    assert_string_equal(t.plover_mode, "aerial");
    hd_taxonomy(shipped, "1952", 0, &t); /* a narrower line first */
    assert_string_equal(t.plover_mode, "drone");
    hd_taxonomy(shipped, "190", WC_ARTY, &t); /* the means the sentence names */
    assert_string_equal(t.plover_mode, "heavy-weapons");
    hd_taxonomy(shipped, "190", WC_GRENADE, &t);
    assert_string_equal(t.plover_mode, "explosives");
    hd_taxonomy(shipped, "190", 0, &t);
    assert_string_equal(t.plover_mode, "");
    hd_taxonomy(shipped, "173", WC_AIR, &t); /* an arrest is an arrest, whatever flies by */
    assert_string_equal(t.plover_mode, "arrest");
    hd_taxonomy(shipped, "042", 0, &t);
    assert_string_equal(t.plover_mode, "visit");
    hd_taxonomy(shipped, "057", WC_AIR, &t); /* cue lines are for violence only */
    assert_string_equal(t.plover_mode, "");
}

static void test_acled_by_case_class(void **state)
{
    (void)state;
    const char *type, *sub;
    hd_taxonomy_acled(shipped, "AIR_STRIKE", "195", 0, &type, &sub);
    assert_string_equal(type, "Explosions/Remote violence");
    assert_string_equal(sub, "Air/drone strike");
    hd_taxonomy_acled(shipped, "ARREST", "173", 0, &type, &sub);
    assert_string_equal(type, "Strategic developments");
    assert_string_equal(sub, "Arrests");
    hd_taxonomy_acled(shipped, "ATTRIB", "010", 0, &type, &sub); /* a CASE class outside ACLED */
    assert_null(type);
    assert_null(sub);
    hd_taxonomy_acled(shipped, "OTHER", "190", 0, &type, &sub);
    assert_null(type);
    hd_taxonomy_acled(shipped, NULL, "190", 0, &type, &sub);
    assert_null(type);
}

/* The classifier reads the sentence, the code the act: an appeal among protest words is no
 * protest, a resignation no looting; a demand or a denunciation may be a protest's own words. */
static void test_acled_type_fits_the_act(void **state)
{
    (void)state;
    const char *type, *sub;
    hd_taxonomy_acled(shipped, "PEACE_PROTEST", "020", 0, &type, &sub);
    assert_null(type);
    assert_null(sub);
    hd_taxonomy_acled(shipped, "PEACE_PROTEST", "053", WC_PROTEST, &type, &sub); /* a protest named */
    assert_string_equal(type, "Protests");
    hd_taxonomy_acled(shipped, "PEACE_PROTEST", "141", 0, &type, &sub);
    assert_string_equal(type, "Protests");
    hd_taxonomy_acled(shipped, "PEACE_PROTEST", "111", 0, &type, &sub);
    assert_string_equal(type, "Protests");
    hd_taxonomy_acled(shipped, "ARMED_CLASH", "040", 0, &type, &sub);
    assert_null(type);
    hd_taxonomy_acled(shipped, "ARREST", "0831", 0, &type, &sub);
    assert_null(type);
    assert_true(hd_model_acled_fits(shipped, "No such type", NULL, "010", 0)); /* a type of no line: any act */
}

/* A builder loaded from `text`, whose bad lines are the `n` lines from `first` on, in order;
 * the good lines load. */
static hd_builder *loaded_refusing(const char *text, int n, int first)
{
    char *path = write_temp(text);
    warnings w = {0};
    hd_builder *b = hd_builder_new();
    hd_dictfile_load(b, path, on_warn, &w);
    drop_temp(path);
    assert_int_equal(w.n, n);
    for (int i = 0; i < n; i++)
        assert_int_equal(w.lines[i], i + first);
    return b;
}

/* ACLED's own names: actors by role, disorder by type, regions by country or subregion. */
static void test_acled_names(void **state)
{
    (void)state;
    const char *name;
    assert_int_equal(hd_model_acled_actor(shipped, "MIL", &name), 1);
    assert_string_equal(name, "Military Forces of {country}");
    assert_int_equal(hd_model_acled_actor(shipped, "protesters", &name), 6);
    assert_string_equal(name, "Protesters ({country})");
    assert_int_equal(hd_model_acled_actor(shipped, "MED", &name), 7);
    assert_string_equal(name, "Civilians ({country}) | Journalists ({country})");
    assert_int_equal(hd_model_acled_actor(shipped, "XYZ", &name), 0);
    assert_null(name);
    assert_string_equal(hd_model_acled_disorder(shipped, "Riots", "Violent demonstration"), "Demonstrations");
    assert_string_equal(hd_model_acled_disorder(shipped, "Riots", "Mob violence"), "Political violence");
    assert_null(hd_model_acled_disorder(shipped, NULL, NULL));

    static const char *const text = "acled-region Southern Asia | South Asia\n"
                                    "acled-region IR | Middle East\n"
                                    "country-facts IR IRN 364 Iran | Southern Asia\n"
                                    "country-facts AF AFG 004 Afghanistan | Southern Asia\n"
                                    "country-facts XX XXXX 1 Nowhere | None\n"       /* 5: bad codes */
                                    "country-facts KE KEN 404 Kenya\n"               /* 6: no subregion */
                                    "acled-actor MIL 9 Military Forces of {country}\n" /* 7: no inter 9 */
                                    "acled-roots Protests | 14,x\n"                  /* 8: not roots */
                                    "acled-region Europe\n"                          /* 9: no region */
                                    "acled-country IR | Islamic Republic of Iran\n";
    hd_builder *b = loaded_refusing(text, 5, 5);
    hd_model *m = image_of(b);
    hd_builder_free(b);
    hd_country_facts f;
    assert_int_equal(hd_model_country(m, "AF", &f), 0);
    assert_string_equal(f.name, "Afghanistan");
    assert_string_equal(f.alpha3, "AFG");
    assert_string_equal(f.numeric, "004");
    assert_string_equal(f.region, "South Asia");
    assert_int_equal(hd_model_country(m, "IRN", &f), 0); /* an actor's alpha-3; its own region line */
    assert_string_equal(f.name, "Islamic Republic of Iran"); /* ACLED's name */
    assert_string_equal(f.region, "Middle East");
    assert_int_equal(hd_model_country(m, "KE", &f), -1);
    assert_string_equal(f.name, "");
    hd_model_free(m);
}

/* PLOVER's contexts by code, every matching line adding its own; herald's finer modes read as
 * the 2021 draft's. */
static void test_plover_contexts_and_2021_modes(void **state)
{
    (void)state;
    const char *c[8];
    assert_int_equal(hd_model_plover_contexts(shipped, "0312", 0, c, 8), 1);
    assert_string_equal(c[0], "military");
    assert_int_equal(hd_model_plover_contexts(shipped, "1821", 0, c, 8), 2); /* 18-20 and 1821 */
    assert_string_equal(c[0], "military");
    assert_string_equal(c[1], "human_rights");
    assert_int_equal(hd_model_plover_contexts(shipped, "010", 0, c, 8), 0);
    assert_int_equal(hd_model_plover_contexts(shipped, "x", 0, c, 8), 0);
    assert_int_equal(hd_model_plover_contexts(shipped, "1821", 0, c, 1), 1); /* no more than asked */
    assert_string_equal(hd_model_plover_mode_2021(shipped, "aerial"), "heavy-weapons");
    assert_string_equal(hd_model_plover_mode_2021(shipped, "arrest"), "arrest"); /* the draft's own */
    assert_null(hd_model_plover_mode_2021(shipped, "resign"));                  /* none in the draft */
    assert_null(hd_model_plover_mode_2021(shipped, ""));
}

/* An actor code read in threes as GDELT's columns hold it (dict/actor-codes.txt): further
 * roles, a region where a country would be, religions, and the known group; bad lines refused. */
static hd_actor actor_of(const hd_model *m, const char *code, const char *country, const char *role)
{
    hd_actor a;
    memset(&a, 0, sizeof a);
    snprintf(a.code, sizeof a.code, "%s", code);
    snprintf(a.country, sizeof a.country, "%s", country);
    snprintf(a.role, sizeof a.role, "%s", role);
    hd_model_actor_parts(m, &a);
    return a;
}

static void test_actor_code_parts(void **state)
{
    (void)state;
    hd_actor a = actor_of(shipped, "IMGMOSISI", "", "IMG");
    assert_string_equal(a.religion1, "MOS");
    assert_string_equal(a.known_group, "ISI");
    assert_string_equal(a.region, "");
    a = actor_of(shipped, "IGOEUREEC", "", "IGO");
    assert_string_equal(a.region, "EUR");
    assert_string_equal(a.known_group, "EEC");
    a = actor_of(shipped, "IGOUNOWHO", "", "IGO");
    assert_string_equal(a.known_group, "WHO"); /* the last, most particular group */
    a = actor_of(shipped, "NGOHRIAMN", "", "NGO");
    assert_string_equal(a.role2, "HRI");
    assert_string_equal(a.known_group, "AMN");
    a = actor_of(shipped, "USAGOVMILSPY", "USA", "GOV");
    assert_string_equal(a.role2, "MIL");
    assert_string_equal(a.role3, "SPY");
    a = actor_of(shipped, "RUSMIL", "RUS", "MIL"); /* no part beyond country and role */
    assert_string_equal(a.known_group, "");
    assert_string_equal(a.role2, "");
    a = actor_of(shipped, "IGOXYZ", "", "IGO"); /* a part of no line is a group all the same */
    assert_string_equal(a.known_group, "XYZ");
    a = actor_of(NULL, "IGOEUREEC", "", "IGO"); /* no dictionary: nothing split */
    assert_string_equal(a.known_group, "");

    static const char *const text = "actor-code MOS religion Islam\n"
                                    "actor-code mos religion Islam\n"  /* 2: not capitals */
                                    "actor-code EURO region Europe\n"  /* 3: four letters */
                                    "actor-code ARB people Arabs\n"    /* 4: no such kind */
                                    "actor-code EUR region\n";         /* 5: no name */
    hd_builder_free(loaded_refusing(text, 4, 2));
}

static void test_bad_lines(void **state)
{
    (void)state;
    static const char *const text = "plover 19 ASSAULT\n"
                                    "plover 19\n"                     /* 2: no type */
                                    "plover 19x ASSAULT\n"            /* 3: not a code */
                                    "plover 19012 ASSAULT\n"          /* 4: five digits */
                                    "mode 19 nonesuch aerial\n"       /* 5: unknown cue */
                                    "mode 20-18 * aerial\n"           /* 6: roots backwards */
                                    "mode 18-21 * aerial\n"           /* 7: no root 21 */
                                    "mode 18-20 air\n"                /* 8: no mode */
                                    "acled ATTACK Violence\n"         /* 9: no sub-event type */
                                    "acled ATTACK | Attack\n"         /* 10: no event type */
                                    "mode 18-20 air,arty aerial\n"
                                    "acled ATTACK Violence against civilians | Attack\n";
    hd_builder *b = loaded_refusing(text, 9, 2);
    hd_model *m = image_of(b);
    hd_builder_free(b);
    assert_string_equal(hd_model_plover(m, "193"), "ASSAULT");
    assert_string_equal(hd_model_plover_mode(m, "190", WC_ARTY), "aerial");
    const char *type, *sub;
    hd_model_acled(m, "ATTACK", &type, &sub);
    assert_string_equal(sub, "Attack");
    hd_model_free(m);
}

static void test_damaged_table_refused(void **state)
{
    (void)state;
    hd_builder *b = hd_builder_new();
    hd_taxon_rule r = {.kind = HD_TAXON_PLOVER, .code = "19"};
    assert_int_equal(hd_builder_taxon(b, &r, "ASSAULT", NULL, NULL, NULL, 0), 0);
    char *img;
    size_t size;
    assert_int_equal(hd_builder_image(b, &img, &size), 0);
    hd_builder_free(b);
    hd_model m;
    char err[200];
    assert_int_equal(hd_model_check_structure(&m, img, size, err, sizeof err), 0);
    hd_taxon_rule *rule = (hd_taxon_rule *)(uintptr_t)m.taxonomy;
    rule->kind = HD_TAXON_LAST + 1;
    assert_true(refused(img, size, "event-type tables"));
    rule->kind = HD_TAXON_PLOVER;
    memset(rule->code, '1', sizeof rule->code); /* no terminating NUL */
    assert_true(refused(img, size, "event-type tables"));
    memcpy(rule->code, "19", 3);
    rule->label = 0xFFFFFFF0u;
    assert_true(refused(img, size, "event-type tables"));
    free(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plover_types_by_code), cmocka_unit_test(test_plover_modes),
        cmocka_unit_test(test_acled_by_case_class),  cmocka_unit_test(test_acled_type_fits_the_act),
        cmocka_unit_test(test_acled_names),          cmocka_unit_test(test_plover_contexts_and_2021_modes),
        cmocka_unit_test(test_actor_code_parts),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_damaged_table_refused),
    };
    return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}
