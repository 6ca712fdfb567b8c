/* hd_wordclass.c: the word classes the parser asks about on every token (forms of "be" and
 * "have", modals, negations, subordinators, pronouns, the lemmas of modality, date words and
 * the cues of the event taxonomies). Which words have them is data, dict/word-classes.txt,
 * carried by the image; here they are looked up once per coder into a table indexed by word
 * id, so that the hot loops test a bit instead of comparing strings. */
#include <stdlib.h>
#include <string.h>

#include "coding/hd_sent.h"

uint64_t *hd_wordclass_build(const hd_model *m)
{
    uint64_t *t = calloc(m->n_words ? m->n_words : 1, sizeof *t);
    if (!t)
        return NULL;
    for (size_t i = 0; i < m->n_word_classes; i++) {
        const char *w = hd_str(m, m->word_classes[i].text);
        size_t n = strlen(w);
        uint32_t id = hd_model_word(m, w, n, hd_hash_bytes(w, n));
        if (id != HD_NONE)
            t[id] |= m->word_classes[i].classes;
    }
    return t;
}

uint64_t hd_wordclass_unknown(const hd_model *m, const char *w, size_t n)
{
    /* only clitics such as "'ll" can be closed-class words missing from the lexicon */
    if (n < 2 || n > 4 || w[0] != '\'')
        return 0;
    return hd_model_word_class(m, w, n);
}
