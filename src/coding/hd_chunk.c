/* hd_chunk.c: phrases read off the dependency tree. A noun phrase is a nominal head with the
 * words that belong inside it (determiners, adjectives, compounds, numbers, a possessor, the
 * rest of a name); a verb group is a verb with its auxiliaries, negation, infinitive "to" and
 * particle; a preposition is a prepositional phrase pointing at the noun phrase after it.
 * Every other word but punctuation is a chunk of its own. Actors are found in noun phrases
 * (hd_actor.c), the coder codes verb groups (hd_event.c), and patterns step over whole
 * phrases (hd_pattern.c). The tree decides every boundary; there is no second way of
 * chunking. */
#include <string.h>

#include "coding/hd_sent.h"

static int is_noun_tag(int t) { return t == T_NN || t == T_NNS || t == T_NNP || t == T_NNPS; }
static int is_verb_tag(int t) { return t >= T_VB && t <= T_VBZ; }

#define CLS(i, bits) ((s->tok[i].cls & (bits)) != 0)

static int head_of(const hd_sent *s, size_t i)
{
    int h = s->tok[i].head;
    return h >= 0 && (size_t)h < s->ntok && (size_t)h != i ? h : -1;
}

/* Whether a nominal has a preposition or possessive of its own. */
static int has_case_word(const hd_sent *s, size_t i)
{
    for (size_t k = i >= 4 ? i - 4 : 0; k < i; k++)
        if (head_of(s, k) == (int)i && s->tok[k].rel == R_CASE)
            return 1;
    return 0;
}

/* Whether token i belongs inside the noun phrase of its head. A modifier's own modifiers
 * ("more than 200", "Indian and Russian", "Kurdish-led") stay in the phrase with it. */
static int inside_head_phrase(const hd_sent *s, size_t i, int depth)
{
    int h = head_of(s, i);
    if (h < 0 || depth > 16)
        return 0;
    /* "at least four people", "more than 200 protesters", "up to 20": what counts a number */
    if (s->tok[i].rel != R_PUNCT) {
        int x = h;
        for (int hop = 0; hop < 3 && x > (int)i; hop++, x = head_of(s, (size_t)x))
            if (s->tok[x].tag == T_CD && s->tok[x].rel == R_NUMMOD)
                return inside_head_phrase(s, (size_t)x, depth + 1);
    }
    switch (s->tok[i].rel) {
    case R_DET: case R_AMOD: case R_COMPOUND: case R_NUMMOD: case R_NMOD_POSS: case R_FLAT: case R_FIXED:
        return 1;
    case R_CASE: /* the possessive "'s" */
        return s->tok[i].tag == T_POS;
    case R_APPOS: /* "President Vladimir Putin": a name that follows its title without a comma */
        if ((size_t)h > i)
            return 0;
        for (size_t k = (size_t)h + 1; k < i; k++)
            if (s->tok[k].tag == T_PUNCT)
                return 0;
        return s->tok[i].tag == T_NNP || s->tok[i].tag == T_NNPS;
    case R_NMOD: case R_OBL: case R_NSUBJ: case R_OBJ:
        /* "President/nmod Askar Akayev": a title the parse hung on the name after it */
        return (size_t)h == i + 1 && (is_noun_tag(s->tok[i].tag)) && (is_noun_tag(s->tok[h].tag)) &&
               !has_case_word(s, i);
    case R_CC: case R_CONJ: /* "Indian and Russian troops", not "Iran and Iraq leaders" */
        if (s->tok[h].rel != R_AMOD && s->tok[h].rel != R_CONJ)
            return 0;
        return inside_head_phrase(s, (size_t)h, depth + 1);
    case R_ADVMOD:
        return s->tok[h].rel != R_APPOS && inside_head_phrase(s, (size_t)h, depth + 1);
    case R_PUNCT:
        return s->text[s->tok[i].start] == '-' && inside_head_phrase(s, (size_t)h, depth + 1);
    default:
        return 0;
    }
}

static int is_inside_head_phrase(const hd_sent *s, size_t i) { return inside_head_phrase(s, i, 0); }

/* The word whose noun phrase token i is inside: i itself when it is inside none. */
static size_t phrase_owner(const hd_sent *s, size_t i)
{
    size_t x = i;
    for (int guard = 0; guard < 32 && is_inside_head_phrase(s, x); guard++)
        x = (size_t)head_of(s, x);
    return x;
}

/* Relations of a word that names a participant: a determiner or adjective standing for a noun
 * ("the wounded", "those") heads a noun phrase there. */
