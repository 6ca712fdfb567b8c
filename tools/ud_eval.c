/* ud_eval.c: herald-ud-eval, which scores dependency parses the way the CoNLL 2018 shared task
 * did (its scorer is conll18_ud_eval.py; this is our own C, written from its description):
 *
 *   herald-ud-eval GOLD.conllu SYSTEM.conllu [--verbose]
 *
 * prints precision, recall and F1 (and, for what is measured on aligned words, the accuracy on
 * them) for Tokens, Sentences, Words, UPOS, XPOS, Lemmas, UAS, LAS and "LAS with subtypes".
 *
 * The system may tokenize differently from the gold. Both files' token forms, with every space
 * character (Unicode category Zs) removed, are concatenated into one text each; the two texts
 * must be the same, or the scorer says at which byte they part and exits 2. A token is then a
 * span of that text, and a gold and a system token match when their spans are equal. Words:
 * outside multiword tokens a word is its token, aligned when the spans are equal. Where a
 * multiword token ("1-2") of either file lies, the scorer takes the smallest stretch of text
 * that holds it whole along with every multiword token of either file that it overlaps (the
 * "multiword span"), and aligns the gold and system words in it by the longest common
 * subsequence of their forms, lowercased. Sentences are spans of the text too.
 *
 * On aligned words: UPOS, XPOS compare the column; Lemmas the column, except that a gold lemma
 * "_" counts as right; UAS counts a word when its system head is the word aligned to its gold
 * head (or both are the root); LAS also needs the relation's universal part (before ':') equal,
 * as in 2018; "LAS with subtypes" needs the whole relation equal. Precision is correct/system
 * words, recall correct/gold words, F1 2*correct/(gold+system), aligned accuracy
 * correct/aligned.
 *
 * Like the official scorer it refuses what is not a tree: a sentence needs exactly one root and
 * no cycle, heads inside the sentence, ids 1, 2, 3 ... and a non-empty form. Unlike it, blank
 * lines may repeat and the last sentence need not end with one. Any refusal is "file:line:
 * reason" and exit status 2; bad bytes (NUL, invalid UTF-8) are refused the same way. Where the
 * two scorers differ: lowercasing is utf8proc's one-to-one mapping where Python's str.lower()
 * can map a character to two; multiword spans larger than UD_MAX_LCS cells are refused. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <utf8proc.h>

#define NONE SIZE_MAX
/* the largest LCS table of one multiword span, in cells (4 bytes each): real spans hold a few
 * words; only made-up files chain overlapping multiword tokens of both sides for longer */
#define UD_MAX_LCS ((size_t)1 << 22)

typedef struct ud_span {
    size_t start, end; /* bytes [start, end) of the file's text */
    long line;
} ud_span;

typedef struct ud_word {
    size_t start, end; /* its token's span: a word of a multiword token has the whole token's */
    size_t form;       /* lowercased form, an offset into the pool */
    size_t lemma, upos, xpos, deprel;
    size_t head; /* index of the head word in the file, NONE for the root */
    long line;
    int in_mwt;
} ud_word;

typedef struct ud_treebank {
    const char *path;
    char *text; /* token forms without spaces, one after the other */
    size_t ntext, captext;
    char *pool; /* the words' strings, each NUL-terminated */
    size_t npool, cappool;
    ud_span *tokens, *sents;
    size_t ntok, captok, nsent, capsent;
    ud_word *words;
    size_t nword, capword;
} ud_treebank;

typedef struct ud_score {
    size_t correct, gold, sys, aligned;
    int has_aligned; /* measured on aligned words: has an aligned accuracy */
} ud_score;

enum { UD_TOKENS, UD_SENTENCES, UD_WORDS, UD_UPOS, UD_XPOS, UD_LEMMAS, UD_UAS, UD_LAS, UD_LAS_SUB, UD_NMETRICS };
static const char *const ud_metric_names[UD_NMETRICS] = {"Tokens", "Sentences", "Words", "UPOS", "XPOS",
                                                          "Lemmas", "UAS", "LAS", "LAS with subtypes"};

typedef struct ud_result {
    ud_score m[UD_NMETRICS];
    size_t *sys_to_gold; /* per system word: its aligned gold word, or NONE */
    size_t *gold_to_sys; /* per gold word: its aligned system word, or NONE */
} ud_result;

