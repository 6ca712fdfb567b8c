/* hd_dictfile.c: reads herald's dictionary text format (see docs/dictionaries.md), the
 * generated lexicon, WordNet's exception tables and noun synsets (data.noun, for the noun
 * classes), the function-word list, the role restrictions (dict/roles.txt) and the word classes
 * (dict/word-classes.txt) into an hd_builder. Every rejected line is reported with its file and line number and counted as an
 * error (herald-dictc then writes no image); the others still load, so that one run lists all
 * the problems of a file. */
#define _POSIX_C_SOURCE 200809L
#include "model/hd_dictfile.h"
#include "model/hd_word_class.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static void strip_comment(char *s)
{
    char *h = strchr(s, '#');
    if (h)
        *h = '\0';
}

int hd_dictfile_parse_date(const char *s, size_t n, int end, int32_t *out)
{
    int y = 0, m = 0, d = 0;
    if (n == 4 || n == 7 || n == 10) {
        for (size_t i = 0; i < n; i++) {
            if (i == 4 || i == 7) {
                if (s[i] != '-')
                    return -1;
            } else if (!isdigit((unsigned char)s[i]))
                return -1;
        }
        y = atoi(s);
        m = n >= 7 ? atoi(s + 5) : (end ? 12 : 1);
        d = n == 10 ? atoi(s + 8) : (end ? 31 : 1);
        if (m < 1 || m > 12 || d < 1 || d > 31)
            return -1;
        *out = y * 10000 + m * 100 + d;
        return 0;
    }
    return -1;
}

typedef struct ctx {
    hd_builder *b;
    const char *path;
    long line;
    hd_diag *diag;
    uint32_t block;
} ctx;

static void complain(ctx *c, const char *msg) { hd_diag_error(c->diag, c->line, "%s", msg); }

/* Calls fn for each '|'-separated phrase of s. */
static void each_phrase(ctx *c, char *s, int (*fn)(ctx *, const char *, void *), void *arg)
{
    for (char *save = NULL, *p = strtok_r(s, "|", &save); p; p = strtok_r(NULL, "|", &save)) {
        char *t = trim(p);
        if (*t && fn(c, t, arg) != 0)
            return;
    }
}

typedef struct actor_arg {
    hd_dated_code codes[16];
    size_t n;
    char first[64]; /* the line's first phrase: the actor's name */
} actor_arg;

static int add_actor(ctx *c, const char *phrase, void *arg)
{
    actor_arg *a = arg;
    char rule[300], err[300];
    /* the rule id names the line, and after HD_RULE_NAME the actor's first phrase: a person
     * is known across documents by that name (hd_actor.person), which edits elsewhere in the
     * file do not change as they change line numbers */
    snprintf(rule, sizeof rule, "%s:%ld" HD_RULE_NAME "%s", c->path, c->line, a->first);
    if (hd_builder_actor(c->b, phrase, a->codes, a->n, rule, err, sizeof err) != 0)
        complain(c, err);
    return 0;
}

