/* hd_taxonomy.c: the event types analysts filter on, derived from a coded event: ACLED event
 * type and sub-event type, PLOVER event type and mode, and the label of the CASE 2021 task 2
 * classes (25 ACLED sub-types plus organised crime, natural and man-made disasters,
 * diplomatic events and attribution of responsibility).
 *
 * The CAMEO code says what kind of act it is; the words of the sentence say by what means
 * (aircraft, artillery, grenades, explosives, chemicals) and in what setting (a protest, a
 * base, a crime); the actors' roles say who fought whom (state forces, armed groups,
 * civilians). Each rule below is general English and CAMEO knowledge, not a phrase of any
 * evaluation text. */
#include <string.h>

#include "coding/hd_taxonomy.h"
#include "coding/hd_sent.h"

static int root_of(const char *code)
{
    if (!code || !code[0] || !code[1])
        return -1;
    return (code[0] - '0') * 10 + (code[1] - '0');
}

static int is_role(const char *role, const char *const *set)
{
    for (size_t i = 0; set[i]; i++)
        if (role && strcmp(role, set[i]) == 0)
            return 1;
    return 0;
}

static const char *const state_roles[] = {"MIL", "COP", "GOV", "SPY", "JUD", "LEG", NULL};
static const char *const armed_nonstate[] = {"REB", "INS", "UAF", "IMG", "RAD", "SEP", NULL};
static const char *const civilian_roles[] = {"CVL", "OPP", "EDU", "LAB", "MED", "REF", "HLH", "REL", "BUS",
                                             "AGR", "NGO", "HRI", "ELI", "", NULL};

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

/* The means named in the sentence, for violent acts; NULL when none is named. */
const char *hd_taxonomy_means(uint64_t cues)
{
    if (cues & WC_CHEM)
        return "CHEM_WEAP";
    if (cues & WC_SUICIDE)
        return "SUIC_BOMB";
    if (cues & WC_GRENADE)
        return "GRENADE";
    if (cues & WC_AIR)
        return "AIR_STRIKE";
    if (cues & WC_ARTY)
        return "ART_MISS_ATTACK";
    if (cues & WC_EXPLOSIVE)
        return "REM_EXPLOS";
    return NULL;
}

