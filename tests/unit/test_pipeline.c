/* test_pipeline.c: the sentence pipeline stage by stage, on the real model ($HERALD_MODEL):
 * dictionary matching (hd_match.c), tags and tree (hd_sent_parse.c), the shallow parse
 * (hd_chunk.c) and actors (hd_actor.c). Sentences are tokenised here the way hd_coder.c's
 * code_sentence() does it, then each stage is run and inspected. Besides the expected readings,
 * random word salad is pushed through every stage and the invariants of the result checked. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "model/hd_model.h"
#include "coding/hd_sent.h"
#include "text/hd_token.h"


static hd_model *model;
static uint64_t *wclass;
static hd_sent S;
static hd_tok toks[HD_MAX_SENT_TOKENS];
static char text[8192];

static int setup(void **state)
{
    (void)state;
    const char *path = getenv("HERALD_MODEL");
    if (!path)
        path = "build/herald.hdm";
    char err[512];
    model = hd_model_open(path, err, sizeof err);
    if (!model) {
        fprintf(stderr, "cannot open the model: %s\n", err);
        return -1;
    }
    wclass = hd_wordclass_build(model);
    return wclass ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(S.matches);
    free(wclass);
    hd_model_free(model);
    return 0;
}

/* Tokenises `sentence` as one sentence and fills S like code_sentence(); runs the stages up to
 * and including `stages` (1 match, 2 tags, 3 chunks, 4 actors). */
static void analyse_upto(const char *sentence, int32_t event_date, int stages)
{
    snprintf(text, sizeof text, "%s", sentence);
    size_t len = strlen(text);
    hd_span sp[HD_MAX_SENT_TOKENS];
    size_t n = hd_tokenize(text, len, sp, HD_MAX_SENT_TOKENS);
    if (n > HD_MAX_SENT_TOKENS)
        n = HD_MAX_SENT_TOKENS; /* as the coder cuts run-on sentences */
    S.model = model;
    S.wclass = wclass;
    S.text = text;
    S.tok = toks;
    S.ntok = n;
    S.event_date = event_date;
    for (size_t i = 0; i < n; i++) {
        memset(&toks[i], 0, sizeof toks[i]);
        toks[i].start = sp[i].start;
        toks[i].end = sp[i].end;
        toks[i].shape = sp[i].shape;
    }
    assert_int_equal(hd_match_sentence(&S), 0);
    if (stages >= 2 && hd_sent_parse(&S, 1) != 0) /* the trained tagger and parser */
        hd_sent_tag_from_lexicon(&S);                /* as the coder does for no tokens */
    if (stages >= 3)
        hd_chunk_sentence(&S);
    if (stages >= 4)
        hd_actor_sentence(&S);
}

static void analyse(const char *sentence) { analyse_upto(sentence, 0, 4); }

/* Index of the first token spelled exactly `w` at or after token `from`; fails when absent. */
static size_t tok_from(const char *w, size_t from)
{
    for (size_t i = from; i < S.ntok; i++)
        if (strlen(w) == S.tok[i].end - S.tok[i].start && memcmp(S.text + S.tok[i].start, w, strlen(w)) == 0)
            return i;
    fail_msg("no token '%s' in \"%s\"", w, S.text);
    return 0;
}
static size_t tok(const char *w) { return tok_from(w, 0); }

static const char *tag(const char *w) { return hd_tag_name(S.tok[tok(w)].tag); }

static void dump(void)
{
    for (size_t i = 0; i < S.ntok; i++)
        print_message(" %.*s/%s", (int)(S.tok[i].end - S.tok[i].start), S.text + S.tok[i].start,
                      hd_tag_name(S.tok[i].tag));
    print_message("\n");
    static const char *const names[] = {"", "NP", "VG", "PP", "O"};
    for (size_t c = 0; c < S.nchunk; c++) {
        const hd_chunk *ch = &S.chunks[c];
        print_message(" %s[%.*s]%s", names[ch->kind],
                      (int)(S.tok[ch->last].end - S.tok[ch->first].start), S.text + S.tok[ch->first].start,
                      ch->kind == CK_NP && ch->actor >= 0 ? S.actors[ch->actor].code : "");
    }
    print_message("\n");
}

#define TAG(sentence, word, expected)                                                              \
    do {                                                                                           \
        analyse(sentence);                                                                         \
        if (strcmp(tag(word), expected) != 0) {                                                    \
            dump();                                                                                \
            fail_msg("\"%s\": '%s' tagged %s, expected %s", sentence, word, tag(word), expected);  \
        }                                                                                          \
    } while (0)

