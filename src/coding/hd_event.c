/* hd_event.c: codes the events of an analysed sentence. Every verb group is coded: the
 * verb's dictionary entry and patterns pick the code, light verbs take the code of their
 * event noun ("conducted air strikes"), and event nouns with a doer of their own ("Russia's
 * strikes on Hama") code too. With a parsed sentence (a model with a syntax section) the
 * roles come from the dependency tree (hd_clause.c): subject, object, the passive's agent,
 * the "that" clause of a demand; whether the act happened comes from the clauses above it
 * (negated, refused, failed, wanted, asked for, expected, conditional, asked about: left
 * out, flagged or turned into intents and threats, CAMEO 03x/13x); a doer or undergoer that
 * cannot take part in the act (dict/roles.txt) makes it a figure of speech. PETRARCH/TABARI
 * dictionaries code on the same tree, with their own conventions in marked branches (their
 * patterns state modality; a target is the first actor after the verb). A sentence without a
 * parse (an image without a syntax section) codes no verb events. Events are staged for the
 * paragraph (hd_coder.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "coding/hd_coder_int.h"

int hd_code_in_roots(const char *code, int lo, int hi)
{
    if (!code[0] || !code[1])
        return 0;
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    return r >= lo && r <= hi;
}

/* CAMEO codes an announced act as an intent (03x) or a threat (13x). */
static void future_code(const char *code, char out[5], int *mood)
{
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    const char *r = NULL;
    *mood = root <= 8 ? HD_MOOD_INTENT : HD_MOOD_THREAT;
    switch (root) {
    case 1: case 2: case 3: r = root == 3 ? code : "030"; break;
    case 4: r = "036"; break;
    case 5: r = "032"; break;
    case 6: r = strlen(code) == 3 && code[2] >= '1' && code[2] <= '4' ? (code[2] == '1' ? "0311" : code[2] == '2' ? "0312" : code[2] == '3' ? "0313" : "0314") : "031"; break;
    case 7: r = strlen(code) == 3 && code[2] >= '1' && code[2] <= '4' ? (code[2] == '1' ? "0331" : code[2] == '2' ? "0332" : code[2] == '3' ? "0333" : "0334") : "033"; break;
    case 8: r = "035"; break;
    case 13: r = code; break;
    case 14: r = "133"; break;
    case 16: r = "131"; break;
    case 17: r = "137"; break;
    case 18: r = "1383"; break;
    case 19: r = strcmp(code, "191") == 0 ? "1381" : strcmp(code, "192") == 0 ? "1382" : strcmp(code, "190") == 0 ? "138" : "1384"; break;
    case 20: r = strcmp(code, "204") == 0 ? "1385" : "138"; break;
    case 15: r = "138"; break;
    default: r = "130"; break;
    }
    char code_out[5]; /* r may be code, and out may be code too: never copy a string onto itself */
    snprintf(code_out, sizeof code_out, "%s", r);
    memcpy(out, code_out, sizeof code_out);
}

/* "Syria will not accept more refugees", "the US would not meet their demands": an announced
 * act of cooperation, denied by its own verb, is a refusal (CAMEO 12), the reject code that
 * mirrors the intent future_code gave it. */
static void refusal_code(const char *intent, char out[5])
{
    static const char *const of_intent[][2] = {
        {"0311", "1211"}, {"0312", "1212"}, {"031", "121"},
        {"0331", "1221"}, {"0332", "1222"}, {"0333", "1223"}, {"0334", "1224"}, {"033", "122"},
        {"0341", "1231"}, {"0342", "1232"}, {"0343", "1233"}, {"0344", "1234"}, {"034", "123"},
        {"0351", "1241"}, {"0352", "1242"}, {"0353", "1243"}, {"0354", "1244"}, {"0355", "1245"},
        {"0356", "1246"}, {"035", "124"},
        {"036", "125"}, {"037", "127"}, {"038", "126"},
    };
    const char *r = "120";
    for (size_t i = 0; i < sizeof of_intent / sizeof *of_intent; i++)
        if (strncmp(intent, of_intent[i][0], strlen(of_intent[i][0])) == 0) {
            r = of_intent[i][1];
            break;
        }
    snprintf(out, 5, "%s", r);
}

/* "unless Serbia recognises Kosovo, the EU will not admit it": a clause hung on a condition
 * states terms, not a refusal */
static int conditioned(const hd_sent *s, size_t head)
{
    for (size_t i = 0; i < s->ntok; i++) {
        if (s->tok[i].head != (int16_t)head || s->tok[i].rel != R_ADVCL)
            continue;
        int mark = hd_clause_child(s, i, R_MARK);
        if (mark >= 0 && (s->tok[mark].cls & WC_CONDITION))
            return 1;
    }
    return 0;
}

/* The sentence's date falls after the article's publication. */
static int dated_after_publication(const hd_coder *c)
{
    int32_t pub = hd_date_key(c->pub);
    return pub && c->sent.event_date > pub;
}

/* "the plant will close in 2060", "Germany closes its last mine in 2038" in a 2020 article: an
 * act the sentence dates after the article's publication has not happened when it was
 * written (a verb in the past tense with a date ahead has a wrong date, not a plan). The
 * date must hang on the act's own word: in "rejected an invitation to a meeting
 * next week" it dates the meeting, not the rejection. */
static int dated_ahead(const hd_coder *c, size_t act)
{
    const hd_sent *s = &c->sent;
    if (!dated_after_publication(c) || c->sdate_end <= c->sdate_start)
        return 0;
    for (size_t i = 0; i < s->ntok; i++)
        if (s->tok[i].start >= c->sdate_start && s->tok[i].end <= c->sdate_end && s->tok[i].head == (int16_t)act)
            return 1;
    return 0;
}

static int preposition_targets(const hd_sent *s, size_t tok)
{
    return (hd_tok_lists(s, tok) & WL_TARGET_PREPOSITION) != 0;
}

/* An actor with a country or a name, not just a role ("official"): a bare role in a later
 * phrase should not win over a named actor. */
static int named_actor(const hd_sent *s, int actor)
{
    return actor >= 0 && (s->actors[actor].country[0] || strlen(s->actors[actor].code) > 3);
}

static int usable(const hd_sent *s, int actor)
{
    return actor >= 0 && !s->actors[actor].outlet && s->actors[actor].code[0];
}

static void fill_actor(const hd_sent *s, const hd_actor_info *a, hd_actor *out, uint32_t *start, uint32_t *end)
{
    memset(out, 0, sizeof *out);
    snprintf(out->code, sizeof out->code, "%s", a->code);
    memcpy(out->country, a->country, 4);
    memcpy(out->role, a->role, 4);
    memcpy(out->person, a->person_key, sizeof out->person);
    out->pronoun = a->from_pronoun;
    hd_model_actor_parts(s->model, out);
    *start = s->tok[a->first].start;
    *end = s->tok[a->last].end;
}

/* Codes of what two parties can only do with each other: agree to cooperate or to meet,
 * consult, negotiate, cooperate, sign an agreement. */
static int mutual_code(const char *code)
{
    static const char *const codes[] = {"030", "036", "040", "041", "044", "046", "050", "057",
                                        "060", "061", "062", "064", NULL};
    for (size_t k = 0; codes[k]; k++)
        if (strcmp(code, codes[k]) == 0)
            return 1;
    return 0;
}

/* "Israel and the UAE signed an agreement in Washington": when a compound subject names both
 * sides of a mutual act, the country where they did it is only the place, not a third party. */
static int both_sides_named(const hd_sent *s, int src, const char *code)
{
    return src >= 0 && mutual_code(code) && s->actors[hd_actor_compound_head(s, src)].compound_next >= 0;
}

/* CAMEO roles of a state's political life: its government, legislature, judiciary, parties and
 * elites. */
static int role_in(const char *role, const char *const *roles, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(role, roles[i]) == 0)
            return 1;
    return 0;
}

static int political_role(const char *role)
{
    static const char *const political[] = {"GOV", "LEG", "JUD", "ELI", "PTY"};
    return role_in(role, political, sizeof political / sizeof *political);
}

/* "Trump's war with the US intelligence community", "unfairly targeted by the Justice
 * Department", "a general who clashed with the Obama administration": an attack, a fight or
 * a war said of two political bodies or figures of one country (or one of them and its own
 * intelligence service) is a quarrel in words; their real force has its own words (arrest,
 * assassinate, shoot), which code other than the generic 190. */
static int political_quarrel(const hd_sent *s, int a, int b)
{
    const hd_actor_info *x = &s->actors[a], *y = &s->actors[b];
    if (!x->country[0] || strcmp(x->country, y->country) != 0)
        return 0;
    int px = political_role(x->role), py = political_role(y->role);
    return (px && py) || (px && !strcmp(y->role, "SPY")) || (py && !strcmp(x->role, "SPY"));
}

/* What the clause of an act is about, besides who did it: the lemmas of the nouns the
 * predicate governs that name no actor, no date and not the act itself ("offered to do the
 * interview under oath": "interview oath"), space-separated in `out`. Two reports of one
 * speaker's act on one day are one happening only when they are about one thing (the store
 * compares these); the predicate of an event noun is the verb above it. */
static void clause_topic(const hd_sent *s, size_t trig, size_t t0, size_t t1, char *out, size_t cap)
{
    size_t p = trig;
    for (int up = 0; up < 4 && !(s->tok[p].tag >= T_VB && s->tok[p].tag <= T_VBZ) && s->tok[p].head >= 0; up++)
        p = (size_t)s->tok[p].head;
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < s->ntok; i++) {
        int tag = s->tok[i].tag;
        if ((tag != T_NN && tag != T_NNS && tag != T_NNP && tag != T_NNPS) || (i >= t0 && i <= t1) ||
            (hd_clause_lemma_class(s, i) & WC_DATE))
            continue;
        int in_actor = 0;
        for (size_t a = 0; a < s->nactor && !in_actor; a++)
            in_actor = i >= s->actors[a].first && i <= s->actors[a].name_last;
        size_t k = i;
        for (size_t d = 0; d < s->ntok && k != p && s->tok[k].head >= 0; d++)
            k = (size_t)s->tok[k].head;
        if (in_actor || k != p)
            continue;
        uint32_t l = s->tok[i].lemma != HD_NONE ? s->tok[i].lemma : s->tok[i].word;
        const char *w = l != HD_NONE && l < s->model->n_words ? hd_str(s->model, s->model->words[l].text) : NULL;
        size_t len = w ? strlen(w) : s->tok[i].end - s->tok[i].start;
        if (!w)
            w = s->text + s->tok[i].start;
        if (len < 3 || n + len + 2 > cap)
            continue;
        char word[64];
        if (len >= sizeof word)
            continue;
        for (size_t j = 0; j < len; j++)
            word[j] = (char)((w[j] >= 'A' && w[j] <= 'Z') ? w[j] + 32 : w[j]);
        word[len] = '\0';
        /* each word once */
        int seen = 0;
        for (const char *q = out; *q && !seen; q += strcspn(q, " "), q += *q == ' ')
            seen = strncmp(q, word, len) == 0 && (q[len] == ' ' || q[len] == '\0');
        if (seen)
            continue;
        if (n)
            out[n++] = ' ';
        memcpy(out + n, word, len + 1);
        n += len;
    }
}

/* The verb whose clause token i is in: i itself for a verb, else the first verb above it;
 * -1 when there is none (or no tree). */
static int clause_verb(const hd_sent *s, size_t i)
{
    int k = (int)i;
    for (int up = 0; up < 12 && k >= 0; up++, k = s->tok[k].head)
        if (s->tok[k].tag >= T_VB && s->tok[k].tag <= T_VBZ)
            return k;
    return -1;
}

/* A sentence that names several dates dates each act by the one of its own clause: "On
 * Wednesday, he had been at the Lorraine Hotel in Memphis, where King was assassinated in
 * 1968" dates the assassination 1968, not Wednesday. An act of no dated clause keeps the
 * sentence's first date; a date after the publication is left to the rules of dates ahead. */
/* The last token of the sentence's date k: the word that carries it ("in 1968", "on
 * Wednesday"); ntok when the date lies past the tokens. */
static size_t date_last_token(const hd_coder *c, size_t k)
{
    const hd_sent *s = &c->sent;
    size_t i = 0;
    while (i < s->ntok && s->tok[i].end <= c->sdates[k].start)
        i++;
    while (i + 1 < s->ntok && s->tok[i + 1].start < c->sdates[k].end)
        i++;
    return i;
}

