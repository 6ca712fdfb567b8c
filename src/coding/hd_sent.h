/* hd_sent.h: the analysed sentence shared by the pipeline stages: tokens with dictionary
 * matches, tags and tree (hd_match.c, hd_sent_parse.c), phrases read off the tree (hd_chunk.c), and the
 * actors found in noun phrases (hd_actor.c) that the event coder (hd_coder.c) works on. */
#ifndef HD_SENT_H
#define HD_SENT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/hd_model.h"
#include "model/hd_word_class.h"
#include "text/hd_token.h"

typedef struct hd_tok {
    uint32_t start, end; /* bytes in the text being coded */
    uint32_t shape;      /* SH_* */
    uint32_t word;       /* model word id, HD_NONE when unknown */
    uint32_t lemma;      /* word id of the lemma (== word when none) */
    uint32_t tags;       /* lexicon tag bits */
    uint8_t tag;         /* chosen tag (enum hd_tag) */
    uint8_t chunk;       /* enum hd_chunk_kind of the chunk holding it */
    uint16_t chunk_index;
    int32_t match;       /* index into hd_sent.matches of the phrase starting here, -1 */
    int32_t covered_by;  /* match covering this token, -1 */
    uint64_t cls;        /* WC_* closed-class and cue bits */
    int16_t head;        /* the token this one depends on (hd_sent_parse), -1 for the root */
    uint8_t rel;         /* enum hd_rel of that dependency */
} hd_tok;

/* Universal Dependencies relations the coder reads (hd_sent_parse); the rest are R_OTHER.
 * Subtypes that change who did what keep their own value (nsubj:pass, obl:agent,
 * acl:relcl, nmod:poss, aux:pass, compound:prt). */
enum hd_rel {
    R_OTHER = 0, R_ROOT, R_NSUBJ, R_NSUBJ_PASS, R_CSUBJ, R_OBJ, R_IOBJ, R_OBL, R_OBL_AGENT, R_OBL_TMOD,
    R_NMOD, R_NMOD_POSS, R_APPOS, R_ACL, R_ACL_RELCL, R_ADVCL, R_XCOMP, R_CCOMP, R_PARATAXIS, R_CONJ,
    R_CC, R_MARK, R_CASE, R_AUX, R_AUX_PASS, R_COP, R_ADVMOD, R_AMOD, R_DET, R_NUMMOD, R_COMPOUND,
    R_COMPOUND_PRT, R_FLAT, R_FIXED, R_EXPL, R_PUNCT, R_DISCOURSE, R_LIST, R_VOCATIVE,
    R_COUNT
};
const char *hd_rel_name(int rel);

/* A table of WC_* bits (model/hd_word_class.h) indexed by word id, built once per coder from
 * the image's word classes (dict/word-classes.txt); free() it. */
uint64_t *hd_wordclass_build(const hd_model *m);
/* Classes of a token that is not among the model's words. */
uint64_t hd_wordclass_unknown(const hd_model *m, const char *w, size_t n);

typedef struct hd_match {
    uint32_t first, n;   /* tokens */
    uint32_t node;       /* trie node: its entries describe the phrase */
} hd_match;

enum hd_chunk_kind { CK_NONE = 0, CK_NP, CK_VG, CK_PP, CK_OTHER };

/* Verb-group features (hd_chunk.c). */
enum {
    VG_PAST = 1u << 0, VG_PRESENT = 1u << 1, VG_FUTURE = 1u << 2, VG_PERFECT = 1u << 3,
    VG_PROGRESSIVE = 1u << 4, VG_PASSIVE = 1u << 5, VG_NEGATED = 1u << 6, VG_MODAL = 1u << 7,
    VG_INFINITIVE = 1u << 8, VG_GERUND = 1u << 9, VG_CONDITIONAL = 1u << 10, VG_HYPOTHETICAL = 1u << 11,
};

typedef struct hd_chunk {
    uint8_t kind;
    uint16_t first, last;   /* tokens, inclusive */
    uint16_t head;          /* NP: head noun; VG: main verb; PP: the preposition */
    uint32_t features;      /* VG_* for verb groups */
    int16_t np;             /* PP: index of its noun phrase chunk, -1 */
    int16_t actor;          /* NP: index into hd_sent.actors, -1 */
} hd_chunk;

typedef struct hd_actor_info {
    char code[32];
    char country[4];
    char role[4];
    uint16_t first, last;   /* tokens of its noun phrase */
    uint16_t name_last;     /* last token of the words that made it an actor */
    uint8_t from_pronoun;
    uint8_t country_assumed; /* its country is the one its sentence names, not its own words'
                                (hd_geo_domestic_actors) */
    uint8_t plural;
    uint8_t person;         /* a named person */
    char person_key[40];    /* who that person is across documents (hd_actor.person), "" none */
    uint8_t outlet;         /* a news outlet */
    int16_t compound_next;  /* next member of "A and B", -1 */
} hd_actor_info;

