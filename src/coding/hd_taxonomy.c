/* hd_taxonomy.c: the event types analysts filter on, for a coded event: its PLOVER event type
 * by its CAMEO code, its PLOVER mode by the code or the means its sentence names, and the ACLED
 * event type and sub-event type of its CASE 2021 class. The tables are data, dict/taxonomy.txt,
 * read from the dictionary image (model/hd_model.h). The CASE class itself is the trained
 * classifier's (typing/hd_typing.c, hd_typing_event_label): the hand rules that chose it from
 * the code, the cues and the actors' roles scored 0.654 on ACLED notes neither had seen where the
 * classifier scores 0.770 (tools/acled_eval.py), and are gone. */
#include <string.h>

#include "coding/hd_taxonomy.h"

void hd_taxonomy(const hd_model *m, const char *code, uint64_t cues, hd_taxon *out)
{
    out->plover = hd_model_plover(m, code);
    out->plover_mode = hd_model_plover_mode(m, code, cues);
    out->cues = cues;
}

void hd_taxonomy_acled(const hd_model *m, const char *case_label, const char *code, uint64_t cues,
                       const char **type, const char **sub)
{
    hd_model_acled(m, case_label, type, sub);
    /* the classifier reads the sentence, the code the act: an appeal is no peaceful protest,
     * a resignation no looting, whatever words surround it */
    if (*type && !hd_model_acled_fits(m, *type, *sub, code, cues))
        *type = *sub = NULL;
}