static int parse_codes(ctx *c, char *s, actor_arg *a)
{
    a->n = 0;
    for (char *save = NULL, *tok = strtok_r(s, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        if (a->n == 16) {
            complain(c, "more than 16 codes for one actor");
            return -1;
        }
        hd_dated_code *dc = &a->codes[a->n];
        memset(dc, 0, sizeof *dc);
        char *at = strchr(tok, '@');
        if (at) {
            *at = '\0';
            char *range = at + 1;
            char *dots = strstr(range, "..");
            if (!dots) {
                complain(c, "date range must be FROM..TO (either side may be empty)");
                return -1;
            }
            *dots = '\0';
            if ((*range && hd_dictfile_parse_date(range, strlen(range), 0, &dc->from) != 0) ||
                (dots[2] && hd_dictfile_parse_date(dots + 2, strlen(dots + 2), 1, &dc->to) != 0)) {
                complain(c, "bad date in range (use YYYY, YYYY-MM or YYYY-MM-DD)");
                return -1;
            }
        }
        if (strlen(tok) == 0 || strlen(tok) >= sizeof dc->code) {
            complain(c, "bad actor code");
            return -1;
        }
        for (char *q = tok; *q; q++)
            if (!isupper((unsigned char)*q) && !isdigit((unsigned char)*q)) {
                complain(c, "actor codes are upper-case letters and digits");
                return -1;
            }
        strcpy(dc->code, tok);
        a->n++;
    }
    if (a->n == 0) {
        complain(c, "actor line has no code after '=>'");
        return -1;
    }
    return 0;
}

typedef struct kind_arg {
    int kind;
    const char *code;
} kind_arg;

static int add_kind(ctx *c, const char *phrase, void *arg)
{
    kind_arg *k = arg;
    char rule[300], err[300];
    snprintf(rule, sizeof rule, "%s:%ld", c->path, c->line);
    int rc = 0;
    if (k->kind == E_DISCARD && hd_builder_function_phrase(c->b, phrase)) {
        hd_diag_error(c->diag, c->line,
                      "discard phrase '%s' has no content word (only function words or punctuation): it would discard nearly every sentence", phrase);
        return 0;
    }
    switch (k->kind) {
    case E_AGENT: rc = hd_builder_agent(c->b, phrase, k->code, NULL, rule, err, sizeof err); break;
    case E_VERB: rc = hd_builder_verb(c->b, c->block, phrase, NULL, rule, err, sizeof err); break;
    case E_NOUN: rc = hd_builder_noun(c->b, phrase, k->code, rule, err, sizeof err); break;
    case -1: rc = hd_builder_synset_add(c->b, k->code, phrase, err, sizeof err); break;
    default: rc = hd_builder_simple(c->b, k->kind, phrase, 0, rule, err, sizeof err); break;
    }
    if (rc != 0)
        complain(c, err);
    return 0;
}

/* Splits off the first blank-separated word of *s. */
static char *next_word(char **s)
{
    char *p = *s;
    while (*p == ' ' || *p == '\t')
        p++;
    char *w = p;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    if (*p)
        *p++ = '\0';
    *s = p;
    return w;
}

/* The WC_ bits of "air,arty" (names as in dict/word-classes.txt); 0 with *bad set when a name
 * is unknown. */
static uint64_t cue_bits(char *names, int *bad)
{
    uint64_t bits = 0;
    for (char *name = names, *next; name; name = next) {
        next = strchr(name, ',');
        if (next)
            *next++ = '\0';
        int found = 0;
        for (int i = 0; i < 64 && !found; i++)
            if (hd_word_class_name(i) && strcmp(hd_word_class_name(i), name) == 0) {
                bits |= 1ull << i;
                found = 1;
            }
        if (!found)
            *bad = 1;
    }
    return bits;
}

static int parse_roots(const char *s, int *from, int *to);

/* "LEFT | RIGHT", both trimmed and not empty: 0, or -1. */
static int split_bar(char *rest, const char **left, const char **right)
{
    char *bar = strchr(rest, '|');
    if (!bar)
        return -1;
    *bar = '\0';
    *left = trim(rest);
    *right = trim(bar + 1);
    return **left && **right && !strchr(*right, '|') ? 0 : -1;
}

/* dict/taxonomy.txt's tables for exports: "acled-actor ROLE INTER NAME", "acled-disorder TYPE |
 * DISORDER", "acled-region SUBREGION-OR-CC | REGION", "acled-country CC | NAME", "acled-roots
 * TYPE | ROOTS [| CUES]", "plover-mode-2021 MODE | MODE"; and the generated countries table's
 * "country-facts CC ALPHA3 NUMERIC NAME | SUBREGION". */
static void acled_line(ctx *c, const char *dir, char *rest)
{
    char err[200], codes_name[120];
    hd_taxon_rule r;
    memset(&r, 0, sizeof r);
    const char *label = NULL, *type = NULL, *sub = NULL;
    if (strcmp(dir, "acled-actor") == 0) {
        label = next_word(&rest);
        type = next_word(&rest);
        sub = trim(rest);
        if (!*label || strlen(type) != 1 || type[0] < '1' || type[0] > '8' || !*sub) {
            complain(c, "expected: acled-actor CAMEO-ROLE INTER(1-8) NAME");
            return;
        }
        r.kind = HD_TAXON_ACLED_ACTOR;
    } else if (strcmp(dir, "country-facts") == 0) {
        const char *cc = next_word(&rest), *a3 = next_word(&rest), *num = next_word(&rest), *name;
        if (strlen(cc) != 2 || strlen(a3) != 3 || strlen(num) != 3 || split_bar(rest, &name, &sub) != 0 ||
            strlen(name) > 70) {
            complain(c, "expected: country-facts ALPHA2 ALPHA3 NUMERIC NAME | SUBREGION");
            return;
        }
        snprintf(codes_name, sizeof codes_name, "%s %s", a3, name);
        memcpy(r.code, num, 4);
        label = cc;
        type = codes_name;
        r.kind = HD_TAXON_COUNTRY;
    } else if (strcmp(dir, "acled-roots") == 0) {
        /* "TYPE | ROOTS" or "TYPE | ROOTS | CUES" */
        char *second = strchr(rest, '|'), *third = second ? strchr(second + 1, '|') : NULL;
        int bad = 0;
        if (third) {
            *third = '\0';
            char *cues = trim(third + 1);
            if (!*cues || (r.cues = cue_bits(cues, &bad)) == 0 || bad) {
                complain(c, "unknown word class among the cues (see dict/word-classes.txt)");
                return;
            }
        }
        if (split_bar(rest, &label, &type) != 0 || strspn(type, "0123456789,-") != strlen(type)) {
            complain(c, "expected: acled-roots EVENT TYPE | ROOT[-ROOT][,...] [| CUE[,CUE...]]");
            return;
        }
        r.kind = HD_TAXON_ACLED_ROOTS;
    } else {
        if (split_bar(rest, &label, &type) != 0) {
            complain(c, strcmp(dir, "acled-region") == 0       ? "expected: acled-region SUBREGION-OR-ALPHA2 | REGION"
                        : strcmp(dir, "acled-country") == 0    ? "expected: acled-country ALPHA2 | NAME"
                        : strcmp(dir, "plover-mode-2021") == 0 ? "expected: plover-mode-2021 MODE | MODE-OF-2021"
                                                               : "expected: acled-disorder TYPE | DISORDER");
            return;
        }
        r.kind = strcmp(dir, "acled-region") == 0       ? HD_TAXON_ACLED_REGION
                 : strcmp(dir, "acled-country") == 0    ? HD_TAXON_ACLED_COUNTRY
                 : strcmp(dir, "plover-mode-2021") == 0 ? HD_TAXON_PLOVER_2021
                                                        : HD_TAXON_ACLED_DISORDER;
    }
    if (hd_builder_taxon(c->b, &r, label, type, sub, err, sizeof err) != 0)
        complain(c, err);
}

/* dict/actor-codes.txt: "actor-code CODE KIND NAME" */
static void actor_code_line(ctx *c, char *rest)
{
    char err[200];
    hd_taxon_rule r;
    memset(&r, 0, sizeof r);
    r.kind = HD_TAXON_ACTOR_CODE;
    const char *code = next_word(&rest), *kind = next_word(&rest), *name = trim(rest);
    int upper = strlen(code) == 3;
    for (size_t i = 0; upper && i < 3; i++)
        upper = code[i] >= 'A' && code[i] <= 'Z';
    if (!upper || (strcmp(kind, "role") && strcmp(kind, "region") && strcmp(kind, "religion") && strcmp(kind, "group")) ||
        !*name) {
        complain(c, "expected: actor-code CODE(three capitals) role|region|religion|group NAME");
        return;
    }
    if (hd_builder_taxon(c->b, &r, code, kind, name, err, sizeof err) != 0)
        complain(c, err);
}

/* dict/taxonomy.txt: "plover PREFIX TYPE", "mode PREFIX|ROOT-ROOT CUES MODE", "acled CLASS TYPE | SUB" */
static void taxon_line(ctx *c, const char *dir, char *rest)
{
    char err[200];
    hd_taxon_rule r;
    memset(&r, 0, sizeof r);
    const char *label = NULL, *type = NULL, *sub = NULL;
    if (strcmp(dir, "plover") == 0) {
        char *code = next_word(&rest);
        label = next_word(&rest);
        if (!*code || !*label || *trim(rest) || strlen(code) > 4) {
            complain(c, "expected: plover CAMEO-PREFIX TYPE (TYPE - for none)");
            return;
        }
        r.kind = HD_TAXON_PLOVER;
        memcpy(r.code, code, strlen(code) + 1);
    } else if (strcmp(dir, "mode") == 0 || strcmp(dir, "context") == 0) {
        char *codes = next_word(&rest);
        char *cues = next_word(&rest);
        label = next_word(&rest);
        int from, to, bad = 0;
        if (!*codes || !*cues || !*label || *trim(rest)) {
            complain(c, strcmp(dir, "mode") == 0 ? "expected: mode CAMEO-PREFIX|ROOT-ROOT CUE[,CUE...]|* MODE"
                                                 : "expected: context CAMEO-PREFIX|ROOT-ROOT CUE[,CUE...]|* CONTEXT");
            return;
        }
        r.kind = strcmp(dir, "mode") == 0 ? HD_TAXON_MODE : HD_TAXON_CONTEXT;
        if (strchr(codes, '-')) {
            if (parse_roots(codes, &from, &to) != 0 || from < 1 || to > 20 || from > to) {
                complain(c, "expected CAMEO roots as two digits: 18-20");
                return;
            }
            r.root_from = (uint8_t)from;
            r.root_to = (uint8_t)to;
        } else if (strlen(codes) <= 4) {
            memcpy(r.code, codes, strlen(codes) + 1);
        } else {
            complain(c, "a CAMEO code prefix has at most four digits");
            return;
        }
        if (strcmp(cues, "*") != 0 && ((r.cues = cue_bits(cues, &bad)) == 0 || bad)) {
            complain(c, "unknown word class among the cues (see dict/word-classes.txt)");
            return;
        }
    } else {
        label = next_word(&rest);
        char *bar = strchr(rest, '|');
        if (!*label || !bar) {
            complain(c, "expected: acled CASE-CLASS EVENT TYPE | SUB-EVENT TYPE");
            return;
        }
        *bar = '\0';
        type = trim(rest);
        sub = trim(bar + 1);
        if (!*type || !*sub) {
            complain(c, "expected: acled CASE-CLASS EVENT TYPE | SUB-EVENT TYPE");
            return;
        }
        r.kind = HD_TAXON_ACLED;
    }
    if (hd_builder_taxon(c->b, &r, label, type, sub, err, sizeof err) != 0)
        complain(c, err);
}

static void directive(ctx *c, char *line)
{
    char *rest = line;
    char *dir = next_word(&rest);
    char rule[300], err[300];
    snprintf(rule, sizeof rule, "%s:%ld", c->path, c->line);
    if (strcmp(dir, "-") == 0) {
        if (c->block == HD_NONE) {
            complain(c, "pattern line outside a verb block");
            return;
        }
        char *open = strrchr(rest, '[');
        char *close = open ? strchr(open, ']') : NULL;
        if (!open || !close) {
            complain(c, "pattern needs a [CODE] at its end");
            return;
        }
        *close = '\0';
        *open = '\0';
        char *code = trim(open + 1);
        if (hd_builder_pattern(c->b, c->block, trim(rest), code, rule, err, sizeof err) != 0)
            complain(c, err);
        return;
    }
    if (strcmp(dir, "verb") != 0)
        c->block = HD_NONE;
    if (strcmp(dir, "kind") == 0) {
        static const char *const kinds[] = {"any", "person", "organization", "place", NULL};
        char *k = trim(rest);
        int found = -1;
        for (int i = 0; kinds[i]; i++)
            if (strcmp(k, kinds[i]) == 0)
                found = i;
        if (found < 0)
            complain(c, "kind must be any, person, organization or place");
        else
            hd_builder_set_actor_kind(c->b, found);
    } else if (strcmp(dir, "actor") == 0) {
        char *arrow = strstr(rest, "=>");
        if (!arrow) {
            complain(c, "actor line needs '=> CODE'");
            return;
        }
        *arrow = '\0';
        actor_arg a;
        if (parse_codes(c, arrow + 2, &a) != 0)
            return;
        snprintf(a.first, sizeof a.first, "%.*s", (int)strcspn(rest, "|"), rest);
        char *name = trim(a.first);
        memmove(a.first, name, strlen(name) + 1);
        each_phrase(c, rest, add_actor, &a);
    } else if (strcmp(dir, "agent") == 0 || strcmp(dir, "noun") == 0) {
        char *code = next_word(&rest);
        if (!*code || !*trim(rest)) {
            complain(c, "expected CODE and phrases");
            return;
        }
        kind_arg k = {dir[0] == 'a' ? E_AGENT : E_NOUN, code};
        each_phrase(c, rest, add_kind, &k);
    } else if (strcmp(dir, "verb") == 0) {
        char *code = next_word(&rest);
        if (!*code || !*trim(rest)) {
            complain(c, "expected CODE and verb lemmas");
            c->block = HD_NONE;
            return;
        }
        char name[64];
        snprintf(name, sizeof name, "%.60s", trim(rest));
        c->block = hd_builder_block(c->b, name, code, rule);
        kind_arg k = {E_VERB, code};
        each_phrase(c, rest, add_kind, &k);
    } else if (strcmp(dir, "synset") == 0) {
        char *name = next_word(&rest);
        if (name[0] != '&') {
            complain(c, "synset names start with '&'");
            return;
        }
        kind_arg k = {-1, name};
        each_phrase(c, rest, add_kind, &k);
    } else if (strcmp(dir, "light") == 0 || strcmp(dir, "say") == 0 || strcmp(dir, "outlet") == 0 ||
               strcmp(dir, "hedge") == 0 || strcmp(dir, "discard") == 0) {
        int kind = dir[0] == 'l' ? E_LIGHT : dir[0] == 's' ? E_SAY : dir[0] == 'o' ? E_OUTLET
                 : dir[0] == 'h' ? E_HEDGE : E_DISCARD;
        kind_arg k = {kind, NULL};
        each_phrase(c, rest, add_kind, &k);
    } else if (strcmp(dir, "cameo") == 0) {
        char *code = next_word(&rest);
        char *gold = next_word(&rest);
        char *end = NULL;
        errno = 0;
        double g = strtod(gold, &end);
        if (!*code || !*gold || errno || !end || *end) {
            complain(c, "expected: cameo CODE GOLDSTEIN LABEL");
            return;
        }
        if (hd_builder_cameo(c->b, code, g, trim(rest), err, sizeof err) != 0)
            complain(c, err);
    } else if (strcmp(dir, "plover") == 0 || strcmp(dir, "mode") == 0 || strcmp(dir, "acled") == 0 ||
               strcmp(dir, "context") == 0) {
        taxon_line(c, dir, rest);
    } else if (strcmp(dir, "acled-actor") == 0 || strcmp(dir, "acled-disorder") == 0 ||
               strcmp(dir, "acled-region") == 0 || strcmp(dir, "country-facts") == 0 || strcmp(dir, "acled-roots") == 0 ||
               strcmp(dir, "acled-country") == 0 || strcmp(dir, "plover-mode-2021") == 0) {
        acled_line(c, dir, rest);
    } else if (strcmp(dir, "actor-code") == 0) {
        actor_code_line(c, rest);
    } else {
        snprintf(err, sizeof err, "unknown directive '%.40s'", dir);
        complain(c, err);
    }
}

long hd_dictfile_load(hd_builder *b, const char *path, hd_warn_fn warn, void *user)
{
    hd_diag d;
    hd_diag_start(&d, warn, user, path);
    hd_textfile t;
    if (hd_textfile_open(&t, path, &d) != 0)
        return -1;
    ctx c = {b, path, 0, &d, HD_NONE};
    hd_builder_set_actor_kind(b, AK_UNKNOWN); /* a `kind` holds to the end of its file */
    long directives = 0;
    size_t len;
    for (char *line; (line = hd_textfile_next(&t, &len)) != NULL;) {
        c.line = t.line;
        strip_comment(line);
        char *s = trim(line);
        if (*s) {
            directives++;
            directive(&c, s);
        }
    }
    if (directives == 0)
        hd_diag_error(&d, 0, "no directives: the file is empty or truncated");
    hd_textfile_close(&t);
    hd_builder_set_actor_kind(b, AK_UNKNOWN);
    hd_diag_finish(&d);
    return d.errors;
}

/* A tag of the lexicon table, as the tag bit it sets: -1 for Penn Treebank's punctuation
 * tags (the tokenizer tags punctuation itself), -2 for a tag that is not Penn's. */
static int lexicon_tag(const char *t)
{
    int tag = hd_tag_from_name(t, strlen(t));
    if (tag >= 0 && tag < T_PUNCT)
        return tag;
    /* tags outside our set map to the nearest one we keep */
    if (strcmp(t, "NNPS") == 0)
        return T_NNPS;
    if (strcmp(t, "WP$") == 0)
        return T_WP;
    if (strcmp(t, "FW") == 0 || strcmp(t, "SYM") == 0 || strcmp(t, "LS") == 0)
        return T_NN;
    static const char *const punctuation[] = {"$", "#", "``", "''", "\"", "(", ")", ",", ".", ":", NULL};
    for (size_t i = 0; punctuation[i]; i++)
        if (strcmp(t, punctuation[i]) == 0)
            return -1;
    return -2;
}

/* "word<TAB>TAG|TAG[<TAB>VALENCE]"; the tags may be empty when a valence follows. */
static void lexicon_line(hd_builder *b, hd_diag *d, long ln, char *line)
{
    char *f[4];
    size_t nf = hd_split_tabs(line, f, 4);
    if (nf < 2 || nf > 3 || !f[0][0]) {
        hd_diag_error(d, ln, "expected word<TAB>tags[<TAB>valence]");
        return;
    }
    int valence = 0;
    if (nf == 3) {
        char *end;
        long v = strtol(f[2], &end, 10);
        if (end == f[2] || *end || v < -5 || v > 5) {
            hd_diag_error(d, ln, "valence must be an integer from -5 to 5");
            return;
        }
        valence = (int)v;
    }
    if (!f[1][0] && nf == 2) {
        hd_diag_error(d, ln, "no tags and no valence");
        return;
    }
    uint32_t bits = 0;
    int best = -1;
    for (char *save = NULL, *t = strtok_r(f[1], "|", &save); t; t = strtok_r(NULL, "|", &save)) {
        int tag = lexicon_tag(t);
        if (tag == -2) {
            hd_diag_error(d, ln, "unknown part-of-speech tag '%.20s'", t);
            return;
        }
        if (tag < 0)
            continue;
        bits |= TAGBIT(tag);
        if (best < 0)
            best = tag;
    }
    if (valence)
        hd_builder_valence(b, f[0], strlen(f[0]), valence);
    if (bits)
        hd_builder_lexicon(b, f[0], strlen(f[0]), bits, best);
}

/* How one line of a table is read: what it adds to the builder, what it reports. */
typedef void (*table_line_fn)(hd_builder *b, hd_diag *d, long ln, char *line);

/* Reads a table a line at a time (blank lines and, with `comments`, '#' comments skipped);
 * a table with no entries is an error (an empty or truncated file). Returns the number of
 * errors, -1 when the file cannot be read. */
static long load_table(hd_builder *b, const char *path, hd_warn_fn warn, void *user, table_line_fn read_line,
                       int comments)
{
    hd_diag d;
    hd_diag_start(&d, warn, user, path);
    hd_textfile t;
    if (hd_textfile_open(&t, path, &d) != 0)
        return -1;
    long entries = 0;
    size_t len;
    for (char *line; (line = hd_textfile_next(&t, &len)) != NULL;) {
        if (comments)
            strip_comment(line);
        if (!*trim(line))
            continue;
        read_line(b, &d, t.line, trim(line));
        entries++;
    }
    if (entries == 0)
        hd_diag_error(&d, 0, "no entries: the file is empty or truncated");
    hd_textfile_close(&t);
    hd_diag_finish(&d);
    return d.errors;
}

long hd_dictfile_load_lexicon(hd_builder *b, const char *path, hd_warn_fn warn, void *user)
{
    return load_table(b, path, warn, user, lexicon_line, 0);
}

/* WordNet writes its exception lists in lowercase, '_' joining the words of a phrase. */
static int wordnet_word(const char *w)
{
    if (!*w)
        return 0;
    for (const char *p = w; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("_'.-", *p)))
            return 0;
    return 1;
}

