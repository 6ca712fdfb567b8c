/* hd_coder.c: codes a document into CAMEO events.
 *
 * The document is validated, normalised, tokenised and split into sentences; each sentence
 * is matched against the dictionaries, tagged, chunked and its noun phrases resolved to
 * actors (hd_match.c, hd_postag.c, hd_chunk.c, hd_actor.c). Then every verb group is coded:
 * its subject and object are found within its clause, the verb's patterns pick the code,
 * light verbs take the code of their event noun ("conducted air strikes"), passive voice
 * swaps the roles, modality turns acts into intents or threats, negation is flagged. Event
 * nouns with an actor of their own ("U.S. accusations that ...") code too. Events of a
 * paragraph are staged so that a closing "..., CNN reports." can be credited to all of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hd_buf.h"
#include "hd_date.h"
#include "hd_normalize.h"
#include "hd_sent.h"

#define MAX_ATTR 6
#define HISTORY 24

typedef struct staged_attr {
    const char *kind;
    uint32_t name; /* offset in the arena */
} staged_attr;

typedef struct staged {
    unsigned sentence;
    uint32_t s_start, s_end;
    const char *base; /* text the offsets refer to */
    hd_actor src, tgt;
    uint32_t src_start, src_end, tgt_start, tgt_end;
    int has_src, has_tgt;
    char code[5];
    int negated, hedged, mood;
    char date[11];
    const char *date_prec;
    staged_attr attr[MAX_ATTR];
    int nattr;
    const char *rule;
    uint32_t trig_start, trig_end;
} staged;

/* A person the document introduced with a title or an appositive ("Syria's ambassador to
 * Russia, Riad Haddad"): later mentions of the name alone ("Haddad said") take the same
 * actor code. Keyed by a hash of the last word of the name (names are often unknown words). */
typedef struct known_name {
    uint32_t word;
    hd_actor_info a;
} known_name;
#define MAX_NAMES 32

typedef struct remembered {
    hd_actor_info a;
    unsigned sentence;
} remembered;

struct hd_coder {
    const hd_model *m;
    hd_options opt;
    hd_buf norm, title;
    hd_span *spans;
    size_t span_cap;
    uint32_t *starts;
    size_t starts_cap;
    hd_tok *tok;
    size_t tok_cap;
    hd_sent sent;
    char err[300];
    hd_ymd pub;
    remembered hist[HISTORY];
    size_t nhist;
    known_name names[MAX_NAMES];
    size_t nnames;
    staged *ev;
    size_t nev, ev_cap;
    hd_buf arena;
    unsigned event_index;
    long delivered;
    int stop;
    const hd_doc *doc;
    hd_event_sink sink;
    void *user;
    /* per sentence */
    staged_attr sattr[MAX_ATTR];
    int nsattr;
    int shedged;
    int trailing_outlet; /* index in sattr of "..., X reports." at the sentence end, -1 */
    int speaker_actor;   /* actor index of the sentence's speaker, -1 */
    unsigned sentence_no;
    char sdate[11];
    const char *sdate_prec;
    uint8_t consumed[HD_MAX_SENT_TOKENS];
    int last_subject;    /* actor index of the previous verb group's subject, -1 */
    staged_attr quote_attr[MAX_ATTR];
    int nquote_attr;
    int quote_open;
    /* hd_explain(): called after each sentence is analysed */
    void (*trace)(void *user, const hd_sent *s, unsigned sentence_no);
    void *trace_user;
    hd_actor_info quote_speaker; /* who speaks in the open quotation, code "" when unknown */
    uint16_t *wclass; /* closed-class bits by word id */
    uint64_t *seen; /* hashes of the sentences coded so far in the document */
    size_t nseen, seen_cap;
};

hd_coder *hd_coder_new(const hd_model *model)
{
    if (!model)
        return NULL;
    hd_coder *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->m = model;
    c->wclass = hd_wordclass_build(model);
    if (!c->wclass) {
        free(c);
        return NULL;
    }
    c->sent.wclass = c->wclass;
    c->sent.wcache = calloc(HD_WCACHE_SIZE, sizeof *c->sent.wcache);
    if (!c->sent.wcache) {
        free(c->wclass);
        free(c);
        return NULL;
    }
    for (size_t i = 0; i < HD_WCACHE_SIZE; i++)
        c->sent.wcache[i].len = 0xff; /* empty */
    c->opt.emit_negated = 1;
    c->opt.emit_hypothetical = 0;
    c->sent.model = model;
    return c;
}

void hd_coder_set_options(hd_coder *c, const hd_options *opt) { c->opt = *opt; }

void hd_coder_free(hd_coder *c)
{
    if (!c)
        return;
    hd_buf_free(&c->norm);
    hd_buf_free(&c->title);
    hd_buf_free(&c->arena);
    free(c->spans);
    free(c->starts);
    free(c->tok);
    free(c->ev);
    free(c->sent.matches);
    free(c->seen);
    free(c->wclass);
    free(c->sent.wcache);
    free(c);
}

const char *hd_coder_error(const hd_coder *c) { return c->err; }

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 256;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

/* ---- actors ------------------------------------------------------------------------------ */

static void fill_actor(const hd_sent *s, const hd_actor_info *a, hd_actor *out, uint32_t *start, uint32_t *end)
{
    memset(out, 0, sizeof *out);
    snprintf(out->code, sizeof out->code, "%s", a->code);
    memcpy(out->country, a->country, 4);
    memcpy(out->role, a->role, 4);
    *start = s->tok[a->first].start;
    *end = s->tok[a->last].end;
}

static void remember_actors(hd_coder *c)
{
    const hd_sent *s = &c->sent;
    for (size_t i = 0; i < s->nactor; i++) {
        const hd_actor_info *a = &s->actors[i];
        if (a->from_pronoun || a->outlet || !a->code[0])
            continue;
        if (c->nhist == HISTORY) {
            memmove(c->hist, c->hist + 1, (HISTORY - 1) * sizeof *c->hist);
            c->nhist--;
        }
        c->hist[c->nhist].a = *a;
        c->hist[c->nhist].sentence = c->sentence_no;
        c->nhist++;
    }
}

/* 1 when tokens [first, last] are a bare name: capitalised words the dictionaries do not know. */
static int bare_name(const hd_sent *s, size_t first, size_t last)
{
    if (last < first || last - first > 3)
        return 0;
    for (size_t k = first; k <= last; k++)
        if (s->tok[k].tag != T_NNP || s->tok[k].covered_by >= 0 || (s->tok[k].shape & SH_TITLEABBR))
            return 0;
    return 1;
}

static uint32_t name_key(const hd_sent *s, size_t tok)
{
    return hd_hash_bytes(s->text + s->tok[tok].start, s->tok[tok].end - s->tok[tok].start);
}

static void learn_name(hd_coder *c, uint32_t word, const hd_actor_info *a)
{
    for (size_t i = 0; i < c->nnames; i++)
        if (c->names[i].word == word)
            return; /* the first introduction stands */
    if (c->nnames < MAX_NAMES) {
        c->names[c->nnames].word = word;
        c->names[c->nnames].a = *a;
        c->names[c->nnames].a.person = 1;
        c->nnames++;
    }
}

/* Learns names introduced next to an actor ("Russian Foreign Minister Sergey Lavrov", "Syria's
 * ambassador to Russia, Riad Haddad,") and gives later bare mentions of them that actor. */
static void track_names(hd_coder *c)
{
    hd_sent *s = &c->sent;
    for (size_t ci = 0; ci < s->nchunk; ci++) {
        hd_chunk *ch = &s->chunks[ci];
        if (ch->kind != CK_NP)
            continue;
        if (ch->actor >= 0) {
            const hd_actor_info *a = &s->actors[ch->actor];
            if (a->from_pronoun || a->outlet || !a->role[0])
                continue;
            /* the name inside the phrase, after the words that made the actor */
            if (a->name_last < ch->last && bare_name(s, (size_t)a->name_last + 1, ch->last) && ch->last > a->name_last + 1)
                learn_name(c, name_key(s, ch->last), a);
            /* an appositive: ACTOR [of/to PHRASE] , NAME , */
            size_t k = ci + 1;
            while (k + 1 < s->nchunk && s->chunks[k].kind == CK_PP && s->chunks[k].np == (int16_t)(k + 1))
                k += 2;
            if (k < s->nchunk && s->chunks[k].kind == CK_NP && s->chunks[k].actor < 0 &&
                s->chunks[k].first > 0 && hd_tok_is(s, s->chunks[k].first - 1, ",") &&
                bare_name(s, s->chunks[k].first, s->chunks[k].last) && s->chunks[k].last > s->chunks[k].first)
                learn_name(c, name_key(s, s->chunks[k].last), a);
            continue;
        }
        if (!bare_name(s, ch->first, ch->last) || s->nactor >= HD_MAX_ACTORS)
            continue;
        for (size_t i = 0; i < c->nnames; i++)
            if (c->names[i].word == name_key(s, ch->last)) {
                hd_actor_info a = c->names[i].a;
                a.first = ch->first;
                a.last = ch->last;
                a.name_last = ch->last;
                a.compound_next = -1;
                ch->actor = (int16_t)s->nactor;
                s->actors[s->nactor++] = a;
                break;
            }
    }
}

