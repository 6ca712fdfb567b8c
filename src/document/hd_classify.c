/* hd_classify.c: one label per document, from the events herald codes in it, so that what
 * `herald classify` says and what `herald code` outputs agree. The main event is the factual
 * event of the highest tier (violence, riots and claims of responsibility; then strategic
 * developments, protests and agreements; then diplomacy), the earliest within its tier, as
 * news puts the main event first; negated, hypothetical and announced events only count
 * when nothing factual was coded. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coding/hd_coder_int.h"
#include "typing/hd_typing.h"

static int severity(const char *label)
{
    static const struct {
        const char *label;
        int rank;
    } ranks[] = {
        {"CHEM_WEAP", 9}, {"SUIC_BOMB", 9}, {"AIR_STRIKE", 9}, {"ART_MISS_ATTACK", 9}, {"REM_EXPLOS", 9},
        {"GRENADE", 9}, {"SEX_VIOL", 8}, {"ABDUCT_DISSAP", 8}, {"ATTACK", 8}, {"ARMED_CLASH", 8},
        {"GOV_REGAINS_TERIT", 8}, {"NON_STATE_ACTOR_OVERTAKES_TER", 8}, {"FORCE_AGAINST_PROTEST", 8},
        {"MOB_VIOL", 7}, {"VIOL_DEMONSTR", 7}, {"PROTEST_WITH_INTER", 7}, {"PEACE_PROTEST", 6},
        {"ORG_CRIME", 6}, {"DISR_WEAP", 6}, {"PROPERTY_DISTRUCT", 6}, {"ARREST", 6},
        {"NON_VIOL_TERRIT_TRANSFER", 6}, {"HQ_ESTABLISHED", 6}, {"CHANGE_TO_GROUP_ACT", 5},
        {"AGREEMENT", 5}, {"ATTRIB", 7}, {"DIPLO", 3},
    };
    for (size_t i = 0; i < sizeof ranks / sizeof ranks[0]; i++)
        if (strcmp(ranks[i].label, label) == 0)
            return ranks[i].rank;
    return 0;
}

typedef struct pick {
    const char *label;
    int score;
    int has_source; /* the chosen event names who did it */
    int root;       /* its CAMEO root */
    int withdrawal, takeover; /* a side withdrew (087x); a place was taken (192) */
    int state_on_protest;     /* state forces broke up a protest (with or without excess) */
} pick;

static int choose(void *user, const hd_event *e)
{
    pick *p = user;
    if (!e->case_label)
        return 0;
    if (!e->negated && strncmp(e->code, "087", 3) == 0)
        p->withdrawal = 1;
    if (!e->negated && strcmp(e->code, "192") == 0)
        p->takeover = 1;
    if (!e->negated && (!strcmp(e->case_label, "FORCE_AGAINST_PROTEST") || !strcmp(e->case_label, "PROTEST_WITH_INTER")))
        p->state_on_protest = 1;
    /* three tiers: violence, strategic developments and protests, talk; the lead wins within
     * a tier, as news puts the main event first */
    int rank = severity(e->case_label);
    int tier = rank >= 7 ? 3 : rank >= 5 ? 2 : rank > 0 ? 1 : 0;
    if (e->background && tier > 1)
        tier--; /* "talks to end a conflict that has claimed lives": the talks are the news */
    int score = tier * 2 + !e->background + (!e->negated && e->mood == HD_MOOD_FACT ? 100 : 0);
    if (score > p->score) { /* events arrive in text order: ties keep the earliest */
        p->score = score;
        p->label = e->case_label;
        p->has_source = e->source != NULL;
        p->root = (e->code[0] - '0') * 10 + (e->code[1] - '0');
    }
    return 0;
}

static int describe(void *user, const hd_event *e)
{
    hd_features_event(user, e);
    return 0;
}

/* The trained classifier's label: what the words of the snippet and every event coded in it
 * say, with the events told as the classifier was trained to see them (HD_TYPING_OPTIONS). */
static const char *classify_trained(hd_coder *c, const hd_linear *model, const hd_doc *doc)
{
    hd_features *f = malloc(sizeof *f);
    if (!f)
        return NULL;
    hd_features_clear(f);
    hd_options saved = c->opt, trained = HD_TYPING_OPTIONS;
    trained.entities = saved.entities;
    c->opt = trained;
    long coded = hd_code_document(c, doc, describe, f);
    c->opt = saved;
    const char *label = NULL;
    if (coded >= 0) {
        hd_features_words(f, c->m, doc->text, doc->text_len);
        label = hd_typing_label(model, f);
    }
    free(f);
    return label;
}