static void ud_treebank_free(ud_treebank *tb)
{
    free(tb->text);
    free(tb->pool);
    free(tb->tokens);
    free(tb->sents);
    free(tb->words);
    memset(tb, 0, sizeof *tb);
}

static void ud_result_free(ud_result *r)
{
    free(r->sys_to_gold);
    free(r->gold_to_sys);
    memset(r, 0, sizeof *r);
}

/* Room for `more` items in an array of `*cap` items of `size` bytes holding `n`; -1 when memory
 * runs out or the size would overflow. */
static int reserve(void *arrayp, size_t *cap, size_t n, size_t more, size_t size)
{
    if (more <= *cap - n)
        return 0;
    size_t need = n + more;
    if (need < n || need > SIZE_MAX / size / 2)
        return -1;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *old, *p;
    memcpy(&old, arrayp, sizeof old); /* arrayp is the address of a pointer of any object type */
    p = realloc(old, c * size);
    if (!p)
        return -1;
    memcpy(arrayp, &p, sizeof p);
    *cap = c;
    return 0;
}

/* A short, printable rendering of bytes for a message: control characters, quotes and
 * backslashes escaped, cut (at a character boundary) after about `max` bytes. */
static const char *shown(const char *s, size_t n, size_t max, char *buf, size_t buflen)
{
    size_t o = 0, i = 0;
    for (; i < n && o + 8 < buflen; i++) {
        unsigned char c = (unsigned char)s[i];
        if (i >= max && (c & 0xC0) != 0x80)
            break;
        if (c < 0x20 || c == 0x7F || c == '"' || c == '\\')
            o += (size_t)snprintf(buf + o, buflen - o, c == '"' || c == '\\' ? "\\%c" : "\\x%02X", c);
        else
            buf[o++] = (char)c;
    }
    if (i < n && o + 4 < buflen)
        o += (size_t)snprintf(buf + o, buflen - o, "...");
    buf[o] = '\0';
    return buf;
}

static int fail(char *err, size_t errlen, const char *path, long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail(char *err, size_t errlen, const char *path, long line, const char *fmt, ...)
{
    int o = line > 0 ? snprintf(err, errlen, "%s:%ld: ", path, line) : snprintf(err, errlen, "%s: ", path);
    if (o >= 0 && (size_t)o < errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + o, errlen - (size_t)o, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* 1 when s[0..n) is valid UTF-8 (as utf8proc reads it: no overlong forms, no surrogates). */
static int utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return 0;
        i += (size_t)k;
    }
    return 1;
}

/* Appends the NUL-terminated valid UTF-8 `s` to the file's text without its Zs characters; the
 * number of bytes appended in *added. */
static int append_text(ud_treebank *tb, const char *s, size_t *added)
{
    size_t n = strlen(s), before = tb->ntext;
    if (reserve(&tb->text, &tb->captext, tb->ntext, n, 1) != 0)
        return -1;
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return -1; /* cannot happen: the line was checked */
        if (utf8proc_category(cp) != UTF8PROC_CATEGORY_ZS) {
            memcpy(tb->text + tb->ntext, s + i, (size_t)k);
            tb->ntext += (size_t)k;
        }
        i += (size_t)k;
    }
    *added = tb->ntext - before;
    return 0;
}

/* Copies s[0..n) (lowercased when `lower`) into the pool; its offset in *at. */
static int pool_add(ud_treebank *tb, const char *s, size_t n, int lower, size_t *at)
{
    /* a lowercased character takes at most 4 bytes, and at least 1 byte in the source */
    size_t room = lower ? (n > SIZE_MAX / 4 - 1 ? SIZE_MAX : 4 * n + 1) : n + 1;
    if (room == SIZE_MAX || reserve(&tb->pool, &tb->cappool, tb->npool, room, 1) != 0)
        return -1;
    *at = tb->npool;
    if (!lower) {
        memcpy(tb->pool + tb->npool, s, n);
        tb->npool += n;
    } else {
        size_t i = 0;
        while (i < n) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
            if (k <= 0)
                return -1;
            tb->npool += (size_t)utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)tb->pool + tb->npool);
            i += (size_t)k;
        }
    }
    tb->pool[tb->npool++] = '\0';
    return 0;
}

