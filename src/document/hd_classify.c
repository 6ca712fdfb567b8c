/* hd_classify.c: one CASE 2021 label per snippet, from the trained event classifier of the
 * dictionary image ("case", typing/hd_typing.h): what the snippet's words and every event
 * herald codes in it say, the first event and the first sentence apart, as news puts the main
 * event first. The classifier learnt from snippets written here, ACLED notes and the CASE dev
 * set (make train-events); its cross-validated scores are in the README. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coding/hd_coder_int.h"
#include "typing/hd_typing.h"

static int describe(void *user, const hd_event *e)
{
    hd_features_event(user, e);
    return 0;
}

const char *hd_classify_document(hd_coder *c, const hd_doc *doc)
{
    const hd_linear *model = hd_linear_find(&c->m->typing, "case");
    if (!model) {
        snprintf(c->err, sizeof c->err, "the dictionary image has no CASE classifier (build it with make)");
        return NULL;
    }
    hd_features *f = malloc(sizeof *f);
    if (!f) {
        snprintf(c->err, sizeof c->err, "out of memory");
        return NULL;
    }
    hd_features_clear(f);
    /* the events told as the classifier was trained to see them */
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
