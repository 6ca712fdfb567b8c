/* hd_postag.c: part-of-speech tagging from the lexicon plus context rules.
 *
 * The lexicon (npm en-lexicon) lists every tag a word can take, most frequent first. Most
 * tokens have one; the words that matter most for event coding ("attack", "strikes", "bomb",
 * "protest", "hit") are both nouns and verbs, and a handful of context rules decide them:
 * a determiner, adjective or possessive before makes a noun; a modal, "to", a subject pronoun
 * or a noun phrase followed by an object makes a verb. */
#include <string.h>

#include "coding/hd_sent.h"

static int has(uint32_t tags, int t) { return (tags & TAGBIT(t)) != 0; }

static int unknown_word_tag(const hd_sent *s, const hd_tok *t, int capital_means_name)
{
    const char *w = s->text + t->start;
    size_t n = t->end - t->start;
    if ((t->shape & SH_CAP) && capital_means_name)
        return (n > 1 && w[n - 1] == 's' && !(t->shape & SH_ALLCAP)) ? T_NNP : T_NNP;
    if (t->shape & SH_DIGIT)
        return T_CD;
#define ENDS(suf) (n > strlen(suf) + 1 && memcmp(w + n - strlen(suf), suf, strlen(suf)) == 0)
    if (ENDS("ing"))
        return T_VBG;
    if (ENDS("ed"))
        return T_VBD;
    if (ENDS("ly"))
        return T_RB;
    if (ENDS("ous") || ENDS("ful") || ENDS("ive") || ENDS("able") || ENDS("ic") || ENDS("al") || ENDS("ian"))
        return T_JJ;
    if (ENDS("ss"))
        return T_NN;
    if (ENDS("s"))
        return T_NNS;
#undef ENDS
    if (t->shape & SH_CAP)
        return T_NNP;
    return T_NN;
}

/* Title-case lines ("Russia Conducted New Strikes") carry no case information. */
static int is_title_case(const hd_sent *s)
{
    size_t words = 0, caps = 0;
    for (size_t i = 0; i < s->ntok; i++) {
        if (s->tok[i].shape & (SH_PUNCT | SH_DIGIT))
            continue;
        words++;
        if (s->tok[i].shape & SH_CAP)
            caps++;
    }
    return words >= 4 && caps * 10 >= words * 7;
}

static int noun_form(uint32_t tags, int verb_tag)
{
    if (verb_tag == T_VBZ && has(tags, T_NNS))
        return T_NNS;
    if (has(tags, T_NN))
        return T_NN;
    if (has(tags, T_NNS))
        return T_NNS;
    return has(tags, T_NNP) ? T_NNP : T_NN;
}

static int verb_form(uint32_t tags, int prev)
{
    if (prev == T_MD || prev == T_TO)
        return has(tags, T_VB) ? T_VB : -1;
    if (has(tags, T_VBD))
        return T_VBD;
    if (has(tags, T_VBZ))
        return T_VBZ;
    if (has(tags, T_VBP))
        return T_VBP;
    if (has(tags, T_VBN))
        return T_VBN;
    if (has(tags, T_VBG))
        return T_VBG;
    return has(tags, T_VB) ? T_VB : -1;
}

static int is_aux_be_have(const hd_sent *s, size_t i) { return (s->tok[i].cls & (WC_BE | WC_HAVE | WC_GET)) != 0; }

static int is_object_preposition(const hd_sent *s, size_t i)
{
    static const char *const preps[] = {"against", "on", "of", "with", "for", "at", "by", "from", "into",
                                        "near", "toward", "towards", "over", "upon", NULL};
    for (size_t k = 0; preps[k]; k++)
        if (hd_tok_is(s, i, preps[k]))
            return 1;
    return 0;
}

/* 1 when a finite verb already stands in the clause before token i ("The army shelled
 * Kurdish positions": "positions" is then the object, not a second verb). A reporting verb
 * opens a clause of its own ("Russia says Ukraine attacks ..."). */
