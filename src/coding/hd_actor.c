/* hd_actor.c: turns noun phrases into CAMEO actors.
 *
 * A noun phrase names an actor through a named entry ("Sergey Lavrov" -> RUSGOV, "Free Syrian
 * Army" -> SYRREB), a country or demonym ("Russian", "Syria's") and a generic agent ("jets" ->
 * MIL, "foreign minister" -> GOV). The named entry wins; otherwise country and agent combine
 * ("Russian jets" -> RUSMIL). Dated entries pick the code valid on the event's date. */
#include <string.h>

#include "coding/hd_sent.h"

/* CAMEO type codes that may open an actor code in place of a country. */
static const char *const type_codes[] = {
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "AGR", "BUS", "CRM",
    "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD",
    "IGO", "IMG", "INT", "MNC", "NGM", "NGO", "UIS", "PTY", "RES", "SET", "AMN", "IRC", "GRP",
    "UNO", "PKO", NULL};

static int is_type_code(const char *c)
{
    for (size_t i = 0; type_codes[i]; i++)
        if (type_codes[i][0] == c[0] && type_codes[i][1] == c[1] && type_codes[i][2] == c[2])
            return 1;
    return 0;
}

void hd_actor_split_code(const char *code, char country[4], char role[4])
{
    country[0] = role[0] = '\0';
    size_t n = strlen(code);
    if (n < 3)
        return;
    if (is_type_code(code)) {
        memcpy(role, code, 3);
        role[3] = '\0';
        return;
    }
    memcpy(country, code, 3);
    country[3] = '\0';
    if (n >= 6) {
        memcpy(role, code + 3, 3);
        role[3] = '\0';
    }
}

const char *hd_actor_dated_code(const hd_sent *s, const hd_entry *e)
{
    const hd_model *m = s->model;
    const char *open_ended = NULL;
    for (uint32_t k = 0; k < e->n_aux; k++) {
        const hd_actor_code *ac = &m->actor_codes[e->aux + k];
        if (!ac->from && !ac->to)
            continue;
        if (s->event_date && (!ac->from || s->event_date >= ac->from) && (!ac->to || s->event_date <= ac->to))
            return hd_str(m, ac->code);
        if (!ac->to)
            open_ended = hd_str(m, ac->code);
    }
    if (e->code)
        return hd_str(m, e->code);
    if (!s->event_date && open_ended)
        return open_ended;
    return e->n_aux ? hd_str(m, m->actor_codes[e->aux].code) : "";
}

int hd_is_web_name(const hd_model *m, const char *w, size_t n)
{
    if (n < 4 || !memchr(w + 1, '.', n - 2))
        return 0;
    size_t dot = n - 1;
    while (w[dot] != '.')
        dot--;
    return dot >= 2 && (hd_model_word_lists(m, w + dot, n - dot) & WL_WEB_DOMAIN);
}

/* "Saudi-led forces", "the US-led coalition": a force a country leads is coded as that
 * country's, as CAMEO codes the Saudi-led coalition; a backer ("Iran-backed") is not the group
 * it backs, so only "-led" counts. Writes the country of a "X-led" token; 0 when it is none. */
static int led_by_country(const hd_sent *s, size_t i, char country[4])
{
    const char *w = s->text + s->tok[i].start;
    size_t n = s->tok[i].end - s->tok[i].start;
    if (n < 5 || w[n - 4] != '-' || (w[n - 3] | 32) != 'l' || (w[n - 2] | 32) != 'e' || (w[n - 1] | 32) != 'd')
        return 0;
    const hd_model *m = s->model;
    uint32_t wid = hd_model_word(m, w, n - 4, hd_hash_bytes(w, n - 4));
    uint32_t node = wid == HD_NONE ? HD_NONE : hd_model_child(m, 0, wid);
    if (node == HD_NONE)
        return 0;
    const hd_node *nd = &m->nodes[node];
    for (uint32_t k = 0; k < nd->n_entries; k++) {
        const hd_entry *e = &m->entries[nd->first_entry + k];
        if (e->kind != E_ACTOR)
            continue;
        char c[4], r[4];
        hd_actor_split_code(hd_actor_dated_code(s, e), c, r);
        if (c[0] && !r[0]) {
            memcpy(country, c, 4);
            return 1;
        }
    }
    return 0;
}

/* A capitalised word that can only be a name ("Jim", "Mary", an unknown word), not a title
 * or a word with a common sense ("House"), and in no dictionary phrase. */
