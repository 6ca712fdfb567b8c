/* hd_parse.c: hd_parse_text, the syntax stage on a whole text: herald's tokenizer and sentence
 * splitter, then the tagger and parser of the model's syntax section on each sentence, and the
 * lemmas from the model's lexicon. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/hd_buf.h"
#include "model/hd_model.h"
#include "text/hd_normalize.h"
#include "text/hd_token.h"
#include "syntax/hd_syntax.h"

/* A sentence longer than this is parsed in pieces: a run of words without a full stop (a list,
 * a table flattened into text) is not one sentence, and parsing it whole would cost time
 * growing with its length for no better tree. */
#define MAX_SENTENCE_WORDS 300

static int fail(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    return -1;
}

void hd_parse_free(hd_parse *p)
{
    free(p->words);
    free(p->sentences);
    free(p->store_);
    memset(p, 0, sizeof *p);
}

/* Appends a string to the parse's store; its offset, or SIZE_MAX when memory ran out. */
static size_t store(hd_parse *p, const char *s, size_t n, int lower)
{
    if (p->store_len_ + n + 1 > p->store_cap_) {
        size_t cap = (p->store_cap_ + n + 1) * 2;
        char *b = realloc(p->store_, cap);
        if (!b)
            return SIZE_MAX;
        p->store_ = b;
        p->store_cap_ = cap;
    }
    size_t at = p->store_len_;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        p->store_[at + i] = lower && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    p->store_[at + n] = '\0';
    p->store_len_ += n + 1;
    return at;
}

/* The lexicon's lemma of word `id` where the tag says the word is inflected; NULL otherwise. */
static const char *lexicon_lemma(const hd_model *m, uint32_t id, const char *xpos)
{
    int inflected = xpos[0] == 'V' || !strcmp(xpos, "NNS") || !strcmp(xpos, "JJR") || !strcmp(xpos, "JJS");
    return inflected && id != HD_NONE ? hd_str(m, m->words[m->words[id].lemma].text) : NULL;
}

/* Tags and parses words [first, first + n) of p, which are text's tokens tok[first..]. */
static int analyse(const hd_model *m, const char *text, const hd_span *tok, hd_parse *p, size_t first, size_t n,
                   size_t *lemma_at, char *err, size_t errlen)
{
    /* n <= MAX_SENTENCE_WORDS: the sentence's working arrays live on the stack */
    const char *words[MAX_SENTENCE_WORDS];
    hd_syntax_word out[MAX_SENTENCE_WORDS];
    size_t form_at[MAX_SENTENCE_WORDS];
    int rc = 0;
    size_t mark = p->store_len_;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const hd_span *t = &tok[first + i];
        form_at[i] = store(p, text + t->start, t->end - t->start, 0);
        rc = form_at[i] == SIZE_MAX ? -1 : 0;
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        words[i] = p->store_ + form_at[i]; /* the store no longer moves until the next word */
    hd_lexicon lex = {hd_model_lexicon_lookup, m};
    if (rc == 0)
        rc = hd_syntax_analyse(&m->syntax, &lex, words, n, out);
    p->store_len_ = mark; /* the forms were only the tagger's input: the lemmas go in their place */
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const hd_span *t = &tok[first + i];
        hd_parsed_word *w = &p->words[first + i];
        const char *form = text + t->start;
        size_t len = t->end - t->start;
        uint32_t id = hd_model_word(m, form, len, hd_hash_bytes(form, len));
        *w = (hd_parsed_word){t->start, t->end, out[i].head, out[i].upos, out[i].xpos, out[i].deprel, NULL};
        w->lemma = lexicon_lemma(m, id, out[i].xpos);
        if (!w->lemma) {
            /* lower case for a word the lexicon knows in lower case ("The" -> "the"); a name
             * ("Russian", "Hama") or an unknown word keeps the case it is written in */
            int lower = strcmp(out[i].upos, "PROPN") != 0 && id != HD_NONE && !(m->words[id].flags & WF_NAME);
            lemma_at[first + i] = store(p, form, len, lower);
            rc = lemma_at[first + i] == SIZE_MAX ? -1 : 0;
        }
    }
    return rc == 0 ? 0 : fail(err, errlen, "out of memory");
}

/* Length of the white space (ASCII, or a Unicode space separator) at s, 0 when none. */
static size_t space_at(const char *s, size_t n)
{
    if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
        return 1;
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
    return k > 1 && utf8proc_category(c) == UTF8PROC_CATEGORY_ZS ? (size_t)k : 0;
}

/* The re-cut token lists below grow in an hd_buf of spans. */
static int push(hd_buf *l, uint32_t start, uint32_t end, uint32_t shape)
{
    hd_span span = {start, end, shape};
    return hd_buf_append(l, &span, sizeof span);
}

static hd_span *spans(const hd_buf *l) { return (hd_span *)(void *)l->data; }
static size_t span_count(const hd_buf *l) { return l->len / sizeof(hd_span); }

/* The tokenizer passes over some marks (a row of underscores, stray symbols) that a syntax
 * reader must still see: every run of non-space bytes it left between tokens becomes a token
 * of its own, so that the words cover the text. */
static int cover_text(const char *text, size_t len, const hd_span *tok, size_t ntok, hd_buf *out)
{
    size_t at = 0;
    for (size_t i = 0; i <= ntok; i++) {
        size_t end = i < ntok ? tok[i].start : len;
        while (at < end) {
            size_t k = space_at(text + at, len - at);
            if (k) {
                at += k;
                continue;
            }
            size_t from = at;
            while (at < end && !space_at(text + at, len - at))
                at++;
            if (push(out, (uint32_t)from, (uint32_t)at, SH_PUNCT) != 0)
                return -1;
        }
        if (i < ntok) {
            if (push(out, tok[i].start, tok[i].end, tok[i].shape) != 0)
                return -1;
            at = tok[i].end;
        }
    }
    return 0;
}

