/* hd_entities.h: a document's entities as the document driver (hd_coder.c) collects them.
 * The state hangs off the coder (coding/hd_coder_int.h: hd_ents). */
#ifndef HD_ENTITIES_H
#define HD_ENTITIES_H

#include "coding/hd_coder_int.h"

/* begin resets (allocating on first use), sentence runs after the discourse and geocoding of
 * each sentence, paragraph closes what a paragraph break ends, finish assembles the result
 * for hd_coder_entities(). */
int hd_ents_begin(hd_coder *c);
void hd_ents_sentence(hd_coder *c);
void hd_ents_paragraph(hd_coder *c);
void hd_ents_finish(hd_coder *c);
void hd_ents_free(hd_ents *e);

/* The counts a sentence reports ("killing at least 6 civilians": 6, "killed", the tokens
 * "killing" to "civilians"), up to `max`, in sentence order: the number, what happened to those
 * counted (killed, wounded, arrested, kidnapped, displaced, protesters; NULL when it says
 * not), the tokens read and those of what is counted (`noun` 0: none named). The entities'
 * counts and each violent event's fatalities are read by it. */
typedef struct hd_count_hit {
    double number;
    const char *type;
    size_t first, last;       /* the tokens read */
    size_t of_first, of_last; /* what is counted, when noun */
    int noun;
} hd_count_hit;
size_t hd_sentence_counts(const hd_sent *s, hd_count_hit *out, size_t max);

#endif