/* A number of ASCII digits only, at most 999,999,999; -1 for anything else. */
static int parse_num(const char *s, size_t n, size_t *v)
{
    if (n == 0 || n > 9)
        return -1;
    size_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = x * 10 + (size_t)(s[i] - '0');
    }
    *v = x;
    return 0;
}

/* The reader's state within a file. */
typedef struct ud_reading {
    ud_treebank *tb;
    char *err;
    size_t errlen;
    long line;
    int in_sentence;
    size_t first_word; /* the sentence's first word in tb->words */
    size_t sent_start;
    long sent_line;
    size_t mwt_last; /* the last word id of the multiword token whose words are being read, or 0 */
    size_t mwt_first, mwt_start, mwt_end;
    long mwt_line;
    unsigned char *state; /* per word of the sentence, for the cycle check */
    size_t capstate;
} ud_reading;

static int oom(ud_reading *rd)
{
    return fail(rd->err, rd->errlen, rd->tb->path, rd->line, "out of memory");
}

/* A blank line or the end of the file after a sentence: the sentence must be a tree. */
static int end_sentence(ud_reading *rd)
{
    ud_treebank *tb = rd->tb;
    const char *path = tb->path;
    if (rd->mwt_last)
        return fail(rd->err, rd->errlen, path, rd->mwt_line,
                    "multiword token %zu-%zu: the sentence ends before its word %zu", rd->mwt_first, rd->mwt_last,
                    tb->nword - rd->first_word + 1);
    size_t first = rd->first_word, n = tb->nword - first, roots = 0;
    if (n == 0)
        return fail(rd->err, rd->errlen, path, rd->sent_line, "a sentence without words (only empty nodes)");
    for (size_t i = first; i < tb->nword; i++) {
        ud_word *w = &tb->words[i];
        if (w->head > n)
            return fail(rd->err, rd->errlen, path, w->line, "HEAD %zu points outside the sentence (%zu words)",
                        w->head, n);
        if (w->head == 0 && roots++)
            return fail(rd->err, rd->errlen, path, w->line, "a second root (HEAD 0) in the sentence: a tree has one");
        w->head = w->head ? first + w->head - 1 : NONE;
    }
    if (roots == 0)
        return fail(rd->err, rd->errlen, path, rd->sent_line, "the sentence has no root (HEAD 0): a tree has one");
    /* cycles: walk up from each word, marking the path (1) until the root or a word already
     * known to reach it (2); meeting a 1 again is a cycle */
    if (reserve(&rd->state, &rd->capstate, 0, n, 1) != 0)
        return oom(rd);
    memset(rd->state, 0, n);
    for (size_t i = first; i < tb->nword; i++) {
        size_t v = i;
        while (v != NONE && rd->state[v - first] == 0) {
            rd->state[v - first] = 1;
            v = tb->words[v].head;
        }
        if (v != NONE && rd->state[v - first] == 1)
            return fail(rd->err, rd->errlen, path, tb->words[v].line,
                        "word %zu is on a cycle of heads: not a tree", v - first + 1);
        for (v = i; v != NONE && rd->state[v - first] == 1; v = tb->words[v].head)
            rd->state[v - first] = 2;
    }
    if (reserve(&tb->sents, &tb->capsent, tb->nsent, 1, sizeof *tb->sents) != 0)
        return oom(rd);
    tb->sents[tb->nsent++] = (ud_span){rd->sent_start, tb->ntext, rd->sent_line};
    rd->in_sentence = 0;
    return 0;
}

/* Adds a token whose form is `form` (spaces removed); its span in *start, *end. */
static int add_token(ud_reading *rd, const char *form, size_t *start, size_t *end)
{
    ud_treebank *tb = rd->tb;
    size_t added;
    *start = tb->ntext;
    if (append_text(tb, form, &added) != 0 ||
        reserve(&tb->tokens, &tb->captok, tb->ntok, 1, sizeof *tb->tokens) != 0)
        return oom(rd);
    if (added == 0)
        return fail(rd->err, rd->errlen, tb->path, rd->line, "empty FORM (nothing but spaces)");
    *end = tb->ntext;
    tb->tokens[tb->ntok++] = (ud_span){*start, *end, rd->line};
    return 0;
}

