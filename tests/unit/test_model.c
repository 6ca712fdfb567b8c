/* test_model.c: the dictionary builder, the image it writes and the loader that validates it.
 *
 * A small model is built by hand with hd_builder_* (lexicon lines, dated actors, agents with
 * plurals, verb blocks with regular, irregular and multi-word lemmas, patterns using every
 * marker, synsets, event nouns and CAMEO lines), serialised, loaded back and queried. Then the
 * loader is attacked: every prefix of the image, byte flips (every single one is refused: the
 * checksum), bad magic and version, and files that are missing, directories or empty. Past the
 * checksum, crafted images (bad indexes, random flips) meet the structural checks, which must
 * reject them with a message or leave a model that codes text without crashing. The built
 * image ($HERALD_MODEL) gets the same flips, truncations and a measure of the checksum's cost.
 */
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
#include <time.h>
#include <unistd.h>

#include "herald.h"
#include "image_faults.h"
#include "model/hd_build.h"
#include "model/hd_model.h"
#include "syntax_fixture.h"



/* ---- a small hand-made model ------------------------------------------------------------ */

typedef struct lex {
    const char *word;
    uint32_t tags;
    int best;
} lex;

#define B(t) TAGBIT(T_##t)

static const lex lexicon[] = {
    {"the", B(DT), T_DT},
    {"a", B(DT), T_DT},
    {"an", B(DT), T_DT},
    {"of", B(IN), T_IN},
    {"in", B(IN) | B(RB), T_IN},
    {"on", B(IN), T_IN},
    {"by", B(IN), T_IN},
    {"with", B(IN), T_IN},
    {"and", B(CC), T_CC},
    {"not", B(RB), T_RB},
    {"did", B(VBD), T_VBD},
    {"will", B(MD) | B(NN), T_MD},
    {"was", B(VBD), T_VBD},
    {"were", B(VBD), T_VBD},
    {"they", B(PRP), T_PRP},
    {"attack", B(NN) | B(VB) | B(VBP), T_NN},
    {"attacks", B(NNS) | B(VBZ), T_NNS},
    {"attacked", B(VBD) | B(VBN), T_VBD},
    {"attacking", B(VBG), T_VBG},
    {"strike", B(NN) | B(VB) | B(VBP), T_NN},
    {"strikes", B(NNS) | B(VBZ), T_NNS},
    {"struck", B(VBD) | B(VBN), T_VBD},
    {"striking", B(VBG) | B(JJ), T_VBG},
    {"carry", B(VB) | B(VBP), T_VB},
    {"carried", B(VBD) | B(VBN), T_VBD},
    {"out", B(RP) | B(IN), T_RP},
    {"plan", B(NN) | B(VB), T_NN},
    {"planned", B(VBD) | B(VBN), T_VBD},
    {"planning", B(VBG) | B(NN), T_VBG},
    {"met", B(VBD) | B(VBN), T_VBD},
    {"meet", B(VB) | B(VBP), T_VB},
    {"city", B(NN), T_NN},
    {"town", B(NN), T_NN},
    {"bridge", B(NN), T_NN},
    {"rifles", B(NNS), T_NNS},
    {"rifle", B(NN), T_NN},
    {"guns", B(NNS), T_NNS},
    {"soldier", B(NN), T_NN},
    {"soldiers", B(NNS), T_NNS},
    {"man", B(NN) | B(VB), T_NN},
    {"men", B(NNS), T_NNS},
    {"gunman", B(NN), T_NN},
    {"army", B(NN), T_NN},
    {"raid", B(NN) | B(VB), T_NN},
    {"Russia", B(NNP), T_NNP},
    {"Syria", B(NNP), T_NNP},
    {"Russian", B(JJ) | B(NNP), T_JJ},
    {"russian", B(JJ), T_JJ},
    {".", 0, T_PUNCT},
};

static void add_lexicon(hd_builder *b)
{
    for (size_t i = 0; i < sizeof lexicon / sizeof lexicon[0]; i++)
        if (lexicon[i].tags)
            hd_builder_lexicon(b, lexicon[i].word, strlen(lexicon[i].word), lexicon[i].tags, lexicon[i].best);
}