static int finite_verb_before(const hd_sent *s, size_t i)
{
    for (size_t k = i, steps = 0; k-- > 0 && steps < 14; steps++) {
        const hd_tok *t = &s->tok[k];
        if ((t->tag == T_PUNCT && s->text[t->start] != '-') || t->tag == T_CC || t->tag == T_WDT || t->tag == T_WP ||
            (t->cls & WC_SUBORD))
            return 0;
        if (t->tag == T_VBD || t->tag == T_VBZ || t->tag == T_VBP || t->tag == T_MD) {
            if (t->covered_by >= 0 && hd_match_entry(s, &s->matches[t->covered_by], E_SAY))
                return 0;
            return 1;
        }
    }
    return 0;
}

/* Verbs whose past form after a noun and before a preposition is a participle ("One person
 * injured in the bombing", "five soldiers killed near the border"): they take a victim as
 * object, so with no object after them the noun before is the victim. */
/* "captured on Thursday a key district": a day between the verb and its object */
static int object_after_day(const hd_sent *s, size_t i)
{
    if (i + 3 >= s->ntok || !hd_tok_is(s, i + 1, "on") || !(s->tok[i + 2].cls & WC_DATE))
        return 0;
    int t = s->tok[i + 3].tag;
    return t == T_DT || t == T_PRPS || t == T_CD;
}

/* After "to", a place people are sent to rather than a verb ("sent to jail", "taken to court",
 * "returned to power"), unless an object follows ("to jail the leaders"). */
static int destination_noun(const hd_sent *s, size_t i)
{
    static const char *const nouns[] = {"jail", "prison", "court", "hospital", "power", "exile", "trial",
                                        "safety", "office", "custody", NULL};
    int known = 0;
    for (size_t k = 0; nouns[k] && !known; k++)
        known = hd_tok_is(s, i, nouns[k]);
    if (!known || i + 1 >= s->ntok)
        return known;
    const hd_tok *n = &s->tok[i + 1];
    int object = n->tags & (TAGBIT(T_DT) | TAGBIT(T_PRP) | TAGBIT(T_PRPS) | TAGBIT(T_CD));
    return !object || n->tag == T_PUNCT;
}

/* "the group linked to al-Qaeda has claimed ...": a verb after a noun and before a
 * preposition, with an auxiliary later in the same stretch of the sentence, describes the noun;
 * the auxiliary's verb is the clause's own. Reporting verbs take clauses ("officials said on
 * Monday the attack was ...") and are left alone. */
static int reduced_relative(const hd_sent *s, size_t i)
{
    if (i + 2 >= s->ntok)
        return 0;
    /* "linked to al-Qaeda": "to" before a noun phrase is a preposition */
    int det = hd_tok_is(s, i + 2, "the") || hd_tok_is(s, i + 2, "a") || hd_tok_is(s, i + 2, "an") ||
              hd_tok_is(s, i + 2, "its") || hd_tok_is(s, i + 2, "their");
    int to_np = s->tok[i + 1].tag == T_TO && i + 2 < s->ntok &&
                (det || ((!s->tok[i + 2].tags || (s->tok[i + 2].tags & (TAGBIT(T_NNP) | TAGS_NOUN))) &&
                         !(s->tok[i + 2].tags & TAGBIT(T_VB))));
    if (i + 2 >= s->ntok || (s->tok[i + 1].tag != T_IN && !to_np) || hd_tok_is(s, i + 1, "that") ||
        hd_tok_entry(s, i, E_SAY) || object_after_day(s, i) || hd_quantifier_len(s, i + 1))
        return 0;
    for (size_t j = i + 2; j < s->ntok && j < i + 12; j++) {
        const hd_tok *t = &s->tok[j];
        /* tokens after i are not tagged yet: conjunctions and relatives are told by their words */
        if ((t->shape & SH_PUNCT) || hd_tok_is(s, j, "and") || hd_tok_is(s, j, "or") || hd_tok_is(s, j, "but") ||
            hd_tok_is(s, j, "that") || hd_tok_is(s, j, "which") || hd_tok_is(s, j, "who") || hd_tok_is(s, j, "whom") ||
            hd_tok_is(s, j, "whose") || hd_tok_is(s, j, "where") || hd_tok_is(s, j, "when"))
            return 0;
        if ((t->cls & (WC_BE | WC_HAVE)) && !(t->tags & (TAGBIT(T_NN) | TAGBIT(T_NNS))))
            return 1;
        if (t->tags == TAGBIT(T_MD))
            return 1;
    }
    return 0;
}

