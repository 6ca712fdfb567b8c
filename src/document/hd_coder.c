/* hd_coder.c: codes a document into CAMEO events (the public hd_coder_* and
 * hd_code_document calls). The document is validated, normalised, tokenised and split into
 * sentences; each sentence is matched against the dictionaries, tagged and parsed by the
 * trained syntax stage (coding/hd_sent_parse.c; a model without one takes the lexicon's
 * tags), chunked and its noun phrases resolved to actors (hd_match.c,
 * hd_chunk.c, hd_actor.c), set in its discourse (hd_discourse.c) and coded (hd_event.c, which
 * reads the tree through hd_clause.c). Events of a paragraph are staged so that a closing
 * "..., CNN reports." can be credited to all of them, then delivered to the sink. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coding/hd_coder_int.h"
#include "document/hd_entities.h"
#include "places/hd_geo.h"
#include "text/hd_normalize.h"
#include "typing/hd_typing.h"

hd_coder *hd_coder_new(const hd_model *model)
{
    if (!model)
        return NULL;
    hd_coder *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->m = model;
    c->wclass = hd_wordclass_build(model);
    const hd_linear *confidence = hd_linear_find(&model->typing, "confidence");
    if (confidence && !(confidence->flags & HD_LINEAR_LOGISTIC))
        confidence = NULL;
    c->confidence_model = confidence;
    c->case_model = hd_linear_find(&model->typing, "case");
    int typed = confidence || c->case_model;
    c->confidence_features = typed ? malloc(sizeof(hd_features)) : NULL;
    if (!c->wclass || (typed && !c->confidence_features)) {
        free(c->wclass);
        free(c->confidence_features);
        free(c);
        return NULL;
    }
    c->sent.wclass = c->wclass;
    c->sent.wcache = calloc(HD_WCACHE_SIZE, sizeof *c->sent.wcache);
    if (!c->sent.wcache) {
        free(c->wclass);
        free(c->confidence_features);
        free(c);
        return NULL;
    }
    for (size_t i = 0; i < HD_WCACHE_SIZE; i++)
        c->sent.wcache[i].len = 0xff; /* empty */
    c->opt.emit_negated = 1;
    c->opt.emit_hypothetical = 0;
    c->opt.min_confidence = HD_DEFAULT_MIN_CONFIDENCE;
    c->sent.model = model;
    return c;
}

void hd_coder_set_options(hd_coder *c, const hd_options *opt)
{
    if (opt)
        c->opt = *opt;
    else {
        memset(&c->opt, 0, sizeof c->opt);
        c->opt.emit_negated = 1;
        c->opt.min_confidence = HD_DEFAULT_MIN_CONFIDENCE;
    }
}

void hd_coder_set_gazetteer(hd_coder *c, const hd_gazetteer *g)
{
    c->gaz = g;
    hd_geo_index_countries(c);
}

void hd_coder_free(hd_coder *c)
{
    if (!c)
        return;
    hd_buf_free(&c->norm);
    hd_buf_free(&c->title);
    hd_buf_free(&c->arena);
    free(c->spans);
    free(c->starts);
    free(c->tok);
    free(c->ev);
    free(c->sent.matches);
    hd_sent_parse_free(&c->sent);
    free(c->seen);
    free(c->geo);
    free(c->confidence_features);
    hd_ents_free(c->ents);
    free(c->wclass);
    free(c->sent.wcache);
    free(c);
}

const char *hd_coder_error(const hd_coder *c) { return c->err; }

/* The words of a sentence, and those AFINN-165 (the model's valences) rates positive or
 * negative, for the document's tone. */
static void count_tone(hd_coder *c, const hd_sent *s)
{
    for (size_t i = 0; i < s->ntok; i++) {
        if (s->tok[i].shape & SH_PUNCT)
            continue;
        c->tone_words++;
        uint32_t w = s->tok[i].word;
        if (w == HD_NONE || w >= s->model->n_words)
            continue;
        int v = s->model->words[w].valence;
        c->tone_positive += v > 0;
        c->tone_negative += v < 0;
    }
}

