/* hd_entities.c: a document's entities, in the spirit of GDELT's Global Knowledge Graph:
 * the persons and organisations it names, its places (from hd_geo.c) and the natural
 * features the gazetteer lacks, the counts it reports with what they count ("killing 6
 * civilians" -> 6 killed), its quotations with their speakers, and its tone (AFINN-165
 * word valences carried in the model). Collected sentence by sentence while the coder runs,
 * only when hd_options.entities asks for it, and assembled when the document ends. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "document/hd_entities.h"

#include "coding/hd_coder_int.h"
#include "places/hd_gazetteer.h"
#include "places/hd_geo.h"

#define MAX_NAMES_DOC 256
#define MAX_COUNTS_DOC 128
#define MAX_QUOTES_DOC 64
#define MIN_QUOTE_WORDS 4 /* shorter quoted words are names or scare quotes, not quotations */

typedef struct ent_name {
    uint32_t name;      /* offset in hd_ents.text */
    uint32_t key;       /* persons: folded surname; others: folded name */
    char code[32];
    char kind;          /* 'P' person, 'O' organisation, 'F' natural feature */
    char cc[2];         /* feature: the country of the places around it */
    unsigned ntok;      /* words in the name (the fullest form is kept) */
    unsigned mentions;
} ent_name;

typedef struct ent_count {
    double number;
    uint32_t of, text;
    const char *type;
    unsigned sentence;
} ent_count;

typedef struct ent_quote {
    uint32_t text, speaker; /* speaker 0 = unknown */
    const char *kind;
    unsigned sentence;
} ent_quote;

struct hd_ents {
    hd_buf text; /* offset 0 is "" */
    ent_name names[MAX_NAMES_DOC];
    size_t nnames;
    ent_count counts[MAX_COUNTS_DOC];
    size_t ncounts;
    ent_quote quotes[MAX_QUOTES_DOC];
    size_t nquotes;
    /* the quotation open at this point of the document */
    int qopen;
    const char *qbase;
    uint32_t qstart, qspeaker;
    const char *qkind;
    unsigned qsentence;
    /* the assembled result */
    hd_entity persons[MAX_NAMES_DOC], orgs[MAX_NAMES_DOC];
    hd_entity_place places[MAX_NAMES_DOC];
    hd_count out_counts[MAX_COUNTS_DOC];
    hd_quotation out_quotes[MAX_QUOTES_DOC];
    hd_doc_entities out;
    int ready;
};

int hd_ents_begin(hd_coder *c)
{
    if (!c->ents && !(c->ents = calloc(1, sizeof *c->ents)))
        return -1;
    hd_ents *e = c->ents;
    hd_buf_clear(&e->text);
    hd_buf_putc(&e->text, '\0');
    e->nnames = e->ncounts = e->nquotes = 0;
    e->qopen = 0;
    e->ready = 0;
    return 0;
}

void hd_ents_free(hd_ents *e)
{
    if (!e)
        return;
    hd_buf_free(&e->text);
    free(e);
}

void hd_ents_paragraph(hd_coder *c)
{
    if (c->ents)
        c->ents->qopen = 0; /* a quotation left open at a paragraph's end is not closed by the next */
}

/* ---- small helpers ----------------------------------------------------------------------- */

static uint32_t keep_text(hd_ents *e, const char *p, size_t n)
{
    uint32_t off = (uint32_t)e->text.len;
    if (hd_buf_append(&e->text, p, n) != 0 || hd_buf_putc(&e->text, '\0') != 0)
        return 0;
    return off;
}

static const char *tok_text(const hd_sent *s, size_t i, size_t *n)
{
    *n = s->tok[i].end - s->tok[i].start;
    return s->text + s->tok[i].start;
}

static int tok_in(const hd_sent *s, size_t i, const char *const *set)
{
    for (size_t k = 0; set[k]; k++)
        if (hd_tok_is(s, i, set[k]))
            return 1;
    return 0;
}

static int in_list(const hd_sent *s, size_t i, uint32_t list) { return (hd_tok_lists(s, i) & list) != 0; }

