/* test_entities.c: document entities through the public API (hd_options.entities and
 * hd_coder_entities) on the real model and gazetteer: persons with titles stripped and short
 * forms merged, organisations, places and features, counts with their types, quotations with
 * speakers across sentences, tone; and that nothing is reported when the option is off or the
 * document is rejected. The sentences are ours. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"

static hd_model *model;
static hd_gazetteer *gaz;
static hd_coder *coder;

static int setup(void **state)
{
    (void)state;
    const char *path = getenv("HERALD_MODEL");
    if (!path)
        path = "build/herald.hdm";
    char err[512], gpath[1024];
    model = hd_model_open(path, err, sizeof err);
    if (!model) {
        fprintf(stderr, "cannot open the model: %s\n", err);
        return -1;
    }
    snprintf(gpath, sizeof gpath, "%.*s/herald.hdg", (int)(strrchr(path, '/') ? strrchr(path, '/') - path : 1),
             strrchr(path, '/') ? path : ".");
    gaz = hd_gazetteer_open(gpath, err, sizeof err); /* places are checked only when it exists */
    coder = hd_coder_new(model);
    hd_options opt = {.emit_negated = 1, .entities = 1};
    hd_coder_set_options(coder, &opt);
    hd_coder_set_gazetteer(coder, gaz);
    return coder ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    hd_coder_free(coder);
    hd_gazetteer_free(gaz);
    hd_model_free(model);
    return 0;
}

/* A document of our text, published on a fixed day. */
static hd_doc doc_of(const char *text)
{
    hd_doc d;
    memset(&d, 0, sizeof d);
    d.id = "t";
    d.text = text;
    d.text_len = strlen(text);
    d.date = "2024-04-10";
    return d;
}

static const hd_doc_entities *code(const char *text)
{
    hd_doc d = doc_of(text);
    if (hd_code_document(coder, &d, NULL, NULL) < 0)
        return NULL;
    return hd_coder_entities(coder);
}

static const hd_entity *find(const hd_entity *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return &v[i];
    return NULL;
}

static const hd_count *find_count(const hd_doc_entities *e, double number)
{
    for (size_t i = 0; i < e->n_counts; i++)
        if (e->counts[i].number == number)
            return &e->counts[i];
    return NULL;
}

static void persons_titles_and_short_forms(void **state)
{
    (void)state;
    const hd_doc_entities *e = code("Kenyan Interior Minister Kithure Kindiki visited the camp on Monday. "
                                    "Kindiki said the government would rebuild the school.");
    assert_non_null(e);
    const hd_entity *p = find(e->persons, e->n_persons, "Kithure Kindiki");
    assert_non_null(p);
    assert_int_equal(p->mentions, 2);
    assert_string_equal(p->code, "KENGOV");
    assert_null(find(e->persons, e->n_persons, "Kindiki"));
}

static void organisations(void **state)
{
    (void)state;
    const hd_doc_entities *e = code("The Ministry of Health and the charity Medecins Sans Frontieres opened two clinics, "
                                    "the agency Anadolu reported. NATO welcomed the step.");
    assert_non_null(e);
    assert_non_null(find(e->organizations, e->n_organizations, "Ministry of Health"));
    assert_non_null(find(e->organizations, e->n_organizations, "NATO"));
    assert_null(find(e->persons, e->n_persons, "Medecins Sans Frontieres"));
}

static void counts_with_types(void **state)
{
    (void)state;
    const hd_doc_entities *e = code("The blast killed at least 12 people and wounded 30 others. Police arrested five suspects, "
                                    "and 1,500 residents fled. Parliament passed the bill by 210 votes in 2023.");
    assert_non_null(e);
    const hd_count *c = find_count(e, 12);
    assert_non_null(c);
    assert_string_equal(c->type, "killed");
    assert_string_equal(c->of, "people");
    assert_non_null(strstr(c->text, "killed at least 12"));
    assert_string_equal(find_count(e, 30)->type, "wounded");
    assert_string_equal(find_count(e, 5)->type, "arrested");
    assert_string_equal(find_count(e, 1500)->type, "displaced");
    c = find_count(e, 210);
    assert_non_null(c);
    assert_null(c->type);
    assert_string_equal(c->of, "votes");
    assert_null(find_count(e, 2023)); /* a year is no count */
    /* what was done to those before "and" is not what was done to these */
    e = code("At least 100 people have been killed and over 3 million displaced since the war began.");
    assert_non_null(e);
    assert_string_equal(find_count(e, 3e6)->type, "displaced");
}

/* The most dead a sentence counts are the fatalities of its violent events; a war's toll, a
 * tally over months or a year, and an act told as background are no event's (ACLED counts one
 * day at one place). */