static const hd_chunk *chunk_of(const char *w)
{
    size_t i = tok(w);
    for (size_t c = 0; c < S.nchunk; c++)
        if (S.chunks[c].first <= i && i <= S.chunks[c].last)
            return &S.chunks[c];
    fail_msg("'%s' is in no chunk", w);
    return NULL;
}

/* The text of a chunk, for comparisons. */
static const char *chunk_text(const hd_chunk *ch)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%.*s", (int)(S.tok[ch->last].end - S.tok[ch->first].start),
             S.text + S.tok[ch->first].start);
    return buf;
}

static const hd_actor_info *actor_of(const char *w)
{
    const hd_chunk *ch = chunk_of(w);
    if (ch->kind != CK_NP || ch->actor < 0)
        return NULL;
    return &S.actors[ch->actor];
}

static const char *code_of(const char *w)
{
    const hd_actor_info *a = actor_of(w);
    return a ? a->code : "";
}

#define ACTOR(sentence, word, expected)                                                            \
    do {                                                                                           \
        analyse(sentence);                                                                         \
        if (strcmp(code_of(word), expected) != 0) {                                                \
            dump();                                                                                \
            fail_msg("\"%s\": '%s' coded '%s', expected '%s'", sentence, word, code_of(word), expected); \
        }                                                                                          \
    } while (0)

/* ---- invariants ------------------------------------------------------------------------- */

static void check_invariants(void)
{
    /* matches: in order, non-overlapping, inside the sentence, with entries */
    size_t prev_end = 0;
    for (size_t m = 0; m < S.nmatch; m++) {
        const hd_match *mt = &S.matches[m];
        assert_true(mt->n >= 1);
        assert_true(mt->first >= prev_end);
        assert_true(mt->first + mt->n <= S.ntok);
        assert_true(mt->node < model->n_nodes);
        assert_true(model->nodes[mt->node].n_entries > 0);
        assert_int_equal(S.tok[mt->first].match, (int32_t)m);
        for (size_t k = mt->first; k < mt->first + mt->n; k++)
            assert_int_equal(S.tok[k].covered_by, (int32_t)m);
        prev_end = mt->first + mt->n;
    }
    for (size_t i = 0; i < S.ntok; i++) {
        assert_true(S.tok[i].tag < T_COUNT);
        assert_true(S.tok[i].match < (int32_t)S.nmatch);
        if (S.tok[i].word != HD_NONE)
            assert_true(S.tok[i].word < model->n_words);
    }
    /* chunks: ordered, disjoint, heads inside, tokens point back */
    size_t next = 0;
    for (size_t c = 0; c < S.nchunk; c++) {
        const hd_chunk *ch = &S.chunks[c];
        assert_true(ch->kind >= CK_NP && ch->kind <= CK_OTHER);
        assert_true(ch->first <= ch->last);
        assert_true(ch->first >= next);
        assert_true(ch->last < S.ntok);
        assert_true(ch->head >= ch->first && ch->head <= ch->last);
        for (size_t k = ch->first; k <= ch->last; k++) {
            assert_int_equal(S.tok[k].chunk, ch->kind);
            assert_int_equal(S.tok[k].chunk_index, c);
        }
        if (ch->kind == CK_PP && ch->np >= 0) {
            assert_true((size_t)ch->np < S.nchunk);
            assert_int_equal(S.chunks[ch->np].kind, CK_NP);
        }
        if (ch->kind == CK_VG) {
            int ht = S.tok[ch->head].tag;
            assert_true(ht >= T_VB && ht <= T_VBZ);
        }
        if (ch->actor >= 0) {
            assert_int_equal(ch->kind, CK_NP);
            assert_true((size_t)ch->actor < S.nactor);
        }
        next = ch->last + 1;
    }
    /* actors: inside their noun phrase, codes terminated, compounds forward */
    assert_true(S.nactor <= HD_MAX_ACTORS);
    for (size_t a = 0; a < S.nactor; a++) {
        const hd_actor_info *ac = &S.actors[a];
        assert_true(memchr(ac->code, '\0', sizeof ac->code) != NULL);
        assert_true(memchr(ac->country, '\0', sizeof ac->country) != NULL);
        assert_true(memchr(ac->role, '\0', sizeof ac->role) != NULL);
        assert_true(ac->first <= ac->last && ac->last < S.ntok);
        if (ac->compound_next >= 0) {
            assert_true((size_t)ac->compound_next < S.nactor);
            assert_true((size_t)ac->compound_next > a);
        }
    }
}

/* ---- matching --------------------------------------------------------------------------- */