/* One line of 10 columns. */
static int word_line(ud_reading *rd, char *col[10])
{
    ud_treebank *tb = rd->tb;
    const char *path = tb->path;
    char buf[256];
    const char *id = col[0], *dash = strchr(id, '-'), *dot = strchr(id, '.');
    size_t expect = tb->nword - rd->first_word + 1, a, b;
    if (dot) { /* an empty node: not part of the basic tree */
        if (dash || parse_num(id, (size_t)(dot - id), &a) != 0 || parse_num(dot + 1, strlen(dot + 1), &b) != 0)
            return fail(rd->err, rd->errlen, path, rd->line, "bad ID \"%s\"", shown(id, strlen(id), 20, buf, sizeof buf));
        return 0;
    }
    if (dash) { /* a multiword token: the words with ids a..b follow */
        if (parse_num(id, (size_t)(dash - id), &a) != 0 || parse_num(dash + 1, strlen(dash + 1), &b) != 0)
            return fail(rd->err, rd->errlen, path, rd->line, "bad multiword token ID \"%s\"",
                        shown(id, strlen(id), 20, buf, sizeof buf));
        if (rd->mwt_last)
            return fail(rd->err, rd->errlen, path, rd->line, "multiword token %zu-%zu inside multiword token %zu-%zu",
                        a, b, rd->mwt_first, rd->mwt_last);
        if (a != expect || b <= a)
            return fail(rd->err, rd->errlen, path, rd->line,
                        "multiword token %zu-%zu: expected a range of two or more words from %zu", a, b, expect);
        if (add_token(rd, col[1], &rd->mwt_start, &rd->mwt_end) != 0)
            return -1;
        rd->mwt_first = a;
        rd->mwt_last = b;
        rd->mwt_line = rd->line;
        return 0;
    }
    size_t n, head;
    if (parse_num(id, strlen(id), &n) != 0)
        return fail(rd->err, rd->errlen, path, rd->line, "bad word ID \"%s\"", shown(id, strlen(id), 20, buf, sizeof buf));
    if (n != expect)
        return fail(rd->err, rd->errlen, path, rd->line, "word ID %zu, expected %zu (ids run 1, 2, 3 ... in a sentence)",
                    n, expect);
    if (parse_num(col[6], strlen(col[6]), &head) != 0)
        return fail(rd->err, rd->errlen, path, rd->line, "HEAD \"%s\" is not a number (0 for the root, else a word ID)",
                    shown(col[6], strlen(col[6]), 20, buf, sizeof buf));
    if (reserve(&tb->words, &tb->capword, tb->nword, 1, sizeof *tb->words) != 0)
        return oom(rd);
    ud_word w;
    memset(&w, 0, sizeof w);
    w.head = head;
    w.line = rd->line;
    if (rd->mwt_last) { /* its form stays as written, spaces and all, as the official scorer has it */
        w.in_mwt = 1;
        w.start = rd->mwt_start;
        w.end = rd->mwt_end;
        if (pool_add(tb, col[1], strlen(col[1]), 1, &w.form) != 0)
            return oom(rd);
        if (n == rd->mwt_last)
            rd->mwt_last = 0;
    } else {
        if (add_token(rd, col[1], &w.start, &w.end) != 0)
            return -1;
        if (pool_add(tb, tb->text + w.start, w.end - w.start, 1, &w.form) != 0)
            return oom(rd);
    }
    if (pool_add(tb, col[2], strlen(col[2]), 0, &w.lemma) != 0 || pool_add(tb, col[3], strlen(col[3]), 0, &w.upos) != 0 ||
        pool_add(tb, col[4], strlen(col[4]), 0, &w.xpos) != 0 || pool_add(tb, col[7], strlen(col[7]), 0, &w.deprel) != 0)
        return oom(rd);
    tb->words[tb->nword++] = w;
    return 0;
}

