/* hd_explain.c: `herald explain`: how the coder read each sentence of a text (tokens, tags,
 * dictionary entries, chunks, actors) and which events it coded with which rule. The text is
 * coded as one document through a trace hook, so context carries over as in `herald code`. */
#include <stdio.h>

#include "coding/hd_coder_int.h"
#include "places/hd_gazetteer.h"

static const char *const kind_names[E_KIND_COUNT] = {"", "actor", "agent", "verb", "noun", "light",
                                                     "say", "outlet", "hedge", "discard"};

static int explain_sink(void *user, const hd_event *ev)
{
    FILE *out = user;
    fprintf(out, "  EVENT %s %s -> %s  code %s%s%s  rule %s  date %s (%s)",
            ev->source ? ev->source->code : "-", ev->source ? "" : "", ev->target ? ev->target->code : "-", ev->code,
            ev->negated ? " negated" : "", ev->mood == HD_MOOD_INTENT ? " intent" : ev->mood == HD_MOOD_THREAT ? " threat" : "",
            ev->rule, ev->date, ev->date_precision);
    for (size_t i = 0; i < ev->n_attribution; i++)
        fprintf(out, "  [%s: %s]", ev->attribution[i].kind, ev->attribution[i].name);
    fputc('\n', out);
    return 0;
}

typedef struct explain_ctx {
    FILE *out;
    const hd_coder *coder;
} explain_ctx;

/* The places the sentence names, as the geocoder resolved them. */
static void explain_places(FILE *out, const hd_coder *c, const hd_sent *s, unsigned sentence_no)
{
    int any = 0;
    for (size_t k = 0; k < c->ngeo; k++) {
        const geo_mention *m = &c->geo[k];
        if (m->sentence != sentence_no || m->base != s->text)
            continue;
        const hd_place_rec *p = hd_gazetteer_place(c->gaz, m->place);
        fprintf(out, "%s %.*s=%s(%.2s,%s%s)", any ? "" : "  PLACES", (int)(m->end - m->start), s->text + m->start,
                hd_gazetteer_str(c->gaz, p->id), p->cc, hd_place_precision(p),
                m->locative ? ",locative" : "");
        any = 1;
    }
    if (any)
        fputc('\n', out);
}

