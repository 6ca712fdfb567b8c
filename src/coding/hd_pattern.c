/* hd_pattern.c: matching the TABARI/PETRARCH-style patterns of a verb block against an
 * analysed sentence: words (any inflection), synsets, and the markers that capture the
 * source ($), the target (+) and a compound actor (%). The pattern with the most matched
 * words wins. A Bloom set of the sentence's lemmas rules most patterns out before any scan. */
#include <string.h>

#include "coding/hd_sent.h"

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

/* The length of a quantity modifier starting at token i and followed by a number ("more than",
 * "at least", "up to", "over", "about" before "200", "a dozen", "hundreds"), 0 when there is
 * none: the "at" of "at least 20 protesters" is no preposition of the verb. */
static size_t quantifier_len(const hd_sent *s, size_t i)
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
    uint32_t lo = 0, hi = sy->n_phrases;
    if (dir > 0) {
        /* the Bloom set and the sort hold first words, so they only help forward matches */
        if (s->tok[i].word == HD_NONE || !HD_BLOOM_HAS(sy->bloom, s->tok[i].lemma))
            return 0;
        uint32_t want = s->tok[i].lemma;
        const hd_phrase *ph0 = &m->phrases[sy->first_phrase];
        while (lo < hi) {
            uint32_t mid = (lo + hi) / 2;
            if (ph0[mid].first_lemma < want)
                lo = mid + 1;
            else
                hi = mid;
        }
        hi = lo;
        while (hi < sy->n_phrases && ph0[hi].first_lemma == want)
            hi++;
    } else if (s->tok[i].word == HD_NONE || !HD_BLOOM_HAS(sy->bloom_last, s->tok[i].lemma)) {
        return 0; /* no phrase of the synset ends with this word */
    }
    for (uint32_t p = lo; p < hi; p++) {
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
int hd_actor_starting_at(const hd_sent *s, size_t i)
{
    if (i >= s->ntok || s->tok[i].chunk != CK_NP)
        return -1;
    const hd_chunk *ch = &s->chunks[s->tok[i].chunk_index];
    if (ch->first != i && !(s->tok[ch->first].tag == T_DT && i == (size_t)ch->first + 1))
        return -1;
    return ch->actor;
}

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

/* '%' in a pattern matches an actor that is part of "A and B". */
static int capture_compound(const hd_sent *s, int actor, pattern_hit *hit)
{
    int head = hd_actor_compound_head(s, actor);
    if (s->actors[head].compound_next < 0)
        return 0;
    hit->compound = head;
    return 1;
}

/* "recognised people's concerns": an actor that only owns what the phrase names ("people" of
 * "people's concerns") is not the object itself. */
static int possessor_only(const hd_sent *s, int actor)
{
    const hd_actor_info *a = &s->actors[actor];
    size_t after = (size_t)a->name_last + 1;
    return after < a->last && after < s->ntok && s->tok[after].tag == T_POS;
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
        int found = 0, antecedent_only = 0;
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
            /* a relative clause's words end at its pronoun and the word before it: in "police
             * arrested the man who attacked the officers" the police are not the attackers,
             * in "protesters who attacked police" the protesters are */
            if (antecedent_only)
                break;
            if (!(s->model->flags & HD_MODEL_PETRARCH) && (s->tok[q].tag == T_WP || s->tok[q].tag == T_WDT))
                antecedent_only = 1;
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
            /* the "at" of "at least 20 protesters" is no preposition of the verb */
            if (e->type == EL_WORD)
                len = word_matches(s, q, e->value) && !quantifier_len(s, q) ? 1 : 0;
            else if (e->type == EL_SYNSET)
                len = synset_at(s, q, e->value, 1);
            else if (e->type == EL_SOURCE || e->type == EL_TARGET || e->type == EL_COMPOUND) {
                int a = hd_actor_starting_at(s, q);
                /* the verb's own object (`*_+`), not what one acts "in" ("to_invest in +":
                 * "in Vietnam's ports" is Vietnam's) */
                if (a >= 0 && e->type == EL_TARGET && k == 0 && e->adjacent && possessor_only(s, a))
                    a = -1;
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
            /* the first element after the verb belongs to its object, not to where something
             * went: "took the town", not "taken to a location at an airport" */
            if (k == 0 && e->type == EL_SYNSET && !(s->model->flags & HD_MODEL_PETRARCH) &&
                (hd_tok_is(s, q, "to") || hd_tok_is(s, q, "into") || hd_tok_is(s, q, "towards") ||
                 hd_tok_is(s, q, "toward")))
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

const hd_pattern *hd_best_pattern(const hd_sent *s, const hd_block *b, size_t vfirst, size_t vlast, pattern_hit *out)
{
    const hd_pattern *best = NULL;
    for (uint32_t k = 0; k < b->n_patterns; k++) {
        const hd_pattern *p = &s->model->patterns[b->first_pattern + k];
        if (best && p->specificity < best->specificity)
            continue;
        pattern_hit hit;
        /* between equally specific patterns the tighter match wins: "pledged to defend X
         * against any attack" is "to defend", not "to ... attack" */
        if (try_pattern(s, p, vfirst, vlast, &hit) &&
            (!best || p->specificity > best->specificity || hit.last_tok < out->last_tok)) {
            best = p;
            *out = hit;
        }
    }
    return best;
}