static int is_given_name(const hd_sent *s, size_t i)
{
    const hd_tok *t = &s->tok[i];
    if (t->tag != T_NNP || !(t->shape & SH_CAP) || (t->shape & (SH_ALLCAP | SH_TITLEABBR | SH_ABBR)) || t->covered_by >= 0 ||
        (hd_tok_lists(s, i) & (WL_NAME_TITLE | WL_PERSON_TITLE | WL_OFFICE)))
        return 0;
    return t->word == HD_NONE || !(s->model->words[t->word].tags & ~(TAGBIT(T_NNP) | TAGBIT(T_NNPS)));
}

/* One capital letter and a full stop: "R." in "Lynndie R. England". */
static int is_initial(const hd_sent *s, size_t i)
{
    const hd_tok *t = &s->tok[i];
    const unsigned char *text = (const unsigned char *)s->text + t->start;
    return t->end - t->start == 2 && text[0] >= 'A' && text[0] <= 'Z' && text[1] == '.';
}

/* "Ohio Attorney General Jim Petro", "Mary Cheney", "Jeb Bush", "Lynndie England": a one-word
 * name of the actor dictionary (a surname: "Petro" for Gustavo Petro; a country, `country`)
 * right after a given name it does not list names someone else. After two such words it may be a middle
 * name ("Hillary Rodham Clinton"), and stays. */
static int another_persons_name(const hd_sent *s, const hd_match *mt, size_t first, int country)
{
    size_t at = mt->first;
    /* "Lynndie R. England": a country's name after a given name and a middle initial; a
     * surname there is the listed person's full name ("Leon E. Panetta") */
    if (country && mt->n == 1 && at >= first + 2 && is_initial(s, at - 1))
        at--;
    if (mt->n != 1 || at <= first || !is_given_name(s, at - 1))
        return 0;
    return !(at >= first + 2 && is_given_name(s, at - 2));
}

/* In a text with no date, the dated code of a person named by the office he holds ("President
 * Putin", "Chinese President Hu Jintao", "Senator Obama"): the latest of his codes with the
 * title's role (dict/agents.txt: president GOV, senator LEG), unless he held it "former"ly.
 * NULL when the title names no role he ever had. */
static const char *office_code(const hd_sent *s, const hd_entry *e, size_t name, size_t first)
{
    if (s->event_date || name <= first)
        return NULL;
    int at = s->tok[name - 1].match >= 0 ? s->tok[name - 1].match : s->tok[name - 1].covered_by;
    const hd_entry *title = at >= 0 ? hd_match_entry(s, &s->matches[at], E_AGENT) : NULL;
    if (!title)
        return NULL;
    const char *role = hd_str(s->model, title->code);
    role += role[0] == '~';
    for (size_t k = name - 1; k-- > first && k + 5 > name;)
        if (s->tok[k].cls & WC_FORMER)
            return NULL;
    const hd_model *m = s->model;
    const hd_actor_code *best = NULL;
    for (uint32_t k = 0; k < e->n_aux; k++) {
        const hd_actor_code *ac = &m->actor_codes[e->aux + k];
        const char *code = hd_str(m, ac->code);
        if ((ac->from || ac->to) && strlen(code) == 6 && !strncmp(code + 3, role, 3) && (!best || ac->from > best->from))
            best = ac;
    }
    return best ? hd_str(m, best->code) : NULL;
}