static int read_line(ud_reading *rd, char *line, size_t len)
{
    const char *path = rd->tb->path;
    if (memchr(line, '\0', len))
        return fail(rd->err, rd->errlen, path, rd->line, "NUL byte");
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    if (!utf8_valid(line, len))
        return fail(rd->err, rd->errlen, path, rd->line, "invalid UTF-8");
    if (len == 0) /* blank lines end a sentence; more of them are let be */
        return rd->in_sentence ? end_sentence(rd) : 0;
    if (line[0] == '#') {
        if (rd->in_sentence)
            return fail(rd->err, rd->errlen, path, rd->line, "a comment inside a sentence (comments go before its first line)");
        return 0;
    }
    char *col[10];
    size_t ncol = 1;
    for (const char *p = line; (p = strchr(p, '\t')); p++)
        ncol++;
    if (ncol != 10)
        return fail(rd->err, rd->errlen, path, rd->line, "a word line has 10 tab-separated columns, this one %zu", ncol);
    col[0] = line;
    for (size_t i = 1; i < 10; i++) {
        char *t = strchr(col[i - 1], '\t');
        *t = '\0';
        col[i] = t + 1;
    }
    if (!rd->in_sentence) {
        rd->in_sentence = 1;
        rd->first_word = rd->tb->nword;
        rd->sent_start = rd->tb->ntext;
        rd->sent_line = rd->line;
    }
    return word_line(rd, col);
}

/* Reads a whole file into tb; -1 with "path:line: reason" in err at the first problem. */
static int ud_load_file(ud_treebank *tb, const char *path, FILE *f, char *err, size_t errlen)
{
    memset(tb, 0, sizeof *tb);
    tb->path = path;
    ud_reading rd;
    memset(&rd, 0, sizeof rd);
    rd.tb = tb;
    rd.err = err;
    rd.errlen = errlen;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    errno = 0;
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        rd.line++;
        rc = read_line(&rd, line, (size_t)len);
        errno = 0;
    }
    if (rc == 0 && !feof(f))
        rc = fail(err, errlen, path, rd.line + 1, "cannot read: %s", strerror(errno ? errno : EIO));
    if (rc == 0 && rd.in_sentence) /* the last sentence need not end with a blank line */
        rc = end_sentence(&rd);
    free(line);
    free(rd.state);
    return rc;
}

/* The token of tb that holds byte `at` of its text: its line, 0 past the end. */
static long line_at(const ud_treebank *tb, size_t at)
{
    size_t lo = 0, hi = tb->ntok;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tb->tokens[mid].end <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < tb->ntok ? tb->tokens[lo].line : 0;
}

/* The two texts must be the same; else err says where they part, with both contexts. */
static int same_text(const ud_treebank *g, const ud_treebank *s, char *err, size_t errlen)
{
    size_t n = g->ntext < s->ntext ? g->ntext : s->ntext, i = 0;
    while (i < n && g->text[i] == s->text[i])
        i++;
    if (i == g->ntext && i == s->ntext)
        return 0;
    const char *gt = g->text ? g->text : "", *st = s->text ? s->text : "";
    /* the character that holds the first differing byte starts at the same byte in both */
    size_t c = i;
    while (c > 0 && c < g->ntext && ((unsigned char)gt[c] & 0xC0) == 0x80)
        c--;
    size_t b = c > 20 ? c - 20 : 0;
    while (b > 0 && b < c && ((unsigned char)gt[b] & 0xC0) == 0x80)
        b++;
    char before[256], gafter[256], safter[256];
    shown(gt + b, c - b, 40, before, sizeof before);
    shown(gt + c, g->ntext - c, 20, gafter, sizeof gafter);
    shown(st + c, s->ntext - c, 20, safter, sizeof safter);
    char gwhere[64], swhere[64];
    long gl = line_at(g, c), sl = line_at(s, c);
    snprintf(gwhere, sizeof gwhere, gl ? ":%ld" : " (at its end)", gl);
    snprintf(swhere, sizeof swhere, sl ? ":%ld" : " (at its end)", sl);
    snprintf(err, errlen,
             "gold and system texts differ at byte %zu (spaces removed):\n"
             "  gold   %s%s: after \"%s\" comes \"%s\"\n"
             "  system %s%s: after \"%s\" comes \"%s\"",
             i, g->path, gwhere, before, gafter, s->path, swhere, before, safter);
    return -1;
}

static int beyond(const ud_treebank *tb, size_t i, size_t end)
{
    if (i >= tb->nword)
        return 1;
    const ud_word *w = &tb->words[i];
    return w->in_mwt ? w->start >= end : w->end > end;
}

