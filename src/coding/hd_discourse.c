/* hd_discourse.c: what a sentence inherits from the document and gives back to it:
 * speakers and outlets the events are credited to ("Lavrov said", "as Vesti.ru reported",
 * "according to Reuters", hedges), names introduced with a title ("Syria's ambassador,
 * Riad Haddad" ... "Haddad said"), pronouns and possessives resolved to the nearest
 * fitting actor, and the actors remembered for the sentences that follow. */
#include <stdio.h>
#include <string.h>

#include "coding/hd_coder_int.h"

void hd_remember_actors(hd_coder *c)
{
    const hd_sent *s = &c->sent;
    for (size_t i = 0; i < s->nactor; i++) {
        const hd_actor_info *a = &s->actors[i];
        if (a->from_pronoun || a->outlet || !a->code[0])
            continue;
        if (c->nhist == HISTORY) {
            memmove(c->hist, c->hist + 1, (HISTORY - 1) * sizeof *c->hist);
            c->nhist--;
        }
        c->hist[c->nhist].a = *a;
        c->hist[c->nhist].sentence = c->sentence_no;
        c->nhist++;
    }
}

/* 1 when tokens [first, last] are a bare name: capitalised words the dictionaries do not know. */
static int bare_name(const hd_sent *s, size_t first, size_t last)
{
    if (last < first || last - first > 3)
        return 0;
    for (size_t k = first; k <= last; k++)
        if (s->tok[k].tag != T_NNP || s->tok[k].covered_by >= 0 || (s->tok[k].shape & SH_TITLEABBR))
            return 0;
    return 1;
}

static uint32_t name_key(const hd_sent *s, size_t tok)
{
    return hd_hash_bytes(s->text + s->tok[tok].start, s->tok[tok].end - s->tok[tok].start);
}

/* Learns the name ending at token `tok` as the person `a` is: the actor introducing the name
 * ("Sen. Ted Cruz") and every later bare "Cruz" are one person ("name:Cruz") in the store. */
static void learn_name(hd_coder *c, size_t tok, hd_actor_info *a)
{
    const hd_sent *s = &c->sent;
    uint32_t word = name_key(s, tok);
    if (!a->person_key[0])
        snprintf(a->person_key, sizeof a->person_key, "name:%.*s", (int)(s->tok[tok].end - s->tok[tok].start),
                 s->text + s->tok[tok].start);
    for (size_t i = 0; i < c->nnames; i++)
        if (c->names[i].word == word)
            return; /* the first introduction stands */
    if (c->nnames < MAX_NAMES) {
        c->names[c->nnames].word = word;
        c->names[c->nnames].a = *a;
        c->names[c->nnames].a.person = 1;
        c->nnames++;
    }
}

/* Learns names introduced next to an actor ("Russian Foreign Minister Sergey Lavrov", "Syria's
 * ambassador to Russia, Riad Haddad,") and gives later bare mentions of them that actor. */
void hd_track_names(hd_coder *c)
{
    hd_sent *s = &c->sent;
    for (size_t ci = 0; ci < s->nchunk; ci++) {
        hd_chunk *ch = &s->chunks[ci];
        if (ch->kind != CK_NP)
            continue;
        if (ch->actor >= 0) {
            hd_actor_info *a = &s->actors[ch->actor];
            if (a->from_pronoun || a->outlet || !a->role[0])
                continue;
            /* the name inside the phrase, after the words that made the actor */
            if (a->name_last < ch->last && bare_name(s, (size_t)a->name_last + 1, ch->last) && ch->last > a->name_last + 1)
                learn_name(c, ch->last, a);
            /* an appositive: ACTOR [of/to PHRASE] , NAME , */
            size_t k = ci + 1;
            while (k + 1 < s->nchunk && s->chunks[k].kind == CK_PP && s->chunks[k].np == (int16_t)(k + 1))
                k += 2;
            if (k < s->nchunk && s->chunks[k].kind == CK_NP && s->chunks[k].actor < 0 &&
                s->chunks[k].first > 0 && hd_tok_is(s, s->chunks[k].first - 1, ",") &&
                bare_name(s, s->chunks[k].first, s->chunks[k].last) && s->chunks[k].last > s->chunks[k].first)
                learn_name(c, s->chunks[k].last, a);
            continue;
        }
        if (!bare_name(s, ch->first, ch->last) || s->nactor >= HD_MAX_ACTORS)
            continue;
        for (size_t i = 0; i < c->nnames; i++)
            if (c->names[i].word == name_key(s, ch->last)) {
                hd_actor_info a = c->names[i].a;
                a.first = ch->first;
                a.last = ch->last;
                a.name_last = ch->last;
                a.compound_next = -1;
                ch->actor = (int16_t)s->nactor;
                s->actors[s->nactor++] = a;
                break;
            }
    }
}