/* The dead a sentence counts ("killing at least 6 civilians") are its violent events'
 * fatalities (ACLED's): the largest count of the killed, for the events of roots 18-20 coded
 * in this sentence; -1 (unknown) for the others. ACLED counts the dead of one day at one
 * place, so an act of no one day ("has killed 5,400 people since April", "were killed in
 * 2013"), an act told as background, and a toll of tens of thousands (a war's or a famine's)
 * give no count. */
#define MAX_EVENT_FATALITIES 10000
static void count_fatalities(hd_coder *c, const hd_sent *s)
{
    size_t first = c->nev;
    while (first > 0 && c->ev[first - 1].sentence == c->sentence_no)
        first--;
    if (first == c->nev)
        return;
    hd_count_hit hits[16];
    size_t n = hd_sentence_counts(s, hits, 16);
    double dead = -1;
    for (size_t k = 0; k < n; k++)
        if (hits[k].type && !strcmp(hits[k].type, "killed") && hits[k].number > dead)
            dead = hits[k].number;
    for (size_t i = first; i < c->nev; i++) {
        int root = (c->ev[i].code[0] - '0') * 10 + (c->ev[i].code[1] - '0');
        const char *prec = c->ev[i].date_prec ? c->ev[i].date_prec : "none";
        int one_day = !strcmp(prec, "day") || !strcmp(prec, "publication");
        int violent = root >= 18 && root <= 20 && !c->ev[i].background && one_day;
        c->ev[i].fatalities = violent && dead >= 0 && dead < MAX_EVENT_FATALITIES ? (long)dead : -1;
    }
}

int hd_coder_doc_measures(const hd_coder *c, double *tone, size_t *chars)
{
    if (!c || !c->doc)
        return -1;
    *tone = c->tone_words ? 100.0 * (double)(c->tone_positive - c->tone_negative) / (double)c->tone_words : 0.0;
    *chars = c->doc_chars;
    return 0;
}

static int attr_rank(const char *kind)
{
    return !strcmp(kind, "outlet") ? 0 : !strcmp(kind, "media") ? 1 : !strcmp(kind, "source") ? 2 : 3;
}

/* Whether staged events a and b read the same way: both facts, or both the same kind of
 * not-fact. */
static int same_reading(const staged *a, const staged *b)
{
    return a->sentence == b->sentence && a->negated == b->negated && a->mood == b->mood && a->hedged == b->hedged;
}

/* One act of violence told by several verbs of a sentence ("killed 44 people and wounded 27",
 * "peacekeepers were killed during an air raid by Ivorian bombers", "battles between insurgents
 * and troops killed 27 people") is one event: a later verb that names no one the first does
 * not (the same doer and no target, or no doer and no target the first lacks) adds nothing.
 * Marks it with an empty code. */
static void merge_one_act(hd_coder *c)
{
    for (size_t i = 0; i < c->nev; i++) {
        staged *a = &c->ev[i];
        if (!a->code[0] || !hd_code_in_roots(a->code, 18, 20))
            continue;
        for (size_t j = 0; j < c->nev; j++) {
            staged *b = &c->ev[j];
            if (j == i || !b->code[0] || !hd_code_in_roots(b->code, 18, 20) || !same_reading(a, b) || b->trig_start <= a->trig_start)
                continue;
            int same_doer = a->has_src && b->has_src && !strcmp(a->src.code, b->src.code);
            if ((same_doer && a->has_tgt && !b->has_tgt) || (a->has_src && !b->has_src && (a->has_tgt || !b->has_tgt)))
                b->code[0] = '\0';
        }
    }
}