static int lemma_in_list(const hd_sent *s, size_t i, uint32_t list) { return (hd_tok_lemma_lists(s, i) & list) != 0; }

static const hd_entry *entry_at(const hd_sent *s, size_t i, int kind)
{
    return s->tok[i].covered_by >= 0 ? hd_match_entry(s, &s->matches[s->tok[i].covered_by], kind) : NULL;
}

static uint32_t fold_key(const char *p, size_t n)
{
    char buf[256];
    size_t k = hd_gazetteer_fold(p, n < 255 ? n : 255, buf, sizeof buf);
    /* Arabic article: "al-Assad" and "Assad" are one surname */
    size_t skip = 0;
    if (k > 3 && (buf[0] == 'a' || buf[0] == 'e') && buf[1] == 'l' && buf[2] == '-')
        skip = 3;
    return hd_hash_bytes(buf + skip, k - skip);
}

/* ---- quotations ------------------------------------------------------------------------- */

/* The attribution that best names who speaks: a person before a body, a body before media. */
static int best_attribution(const hd_coder *c, uint32_t *name, const char **kind)
{
    static const char *const order[] = {"speaker", "source", "media", "outlet", NULL};
    for (size_t o = 0; order[o]; o++)
        for (int k = 0; k < c->nsattr; k++)
            if (strcmp(c->sattr[k].kind, order[o]) == 0) {
                *name = c->sattr[k].name;
                *kind = c->sattr[k].kind;
                return 1;
            }
    return 0;
}

static void quotations(hd_coder *c, hd_ents *e, const hd_sent *s)
{
    for (size_t i = 0; i < s->ntok; i++) {
        if (!(s->tok[i].shape & SH_QUOTE) || s->text[s->tok[i].start] != '"')
            continue;
        if (!e->qopen || e->qbase != s->text) {
            e->qopen = 1;
            e->qbase = s->text;
            e->qstart = s->tok[i].end;
            e->qsentence = c->sentence_no;
            e->qspeaker = 0;
            e->qkind = NULL;
            best_attribution(c, &e->qspeaker, &e->qkind);
            continue;
        }
        e->qopen = 0;
        uint32_t start = e->qstart, end = s->tok[i].start;
        size_t words = 0;
        for (uint32_t p = start; p < end; p++)
            if ((p == start || isspace((unsigned char)s->text[p - 1])) && isalnum((unsigned char)s->text[p]))
                words++;
        if (words < MIN_QUOTE_WORDS || e->nquotes == MAX_QUOTES_DOC)
            continue;
        while (end > start && (isspace((unsigned char)s->text[end - 1]) || s->text[end - 1] == ','))
            end--;
        ent_quote *q = &e->quotes[e->nquotes++];
        q->text = keep_text(e, s->text + start, end - start);
        q->sentence = e->qsentence;
        /* the speaker named where the quotation closes ("..." said X), else where it opened */
        uint32_t name = 0;
        const char *kind = NULL;
        if (best_attribution(c, &name, &kind)) {
            q->speaker = keep_text(e, c->arena.data + name, strlen(c->arena.data + name));
            q->kind = kind;
        } else if (e->qspeaker) {
            q->speaker = keep_text(e, c->arena.data + e->qspeaker, strlen(c->arena.data + e->qspeaker));
            q->kind = e->qkind;
        } else {
            q->speaker = 0;
            q->kind = NULL;
        }
    }
}

/* ---- names ------------------------------------------------------------------------------ */





static int is_particle(const hd_sent *s, size_t i)
{
    size_t n;
    const char *w = tok_text(s, i, &n);
    /* "al-Ahmadi", "el-Sisi", "bin Salman", "ibn", "van", "von", "de" inside a name */
    if (n > 3 && (w[0] == 'a' || w[0] == 'e') && w[1] == 'l' && w[2] == '-' && isupper((unsigned char)w[3]))
        return 1;
    return 0;
}

static int inner_particle(const hd_sent *s, size_t i) { return in_list(s, i, WL_NAME_PARTICLE); }

/* A word that can belong to a name: capitalised and read as a proper noun, a capitalised
 * adjective or noun inside a name ("Federal Council"), or an Arabic particle name. */