static void clause_date(const hd_coder *c, size_t trigger, char date[11], const char **prec)
{
    const hd_sent *s = &c->sent;
    if (c->nsdates < 1 || !s->parsed)
        return;
    int verb = clause_verb(s, trigger);
    if (verb < 0)
        return;
    /* "Trump spoke ... a day after he faced criticism for his comments at Monday's summit": a
     * day that owns a thing dates that thing, not the acts of other clauses, which keep the
     * article's day */
    if (c->nsdates == 1) {
        size_t last = date_last_token(c, 0);
        if (last + 1 < s->ntok && s->tok[last + 1].tag == T_POS && clause_verb(s, last) != verb) {
            if (c->pub.year) {
                hd_date_format(c->pub, date);
                *prec = "publication";
            } else {
                date[0] = '\0';
                *prec = "none";
            }
        }
        return;
    }
    for (size_t k = 0; k < c->nsdates; k++) {
        size_t last = date_last_token(c, k);
        if (last >= s->ntok || clause_verb(s, last) != verb)
            continue;
        char pub[11];
        hd_date_format(c->pub, pub);
        if (k > 0 && (!c->pub.year || strcmp(c->sdates[k].date, pub) <= 0)) {
            memcpy(date, c->sdates[k].date, 11);
            *prec = c->sdates[k].prec;
        }
        return;
    }
}

/* Stages the event; with `expand`, one per member of compound source and target actors. */
static void stage_x(hd_coder *c, int src, int tgt, int expand, const char *code, int negated, int mood,
                    const char *rule, size_t trig_first, size_t trig_last)
{
    hd_sent *s = &c->sent;
    if (!hd_model_cameo(c->m, code))
        return;
    if (expand) {
        src = hd_actor_compound_head(s, src);
        tgt = hd_actor_compound_head(s, tgt);
    }
    /* one event per member of a compound actor */
    int srcs[8], tgts[8], nsrc = 0, ntgt = 0;
    for (int x = src; x >= 0 && nsrc < 8; x = expand ? s->actors[x].compound_next : -1)
        if (usable(s, x))
            srcs[nsrc++] = x;
    for (int x = tgt; x >= 0 && ntgt < 8; x = expand ? s->actors[x].compound_next : -1)
        if (usable(s, x))
            tgts[ntgt++] = x;
    if (ntgt == 0)
        tgts[ntgt++] = -1;
    /* Violence, coercion and protest are events even when no one is named as doing them
     * ("six policemen were injured when a grenade exploded"): they are kept with no source.
     * PETRARCH dictionaries expect a source on every event, as PETRARCH does. */
    if (nsrc == 0 && src < 0 && !(s->model->flags & HD_MODEL_PETRARCH) &&
        (hd_code_in_roots(code, 14, 20) ||
         (c->generic_subject && (hd_code_in_roots(code, 3, 8) || strcmp(code, "013") == 0)) ||
         /* "the former president has been accused of corruption", "a US national was put under
          * investigation": the one accused or investigated is news though no one is named */
         (c->agentless && ntgt > 0 && tgts[0] >= 0 && (hd_code_in_roots(code, 9, 9) || hd_code_in_roots(code, 11, 11)))))
        srcs[nsrc++] = -1;
    /* "Saudi Arabia and Iran restored relations": what both sides of a compound do together
     * with no one else named, each does with the other */
    int mutual = expand && nsrc >= 2 && ntgt == 1 && tgts[0] < 0 && mutual_code(code) &&
                 !(s->model->flags & HD_MODEL_PETRARCH);
    for (int i = 0; i < nsrc; i++) {
        int others[8], nothers = 0;
        for (int j = 0; mutual && j < nsrc; j++)
            if (j != i)
                others[nothers++] = srcs[j];
        const int *tl = mutual ? others : tgts;
        int ntl = mutual ? nothers : ntgt;
        for (int j = 0; j < ntl; j++) {
            int si = srcs[i], ti = tl[j];
            /* an actor acting on itself names no one else: the act stands without a target
             * ("the US ambassador paid a visit to the President of the Senate", both USAGOV);
             * two bare roles ("the minister expelled the diplomats") are different people */
            if (si >= 0 && ti >= 0 && strcmp(s->actors[si].code, s->actors[ti].code) == 0 &&
                s->actors[si].country[0]) {
                if (si == ti || ntl > 1)
                    continue;
                ti = -1;
            }
            /* "the Pentagon is sending 3,000 troops": a bare role like the source's own is its
             * own people, not a target */
            if (si >= 0 && ti >= 0 && !s->actors[ti].country[0] && strlen(s->actors[ti].code) == 3 &&
                strcmp(s->actors[ti].role, s->actors[si].role) == 0)
                ti = -1;
            if (si < 0 && ti < 0 && c->nev > 0 && c->ev[c->nev - 1].sentence == c->sentence_no &&
                strncmp(c->ev[c->nev - 1].code, code, 2) == 0)
                continue; /* an actorless event adds nothing next to one of its kind */
            /* the same event twice from one sentence adds nothing */
            int dup = 0;
            for (size_t k = 0; k < c->nev && !dup; k++) {
                const staged *e = &c->ev[k];
                if (e->sentence == c->sentence_no && strcmp(e->code, code) == 0 &&
                    (si >= 0 ? e->has_src && strcmp(e->src.code, s->actors[si].code) == 0 : !e->has_src) &&
                    (ti >= 0 ? e->has_tgt && strcmp(e->tgt.code, s->actors[ti].code) == 0 : !e->has_tgt))
                    dup = 1;
            }
            if (dup)
                continue;
            if (hd_grow((void **)&c->ev, &c->ev_cap, c->nev + 1, sizeof *c->ev) != 0)
                return;
            staged *e = &c->ev[c->nev++];
            memset(e, 0, sizeof *e);
            e->sentence = c->sentence_no;
            e->s_start = s->tok[0].start;
            e->s_end = s->tok[s->ntok - 1].end;
            e->base = s->text;
            if (si >= 0) {
                fill_actor(s, &s->actors[si], &e->src, &e->src_start, &e->src_end);
                e->has_src = 1;
                /* a pronoun's country is as good as its guess of who is meant */
                e->src_assumed = s->actors[si].country_assumed || s->actors[si].from_pronoun;
            }
            if (ti >= 0) {
                fill_actor(s, &s->actors[ti], &e->tgt, &e->tgt_start, &e->tgt_end);
                e->has_tgt = 1;
                e->tgt_assumed = s->actors[ti].country_assumed || s->actors[ti].from_pronoun;
            }
            snprintf(e->code, sizeof e->code, "%s",
                     si >= 0 && ti >= 0 && !strcmp(code, "190") && !(s->model->flags & HD_MODEL_PETRARCH) &&
                             political_quarrel(s, si, ti)
                         ? "111"
                         : code);
            e->negated = negated;
            e->hedged = c->shedged || c->alleged;
            e->mood = mood;
            e->background = c->describes;
            memcpy(e->date, c->sdate, sizeof e->date);
            e->date_prec = c->sdate_prec;
            clause_date(c, trig_first, e->date, &e->date_prec);
            /* nor does a past before the story's, or an act told as background: in a
             * relative clause or an aside the sentence gives no day of its own is one of
             * another day far more often than the article's (of 20 such acts read in
             * allsides-world, 3 were of its day) */
            if ((c->unanchored || c->describes) && !strcmp(e->date_prec, "publication")) {
                e->date[0] = '\0';
                e->date_prec = "none";
            }
            /* no act is dated after the article that reports it: an announced one was
             * announced when it was written, and a date ahead that does not date the act
             * ("rejected an invitation to talks next week") is another thing's. A fact the
             * sentence itself dates ahead ("rebels fired mortars on October 8" in a gallery
             * dated August 28, updated since) has a date the article cannot be trusted
             * with: it stays undated rather than take a publication day it did not happen on. */
            if (dated_after_publication(c)) {
                if (mood == HD_MOOD_FACT && dated_ahead(c, trig_first)) {
                    e->date[0] = '\0';
                    e->date_prec = "none";
                } else {
                    hd_date_format(c->pub, e->date);
                    e->date_prec = "publication";
                }
            }
            for (int k = 0; k < c->nquote_attr && e->nattr < MAX_ATTR; k++)
                e->attr[e->nattr++] = c->quote_attr[k];
            for (int k = 0; k < c->nsattr && e->nattr < MAX_ATTR; k++)
                e->attr[e->nattr++] = c->sattr[k];
            e->rule = rule;
            /* the trigger may stand before the verb ("an attack was carried out") */
            size_t t0 = trig_first < trig_last ? trig_first : trig_last, t1 = trig_first < trig_last ? trig_last : trig_first;
            e->trig_start = s->tok[t0].start;
            e->trig_end = s->tok[t1].end;
            int shared = s->parsed ? clause_verb(s, trig_first) : -1;
            shared = shared >= 0 ? hd_clause_shared_verb(s, shared) : -1;
            e->trig_clause = shared >= 0 ? s->tok[shared].start : UINT32_MAX;
            /* a trigger whose words lie far apart ("contempt ..., which has been building
             * for months, erupted") is named by its first: the store and its readers take
             * a trigger of at most 200 bytes */
            if (e->trig_end - e->trig_start > 200)
                e->trig_end = s->tok[t0].end;
            clause_topic(s, trig_first, t0, t1, e->topic, sizeof e->topic);
            hd_taxonomy(s->model, e->code, s->cues, &e->taxon);
        }
    }
}

static void stage(hd_coder *c, int src, int tgt, const char *code, int negated, int mood, const char *rule,
                  size_t trig_first, size_t trig_last)
{
    stage_x(c, src, tgt, 1, code, negated, mood, rule, trig_first, trig_last);
}

/* A headline's "Russia to withdraw troops": an infinitive straight after its subject, with no
 * verb before it, says what someone will do. */
static int headline_infinitive(const hd_coder *c, size_t vg)
{
    const hd_sent *s = &c->sent;
    if (c->sentence_no != 0 || vg == 0 || !(s->chunks[vg].features & VG_INFINITIVE) ||
        s->chunks[vg - 1].kind != CK_NP)
        return 0;
    for (size_t k = 0; k < vg; k++)
        if (s->chunks[k].kind == CK_VG)
            return 0;
    return 1;
}

/* Verbs whose subject undergoes the event noun after them: "the ministry received criticism
 * from Washington", "the convoy came under fire", "the plan drew condemnation". */
static int is_undergoer_verb(const hd_sent *s, size_t tok)
{
    return (hd_tok_lemma_lists(s, tok) & WL_UNDERGOER_VERB) != 0;
}

/* Stages a verb's event with its roles settled: compounds that act on each other, paired
 * codes ("[032:033]"), and a cooperative partner named by "in cooperation with". `obj_first`
 * is the first word of the object's phrase, -1. */