static void flush_paragraph(hd_coder *c)
{
    merge_one_act(c);
    for (size_t i = 0; i < c->nev && !c->stop; i++) {
        staged *e = &c->ev[i];
        if (!e->code[0])
            continue; /* merged into another (merge_one_act) */
        /* an act with no one named as doing it or undergoing it is no "who did what to whom":
         * most such records are figures of speech and generic statements ("the opening shot
         * was fired", "restricted rules of engagement"), which is why PETRARCH codes none */
        if (!e->has_src && !e->has_tgt && !c->opt.emit_actorless)
            continue;
        hd_event ev;
        memset(&ev, 0, sizeof ev);
        hd_attribution attr[MAX_ATTR];
        ev.doc_id = c->doc->id;
        ev.sentence = e->sentence;
        ev.span_start = e->s_start;
        ev.span_end = e->s_end;
        ev.text = e->base + e->s_start;
        ev.text_len = e->s_end - e->s_start;
        memcpy(ev.date, e->date, sizeof ev.date);
        ev.date_precision = e->date_prec;
        hd_location loc;
        int root = (e->code[0] - '0') * 10 + (e->code[1] - '0');
        ev.quad_class = root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
        hd_geo_actors who = {e->has_src ? e->src_start : 0, e->has_src ? e->src_end : 0,
                             e->has_tgt ? e->tgt_start : 0,  e->has_tgt ? e->tgt_end : 0,
                             e->has_src ? e->src.country : NULL, e->has_tgt ? e->tgt.country : NULL,
                             e->trig_end, (e->has_src && e->src_assumed) || (e->has_tgt && e->tgt_assumed), e->code,
                             e->has_src ? e->src.role : NULL, e->has_tgt ? e->tgt.role : NULL,
                             e->trig_clause == UINT32_MAX ? SIZE_MAX : e->trig_clause};
        if (hd_geo_event_location(c, e->sentence, e->base, e->trig_start, &who, &loc))
            ev.location = &loc;
        e->src.text = e->base + e->src_start;
        e->src.text_len = e->src_end - e->src_start;
        ev.source = e->has_src ? &e->src : NULL;
        if (e->has_tgt) {
            e->tgt.text = e->base + e->tgt_start;
            e->tgt.text_len = e->tgt_end - e->tgt_start;
            ev.target = &e->tgt;
        }
        memcpy(ev.code, e->code, sizeof ev.code);
        ev.root[0] = e->code[0];
        ev.root[1] = e->code[1];
        const hd_cameo *cm = hd_model_cameo(c->m, e->code);
        ev.goldstein = cm ? cm->goldstein : 0.0;
        /* the chain runs from the outlet that published it to the person who said it */
        size_t na = 0;
        for (int rank = 0; rank < 4; rank++)
            for (int k = 0; k < e->nattr; k++)
                if (attr_rank(e->attr[k].kind) == rank) {
                    attr[na].kind = e->attr[k].kind;
                    attr[na].name = c->arena.data + e->attr[k].name;
                    na++;
                }
        ev.attribution = attr;
        ev.n_attribution = na;
        ev.negated = e->negated;
        ev.hedged = e->hedged;
        ev.mood = e->mood;
        ev.background = e->background;
        ev.fatalities = e->fatalities;
        ev.rule = e->rule ? e->rule : "";
        ev.trigger = e->base + e->trig_start;
        ev.trigger_len = e->trig_end - e->trig_start;
        ev.topic = e->topic;
        ev.doc_source = c->doc->source;
        ev.doc_url = c->doc->url;
        ev.doc_date = c->doc->date && c->doc->date[0] ? c->doc->date : NULL;
        ev.plover_event_type = e->taxon.plover;
        ev.plover_mode = e->taxon.plover_mode;
        ev.confidence = hd_typing_confidence(c->confidence_model, c->confidence_features, c->m, &ev);
        if (ev.confidence >= 0 && ev.confidence < c->opt.min_confidence)
            continue;
        /* typed after the threshold: an event left out needs no type */
        if (c->case_model) {
            ev.case_label = hd_typing_event_label(c->case_model, c->confidence_features, c->m, &ev);
            hd_taxonomy_acled(c->m, ev.case_label, ev.code, e->taxon.cues, &ev.acled_event_type, &ev.acled_sub_event_type);
        }
        ev.event_index = c->event_index++;
        c->delivered++;
        if (c->sink && c->sink(c->user, &ev) != 0)
            c->stop = 1;
    }
    c->nev = 0;
}

static const char *precision_name(hd_date_precision p)
{
    switch (p) {
    case HD_PREC_DAY: return "day";
    case HD_PREC_WEEK: return "week";
    case HD_PREC_MONTH: return "month";
    case HD_PREC_YEAR: return "year";
    default: return "none";
    }
}

/* Tokens to skip at the start of a sentence that opens with a breadcrumb trail
 * ("Home / World / Russia conducted ..."): two or more short segments each ended by '/'. */
