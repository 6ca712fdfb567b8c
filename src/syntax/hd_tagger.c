/* hd_tagger.c: the averaged-perceptron tagger (see hd_tagger.h). Features are strings built
 * from the word, its neighbours and the tags chosen before it; each is hashed (FNV-1a, with
 * its template number) to a row of the weight table, whose row holds a weight per tag. The
 * weights learnt are averaged over every step of training, which is what makes a perceptron
 * generalise. */
#define _POSIX_C_SOURCE 200809L
#include "hd_tagger.h"

#include "hd_perceptron.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hd_mapfile.h"

#define MAX_TAGS 64
#define MAX_FEATURES 32

/* weights of one head (XPOS or UPOS), and while training what averaging needs */
typedef struct head {
    char *names[MAX_TAGS];
    int n;
    float *w;       /* rows x n */
    double *total;  /* training: the sum of each weight over the steps so far */
    uint32_t *seen; /* training: the step each weight last changed */
    hd_weights frozen; /* an opened image's weights (then w is NULL and names point into it) */
} head;

struct hd_tagger {
    size_t rows; /* a power of two */
    head x, u;
    int from_image; /* opened by hd_tagger_open: nothing but the struct is ours to free */
};

void hd_tagger_default_options(hd_tagger_options *o)
{
    o->iterations = 8;
    o->seed = 1;
    o->hash_bits = 19;
}

/* ---- features ------------------------------------------------------------------------------- */

typedef struct hasher {
    uint64_t h;
} hasher;

static void hash_start(hasher *k, int template_id)
{
    k->h = 1469598103934665603ULL ^ (uint64_t)template_id;
    k->h *= 1099511628211ULL;
}

static void hash_bytes(hasher *k, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        k->h ^= (unsigned char)s[i];
        k->h *= 1099511628211ULL;
    }
    k->h ^= 0xff; /* ends each string, so that "ab"+"c" differs from "a"+"bc" */
    k->h *= 1099511628211ULL;
}

static void hash_lower(hasher *k, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        k->h ^= c >= 'A' && c <= 'Z' ? c + 32 : c;
        k->h *= 1099511628211ULL;
    }
    k->h ^= 0xff;
    k->h *= 1099511628211ULL;
}

/* The word's shape: X for capitals, x for small letters, d for digits, other bytes as they
 * are, runs of one kind cut at two ("McDonald's" -> "XxXx'x", "1990s" -> "ddx"). */
static void shape(const char *w, char *out, size_t cap)
{
    size_t k = 0;
    char last = 0;
    int run = 0;
    for (const unsigned char *p = (const unsigned char *)w; *p && k + 1 < cap; p++) {
        char c = *p >= 'A' && *p <= 'Z' ? 'X' : *p >= 'a' && *p <= 'z' ? 'x' : *p >= '0' && *p <= '9' ? 'd' : *p >= 0x80 ? 'u' : (char)*p;
        run = c == last ? run + 1 : 1;
        last = c;
        if (run <= 2)
            out[k++] = c;
    }
    out[k] = '\0';
}

static const char *word_at(const char *const *words, size_t n, long i)
{
    return i < 0 ? "<s>" : (size_t)i >= n ? "</s>" : words[i];
}

static const char *suffix(const char *w, size_t k)
{
    size_t n = strlen(w);
    return n > k ? w + n - k : w;
}

