/* spec.h: the example spec of tests/spec/, shared by test_spec.c (tests/spec/NN-name.txt, one
 * cmocka test per example, each a hard failure) and test_spec_rated.c (the .txt files of tests/spec/rated/,
 * each file measured as a rate against a floor). Included after cmocka.h and herald.h.
 *
 * An example is a heading line "## name" (a long name goes on over the "## " lines right after
 * it), then "date: YYYY-MM-DD" (optional), "text: ..."
 * (may repeat: lines are joined with a newline), and expectations:
 *   event: SRC CODE TGT [negated] [intent] [threat] [hedged] [unhedged] [date=YYYY-MM-DD] [attr=text]
 *          [chain=A>B] (an attribution entry holding A comes before one holding B)
 *          [case=LABEL] [acled=SUB_EVENT_TYPE] [plover=TYPE] [place=NAME]   (underscores stand for
 *          spaces in acled= and place=; place=- means no place; NAME is the gazetteer's name)
 *   label: LABEL   (what `herald classify` says of the whole text)
 *   no-event: SRC CODE TGT
 *   none       no event at all but negated ones
 *   no-fact    no event coded as a fact: one flagged negated, intent, threat, hypothetical or
 *              hedged is fine
 *   allow: SRC CODE TGT   an event that none and no-fact let through (a refusal is itself a
 *              CAMEO 12, reject, though the act refused is no fact)
 * SRC, CODE and TGT match as prefixes of the coded actor and event codes ("RUS" matches
 * "RUSMIL", "19" matches "195"); "-" means no actor, "*" anything. Negated events count only
 * for lines that say "negated".
 *
 * A rated file also has, among its comment lines, its target and its floor:
 *   # target: at most 5% coded as fact     (the rate of examples that fail)
 *   # target: at least 95% found           (the rate of examples that pass)
 *   # floor: NN%                           (the test fails when the rate is worse) */
#ifndef HERALD_TEST_SPEC_H
#define HERALD_TEST_SPEC_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EX_EVENT, EX_NO_EVENT, EX_ALLOW };

typedef struct expect {
    char line[256];
    int kind; /* EX_EVENT, EX_NO_EVENT, EX_ALLOW */
} expect;

typedef struct example {
    char name[160];
    char file[256];
    int line;
    char date[16];
    char text[4096];
    expect ex[16];
    int nex;
    int none;
    int no_fact;
    char label[40]; /* "label:" line: the classify label of the text */
} example;

/* The "# target:" and "# floor:" lines of a rated file (found: which of them were there). */
typedef struct spec_rating {
    int at_most; /* "at most": the rate counts the examples that fail; "at least": those that pass */
    double target, floor;
    char what[64]; /* "coded as fact", "found" */
    int found_target, found_floor;
} spec_rating;

typedef struct got {
    char src[32], code[8], tgt[32], date[11], attr[512], case_label[40], acled[64], plover[24], place[64];
    int negated, mood, hedged;
} got;

typedef struct collected {
    got ev[64];
    int n;
} collected;

static hd_model *model;
static hd_gazetteer *gazetteer; /* herald.hdg beside the model; place= is checked only with it */

static FILE *devnull;

static inline int collect(void *user, const hd_event *e)
{
    collected *c = user;
    /* every event must also be writable: lengths and pointers sane (checked by the
     * sanitizers when the writer reads them) */
    assert_true(e->trigger_len < 4096 && e->text_len < (1u << 24) && e->span_end >= e->span_start);
    assert_true(!e->source || e->source->text_len < 4096);
    assert_true(!e->target || e->target->text_len < 4096);
    assert_int_equal(hd_event_write(e, HD_FORMAT_JSONL, devnull), 0);
    assert_int_equal(hd_event_write(e, HD_FORMAT_GDELT, devnull), 0);
    if (c->n == 64)
        return 0;
    got *g = &c->ev[c->n++];
    memset(g, 0, sizeof *g);
    snprintf(g->src, sizeof g->src, "%s", e->source ? e->source->code : "-");
    snprintf(g->tgt, sizeof g->tgt, "%s", e->target ? e->target->code : "-");
    snprintf(g->code, sizeof g->code, "%s", e->code);
    snprintf(g->date, sizeof g->date, "%s", e->date);
    for (size_t i = 0; i < e->n_attribution; i++) {
        strncat(g->attr, e->attribution[i].name, sizeof g->attr - strlen(g->attr) - 2);
        strncat(g->attr, "|", sizeof g->attr - strlen(g->attr) - 1);
    }
    g->negated = e->negated;
    g->mood = e->mood;
    g->hedged = e->hedged;
    snprintf(g->case_label, sizeof g->case_label, "%s", e->case_label ? e->case_label : "");
    snprintf(g->acled, sizeof g->acled, "%s", e->acled_sub_event_type ? e->acled_sub_event_type : "");
    for (char *p = g->acled; *p; p++)
        if (*p == ' ')
            *p = '_';
    snprintf(g->plover, sizeof g->plover, "%s", e->plover_event_type ? e->plover_event_type : "");
    snprintf(g->place, sizeof g->place, "%s", e->location ? e->location->name : "-");
    for (char *p = g->place; *p; p++)
        if (*p == ' ')
            *p = '_';
    return 0;
}