static size_t breadcrumb_length(const char *text, const hd_span *spans, size_t ntok)
{
    size_t i = 0, segments = 0, end = 0;
    while (i < ntok) {
        size_t k = i;
        while (k < ntok && k - i < 4 && !(spans[k].end == spans[k].start + 1 && text[spans[k].start] == '/'))
            k++;
        if (k >= ntok || k == i || k - i > 3 || text[spans[k].start] != '/')
            break;
        segments++;
        end = k + 1;
        i = k + 1;
    }
    return segments >= 2 && end < ntok ? end : 0;
}

/* A dash: "-", "--", an en or em dash. */
static int is_dash(const char *text, const hd_span *t)
{
    const unsigned char *p = (const unsigned char *)text + t->start;
    size_t n = t->end - t->start;
    if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94))
        return 1;
    for (size_t i = 0; i < n; i++)
        if (p[i] != '-')
            return 0;
    return n > 0 && n <= 2;
}

/* Tokens of a dateline opening a report ("QUETTA, Pakistan - A bomb ...", "LONDON (Reuters)
 * -- ...", "MOSCOW, Aug. 17 - ..."): a place in capitals, more names, a date or an agency in
 * brackets, and a dash; 0 when the sentence opens with none. It says where the report was
 * filed, and no one in it acts. */
static size_t dateline_length(const char *text, const hd_span *spans, size_t ntok)
{
    if (ntok < 4 || !(spans[0].shape & SH_ALLCAP) || spans[0].end - spans[0].start < 3)
        return 0;
    for (size_t k = 1; k < ntok && k < 12; k++) {
        const hd_span *t = &spans[k];
        if (is_dash(text, t)) {
            /* a lone word before the dash is a place only with four letters or more ("LAGOS -", not "UN -") */
            int placed = k >= 2 || spans[0].end - spans[0].start >= 4;
            int opens = k + 1 < ntok && (spans[k + 1].shape & (SH_CAP | SH_ALLCAP | SH_DIGIT | SH_QUOTE));
            return placed && opens ? k + 1 : 0;
        }
        char c0 = text[t->start];
        if (!(t->shape & (SH_CAP | SH_ALLCAP | SH_DIGIT)) && c0 != ',' && c0 != '(' && c0 != ')' && c0 != '.')
            return 0;
    }
    return 0;
}

static uint64_t text_hash(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
    return h;
}

/* 1 when the same sentence was already coded in this document (headlines repeated in the
 * body, scraped pages that print a paragraph twice): it would only duplicate events. */
static int seen_before(hd_coder *c, const char *p, size_t n)
{
    uint64_t h = text_hash(p, n);
    for (size_t i = 0; i < c->nseen; i++)
        if (c->seen[i] == h)
            return 1;
    if (hd_grow((void **)&c->seen, &c->seen_cap, c->nseen + 1, sizeof *c->seen) == 0)
        c->seen[c->nseen++] = h;
    return 0;
}

/* A token's hash with its digits read alike ("Hide Caption 3 of 25", "Hide Caption 4 of 25"). */
static uint64_t token_hash(const char *text, const hd_span *t)
{
    uint64_t h = 1469598103934665603ULL;
    for (uint32_t i = t->start; i < t->end; i++) {
        unsigned char ch = (unsigned char)text[i];
        h = (h ^ (ch >= '0' && ch <= '9' ? '0' : ch)) * 1099511628211ULL;
    }
    return h;
}

/* How many leading tokens a sentence repeats from one of the last HD_OPENINGS sentences, when
 * it repeats at least eight: photo galleries print their title before every caption ("Hide
 * Caption 3 of 25 Photos: Reactions to Charleston church shooting Young people grieve ..."), a
 * caption may run to several sentences, and coding the title again with each caption would
 * report one shooting once per photo. Prose seldom opens two nearby sentences with the same
 * eight words. Remembers this sentence's opening for the next ones. */