#define OK(call)                                                                                   \
    do {                                                                                           \
        char err_[200] = "";                                                                       \
        int rc_ = (call);                                                                          \
        if (rc_ != 0)                                                                              \
            print_error("%s failed: %s\n", #call, err_);                                           \
        assert_int_equal(rc_, 0);                                                                  \
    } while (0)
/* the calls below refer to err_ through these */
#define E err_, sizeof err_

static hd_builder *small_builder(void)
{
    hd_builder *b = hd_builder_new();
    assert_non_null(b);
    add_lexicon(b);
    hd_builder_lemma(b, "struck", "strike");
    hd_builder_lemma(b, "met", "meet");
    hd_builder_lemma(b, "men", "man");
    hd_builder_lemma(b, "gunmen", "gunman");
    hd_builder_lexicon(b, "gunmen", 6, B(NNS), T_NNS);

    hd_dated_code rus[1] = {{"RUS", 0, 0}};
    OK(hd_builder_actor(b, "Russia", rus, 1, "t:1", E));
    OK(hd_builder_actor(b, "Russian", rus, 1, "t:2", E));
    hd_dated_code syr[1] = {{"SYR", 0, 0}};
    OK(hd_builder_actor(b, "Syria", syr, 1, "t:3", E));
    /* a person whose code depends on the date */
    hd_dated_code ivan[2] = {{"RUSELI", 0, 19991231}, {"RUSGOV", 20000101, 0}};
    OK(hd_builder_actor(b, "Ivan Petrovsky", ivan, 2, "t:4", E));
    /* an organisation with an open fallback and a dated code */
    hd_dated_code front[2] = {{"SYRREB", 0, 0}, {"SYRINS", 20130101, 20131231}};
    OK(hd_builder_actor(b, "Liberation Front", front, 2, "t:5", E));

    OK(hd_builder_agent(b, "soldier", "MIL", NULL, "t:10", E));
    OK(hd_builder_agent(b, "army", "MIL", NULL, "t:11", E));
    OK(hd_builder_agent(b, "gunman", "REB", "gunmen", "t:12", E));
    OK(hd_builder_agent(b, "militia", "REB", "", "t:13", E));

    uint32_t blk = hd_builder_block(b, "ATTACK", "190", "t:20");
    assert_int_not_equal(blk, HD_NONE);
    OK(hd_builder_verb(b, blk, "attack", NULL, "t:21", E));
    OK(hd_builder_verb(b, blk, "strike", NULL, "t:22", E));
    OK(hd_builder_verb(b, blk, "carry out", "carried out a raid on", "t:23", E));
    OK(hd_builder_synset_add(b, "&WEAPON", "rifles", E));
    OK(hd_builder_synset_add(b, "&WEAPON", "machine guns", E));
    OK(hd_builder_pattern(b, blk, "$ * + with &WEAPON", "193", "t:24", E));
    OK(hd_builder_pattern(b, blk, "$ * + on_the bridge", "1823", "t:25", E));
    OK(hd_builder_pattern(b, blk, "% * +", "---", "t:26", E));

    uint32_t meet = hd_builder_block(b, "MEET", "---", "t:30");
    OK(hd_builder_verb(b, meet, "meet", NULL, "t:31", E));
    OK(hd_builder_pattern(b, meet, "$ * +", "040", "t:32", E));

    OK(hd_builder_noun(b, "raid", "190", "t:40", E));
    OK(hd_builder_noun(b, "air strike", "195", "t:41", E));
    OK(hd_builder_simple(b, E_LIGHT, "carry out", 0, "t:50", E));
    OK(hd_builder_simple(b, E_OUTLET, "Daily Planet", 0, "t:51", E));
    OK(hd_builder_simple(b, E_HEDGE, "reportedly", 0, "t:52", E));
    OK(hd_builder_simple(b, E_DISCARD, "football match", 0, "t:53", E));
    OK(hd_builder_simple(b, E_SAY, "say", 0, "t:54", E));

    OK(hd_builder_cameo(b, "190", -10.0, "Use conventional military force", E));
    OK(hd_builder_cameo(b, "193", -10.0, "Fight with small arms", E));
    OK(hd_builder_cameo(b, "1823", -9.0, "Kill by physical assault", E));
    OK(hd_builder_cameo(b, "195", -10.0, "Employ aerial weapons", E));
    OK(hd_builder_cameo(b, "040", 1.0, "Consult", E));
    OK(hd_builder_cameo(b, "19", -10.0, "Fight", E));
    return b;
}

static void small_image(char **data, size_t *size)
{
    hd_builder *b = small_builder();
    assert_int_equal(hd_builder_image(b, data, size), 0);
    hd_builder_free(b);
    assert_non_null(*data);
    assert_true(*size > sizeof(hd_img_header));
}

/* 1 when the structural checks alone (no checksum) refuse the bytes, with a message. */
static int structure_refused(const char *data, size_t size, char *err, size_t errlen)
{
    hd_model m;
    err[0] = '\0';
    return hd_model_check_structure(&m, data, size, err, errlen) != 0 && err[0] != '\0';
}

static hd_model *load_copy(const char *data, size_t size, char *err, size_t errlen)
{
    char *copy = malloc(size ? size : 1);
    assert_non_null(copy);
    memcpy(copy, data, size);
    return hd_model_from_image(copy, size, 0, err, errlen);
}

/* ---- lookups ---------------------------------------------------------------------------- */

static uint32_t word(const hd_model *m, const char *w)
{
    return hd_model_word(m, w, strlen(w), hd_hash_bytes(w, strlen(w)));
}

/* Trie node of a phrase given as space-separated words, HD_NONE when absent. */
static uint32_t phrase_node(const hd_model *m, const char *phrase)
{
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", phrase);
    uint32_t node = 0;
    char *save = NULL;
    for (char *w = strtok_r(tmp, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        uint32_t id = word(m, w);
        if (id == HD_NONE)
            return HD_NONE;
        node = hd_model_child(m, node, id);
        if (node == HD_NONE)
            return HD_NONE;
    }
    return node;
}

static const hd_entry *phrase_entry(const hd_model *m, const char *phrase, int kind)
{
    uint32_t node = phrase_node(m, phrase);
    if (node == HD_NONE)
        return NULL;
    const hd_node *nd = &m->nodes[node];
    for (uint32_t k = 0; k < nd->n_entries; k++)
        if (m->entries[nd->first_entry + k].kind == kind)
            return &m->entries[nd->first_entry + k];
    return NULL;
}

/* ---- coding with a model ---------------------------------------------------------------- */

typedef struct seen {
    int n;
    char line[16][96];
} seen;

static int collect(void *user, const hd_event *ev)
{
    seen *s = user;
    if (s->n < 16)
        snprintf(s->line[s->n++], 96, "%s %s %s", ev->source ? ev->source->code : "-", ev->code,
                 ev->target ? ev->target->code : "-");
    return 0;
}

static long code_text(const hd_model *m, const char *text, const char *date, seen *out)
{
    hd_coder *c = hd_coder_new(m);
    assert_non_null(c);
    hd_doc d = {"t", text, strlen(text), NULL, date, NULL, NULL};
    memset(out, 0, sizeof *out);
    long n = hd_code_document(c, &d, collect, out);
    hd_coder_free(c);
    return n;
}

static int has_event(const seen *s, const char *line)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->line[i], line) == 0)
            return 1;
    return 0;
}

static void dump(const seen *s)
{
    for (int i = 0; i < s->n; i++)
        print_message("  event: %s\n", s->line[i]);
}

/* Sentences that touch every kind of entry of the small model. */
static const char *const probe_sentences[] = {
    "Russian soldiers attacked the town.",
    "Gunmen struck the city with rifles.",
    "The army carried out a raid on the bridge.",
    "Ivan Petrovsky met Syria.",
    "They did not attack the Liberation Front, the Daily Planet reportedly said.",
    "Russia and Syria will strike the town on the bridge.",
    "The football match was planned in Russia.",
    "Militia attacks.",
};

static void code_probes(const hd_model *m)
{
    hd_coder *c = hd_coder_new(m);
    assert_non_null(c);
    for (size_t i = 0; i < sizeof probe_sentences / sizeof *probe_sentences; i++) {
        seen s;
        memset(&s, 0, sizeof s);
        hd_doc d = {"p", probe_sentences[i], strlen(probe_sentences[i]), "Russian army attacks", "2015-10-01",
                    "src", "http://x"};
        long n = hd_code_document(c, &d, collect, &s);
        assert_true(n >= 0);
    }
    hd_coder_free(c);
}

/* ---- round trip ------------------------------------------------------------------------- */

static void test_round_trip_words_and_lemmas(void **state)
{
    (void)state;
    char *data;
    size_t size;
    small_image(&data, &size);
    char err[200] = "";
    hd_model *m = hd_model_from_image(data, size, 0, err, sizeof err);
    assert_non_null(m);
    assert_string_equal(err, "");

    uint32_t attack = word(m, "attack");
    assert_int_not_equal(attack, HD_NONE);
    assert_int_equal(word(m, "ATTACK"), attack); /* case-insensitive */
    assert_int_equal(word(m, "AtTaCk"), attack);
    assert_int_equal(word(m, "attac"), HD_NONE);
    assert_int_equal(word(m, "attackx"), HD_NONE);
    assert_int_equal(word(m, "zebra"), HD_NONE);
    assert_true(m->words[attack].tags & B(NN));
    assert_true(m->words[attack].tags & B(VB));
    assert_int_equal(m->words[attack].best, T_NN);
    /* irregular lemmas from hd_builder_lemma */
    assert_int_equal(m->words[word(m, "struck")].lemma, word(m, "strike"));
    assert_int_equal(m->words[word(m, "met")].lemma, word(m, "meet"));
    assert_int_equal(m->words[word(m, "men")].lemma, word(m, "man"));
    /* generated inflections get the lemma of their verb */
    assert_int_equal(m->words[word(m, "attacked")].lemma, attack);
    assert_int_equal(m->words[word(m, "attacking")].lemma, attack);
    assert_int_equal(m->words[attack].lemma, attack);
    /* names: listed only capitalised */
    assert_true(m->words[word(m, "syria")].flags & WF_NAME);
    assert_false(m->words[word(m, "russian")].flags & WF_NAME); /* seen lower-case too */
    assert_false(m->words[attack].flags & WF_NAME);
    hd_model_free(m);
}