static const hd_match *match_at(const char *w)
{
    size_t i = tok(w);
    if (S.tok[i].match < 0)
        return NULL;
    return &S.matches[S.tok[i].match];
}

static void test_match_longest(void **state)
{
    (void)state;
    analyse_upto("The Free Syrian Army and North Korea met the United Nations Security Council.", 0, 1);
    check_invariants();
    const hd_match *m = match_at("Free");
    assert_non_null(m);
    assert_int_equal(m->n, 3); /* not "Free" or "Syrian" alone */
    assert_non_null(hd_match_entry(&S, m, E_ACTOR));
    assert_int_equal(S.tok[tok("Syrian")].match, -1);
    assert_int_equal(S.tok[tok("Syrian")].covered_by, S.tok[tok("Free")].match);
    assert_int_equal(S.tok[tok("Army")].covered_by, S.tok[tok("Free")].match);
    m = match_at("North");
    assert_non_null(m);
    assert_int_equal(m->n, 2);
    m = match_at("United");
    assert_non_null(m);
    assert_int_equal(m->n, 4);
    assert_null(hd_tok_entry(&S, tok("and"), E_ACTOR));
    assert_null(hd_tok_entry(&S, S.ntok + 5, E_ACTOR)); /* out of range: NULL, no crash */
    assert_non_null(hd_tok_entry(&S, tok("met"), E_VERB));

    /* a phrase is cut where a longer one is not in the dictionary */
    analyse_upto("Russian Foreign Minister Sergey Lavrov spoke.", 0, 1);
    assert_int_equal(match_at("Russian")->n, 1);
    assert_int_equal(match_at("Foreign")->n, 2);
    assert_non_null(hd_match_entry(&S, match_at("Foreign"), E_AGENT));
    assert_int_equal(match_at("Sergey")->n, 2);
    assert_non_null(hd_match_entry(&S, match_at("Sergey"), E_ACTOR));
    check_invariants();
}

static void test_match_case_and_unknown_words(void **state)
{
    (void)state;
    analyse_upto("NORTH KOREA and north korea and North  Korea", 0, 1);
    assert_int_equal(S.nmatch, 3);
    for (size_t m = 0; m < S.nmatch; m++)
        assert_int_equal(S.matches[m].n, 2);
    assert_int_equal(S.matches[0].node, S.matches[1].node);

    /* an unknown word breaks a phrase */
    analyse_upto("North Zzyzxq Korea qwertyuiop", 0, 1);
    assert_int_equal(S.tok[tok("Zzyzxq")].word, HD_NONE);
    assert_int_equal(S.tok[tok("Zzyzxq")].lemma, HD_NONE);
    assert_int_equal(S.tok[tok("Zzyzxq")].tags, 0);
    const hd_match *m = match_at("North");
    assert_true(m == NULL || m->n == 1);
    check_invariants();

    /* lemmas and the sentence's Bloom set */
    analyse_upto("Jets struck the city.", 0, 1);
    size_t st = tok("struck");
    assert_int_not_equal(S.tok[st].word, HD_NONE);
    const char *w = "strike";
    uint32_t strike = hd_model_word(model, w, 6, hd_hash_bytes(w, 6));
    assert_int_not_equal(strike, HD_NONE);
    assert_int_equal(S.tok[st].lemma, strike);
    assert_true(HD_BLOOM_HAS(S.bloom, strike));

    /* discard phrases mark the sentence; running again resets the state */
    analyse_upto("The striker scored in the Champions League final.", 0, 1);
    assert_int_equal(S.discard, 1);
    analyse_upto("Jets struck the city.", 0, 1);
    assert_int_equal(S.discard, 0);
    assert_int_equal(S.tok[0].match, S.nmatch ? S.tok[0].match : -1);
    check_invariants();

    /* punctuation inside a phrase position, empty sentence */
    analyse_upto("North, Korea", 0, 1);
    m = match_at("North");
    assert_true(m == NULL || m->n == 1);
    analyse_upto("", 0, 4);
    assert_int_equal(S.ntok, 0);
    assert_int_equal(S.nmatch, 0);
    assert_int_equal(S.nchunk, 0);
    assert_int_equal(S.nactor, 0);
}

static void test_match_long_sentence(void **state)
{
    (void)state;
    /* 600 tokens: more than a sentence holds; repeated phrase starts that never finish */
    char buf[8000] = "";
    for (int i = 0; i < 300; i++)
        strcat(buf, i % 3 == 2 ? "Korea " : "North United ");
    analyse(buf);
    assert_int_equal(S.ntok, HD_MAX_SENT_TOKENS);
    check_invariants();
    buf[0] = '\0';
    for (int i = 0; i < 200; i++)
        strcat(buf, "Russia and ");
    analyse(buf);
    check_invariants();
    assert_true(S.nactor <= HD_MAX_ACTORS);
}