static int is_patient_verb(const hd_sent *s, size_t i)
{
    static const char *const lemmas[] = {"kill", "injure", "wound", "arrest", "detain", "abduct", "kidnap",
                                         "shoot", "execute", "hurt", "displace", "evacuate", "capture",
                                         "jail", "imprison", "sentence", "deport", "expel", "murder", "massacre",
                                         "behead", "hang", "torture", "rescue", "release", "free", "convict",
                                         "accuse", "charge", "indict", "suspect", NULL};
    return hd_tok_lemma_in(s, i, lemmas);
}

static int starts_np(int tag)
{
    return tag == T_DT || tag == T_PRPS || tag == T_CD || tag == T_NNP || tag == T_NNPS || tag == T_JJ ||
           tag == T_JJR || tag == T_JJS || tag == T_PDT || tag == T_PRP || tag == T_NNS || tag == T_NN;
}

void hd_postag_sentence(hd_sent *s)
{
    int title = is_title_case(s);
    for (size_t i = 0; i < s->ntok; i++) {
        hd_tok *t = &s->tok[i];
        int sentence_start = i == 0 || (s->tok[i - 1].shape & SH_QUOTE) ||
                             (i > 0 && (s->tok[i - 1].shape & SH_PUNCT) &&
                              (s->text[s->tok[i - 1].start] == ':' || s->text[s->tok[i - 1].start] == '('));
        int capital_means_name = !title && !sentence_start;
        if (t->shape & SH_PUNCT) {
            t->tag = T_PUNCT;
            continue;
        }
        if (t->shape & SH_CLITIC) {
            t->tag = hd_tok_is(s, i, "n't") ? T_RB : (hd_tok_is(s, i, "'s") ? T_POS : T_VBP);
            continue;
        }
        if (t->shape & SH_DIGIT) {
            t->tag = T_CD;
            continue;
        }
        if (t->word == HD_NONE || t->tags == 0) {
            t->tag = (uint8_t)unknown_word_tag(s, t, capital_means_name || (t->shape & SH_ABBR) ||
                                                       (t->shape & SH_ALLCAP));
            /* A known dictionary phrase made of unknown words is a name. */
            if (t->covered_by >= 0 && (t->shape & SH_CAP))
                t->tag = T_NNP;
            continue;
        }
        const hd_word *w = &s->model->words[t->word];
        int best = w->best;
        if ((t->shape & SH_CAP) && capital_means_name && !(t->tags & (TAGBIT(T_DT) | TAGBIT(T_IN) | TAGBIT(T_CC) | TAGBIT(T_PRP) | TAGBIT(T_MD) | TAGBIT(T_WDT) | TAGBIT(T_TO)))) {
            /* Mid-sentence capitals are names ("Air Forces", "Free Syrian Army"), except
             * demonyms, which stay adjectives before a noun. */
            if (has(t->tags, T_JJ) && (w->flags & WF_NAME) == 0 && best == T_JJ)
                t->tag = T_JJ;
            else
                t->tag = (has(t->tags, T_NNS) || has(t->tags, T_NNPS)) && best != T_NNP ? T_NNPS : T_NNP;
            continue;
        }
        if ((w->flags & WF_NAME) && !title && (t->shape & SH_CAP)) {
            t->tag = T_NNP;
            continue;
        }
        t->tag = (uint8_t)best;
    }
    /* Multi-word names and noun phrases from the dictionaries ("North Korea", "air strikes",
     * "barrel bombs") are nominal whatever their words could be alone: the last word is the
     * noun, the others modify it. */
    for (size_t mi = 0; mi < s->nmatch; mi++) {
        const hd_match *mt = &s->matches[mi];
        if (hd_match_entry(s, mt, E_VERB) || hd_match_entry(s, mt, E_LIGHT) || hd_match_entry(s, mt, E_SAY)) {
            /* a phrasal verb from the dictionaries ("set up", "carry out"): after a subject its
             * first word is the verb and its particle a particle */
            hd_tok *v = &s->tok[mt->first];
            int prev = mt->first > 0 ? s->tok[mt->first - 1].tag : -1;
            if (mt->n >= 2 && (v->tags & TAGS_VERB) && !(TAGBIT(v->tag) & TAGS_VERB) &&
                (prev == T_NN || prev == T_NNS || prev == T_NNP || prev == T_NNPS || prev == T_PRP ||
                 prev == T_MD || prev == T_TO || prev == T_RB || (mt->first > 0 && (s->tok[mt->first - 1].cls & (WC_BE | WC_HAVE))))) {
                int vt = verb_form(v->tags, prev);
                if (vt >= 0) {
                    v->tag = (uint8_t)vt;
                    v->tags = 0;
                    for (size_t k = mt->first + 1; k < mt->first + mt->n; k++)
                        if (s->tok[k].tags & TAGBIT(T_RP) || s->tok[k].tags & TAGBIT(T_IN)) {
                            s->tok[k].tag = T_RP;
                            s->tok[k].tags = 0;
                        }
                }
            }
            continue;
        }
        if (mt->n == 1) {
            /* a capitalised one-word name is a name even first in a sentence ("Turkey deployed") */
            hd_tok *t = &s->tok[mt->first];
            /* ... and "US" in capitals is the country, not the pronoun */
            if ((t->shape & SH_CAP) && (hd_match_entry(s, mt, E_ACTOR) || hd_match_entry(s, mt, E_OUTLET)) &&
                ((t->shape & SH_ALLCAP) ||
                 !(t->tags & (TAGBIT(T_DT) | TAGBIT(T_PRP) | TAGBIT(T_IN) | TAGBIT(T_CC) | TAGBIT(T_MD))))) {
                if (t->tag != T_JJ && t->tag != T_NNPS)
                    t->tag = T_NNP;
                t->tags = 0;
            }
            continue;
        }
        if (!hd_match_entry(s, mt, E_ACTOR) && !hd_match_entry(s, mt, E_AGENT) && !hd_match_entry(s, mt, E_NOUN) &&
            !hd_match_entry(s, mt, E_OUTLET))
            continue;
        for (size_t k = mt->first; k < mt->first + mt->n; k++) {
            hd_tok *t = &s->tok[k];
            if (t->tag == T_PUNCT || t->tag == T_POS || t->tag == T_CC || t->tag == T_IN || t->tag == T_DT)
                continue;
            int last = k + 1 == mt->first + mt->n;
            if (t->shape & SH_CAP)
                t->tag = last && (has(t->tags, T_NNPS) || has(t->tags, T_NNS)) && t->tag != T_NNP ? T_NNPS : T_NNP;
            else if (last)
                t->tag = (has(t->tags, T_NNS) || has(t->tags, T_VBZ)) && !has(t->tags, T_NN) ? T_NNS
                       : (t->tag == T_VBZ || t->tag == T_NNS) ? T_NNS : T_NN;
            else if (t->tag != T_JJ && t->tag != T_CD)
                t->tag = T_NN;
            t->tags = 0; /* settled: the context rules below leave it alone */
        }
    }
    /* Context rules, left to right, so each decision sees the one before it. */
    for (size_t i = 0; i < s->ntok; i++) {
        hd_tok *t = &s->tok[i];
        if (t->tag == T_PUNCT || t->tag == T_NNP || t->tag == T_NNPS || (t->covered_by >= 0 && t->tags == 0))
            continue;
        uint32_t tags = t->tags;
        int prev = i > 0 ? s->tok[i - 1].tag : -1;
        int prev2 = i > 1 ? s->tok[i - 2].tag : -1;
        int nextbest = -1;
        if (i + 1 < s->ntok) {
            const hd_tok *n = &s->tok[i + 1];
            nextbest = n->tag;
        }
        if (hd_tok_is(s, i, "to")) {
            t->tag = (i + 1 < s->ntok && has(s->tok[i + 1].tags, T_VB) &&
                      !(s->tok[i + 1].tags & (TAGBIT(T_DT) | TAGBIT(T_PRPS))) && s->tok[i + 1].tag != T_NNP)
                         ? T_TO
                         : T_IN;
            continue;
        }
        if (nextbest == T_CD && (hd_tok_is(s, i, "about") || hd_tok_is(s, i, "around")) &&
            (prev == -1 || prev == T_PUNCT || prev == T_CC || prev == T_IN || (TAGBIT(prev) & TAGS_VERB))) {
            t->tag = T_RB; /* "about 10,000 fighters defected": a count, not a place */
            continue;
        }
        if (hd_tok_is(s, i, "that")) {
            /* "that" after a verb or noun introduces a clause; before a noun it determines it */
            t->tag = (nextbest == T_NN || nextbest == T_NNS) && prev != T_VBD && prev != T_VBZ && prev != T_VBP ? T_DT : T_IN;
            continue;
        }
        if (t->word == HD_NONE || tags == 0)
            continue;
        if (s->tok[i].cls & (WC_BE | WC_HAVE | WC_GET | WC_DO)) {
            if (t->tag != T_POS && !(t->shape & SH_CLITIC))
                t->tag = (uint8_t)(has(tags, t->tag) && (TAGBIT(t->tag) & TAGS_VERB) ? t->tag : verb_form(tags, prev) >= 0 ? verb_form(tags, prev) : t->tag);
            continue;
        }
        /* only words whose usual reading is a noun or a verb are in doubt */
        int usual = s->model->words[t->word].best;
        int can_noun = (tags & (TAGBIT(T_NN) | TAGBIT(T_NNS))) != 0;
        int can_verb = (tags & TAGS_VERB) != 0;
        /* a dictionary verb whose usual reading is something else ("welcome" is mostly an
         * adjective) is still a verb between a subject and an object */
        if (!(TAGBIT(usual) & (TAGBIT(T_NN) | TAGBIT(T_NNS) | TAGS_VERB))) {
            if (can_verb && t->covered_by >= 0 && hd_match_entry(s, &s->matches[t->covered_by], E_VERB) &&
                (prev == T_NN || prev == T_NNS || prev == T_NNP || prev == T_NNPS || prev == T_PRP) &&
                (nextbest == T_DT || nextbest == T_PRPS || nextbest == T_NNP || nextbest == T_CD)) {
                int vt = verb_form(tags, prev);
                if (vt >= 0)
                    t->tag = (uint8_t)vt;
            }
            can_noun = can_verb = 0;
        }
        if (!(can_noun && can_verb)) {
            /* participle vs past tense for pure verbs */
            if (can_verb && (has(tags, T_VBD) && has(tags, T_VBN))) {
                int back = (int)i - 1;
                while (back >= 0 && (s->tok[back].tag == T_RB))
                    back--;
                if (back >= 0 && is_aux_be_have(s, (size_t)back))
                    t->tag = T_VBN;
                else if (has(tags, T_JJ) && (prev == T_CC || prev == T_DT || prev == T_PRPS) &&
                         (nextbest == T_NN || nextbest == T_NNS) && i + 1 < s->ntok &&
                         (hd_tok_entry(s, i + 1, E_AGENT) || hd_tok_entry(s, i + 1, E_ACTOR)))
                    t->tag = T_JJ; /* "the army and allied fighters": a participle before an agent */
                else if (i + 1 < s->ntok && hd_tok_is(s, i + 1, "by") && prev != T_PRP)
                    t->tag = T_VBN;
                else if ((prev == T_NN || prev == T_NNS || prev == T_NNPS) && i + 1 < s->ntok &&
                         (s->tok[i + 1].tag == T_IN || s->tok[i + 1].tag == T_PUNCT) && is_patient_verb(s, i) &&
                         !object_after_day(s, i) && !hd_quantifier_len(s, i + 1))
                    t->tag = T_VBN; /* "one person injured in the bombing" */
                else if ((prev == T_NN || prev == T_NNS || prev == T_NNPS) && reduced_relative(s, i))
                    t->tag = T_VBN; /* "the group linked to al-Qaeda has claimed" */
                else if (prev == T_NN || prev == T_NNS || prev == T_NNP || prev == T_NNPS || prev == T_PRP || prev == T_RB || prev == T_WDT || prev == T_WP ||
                         prev == T_CC) /* "... and promised aid" */
                    t->tag = T_VBD;
                else if (prev == T_PUNCT && i > 0 && (s->text[s->tok[i - 1].start] == ',' || s->text[s->tok[i - 1].start] == ')') &&
                         starts_np(nextbest))
                    t->tag = T_VBD; /* "The army, the police, attacked the town"; "the council (STC) attacked" */
            }
            if (can_verb && (prev == T_MD || prev == T_TO) && has(tags, T_VB))
                t->tag = T_VB;
            /* a dictionary verb the lexicon knows only as a participle ("test-fired"), between a
             * subject and an object, is the past tense */
            if (t->tag == T_VBN && !has(tags, T_VBD) && t->covered_by >= 0 &&
                hd_match_entry(s, &s->matches[t->covered_by], E_VERB) &&
                (prev == T_NN || prev == T_NNS || prev == T_NNP || prev == T_NNPS || prev == T_PRP) &&
                (nextbest == T_CD || nextbest == T_DT || nextbest == T_PRPS || nextbest == T_NNP) &&
                !finite_verb_before(s, i))
                t->tag = T_VBD;
            continue;
        }
        int verb_tag = verb_form(tags, prev);
        int decided = -1;
        if (prev == T_DT || prev == T_PRPS || prev == T_JJ || prev == T_JJR || prev == T_JJS || prev == T_POS ||
            prev == T_CD || prev == T_PDT)
            decided = noun_form(tags, t->tag);
        else if (prev == T_TO && destination_noun(s, i))
            decided = noun_form(tags, t->tag); /* "sent to jail", "taken to court" */
        else if (prev == T_MD || prev == T_TO)
            decided = has(tags, T_VB) ? T_VB : noun_form(tags, t->tag);
        else if (prev == T_PRP || prev == T_WDT || prev == T_WP)
            decided = verb_tag >= 0 ? verb_tag : noun_form(tags, t->tag);
        else if (prev == T_RB && i > 0 && (hd_tok_is(s, i - 1, "not") || hd_tok_is(s, i - 1, "n't") || hd_tok_is(s, i - 1, "never")))
            decided = verb_tag >= 0 ? verb_tag : noun_form(tags, t->tag);
        else if (i > 0 && is_aux_be_have(s, i - 1))
            decided = has(tags, T_VBN) ? T_VBN : has(tags, T_VBG) ? T_VBG : noun_form(tags, t->tag);
        else if (prev == T_IN)
            decided = has(tags, T_VBG) && i + 1 < s->ntok && starts_np(nextbest) ? T_VBG : noun_form(tags, t->tag);
        else if ((prev == T_NNP || prev == T_NNPS || prev == T_NN) && prev2 >= 0 && i >= 2 && is_object_preposition(s, i - 2) &&
                 (t->tag == T_VBZ || t->tag == T_NNS || t->tag == T_NN || t->tag == T_VB || t->tag == T_VBP))
            decided = noun_form(tags, t->tag); /* "against Hamas targets", "closure of guest houses" */
        else if (prev == T_NN || prev == T_NNS || prev == T_NNP || prev == T_NNPS) {
            /* "forces hit in the city", "Russia strikes targets": a noun then a possible verb
             * followed by the start of a noun phrase or a preposition */
            /* a base form between nouns is part of a compound ("the trade protocol", "the
             * ducat trade deal"); inflected forms keep their verb reading ("Russia strikes") */
            int compound = ((verb_tag == T_VB || verb_tag == T_VBP) && (nextbest == T_NN || nextbest == T_NNS) &&
                            prev != T_NNP && prev != T_NNPS && prev != T_NNS) ||
                           finite_verb_before(s, i - 1);
            /* an object after it makes a verb ("Russia attacks the city"); a preposition or
             * the end leaves it to the lexicon's usual reading ("U.S. allies from Asia") */
            /* the lexicon lists some past forms as nouns first ("abducted"): an -ed form with a
             * verb reading is a verb */
            size_t wl = t->end - t->start;
            int ed_form = wl > 3 && s->text[t->end - 2] == 'e' && s->text[t->end - 1] == 'd' &&
                          (has(tags, T_VBD) || has(tags, T_VBN));
            int usual_noun = (TAGBIT(usual) & (TAGBIT(T_NN) | TAGBIT(T_NNS))) != 0 && !ed_form;
            int object_follows = starts_np(nextbest) &&
                                 ((nextbest != T_NN && nextbest != T_NNS && nextbest != T_JJ) ||
                                  verb_tag == T_VBZ || verb_tag == T_VBD); /* "Russia strikes targets" */
            int weak_follows = starts_np(nextbest) || nextbest == T_IN || nextbest == T_RB || nextbest == T_TO ||
                               nextbest == T_PUNCT || nextbest == -1;
            /* "Demonstrators clash with police": a plural subject, a dictionary verb, a
             * preposition */
            int headline_verb = prev == T_NNS && has(tags, T_VBP) && nextbest == T_IN && t->covered_by >= 0 &&
                                hd_match_entry(s, &s->matches[t->covered_by], E_VERB) && !compound;
            /* "Police fire tear gas": "police" opening a clause is plural, and a dictionary verb
             * in its base form after it acts ("the police bomb squad" stays a noun) */
            if (prev == T_NN && hd_tok_is(s, i - 1, "police") && (i == 1 || prev2 == T_PUNCT || prev2 == T_CC) &&
                (has(tags, T_VBP) || has(tags, T_VB)) &&
                t->covered_by >= 0 && hd_match_entry(s, &s->matches[t->covered_by], E_VERB) &&
                (nextbest == T_IN || starts_np(nextbest)))
                headline_verb = 1;
            /* "..., Joinfo.ua reports.": a name and a reporting verb close the sentence */
            int closing_report = (prev == T_NNP || prev == T_NNPS) && has(tags, T_VBZ) &&
                                 (nextbest == -1 || (nextbest == T_PUNCT && s->text[s->tok[i + 1].start] == '.')) &&
                                 t->covered_by >= 0 && hd_match_entry(s, &s->matches[t->covered_by], E_SAY);
            if (headline_verb)
                decided = T_VBP;
            else if (closing_report)
                decided = T_VBZ;
            else if (verb_tag == T_VBD && has(tags, T_VBN) && nextbest == T_IN && !object_after_day(s, i) &&
                     !hd_quantifier_len(s, i + 1) && (is_patient_verb(s, i) || reduced_relative(s, i)))
                decided = T_VBN; /* "a soldier accused of rape was arrested" */
            else if (verb_tag >= 0 && !compound && (object_follows || (weak_follows && !usual_noun)) &&
                !(prev2 == T_DT && (prev == T_NN) && nextbest == T_NN))
                decided = verb_tag;
            else
                decided = noun_form(tags, t->tag);
        } else if (prev == T_PUNCT || prev == T_CC || prev == -1) {
            if (has(tags, T_VBG) && starts_np(nextbest))
                decided = T_VBG;
        }
        if (decided >= 0)
            t->tag = (uint8_t)decided;
    }
}