/* The rows of word i's features, given the tags (XPOS names) of the two words before it. */
static int features(const hd_tagger *t, const char *const *words, size_t n, size_t i, const char *prev,
                    const char *prev2, uint32_t *rows)
{
    hasher k;
    int f = 0;
    const char *w = words[i], *before = word_at(words, n, (long)i - 1), *after = word_at(words, n, (long)i + 1);
    char sh[32];
    shape(w, sh, sizeof sh);
    uint64_t mask = t->rows - 1;
#define ADD(id, ...)                                                                                          \
    do {                                                                                                      \
        hash_start(&k, id);                                                                                   \
        __VA_ARGS__;                                                                                          \
        rows[f++] = (uint32_t)(k.h & mask);                                                                   \
    } while (0)
    ADD(0, (void)0);
    ADD(1, hash_lower(&k, w));
    ADD(2, hash_lower(&k, suffix(w, 3)));
    ADD(3, hash_bytes(&k, w, 1));
    ADD(4, hash_bytes(&k, prev, strlen(prev)));
    ADD(5, hash_bytes(&k, prev2, strlen(prev2)); hash_bytes(&k, prev, strlen(prev)));
    ADD(6, hash_bytes(&k, prev, strlen(prev)); hash_lower(&k, w));
    ADD(7, hash_lower(&k, before));
    ADD(8, hash_lower(&k, suffix(before, 3)));
    ADD(9, hash_lower(&k, word_at(words, n, (long)i - 2)));
    ADD(10, hash_lower(&k, after));
    ADD(11, hash_lower(&k, suffix(after, 3)));
    ADD(12, hash_lower(&k, word_at(words, n, (long)i + 2)));
    ADD(13, hash_bytes(&k, sh, strlen(sh)));
    ADD(14, hash_lower(&k, suffix(w, 2)));
    ADD(15, hash_lower(&k, suffix(w, 1)));
    ADD(16, hash_bytes(&k, i == 0 ? "first" : "inner", 5); hash_bytes(&k, sh, 1));
    ADD(17, hash_lower(&k, before); hash_lower(&k, w));
    ADD(18, hash_lower(&k, w); hash_lower(&k, after));
    ADD(19, hash_bytes(&k, prev, strlen(prev)); hash_lower(&k, after));
    ADD(20, hash_lower(&k, suffix(w, 4)));
    ADD(21, hash_bytes(&k, w, strlen(w) < 3 ? strlen(w) : 3));
    ADD(22, shape(after, sh, sizeof sh); hash_bytes(&k, sh, strlen(sh)));
    ADD(23, hash_bytes(&k, w, strlen(w))); /* the word as written: case tells names apart */
#undef ADD
    return f;
}

/* ---- scoring and learning ------------------------------------------------------------------- */

static int best_tag(const head *h, const uint32_t *rows, int nf)
{
    float score[MAX_TAGS] = {0};
    if (!h->w) {
        uint64_t keys[MAX_FEATURES];
        for (int f = 0; f < nf; f++)
            keys[f] = hd_dense_key(rows[f]);
        hd_weights_score(&h->frozen, keys, nf, score);
    }
    for (int f = 0; h->w && f < nf; f++) {
        const float *w = h->w + (size_t)rows[f] * (size_t)h->n;
        for (int t = 0; t < h->n; t++)
            score[t] += w[t];
    }
    int best = 0;
    for (int t = 1; t < h->n; t++)
        if (score[t] > score[best])
            best = t;
    return best;
}

static void nudge(head *h, size_t at, float by, uint32_t step)
{
    h->total[at] += (double)(step - h->seen[at]) * h->w[at];
    h->seen[at] = step;
    h->w[at] += by;
}

static void learn(head *h, const uint32_t *rows, int nf, int truth, int guess, uint32_t step)
{
    if (truth == guess)
        return;
    for (int f = 0; f < nf; f++) {
        size_t base = (size_t)rows[f] * (size_t)h->n;
        nudge(h, base + (size_t)truth, 1.0f, step);
        nudge(h, base + (size_t)guess, -1.0f, step);
    }
}

static void average(head *h, size_t rows, uint32_t step)
{
    for (size_t i = 0; i < rows * (size_t)h->n; i++) {
        double total = h->total[i] + (double)(step - h->seen[i]) * h->w[i];
        h->w[i] = (float)(total / step);
    }
    free(h->total);
    free(h->seen);
    h->total = NULL;
    h->seen = NULL;
}

static int tag_number(head *h, const char *name)
{
    for (int t = 0; t < h->n; t++)
        if (!strcmp(h->names[t], name))
            return t;
    if (h->n == MAX_TAGS)
        return 0;
    h->names[h->n] = strdup(name);
    return h->names[h->n] ? h->n++ : 0;
}

static int alloc_head(head *h, size_t rows, int training)
{
    size_t cells = rows * (size_t)h->n;
    h->w = calloc(cells, sizeof *h->w);
    if (training) {
        h->total = calloc(cells, sizeof *h->total);
        h->seen = calloc(cells, sizeof *h->seen);
    }
    return h->w && (!training || (h->total && h->seen)) ? 0 : -1;
}

static void free_head(head *h)
{
    for (int t = 0; t < h->n; t++)
        free(h->names[t]);
    free(h->w);
    free(h->total);
    free(h->seen);
}

