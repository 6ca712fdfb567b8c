/* hd_taxonomy.h: PLOVER and ACLED event types of a coded event (hd_taxonomy.c), from the tables
 * of dict/taxonomy.txt in the dictionary image. */
#ifndef HD_TAXONOMY_H
#define HD_TAXONOMY_H

#include <stdint.h>

#include "model/hd_model.h"

typedef struct hd_taxon {
    const char *plover;      /* PLOVER event type, NULL when none fits */
    const char *plover_mode; /* "aerial", "arrest", "visit", ... or "" */
    uint64_t cues;           /* the WC_CUES bits of the event's sentence, for its ACLED type */
} hd_taxon;

/* The PLOVER type and mode of an event with CAMEO `code` and the WC_CUES bits of its sentence.
 * The strings lie in the image. */
void hd_taxonomy(const hd_model *m, const char *code, uint64_t cues, hd_taxon *out);

/* The ACLED event type and sub-event type of a CASE 2021 label (both NULL for the five CASE
 * classes outside ACLED, for "OTHER" and for NULL, and when the act of CAMEO `code` in a
 * sentence of these WC_CUES cannot be of that type: dict/taxonomy.txt's acled-roots). */
void hd_taxonomy_acled(const hd_model *m, const char *case_label, const char *code, uint64_t cues,
                       const char **type, const char **sub);

#endif