static void stage_verb_event(hd_coder *c, int src, int tgt, int obj_first, const pattern_hit *hit, const char *code,
                             const char *code_rev, int negated, int mood, const char *rule, size_t head,
                             size_t trig_last, size_t vlast)
{
    hd_sent *s = &c->sent;
    if (hit->p && hit->compound >= 0) {
        /* "Gondor and Osgiliath renewed ties" with a '%' pattern: each member acts on the others */
        for (int a1 = hit->compound; a1 >= 0; a1 = s->actors[a1].compound_next)
            for (int a2 = hit->compound; a2 >= 0; a2 = s->actors[a2].compound_next)
                if (a1 != a2)
                    stage_x(c, a1, a2, 0, code, negated, mood, rule, head, trig_last);
        return;
    }
    int head_src = hd_actor_compound_head(s, src);
    /* "Armenia and Azerbaijan accused each other": the members act on one another */
    if (obj_first >= 0 && head_src >= 0 && s->actors[head_src].compound_next >= 0) {
        size_t o = (size_t)obj_first;
        if (o + 1 < s->ntok && ((hd_tok_is(s, o, "each") && hd_tok_is(s, o + 1, "other")) ||
                                (hd_tok_is(s, o, "one") && hd_tok_is(s, o + 1, "another")))) {
            for (int a1 = head_src; a1 >= 0; a1 = s->actors[a1].compound_next)
                for (int a2 = head_src; a2 >= 0; a2 = s->actors[a2].compound_next)
                    if (a1 != a2)
                        stage_x(c, a1, a2, 0, code, negated, mood, rule, head, trig_last);
            return;
        }
    }
    if (code_rev[0] && tgt < 0 && head_src >= 0 && s->actors[head_src].compound_next >= 0) {
        /* "Gondor and Osgiliath renewed ties" with a paired code: the members act on each other */
        for (int a1 = head_src; a1 >= 0; a1 = s->actors[a1].compound_next)
            for (int a2 = head_src; a2 >= 0; a2 = s->actors[a2].compound_next)
                if (a1 != a2)
                    stage_x(c, a1, a2, 0, a1 == head_src ? code : code_rev, negated, mood, rule, head, trig_last);
        return;
    }
    stage(c, src, tgt, code, negated, mood, rule, head, trig_last);
    if (code_rev[0] && tgt >= 0)
        stage(c, tgt, src, code_rev, negated, mood, rule, head, trig_last); /* "[032:033]" */
    /* "in cooperation with the army": a second, cooperative event with the partner */
    for (size_t k = vlast + 1; k + 2 < s->ntok && s->tok[k].chunk != CK_VG; k++) {
        const hd_entry *n = hd_tok_entry(s, k, E_NOUN);
        if (!n || !hd_code_in_roots(hd_str(s->model, n->code), 6, 6))
            continue;
        /* only a manner phrase: "in (close) cooperation with", not "ties with" as an object */
        size_t q = k;
        while (q > vlast + 1 && (s->tok[q - 1].tag == T_JJ || (s->tok[q - 1].shape & SH_QUOTE) || s->tok[q - 1].tag == T_DT))
            q--;
        if (!hd_tok_is(s, q - 1, "in"))
            continue;
        const hd_match *nm = &s->matches[s->tok[k].match];
        size_t after = nm->first + nm->n;
        while (after < s->ntok && (s->tok[after].shape & SH_QUOTE))
            after++;
        if (after + 1 < s->ntok && hd_tok_is(s, after, "with")) {
            int partner = hd_actor_starting_at(s, after + 1);
            if (partner < 0 && after + 2 < s->ntok)
                partner = hd_actor_starting_at(s, after + 2);
            if (partner >= 0) {
                const char *nc = hd_str(s->model, n->code);
                stage(c, src, partner, hd_code_in_roots(code, 15, 20) && strcmp(nc, "060") == 0 ? "062" : nc, negated, mood,
                      hd_str(s->model, n->rule), k, k);
                if (k < HD_MAX_SENT_TOKENS)
                    c->consumed[k] = 1;
            }
        }
        break;
    }
}

/* ---- The coder on the dependency tree ---------------------------------------------- */

/* The actor a tree node names: the actor whose words hold it, else the one its "of" phrase
 * names ("thousands of protesters", "a group of soldiers") or its appositive names. */
static int tree_actor(const hd_sent *s, int t)
{
    if (t < 0)
        return -1;
    int best = hd_actor_covering(s, (size_t)t);
    if (best >= 0)
        return best;
    /* "the Asia-Pacific Economic Cooperation (APEC) forum", "the Hizbollah (Party of God)
     * group": an acronym or a gloss in brackets splits the name from the noun it qualifies,
     * which stands for the named body */
    if (t > 0 && hd_tok_is(s, (size_t)t - 1, ")") && (s->tok[t].tag == T_NN || s->tok[t].tag == T_NNS))
        for (size_t i = 0; i < (size_t)t; i++)
            if (s->tok[i].head == (int16_t)t && s->tok[i].rel == R_COMPOUND && hd_actor_covering(s, i) >= 0)
                return hd_actor_covering(s, i);
    for (size_t i = 0; i < s->ntok; i++) {
        if (s->tok[i].head != (int16_t)t)
            continue;
        int of = s->tok[i].rel == R_NMOD && hd_clause_case(s, i) >= 0 && hd_tok_is(s, (size_t)hd_clause_case(s, i), "of");
        if (!of && s->tok[i].rel != R_APPOS)
            continue;
        for (size_t a = 0; a < s->nactor; a++)
            if (s->actors[a].first <= i && i <= s->actors[a].last)
                return (int)a;
        /* "tens of thousands of students": a count of a count names what the inner one counts */
        if (of && (hd_tok_lists(s, i) & WL_NUMBER_NOUN)) {
            int inner = tree_actor(s, (int)i);
            if (inner >= 0)
                return inner;
        }
    }
    return -1;
}

/* An actor with a role (a government, police, soldiers, rebels ...), not a bare country or
 * a name: teams are named after their countries and towns. */
static int has_role(const hd_sent *s, int actor)
{
    return actor >= 0 && s->actors[actor].role[0] != '\0';
}

/* CAMEO roles of bodies that bear arms: soldiers, police, rebels, insurgents, separatists,
 * unidentified armed forces, intelligence services. */
static int armed_role(const char *role)
{
    static const char *const armed[] = {"MIL", "COP", "REB", "INS", "SEP", "UAF", "SPY"};
    return role_in(role, armed, sizeof armed / sizeof *armed);
}

/* A sports score in the sentence: "24-17", "3-0" (numbers of at most three digits either side
 * of a hyphen or dash; a year range such as 2019-2020 is not one). */
static int has_score(const hd_sent *s)
{
    for (size_t i = 0; i < s->ntok; i++) {
        const char *w = s->text + s->tok[i].start;
        size_t n = s->tok[i].end - s->tok[i].start, a = 0, b = 0, k = 0;
        while (k < n && w[k] >= '0' && w[k] <= '9')
            a++, k++;
        if (a == 0 || a > 3 || k >= n || w[k] != '-')
            continue;
        k++;
        while (k < n && w[k] >= '0' && w[k] <= '9')
            b++, k++;
        if (k == n && b > 0 && b <= 3)
            return 1;
    }
    return 0;
}

/* Whether the common noun at tree node t may be the agent (patient 0) or the patient of an
 * act with this code (dict/roles.txt). Names, pronouns and the words of an actor's name
 * ("police", "troops") are not judged: their WordNet senses say nothing of who they are. */
static int role_fits(const hd_sent *s, const char *code, int t, int patient)
{
    if (t < 0)
        return 1;
    /* "an email that arrived at the White House": a relative pronoun stands for its noun */
    if ((s->tok[t].tag == T_WDT || hd_tok_is(s, (size_t)t, "that") || hd_tok_is(s, (size_t)t, "which")) &&
        s->tok[t].head >= 0 && s->tok[s->tok[t].head].rel == R_ACL_RELCL && s->tok[s->tok[t].head].head >= 0)
        t = s->tok[s->tok[t].head].head;
    const hd_tok *k = &s->tok[t];
    /* "they hit $16 million per mile": an amount of money undergoes no force */
    utf8proc_int32_t cp;
    if (patient && hd_code_in_roots(code, 18, 20) &&
        utf8proc_iterate((const utf8proc_uint8_t *)s->text + k->start, (utf8proc_ssize_t)(k->end - k->start), &cp) > 0 &&
        utf8proc_category(cp) == UTF8PROC_CATEGORY_SC)
        return 0;
    if (k->tag != T_NN && k->tag != T_NNS)
        return 1;
    /* what a ceasefire violation (196) is done to is the ceasefire, whatever WordNet calls
     * "truce" or "agreement" */
    if (patient && strcmp(code, "196") == 0)
        return 1;
    for (size_t a = 0; a < s->nactor; a++)
        if (s->actors[a].first <= t && t <= s->actors[a].name_last && !s->actors[a].from_pronoun)
            return 1;
    uint32_t id = k->word;
    return hd_model_role_allows(s->model, code, patient, id == HD_NONE ? 0 : hd_model_noun_classes(s->model, id));
}

static int is_say_word(const hd_sent *s, size_t i)
{
    int m = s->tok[i].covered_by;
    return m >= 0 && hd_match_entry(s, &s->matches[m], E_SAY) != NULL;
}

/* The actor of an oblique of `a` whose preposition is `prep`, or with any preposition that
 * marks a target ("against", "on", "to", ...) when prep is NULL; named actors first. */
static int noun_target_actor(const hd_sent *s, size_t noun);

/* The actor a phrase names, or whose thing it names: "against Netanyahu's overhaul", "on
 * Saudi oil facilities", "at Hamas targets". */
/* "the prosecutor's killing", "his arrest": an act whose possessor underwent it. With an "of"
 * phrase naming who underwent it, the possessor did it ("the government's imprisonment of
 * Tymoshenko"). */
static int possessor_underwent(const hd_sent *s, size_t noun)
{
    if (!(hd_tok_lemma_lists(s, noun) & WL_UNDERGONE_NOUN))
        return 0;
    if (noun + 1 < s->ntok && hd_tok_is(s, noun + 1, "of")) /* wherever the parser hung it */
        return 0;
    for (size_t i = noun + 1; i < s->ntok; i++)
        if (s->tok[i].head == (int16_t)noun && s->tok[i].rel == R_NMOD && hd_clause_case(s, i) >= 0 &&
            hd_tok_is(s, (size_t)hd_clause_case(s, i), "of"))
            return 0;
    return 1;
}

static int owner_actor(const hd_sent *s, int t)
{
    /* "arrested two men in connection with a prosecutor's killing": the victim of the act a
     * phrase names is no party to this one */
    if (t >= 0 && possessor_underwent(s, (size_t)t) && hd_clause_child(s, (size_t)t, R_NMOD_POSS) >= 0)
        return -1;
    int act = tree_actor(s, t);
    if (act >= 0 || t < 0)
        return act;
    for (size_t i = 0; i < (size_t)t; i++)
        if (s->tok[i].head == (int16_t)t &&
            (s->tok[i].rel == R_NMOD_POSS || s->tok[i].rel == R_AMOD || s->tok[i].rel == R_COMPOUND)) {
            act = tree_actor(s, (int)i);
            if (act >= 0 && s->actors[act].country[0])
                return act;
        }
    return -1;
}

static int tree_obl_actor(const hd_sent *s, const hd_clause_args *a, const char *prep)
{
    int weak = -1;
    for (int k = 0; k < a->nobl; k++) {
        int cw = a->obl_case[k];
        if (cw < 0 || !(prep ? hd_tok_is(s, (size_t)cw, prep) : preposition_targets(s, (size_t)cw)))
            continue;
        int act = prep == NULL ? owner_actor(s, a->obl[k]) : tree_actor(s, a->obl[k]);
        if (!usable(s, act))
            continue;
        if (named_actor(s, act))
            return act;
        if (weak < 0)
            weak = act;
    }
    /* "protested outside parliament against the government": a target phrase hung on another */
    for (int k = 0; weak < 0 && prep == NULL && k < a->nobl; k++) {
        int act = noun_target_actor(s, (size_t)a->obl[k]);
        if (usable(s, act))
            return act;
    }
    return weak;
}

/* The target of an event noun: the actor of its "on", "against", "of" ... phrase, also one
 * phrase further down ("support in a letter to Putin"), or the subject of its "that" clause
 * ("accusations that the Russians are not targeting ISIS"). */
/* The actor a noun was used by: the agent of a participle describing it ("drones launched by
 * Ukraine", "a car bomb planted by rebels"); -1. */
static int instrument_user(const hd_sent *s, size_t noun)
{
    for (size_t p = noun + 1; p < s->ntok; p++) {
        if (s->tok[p].head != (int16_t)noun || s->tok[p].rel != R_ACL || s->tok[p].tag != T_VBN)
            continue;
        hd_clause_args pa;
        hd_clause_own_args(s, p, &pa);
        int agent = pa.agent;
        for (int k = 0; agent < 0 && k < pa.nobl; k++)
            if (pa.obl_case[k] >= 0 && hd_tok_is(s, (size_t)pa.obl_case[k], "by"))
                agent = pa.obl[k];
        int act = tree_actor(s, agent);
        if (usable(s, act) && s->actors[act].country[0])
            return act;
    }
    return -1;
}

/* The actor that is the subject of an "if" or "unless" clause under predicate p or under its
 * complement; -1. */
static int condition_subject(const hd_sent *s, size_t p, int not_this)
{
    for (size_t i = 0; i < s->ntok; i++) {
        int h = s->tok[i].head;
        if (h < 0 || s->tok[i].rel != R_ADVCL)
            continue;
        /* the condition may hang a few levels down: "threatened today to hold a strike unless" */
        int up = h, depth = 0;
        while (up >= 0 && (size_t)up != p && depth++ < 4)
            up = s->tok[up].head;
        if (up < 0 || (size_t)up != p)
            continue;
        int mark = hd_clause_case(s, i);
        if (mark < 0 || !(hd_tok_is(s, (size_t)mark, "if") || hd_tok_is(s, (size_t)mark, "unless")))
            continue;
        hd_clause_args ca;
        hd_clause_own_args(s, i, &ca);
        int act = tree_actor(s, ca.subj);
        if (usable(s, act) && act != not_this)
            return act;
    }
    return -1;
}