static int is_argument_rel(int r)
{
    return r == R_NSUBJ || r == R_NSUBJ_PASS || r == R_OBJ || r == R_IOBJ || r == R_OBL || r == R_OBL_AGENT ||
           r == R_NMOD || r == R_APPOS;
}

static int is_phrase_head(const hd_sent *s, size_t i)
{
    int t = s->tok[i].tag;
    if (is_noun_tag(t) || t == T_PRP || t == T_CD)
        return 1;
    return (t == T_DT || t == T_JJ || t == T_JJR || t == T_JJS) && is_argument_rel(s->tok[i].rel);
}

static void add_chunk(hd_sent *s, int kind, size_t first, size_t last, size_t head)
{
    if (s->nchunk >= HD_MAX_CHUNKS)
        return;
    hd_chunk *c = &s->chunks[s->nchunk];
    memset(c, 0, sizeof *c);
    c->kind = (uint8_t)kind;
    c->first = (uint16_t)first;
    c->last = (uint16_t)last;
    c->head = (uint16_t)head;
    c->np = -1;
    c->actor = -1;
    for (size_t k = first; k <= last; k++) {
        s->tok[k].chunk = (uint8_t)kind;
        s->tok[k].chunk_index = (uint16_t)s->nchunk;
    }
    s->nchunk++;
}

/* The word a verb group's auxiliaries hang on: the verb itself, or for a copula the predicate
 * it serves ("will not be a threat"). */
static size_t group_anchor(const hd_sent *s, size_t verb)
{
    int h = head_of(s, verb);
    return s->tok[verb].rel == R_COP && h >= 0 ? (size_t)h : verb;
}

/* A word of verb `verb`'s group: an auxiliary, a negation, the infinitive "to". */
static int is_group_word(const hd_sent *s, size_t k, size_t anchor)
{
    if (head_of(s, k) != (int)anchor)
        return 0;
    int r = s->tok[k].rel;
    return r == R_AUX || r == R_AUX_PASS || (r == R_MARK && s->tok[k].tag == T_TO) ||
           (r == R_ADVMOD && CLS(k, WC_NEG));
}

/* The verb group of `verb` spans [*first, *last]: the group words before it with adverbs
 * among them ("has already"), and its particle straight after ("carried out"). */
static void group_extent(const hd_sent *s, size_t verb, size_t *first, size_t *last)
{
    size_t anchor = group_anchor(s, verb);
    *first = *last = verb;
    for (size_t k = verb; k-- > 0;) {
        if (is_group_word(s, k, anchor))
            *first = k;
        else if (!((s->tok[k].tag == T_RB || s->tok[k].tag == T_RBR) &&
                   (head_of(s, k) == (int)anchor || head_of(s, k) == (int)verb)))
            break;
    }
    if (verb + 1 < s->ntok && s->tok[verb + 1].rel == R_COMPOUND_PRT && head_of(s, verb + 1) == (int)verb)
        *last = verb + 1;
}

/* Tense, voice, negation and modality of the group of `verb`, read from the words that hang
 * on it wherever they stand ("Has Russia not attacked?"). */
static uint32_t group_features(const hd_sent *s, size_t verb, size_t first)
{
    size_t anchor = group_anchor(s, verb);
    uint32_t f = 0;
    int aux_be = 0, aux_have = 0, aux_pass = 0, aux = 0;
    for (size_t k = 0; k < s->ntok; k++) {
        if (!is_group_word(s, k, anchor) || (anchor != verb && k > verb))
            continue;
        int r = s->tok[k].rel;
        if (CLS(k, WC_NEG))
            f |= VG_NEGATED;
        if (r == R_MARK) {
            f |= VG_INFINITIVE;
            continue;
        }
        if (r == R_ADVMOD)
            continue;
        aux = 1;
        if (s->tok[k].tag == T_MD || CLS(k, WC_FUTURE | WC_HYPO))
            f |= VG_MODAL | (CLS(k, WC_FUTURE) ? VG_FUTURE : VG_HYPOTHETICAL);
        if (r == R_AUX_PASS)
            aux_pass = 1;
        else if (CLS(k, WC_BE))
            aux_be = 1;
        else if (CLS(k, WC_HAVE))
            aux_have = 1;
    }
    int vt = s->tok[verb].tag, ft = s->tok[first].tag;
    int vr = s->tok[verb].rel;
    if (aux_pass || (vt == T_VBN && !aux && (vr == R_ACL || vr == R_AMOD || vr == R_ADVCL)))
        f |= VG_PASSIVE; /* "the city bombed by jets" */
    if (aux_have && vt == T_VBN && !aux_pass)
        f |= VG_PERFECT;
    if (aux_be && vt == T_VBG)
        f |= VG_PROGRESSIVE;
    if (!aux && vt == T_VBG)
        f |= VG_GERUND;
    if (ft == T_VBD || (ft == T_MD && (hd_tok_is(s, first, "would") || hd_tok_is(s, first, "could"))))
        f |= VG_PAST;
    else if (ft == T_VBZ || ft == T_VBP)
        f |= VG_PRESENT;
    int gov = head_of(s, verb);
    if (gov >= 0 && s->tok[verb].rel == R_XCOMP && CLS(gov, WC_GOING))
        f |= VG_FUTURE; /* "is going to attack" */
    for (size_t k = 0; k < s->ntok; k++)
        if (head_of(s, k) == (int)anchor && s->tok[k].rel == R_MARK && (hd_tok_is(s, k, "if") || hd_tok_is(s, k, "unless")))
            f |= VG_CONDITIONAL;
    return f;
}

