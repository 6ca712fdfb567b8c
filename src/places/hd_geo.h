/* hd_geo.h: the places of a document, as the document driver (document/hd_coder.c) and the
 * entities (document/hd_entities.c) ask for them: the countries the gazetteer knows, the
 * places each sentence names, the place of an event, and the home country of actors that
 * name none. The state lives in the coder (coding/hd_coder_int.h). */
#ifndef HD_GEO_H
#define HD_GEO_H

#include "coding/hd_coder_int.h"

void hd_geo_index_countries(hd_coder *c);
void hd_geo_sentence(hd_coder *c);
/* An event's actors, as the geocoder weighs its places: their byte spans in the sentence's
 * base text (0, 0 for none) and their countries (ISO alpha-3; "" or NULL for none). */
typedef struct hd_geo_actors {
    size_t src_start, src_end, tgt_start, tgt_end;
    const char *src_country, *tgt_country;
    size_t trigger_end;
    int country_assumed; /* one actor's country is only assumed from the sentence's others */
    const char *code;    /* the act's CAMEO code */
    const char *src_role, *tgt_role; /* their CAMEO roles ("REF"; "" or NULL for none) */
    size_t trigger_clause; /* where the first verb of the trigger's coordination starts, SIZE_MAX none */
} hd_geo_actors;

int hd_geo_event_location(hd_coder *c, unsigned sentence, const char *base, size_t trigger, const hd_geo_actors *who,
                          hd_location *out);
void hd_geo_fill(const hd_coder *c, const geo_mention *m, hd_location *out);
void hd_geo_domestic_actors(hd_coder *c);

#endif