static int namey(const hd_sent *s, size_t i)
{
    const hd_tok *t = &s->tok[i];
    if (t->shape & (SH_PUNCT | SH_QUOTE | SH_DIGIT))
        return is_particle(s, i);
    if (t->cls & WC_DATE)
        return 0;
    if (!(t->shape & SH_CAP))
        return is_particle(s, i);
    if (t->tag == T_NNP || t->tag == T_NNPS)
        return 1;
    if (entry_at(s, i, E_ACTOR) || entry_at(s, i, E_OUTLET))
        return 1;
    /* a capitalised common word mid-sentence, followed by a proper noun */
    if (i > 0 && !(s->tok[i - 1].shape & (SH_QUOTE | SH_PUNCT)) && i + 1 < s->ntok &&
        (s->tok[i].tag == T_JJ || s->tok[i].tag == T_NN || s->tok[i].tag == T_NNS) &&
        (s->tok[i + 1].shape & SH_CAP) && (s->tok[i + 1].tag == T_NNP || s->tok[i + 1].tag == T_NNPS))
        return 1;
    return 0;
}

static int has_org_head(const hd_sent *s, size_t a, size_t b)
{
    for (size_t k = a; k <= b; k++)
        if ((k == b || hd_tok_is(s, k + 1, "of") || hd_tok_is(s, k + 1, "for")) && in_list(s, k, WL_ORG_HEAD))
            return 1;
    return 0;
}

/* 1 when every word of [a, b] is a generic agent or title ("Armed Forces", "Air Force"):
 * a description, not a name. */
static int all_generic(const hd_sent *s, size_t a, size_t b)
{
    for (size_t k = a; k <= b; k++)
        if (!entry_at(s, k, E_AGENT) && !in_list(s, k, WL_NAME_TITLE))
            return 0;
    return 1;
}

static int is_place_span(const hd_coder *c, const hd_sent *s, size_t a, size_t b)
{
    for (size_t g = 0; g < c->ngeo; g++) {
        const geo_mention *m = &c->geo[g];
        if (m->base == s->text && m->start <= s->tok[a].start && m->end >= s->tok[b].end)
            return 1;
    }
    return 0;
}

/* A token the lexicon does not know as a common word: a likely part of a person's name. */
static int name_word(const hd_sent *s, size_t i)
{
    const hd_tok *t = &s->tok[i];
    if (!(t->shape & SH_CAP) && !is_particle(s, i))
        return 0;
    if (t->shape & (SH_DIGIT | SH_ALLCAP))
        return 0;
    size_t n;
    const char *w = tok_text(s, i, &n);
    if (memchr(w, '.', n) && !(t->shape & SH_TITLEABBR))
        return 0;
    if (t->word == HD_NONE || t->word >= s->model->n_words)
        return 1;
    const hd_word *hw = &s->model->words[t->word];
    return hw->tags == 0 || (hw->flags & WF_NAME) || hw->best == T_NNP ||
           !(hw->tags & ~(TAGBIT(T_NNP) | TAGBIT(T_NNPS)));
}

/* A word of a title or office ("Secretary", "General", "Foreign Minister"), not of a body. */
static int is_title_word(const hd_sent *s, size_t i)
{
    if (s->tok[i].shape & SH_TITLEABBR)
        return 1;
    if (in_list(s, i, WL_ORG_HEAD))
        return 0;
    const hd_entry *ag = entry_at(s, i, E_AGENT);
    if (ag && s->tok[i].covered_by >= 0 && entry_at(s, i, E_ACTOR) == NULL)
        return 1;
    return in_list(s, i, WL_NAME_TITLE);
}

