/* train.c: herald-train, which learns the syntax models from Universal Dependencies treebanks
 * and says how well they do. The part-of-speech tagger:
 *
 *   herald-train tagger --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu] [--out IMAGE]
 *                       [--iterations N] [--seed N] [--hash-bits N] [--confusions N]
 *
 * prints the dev accuracy after each pass and, at the end, XPOS and UPOS accuracy on dev and
 * test with gold tokens, the tagging speed (tokens per CPU second, the best of a few runs),
 * with --confusions the N most frequent XPOS errors on dev, and with --out writes the tagger's
 * image (HDTAGGR2). Malformed sentences are reported (file:line) and left out.
 *
 * Every command that trains takes --lexicon LEXICON|none: herald's lexicon, whose tags for a
 * word are features of the tagger and the parser. It is a dictionary image (build/herald.hdm)
 * or a lexicon table (build/gen/lexicon.tsv, the default when it exists, built into an image in
 * memory by the same builder: the same lookups); tagging and parsing in herald then read the
 * lexicon of the dictionary image the model is embedded in.
 *
 *   herald-train parser --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu] --out IMAGE
 *                       [--iterations N] [--seed N] [--prune SHARE] [--members N]
 *
 * trains the dependency parser, prints dev UAS and LAS after each pass, writes the image of the
 * best pass to IMAGE, and maps it back to score dev and test (gold tokens and tags). With
 * --members N, N parsers of N seeds train --iterations passes each and the image is their
 * average (hd_parser.h).
 *
 *   herald-train syntax --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu] --out IMAGE
 *                       [--iterations N] [--tagger-iterations N] [--folds N] [--prune SHARE]
 *                       [--members N]
 *
 * trains both: the tagger, then the parser on training sentences tagged by jackknifed taggers
 * (--folds, 5 by default; 0 or 1: tagged by the final tagger), and writes the syntax image
 * (src/syntax/hd_syntax.h) that herald-dictc embeds; then scores dev and test from gold tokens
 * with predicted tags. This is what `make train` runs. With HERALD_TRAIN_KEEP_TAGS=PREFIX it
 * also writes the tagged training and dev sentences to PREFIX.train.conllu and PREFIX.dev.conllu,
 * so that parser experiments (`herald-train parser` on them, then `herald-train combine`) need
 * not pay for the jackknife each time.
 *
 * Every training command takes --headlines K: every K-th training sentence is learned a second
 * time title-cased, as news headlines are written (by `syntax`, the final tagger only: the
 * jackknife and the parser learn from the running text). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model/hd_dictfile.h"
#include "base/hd_mapfile.h"
#include "model/hd_model.h"
#include "syntax/hd_conllu.h"
#include "syntax/hd_parser.h"
#include "syntax/hd_syntax.h"
#include "syntax/hd_tagger.h"

#ifndef HD_DEFAULT_LEXICON
#define HD_DEFAULT_LEXICON "build/gen/lexicon.tsv"
#endif

typedef struct treebank {
    hd_conllu_sentence *s;
    size_t n, cap;
} treebank;

/* Room for one more sentence at tb->s[tb->n] (zeroed); -1 when out of memory. */
static int treebank_room(treebank *tb)
{
    if (tb->n < tb->cap)
        return 0;
    size_t cap = tb->cap ? tb->cap * 2 : 1024;
    hd_conllu_sentence *s = realloc(tb->s, cap * sizeof *s);
    if (!s)
        return -1;
    memset(s + tb->cap, 0, (cap - tb->cap) * sizeof *s);
    tb->s = s;
    tb->cap = cap;
    return 0;
}

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
        if (treebank_room(tb) != 0)
            return -1;
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

/* --headlines K: every K-th training sentence is learned a second time as a headline writes it,
 * each word capitalised but the short articles, conjunctions and prepositions (by its gold tag;
 * the first word always). News titles are written so ("Russian Jets Strike Hama, Assad Asks
 * Putin for Help") and a treebank has few: a tagger that learned capitals from running text
 * reads every capitalised word of a title as a name. Tags and tree are the sentence's own. */
