#define _GNU_SOURCE
/* test_spec.c: runs the example spec in tests/spec/NN-name.txt files, one cmocka test per example.
 *
 * An example is a heading line "## name", then "date: YYYY-MM-DD" (optional), "text: ..."
 * (may repeat: lines are joined with a newline), and expectations:
 *   event: SRC CODE TGT [negated] [intent] [threat] [hedged] [unhedged] [date=YYYY-MM-DD] [attr=text]
 *          [chain=A>B] (an attribution entry holding A comes before one holding B)
 *          [case=LABEL] [acled=SUB_EVENT_TYPE] [plover=TYPE]   (underscores stand for spaces in acled=)
 *   label: LABEL   (what `herald classify` says of the whole text)
 *   no-event: SRC CODE TGT
 *   none
 * SRC, CODE and TGT match as prefixes of the coded actor and event codes ("RUS" matches
 * "RUSMIL", "19" matches "195"); "-" means no actor, "*" anything. Negated events count only
 * for lines that say "negated". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"

typedef struct expect {
    char line[256];
    int negative; /* no-event */
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
    char label[40]; /* "label:" line: the classify label of the text */
} example;

typedef struct got {
    char src[32], code[8], tgt[32], date[11], attr[512], case_label[40], acled[64], plover[24];
    int negated, mood, hedged;
} got;

typedef struct collected {
    got ev[64];
    int n;
} collected;

static hd_model *model;

static FILE *devnull;

static int collect(void *user, const hd_event *e)
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
    return 0;
}

static int prefix_ok(const char *want, const char *have)
{
    if (strcmp(want, "*") == 0)
        return 1;
    if (strcmp(want, "-") == 0)
        return strcmp(have, "-") == 0;
    return strncmp(want, have, strlen(want)) == 0;
}

static int matches(const char *spec, const got *g)
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
    }
    return want_neg == g->negated;
}

static void run_example(void **state)
{
    const example *x = *state;
    collected got_events;
    got_events.n = 0;
    hd_coder *c = hd_coder_new(model);
    assert_non_null(c);
    hd_doc doc = {"spec", x->text, strlen(x->text), NULL, x->date[0] ? x->date : NULL, NULL, NULL};
    long n = hd_code_document(c, &doc, collect, &got_events);
    const char *label = x->label[0] ? hd_classify_document(c, &doc) : NULL;
    hd_coder_free(c);
    assert_true(n >= 0);
    if (x->label[0] && (!label || strcmp(label, x->label) != 0)) {
        fprintf(stderr, "%s:%d: example '%s': classified %s, expected %s\n", x->file, x->line, x->name,
                label ? label : "(rejected)", x->label);
        fail();
    }
    int ok = 1;
    char report[4096] = "";
    for (int i = 0; i < x->nex; i++) {
        int hit = 0;
        for (int k = 0; k < got_events.n; k++)
            if (matches(x->ex[i].line, &got_events.ev[k]) == 1)
                hit = 1;
        if (hit == x->ex[i].negative) {
            ok = 0;
            snprintf(report + strlen(report), sizeof report - strlen(report), "  %s: %s\n",
                     x->ex[i].negative ? "unexpected" : "missing", x->ex[i].line);
        }
    }
    if (x->none)
        for (int k = 0; k < got_events.n; k++)
            if (!got_events.ev[k].negated)
                ok = 0;
    if (!ok) {
        fprintf(stderr, "%s:%d: example '%s' failed\n%s  coded:\n", x->file, x->line, x->name, report);
        for (int k = 0; k < got_events.n; k++)
            fprintf(stderr, "    %s %s %s%s%s date=%s attr=%s\n", got_events.ev[k].src, got_events.ev[k].code,
                    got_events.ev[k].tgt, got_events.ev[k].negated ? " negated" : "",
                    got_events.ev[k].mood == HD_MOOD_INTENT ? " intent" : got_events.ev[k].mood == HD_MOOD_THREAT ? " threat" : "",
                    got_events.ev[k].date, got_events.ev[k].attr);
    }
    assert_true(ok);
}

static int load_file(const char *path, example **xs, size_t *n, size_t *cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[4096];
    int ln = 0;
    example *cur = NULL;
    while (fgets(line, sizeof line, f)) {
        ln++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!strncmp(line, "## ", 3)) {
            if (*n == *cap) {
                *cap = *cap ? *cap * 2 : 64;
                *xs = realloc(*xs, *cap * sizeof **xs);
            }
            cur = &(*xs)[(*n)++];
            memset(cur, 0, sizeof *cur);
            snprintf(cur->name, sizeof cur->name, "%s", line + 3);
            snprintf(cur->file, sizeof cur->file, "%s", path);
            cur->line = ln;
        } else if (!cur || line[0] == '#' || line[0] == '\0')
            continue;
        else if (!strncmp(line, "date: ", 6))
            snprintf(cur->date, sizeof cur->date, "%s", line + 6);
        else if (!strncmp(line, "text: ", 6)) {
            if (cur->text[0])
                strncat(cur->text, "\n", sizeof cur->text - strlen(cur->text) - 1);
            strncat(cur->text, line + 6, sizeof cur->text - strlen(cur->text) - 1);
        } else if (!strncmp(line, "event: ", 7) && cur->nex < 16) {
            snprintf(cur->ex[cur->nex].line, sizeof cur->ex[cur->nex].line, "%s", line + 7);
            cur->ex[cur->nex++].negative = 0;
        } else if (!strncmp(line, "no-event: ", 10) && cur->nex < 16) {
            snprintf(cur->ex[cur->nex].line, sizeof cur->ex[cur->nex].line, "%s", line + 10);
            cur->ex[cur->nex++].negative = 1;
        } else if (!strcmp(line, "none"))
            cur->none = 1;
        else if (!strncmp(line, "label: ", 7))
            snprintf(cur->label, sizeof cur->label, "%s", line + 7);
        else
            fprintf(stderr, "%s:%d: unknown spec line (ignored): %s\n", path, ln, line);
    }
    fclose(f);
    return 0;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    devnull = fopen("/dev/null", "w");
    const char *path = getenv("HERALD_MODEL");
    char err[512];
    model = hd_model_open(path ? path : "build/herald.hdm", err, sizeof err);
    if (!model) {
        fprintf(stderr, "test_spec: %s\n", err);
        return 1;
    }
    example *xs = NULL;
    size_t n = 0, cap = 0;
    DIR *d = opendir("tests/spec");
    char *names[64];
    size_t nn = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL && nn < 64)
        if (strstr(e->d_name, ".txt"))
            names[nn++] = strdup(e->d_name);
    if (d)
        closedir(d);
    qsort(names, nn, sizeof *names, cmp_names);
    for (size_t i = 0; i < nn; i++) {
        char p[512];
        snprintf(p, sizeof p, "tests/spec/%s", names[i]);
        load_file(p, &xs, &n, &cap);
        free(names[i]);
    }
    struct CMUnitTest *tests = calloc(n ? n : 1, sizeof *tests);
    for (size_t i = 0; i < n; i++) {
        tests[i].name = xs[i].name;
        tests[i].test_func = run_example;
        tests[i].initial_state = &xs[i];
    }
    int rc = _cmocka_run_group_tests("spec", tests, n, NULL, NULL);
    free(tests);
    free(xs);
    hd_model_free(model);
    return rc;
}