static int noun_target_actor_depth(const hd_sent *s, size_t noun, int depth)
{
    int further = -1;
    for (size_t i = 0; i < s->ntok; i++) {
        if (s->tok[i].head != (int16_t)noun)
            continue;
        int rel = s->tok[i].rel;
        if ((rel == R_ACL || rel == R_CCOMP) && hd_clause_case(s, i) >= 0 &&
            hd_tok_is(s, (size_t)hd_clause_case(s, i), "that")) {
            hd_clause_args a;
            hd_clause_own_args(s, i, &a);
            int act = tree_actor(s, a.subj);
            if (usable(s, act))
                return act;
            continue;
        }
        /* an oblique too: a noun the tagger took for a verb ("air strikes/VBZ against") */
        if (rel != R_NMOD && rel != R_OBL)
            continue;
        int cw = hd_clause_case(s, i);
        if (cw < 0)
            continue;
        if (preposition_targets(s, (size_t)cw) || hd_tok_is(s, (size_t)cw, "of")) {
            int act = owner_actor(s, (int)i);
            if (usable(s, act))
                return act;
        }
        /* "support in a letter to Putin", "threat of force against Egypt", and through a topic
         * ("pessimism about the prospects for talks with North Korea") */
        int topic = hd_tok_is(s, (size_t)cw, "about") || hd_tok_is(s, (size_t)cw, "over") || hd_tok_is(s, (size_t)cw, "for");
        if ((depth == 0 || (depth == 1 && topic)) && further < 0)
            further = noun_target_actor_depth(s, i, depth + 1);
    }
    return further;
}

static int noun_target_actor(const hd_sent *s, size_t noun)
{
    int t = noun_target_actor_depth(s, noun, 0);
    /* "accusations that the Russians ...": the parser may hang the clause on the verb above;
     * a "that" straight after the noun still opens the noun's content */
    if (t < 0 && noun + 1 < s->ntok && s->tok[noun + 1].rel == R_MARK && hd_tok_is(s, noun + 1, "that") &&
        s->tok[noun + 1].head >= 0) {
        hd_clause_args a;
        hd_clause_own_args(s, (size_t)s->tok[noun + 1].head, &a);
        if (usable(s, tree_actor(s, a.subj)))
            t = tree_actor(s, a.subj);
    }
    return t;
}

/* The target of a predicate when its object names none: the one its object is "to", "with",
 * "against", "on" ... ("offered condolences to Turkey"), else what its complement acts on
 * ("promised to give aid to Sri Lanka", "threatened to invade Syria"). */
static int tree_further_target(const hd_sent *s, size_t head, const hd_clause_args *a, int depth)
{
    if (a->obj >= 0) {
        int t = noun_target_actor(s, (size_t)a->obj);
        if (t >= 0)
            return t;
    }
    if (depth > 2)
        return -1;
    /* "demanded that Hamas renounce", "warned Taiwan that": the one a demand or a warning
     * is about is the subject of its "that" clause */
    int cc = hd_clause_child(s, head, R_CCOMP);
    if (cc >= 0 && depth == 0) {
        hd_clause_args ca;
        hd_clause_own_args(s, (size_t)cc, &ca);
        int t = tree_actor(s, ca.subj);
        /* PETRARCH convention: a target follows its verb ("Arnor believes Dagolath can cope",
         * but not "Fornost welcomed ..., the agency said") */
        if (usable(s, t) && !((s->model->flags & HD_MODEL_PETRARCH) && s->actors[t].first < head))
            return t;
    }
    int x = hd_clause_child(s, head, R_XCOMP);
    if (x < 0 && a->obj >= 0) { /* "blocked highways to protest against the farm laws" */
        x = hd_clause_child(s, (size_t)a->obj, R_ACL);
        if (x >= 0 && !(hd_clause_case(s, (size_t)x) >= 0 && s->tok[hd_clause_case(s, (size_t)x)].tag == T_TO))
            x = -1;
    }
    if (x < 0) { /* "pledged on Monday to defend": the parser may take it for a purpose */
        x = hd_clause_child(s, head, R_ADVCL);
        if (x >= 0 && !(hd_clause_case(s, (size_t)x) >= 0 && hd_tok_is(s, (size_t)hd_clause_case(s, (size_t)x), "to")))
            x = -1;
    }
    if (x < 0) /* "threatened today to impose": the infinitive hung on the time word */
        for (size_t i = 0; i < s->ntok && x < 0; i++) {
            if (s->tok[i].head != (int16_t)head || !(s->tok[i].cls & WC_DATE) ||
                (s->tok[i].rel != R_OBL && s->tok[i].rel != R_OBL_TMOD))
                continue;
            int acl = hd_clause_child(s, i, R_ACL);
            if (acl >= 0 && hd_clause_case(s, (size_t)acl) >= 0 && s->tok[hd_clause_case(s, (size_t)acl)].tag == T_TO)
                x = acl;
        }
    if (x < 0)
        return -1;
    hd_clause_args xa;
    hd_clause_own_args(s, (size_t)x, &xa);
    int t = tree_actor(s, xa.obj);
    if (usable(s, t))
        return t;
    t = tree_obl_actor(s, &xa, NULL);
    return t >= 0 ? t : tree_further_target(s, (size_t)x, &xa, depth + 1);
}

/* PETRARCH convention: TABARI takes the first actor after the verb, in whatever phrase, up to
 * the next finite verb ("condemned an attack by Osgiliath soldiers", "cordoned off the roads
 * leading into Mordor"). In the tree: the first usable actor after the verb that hangs under
 * it with no finite verb and no clause of its own in between; -1. */
static int petrarch_first_actor_after(const hd_sent *s, size_t head, size_t vlast, int not_this, const char *prep)
{
    for (size_t i = vlast + 1; i < s->ntok; i++) {
        int act = hd_actor_covering(s, i);
        if (!usable(s, act) || act == not_this || s->actors[act].first != i || (prep && !hd_tok_is(s, i - 1, prep)))
            continue;
        int n = (int)i, depth = 0, ok = 0;
        while (n >= 0 && depth++ < 32) {
            if ((size_t)n == head) {
                ok = 1;
                break;
            }
            int tag = s->tok[n].tag, rel = s->tok[n].rel;
            if (tag == T_VBD || tag == T_VBZ || tag == T_VBP || tag == T_MD || rel == R_CCOMP ||
                rel == R_PARATAXIS || rel == R_ACL_RELCL || rel == R_ROOT)
                break;
            n = s->tok[n].head;
        }
        if (ok)
            return act;
    }
    return -1;
}

/* A named place or country in an "in" phrase of the verb or of its object, as an actor. */
static int country_in(const hd_sent *s, size_t head, int obj)
{
    for (size_t i = 0; i < s->ntok; i++) {
        int h = s->tok[i].head;
        /* under the verb, its object, or an oblique of the verb ("went on a hunger strike in
         * Israeli jails") */
        int under = h >= 0 && ((size_t)h == head || h == obj || (s->tok[h].rel == R_OBL && s->tok[h].head == (int16_t)head));
        if (!under || (s->tok[i].rel != R_OBL && s->tok[i].rel != R_NMOD))
            continue;
        int cw = hd_clause_case(s, i);
        if (cw < 0 || !hd_tok_is(s, (size_t)cw, "in"))
            continue;
        int act = tree_actor(s, (int)i);
        if (usable(s, act) && s->actors[act].country[0] && (!s->actors[act].role[0] || !strcmp(s->actors[act].role, "GOV")))
            return act;
    }
    return -1;
}

/* "would visit Sudan next week": the parser, which rarely saw an object followed by a bare
 * time phrase, takes the object for a modifier of the time ("Sudan week"); the name it hung
 * there is the verb's object. */
static int object_before_date(const hd_sent *s, size_t head)
{
    for (size_t i = head + 1; i < s->ntok; i++) {
        if (s->tok[i].head != (int16_t)head || !(s->tok[i].cls & WC_DATE))
            continue;
        for (size_t k = head + 1; k < i; k++)
            if (s->tok[k].head == (int16_t)i && (s->tok[k].rel == R_COMPOUND || s->tok[k].rel == R_NMOD_POSS)) {
                int act = tree_actor(s, (int)k);
                if (usable(s, act))
                    return act;
            }
    }
    return -1;
}

/* The one whom a show of force faces: a country or actor "around", "near", "off" or "along"
 * which it happens, or the one a border belongs to ("the Ukrainian border", "the border with
 * Pakistan"), in a phrase of the verb or of its object. */
static int posture_target(const hd_sent *s, size_t head, int obj)
{
    for (size_t i = 0; i < s->ntok; i++) {
        int h = s->tok[i].head;
        /* a phrase of the verb, of its object, or one further down ("on high alert along the
         * border with Pakistan") */
        int near = h >= 0 && ((size_t)h == head || h == obj ||
                              (s->tok[h].head == (int16_t)head && s->tok[h].rel == R_OBL));
        if (!near || (s->tok[i].rel != R_OBL && s->tok[i].rel != R_NMOD))
            continue;
        int cw = hd_clause_case(s, i);
        if (cw < 0)
            continue;
        if (hd_tok_is(s, (size_t)cw, "around") || hd_tok_is(s, (size_t)cw, "near") ||
            hd_tok_is(s, (size_t)cw, "off") || hd_tok_is(s, (size_t)cw, "along") || hd_tok_is(s, (size_t)cw, "on")) {
            int act = tree_actor(s, (int)i);
            if (usable(s, act))
                return act;
        }
        if (!hd_tok_is(s, i, "border") && !hd_tok_is(s, i, "frontier") && !hd_tok_is(s, i, "borders"))
            continue;
        for (size_t k = 0; k < s->ntok; k++) {
            if (s->tok[k].head != (int16_t)i || (s->tok[k].rel != R_AMOD && s->tok[k].rel != R_NMOD &&
                                                 s->tok[k].rel != R_COMPOUND && s->tok[k].rel != R_NMOD_POSS))
                continue;
            int act = tree_actor(s, (int)k);
            if (usable(s, act))
                return act;
        }
    }
    return -1;
}

/* "The United States and Japan held joint naval exercises": exercises, drills or patrols held
 * jointly are military cooperation (CAMEO 062), not a show of force to each other. */
static const char *joint_code(const hd_sent *s, size_t noun, const char *code)
{
    if (!hd_code_in_roots(code, 15, 15))
        return code;
    for (size_t i = 0; i < noun; i++)
        if (s->tok[i].head == (int16_t)noun && s->tok[i].rel == R_AMOD && (s->tok[i].cls & WC_JOINT))
            return "062";
    return code;
}

/* "a series of air strikes", "a wave of arrests": a noun that counts or groups acts stands for
 * the act its "of" phrase names; any other noun stands for itself. */
static int through_quantity(const hd_sent *s, int t)
{
    if (t < 0 || !(hd_tok_lemma_lists(s, (size_t)t) & WL_QUANTITY_NOUN))
        return t;
    for (size_t k = (size_t)t + 1; k < s->ntok && k < (size_t)t + 8; k++)
        if (s->tok[k].head == t && s->tok[k].rel == R_NMOD) {
            int cw = hd_clause_case(s, k);
            return cw >= 0 && hd_tok_is(s, (size_t)cw, "of") ? (int)k : t;
        }
    return t;
}

static const hd_entry *tree_event_noun_entry(const hd_sent *s, int t, size_t *at);

/* The event noun a tree node heads: a dictionary noun phrase that ends on it ("air strikes",
 * "poison gas attack"), looked up from its leftmost modifier; NULL, also when the phrase names
 * no event ("court battle", listed with the code "---"). */
static const hd_entry *tree_event_noun(const hd_sent *s, int t, size_t *at)
{
    const hd_entry *e = tree_event_noun_entry(s, t, at);
    return e && hd_str(s->model, e->code)[0] ? e : NULL;
}

/* The dictionary entry of that phrase, whatever its code. */
static const hd_entry *tree_event_noun_entry(const hd_sent *s, int t, size_t *at)
{
    if (t < 0)
        return NULL;
    size_t first = (size_t)t;
    while (first > 0 && s->tok[first - 1].head >= 0 && (size_t)s->tok[first - 1].head <= (size_t)t &&
           (size_t)s->tok[first - 1].head >= first - 1 && s->tok[first - 1].rel != R_PUNCT)
        first--;
    for (size_t k = first; k <= (size_t)t; k++) {
        const hd_entry *e = hd_tok_entry(s, k, E_NOUN);
        if (e && s->matches[s->tok[k].match].first + s->matches[s->tok[k].match].n - 1 == (uint32_t)t) {
            *at = (size_t)t;
            return e;
        }
    }
    /* "the suspension of trade talks", "a threat of force": a phrase that the node opens, its
     * other words all under it */
    const hd_entry *e = hd_tok_entry(s, (size_t)t, E_NOUN);
    if (!e)
        return NULL;
    const hd_match *m = &s->matches[s->tok[t].match];
    for (uint32_t k = m->first + 1; k < m->first + m->n; k++) {
        int up = (int)k, depth = 0;
        while (up >= 0 && up != t && depth++ < 8)
            up = s->tok[up].head;
        if (up != t)
            return NULL;
    }
    *at = (size_t)t;
    return e;
}