static void pair(ud_result *r, size_t gi, size_t si)
{
    r->gold_to_sys[gi] = si;
    r->sys_to_gold[si] = gi;
}

/* Aligns the words of a multiword span, gold [gs, ge) and system [ss, se), by the longest
 * common subsequence of their lowercased forms, taking equal forms as early as it can. */
static int align_lcs(const ud_treebank *g, const ud_treebank *s, size_t gs, size_t ge, size_t ss, size_t se, ud_result *r,
                     char *err, size_t errlen)
{
    size_t G = ge - gs, S = se - ss, W = S + 1;
    if (G + 1 > UD_MAX_LCS / W)
        return fail(err, errlen, g->path, g->words[gs].line,
                    "a multiword span of %zu gold and %zu system words is too long to align", G, S);
    uint32_t *L = calloc((G + 1) * W, sizeof *L); /* L[x][y]: LCS of gold x.. and system y.. */
    if (!L)
        return fail(err, errlen, g->path, g->words[gs].line, "out of memory");
#define FORM_EQ(x, y) (strcmp(g->pool + g->words[gs + (x)].form, s->pool + s->words[ss + (y)].form) == 0)
    for (size_t x = G; x-- > 0;)
        for (size_t y = S; y-- > 0;) {
            uint32_t v = FORM_EQ(x, y) ? L[(x + 1) * W + y + 1] + 1 : 0;
            if (L[(x + 1) * W + y] > v)
                v = L[(x + 1) * W + y];
            if (L[x * W + y + 1] > v)
                v = L[x * W + y + 1];
            L[x * W + y] = v;
        }
    size_t x = 0, y = 0;
    while (x < G && y < S) {
        if (FORM_EQ(x, y)) {
            pair(r, gs + x, ss + y);
            x++;
            y++;
        } else if (L[x * W + y] == L[(x + 1) * W + y]) {
            x++;
        } else {
            y++;
        }
    }
#undef FORM_EQ
    free(L);
    return 0;
}

static int align(const ud_treebank *g, const ud_treebank *s, ud_result *r, char *err, size_t errlen)
{
    size_t gi = 0, si = 0;
    while (gi < g->nword && si < s->nword) {
        const ud_word *gw = &g->words[gi], *sw = &s->words[si];
        if (gw->in_mwt || sw->in_mwt) {
            /* the multiword span: from this multiword token on, until no multiword token of
             * either side sticks out of it */
            size_t end;
            if (gw->in_mwt) {
                end = gw->end;
                if (!sw->in_mwt && sw->start < gw->start)
                    si++;
            } else {
                end = sw->end;
                if (gw->start < sw->start)
                    gi++;
            }
            size_t gs = gi, ss = si;
            while (!beyond(g, gi, end) || !beyond(s, si, end)) {
                const ud_word *w;
                if (gi < g->nword && (si >= s->nword || g->words[gi].start <= s->words[si].start))
                    w = &g->words[gi++];
                else
                    w = &s->words[si++];
                if (w->in_mwt && w->end > end)
                    end = w->end;
            }
            if (gi > gs && si > ss && align_lcs(g, s, gs, gi, ss, si, r, err, errlen) != 0)
                return -1;
        } else if (gw->start == sw->start && gw->end == sw->end) {
            pair(r, gi++, si++);
        } else if (gw->start <= sw->start) {
            gi++;
        } else {
            si++;
        }
    }
    return 0;
}

/* Tokens and sentences: spans equal in start and end. */
static ud_score spans_score(const ud_span *g, size_t ng, const ud_span *s, size_t ns)
{
    ud_score sc = {0, ng, ns, 0, 0};
    size_t gi = 0, si = 0;
    while (gi < ng && si < ns) {
        if (s[si].start < g[gi].start) {
            si++;
        } else if (g[gi].start < s[si].start) {
            gi++;
        } else {
            sc.correct += g[gi].end == s[si].end;
            gi++;
            si++;
        }
    }
    return sc;
}

/* The relation without its subtype: the part before the first ':'. */
static int universal_eq(const char *a, const char *b)
{
    size_t la = strcspn(a, ":"), lb = strcspn(b, ":");
    return la == lb && memcmp(a, b, la) == 0;
}

