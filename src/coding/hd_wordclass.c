/* hd_wordclass.c: closed-class words the parser asks about on every token (forms of "be"
 * and "have", modals, negations, subordinators, pronouns). Their classes are looked up once
 * per coder into a table indexed by word id, so the hot loops test a bit instead of
 * comparing strings. */
#include <stdlib.h>
#include <string.h>

#include "coding/hd_sent.h"

static const struct {
    const char *word;
    uint64_t cls;
} classes[] = {
    {"be", WC_BE}, {"is", WC_BE}, {"are", WC_BE}, {"was", WC_BE}, {"were", WC_BE}, {"been", WC_BE},
    {"being", WC_BE}, {"am", WC_BE}, {"'re", WC_BE}, {"'s", WC_BE}, {"'m", WC_BE},
    {"have", WC_HAVE}, {"has", WC_HAVE}, {"had", WC_HAVE}, {"having", WC_HAVE}, {"'ve", WC_HAVE}, {"'d", WC_HAVE},
    {"do", WC_DO}, {"does", WC_DO}, {"did", WC_DO},
    {"get", WC_GET}, {"got", WC_GET}, {"gets", WC_GET}, {"gotten", WC_GET},
    {"not", WC_NEG}, {"n't", WC_NEG}, {"never", WC_NEG}, {"no", WC_NEG},
    {"will", WC_FUTURE}, {"shall", WC_FUTURE}, {"'ll", WC_FUTURE}, {"would", WC_FUTURE}, {"wo", WC_FUTURE},
    {"could", WC_HYPO}, {"might", WC_HYPO}, {"should", WC_HYPO}, {"must", WC_HYPO},
    {"ought", WC_HYPO}, {"can", WC_HYPO}, {"ca", WC_HYPO},
    {"that", WC_SUBORD | WC_THAT}, {"because", WC_SUBORD}, {"although", WC_SUBORD}, {"though", WC_SUBORD},
    {"if", WC_SUBORD}, {"unless", WC_SUBORD}, {"whether", WC_SUBORD}, {"while", WC_SUBORD},
    {"whereas", WC_SUBORD}, {"since", WC_SUBORD}, {"when", WC_SUBORD}, {"where", WC_SUBORD},
    {"after", WC_SUBORD}, {"before", WC_SUBORD}, {"as", WC_SUBORD}, {"until", WC_SUBORD},
    {"and", WC_AND},
    {"he", WC_PRON | WC_PERSON}, {"she", WC_PRON | WC_PERSON}, {"him", WC_PRON | WC_PERSON},
    {"her", WC_PRON | WC_PERSON}, {"they", WC_PRON | WC_PLURAL}, {"them", WC_PRON | WC_PLURAL},
    {"we", WC_PRON | WC_PLURAL | WC_WE}, {"us", WC_PRON | WC_PLURAL | WC_WE}, {"it", WC_PRON | WC_IT},
    {"going", WC_GOING},
    /* lemmas that govern a complement: what they say about whether it happened */
    {"plan", WC_INTENT}, {"intend", WC_INTENT}, {"want", WC_INTENT}, {"wish", WC_INTENT},
    {"prepare", WC_INTENT}, {"seek", WC_INTENT}, {"aim", WC_INTENT},
    {"hope", WC_INTENT}, {"vow", WC_INTENT}, {"pledge", WC_INTENT}, {"promise", WC_INTENT},
    {"threaten", WC_INTENT}, {"threat", WC_INTENT}, {"agree", WC_INTENT}, {"offer", WC_INTENT},
    {"propose", WC_INTENT}, {"consider", WC_INTENT}, {"try", WC_INTENT}, {"attempt", WC_INTENT},
    {"plot", WC_INTENT}, {"mean", WC_INTENT}, {"resolve", WC_INTENT}, {"bid", WC_INTENT},
    {"effort", WC_INTENT}, {"intention", WC_INTENT}, {"need", WC_INTENT}, {"schedule", WC_EXPECT},
    {"urge", WC_REQUEST}, {"call", WC_REQUEST}, {"demand", WC_REQUEST}, {"ask", WC_REQUEST},
    {"request", WC_REQUEST}, {"press", WC_REQUEST}, {"encourage", WC_REQUEST}, {"invite", WC_REQUEST},
    {"order", WC_REQUEST}, {"appeal", WC_REQUEST}, {"tell", WC_REQUEST}, {"pressure", WC_REQUEST},
    {"push", WC_REQUEST}, {"advise", WC_REQUEST}, {"allow", WC_REQUEST}, {"permit", WC_REQUEST},
    {"authorize", WC_REQUEST}, {"authorise", WC_REQUEST}, {"recommend", WC_REQUEST},
    {"expect", WC_EXPECT}, {"likely", WC_EXPECT}, {"unlikely", WC_EXPECT}, {"set", WC_EXPECT},
    {"poised", WC_EXPECT}, {"due", WC_EXPECT}, {"slate", WC_EXPECT}, {"about", WC_EXPECT},
    {"bound", WC_EXPECT}, {"predict", WC_EXPECT}, {"forecast", WC_EXPECT}, {"fear", WC_EXPECT},
    {"warn", WC_EXPECT},
    {"refuse", WC_REFUSE}, {"decline", WC_REFUSE}, {"deny", WC_REFUSE}, {"refusal", WC_REFUSE},
    {"reject", WC_REFUSE}, {"resist", WC_REFUSE}, {"oppose", WC_REFUSE}, {"veto", WC_REFUSE},
    {"fail", WC_FAIL}, {"unable", WC_FAIL}, {"failure", WC_FAIL}, {"avoid", WC_FAIL},
    {"refrain", WC_FAIL}, {"neglect", WC_FAIL}, {"forget", WC_FAIL}, {"cease", WC_FAIL},
    {"stop", WC_FAIL}, {"halt", WC_FAIL}, {"prevent", WC_FAIL}, {"struggle", WC_FAIL},
    {"if", WC_CONDITION}, {"unless", WC_CONDITION}, {"whether", WC_CONDITION}, {"lest", WC_CONDITION},
    {"able", WC_ABILITY}, {"capable", WC_ABILITY}, {"ready", WC_ABILITY}, {"prepared", WC_ABILITY},
    {"willing", WC_ABILITY}, {"free", WC_ABILITY}, {"eager", WC_ABILITY}, {"keen", WC_ABILITY},
    /* the words hd_date.c reads dates from; with digits they decide whether it runs */
    {"today", WC_DATE}, {"weekend", WC_DATE}, {"tonight", WC_DATE}, {"yesterday", WC_DATE}, {"tomorrow", WC_DATE},
    {"monday", WC_DATE}, {"tuesday", WC_DATE}, {"wednesday", WC_DATE}, {"thursday", WC_DATE},
    {"friday", WC_DATE}, {"saturday", WC_DATE}, {"sunday", WC_DATE}, {"january", WC_DATE},
    {"february", WC_DATE}, {"march", WC_DATE}, {"april", WC_DATE}, {"may", WC_DATE | WC_HYPO},
    {"june", WC_DATE}, {"july", WC_DATE}, {"august", WC_DATE}, {"september", WC_DATE},
    {"october", WC_DATE}, {"november", WC_DATE}, {"december", WC_DATE}, {"jan.", WC_DATE},
    {"feb.", WC_DATE}, {"mar.", WC_DATE}, {"apr.", WC_DATE}, {"jun.", WC_DATE}, {"jul.", WC_DATE},
    {"aug.", WC_DATE}, {"sep.", WC_DATE}, {"sept.", WC_DATE}, {"oct.", WC_DATE}, {"nov.", WC_DATE},
    {"dec.", WC_DATE}, {"jan", WC_DATE}, {"feb", WC_DATE}, {"mar", WC_DATE}, {"apr", WC_DATE},
    {"jun", WC_DATE}, {"jul", WC_DATE}, {"aug", WC_DATE}, {"sep", WC_DATE}, {"sept", WC_DATE},
    {"oct", WC_DATE}, {"nov", WC_DATE}, {"dec", WC_DATE}, {"week", WC_DATE}, {"month", WC_DATE},
    {"year", WC_DATE}, {"ago", WC_DATE}, {"day", WC_DATE}, {"morning", WC_DATE},
    {"afternoon", WC_DATE}, {"evening", WC_DATE}, {"night", WC_DATE}, {"earlier", WC_DATE},
    {"previous", WC_DATE}, {"last", WC_DATE}, {"next", WC_DATE},
    /* taxonomy cues: general words for weapons, means and settings of events */
    {"airstrike", WC_AIR}, {"airstrikes", WC_AIR}, {"air-strike", WC_AIR}, {"air-strikes", WC_AIR},
    {"warplane", WC_AIR}, {"warplanes", WC_AIR}, {"jets", WC_AIR}, {"jet", WC_AIR},
    {"drone", WC_AIR}, {"drones", WC_AIR}, {"helicopter", WC_AIR}, {"helicopters", WC_AIR},
    {"aircraft", WC_AIR}, {"bombers", WC_AIR}, {"air", WC_AIR}, {"aerial", WC_AIR}, {"sorties", WC_AIR},
{"artillery", WC_ARTY}, {"shelling", WC_ARTY}, {"shelled", WC_ARTY},
    {"shells", WC_ARTY}, {"shell", WC_ARTY}, {"mortar", WC_ARTY}, {"mortars", WC_ARTY},
    {"rocket", WC_ARTY}, {"rockets", WC_ARTY}, {"missile", WC_ARTY}, {"missiles", WC_ARTY},
    {"howitzer", WC_ARTY}, {"howitzers", WC_ARTY}, {"projectile", WC_ARTY}, {"projectiles", WC_ARTY},
    {"grenade", WC_GRENADE}, {"grenades", WC_GRENADE},
    {"suicide", WC_SUICIDE},
    {"ied", WC_EXPLOSIVE}, {"ieds", WC_EXPLOSIVE}, {"explosive", WC_EXPLOSIVE}, {"explosives", WC_EXPLOSIVE},
    {"landmine", WC_EXPLOSIVE}, {"landmines", WC_EXPLOSIVE}, {"bomb", WC_EXPLOSIVE}, {"bombs", WC_EXPLOSIVE},
    {"blast", WC_EXPLOSIVE}, {"detonated", WC_EXPLOSIVE}, {"roadside", WC_EXPLOSIVE}, {"mine", WC_EXPLOSIVE},
    {"mines", WC_EXPLOSIVE}, {"car-bomb", WC_EXPLOSIVE},
    {"chemical", WC_CHEM}, {"chlorine", WC_CHEM}, {"poisonous", WC_CHEM},
    {"asphyxia", WC_CHEM}, {"suffocation", WC_CHEM}, {"nerve-agent", WC_CHEM}, {"sarin", WC_CHEM}, {"toxic", WC_CHEM},
    {"poison", WC_CHEM}, {"nerve", WC_CHEM}, {"mustard", WC_CHEM},
    {"rape", WC_SEXUAL}, {"raped", WC_SEXUAL}, {"rapes", WC_SEXUAL}, {"sexual", WC_SEXUAL},
    {"sexually", WC_SEXUAL}, {"molested", WC_SEXUAL},
    {"protest", WC_PROTEST}, {"protests", WC_PROTEST}, {"protesters", WC_PROTEST}, {"protestors", WC_PROTEST},
    {"demonstration", WC_PROTEST}, {"demonstrations", WC_PROTEST}, {"demonstrators", WC_PROTEST},
    {"rally", WC_PROTEST}, {"rallies", WC_PROTEST}, {"march", WC_PROTEST | WC_DATE}, {"marchers", WC_PROTEST},
    {"sit-in", WC_PROTEST}, {"disperse", WC_PROTEST}, {"dispersed", WC_PROTEST}, {"dispersing", WC_PROTEST},
    {"anti-government", WC_PROTEST}, {"riot", WC_PROTEST}, {"riots", WC_PROTEST}, {"rioters", WC_PROTEST},
    {"rioting", WC_PROTEST},
    {"drug", WC_CRIME}, {"drugs", WC_CRIME}, {"cocaine", WC_CRIME}, {"heroin", WC_CRIME},
    {"smuggling", WC_CRIME}, {"smugglers", WC_CRIME}, {"trafficking", WC_CRIME}, {"traffickers", WC_CRIME},
    {"cartel", WC_CRIME}, {"cartels", WC_CRIME}, {"gang", WC_CRIME}, {"gangs", WC_CRIME},
    {"fraud", WC_CRIME}, {"robbery", WC_CRIME}, {"robbers", WC_CRIME},
    {"cybercrime", WC_CRIME}, {"hackers", WC_CRIME}, {"laundering", WC_CRIME}, {"contraband", WC_CRIME},
    {"illegal", WC_CRIME}, {"illegally", WC_CRIME}, {"smuggled", WC_CRIME}, {"bribery", WC_CRIME},
    {"corruption", WC_CRIME}, {"theft", WC_CRIME}, {"stolen", WC_CRIME}, {"counterfeit", WC_CRIME},
    {"poaching", WC_CRIME}, {"extortion", WC_CRIME}, {"mafia", WC_CRIME}, {"narcotics", WC_CRIME},
    {"marijuana", WC_CRIME}, {"cannabis", WC_CRIME}, {"methamphetamine", WC_CRIME}, {"trafficked", WC_CRIME},
    {"smuggle", WC_CRIME}, {"rob", WC_CRIME}, {"robbed", WC_CRIME}, {"robberies", WC_CRIME},
    {"scam", WC_CRIME}, {"scams", WC_CRIME}, {"embezzlement", WC_CRIME}, {"pornography", WC_CRIME},
    {"pornographic", WC_CRIME}, {"burglary", WC_CRIME}, {"criminal", WC_CRIME},
    {"criminals", WC_CRIME}, {"cyber", WC_CRIME},
    {"ceasefire", WC_PEACE}, {"cease-fire", WC_PEACE}, {"truce", WC_PEACE}, {"peace", WC_PEACE},
    {"accord", WC_PEACE}, {"agreement", WC_PEACE}, {"treaty", WC_PEACE}, {"deal", WC_PEACE},
    {"swap", WC_PEACE}, {"armistice", WC_PEACE},
    {"killed", WC_LETHAL}, {"dead", WC_LETHAL}, {"died", WC_LETHAL}, {"deaths", WC_LETHAL},
    {"killing", WC_LETHAL}, {"fatally", WC_LETHAL}, {"live", WC_LETHAL}, {"death", WC_LETHAL},
    {"brutally", WC_LETHAL}, {"brutal", WC_LETHAL}, {"violently", WC_LETHAL}, {"excessive", WC_LETHAL},
    {"injured", WC_LETHAL}, {"wounded", WC_LETHAL}, {"beaten", WC_LETHAL}, {"beating", WC_LETHAL},
    {"die", WC_LETHAL}, {"injuries", WC_LETHAL}, {"casualties", WC_LETHAL}, {"bloody", WC_LETHAL},
    {"tremor", WC_NATURAL}, {"tremors", WC_NATURAL}, {"outbreak", WC_NATURAL}, {"epidemic", WC_NATURAL},
    {"base", WC_BASE}, {"checkpoint", WC_BASE}, {"outpost", WC_BASE}, {"headquarters", WC_BASE},
    {"post", WC_BASE}, {"camp", WC_BASE}, {"bases", WC_BASE}, {"checkpoints", WC_BASE},
    {"weapons", WC_WEAPONS}, {"arms", WC_WEAPONS}, {"ammunition", WC_WEAPONS}, {"firearms", WC_WEAPONS},
    {"rifles", WC_WEAPONS}, {"guns", WC_WEAPONS}, {"cache", WC_WEAPONS}, {"munitions", WC_WEAPONS},
    {"rifle", WC_WEAPONS}, {"pistol", WC_WEAPONS}, {"pistols", WC_WEAPONS}, {"revolver", WC_WEAPONS},
    {"revolvers", WC_WEAPONS}, {"carbine", WC_WEAPONS}, {"cartridges", WC_WEAPONS}, {"shotgun", WC_WEAPONS},
    {"shotguns", WC_WEAPONS}, {"firearm", WC_WEAPONS}, {"weapon", WC_WEAPONS}, {"detonators", WC_WEAPONS},
    {"earthquake", WC_NATURAL}, {"earthquakes", WC_NATURAL}, {"flood", WC_NATURAL}, {"floods", WC_NATURAL},
    {"flooding", WC_NATURAL}, {"flooded", WC_NATURAL}, {"storm", WC_NATURAL}, {"storms", WC_NATURAL},
    {"cyclone", WC_NATURAL}, {"typhoon", WC_NATURAL}, {"hurricane", WC_NATURAL}, {"tornado", WC_NATURAL},
    {"landslide", WC_NATURAL}, {"landslides", WC_NATURAL}, {"volcano", WC_NATURAL}, {"eruption", WC_NATURAL},
    {"drought", WC_NATURAL}, {"tsunami", WC_NATURAL}, {"wildfire", WC_NATURAL},
    {"wildfires", WC_NATURAL}, {"quake", WC_NATURAL}, {"avalanche", WC_NATURAL}, {"rains", WC_NATURAL},
    {"rainfall", WC_NATURAL}, {"heatwave", WC_NATURAL},
    {"crash", WC_ACCIDENT}, {"crashed", WC_ACCIDENT}, {"derailed", WC_ACCIDENT}, {"derailment", WC_ACCIDENT},
    {"collapse", WC_ACCIDENT}, {"collapsed", WC_ACCIDENT}, {"spill", WC_ACCIDENT}, {"leak", WC_ACCIDENT},
    {"accident", WC_ACCIDENT}, {"blaze", WC_ACCIDENT}, {"fire", WC_ACCIDENT}, {"capsized", WC_ACCIDENT},
    {"sank", WC_ACCIDENT}, {"stampede", WC_ACCIDENT}, {"factory", WC_ACCIDENT}, {"warehouse", WC_ACCIDENT},
    {"plant", WC_ACCIDENT}, {"refinery", WC_ACCIDENT}, {"industrial", WC_ACCIDENT}, {"fireworks", WC_ACCIDENT},
    {"poisoning", WC_ACCIDENT}, {"pipeline", WC_ACCIDENT}, {"storage", WC_ACCIDENT},
    {"mob", WC_MOB}, {"mobs", WC_MOB}, {"lynched", WC_MOB}, {"lynching", WC_MOB}, {"vigilantes", WC_MOB},
    {"defect", WC_DEFECT}, {"defected", WC_DEFECT}, {"defecting", WC_DEFECT}, {"defection", WC_DEFECT},
    {"defections", WC_DEFECT}, {"defector", WC_DEFECT}, {"defectors", WC_DEFECT}, {"sides", WC_DEFECT},
    {"allegiance", WC_DEFECT}, {"allegiances", WC_DEFECT},
    {"responsibility", WC_CLAIM}, {"credit", WC_CLAIM}, {"blamed", WC_CLAIM},
    {"civilians", WC_CIVILIAN}, {"civilian", WC_CIVILIAN}, {"residents", WC_CIVILIAN},
    {"villagers", WC_CIVILIAN}, {"passengers", WC_CIVILIAN}, {"worshippers", WC_CIVILIAN},
    {"worshipers", WC_CIVILIAN}, {"pilgrims", WC_CIVILIAN}, {"farmers", WC_CIVILIAN},
    {"children", WC_CIVILIAN}, {"women", WC_CIVILIAN}, {"shoppers", WC_CIVILIAN},
    {"bystanders", WC_CIVILIAN}, {"village", WC_CIVILIAN}, {"villages", WC_CIVILIAN},
    {"hotel", WC_CIVILIAN}, {"bus", WC_CIVILIAN}, {"market", WC_CIVILIAN}, {"school", WC_CIVILIAN},
    {"church", WC_CIVILIAN}, {"mosque", WC_CIVILIAN}, {"hospital", WC_CIVILIAN}, {"homes", WC_CIVILIAN},
    {"houses", WC_CIVILIAN}, {"vehicle", WC_CIVILIAN}, {"worshippers", WC_CIVILIAN}, {"motorists", WC_CIVILIAN}, {"family", WC_CIVILIAN}, {"families", WC_CIVILIAN},
};

static uint64_t lookup(const char *w, size_t n)
{
    uint64_t cls = 0;
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strlen(classes[i].word) == n && memcmp(classes[i].word, w, n) == 0)
            cls |= classes[i].cls;
    return cls;
}

uint64_t *hd_wordclass_build(const hd_model *m)
{
    uint64_t *t = calloc(m->n_words ? m->n_words : 1, sizeof *t);
    if (!t)
        return NULL;
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
        const char *w = classes[i].word;
        size_t n = strlen(w);
        uint64_t id = hd_model_word(m, w, n, hd_hash_bytes(w, n));
        if (id != HD_NONE)
            t[id] |= classes[i].cls;
    }
    return t;
}

uint64_t hd_wordclass_unknown(const char *w, size_t n)
{
    /* only clitics such as "'ll" can be closed-class words missing from the lexicon */
    if (n < 2 || n > 4 || w[0] != '\'')
        return 0;
    char low[5];
    for (size_t i = 0; i < n; i++)
        low[i] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
    return lookup(low, n);
}
