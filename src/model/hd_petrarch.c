/* hd_petrarch.c: reads PETRARCH/TABARI dictionaries (actors, agents, discards, verbs) from a
 * directory into a model, so that users with their own PETRARCH dictionaries can code with
 * herald without converting them.
 *
 * Files are chosen by name (`*actors*.txt`, `*agents*.txt`, `*discards*.txt`, `*verbs*.txt`,
 * `CAMEO*.txt`) and read in name order. Readings of the formats that need a choice:
 *
 * - Comments: `<!-- -->` (also over several lines), lines opening with `<!`, and `#` to the end
 *   of the line, as PETRARCH 2 strips them.
 * - Phrases: `_` is a space; a trailing `_` ("exact word only") is read as the plain word,
 *   because herald matches whole tokens anyway.
 * - Actor codes: `[CODE]`, `[CODE <D]` (valid up to the day before D), `[CODE >D]` (from D on),
 *   `[CODE D1-D2]` (both ends included), `[CODE D]` (from D on); D is YYYYMMDD or TABARI's
 *   YYMMDD (00-30 = 20YY). Names listed one under the other before any code share the codes
 *   that follow, as the Phoenix files expect.
 *   `[---]` means "no code": such an actor is skipped; a dated `[--- ...]` cannot be
 *   expressed in a model and is dropped with a warning. TABARI's `[A/B]` (the actor is both A
 *   and B) keeps A only, since a phrase resolves to one code in herald.
 * - Agents: `~ROLE` and `ROLE~` both give ROLE (herald always puts the role after the
 *   country); `{}` means no plural, `{X Y}` lists plurals; `!NAME! = A, B` macros are expanded
 *   where `!NAME!` occurs in a phrase, and such expansions get no generated plural.
 * - Discards: `+PHRASE` discards the story, `PHRASE` the sentence.
 * - Verbs: a `--- NAME [CODE] ---` header opens a block; `[A:B]` (A for source to target, B for
 *   the reverse event) keeps A, and `[:B]` has no forward event so it codes nothing (`---`);
 *   stray characters such as `025?` are dropped with a warning; patterns coded `[+++]` or
 *   `[###]` are left out so the block's code applies. A verb line with a code of its
 *   own (`LEMMA [CODE]`) gets a block of its own with that default code and a copy of the
 *   enclosing block's patterns, which is how PETRARCH applies the block's patterns to it.
 *   Patterns are buffered and added when their block ends, since the builder needs each
 *   block's patterns to be contiguous. `^` (TABARI's "skip one word") is dropped from patterns:
 *   herald's patterns allow gaps anyway.
 * - Synsets: `&NAME` then `+MEMBER` lines; plurals of members are added as PETRARCH does,
 *   except when the synset name or the member ends with `_`. A member `&OTHER` adds the
 *   members of an earlier synset.
 * - Event codes that the base model's CAMEO table does not know (PETRARCH's validation files
 *   use WEIS-like numbers) are added to the table with a Goldstein value of 0, so that events
 *   carrying them are delivered; codes that are not 2-4 digits cannot be added.
 *
 * What is refused: garbage is an error, and a directory with any error is not loaded at all
 * (hd_model_from_petrarch() returns NULL; `herald code` exits with status 2 after listing
 * them), because a model built from part of a damaged dictionary codes wrong without saying
 * so. Errors are: a NUL byte or invalid UTF-8 in a line, a file that cannot be read or holds
 * no entries (empty or truncated), a `<!--` comment still open at the end of a file (cut
 * short), and a discard phrase made only of function words ("TO", "OF THE": it would discard
 * nearly every sentence; told by the base model's lexicon, so not checked without one).
 * Lines of a known kind that cannot be used as they stand (a bad date, a stray character in a
 * code, an agent without its code) are warnings: the line is skipped and the rest loads, since
 * the stock PETRARCH and Phoenix dictionaries have a dozen such lines and refusing them would
 * refuse the dictionaries users start from. A control character is a warning for the same
 * reason (two Phoenix actors lost a letter to one). Every message names file and line; each
 * file shows at most HD_DIAG_SHOWN and then how many more there were.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/hd_build.h"
#include "text/hd_textfile.h"

#define MAX_CODES 32
#define MAX_MACROS 64

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static int sv_push(strvec *s, const char *str)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char **p = realloc(s->v, cap * sizeof *p);
        if (!p)
            return -1;
        s->v = p;
        s->cap = cap;
    }
    char *d = strdup(str);
    if (!d)
        return -1;
    s->v[s->n++] = d;
    return 0;
}

static void sv_clear(strvec *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    s->n = 0;
}

static void sv_free(strvec *s)
{
    sv_clear(s);
    free(s->v);
    s->v = NULL;
    s->cap = 0;
}

/* State of one import: everything is local to the call, nothing global. */
typedef struct pctx {
    hd_builder *b;
    const hd_model *base;
    hd_warn_fn warn;
    void *user;
    hd_diag diag;     /* messages of the file being read */
    const char *name; /* its base name, for rule ids */
    long used;        /* entries accepted */
    long errors;      /* in all files: any refuses the directory */
    strvec codes;     /* event codes used by verb blocks and patterns */
    /* agents: substitution macros "!NAME!" of the current file */
    strvec macro_names, macro_values;
} pctx;