static int ud_evaluate(const ud_treebank *g, const ud_treebank *s, ud_result *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    if (same_text(g, s, err, errlen) != 0)
        return -1;
    r->gold_to_sys = malloc((g->nword ? g->nword : 1) * sizeof *r->gold_to_sys);
    r->sys_to_gold = malloc((s->nword ? s->nword : 1) * sizeof *r->sys_to_gold);
    if (!r->gold_to_sys || !r->sys_to_gold)
        return fail(err, errlen, g->path, 0, "out of memory");
    for (size_t i = 0; i < g->nword; i++)
        r->gold_to_sys[i] = NONE;
    for (size_t i = 0; i < s->nword; i++)
        r->sys_to_gold[i] = NONE;
    if (align(g, s, r, err, errlen) != 0)
        return -1;
    r->m[UD_TOKENS] = spans_score(g->tokens, g->ntok, s->tokens, s->ntok);
    r->m[UD_SENTENCES] = spans_score(g->sents, g->nsent, s->sents, s->nsent);
    size_t aligned = 0;
    for (size_t i = 0; i < s->nword; i++)
        aligned += r->sys_to_gold[i] != NONE;
    for (int m = UD_WORDS; m < UD_NMETRICS; m++)
        r->m[m] = (ud_score){m == UD_WORDS ? aligned : 0, g->nword, s->nword, aligned, m != UD_WORDS};
    for (size_t si = 0; si < s->nword; si++) {
        size_t gi = r->sys_to_gold[si];
        if (gi == NONE)
            continue;
        const ud_word *gw = &g->words[gi], *sw = &s->words[si];
        const char *gp = g->pool, *sp = s->pool;
        r->m[UD_UPOS].correct += strcmp(gp + gw->upos, sp + sw->upos) == 0;
        r->m[UD_XPOS].correct += strcmp(gp + gw->xpos, sp + sw->xpos) == 0;
        r->m[UD_LEMMAS].correct += strcmp(gp + gw->lemma, "_") == 0 || strcmp(gp + gw->lemma, sp + sw->lemma) == 0;
        /* the system head must be the word aligned to the gold head, or both the root */
        int head = sw->head == NONE ? gw->head == NONE : gw->head != NONE && r->sys_to_gold[sw->head] == gw->head;
        if (head) {
            r->m[UD_UAS].correct++;
            r->m[UD_LAS].correct += universal_eq(gp + gw->deprel, sp + sw->deprel);
            r->m[UD_LAS_SUB].correct += strcmp(gp + gw->deprel, sp + sw->deprel) == 0;
        }
    }
    return 0;
}

static double ratio(size_t a, size_t b)
{
    return b ? 100.0 * ((double)a / (double)b) : 0.0;
}

static void print_scores(FILE *out, const ud_result *r, int verbose)
{
    fprintf(out, "Metric            | Precision |    Recall |  F1 Score | AligndAcc\n");
    fprintf(out, "------------------+-----------+-----------+-----------+-----------\n");
    for (int m = 0; m < UD_NMETRICS; m++) {
        const ud_score *sc = &r->m[m];
        /* as the official scorer computes them: 2c/(g+s) in one division, then times 100 */
        double f1 = sc->gold + sc->sys ? 100.0 * ((double)(2 * sc->correct) / (double)(sc->gold + sc->sys)) : 0.0;
        fprintf(out, "%-18s|%10.2f |%10.2f |%10.2f |", ud_metric_names[m], ratio(sc->correct, sc->sys),
                ratio(sc->correct, sc->gold), f1);
        if (sc->has_aligned)
            fprintf(out, "%10.2f", ratio(sc->correct, sc->aligned));
        fputc('\n', out);
    }
    if (!verbose)
        return;
    fprintf(out, "\nMetric            |   Correct |      Gold | Predicted |   Aligned\n");
    fprintf(out, "------------------+-----------+-----------+-----------+-----------\n");
    for (int m = 0; m < UD_NMETRICS; m++) {
        const ud_score *sc = &r->m[m];
        fprintf(out, "%-18s|%10zu |%10zu |%10zu |", ud_metric_names[m], sc->correct, sc->gold, sc->sys);
        if (sc->has_aligned || m == UD_WORDS)
            fprintf(out, "%10zu", sc->aligned);
        fputc('\n', out);
    }
}

/* --verbose: the first words of each side that found no partner, and the first head and
 * relation errors, with their lines. */
