/* hd_conllu.c: the CoNLL-U reader (see hd_conllu.h). Every malformed sentence is refused
 * whole, naming the file and line, and the reader goes on with the next one. */
#define _POSIX_C_SOURCE 200809L
#include "syntax/hd_conllu.h"

#include "text/hd_textfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int hd_conllu_open(hd_conllu_reader *r, const char *path, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->f = fopen(path, "r");
    if (!r->f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

void hd_conllu_close(hd_conllu_reader *r)
{
    if (r->f)
        fclose(r->f);
    free(r->buf);
    memset(r, 0, sizeof *r);
}

void hd_conllu_sentence_free(hd_conllu_sentence *s)
{
    for (size_t i = 0; i < s->n; i++) {
        hd_conllu_word *w = &s->words[i];
        free(w->form);
        free(w->lemma);
        free(w->upos);
        free(w->xpos);
        free(w->deprel);
    }
    free(s->words);
    free(s->text);
    free(s->id);
    memset(s, 0, sizeof *s);
}

/* The value of a "# key = value" comment, or NULL when the line is another comment. */
static const char *comment_value(const char *line, const char *key)
{
    size_t k = strlen(key);
    if (strncmp(line, "# ", 2) != 0 || strncmp(line + 2, key, k) != 0 || strncmp(line + 2 + k, " = ", 3) != 0)
        return NULL;
    return line + 5 + k;
}

static int add_word(hd_conllu_sentence *s, char *col[10], const char **why)
{
    char *end;
    long id = strtol(col[0], &end, 10);
    if (*end || id != (long)s->n + 1) {
        *why = "word ids must run 1, 2, 3 ... within a sentence";
        return -1;
    }
    errno = 0;
    long head = strtol(col[6], &end, 10);
    if (errno || *end || end == col[6] || head < 0 || head > 1000000) {
        *why = "the head is not a number";
        return -1;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        hd_conllu_word *w = realloc(s->words, cap * sizeof *w);
        if (!w) {
            *why = "out of memory";
            return -1;
        }
        s->words = w;
        s->cap = cap;
    }
    hd_conllu_word *w = &s->words[s->n];
    memset(w, 0, sizeof *w);
    s->n++;
    w->form = strdup(col[1]);
    w->lemma = strdup(col[2]);
    w->upos = strdup(col[3]);
    w->xpos = strdup(col[4]);
    w->deprel = strdup(col[7]);
    w->head = (int)head;
    if (!w->form || !w->lemma || !w->upos || !w->xpos || !w->deprel) {
        *why = "out of memory";
        return -1;
    }
    return 0;
}

int hd_conllu_next(hd_conllu_reader *r, hd_conllu_sentence *s, char *err, size_t errlen)
{
    hd_conllu_sentence_free(s);
    const char *why = NULL;
    long bad_line = 0;
    ssize_t len;
    while ((len = getline(&r->buf, &r->cap, r->f)) > 0) {
        r->line++;
        if (memchr(r->buf, '\0', (size_t)len) && !why) {
            why = "NUL byte";
            bad_line = r->line;
        }
        while (len > 0 && (r->buf[len - 1] == '\n' || r->buf[len - 1] == '\r'))
            r->buf[--len] = '\0';
        if (len == 0) {
            if (s->n == 0 && !why) {
                hd_conllu_sentence_free(s); /* blank lines, or comments with no words */
                continue;
            }
            break;
        }
        if (!s->line)
            s->line = r->line;
        const char *v;
        if (r->buf[0] == '#') {
            if ((v = comment_value(r->buf, "text")) && !s->text)
                s->text = strdup(v);
            else if ((v = comment_value(r->buf, "sent_id")) && !s->id)
                s->id = strdup(v);
            continue;
        }
        if (why)
            continue; /* the rest of a refused sentence */
        char *col[10];
        if (hd_split_tabs(r->buf, col, 10) != 10) {
            why = "a word line has 10 tab-separated columns";
            bad_line = r->line;
            continue;
        }
        if (strchr(col[0], '-') || strchr(col[0], '.'))
            continue; /* multiword tokens and empty nodes: not part of the basic tree */
        if (add_word(s, col, &why) != 0)
            bad_line = r->line;
    }
    for (size_t i = 0; !why && i < s->n; i++)
        if (s->words[i].head > (int)s->n) {
            why = "a head points outside the sentence";
            bad_line = s->line;
        }
    if (why) {
        snprintf(err, errlen, "%s:%ld: %s", r->path, bad_line, why);
        hd_conllu_sentence_free(s);
        return -1;
    }
    return s->n > 0 ? 1 : 0;
}