static void test_round_trip_entries(void **state)
{
    (void)state;
    char *data;
    size_t size;
    small_image(&data, &size);
    hd_model *m = hd_model_from_image(data, size, 0, NULL, 0);
    assert_non_null(m);

    const hd_entry *e = phrase_entry(m, "russia", E_ACTOR);
    assert_non_null(e);
    assert_int_equal(e->n_aux, 1);
    assert_string_equal(hd_str(m, m->actor_codes[e->aux].code), "RUS");
    assert_string_equal(hd_str(m, e->rule), "t:1");

    e = phrase_entry(m, "ivan petrovsky", E_ACTOR);
    assert_non_null(e);
    assert_int_equal(e->n_words, 2);
    assert_int_equal(e->n_aux, 2);
    assert_string_equal(hd_str(m, m->actor_codes[e->aux].code), "RUSELI");
    assert_int_equal(m->actor_codes[e->aux].to, 19991231);
    assert_string_equal(hd_str(m, m->actor_codes[e->aux + 1].code), "RUSGOV");
    assert_int_equal(m->actor_codes[e->aux + 1].from, 20000101);
    assert_int_equal(m->actor_codes[e->aux + 1].to, 0);
    assert_null(phrase_entry(m, "ivan", E_ACTOR)); /* a prefix is not the phrase */

    e = phrase_entry(m, "liberation front", E_ACTOR);
    assert_non_null(e);
    assert_string_equal(hd_str(m, e->code), "SYRREB"); /* the undated code is the fallback */

    /* agents with generated, given and no plurals */
    assert_non_null(phrase_entry(m, "soldier", E_AGENT));
    assert_non_null(phrase_entry(m, "soldiers", E_AGENT));
    assert_non_null(phrase_entry(m, "armies", E_AGENT));
    assert_non_null(phrase_entry(m, "gunmen", E_AGENT));
    assert_string_equal(hd_str(m, phrase_entry(m, "gunmen", E_AGENT)->code), "REB");
    assert_null(phrase_entry(m, "gunmans", E_AGENT));
    assert_non_null(phrase_entry(m, "militia", E_AGENT));
    assert_null(phrase_entry(m, "militias", E_AGENT));

    /* verbs: every inflection, multi-word, explicit extra forms */
    static const char *const forms[] = {"attack", "attacks", "attacked", "attacking", "strike", "strikes",
                                        "struck", "striking", "carry out", "carries out", "carried out",
                                        "carrying out", "carried out a raid on", "meet", "met", "meets"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        e = phrase_entry(m, forms[i], E_VERB);
        if (!e)
            fail_msg("no verb entry for '%s'", forms[i]);
        assert_true(e->aux < m->n_blocks);
    }
    assert_null(phrase_entry(m, "striked", E_VERB)); /* irregular: no regular past */
    assert_null(phrase_entry(m, "meeted", E_VERB));
    e = phrase_entry(m, "struck", E_VERB);
    assert_int_equal(e->form, VF_PAST);
    assert_int_equal(phrase_entry(m, "attacking", E_VERB)->form, VF_ING);
    assert_int_equal(phrase_entry(m, "attacks", E_VERB)->form, VF_3SG);
    assert_int_equal(phrase_entry(m, "carried out a raid on", E_VERB)->form, VF_ANY);
    const hd_block *blk = &m->blocks[phrase_entry(m, "attack", E_VERB)->aux];
    assert_string_equal(hd_str(m, blk->code), "190");
    assert_string_equal(hd_str(m, blk->name), "ATTACK");
    assert_int_equal(blk->n_patterns, 3);
    const hd_block *mb = &m->blocks[phrase_entry(m, "met", E_VERB)->aux];
    assert_string_equal(hd_str(m, mb->code), ""); /* "---" */
    assert_int_equal(mb->n_patterns, 1);

    /* patterns: "$ * + with &WEAPON" has nothing before the verb but the source marker */
    const hd_pattern *p = &m->patterns[blk->first_pattern];
    assert_string_equal(hd_str(m, p->code), "193");
    assert_int_equal(p->n_lower, 1);
    assert_int_equal(p->n_upper, 3);
    assert_int_equal(p->specificity, 2);
    const hd_elem *el = &m->elems[p->first_elem];
    assert_int_equal(el[0].type, EL_SOURCE);
    assert_int_equal(el[1].type, EL_TARGET);
    assert_int_equal(el[2].type, EL_WORD);
    assert_int_equal(el[2].value, word(m, "with"));
    assert_int_equal(el[3].type, EL_SYNSET);
    const hd_synset *sy = &m->synsets[el[3].value];
    assert_string_equal(hd_str(m, sy->name), "weapon");
    assert_int_equal(sy->n_phrases, 2);
    const hd_phrase *ph = &m->phrases[sy->first_phrase + 1];
    assert_int_equal(ph->n_words, 2);
    assert_int_equal(m->phrase_words[ph->first_word], word(m, "machine"));
    assert_true(HD_BLOOM_HAS(sy->bloom, m->words[word(m, "rifles")].lemma));
    /* "on_the bridge": "_" glues "on" and "the" */
    p = &m->patterns[blk->first_pattern + 1];
    assert_string_equal(hd_str(m, p->code), "1823");
    el = &m->elems[p->first_elem + p->n_lower];
    assert_int_equal(el[1].value, word(m, "on"));
    assert_int_equal(el[2].value, word(m, "the"));
    assert_true(el[2].adjacent);
    assert_false(el[3].adjacent);
    /* "% * +" with "---" */
    p = &m->patterns[blk->first_pattern + 2];
    assert_string_equal(hd_str(m, p->code), "");
    assert_int_equal(m->elems[p->first_elem].type, EL_COMPOUND);

    /* nouns, light verbs, outlets, hedges, discards, reporting verbs */
    assert_string_equal(hd_str(m, phrase_entry(m, "air strike", E_NOUN)->code), "195");
    assert_string_equal(hd_str(m, phrase_entry(m, "raid", E_NOUN)->code), "190");
    assert_non_null(phrase_entry(m, "carried out", E_LIGHT));
    assert_non_null(phrase_entry(m, "daily planet", E_OUTLET));
    assert_non_null(phrase_entry(m, "reportedly", E_HEDGE));
    assert_non_null(phrase_entry(m, "football match", E_DISCARD));
    assert_non_null(phrase_entry(m, "said", E_SAY) ? phrase_entry(m, "said", E_SAY) : phrase_entry(m, "says", E_SAY));

    /* CAMEO table: sorted, looked up exactly */
    assert_int_equal(m->n_cameo, 6);
    for (size_t i = 1; i < m->n_cameo; i++)
        assert_true(strcmp(m->cameo[i - 1].code, m->cameo[i].code) < 0);
    const hd_cameo *cm = hd_model_cameo(m, "1823");
    assert_non_null(cm);
    assert_true(cm->goldstein > -9.01f && cm->goldstein < -8.99f);
    assert_string_equal(hd_str(m, cm->label), "Kill by physical assault");
    assert_non_null(hd_model_cameo(m, "19"));
    assert_null(hd_model_cameo(m, "182"));
    assert_null(hd_model_cameo(m, ""));
    assert_null(hd_model_cameo(m, "18233"));
    hd_model_free(m);
}