/* Looks for actor material in tokens [first, last]; returns 1 when something was found. */
static int scan_tokens(const hd_sent *s, size_t first, size_t last, hd_actor_info *a, int *named_len,
                       char named[32], char country[4], char role[4])
{
    int found = 0;
    for (size_t i = first; i <= last && i < s->ntok; i++) {
        if (s->tok[i].match < 0) {
            if (!country[0] && led_by_country(s, i, country))
                found = 1;
            continue;
        }
        const hd_match *mt = &s->matches[s->tok[i].match];
        const hd_entry *e;
        int before = found || a->outlet;
        if ((e = hd_match_entry(s, mt, E_OUTLET)) != NULL) {
            a->outlet = 1;
            found = 1;
        }
        if ((e = hd_match_entry(s, mt, E_ACTOR)) != NULL && mt->n == 1 && (s->tok[mt->first].cls & WC_PRON) &&
            !(s->tok[mt->first].shape & SH_ALLCAP))
            e = NULL; /* "us" the pronoun is not "US" the country */
        if (e && another_persons_name(s, mt, first, strlen(hd_actor_dated_code(s, e)) == 3))
            e = NULL;
        if (e) {
            const char *code = hd_actor_dated_code(s, e);
            const char *office = office_code(s, e, mt->first, first);
            if (office)
                code = office;
            char c[4], r[4];
            hd_actor_split_code(code, c, r);
            if (strlen(code) == 3 && c[0]) {
                if (!country[0])
                    memcpy(country, c, 4);
            } else if (code[0]) {
                snprintf(named, 32, "%s", code);
                *named_len = (int)mt->n;
                int caps = 0;
                for (size_t k = mt->first; k < mt->first + mt->n; k++)
                    if (s->tok[k].shape & SH_CAP)
                        caps++;
                /* "Vladimir Putin", "Mr. Trump": a name of two words or after a title, or one the
                 * dictionary files under persons ("Obama") */
                int titled = mt->first > 0 && (s->tok[mt->first - 1].shape & SH_TITLEABBR);
                int person = (caps >= 2 || titled || e->form == AK_PERSON) && r[0] && strcmp(r, "IGO") != 0 &&
                             strcmp(r, "NGO") != 0;
                if (person)
                    a->person = 1;
                /* the entry is the person: "Obama", "Barack Obama" and "President Obama" one;
                 * a seat or body of two words ("White House") is none, whatever its case,
                 * and so is a phrase the name only owns ("Trump's spokeswoman") */
                if ((e->form == AK_PERSON || (e->form == AK_UNKNOWN && person)) && mt->first + mt->n - 1 == last) {
                    const char *rule = hd_str(s->model, e->rule), *name = strstr(rule, HD_RULE_NAME);
                    snprintf(a->person_key, sizeof a->person_key, "%s", name ? name + strlen(HD_RULE_NAME) : rule);
                }
                else
                    a->person_key[0] = '\0';
            }
            found = 1;
        }
        if ((e = hd_match_entry(s, mt, E_AGENT)) != NULL) {
            const char *r = hd_str(s->model, e->code);
            if (r[0] == '~')
                r++; /* PETRARCH writes agent roles as "~GOV" */
            /* "police officials", "militia leader": someone of the body a role before names */
            if (!(role[0] && (s->tok[mt->first + mt->n - 1].cls & WC_MEMBER)))
                snprintf(role, 4, "%.3s", r);
            if (strlen(r) > 3) /* keep longer agent codes such as "GOVFRM" whole */
                snprintf(named + 16, 16, "%s", r);
            found = 1;
        }
        if ((found || a->outlet) && !before)
            a->name_last = (uint16_t)(mt->first + mt->n - 1);
        else if (found && (hd_match_entry(s, mt, E_ACTOR) || hd_match_entry(s, mt, E_AGENT)))
            a->name_last = (uint16_t)(mt->first + mt->n - 1);
    }
    return found;
}

/* Singular nouns that name a person by office; "he" and "she" can refer back to them. */
static int is_person_title(const hd_sent *s, size_t i) { return (hd_tok_lists(s, i) & WL_OFFICE) != 0; }

/* Whether a dictionary phrase starting in tokens [first, last] ends after `last`. */
static int title_runs_into(const hd_sent *s, size_t first, size_t last)
{
    for (size_t i = first; i <= last; i++)
        if (s->tok[i].match >= 0 && s->matches[s->tok[i].match].first + s->matches[s->tok[i].match].n - 1 > last)
            return 1;
    return 0;
}

/* "and", "or", "nor" join the members of a compound actor. */
static int is_conjunction(const hd_sent *s, size_t i)
{
    return hd_tok_is(s, i, "and") || hd_tok_is(s, i, "or") || hd_tok_is(s, i, "nor");
}

