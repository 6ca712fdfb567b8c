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

#endif