static void test_round_trip_coding(void **state)
{
    (void)state;
    char *data;
    size_t size;
    /* the coder codes verbs from the parse: this image carries the trained syntax section */
    hd_builder *b = small_builder();
    if (add_trained_syntax(b) != 0) {
        hd_builder_free(b);
        return;
    }
    assert_int_equal(hd_builder_image(b, &data, &size), 0);
    hd_builder_free(b);
    hd_model *m = hd_model_from_image(data, size, 0, NULL, 0);
    assert_non_null(m);
    seen s;
    assert_true(code_text(m, "Russian soldiers attacked the town.", NULL, &s) >= 1);
    if (!has_event(&s, "RUSMIL 190 -")) {
        dump(&s);
        fail_msg("expected RUSMIL 190");
    }
    code_text(m, "Russian soldiers attacked Syria with rifles.", NULL, &s);
    if (!has_event(&s, "RUSMIL 193 SYR")) {
        dump(&s);
        fail_msg("expected RUSMIL 193 SYR from the &WEAPON pattern");
    }
    /* dated actor: the code valid on the publication date */
    code_text(m, "Ivan Petrovsky met Syria.", "1998-05-01", &s);
    if (!has_event(&s, "RUSELI 040 SYR")) {
        dump(&s);
        fail_msg("expected RUSELI before 2000");
    }
    code_text(m, "Ivan Petrovsky met Syria.", "2010-05-01", &s);
    if (!has_event(&s, "RUSGOV 040 SYR")) {
        dump(&s);
        fail_msg("expected RUSGOV after 2000");
    }
    /* ("attacked Russia" would match the "% * +" pattern, which codes nothing) */
    code_text(m, "The Liberation Front attacked the town.", "2013-06-01", &s);
    if (!has_event(&s, "SYRINS 190 -")) {
        dump(&s);
        fail_msg("expected the dated SYRINS in 2013");
    }
    code_text(m, "The Liberation Front attacked the town.", "2016-06-01", &s);
    if (!has_event(&s, "SYRREB 190 -")) {
        dump(&s);
        fail_msg("expected the fallback SYRREB outside 2013");
    }
    /* discard phrase: nothing */
    assert_int_equal(code_text(m, "Russian soldiers attacked the town after the football match.", NULL, &s), 0);
    code_probes(m);
    hd_model_free(m);
}

static void test_stats(void **state)
{
    (void)state;
    char *data;
    size_t size;
    small_image(&data, &size);
    hd_model *m = hd_model_from_image(data, size, 0, NULL, 0);
    assert_non_null(m);
    hd_model_stats st;
    memset(&st, 0xab, sizeof st);
    hd_model_get_stats(m, &st);
    assert_int_equal(st.image_bytes, size);
    assert_int_equal(st.words, m->n_words);
    assert_int_equal(st.actors, 5);      /* Russia, Russian, Syria, Ivan Petrovsky, Liberation Front */
    /* soldier(s), army/armies, gunman/gunmen, militia */
    assert_int_equal(st.agents, 7);
    assert_int_equal(st.nouns, 2);
    assert_int_equal(st.verbs, 2);       /* blocks */
    assert_int_equal(st.patterns, 4);
    assert_int_equal(st.cameo_codes, 6);
    assert_true(st.phrases >= st.actors + st.agents + st.nouns);
    assert_true(st.words >= sizeof lexicon / sizeof lexicon[0] - 2);

    /* the real model, when present: plausible numbers */
    const char *path = getenv("HERALD_MODEL");
    if (path && access(path, R_OK) == 0) {
        char err[300];
        hd_model *real = hd_model_open(path, err, sizeof err);
        assert_non_null(real);
        hd_model_get_stats(real, &st);
        struct stat sb;
        assert_int_equal(stat(path, &sb), 0);
        assert_int_equal(st.image_bytes, (size_t)sb.st_size);
        assert_true(st.words > 10000);
        assert_true(st.actors > 100);
        assert_true(st.agents > 20);
        assert_true(st.verbs > 10);
        assert_true(st.patterns > 10);
        assert_true(st.cameo_codes > 200);
        assert_true(st.phrases > st.actors / 2);
        hd_model_free(real);
    }
    hd_model_free(m);
}

static void test_empty_builder(void **state)
{
    (void)state;
    /* a builder with nothing in it still writes a loadable image */
    hd_builder *b = hd_builder_new();
    char *data;
    size_t size;
    assert_int_equal(hd_builder_image(b, &data, &size), 0);
    hd_builder_free(b);
    char err[200];
    hd_model *m = hd_model_from_image(data, size, 0, err, sizeof err);
    assert_non_null(m);
    hd_model_stats st;
    hd_model_get_stats(m, &st);
    assert_int_equal(st.actors + st.agents + st.nouns + st.patterns + st.cameo_codes, 0);
    assert_int_equal(word(m, "anything"), HD_NONE);
    assert_null(hd_model_cameo(m, "190"));
    seen s;
    assert_int_equal(code_text(m, "Russian soldiers attacked the town. And then? Nothing.", "2015-01-01", &s), 0);
    hd_model_free(m);
    hd_builder_free(NULL);
    hd_model_free(NULL);
}

/* ---- builder input validation ---------------------------------------------------------- */