/* "Border Patrol agents take them into custody", "Trump told him": an object pronoun is
 * never the subject of its own verb (that would be "themselves"). */
static int subject_of_own_clause(const hd_sent *s, const hd_actor_info *pronoun, const hd_actor_info *b)
{
    if (!s->parsed)
        return 0;
    size_t p = pronoun->first;
    int rel = s->tok[p].rel, verb = s->tok[p].head;
    if (verb < 0 || (rel != R_OBJ && rel != R_IOBJ))
        return 0;
    for (size_t j = b->first; j <= b->last && j < s->ntok; j++)
        if (s->tok[j].head == verb && (s->tok[j].rel == R_NSUBJ || s->tok[j].rel == R_NSUBJ_PASS))
            return 1;
    return 0;
}

/* 1 when actor a is the subject of a verb: its phrase's head (the token whose head lies outside
 * it) is one */
static int is_subject(const hd_sent *s, const hd_actor_info *a)
{
    if (!s->parsed)
        return 0;
    for (size_t j = a->first; j <= a->last && j < s->ntok; j++) {
        int h = s->tok[j].head;
        if (h < 0 || ((size_t)h >= a->first && (size_t)h <= a->last))
            continue;
        return s->tok[j].rel == R_NSUBJ || s->tok[j].rel == R_NSUBJ_PASS;
    }
    return 0;
}

/* Resolves pronoun actors to the nearest fitting actor: first earlier in the sentence (a
 * subject pronoun first among the subjects there), then in the two sentences before. "We" in
 * a quotation is the speaker's side. Unresolved pronouns stay without a code, so they never
 * produce an event. */
void hd_resolve_pronouns(hd_coder *c)
{
    hd_sent *s = &c->sent;
    for (size_t i = 0; i < s->nactor; i++) {
        hd_actor_info *a = &s->actors[i];
        if (!a->from_pronoun) {
            /* "our forces", "its army": a role whose country a possessive names */
            if (!a->country[0] && a->role[0] && strlen(a->code) == 3 && s->tok[a->first].tag == T_PRPS) {
                const hd_actor_info *owner = NULL;
                if (hd_tok_is(s, a->first, "our")) {
                    if (c->speaker_actor >= 0 && !s->actors[c->speaker_actor].from_pronoun)
                        owner = &s->actors[c->speaker_actor];
                    else if (c->quote_open && c->quote_speaker.code[0])
                        owner = &c->quote_speaker;
                } else if (!hd_tok_is(s, a->first, "my") && !hd_tok_is(s, a->first, "your")) {
                    /* "his"/"her" belong to a person, "its"/"their" to a country or group */
                    int want_person = hd_tok_is(s, a->first, "his") || hd_tok_is(s, a->first, "her");
                    for (size_t k = i; k-- > 0 && !owner;)
                        if (s->actors[k].country[0] && !s->actors[k].outlet && s->actors[k].person == want_person)
                            owner = &s->actors[k];
                    for (size_t k = c->nhist; k-- > 0 && !owner && c->hist[k].sentence + 1 >= c->sentence_no;)
                        if (c->hist[k].a.country[0] && c->hist[k].a.person == want_person)
                            owner = &c->hist[k].a;
                }
                if (owner && owner->country[0]) {
                    char role[4];
                    memcpy(role, a->role, 4);
                    snprintf(a->code, sizeof a->code, "%s%s", owner->country, role);
                    memcpy(a->country, owner->country, 4);
                }
            }
            continue;
        }
        const hd_actor_info *pick = NULL;
        int we = (s->tok[a->first].cls & WC_WE) != 0;
        if (s->tok[a->first].cls & WC_IT) {
            /* "it" only where it is safe: "the Pentagon said it was sending troops" */
            if (c->speaker_actor >= 0 && (size_t)c->speaker_actor < i && !s->actors[c->speaker_actor].person &&
                !s->actors[c->speaker_actor].from_pronoun && !s->actors[c->speaker_actor].plural) {
                const hd_actor_info *sp = &s->actors[c->speaker_actor];
                memcpy(a->code, sp->code, sizeof a->code);
                memcpy(a->country, sp->country, 4);
                memcpy(a->role, sp->role, 4);
            }
            continue;
        }
        int person = (s->tok[a->first].cls & WC_PERSON) != 0;
        if (we) {
            if (c->speaker_actor >= 0 && !s->actors[c->speaker_actor].from_pronoun)
                pick = &s->actors[c->speaker_actor];
            else if (c->quote_open && c->quote_speaker.code[0])
                pick = &c->quote_speaker; /* a quotation that began in an earlier sentence */
        } else {
            /* "Trump said he would ...": a speaker is the likeliest "he" of his own sentence */
            if (person && c->speaker_actor >= 0 && (size_t)c->speaker_actor < i && s->actors[c->speaker_actor].person &&
                !s->actors[c->speaker_actor].from_pronoun)
                pick = &s->actors[c->speaker_actor];
            /* "Obama praised Netanyahu, and he didn't mince words": a subject pronoun
             * continues the subject of an earlier clause before it takes a nearer object */
            for (int subjects = is_subject(s, a); subjects >= 0 && !pick; subjects--)
                for (size_t k = i; k-- > 0 && !pick;) {
                    const hd_actor_info *b = &s->actors[k];
                    if (b->from_pronoun || b->outlet || !b->code[0] || subject_of_own_clause(s, a, b) ||
                        (subjects && !is_subject(s, b)))
                        continue;
                    /* "they" is a body, or persons named together ("Kerry and Hammond") */
                    if (person ? b->person : !b->person || b->compound_next >= 0)
                        pick = b;
                }
            for (size_t k = c->nhist; k-- > 0 && !pick;) {
                const remembered *r = &c->hist[k];
                if (r->sentence + 2 < c->sentence_no)
                    break;
                if (person ? r->a.person : !r->a.person)
                    pick = &r->a;
            }
        }
        if (pick) {
            memcpy(a->code, pick->code, sizeof a->code);
            memcpy(a->country, pick->country, 4);
            memcpy(a->role, pick->role, 4);
            a->person = pick->person;
            if (!we) /* "we" is the speaker's side, not the speaker */
                memcpy(a->person_key, pick->person_key, sizeof a->person_key);
        }
    }
}

