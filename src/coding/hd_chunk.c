/* hd_chunk.c: the shallow parse. Groups tagged tokens into noun phrases, verb groups (with
 * tense, voice, negation and modality) and prepositional phrases, and numbers clauses so the
 * coder can look for a verb's subject and object without crossing into another clause. */
#include <string.h>

#include "coding/hd_sent.h"

static int is_noun(int t) { return t == T_NN || t == T_NNS || t == T_NNP || t == T_NNPS; }
static int is_verb(int t) { return t >= T_VB && t <= T_VBZ; }
static int is_np_inner(int t)
{
    return is_noun(t) || t == T_DT || t == T_PDT || t == T_PRPS || t == T_CD || t == T_JJ || t == T_JJR ||
           t == T_JJS || t == T_POS;
}

#define CLS(i, bits) ((s->tok[i].cls & (bits)) != 0)

static int is_punct_char(const hd_sent *s, size_t i, char c)
{
    const hd_tok *t = &s->tok[i];
    return (t->shape & SH_PUNCT) && t->end == t->start + 1 && s->text[t->start] == c;
}

static void add_chunk(hd_sent *s, int kind, size_t first, size_t last, size_t head, uint16_t clause)
{
    if (s->nchunk >= HD_MAX_CHUNKS)
        return;
    hd_chunk *c = &s->chunks[s->nchunk];
    memset(c, 0, sizeof *c);
    c->kind = (uint8_t)kind;
    c->first = (uint16_t)first;
    c->last = (uint16_t)last;
    c->head = (uint16_t)head;
    c->clause = clause;
    c->np = -1;
    c->actor = -1;
    for (size_t k = first; k <= last; k++) {
        s->tok[k].chunk = (uint8_t)kind;
        s->tok[k].chunk_index = (uint16_t)s->nchunk;
    }
    s->nchunk++;
}

/* Features of the verb group tokens [first, last] whose main verb is `head`. */
static uint32_t vg_features(const hd_sent *s, size_t first, size_t last, size_t head)
{
    uint32_t f = 0;
    int saw_be = 0, saw_have = 0;
    for (size_t k = first; k <= last; k++) {
        int t = s->tok[k].tag;
        if (CLS(k, WC_NEG))
            f |= VG_NEGATED;
        if (t == T_MD || CLS(k, WC_FUTURE | WC_HYPO)) {
            f |= VG_MODAL;
            if (CLS(k, WC_FUTURE))
                f |= VG_FUTURE;
            else
                f |= VG_HYPOTHETICAL;
        }
        if (t == T_TO)
            f |= VG_INFINITIVE;
        if (k < head && CLS(k, WC_BE))
            saw_be = 1;
        if (k < head && CLS(k, WC_HAVE))
            saw_have = 1;
        if (k < head && CLS(k, WC_GET))
            saw_be = 1;
    }
    int ht = s->tok[head].tag;
    if (saw_be && ht == T_VBN)
        f |= VG_PASSIVE;
    if (saw_have && ht == T_VBN && !saw_be)
        f |= VG_PERFECT;
    if (saw_be && ht == T_VBG)
        f |= VG_PROGRESSIVE;
    int ft = s->tok[first].tag;
    if (ft == T_VBD || (ft == T_MD && (hd_tok_is(s, first, "would") || hd_tok_is(s, first, "could"))))
        f |= VG_PAST;
    else if (ft == T_VBZ || ft == T_VBP)
        f |= VG_PRESENT;
    if (first == head && ht == T_VBG)
        f |= VG_GERUND;
    if (first == head && ht == T_VBN)
        f |= VG_PASSIVE; /* reduced relative: "the city bombed by jets" */
    /* "is going to attack" */
    for (size_t k = first; k + 1 <= last; k++)
        if (hd_tok_is(s, k, "going") && s->tok[k + 1].tag == T_TO)
            f |= VG_FUTURE;
    return f;
}

static int is_number_at(const hd_sent *s, size_t i)
{
    if (i >= s->ntok)
        return 0;
    const hd_tok *t = &s->tok[i];
    if ((t->shape & SH_DIGIT) || (t->tags & TAGBIT(T_CD)) || t->tag == T_CD)
        return 1;
    if (hd_tok_lists(s, i) & WL_NUMBER_NOUN)
        return 1;
    /* "a dozen", "a hundred" */
    return (hd_tok_is(s, i, "a") || hd_tok_is(s, i, "an")) && i + 1 < s->ntok &&
           (hd_tok_is(s, i + 1, "dozen") || hd_tok_is(s, i + 1, "hundred") || hd_tok_is(s, i + 1, "thousand") ||
            hd_tok_is(s, i + 1, "million"));
}