/* A warning about a line that is skipped (skipped = 1) or read in a way the message says. */
static void vwarn(pctx *c, long line, int skipped, const char *fmt, va_list ap)
{
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    hd_diag_warning(&c->diag, line, "%s%s", msg, skipped ? " (skipped)" : "");
}

static void warnf(pctx *c, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warnf(pctx *c, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vwarn(c, line, 1, fmt, ap);
    va_end(ap);
}

static void notef(pctx *c, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void notef(pctx *c, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vwarn(c, line, 0, fmt, ap);
    va_end(ap);
}

static long problems(const pctx *c) { return c->diag.errors + c->diag.warnings; }

static void rule_id(const pctx *c, long line, char *out, size_t n) { snprintf(out, n, "%s:%ld", c->name, line); }

/* ---- lines ------------------------------------------------------------------------------- */

typedef struct reader {
    hd_textfile t; /* lines with NUL bytes or invalid UTF-8 never come out of it */
    long line;
    long content;  /* lines with something besides comments */
    int in_comment;
} reader;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Next line with content, comments removed and blanks trimmed; NULL at the end. *indented
 * tells whether the raw line began with a blank (codes on a following line). */
static char *next_line(reader *r, int *indented)
{
    size_t len;
    char *s;
    while ((s = hd_textfile_next(&r->t, &len)) != NULL) {
        r->line = r->t.line;
        if (r->in_comment) {
            char *end = strstr(s, "-->");
            if (!end)
                continue;
            r->in_comment = 0;
            memset(s, ' ', (size_t)(end + 3 - s)); /* keep the column of what follows */
        }
        if (trim(s)[0] == '<' && trim(s)[1] == '!') {
            /* "<! -- ... -->" and "<!-- ..." open a comment line; it may run on */
            char *t = trim(s);
            if (strncmp(t, "<!--", 4) == 0 && !strstr(t + 4, "-->"))
                r->in_comment = 1;
            continue;
        }
        for (char *open; (open = strstr(s, "<!--")) != NULL;) {
            char *end = strstr(open + 4, "-->");
            if (!end) {
                *open = '\0';
                r->in_comment = 1;
                break;
            }
            memmove(open, end + 3, strlen(end + 3) + 1);
        }
        /* '#' opens a comment, except inside "[...]" where TABARI writes the code "[###]" */
        for (char *p = s, *open = NULL; *p; p++) {
            if (*p == '[')
                open = p;
            else if (*p == ']')
                open = NULL;
            else if (*p == '#' && !open) {
                *p = '\0';
                break;
            }
        }
        *indented = s[0] == ' ' || s[0] == '\t';
        char *t = trim(s);
        if (*t) {
            r->content++;
            return t;
        }
    }
    return NULL;
}

/* A dictionary phrase as the builder takes it: '_' becomes a blank, runs of blanks collapse,
 * a trailing '_' (exact word) is dropped. Returns the length, 0 when empty or too long. */
static size_t clean_phrase(const char *in, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    int space = 1;
    for (size_t i = 0; i < n && in[i]; i++) {
        char ch = in[i] == '_' || in[i] == '\t' ? ' ' : in[i];
        if (ch == ' ') {
            if (space)
                continue;
            space = 1;
        } else
            space = 0;
        if (k + 1 >= cap)
            return 0;
        out[k++] = ch;
    }
    while (k && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
    return k;
}

/* ---- actors ------------------------------------------------------------------------------ */

/* YYYYMMDD or YYMMDD into yyyymmdd; -1 when malformed. */
static int parse_pdate(const char *s, int32_t *out)
{
    size_t n = strlen(s);
    if (n != 6 && n != 8)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return -1;
    long v = strtol(s, NULL, 10);
    int y, m, d;
    if (n == 8) {
        y = (int)(v / 10000);
    } else {
        y = (int)(v / 10000);
        y += y <= 30 ? 2000 : 1900;
    }
    m = (int)(v / 100 % 100);
    d = (int)(v % 100);
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    *out = y * 10000 + m * 100 + d;
    return 0;
}

/* The inside of one "[...]" of an actor. Returns 0 with *dc filled, 1 for "no code" ("---"),
 * -1 after a warning. */
static int parse_actor_code(pctx *c, long line, const char *inside, hd_dated_code *dc)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", inside);
    char *s = trim(buf);
    memset(dc, 0, sizeof *dc);
    size_t cl = strcspn(s, " \t<>");
    if (cl == 0) {
        warnf(c, line, "actor code missing in '[%s]'", inside);
        return -1;
    }
    char code[64];
    if (cl >= sizeof code)
        cl = sizeof code - 1;
    memcpy(code, s, cl);
    code[cl] = '\0';
    /* the date part without blanks: "<950601", "19950601-19990815" */
    char dates[64];
    size_t dn = 0;
    for (const char *p = s + cl; *p && dn + 1 < sizeof dates; p++)
        if (!isspace((unsigned char)*p))
            dates[dn++] = *p;
    dates[dn] = '\0';
    char *slash = strchr(code, '/');
    if (slash)
        *slash = '\0';
    for (char *p = code; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    int none = strcmp(code, "---") == 0 || strcmp(code, "+++") == 0 || strcmp(code, "###") == 0;
    if (!none) {
        int ok = isalpha((unsigned char)code[0]) && strlen(code) < sizeof dc->code;
        for (char *p = code; *p && ok; p++)
            if (!isalnum((unsigned char)*p))
                ok = 0;
        if (!ok) {
            warnf(c, line, "bad actor code '%s'", code);
            return -1;
        }
        strcpy(dc->code, code);
    }
    if (dates[0]) {
        int32_t d1 = 0, d2 = 0;
        char *dash = strchr(dates, '-');
        int bad = 0;
        if (dates[0] == '<') {
            bad = parse_pdate(dates + 1, &d1) != 0;
            dc->to = d1 - 1; /* compared as integers, so the day before needs no calendar */
        } else if (dates[0] == '>') {
            bad = parse_pdate(dates + 1, &d1) != 0;
            dc->from = d1;
        } else if (dash) {
            *dash = '\0';
            bad = parse_pdate(dates, &d1) != 0 || parse_pdate(dash + 1, &d2) != 0 || d2 < d1;
            dc->from = d1;
            dc->to = d2;
        } else { /* a bare date: Phoenix files use it for the start of a term */
            bad = parse_pdate(dates, &d1) != 0;
            dc->from = d1;
        }
        if (bad) {
            warnf(c, line, "bad date restriction in '[%s]'", inside);
            return -1;
        }
        if (none) {
            warnf(c, line, "a dated '[---]' cannot be represented");
            return 1;
        }
    }
    return none ? 1 : 0;
}

typedef struct actor_group {
    strvec phrases;
    hd_dated_code codes[MAX_CODES];
    size_t ncodes;
    int saw_none;
    long line;
} actor_group;

static void actor_flush(pctx *c, actor_group *g)
{
    if (g->phrases.n == 0)
        goto done;
    if (g->ncodes == 0) {
        if (!g->saw_none)
            warnf(c, g->line, "actor '%s' has no code", g->phrases.v[0]);
        goto done;
    }
    char rule[300], err[300];
    rule_id(c, g->line, rule, sizeof rule);
    for (size_t i = 0; i < g->phrases.n; i++) {
        if (hd_builder_actor(c->b, g->phrases.v[i], g->codes, g->ncodes, rule, err, sizeof err) != 0)
            warnf(c, g->line, "%s", err);
        else
            c->used++;
    }
done:
    sv_clear(&g->phrases);
    g->ncodes = 0;
    g->saw_none = 0;
}

/* Reads every "[...]" of a line into the group. */
static void actor_codes(pctx *c, actor_group *g, const char *s, long line)
{
    for (const char *open = strchr(s, '['); open; open = strchr(open + 1, '[')) {
        const char *close = strchr(open, ']');
        if (!close) {
            warnf(c, line, "unclosed '[' in actor code");
            return;
        }
        char inside[128];
        snprintf(inside, sizeof inside, "%.*s", (int)(close - open - 1), open + 1);
        hd_dated_code dc;
        int rc = parse_actor_code(c, line, inside, &dc);
        if (rc == 1)
            g->saw_none = 1;
        else if (rc == 0) {
            if (g->ncodes == MAX_CODES)
                warnf(c, line, "more than %d codes for one actor", MAX_CODES);
            else
                g->codes[g->ncodes++] = dc;
        }
    }
}

static void read_actors(pctx *c, reader *r)
{
    actor_group g;
    memset(&g, 0, sizeof g);
    int indented;
    char *s;
    while ((s = next_line(r, &indented)) != NULL) {
        long line = r->line;
        if (s[0] == '[') {
            if (g.phrases.n == 0)
                warnf(c, line, "actor code without an actor");
            else
                actor_codes(c, &g, s, line);
            continue;
        }
        int synonym = s[0] == '+';
        /* names listed one under the other with no code yet share the codes that follow */
        int joins = g.phrases.n > 0 && g.ncodes == 0 && !g.saw_none;
        if (!synonym && !joins) {
            actor_flush(c, &g);
            g.line = line;
        } else if (g.phrases.n == 0) {
            warnf(c, line, "synonym '%s' without an actor", s);
            continue;
        }
        const char *name = s + synonym;
        size_t nl = strcspn(name, "[");
        char phrase[512];
        if (clean_phrase(name, nl, phrase, sizeof phrase) == 0) {
            warnf(c, line, "empty or over-long actor phrase");
            if (!synonym)
                g.line = 0;
            continue;
        }
        if (sv_push(&g.phrases, phrase) != 0) {
            warnf(c, line, "out of memory");
            continue;
        }
        actor_codes(c, &g, s, line);
    }
    actor_flush(c, &g);
    sv_free(&g.phrases);
}

/* ---- agents ------------------------------------------------------------------------------ */

static void add_agent(pctx *c, long line, const char *phrase, const char *role, const char *plural)
{
    char rule[300], err[300];
    rule_id(c, line, rule, sizeof rule);
    if (hd_builder_agent(c->b, phrase, role, plural, rule, err, sizeof err) != 0)
        warnf(c, line, "%s", err);
    else
        c->used++;
}

/* Adds `phrase` with each "!NAME!" replaced by every alternative of its macro. */
static void expand_agent(pctx *c, long line, const char *phrase, const char *role, const char *plural, int depth)
{
    const char *open = strchr(phrase, '!');
    const char *close = open ? strchr(open + 1, '!') : NULL;
    if (!close) {
        add_agent(c, line, phrase, role, depth ? "" : plural);
        return;
    }
    size_t nn = (size_t)(close - open + 1);
    for (size_t m = 0; m < c->macro_names.n; m++) {
        if (strlen(c->macro_names.v[m]) != nn || strncmp(c->macro_names.v[m], open, nn) != 0)
            continue;
        if (depth > 4) {
            warnf(c, line, "substitution markers nested too deeply");
            return;
        }
        char alts[512];
        snprintf(alts, sizeof alts, "%s", c->macro_values.v[m]);
        for (char *save = NULL, *a = strtok_r(alts, ",", &save); a; a = strtok_r(NULL, ",", &save)) {
            char out[512];
            snprintf(out, sizeof out, "%.*s%s%s", (int)(open - phrase), phrase, trim(a), close + 1);
            expand_agent(c, line, out, role, plural, depth + 1);
        }
        return;
    }
    warnf(c, line, "unknown substitution marker '%.*s'", (int)nn, open);
}

static void read_agents(pctx *c, reader *r)
{
    sv_clear(&c->macro_names);
    sv_clear(&c->macro_values);
    int indented;
    char *s;
    while ((s = next_line(r, &indented)) != NULL) {
        long line = r->line;
        char *mclose = s[0] == '!' ? strchr(s + 1, '!') : NULL;
        char *eq = mclose ? strchr(mclose, '=') : NULL;
        if (eq && !strchr(s, '[')) { /* "!NAME! = A, B"; "!NAME!_PHRASE [CODE]" is an entry */
            mclose[1] = '\0';
            if (c->macro_names.n >= MAX_MACROS || sv_push(&c->macro_names, s) != 0) {
                warnf(c, line, "too many substitution markers");
                continue;
            }
            if (sv_push(&c->macro_values, trim(eq + 1)) != 0) {
                free(c->macro_names.v[--c->macro_names.n]);
                warnf(c, line, "out of memory");
            }
            continue;
        }
        char *open = strrchr(s, '[');
        char *close = open ? strchr(open, ']') : NULL;
        if (!close) {
            warnf(c, line, "agent line without [CODE]");
            continue;
        }
        char role[32];
        size_t rn = 0;
        for (char *p = open + 1; p < close; p++)
            if (!isspace((unsigned char)*p) && *p != '~' && rn + 1 < sizeof role)
                role[rn++] = (char)toupper((unsigned char)*p);
        role[rn] = '\0';
        *open = '\0';
        char plural_buf[256], *plural = NULL;
        char *brace = strchr(s, '{');
        char extra[256] = "";
        if (brace) {
            char *end = strchr(brace, '}');
            if (!end) {
                warnf(c, line, "unclosed '{' in agent line");
                continue;
            }
            *end = '\0';
            /* the first plural goes with the phrase, further ones stand alone */
            char *forms = trim(brace + 1);
            size_t fl = strcspn(forms, " \t");
            clean_phrase(forms, fl, plural_buf, sizeof plural_buf);
            if (forms[fl])
                snprintf(extra, sizeof extra, "%s", trim(forms + fl));
            plural = plural_buf;
            *brace = '\0';
        }
        char phrase[512];
        if (!role[0] || clean_phrase(s, strlen(s), phrase, sizeof phrase) == 0) {
            warnf(c, line, "agent line needs a phrase and a code");
            continue;
        }
        expand_agent(c, line, phrase, role, plural, 0);
        for (char *save = NULL, *f = strtok_r(extra, " \t", &save); f; f = strtok_r(NULL, " \t", &save)) {
            char more[256];
            if (clean_phrase(f, strlen(f), more, sizeof more))
                expand_agent(c, line, more, role, "", 0);
        }
    }
}

/* ---- discards ---------------------------------------------------------------------------- */

static void read_discards(pctx *c, reader *r)
{
    int indented;
    char *s;
    while ((s = next_line(r, &indented)) != NULL) {
        int story = s[0] == '+';
        char phrase[512], rule[300], err[300];
        if (clean_phrase(s + story, strlen(s + story), phrase, sizeof phrase) == 0) {
            warnf(c, r->line, "empty or over-long discard phrase");
            continue;
        }
        if (hd_builder_function_phrase(c->b, phrase)) {
            hd_diag_error(&c->diag, r->line,
                          "discard phrase '%s' has no content word (only function words or punctuation): it would discard nearly every %s", phrase,
                          story ? "story" : "sentence");
            continue;
        }
        rule_id(c, r->line, rule, sizeof rule);
        if (hd_builder_simple(c->b, E_DISCARD, phrase, story, rule, err, sizeof err) != 0)
            warnf(c, r->line, "%s", err);
        else
            c->used++;
    }
}

/* ---- verbs ------------------------------------------------------------------------------- */

typedef struct vstate {
    uint32_t block;        /* current block, HD_NONE before the first header */
    char block_name[64];
    strvec subs_lemma;     /* lemmas that got a block of their own (diagnostics only) */
    uint32_t *subs;
    size_t nsub, subcap;
    strvec pat_text, pat_code;
    long *pat_line;
    size_t pat_cap;
    /* synsets */
    char synset[128];
    int syn_noplural, in_synset;
    strvec mem_name, mem_phrase; /* members so far, for "+&OTHER" */
} vstate;

/* One side of an event code, cleaned to letters and digits; "---" for none. */
static void clean_code(pctx *c, long line, const char *in, const char *whole, char out[32])
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", in);
    char *s = trim(buf);
    /* TABARI's null codes: "---" no event, "###" and "+++" special handling herald lacks */
    if (!*s || strcmp(s, "---") == 0 || strcmp(s, "###") == 0 || strcmp(s, "+++") == 0) {
        strcpy(out, "---");
        return;
    }
    size_t k = 0;
    int dropped = 0;
    for (char *p = s; *p && k + 1 < 32; p++) {
        if (isalnum((unsigned char)*p))
            out[k++] = *p;
        else
            dropped = 1;
    }
    out[k] = '\0';
    if (dropped)
        notef(c, line, "odd event code '[%s]' read as '%s'", whole, k ? out : "---");
    if (!k) {
        strcpy(out, "---");
        return;
    }
    for (size_t i = 0; i < c->codes.n; i++)
        if (strcmp(c->codes.v[i], out) == 0)
            return;
    sv_push(&c->codes, out);
}

/* An event code as the model takes it: "A", "A:B" for a paired event (A from source to
 * target, B back from target to source), "---" for none. */
static void verb_code(pctx *c, long line, const char *in, char out[32])
{
    char buf[64], fwd[32], rev[32];
    snprintf(buf, sizeof buf, "%s", in);
    char *colon = strchr(buf, ':');
    if (colon)
        *colon = '\0';
    clean_code(c, line, buf, in, fwd);
    if (colon) {
        clean_code(c, line, colon + 1, in, rev);
        if (strcmp(fwd, "---") != 0 && strcmp(rev, "---") != 0) {
            snprintf(out, 32, "%s:%s", fwd, rev);
            return;
        }
    }
    snprintf(out, 32, "%s", fwd);
}

static void flush_block(pctx *c, vstate *v)
{
    if (v->block != HD_NONE) {
        char err[300], rule[300];
        for (size_t i = 0; i < v->pat_text.n; i++) {
            rule_id(c, v->pat_line[i], rule, sizeof rule);
            if (hd_builder_pattern(c->b, v->block, v->pat_text.v[i], v->pat_code.v[i], rule, err, sizeof err) != 0)
                warnf(c, v->pat_line[i], "%s", err);
            else
                c->used++;
        }
        /* verbs with a code of their own share the block's patterns (errors were reported) */
        for (size_t k = 0; k < v->nsub; k++)
            for (size_t i = 0; i < v->pat_text.n; i++) {
                rule_id(c, v->pat_line[i], rule, sizeof rule);
                hd_builder_pattern(c->b, v->subs[k], v->pat_text.v[i], v->pat_code.v[i], rule, err, sizeof err);
            }
    }
    sv_clear(&v->pat_text);
    sv_clear(&v->pat_code);
    sv_clear(&v->subs_lemma);
    v->nsub = 0;
    v->block = HD_NONE;
}

static void block_header(pctx *c, vstate *v, char *s, long line)
{
    flush_block(c, v);
    char *p = s;
    while (*p == '-')
        p++;
    char *open = strchr(p, '[');
    char *close = open ? strchr(open, ']') : NULL;
    char code[32] = "---";
    if (open && close) {
        *close = '\0';
        verb_code(c, line, open + 1, code);
        *open = '\0';
    }
    /* the name is what is left once the closing dashes are gone */
    char *name = trim(p);
    size_t n = strlen(name);
    while (n && (name[n - 1] == '-' || name[n - 1] == ' '))
        name[--n] = '\0';
    if (!*name) {
        notef(c, line, "verb block header without a name: named '?'");
        name = "?";
    }
    snprintf(v->block_name, sizeof v->block_name, "%s", name);
    char rule[300];
    rule_id(c, line, rule, sizeof rule);
    v->block = hd_builder_block(c->b, v->block_name, code, rule);
    if (v->block == HD_NONE)
        warnf(c, line, "out of memory");
}

static void pattern_line(pctx *c, vstate *v, char *s, long line)
{
    if (v->block == HD_NONE) {
        warnf(c, line, "pattern outside a verb block");
        return;
    }
    char *open = strrchr(s, '[');
    char *close = open ? strchr(open, ']') : NULL;
    if (!close) {
        warnf(c, line, "pattern needs a [CODE] at its end");
        return;
    }
    *close = '\0';
    /* TABARI's "[+++]" and "[###]" patterns do not change the block's code: left out */
    char *raw = trim(open + 1);
    if (strcmp(raw, "+++") == 0 || strcmp(raw, "###") == 0)
        return;
    char code[32];
    verb_code(c, line, raw, code);
    *open = '\0';
    /* drop the leading '-' and TABARI's '^' skip markers */
    char pat[512];
    size_t k = 0;
    for (const char *p = s + 1; *p && k + 1 < sizeof pat; p++)
        pat[k++] = *p == '^' ? ' ' : *p;
    pat[k] = '\0';
    char *t = trim(pat);
    if (!strchr(t, '*')) {
        warnf(c, line, "pattern '%s' has no '*'", t);
        return;
    }
    if (v->pat_text.n == v->pat_cap) {
        size_t cap = v->pat_cap ? v->pat_cap * 2 : 32;
        long *pl = realloc(v->pat_line, cap * sizeof *pl);
        if (!pl) {
            warnf(c, line, "out of memory");
            return;
        }
        v->pat_line = pl;
        v->pat_cap = cap;
    }
    if (sv_push(&v->pat_text, t) != 0 || sv_push(&v->pat_code, code) != 0) {
        if (v->pat_code.n < v->pat_text.n)
            free(v->pat_text.v[--v->pat_text.n]);
        warnf(c, line, "out of memory");
        return;
    }
    v->pat_line[v->pat_text.n - 1] = line;
}

static int same_synset(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    while (la && a[la - 1] == '_')
        la--;
    while (lb && b[lb - 1] == '_')
        lb--;
    if (la != lb)
        return 0;
    for (size_t i = 0; i < la; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return 0;
    return 1;
}

static void synset_member(pctx *c, vstate *v, const char *phrase)
{
    char err[300];
    if (hd_builder_synset_add(c->b, v->synset, phrase, err, sizeof err) != 0) {
        warnf(c, 0, "%s", err);
        return;
    }
    c->used++;
    if (sv_push(&v->mem_name, v->synset) == 0 && sv_push(&v->mem_phrase, phrase) != 0)
        free(v->mem_name.v[--v->mem_name.n]);
}

static void synset_line(pctx *c, vstate *v, const char *s, long line)
{
    const char *m = trim((char *)s);
    if (m[0] == '&') {
        /* an embedded synset: its members as they were defined */
        size_t n = v->mem_name.n, found = 0;
        for (size_t i = 0; i < n; i++)
            if (same_synset(v->mem_name.v[i], m)) {
                char phrase[512];
                snprintf(phrase, sizeof phrase, "%s", v->mem_phrase.v[i]);
                synset_member(c, v, phrase);
                found++;
            }
        if (!found)
            warnf(c, line, "synset '%s' used before it is defined", m);
        return;
    }
    size_t n = strlen(m);
    int noplural = v->syn_noplural || (n && m[n - 1] == '_');
    char phrase[512];
    if (clean_phrase(m, n, phrase, sizeof phrase) == 0) {
        warnf(c, line, "empty or over-long synset member");
        return;
    }
    long before = problems(c);
    synset_member(c, v, phrase);
    if (problems(c) != before)
        return;
    if (!noplural) {
        char forms[4][64];
        size_t nf = hd_builder_noun_plurals(c->b, phrase, forms, 4);
        for (size_t i = 0; i < nf; i++)
            if (strcmp(forms[i], phrase) != 0)
                synset_member(c, v, forms[i]);
    }
}

/* "LEMMA", "LEMMA {FORMS}", "LEMMA [CODE]", "+MULTI_WORD {+FORMS}", "WIRE_+TAP". */
static void verb_line(pctx *c, vstate *v, char *s, long line)
{
    if (v->block == HD_NONE) {
        warnf(c, line, "verb '%s' outside a verb block", s);
        return;
    }
    char code[32] = "";
    char *open = strchr(s, '[');
    if (open) {
        char *close = strchr(open, ']');
        if (!close) {
            warnf(c, line, "unclosed '[' in verb line");
            return;
        }
        *close = '\0';
        verb_code(c, line, open + 1, code);
        *open = '\0';
    }
    char forms[512] = "";
    char *brace = strchr(s, '{');
    if (brace) {
        char *end = strchr(brace, '}');
        if (!end) {
            warnf(c, line, "unclosed '{' in verb line");
            return;
        }
        *end = '\0';
        size_t k = 0;
        for (char *save = NULL, *f = strtok_r(brace + 1, " \t", &save); f; f = strtok_r(NULL, " \t", &save)) {
            char one[128];
            size_t fl = 0;
            for (char *p = f; *p && fl + 1 < sizeof one; p++)
                if (*p != '+')
                    one[fl++] = *p;
            one[fl] = '\0';
            char clean[128];
            size_t cl = clean_phrase(one, fl, clean, sizeof clean);
            if (cl && k + cl + 2 < sizeof forms) {
                if (k)
                    forms[k++] = '|';
                memcpy(forms + k, clean, cl);
                k += cl;
                forms[k] = '\0';
            }
        }
        *brace = '\0';
    }
    char raw[256];
    size_t rl = 0;
    for (char *p = s; *p && rl + 1 < sizeof raw; p++)
        if (*p != '+') /* the '+' marks which word is the verb: herald inflects the first */
            raw[rl++] = *p;
    raw[rl] = '\0';
    char lemma[256];
    if (clean_phrase(raw, rl, lemma, sizeof lemma) == 0) {
        warnf(c, line, "empty verb line");
        return;
    }
    uint32_t block = v->block;
    char rule[300], err[300];
    rule_id(c, line, rule, sizeof rule);
    if (code[0]) {
        char name[128];
        snprintf(name, sizeof name, "%s/%s", v->block_name, lemma);
        block = hd_builder_block(c->b, name, code, rule);
        if (block == HD_NONE) {
            warnf(c, line, "out of memory");
            return;
        }
        if (v->nsub == v->subcap) {
            size_t cap = v->subcap ? v->subcap * 2 : 8;
            uint32_t *p = realloc(v->subs, cap * sizeof *p);
            if (!p) {
                warnf(c, line, "out of memory");
                return;
            }
            v->subs = p;
            v->subcap = cap;
        }
        v->subs[v->nsub++] = block;
    }
    if (hd_builder_verb(c->b, block, lemma, forms[0] ? forms : NULL, rule, err, sizeof err) != 0)
        warnf(c, line, "%s", err);
    else
        c->used++;
}

static void read_verbs(pctx *c, reader *r)
{
    vstate v;
    memset(&v, 0, sizeof v);
    v.block = HD_NONE;
    int indented;
    char *s;
    while ((s = next_line(r, &indented)) != NULL) {
        long line = r->line;
        if (v.in_synset && s[0] == '+') {
            synset_line(c, &v, s + 1, line);
            continue;
        }
        v.in_synset = 0;
        if (strncmp(s, "---", 3) == 0) {
            block_header(c, &v, s, line);
        } else if (s[0] == '-') {
            pattern_line(c, &v, s, line);
        } else if (s[0] == '&') {
            size_t n = strcspn(s, " \t");
            snprintf(v.synset, sizeof v.synset, "%.*s", (int)n, s);
            v.syn_noplural = n > 0 && s[n - 1] == '_';
            v.in_synset = 1;
        } else {
            verb_line(c, &v, s, line);
        }
    }
    flush_block(c, &v);
    sv_free(&v.pat_text);
    sv_free(&v.pat_code);
    sv_free(&v.subs_lemma);
    sv_free(&v.mem_name);
    sv_free(&v.mem_phrase);
    free(v.pat_line);
    free(v.subs);
}

/* ---- directory --------------------------------------------------------------------------- */

enum { F_NONE, F_ACTORS, F_AGENTS, F_DISCARDS, F_VERBS };

static int file_kind(const char *name)
{
    size_t n = strlen(name);
    if (n < 4 || strcmp(name + n - 4, ".txt") != 0)
        return F_NONE;
    if (strstr(name, "actors"))
        return F_ACTORS;
    if (strstr(name, "agents"))
        return F_AGENTS;
    if (strstr(name, "discards"))
        return F_DISCARDS;
    if (strstr(name, "verbs") || strncmp(name, "CAMEO", 5) == 0)
        return F_VERBS;
    return F_NONE;
}

/* One dictionary file; its errors are added to c->errors. */
static void read_file(pctx *c, const char *path, int kind)
{
    hd_diag_start(&c->diag, c->warn, c->user, path);
    reader r;
    memset(&r, 0, sizeof r);
    if (hd_textfile_open(&r.t, path, &c->diag) == 0) {
        r.t.lenient = 1;
        switch (kind) {
        case F_ACTORS: read_actors(c, &r); break;
        case F_AGENTS: read_agents(c, &r); break;
        case F_DISCARDS: read_discards(c, &r); break;
        default: read_verbs(c, &r); break;
        }
        if (r.in_comment)
            hd_diag_error(&c->diag, r.line, "'<!--' comment not closed at the end of the file (truncated?)");
        else if (r.content == 0)
            hd_diag_error(&c->diag, 0, "no entries: the file is empty or truncated");
        hd_textfile_close(&r.t);
    }
    hd_diag_finish(&c->diag);
    c->errors += c->diag.errors;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int code_is_cameo_key(const char *code)
{
    size_t n = strlen(code);
    if (n < 2 || n > 4)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)code[i]))
            return 0;
    return 1;
}

hd_model *hd_model_from_petrarch(const char *dir, const hd_model *base,
                                 void (*warn)(void *user, const char *file, long line, const char *msg), void *user,
                                 char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!dir) {
        if (err && errlen)
            snprintf(err, errlen, "no directory given");
        return NULL;
    }
    DIR *d = opendir(dir);
    if (!d) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return NULL;
    }
    strvec names = {0};
    for (struct dirent *de; (de = readdir(d)) != NULL;)
        if (file_kind(de->d_name) != F_NONE && sv_push(&names, de->d_name) != 0)
            break;
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_str);

    pctx c;
    memset(&c, 0, sizeof c);
    c.base = base;
    c.warn = warn;
    c.user = user;
    c.b = hd_builder_new();
    hd_model *m = NULL;
    if (!c.b) {
        if (err && errlen)
            snprintf(err, errlen, "out of memory");
        goto out;
    }
    if (base && hd_builder_import_model(c.b, base, (1u << E_LIGHT) | (1u << E_NOUN) | (1u << E_SAY) | (1u << E_OUTLET) | (1u << E_HEDGE)) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "out of memory while copying the base model");
        goto out;
    }
    for (size_t i = 0; i < names.n; i++) {
        size_t pl = strlen(dir) + strlen(names.v[i]) + 2;
        char *path = malloc(pl);
        if (!path) {
            c.errors++;
            continue;
        }
        snprintf(path, pl, "%s/%s", dir, names.v[i]);
        c.name = names.v[i];
        read_file(&c, path, file_kind(names.v[i]));
        free(path);
        c.name = NULL;
    }
    if (c.errors) {
        if (err && errlen)
            snprintf(err, errlen, "%ld error(s) in the dictionaries (each named above with its file and line); nothing loaded",
                     c.errors);
        goto out;
    }
    if (c.used == 0) {
        if (err && errlen)
            snprintf(err, errlen, "%s: no usable PETRARCH dictionary entries found", dir);
        goto out;
    }
    /* codes the CAMEO table lacks would be dropped by the coder: give them a neutral entry */
    for (size_t i = 0; i < c.codes.n; i++) {
        const char *code = c.codes.v[i];
        if (base && hd_model_cameo(base, code))
            continue;
        if (code_is_cameo_key(code))
            hd_builder_cameo(c.b, code, 0.0, "PETRARCH dictionary code", NULL, 0);
    }
    char *data = NULL;
    size_t size = 0;
    hd_builder_set_flags(c.b, HD_MODEL_PETRARCH);
    if (hd_builder_image(c.b, &data, &size) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "out of memory while building the model");
        goto out;
    }
    m = hd_model_from_image(data, size, 0, err, errlen);
out:
    hd_builder_free(c.b);
    sv_free(&c.codes);
    sv_free(&c.macro_names);
    sv_free(&c.macro_values);
    sv_free(&names);
    return m;
}
