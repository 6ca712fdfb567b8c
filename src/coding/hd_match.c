/* hd_match.c: word lookup and dictionary phrase matching for a sentence.
 *
 * One left-to-right pass: at each token the trie is walked as far as the following tokens
 * allow and the longest phrase with entries wins ("Russian Foreign Minister" is read as
 * "Russian" + "Foreign Minister" because no longer phrase exists). Matches do not overlap. */
#include <stdlib.h>
#include <string.h>

#include "coding/hd_sent.h"

static int push_match(hd_sent *s, uint32_t first, uint32_t n, uint32_t node)
{
    if (s->nmatch == s->match_cap) {
        size_t cap = s->match_cap ? s->match_cap * 2 : 64;
        hd_match *m = realloc(s->matches, cap * sizeof *m);
        if (!m)
            return -1;
        s->matches = m;
        s->match_cap = cap;
    }
    s->matches[s->nmatch].first = first;
    s->matches[s->nmatch].n = n;
    s->matches[s->nmatch].node = node;
    s->nmatch++;
    return 0;
}

static uint32_t lookup_word(hd_sent *s, const char *w, size_t n)
{
    uint32_t h = hd_hash_bytes(w, n);
    hd_wcache_entry *e = NULL;
    if (s->wcache && n < sizeof e->text) {
        e = &s->wcache[h & (HD_WCACHE_SIZE - 1)];
        if (e->hash == h && e->len == n) {
            size_t k = 0;
            while (k < n) {
                unsigned char c = (unsigned char)w[k];
                if (c >= 'A' && c <= 'Z')
                    c = (unsigned char)(c + 32);
                if ((unsigned char)e->text[k] != c)
                    break;
                k++;
            }
            if (k == n)
                return e->id;
        }
    }
    uint32_t id = hd_model_word(s->model, w, n, h);
    if (e) {
        e->hash = h;
        e->id = id;
        e->len = (uint8_t)n;
        for (size_t k = 0; k < n; k++)
            e->text[k] = (char)((w[k] >= 'A' && w[k] <= 'Z') ? w[k] + 32 : w[k]);
    }
    return id;
}

/* "visited Russia today", "US today": the name of an outlet ends in a capital ("Russia
 * Today", "USA Today"); a phrase of several words that ends in a lowercase word and names only
 * an outlet is a name followed by a common word. */
static int lowercase_outlet_end(const hd_sent *s, uint32_t node, size_t last)
{
    const hd_node *nd = &s->model->nodes[node];
    for (uint32_t k = 0; k < nd->n_entries; k++)
        if (s->model->entries[nd->first_entry + k].kind != E_OUTLET)
            return 0;
    char c = s->text[s->tok[last].start];
    return c >= 'a' && c <= 'z';
}

int hd_match_sentence(hd_sent *s)
{
    const hd_model *m = s->model;
    memset(s->bloom, 0, sizeof s->bloom);
    s->cues = 0;
    for (size_t i = 0; i < s->ntok; i++) {
        hd_tok *t = &s->tok[i];
        const char *w = s->text + t->start;
        size_t n = t->end - t->start;
        t->word = lookup_word(s, w, n);
        if (t->word != HD_NONE) {
            t->lemma = m->words[t->word].lemma;
            t->tags = m->words[t->word].tags;
            t->cls = s->wclass ? s->wclass[t->word] : hd_wordclass_unknown(m, w, n);
            HD_BLOOM_SET(s->bloom, t->lemma);
        } else {
            t->lemma = HD_NONE;
            t->tags = 0;
            t->cls = hd_wordclass_unknown(m, w, n);
        }
        t->match = -1;
        t->covered_by = -1;
        uint64_t cues = t->cls & WC_CUES;
        if ((t->cls & WC_DATE) && n > 0 && w[0] >= 'A' && w[0] <= 'Z')
            cues &= ~WC_PROTEST; /* "March 7" is a month, "a march" a protest */
        s->cues |= cues;
    }
    s->nmatch = 0;
    s->discard = 0;
    for (size_t i = 0; i < s->ntok;) {
        uint32_t node = 0, best_node = HD_NONE;
        size_t best_len = 0;
        if (s->tok[i].word == HD_NONE || !(m->words[s->tok[i].word].flags & WF_START)) {
            i++;
            continue;
        }
        for (size_t j = i; j < s->ntok; j++) {
            if (s->tok[j].word == HD_NONE)
                break;
            node = hd_model_child(m, node, s->tok[j].word);
            if (node == HD_NONE)
                break;
            if (m->nodes[node].n_entries && !(j > i && lowercase_outlet_end(s, node, j))) {
                best_node = node;
                best_len = j - i + 1;
            }
        }
        if (best_node == HD_NONE) {
            i++;
            continue;
        }
        if (push_match(s, (uint32_t)i, (uint32_t)best_len, best_node) != 0)
            return -1;
        int32_t idx = (int32_t)(s->nmatch - 1);
        s->tok[i].match = idx;
        for (size_t k = i; k < i + best_len; k++)
            s->tok[k].covered_by = idx;
        if (hd_match_entry(s, &s->matches[idx], E_DISCARD))
            s->discard = 1;
        i += best_len;
    }
    return 0;
}

const hd_entry *hd_match_entry(const hd_sent *s, const hd_match *mt, int kind)
{
    const hd_node *nd = &s->model->nodes[mt->node];
    for (uint32_t k = 0; k < nd->n_entries; k++) {
        const hd_entry *e = &s->model->entries[nd->first_entry + k];
        if (e->kind == kind)
            return e;
    }
    return NULL;
}

const hd_entry *hd_tok_entry(const hd_sent *s, size_t i, int kind)
{
    if (i >= s->ntok || s->tok[i].match < 0)
        return NULL;
    return hd_match_entry(s, &s->matches[s->tok[i].match], kind);
}