/* Resolves pronoun actors to the nearest fitting actor: first earlier in the sentence, then
 * in the two sentences before. "We" in a quotation is the speaker's side. Unresolved
 * pronouns stay without a code, so they never produce an event. */
static void resolve_pronouns(hd_coder *c)
{
    hd_sent *s = &c->sent;
    for (size_t i = 0; i < s->nactor; i++) {
        hd_actor_info *a = &s->actors[i];
        if (!a->from_pronoun) {
            /* "our forces", "its army": a role whose country a possessive names */
            if (!a->country[0] && a->role[0] && strlen(a->code) == 3 && s->tok[a->first].tag == T_PRPS) {
                const hd_actor_info *owner = NULL;
                if (hd_tok_is(s, a->first, "our")) {
                    if (c->speaker_actor >= 0 && !s->actors[c->speaker_actor].from_pronoun)
                        owner = &s->actors[c->speaker_actor];
                    else if (c->quote_open && c->quote_speaker.code[0])
                        owner = &c->quote_speaker;
                } else if (!hd_tok_is(s, a->first, "my") && !hd_tok_is(s, a->first, "your")) {
                    /* "his"/"her" belong to a person, "its"/"their" to a country or group */
                    int want_person = hd_tok_is(s, a->first, "his") || hd_tok_is(s, a->first, "her");
                    for (size_t k = i; k-- > 0 && !owner;)
                        if (s->actors[k].country[0] && !s->actors[k].outlet && s->actors[k].person == want_person)
                            owner = &s->actors[k];
                    for (size_t k = c->nhist; k-- > 0 && !owner && c->hist[k].sentence + 1 >= c->sentence_no;)
                        if (c->hist[k].a.country[0] && c->hist[k].a.person == want_person)
                            owner = &c->hist[k].a;
                }
                if (owner && owner->country[0]) {
                    char role[4];
                    memcpy(role, a->role, 4);
                    snprintf(a->code, sizeof a->code, "%s%s", owner->country, role);
                    memcpy(a->country, owner->country, 4);
                }
            }
            continue;
        }
        const hd_actor_info *pick = NULL;
        int we = (s->tok[a->first].cls & WC_WE) != 0;
        int person = (s->tok[a->first].cls & WC_PERSON) != 0;
        if (we) {
            if (c->speaker_actor >= 0 && !s->actors[c->speaker_actor].from_pronoun)
                pick = &s->actors[c->speaker_actor];
            else if (c->quote_open && c->quote_speaker.code[0])
                pick = &c->quote_speaker; /* a quotation that began in an earlier sentence */
        } else {
            /* "Trump said he would ...": a speaker is the likeliest "he" of his own sentence */
            if (person && c->speaker_actor >= 0 && (size_t)c->speaker_actor < i && s->actors[c->speaker_actor].person &&
                !s->actors[c->speaker_actor].from_pronoun)
                pick = &s->actors[c->speaker_actor];
            for (size_t k = i; k-- > 0 && !pick;) {
                const hd_actor_info *b = &s->actors[k];
                if (b->from_pronoun || b->outlet || !b->code[0])
                    continue;
                if (person ? b->person : !b->person)
                    pick = b;
            }
            for (size_t k = c->nhist; k-- > 0 && !pick;) {
                const remembered *r = &c->hist[k];
                if (r->sentence + 2 < c->sentence_no)
                    break;
                if (person ? r->a.person : !r->a.person)
                    pick = &r->a;
            }
        }
        if (pick) {
            memcpy(a->code, pick->code, sizeof a->code);
            memcpy(a->country, pick->country, 4);
            memcpy(a->role, pick->role, 4);
            a->person = pick->person;
        }
    }
}

/* ---- attribution ------------------------------------------------------------------------- */

static uint32_t arena_text(hd_coder *c, const char *p, size_t n)
{
    uint32_t off = (uint32_t)c->arena.len;
    hd_buf_append(&c->arena, p, n);
    hd_buf_putc(&c->arena, '\0');
    return off;
}

/* The words of a noun phrase as a name, without leading determiners. */
static uint32_t np_name(hd_coder *c, const hd_chunk *np)
{
    const hd_sent *s = &c->sent;
    size_t first = np->first;
    while (first < np->last && (s->tok[first].tag == T_DT || s->tok[first].tag == T_PDT))
        first++;
    return arena_text(c, s->text + s->tok[first].start, s->tok[np->last].end - s->tok[first].start);
}

static void add_sentence_attr(hd_coder *c, const char *kind, uint32_t name)
{
    for (int i = 0; i < c->nsattr; i++)
        if (strcmp(c->arena.data + c->sattr[i].name, c->arena.data + name) == 0)
            return;
    if (c->nsattr < MAX_ATTR) {
        c->sattr[c->nsattr].kind = kind;
        c->sattr[c->nsattr].name = name;
        c->nsattr++;
    }
}

static const char *attr_kind(const hd_sent *s, const hd_chunk *np)
{
    if (np->actor >= 0 && s->actors[np->actor].outlet)
        return "outlet";
    for (size_t k = np->first; k <= np->last; k++)
        if (hd_tok_is(s, k, "media") || hd_tok_is(s, k, "journalists") || hd_tok_is(s, k, "reporters") ||
            hd_tok_is(s, k, "newspaper") || hd_tok_is(s, k, "television") || hd_tok_is(s, k, "agency"))
            return "media";
    if (np->actor >= 0 && s->actors[np->actor].person)
        return "speaker";
    if (s->tok[np->head].tag == T_NNP)
        return "speaker";
    return "source";
}

/* Only actors, outlets, named people and the media report or speak ("video published" does not). */
static int can_speak(const hd_sent *s, const hd_chunk *np)
{
    if (np->actor >= 0)
        return 1;
    if (s->tok[np->head].tag == T_NNP || s->tok[np->head].tag == T_NNPS)
        return 1;
    return strcmp(attr_kind(s, np), "media") == 0;
}

static int is_verb_entry(const hd_sent *s, size_t tok, int kind)
{
    if (s->tok[tok].covered_by < 0)
        return 0;
    const hd_match *mt = &s->matches[s->tok[tok].covered_by];
    return hd_match_entry(s, mt, kind) != NULL;
}

static int chunk_in_pp(const hd_sent *s, size_t c)
{
    return c > 0 && s->chunks[c - 1].kind == CK_PP && s->chunks[c - 1].np == (int16_t)c;
}

/* Finds speakers and outlets: subjects of reporting verbs ("Lavrov said", "said Lavrov",
 * "as Vesti.ru reported"), "according to X", and hedges. */