static int largest_fatality(void *user, const hd_event *ev)
{
    long *most = user;
    if (ev->fatalities > *most)
        *most = ev->fatalities;
    return 0;
}

static long fatalities_of(const char *text)
{
    hd_doc d = doc_of(text);
    long most = -1;
    assert_true(hd_code_document(coder, &d, largest_fatality, &most) > 0);
    return most;
}

static void fatalities_of_one_event(void **state)
{
    (void)state;
    assert_int_equal(fatalities_of("Gunmen killed 6 civilians in Kano on Monday."), 6);
    assert_int_equal(fatalities_of("Gunmen attacked a market in Kano on Monday, killing 12 people and wounding 30."), 12);
    assert_int_equal(fatalities_of("Rebels killed 9 soldiers and 3 civilians in Goma on Tuesday."), 9);
    assert_int_equal(fatalities_of("Gunmen attacked a bus in Kano on Monday, wounding 30 people."), -1);
    assert_int_equal(fatalities_of("The civil war has killed more than 400,000 people."), -1);
    assert_int_equal(fatalities_of("Fighting in the east has killed 5,400 people since April."), -1);
    assert_int_equal(fatalities_of("About 800 civilians were killed in 2013, the United Nations said."), -1);
}

static void quotations_across_sentences(void **state)
{
    (void)state;
    const hd_doc_entities *e = code("\"We have lost everything. The water came at night,\" said farmer Amina Diallo. "
                                    "State television reported that \"the dam will be repaired within a month and nobody "
                                    "will pay for it\". The crowd chanted \"no more\".");
    assert_non_null(e);
    assert_int_equal(e->n_quotations, 2); /* "no more" is too short to be a quotation */
    assert_string_equal(e->quotations[0].text, "We have lost everything. The water came at night");
    assert_non_null(strstr(e->quotations[0].speaker, "Amina Diallo"));
    assert_non_null(e->quotations[1].speaker);
    assert_string_equal(e->quotations[1].speaker_kind, "media");
}

static void places_and_features(void **state)
{
    (void)state;
    if (!gaz)
        skip();
    const hd_doc_entities *e = code("Floods along the Shabelle River displaced families near Beledweyne, officials in "
                                    "Mogadishu said. Beledweyne was cut off.");
    assert_non_null(e);
    int town = 0, river = 0;
    for (size_t i = 0; i < e->n_places; i++) {
        const hd_entity_place *p = &e->places[i];
        if (p->location.mention_len == 10 && !memcmp(p->location.mention, "Beledweyne", 10)) {
            town = 1;
            assert_true(p->has_coordinates);
            assert_memory_equal(p->location.country, "SO", 2);
            assert_int_equal(p->mentions, 2);
        }
        if (!strcmp(p->location.name, "Shabelle River")) {
            river = 1;
            assert_false(p->has_coordinates);
            assert_memory_equal(p->location.country, "SO", 2);
        }
    }
    assert_true(town);
    assert_true(river);
}

static void tone_sign(void **state)
{
    (void)state;
    const hd_doc_entities *e = code("The attack killed civilians and destroyed homes in a brutal assault.");
    assert_non_null(e);
    assert_true(e->tone < 0);
    assert_true(e->negative > 0);
    assert_true(e->word_count >= 10);
    e = code("Leaders welcomed the peace agreement and praised the successful talks.");
    assert_true(e->tone > 0);
    assert_true(fabs(e->polarity - (e->positive + e->negative)) < 1e-9);
}

static void off_or_rejected(void **state)
{
    (void)state;
    assert_null(code("bad \xff byte")); /* rejected: no entities, not the last document's */
    hd_options opt = {.emit_negated = 1};
    hd_coder_set_options(coder, &opt);
    assert_null(code("President Kindiki spoke in Nairobi."));
    opt.entities = 1;
    hd_coder_set_options(coder, &opt);
    assert_non_null(code("President Kindiki spoke in Nairobi."));
    /* writing: one JSON line */
    char buf[4096];
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_int_equal(hd_entities_write(hd_coder_entities(coder), f), 0);
    fclose(f);
    assert_non_null(strstr(buf, "\"doc_id\":\"t\""));
    assert_non_null(strstr(buf, "\"tone\":{"));
    assert_int_equal(buf[strlen(buf) - 1], '\n');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(persons_titles_and_short_forms),
        cmocka_unit_test(organisations),
        cmocka_unit_test(counts_with_types),
        cmocka_unit_test(fatalities_of_one_event),
        cmocka_unit_test(quotations_across_sentences),
        cmocka_unit_test(places_and_features),
        cmocka_unit_test(tone_sign),
        cmocka_unit_test(off_or_rejected),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