const char *hd_classify_document(hd_coder *c, const hd_doc *doc)
{
    const hd_linear *trained = hd_linear_find(&c->m->typing, "case");
    if (trained)
        return classify_trained(c, trained, doc);
    pick p = {NULL, -1, 0, 0, 0, 0, 0};
    /* a label reads every act a snippet states, whether or not it names who did it ("an
     * explosion killed five"), which the events written out leave aside */
    int actorless = c->opt.emit_actorless;
    c->opt.emit_actorless = 1;
    int coded = hd_code_document(c, doc, choose, &p);
    c->opt.emit_actorless = actorless;
    if (coded < 0)
        return NULL;
    /* one side pulled out and the other moved in: territory changed hands without a battle */
    if (p.withdrawal && p.takeover)
        return "NON_VIOL_TERRIT_TRANSFER";
    /* casualties at a protest that state forces broke up: the force was excessive, whoever
     * the sentence that counts the dead names */
    if (p.state_on_protest && (c->doc_cues & WC_LETHAL) && p.label && !p.has_source &&
        (!strcmp(p.label, "VIOL_DEMONSTR") || !strcmp(p.label, "ATTACK") || !strcmp(p.label, "ARMED_CLASH") ||
         !strcmp(p.label, "PROTEST_WITH_INTER")))
        return "FORCE_AGAINST_PROTEST";
    const char *situation = hd_taxonomy_situation(c->doc_cues);
    /* an explosion or a fire with no one behind it, where a crash or a flood is named, is a
     * disaster rather than an attack */
    if (p.label && p.score >= 100 && (!p.has_source || p.root <= 13) && situation && strcmp(p.label, "ATTRIB") != 0 &&
        strcmp(situation, "ORG_CRIME") != 0 && !(c->doc_cues & WC_PROTEST))
        return situation; /* "a train derailed": a word that codes talks elsewhere */
    /* an attack whose sentence names no weapon takes the one its text names elsewhere
     * ("attacks in eleven places ... mostly with grenades") */
    /* shells or bombs that the text says carried gas are a chemical attack */
    if (p.label && p.score >= 100 && (c->doc_cues & WC_CHEM) &&
        (!strcmp(p.label, "ART_MISS_ATTACK") || !strcmp(p.label, "AIR_STRIKE")))
        return "CHEM_WEAP";
    /* troops who storm a village and rape: the rapes are what the report is about */
    if (p.label && p.score >= 100 && (c->doc_cues & WC_SEXUAL) &&
        (!strcmp(p.label, "ARMED_CLASH") || !strcmp(p.label, "ATTACK") || !strcmp(p.label, "GOV_REGAINS_TERIT") ||
         !strcmp(p.label, "NON_STATE_ACTOR_OVERTAKES_TER")))
        return "SEX_VIOL";
    if (p.label && p.score >= 100 && (!strcmp(p.label, "ARMED_CLASH") || !strcmp(p.label, "ATTACK"))) {
        const char *means = hd_taxonomy_means(c->doc_cues);
        if (means)
            return means;
    }
    if (p.label && p.score >= 100)
        return p.label;
    if (situation)
        return situation;
    return p.label ? p.label : "OTHER";
}

int hd_snippet_parse(char *line, size_t len, long line_no, hd_doc *doc, const char **why)
{
    memset(doc, 0, sizeof *doc);
    *why = NULL;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    if (len == 0)
        return 0;
    if (memchr(line, '\0', len)) {
        *why = "NUL byte in the line";
        return -1;
    }
    char *tab = memchr(line, '\t', len);
    if (!tab) {
        *why = "expected id<TAB>text";
        return -1;
    }
    if (tab == line) {
        *why = "empty id";
        return -1;
    }
    *tab = '\0';
    char *text = tab + 1;
    char *gold = strchr(text, '\t');
    if (gold)
        *gold = '\0';
    if (line_no == 1 && (!strcasecmp(line, "id") || !strcasecmp(line, "#id")))
        return 0;
    doc->id = line;
    doc->text = text;
    doc->text_len = strlen(text);
    return 1;
}