static void find_attribution(hd_coder *c)
{
    hd_sent *s = &c->sent;
    c->nsattr = 0;
    c->shedged = 0;
    c->trailing_outlet = -1;
    c->speaker_actor = -1;
    for (size_t i = 0; i < s->nmatch; i++)
        if (hd_match_entry(s, &s->matches[i], E_HEDGE))
            c->shedged = 1;
    for (size_t ci = 0; ci < s->nchunk; ci++) {
        const hd_chunk *ch = &s->chunks[ci];
        if (ch->kind == CK_PP && hd_tok_is(s, ch->first, "to") && ch->first > 0 &&
            hd_tok_is(s, ch->first - 1, "according") && ch->np >= 0) {
            const hd_chunk *np = &s->chunks[ch->np];
            add_sentence_attr(c, attr_kind(s, np), np_name(c, np));
            continue;
        }
        if (ch->kind != CK_VG || !is_verb_entry(s, ch->head, E_SAY))
            continue;
        /* subject to the left within the clause, else the noun phrase right after */
        int named = -1, actor_np = -1;
        for (size_t k = ci; k-- > 0;) {
            const hd_chunk *x = &s->chunks[k];
            if (x->kind == CK_VG)
                break;
            int quoted = 0; /* '"...groups," said Lavrov': the words before the quote mark are quoted */
            for (size_t q = (size_t)x->last + 1; q < ch->first; q++)
                if (s->tok[q].shape & SH_QUOTE)
                    quoted = 1;
            if (quoted)
                break;
            /* "as Vesti.ru reported": the subject follows "as" */
            if (x->kind == CK_NP && (!chunk_in_pp(s, k) || hd_tok_is(s, s->chunks[k - 1].first, "as"))) {
                if (named < 0)
                    named = (int)k;
                if (x->actor >= 0 && actor_np < 0)
                    actor_np = (int)k;
                if (s->tok[x->head].tag == T_NNP && s->chunks[named].actor < 0 && s->tok[s->chunks[named].head].tag != T_NNP)
                    named = (int)k;
            }
            /* stop at a clause opener or quotation mark between speaker and verb */
            if (x->first > 0 && (s->tok[x->first - 1].shape & SH_QUOTE))
                break;
            if (x->kind == CK_OTHER && (s->tok[x->first].tag == T_WDT || hd_tok_is(s, x->first, "that")))
                break;
            if (x->kind == CK_NP && !chunk_in_pp(s, k) && k + 1 < ci && s->chunks[k + 1].kind == CK_VG)
                break;
        }
        if (named < 0) {
            for (size_t k = ci + 1; k < s->nchunk && k <= ci + 2; k++)
                if (s->chunks[k].kind == CK_NP) {
                    named = (int)k;
                    if (s->chunks[k].actor >= 0)
                        actor_np = (int)k;
                    /* "said Russian Foreign Minister Sergey Lavrov" may continue in a second NP */
                    if (k + 1 < s->nchunk && s->chunks[k + 1].kind == CK_NP) {
                        if (s->chunks[k + 1].actor >= 0)
                            actor_np = (int)k + 1;
                        named = (int)k + 1;
                    }
                    break;
                } else if (s->chunks[k].kind != CK_OTHER)
                    break;
        }
        if (named < 0 || !can_speak(s, &s->chunks[named]))
            continue;
        if (s->chunks[named].actor >= 0 && s->actors[s->chunks[named].actor].from_pronoun) {
            /* "he said": the speaker is who "he" is; a pronoun is no name to credit */
            c->speaker_actor = s->chunks[named].actor;
            continue;
        }
        const hd_chunk *np = &s->chunks[named];
        const char *kind = attr_kind(s, np);
        if (actor_np >= 0 && strcmp(kind, "outlet") != 0)
            c->speaker_actor = s->chunks[actor_np].actor;
        add_sentence_attr(c, kind, np_name(c, np));
        /* "..., CNN reports." closing the sentence credits the whole paragraph */
        if (strcmp(kind, "outlet") == 0 && (size_t)ch->last + 2 >= s->ntok)
            c->trailing_outlet = c->nsattr - 1;
    }
}

/* ---- events ------------------------------------------------------------------------------ */

static int is_root(const char *code, int lo, int hi)
{
    if (!code[0] || !code[1])
        return 0;
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    return r >= lo && r <= hi;
}

/* CAMEO codes an announced act as an intent (03x) or a threat (13x). */
static void future_code(const char *code, char out[5], int *mood)
{
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    const char *r = NULL;
    *mood = root <= 8 ? HD_MOOD_INTENT : HD_MOOD_THREAT;
    switch (root) {
    case 1: case 2: case 3: r = root == 3 ? code : "030"; break;
    case 4: r = "036"; break;
    case 5: r = "032"; break;
    case 6: r = strlen(code) == 3 && code[2] >= '1' && code[2] <= '4' ? (code[2] == '1' ? "0311" : code[2] == '2' ? "0312" : code[2] == '3' ? "0313" : "0314") : "031"; break;
    case 7: r = strlen(code) == 3 && code[2] >= '1' && code[2] <= '4' ? (code[2] == '1' ? "0331" : code[2] == '2' ? "0332" : code[2] == '3' ? "0333" : "0334") : "033"; break;
    case 8: r = "035"; break;
    case 13: r = code; break;
    case 14: r = "133"; break;
    case 16: r = "131"; break;
    case 17: r = "137"; break;
    case 18: r = "1383"; break;
    case 19: r = strcmp(code, "191") == 0 ? "1381" : strcmp(code, "192") == 0 ? "1382" : strcmp(code, "190") == 0 ? "138" : "1384"; break;
    case 20: r = strcmp(code, "204") == 0 ? "1385" : "138"; break;
    case 15: r = "138"; break;
    default: r = "130"; break;
    }
    snprintf(out, 5, "%s", r);
}

static int word_matches(const hd_sent *s, size_t i, uint32_t wid)
{
    const hd_tok *t = &s->tok[i];
    if (t->word == HD_NONE)
        return 0;
    return t->word == wid || t->lemma == wid || s->model->words[wid].lemma == t->lemma;
}

/* Length of the synset phrase matching forward at i (dir > 0) or ending at i (dir < 0). */
static size_t synset_at(const hd_sent *s, size_t i, uint32_t syn, int dir)
{
    const hd_model *m = s->model;
    const hd_synset *sy = &m->synsets[syn];
    size_t best = 0;
    /* the Bloom set holds first words, so it can only reject forward matches */
    if (dir > 0 && (s->tok[i].word == HD_NONE || !HD_BLOOM_HAS(sy->bloom, s->tok[i].lemma)))
        return 0;
    for (uint32_t p = 0; p < sy->n_phrases; p++) {
        const hd_phrase *ph = &m->phrases[sy->first_phrase + p];
        size_t n = ph->n_words;
        if (n == 0 || n <= best)
            continue;
        size_t start;
        if (dir > 0)
            start = i;
        else {
            if (i + 1 < n)
                continue;
            start = i + 1 - n;
        }
        if (start + n > s->ntok)
            continue;
        size_t k = 0;
        while (k < n && word_matches(s, start + k, m->phrase_words[ph->first_word + k]))
            k++;
        if (k == n)
            best = n;
    }
    return best;
}

/* Index of the actor whose noun phrase starts at token i (skipping determiners), -1. */
static int actor_starting_at(const hd_sent *s, size_t i)
{
    if (i >= s->ntok || s->tok[i].chunk != CK_NP)
        return -1;
    const hd_chunk *ch = &s->chunks[s->tok[i].chunk_index];
    if (ch->first != i && !(s->tok[ch->first].tag == T_DT && i == (size_t)ch->first + 1))
        return -1;
    return ch->actor;
}

typedef struct pattern_hit {
    const hd_pattern *p;
    int source, target; /* actor indexes captured by $ and + */
    int compound;       /* first member of the compound captured by %, -1 */
    uint32_t last_tok;
} pattern_hit;

/* 0 when a word or synset the pattern needs is surely absent from the sentence. */
static int pattern_possible(const hd_sent *s, const hd_pattern *p)
{
    const hd_model *m = s->model;
    const hd_elem *el = &m->elems[p->first_elem];
    for (size_t k = 0; k < (size_t)p->n_lower + p->n_upper; k++) {
        if (el[k].type == EL_WORD) {
            if (!HD_BLOOM_HAS(s->bloom, m->words[el[k].value].lemma))
                return 0;
        } else if (el[k].type == EL_SYNSET) {
            const uint32_t *sb = m->synsets[el[k].value].bloom;
            uint32_t any = 0;
            for (int w = 0; w < HD_BLOOM_WORDS; w++)
                any |= sb[w] & s->bloom[w];
            if (!any)
                return 0;
        }
    }
    return 1;
}

static int compound_head(const hd_sent *s, int actor);

/* '%' in a pattern matches an actor that is part of "A and B". */
static int capture_compound(const hd_sent *s, int actor, pattern_hit *hit)
{
    int head = compound_head(s, actor);
    if (s->actors[head].compound_next < 0)
        return 0;
    hit->compound = head;
    return 1;
}