/* ---- tags ------------------------------------------------------------------------------- */

static void test_tags_noun_verb(void **state)
{
    (void)state;
    TAG("The attack killed ten people.", "attack", "NN");
    TAG("The attack killed ten people.", "killed", "VBD");
    TAG("They attack the city.", "attack", "VBP");
    TAG("Rebels attack the city every night.", "attack", "VBP");
    TAG("The strikes hit Aleppo.", "strikes", "NNS");
    TAG("The strikes hit Aleppo.", "hit", "VBD");
    TAG("Russia strikes targets in Syria.", "strikes", "VBZ");
    TAG("Two air strikes hit the village.", "hit", "VBD");
    TAG("The bomb exploded near the border.", "bomb", "NN");
    TAG("Rebels will bomb the bridge.", "bomb", "VB");
    TAG("A roadside bomb hit a market.", "bomb", "NN");
    TAG("A roadside bomb hit a market.", "hit", "VBD");
    TAG("The protest ended peacefully.", "protest", "NN");
    TAG("They protest against the war.", "protest", "VBP");
    TAG("Students plan to protest outside the embassy.", "protest", "VB");
    TAG("Students plan to protest outside the embassy.", "to", "TO");
    TAG("Iran wants to attack Israel.", "attack", "VB");
    TAG("He went to the market.", "to", "IN");
    TAG("Police could arrest the leaders.", "arrest", "VB");
    analyse("Israel did not attack Iran.");
    assert_true(strcmp(tag("attack"), "VB") == 0 || strcmp(tag("attack"), "VBP") == 0);
    /* a verb group must exist for "did not attack" */
    assert_int_equal(chunk_of("attack")->kind, CK_VG);
}

static void test_tags_past_and_participle(void **state)
{
    (void)state;
    TAG("Jets struck the city.", "struck", "VBD");
    TAG("The city was struck by missiles.", "struck", "VBN");
    TAG("The army has struck the town.", "struck", "VBN");
    TAG("The army had already struck the town.", "struck", "VBN");
    TAG("Troops killed ten civilians.", "killed", "VBD");
    TAG("Ten civilians were killed.", "killed", "VBN");
    TAG("Ten civilians killed by troops were buried.", "killed", "VBN");
    TAG("The president visited China.", "visited", "VBD");
    TAG("The president has visited China.", "visited", "VBN");
    TAG("Troops are attacking the town.", "attacking", "VBG");
    /* unknown words: guessed from their endings */
    TAG("The zorbles fripped the glonk.", "zorbles", "NNS");
    TAG("The zorbles fripped the glonk.", "fripped", "VBD");
    TAG("The zorbles fripped the glonk.", "glonk", "NN");
    TAG("Officials met in Zablonia.", "Zablonia", "NNP");
    TAG("About 300 soldiers died.", "300", "CD");
}

/* A past form after "and" or after an appositive's comma is a past tense, not a participle:
 * read as a passive, "killed" in "Troops attacked and killed ten civilians" would lose the
 * second event (the trained tagger says VBN for "arrested" here; hd_syntax.c's repair for a
 * participle joined by "and" to a past tense puts it right). */
static void test_tags_coordinated_past(void **state)
{
    (void)state;
    TAG("Troops attacked and killed ten civilians.", "killed", "VBD");
    TAG("Israeli troops raided homes and arrested dozens.", "arrested", "VBD");
    TAG("The army, the police, attacked the town.", "attacked", "VBD");
    analyse("Troops attacked and killed ten civilians.");
    assert_false(chunk_of("killed")->features & VG_PASSIVE);
}

/* An object noun that could be a verb stays a noun after the clause's verb ("positions"
 * after "bomb Kurdish"). */
static void test_tags_object_after_name(void **state)
{
    (void)state;
    TAG("Turkey plans to bomb Kurdish positions.", "positions", "NNS");
    TAG("The army shelled Kurdish positions.", "positions", "NNS");
}

static void test_tags_title_case_and_odd_input(void **state)
{
    (void)state;
    static const char *const odd[] = {
        "Russia Strikes Rebel Positions In Syria",
        "RUSSIA STRIKES REBEL POSITIONS",
        "the the the the",
        "to to to to attack",
        "will will will",
        "\"Attack,\" he said: (strike) - bomb; protest!",
        "did n't 's 're 'll",
        "1,500 3.5 2015-10-01 10:30",
        "U.S. Gen. J. Smith Jr. of the U.N.",
        "attack",
        ".",
        ",,,,,",
    };
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
        analyse(odd[i]);
        check_invariants();
    }
}

