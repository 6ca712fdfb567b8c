/* train.c: herald-train, which learns the syntax models from Universal Dependencies treebanks
 * and says how well they do. So far the part-of-speech tagger:
 *
 *   herald-train tagger --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu]
 *                       [--lexicon LEXICON|none] [--iterations N] [--seed N] [--hash-bits N]
 *                       [--confusions N]
 *
 * prints the dev accuracy after each pass and, at the end, XPOS and UPOS accuracy on dev and
 * test with gold tokens, the tagging speed (tokens per CPU second, the best of a few runs),
 * and with --confusions the N most frequent XPOS errors on dev. The lexicon is a dictionary
 * image or a lexicon table (build/gen/lexicon.tsv, the default when it exists). Malformed
 * sentences are reported (file:line) and left out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hd_dictfile.h"
#include "hd_model.h"
#include "syntax/hd_conllu.h"
#include "syntax/hd_tagger.h"

#ifndef HD_DEFAULT_LEXICON
#define HD_DEFAULT_LEXICON "build/gen/lexicon.tsv"
#endif

typedef struct treebank {
    hd_conllu_sentence *s;
    size_t n, cap;
} treebank;

static int load(const char *path, treebank *tb)
{
    memset(tb, 0, sizeof *tb);
    if (!path)
        return 0;
    hd_conllu_reader r;
    char err[512];
    if (hd_conllu_open(&r, path, err, sizeof err) != 0) {
        fprintf(stderr, "herald-train: %s\n", err);
        return -1;
    }
    long refused = 0;
    for (;;) {
        if (tb->n == tb->cap) {
            size_t cap = tb->cap ? tb->cap * 2 : 1024;
            hd_conllu_sentence *s = realloc(tb->s, cap * sizeof *s);
            if (!s)
                return -1;
            memset(s + tb->cap, 0, (cap - tb->cap) * sizeof *s);
            tb->s = s;
            tb->cap = cap;
        }
        int rc = hd_conllu_next(&r, &tb->s[tb->n], err, sizeof err);
        if (rc == 0)
            break;
        if (rc < 0) {
            if (refused++ < 20)
                fprintf(stderr, "herald-train: %s\n", err);
            continue;
        }
        tb->n++;
    }
    hd_conllu_close(&r);
    if (refused)
        fprintf(stderr, "herald-train: %s: %ld sentence(s) refused\n", path, refused);
    return 0;
}

static void unload(treebank *tb)
{
    for (size_t i = 0; i < tb->cap; i++)
        hd_conllu_sentence_free(&tb->s[i]);
    free(tb->s);
}

/* Wall-clock seconds, or with `cpu` the seconds this thread has run: on a shared machine the
 * tagging speed is measured in CPU time, so that waiting for a core does not count. */