static int try_pattern(const hd_sent *s, const hd_pattern *p, size_t vfirst, size_t vlast, pattern_hit *hit)
{
    const hd_model *m = s->model;
    const hd_elem *el = &m->elems[p->first_elem];
    if (!pattern_possible(s, p))
        return 0;
    hit->source = hit->target = hit->compound = -1;
    hit->last_tok = (uint32_t)vlast;
    /* lower: leftwards from the verb */
    long pos = (long)vfirst - 1;
    for (uint16_t k = 0; k < p->n_lower; k++) {
        const hd_elem *e = &el[k];
        int found = 0;
        for (long q = pos; q >= 0; q--) {
            size_t len = 0;
            if (e->type == EL_WORD)
                len = word_matches(s, (size_t)q, e->value) ? 1 : 0;
            else if (e->type == EL_SYNSET)
                len = synset_at(s, (size_t)q, e->value, -1);
            else if (e->type == EL_SOURCE || e->type == EL_TARGET || e->type == EL_COMPOUND) {
                if (s->tok[q].chunk == CK_NP && s->chunks[s->tok[q].chunk_index].actor >= 0) {
                    const hd_chunk *ch = &s->chunks[s->tok[q].chunk_index];
                    if (e->type == EL_SOURCE)
                        hit->source = ch->actor;
                    else if (e->type == EL_TARGET)
                        hit->target = ch->actor;
                    else if (!capture_compound(s, ch->actor, hit))
                        goto no_marker;
                    len = (size_t)q - ch->first + 1;
                }
            }
        no_marker:
            if (len) {
                pos = q - (long)len;
                found = 1;
                break;
            }
            if (e->adjacent || q < (long)vfirst - 12)
                break;
        }
        if (!found)
            return 0;
    }
    size_t up = vlast + 1;
    for (uint16_t k = 0; k < p->n_upper; k++) {
        const hd_elem *e = &el[p->n_lower + k];
        int found = 0;
        for (size_t q = up; q < s->ntok; q++) {
            size_t len = 0;
            if (e->type == EL_WORD)
                len = word_matches(s, q, e->value) ? 1 : 0;
            else if (e->type == EL_SYNSET)
                len = synset_at(s, q, e->value, 1);
            else if (e->type == EL_SOURCE || e->type == EL_TARGET || e->type == EL_COMPOUND) {
                int a = actor_starting_at(s, q);
                if (a >= 0 && (e->type != EL_COMPOUND || capture_compound(s, a, hit))) {
                    const hd_chunk *ch = &s->chunks[s->tok[q].chunk_index];
                    if (e->type == EL_SOURCE)
                        hit->source = a;
                    else if (e->type == EL_TARGET)
                        hit->target = a;
                    len = (size_t)ch->last - q + 1;
                }
            }
            if (len) {
                up = q + len;
                hit->last_tok = (uint32_t)(up - 1);
                found = 1;
                break;
            }
            if (e->adjacent || q > vlast + ((s->model->flags & HD_MODEL_PETRARCH) ? 16 : 10))
                break;
            /* words of a pattern stay in the verb's sentence part: stop at a clause end */
            if (s->tok[q].tag == T_PUNCT && (s->text[s->tok[q].start] == ';' || s->text[s->tok[q].start] == ':'))
                break;
        }
        if (!found)
            return 0;
    }
    hit->p = p;
    return 1;
}

static const hd_pattern *best_pattern(const hd_sent *s, const hd_block *b, size_t vfirst, size_t vlast, pattern_hit *out)
{
    const hd_pattern *best = NULL;
    for (uint32_t k = 0; k < b->n_patterns; k++) {
        const hd_pattern *p = &s->model->patterns[b->first_pattern + k];
        if (best && p->specificity <= best->specificity)
            continue;
        pattern_hit hit;
        if (try_pattern(s, p, vfirst, vlast, &hit)) {
            best = p;
            *out = hit;
        }
    }
    return best;
}

typedef struct args {
    int subj_np, do_np;        /* chunk indexes, -1 */
    int pps[8];
    int npps;
} args;

static int preposition_targets(const hd_sent *s, size_t tok)
{
    static const char *const preps[] = {"against", "on", "upon", "to", "with", "at", "toward", "towards",
                                        "into", "from", "over", "for", "targeting", "between", NULL};
    for (size_t k = 0; preps[k]; k++)
        if (hd_tok_is(s, tok, preps[k]))
            return 1;
    return 0;
}

static int find_subject(hd_coder *c, size_t vg)
{
    const hd_sent *s = &c->sent;
    const hd_chunk *v = &s->chunks[vg];
    int first_np = -1;
    for (size_t k = vg; k-- > 0;) {
        const hd_chunk *x = &s->chunks[k];
        if (x->clause != v->clause) {
            /* "the group that attacked": a relative pronoun hands over its antecedent */
            if (k + 1 < vg && s->chunks[k + 1].kind == CK_OTHER &&
                (s->tok[s->chunks[k + 1].first].tag == T_WDT || s->tok[s->chunks[k + 1].first].tag == T_WP) &&
                x->kind == CK_NP && x->actor >= 0)
                return (int)k;
            break;
        }
        if (x->kind == CK_VG)
            break;
        if (x->kind == CK_NP && !chunk_in_pp(s, k)) {
            if (x->actor >= 0)
                return (int)k;
            /* "thousands of protesters", "a group of soldiers": the of-phrase names the actor */
            if (k + 2 < vg && s->chunks[k + 1].kind == CK_PP && hd_tok_is(s, s->chunks[k + 1].first, "of") &&
                s->chunks[k + 1].np >= 0 && s->chunks[s->chunks[k + 1].np].actor >= 0)
                return s->chunks[k + 1].np;
            if (first_np < 0)
                first_np = (int)k;
            /* an appositive after an actor: "Syria's ambassador to Russia, Riad Haddad, said" */
            if (!(x->first > 0 && hd_tok_is(s, x->first - 1, ",")))
                break;
        }
    }
    return first_np;
}

static void find_args(hd_coder *c, size_t vg, args *a)
{
    const hd_sent *s = &c->sent;
    const hd_chunk *v = &s->chunks[vg];
    a->subj_np = find_subject(c, vg);
    a->do_np = -1;
    a->npps = 0;
    size_t k = vg + 1;
    while (k < s->nchunk && s->chunks[k].kind == CK_OTHER && s->tok[s->chunks[k].first].tag == T_RB)
        k++;
    if (k < s->nchunk && s->chunks[k].kind == CK_NP && s->chunks[k].clause == v->clause) {
        /* "concluded the attacks were ...": a noun phrase followed by a finite verb is the
         * subject of a complement clause, not the object */
        int next_finite = k + 1 < s->nchunk && s->chunks[k + 1].kind == CK_VG &&
                          !(s->chunks[k + 1].features & (VG_INFINITIVE | VG_GERUND)) &&
                          s->tok[s->chunks[k + 1].first].tag != T_VBN;
        if (!next_finite)
            a->do_np = (int)k++;
    }
    for (; k < s->nchunk && a->npps < 8; k++) {
        const hd_chunk *x = &s->chunks[k];
        if (x->clause != v->clause)
            break;
        /* "pledged to provide aid to Manila": an infinitive does not end the search; for
         * PETRARCH dictionaries, which take the first actor after the verb, a participle does
         * not either ("cordoned off the roads leading into Mordor") */
        int participle = x->first == x->head && (s->tok[x->head].tag == T_VBG || s->tok[x->head].tag == T_VBN);
        if (x->kind == CK_VG && !(x->features & VG_INFINITIVE) &&
            !(participle && (s->model->flags & HD_MODEL_PETRARCH)))
            break;
        if (x->kind == CK_PP && x->np >= 0)
            a->pps[a->npps++] = (int)k;
    }
}

/* An actor with a country or a name, not just a role ("official"): a bare role in a later
 * phrase should not win over a named actor. */
static int named_actor(const hd_sent *s, int actor)
{
    return actor >= 0 && (s->actors[actor].country[0] || strlen(s->actors[actor].code) > 3);
}

static int pp_actor(const hd_sent *s, const args *a, const char *prep)
{
    int weak = -1;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < a->npps; i++) {
            const hd_chunk *pp = &s->chunks[a->pps[i]];
            int act = s->chunks[pp->np].actor;
            if (act < 0 || s->actors[act].outlet || !s->actors[act].code[0])
                continue;
            int ok = prep ? hd_tok_is(s, pp->first, prep)
                          : pass == 0 ? preposition_targets(s, pp->first)
                                      : hd_tok_is(s, pp->first, "by") || hd_tok_is(s, pp->first, "of") ||
                                            /* TABARI takes the first actor after the verb */
                                            ((s->model->flags & HD_MODEL_PETRARCH) && hd_tok_is(s, pp->first, "in"));
            if (!ok)
                continue;
            if (named_actor(s, act))
                return act;
            if (weak < 0)
                weak = act;
        }
    return weak;
}

static int usable(const hd_sent *s, int actor)
{
    return actor >= 0 && !s->actors[actor].outlet && s->actors[actor].code[0];
}