/* The actor of a noun's phrase with preposition `prep` ("criticism from the Commission"). */
static int noun_prep_actor(const hd_sent *s, size_t noun, const char *prep)
{
    for (size_t i = 0; i < s->ntok; i++) {
        if (s->tok[i].head != (int16_t)noun || s->tok[i].rel != R_NMOD)
            continue;
        int cw = hd_clause_case(s, i);
        if (cw >= 0 && hd_tok_is(s, (size_t)cw, prep) && usable(s, tree_actor(s, (int)i)))
            return tree_actor(s, (int)i);
    }
    return -1;
}

/* "exchanged information on militants with Israel": what two do together is done with the
 * "with" party; the object's other phrases are its topic. The parser may hang the "with" on
 * the topic ("intelligence on smugglers with Iraq"), so one phrase down counts too. -1. */
static int with_party(const hd_sent *s, const hd_clause_args *a)
{
    int t = tree_obl_actor(s, a, "with");
    if (t >= 0 || a->obj < 0)
        return t;
    t = noun_prep_actor(s, (size_t)a->obj, "with");
    for (size_t i = 0; t < 0 && i < s->ntok; i++)
        if (s->tok[i].head == (int16_t)a->obj && s->tok[i].rel == R_NMOD)
            t = noun_prep_actor(s, i, "with");
    return t;
}

/* "Erdogan said he would meet Putin": a pronoun subject of what someone says is, unless the
 * document says otherwise, the one who says it; the actor of the speaker, or `fallback`. */
static int speaker_pronoun(const hd_sent *s, size_t head, int subj_tok, int fallback)
{
    if (subj_tok < 0 || s->tok[subj_tok].tag != T_PRP || !(s->tok[subj_tok].cls & WC_PRON) ||
        (s->tok[subj_tok].cls & WC_IT))
        return fallback;
    size_t q = head;
    for (int depth = 0; depth < 4 && s->tok[q].head >= 0 && (s->tok[q].rel == R_CONJ || s->tok[q].rel == R_XCOMP); depth++)
        q = (size_t)s->tok[q].head;
    int h = s->tok[q].head;
    if (h < 0 || s->tok[q].rel != R_CCOMP || !is_say_word(s, (size_t)h))
        return fallback;
    hd_clause_args sa;
    hd_clause_find_args(s, (size_t)h, &sa);
    int speaker = tree_actor(s, sa.subj);
    if (!usable(s, speaker) || s->actors[speaker].outlet)
        return fallback;
    /* "he" and "she" are one person; "they" and "we" a group, not a named person */
    int plural = (s->tok[subj_tok].cls & WC_PLURAL) != 0;
    if (plural && s->actors[speaker].person)
        return fallback;
    return speaker;
}

/* "Britain said Libya must hand over the suspects": what a speaker says someone else must or
 * should do is the speaker's demand of them (CAMEO 10), whatever the act; the act itself is
 * not stated as done. */
static void reported_demand(hd_coder *c, size_t head, int subj)
{
    hd_sent *s = &c->sent;
    int h = s->tok[head].head;
    if (h < 0 || s->tok[head].rel != R_CCOMP || !is_say_word(s, (size_t)h) || !usable(s, subj))
        return;
    int deontic = 0;
    for (size_t i = 0; i < s->ntok && !deontic; i++)
        deontic = s->tok[i].head == (int16_t)head && s->tok[i].rel == R_AUX &&
                  (hd_tok_is(s, i, "must") || hd_tok_is(s, i, "should"));
    if (!deontic)
        return;
    hd_clause_args sa;
    hd_clause_find_args(s, (size_t)h, &sa);
    int speaker = tree_actor(s, sa.subj);
    if (!usable(s, speaker) || speaker == subj)
        return;
    c->describes = 0;
    stage_x(c, speaker, subj, 1, "100", 0, HD_MOOD_FACT, "src/coding/hd_event.c:reported-demand", (size_t)h, (size_t)h);
}

/* The pattern of a verb block that is the verb and a target actor alone ("- *_+ [043]"), NULL. */
static const hd_pattern *passive_target_pattern(const hd_sent *s, const hd_block *b)
{
    for (uint32_t k = 0; k < b->n_patterns; k++) {
        const hd_pattern *p = &s->model->patterns[b->first_pattern + k];
        if (p->n_lower == 0 && p->n_upper == 1 && s->model->elems[p->first_elem].type == EL_TARGET)
            return p;
    }
    return NULL;
}

/* A pattern's or a block's code and reverse code into code and code_rev; its rule id. */
static const char *take_code(const hd_model *m, uint32_t c, uint32_t c_rev, uint32_t rule, char code[5], char code_rev[5])
{
    snprintf(code, 5, "%s", hd_str(m, c));
    snprintf(code_rev, 5, "%s", hd_str(m, c_rev));
    return hd_str(m, rule);
}

/* What the dictionaries say of verb group v's head: its verb and light-verb entries, and the
 * last token of the verb (its phrase may run past the group: "carried out"). 0 for a verb of
 * saying that is neither a verb nor a light verb of the dictionaries: it attributes, it codes
 * nothing. */
static int verb_group_entries(const hd_sent *s, const hd_chunk *v, const hd_entry **verb, const hd_entry **light,
                              size_t *vlast)
{
    int covered = s->tok[v->head].covered_by;
    const hd_match *mt = covered >= 0 ? &s->matches[covered] : NULL;
    *verb = mt ? hd_match_entry(s, mt, E_VERB) : NULL;
    *light = mt ? hd_match_entry(s, mt, E_LIGHT) : NULL;
    /* "announced sanctions": a verb of saying that is also a light verb codes the event its
     * object names; with a clause ("announced that ...") it only attributes */
    if (mt && hd_match_entry(s, mt, E_SAY) && !*verb && !*light)
        return 0;
    *vlast = mt ? mt->first + mt->n - 1 : v->head;
    if (*vlast < v->last)
        *vlast = v->last;
    return 1;
}

/* When tree node t is an event noun of violence (18-20), its code and rule replace the
 * verb's, which are less precise ("explosion": 183 where "hit" says 190); 1 when so. */
static int violence_named_by(const hd_sent *s, int t, char code[5], const char **rule)
{
    size_t at = 0;
    const hd_entry *e = tree_event_noun(s, t, &at);
    /* "a car bomb exploded ..., killing 11", "killed by a roadside bomb": what a bomb does is a
     * bombing (word class explosive) */
    if (!e && t >= 0 && (s->tok[t].cls & WC_EXPLOSIVE) && s->tok[t].tag >= T_NN && s->tok[t].tag <= T_NNPS) {
        snprintf(code, 5, "183");
        return 1;
    }
    if (!e || !hd_code_in_roots(hd_str(s->model, e->code), 18, 20))
        return 0;
    snprintf(code, 5, "%s", hd_str(s->model, e->code));
    *rule = hd_str(s->model, e->rule);
    return 1;
}

/* A natural force ("a typhoon", "Hurricane Jeanne": its name's head is the name) or an
 * accident ("a train crash", "the collapse"; not "Israeli fire", which is gunfire). */
static int natural_force(const hd_sent *s, int t)
{
    if (t < 0)
        return 0;
    if (s->tok[t].cls & WC_NATURAL)
        return 1;
    for (size_t i = 0; i < (size_t)t; i++)
        if (s->tok[i].head == (int16_t)t && s->tok[i].rel == R_COMPOUND && (s->tok[i].cls & WC_NATURAL))
            return 1;
    return (s->tok[t].cls & WC_ACCIDENT) && !(s->tok[t].cls & WC_GUNFIRE);
}

/* "A typhoon killed 20 people", "five died in floods", "a train crash injured scores": what
 * nature or an accident did is no one's act. The doer, or a cause the verb names, is a
 * natural force or an accident (word classes natural, accident). */
static int natural_cause(const hd_sent *s, const hd_clause_args *a)
{
    if (natural_force(s, a->passive ? a->agent : a->subj))
        return 1;
    for (int k = 0; k < a->nobl; k++)
        if (natural_force(s, a->obl[k]) && a->obl_case[k] >= 0 &&
            (hd_tok_is(s, (size_t)a->obl_case[k], "in") || hd_tok_is(s, (size_t)a->obl_case[k], "by") ||
             hd_tok_is(s, (size_t)a->obl_case[k], "during") || hd_tok_is(s, (size_t)a->obl_case[k], "after")))
            return 1;
    return 0;
}

/* Whether predicate p calls its object something with "as" and an adjective ("attack him as
 * unfit", "attacked the deal as weak"): a judgement, not a deed. */
static int judged_as(const hd_sent *s, size_t p)
{
    for (size_t i = 0; i < s->ntok; i++) {
        if (s->tok[i].head != (int16_t)p || s->tok[i].tag != T_JJ)
            continue;
        for (size_t k = 0; k < i; k++)
            if (s->tok[k].head == (int16_t)i && hd_tok_is(s, k, "as"))
                return 1;
    }
    return 0;
}

/* "announces planned trip to Beijing", "the proposed ceasefire", "an expected offensive": a
 * noun an adjective of intent or expectation qualifies names an act not yet done. */
static int foreseen_noun(const hd_sent *s, size_t noun)
{
    for (size_t k = noun > 3 ? noun - 3 : 0; k < noun; k++)
        if (s->tok[k].head == (int16_t)noun && s->tok[k].rel == R_AMOD &&
            (s->tok[k].tag == T_VBN || s->tok[k].tag == T_JJ) && (hd_clause_lemma_class(s, k) & (WC_INTENT | WC_EXPECT)))
            return 1;
    return 0;
}

/* "More than 13,000 people have been killed in the conflict", "Boko Haram has abducted
 * thousands during the insurgency": a perfect over a war, a conflict or an uprising, or over
 * a span of time, is its tally, no one act ("have been killed in fighting in Tripoli" today
 * still is one). */
static int war_tally(const hd_sent *s, size_t verb, uint32_t features)
{
    int aux = hd_clause_child(s, verb, R_AUX); /* "have been killed" is a passive perfect */
    if (!(features & VG_PERFECT) && !((features & VG_PASSIVE) && aux >= 0 && hd_tok_is(s, (size_t)aux, "have")))
        return 0;
    /* "has rapidly signed orders in his first week", "have arrested protesters in recent
     * days": a bare plural done over a span of time is a tally too */
    int obj = hd_clause_child(s, verb, R_OBJ);
    int bare_plural = obj >= 0 && s->tok[obj].tag == T_NNS;
    for (size_t k = 0; bare_plural && k < (size_t)obj; k++)
        if (s->tok[k].head == (int16_t)obj &&
            (s->tok[k].rel == R_DET || s->tok[k].rel == R_NUMMOD || s->tok[k].rel == R_NMOD_POSS))
            bare_plural = 0;
    for (size_t i = verb + 1; i < s->ntok; i++) {
        /* (the span may hang on the object: "signed orders in his first week") */
        int on_verb = s->tok[i].head == (int16_t)verb && s->tok[i].rel == R_OBL;
        int on_object = bare_plural && s->tok[i].head == (int16_t)obj && s->tok[i].rel == R_NMOD;
        if ((!on_verb && !on_object) || hd_tok_is(s, i, "fighting"))
            continue;
        int span = bare_plural && (hd_clause_lemma_class(s, i) & WC_DATE);
        if (on_object && !span)
            continue;
        if (!(s->tok[i].cls & WC_SITUATION) && !span)
            continue;
        int cs = hd_clause_case(s, i);
        if (cs >= 0 && (hd_tok_is(s, (size_t)cs, "in") || hd_tok_is(s, (size_t)cs, "during") ||
                        (span && hd_tok_is(s, (size_t)cs, "over"))))
            return 1;
    }
    return 0;
}

/* Codes the verb group `vg` from the dependency tree: the verb's dictionary entry and
 * patterns choose the code; the tree gives the roles and says whether the act happened. */