static size_t repeated_opening(hd_coder *c, const char *text, const hd_span *spans, size_t ntok)
{
    size_t same = 0, n = ntok < HD_OPENING_TOKENS ? ntok : HD_OPENING_TOKENS;
    uint64_t h[HD_OPENING_TOKENS];
    for (size_t i = 0; i < n; i++)
        h[i] = token_hash(text, &spans[i]);
    for (size_t k = 0; k < HD_OPENINGS; k++) {
        size_t m = 0;
        while (m < n && m < c->nopening[k] && h[m] == c->opening[k][m])
            m++;
        if (m > same)
            same = m;
    }
    memcpy(c->opening[c->next_opening], h, n * sizeof h[0]);
    c->nopening[c->next_opening] = n;
    c->next_opening = (c->next_opening + 1) % HD_OPENINGS;
    return same >= 8 && same < ntok ? same : 0;
}

/* Puts a sentence's tokens into the coder's sentence and matches the dictionaries on them;
 * -1 when out of memory or the matcher fails. */
static int load_sentence(hd_coder *c, const char *text, const hd_span *spans, size_t ntok, int title)
{
    hd_sent *s = &c->sent;
    if (hd_grow((void **)&c->tok, &c->tok_cap, ntok, sizeof *c->tok) != 0)
        return -1;
    s->text = text;
    s->tok = c->tok;
    s->ntok = ntok;
    for (size_t i = 0; i < ntok; i++) {
        memset(&s->tok[i], 0, sizeof s->tok[i]);
        s->tok[i].start = spans[i].start;
        s->tok[i].end = spans[i].end;
        s->tok[i].shape = spans[i].shape;
    }
    s->dateline = dateline_length(text, spans, ntok);
    s->headline = title;
    /* dated actor codes read the sentence's date: until code_sentence() finds one, the
     * publication date, never the last sentence's (which may be another document's) */
    s->event_date = c->pub.year ? hd_date_key(c->pub) : 0;
    return hd_match_sentence(s) != 0 ? -1 : 0;
}

/* "since then": a span from a time the sentence does not date ("ever since" closing a
 * clause spans that clause alone: "seized the capital in 2014 and have held it ever since"). */
static int since_then(const hd_sent *s)
{
    for (size_t i = 0; i + 1 < s->ntok; i++)
        if (hd_tok_is(s, i, "since") && hd_tok_is(s, i + 1, "then"))
            return 1;
    return 0;
}