static const char *precision_name(hd_date_precision p)
{
    switch (p) {
    case HD_PREC_DAY: return "day";
    case HD_PREC_WEEK: return "week";
    case HD_PREC_MONTH: return "month";
    case HD_PREC_YEAR: return "year";
    default: return "none";
    }
}

/* The first member of the compound an actor belongs to ("France and Germany condemned": the
 * nearest noun phrase is Germany, the list starts at France). */
static int compound_head(const hd_sent *s, int actor)
{
    for (int guard = 0; actor >= 0 && guard < 8; guard++) {
        int prev = -1;
        for (size_t i = 0; i < s->nactor; i++)
            if (s->actors[i].compound_next == actor)
                prev = (int)i;
        if (prev < 0)
            break;
        actor = prev;
    }
    return actor;
}

/* Stages the event; with `expand`, one per member of compound source and target actors. */
static void stage_x(hd_coder *c, int src, int tgt, int expand, const char *code, int negated, int mood,
                    const char *rule, size_t trig_first, size_t trig_last)
{
    hd_sent *s = &c->sent;
    if (!hd_model_cameo(c->m, code))
        return;
    if (expand) {
        src = compound_head(s, src);
        tgt = compound_head(s, tgt);
    }
    /* one event per member of a compound actor */
    int srcs[8], tgts[8], nsrc = 0, ntgt = 0;
    for (int x = src; x >= 0 && nsrc < 8; x = expand ? s->actors[x].compound_next : -1)
        if (usable(s, x))
            srcs[nsrc++] = x;
    for (int x = tgt; x >= 0 && ntgt < 8; x = expand ? s->actors[x].compound_next : -1)
        if (usable(s, x))
            tgts[ntgt++] = x;
    if (ntgt == 0)
        tgts[ntgt++] = -1;
    for (int i = 0; i < nsrc; i++) {
        for (int j = 0; j < ntgt; j++) {
            int si = srcs[i], ti = tgts[j];
            if (ti >= 0 && strcmp(s->actors[si].code, s->actors[ti].code) == 0)
                continue;
            /* the same event twice from one sentence adds nothing */
            int dup = 0;
            for (size_t k = 0; k < c->nev && !dup; k++) {
                const staged *e = &c->ev[k];
                if (e->sentence == c->sentence_no && strcmp(e->code, code) == 0 &&
                    strcmp(e->src.code, s->actors[si].code) == 0 &&
                    (ti >= 0 ? e->has_tgt && strcmp(e->tgt.code, s->actors[ti].code) == 0 : !e->has_tgt))
                    dup = 1;
            }
            if (dup)
                continue;
            if (grow((void **)&c->ev, &c->ev_cap, c->nev + 1, sizeof *c->ev) != 0)
                return;
            staged *e = &c->ev[c->nev++];
            memset(e, 0, sizeof *e);
            e->sentence = c->sentence_no;
            e->s_start = s->tok[0].start;
            e->s_end = s->tok[s->ntok - 1].end;
            e->base = s->text;
            fill_actor(s, &s->actors[si], &e->src, &e->src_start, &e->src_end);
            e->has_src = 1;
            if (ti >= 0) {
                fill_actor(s, &s->actors[ti], &e->tgt, &e->tgt_start, &e->tgt_end);
                e->has_tgt = 1;
            }
            snprintf(e->code, sizeof e->code, "%s", code);
            e->negated = negated;
            e->hedged = c->shedged;
            e->mood = mood;
            memcpy(e->date, c->sdate, sizeof e->date);
            e->date_prec = c->sdate_prec;
            for (int k = 0; k < c->nquote_attr && e->nattr < MAX_ATTR; k++)
                e->attr[e->nattr++] = c->quote_attr[k];
            for (int k = 0; k < c->nsattr && e->nattr < MAX_ATTR; k++)
                e->attr[e->nattr++] = c->sattr[k];
            e->rule = rule;
            e->trig_start = s->tok[trig_first].start;
            e->trig_end = s->tok[trig_last].end;
        }
    }
}

static void stage(hd_coder *c, int src, int tgt, const char *code, int negated, int mood, const char *rule,
                  size_t trig_first, size_t trig_last)
{
    stage_x(c, src, tgt, 1, code, negated, mood, rule, trig_first, trig_last);
}

/* The event noun in a noun phrase, or NULL. */
static const hd_entry *np_event_noun(const hd_sent *s, const hd_chunk *np, size_t *at)
{
    for (size_t k = np->first; k <= np->last; k++) {
        const hd_entry *e = hd_tok_entry(s, k, E_NOUN);
        if (e) {
            *at = k;
            return e;
        }
    }
    return NULL;
}

static int is_intent_verb(const hd_sent *s, size_t tok)
{
    static const char *const intent[] = {"plan", "intend", "want", "prepare", "decide", "seek", "aim",
                                         "hope", "expect", "vow", "pledge", "promise", "threaten", "agree",
                                         "offer", "propose", "consider", "warn", "refuse", "fail", "try", NULL};
    const hd_tok *t = &s->tok[tok];
    if (t->lemma == HD_NONE)
        return 0;
    const char *lemma = hd_str(s->model, s->model->words[t->lemma].text);
    for (size_t k = 0; intent[k]; k++)
        if (strcmp(lemma, intent[k]) == 0)
            return 1;
    return 0;
}