static uint32_t arena_text(hd_coder *c, const char *p, size_t n)
{
    uint32_t off = (uint32_t)c->arena.len;
    hd_buf_append(&c->arena, p, n);
    hd_buf_putc(&c->arena, '\0');
    return off;
}

/* The words of a noun phrase as a name, without leading determiners. */
static uint32_t np_name(hd_coder *c, const hd_chunk *np)
{
    const hd_sent *s = &c->sent;
    size_t first = np->first;
    while (first < np->last && (s->tok[first].tag == T_DT || s->tok[first].tag == T_PDT))
        first++;
    return arena_text(c, s->text + s->tok[first].start, s->tok[np->last].end - s->tok[first].start);
}

static void add_sentence_attr(hd_coder *c, const char *kind, uint32_t name)
{
    for (int i = 0; i < c->nsattr; i++)
        if (strcmp(c->arena.data + c->sattr[i].name, c->arena.data + name) == 0)
            return;
    if (c->nsattr < MAX_ATTR) {
        c->sattr[c->nsattr].kind = kind;
        c->sattr[c->nsattr].name = name;
        c->nsattr++;
    }
}

static const char *attr_kind(const hd_sent *s, const hd_chunk *np)
{
    if (np->actor >= 0 && s->actors[np->actor].outlet)
        return "outlet";
    for (size_t k = np->first; k <= np->last; k++)
        if (hd_tok_is(s, k, "media") || hd_tok_is(s, k, "journalists") || hd_tok_is(s, k, "reporters") ||
            hd_tok_is(s, k, "newspaper") || hd_tok_is(s, k, "television") || hd_tok_is(s, k, "agency"))
            return "media";
    if (np->actor >= 0 && s->actors[np->actor].person)
        return "speaker";
    if (s->tok[np->head].tag == T_NNP)
        return "speaker";
    return "source";
}

/* Only actors, outlets, named people and the media report or speak ("video published" does not). */
static int can_speak(const hd_sent *s, const hd_chunk *np)
{
    if (np->actor >= 0)
        return 1;
    if (s->tok[np->head].tag == T_NNP || s->tok[np->head].tag == T_NNPS)
        return 1;
    return strcmp(attr_kind(s, np), "media") == 0;
}