static void exception_line(hd_builder *b, hd_diag *d, long ln, char *line)
{
    char *w[2];
    size_t n = 0;
    for (char *save = NULL, *tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        if (!wordnet_word(tok)) {
            hd_diag_error(d, ln, "'%.40s' is not a WordNet word (lowercase a-z, digits, _ ' - .)", tok);
            return;
        }
        if (n < 2)
            w[n] = tok;
        n++;
    }
    if (n < 2) {
        hd_diag_error(d, ln, "expected: form lemma [lemma...]");
        return;
    }
    if (!strchr(w[0], '_') && !strchr(w[1], '_')) /* phrases are not inflected one by one */
        hd_builder_lemma(b, w[0], w[1]);
}

long hd_dictfile_load_exceptions(hd_builder *b, const char *path, hd_warn_fn warn, void *user)
{
    return load_table(b, path, warn, user, exception_line, 0);
}

static void function_word_line(hd_builder *b, hd_diag *d, long ln, char *w)
{
    if (!wordnet_word(w))
        hd_diag_error(d, ln, "'%.40s' is not one lowercase word", w);
    else
        hd_builder_function_word(b, w);
}

long hd_dictfile_load_function_words(hd_builder *b, const char *path, hd_warn_fn warn, void *user)
{
    return load_table(b, path, warn, user, function_word_line, 1);
}

