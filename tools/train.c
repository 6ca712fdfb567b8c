/* train.c: herald-train, which learns the syntax models from Universal Dependencies treebanks
 * and says how well they do. So far the part-of-speech tagger:
 *
 *   herald-train tagger --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu]
 *                       [--iterations N] [--seed N] [--hash-bits N]
 *
 * prints the dev accuracy after each pass and, at the end, XPOS and UPOS accuracy on dev and
 * test with gold tokens. Malformed sentences are reported (file:line) and left out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/hd_conllu.h"
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
                    "                           [--iterations N] [--seed N] [--hash-bits N]\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "tagger") != 0)
        return usage();
    const char *train = NULL, *dev = NULL, *test = NULL;
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
    treebank tr, dv, te;
    if (load(train, &tr) != 0 || load(dev, &dv) != 0 || load(test, &te) != 0)
        return 1;
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