/* ---- chunks ----------------------------------------------------------------------------- */

static void test_chunks_boundaries(void **state)
{
    (void)state;
    analyse("Russian jets bombed the city of Hama on Monday.");
    check_invariants();
    const hd_chunk *np = chunk_of("Russian");
    assert_int_equal(np->kind, CK_NP);
    assert_string_equal(chunk_text(np), "Russian jets");
    assert_int_equal(np->head, tok("jets"));
    const hd_chunk *vg = chunk_of("bombed");
    assert_int_equal(vg->kind, CK_VG);
    assert_string_equal(chunk_text(vg), "bombed");
    assert_true(vg->features & VG_PAST);
    assert_false(vg->features & (VG_PASSIVE | VG_NEGATED | VG_FUTURE | VG_MODAL));
    assert_string_equal(chunk_text(chunk_of("city")), "the city");
    const hd_chunk *pp = chunk_of("of");
    assert_int_equal(pp->kind, CK_PP);
    assert_true(pp->np >= 0);
    assert_string_equal(chunk_text(&S.chunks[pp->np]), "Hama");
    pp = chunk_of("on");
    assert_int_equal(pp->kind, CK_PP);
    assert_true(pp->np >= 0);
    assert_string_equal(chunk_text(&S.chunks[pp->np]), "Monday");

    /* a noun followed by a determiner starts a new phrase */
    analyse("Syria gave the rebels the weapons.");
    check_invariants();
    assert_string_equal(chunk_text(chunk_of("rebels")), "the rebels");
    assert_string_equal(chunk_text(chunk_of("weapons")), "the weapons");

    /* possessives stay inside */
    analyse("Syria's army shelled the town.");
    assert_string_equal(chunk_text(chunk_of("army")), "Syria's army");
}

static void test_chunks_verb_features(void **state)
{
    (void)state;
    analyse("Troops were attacked by rebels.");
    check_invariants();
    const hd_chunk *vg = chunk_of("attacked");
    assert_string_equal(chunk_text(vg), "were attacked");
    assert_true(vg->features & VG_PASSIVE);
    assert_int_equal(vg->head, tok("attacked"));
    const hd_chunk *by = chunk_of("by");
    assert_int_equal(by->kind, CK_PP);
    assert_string_equal(chunk_text(&S.chunks[by->np]), "rebels");

    analyse("The army did not attack the town.");
    vg = chunk_of("attack");
    assert_string_equal(chunk_text(vg), "did not attack");
    assert_true(vg->features & VG_NEGATED);
    assert_false(vg->features & VG_PASSIVE);

    analyse("The army didn't attack the town.");
    assert_true(chunk_of("attack")->features & VG_NEGATED);

    analyse("The army never attacked the town.");
    assert_true(chunk_of("attacked")->features & VG_NEGATED);

    analyse("Rebels will bomb the bridge.");
    vg = chunk_of("bomb");
    assert_string_equal(chunk_text(vg), "will bomb");
    assert_true(vg->features & VG_FUTURE);
    assert_true(vg->features & VG_MODAL);
    assert_false(vg->features & VG_HYPOTHETICAL);

    analyse("Rebels could bomb the bridge.");
    vg = chunk_of("bomb");
    assert_true(vg->features & VG_MODAL);
    assert_true(vg->features & VG_HYPOTHETICAL);
    assert_false(vg->features & VG_FUTURE);

    analyse("Israel would not attack Iran.");
    vg = chunk_of("attack");
    assert_true(vg->features & VG_NEGATED);
    assert_true(vg->features & VG_FUTURE);

    analyse("Iran wants to attack Israel.");
    check_invariants();
    const hd_chunk *wants = chunk_of("wants");
    vg = chunk_of("attack");
    assert_true(wants != vg);
    assert_string_equal(chunk_text(vg), "to attack");
    assert_true(vg->features & VG_INFINITIVE);
    assert_false(wants->features & VG_INFINITIVE);
    assert_true(wants->features & VG_PRESENT);

    analyse("Iran is going to attack Israel.");
    assert_true(chunk_of("attack")->features & VG_FUTURE);

    analyse("The president has visited China.");
    vg = chunk_of("visited");
    assert_string_equal(chunk_text(vg), "has visited");
    assert_true(vg->features & VG_PERFECT);
    assert_false(vg->features & VG_PASSIVE);

    analyse("Troops are attacking the town.");
    vg = chunk_of("attacking");
    assert_true(vg->features & VG_PROGRESSIVE);
    assert_true(vg->features & VG_PRESENT);
    assert_false(vg->features & VG_PASSIVE);

    analyse("The town has been attacked by rebels.");
    vg = chunk_of("attacked");
    assert_string_equal(chunk_text(vg), "has been attacked");
    assert_true(vg->features & VG_PASSIVE);

    /* particle inside the verb group */
    analyse("The army carried out strikes.");
    vg = chunk_of("carried");
    assert_string_equal(chunk_text(vg), "carried out");
    assert_string_equal(chunk_text(chunk_of("strikes")), "strikes");

    /* a modal with no verb after it is no verb group */
    analyse("They said they will.");
    check_invariants();
    assert_int_not_equal(chunk_of("will")->kind, CK_VG);
}