static void code_predicate(hd_coder *c, size_t vg)
{
    hd_sent *s = &c->sent;
    hd_chunk *v = &s->chunks[vg];
    size_t head = v->head, vlast;
    const hd_entry *verb, *light;
    if (!verb_group_entries(s, v, &verb, &light, &vlast))
        return;
    /* a complement whose governing verb was coded is part of that event ("threatened to
     * strike": a threat) */
    int gov = s->tok[head].head;
    if (gov >= 0 && gov < HD_MAX_SENT_TOKENS && (c->consumed[gov] & 2) &&
        (s->tok[head].rel == R_XCOMP || s->tok[head].rel == R_CCOMP))
        return;
    /* "Today is about honoring Mandela", "talked about attacking Iran": an act after
     * "about" that no one named does is what is spoken of, not done ("joked about Petraeus
     * resigning on Nov. 9" is his resignation) */
    if (s->tok[head].tag == T_VBG) {
        int mark = hd_clause_child(s, head, R_MARK), doer = hd_clause_child(s, head, R_NSUBJ);
        if (mark >= 0 && hd_tok_is(s, (size_t)mark, "about") && !usable(s, tree_actor(s, doer)))
            return;
    }
    hd_clause_args a;
    hd_clause_find_args(s, head, &a);
    char code[5] = "", code_rev[5] = "";
    const char *rule = NULL;
    size_t trig_last = vlast;
    pattern_hit hit = {NULL, -1, -1, -1, 0};
    if (verb) {
        const hd_block *b = &s->model->blocks[verb->aux];
        if (hd_best_pattern(s, b, v->first < head ? head : v->first, vlast, &hit)) {
            rule = take_code(s->model, hit.p->code, hit.p->code_rev, hit.p->rule, code, code_rev);
            for (uint32_t k = (uint32_t)vlast + 1; k <= hit.last_tok && k < HD_MAX_SENT_TOKENS; k++)
                c->consumed[k] |= 1;
        }
        /* "Blinken was received by the crown prince": a pattern that wants an actor straight
         * after the verb ("receive +") is met by the passive's subject */
        if (!rule && a.passive && usable(s, tree_actor(s, a.subj))) {
            const hd_pattern *pt = passive_target_pattern(s, b);
            if (pt) {
                rule = take_code(s->model, pt->code, pt->code_rev, pt->rule, code, code_rev);
            }
        }
        if (!rule) {
            rule = take_code(s->model, b->code, b->code_rev, b->rule, code, code_rev);
        }
    }
    /* "Thousands of Iraqi Kurds demonstrated in Kirkuk" read as a bare participle, so as a
     * passive: a protest is done, never undergone, by its subject */
    if (a.passive && code[0] && hd_code_in_roots(code, 14, 14) && hd_clause_child(s, head, R_AUX_PASS) < 0 &&
        a.agent < 0)
        a.passive = 0;
    int subj = tree_actor(s, a.subj), obj = tree_actor(s, a.obj);
    if (!usable(s, subj))
        subj = speaker_pronoun(s, head, a.subj, subj);
    /* "Drones launched by Ukraine struck", "missiles fired from Gaza by Hamas": a subject with
     * no country of its own, described by who used it, is that one's doing */
    if (!a.passive && a.subj >= 0 && (subj < 0 || !s->actors[subj].country[0])) {
        int user = instrument_user(s, (size_t)a.subj);
        if (user >= 0)
            subj = user;
    }
    int src = -1, tgt = -1, noun_event = 0;
    /* a light verb takes its code from its event noun: "carried out air strikes on Aleppo";
     * in the passive the noun is the subject: "an attack was carried out" */
    if (light || (verb && !code[0] && !hit.p)) {
        int noun_node = a.passive && a.obj < 0 ? a.subj : a.obj;
        size_t at = 0;
        const hd_entry *noun = tree_event_noun(s, noun_node, &at);
        int counted = through_quantity(s, noun_node);
        if (!noun && counted != noun_node && (noun = tree_event_noun(s, counted, &at)) != NULL)
            noun_node = counted;
        /* "held 20,000 civilians as human shields": the act is named by the object's "as"
         * phrase, and done to the object */
        int as_target = -1;
        if (!noun && !a.passive && a.obj >= 0)
            for (size_t i = (size_t)a.obj + 1; i < s->ntok && !noun; i++) {
                int h = s->tok[i].head, cw = hd_clause_case(s, i);
                if ((h == a.obj || (size_t)h == head) && (s->tok[i].rel == R_NMOD || s->tok[i].rel == R_OBL) && cw >= 0 &&
                    hd_tok_is(s, (size_t)cw, "as") && (noun = tree_event_noun(s, (int)i, &at)) != NULL) {
                    as_target = obj;
                    noun_node = (int)i;
                }
            }
        if (noun && (!code[0] || (light && !hit.p))) {
            snprintf(code, sizeof code, "%s", joint_code(s, (size_t)noun_node, hd_str(s->model, noun->code)));
            rule = hd_str(s->model, noun->rule);
            trig_last = at;
            if (at < HD_MAX_SENT_TOKENS)
                c->consumed[at] |= 1;
            noun_event = 1;
            int nt = noun_target_actor(s, (size_t)noun_node);
            if (nt < 0)
                nt = tree_obl_actor(s, &a, NULL);
            /* "began a hunger strike to demand the resignation of the president": a protest is
             * aimed at the one its purpose names, as when the verb itself protests */
            if (nt < 0 && !a.passive && hd_code_in_roots(code, 14, 14))
                nt = tree_further_target(s, head, &a, 0);
            if (a.passive && noun_node == a.subj) {
                src = tree_actor(s, a.agent);
                tgt = nt;
            } else if (!a.passive && is_undergoer_verb(s, head)) {
                /* "the convoy came under fire from rebels": the subject undergoes it */
                tgt = subj;
                src = noun_prep_actor(s, (size_t)noun_node, "from");
                if (src < 0)
                    src = noun_prep_actor(s, (size_t)noun_node, "by");
                if (src < 0)
                    src = tree_obl_actor(s, &a, "from");
                if (src < 0)
                    src = tree_obl_actor(s, &a, "by");
            } else {
                src = subj;
                tgt = as_target >= 0 ? as_target : nt;
            }
        }
    }
    reported_demand(c, head, subj);
    if (!code[0])
        return;
    /* an act of violence done by an act or a bomb ("Deadly explosion hits central Baghdad", "an
     * air strike killed ten", "killed by a roadside bomb"), or a passive one with no doer and a
     * cause ("five people were killed in an explosion", "died in an air strike"), is the act that
     * names how */
    if (!noun_event && hd_code_in_roots(code, 18, 20) && !hit.p) {
        if (!a.passive)
            violence_named_by(s, a.subj, code, &rule);
        else if (a.agent >= 0 && hd_code_in_roots(code, 18, 19)) /* not "displaced by the war" (201) */
            violence_named_by(s, a.agent, code, &rule);
        else
            for (int k = 0; k < a.nobl; k++) {
                int cw = a.obl_case[k];
                if (cw >= 0 && (hd_tok_is(s, (size_t)cw, "in") || hd_tok_is(s, (size_t)cw, "by")) &&
                    violence_named_by(s, a.obl[k], code, &rule))
                    break;
            }
    }
    /* "injured himself": no one acts on another; but a bomber who "blew himself up" bombed */
    if (a.obj >= 0 && strncmp(code, "183", 3) != 0 &&
        (hd_tok_is(s, (size_t)a.obj, "himself") || hd_tok_is(s, (size_t)a.obj, "herself") ||
         hd_tok_is(s, (size_t)a.obj, "itself") || hd_tok_is(s, (size_t)a.obj, "themselves") ||
         hd_tok_is(s, (size_t)a.obj, "ourselves") || hd_tok_is(s, (size_t)a.obj, "myself")))
        return;
    if (!noun_event) {
        if (a.passive) {
            tgt = subj;
            src = tree_actor(s, a.agent);
            /* "Relations with Myanmar were downgraded", "sanctions on Iran were imposed": the
             * thing undergoing it names whom it is aimed at */
            if (!usable(s, tgt) && a.subj >= 0)
                tgt = noun_target_actor(s, (size_t)a.subj);
        } else {
            src = subj;
            /* "withdrew its troops", "sent their envoys": what is the doer's own is no target */
            int own = a.obj >= 0 && hd_clause_child(s, (size_t)a.obj, R_NMOD_POSS) >= 0 &&
                      s->tok[hd_clause_child(s, (size_t)a.obj, R_NMOD_POSS)].tag == T_PRPS;
            if (own)
                obj = -1;
            if (usable(s, obj)) {
                tgt = obj;
                /* "Germany will send tanks to Ukraine": forces or arms with no country of their
                 * own are the sender's; where they go is the target */
                const hd_actor_info *o = &s->actors[tgt];
                if (src >= 0 && !o->country[0] && strlen(o->code) == 3) {
                    int to = tree_obl_actor(s, &a, "to");
                    if (to < 0)
                        to = tree_obl_actor(s, &a, "into");
                    if (to < 0) /* "sent peacekeepers to the Central African Republic" read as the peacekeepers' */
                        to = noun_prep_actor(s, (size_t)a.obj, "to");
                    if (to >= 0 && named_actor(s, to))
                        tgt = to;
                    else if (!strncmp(code, "087", 3) || !strncmp(code, "15", 2))
                        tgt = -1; /* "Russia withdrew troops": its own */
                }
            } else if (usable(s, tree_actor(s, a.iobj)))
                tgt = tree_actor(s, a.iobj);
            else
                tgt = tree_obl_actor(s, &a, NULL);
            /* "investigated abuses by Myanmar's army" with the "by" phrase hung on the verb: an
             * active verb takes no agent, so a "by" phrase after its object is the object's
             * doer, and the one the act is aimed at */
            if (tgt < 0 && a.obj >= 0 && !usable(s, obj)) {
                int by = tree_obl_actor(s, &a, "by");
                if (by >= 0 && (size_t)s->actors[by].first > (size_t)a.obj && by != src)
                    tgt = by;
            }
            if (tgt < 0 && mutual_code(code))
                tgt = with_party(s, &a);
            if (tgt < 0)
                tgt = tree_further_target(s, head, &a, 0);
            /* "arrived in Amman", "lifted a curfew in Montenegro": the country where it
             * happens is the one it happens to, when no one else is named */
            if (tgt < 0 && !both_sides_named(s, src, code))
                tgt = country_in(s, head, a.obj);
            if (tgt < 0)
                tgt = object_before_date(s, head);

        }
    }
    /* "Ukraine received 200 tanks from Poland": aid that one receives was given by the one it
     * came from; the receiver is its target */
    if (!noun_event && !a.passive && hd_code_in_roots(code, 7, 7) && is_undergoer_verb(s, head)) {
        int from = tree_obl_actor(s, &a, "from");
        if (from < 0 && a.obj >= 0)
            from = noun_prep_actor(s, (size_t)a.obj, "from");
        /* the parser may hang the "from" on a noun of the object ("parts for drones and
         * weapons from Iran"): the pattern that ended on it says where it is */
        if (from < 0 && hit.p && hit.last_tok + 1 < s->ntok && hd_tok_is(s, hit.last_tok, "from"))
            from = hd_actor_starting_at(s, hit.last_tok + 1);
        src = from;
        tgt = usable(s, subj) ? subj : -1;
    }
    /* "demanded the extradition of Gulen from the United States", "requested aid from the
     * EU": a demand or an appeal is made of the one it is asked from */
    if (hd_code_in_roots(code, 2, 2) || hd_code_in_roots(code, 10, 10)) {
        int from = a.obj >= 0 ? noun_prep_actor(s, (size_t)a.obj, "from") : -1;
        if (from < 0)
            from = tree_obl_actor(s, &a, "from");
        if (from >= 0 && from != src)
            tgt = from;
    }
    /* "North Korea expressed willingness to resume talks with the United States": the phrase
     * the parser gave the verb of the will is the willed act's */
    if (tgt < 0 && s->tok[head].rel == R_ACL && s->tok[head].head >= 0) {
        size_t will = (size_t)s->tok[head].head;
        if (s->tok[will].rel == R_OBJ && s->tok[will].head >= 0 &&
            (hd_clause_lemma_class(s, will) & (WC_INTENT | WC_ABILITY))) {
            hd_clause_args wa;
            hd_clause_own_args(s, (size_t)s->tok[will].head, &wa);
            int t = tree_obl_actor(s, &wa, NULL);
            if (t >= 0 && t != src)
                tgt = t;
        }
    }
    /* "threatened to stop negotiations if the United States goes ahead", "threatened a strike
     * unless Israel rescinded": a threat is aimed at the one its condition is about */
    if (tgt < 0 && hd_code_in_roots(code, 13, 13))
        tgt = condition_subject(s, head, src);
    /* "massed troops on the Ukrainian border", "held drills around Taiwan": where force is
     * shown is whom it is shown to */
    if (tgt < 0 && hd_code_in_roots(code, 15, 15))
        tgt = posture_target(s, head, a.obj);
    /* a pattern's markers fill the roles the tree left empty; PETRARCH convention: a TABARI
     * pattern places its source and target itself, and its markers win */
    if (hit.p) {
        int markers_win = (s->model->flags & HD_MODEL_PETRARCH) != 0;
        if ((src < 0 || markers_win) && hit.source >= 0)
            src = hit.source;
        if ((tgt < 0 || markers_win) && hit.target >= 0 && hit.target != src)
            tgt = hit.target;
    }
    if (tgt < 0 && !a.passive && (s->model->flags & HD_MODEL_PETRARCH))
        tgt = petrarch_first_actor_after(s, head, vlast, src, NULL);
    /* and the doer of a passive is the first "by" actor after it, wherever the parser hung
     * the phrase ("was opposed earlier by Osgiliath") */
    if (src < 0 && a.passive && !noun_event && (s->model->flags & HD_MODEL_PETRARCH))
        src = petrarch_first_actor_after(s, head, vlast, tgt, "by");
    /* nature's violence is news, but no one's act: only a snippet's classification reads it */
    if (hd_code_in_roots(code, 18, 20) && !c->opt.emit_actorless && natural_cause(s, &a))
        return;
    /* "France beat England 24-17": a score makes a contest of the language of force, and so
     * does a report of sport where only teams take part, not police, soldiers or a government
     * ("police fired tear gas at football fans", "authorities jailed members for playing in a
     * football tournament") */
    if (hd_code_in_roots(code, 17, 20) &&
        (has_score(s) || (((s->cues | c->doc_cues) & WC_SPORT) && !has_role(s, src) && !has_role(s, tgt))))
        return;
    /* "the speech struck a nerve", "flags fly at the airport": a doer or an undergoer that
     * cannot take part in the act makes it a figure of speech (dict/roles.txt) */
    if (!role_fits(s, code, a.passive ? a.agent : a.subj, 0) || !role_fits(s, code, a.passive ? a.subj : a.obj, 1))
        return;
    /* "Clinton and Obama attack him as unfit": force that calls its object something is
     * criticism in words */
    if (hd_code_in_roots(code, 19, 19) && !(s->model->flags & HD_MODEL_PETRARCH) && judged_as(s, head)) {
        snprintf(code, sizeof code, "111");
        code_rev[0] = '\0';
    }
    unsigned mod = hd_clause_modality(s, head, is_say_word);
    if (war_tally(s, head, v->features))
        mod |= HD_MOD_HABITUAL;
    /* "terrorist attacks that strike in Lebanon, Syria and Iraq", "a group that kidnaps
     * foreigners": a relative clause in the simple present tells what is done, not a deed
     * (a headline's present is its past) */
    if ((mod & HD_MOD_DESCRIBES) && !s->headline && (v->features & VG_PRESENT) &&
        !(v->features & (VG_PERFECT | VG_PROGRESSIVE | VG_PASSIVE | VG_FUTURE | VG_MODAL)))
        mod |= HD_MOD_HABITUAL;
    /* "people are plotting terror attacks", "the army is preparing an offensive": the act a
     * verb of planning takes from its object has not happened */
    if (noun_event && (hd_tok_lemma_lists(s, head) & WL_PLAN_VERB))
        mod |= HD_MOD_INTENT;
    if (noun_event && a.obj >= 0 && foreseen_noun(s, (size_t)a.obj))
        mod |= HD_MOD_INTENT;
    int mood = HD_MOOD_FACT;
    /* "it remains unclear whether the army shelled": a hedged report of the act; "asked
     * whether" with no hedge is a question */
    if ((mod & HD_MOD_WHETHER) && !c->shedged)
        mod |= HD_MOD_QUESTION;
    /* PETRARCH convention: its dictionaries state modality in their patterns, so an announced
     * act keeps the code they give it (as an intent) and a hypothetical one is still coded */
    int verbatim = (s->model->flags & HD_MODEL_PETRARCH) != 0;
    if (mod & (HD_MOD_CONDITIONAL | HD_MOD_HYPOTHETICAL | HD_MOD_QUESTION | HD_MOD_REQUESTED | HD_MOD_HABITUAL)) {
        if (!c->opt.emit_hypothetical && !verbatim)
            return;
        mood = HD_MOOD_HYPOTHETICAL;
    } else if (mod & (HD_MOD_FUTURE | HD_MOD_INTENT) || headline_infinitive(c, vg) ||
               (!(v->features & (VG_PAST | VG_PERFECT)) && dated_ahead(c, head))) {
        if (verbatim)
            mood = HD_MOOD_INTENT;
        else
            future_code(code, code, &mood);
    }
    /* an intent (03) or a threat (13) is one by its code, whatever the verb's form */
    if (mood == HD_MOOD_FACT && hd_code_in_roots(code, 3, 3))
        mood = HD_MOOD_INTENT;
    else if (mood == HD_MOOD_FACT && hd_code_in_roots(code, 13, 13))
        mood = HD_MOOD_THREAT;
    int negated = (mod & (HD_MOD_NEGATED | HD_MOD_REFUSED | HD_MOD_FAILED)) != 0;
    /* PETRARCH convention: only the verb's own group negates it ("won't try to clash" codes the
     * clash); a refusal or a failure above it is its patterns' to state */
    if (verbatim)
        negated = (v->features & VG_NEGATED) != 0;
    if (negated && !verbatim && mood == HD_MOOD_INTENT && (v->features & VG_NEGATED) &&
        hd_code_in_roots(code, 3, 3) && !(mod & (HD_MOD_REFUSED | HD_MOD_FAILED)) && !conditioned(s, head)) {
        refusal_code(code, code);
        negated = 0;
        mood = HD_MOOD_FACT;
    }
    if (negated && !c->opt.emit_negated)
        return;
    /* a day ("Today is about honoring ...") is no one who does a thing */
    c->generic_subject = src < 0 && a.subj >= 0 && subj < 0 && s->tok[a.subj].tag != T_PRP &&
                         !(hd_clause_lemma_class(s, (size_t)a.subj) & WC_DATE);
    c->agentless = a.passive && a.agent < 0;
    c->describes = (mod & HD_MOD_DESCRIBES) != 0;
    c->alleged = (mod & HD_MOD_ALLEGED) != 0;
    /* "had asked Putin for help": a past before the story's is not of the day the article
     * appeared */
    c->unanchored = hd_tok_is(s, v->first, "had") && s->tok[head].tag == T_VBN && v->last > v->first;
    if (head < HD_MAX_SENT_TOKENS)
        c->consumed[head] |= 2;
    int obj_first = a.obj >= 0 && s->tok[a.obj].chunk == CK_NP ? (int)s->chunks[s->tok[a.obj].chunk_index].first : a.obj;
    stage_verb_event(c, src, tgt, obj_first, &hit, code, code_rev, negated, mood, rule, head, trig_last, vlast);
    c->agentless = 0;
    c->describes = 0;
    c->alleged = 0;
    c->unanchored = 0;
}