static void add_name(hd_ents *e, const hd_sent *s, size_t a, size_t b, char kind, const char *code, uint32_t key,
                     const char cc[2])
{
    unsigned ntok = (unsigned)(b - a + 1);
    for (size_t k = 0; k < e->nnames; k++) {
        ent_name *x = &e->names[k];
        if (x->kind != kind || x->key != key)
            continue;
        x->mentions++;
        if (ntok > x->ntok) {
            x->name = keep_text(e, s->text + s->tok[a].start, s->tok[b].end - s->tok[a].start);
            x->ntok = ntok;
        }
        if (!x->code[0] && code && code[0])
            snprintf(x->code, sizeof x->code, "%s", code);
        return;
    }
    if (e->nnames == MAX_NAMES_DOC)
        return;
    ent_name *x = &e->names[e->nnames++];
    memset(x, 0, sizeof *x);
    x->name = keep_text(e, s->text + s->tok[a].start, s->tok[b].end - s->tok[a].start);
    x->key = key;
    x->kind = kind;
    x->ntok = ntok;
    x->mentions = 1;
    if (code)
        snprintf(x->code, sizeof x->code, "%s", code);
    if (cc)
        memcpy(x->cc, cc, 2);
}

static int known_person(const hd_ents *e, uint32_t key)
{
    for (size_t k = 0; k < e->nnames; k++)
        if (e->names[k].kind == 'P' && e->names[k].key == key)
            return 1;
    return 0;
}

/* The actor of a name the document introduced with a title ("ambassador ..., Riad Haddad"). */
static const hd_actor_info *learned_name(const hd_coder *c, const hd_sent *s, size_t i)
{
    uint32_t h = hd_hash_bytes(s->text + s->tok[i].start, s->tok[i].end - s->tok[i].start);
    for (size_t k = 0; k < c->nnames; k++)
        if (c->names[k].word == h)
            return &c->names[k].a;
    return NULL;
}

/* The country of the nearest place named in this sentence, else the document's first. */
static void nearby_country(const hd_coder *c, const hd_sent *s, size_t at, char cc[2])
{
    cc[0] = cc[1] = '\0';
    long best = -1;
    for (size_t g = 0; g < c->ngeo; g++) {
        const geo_mention *m = &c->geo[g];
        const hd_place_rec *p = hd_gazetteer_place(c->gaz, m->place);
        long d = m->base == s->text ? labs((long)m->start - (long)s->tok[at].start) : 1000000L;
        if (best < 0 || d < best) {
            best = d;
            memcpy(cc, p->cc, 2);
        }
    }
}