/* Phrases come from the tree, and stay whole where the parse splits a name from its title
 * or hangs a modifier on the verb. */
static void test_chunks_from_tree(void **state)
{
    (void)state;
    analyse("The party's new leader met Indian and Russian officials.");
    check_invariants();
    assert_string_equal(chunk_text(chunk_of("leader")), "The party's new leader");
    assert_string_equal(chunk_text(chunk_of("officials")), "Indian and Russian officials");
    analyse("At least four people were killed.");
    assert_string_equal(chunk_text(chunk_of("people")), "At least four people");
    analyse("Chinese counterpart Xi Jinping met President Donald Trump in Osaka.");
    check_invariants();
    assert_string_equal(chunk_text(chunk_of("Xi")), "Chinese counterpart Xi Jinping");
    assert_string_equal(chunk_text(chunk_of("Trump")), "President Donald Trump");
    /* a relative clause's verb is a group of its own, after its noun */
    analyse("Troops attacked the town, which rebels had seized.");
    check_invariants();
    assert_string_equal(chunk_text(chunk_of("seized")), "had seized");
    assert_int_equal(chunk_of("town")->kind, CK_NP);
    /* a coordination of phrases is two phrases, an "and" between them */
    analyse("Jets struck the city and the port.");
    assert_true(chunk_of("city") != chunk_of("port"));
    assert_int_equal(chunk_of("and")->kind, CK_OTHER);
}

/* The phrases hold together whatever the tree: heads anywhere (before the word, after it, on
 * itself, in cycles, none), any relation and any tag, as a damaged or hostile model could give. */
static void test_chunks_survive_any_tree(void **state)
{
    (void)state;
    static const char *const sentences[] = {
        "The minister said \"we will not negotiate with those who attack our villages\" and left.",
        "At least four people were killed after Israeli military aircraft carried out a series of strikes.",
        "WASHINGTON (Reuters) - Former prime minister Andreas Papandreou, 70, demanded early elections.",
    };
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (size_t k = 0; k < sizeof sentences / sizeof *sentences; k++)
        for (int round = 0; round < 300; round++) {
            analyse(sentences[k]);
            S.dateline = round % 7 == 0 ? 3 : 0;
            for (size_t i = 0; i < S.ntok; i++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                S.tok[i].head = (int16_t)((int)(x % (S.ntok + 1)) - 1);
                S.tok[i].rel = (uint8_t)((x >> 20) % R_COUNT);
                if (round % 2)
                    S.tok[i].tag = (uint8_t)((x >> 40) % T_COUNT);
            }
            hd_chunk_sentence(&S);
            hd_actor_sentence(&S);
            check_invariants();
        }
}

/* ---- actors ----------------------------------------------------------------------------- */

static void test_actors_demonym_and_agent(void **state)
{
    (void)state;
    ACTOR("Russian jets bombed the city of Hama.", "jets", "RUSMIL");
    const hd_actor_info *a = actor_of("jets");
    assert_string_equal(a->country, "RUS");
    assert_string_equal(a->role, "MIL");
    assert_true(a->plural);
    assert_false(a->person);
    assert_int_equal(a->name_last, tok("jets"));
    assert_string_equal(code_of("city"), "");
    ACTOR("Israeli soldiers shot a man.", "soldiers", "ISRMIL");
    ACTOR("Israeli soldiers shot a man.", "man", "CVL");
    ACTOR("Iranian officials met.", "officials", "IRNGOV");
    ACTOR("Syria's army shelled the town.", "army", "SYRMIL");
    ACTOR("The police arrested ten protesters.", "police", "COP");
    ACTOR("The police arrested ten protesters.", "protesters", "CVL");
    assert_false(actor_of("police")->plural);
    ACTOR("Russia condemned the attack.", "Russia", "RUS");
    a = actor_of("Russia");
    assert_string_equal(a->country, "RUS");
    assert_string_equal(a->role, "");
}