/* ---- WordNet's data.noun ----------------------------------------------------------------- */

static int all_digits(const char *s, size_t n, int hex)
{
    if (strlen(s) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i])))
            return 0;
    return 1;
}

/* "offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] p_cnt pointers... | gloss"
 * (WordNet's wndb(5)); only the words and their lexicographer file are read. */
static void noun_line(hd_builder *b, hd_diag *d, long ln, char *line)
{
    char *f[4 + 2 * 255];
    size_t nf = 0;
    for (char *save = NULL, *tok = strtok_r(line, " ", &save); tok && nf < sizeof f / sizeof f[0];
         tok = strtok_r(NULL, " ", &save))
        f[nf++] = tok;
    if (nf < 4 || !all_digits(f[0], 8, 0)) {
        hd_diag_error(d, ln, "expected: synset_offset (8 digits) lex_filenum ss_type w_cnt word lex_id ...");
        return;
    }
    int filenum = all_digits(f[1], 2, 0) ? atoi(f[1]) : -1;
    if (filenum < HD_NC_FIRST_FILENUM || filenum >= HD_NC_FIRST_FILENUM + HD_NC_COUNT) {
        hd_diag_error(d, ln, "lex_filenum '%.10s' is not a noun class (two digits, 03 to %02d)", f[1],
                      HD_NC_FIRST_FILENUM + HD_NC_COUNT - 1);
        return;
    }
    if (strcmp(f[2], "n") != 0) {
        hd_diag_error(d, ln, "ss_type '%.10s' is not a noun synset ('n'): this is not data.noun", f[2]);
        return;
    }
    long words = all_digits(f[3], 2, 1) ? strtol(f[3], NULL, 16) : 0;
    if (words < 1 || nf < 4 + 2 * (size_t)words) {
        hd_diag_error(d, ln, "w_cnt '%.10s' is not two hex digits followed by that many word and lex_id pairs", f[3]);
        return;
    }
    for (long i = 0; i < words; i++)
        if (!all_digits(f[5 + 2 * i], 1, 1)) {
            hd_diag_error(d, ln, "lex_id '%.10s' of '%.40s' is not one hex digit", f[5 + 2 * i], f[4 + 2 * i]);
            return;
        }
    uint32_t bit = 1u << (filenum - HD_NC_FIRST_FILENUM);
    for (long i = 0; i < words; i++) {
        char *w = f[4 + 2 * i];
        char *mark = strchr(w, '('); /* an adjective marker, "(p)" */
        if (mark)
            *mark = '\0';
        if (!*w || strchr(w, '_')) /* phrases are not single words: the head is what is asked */
            continue;
        if (strspn(w, "0123456789") == strlen(w)) /* "2" heads "2 were killed": a count, not a quantity */
            continue;
        int name = 0;
        for (char *p = w; *p; p++)
            if (*p >= 'A' && *p <= 'Z') {
                name = 1;
                *p = (char)(*p + 32);
            }
        hd_builder_noun_classes(b, w, bit, name ? HD_NC_FROM_NAME : HD_NC_FROM_WORDNET);
    }
}