void hd_code_verb_group(hd_coder *c, size_t vg)
{
    /* a sentence with no parse (an image without a syntax section) has no roles to code from */
    if (c->sent.parsed)
        code_predicate(c, vg);
}

/* Nouns that name a state of affairs rather than an act: an adjective before them places them
 * ("the Syrian war") instead of naming who acts. */
static int is_situation_noun(const hd_sent *s, size_t i)
{
    return (s->tok[i].cls & WC_SITUATION) != 0;
}

/* Event nouns with an actor of their own: "U.S. accusations that the Russians ...",
 * "Russian air strikes on Aleppo". */
/* The actor that does what event noun `noun` names: its possessor ("Russia's strikes"), a
 * demonym before it ("Saudi bombings"), a name before a speech act ("U.S. accusations"), or
 * its "by" phrase ("the massacre of villagers by fighters"); -1. */
static int noun_doer(const hd_sent *s, size_t noun, const char *code)
{
    /* "the cartel is responsible for mass killings", "guilty of war crimes": who is to blame
     * did it */
    int h = s->tok[noun].head;
    if (h >= 0 && (hd_clause_lemma_class(s, (size_t)h) & WC_CULPABLE) && hd_clause_case(s, noun) >= 0) {
        int act = tree_actor(s, hd_clause_child(s, (size_t)h, R_NSUBJ));
        if (usable(s, act))
            return act;
    }
    for (size_t i = 0; i < s->ntok; i++) {
        if (s->tok[i].head != (int16_t)noun)
            continue;
        int rel = s->tok[i].rel, act = tree_actor(s, (int)i);
        /* "Iraqi forces have begun their assault": a possessive pronoun on the object is the
         * clause's subject */
        if (act < 0 && rel == R_NMOD_POSS && s->tok[i].tag == T_PRPS && s->tok[noun].head >= 0 &&
            s->tok[noun].rel == R_OBJ) {
            hd_clause_args ga;
            hd_clause_find_args(s, (size_t)s->tok[noun].head, &ga);
            if (!ga.passive)
                act = tree_actor(s, ga.subj);
            if (usable(s, act))
                return act;
            continue;
        }
        if (!usable(s, act) || s->actors[act].name_last >= noun)
            act = rel == R_NMOD ? act : -1;
        if (act < 0)
            continue;
        if (rel == R_NMOD_POSS) {
            if (possessor_underwent(s, noun))
                continue; /* "the prosecutor's killing": the prosecutor was killed */
            return act;
        }
        if (is_situation_noun(s, noun))
            continue; /* "the Syrian war" places the war; it names no one who wages it */
        if (rel == R_AMOD && s->tok[s->actors[act].name_last].tag == T_JJ)
            return act;
        if (rel == R_COMPOUND && hd_code_in_roots(code, 10, 13))
            return act;
        /* "a rebel attack", "a Taliban ambush", "an army raid": an armed body named before an
         * act of force wages it ("a school attack" names what was hit) */
        if (rel == R_COMPOUND && hd_code_in_roots(code, 15, 20) && armed_role(s->actors[act].role))
            return act;
        if (rel == R_NMOD && hd_clause_case(s, i) >= 0 && hd_tok_is(s, (size_t)hd_clause_case(s, i), "by"))
            return act;
    }
    /* "the massacre of villagers by fighters" with the "by" phrase hung on "villagers": a
     * plain noun takes no agent, so an agentive "by" under the noun's "of" phrase is the
     * event noun's */
    for (size_t o = 0; o < s->ntok; o++) {
        int c = hd_clause_case(s, o);
        if (s->tok[o].head != (int16_t)noun || s->tok[o].rel != R_NMOD || c < 0 || !hd_tok_is(s, (size_t)c, "of"))
            continue;
        for (size_t i = o + 1; i < s->ntok; i++) {
            int b = hd_clause_case(s, i);
            if (s->tok[i].head != (int16_t)o || s->tok[i].rel != R_NMOD || b < 0 || !hd_tok_is(s, (size_t)b, "by"))
                continue;
            int act = tree_actor(s, (int)i);
            if (usable(s, act) && !is_situation_noun(s, noun))
                return act;
        }
    }
    return -1;
}

/* An event noun that a sentence talks about rather than reports: the subject of a copula
 * ("the peace process is the subject of a new book"), or what a thing, a text or an amount
 * is about or for ("tickets for the military parade", "premiums for kidnapping cover"). A
 * person's relation to it ("victims of the attack") keeps it a report. */
static int noun_is_topic(const hd_sent *s, size_t noun)
{
    int h = s->tok[noun].head;
    if (h < 0)
        return 0;
    if (s->tok[noun].rel == R_NSUBJ && hd_clause_child(s, (size_t)h, R_COP) >= 0)
        return 1;
    if (s->tok[noun].rel != R_NMOD || (s->tok[h].tag != T_NN && s->tok[h].tag != T_NNS))
        return 0;
    uint32_t id = s->tok[h].word;
    uint32_t cls = id == HD_NONE ? 0 : hd_model_noun_classes(s->model, id);
    const uint32_t things = HD_NC_ARTIFACT | HD_NC_COMMUNICATION | HD_NC_POSSESSION | HD_NC_QUANTITY;
    return cls && !(cls & ~things);
}

/* What the clause an event noun stands in says of it: "a blockade would disrupt trade", "no
 * arrests", "the threat of strikes". */