/* A web address or e-mail: kept whole, hyphens and all. */
static int is_address(const char *s, size_t n)
{
    return (n >= 4 && (!strncmp(s, "http", 4) || !strncmp(s, "www.", 4))) || (n > 1 && memchr(s, '@', n));
}

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* Universal Dependencies English writes a hyphen between two parts of a word as a word of its
 * own ("15 - year - old"), and the parser learnt from such words: the tokens of herald's
 * tokenizer, which keeps "15-year-old" whole for its dictionaries, are split the same way. */
static int split_hyphens(const char *text, const hd_span *tok, size_t ntok, hd_buf *out)
{
    for (size_t i = 0; i < ntok; i++) {
        hd_span t = tok[i];
        uint32_t from = t.start;
        int whole = is_address(text + t.start, t.end - t.start);
        for (uint32_t k = t.start + 1; !whole && k + 1 < t.end; k++)
            if (text[k] == '-' && is_alnum(text[k - 1]) && is_alnum(text[k + 1])) {
                if (push(out, from, k, from == t.start ? t.shape : 0) != 0 || push(out, k, k + 1, SH_PUNCT) != 0)
                    return -1;
                from = k + 1;
            }
        if (push(out, from, t.end, from == t.start ? t.shape : 0) != 0)
            return -1;
    }
    return 0;
}

/* What UD writes as one token, herald's tokenizer may cut: a run of one punctuation mark
 * ("...", "!!", "=====") and a web address or e-mail ("http://www.x.org/a.html") are joined
 * back into one token when nothing separates the pieces. Works in place; returns the count. */
static size_t join_runs(const char *text, size_t len, hd_span *tok, size_t ntok)
{
    size_t n = 0;
    for (size_t i = 0; i < ntok; i++) {
        hd_span t = tok[i];
        if (n > 0 && tok[n - 1].end == t.start) {
            hd_span *prev = &tok[n - 1];
            const char *a = text + prev->start, *b = text + t.start;
            size_t la = prev->end - prev->start, lb = t.end - t.start;
            int same_mark = !is_alnum(*b) && lb == 1 && la >= 1 && a[la - 1] == *b && !is_alnum(*a);
            int address = is_address(a, la);
            if (same_mark || address) {
                prev->end = t.end;
                continue;
            }
        }
        tok[n++] = t;
    }
    (void)len;
    return n;
}

int hd_parse_text(const hd_model *m, const char *text, size_t len, hd_parse *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!hd_model_has_syntax(m))
        return fail(err, errlen, "the model has no syntax section (build it with herald-dictc --syntax)");
    size_t bad;
    const char *why;
    if (hd_utf8_check(text, len, &bad, &why) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "%s at byte %zu", why, bad);
        return -1;
    }
    size_t cap = len / 3 + 16, ntok;
    hd_span *tok = NULL;
    for (;;) {
        hd_span *t = realloc(tok, cap * sizeof *t);
        if (!t) {
            free(tok);
            return fail(err, errlen, "out of memory");
        }
        tok = t;
        ntok = hd_tokenize(text, len, tok, cap);
        if (ntok <= cap)
            break;
        cap = ntok;
    }
    /* re-cut into UD's words: marks the tokenizer passed over, runs joined, hyphens split */
    hd_buf covered = {0}, words = {0};
    int cut = cover_text(text, len, tok, ntok, &covered) == 0 ? 0 : -1;
    if (cut == 0) {
        covered.len = join_runs(text, len, spans(&covered), span_count(&covered)) * sizeof(hd_span);
        cut = split_hyphens(text, spans(&covered), span_count(&covered), &words);
    }
    hd_buf_free(&covered);
    free(tok);
    if (cut != 0) {
        hd_buf_free(&words);
        return fail(err, errlen, "out of memory");
    }
    tok = spans(&words); /* the buffer's bytes are ours now: freed below as tok */
    ntok = span_count(&words);
    uint32_t *starts = malloc((ntok + 1) * sizeof *starts);
    size_t *lemma_at = malloc((ntok + 1) * sizeof *lemma_at);
    out->words = calloc(ntok + 1, sizeof *out->words);
    out->sentences = calloc(ntok + 1, sizeof *out->sentences);
    int rc = starts && lemma_at && out->words && out->sentences ? 0 : fail(err, errlen, "out of memory");
    size_t ns = rc == 0 ? hd_split_sentences(text, tok, ntok, hd_text_is_hard_wrapped(text, len), starts, ntok + 1) : 0;
    for (size_t i = 0; i <= ntok && lemma_at; i++)
        lemma_at[i] = SIZE_MAX;
    for (size_t k = 0; rc == 0 && k < ns; k++) {
        size_t first = starts[k], end = k + 1 < ns ? starts[k + 1] : ntok;
        for (size_t at = first; rc == 0 && at < end; at += MAX_SENTENCE_WORDS) {
            size_t n = end - at < MAX_SENTENCE_WORDS ? end - at : MAX_SENTENCE_WORDS;
            rc = analyse(m, text, tok, out, at, n, lemma_at, err, errlen);
            out->sentences[out->n_sentences++] = (hd_parsed_sentence){at, n, tok[at].start, tok[at + n - 1].end};
        }
    }
    if (rc == 0) {
        out->n_words = ntok;
        for (size_t i = 0; i < ntok; i++)
            if (lemma_at[i] != SIZE_MAX)
                out->words[i].lemma = out->store_ + lemma_at[i];
    }
    free(tok);
    free(starts);
    free(lemma_at);
    if (rc != 0) {
        hd_parse_free(out);
        return -1;
    }
    return 0;
}