static void test_builder_rejects(void **state)
{
    (void)state;
    hd_builder *b = hd_builder_new();
    char err[200];
    hd_dated_code bad[1] = {{"RU S", 0, 0}};
    err[0] = '\0';
    assert_int_equal(hd_builder_actor(b, "Somewhere", bad, 1, "r", err, sizeof err), -1);
    assert_true(strlen(err) > 0);
    assert_int_equal(hd_builder_actor(b, "Somewhere", bad, 0, "r", err, sizeof err), -1);
    hd_dated_code empty[1] = {{"", 0, 0}};
    assert_int_equal(hd_builder_actor(b, "Somewhere", empty, 1, "r", err, sizeof err), -1);
    hd_dated_code ok[1] = {{"ABC", 0, 0}};
    assert_int_equal(hd_builder_actor(b, "", ok, 1, "r", err, sizeof err), -1);
    assert_int_equal(hd_builder_actor(b, "   ", ok, 1, "r", NULL, 0), -1); /* err may be NULL */
    assert_int_equal(hd_builder_agent(b, "guard", "M I L", NULL, "r", err, sizeof err), -1);
    assert_int_equal(hd_builder_agent(b, "guard", "", NULL, "r", err, sizeof err), -1);
    assert_int_equal(hd_builder_verb(b, 99, "attack", NULL, "r", err, sizeof err), -1);
    assert_int_equal(hd_builder_pattern(b, 99, "$ * +", "190", "r", err, sizeof err), -1);
    uint32_t blk = hd_builder_block(b, "X", "190", "r");
    assert_int_equal(hd_builder_verb(b, blk, "", NULL, "r", err, sizeof err), -1);
    assert_int_equal(hd_builder_pattern(b, blk, "$ +", "190", "r", err, sizeof err), -1);   /* no star */
    assert_int_equal(hd_builder_pattern(b, blk, "$ * * +", "190", "r", err, sizeof err), -1); /* two */
    assert_int_equal(hd_builder_pattern(b, blk, "", "190", "r", err, sizeof err), -1);
    char longpat[700];
    memset(longpat, 'a', sizeof longpat - 1);
    longpat[sizeof longpat - 1] = '\0';
    longpat[10] = '*';
    longpat[9] = longpat[11] = ' ';
    assert_int_equal(hd_builder_pattern(b, blk, longpat, "190", "r", err, sizeof err), -1);
    /* 70 items: more than a pattern holds */
    char many[400] = "";
    for (int i = 0; i < 70; i++)
        strcat(many, i == 3 ? "* " : "w ");
    assert_int_equal(hd_builder_pattern(b, blk, many, "190", "r", err, sizeof err), -1);
    assert_int_equal(hd_builder_noun(b, "raid", "19 0", "r", err, sizeof err), -1);
    assert_int_equal(hd_builder_noun(b, "raid", "", "r", err, sizeof err), -1);
    assert_int_equal(hd_builder_noun(b, "", "190", "r", err, sizeof err), -1);
    assert_int_equal(hd_builder_cameo(b, "1", 0, "x", err, sizeof err), -1);
    assert_int_equal(hd_builder_cameo(b, "12345", 0, "x", err, sizeof err), -1);
    assert_int_equal(hd_builder_cameo(b, "19a", 0, "x", err, sizeof err), -1);
    assert_int_equal(hd_builder_cameo(b, "190", 10.5, "x", err, sizeof err), -1);
    assert_int_equal(hd_builder_cameo(b, "190", -10.5, "x", err, sizeof err), -1);
    assert_int_equal(hd_builder_cameo(b, "190", 0, NULL, err, sizeof err), 0);
    assert_int_equal(hd_builder_cameo(b, "190", -10, "again", err, sizeof err), 0); /* replaces */
    assert_int_equal(hd_builder_synset_add(b, "&", "x", err, sizeof err), -1);
    assert_int_equal(hd_builder_synset_add(b, "&S", "", err, sizeof err), -1);
    /* patterns of a block must be contiguous */
    uint32_t b2 = hd_builder_block(b, "Y", "---", "r");
    assert_int_equal(hd_builder_pattern(b, blk, "$ * +", "190", "r", err, sizeof err), 0);
    assert_int_equal(hd_builder_pattern(b, b2, "$ * +", "190", "r", err, sizeof err), 0);
    assert_int_equal(hd_builder_pattern(b, blk, "$ * + now", "190", "r", err, sizeof err), -1);
    /* duplicates add nothing */
    assert_int_equal(hd_builder_noun(b, "raid", "190", "r", err, sizeof err), 0);
    assert_int_equal(hd_builder_noun(b, "raid", "190", "r", err, sizeof err), 0);
    /* long and odd phrases: no crash, an image still comes out */
    char longp[2000];
    memset(longp, 'x', sizeof longp - 1);
    longp[sizeof longp - 1] = '\0';
    hd_builder_noun(b, longp, "190", "r", err, sizeof err);
    hd_builder_lexicon(b, longp, strlen(longp), B(NN), T_NN);
    hd_builder_lemma(b, longp, "x");
    hd_builder_lemma(b, "same", "same");
    hd_builder_noun(b, "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r s t "
                       "u v w x y z a b c d e f g h i j k l m n o p",
                    "190", "r", err, sizeof err);
    hd_builder_noun(b, "caf\xc3\xa9 \xe2\x80\x94 attack", "190", "r", err, sizeof err);
    hd_builder_noun(b, "U.S.'s_own raid", "190", "r", err, sizeof err);
    /* every section non-empty */
    assert_int_equal(hd_builder_synset_add(b, "&S", "some place", err, sizeof err), 0);
    assert_int_equal(hd_builder_actor(b, "Somewhere", ok, 1, "r", err, sizeof err), 0);
    char *data;
    size_t size;
    assert_int_equal(hd_builder_image(b, &data, &size), 0);
    hd_model *m = hd_model_from_image(data, size, 0, err, sizeof err);
    assert_non_null(m);
    assert_string_equal(hd_str(m, hd_model_cameo(m, "190")->label), "again");
    hd_model_free(m);
    hd_builder_free(b);
}

/* Importing a model into a builder and writing it again keeps its entries. */
static void test_import_model(void **state)
{
    (void)state;
    char *data;
    size_t size;
    small_image(&data, &size);
    hd_model *m = hd_model_from_image(data, size, 0, NULL, 0);
    assert_non_null(m);
    hd_builder *b = hd_builder_new();
    assert_int_equal(hd_builder_import_model(b, m, (1u << E_ACTOR) | (1u << E_AGENT) | (1u << E_NOUN)), 0);
    /* no verb entries are imported: give the new image one block, pattern and synset so that no
     * section is empty */
    char err[200];
    uint32_t blk = hd_builder_block(b, "NEW", "---", "n:1");
    assert_int_equal(hd_builder_verb(b, blk, "raid", NULL, "n:2", err, sizeof err), 0);
    assert_int_equal(hd_builder_synset_add(b, "&PLACE", "the town", err, sizeof err), 0);
    assert_int_equal(hd_builder_pattern(b, blk, "$ * + in &PLACE", "190", "n:3", err, sizeof err), 0);
    char *d2;
    size_t s2;
    assert_int_equal(hd_builder_image(b, &d2, &s2), 0);
    hd_builder_free(b);
    hd_model *m2 = hd_model_from_image(d2, s2, 0, NULL, 0);
    assert_non_null(m2);
    hd_model_stats a, c;
    hd_model_get_stats(m, &a);
    hd_model_get_stats(m2, &c);
    assert_int_equal(c.actors, a.actors);
    assert_int_equal(c.agents, a.agents);
    assert_int_equal(c.nouns, a.nouns);
    assert_int_equal(c.cameo_codes, a.cameo_codes);
    assert_int_equal(c.patterns, 1);
    assert_int_equal(c.verbs, 1);
    const hd_entry *e = phrase_entry(m2, "ivan petrovsky", E_ACTOR);
    assert_non_null(e);
    assert_int_equal(e->n_aux, 2);
    assert_string_equal(hd_str(m2, m2->actor_codes[e->aux + 1].code), "RUSGOV");
    assert_null(phrase_entry(m2, "attack", E_VERB));
    assert_int_equal(m2->words[word(m2, "struck")].lemma, word(m2, "strike"));
    hd_model_free(m2);
    hd_model_free(m);
}

/* ---- corrupt images --------------------------------------------------------------------- */

static void test_every_prefix_rejected(void **state)
{
    (void)state;
    char *data;
    size_t size;
    small_image(&data, &size);
    for (size_t n = 0; n < size; n++) {
        char err[200] = "";
        hd_model *m = load_copy(data, n, err, sizeof err);
        if (m) {
            hd_model_free(m);
            fail_msg("a prefix of %zu of %zu bytes was accepted", n, size);
        }
        if (!err[0])
            fail_msg("no message for a prefix of %zu bytes", n);
    }
    /* and a longer buffer (garbage appended) too */
    char *longer = malloc(size + 64);
    memcpy(longer, data, size);
    memset(longer + size, 0, 64);
    char err[200] = "";
    assert_null(load_copy(longer, size + 64, err, sizeof err));
    assert_true(strlen(err) > 0);
    free(longer);
    /* the whole image still loads */
    hd_model *m = load_copy(data, size, NULL, 0);
    assert_non_null(m);
    hd_model_free(m);
    free(data);
}