static double seconds(int cpu)
{
    struct timespec ts;
    clock_gettime(cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int by_string(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* Scores the tagger on a treebank; the speed printed is that of the whole scoring (tagging
 * plus comparing tags), in CPU time, the best of a few runs. */
static void report(const hd_tagger *t, const char *name, const treebank *tb)
{
    if (!tb->n)
        return;
    long words, x, u;
    double best = 0;
    for (int run = 0; run < 10; run++) {
        double start = seconds(1);
        hd_tagger_score(t, tb->s, tb->n, &words, &x, &u);
        double took = seconds(1) - start;
        if (run == 0 || took < best)
            best = took;
    }
    printf("%s: %ld words, XPOS %.2f%%, UPOS %.2f%% (%.0f tokens per CPU second)\n", name, words, 100.0 * x / words,
           100.0 * u / words, best > 0 ? words / best : 0.0);
}

static void warn(void *user, const char *file, long line, const char *msg)
{
    (void)user;
    fprintf(stderr, "herald-train: %s:%ld: %s\n", file, line, msg);
}

/* The lexicon as the coder sees it: a dictionary image, or one built in memory from a lexicon
 * table (*.tsv, what herald-dictc reads) by the same builder, so that the tagger learns from
 * the very tags, best tags and name flags that tagging in herald will look up. */
static hd_model *open_lexicon(const char *path)
{
    char err[512];
    size_t n = strlen(path);
    if (n < 4 || strcmp(path + n - 4, ".tsv") != 0) {
        hd_model *m = hd_model_open(path, err, sizeof err);
        if (!m)
            fprintf(stderr, "herald-train: %s\n", err);
        return m;
    }
    hd_builder *b = hd_builder_new();
    char *img = NULL;
    size_t size = 0;
    if (!b || hd_dictfile_load_lexicon(b, path, warn, NULL) != 0 || hd_builder_image(b, &img, &size) != 0) {
        fprintf(stderr, "herald-train: %s: cannot load the lexicon\n", path);
        hd_builder_free(b);
        return NULL;
    }
    hd_builder_free(b);
    hd_model *m = hd_model_from_image(img, size, 0, err, sizeof err);
    if (!m)
        fprintf(stderr, "herald-train: %s: %s\n", path, err);
    return m;
}

/* The most frequent XPOS confusions on a treebank (gold -> guess), and the share of the errors
 * on words that training never saw: where the errors are. */
static void confusions(const hd_tagger *t, const treebank *tb, const treebank *train, int top)
{
    enum { N = 64 };
    static const int none = -1;
    long count[N][N] = {{0}};
    long errors = 0, unseen_errors = 0, unseen = 0, words = 0;
    /* training forms, for "unseen": a sorted array searched by bsearch */
    size_t nforms = 0;
    for (size_t k = 0; k < train->n; k++)
        nforms += train->s[k].n;
    const char **forms = malloc((nforms + 1) * sizeof *forms);
    if (!forms)
        return;
    nforms = 0;
    for (size_t k = 0; k < train->n; k++)
        for (size_t i = 0; i < train->s[k].n; i++)
            forms[nforms++] = train->s[k].words[i].form;
    qsort(forms, nforms, sizeof *forms, by_string);
    for (size_t k = 0; k < tb->n; k++) {
        const hd_conllu_sentence *s = &tb->s[k];
        const char **w = malloc((s->n + 1) * sizeof *w);
        int *x = malloc((s->n + 1) * sizeof *x), *u = malloc((s->n + 1) * sizeof *u);
        if (w && x && u) {
            for (size_t i = 0; i < s->n; i++)
                w[i] = s->words[i].form;
            hd_tagger_tag(t, w, s->n, x, u);
            for (size_t i = 0; i < s->n; i++) {
                int gold = none;
                for (int g = 0; g < N && gold == none; g++)
                    if (!strcmp(hd_tagger_xpos_name(t, g), s->words[i].xpos))
                        gold = g;
                int seen = bsearch(&w[i], forms, nforms, sizeof *forms, by_string) != NULL;
                words++;
                unseen += !seen;
                if (gold != x[i]) {
                    errors++;
                    unseen_errors += !seen;
                    if (gold >= 0 && x[i] >= 0 && x[i] < N)
                        count[gold][x[i]]++;
                }
            }
        }
        free(w);
        free(x);
        free(u);
    }
    free(forms);
    printf("XPOS errors: %ld, of which %ld on words unseen in training (%ld such words, %.2f%% right)\n", errors,
           unseen_errors, unseen, unseen ? 100.0 * (unseen - unseen_errors) / unseen : 0.0);
    for (int k = 0; k < top; k++) {
        int bg = 0, bx = 0;
        for (int g = 0; g < N; g++)
            for (int y = 0; y < N; y++)
                if (count[g][y] > count[bg][bx])
                    bg = g, bx = y;
        if (!count[bg][bx])
            break;
        printf("  %-5s -> %-5s %ld\n", hd_tagger_xpos_name(t, bg), hd_tagger_xpos_name(t, bx), count[bg][bx]);
        count[bg][bx] = 0;
    }
}

static int usage(void)
{
    fprintf(stderr, "usage: herald-train tagger --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu]\n"
                    "                           [--lexicon LEXICON|none] [--iterations N] [--seed N] [--hash-bits N]\n"
                    "                           [--confusions N]\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "tagger") != 0)
        return usage();
    const char *train = NULL, *dev = NULL, *test = NULL, *lexicon = NULL;
    hd_tagger_options o;
    hd_tagger_default_options(&o);
    int show_confusions = 0;
    for (int i = 2; i < argc; i += 2) { /* every option takes a value */
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return usage();
        char *end;
        long n = strtol(v, &end, 10);
        if (!strcmp(a, "--train"))
            train = v;
        else if (!strcmp(a, "--dev"))
            dev = v;
        else if (!strcmp(a, "--test"))
            test = v;
        else if (!strcmp(a, "--lexicon"))
            lexicon = v;
        else if (!strcmp(a, "--confusions") && !*end && n >= 0 && n <= 1000)
            show_confusions = (int)n;
        else if (!strcmp(a, "--iterations") && !*end && n >= 1 && n <= 100)
            o.iterations = (int)n;
        else if (!strcmp(a, "--seed") && !*end && n >= 0)
            o.seed = (unsigned)n;
        else if (!strcmp(a, "--hash-bits") && !*end && n >= 10 && n <= 24)
            o.hash_bits = (int)n;
        else
            return usage();
    }
    if (!train || !dev)
        return usage();
    hd_model *lex_model = NULL;
    hd_tagger_lexicon lex = {hd_tagger_model_lookup, NULL};
    if (!lexicon) { /* the default, when it has been made */
        lexicon = HD_DEFAULT_LEXICON;
        if (access(lexicon, R_OK) != 0) {
            fprintf(stderr, "herald-train: %s is missing (make builds it): no lexicon\n", lexicon);
            lexicon = NULL;
        }
    } else if (!strcmp(lexicon, "none"))
        lexicon = NULL;
    if (lexicon) {
        printf("lexicon: %s\n", lexicon);
        if (!(lex_model = open_lexicon(lexicon)))
            return 1;
        lex.data = lex_model;
        o.lexicon = &lex;
    }
    treebank tr, dv, te;
    if (load(train, &tr) != 0 || load(dev, &dv) != 0 || load(test, &te) != 0)
        return 1;
    double start = seconds(0);
    hd_tagger *t = hd_tagger_train(tr.s, tr.n, dv.s, dv.n, &o, stdout);
    if (!t) {
        fprintf(stderr, "herald-train: out of memory\n");
        return 1;
    }
    printf("training: %.1f s\n", seconds(0) - start);
    report(t, "dev", &dv);
    report(t, "test", &te);
    if (show_confusions)
        confusions(t, &dv, &tr, show_confusions);
    hd_tagger_free(t);
    unload(&tr);
    unload(&dv);
    unload(&te);
    hd_model_free(lex_model);
    return 0;
}