static unsigned noun_modality(const hd_sent *s, size_t noun, const char *code)
{
    unsigned m = 0;
    /* "ahead of the summit", "on the eve of a visit": an act the report looks forward to has
     * not happened yet (not "before": "five years before Mandela's release" looks back) */
    int cw = hd_clause_case(s, noun), up = s->tok[noun].head;
    if ((cw >= 0 && (s->tok[cw].cls & WC_FORWARD)) ||
        (up >= 0 && (s->tok[noun].rel == R_NMOD || s->tok[noun].rel == R_OBL) && (s->tok[up].cls & WC_FORWARD)))
        m |= HD_MOD_FUTURE;
    if (hd_clause_child(s, noun, R_DET) >= 0 && hd_tok_is(s, (size_t)hd_clause_child(s, noun, R_DET), "no"))
        m |= HD_MOD_NEGATED;
    if (foreseen_noun(s, noun))
        m |= HD_MOD_INTENT;
    size_t q = noun;
    for (int depth = 0; depth < 6 && s->tok[q].head >= 0; depth++) {
        size_t h = (size_t)s->tok[q].head;
        int tag = s->tok[h].tag;
        /* "the deal is subject to approval by regulators": a consent a thing awaits is a
         * condition; what a place "was subject to" (attacks, sanctions) it underwent */
        if (depth == 0 && tag == T_JJ && (s->tok[h].cls & WC_CONDITION) && hd_code_in_roots(code, 1, 8))
            m |= HD_MOD_CONDITIONAL;
        /* "threats of nuclear strikes against the United States", "plans for an offensive",
         * "a bid for a ceasefire", "calls for a strike", "approval of a war": an act a noun
         * of intent or of asking names has not happened */
        if (depth == 0 && (tag == T_NN || tag == T_NNS) && (hd_clause_lemma_class(s, h) & (WC_INTENT | WC_REQUEST)) &&
            s->tok[noun].rel == R_NMOD) {
            int cs = hd_clause_case(s, noun);
            if (cs >= 0 && (hd_tok_is(s, (size_t)cs, "of") || hd_tok_is(s, (size_t)cs, "for")))
                m |= HD_MOD_INTENT;
        }
        if (tag >= T_VB && tag <= T_VBZ) {
            unsigned v = hd_clause_modality(s, h, is_say_word);
            /* "people are plotting terror attacks", "strikes were planned": an act a verb of
             * planning takes as its object has not happened */
            int in_phrase = depth == 0 || (depth == 1 && (s->tok[noun].rel == R_COMPOUND || s->tok[noun].rel == R_AMOD));
            if (in_phrase && (s->tok[q].rel == R_OBJ || s->tok[q].rel == R_NSUBJ_PASS) &&
                (hd_tok_lemma_lists(s, h) & WL_PLAN_VERB))
                m |= HD_MOD_INTENT;
            /* "the Security Council demands a ceasefire", "urged a halt to the fighting": an
             * act a verb of asking takes as its object has not happened */
            if (depth == 0 && s->tok[q].rel == R_OBJ && (hd_clause_lemma_class(s, h) & WC_REQUEST))
                m |= HD_MOD_REQUESTED;
            /* the noun is not the verb's act: only what makes the whole clause unreal counts */
            return m | (v & ~(unsigned)(HD_MOD_INTENT | HD_MOD_DESCRIBES | HD_MOD_REFUSED | HD_MOD_FAILED));
        }
        q = h;
    }
    return m | (hd_clause_modality(s, q, is_say_word) & (HD_MOD_QUESTION));
}

/* "talks between Armenia and Azerbaijan", "clashes between police and protesters": the two
 * sides of an act named by a noun with "between", the first as its doer. */
static int between_parties(const hd_sent *s, size_t noun, int *src, int *tgt)
{
    for (size_t i = noun + 1; i < s->ntok; i++) {
        int c = hd_clause_case(s, i);
        if (s->tok[i].head != (int16_t)noun || s->tok[i].rel != R_NMOD || c < 0 || !hd_tok_is(s, (size_t)c, "between"))
            continue;
        int first = tree_actor(s, (int)i), second = tree_actor(s, hd_clause_child(s, i, R_CONJ));
        if (usable(s, first) && usable(s, second) && first != second) {
            *src = first;
            *tgt = second;
            return 1;
        }
        return 0;
    }
    return 0;
}

static void code_event_nouns_tree(hd_coder *c)
{
    hd_sent *s = &c->sent;
    int sentence_has_event = c->nev > 0 && c->ev[c->nev - 1].sentence == c->sentence_no;
    for (size_t t = 0; t < s->ntok && t < HD_MAX_SENT_TOKENS; t++) {
        size_t at = 0;
        const hd_entry *noun = tree_event_noun(s, (int)t, &at);
        if (!noun || c->consumed[t] || s->tok[t].rel == R_COMPOUND)
            continue;
        /* a capitalised noun in running text is part of a name ("the Conference of Bishops") */
        if (s->tok[t].tag == T_NNP || s->tok[t].tag == T_NNPS || (s->tok[t].tag >= T_VB && s->tok[t].tag <= T_VBZ))
            continue;
        const char *code = joint_code(s, t, hd_str(s->model, noun->code));
        int src = noun_doer(s, t, code);
        int tgt = noun_target_actor(s, t);
        if (tgt < 0 && possessor_underwent(s, t)) /* "the prosecutor's killing" */
            tgt = tree_actor(s, hd_clause_child(s, t, R_NMOD_POSS));
        int between = src < 0 && between_parties(s, t, &src, &tgt);
        /* "went on a hunger strike in Israeli jails": where it is done, as for verbs */
        if (src >= 0 && tgt < 0 && !between) {
            tgt = country_in(s, t, -1);
            if (tgt < 0 && s->tok[t].head >= 0 && s->tok[t].rel == R_OBL)
                tgt = country_in(s, (size_t)s->tok[t].head, -1);
            if (tgt == src)
                tgt = -1;
        }
        /* "a prisoner died after torture": the one who died underwent it */
        if (tgt < 0 && hd_code_in_roots(code, 18, 20) && s->tok[t].head >= 0 && s->tok[t].rel == R_OBL &&
            (hd_clause_lemma_class(s, (size_t)s->tok[t].head) & WC_DIE)) {
            hd_clause_args da;
            hd_clause_find_args(s, (size_t)s->tok[t].head, &da);
            int victim = tree_actor(s, da.subj);
            if (usable(s, victim) && victim != src)
                tgt = victim;
        }
        if (tgt == src)
            tgt = -1;
        /* a noun that names neither who acted nor on whom is a topic ("the siege of the city is
         * remembered", "the election turned into a battle"); the verb of a sentence that
         * reports such an act codes it ("a bomb exploded", "the blast killed five") */
        if (src < 0 && (tgt < 0 || sentence_has_event || !hd_code_in_roots(code, 14, 20) || is_situation_noun(s, t)))
            continue;
        /* "lifted sanctions on Eritrea", "ended the siege": what a verb does to the act it
         * names is the verb's to code; with no one named as doing it, the noun codes nothing */
        if (src < 0 && (s->tok[t].rel == R_OBJ || s->tok[t].rel == R_NSUBJ_PASS))
            continue;
        if (noun_is_topic(s, t))
            continue;
        /* "the president's speech", "his remarks": a statement named by a noun is a mention of
         * one, not news that it was made */
        if (hd_code_in_roots(code, 1, 1))
            continue;
        unsigned mod = noun_modality(s, t, code);
        if ((mod & (HD_MOD_CONDITIONAL | HD_MOD_HYPOTHETICAL | HD_MOD_QUESTION | HD_MOD_REQUESTED | HD_MOD_WHETHER |
                    HD_MOD_HABITUAL)) &&
            !c->opt.emit_hypothetical)
            continue;
        int negated = (mod & HD_MOD_NEGATED) != 0;
        if (negated && !c->opt.emit_negated)
            continue;
        int mood = hd_code_in_roots(code, 3, 3) ? HD_MOOD_INTENT : hd_code_in_roots(code, 13, 13) ? HD_MOOD_THREAT : HD_MOOD_FACT;
        /* "the two leaders will gather for a meeting": an announced act, as for a verb, is an
         * intent (03) or a threat (13) of its doer; with no doer named it is no event */
        char announced[5];
        if ((mod & (HD_MOD_FUTURE | HD_MOD_INTENT)) || dated_ahead(c, t)) {
            if (src < 0)
                continue;
            future_code(code, announced, &mood);
            code = announced;
        }
        c->consumed[t] |= 1;
        c->describes = 0;
        if (between) { /* the two sides are the conjuncts themselves, each acting on the other */
            stage_x(c, src, tgt, 0, code, negated, mood, hd_str(s->model, noun->rule), t, t);
            if (mutual_code(code))
                stage_x(c, tgt, src, 0, code, negated, mood, hd_str(s->model, noun->rule), t, t);
        } else
            stage(c, src, tgt, code, negated, mood, hd_str(s->model, noun->rule), t, t);
        sentence_has_event = 1;
    }
}

void hd_code_event_nouns(hd_coder *c)
{
    /* as for verbs, a sentence without a parse has no roles to code from */
    if (c->sent.parsed)
        code_event_nouns_tree(c);
}

/* Calling a group terrorist, or no different from a terrorist group, is an accusation by the
 * one who says it: "The opposition Free Syrian Army, Haddad said, is not different from ISIS",
 * "Haddad said any armed group fighting the army is considered terrorist". The speaker is the
 * sentence's reported speaker; the accused is the subject of the copula. CAMEO 112. */
void hd_code_labels(hd_coder *c)
{
    hd_sent *s = &c->sent;
    int speaker = c->speaker_actor;
    if (speaker < 0 || speaker >= (int)s->nactor)
        return;
    for (size_t ci = 1; ci < s->nchunk; ci++) {
        const hd_chunk *vg = &s->chunks[ci];
        if (vg->kind != CK_VG)
            continue;
        int copula = (s->tok[vg->head].cls & WC_BE) != 0;
        int label = (vg->features & VG_PASSIVE) && (s->tok[vg->head].cls & WC_LABEL);
        if (!copula && !label)
            continue;
        /* the subject: the nearest actor before it, past a parenthetical "Haddad said" */
        int subject = -1;
        for (size_t k = ci; k-- > 0 && subject < 0;) {
            const hd_chunk *x = &s->chunks[k];
            if (x->kind == CK_VG && hd_tok_entry(s, x->head, E_SAY) == NULL && !(x->first > 0 && hd_tok_is(s, x->first, "said")))
                break;
            if (x->kind == CK_NP && x->actor >= 0 && x->actor != speaker && !hd_chunk_in_pp(s, k) &&
                !s->actors[x->actor].from_pronoun) {
                subject = x->actor;
                /* "any armed group fighting the Syrian forces is": the object of a reduced
                 * relative clause is not the subject */
                if (k >= 2 && s->chunks[k - 1].kind == CK_VG &&
                    (s->tok[s->chunks[k - 1].head].tag == T_VBG || s->tok[s->chunks[k - 1].head].tag == T_VBN) &&
                    s->chunks[k - 2].kind == CK_NP && s->chunks[k - 2].actor >= 0 &&
                    s->chunks[k - 2].actor != speaker)
                    subject = s->chunks[k - 2].actor;
            }
        }
        if (subject < 0 || !strcmp(s->actors[subject].code, s->actors[speaker].code))
            continue;
        /* the predicate, up to the next verb group or the clause's end */
        int negation = (vg->features & VG_NEGATED) != 0, terror = 0, same = 0;
        size_t end = vg->last + 1;
        while (end < s->ntok && end < (size_t)vg->last + 10 && s->tok[end].chunk != CK_VG && !hd_tok_is(s, end, ","))
            end++;
        for (size_t t = vg->last + 1; t < end; t++) {
            if (hd_tok_is(s, t, "not") || hd_tok_is(s, t, "no"))
                negation = 1;
            if (hd_tok_is(s, t, "different") || hd_tok_is(s, t, "better"))
                same = negation ? 2 : -1; /* "no different from", "no better than" */
            if (hd_tok_is(s, t, "same") || hd_tok_is(s, t, "like"))
                same = 2;
            if (s->tok[t].cls & WC_TERROR)
                terror = 1;
            if (same == 2 && s->tok[t].covered_by >= 0) {
                const hd_entry *a = hd_tok_entry(s, t, E_ACTOR);
                if (!a)
                    a = hd_match_entry(s, &s->matches[s->tok[t].covered_by], E_ACTOR);
                if (a && !strncmp(hd_actor_dated_code(s, a), "IMG", 3))
                    terror = 1; /* likened to a terrorist group ("ISIS") */
            }
        }
        if (!terror || (same == 0 && negation) || same == -1)
            continue;
        stage_x(c, speaker, subject, 0, "112", 0, HD_MOOD_FACT, "src/coding/hd_event.c:terrorist-label", vg->head, vg->head);
    }
}