#define HD_MAX_SENT_TOKENS 400
#define HD_MAX_CHUNKS 400
#define HD_MAX_ACTORS 64

/* A per-coder cache of recent word lookups: news vocabulary is skewed, and a hit costs one
 * cache line instead of three misses in the model's large tables. */
#define HD_WCACHE_SIZE 8192
typedef struct hd_wcache_entry {
    uint32_t hash, id;
    uint8_t len;
    char text[23]; /* lowercase */
} hd_wcache_entry;

typedef struct hd_sent {
    const hd_model *model;
    hd_wcache_entry *wcache; /* HD_WCACHE_SIZE entries or NULL */
    const uint64_t *wclass; /* hd_wordclass_build() of the model */
    const char *text;       /* the whole text the offsets refer to */
    hd_tok *tok;
    size_t ntok;
    hd_match *matches;
    size_t nmatch, match_cap;
    hd_chunk chunks[HD_MAX_CHUNKS];
    size_t nchunk;
    hd_actor_info actors[HD_MAX_ACTORS];
    size_t nactor;
    int32_t event_date;     /* yyyymmdd of the event for dated actor codes, 0 = unknown */
    int discard;            /* a discard phrase matched: code nothing */
    size_t dateline;        /* tokens of a dateline opening it ("QUETTA, Pakistan -"): no actor there */
    int headline;           /* a document's title, written in headlinese ("Suspects arrested") */
    uint32_t bloom[HD_BLOOM_WORDS]; /* lemmas present in the sentence */
    uint64_t cues;          /* WC_CUES bits of the sentence's words */
    int parsed;             /* tok[].head and tok[].rel hold a dependency tree */
    /* hd_sent_parse's working space, grown as sentences need */
    char *forms;
    size_t forms_cap;
    const char **words;
    hd_syntax_word *analysis;
    unsigned char *names;   /* per word: the actor dictionary names it (hd_syntax_analyse_names) */
    size_t words_cap;
} hd_sent;

/* hd_sent_parse.c: tags the sentence with the model's trained tagger and, with `tree`, parses
 * it into a labelled dependency tree (tok[].tag, .head, .rel; parsed = 1); without, every head
 * is -1 (parsed = 0). 0, or -1 when the model has no syntax section or memory ran out (the
 * sentence is left as it was). */
int hd_sent_parse(hd_sent *s, int tree);
/* For an image without a syntax section: each token's most frequent tag in the lexicon, with
 * names and past tenses told apart. */
void hd_sent_tag_from_lexicon(hd_sent *s);
/* Whether a sentence's dictionary matches name an act the coder could code or a verb of
 * saying: a verb, an event noun, a light verb. A sentence that names none is not coded. */
int hd_sent_names_an_act(const hd_sent *s);
/* Frees the working space of hd_sent_parse. */
void hd_sent_parse_free(hd_sent *s);

/* hd_match.c: looks up every token and finds the longest dictionary phrase at each position
 * in one left-to-right pass. Returns -1 on out of memory. */
int hd_match_sentence(hd_sent *s);
/* Entry of kind `kind` in a match, NULL when none. */
const hd_entry *hd_match_entry(const hd_sent *s, const hd_match *m, int kind);
/* Same for the phrase starting at token i. */
const hd_entry *hd_tok_entry(const hd_sent *s, size_t i, int kind);

/* hd_clause.c: a predicate's arguments in the dependency tree (token indexes, -1 when none).
 * `subj` is who does the act (for a passive, who undergoes it; `agent` then does it), also
 * when it comes from the clause above ("vowed to retaliate", "and seized the bridge"). */
#define HD_CLAUSE_MAX_OBL 8
typedef struct hd_clause_args {
    int subj, obj, iobj, agent;
    int obl[HD_CLAUSE_MAX_OBL], obl_case[HD_CLAUSE_MAX_OBL]; /* obliques and their prepositions */
    int nobl;
    int passive;
} hd_clause_args;
void hd_clause_find_args(const hd_sent *s, size_t pred, hd_clause_args *a);
/* The same from the predicate's own dependents only. */
void hd_clause_own_args(const hd_sent *s, size_t pred, hd_clause_args *a);
/* 1 for a verb the parse hung on the sentence's head noun as a participle although it takes
 * an object: a main verb misread ("Police arrested 20 protesters"). */
int hd_clause_misread_verb(const hd_sent *s, size_t pred);
/* 1 for a headline's "Egypt to host talks": an infinitive on the noun heading the sentence. */
int hd_clause_headline_infinitive(const hd_sent *s, size_t pred);
/* The first dependent of `head` by relation `rel`, -1. */
int hd_clause_child(const hd_sent *s, size_t head, int rel);
/* The first verb of the coordination verb v belongs to through conjuncts that have no subject
 * of their own ("demonstrators held up pens and chanted": "held" for "chanted"); v itself
 * when it is no such conjunct. */
