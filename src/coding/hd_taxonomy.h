/* hd_taxonomy.h: PLOVER and ACLED event types of a coded event (hd_taxonomy.c). */
#ifndef HD_TAXONOMY_H
#define HD_TAXONOMY_H

#include <stdint.h>

typedef struct hd_taxon {
    const char *plover;      /* PLOVER event type, NULL when none fits */
    const char *plover_mode; /* "aerial", "artillery", ... or "" */
} hd_taxon;

/* The PLOVER type and mode of an event with CAMEO `code` and the WC_CUES bits of its sentence.
 * The strings are static. */
void hd_taxonomy(const char *code, uint64_t cues, hd_taxon *out);

/* The ACLED event type and sub-event type of a CASE 2021 label (both NULL for the five CASE
 * classes outside ACLED, for "OTHER" and for NULL). The strings are static. */
void hd_taxonomy_acled(const char *case_label, const char **type, const char **sub);

#endif
