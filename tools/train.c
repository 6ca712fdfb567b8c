/* train.c: herald-train, which learns the syntax models from Universal Dependencies treebanks
 * and says how well they do. So far the part-of-speech tagger:
 *
 *   herald-train tagger --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu]
 *                       [--iterations N] [--seed N] [--hash-bits N]
 *
 * prints the dev accuracy after each pass and, at the end, XPOS and UPOS accuracy on dev and
 * test with gold tokens. Malformed sentences are reported (file:line) and left out.
 *
 *   herald-train parser --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu] --out IMAGE
 *                       [--iterations N] [--seed N]
 *
 * trains the dependency parser, prints dev UAS and LAS after each pass, writes the image of the
 * best pass to IMAGE, and maps it back to score dev and test (gold tokens and tags). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hd_mapfile.h"
#include "syntax/hd_conllu.h"
#include "syntax/hd_parser.h"
#include "syntax/hd_tagger.h"

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

static void report(const hd_tagger *t, const char *name, const treebank *tb)
{
    if (!tb->n)
        return;
    long words, x, u;
    hd_tagger_score(t, tb->s, tb->n, &words, &x, &u);
    printf("%s: %ld words, XPOS %.2f%%, UPOS %.2f%%\n", name, words, 100.0 * x / words, 100.0 * u / words);
}

static int usage(void)
{
    fprintf(stderr, "usage: herald-train tagger --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu]\n"
                    "                           [--iterations N] [--seed N] [--hash-bits N]\n"
                    "       herald-train parser --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu]\n"
                    "                           --out IMAGE [--iterations N] [--seed N]\n");
    return 2;
}

static void report_parser(const hd_parser *p, const char *name, const treebank *tb)
{
    if (!tb->n)
        return;
    long words, uas, las;
    hd_parser_score(p, tb->s, tb->n, &words, &uas, &las);
    printf("%s: %ld words, UAS %.2f%%, LAS %.2f%% (gold tags)\n", name, words, 100.0 * uas / words, 100.0 * las / words);
}

static int train_parser(const treebank *tr, const treebank *dv, const treebank *te, int iterations, unsigned seed,
                        const char *out_path)
{
    hd_parser_options o;
    hd_parser_default_options(&o);
    if (iterations)
        o.iterations = iterations;
    o.seed = seed;
    FILE *out = fopen(out_path, "wb");
    if (!out) {
        perror(out_path);
        return 1;
    }
    int rc = hd_parser_train(tr->s, tr->n, dv->s, dv->n, &o, stdout, out);
    if (fclose(out) != 0 || rc != 0) {
        fprintf(stderr, "herald-train: %s: %s\n", out_path, rc ? "out of memory or write error" : "write error");
        return 1;
    }
    size_t size;
    char err[512];
    void *image = hd_map_file(out_path, &size, err, sizeof err);
    hd_parser p;
    if (!image || hd_parser_open(&p, image, size, err, sizeof err) != 0) {
        fprintf(stderr, "herald-train: %s\n", err);
        return 1;
    }
    printf("%s: %zu bytes\n", out_path, size);
    report_parser(&p, "dev", dv);
    report_parser(&p, "test", te);
    hd_release_image(image, size, 1);
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* herald-train speed IMAGE TREEBANK: parsing speed on one core, gold tokens and tags, the
 * treebank parsed over and over for at least two seconds. */
static int speed(const char *image_path, const char *path)
{
    treebank tb;
    char err[512];
    size_t size;
    void *image = load(path, &tb) == 0 ? hd_map_file(image_path, &size, err, sizeof err) : NULL;
    hd_parser p;
    if (!image || hd_parser_open(&p, image, size, err, sizeof err) != 0) {
        fprintf(stderr, "herald-train: %s\n", image ? err : "cannot read the image or treebank");
        return 1;
    }
    long words = 0, uas, las, total = 0;
    double t0 = now(), t;
    do {
        hd_parser_score(&p, tb.s, tb.n, &words, &uas, &las);
        total += words;
    } while ((t = now() - t0) < 2.0);
    printf("parser: %.0f words/s (%ld words in %.2f s)\n", total / t, total, t);
    hd_release_image(image, size, 1);
    unload(&tb);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 4 && !strcmp(argv[1], "speed"))
        return speed(argv[2], argv[3]);
    if (argc < 2 || (strcmp(argv[1], "tagger") != 0 && strcmp(argv[1], "parser") != 0))
        return usage();
    int parser = !strcmp(argv[1], "parser"), iterations = 0;
    const char *train = NULL, *dev = NULL, *test = NULL, *out = NULL;
    hd_tagger_options o;
    hd_tagger_default_options(&o);
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
        else if (!strcmp(a, "--out") && parser)
            out = v;
        else if (!strcmp(a, "--iterations") && !*end && n >= 1 && n <= 100)
            o.iterations = iterations = (int)n;
        else if (!strcmp(a, "--seed") && !*end && n >= 0)
            o.seed = (unsigned)n;
        else if (!strcmp(a, "--hash-bits") && !*end && n >= 10 && n <= 24)
            o.hash_bits = (int)n;
        else
            return usage();
    }
    if (!train || !dev || (parser && !out))
        return usage();
    treebank tr, dv, te;
    if (load(train, &tr) != 0 || load(dev, &dv) != 0 || load(test, &te) != 0)
        return 1;
    if (parser) {
        int rc = train_parser(&tr, &dv, &te, iterations, o.seed, out);
        unload(&tr);
        unload(&dv);
        unload(&te);
        return rc;
    }
    hd_tagger *t = hd_tagger_train(tr.s, tr.n, dv.s, dv.n, &o, stdout);
    if (!t) {
        fprintf(stderr, "herald-train: out of memory\n");
        return 1;
    }
    report(t, "dev", &dv);
    report(t, "test", &te);
    hd_tagger_free(t);
    unload(&tr);
    unload(&dv);
    unload(&te);
    return 0;
}