int hd_clause_shared_verb(const hd_sent *s, int v);
/* The word classes (WC_*) of token i's lemma and of the token itself. */
uint64_t hd_clause_lemma_class(const hd_sent *s, size_t i);
/* The preposition or subordinator of a nominal or clause (its case or mark dependent), -1. */
int hd_clause_case(const hd_sent *s, size_t node);
/* Whether the clause of `pred` states its act as done: HD_MOD_* bits, 0 for a plain fact.
 * `is_say` tells a verb of saying (its complement is reported speech, not a modal context). */
enum {
    HD_MOD_NEGATED = 1u << 0, HD_MOD_FUTURE = 1u << 1, HD_MOD_HYPOTHETICAL = 1u << 2,
    HD_MOD_CONDITIONAL = 1u << 3, HD_MOD_INTENT = 1u << 4, HD_MOD_REQUESTED = 1u << 5,
    HD_MOD_REFUSED = 1u << 6, HD_MOD_FAILED = 1u << 7, HD_MOD_QUESTION = 1u << 8,
    HD_MOD_DESCRIBES = 1u << 9, /* a relative clause or participle that describes a noun */
    HD_MOD_WHETHER = 1u << 10,  /* "asked whether", "unclear whether": an open question */
    HD_MOD_ALLEGED = 1u << 11,  /* "accused X of shelling": what one side says the other did */
    HD_MOD_HABITUAL = 1u << 12, /* "has always called for", "normally votes": a norm, no one act */
};
unsigned hd_clause_modality(const hd_sent *s, size_t pred, int (*is_say)(const hd_sent *, size_t));
/* "ethnic Albanians in southern Serbia", "the Albanians of southern Serbia": a people named
 * by a demonym, with the country they live in, are that country's; rewrites those actors. */
void hd_clause_residents(hd_sent *s);

/* hd_chunk.c: noun phrases, verb groups with tense/voice/negation/modality and prepositional
 * phrases, read off the tree (tok[].head, .rel). */
void hd_chunk_sentence(hd_sent *s);

/* hd_actor.c: fills hd_sent.actors from the noun phrases and links them to their chunks. */
void hd_actor_sentence(hd_sent *s);
/* hd_actor.c, with a parse: "Indian and Russian troops" as a compound of two actors. */
void hd_actor_conjoined(hd_sent *s);
/* Splits a CAMEO actor code into country and first role ("RUSMIL" -> "RUS", "MIL"). */
void hd_actor_split_code(const char *code, char country[4], char role[4]);

/* The code of an actor entry valid at the sentence's event date (else its fallback). */
const char *hd_actor_dated_code(const hd_sent *s, const hd_entry *e);

/* 1 for a name that ends in a web domain ("Vesti.ru", "Joinfo.ua"): an online outlet. */
int hd_is_web_name(const hd_model *m, const char *w, size_t n);

/* The first member of the compound an actor belongs to, or the actor itself. */
int hd_actor_compound_head(const hd_sent *s, int actor);
/* The actor whose words hold token tok (the shortest, if several do), -1. */
int hd_actor_covering(const hd_sent *s, size_t tok);

/* hd_pattern.c: the best pattern of a verb block matching around the verb group whose verb
 * spans tokens [vfirst, vlast], with the actors its markers captured. */
typedef struct pattern_hit {
    const hd_pattern *p;
    int source, target; /* actor indexes captured by $ and + */
    int compound;       /* first member of the compound captured by %, -1 */
    uint32_t last_tok;
} pattern_hit;
const hd_pattern *hd_best_pattern(const hd_sent *s, const hd_block *b, size_t vfirst, size_t vlast, pattern_hit *out);
/* Index of the actor whose noun phrase starts at token i (after a determiner), -1. */
int hd_actor_starting_at(const hd_sent *s, size_t i);

/* 1 when chunk c is the noun phrase of the preposition before it. */
static inline int hd_chunk_in_pp(const hd_sent *s, size_t c)
{
    return c > 0 && s->chunks[c - 1].kind == CK_PP && s->chunks[c - 1].np == (int16_t)c;
}

/* Helpers on tokens. */

/* The word lists (WL_* of model/hd_word_class.h) token i's text is in. */
static inline uint32_t hd_tok_lists(const hd_sent *s, size_t i)
{
    const hd_tok *t = &s->tok[i];
    return hd_model_word_lists(s->model, s->text + t->start, t->end - t->start);
}
/* The word lists token i's lemma or its text is in ("fled" or "flee"). */
static inline uint32_t hd_tok_lemma_lists(const hd_sent *s, size_t i)
{
    uint32_t l = s->tok[i].lemma, lists = hd_tok_lists(s, i);
    if (l != HD_NONE && l < s->model->n_words) {
        const char *w = hd_str(s->model, s->model->words[l].text);
        lists |= hd_model_word_lists(s->model, w, strlen(w));
    }
    return lists;
}
static inline int hd_tok_is(const hd_sent *s, size_t i, const char *w)
{
    const hd_tok *t = &s->tok[i];
    size_t n = t->end - t->start;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s->text[t->start + k];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)w[k] || !w[k])
            return 0;
    }
    return w[n] == '\0';
}

#endif
