/* fuzz_udeval.c: libFuzzer target for herald-ud-eval (tools/ud_eval.c, included whole without
 * its main). The input is the gold file; up to a form feed (\f) when it holds one, and then the
 * rest is the system file. Each is read or refused with "name:line: reason"; a file read whole
 * must score 100 against itself (every count equal), and any two files either differ in text
 * (refused) or give counts no larger than their totals and an alignment that is one-to-one and
 * in order; the tables and --verbose lists are printed to /dev/null. */
#include "fuzz_common.h"

#define UD_EVAL_NO_MAIN
#include "../tools/ud_eval.c"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    devnull = fopen("/dev/null", "w");
    if (!devnull)
        abort();
    return 0;
}

/* Reads bytes as the file `name`: 0, or -1 with a refusal that must name it. */
static int load_bytes(ud_treebank *tb, const char *name, const unsigned char *p, size_t n)
{
    static char empty[1];
    char err[1024];
    FILE *f = fmemopen(n ? (void *)p : empty, n, "r");
    if (!f)
        abort();
    int rc = ud_load_file(tb, name, f, err, sizeof err);
    fclose(f);
    if (rc != 0 && (strncmp(err, name, strlen(name)) != 0 || err[strlen(name)] != ':'))
        abort();
    return rc;
}

static void check_scores(const ud_treebank *g, const ud_treebank *s, const ud_result *r, int same)
{
    for (int m = 0; m < UD_NMETRICS; m++) {
        const ud_score *sc = &r->m[m];
        if (sc->correct > sc->gold || sc->correct > sc->sys || sc->aligned > sc->gold || sc->aligned > sc->sys)
            abort();
        if (sc->has_aligned && sc->correct > sc->aligned)
            abort();
        if (same && (sc->correct != sc->gold || sc->gold != sc->sys))
            abort();
    }
    size_t last = 0;
    int any = 0;
    for (size_t i = 0; i < s->nword; i++) {
        size_t gi = r->sys_to_gold[i];
        if (gi == NONE)
            continue;
        if (gi >= g->nword || r->gold_to_sys[gi] != i || (any && gi <= last))
            abort();
        last = gi;
        any = 1;
    }
    print_scores(devnull, r, 1);
    print_misses(devnull, g, s, r);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const unsigned char *ff = memchr(data, '\f', size);
    size_t gn = ff ? (size_t)(ff - data) : size;
    ud_treebank g, s;
    ud_result r;
    memset(&s, 0, sizeof s);
    memset(&r, 0, sizeof r);
    char err[1024];
    if (load_bytes(&g, "gold.conllu", data, gn) == 0) {
        if (ud_evaluate(&g, &g, &r, err, sizeof err) != 0)
            abort(); /* a file is the same text as itself */
        check_scores(&g, &g, &r, 1);
        ud_result_free(&r);
        if (ff && load_bytes(&s, "system.conllu", ff + 1, size - gn - 1) == 0) {
            if (ud_evaluate(&g, &s, &r, err, sizeof err) == 0)
                check_scores(&g, &s, &r, 0);
            else if (!strstr(err, "texts differ") && !strstr(err, "too long to align"))
                abort();
            ud_result_free(&r);
        }
    }
    ud_treebank_free(&g);
    ud_treebank_free(&s);
    return 0;
}
