/* hd_model_lexicon.c: a dictionary image's lexicon as the syntax stage reads it (the
 * hd_lexicon interface of syntax/hd_lexicon.h). Here, not in syntax/, so that the tagger and
 * the parser never call into the dictionary image: callers that have one pass it in. */
#include <string.h>

#include "model/hd_model.h"

int hd_model_lexicon_lookup(const void *model, const char *word, size_t len, hd_lexicon_entry *out)
{
    const hd_model *m = model;
    return hd_model_lexicon_entry(m, hd_model_word(m, word, len, hd_hash_bytes(word, len)), word, len, out);
}

int hd_model_lexicon_entry(const hd_model *m, uint32_t id, const char *word, size_t len, hd_lexicon_entry *out)
{
    if (id == HD_NONE || m->words[id].tags == 0) /* a dictionary word the lexicon lacks */
        return 0;
    out->tags = m->words[id].tags;
    out->best = m->words[id].best;
    out->name = (m->words[id].flags & WF_NAME) != 0;
    out->auxiliary = (m->words[id].flags & WF_FUNCTION) && !(len == 3 && memcmp(word, "not", 3) == 0);
    return 1;
}