static void code_sentence(hd_coder *c, const char *text, const hd_span *spans, size_t ntok, int title)
{
    hd_sent *s = &c->sent;
    size_t crumbs = breadcrumb_length(text, spans, ntok);
    spans += crumbs;
    ntok -= crumbs;
    if (ntok == 0)
        return;
    if (seen_before(c, text + spans[0].start, spans[ntok - 1].end - spans[0].start))
        return;
    size_t repeated = repeated_opening(c, text, spans, ntok);
    spans += repeated;
    ntok -= repeated;
    if (ntok > HD_MAX_SENT_TOKENS)
        ntok = HD_MAX_SENT_TOKENS; /* run-on "sentences" (tables, lists) are cut, not coded whole */
    if (load_sentence(c, text, spans, ntok, title) != 0)
        return;
    c->doc_cues |= s->cues;
    if (s->discard)
        return;
    /* date of the sentence's events */
    hd_date_mention dm[4];
    size_t nd = 0;
    int datey = 0; /* most sentences name no date: skip the date scanner for them */
    for (size_t i = 0; i < ntok && !datey; i++)
        datey = (s->tok[i].shape & SH_DIGIT) || (s->tok[i].cls & WC_DATE);
    if (datey)
        nd = hd_date_find(text + s->tok[0].start, s->tok[ntok - 1].end - s->tok[0].start, c->pub, dm, 4);
    c->sdate_start = c->sdate_end = 0;
    c->nsdates = 0;
    /* "attacks in Nigeria since 2009", "since then, Putin has invaded": acts over a span that
     * starts at a date are of no one day, neither its first nor the article's */
    const char *at = nd > 0 ? text + s->tok[0].start + dm[0].start : NULL;
    int span = (at && ((dm[0].end - dm[0].start > 6 && !strncasecmp(at, "since ", 6)) ||
                       (dm[0].start >= 6 && !strncasecmp(at - 6, "since ", 6)))) ||
               since_then(s);
    if (span) {
        c->sdate[0] = '\0';
        c->sdate_prec = "none";
        s->event_date = c->pub.year ? hd_date_key(c->pub) : 0;
    } else if (nd > 0 && dm[0].date.year) {
        /* the others, for acts of another clause ("he was at the hotel on Wednesday where King
         * was assassinated in 1968") */
        for (size_t k = 0; k < nd && k < 4; k++)
            if (dm[k].date.year) {
                hd_date_format(dm[k].date, c->sdates[c->nsdates].date);
                c->sdates[c->nsdates].prec = precision_name(dm[k].precision);
                c->sdates[c->nsdates].start = s->tok[0].start + dm[k].start;
                c->sdates[c->nsdates].end = s->tok[0].start + dm[k].end;
                c->nsdates++;
            }
        c->sdate_start = s->tok[0].start + dm[0].start;
        c->sdate_end = s->tok[0].start + dm[0].end;
        hd_date_format(dm[0].date, c->sdate);
        c->sdate_prec = precision_name(dm[0].precision);
        s->event_date = hd_date_key(dm[0].date);
    } else if (c->pub.year) {
        hd_date_format(c->pub, c->sdate);
        c->sdate_prec = "publication";
        s->event_date = hd_date_key(c->pub);
    } else {
        c->sdate[0] = '\0';
        c->sdate_prec = "none";
        s->event_date = 0;
    }
    /* every sentence is parsed: its phrases come from the tree, and a sentence that names no
     * act still has names, places and pronouns for the sentences after it */
    int acts = hd_sent_names_an_act(s);
    int trained = hd_sent_parse(s, 1) == 0; /* the trained tagger's tags and tree */
    if (!trained)
        hd_sent_tag_from_lexicon(s); /* a model without a syntax section */
    hd_chunk_sentence(s);
    hd_actor_sentence(s);
    if (s->parsed) {
        hd_actor_conjoined(s);
        hd_clause_residents(s);
    }
    hd_track_names(c);
    hd_find_attribution(c);
    hd_resolve_pronouns(c);
    hd_geo_sentence(c);
    if (trained)
        hd_geo_domestic_actors(c);
    count_tone(c, s);
    if (c->opt.entities)
        hd_ents_sentence(c);
    /* quotations that run over several sentences keep the attribution of their start */
    int quotes = 0;
    for (size_t i = 0; i < ntok; i++)
        if ((s->tok[i].shape & SH_QUOTE) && s->text[s->tok[i].start] == '"')
            quotes++;
    if (!c->quote_open)
        c->nquote_attr = 0;
    memset(c->consumed, 0, ntok < HD_MAX_SENT_TOKENS ? ntok : HD_MAX_SENT_TOKENS);
    c->generic_subject = 0; /* set by each verb group coded: never carried over from another sentence */
    for (size_t ci = 0; ci < s->nchunk && !c->stop && acts; ci++)
        if (s->chunks[ci].kind == CK_VG)
            hd_code_verb_group(c, ci);
    if (acts)
        hd_code_event_nouns(c);
    if (!(s->model->flags & HD_MODEL_PETRARCH))
        hd_code_labels(c);
    count_fatalities(c, s);
    if (c->trace)
        c->trace(c->trace_user, s, c->sentence_no);
    if (quotes % 2 == 1) {
        c->quote_open = !c->quote_open;
        if (c->quote_open) {
            c->nquote_attr = 0;
            for (int k = 0; k < c->nsattr && k < MAX_ATTR; k++)
                c->quote_attr[c->nquote_attr++] = c->sattr[k];
            c->quote_speaker.code[0] = '\0';
            if (c->speaker_actor >= 0 && !s->actors[c->speaker_actor].from_pronoun)
                c->quote_speaker = s->actors[c->speaker_actor];
        }
    }
    /* "..., CNN reports." at a paragraph's end is credited to its earlier events too */
    if (c->trailing_outlet >= 0) {
        staged_attr oa = c->sattr[c->trailing_outlet];
        for (size_t k = 0; k < c->nev; k++) {
            staged *e = &c->ev[k];
            int has = 0;
            for (int q = 0; q < e->nattr; q++)
                if (e->attr[q].name == oa.name)
                    has = 1;
            if (!has && e->nattr < MAX_ATTR)
                e->attr[e->nattr++] = oa;
        }
    }
    hd_remember_actors(c);
}