static inline int prefix_ok(const char *want, const char *have)
{
    if (strcmp(want, "*") == 0)
        return 1;
    if (strcmp(want, "-") == 0)
        return strcmp(have, "-") == 0;
    return strncmp(want, have, strlen(want)) == 0;
}

static inline int matches(const char *spec, const got *g)
{
    char buf[256], *save = NULL;
    snprintf(buf, sizeof buf, "%s", spec);
    char *src = strtok_r(buf, " \t", &save), *code = strtok_r(NULL, " \t", &save), *tgt = strtok_r(NULL, " \t", &save);
    if (!src || !code || !tgt)
        return -1;
    if (!prefix_ok(src, g->src) || !prefix_ok(code, g->code) || !prefix_ok(tgt, g->tgt))
        return 0;
    int want_neg = 0;
    for (char *f = strtok_r(NULL, " \t", &save); f; f = strtok_r(NULL, " \t", &save)) {
        if (!strcmp(f, "negated"))
            want_neg = 1;
        else if (!strcmp(f, "intent") && g->mood != HD_MOOD_INTENT)
            return 0;
        else if (!strcmp(f, "threat") && g->mood != HD_MOOD_THREAT)
            return 0;
        else if (!strcmp(f, "hedged") && !g->hedged)
            return 0;
        else if (!strcmp(f, "unhedged") && g->hedged)
            return 0;
        else if (!strncmp(f, "chain=", 6)) {
            char want[64];
            snprintf(want, sizeof want, "%s", f + 6);
            char *gt = strchr(want, '>');
            if (!gt)
                return -1;
            *gt = '\0';
            const char *a = strcasestr(g->attr, want), *b = strcasestr(g->attr, gt + 1);
            if (!a || !b || !memchr(a, '|', (size_t)(b - a > 0 ? b - a : 0)))
                return 0;
        }
        else if (!strncmp(f, "date=", 5) && strcmp(f + 5, g->date) != 0)
            return 0;
        else if (!strncmp(f, "attr=", 5) && !strcasestr(g->attr, f + 5))
            return 0;
        else if (!strncmp(f, "case=", 5) && strcmp(f + 5, g->case_label) != 0)
            return 0;
        else if (!strncmp(f, "acled=", 6) && strcmp(f + 6, g->acled) != 0)
            return 0;
        else if (!strncmp(f, "plover=", 7) && strcmp(f + 7, g->plover) != 0)
            return 0;
        else if (!strncmp(f, "place=", 6) && gazetteer && strcmp(f + 6, g->place) != 0)
            return 0;
    }
    return want_neg == g->negated;
}

/* An event coded as a fact: not negated, not announced or hypothetical, not hedged. */
static inline int is_fact(const got *g) { return !g->negated && g->mood == HD_MOOD_FACT && !g->hedged; }

static inline int allowed(const example *x, const got *g)
{
    for (int i = 0; i < x->nex; i++)
        if (x->ex[i].kind == EX_ALLOW && matches(x->ex[i].line, g) == 1)
            return 1;
    return 0;
}

/* Codes the example into *got and checks its expectations: 1 when all hold, else 0 with
 * what failed appended to report. Events less likely than min_confidence to have happened are
 * left out: 0 checks the coder's own reading (every event, negated ones flagged), the default
 * threshold what a user of herald gets. */