void hd_tagger_free(hd_tagger *t)
{
    if (!t)
        return;
    if (t->from_image) {
        free(t);
        return;
    }
    free_head(&t->x);
    free_head(&t->u);
    free(t);
}

const char *hd_tagger_xpos_name(const hd_tagger *t, int tag) { return tag >= 0 && tag < t->x.n ? t->x.names[tag] : "_"; }
const char *hd_tagger_upos_name(const hd_tagger *t, int tag) { return tag >= 0 && tag < t->u.n ? t->u.names[tag] : "_"; }

/* Tags one sentence, learning from its gold tags when `step` is not NULL. */
static void run_sentence(hd_tagger *t, const char *const *words, size_t n, int *xpos, int *upos, const int *gold_x,
                         const int *gold_u, uint32_t *step)
{
    uint32_t rows[MAX_FEATURES];
    for (size_t i = 0; i < n; i++) {
        const char *prev = i >= 1 ? t->x.names[xpos[i - 1]] : "<s>", *prev2 = i >= 2 ? t->x.names[xpos[i - 2]] : "<s>";
        int nf = features(t, words, n, i, prev, prev2, rows);
        xpos[i] = best_tag(&t->x, rows, nf);
        upos[i] = best_tag(&t->u, rows, nf);
        if (step) {
            ++*step;
            learn(&t->x, rows, nf, gold_x[i], xpos[i], *step);
            learn(&t->u, rows, nf, gold_u[i], upos[i], *step);
            /* the guess, not the gold tag, stays for the words after: they learn from what
             * tagging will give them */
        }
    }
}

void hd_tagger_tag(const hd_tagger *t, const char *const *words, size_t n, int *xpos, int *upos)
{
    run_sentence((hd_tagger *)t, words, n, xpos, upos, NULL, NULL, NULL);
}

/* The words of a sentence as an array, in `buf` (grown as needed). */
static const char **words_of(const hd_conllu_sentence *s, const char ***buf, size_t *cap)
{
    if (s->n > *cap) {
        const char **b = realloc(*buf, s->n * sizeof *b);
        if (!b)
            return NULL;
        *buf = b;
        *cap = s->n;
    }
    for (size_t i = 0; i < s->n; i++)
        (*buf)[i] = s->words[i].form;
    return *buf;
}

void hd_tagger_score(const hd_tagger *t, const hd_conllu_sentence *s, size_t n, long *words, long *xpos_right,
                     long *upos_right)
{
    *words = *xpos_right = *upos_right = 0;
    const char **w = NULL;
    size_t cap = 0;
    int *x = NULL, *u = NULL;
    for (size_t k = 0; k < n; k++) {
        if (!words_of(&s[k], &w, &cap))
            break;
        int *nx = realloc(x, cap * sizeof *nx), *nu = nx ? realloc(u, cap * sizeof *nu) : NULL;
        if (nx)
            x = nx;
        if (!nx || !nu)
            break;
        u = nu;
        hd_tagger_tag(t, w, s[k].n, x, u);
        for (size_t i = 0; i < s[k].n; i++) {
            (*words)++;
            *xpos_right += !strcmp(t->x.names[x[i]], s[k].words[i].xpos);
            *upos_right += !strcmp(t->u.names[u[i]], s[k].words[i].upos);
        }
    }
    free(w);
    free(x);
    free(u);
}

static uint32_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return (uint32_t)(*state >> 16);
}