void hd_actor_sentence(hd_sent *s)
{
    s->nactor = 0;
    for (size_t c = 0; c < s->nchunk; c++) {
        hd_chunk *ch = &s->chunks[c];
        if (ch->kind != CK_NP || s->nactor >= HD_MAX_ACTORS || ch->first < s->dateline)
            continue;
        hd_actor_info a;
        memset(&a, 0, sizeof a);
        a.first = ch->first;
        a.last = ch->last;
        a.compound_next = -1;
        if (ch->first == ch->last && s->tok[ch->first].tag == T_PRP) {
            if (!(s->tok[ch->first].cls & WC_PRON))
                continue;
            a.from_pronoun = 1;
            a.name_last = ch->first;
            a.plural = (s->tok[ch->first].cls & WC_PLURAL) != 0;
            ch->actor = (int16_t)s->nactor;
            s->actors[s->nactor++] = a;
            continue;
        }
        char named[32] = {0}, country[4] = {0}, role[4] = {0};
        int named_len = 0;
        int found = scan_tokens(s, ch->first, ch->last, &a, &named_len, named, country, role);
        /* "the government of Syria", "soldiers from Gondor", "lawmakers in Fornost": the
         * phrase after a bare role supplies the country */
        if (found && !country[0] && !named[0] && role[0] && c + 2 < s->nchunk && s->chunks[c + 1].kind == CK_PP &&
            (hd_tok_is(s, s->chunks[c + 1].first, "of") || hd_tok_is(s, s->chunks[c + 1].first, "from") ||
             hd_tok_is(s, s->chunks[c + 1].first, "in")) &&
            s->chunks[c + 1].np >= 0) {
            const hd_chunk *np2 = &s->chunks[s->chunks[c + 1].np];
            hd_actor_info tmp;
            memset(&tmp, 0, sizeof tmp);
            char n2[32] = {0}, c2[4] = {0}, r2[4] = {0};
            int l2 = 0;
            if (scan_tokens(s, np2->first, np2->last, &tmp, &l2, n2, c2, r2)) {
                if (c2[0])
                    memcpy(country, c2, 4);
                else if (n2[0] && strlen(n2) == 3)
                    memcpy(country, n2, 4); /* "activists of Amnesty International": NGM + OPP */
            }
        }
        /* "Secretary of State John Kerry": a title whose dictionary phrase runs on through
         * "of" into the name after it is that person, though the parse hangs the name on the
         * title's last word ("State") */
        if (found && !named[0] && role[0] && c + 2 < s->nchunk && s->chunks[c + 1].kind == CK_PP &&
            hd_tok_is(s, s->chunks[c + 1].first, "of") && s->chunks[c + 1].np >= 0 &&
            title_runs_into(s, ch->first, ch->last)) {
            const hd_chunk *np2 = &s->chunks[s->chunks[c + 1].np];
            hd_actor_info person;
            memset(&person, 0, sizeof person);
            char n2[32] = {0}, c2[4] = {0}, r2[4] = {0};
            int l2 = 0;
            if (scan_tokens(s, np2->first, np2->last, &person, &l2, n2, c2, r2) && person.person && n2[0] &&
                person.person_key[0]) {
                memcpy(named, n2, sizeof named);
                named_len = l2;
                a.person = 1;
                memcpy(a.person_key, person.person_key, sizeof a.person_key);
                a.name_last = person.name_last;
                a.last = np2->last;
            }
        }
        /* "ChevronTexaco Corp.": a name ending in a company's suffix is a business, also one
         * named after its country ("US Airways Group Inc.", "America Online Inc."): USABUS */
        if (!named[0] && !role[0] && ch->last > ch->first && (hd_tok_lists(s, ch->last) & WL_COMPANY_SUFFIX) &&
            (s->tok[ch->last - 1].shape & SH_CAP)) {
            memcpy(role, "BUS", 4);
            found = 1;
        }
        for (size_t k = ch->first; k <= ch->last; k++)
            if (hd_is_web_name(s->model, s->text + s->tok[k].start, s->tok[k].end - s->tok[k].start)) {
                a.outlet = 1;
                found = 1;
            }
        if (!found)
            continue;
        if (named[0]) {
            snprintf(a.code, sizeof a.code, "%s", named);
        } else if (country[0] || role[0]) {
            /* a longer agent code ("GOVFRM") is kept whole after the country */
            const char *agent = named[16] ? named + 16 : role;
            snprintf(a.code, sizeof a.code, "%s%s", country, agent);
        }
        if (a.code[0])
            hd_actor_split_code(a.code, a.country, a.role);
        if (!a.country[0] && country[0])
            memcpy(a.country, country, 4);
        int ht = s->tok[ch->head].tag;
        a.plural = (ht == T_NNS || ht == T_NNPS) && !((s->tok[ch->head].shape & SH_CAP) && (hd_tok_lists(s, ch->head) & WL_SINGULAR_NAME));
        if (!a.person && ht == T_NN && is_person_title(s, ch->head))
            a.person = 1; /* "the North Korean leader", "the Iraqi prime minister" */
        if (!a.code[0] && !a.outlet)
            continue;
        ch->actor = (int16_t)s->nactor;
        s->actors[s->nactor++] = a;
    }
    /* compounds: "Russia and Syria", "Britain, France and Germany"; without an "and" the
     * commas mark an appositive ("the army, the president's guard, ...") */
    for (size_t c = 0; c + 1 < s->nchunk; c++) {
        const hd_chunk *a = &s->chunks[c];
        if (a->kind != CK_NP || a->actor < 0 || s->actors[a->actor].compound_next >= 0 || s->actors[a->actor].outlet)
            continue;
        int16_t members[8];
        int nm = 0, last_and = -1;
        members[nm++] = a->actor;
        size_t pc = c, j = c + 1;
        while (j < s->nchunk && nm < 8) {
            if (s->chunks[j].kind == CK_OTHER && is_conjunction(s, s->chunks[j].first))
                j++;
            if (j >= s->nchunk)
                break;
            const hd_chunk *b = &s->chunks[j];
            if (b->kind != CK_NP || b->actor < 0 || s->actors[b->actor].outlet)
                break;
            int gap_ok = 1, saw_and = 0, saw_comma = 0;
            for (size_t k = (size_t)s->chunks[pc].last + 1; k < b->first; k++) {
                if (is_conjunction(s, k))
                    saw_and = 1;
                else if (hd_tok_is(s, k, ","))
                    saw_comma = 1;
                else
                    gap_ok = 0;
            }
            /* "praised Netanyahu, and he criticized Iran": a pronoun after a comma and "and"
             * opens a clause of its own */
            if (!gap_ok || !(saw_and || saw_comma) || (saw_comma && s->actors[b->actor].from_pronoun))
                break;
            members[nm++] = b->actor;
            if (saw_and) {
                last_and = nm - 1;
                break; /* "and" closes the list */
            }
            pc = j;
            j++;
        }
        for (int k = 0; k < last_and; k++)
            s->actors[members[k]].compound_next = members[k + 1];
    }
}