size_t hd_quantifier_len(const hd_sent *s, size_t i)
{
    if (i + 1 >= s->ntok)
        return 0;
    size_t n = 0;
    if ((hd_tok_is(s, i, "more") || hd_tok_is(s, i, "fewer") || hd_tok_is(s, i, "less")) && hd_tok_is(s, i + 1, "than"))
        n = 2;
    else if (hd_tok_is(s, i, "at") && (hd_tok_is(s, i + 1, "least") || hd_tok_is(s, i + 1, "most")))
        n = 2;
    else if (hd_tok_is(s, i, "up") && hd_tok_is(s, i + 1, "to"))
        n = 2;
    else if (hd_tok_is(s, i, "over") || hd_tok_is(s, i, "under") || hd_tok_is(s, i, "about") ||
             hd_tok_is(s, i, "around") || hd_tok_is(s, i, "nearly") || hd_tok_is(s, i, "almost") ||
             hd_tok_is(s, i, "roughly") || hd_tok_is(s, i, "approximately") || hd_tok_is(s, i, "some"))
        n = 1;
    return n && is_number_at(s, i + n) ? n : 0;
}

void hd_chunk_sentence(hd_sent *s)
{
    s->nchunk = 0;
    uint16_t clause = 0;
    int conditional = -1; /* the clause opened by "if" / "unless": its verbs are not facts */
    size_t i = 0;
    for (size_t k = 0; k < s->ntok; k++)
        s->tok[k].chunk = CK_NONE;
    while (i < s->ntok) {
        hd_tok *t = &s->tok[i];
        int tag = t->tag;
        /* clause boundaries */
        if (tag == T_PUNCT) {
            if (is_punct_char(s, i, ';') || is_punct_char(s, i, ':') || (t->shape & SH_QUOTE) ||
                is_punct_char(s, i, '(') || is_punct_char(s, i, ')') || (s->text[t->start] == '-' && t->end - t->start >= 1))
                clause++;
            else if (is_punct_char(s, i, ',') && conditional == (int)clause)
                clause++; /* "If Russia attacks, NATO will respond" */
            else if (is_punct_char(s, i, ',') && i + 1 < s->ntok &&
                     (s->tok[i + 1].tag == T_CC || s->tok[i + 1].tag == T_WDT || s->tok[i + 1].tag == T_WP ||
                      s->tok[i + 1].tag == T_VBG || CLS(i + 1, WC_SUBORD)))
                clause++;
            i++;
            continue;
        }
        /* "after", "before", "since", "as", "until" are prepositions before a noun phrase; the
         * other subordinators always open a clause */
        int pure_subordinator = tag == T_IN && CLS(i, WC_SUBORD) &&
                                (hd_tok_is(s, i, "that") || hd_tok_is(s, i, "if") || hd_tok_is(s, i, "because") ||
                                 hd_tok_is(s, i, "while") || hd_tok_is(s, i, "although") || hd_tok_is(s, i, "though") ||
                                 hd_tok_is(s, i, "whereas") || hd_tok_is(s, i, "unless") || hd_tok_is(s, i, "whether"));
        if (tag == T_WDT || tag == T_WP || tag == T_WRB ||
            (tag == T_IN && CLS(i, WC_SUBORD) &&
             !(i + 1 < s->ntok && is_np_inner(s->tok[i + 1].tag) && !pure_subordinator))) {
            clause++;
            if (hd_tok_is(s, i, "if") || hd_tok_is(s, i, "unless"))
                conditional = clause;
            add_chunk(s, CK_OTHER, i, i, i, clause);
            i++;
            continue;
        }
        if (tag == T_CC && i + 1 < s->ntok && (is_verb(s->tok[i + 1].tag) || s->tok[i + 1].tag == T_MD))
            clause++; /* "... and struck": same subject, new clause */
        /* verb group */
        if (tag == T_MD || is_verb(tag) || (tag == T_TO && i + 1 < s->ntok && (is_verb(s->tok[i + 1].tag))) ||
            (tag == T_RB && CLS(i, WC_NEG) && i + 1 < s->ntok && is_verb(s->tok[i + 1].tag))) {
            size_t first = i, j = i, head = i;
            while (j < s->ntok) {
                int tj = s->tok[j].tag;
                if (is_verb(tj) || tj == T_MD || (tj == T_TO && j == first)) {
                    head = j;
                    j++;
                    /* stop after a main verb unless an auxiliary chain continues */
                    if (is_verb(tj) && !CLS(head, WC_BE | WC_HAVE | WC_DO | WC_GET | WC_GOING) &&
                        !(j < s->ntok && s->tok[j].tag == T_RP && !hd_quantifier_len(s, j)))
                        break;
                    if (CLS(head, WC_GOING) && j < s->ntok && s->tok[j].tag == T_TO) {
                        j++;
                        continue;
                    }
                } else if (tj == T_RB && j + 1 < s->ntok &&
                           (is_verb(s->tok[j + 1].tag) || s->tok[j + 1].tag == T_RB || s->tok[j + 1].tag == T_MD)) {
                    j++; /* "did not", "has already", "will also" */
                } else if (tj == T_RP && j > first && !hd_quantifier_len(s, j)) {
                    j++; /* particle: "carried out" (not "killed up to 20") */
                    break;
                } else
                    break;
            }
            if (!is_verb(s->tok[head].tag)) {
                /* a modal or "to" with no verb after it: leave as other */
                add_chunk(s, CK_OTHER, first, first, first, clause);
                i = first + 1;
                continue;
            }
            size_t last = j - 1;
            /* multi-word verbs from the dictionary extend the head to the phrase start */
            add_chunk(s, CK_VG, first, last, head, clause);
            s->chunks[s->nchunk - 1].features =
                vg_features(s, first, last, head) | (conditional == (int)clause ? VG_CONDITIONAL : 0);
            i = j;
            continue;
        }
        /* noun phrase, with the quantity that counts it ("more than 200 people") */
        size_t quantity = hd_quantifier_len(s, i);
        if (quantity)
            tag = T_CD;
        if (is_np_inner(tag) || tag == T_PRP || ((tag == T_VBN || tag == T_VBG) && 0)) {
            size_t first = i, j = i + quantity, head = i + quantity;
            if (tag == T_PRP) {
                add_chunk(s, CK_NP, i, i, i, clause);
                i++;
                continue;
            }
            while (j < s->ntok) {
                int tj = s->tok[j].tag;
                if (is_np_inner(tj)) {
                    if (is_noun(tj) || tj == T_CD)
                        head = j;
                    j++;
                } else if (tj == T_CC && j > first && j + 1 < s->ntok && s->tok[j - 1].tag == T_JJ &&
                           s->tok[j + 1].tag == T_JJ) {
                    j++; /* "the awful and evil minister": coordinated adjectives stay in the phrase */
                } else if ((tj == T_VBN || tj == T_VBG || tj == T_JJ) && j > first && j + 1 < s->ntok &&
                           is_noun(s->tok[j + 1].tag) && (s->tok[j - 1].tag == T_DT || s->tok[j - 1].tag == T_JJ || s->tok[j - 1].tag == T_PRPS)) {
                    j++; /* "the armed group" */
                } else if (tj == T_PUNCT && j > first && j + 1 < s->ntok && s->text[s->tok[j].start] == '-' &&
                           s->tok[j].end == s->tok[j + 1].start && is_np_inner(s->tok[j + 1].tag)) {
                    j++;
                } else
                    break;
                /* a noun followed by a determiner starts a new phrase, and so does a name
                 * with a possessive after a common noun ("after an attack Turkey's army ...") */
                if (j < s->ntok && is_noun(s->tok[j - 1].tag) && (s->tok[j].tag == T_DT || s->tok[j].tag == T_PRPS))
                    break;
                if (j + 1 < s->ntok && (s->tok[j - 1].tag == T_NN || s->tok[j - 1].tag == T_NNS) &&
                    s->tok[j].tag == T_NNP && s->tok[j + 1].tag == T_POS)
                    break;
            }
            if (!is_noun(s->tok[head].tag) && s->tok[head].tag != T_CD) {
                /* no noun: an adjective or determiner standing alone ("the Syrian") */
                head = j - 1;
            }
            add_chunk(s, CK_NP, first, j - 1, head, clause);
            i = j;
            continue;
        }
        if (tag == T_IN || (tag == T_TO)) {
            /* prepositional phrase: the preposition chunk points at the noun phrase after it */
            add_chunk(s, CK_PP, i, i, i, clause);
            i++;
            continue;
        }
        add_chunk(s, CK_OTHER, i, i, i, clause);
        i++;
    }
    /* link prepositions to their noun phrases */
    for (size_t c = 0; c + 1 < s->nchunk; c++)
        if (s->chunks[c].kind == CK_PP && s->chunks[c + 1].kind == CK_NP &&
            s->chunks[c + 1].first == s->chunks[c].last + 1)
            s->chunks[c].np = (int16_t)(c + 1);
}