/* Prints how the coder read a sentence; called by the coder after each sentence's analysis. */
static void explain_trace(void *user, const hd_sent *s, unsigned sentence_no)
{
    const explain_ctx *ctx = user;
    FILE *out = ctx->out;
    const hd_model *model = s->model;
    if (s->ntok == 0)
        return;
    fprintf(out, "SENTENCE %u: %.*s\n", sentence_no, (int)(s->tok[s->ntok - 1].end - s->tok[0].start),
            s->text + s->tok[0].start);
    fputs("  TOKENS", out);
    for (size_t k = 0; k < s->ntok; k++) {
        const hd_tok *t = &s->tok[k];
        fprintf(out, " %.*s/%s", (int)(t->end - t->start), s->text + t->start, hd_tag_name(t->tag));
        if (t->match >= 0) {
            const hd_match *mt = &s->matches[t->match];
            const hd_node *nd = &model->nodes[mt->node];
            fputc('[', out);
            for (uint32_t e = 0; e < nd->n_entries; e++) {
                const hd_entry *en = &model->entries[nd->first_entry + e];
                fprintf(out, "%s%s", e ? "," : "", en->kind < E_KIND_COUNT ? kind_names[en->kind] : "?");
                if (en->code && hd_str(model, en->code)[0])
                    fprintf(out, ":%s", hd_str(model, en->code));
            }
            fprintf(out, "/%u]", mt->n);
        }
    }
    fputc('\n', out);
    fputs("  CHUNKS", out);
    for (size_t k = 0; k < s->nchunk; k++) {
        const hd_chunk *ch = &s->chunks[k];
        static const char *const names[] = {"", "NP", "VG", "PP", "O"};
        fprintf(out, " %s%u[%.*s", names[ch->kind], ch->clause, (int)(s->tok[ch->last].end - s->tok[ch->first].start),
                s->text + s->tok[ch->first].start);
        if (ch->kind == CK_VG)
            fprintf(out, "|%s%s%s%s%s%s", ch->features & VG_PASSIVE ? "pas " : "", ch->features & VG_NEGATED ? "neg " : "",
                    ch->features & VG_FUTURE ? "fut " : "", ch->features & VG_HYPOTHETICAL ? "hyp " : "",
                    ch->features & VG_INFINITIVE ? "inf " : "", ch->features & VG_CONDITIONAL ? "cond" : "");
        if (ch->kind == CK_NP && ch->actor >= 0)
            fprintf(out, "|%s%s", s->actors[ch->actor].code, s->actors[ch->actor].outlet ? " outlet" : "");
        fputc(']', out);
    }
    fputc('\n', out);
    /* the tree the coder read (the trained parser's, with what the dictionaries told the
     * tagger), each word as number:word/tag>relation:head */
    if (s->parsed) {
        fputs("  TREE", out);
        for (size_t k = 0; k < s->ntok; k++) {
            const hd_tok *t = &s->tok[k];
            fprintf(out, " %zu:%.*s/%s>%s:%d", k + 1, (int)(t->end - t->start), s->text + t->start, hd_tag_name(t->tag),
                    hd_rel_name(t->rel), t->head + 1);
        }
        fputc('\n', out);
    }
    fprintf(out, "  DATE %s (%s)\n", ctx->coder->sdate[0] ? ctx->coder->sdate : "-", ctx->coder->sdate_prec);
    explain_places(out, ctx->coder, s, sentence_no);
}

/* The tagger's and parser's reading of the text: each word with its tag, relation and head. */
static void explain_syntax(const hd_model *model, const char *text, size_t len, FILE *out)
{
    hd_parse p;
    char err[256];
    if (hd_parse_text(model, text, len, &p, err, sizeof err) != 0) {
        fprintf(out, "SYNTAX: %s\n", err);
        hd_parse_free(&p);
        return;
    }
    fprintf(out, "SYNTAX (word, Penn tag, relation -> head)\n");
    for (size_t k = 0; k < p.n_sentences; k++) {
        const hd_parsed_sentence *s = &p.sentences[k];
        fprintf(out, "  sentence %zu\n", k + 1);
        for (size_t i = 0; i < s->n; i++) {
            const hd_parsed_word *w = &p.words[s->first + i];
            const hd_parsed_word *h = w->head ? &p.words[s->first + (size_t)w->head - 1] : NULL;
            fprintf(out, "    %2zu %-16.*s %-5s %-12s -> %d %.*s\n", i + 1, (int)(w->end - w->start), text + w->start,
                    w->xpos, w->deprel, w->head, h ? (int)(h->end - h->start) : 4, h ? text + h->start : "ROOT");
        }
    }
    hd_parse_free(&p);
}

int hd_explain(const hd_model *model, const hd_gazetteer *gaz, const char *text, size_t len, const char *date, FILE *out)
{
    hd_coder *c = hd_coder_new(model);
    if (!c)
        return -1;
    hd_coder_set_gazetteer(c, gaz);
    explain_ctx ctx = {out, c};
    /* the whole text is coded as one document, so pronouns, names and quotations carry over
     * from sentence to sentence as they do in `herald code` */
    hd_doc doc = {"explain", text, len, NULL, date, NULL, NULL};
    c->trace = explain_trace;
    c->trace_user = &ctx;
    long n = hd_code_document(c, &doc, explain_sink, out);
    hd_coder_free(c);
    if (n >= 0 && hd_model_has_syntax(model))
        explain_syntax(model, text, len, out);
    return n < 0 ? -1 : 0;
}