/* Whether `verb` heads a verb group: a verb, a copula included, that is not itself another
 * verb's auxiliary. (A participle inside a noun phrase, "the armed group", is taken by the
 * phrase before it is asked about.) */
static int heads_group(const hd_sent *s, size_t verb)
{
    int r = s->tok[verb].rel;
    return is_verb_tag(s->tok[verb].tag) && r != R_AUX && r != R_AUX_PASS;
}

/* The verb whose group starts at word i, -1: the verb itself, or the verb a few words on
 * whose auxiliaries, negation or "to" begin at i. */
static int group_starting_at(const hd_sent *s, size_t i)
{
    for (size_t v = i; v < s->ntok && v < i + 8; v++) {
        if (!heads_group(s, v))
            continue;
        size_t first, last;
        group_extent(s, v, &first, &last);
        return first == i ? (int)v : -1;
    }
    return -1;
}

/* The noun phrase token i is in: the head of its phrase, -1 when it is in none. */
static int phrase_of_word(const hd_sent *s, size_t i)
{
    size_t owner = phrase_owner(s, i);
    return is_phrase_head(s, owner) ? (int)owner : -1;
}

/* Each word's phrase, worked out once per sentence: the chunker asks about every word many
 * times. */
typedef struct phrases {
    const hd_sent *s;
    int16_t of[HD_MAX_SENT_TOKENS];
} phrases;

static int phrase_of(const phrases *ph, size_t i)
{
    return i < HD_MAX_SENT_TOKENS ? ph->of[i] : phrase_of_word(ph->s, i);
}

/* A determiner, adjective, number or noun in no noun phrase, such as one the parse hung on a
 * verb ("The Chinese military held": a misread "military" leaves "The Chinese" on the verb;
 * "German/advmod Foreign Minister Oskar Fischer will visit"): it belongs to the noun phrase
 * right after it. */
static int is_stray_modifier(const phrases *ph, size_t i)
{
    const hd_sent *s = ph->s;
    int t = s->tok[i].tag;
    return phrase_of(ph, i) < 0 &&
           (t == T_DT || t == T_PDT || t == T_PRPS || t == T_CD || t == T_JJ || t == T_JJR || t == T_JJS || is_noun_tag(t));
}

/* The noun phrase starting at word i: its last word and head, 0 when none starts there. Its
 * words are the run of words in the same phrase, with stray modifiers before it; a run cut off
 * from its head ("Saudi Arabia of torturing women activists", a misparse) is a phrase of its
 * own, headed by its word that hangs outside it. */