static inline int check_example(const example *x, double min_confidence, collected *got_events, char *report,
                                size_t cap)
{
    got_events->n = 0;
    hd_coder *c = hd_coder_new(model);
    assert_non_null(c);
    hd_options opt = {.emit_negated = 1, .min_confidence = min_confidence};
    hd_coder_set_options(c, &opt);
    hd_coder_set_gazetteer(c, gazetteer);
    hd_doc doc = {"spec", x->text, strlen(x->text), NULL, x->date[0] ? x->date : NULL, NULL, NULL};
    long n = hd_code_document(c, &doc, collect, got_events);
    const char *label = x->label[0] ? hd_classify_document(c, &doc) : NULL;
    hd_coder_free(c);
    assert_true(n >= 0);
    int ok = 1;
    if (x->label[0] && (!label || strcmp(label, x->label) != 0)) {
        ok = 0;
        snprintf(report + strlen(report), cap - strlen(report), "  classified %s, expected %s\n",
                 label ? label : "(rejected)", x->label);
    }
    for (int i = 0; i < x->nex; i++) {
        if (x->ex[i].kind == EX_ALLOW)
            continue;
        int hit = 0;
        for (int k = 0; k < got_events->n; k++)
            if (matches(x->ex[i].line, &got_events->ev[k]) == 1)
                hit = 1;
        if (hit == (x->ex[i].kind == EX_NO_EVENT)) {
            ok = 0;
            snprintf(report + strlen(report), cap - strlen(report), "  %s: %s\n",
                     x->ex[i].kind == EX_NO_EVENT ? "unexpected" : "missing", x->ex[i].line);
        }
    }
    for (int k = 0; k < got_events->n; k++) {
        const got *g = &got_events->ev[k];
        if (allowed(x, g))
            continue;
        if ((x->none && !g->negated) || (x->no_fact && is_fact(g))) {
            ok = 0;
            snprintf(report + strlen(report), cap - strlen(report), "  unexpected %s: %s %s %s\n",
                     x->none ? "event" : "fact", g->src, g->code, g->tgt);
        }
    }
    return ok;
}

/* The coded events, one a line, for a failure report. */
static inline void print_coded(FILE *out, const collected *got_events)
{
    fprintf(out, "  coded:%s\n", got_events->n ? "" : " nothing");
    for (int k = 0; k < got_events->n; k++) {
        const got *g = &got_events->ev[k];
        fprintf(out, "    %s %s %s%s%s%s date=%s place=%s attr=%s\n", g->src, g->code, g->tgt, g->negated ? " negated" : "",
                g->mood == HD_MOOD_INTENT ? " intent" : g->mood == HD_MOOD_THREAT ? " threat"
                : g->mood == HD_MOOD_HYPOTHETICAL ? " hypothetical" : "",
                g->hedged ? " hedged" : "", g->date, g->place, g->attr);
    }
}

/* A "# target: at most|at least N% WHAT" or "# floor: N%" line into *r; 0 if it is neither. */
static inline int read_rating(const char *line, spec_rating *r)
{
    char dir[8];
    double pct;
    int used = 0;
    if (sscanf(line, "# target: at %7s %lf%%%n", dir, &pct, &used) == 2 && used > 0 &&
        (!strcmp(dir, "most") || !strcmp(dir, "least"))) {
        r->at_most = !strcmp(dir, "most");
        r->target = pct;
        snprintf(r->what, sizeof r->what, "%s", line + used + strspn(line + used, " "));
        r->found_target = 1;
        return 1;
    }
    if (sscanf(line, "# floor: %lf%%", &pct) == 1) {
        r->floor = pct;
        r->found_floor = 1;
        return 1;
    }
    return 0;
}

/* Appends the examples of one spec file to *xs; its rating lines go to *rating (may be NULL).
 * A title may wrap onto "## " lines right after it. -1 when the file cannot be read or is
 * malformed: an unknown line, or an example with no text or nothing to check, which would
 * otherwise pass unseen. */