static void print_misses(FILE *out, const ud_treebank *g, const ud_treebank *s, const ud_result *r)
{
    const int shown_max = 10;
    char buf[256];
    const struct {
        const ud_treebank *tb;
        const size_t *map;
        const char *what;
    } side[2] = {{g, r->gold_to_sys, "gold"}, {s, r->sys_to_gold, "system"}};
    for (int k = 0; k < 2; k++) {
        size_t n = 0;
        for (size_t i = 0; i < side[k].tb->nword; i++)
            if (side[k].map[i] == NONE && n++ < (size_t)shown_max) {
                const ud_word *w = &side[k].tb->words[i];
                if (n == 1)
                    fprintf(out, "\n%s words not aligned:\n", side[k].what);
                fprintf(out, "  %s:%ld: \"%s\"\n", side[k].tb->path, w->line,
                        shown(side[k].tb->pool + w->form, strlen(side[k].tb->pool + w->form), 40, buf, sizeof buf));
            }
        if (n > (size_t)shown_max)
            fprintf(out, "  ... and %zu more\n", n - (size_t)shown_max);
    }
    size_t n = 0;
    for (size_t si = 0; si < s->nword; si++) {
        size_t gi = r->sys_to_gold[si];
        if (gi == NONE)
            continue;
        const ud_word *gw = &g->words[gi], *sw = &s->words[si];
        int head = sw->head == NONE ? gw->head == NONE : gw->head != NONE && r->sys_to_gold[sw->head] == gw->head;
        if (head && strcmp(g->pool + gw->deprel, s->pool + sw->deprel) == 0)
            continue;
        if (n++ >= (size_t)shown_max)
            continue;
        if (n == 1)
            fprintf(out, "\nhead or relation errors (gold line, system line):\n");
        char gd[256], sd[256];
        fprintf(out, "  %s:%ld %s:%ld: %s, gold %s, system %s\n", g->path, gw->line, s->path, sw->line,
                head ? "relation" : "head", shown(g->pool + gw->deprel, strlen(g->pool + gw->deprel), 30, gd, sizeof gd),
                shown(s->pool + sw->deprel, strlen(s->pool + sw->deprel), 30, sd, sizeof sd));
    }
    if (n > (size_t)shown_max)
        fprintf(out, "  ... and %zu more\n", n - (size_t)shown_max);
}

#ifndef UD_EVAL_NO_MAIN /* fuzz/fuzz_udeval.c includes this file without main, reading from memory */
static int ud_load(ud_treebank *tb, const char *path, char *err, size_t errlen)
{
    memset(tb, 0, sizeof *tb);
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, errlen, path, 0, "%s", strerror(errno));
    int rc = ud_load_file(tb, path, f, err, errlen);
    fclose(f);
    return rc;
}

static int usage(FILE *out, int rc)
{
    fprintf(out, "usage: herald-ud-eval GOLD.conllu SYSTEM.conllu [--verbose]\n");
    return rc;
}

int main(int argc, char **argv)
{
    const char *path[2] = {NULL, NULL};
    int npath = 0, verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return usage(stdout, 0);
        else if (argv[i][0] == '-' && argv[i][1])
            return usage(stderr, 2);
        else if (npath < 2)
            path[npath++] = argv[i];
        else
            return usage(stderr, 2);
    }
    if (npath != 2)
        return usage(stderr, 2);
    char err[1024];
    ud_treebank g, s;
    ud_result r;
    memset(&s, 0, sizeof s);
    memset(&r, 0, sizeof r);
    int rc = 0;
    if (ud_load(&g, path[0], err, sizeof err) != 0 || ud_load(&s, path[1], err, sizeof err) != 0 ||
        ud_evaluate(&g, &s, &r, err, sizeof err) != 0) {
        fprintf(stderr, "herald-ud-eval: %s\n", err);
        rc = 2;
    } else {
        print_scores(stdout, &r, verbose);
        if (verbose)
            print_misses(stdout, &g, &s, &r);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "herald-ud-eval: cannot write the scores: %s\n", strerror(errno));
            rc = 2;
        }
    }
    ud_result_free(&r);
    ud_treebank_free(&g);
    ud_treebank_free(&s);
    return rc;
}
#endif