static int reject(hd_coder *c, const char *fmt, const char *a, size_t off)
{
    snprintf(c->err, sizeof c->err, fmt, a, off);
    return -1;
}

/* Tokenizes a text into c->spans: the number of tokens, or SIZE_MAX when out of memory. */
static size_t tokenize_text(hd_coder *c, const char *text, size_t len)
{
    size_t need = len / 2 + 16;
    if (hd_grow((void **)&c->spans, &c->span_cap, need, sizeof *c->spans) != 0)
        return SIZE_MAX;
    size_t ntok = hd_tokenize(text, len, c->spans, c->span_cap);
    if (ntok > c->span_cap) {
        if (hd_grow((void **)&c->spans, &c->span_cap, ntok, sizeof *c->spans) != 0)
            return SIZE_MAX;
        ntok = hd_tokenize(text, len, c->spans, c->span_cap);
    }
    return ntok;
}

/* Splits c->spans' tokens into sentences at c->starts: their number, or SIZE_MAX when out of memory. */
static size_t split_text(hd_coder *c, const char *text, size_t ntok, int wrapped)
{
    size_t ns = hd_split_sentences(text, c->spans, ntok, wrapped, c->starts, c->starts_cap);
    if (ns > c->starts_cap) {
        if (hd_grow((void **)&c->starts, &c->starts_cap, ns, sizeof *c->starts) != 0)
            return SIZE_MAX;
        ns = hd_split_sentences(text, c->spans, ntok, wrapped, c->starts, c->starts_cap);
    }
    return ns;
}

static void code_text(hd_coder *c, const char *text, size_t len, int is_title)
{
    size_t ntok = tokenize_text(c, text, len);
    if (ntok == SIZE_MAX)
        return;
    int wrapped = is_title ? 0 : hd_text_is_hard_wrapped(text, len);
    c->headline_case = 0;
    if (is_title) {
        size_t words = 0, caps = 0;
        for (size_t k = 0; k < ntok; k++)
            if (!(c->spans[k].shape & (SH_PUNCT | SH_DIGIT))) {
                words++;
                caps += (c->spans[k].shape & SH_CAP) != 0;
            }
        c->headline_case = words >= 3 && caps * 10 >= words * 7;
    }
    size_t ns = split_text(c, text, ntok, wrapped);
    if (ns == SIZE_MAX)
        return;
    for (size_t i = 0; i < ns && !c->stop; i++) {
        size_t a = c->starts[i];
        size_t b = i + 1 < ns ? c->starts[i + 1] : ntok;
        if (i > 0 && (c->spans[a].shape & SH_PARA)) {
            flush_paragraph(c);
            c->quote_open = 0;
            if (c->opt.entities)
                hd_ents_paragraph(c);
        }
        code_sentence(c, text, c->spans + a, b - a, is_title);
        c->sentence_no++;
    }
    flush_paragraph(c);
    c->headline_case = 0;
}

/* The lede's names for the title: a headline names people bare ("Ted Cruz Accuses Donald
 * Trump") whom its first sentences introduce with a title ("Sen. Ted Cruz of Texas"). Before
 * the title is coded, the first LEDE_NAMES sentences of the body are read as far as their
 * names (tags, tree, chunks, actors) and the names introduced there are learned; nothing else
 * of them is kept, and the body is read again in full after the title. */
enum { LEDE_NAMES = 2 };

static void learn_lede_names(hd_coder *c, const char *text, size_t len)
{
    hd_sent *s = &c->sent;
    size_t ntok = tokenize_text(c, text, len);
    size_t ns = ntok == SIZE_MAX ? SIZE_MAX : split_text(c, text, ntok, hd_text_is_hard_wrapped(text, len));
    if (ns == SIZE_MAX)
        return;
    for (size_t i = 0; i < ns && i < LEDE_NAMES; i++) {
        size_t a = c->starts[i], n = (i + 1 < ns ? c->starts[i + 1] : ntok) - a;
        if (n == 0 || n > HD_MAX_SENT_TOKENS || load_sentence(c, text, c->spans + a, n, 0) != 0 || s->discard)
            continue;
        if (hd_sent_parse(s, 1) != 0)
            hd_sent_tag_from_lexicon(s);
        hd_chunk_sentence(s);
        hd_actor_sentence(s);
        if (s->parsed)
            hd_actor_conjoined(s);
        hd_track_names(c);
    }
}