hd_tagger *hd_tagger_train(const hd_conllu_sentence *train, size_t n, const hd_conllu_sentence *dev, size_t n_dev,
                           const hd_tagger_options *opt, FILE *log)
{
    hd_tagger_options o;
    if (opt)
        o = *opt;
    else
        hd_tagger_default_options(&o);
    hd_tagger *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->rows = (size_t)1 << (o.hash_bits < 10 ? 10 : o.hash_bits > 24 ? 24 : o.hash_bits);
    /* the tag sets, and each gold word's tag numbers */
    size_t total_words = 0;
    for (size_t k = 0; k < n; k++)
        total_words += train[k].n;
    int *gold_x = malloc((total_words + 1) * sizeof *gold_x), *gold_u = malloc((total_words + 1) * sizeof *gold_u);
    size_t *first = malloc((n + 1) * sizeof *first), *order = malloc((n + 1) * sizeof *order);
    int ok = gold_x && gold_u && first && order;
    for (size_t k = 0, at = 0; ok && k < n; k++) {
        first[k] = at;
        order[k] = k;
        for (size_t i = 0; i < train[k].n; i++, at++) {
            gold_x[at] = tag_number(&t->x, train[k].words[i].xpos);
            gold_u[at] = tag_number(&t->u, train[k].words[i].upos);
        }
    }
    ok = ok && t->x.n > 0 && alloc_head(&t->x, t->rows, 1) == 0 && alloc_head(&t->u, t->rows, 1) == 0;
    const char **w = NULL;
    size_t cap = 0;
    int *x = NULL, *u = NULL;
    uint32_t step = 0;
    uint64_t random = 0x9e3779b97f4a7c15ULL ^ o.seed;
    for (int pass = 0; ok && pass < o.iterations; pass++) {
        for (size_t k = n; k > 1; k--) { /* Fisher-Yates, from the seed */
            size_t j = next_random(&random) % k, tmp = order[k - 1];
            order[k - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t r = 0; ok && r < n; r++) {
            const hd_conllu_sentence *s = &train[order[r]];
            if (!words_of(s, &w, &cap)) {
                ok = 0;
                break;
            }
            int *nx = realloc(x, cap * sizeof *nx), *nu = nx ? realloc(u, cap * sizeof *nu) : NULL;
            if (nx)
                x = nx;
            if (!nx || !nu) {
                ok = 0;
                break;
            }
            u = nu;
            run_sentence(t, w, s->n, x, u, gold_x + first[order[r]], gold_u + first[order[r]], &step);
        }
        if (ok && log && dev) {
            /* the averaged weights as they would be now, on a copy */
            hd_tagger probe = *t;
            probe.x.w = malloc(t->rows * (size_t)t->x.n * sizeof(float));
            probe.u.w = malloc(t->rows * (size_t)t->u.n * sizeof(float));
            if (probe.x.w && probe.u.w) {
                for (size_t i = 0; i < t->rows * (size_t)t->x.n; i++)
                    probe.x.w[i] = (float)((t->x.total[i] + (double)(step - t->x.seen[i]) * t->x.w[i]) / step);
                for (size_t i = 0; i < t->rows * (size_t)t->u.n; i++)
                    probe.u.w[i] = (float)((t->u.total[i] + (double)(step - t->u.seen[i]) * t->u.w[i]) / step);
                long words, xr, ur;
                hd_tagger_score(&probe, dev, n_dev, &words, &xr, &ur);
                fprintf(log, "pass %d: dev XPOS %.2f%%, UPOS %.2f%% (%ld words)\n", pass + 1, 100.0 * xr / words,
                        100.0 * ur / words, words);
            }
            free(probe.x.w);
            free(probe.u.w);
        }
    }
    if (ok && step > 0) {
        average(&t->x, t->rows, step);
        average(&t->u, t->rows, step);
    }
    free(w);
    free(x);
    free(u);
    free(gold_x);
    free(gold_u);
    free(first);
    free(order);
    if (!ok) {
        hd_tagger_free(t);
        return NULL;
    }
    return t;
}

/* ---- the image -------------------------------------------------------------------------------
 * "HDTAGGR1" | u32 XPOS tags | u32 UPOS tags | u64 rows | u32 bytes of names | u32 0 |
 * u64 XPOS weights offset, size | u64 UPOS weights offset, size |
 * names (XPOS then UPOS, each ending in NUL, padded to 8) | XPOS weights | UPOS weights */

#define TAGGER_MAGIC "HDTAGGR1"

typedef struct tagger_header {
    char magic[8];
    uint32_t n_xpos, n_upos;
    uint64_t rows;
    uint32_t names_size, zero;
    uint64_t x_offset, x_size, u_offset, u_size;
} tagger_header;

static int frozen_weights(const head *h, size_t rows, double prune, char **data, size_t *size)
{
    FILE *mem = open_memstream(data, size);
    if (!mem)
        return -1;
    size_t n = hd_weights_write_dense(h->w, rows, h->n, prune, mem);
    return fclose(mem) == 0 && n ? 0 : -1;
}

int hd_tagger_write(const hd_tagger *t, double prune, FILE *out)
{
    if (t->from_image || !t->x.w || !t->u.w)
        return -1;
    char *xw = NULL, *uw = NULL;
    size_t xs = 0, us = 0;
    int rc = frozen_weights(&t->x, t->rows, prune, &xw, &xs) == 0 && frozen_weights(&t->u, t->rows, prune, &uw, &us) == 0 ? 0 : -1;
    tagger_header h = {.n_xpos = (uint32_t)t->x.n, .n_upos = (uint32_t)t->u.n, .rows = t->rows};
    memcpy(h.magic, TAGGER_MAGIC, 8);
    for (int i = 0; i < t->x.n; i++)
        h.names_size += (uint32_t)strlen(t->x.names[i]) + 1;
    for (int i = 0; i < t->u.n; i++)
        h.names_size += (uint32_t)strlen(t->u.names[i]) + 1;
    size_t pad = (8 - h.names_size % 8) % 8;
    h.x_offset = sizeof h + h.names_size + pad;
    h.x_size = xs;
    h.u_offset = h.x_offset + xs;
    h.u_size = us;
    static const char zeros[8];
    if (rc == 0 && fwrite(&h, sizeof h, 1, out) != 1)
        rc = -1;
    for (int i = 0; rc == 0 && i < t->x.n; i++)
        rc = fwrite(t->x.names[i], strlen(t->x.names[i]) + 1, 1, out) == 1 ? 0 : -1;
    for (int i = 0; rc == 0 && i < t->u.n; i++)
        rc = fwrite(t->u.names[i], strlen(t->u.names[i]) + 1, 1, out) == 1 ? 0 : -1;
    if (rc == 0 && (fwrite(zeros, 1, pad, out) != pad || fwrite(xw, 1, xs, out) != xs || fwrite(uw, 1, us, out) != us))
        rc = -1;
    free(xw);
    free(uw);
    return rc == 0 && fflush(out) == 0 ? 0 : -1;
}

static int read_names(head *h, int n, const char **at, const char *end, char *err, size_t errlen)
{
    h->n = n;
    for (int i = 0; i < n; i++) {
        const char *nul = *at < end ? memchr(*at, '\0', (size_t)(end - *at)) : NULL;
        if (!nul) {
            snprintf(err, errlen, "tagger: tag names run past their block");
            return -1;
        }
        h->names[i] = (char *)*at; /* not written through: the image is read-only */
        *at = nul + 1;
    }
    return 0;
}

hd_tagger *hd_tagger_open(const void *data, size_t size, char *err, size_t errlen)
{
    tagger_header h;
    if (hd_image_header(data, size, TAGGER_MAGIC, &h, sizeof h, "tagger", err, errlen) != 0)
        return NULL;
    if (h.n_xpos < 1 || h.n_xpos > MAX_TAGS || h.n_upos < 1 || h.n_upos > MAX_TAGS || !h.rows ||
        (h.rows & (h.rows - 1)) || h.rows > ((uint64_t)1 << 32) || h.names_size > size - sizeof h ||
        h.x_offset % 8 || h.u_offset % 8 || h.x_offset < sizeof h + h.names_size || h.x_offset > size ||
        h.x_size > size - h.x_offset || h.u_offset > size || h.u_size > size - h.u_offset) {
        snprintf(err, errlen, "tagger: header out of range");
        return NULL;
    }
    hd_tagger *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "tagger: out of memory");
        return NULL;
    }
    t->from_image = 1;
    t->rows = (size_t)h.rows;
    const char *names = (const char *)data + sizeof h, *end = names + h.names_size;
    if (read_names(&t->x, (int)h.n_xpos, &names, end, err, errlen) != 0 ||
        read_names(&t->u, (int)h.n_upos, &names, end, err, errlen) != 0 ||
        hd_weights_open(&t->x.frozen, (const char *)data + h.x_offset, h.x_size, err, errlen) != 0 ||
        hd_weights_open(&t->u.frozen, (const char *)data + h.u_offset, h.u_size, err, errlen) != 0) {
        free(t);
        return NULL;
    }
    if (t->x.frozen.n_classes != t->x.n || t->u.frozen.n_classes != t->u.n) {
        snprintf(err, errlen, "tagger: weights for %d and %d tags, names for %d and %d", t->x.frozen.n_classes,
                 t->u.frozen.n_classes, t->x.n, t->u.n);
        free(t);
        return NULL;
    }
    return t;
}