static void classify_run(hd_coder *c, hd_ents *e, const hd_sent *s, size_t a, size_t b)
{
    size_t n;
    /* an actor the dictionaries know, and what kind of name it is */
    const hd_entry *act = NULL;
    size_t act_first = a, act_last = b;
    for (size_t k = a; k <= b; k++) {
        const hd_entry *x = entry_at(s, k, E_ACTOR);
        /* a person or a body outranks a country named before it ("Russian ... Sergey Lavrov") */
        if (x && x != act && (!act || act->form == AK_PLACE || act->form == AK_UNKNOWN || x->form != AK_PLACE)) {
            const hd_match *mt = &s->matches[s->tok[k].covered_by];
            if (act && x->form == AK_PLACE)
                continue;
            act = x;
            act_first = mt->first;
            act_last = mt->first + mt->n - 1;
        }
    }
    const char *code = act ? hd_actor_dated_code(s, act) : NULL;
    if (is_place_span(c, s, a, b) || (act && act->form == AK_PLACE && act_first <= a && act_last >= b))
        return; /* places come from the geocoder */
    /* features the gazetteer lacks: "the Orontes River", "Lake Chad" */
    if ((in_list(s, b, WL_FEATURE_LAST) && b > a) || (in_list(s, a, WL_FEATURE_FIRST) && b > a)) {
        char cc[2];
        nearby_country(c, s, a, cc);
        const char *w = s->text + s->tok[a].start;
        add_name(e, s, a, b, 'F', NULL, fold_key(w, s->tok[b].end - s->tok[a].start), cc);
        return;
    }
    /* organisations: a news outlet, a dictionary organisation, a name ending in a body's word,
     * an acronym */
    int outlet = 0;
    for (size_t k = a; k <= b; k++) {
        const char *w = tok_text(s, k, &n);
        if (entry_at(s, k, E_OUTLET) || hd_is_web_name(s->model, w, n))
            outlet = 1;
    }
    size_t oa = a;
    while (oa < b && (entry_at(s, oa, E_ACTOR) && strlen(hd_str(s->model, entry_at(s, oa, E_ACTOR)->code)) == 3) &&
           !(act && act->form == AK_ORGANIZATION && act_first == oa))
        oa++; /* "Russian" before "Armed Forces" */
    int capitalised = 1; /* "the Nigerian Army" names an institution; "Nigerian troops" does not */
    for (size_t k = oa; k <= b; k++)
        capitalised = capitalised && (s->tok[k].shape & SH_CAP);
    int introduced = a > 0 && in_list(s, a - 1, WL_ORG_INTRODUCER); /* "the newspaper La Republica" */
    int org = outlet || introduced || (act && act->form == AK_ORGANIZATION) ||
              (has_org_head(s, a, b) && (!all_generic(s, oa, b) || (capitalised && a > 0 && (oa > a || b > oa)))) ||
              (a == b && (s->tok[a].shape & SH_ALLCAP) && !entry_at(s, a, E_AGENT));
    if (org && !(act && act->form == AK_PERSON)) {
        size_t first = (act && act->form == AK_ORGANIZATION) ? (act_first < a ? act_first : a) : a;
        while (first < b && in_list(s, first, WL_NAME_TITLE) && !(act && act_first == first))
            first++;
        const char *w = s->text + s->tok[first].start;
        add_name(e, s, first, b, 'O', code && strlen(code) > 3 ? code : NULL,
                 fold_key(w, s->tok[b].end - s->tok[first].start), NULL);
        return;
    }
    /* persons: strip titles and nationalities ("Russian Foreign Minister Sergey Lavrov") */
    size_t p = a;
    int titled = 0;
    while (p <= b) {
        const hd_entry *ae = entry_at(s, p, E_ACTOR);
        if (entry_at(s, p, E_AGENT) || in_list(s, p, WL_NAME_TITLE) || (s->tok[p].shape & SH_TITLEABBR)) {
            titled = 1;
            p++;
        } else if (ae && strlen(hd_str(s->model, ae->code)) == 3 && ae->form != AK_PERSON)
            p++; /* a country */
        else
            break;
    }
    if (p > b || b - p > 3)
        return;
    for (size_t k = p; k <= b; k++)
        if (!name_word(s, k) && !(act && k >= act_first && k <= act_last) && !(k > p && k < b && inner_particle(s, k)))
            return;
    uint32_t key = fold_key(s->text + s->tok[b].start, s->tok[b].end - s->tok[b].start);
    const hd_actor_info *learned = learned_name(c, s, b);
    int person = (act && act->form == AK_PERSON) || titled || learned || known_person(e, key) || (b > p && !act);
    if (act && act->form == AK_UNKNOWN && b > p)
        person = 1;
    if (!person)
        return;
    const char *pcode = act && act->form == AK_PERSON ? code : learned ? learned->code : NULL;
    /* "Syrian Information Minister Ali al-Ahmadi": the office gives the code */
    int ci = s->tok[b].chunk_index;
    if (!pcode && ci < (int)s->nchunk && s->chunks[ci].kind == CK_NP && s->chunks[ci].actor >= 0 &&
        !s->actors[s->chunks[ci].actor].from_pronoun && s->actors[s->chunks[ci].actor].role[0])
        pcode = s->actors[s->chunks[ci].actor].code;
    add_name(e, s, p, b, 'P', pcode, key, NULL);
}

