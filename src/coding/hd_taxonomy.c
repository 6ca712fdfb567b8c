/* hd_taxonomy.c: the event types analysts filter on, derived from a coded event: PLOVER event
 * type by the CAMEO code, PLOVER mode by the means the sentence names, and the ACLED event type
 * and sub-event type that go with a CASE 2021 class. The CASE class of an event is the trained
 * classifier's (typing/hd_typing.c, hd_typing_event_label); the hand rules that chose it from
 * the code, the cues and the actors' roles scored 0.654 on ACLED notes it never saw where the
 * classifier scores 0.770 (tools/acled_eval.py), and are gone. */
#include <string.h>

#include "coding/hd_taxonomy.h"
#include "coding/hd_sent.h"

static int root_of(const char *code)
{
    if (!code || !code[0] || !code[1])
        return -1;
    return (code[0] - '0') * 10 + (code[1] - '0');
}

typedef struct acled_def {
    const char *label, *type, *sub;
} acled_def;

/* CASE label -> ACLED type and sub-event type (NULL for the five non-ACLED classes). */
static const acled_def acled[] = {
    {"ARMED_CLASH", "Battles", "Armed clash"},
    {"GOV_REGAINS_TERIT", "Battles", "Government regains territory"},
    {"NON_STATE_ACTOR_OVERTAKES_TER", "Battles", "Non-state actor overtakes territory"},
    {"CHEM_WEAP", "Explosions/Remote violence", "Chemical weapon"},
    {"AIR_STRIKE", "Explosions/Remote violence", "Air/drone strike"},
    {"SUIC_BOMB", "Explosions/Remote violence", "Suicide bomb"},
    {"ART_MISS_ATTACK", "Explosions/Remote violence", "Shelling/artillery/missile attack"},
    {"REM_EXPLOS", "Explosions/Remote violence", "Remote explosive/landmine/IED"},
    {"GRENADE", "Explosions/Remote violence", "Grenade"},
    {"SEX_VIOL", "Violence against civilians", "Sexual violence"},
    {"ATTACK", "Violence against civilians", "Attack"},
    {"ABDUCT_DISSAP", "Violence against civilians", "Abduction/forced disappearance"},
    {"PEACE_PROTEST", "Protests", "Peaceful protest"},
    {"PROTEST_WITH_INTER", "Protests", "Protest with intervention"},
    {"FORCE_AGAINST_PROTEST", "Protests", "Excessive force against protesters"},
    {"VIOL_DEMONSTR", "Riots", "Violent demonstration"},
    {"MOB_VIOL", "Riots", "Mob violence"},
    {"AGREEMENT", "Strategic developments", "Agreement"},
    {"ARREST", "Strategic developments", "Arrests"},
    {"CHANGE_TO_GROUP_ACT", "Strategic developments", "Change to group/activity"},
    {"DISR_WEAP", "Strategic developments", "Disrupted weapons use"},
    {"HQ_ESTABLISHED", "Strategic developments", "Headquarters or base established"},
    {"PROPERTY_DISTRUCT", "Strategic developments", "Looting/property destruction"},
    {"NON_VIOL_TERRIT_TRANSFER", "Strategic developments", "Non-violent transfer of territory"},
    {NULL, NULL, NULL},
};

/* PLOVER event types by CAMEO root, the coarse mapping of the PLOVER manual. */
static const char *plover_type(const char *code)
{
    static const char *const by_root[21] = {
        NULL, NULL, "REQUEST", "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE",
        "INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE",
        "SANCTION", "COERCE", "ASSAULT", "ASSAULT", "ASSAULT"};
    int root = root_of(code);
    if (root < 0 || root > 20)
        return NULL;
    if (strncmp(code, "112", 3) == 0)
        return "ACCUSE";
    if (strncmp(code, "087", 3) == 0)
        return "RETREAT";
    return by_root[root];
}

static const char *plover_mode(const char *code, uint64_t cues)
{
    int root = root_of(code);
    if (root < 18 || root > 20)
        return "";
    if (strncmp(code, "195", 3) == 0 || (cues & WC_AIR))
        return "aerial";
    if (strcmp(code, "194") == 0 || (cues & WC_ARTY))
        return "artillery";
    if (cues & (WC_EXPLOSIVE | WC_GRENADE | WC_SUICIDE))
        return "explosion";
    if (cues & WC_CHEM)
        return "chemical";
    if (strcmp(code, "193") == 0)
        return "firearms";
    if (strncmp(code, "181", 3) == 0)
        return "abduction";
    if (cues & WC_SEXUAL)
        return "sexual";
    return root == 19 ? "conventional" : "";
}

void hd_taxonomy_acled(const char *case_label, const char **type, const char **sub)
{
    *type = *sub = NULL;
    for (size_t i = 0; case_label && acled[i].label; i++)
        if (strcmp(acled[i].label, case_label) == 0) {
            *type = acled[i].type;
            *sub = acled[i].sub;
            return;
        }
}

void hd_taxonomy(const char *code, uint64_t cues, hd_taxon *out)
{
    memset(out, 0, sizeof *out);
    out->plover = plover_type(code);
    out->plover_mode = plover_mode(code, cues);
}