static int as_headline_word(const hd_conllu_word *w, int first)
{
    const unsigned char c = (unsigned char)w->form[0];
    if (c < 'a' || c > 'z')
        return 0;
    for (const char *p = w->form; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            return 0; /* "iPhone", "eBay": a name keeps its own capitals */
    int small = strlen(w->form) <= 3 && w->xpos &&
                (!strcmp(w->xpos, "DT") || !strcmp(w->xpos, "CC") || !strcmp(w->xpos, "IN") || !strcmp(w->xpos, "TO"));
    return first || !small;
}

static int add_headlines(treebank *tb, int every)
{
    size_t n = tb->n;
    for (size_t i = 0; every > 0 && i < n; i += (size_t)every) {
        if (treebank_room(tb) != 0)
            return -1;
        const hd_conllu_sentence *from = &tb->s[i];
        hd_conllu_sentence *to = &tb->s[tb->n];
        to->words = calloc(from->n, sizeof *to->words);
        if (!to->words)
            return -1;
        to->n = to->cap = from->n;
        to->line = from->line;
        for (size_t k = 0; k < from->n; k++) {
            const hd_conllu_word *a = &from->words[k];
            hd_conllu_word *b = &to->words[k];
            b->form = strdup(a->form);
            b->lemma = strdup(a->lemma);
            b->upos = strdup(a->upos);
            b->xpos = strdup(a->xpos);
            b->deprel = strdup(a->deprel);
            b->head = a->head;
            if (!b->form || !b->lemma || !b->upos || !b->xpos || !b->deprel)
                return -1;
            if (as_headline_word(a, k == 0))
                b->form[0] = (char)(b->form[0] - 'a' + 'A');
        }
        tb->n++;
    }
    return 0;
}

/* Wall-clock seconds, or with `cpu` the seconds this thread has run: on a shared machine the
 * tagging speed is measured in CPU time, so that waiting for a core does not count. */
static double seconds(int cpu)
{
    struct timespec ts;
    clock_gettime(cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Scores the tagger on a treebank; the speed printed is that of the whole scoring (tagging
 * plus comparing tags), in CPU time, the best of a few runs. */
static void report(const hd_tagger *t, const hd_lexicon *lex, const char *name, const treebank *tb)
{
    if (!tb->n)
        return;
    long words, x, u;
    double best = 0;
    for (int run = 0; run < 5; run++) {
        double start = seconds(1);
        hd_tagger_score(t, lex, tb->s, tb->n, &words, &x, &u);
        double took = seconds(1) - start;
        if (run == 0 || took < best)
            best = took;
    }
    printf("%s: %ld words, XPOS %.2f%%, UPOS %.2f%% (%.0f tokens per CPU second)\n", name, words, 100.0 * x / words,
           100.0 * u / words, best > 0 ? words / best : 0.0);
}

static int by_string(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* The most frequent XPOS confusions on a treebank (gold -> guess), and the share of the errors
 * on words that training never saw: where the errors are. */
static void confusions(const hd_tagger *t, const hd_lexicon *lex, const treebank *tb, const treebank *train, int top)
{
    enum { N = 64 };
    long count[N][N] = {{0}};
    long errors = 0, unseen_errors = 0, unseen = 0;
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
            hd_tagger_tag(t, lex, w, s->n, x, u);
            for (size_t i = 0; i < s->n; i++) {
                int gold = -1;
                for (int g = 0; g < N && gold < 0; g++)
                    if (!strcmp(hd_tagger_xpos_name(t, g), s->words[i].xpos))
                        gold = g;
                int seen = bsearch(&w[i], forms, nforms, sizeof *forms, by_string) != NULL;
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

static void warn(void *user, const char *file, long line, const char *msg)
{
    (void)user;
    fprintf(stderr, "herald-train: %s:%ld: %s\n", file, line, msg);
}

/* The lexicon as herald sees it: a dictionary image, or one built in memory from a lexicon
 * table (*.tsv, what herald-dictc reads) by the same builder, so that training sees the very
 * tags, best tags and name flags that tagging in herald will look up. */
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

/* Maps a tagger image back and scores dev from it: what herald will tag with. */
static int check_tagger_image(const char *path, const hd_lexicon *lex, const treebank *dev)
{
    char err[512];
    size_t size;
    void *image = hd_map_file(path, &size, err, sizeof err);
    hd_tagger *t = image ? hd_tagger_open(image, size, err, sizeof err) : NULL;
    if (!t) {
        fprintf(stderr, "herald-train: %s\n", err);
        if (image)
            hd_release_image(image, size, 1);
        return 1;
    }
    printf("%s: %zu bytes\n", path, size);
    report(t, lex, "dev from the image", dev);
    hd_tagger_free(t);
    hd_release_image(image, size, 1);
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: herald-train tagger --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu]\n"
                    "                           [--out IMAGE] [--iterations N] [--seed N] [--hash-bits N]\n"
                    "                           [--confusions N] [--tagger-prune SHARE] [--lexicon LEXICON|none]\n"
                    "       herald-train parser --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu]\n"
                    "                           --out IMAGE [--iterations N] [--seed N] [--prune SHARE]\n"
                    "                           [--members N] [--lexicon LEXICON|none]\n"
                    "       herald-train syntax --train TRAIN.conllu --dev DEV.conllu [--test TEST.conllu]\n"
                    "                           --out IMAGE [--iterations N] [--tagger-iterations N] [--folds N]\n"
                    "                           [--prune SHARE] [--tagger-prune SHARE] [--seed N] [--hash-bits N]\n"
                    "                           [--members N] [--lexicon LEXICON|none] [--headlines K]\n"
                    "       (--headlines K: every K-th training sentence also learned title-cased)\n"
                    "       (LEXICON: a dictionary image or a lexicon table *.tsv; default " HD_DEFAULT_LEXICON ")\n"
                    "       herald-train score HDM|SYNTAX TREEBANK.conllu    (gold tokens, predicted tags)\n"
                    "       herald-train speed HDM|SYNTAX TREEBANK.conllu    (words per second, one core)\n"
                    "       herald-train combine SYNTAX PARSER OUT    (one image's tagger, another parser)\n");
    return 2;
}

static void report_parser(const hd_parser *p, const hd_lexicon *lex, const char *name, const treebank *tb)
{
    if (!tb->n)
        return;
    long words, uas, las;
    hd_parser_score(p, lex, tb->s, tb->n, &words, &uas, &las);
    printf("%s: %ld words, UAS %.2f%%, LAS %.2f%% (gold tags)\n", name, words, 100.0 * uas / words, 100.0 * las / words);
}

static int train_parser(const treebank *tr, const treebank *dv, const treebank *te, const hd_parser_options *po,
                        const char *out_path)
{
    hd_parser_options o = *po;
    const hd_lexicon *lex = o.lexicon;
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
    report_parser(&p, lex, "dev", dv);
    report_parser(&p, lex, "test", te);
    hd_release_image(image, size, 1);
    return 0;
}

/* ---- herald-train syntax: the tagger, and the parser trained on the tags it predicts ---------- */

/* A deep copy of a treebank whose XPOS and UPOS are what the tagger says. */
static int retag(const hd_tagger *t, const hd_lexicon *lex, const treebank *in, treebank *out)
{
    memset(out, 0, sizeof *out);
    out->s = calloc(in->n + 1, sizeof *out->s);
    if (!out->s)
        return -1;
    out->n = out->cap = in->n;
    const char **words = NULL;
    int *x = NULL, *u = NULL;
    size_t cap = 0;
    for (size_t k = 0; k < in->n; k++) {
        const hd_conllu_sentence *a = &in->s[k];
        hd_conllu_sentence *b = &out->s[k];
        if (a->n > cap) {
            cap = a->n;
            words = realloc(words, cap * sizeof *words);
            x = realloc(x, cap * sizeof *x);
            u = realloc(u, cap * sizeof *u);
        }
        b->words = calloc(a->n + 1, sizeof *b->words);
        if (!words || !x || !u || !b->words)
            return -1;
        b->n = b->cap = a->n;
        for (size_t i = 0; i < a->n; i++)
            words[i] = a->words[i].form;
        hd_tagger_tag(t, lex, words, a->n, x, u);
        for (size_t i = 0; i < a->n; i++) {
            const hd_conllu_word *w = &a->words[i];
            b->words[i] = (hd_conllu_word){strdup(w->form), strdup(w->lemma), strdup(hd_tagger_upos_name(t, u[i])),
                                           strdup(hd_tagger_xpos_name(t, x[i])), strdup(w->deprel), w->head};
        }
    }
    free(words);
    free(x);
    free(u);
    return 0;
}

/* The training sentences tagged by taggers that never saw them: fold k is tagged by a tagger
 * trained on the other folds (jackknifing), so the parser learns from tags as wrong as the
 * ones it will meet. */
static int jackknife(const treebank *train, const hd_tagger_options *o, int folds, treebank *out)
{
    memset(out, 0, sizeof *out);
    out->s = calloc(train->n + 1, sizeof *out->s);
    hd_conllu_sentence *rest = malloc((train->n + 1) * sizeof *rest);
    if (!out->s || !rest)
        return -1;
    out->n = out->cap = train->n;
    for (int k = 0; k < folds; k++) {
        size_t n_rest = 0;
        treebank fold = {0};
        fold.s = malloc((train->n / (size_t)folds + 2) * sizeof *fold.s);
        if (!fold.s)
            return -1;
        for (size_t i = 0; i < train->n; i++) {
            if ((int)(i % (size_t)folds) == k)
                fold.s[fold.n++] = train->s[i]; /* shallow: the strings stay train's */
            else
                rest[n_rest++] = train->s[i];
        }
        hd_tagger *t = hd_tagger_train(rest, n_rest, NULL, 0, o, NULL);
        treebank tagged;
        if (!t || retag(t, o->lexicon, &fold, &tagged) != 0)
            return -1;
        long words, xr, ur;
        hd_tagger_score(t, o->lexicon, fold.s, fold.n, &words, &xr, &ur);
        printf("jackknife fold %d/%d: XPOS %.2f%%, UPOS %.2f%% on its %zu held-out sentences\n", k + 1, folds,
               100.0 * xr / words, 100.0 * ur / words, fold.n);
        for (size_t i = 0, j = 0; i < train->n; i++)
            if ((int)(i % (size_t)folds) == k)
                out->s[i] = tagged.s[j++]; /* the strings move to out */
        free(tagged.s);
        free(fold.s);
        hd_tagger_free(t);
    }
    free(rest);
    return 0;
}

/* Writes a treebank as CoNLL-U (the columns this trainer reads), to keep predicted tags for
 * parser experiments that should not pay for the jackknife each time. */
static int write_treebank(const treebank *tb, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (size_t k = 0; k < tb->n; k++) {
        for (size_t i = 0; i < tb->s[k].n; i++) {
            const hd_conllu_word *w = &tb->s[k].words[i];
            fprintf(f, "%zu\t%s\t%s\t%s\t%s\t_\t%d\t%s\t_\t_\n", i + 1, w->form, w->lemma, w->upos, w->xpos, w->head,
                    w->deprel);
        }
        fputc('\n', f);
    }
    return fclose(f);
}

static void report_syntax(const hd_syntax *sx, const hd_lexicon *lex, const char *name, const treebank *gold)
{
    if (!gold->n)
        return;
    long words, x, u, uas, las;
    hd_tagger_score(sx->tagger, lex, gold->s, gold->n, &words, &x, &u);
    treebank tagged;
    if (retag(sx->tagger, lex, gold, &tagged) != 0)
        return;
    hd_parser_score(&sx->parser, lex, tagged.s, tagged.n, &words, &uas, &las);
    printf("%s: %ld words (gold tokens, predicted tags): XPOS %.2f%%, UPOS %.2f%%, UAS %.2f%%, LAS %.2f%%\n", name, words,
           100.0 * x / words, 100.0 * u / words, 100.0 * uas / words, 100.0 * las / words);
    unload(&tagged);
}

/* The tagger learns from all of `tr`; the jackknife and the parser from its first `running`
 * sentences, the running text before any headline copies (--headlines): the parser learns
 * trees from tags as a tagger predicts them on running text, and its model stays the one
 * trained without the copies. */
static int train_syntax(const treebank *tr, size_t running, const treebank *dv, const treebank *te,
                        const hd_tagger_options *to, const hd_parser_options *parser_options, int folds,
                        double tagger_prune, const char *out_path)
{
    const hd_lexicon *lex = to->lexicon; /* the tagger's and the parser's */
    hd_tagger *t = hd_tagger_train(tr->s, tr->n, dv->s, dv->n, to, stdout);
    treebank text = *tr, train_tags, dev_tags;
    text.n = running;
    if (!t || retag(t, lex, dv, &dev_tags) != 0 ||
        (folds > 1 ? jackknife(&text, to, folds, &train_tags) : retag(t, lex, &text, &train_tags)) != 0) {
        fprintf(stderr, "herald-train: out of memory\n");
        return 1;
    }
    const char *keep = getenv("HERALD_TRAIN_KEEP_TAGS"); /* PREFIX: PREFIX.train.conllu, PREFIX.dev.conllu */
    if (keep) {
        char path[4096];
        snprintf(path, sizeof path, "%s.train.conllu", keep);
        write_treebank(&train_tags, path);
        snprintf(path, sizeof path, "%s.dev.conllu", keep);
        write_treebank(&dev_tags, path);
    }
    char *tagger_image = NULL, *parser_image = NULL;
    size_t tagger_size = 0, parser_size = 0;
    FILE *tm = open_memstream(&tagger_image, &tagger_size), *pm = open_memstream(&parser_image, &parser_size);
    hd_parser_options po = *parser_options;
    int rc = tm && pm && hd_tagger_write(t, tagger_prune, tm) == 0 ? 0 : -1;
    if (rc == 0)
        rc = hd_parser_train(train_tags.s, train_tags.n, dev_tags.s, dev_tags.n, &po, stdout, pm);
    if (tm)
        fclose(tm);
    if (pm)
        fclose(pm);
    hd_tagger_free(t);
    unload(&train_tags);
    unload(&dev_tags);
    FILE *out = rc == 0 ? fopen(out_path, "wb") : NULL;
    if (!out || hd_syntax_write(tagger_image, tagger_size, parser_image, parser_size, out) != 0 || fclose(out) != 0) {
        fprintf(stderr, "herald-train: %s: %s\n", out_path, rc ? "out of memory" : "cannot write");
        return 1;
    }
    free(tagger_image);
    free(parser_image);
    char err[512];
    size_t size;
    void *image = hd_map_file(out_path, &size, err, sizeof err);
    hd_syntax sx;
    if (!image || hd_syntax_open(&sx, image, size, 1, err, sizeof err) != 0) {
        fprintf(stderr, "herald-train: %s\n", err);
        return 1;
    }
    printf("%s: %zu bytes (tagger %zu, parser %zu)\n", out_path, size, tagger_size, parser_size);
    report_syntax(&sx, lex, "dev", dv);
    report_syntax(&sx, lex, "test", te);
    hd_syntax_close(&sx);
    hd_release_image(image, size, 1);
    return 0;
}

/* The syntax models to score: those of a dictionary image (herald.hdm) with its lexicon, or a
 * syntax image as herald-train syntax writes it (HDSYNTX...) with the lexicon table it was
 * trained with, so that an experiment is measured without building a dictionary around it. */
typedef struct scored {
    hd_model *model;   /* the dictionary image, or the lexicon beside a syntax image */
    void *image;       /* a syntax image, mapped */
    size_t size;
    hd_syntax own;     /* a syntax image's models */
    const hd_syntax *sx;
    hd_lexicon lex;
} scored;

static void scored_close(scored *m)
{
    if (m->image) {
        hd_syntax_close(&m->own);
        hd_release_image(m->image, m->size, 1);
    }
    hd_model_free(m->model);
}

static int scored_open(scored *m, const char *path)
{
    char err[512];
    memset(m, 0, sizeof *m);
    void *data = hd_map_file(path, &m->size, err, sizeof err);
    if (!data) {
        fprintf(stderr, "herald-train: %s\n", err);
        return -1;
    }
    if (m->size >= 7 && !memcmp(data, "HDSYNTX", 7)) {
        m->image = data;
        if (hd_syntax_open(&m->own, data, m->size, 1, err, sizeof err) != 0) {
            fprintf(stderr, "herald-train: %s: %s\n", path, err);
            hd_release_image(data, m->size, 1);
            m->image = NULL;
            return -1;
        }
        m->sx = &m->own;
        if (access(HD_DEFAULT_LEXICON, R_OK) == 0 && !(m->model = open_lexicon(HD_DEFAULT_LEXICON))) {
            scored_close(m);
            return -1;
        }
    } else {
        hd_release_image(data, m->size, 1);
        m->model = hd_model_open(path, err, sizeof err);
        if (!m->model || !m->model->has_syntax) {
            fprintf(stderr, "herald-train: %s\n", m->model ? "the image has no syntax section" : err);
            hd_model_free(m->model);
            m->model = NULL;
            return -1;
        }
        m->sx = &m->model->syntax;
    }
    m->lex = (hd_lexicon){hd_model_lexicon_lookup, m->model};
    return 0;
}

/* herald-train score MODEL TREEBANK: tags and parses the treebank's own words. */
static int score(const char *model_path, const char *path)
{
    treebank tb;
    scored m;
    if (load(path, &tb) != 0 || scored_open(&m, model_path) != 0)
        return 1;
    const hd_lexicon *lex = m.model ? &m.lex : NULL;
    long words, x, u, uas, las;
    hd_tagger_score(m.sx->tagger, lex, tb.s, tb.n, &words, &x, &u);
    treebank tagged;
    if (retag(m.sx->tagger, lex, &tb, &tagged) != 0)
        return 1;
    hd_parser_score(&m.sx->parser, lex, tagged.s, tagged.n, &words, &uas, &las);
    printf("%ld words, XPOS %.2f%%, UPOS %.2f%%, UAS %.2f%%, LAS %.2f%%\n", words, 100.0 * x / words,
           100.0 * u / words, 100.0 * uas / words, 100.0 * las / words);
    unload(&tagged);
    unload(&tb);
    scored_close(&m);
    return 0;
}

/* herald-train speed MODEL TREEBANK: tagging and parsing speed on one core, gold tokens (the
 * parser given the tagger's tags), each over the treebank again and again for two seconds of
 * this thread's CPU time, so that waiting for a shared core does not count. */
static int speed(const char *model_path, const char *path)
{
    treebank tb, tagged;
    scored m;
    if (load(path, &tb) != 0 || scored_open(&m, model_path) != 0)
        return 1;
    const hd_lexicon *lex = m.model ? &m.lex : NULL;
    if (retag(m.sx->tagger, lex, &tb, &tagged) != 0)
        return 1;
    long words = 0, x, u, uas, las, total = 0;
    double t0 = seconds(1), t;
    do {
        hd_tagger_score(m.sx->tagger, lex, tb.s, tb.n, &words, &x, &u);
        total += words;
    } while ((t = seconds(1) - t0) < 2.0);
    printf("tagger: %.0f words/s (%ld words in %.2f s)\n", total / t, total, t);
    total = 0;
    t0 = seconds(1);
    do {
        hd_parser_score(&m.sx->parser, lex, tagged.s, tagged.n, &words, &uas, &las);
        total += words;
    } while ((t = seconds(1) - t0) < 2.0);
    printf("parser: %.0f words/s (%ld words in %.2f s)\n", total / t, total, t);
    unload(&tagged);
    unload(&tb);
    scored_close(&m);
    return 0;
}

/* herald-train combine SYNTAX PARSER OUT: the tagger of one syntax image with a parser image
 * (or the parser of another syntax image)
 * trained apart (`herald-train parser` on tags the same tagger predicted), for experiments. */
static int combine(const char *syntax_path, const char *parser_path, const char *out_path)
{
    char err[512];
    size_t size, psize;
    void *data = hd_map_file(syntax_path, &size, err, sizeof err);
    void *parser = data ? hd_map_file(parser_path, &psize, err, sizeof err) : NULL;
    hd_syntax sx = {0};
    /* a tagger's own image (HDTAGGR...) stands for the syntax image it would come from */
    int tagger_only = data && size >= 8 && !memcmp(data, "HDTAGGR", 7);
    if (!parser || (!tagger_only && hd_syntax_open(&sx, data, size, 1, err, sizeof err) != 0)) {
        fprintf(stderr, "herald-train: %s\n", err);
        return 1;
    }
    if (tagger_only) {
        sx.tagger_image = data;
        sx.tagger_size = size;
    }
    /* a syntax image for PARSER stands for its parser */
    hd_syntax px = {0};
    const void *pimage = parser;
    size_t pimage_size = psize;
    if (psize >= 8 && !memcmp(parser, "HDSYNTX", 7)) {
        if (hd_syntax_open(&px, parser, psize, 1, err, sizeof err) != 0) {
            fprintf(stderr, "herald-train: %s\n", err);
            return 1;
        }
        pimage = px.parser_image;
        pimage_size = px.parser_size;
    }
    FILE *out = fopen(out_path, "wb");
    int rc = out && hd_syntax_write(sx.tagger_image, sx.tagger_size, pimage, pimage_size, out) == 0 ? 0 : 1;
    if (!out || fclose(out) != 0)
        rc = 1;
    if (rc)
        fprintf(stderr, "herald-train: cannot write %s\n", out_path);
    hd_syntax_close(&sx);
    hd_syntax_close(&px);
    hd_release_image(parser, psize, 1);
    hd_release_image(data, size, 1);
    return rc;
}

/* tools/train_events.c */
int train_events_main(int argc, char **argv);

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 2 && !strcmp(argv[1], "events"))
        return train_events_main(argc - 1, argv + 1);
    if (argc == 4 && !strcmp(argv[1], "speed"))
        return speed(argv[2], argv[3]);
    if (argc == 5 && !strcmp(argv[1], "combine"))
        return combine(argv[2], argv[3], argv[4]);
    if (argc == 4 && !strcmp(argv[1], "score"))
        return score(argv[2], argv[3]);
    if (argc < 2 || (strcmp(argv[1], "tagger") != 0 && strcmp(argv[1], "parser") != 0 && strcmp(argv[1], "syntax") != 0))
        return usage();
    int parser = !strcmp(argv[1], "parser"), syntax = !strcmp(argv[1], "syntax"), folds = 5;
    int show_confusions = 0, headlines = 0;
    double tagger_prune = 0;
    hd_parser_options po;
    hd_parser_default_options(&po);
    const char *lexicon_path = NULL;
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
        else if (!strcmp(a, "--out"))
            out = v;
        else if (!strcmp(a, "--folds") && syntax && !*end && n >= 0 && n <= 20)
            folds = (int)n;
        else if (!strcmp(a, "--tagger-iterations") && syntax && !*end && n >= 1 && n <= 100)
            o.iterations = (int)n;
        else if (!strcmp(a, "--headlines") && !*end && n >= 0)
            headlines = (int)n;
        else if (!strcmp(a, "--lexicon"))
            lexicon_path = v;
        else if (!strcmp(a, "--confusions") && !parser && !syntax && !*end && n >= 0 && n <= 1000)
            show_confusions = (int)n;
        else if (!strcmp(a, "--tagger-prune") && !parser)
            tagger_prune = strtod(v, NULL);
        else if (!strcmp(a, "--prune") && (syntax || parser))
            po.prune = strtod(v, NULL);
        else if (!strcmp(a, "--groups") && (syntax || parser) && !*end && n >= 1 && n <= HD_PARSER_MAX_MOVES / 2)
            po.groups = (int)n;
        else if (!strcmp(a, "--upos") && (syntax || parser) && !*end && (n == 0 || n == 1))
            po.upos = (int)n;
        else if (!strcmp(a, "--members") && (syntax || parser) && !*end && n >= 1 && n <= 16)
            po.members = (int)n;
        else if (!strcmp(a, "--iterations") && !*end && n >= 1 && n <= 100) {
            po.iterations = (int)n;
            if (!syntax)
                o.iterations = (int)n;
        }
        else if (!strcmp(a, "--seed") && !*end && n >= 0)
            o.seed = po.seed = (unsigned)n;
        else if (!strcmp(a, "--hash-bits") && !*end && n >= 10 && n <= 24)
            o.hash_bits = (int)n;
        else
            return usage();
    }
    if (!train || !dev || ((parser || syntax) && !out))
        return usage();
    if (!lexicon_path) { /* the default, when it has been made */
        lexicon_path = HD_DEFAULT_LEXICON;
        if (access(lexicon_path, R_OK) != 0) {
            fprintf(stderr, "herald-train: %s is missing (make builds it): no lexicon\n", lexicon_path);
            lexicon_path = NULL;
        }
    } else if (!strcmp(lexicon_path, "none"))
        lexicon_path = NULL;
    hd_model *lexicon = NULL;
    hd_lexicon lex = {hd_model_lexicon_lookup, NULL};
    if (lexicon_path) {
        printf("lexicon: %s\n", lexicon_path);
        if (!(lexicon = open_lexicon(lexicon_path)))
            return 1;
        lex.data = lexicon;
        o.lexicon = po.lexicon = &lex;
    }
    treebank tr, dv, te;
    if (load(train, &tr) != 0 || load(dev, &dv) != 0 || load(test, &te) != 0)
        return 1;
    size_t running = tr.n;
    if (add_headlines(&tr, headlines) != 0) {
        fprintf(stderr, "herald-train: out of memory\n");
        return 1;
    }
    if (headlines)
        printf("training sentences: %zu (every %d-th also as a headline)\n", tr.n, headlines);
    int rc = 0;
    if (syntax)
        rc = train_syntax(&tr, running, &dv, &te, &o, &po, folds, tagger_prune, out);
    else if (parser)
        rc = train_parser(&tr, &dv, &te, &po, out);
    else {
        double start = seconds(0);
        hd_tagger *t = hd_tagger_train(tr.s, tr.n, dv.s, dv.n, &o, stdout);
        if (!t) {
            fprintf(stderr, "herald-train: out of memory\n");
            return 1;
        }
        printf("training: %.1f s\n", seconds(0) - start);
        report(t, o.lexicon, "dev", &dv);
        report(t, o.lexicon, "test", &te);
        if (show_confusions)
            confusions(t, o.lexicon, &dv, &tr, show_confusions);
        if (out) {
            FILE *f = fopen(out, "wb");
            int wrote = f && hd_tagger_write(t, tagger_prune, f) == 0;
            if (f && fclose(f) != 0)
                wrote = 0;
            if (!wrote) {
                fprintf(stderr, "herald-train: %s: cannot write\n", out);
                rc = 1;
            }
            rc = rc ? rc : check_tagger_image(out, o.lexicon, &dv);
        }
        hd_tagger_free(t);
    }
    hd_model_free(lexicon);
    unload(&tr);
    unload(&dv);
    unload(&te);
    return rc;
}