static void names(hd_coder *c, hd_ents *e, const hd_sent *s)
{
    size_t i = 0;
    while (i < s->ntok) {
        if (!namey(s, i)) {
            i++;
            continue;
        }
        size_t a = i, b = i;
        size_t j = i + 1;
        for (;;) {
            if (j < s->ntok && (namey(s, j) || (inner_particle(s, j) && j + 1 < s->ntok && namey(s, j + 1))) &&
                !(s->tok[j].shape & SH_CLITIC)) {
                b = j++;
                continue;
            }
            /* "Army of Conquest", "Council of the State Duma": a body's name goes on after "of" */
            if (j + 1 < s->ntok && (hd_tok_is(s, j, "of") || hd_tok_is(s, j, "for")) && has_org_head(s, a, b)) {
                size_t k = j + 1;
                if (k + 1 < s->ntok && hd_tok_is(s, k, "the"))
                    k++;
                if (k < s->ntok && namey(s, k)) {
                    b = k;
                    j = k + 1;
                    continue;
                }
            }
            break;
        }
        /* "NATO Secretary General Jens Stoltenberg": a body, then a title and a person */
        size_t split = 0;
        for (size_t t = a + 1; t <= b && !split; t++) {
            if (!is_title_word(s, t) || is_title_word(s, t - 1) || !namey(s, t - 1))
                continue; /* not after "of the" inside a body's name */
            size_t u = t;
            while (u <= b && is_title_word(s, u))
                u++;
            if (u <= b && name_word(s, u))
                split = t;
        }
        if (split) {
            classify_run(c, e, s, a, split - 1);
            classify_run(c, e, s, split, b);
        } else
            classify_run(c, e, s, a, b);
        i = b + 1;
    }
}

/* ---- counts ----------------------------------------------------------------------------- */

static const struct {
    const char *word;
    double value;
} number_words[] = {
    {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7}, {"eight", 8}, {"nine", 9},
    {"ten", 10}, {"eleven", 11}, {"twelve", 12}, {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},
    {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20}, {"thirty", 30},
    {"forty", 40}, {"fifty", 50}, {"sixty", 60}, {"seventy", 70}, {"eighty", 80}, {"ninety", 90},
    {"hundred", 100}, {"dozen", 12}, {NULL, 0}};

/* The value of a number token ("6", "1,500", "2.5", "two"), 0 when it is none. */
static double number_at(const hd_sent *s, size_t i)
{
    size_t n;
    const char *w = tok_text(s, i, &n);
    if (s->tok[i].shape & SH_DIGIT) {
        double v = 0, scale = 0;
        for (size_t k = 0; k < n; k++) {
            char ch = w[k];
            if (ch >= '0' && ch <= '9') {
                if (scale > 0) {
                    v += (ch - '0') * scale;
                    scale /= 10;
                } else
                    v = v * 10 + (ch - '0');
            } else if (ch == ',' && k + 3 < n + 1 && scale == 0)
                continue;
            else if (ch == '.' && scale == 0 && k + 1 < n)
                scale = 0.1;
            else
                return 0; /* "10:30", "1st", "24-hour", "2015-10-01" */
        }
        return v;
    }
    for (size_t k = 0; number_words[k].word; k++)
        if (hd_tok_is(s, i, number_words[k].word))
            return number_words[k].value;
    return 0;
}


static const char *count_type(const hd_sent *s, size_t i)
{
    if (lemma_in_list(s, i, WL_COUNT_KILLED)) return "killed";
    if (lemma_in_list(s, i, WL_COUNT_WOUNDED)) return "wounded";
    if (lemma_in_list(s, i, WL_COUNT_ARRESTED) && !hd_tok_is(s, i, "round")) return "arrested";
    if (lemma_in_list(s, i, WL_COUNT_KIDNAPPED)) return "kidnapped";
    if (lemma_in_list(s, i, WL_COUNT_DISPLACED)) return "displaced";
    if (lemma_in_list(s, i, WL_COUNT_PROTESTERS)) return "protesters";
    return NULL;
}