static void code_verb_group(hd_coder *c, size_t vg, int *matrix_coded)
{
    hd_sent *s = &c->sent;
    hd_chunk *v = &s->chunks[vg];
    size_t head = v->head;
    int covered = s->tok[head].covered_by;
    const hd_match *mt = covered >= 0 ? &s->matches[covered] : NULL;
    const hd_entry *verb = mt ? hd_match_entry(s, mt, E_VERB) : NULL;
    const hd_entry *light = mt ? hd_match_entry(s, mt, E_LIGHT) : NULL;
    if (mt && hd_match_entry(s, mt, E_SAY) && !verb)
        return;
    size_t vlast = mt ? mt->first + mt->n - 1 : head;
    if (vlast < v->last)
        vlast = v->last;
    uint32_t f = v->features;
    /* an infinitive that completes another verb ("threatened to attack") belongs to it */
    int complement = (f & VG_INFINITIVE) && vg > 0;
    size_t matrix = vg;
    if (complement) {
        int found = 0;
        for (size_t k = vg; k-- > 0;) {
            if (s->chunks[k].kind == CK_VG) {
                matrix = k;
                found = 1;
                break;
            }
            if (s->chunks[k].clause != v->clause && s->chunks[k].kind != CK_NP)
                break;
        }
        if (!found)
            complement = 0;
    }
    if (complement && *matrix_coded)
        return;
    args a;
    find_args(c, vg, &a);
    int src = -1, tgt = -1;
    if (a.subj_np >= 0)
        src = s->chunks[a.subj_np].actor;
    if (src < 0 && (f & (VG_GERUND | VG_INFINITIVE)) && c->last_subject >= 0)
        src = c->last_subject; /* "..., bombing the city": the subject carries over */
    if (src < 0 && vg > 0 && s->chunks[vg - 1].kind == CK_OTHER && hd_tok_is(s, s->chunks[vg - 1].first, "and") &&
        c->last_subject >= 0)
        src = c->last_subject;
    if (complement && a.subj_np < 0) {
        /* "urged Russia to stop": the object of the matrix verb is the subject here */
        args ma;
        find_args(c, matrix, &ma);
        if (ma.do_np >= 0 && s->chunks[ma.do_np].actor >= 0)
            src = s->chunks[ma.do_np].actor;
        else if (ma.subj_np >= 0)
            src = s->chunks[ma.subj_np].actor;
    }
    char code[5] = "", code_rev[5] = "";
    const char *rule = NULL;
    size_t trig_last = vlast;
    pattern_hit hit = {NULL, -1, -1, -1, 0};
    if (verb) {
        const hd_block *b = &s->model->blocks[verb->aux];
        if (best_pattern(s, b, v->first < head ? head : v->first, vlast, &hit)) {
            snprintf(code, sizeof code, "%s", hd_str(s->model, hit.p->code));
            snprintf(code_rev, sizeof code_rev, "%s", hd_str(s->model, hit.p->code_rev));
            rule = hd_str(s->model, hit.p->rule);
            for (uint32_t k = (uint32_t)vlast + 1; k <= hit.last_tok && k < HD_MAX_SENT_TOKENS; k++)
                c->consumed[k] = 1;
        }
        if (!rule) {
            snprintf(code, sizeof code, "%s", hd_str(s->model, b->code));
            snprintf(code_rev, sizeof code_rev, "%s", hd_str(s->model, b->code_rev));
            rule = hd_str(s->model, b->rule);
        }
    }
    int noun_target = -1;
    if ((light || (verb && !code[0])) && a.do_np >= 0) {
        size_t at = 0;
        const hd_entry *noun = np_event_noun(s, &s->chunks[a.do_np], &at);
        if (noun && (!code[0] || light)) {
            snprintf(code, sizeof code, "%s", hd_str(s->model, noun->code));
            rule = hd_str(s->model, noun->rule);
            trig_last = at;
            if (at < HD_MAX_SENT_TOKENS)
                c->consumed[at] = 1;
            noun_target = pp_actor(s, &a, NULL);
        }
    }
    if (!code[0]) {
        if (a.subj_np >= 0 && s->chunks[a.subj_np].actor >= 0)
            c->last_subject = s->chunks[a.subj_np].actor;
        return;
    }
    /* "injured himself", "defended themselves": no one acts on another */
    if (a.do_np >= 0 && s->chunks[a.do_np].first == s->chunks[a.do_np].last) {
        size_t o = s->chunks[a.do_np].first;
        if (hd_tok_is(s, o, "himself") || hd_tok_is(s, o, "herself") || hd_tok_is(s, o, "itself") ||
            hd_tok_is(s, o, "themselves") || hd_tok_is(s, o, "ourselves") || hd_tok_is(s, o, "myself"))
            return;
    }
    if (complement)
        *matrix_coded = 1;
    /* roles */
    if (f & VG_PASSIVE) {
        int by = pp_actor(s, &a, "by");
        tgt = a.subj_np >= 0 ? s->chunks[a.subj_np].actor : -1;
        if ((f & VG_GERUND) == 0 && v->first == head && a.subj_np >= 0)
            tgt = s->chunks[a.subj_np].actor; /* "the city bombed by jets" */
        src = by;
    } else {
        if (noun_target >= 0)
            tgt = noun_target;
        else if (a.do_np >= 0 && usable(s, s->chunks[a.do_np].actor))
            tgt = s->chunks[a.do_np].actor;
        else
            tgt = pp_actor(s, &a, NULL);
    }
    if (hit.p) {
        if (hit.source >= 0)
            src = hit.source;
        if (hit.target >= 0)
            tgt = hit.target;
    }
    if (src >= 0 && !(f & VG_PASSIVE))
        c->last_subject = src;
    /* modality: PETRARCH dictionaries state it in their patterns instead */
    int mood = HD_MOOD_FACT;
    int verbatim = (c->m->flags & HD_MODEL_PETRARCH) != 0;
    if (f & (VG_HYPOTHETICAL | VG_CONDITIONAL)) {
        if (!c->opt.emit_hypothetical && !verbatim)
            return;
        mood = HD_MOOD_HYPOTHETICAL;
    } else if ((f & VG_FUTURE) || (complement && is_intent_verb(s, s->chunks[matrix].head))) {
        if (verbatim)
            mood = HD_MOOD_INTENT;
        else
            future_code(code, code, &mood);
    }
    int negated = (f & VG_NEGATED) != 0;
    if (negated && !c->opt.emit_negated)
        return;
    if (hit.p && hit.compound >= 0) {
        /* "Gondor and Osgiliath renewed ties" with a '%' pattern: each member acts on the others */
        for (int a1 = hit.compound; a1 >= 0; a1 = s->actors[a1].compound_next)
            for (int a2 = hit.compound; a2 >= 0; a2 = s->actors[a2].compound_next)
                if (a1 != a2)
                    stage_x(c, a1, a2, 0, code, negated, mood, rule, head, trig_last);
        return;
    }
    int head_src = compound_head(s, src);
    if (code_rev[0] && tgt < 0 && head_src >= 0 && s->actors[head_src].compound_next >= 0) {
        /* "Gondor and Osgiliath renewed ties" with a paired code: the members act on each other */
        for (int a1 = head_src; a1 >= 0; a1 = s->actors[a1].compound_next)
            for (int a2 = head_src; a2 >= 0; a2 = s->actors[a2].compound_next)
                if (a1 != a2)
                    stage_x(c, a1, a2, 0, a1 == head_src ? code : code_rev, negated, mood, rule, head, trig_last);
        return;
    }
    stage(c, src, tgt, code, negated, mood, rule, head, trig_last);
    if (code_rev[0] && tgt >= 0)
        stage(c, tgt, src, code_rev, negated, mood, rule, head, trig_last); /* "[032:033]" */
    /* "in cooperation with the army": a second, cooperative event with the partner */
    for (size_t k = vlast + 1; k + 2 < s->ntok && s->tok[k].chunk != CK_VG; k++) {
        const hd_entry *n = hd_tok_entry(s, k, E_NOUN);
        if (!n || !is_root(hd_str(s->model, n->code), 6, 6))
            continue;
        const hd_match *nm = &s->matches[s->tok[k].match];
        size_t after = nm->first + nm->n;
        while (after < s->ntok && (s->tok[after].shape & SH_QUOTE))
            after++;
        if (after + 1 < s->ntok && hd_tok_is(s, after, "with")) {
            int partner = actor_starting_at(s, after + 1);
            if (partner < 0 && after + 2 < s->ntok)
                partner = actor_starting_at(s, after + 2);
            if (partner >= 0) {
                const char *nc = hd_str(s->model, n->code);
                stage(c, src, partner, is_root(code, 15, 20) && strcmp(nc, "060") == 0 ? "062" : nc, negated, mood,
                      hd_str(s->model, n->rule), k, k);
                if (k < HD_MAX_SENT_TOKENS)
                    c->consumed[k] = 1;
            }
        }
        break;
    }
}

/* Nouns that name a state of affairs rather than an act: an adjective before them places them
 * ("the Syrian war") instead of naming who acts. */
static int is_situation_noun(const hd_sent *s, size_t i)
{
    static const char *const nouns[] = {"war", "wars", "conflict", "conflicts", "crisis", "violence",
                                        "fighting", "genocide", "unrest", "insurgency", "hostilities",
                                        "tension", "tensions", "turmoil", "chaos", "uprising", "revolution",
                                        "occupation", "dispute", "disputes", NULL};
    for (size_t k = 0; nouns[k]; k++)
        if (hd_tok_is(s, i, nouns[k]))
            return 1;
    return 0;
}

/* Event nouns with an actor of their own: "U.S. accusations that the Russians ...",
 * "Russian air strikes on Aleppo". */
static void code_event_nouns(hd_coder *c)
{
    hd_sent *s = &c->sent;
    for (size_t ci = 0; ci < s->nchunk; ci++) {
        const hd_chunk *np = &s->chunks[ci];
        if (np->kind != CK_NP || np->actor < 0 || !usable(s, np->actor))
            continue;
        size_t at = 0;
        const hd_entry *noun = np_event_noun(s, np, &at);
        if (!noun || at >= HD_MAX_SENT_TOKENS || c->consumed[at] || at != np->head)
            continue;
        /* a capitalised noun in running text is part of a name ("the Conference of Bishops") */
        if (s->tok[at].tag == T_NNP || s->tok[at].tag == T_NNPS)
            continue;
        /* the actor must modify the noun, not be it */
        const hd_actor_info *a = &s->actors[np->actor];
        if (a->name_last >= at)
            continue;
        /* A bare name before the noun names the doer only of speech acts ("U.S. accusations");
         * before other nouns it says where or with whom ("the Iraq war", "the Russia meeting").
         * A demonym or a possessive names the doer ("Saudi bombings", "Russia's strikes"), but
         * not of a situation ("the Syrian war", "the Armenian genocide"). */
        const char *ncode = hd_str(s->model, noun->code);
        size_t after = (size_t)a->name_last + 1;
        int possessive = after < s->ntok && s->tok[after].tag == T_POS;
        int adjective = s->tok[a->name_last].tag == T_JJ;
        if (!possessive && !adjective && !is_root(ncode, 10, 13))
            continue;
        if (!possessive && is_situation_noun(s, at))
            continue;
        int tgt = -1;
        size_t k = ci + 1;
        if (k < s->nchunk && s->chunks[k].kind == CK_OTHER && hd_tok_is(s, s->chunks[k].first, "that") &&
            k + 1 < s->nchunk && s->chunks[k + 1].kind == CK_NP)
            tgt = s->chunks[k + 1].actor;
        else if (k < s->nchunk && s->chunks[k].kind == CK_PP && s->chunks[k].np >= 0 &&
                 (hd_tok_is(s, s->chunks[k].first, "against") || hd_tok_is(s, s->chunks[k].first, "on") ||
                  hd_tok_is(s, s->chunks[k].first, "with") || hd_tok_is(s, s->chunks[k].first, "to")))
            tgt = s->chunks[s->chunks[k].np].actor;
        c->consumed[at] = 1;
        stage(c, np->actor, tgt, hd_str(s->model, noun->code), 0, HD_MOOD_FACT, hd_str(s->model, noun->rule), at, at);
    }
}