long hd_dictfile_load_noun_classes(hd_builder *b, const char *path, hd_warn_fn warn, void *user)
{
    hd_diag d;
    hd_diag_start(&d, warn, user, path);
    hd_textfile t;
    if (hd_textfile_open(&t, path, &d) != 0)
        return -1;
    long synsets = 0;
    size_t len;
    for (char *line; (line = hd_textfile_next(&t, &len)) != NULL;) {
        if (line[0] == ' ' && line[1] == ' ') /* the licence */
            continue;
        if (!*trim(line))
            continue;
        noun_line(b, &d, t.line, line);
        synsets++;
    }
    if (synsets == 0)
        hd_diag_error(&d, 0, "no synsets: the file is empty or truncated");
    hd_textfile_close(&t);
    hd_diag_finish(&d);
    return d.errors;
}

/* ---- dict/roles.txt ------------------------------------------------------------------------ */

/* "NN" or "NN-NN": CAMEO roots, two digits each. */
static int parse_roots(const char *s, int *from, int *to)
{
    size_t n = strlen(s);
    if (n == 2 && all_digits(s, 2, 0)) {
        *from = *to = atoi(s);
        return 0;
    }
    if (n == 5 && s[2] == '-' && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
        isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4])) {
        *from = (s[0] - '0') * 10 + (s[1] - '0');
        *to = (s[3] - '0') * 10 + (s[4] - '0');
        return 0;
    }
    return -1;
}