static inline int load_file(const char *path, example **xs, size_t *n, size_t *cap, spec_rating *rating)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot read\n", path);
        return -1;
    }
    char line[4096];
    int ln = 0, bad = 0, after_title = 0;
    size_t first = *n;
    example *cur = NULL;
    while (fgets(line, sizeof line, f)) {
        ln++;
        line[strcspn(line, "\r\n")] = '\0';
        int title = !strncmp(line, "## ", 3);
        if (title && after_title && cur) { /* a title wrapped onto the next line */
            size_t len = strlen(cur->name);
            snprintf(cur->name + len, sizeof cur->name - len, " %s", line + 3);
            continue;
        }
        after_title = title;
        if (title) {
            if (*n == *cap) {
                *cap = *cap ? *cap * 2 : 64;
                *xs = realloc(*xs, *cap * sizeof **xs);
                assert_non_null(*xs);
            }
            cur = &(*xs)[(*n)++];
            memset(cur, 0, sizeof *cur);
            snprintf(cur->name, sizeof cur->name, "%s", line + 3);
            snprintf(cur->file, sizeof cur->file, "%s", path);
            cur->line = ln;
        } else if (line[0] == '#') {
            if (rating)
                read_rating(line, rating);
        } else if (!cur || line[0] == '\0')
            continue;
        else if (!strncmp(line, "date: ", 6))
            snprintf(cur->date, sizeof cur->date, "%s", line + 6);
        else if (!strncmp(line, "text: ", 6)) {
            if (cur->text[0])
                strncat(cur->text, "\n", sizeof cur->text - strlen(cur->text) - 1);
            strncat(cur->text, line + 6, sizeof cur->text - strlen(cur->text) - 1);
        } else if ((!strncmp(line, "event: ", 7) || !strncmp(line, "no-event: ", 10) || !strncmp(line, "allow: ", 7)) &&
                   cur->nex < 16) {
            expect *e = &cur->ex[cur->nex++];
            e->kind = line[0] == 'e' ? EX_EVENT : line[0] == 'n' ? EX_NO_EVENT : EX_ALLOW;
            snprintf(e->line, sizeof e->line, "%s", strchr(line, ' ') + 1);
        } else if (!strcmp(line, "none"))
            cur->none = 1;
        else if (!strcmp(line, "no-fact"))
            cur->no_fact = 1;
        else if (!strncmp(line, "label: ", 7))
            snprintf(cur->label, sizeof cur->label, "%s", line + 7);
        else {
            fprintf(stderr, "%s:%d: unknown spec line: %s\n", path, ln, line);
            bad = 1;
        }
    }
    fclose(f);
    for (size_t k = first; k < *n; k++) {
        const example *x = &(*xs)[k];
        if (!x->text[0] || (x->nex == 0 && !x->none && !x->no_fact && !x->label[0])) {
            fprintf(stderr, "%s:%d: example '%s' has %s\n", path, x->line, x->name,
                    !x->text[0] ? "no text" : "nothing to check");
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

static inline int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The paths of the .txt files of dir, sorted (malloc'ed; at most max). */
static inline size_t spec_files(const char *dir, char **paths, size_t max)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL && n < max) {
        size_t len = strlen(e->d_name);
        if (len > 4 && !strcmp(e->d_name + len - 4, ".txt")) {
            paths[n] = malloc(strlen(dir) + len + 2);
            assert_non_null(paths[n]);
            sprintf(paths[n++], "%s/%s", dir, e->d_name);
        }
    }
    if (d)
        closedir(d);
    qsort(paths, n, sizeof *paths, cmp_names);
    return n;
}

/* Opens the model ($HERALD_MODEL or build/herald.hdm), the gazetteer beside it when there is
 * one, and /dev/null; 0 on success. */
static inline int spec_open(const char *prog)
{
    devnull = fopen("/dev/null", "w");
    const char *path = getenv("HERALD_MODEL");
    if (!path)
        path = "build/herald.hdm";
    char err[512], gpath[1024];
    model = hd_model_open(path, err, sizeof err);
    if (!model || !devnull) {
        fprintf(stderr, "%s: %s\n", prog, model ? "cannot open /dev/null" : err);
        return -1;
    }
    const char *slash = strrchr(path, '/');
    snprintf(gpath, sizeof gpath, "%.*s/herald.hdg", slash ? (int)(slash - path) : 1, slash ? path : ".");
    gazetteer = hd_gazetteer_open(gpath, err, sizeof err);
    return 0;
}

static inline void spec_close(void)
{
    hd_gazetteer_free(gazetteer);
    hd_model_free(model);
    fclose(devnull);
}

#endif