static void test_bad_magic_and_version(void **state)
{
    (void)state;
    char *data;
    size_t size;
    small_image(&data, &size);
    char err[200];
    hd_img_header *h = (hd_img_header *)(void *)data;

    h->magic[0] = 'X';
    assert_true(structure_refused(data, size, err, sizeof err));
    assert_non_null(strstr(err, "magic"));
    h->magic[0] = 'H';

    h->version = HD_IMAGE_VERSION + 1;
    err[0] = '\0';
    assert_true(structure_refused(data, size, err, sizeof err));
    assert_non_null(strstr(err, "version"));
    h->version = HD_IMAGE_VERSION - 1;
    assert_true(structure_refused(data, size, err, sizeof err));
    h->version = HD_IMAGE_VERSION;

    h->n_sections = S_COUNT + 1;
    assert_true(structure_refused(data, size, err, sizeof err));
    h->n_sections = S_COUNT;

    h->total_bytes = size + 8;
    assert_true(structure_refused(data, size, err, sizeof err));
    h->total_bytes = size;

    /* a section pointing past the end, a huge count, misalignment */
    hd_img_section *sec = (hd_img_section *)(void *)(data + sizeof *h);
    hd_img_section keep = sec[S_WORDS];
    sec[S_WORDS].offset = size + 16;
    assert_true(structure_refused(data, size, err, sizeof err));
    sec[S_WORDS] = keep;
    sec[S_WORDS].count = UINT64_MAX / 2;
    assert_true(structure_refused(data, size, err, sizeof err));
    sec[S_WORDS] = keep;
    sec[S_WORDS].offset += 1;
    assert_true(structure_refused(data, size, err, sizeof err));
    sec[S_WORDS] = keep;
    /* the string pool must end with NUL; hash tables must be powers of two */
    keep = sec[S_STRINGS];
    sec[S_STRINGS].count -= 1;
    char *last = &data[sec[S_STRINGS].offset + sec[S_STRINGS].count - 1], was = *last;
    *last = 'x';
    assert_true(structure_refused(data, size, err, sizeof err));
    *last = was;
    sec[S_STRINGS] = keep;
    keep = sec[S_WORD_SLOTS];
    sec[S_WORD_SLOTS].count -= 1;
    assert_true(structure_refused(data, size, err, sizeof err));
    sec[S_WORD_SLOTS].count = 0;
    assert_true(structure_refused(data, size, err, sizeof err));
    sec[S_WORD_SLOTS] = keep;
    keep = sec[S_EDGES];
    sec[S_EDGES].count = 0;
    assert_true(structure_refused(data, size, err, sizeof err));
    sec[S_EDGES] = keep;

    /* indexes out of range in each kind of record */
    hd_word *w = (hd_word *)(void *)(data + sec[S_WORDS].offset);
    uint32_t save = w[1].lemma;
    w[1].lemma = (uint32_t)sec[S_WORDS].count;
    err[0] = '\0';
    assert_true(structure_refused(data, size, err, sizeof err));
    assert_non_null(strstr(err, "corrupt"));
    w[1].lemma = save;
    save = w[1].text;
    w[1].text = (uint32_t)sec[S_STRINGS].count;
    assert_true(structure_refused(data, size, err, sizeof err));
    w[1].text = save;
    hd_entry *en = (hd_entry *)(void *)(data + sec[S_ENTRIES].offset);
    const uint8_t sorted_first_kind = en[0].kind;
    for (size_t i = 0; i < sec[S_ENTRIES].count; i++)
        if (en[i].kind == E_VERB) {
            save = en[i].aux;
            en[i].aux = (uint32_t)sec[S_BLOCKS].count;
            assert_true(structure_refused(data, size, err, sizeof err));
            en[i].aux = save;
            break;
        }
    for (size_t i = 0; i < sec[S_ENTRIES].count; i++)
        if (en[i].kind == E_ACTOR) {
            save = en[i].n_aux;
            en[i].n_aux = UINT32_MAX;
            assert_true(structure_refused(data, size, err, sizeof err));
            en[i].n_aux = save;
            break;
        }
    hd_cameo *cm = (hd_cameo *)(void *)(data + sec[S_CAMEO].offset);
    cm[0].code[4] = '7';
    assert_true(structure_refused(data, size, err, sizeof err));
    cm[0].code[4] = '\0';
    float gold = cm[0].goldstein;
    cm[0].goldstein = 0.0f / 0.0f;
    assert_true(structure_refused(data, size, err, sizeof err));
    cm[0].goldstein = gold;
    en[0].kind = 0;
    assert_true(structure_refused(data, size, err, sizeof err));
    en[0].kind = E_KIND_COUNT;
    assert_true(structure_refused(data, size, err, sizeof err));
    /* every change above also broke the checksum */
    assert_null(load_copy(data, size, err, sizeof err));
    assert_non_null(strstr(err, "checksum mismatch"));
    /* all repaired: loads again */
    en[0].kind = sorted_first_kind;
    hd_model *m = load_copy(data, size, err, sizeof err);
    assert_non_null(m);
    hd_model_free(m);
    free(data);
}

static uint64_t rng_state;
static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

static int check_model_image(const char *data, size_t size, char *err, size_t errlen)
{
    hd_model m;
    return hd_model_check_image(&m, data, size, err, errlen);
}

/* Every single-byte change is refused: by the header checks or by the checksum. */
static void test_every_flip_refused(void **state)
{
    (void)state;
    char *data;
    size_t size;
    small_image(&data, &size);
    size_t tried, refused;
    count_refused_flips(data, size, size, 1, 7, check_model_image, &tried, &refused);
    assert_int_equal(refused, tried);
    hd_model m;
    assert_int_equal(hd_model_check_image(&m, data, size, NULL, 0), 0);
    free(data);
}

/* Random flips past the checksum (a crafted image): the structural checks reject the image,
 * or the model it gives codes text without reading outside the image. */