static void roles_line(hd_builder *b, hd_diag *d, long ln, char *line)
{
    char *rest = line;
    char *dir = next_word(&rest);
    int patient = strcmp(dir, "patient") == 0;
    if (patient || strcmp(dir, "agent") == 0) {
        char *roots = next_word(&rest);
        int from, to;
        if (!*roots || parse_roots(roots, &from, &to) != 0) {
            hd_diag_error(d, ln, "expected: %s ROOT[-ROOT] CLASS... (CAMEO roots as two digits: 18-20, 04)", dir);
            return;
        }
        uint32_t classes = 0;
        for (char *c = next_word(&rest); *c; c = next_word(&rest)) {
            uint32_t bit = hd_noun_class_from_name(c, strlen(c));
            if (!bit) {
                hd_diag_error(d, ln, "'%.40s' is not a WordNet noun class (person, group, artifact, ...)", c);
                return;
            }
            classes |= bit;
        }
        char err[200];
        if (hd_builder_role(b, from, to, patient, classes, err, sizeof err) != 0)
            hd_diag_error(d, ln, "%s", err);
    } else if (strcmp(dir, "class") == 0) {
        char *name = next_word(&rest);
        uint32_t bit = hd_noun_class_from_name(name, strlen(name));
        if (!bit || !*trim(rest)) {
            hd_diag_error(d, ln, "expected: class CLASS WORD | WORD ... with a WordNet noun class (person, group, ...)");
            return;
        }
        for (char *save = NULL, *p = strtok_r(rest, "|", &save); p; p = strtok_r(NULL, "|", &save)) {
            char *w = trim(p);
            if (!*w)
                continue;
            if (!wordnet_word(w) || strchr(w, '_')) {
                hd_diag_error(d, ln, "'%.40s' is not one lowercase word", w);
                continue;
            }
            if (!hd_builder_noun_classes(b, w, bit, HD_NC_FROM_HAND))
                hd_diag_warning(d, ln, "'%.40s' is not in the lexicon (ignored)", w);
        }
    } else {
        hd_diag_error(d, ln, "unknown directive '%.40s' (agent, patient or class)", dir);
    }
}

