/* hd_geo.h: the places of a document, as the document driver (document/hd_coder.c) and the
 * entities (document/hd_entities.c) ask for them: the countries the gazetteer knows, the
 * places each sentence names, the place of an event, and the home country of actors that
 * name none. The state lives in the coder (coding/hd_coder_int.h). */
#ifndef HD_GEO_H
#define HD_GEO_H

#include "coding/hd_coder_int.h"

void hd_geo_index_countries(hd_coder *c);
void hd_geo_sentence(hd_coder *c);
/* actors: the byte spans (start, end) of the event's source and target in base, {0,0} for none */
int hd_geo_event_location(hd_coder *c, unsigned sentence, const char *base, size_t trigger, const size_t actors[4],
                          hd_location *out);
void hd_geo_fill(const hd_coder *c, const geo_mention *m, hd_location *out);
void hd_geo_domestic_actors(hd_coder *c);

#endif