/* ---- delivery ---------------------------------------------------------------------------- */

static void flush_paragraph(hd_coder *c)
{
    for (size_t i = 0; i < c->nev && !c->stop; i++) {
        staged *e = &c->ev[i];
        hd_event ev;
        memset(&ev, 0, sizeof ev);
        hd_attribution attr[MAX_ATTR];
        ev.doc_id = c->doc->id;
        ev.event_index = c->event_index++;
        ev.sentence = e->sentence;
        ev.span_start = e->s_start;
        ev.span_end = e->s_end;
        ev.text = e->base + e->s_start;
        ev.text_len = e->s_end - e->s_start;
        memcpy(ev.date, e->date, sizeof ev.date);
        ev.date_precision = e->date_prec;
        e->src.text = e->base + e->src_start;
        e->src.text_len = e->src_end - e->src_start;
        ev.source = e->has_src ? &e->src : NULL;
        if (e->has_tgt) {
            e->tgt.text = e->base + e->tgt_start;
            e->tgt.text_len = e->tgt_end - e->tgt_start;
            ev.target = &e->tgt;
        }
        memcpy(ev.code, e->code, sizeof ev.code);
        ev.root[0] = e->code[0];
        ev.root[1] = e->code[1];
        int root = (e->code[0] - '0') * 10 + (e->code[1] - '0');
        ev.quad_class = root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
        const hd_cameo *cm = hd_model_cameo(c->m, e->code);
        ev.goldstein = cm ? cm->goldstein : 0.0;
        for (int k = 0; k < e->nattr; k++) {
            attr[k].kind = e->attr[k].kind;
            attr[k].name = c->arena.data + e->attr[k].name;
        }
        ev.attribution = attr;
        ev.n_attribution = (size_t)e->nattr;
        ev.negated = e->negated;
        ev.hedged = e->hedged;
        ev.mood = e->mood;
        ev.rule = e->rule ? e->rule : "";
        ev.trigger = e->base + e->trig_start;
        ev.trigger_len = e->trig_end - e->trig_start;
        ev.doc_source = c->doc->source;
        ev.doc_url = c->doc->url;
        c->delivered++;
        if (c->sink && c->sink(c->user, &ev) != 0)
            c->stop = 1;
    }
    c->nev = 0;
}

/* ---- sentences --------------------------------------------------------------------------- */

static int32_t ymd_int(hd_ymd d) { return d.year ? d.year * 10000 + d.month * 100 + d.day : 0; }

/* Tokens to skip at the start of a sentence that opens with a breadcrumb trail
 * ("Home / World / Russia conducted ..."): two or more short segments each ended by '/'. */
static size_t breadcrumb_length(const char *text, const hd_span *spans, size_t ntok)
{
    size_t i = 0, segments = 0, end = 0;
    while (i < ntok) {
        size_t k = i;
        while (k < ntok && k - i < 4 && !(spans[k].end == spans[k].start + 1 && text[spans[k].start] == '/'))
            k++;
        if (k >= ntok || k == i || k - i > 3 || text[spans[k].start] != '/')
            break;
        segments++;
        end = k + 1;
        i = k + 1;
    }
    return segments >= 2 && end < ntok ? end : 0;
}

static uint64_t text_hash(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
    return h;
}

/* 1 when the same sentence was already coded in this document (headlines repeated in the
 * body, scraped pages that print a paragraph twice): it would only duplicate events. */
static int seen_before(hd_coder *c, const char *p, size_t n)
{
    uint64_t h = text_hash(p, n);
    for (size_t i = 0; i < c->nseen; i++)
        if (c->seen[i] == h)
            return 1;
    if (grow((void **)&c->seen, &c->seen_cap, c->nseen + 1, sizeof *c->seen) == 0)
        c->seen[c->nseen++] = h;
    return 0;
}

static void code_sentence(hd_coder *c, const char *text, const hd_span *spans, size_t ntok, int title)
{
    hd_sent *s = &c->sent;
    size_t crumbs = breadcrumb_length(text, spans, ntok);
    spans += crumbs;
    ntok -= crumbs;
    if (ntok == 0)
        return;
    if (seen_before(c, text + spans[0].start, spans[ntok - 1].end - spans[0].start))
        return;
    if (ntok > HD_MAX_SENT_TOKENS)
        ntok = HD_MAX_SENT_TOKENS; /* run-on "sentences" (tables, lists) are cut, not coded whole */
    if (grow((void **)&c->tok, &c->tok_cap, ntok, sizeof *c->tok) != 0)
        return;
    s->text = text;
    s->tok = c->tok;
    s->ntok = ntok;
    for (size_t i = 0; i < ntok; i++) {
        memset(&s->tok[i], 0, sizeof s->tok[i]);
        s->tok[i].start = spans[i].start;
        s->tok[i].end = spans[i].end;
        s->tok[i].shape = spans[i].shape;
    }
    if (hd_match_sentence(s) != 0)
        return;
    if (s->discard)
        return;
    /* date of the sentence's events */
    hd_date_mention dm[4];
    size_t nd = 0;
    int datey = 0; /* most sentences name no date: skip the date scanner for them */
    for (size_t i = 0; i < ntok && !datey; i++)
        datey = (s->tok[i].shape & SH_DIGIT) || (s->tok[i].cls & WC_DATE);
    if (datey)
        nd = hd_date_find(text + s->tok[0].start, s->tok[ntok - 1].end - s->tok[0].start, c->pub, dm, 4);
    if (nd > 0 && dm[0].date.year) {
        hd_date_format(dm[0].date, c->sdate);
        c->sdate_prec = precision_name(dm[0].precision);
        s->event_date = ymd_int(dm[0].date);
    } else if (c->pub.year) {
        hd_date_format(c->pub, c->sdate);
        c->sdate_prec = "publication";
        s->event_date = ymd_int(c->pub);
    } else {
        c->sdate[0] = '\0';
        c->sdate_prec = "none";
        s->event_date = 0;
    }
    hd_postag_sentence(s);
    hd_chunk_sentence(s);
    hd_actor_sentence(s);
    track_names(c);
    find_attribution(c);
    resolve_pronouns(c);
    /* quotations that run over several sentences keep the attribution of their start */
    int quotes = 0;
    for (size_t i = 0; i < ntok; i++)
        if ((s->tok[i].shape & SH_QUOTE) && s->text[s->tok[i].start] == '"')
            quotes++;
    if (!c->quote_open)
        c->nquote_attr = 0;
    memset(c->consumed, 0, ntok < HD_MAX_SENT_TOKENS ? ntok : HD_MAX_SENT_TOKENS);
    c->last_subject = -1;
    int matrix_coded = 0;
    for (size_t ci = 0; ci < s->nchunk && !c->stop; ci++) {
        if (s->chunks[ci].kind != CK_VG)
            continue;
        if (!(s->chunks[ci].features & VG_INFINITIVE))
            matrix_coded = 0;
        int before = (int)c->nev;
        code_verb_group(c, ci, &matrix_coded);
        if ((int)c->nev > before && !(s->chunks[ci].features & VG_INFINITIVE))
            matrix_coded = 1;
    }
    code_event_nouns(c);
    (void)title;
    if (c->trace)
        c->trace(c->trace_user, s, c->sentence_no);
    if (quotes % 2 == 1) {
        c->quote_open = !c->quote_open;
        if (c->quote_open) {
            c->nquote_attr = 0;
            for (int k = 0; k < c->nsattr && k < MAX_ATTR; k++)
                c->quote_attr[c->nquote_attr++] = c->sattr[k];
            c->quote_speaker.code[0] = '\0';
            if (c->speaker_actor >= 0 && !s->actors[c->speaker_actor].from_pronoun)
                c->quote_speaker = s->actors[c->speaker_actor];
        }
    }
    /* "..., CNN reports." at a paragraph's end is credited to its earlier events too */
    if (c->trailing_outlet >= 0) {
        staged_attr oa = c->sattr[c->trailing_outlet];
        for (size_t k = 0; k < c->nev; k++) {
            staged *e = &c->ev[k];
            int has = 0;
            for (int q = 0; q < e->nattr; q++)
                if (e->attr[q].name == oa.name)
                    has = 1;
            if (!has && e->nattr < MAX_ATTR)
                e->attr[e->nattr++] = oa;
        }
    }
    remember_actors(c);
}