size_t hd_sentence_counts(const hd_sent *s, hd_count_hit *out, size_t max)
{
    static const char *const scales[] = {"thousand", "million", "billion", NULL};
    static const double scale_values[] = {1e3, 1e6, 1e9};
    size_t found = 0;
    for (size_t i = 0; i < s->ntok && found < max; i++) {
        double v = number_at(s, i);
        if (v <= 0)
            continue;
        size_t n = s->tok[i].end - s->tok[i].start;
        size_t next = i + 1;
        /* dates, years, times, percentages and money are not counts */
        if ((i > 0 && (s->tok[i - 1].cls & WC_DATE)) || (next < s->ntok && (s->tok[next].cls & WC_DATE)))
            continue;
        if ((s->tok[i].shape & SH_DIGIT) && n == 4 && v >= 1800 && v <= 2100)
            continue;
        if (i > 0 && in_list(s, i - 1, WL_MONEY))
            continue;
        if (next < s->ntok && in_list(s, next, WL_NOT_A_COUNT))
            continue;
        if (next < s->ntok && tok_in(s, next, scales)) {
            for (size_t k = 0; scales[k]; k++)
                if (hd_tok_is(s, next, scales[k]))
                    v *= scale_values[k];
            next++;
        }
        if (i > 0 && (hd_tok_is(s, i - 1, "a") || hd_tok_is(s, i - 1, "one")) && hd_tok_is(s, i, "dozen"))
            v = 12;
        /* what is counted: the nouns after the number ("6 civilians", "two Russian Sukhoi Su-24") */
        size_t of_first = next, of_last = next;
        int noun = 0;
        for (size_t k = next; k < s->ntok && k < next + 5; k++) {
            const hd_tok *t = &s->tok[k];
            if (t->shape & (SH_PUNCT | SH_QUOTE))
                break;
            if (t->tag == T_NN || t->tag == T_NNS || t->tag == T_NNP || t->tag == T_NNPS) {
                noun = 1;
                of_last = k;
                continue;
            }
            if (noun)
                break;
            if (t->tag == T_JJ || t->tag == T_JJR || t->tag == T_VBN || t->tag == T_VBG || hd_tok_is(s, k, "more"))
                continue;
            break;
        }
        /* what happened to them: "killing 6 civilians", "6 civilians were killed", "6 dead" */
        const char *type = NULL;
        for (size_t k = i; k-- > 0 && k + 4 >= i && !type;) {
            /* "killed and over 3 million displaced": what was done to those before the
             * conjunction is not what was done to these */
            if ((s->tok[k].shape & SH_PUNCT) || s->tok[k].tag == T_CC)
                break;
            type = count_type(s, k);
        }
        if (noun)
            for (size_t k = of_first; k <= of_last && !type; k++)
                type = count_type(s, k);
        size_t after = noun ? of_last + 1 : next;
        for (size_t k = after; k < s->ntok && k < after + 4 && !type; k++) {
            if (s->tok[k].shape & SH_PUNCT)
                break;
            type = count_type(s, k);
        }
        if (!noun && !type)
            continue;
        if (!noun && hd_tok_is(s, i, "one"))
            continue;
        if (noun && hd_tok_is(s, i, "one") && !type)
            continue; /* "one of the", "one thing": rarely a count worth keeping */
        /* the words read: from a verb just before ("killing at least") to the counted noun */
        size_t t0 = i;
        for (size_t k = i; k-- > 0 && k + 3 >= i;) {
            if (s->tok[k].shape & SH_PUNCT)
                break;
            if (count_type(s, k) || hd_tok_is(s, k, "at") || hd_tok_is(s, k, "least") || hd_tok_is(s, k, "about") ||
                hd_tok_is(s, k, "some") || hd_tok_is(s, k, "nearly") || hd_tok_is(s, k, "almost") ||
                hd_tok_is(s, k, "over") || hd_tok_is(s, k, "more") || hd_tok_is(s, k, "than"))
                t0 = k;
            else
                break;
        }
        hd_count_hit *h = &out[found++];
        h->number = v;
        h->type = type;
        h->first = t0;
        h->last = noun ? of_last : i;
        h->of_first = of_first;
        h->of_last = of_last;
        h->noun = noun;
        i = h->last;
    }
    return found;
}

static void counts(hd_coder *c, hd_ents *e, const hd_sent *s)
{
    hd_count_hit hits[MAX_COUNTS_DOC];
    size_t room = MAX_COUNTS_DOC - (size_t)e->ncounts;
    size_t n = hd_sentence_counts(s, hits, room);
    for (size_t k = 0; k < n; k++) {
        const hd_count_hit *h = &hits[k];
        ent_count *ct = &e->counts[e->ncounts++];
        ct->number = h->number;
        ct->type = h->type;
        ct->sentence = c->sentence_no;
        ct->of = h->noun ? keep_text(e, s->text + s->tok[h->of_first].start,
                                     s->tok[h->of_last].end - s->tok[h->of_first].start)
                         : keep_text(e, "", 0);
        ct->text = keep_text(e, s->text + s->tok[h->first].start, s->tok[h->last].end - s->tok[h->first].start);
    }
}