static void test_actors_named_wins(void **state)
{
    (void)state;
    ACTOR("Russian Foreign Minister Sergey Lavrov spoke.", "Lavrov", "RUSGOV");
    assert_true(actor_of("Lavrov")->person);
    ACTOR("Sergey Lavrov met Iranian officials.", "Lavrov", "RUSGOV");
    ACTOR("The Free Syrian Army attacked the town.", "Army", "SYRREB");
    ACTOR("The United Nations Security Council met.", "Council", "IGOUNO");
    /* dated codes follow the event date */
    analyse_upto("Putin met the envoy.", 20150601, 4);
    assert_string_equal(code_of("Putin"), "RUSGOV");
    analyse_upto("Putin met the envoy.", 19990101, 4);
    assert_string_equal(code_of("Putin"), "RUSSPY");
    analyse_upto("Putin met the envoy.", 0, 4);
    assert_true(strncmp(code_of("Putin"), "RUS", 3) == 0);
}

static void test_actors_of_phrase(void **state)
{
    (void)state;
    ACTOR("The government of Syria condemned the attack.", "government", "SYRGOV");
    ACTOR("The army of Russia attacked.", "army", "RUSMIL");
    /* a named actor is not given another country by an of-phrase */
    ACTOR("Sergey Lavrov of Syria spoke.", "Lavrov", "RUSGOV");
    /* the of-phrase must be the next chunk */
    ACTOR("The army attacked the villages of Syria.", "army", "MIL");
}

static void test_actors_compounds(void **state)
{
    (void)state;
    analyse("Russia and Syria signed a deal.");
    check_invariants();
    const hd_actor_info *a = actor_of("Russia");
    assert_non_null(a);
    assert_true(a->compound_next >= 0);
    assert_string_equal(S.actors[a->compound_next].code, "SYR");
    assert_int_equal(actor_of("Syria")->compound_next, -1);

    analyse("Russia, Iran and Syria met in Moscow.");
    check_invariants();
    a = actor_of("Russia");
    assert_true(a->compound_next >= 0);
    assert_string_equal(S.actors[a->compound_next].code, "IRN");
    const hd_actor_info *b = &S.actors[a->compound_next];
    assert_true(b->compound_next >= 0);
    assert_string_equal(S.actors[b->compound_next].code, "SYR");

    analyse("The United States and Britain condemned the attack.");
    a = actor_of("States");
    assert_string_equal(a->code, "USA");
    assert_true(a->compound_next >= 0);
    assert_string_equal(S.actors[a->compound_next].code, "GBR");

    /* commas without "and": an appositive, not a list */
    analyse("The president, Bashar al-Assad, met Putin.");
    check_invariants();
    assert_int_equal(actor_of("president")->compound_next, -1);
    assert_string_equal(code_of("Bashar"), "SYRELI");
    analyse("The army, the police, attacked the town.");
    assert_int_equal(actor_of("army")->compound_next, -1);
    assert_int_equal(actor_of("police")->compound_next, -1);
    /* "and" between clauses with a verb in between is no compound */
    analyse("Russia attacked and Syria retreated.");
    a = actor_of("Russia");
    assert_int_equal(a->compound_next, -1);
}

static void test_actors_outlets_and_pronouns(void **state)
{
    (void)state;
    analyse("Vesti.ru reported that troops attacked.");
    const hd_actor_info *a = actor_of("Vesti.ru");
    assert_non_null(a);
    assert_true(a->outlet);
    analyse("Reuters reported that Chinese troops were deployed.");
    a = actor_of("Reuters");
    assert_non_null(a);
    assert_true(a->outlet);
    assert_string_equal(code_of("troops"), "CHNMIL");
    assert_false(actor_of("troops")->outlet);
    analyse("According to example.com, rebels attacked.");
    a = actor_of("example.com");
    assert_non_null(a);
    assert_true(a->outlet);
    /* a bare domain suffix is no outlet */
    analyse("The .com boom ended.");
    check_invariants();
    /* an outlet is never part of a compound */
    analyse("Reuters and Russia reported the attack.");
    assert_int_equal(actor_of("Reuters")->compound_next, -1);

    analyse("They attacked the town.");
    a = actor_of("They");
    assert_non_null(a);
    assert_true(a->from_pronoun);
    assert_true(a->plural);
    analyse("He met them.");
    assert_true(actor_of("He")->from_pronoun);
    assert_false(actor_of("He")->plural);
    assert_true(actor_of("them")->plural);
    /* "it" is kept as a pronoun, resolved only next to a speaker that can be "it" */
    analyse("It attacked the town.");
    a = actor_of("It");
    assert_true(a == NULL || (a->from_pronoun && a->code[0] == '\0'));
}