static const char *case_label(const char *code, uint64_t cues, const char *src_role, const char *tgt_role)
{
    int root = root_of(code);
    const char *means = hd_taxonomy_means(cues);
    /* a country named as actor ("Niger recaptured the town") acts through its state */
    int src_state = is_role(src_role, state_roles) || (src_role && !src_role[0]);
    int src_armed = is_role(src_role, armed_nonstate);
    int tgt_civilian = tgt_role && is_role(tgt_role, civilian_roles);
    int crime = (cues & WC_CRIME) != 0 || (src_role && strcmp(src_role, "CRM") == 0) ||
                (tgt_role && strcmp(tgt_role, "CRM") == 0);
    /* smuggling, drugs, gangs: arrests, raids and interceptions are organised crime (unless
     * they break up a protest) */
    if (crime && (root == 9 || root == 15 || root == 17) && !(cues & WC_PROTEST))
        return "ORG_CRIME";
    switch (root) {
    case 20:
        return (cues & WC_CHEM) ? "CHEM_WEAP" : means ? means : "ATTACK";
    case 19:
    case 18:
        /* protesters who fight are a riot; forces who hit a protest use excessive force */
        if ((cues & WC_PROTEST) && !means && !src_state && !src_armed && strncmp(code, "181", 3) != 0)
            return (cues & WC_MOB) ? "MOB_VIOL" : "VIOL_DEMONSTR";
        if ((cues & WC_PROTEST) && !means && src_state && strncmp(code, "181", 3) != 0)
            return (cues & WC_LETHAL) ? "FORCE_AGAINST_PROTEST" : "PROTEST_WITH_INTER";
        if (root == 18)
            goto assault;
        if (strcmp(code, "195") == 0 || strncmp(code, "195", 3) == 0) {
            if (cues & WC_CHEM)
                return "CHEM_WEAP";
            /* missiles with no aircraft named are fired from the ground */
            return (!(cues & WC_AIR) && (cues & WC_ARTY)) ? "ART_MISS_ATTACK" : "AIR_STRIKE";
        }
        if (strcmp(code, "194") == 0)
            return (cues & WC_AIR) ? "AIR_STRIKE" : "ART_MISS_ATTACK";
        if (strcmp(code, "192") == 0)
            return src_state ? "GOV_REGAINS_TERIT" : "NON_STATE_ACTOR_OVERTAKES_TER";
        if (means)
            return means;
        /* a battle needs armed forces on both sides; armed men against anyone else, or
         * against places where civilians are, is an attack on civilians */
        if (tgt_role && (is_role(tgt_role, state_roles) || is_role(tgt_role, armed_nonstate)))
            return "ARMED_CLASH";
        if (tgt_civilian && tgt_role && tgt_role[0])
            return "ATTACK";
        if (cues & WC_CIVILIAN)
            return "ATTACK";
        return "ARMED_CLASH";
    assault:
        if (strncmp(code, "181", 3) == 0)
            return "ABDUCT_DISSAP";
        if (strcmp(code, "1821") == 0 || (cues & WC_SEXUAL))
            return "SEX_VIOL";
        if (strncmp(code, "183", 3) == 0)
            return (cues & WC_SUICIDE) ? "SUIC_BOMB" : (cues & WC_GRENADE) ? "GRENADE" : "REM_EXPLOS";
        if (means)
            return means;
        if (crime)
            return "ORG_CRIME";
        return "ATTACK";
    case 17:
        if (crime)
            return "ORG_CRIME";
        if (strncmp(code, "171", 3) == 0) {
            if (cues & (WC_WEAPONS | WC_EXPLOSIVE | WC_GRENADE))
                return "DISR_WEAP";
            /* protesters wrecking property are rioting */
            if ((cues & WC_PROTEST) && !src_state && !src_armed)
                return (cues & WC_MOB) ? "MOB_VIOL" : "VIOL_DEMONSTR";
            return "PROPERTY_DISTRUCT";
        }
        if (strcmp(code, "175") == 0) { /* violent repression: by what means, against whom */
            /* killing protesters is excessive force; tear gas and batons break up a protest */
            if (cues & WC_PROTEST)
                return (cues & WC_LETHAL) ? "FORCE_AGAINST_PROTEST" : "PROTEST_WITH_INTER";
            return means ? means : "ATTACK";
        }
        if (strncmp(code, "173", 3) == 0 || strcmp(code, "172") == 0)
            return (cues & WC_PROTEST) ? "PROTEST_WITH_INTER" : "ARREST";
        if (strcmp(code, "174") == 0)
            return "DIPLO";
        return "ARREST";
    case 14:
        if (cues & WC_MOB)
            return "MOB_VIOL";
        if (strcmp(code, "145") == 0 || strncmp(code, "145", 3) == 0)
            return "VIOL_DEMONSTR";
        return "PEACE_PROTEST";
    case 15:
        return (cues & WC_BASE) ? "HQ_ESTABLISHED" : "CHANGE_TO_GROUP_ACT";
    case 8:
        if (strncmp(code, "087", 3) == 0) { /* leaving a base changes activity; leaving land cedes it */
            if (strcmp(code, "0874") == 0 && src_armed && tgt_role && is_role(tgt_role, state_roles))
                return "AGREEMENT"; /* fighters surrendering to the forces of a state */
            return (cues & WC_BASE) ? "CHANGE_TO_GROUP_ACT" : "NON_VIOL_TERRIT_TRANSFER";
        }
        if (strncmp(code, "084", 3) == 0 || strncmp(code, "083", 3) == 0)
            return "AGREEMENT";
        return "DIPLO";
    case 3:
    case 6:
        return "AGREEMENT";
    case 4:
        /* talks on a ceasefire, a truce or a peace deal are part of an agreement */
        return (cues & WC_PEACE) ? "AGREEMENT" : "DIPLO";
    case 5:
        return strncmp(code, "057", 3) == 0 ? "AGREEMENT" : "DIPLO";
    case 11:
        return (strncmp(code, "112", 3) == 0 || (cues & WC_CLAIM)) ? "ATTRIB" : "DIPLO";
    case 1:
        return (cues & WC_CLAIM) ? "ATTRIB" : "DIPLO";
    case 9:
        return crime ? "ORG_CRIME" : "DIPLO";
    case 12: /* fighters leaving their side change their group's activity */
        return (cues & WC_DEFECT) ? "CHANGE_TO_GROUP_ACT" : "DIPLO";
    case 16:
    case 2:
    case 7:
    case 10:
    case 13:
        return "DIPLO";
    default:
        (void)src_armed;
        return "OTHER";
    }
}

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

void hd_taxonomy(const char *code, uint64_t cues, const char *src_role, const char *tgt_role, hd_taxon *out)
{
    memset(out, 0, sizeof *out);
    out->case_label = case_label(code, cues, src_role, tgt_role);
    /* the labels are this file's literals: compare by address first, by text if need be */
    const acled_def *hit = NULL;
    for (size_t i = 0; acled[i].label && !hit; i++)
        if (acled[i].label == out->case_label)
            hit = &acled[i];
    for (size_t i = 0; acled[i].label && !hit; i++)
        if (strcmp(acled[i].label, out->case_label) == 0)
            hit = &acled[i];
    if (hit) {
        out->acled_type = hit->type;
        out->acled_sub = hit->sub;
    }
    out->plover = plover_type(code);
    out->plover_mode = plover_mode(code, cues);
}