long hd_code_document(hd_coder *c, const hd_doc *doc, hd_event_sink sink, void *user)
{
    c->err[0] = '\0';
    /* the last document's entities are forgotten even when this one is rejected */
    if ((c->ents || c->opt.entities) && hd_ents_begin(c) != 0)
        return reject(c, "%s (byte %zu)", "out of memory", 0);
    if (!doc || !doc->id || !doc->id[0])
        return reject(c, "%sdocument has no id (byte %zu)", "", 0);
    if (!doc->text)
        return reject(c, "%sdocument has no text (byte %zu)", "", 0);
    size_t bad = 0;
    const char *why = NULL;
    if (hd_utf8_check(doc->text, doc->text_len, &bad, &why) != 0)
        return reject(c, "%s at byte %zu of the text", why, bad);
    /* fields copied into the output must be valid UTF-8 too */
    const char *const fields[] = {doc->id, doc->source, doc->url};
    const char *const names[] = {"id: %s at byte %zu", "source: %s at byte %zu", "url: %s at byte %zu"};
    for (int k = 0; k < 3; k++)
        if (fields[k] && hd_utf8_check(fields[k], strlen(fields[k]), &bad, &why) != 0)
            return reject(c, names[k], why, bad);
    c->pub.year = c->pub.month = c->pub.day = 0;
    if (doc->date && doc->date[0] && hd_date_parse_iso(doc->date, strlen(doc->date), &c->pub) != 0)
        return reject(c, "bad date '%.20s' (byte %zu): expected YYYY-MM-DD", doc->date, 0);
    c->doc = doc;
    c->sink = sink;
    c->user = user;
    c->stop = 0;
    c->delivered = 0;
    c->event_index = 0;
    c->nhist = 0;
    c->nnames = 0;
    c->nev = 0;
    c->quote_open = 0;
    c->nquote_attr = 0;
    c->nseen = 0;
    memset(c->nopening, 0, sizeof c->nopening);
    c->next_opening = 0;
    c->doc_cues = 0;
    c->tone_words = c->tone_positive = c->tone_negative = 0;
    c->doc_chars = 0;
    c->ngeo = 0;
    c->ngeo_cc = 0;
    c->ngeo_divisions = 0;
    c->nperson_words = 0;
    /* nothing of the last document may shape this one: coding is the same on any coder */
    c->generic_subject = 0;
    c->unanchored = 0;
    c->speaker_actor = -1;
    c->trailing_outlet = -1;
    c->nsattr = 0;
    c->shedged = 0;
    c->headline_case = 0;
    c->quote_speaker.code[0] = '\0';
    hd_buf_clear(&c->arena);
    hd_buf_putc(&c->arena, '\0');
    c->sentence_no = 0;
    if (doc->title && doc->title[0]) {
        size_t tl = strlen(doc->title);
        if (hd_utf8_check(doc->title, tl, &bad, &why) != 0)
            return reject(c, "title: %s at byte %zu", why, bad);
        if (hd_normalize(doc->title, tl, &c->title) != 0)
            return reject(c, "%s (byte %zu)", "out of memory", 0);
    }
    if (hd_normalize(doc->text, doc->text_len, &c->norm) != 0)
        return reject(c, "%s (byte %zu)", "out of memory", 0);
    c->doc_chars = c->norm.len;
    if (doc->title && doc->title[0]) {
        learn_lede_names(c, c->norm.data ? c->norm.data : "", c->norm.len);
        code_text(c, c->title.data, c->title.len, 1);
        c->nhist = 0;
    }
    c->sentence_no = 1;
    if (!c->stop)
        code_text(c, c->norm.data ? c->norm.data : "", c->norm.len, 0);
    if (c->opt.entities)
        hd_ents_finish(c);
    return c->delivered;
}