long hd_dictfile_load_roles(hd_builder *b, const char *path, hd_warn_fn warn, void *user)
{
    return load_table(b, path, warn, user, roles_line, 1);
}

/* ---- dict/word-classes.txt ----------------------------------------------------------------- */

/* "CLASS: WORD WORD ...": the class or list by its name in model/hd_word_class.h, the words
 * lowercase. */
static void word_classes_line(hd_builder *b, hd_diag *d, long ln, char *line)
{
    char *colon = strchr(line, ':');
    if (!colon || colon == line) {
        hd_diag_error(d, ln, "expected: CLASS: WORD WORD ... (a class name, a colon, lowercase words)");
        return;
    }
    *colon = '\0';
    char *name = trim(line);
    uint64_t bit = hd_word_class_from_name(name, strlen(name));
    uint32_t list = bit ? 0 : hd_word_list_from_name(name, strlen(name));
    if (!bit && !list) {
        hd_diag_error(d, ln, "'%.40s' is not a word class or list (be, neg, intent, office, org-head, ...: see the top of the file)", name);
        return;
    }
    char *rest = colon + 1;
    if (!*trim(rest)) {
        hd_diag_error(d, ln, "class '%.40s' without words", name);
        return;
    }
    for (char *w = next_word(&rest); *w; w = next_word(&rest)) {
        /* a list may hold symbols ("$", ".ru"), which the builder checks; a class only words */
        if (bit && (!wordnet_word(w) || strchr(w, '_'))) {
            hd_diag_error(d, ln, "'%.40s' is not one lowercase word (a-z, digits, ' - .)", w);
            continue;
        }
        char err[200];
        if ((bit ? hd_builder_word_class(b, w, bit, err, sizeof err) : hd_builder_word_list(b, w, list, err, sizeof err)) != 0)
            hd_diag_error(d, ln, "%s", err);
    }
}

long hd_dictfile_load_word_classes(hd_builder *b, const char *path, hd_warn_fn warn, void *user)
{
    return load_table(b, path, warn, user, word_classes_line, 1);
}