static void test_random_byte_flips(void **state)
{
    (void)state;
    char *data;
    size_t size;
    small_image(&data, &size);
    rng_state = 20240611;
    int loaded = 0, rejected = 0;
    char *copy = malloc(size);
    assert_non_null(copy);
    for (int iter = 0; iter < 1000; iter++) {
        memcpy(copy, data, size);
        int flips = 1 + (int)(rnd() % 4);
        for (int k = 0; k < flips; k++) {
            size_t at = rnd() % size;
            if (rnd() % 2)
                copy[at] = (char)(copy[at] ^ (char)(1u << (rnd() % 8)));
            else
                copy[at] = (char)rnd();
        }
        hd_model_seal(copy, size);
        char err[200] = "";
        hd_model *m = load_copy(copy, size, err, sizeof err);
        if (!m) {
            assert_true(strlen(err) > 0);
            assert_null(strstr(err, "checksum"));
            rejected++;
            continue;
        }
        loaded++;
        hd_model_stats st;
        hd_model_get_stats(m, &st);
        assert_int_equal(st.image_bytes, size);
        code_probes(m);
        hd_model_free(m);
    }
    print_message("byte flips past the checksum: %d loaded, %d rejected\n", loaded, rejected);
    assert_int_equal(loaded + rejected, 1000);
    free(copy);
    free(data);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The built image: every header byte and 200 positions spread over the rest, each flipped, are
 * refused; so are truncations and an image of the previous version. Prints what the checksum
 * costs at load. */
static void test_built_image(void **state)
{
    (void)state;
    const char *path = getenv("HERALD_MODEL");
    size_t size = 0;
    char *data = path ? slurp(path, &size) : NULL;
    if (!data) {
        print_message("skipped: no $HERALD_MODEL\n");
        return;
    }
    size_t tried = 0, refused = 0, checksum = 0;
    for (size_t k = 0; k < sizeof(hd_img_header) + 200; k++) {
        size_t at = k < sizeof(hd_img_header) ? k : sizeof(hd_img_header) + (k - sizeof(hd_img_header)) * ((size - sizeof(hd_img_header) - 1) / 199);
        data[at] ^= 0x04;
        hd_model m;
        char err[200] = "";
        tried++;
        if (hd_model_check_image(&m, data, size, err, sizeof err) != 0) {
            refused++;
            checksum += strstr(err, "checksum mismatch") != NULL;
        }
        data[at] ^= 0x04;
    }
    print_message("built image: %zu of %zu flips refused (%zu by the checksum)\n", refused, tried, checksum);
    assert_int_equal(refused, tried);
    const size_t cuts[] = {0, 7, sizeof(hd_img_header), 4096, size / 3, size - 8, size - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        hd_model m;
        char err[200] = "";
        assert_int_equal(hd_model_check_image(&m, data, cuts[i], err, sizeof err), -1);
        assert_non_null(strstr(err, "rebuild it with make"));
    }
    hd_img_header *h = (hd_img_header *)(void *)data;
    h->version--;
    hd_model m;
    char err[200] = "";
    assert_int_equal(hd_model_check_image(&m, data, size, err, sizeof err), -1);
    assert_non_null(strstr(err, "another version: rebuild it with make"));
    h->version++;
    /* the cost of the checksum: the whole check against the structural checks alone */
    double best_all = 1e9, best_structure = 1e9;
    for (int round = 0; round < 5; round++) {
        double t0 = seconds();
        assert_int_equal(hd_model_check_image(&m, data, size, NULL, 0), 0);
        double t1 = seconds();
        assert_int_equal(hd_model_check_structure(&m, data, size, NULL, 0), 0);
        double t2 = seconds();
        best_all = t1 - t0 < best_all ? t1 - t0 : best_all;
        best_structure = t2 - t1 < best_structure ? t2 - t1 : best_structure;
    }
    print_message("load checks of %zu bytes: %.2f ms, of which the checksum %.2f ms\n", size, best_all * 1e3,
                  (best_all - best_structure) * 1e3);
    free(data);
}

/* A word's "best" tag is copied into hd_tok.tag and used as a shift count (TAGBIT) by the
 * tagger; the loader does not check that it is below T_COUNT. */
static void test_bad_best_tag(void **state)
{
    (void)state;
    char *data;
    size_t size;
    small_image(&data, &size);
    const hd_img_section *sec = (const hd_img_section *)(const void *)(data + sizeof(hd_img_header));
    hd_word *w = (hd_word *)(void *)(data + sec[S_WORDS].offset);
    for (size_t i = 0; i < sec[S_WORDS].count; i++)
        if (w[i].best == T_NN)
            w[i].best = 200;
    char err[200] = "";
    hd_model_seal(data, size); /* a crafted image: the structural checks must catch it */
    hd_model *m = hd_model_from_image(data, size, 0, err, sizeof err);
    /* expected: rejected as corrupt, or coding that does not trip UBSan */
    if (m) {
        code_probes(m);
        hd_model_free(m);
    }
}

/* ---- opening files ---------------------------------------------------------------------- */

static char tmpdir[256];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/herald-test-model-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    char path[512];
    static const char *const names[] = {"empty.hdm", "small.hdm", "junk.hdm", "half.hdm", NULL};
    for (size_t i = 0; names[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/dir.hdm", tmpdir);
    rmdir(path);
    rmdir(tmpdir);
    return 0;
}

static void write_file(const char *name, const char *data, size_t n, char *path, size_t pathlen)
{
    snprintf(path, pathlen, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void test_open_files(void **state)
{
    (void)state;
    char path[512], err[600];

    snprintf(path, sizeof path, "%s/missing.hdm", tmpdir);
    err[0] = '\0';
    assert_null(hd_model_open(path, err, sizeof err));
    assert_non_null(strstr(err, "missing.hdm"));
    assert_null(hd_model_open(path, NULL, 0));
    assert_null(hd_model_open("", err, sizeof err));

    snprintf(path, sizeof path, "%s/dir.hdm", tmpdir);
    assert_int_equal(mkdir(path, 0700), 0);
    err[0] = '\0';
    assert_null(hd_model_open(path, err, sizeof err));
    assert_non_null(strstr(err, "dir.hdm"));

    write_file("empty.hdm", "", 0, path, sizeof path);
    err[0] = '\0';
    assert_null(hd_model_open(path, err, sizeof err));
    assert_true(strlen(err) > 0);

    write_file("junk.hdm", "this is not a dictionary image at all, just text\n", 50, path, sizeof path);
    err[0] = '\0';
    assert_null(hd_model_open(path, err, sizeof err));
    assert_non_null(strstr(err, "junk.hdm"));

    char *data;
    size_t size;
    small_image(&data, &size);
    write_file("half.hdm", data, size / 2, path, sizeof path);
    err[0] = '\0';
    assert_null(hd_model_open(path, err, sizeof err));
    assert_non_null(strstr(err, "half.hdm"));
    write_file("small.hdm", data, size, path, sizeof path);
    free(data);
    hd_model *m = hd_model_open(path, err, sizeof err);
    assert_non_null(m);
    assert_int_not_equal(word(m, "attack"), HD_NONE);
    code_probes(m);
    hd_model_free(m);

    /* a tiny error buffer is not overrun */
    char tiny[4];
    memset(tiny, 'x', sizeof tiny);
    snprintf(path, sizeof path, "%s/missing.hdm", tmpdir);
    assert_null(hd_model_open(path, tiny, sizeof tiny));
    assert_int_equal(tiny[3], '\0');
}

/* ---- inflection ------------------------------------------------------------------------- */

static int has_form(char forms[][64], const int *kinds, size_t n, const char *f, int kind)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(forms[i], f) == 0 && (kind < 0 || !kinds || kinds[i] == kind))
            return 1;
    return 0;
}

static void expect_verb_forms(hd_builder *b, const char *lemma, const char *const *want, const char *const *unwanted)
{
    char forms[24][64];
    int kinds[24];
    size_t n = hd_builder_verb_forms(b, lemma, forms, kinds, 24);
    for (size_t i = 0; want[i]; i++)
        if (!has_form(forms, kinds, n, want[i], -1)) {
            for (size_t k = 0; k < n; k++)
                print_message("  %s: form %s (%d)\n", lemma, forms[k], kinds[k]);
            fail_msg("verb '%s': missing form '%s'", lemma, want[i]);
        }
    for (size_t i = 0; unwanted && unwanted[i]; i++)
        if (has_form(forms, kinds, n, unwanted[i], -1))
            fail_msg("verb '%s': unexpected form '%s'", lemma, unwanted[i]);
}

static void test_verb_forms(void **state)
{
    (void)state;
    hd_builder *b = hd_builder_new();
    add_lexicon(b);
    hd_builder_lemma(b, "struck", "strike");
    hd_builder_lemma(b, "stricken", "strike");
    hd_builder_lemma(b, "went", "go");
    hd_builder_lemma(b, "gone", "go");
    hd_builder_lexicon(b, "shelled", 7, B(VBD), T_VBD);

#define L(...) (const char *const[]){__VA_ARGS__, NULL}
    expect_verb_forms(b, "attack", L("attack", "attacks", "attacked", "attacking"), NULL);
    expect_verb_forms(b, "ATTACK", L("attack", "attacks", "attacked", "attacking"), NULL);
    /* -e */
    expect_verb_forms(b, "seize", L("seize", "seizes", "seized", "seizing"), L("seizeed", "seizeing"));
    expect_verb_forms(b, "free", L("frees", "freed", "freeing"), L("freing"));
    expect_verb_forms(b, "die", L("dies", "died", "dying"), L("dieing"));
    /* -y after a consonant, and after a vowel */
    expect_verb_forms(b, "carry", L("carries", "carried", "carrying"), L("carryed"));
    expect_verb_forms(b, "deploy", L("deploys", "deployed", "deploying"), L("deploies", "deploied"));
    /* sibilants */
    expect_verb_forms(b, "push", L("pushes", "pushed", "pushing"), NULL);
    expect_verb_forms(b, "march", L("marches", "marched"), NULL);
    expect_verb_forms(b, "tax", L("taxes", "taxed"), L("taxxed"));
    /* doubling: when the lexicon knows the doubled spelling; "shell" is not CVC */
    expect_verb_forms(b, "plan", L("plans", "planned", "planning"), NULL);
    expect_verb_forms(b, "shell", L("shells", "shelled", "shelling"), NULL);
    /* multi-word: the first word inflects */
    expect_verb_forms(b, "carry out", L("carry out", "carries out", "carried out", "carrying out"),
                      L("carry outs", "carry outed"));
    expect_verb_forms(b, "push back", L("pushes back", "pushed back", "pushing back"), NULL);
    /* irregular, from the lemma table: no regular past */
    expect_verb_forms(b, "strike", L("strike", "strikes", "struck", "stricken", "striking"), L("striked"));
    expect_verb_forms(b, "go", L("go", "goes", "went", "gone", "going"), L("goed"));
    /* be and have */
    expect_verb_forms(b, "be", L("be", "is", "are"), NULL);
    expect_verb_forms(b, "have", L("have", "has"), L("haves"));

    char forms[24][64];
    int kinds[24];
    size_t n = hd_builder_verb_forms(b, "strike", forms, kinds, 24);
    assert_true(has_form(forms, kinds, n, "struck", VF_PAST));
    assert_true(has_form(forms, kinds, n, "striking", VF_ING));
    assert_true(has_form(forms, kinds, n, "strikes", VF_3SG));
    assert_true(has_form(forms, kinds, n, "strike", VF_BASE));
    /* kinds may be NULL; max bounds the output */
    assert_true(hd_builder_verb_forms(b, "attack", forms, NULL, 24) >= 4);
    assert_int_equal(hd_builder_verb_forms(b, "attack", forms, kinds, 2), 2);
    assert_int_equal(hd_builder_verb_forms(b, "attack", forms, kinds, 0), 0);
    /* odd lemmas: nothing, or something, but no crash */
    assert_int_equal(hd_builder_verb_forms(b, "", forms, kinds, 24), 0);
    char longl[200];
    memset(longl, 'a', sizeof longl - 1);
    longl[sizeof longl - 1] = '\0';
    assert_int_equal(hd_builder_verb_forms(b, longl, forms, kinds, 24), 0);
    hd_builder_verb_forms(b, "a", forms, kinds, 24);
    hd_builder_verb_forms(b, "e", forms, kinds, 24);
    hd_builder_verb_forms(b, "y", forms, kinds, 24);
    hd_builder_verb_forms(b, "ie", forms, kinds, 24);
    hd_builder_verb_forms(b, "x out", forms, kinds, 24);
    hd_builder_verb_forms(b, "carry out out out out out out out out out out out", forms, kinds, 24);
    hd_builder_verb_forms(b, "caf\xc3\xa9", forms, kinds, 24);
    /* a lemma starting with a space has an empty first word: head[n - 1] with n == 0 */
    hd_builder_verb_forms(b, " out", forms, kinds, 24);
    hd_builder_verb_forms(b, " ", forms, kinds, 24);
    hd_builder_free(b);
}

static void expect_plurals(hd_builder *b, const char *noun, const char *const *want, const char *const *unwanted)
{
    char forms[8][64];
    size_t n = hd_builder_noun_plurals(b, noun, forms, 8);
    for (size_t i = 0; want[i]; i++)
        if (!has_form(forms, NULL, n, want[i], -1)) {
            for (size_t k = 0; k < n; k++)
                print_message("  %s: plural %s\n", noun, forms[k]);
            fail_msg("noun '%s': missing plural '%s'", noun, want[i]);
        }
    for (size_t i = 0; unwanted && unwanted[i]; i++)
        if (has_form(forms, NULL, n, unwanted[i], -1))
            fail_msg("noun '%s': unexpected plural '%s'", noun, unwanted[i]);
}

static void test_noun_plurals(void **state)
{
    (void)state;
    hd_builder *b = hd_builder_new();
    add_lexicon(b);
    hd_builder_lemma(b, "men", "man");
    hd_builder_lemma(b, "gunmen", "gunman");
    hd_builder_lexicon(b, "gunmen", 6, B(NNS), T_NNS);
    hd_builder_lemma(b, "children", "child");
    hd_builder_lexicon(b, "children", 8, B(NNS), T_NNS);
    expect_plurals(b, "soldier", L("soldiers"), NULL);
    expect_plurals(b, "Soldier", L("soldiers"), NULL);
    expect_plurals(b, "foreign minister", L("foreign ministers"), L("foreigns minister"));
    expect_plurals(b, "bus", L("buses"), NULL);
    expect_plurals(b, "church", L("churches"), NULL);
    expect_plurals(b, "box", L("boxes"), NULL);
    expect_plurals(b, "army", L("armies"), L("armys"));
    expect_plurals(b, "envoy", L("envoys"), L("envoies"));
    expect_plurals(b, "militia", L("militias"), NULL);
    expect_plurals(b, "man", L("men"), L("mans"));
    expect_plurals(b, "gunman", L("gunmen"), L("gunmans"));
    expect_plurals(b, "armed man", L("armed men"), NULL);
    expect_plurals(b, "child", L("children"), L("childs"));
    char forms[8][64];
    assert_int_equal(hd_builder_noun_plurals(b, "", forms, 8), 0);
    assert_int_equal(hd_builder_noun_plurals(b, "soldier", forms, 0), 0);
    hd_builder_noun_plurals(b, "s", forms, 8);
    hd_builder_noun_plurals(b, "y", forms, 8);
    hd_builder_noun_plurals(b, " ", forms, 8);
    hd_builder_noun_plurals(b, "soldier ", forms, 8);
    char longn[100];
    memset(longn, 'n', sizeof longn - 1);
    longn[sizeof longn - 1] = '\0';
    assert_int_equal(hd_builder_noun_plurals(b, longn, forms, 8), 0);
    longn[62] = '\0'; /* fits: plural is cut to a 64-byte form or left out, never overflows */
    hd_builder_noun_plurals(b, longn, forms, 8);
    hd_builder_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_words_and_lemmas),
        cmocka_unit_test(test_round_trip_entries),
        cmocka_unit_test(test_round_trip_coding),
        cmocka_unit_test(test_stats),
        cmocka_unit_test(test_empty_builder),
        cmocka_unit_test(test_builder_rejects),
        cmocka_unit_test(test_import_model),
        cmocka_unit_test(test_every_prefix_rejected),
        cmocka_unit_test(test_bad_magic_and_version),
        cmocka_unit_test(test_every_flip_refused),
        cmocka_unit_test(test_random_byte_flips),
        cmocka_unit_test(test_built_image),
        cmocka_unit_test(test_bad_best_tag),
        cmocka_unit_test(test_open_files),
        cmocka_unit_test(test_verb_forms),
        cmocka_unit_test(test_noun_plurals),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