int hd_actor_covering(const hd_sent *s, size_t tok)
{
    int best = -1;
    for (size_t a = 0; a < s->nactor; a++)
        if (s->actors[a].first <= tok && tok <= s->actors[a].last &&
            (best < 0 || s->actors[a].last - s->actors[a].first < s->actors[best].last - s->actors[best].first))
            best = (int)a;
    return best;
}

/* The first member of the compound an actor belongs to ("France and Germany condemned": the
 * nearest noun phrase is Germany, the list starts at France). */
int hd_actor_compound_head(const hd_sent *s, int actor)
{
    for (int guard = 0; actor >= 0 && guard < 8; guard++) {
        int prev = -1;
        for (size_t i = 0; i < s->nactor; i++)
            if (s->actors[i].compound_next == actor)
                prev = (int)i;
        if (prev < 0)
            break;
        actor = prev;
    }
    return actor;
}

/* "Indian and Russian troops": two demonyms joined before one role name two actors, a
 * compound whose members share the role. With a parse the second demonym is a conjunct of
 * the first; the actor found for the phrase keeps the first country and the second is added. */
void hd_actor_conjoined(hd_sent *s)
{
    size_t n = s->nactor;
    for (size_t k = 0; k < n && s->nactor < HD_MAX_ACTORS; k++) {
        hd_actor_info *a = &s->actors[k];
        if (!a->country[0] || !a->role[0] || a->from_pronoun || a->compound_next >= 0)
            continue;
        for (size_t d = a->first; d <= a->last && d < s->ntok; d++) {
            if (s->tok[d].rel != R_CONJ || s->tok[d].head < (int16_t)a->first || s->tok[d].head > (int16_t)a->last)
                continue;
            const hd_entry *e = hd_tok_entry(s, d, E_ACTOR);
            if (!e)
                continue;
            char country[4] = {0}, role[4] = {0};
            hd_actor_split_code(hd_actor_dated_code(s, e), country, role);
            if (!country[0] || role[0] || !strcmp(country, a->country))
                continue;
            hd_actor_info b = *a;
            snprintf(b.code, sizeof b.code, "%s%s", country, a->role);
            memcpy(b.country, country, sizeof b.country);
            b.compound_next = -1;
            a->compound_next = (int16_t)s->nactor;
            s->actors[s->nactor++] = b;
            break;
        }
    }
}
