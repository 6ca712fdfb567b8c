/* hd_taxonomy.h: ACLED, PLOVER and CASE 2021 event types of a coded event (hd_taxonomy.c). */
#ifndef HD_TAXONOMY_H
#define HD_TAXONOMY_H

#include <stdint.h>

typedef struct hd_taxon {
    const char *acled_type;  /* "Battles", ...; NULL outside ACLED's scope */
    const char *acled_sub;   /* ACLED sub-event type, NULL with acled_type */
    const char *plover;      /* PLOVER event type, NULL when none fits */
    const char *plover_mode; /* "aerial", "artillery", ... or "" */
    const char *case_label;  /* CASE 2021 task 2 label, "OTHER" when none fits */
} hd_taxon;

/* Types of an event with CAMEO `code`, the WC_CUES bits of its sentence and the roles of its
 * actors (NULL when the actor is unknown). The strings are static. */
void hd_taxonomy(const char *code, uint64_t cues, const char *src_role, const char *tgt_role, hd_taxon *out);

/* The CASE label of the means of violence the cues name ("GRENADE", "AIR_STRIKE", ...), or NULL. */
const char *hd_taxonomy_means(uint64_t cues);


#endif