static int is_verb_entry(const hd_sent *s, size_t tok, int kind)
{
    if (s->tok[tok].covered_by < 0)
        return 0;
    const hd_match *mt = &s->matches[s->tok[tok].covered_by];
    return hd_match_entry(s, mt, kind) != NULL;
}

/* Finds speakers and outlets: subjects of reporting verbs ("Lavrov said", "said Lavrov",
 * "as Vesti.ru reported"), "according to X", and hedges. */
void hd_find_attribution(hd_coder *c)
{
    hd_sent *s = &c->sent;
    c->nsattr = 0;
    c->shedged = 0;
    c->trailing_outlet = -1;
    c->speaker_actor = -1;
    for (size_t i = 0; i < s->nmatch; i++)
        if (hd_match_entry(s, &s->matches[i], E_HEDGE))
            c->shedged = 1;
    for (size_t ci = 0; ci < s->nchunk; ci++) {
        const hd_chunk *ch = &s->chunks[ci];
        if (ch->kind == CK_PP && hd_tok_is(s, ch->first, "to") && ch->first > 0 &&
            hd_tok_is(s, ch->first - 1, "according") && ch->np >= 0) {
            const hd_chunk *np = &s->chunks[ch->np];
            add_sentence_attr(c, attr_kind(s, np), np_name(c, np));
            continue;
        }
        if (ch->kind != CK_VG || !is_verb_entry(s, ch->head, E_SAY))
            continue;
        /* subject to the left within the clause, else the noun phrase right after */
        int named = -1, actor_np = -1;
        for (size_t k = ci; k-- > 0;) {
            const hd_chunk *x = &s->chunks[k];
            if (x->kind == CK_VG)
                break;
            int quoted = 0; /* '"...groups," said Lavrov': the words before the quote mark are quoted */
            for (size_t q = (size_t)x->last + 1; q < ch->first; q++)
                if (s->tok[q].shape & SH_QUOTE)
                    quoted = 1;
            if (quoted)
                break;
            /* "as Vesti.ru reported": the subject follows "as" */
            if (x->kind == CK_NP && (!hd_chunk_in_pp(s, k) || hd_tok_is(s, s->chunks[k - 1].first, "as"))) {
                if (named < 0)
                    named = (int)k;
                if (x->actor >= 0 && actor_np < 0)
                    actor_np = (int)k;
                if (s->tok[x->head].tag == T_NNP && s->chunks[named].actor < 0 && s->tok[s->chunks[named].head].tag != T_NNP)
                    named = (int)k;
            }
            /* stop at a clause opener or quotation mark between speaker and verb */
            if (x->first > 0 && (s->tok[x->first - 1].shape & SH_QUOTE))
                break;
            if (x->kind == CK_OTHER && (s->tok[x->first].tag == T_WDT || hd_tok_is(s, x->first, "that")))
                break;
            if (x->kind == CK_NP && !hd_chunk_in_pp(s, k) && k + 1 < ci && s->chunks[k + 1].kind == CK_VG)
                break;
        }
        if (named < 0) {
            for (size_t k = ci + 1; k < s->nchunk && k <= ci + 2; k++)
                if (s->chunks[k].kind == CK_NP) {
                    named = (int)k;
                    if (s->chunks[k].actor >= 0)
                        actor_np = (int)k;
                    /* "said Russian Foreign Minister Sergey Lavrov" may continue in a second NP */
                    if (k + 1 < s->nchunk && s->chunks[k + 1].kind == CK_NP) {
                        if (s->chunks[k + 1].actor >= 0)
                            actor_np = (int)k + 1;
                        named = (int)k + 1;
                    }
                    break;
                } else if (s->chunks[k].kind != CK_OTHER)
                    break;
        }
        if (named < 0 || !can_speak(s, &s->chunks[named]))
            continue;
        if (s->chunks[named].actor >= 0 && s->actors[s->chunks[named].actor].from_pronoun) {
            /* "he said": the speaker is who "he" is; a pronoun is no name to credit */
            c->speaker_actor = s->chunks[named].actor;
            continue;
        }
        const hd_chunk *np = &s->chunks[named];
        const char *kind = attr_kind(s, np);
        if (actor_np >= 0 && strcmp(kind, "outlet") != 0)
            c->speaker_actor = s->chunks[actor_np].actor;
        add_sentence_attr(c, kind, np_name(c, np));
        /* "..., CNN reports." closing the sentence credits the whole paragraph */
        if (strcmp(kind, "outlet") == 0 && (size_t)ch->last + 2 >= s->ntok)
            c->trailing_outlet = c->nsattr - 1;
    }
}