static int reject(hd_coder *c, const char *fmt, const char *a, size_t off)
{
    snprintf(c->err, sizeof c->err, fmt, a, off);
    return -1;
}

static void code_text(hd_coder *c, const char *text, size_t len, int is_title)
{
    size_t need = len / 2 + 16;
    if (grow((void **)&c->spans, &c->span_cap, need, sizeof *c->spans) != 0)
        return;
    size_t ntok = hd_tokenize(text, len, c->spans, c->span_cap);
    if (ntok > c->span_cap) {
        if (grow((void **)&c->spans, &c->span_cap, ntok, sizeof *c->spans) != 0)
            return;
        ntok = hd_tokenize(text, len, c->spans, c->span_cap);
    }
    size_t ns = hd_split_sentences(text, c->spans, ntok, is_title ? 0 : hd_text_is_hard_wrapped(text, len), c->starts,
                                   c->starts_cap);
    if (ns > c->starts_cap) {
        if (grow((void **)&c->starts, &c->starts_cap, ns, sizeof *c->starts) != 0)
            return;
        ns = hd_split_sentences(text, c->spans, ntok, is_title ? 0 : hd_text_is_hard_wrapped(text, len), c->starts,
                                c->starts_cap);
    }
    for (size_t i = 0; i < ns && !c->stop; i++) {
        size_t a = c->starts[i];
        size_t b = i + 1 < ns ? c->starts[i + 1] : ntok;
        if (i > 0 && (c->spans[a].shape & SH_PARA)) {
            flush_paragraph(c);
            c->quote_open = 0;
        }
        code_sentence(c, text, c->spans + a, b - a, is_title);
        c->sentence_no++;
    }
    flush_paragraph(c);
}

long hd_code_document(hd_coder *c, const hd_doc *doc, hd_event_sink sink, void *user)
{
    c->err[0] = '\0';
    if (!doc || !doc->id || !doc->id[0])
        return reject(c, "%sdocument has no id (byte %zu)", "", 0);
    if (!doc->text)
        return reject(c, "%sdocument has no text (byte %zu)", "", 0);
    size_t bad = 0;
    const char *why = NULL;
    if (hd_utf8_check(doc->text, doc->text_len, &bad, &why) != 0)
        return reject(c, "%s at byte %zu of the text", why, bad);
    /* fields copied into the output must be valid UTF-8 too */
    const char *const fields[] = {doc->id, doc->source, doc->url};
    const char *const names[] = {"id: %s at byte %zu", "source: %s at byte %zu", "url: %s at byte %zu"};
    for (int k = 0; k < 3; k++)
        if (fields[k] && hd_utf8_check(fields[k], strlen(fields[k]), &bad, &why) != 0)
            return reject(c, names[k], why, bad);
    c->pub.year = c->pub.month = c->pub.day = 0;
    if (doc->date && doc->date[0] && hd_date_parse_iso(doc->date, strlen(doc->date), &c->pub) != 0)
        return reject(c, "bad date '%.20s' (byte %zu): expected YYYY-MM-DD", doc->date, 0);
    c->doc = doc;
    c->sink = sink;
    c->user = user;
    c->stop = 0;
    c->delivered = 0;
    c->event_index = 0;
    c->nhist = 0;
    c->nnames = 0;
    c->nev = 0;
    c->quote_open = 0;
    c->nquote_attr = 0;
    c->nseen = 0;
    hd_buf_clear(&c->arena);
    hd_buf_putc(&c->arena, '\0');
    c->sentence_no = 0;
    if (doc->title && doc->title[0]) {
        size_t tl = strlen(doc->title);
        if (hd_utf8_check(doc->title, tl, &bad, &why) != 0)
            return reject(c, "title: %s at byte %zu", why, bad);
        if (hd_normalize(doc->title, tl, &c->title) != 0)
            return reject(c, "%s (byte %zu)", "out of memory", 0);
        code_text(c, c->title.data, c->title.len, 1);
        c->sentence_no = 1;
        c->nhist = 0;
    } else {
        c->sentence_no = 1;
    }
    if (hd_normalize(doc->text, doc->text_len, &c->norm) != 0)
        return reject(c, "%s (byte %zu)", "out of memory", 0);
    if (!c->stop)
        code_text(c, c->norm.data ? c->norm.data : "", c->norm.len, 0);
    return c->delivered;
}

/* ---- explanation ------------------------------------------------------------------------- */

static const char *const kind_names[E_KIND_COUNT] = {"", "actor", "agent", "verb", "noun", "light",
                                                     "say", "outlet", "hedge", "discard"};

static int explain_sink(void *user, const hd_event *ev)
{
    FILE *out = user;
    fprintf(out, "  EVENT %s %s -> %s  code %s%s%s  rule %s  date %s (%s)",
            ev->source ? ev->source->code : "-", ev->source ? "" : "", ev->target ? ev->target->code : "-", ev->code,
            ev->negated ? " negated" : "", ev->mood == HD_MOOD_INTENT ? " intent" : ev->mood == HD_MOOD_THREAT ? " threat" : "",
            ev->rule, ev->date, ev->date_precision);
    for (size_t i = 0; i < ev->n_attribution; i++)
        fprintf(out, "  [%s: %s]", ev->attribution[i].kind, ev->attribution[i].name);
    fputc('\n', out);
    return 0;
}

/* Prints how the coder read a sentence; called by the coder after each sentence's analysis. */
static void explain_trace(void *user, const hd_sent *s, unsigned sentence_no)
{
    FILE *out = user;
    const hd_model *model = s->model;
    if (s->ntok == 0)
        return;
    fprintf(out, "SENTENCE %u: %.*s\n", sentence_no, (int)(s->tok[s->ntok - 1].end - s->tok[0].start),
            s->text + s->tok[0].start);
    fputs("  TOKENS", out);
    for (size_t k = 0; k < s->ntok; k++) {
        const hd_tok *t = &s->tok[k];
        fprintf(out, " %.*s/%s", (int)(t->end - t->start), s->text + t->start, hd_tag_name(t->tag));
        if (t->match >= 0) {
            const hd_match *mt = &s->matches[t->match];
            const hd_node *nd = &model->nodes[mt->node];
            fputc('[', out);
            for (uint32_t e = 0; e < nd->n_entries; e++) {
                const hd_entry *en = &model->entries[nd->first_entry + e];
                fprintf(out, "%s%s", e ? "," : "", en->kind < E_KIND_COUNT ? kind_names[en->kind] : "?");
                if (en->code && hd_str(model, en->code)[0])
                    fprintf(out, ":%s", hd_str(model, en->code));
            }
            fprintf(out, "/%u]", mt->n);
        }
    }
    fputc('\n', out);
    fputs("  CHUNKS", out);
    for (size_t k = 0; k < s->nchunk; k++) {
        const hd_chunk *ch = &s->chunks[k];
        static const char *const names[] = {"", "NP", "VG", "PP", "O"};
        fprintf(out, " %s%u[%.*s", names[ch->kind], ch->clause, (int)(s->tok[ch->last].end - s->tok[ch->first].start),
                s->text + s->tok[ch->first].start);
        if (ch->kind == CK_VG)
            fprintf(out, "|%s%s%s%s%s%s", ch->features & VG_PASSIVE ? "pas " : "", ch->features & VG_NEGATED ? "neg " : "",
                    ch->features & VG_FUTURE ? "fut " : "", ch->features & VG_HYPOTHETICAL ? "hyp " : "",
                    ch->features & VG_INFINITIVE ? "inf " : "", ch->features & VG_CONDITIONAL ? "cond" : "");
        if (ch->kind == CK_NP && ch->actor >= 0)
            fprintf(out, "|%s%s", s->actors[ch->actor].code, s->actors[ch->actor].outlet ? " outlet" : "");
        fputc(']', out);
    }
    fputc('\n', out);
}

int hd_explain(const hd_model *model, const char *text, size_t len, const char *date, FILE *out)
{
    hd_coder *c = hd_coder_new(model);
    if (!c)
        return -1;
    /* the whole text is coded as one document, so pronouns, names and quotations carry over
     * from sentence to sentence as they do in `herald code` */
    hd_doc doc = {"explain", text, len, NULL, date, NULL, NULL};
    c->trace = explain_trace;
    c->trace_user = out;
    long n = hd_code_document(c, &doc, explain_sink, out);
    hd_coder_free(c);
    return n < 0 ? -1 : 0;
}