static int phrase_at(const phrases *ph, size_t i, size_t *last, size_t *head)
{
    const hd_sent *s = ph->s;
    size_t j = i;
    while (j < s->ntok && is_stray_modifier(ph, j))
        j++;
    if (j >= s->ntok)
        return 0;
    int p = phrase_of(ph, j);
    if (p < 0 || (j == i && (size_t)p != j && is_verb_tag(s->tok[j].tag)))
        return 0; /* "of torturing women": a participle opening the phrase is a verb of its own */
    size_t e = j;
    while (e + 1 < s->ntok && phrase_of(ph, e + 1) == p)
        e++;
    if ((size_t)p >= j && (size_t)p <= e) {
        *head = (size_t)p;
    } else {
        int top = -1;
        for (size_t k = j; k <= e; k++) {
            int h = head_of(s, k);
            int tag = s->tok[k].tag;
            if ((h < (int)j || h > (int)e) && (is_noun_tag(tag) || tag == T_CD || tag == T_PRP))
                top = (int)k;
        }
        if (top < 0)
            return 0;
        *head = (size_t)top;
    }
    /* "Former prime minister/obl Andreas Papandreou/nsubj demanded", "European Community/nsubj
     * foreign ministers/nsubj agreed": words the parse split into two arguments of one verb,
     * side by side with nothing between them, are one phrase, and so is a name the parse cut
     * off from the noun it qualifies ("of NATO/nmod peacekeeping troops/nsubj have arrived") or
     * a title from the name after it
     * (a second phrase of its own opens with a determiner: "gave the rebels the weapons") */
    for (size_t q = e + 1; q < s->ntok; q = e + 1) {
        size_t r = q;
        while (r < s->ntok && is_stray_modifier(ph, r))
            r++;
        if (r >= s->ntok)
            break;
        int next = phrase_of(ph, r), t = s->tok[q].tag;
        if (next < 0)
            break;
        int nr = s->tok[next].rel;
        if (next < (int)r || t == T_DT || t == T_PDT || t == T_PRPS || t == T_PRP || t == T_CD ||
            s->tok[*head].tag == T_PRP || s->tok[*head].rel == R_OBL_TMOD || nr == R_OBL_TMOD || nr == R_OBL ||
            has_case_word(s, (size_t)next))
            break;
        int siblings = head_of(s, *head) >= 0 && head_of(s, *head) == head_of(s, (size_t)next);
        /* "of NATO peacekeeping troops": the noun's own words follow the name straight away */
        int name_before_noun = r == q && (t == T_JJ || is_noun_tag(t)) &&
                               (s->tok[*head].tag == T_NNP || s->tok[*head].tag == T_NNPS) &&
                               (s->tok[next].tag == T_NN || s->tok[next].tag == T_NNS);
        int title_before_name = r == q && s->tok[*head].tag == T_NN && t == T_NNP &&
                                (s->tok[next].tag == T_NNP || s->tok[next].tag == T_NNPS); /* "Chinese counterpart Xi Jinping" */
        if (!siblings && !name_before_noun && !title_before_name)
            break;
        size_t end = r;
        while (end + 1 < s->ntok && phrase_of(ph, end + 1) == next)
            end++;
        if ((size_t)next > end)
            break; /* its words do not reach its head */
        e = end;
        *head = (size_t)next;
    }
    *last = e;
    return 1;
}

void hd_chunk_sentence(hd_sent *s)
{
    s->nchunk = 0;
    for (size_t k = 0; k < s->ntok; k++)
        s->tok[k].chunk = CK_NONE;
    phrases ph;
    ph.s = s;
    for (size_t k = 0; k < s->ntok && k < HD_MAX_SENT_TOKENS; k++)
        ph.of[k] = (int16_t)phrase_of_word(s, k);
    size_t i = 0;
    while (i < s->ntok) {
        size_t last, head;
        if (phrase_at(&ph, i, &last, &head)) {
            if (i < s->dateline && last >= s->dateline) { /* "WASHINGTON - President Trump" */
                last = s->dateline - 1;
                head = head > last ? last : head;
            }
            add_chunk(s, CK_NP, i, last, head);
            i = last + 1;
            continue;
        }
        int verb = group_starting_at(s, i);
        if (verb >= 0) {
            size_t first;
            group_extent(s, (size_t)verb, &first, &last);
            add_chunk(s, CK_VG, first, last, (size_t)verb);
            s->chunks[s->nchunk - 1].features = group_features(s, (size_t)verb, first);
            i = last + 1;
            continue;
        }
        int t = s->tok[i].tag;
        if (t == T_PUNCT) { /* punctuation is in no chunk: phrases on either side of a comma are neighbours */
            i++;
            continue;
        }
        add_chunk(s, (t == T_IN || t == T_TO) && s->tok[i].rel != R_MARK ? CK_PP : CK_OTHER, i, i, i);
        i++;
    }
    /* a preposition points at the noun phrase it governs when that phrase follows it */
    for (size_t c = 0; c + 1 < s->nchunk; c++)
        if (s->chunks[c].kind == CK_PP && s->chunks[c + 1].kind == CK_NP &&
            s->chunks[c + 1].first == s->chunks[c].last + 1)
            s->chunks[c].np = (int16_t)(c + 1);
}
