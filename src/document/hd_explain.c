/* hd_explain.c: `herald explain`: how the coder read each sentence of a text (tokens, tags,
 * dictionary entries, chunks, actors, the dependency tree) and which events it coded with
 * which rule. The text is
 * coded as one document through a trace hook, so context carries over as in `herald code`. */
#include <stdio.h>

#include "base/hd_buf.h"
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
    hd_buf syntax; /* the SYNTAX section, printed after the last sentence */
} explain_ctx;

/* The sentence's words as the coder read them (the trained tagger told the actors' names, the
 * tag repairs, the parse), for the SYNTAX section; a model without a syntax section only tags. */
static void note_syntax(hd_buf *b, const hd_sent *s, unsigned sentence_no)
{
    hd_buf_printf(b, "  sentence %u%s\n", sentence_no, s->parsed ? "" : " (tagged only: the model has no syntax section)");
    for (size_t i = 0; i < s->ntok; i++) {
        const hd_tok *t = &s->tok[i];
        int h = s->parsed ? t->head : -2; /* -1: the root */
        const hd_tok *head = h >= 0 ? &s->tok[h] : NULL;
        hd_buf_printf(b, "    %2zu %-16.*s %-*s", i + 1, (int)(t->end - t->start), s->text + t->start, h >= -1 ? 5 : 0,
                      hd_tag_name(t->tag));
        if (h >= -1)
            hd_buf_printf(b, " %-12s -> %d %.*s", hd_rel_name(t->rel), h + 1, head ? (int)(head->end - head->start) : 4,
                          head ? s->text + head->start : "ROOT");
        hd_buf_putc(b, '\n');
    }
}

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
    explain_ctx *ctx = user;
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
        fprintf(out, " %s[%.*s", names[ch->kind], (int)(s->tok[ch->last].end - s->tok[ch->first].start),
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
    if (s->model->has_syntax)
        note_syntax(&ctx->syntax, s, sentence_no);
}

int hd_explain(const hd_model *model, const hd_gazetteer *gaz, const char *text, size_t len, const char *date, FILE *out)
{
    hd_coder *c = hd_coder_new(model);
    if (!c)
        return -1;
    hd_coder_set_gazetteer(c, gaz);
    explain_ctx ctx = {out, c, HD_BUF_INIT};
    /* the whole text is coded as one document, so pronouns, names and quotations carry over
     * from sentence to sentence as they do in `herald code` */
    hd_doc doc = {"explain", text, len, NULL, date, NULL, NULL};
    c->trace = explain_trace;
    c->trace_user = &ctx;
    long n = hd_code_document(c, &doc, explain_sink, out);
    hd_coder_free(c);
    if (ctx.syntax.len)
        fprintf(out, "SYNTAX (word, Penn tag, relation -> head)\n%s", hd_buf_cstr(&ctx.syntax));
    hd_buf_free(&ctx.syntax);
    return n < 0 ? -1 : 0;
}