/* "Turkey" alone is not an actor: world-countries now names the country "Türkiye" and
 * tools/gen-countries.js writes "Türkiye", "Turkiye" and "Republic of Turkey" but not
 * "Turkey"; dict/actors.txt's Turkey section lists people only. */
static void test_actors_turkey(void **state)
{
    (void)state;
    ACTOR("Officials said Türkiye attacked the town.", "Türkiye", "TUR");
    ACTOR("Officials said Turkish troops attacked the town.", "troops", "TURMIL");
    ACTOR("Officials said Turkey attacked the town.", "Turkey", "TUR");
}

static void test_actor_split_code(void **state)
{
    (void)state;
    char c[4], r[4];
    hd_actor_split_code("RUSMIL", c, r);
    assert_string_equal(c, "RUS");
    assert_string_equal(r, "MIL");
    hd_actor_split_code("IGOUNO", c, r);
    assert_string_equal(c, "");
    assert_string_equal(r, "IGO");
    hd_actor_split_code("SYR", c, r);
    assert_string_equal(c, "SYR");
    assert_string_equal(r, "");
    hd_actor_split_code("SYRREBISL", c, r);
    assert_string_equal(c, "SYR");
    assert_string_equal(r, "REB");
    hd_actor_split_code("MIL", c, r);
    assert_string_equal(c, "");
    assert_string_equal(r, "MIL");
    hd_actor_split_code("RU", c, r);
    assert_string_equal(c, "");
    assert_string_equal(r, "");
    hd_actor_split_code("", c, r);
    assert_string_equal(c, "");
    hd_actor_split_code("RUSM", c, r); /* 4 letters: country, no full role */
    assert_string_equal(c, "RUS");
    assert_string_equal(r, "");
}

/* ---- word salad ------------------------------------------------------------------------- */

static uint64_t rng;
static uint32_t rnd(void)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng >> 33);
}

static void test_word_salad(void **state)
{
    (void)state;
    static const char *const vocab[] = {
        "the", "a", "Russia", "Russian", "and", "of", "to", "by", "not", "n't", "did", "will", "could",
        "was", "were", "has", "been", "attack", "attacks", "attacked", "strike", "strikes", "struck", "bomb",
        "protest", "hit", "troops", "jets", "army", "police", "Free", "Syrian", "Army", "North", "Korea",
        "United", "Nations", ",", ".", ";", ":", "\"", "(", ")", "-", "'s", "that", "which", "they", "He",
        "Reuters", "Vesti.ru", "government", "minister", "Foreign", "Minister", "Sergey", "Lavrov", "city",
        "in", "on", "with", "10", "1,500", "carried", "out", "going", "is", "Zzyzx", "zorbled", "quickly",
        "Iran", "Syria", "Israel", "Israeli", "soldiers", "killed", "arrested", "protesters", "Turkish", "U.S.",
    };
    size_t nv = sizeof vocab / sizeof *vocab;
    rng = 42;
    char buf[4096];
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = 1 + rnd() % (iter % 100 == 0 ? 500 : 40);
        size_t len = 0;
        buf[0] = '\0';
        for (size_t k = 0; k < n && len + 32 < sizeof buf; k++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s ", vocab[rnd() % nv]);
        analyse_upto(buf, (int32_t)(rnd() % 2 ? 20150101 : 0), 4);
        check_invariants();
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_longest),
        cmocka_unit_test(test_match_case_and_unknown_words),
        cmocka_unit_test(test_match_long_sentence),
        cmocka_unit_test(test_tags_noun_verb),
        cmocka_unit_test(test_tags_past_and_participle),
        cmocka_unit_test(test_tags_coordinated_past),
        cmocka_unit_test(test_tags_object_after_name),
        cmocka_unit_test(test_tags_title_case_and_odd_input),
        cmocka_unit_test(test_chunks_boundaries),
        cmocka_unit_test(test_chunks_verb_features),
        cmocka_unit_test(test_chunks_from_tree),
        cmocka_unit_test(test_chunks_survive_any_tree),
        cmocka_unit_test(test_actors_demonym_and_agent),
        cmocka_unit_test(test_actors_named_wins),
        cmocka_unit_test(test_actors_of_phrase),
        cmocka_unit_test(test_actors_compounds),
        cmocka_unit_test(test_actors_outlets_and_pronouns),
        cmocka_unit_test(test_actors_turkey),
        cmocka_unit_test(test_actor_split_code),
        cmocka_unit_test(test_word_salad),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