/* ---- per sentence and per document ----------------------------------------------------- */

void hd_ents_sentence(hd_coder *c)
{
    hd_ents *e = c->ents;
    if (!e)
        return;
    const hd_sent *s = &c->sent;
    quotations(c, e, s);
    names(c, e, s);
    counts(c, e, s);
}

void hd_ents_finish(hd_coder *c)
{
    hd_ents *e = c->ents;
    if (!e)
        return;
    hd_doc_entities *o = &e->out;
    memset(o, 0, sizeof *o);
    o->doc_id = c->doc->id;
    const char *t = e->text.data;
    size_t np = 0, no = 0, npl = 0;
    for (size_t k = 0; k < e->nnames; k++) {
        const ent_name *x = &e->names[k];
        if (x->kind == 'F') {
            hd_entity_place *pl = &e->places[npl++];
            memset(pl, 0, sizeof *pl);
            pl->location.name = t + x->name;
            pl->location.mention = t + x->name;
            pl->location.mention_len = strlen(t + x->name);
            memcpy(pl->location.country, x->cc, 2);
            pl->location.admin1 = "";
            pl->location.geonames_id = "";
            pl->location.precision = "feature";
            pl->mentions = x->mentions;
            continue;
        }
        hd_entity *en = x->kind == 'P' ? &e->persons[np++] : &e->orgs[no++];
        en->name = t + x->name;
        en->code = x->code;
        en->mentions = x->mentions;
    }
    /* the geocoder's places, once each, in order of first mention */
    for (size_t g = 0; g < c->ngeo && npl < MAX_NAMES_DOC; g++) {
        size_t k = 0;
        while (k < g && c->geo[k].place != c->geo[g].place)
            k++;
        if (k < g) {
            for (size_t q = 0; q < npl; q++)
                if (e->places[q].has_coordinates && e->places[q].location.geonames_id &&
                    strcmp(e->places[q].location.geonames_id,
                           hd_gazetteer_str(c->gaz, hd_gazetteer_place(c->gaz, c->geo[g].place)->id)) == 0)
                    e->places[q].mentions++;
            continue;
        }
        hd_entity_place *pl = &e->places[npl++];
        hd_geo_fill(c, &c->geo[g], &pl->location);
        pl->has_coordinates = 1;
        pl->mentions = 1;
    }
    for (size_t k = 0; k < e->ncounts; k++) {
        hd_count *ct = &e->out_counts[k];
        ct->number = e->counts[k].number;
        ct->of = t + e->counts[k].of;
        ct->type = e->counts[k].type;
        ct->text = t + e->counts[k].text;
        ct->sentence = e->counts[k].sentence;
    }
    for (size_t k = 0; k < e->nquotes; k++) {
        hd_quotation *q = &e->out_quotes[k];
        q->text = t + e->quotes[k].text;
        q->speaker = e->quotes[k].speaker ? t + e->quotes[k].speaker : NULL;
        q->speaker_kind = e->quotes[k].kind;
        q->sentence = e->quotes[k].sentence;
    }
    o->persons = e->persons;
    o->n_persons = np;
    o->organizations = e->orgs;
    o->n_organizations = no;
    o->places = e->places;
    o->n_places = npl;
    o->counts = e->out_counts;
    o->n_counts = e->ncounts;
    o->quotations = e->out_quotes;
    o->n_quotations = e->nquotes;
    /* the tone is the coder's, counted over the sentences it codes (hd_coder_doc_measures) */
    o->word_count = (size_t)c->tone_words;
    if (c->tone_words > 0) {
        o->positive = 100.0 * (double)c->tone_positive / (double)c->tone_words;
        o->negative = 100.0 * (double)c->tone_negative / (double)c->tone_words;
    }
    o->tone = o->positive - o->negative;
    o->polarity = o->positive + o->negative;
    e->ready = 1;
}

const hd_doc_entities *hd_coder_entities(const hd_coder *c)
{
    return c && c->ents && c->ents->ready ? &c->ents->out : NULL;
}
