/* hd_tagger.c: the averaged-perceptron tagger (see hd_tagger.h).
 *
 * Each word of a sentence is described once (hashes of its forms, suffixes and shape, and its
 * class in the external lexicon); its features are then 64-bit hashes of a template number
 * with those values and with tags. Extracting features (fixed_features(), tag_features(),
 * upos_features()) is kept apart from finding their weights, which are found from a feature's
 * hash alone (its row is hash & mask), so that the weight store can change without touching
 * the features.
 *
 * Training works on dense tables, a row of weights per hash row and head, averaged over every
 * step (which is what makes a perceptron generalise). For tagging, the weights are copied into
 * a compact table (struct sparse) of a few megabytes where the dense ones take hundreds; that
 * table, the tag dictionary and the tag names are the image (hd_tagger_write), which tagging
 * reads in place (hd_tagger_open).
 *
 * Tagging makes two passes over a sentence. The first, left to right with a few features,
 * sees the tags it chose for the words before; the second, again left to right with all the
 * features, also sees the first pass's tags of the two words after. Only the second pass
 * predicts UPOS, which also sees the word's XPOS. */
#define _POSIX_C_SOURCE 200809L
#include "syntax/hd_tagger.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hd_mapfile.h"

#define MAX_TAGS 64
#define MAX_FEATURES 64
#define PAD 2 /* boundary words described before and after a sentence */
#define STAGES 2      /* passes over a sentence */
#define N_FIXED 27    /* features of a word that do not depend on tags, at most */
#define FIRST_FIXED 8 /* of these, those the first pass uses (the first ones) */

/* the names of a tag set; a tag's number is its index. A trained tagger's are its own; an
 * opened one's point into the image and are never written through. */
typedef struct tagset {
    char *names[MAX_TAGS];
    int n;
} tagset;

/* Training: a dense table of weights for one head (XPOS or UPOS), and what averaging needs. */
typedef struct head {
    int n;          /* tags */
    float *w;       /* rows x n */
    double *total;  /* the sum of each weight over the steps so far */
    uint32_t *seen; /* the step each weight last changed */
} head;

/* Tagging: the non-zero weights of the rows training touched, quantised to 16 bits. A bit
 * per row says whether it has any; a used row's number among the used rows (its rank: the
 * used rows before it, counted from `rank` and the bits) gives where its weights are. The
 * bits are a few dozen kilobytes, so a feature that training never saw costs no trip to
 * memory. A row holds the weights of every stage one after the other: the second pass finds
 * in cache most of the rows the first pass read.
 *
 * Most rows have two or four weights (a perceptron moves a guess and a truth at a time):
 * these are kept as (tag, weight) pairs in blocks of four, padded with zero weights for tag
 * PAD_TAG, so that adding a row has no branch but the one per block. The rows of frequent
 * features have weights for most tags: these are kept whole, a weight for every tag, and
 * added eight at a time. XPOS tags are numbered from 0 and UPOS tags after them. */
#define PAD_TAG (2 * MAX_TAGS)
#define WHOLE_ABOVE 16       /* a row with more weights than this is kept whole */
#define WHOLE (1u << 31)     /* in sparse.first: the row is kept whole */
typedef union block {
    struct {
        uint16_t tag[4];
        int16_t w[4];
    } pairs;
    int16_t whole[8];
} block;

typedef struct sparse {
    const uint64_t *used;  /* rows / 64 words */
    const uint32_t *rank;  /* per word of `used`: the used rows before it */
    const uint32_t *first; /* per used row and stage, and one past the last: its first block, | WHOLE */
    const block *blocks;
    size_t n_used, n_blocks;
    int stages;
    int width[STAGES]; /* the weights of a whole row of each stage: its tags, rounded up to 8 */
    float scale;       /* a weight is w * scale */
} sparse;

/* the dense weights of one pass over a sentence, while training (averaged once trained) */
typedef struct stage {
    head x, u;
    int upos; /* this stage predicts UPOS (the last one does) */
} stage;

/* Frequent words that take one tag pair almost always (DICT_MIN_COUNT, DICT_MIN_SHARE):
 * tagging gives them that pair without scoring them, which saves four tokens in ten the cost
 * of scoring. Training still learns from them: leaving them out cost accuracy. Open addressing
 * on the hash of the word as written; key 0 is an empty slot. */
typedef struct tagdict {
    const uint64_t *keys;
    const uint8_t *x, *u;
    size_t mask; /* slots - 1; 0 when there is no dictionary */
} tagdict;

struct hd_tagger {
    size_t rows; /* a power of two */
    tagset xs, us;
    stage st[STAGES];
    int stages;
    sparse sp; /* the weights for tagging */
    int uses_lexicon; /* trained with a lexicon's tags as features */
    tagdict dict;
    int from_image; /* opened by hd_tagger_open: names, weights and dictionary are the image's */
};

void hd_tagger_default_options(hd_tagger_options *o)
{
    o->iterations = 8;
    o->seed = 1;
    o->hash_bits = 19;
    o->lexicon = NULL;
}

int hd_tagger_uses_lexicon(const hd_tagger *t) { return t->uses_lexicon; }

/* ---- describing words ----------------------------------------------------------------------- */

#define FNV_OFFSET 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t hash_exact(const char *s, size_t n)
{
    uint64_t h = FNV_OFFSET;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    return h;
}

static uint64_t hash_lower(const char *s, size_t n)
{
    uint64_t h = FNV_OFFSET;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * FNV_PRIME;
    }
    return h;
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

/* What the features of a word and of its neighbours need, computed once per sentence. */
typedef struct word_info {
    uint64_t lower, form, shape, pre3, first;
    uint64_t suf[4]; /* the last 1..4 bytes, lower-cased */
    uint64_t lex;    /* lexicon class: tag bits, name and known flags; 0 = not in the lexicon */
    uint64_t lexbest;
    char shape0;
    uint64_t title;     /* the sentence is mostly capitalised words (a heading) */
    int dict_x, dict_u; /* tags from the tag dictionary, -1 when not in it */
    int n_fixed;
    uint64_t fixed[N_FIXED]; /* the features that do not depend on tags (fixed_features()) */
} word_info;

#define LEX_KNOWN (1ULL << 33)
#define LEX_BOUNDARY (1ULL << 34)

static uint64_t lexicon_class(const hd_lexicon *lex, const char *w, size_t n, uint64_t *best)
{
    hd_lexicon_entry e;
    *best = 0;
    if (!lex || n == 0 || !lex->lookup(lex->data, w, n, &e) || !e.tags)
        return 0;
    *best = (uint64_t)(e.best + 1);
    return (uint64_t)e.tags | (uint64_t)(e.name != 0) << 32 | LEX_KNOWN;
}

static int dict_find(const tagdict *d, uint64_t key, int *x, int *u)
{
    if (!d->mask)
        return 0;
    key |= 1; /* 0 marks an empty slot */
    for (size_t i = (size_t)(key >> 17) & d->mask;; i = (i + 1) & d->mask) {
        if (d->keys[i] == key) {
            *x = d->x[i];
            *u = d->u[i];
            return 1;
        }
        if (d->keys[i] == 0)
            return 0;
    }
}

/* `lex` is NULL when the tagger does not use a lexicon. */
static void describe(const hd_tagger *t, const hd_lexicon *lex, const char *w, word_info *d)
{
    size_t n = strlen(w);
    d->lower = hash_lower(w, n);
    d->form = hash_exact(w, n);
    for (size_t k = 1; k <= 4; k++)
        d->suf[k - 1] = n > k ? hash_lower(w + n - k, k) : d->lower;
    d->pre3 = hash_exact(w, n < 3 ? n : 3);
    d->first = hash_exact(w, 1);
    char sh[32];
    shape(w, sh, sizeof sh);
    d->shape = hash_exact(sh, strlen(sh));
    d->shape0 = sh[0];
    d->lex = lexicon_class(lex, w, n, &d->lexbest);
    d->title = 0;
    d->n_fixed = 0;
    d->dict_x = d->dict_u = -1;
    dict_find(&t->dict, d->form, &d->dict_x, &d->dict_u);
}

static int fixed_features(const hd_tagger *t, const word_info *w, size_t i, uint64_t *h);

/* Describes a sentence's words into info[PAD .. PAD+n), with boundary words around them. The
 * fixed features of the words in the tag dictionary are needed only for `training`: tagging
 * does not score them, training learns from them all (so that the weights are what they would
 * be without a dictionary: leaving them out costs accuracy). */
static void describe_sentence(const hd_tagger *t, const hd_lexicon *lex, const char *const *words, size_t n,
                              word_info *info, int training)
{
    if (!t->uses_lexicon)
        lex = NULL;
    describe(t, NULL, "<s>", &info[0]);
    info[0].lex = LEX_BOUNDARY;
    info[0].dict_x = -1;
    info[1] = info[0];
    describe(t, NULL, "</s>", &info[PAD + n]);
    info[PAD + n].lex = LEX_BOUNDARY | 1;
    info[PAD + n].dict_x = -1;
    info[PAD + n + 1] = info[PAD + n];
    size_t letters = 0, caps = 0;
    for (size_t i = 0; i < n; i++) {
        describe(t, lex, words[i], &info[PAD + i]);
        letters += info[PAD + i].shape0 == 'X' || info[PAD + i].shape0 == 'x';
        caps += info[PAD + i].shape0 == 'X';
    }
    for (size_t i = 0; i < n; i++)
        info[PAD + i].title = letters >= 3 && caps * 10 >= letters * 6;
    for (size_t i = 0; i < n; i++)
        if (info[PAD + i].dict_x < 0 || training)
            info[PAD + i].n_fixed = fixed_features(t, &info[PAD + i], i, info[PAD + i].fixed);
}

/* ---- features ------------------------------------------------------------------------------- */

static inline uint64_t mix(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 31);
}

/* the final avalanche of MurmurHash3, so that the low bits (the row) depend on every input */
static inline uint64_t finish(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

#define SEED(id) ((uint64_t)(id) * 0x2545F4914F6CDD1DULL + 1)
#define F1(id, a) finish(mix(SEED(id), (a)))
#define F2(id, a, b) finish(mix(mix(SEED(id), (a)), (b)))
#define F3(id, a, b, c) finish(mix(mix(mix(SEED(id), (a)), (b)), (c)))

/* A tag as a hash input: -1 is the start of the sentence, -2 its end. */
#define TAGV(t) ((uint64_t)((t) + 3))

/* The hashes of word i's features that do not depend on tags (w points at its description;
 * w[-2..2] are valid): computed once per sentence, for both passes. The first FIRST_FIXED are
 * those the first pass uses. */
static int fixed_features(const hd_tagger *t, const word_info *w, size_t i, uint64_t *h)
{
    int f = 0;
    h[f++] = F1(0, 0);
    h[f++] = F1(1, w[0].lower);
    h[f++] = F1(2, w[0].suf[2]);
    if (t->uses_lexicon) {
        /* the tags the lexicon allows: what tells the unknown words of web text apart */
        h[f++] = F1(24, w[0].lex);
        h[f++] = F1(25, w[0].lexbest);
    }
    h[f++] = F1(13, w[0].shape);
    h[f++] = F1(7, w[-1].lower);
    h[f++] = F1(10, w[1].lower);
    if (t->uses_lexicon) {
        h[f++] = F1(26, w[-1].lex);
        h[f++] = F1(27, w[1].lex);
        h[f++] = F2(29, w[0].lex, w[1].lex);
    }
    h[f++] = F1(14, w[0].suf[1]);
    h[f++] = F1(20, w[0].suf[3]);
    h[f++] = F1(23, w[0].form); /* the word as written: case tells names apart */
    h[f++] = F2(17, w[-1].lower, w[0].lower);
    h[f++] = F2(18, w[0].lower, w[1].lower);
    h[f++] = F2(16, i == 0, (uint64_t)(unsigned char)w[0].shape0);
    h[f++] = F1(8, w[-1].suf[2]);
    h[f++] = F1(11, w[1].suf[2]);
    h[f++] = F1(22, w[1].shape);
    h[f++] = F1(9, w[-2].lower);
    h[f++] = F1(12, w[2].lower);
    h[f++] = F1(15, w[0].suf[0]);
    h[f++] = F1(3, w[0].first);
    h[f++] = F1(21, w[0].pre3);
    /* in a heading, a capital tells little */
    h[f++] = F2(62, w[0].title, (uint64_t)(unsigned char)w[0].shape0);
    h[f++] = F3(63, w[0].title, w[0].lex, (uint64_t)(unsigned char)w[0].shape0);
    return f;
}

/* The hashes of word i's features that depend on tags: of the XPOS of the two words before it
 * (-1 for none) and, in the second pass, of `right`: the first pass's XPOS of the two words
 * after it. features() gives all of a word's features. */
static int tag_features(const hd_tagger *t, const word_info *w, int prev_tag, int prev2_tag, const int *right,
                        uint64_t *h)
{
    int f = 0;
    uint64_t prev = TAGV(prev_tag), prev2 = TAGV(prev2_tag);
    h[f++] = F1(4, prev);
    h[f++] = F2(5, prev2, prev);
    h[f++] = F2(6, prev, w[0].lower);
    h[f++] = F2(19, prev, w[1].lower);
    if (t->uses_lexicon)
        h[f++] = F2(28, prev, w[0].lex);
    if (right) {
        uint64_t n1 = TAGV(right[0]), n2 = TAGV(right[1]);
        h[f++] = F1(50, n1);
        h[f++] = F2(51, n1, n2);
        h[f++] = F2(52, prev, n1);
        h[f++] = F2(53, n1, w[0].lower);
        h[f++] = F2(54, n1, w[0].lex);
        h[f++] = F3(55, prev, n1, w[0].lex);
    }
    return f;
}

/* How many of a word's fixed features stage s uses. */
static int stage_fixed(const word_info *w, int s)
{
    int k = s == 0 ? FIRST_FIXED : N_FIXED;
    return w->n_fixed < k ? w->n_fixed : k;
}

/* All the features of a word in stage s: its fixed ones and its tag_features(). */
static int features(const hd_tagger *t, const word_info *w, int s, int prev_tag, int prev2_tag, const int *right,
                    uint64_t *h)
{
    int nfix = stage_fixed(w, s);
    memcpy(h, w->fixed, (size_t)nfix * sizeof *h);
    return nfix + tag_features(t, w, prev_tag, prev2_tag, right, h + nfix);
}

/* Features only the UPOS head sees, once the word's XPOS is chosen: XPOS maps to UPOS nearly
 * one to one, and where it does not (AUX or VERB, DET or PRON) the word decides. */
static int upos_features(const word_info *w, int xpos, int prev_tag, uint64_t *h)
{
    int f = 0;
    uint64_t x = TAGV(xpos);
    h[f++] = F1(40, x);
    h[f++] = F2(41, x, w[0].lower);
    h[f++] = F2(42, x, w[1].lower);
    h[f++] = F2(43, x, TAGV(prev_tag));
    return f;
}

/* ---- weights -------------------------------------------------------------------------------- */

/* Training: adds each feature's dense row of head h to score. */
static void score_dense(const head *h, size_t mask, const uint64_t *feat, int nf, float *score)
{
    for (int f = 0; f < nf; f++) {
        const float *w = h->w + (size_t)(feat[f] & mask) * (size_t)h->n;
        for (int t = 0; t < h->n; t++)
            score[t] += w[t];
    }
}

static inline uint32_t popcount(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (uint32_t)((x * 0x0101010101010101ULL) >> 56);
}

#define NO_ROW UINT32_MAX

/* Tagging: a feature's row among the used rows, NO_ROW when it has no weights. */
static inline uint32_t sparse_row(const sparse *sp, size_t mask, uint64_t feature)
{
    size_t r = (size_t)(feature & mask);
    uint64_t bits = sp->used[r >> 6], bit = 1ULL << (r & 63);
    return bits & bit ? sp->rank[r >> 6] + popcount(bits & (bit - 1)) : NO_ROW;
}

/* Adds a used row's weights to score (indexed as the weights' tags, in units of the table's
 * scale). */
static inline void add_row(const sparse *sp, uint32_t row, int s, int32_t *score)
{
    const uint32_t *at = &sp->first[(size_t)row * (size_t)sp->stages + (size_t)s];
    const block *b = &sp->blocks[at[0] & ~WHOLE], *end = &sp->blocks[at[1] & ~WHOLE];
    if (at[0] & WHOLE) {
        for (int32_t *sc = score; b < end; b++, sc += 8)
            for (int k = 0; k < 8; k++) /* the compiler makes this a few vector instructions */
                sc[k] += b->whole[k];
        return;
    }
    for (; b < end; b++) {
        score[b->pairs.tag[0]] += b->pairs.w[0];
        score[b->pairs.tag[1]] += b->pairs.w[1];
        score[b->pairs.tag[2]] += b->pairs.w[2];
        score[b->pairs.tag[3]] += b->pairs.w[3];
    }
}

/* Adds the rows of features found on the spot: all are asked for before any is read, so that
 * the cache misses overlap. */
static void score_sparse(const sparse *sp, size_t mask, const uint64_t *feat, int nf, int s, int32_t *score)
{
    uint32_t row[MAX_FEATURES];
    int found = 0;
    for (int f = 0; f < nf; f++)
        if ((row[found] = sparse_row(sp, mask, feat[f])) != NO_ROW)
            __builtin_prefetch(&sp->first[(size_t)row[found++] * (size_t)sp->stages + (size_t)s]);
    for (int f = 0; f < found; f++)
        __builtin_prefetch(&sp->blocks[sp->first[(size_t)row[f] * (size_t)sp->stages + (size_t)s] & ~WHOLE]);
    for (int f = 0; f < found; f++)
        add_row(sp, row[f], s, score);
}

static int argmax_float(const float *score, int from, int n)
{
    int best = from;
    for (int t = from + 1; t < from + n; t++)
        if (score[t] > score[best])
            best = t;
    return best - from;
}

static int argmax(const int32_t *score, int from, int n)
{
    /* the highest score over four independent chains, then where it first is: a single chain
     * of comparisons waits on itself at every tag */
    const int32_t *s = score + from;
    int32_t m[4] = {s[0], s[0], s[0], s[0]};
    int t = 0;
    for (; t + 4 <= n; t += 4)
        for (int k = 0; k < 4; k++)
            m[k] = s[t + k] > m[k] ? s[t + k] : m[k];
    for (; t < n; t++)
        m[0] = s[t] > m[0] ? s[t] : m[0];
    int32_t top = m[0] > m[1] ? m[0] : m[1], top2 = m[2] > m[3] ? m[2] : m[3];
    top = top > top2 ? top : top2;
    for (t = 0; s[t] != top; t++)
        ;
    return t;
}

static void nudge(head *h, size_t at, float by, uint32_t step)
{
    h->total[at] += (double)(step - h->seen[at]) * h->w[at];
    h->seen[at] = step;
    h->w[at] += by;
}

static void learn(head *h, size_t mask, const uint64_t *feat, int nf, int truth, int guess, uint32_t step)
{
    if (truth == guess)
        return;
    for (int f = 0; f < nf; f++) {
        size_t base = (size_t)(feat[f] & mask) * (size_t)h->n;
        nudge(h, base + (size_t)truth, 1.0f, step);
        nudge(h, base + (size_t)guess, -1.0f, step);
    }
}

/* The averaged weights as of `step`, into out (which may be h->w). */
static void average_into(const head *h, size_t rows, uint32_t step, float *out)
{
    for (size_t i = 0; i < rows * (size_t)h->n; i++)
        out[i] = (float)((h->total[i] + (double)(step - h->seen[i]) * h->w[i]) / step);
}

/* The quantised weights of a row for pack(): row r's weights in stage s, a slot per tag
 * (XPOS, then UPOS from the stage's width), into q[0..width). */
typedef void (*row_source)(const void *ctx, size_t r, int s, int16_t *q);

/* Packs rows 0..rows-1 of `stages` stages into the tagging table `out` (its used, rank, first
 * and blocks are malloc'ed: free_sparse() frees them), leaving out the weights whose magnitude
 * is below `least`. out->stages, width and scale are the caller's. */
static int pack(sparse *out, size_t rows, int16_t least, row_source get, const void *ctx)
{
    int stages = out->stages;
    size_t words = (rows + 63) / 64, used = 0, blocks = 0;
    uint64_t *bits = calloc(words, sizeof *bits);
    uint32_t *rank = malloc(words * sizeof *rank), *first = NULL;
    block *b = NULL;
    out->used = bits;
    out->rank = rank;
    if (!bits || !rank)
        return -1;
    int16_t q[STAGES][2 * MAX_TAGS];
    int kept[STAGES];
    for (int pass = 0; pass < 2; pass++) { /* count, then fill */
        if (pass == 1) {
            out->first = first = malloc((used * (size_t)stages + 1) * sizeof *first);
            out->blocks = b = calloc(blocks + 1, sizeof *b);
            if (!first || !b)
                return -1;
            out->n_used = used;
            out->n_blocks = blocks;
            used = blocks = 0;
        }
        for (size_t r = 0; r < rows; r++) {
            if ((r & 63) == 0)
                rank[r >> 6] = (uint32_t)used;
            size_t row_blocks = 0;
            for (int s = 0; s < stages; s++) {
                get(ctx, r, s, q[s]);
                kept[s] = 0;
                for (int k = 0; k < out->width[s]; k++) {
                    if (q[s][k] > -least && q[s][k] < least)
                        q[s][k] = 0;
                    kept[s] += q[s][k] != 0;
                }
                row_blocks += kept[s] > WHOLE_ABOVE ? (size_t)out->width[s] / 8 : (size_t)(kept[s] + 3) / 4;
            }
            if (row_blocks == 0)
                continue;
            if (pass == 1) {
                bits[r >> 6] |= 1ULL << (r & 63);
                size_t at = blocks;
                for (int s = 0; s < stages; s++) {
                    uint32_t *start = &first[used * (size_t)stages + (size_t)s];
                    if (kept[s] > WHOLE_ABOVE) {
                        *start = (uint32_t)at | WHOLE;
                        for (int k = 0; k < out->width[s]; k++)
                            b[at + (size_t)k / 8].whole[k % 8] = q[s][k];
                        at += (size_t)out->width[s] / 8;
                        continue;
                    }
                    *start = (uint32_t)at;
                    int m = 0;
                    for (int k = 0; k < out->width[s]; k++)
                        if (q[s][k] != 0) {
                            b[at + (size_t)m / 4].pairs.tag[m % 4] = (uint16_t)k;
                            b[at + (size_t)m / 4].pairs.w[m % 4] = q[s][k];
                            m++;
                        }
                    for (; m % 4; m++)
                        b[at + (size_t)m / 4].pairs.tag[m % 4] = PAD_TAG;
                    at += (size_t)(kept[s] + 3) / 4;
                }
            }
            used++;
            blocks += row_blocks;
        }
        if (blocks >= WHOLE) /* a block's number must leave the WHOLE bit free */
            return -1;
    }
    first[used * (size_t)stages] = (uint32_t)blocks;
    return 0;
}

/* Stage s's dense weights as the source of pack(): XPOS from xw[s], UPOS from uw[s] (NULL
 * when the stage does not predict UPOS), divided by the table's scale and rounded. */
typedef struct dense_source {
    float *const *xw, *const *uw;
    int nx, nu;
    float inverse;
} dense_source;

static int16_t quantize(float v) { return (int16_t)(v < 0 ? v - 0.5f : v + 0.5f); }

static void dense_row(const void *ctx, size_t r, int s, int16_t *q)
{
    const dense_source *d = ctx;
    for (int k = 0; k < d->nx; k++)
        q[k] = quantize(d->xw[s][r * (size_t)d->nx + (size_t)k] * d->inverse);
    for (int k = d->nx; k < 2 * MAX_TAGS; k++)
        q[k] = 0;
    for (int k = 0; d->uw[s] && k < d->nu; k++)
        q[d->nx + k] = quantize(d->uw[s][r * (size_t)d->nu + (size_t)k] * d->inverse);
}

/* Copies the weights of the first `stages` stages into t->sp, quantised: the largest becomes
 * 32767, and those that round to 0 are left out. xw[s] and uw[s] are stage s's dense XPOS
 * and UPOS weights (uw[s] NULL when the stage does not predict UPOS). */
static int compact(hd_tagger *t, int stages, float *const *xw, float *const *uw)
{
    sparse *sp = &t->sp;
    size_t rows = t->rows;
    float top = 0;
    for (int s = 0; s < stages; s++) {
        for (size_t i = 0; i < rows * (size_t)t->xs.n; i++)
            top = fabsf(xw[s][i]) > top ? fabsf(xw[s][i]) : top;
        for (size_t i = 0; uw[s] && i < rows * (size_t)t->us.n; i++)
            top = fabsf(uw[s][i]) > top ? fabsf(uw[s][i]) : top;
        sp->width[s] = (t->xs.n + (uw[s] ? t->us.n : 0) + 7) / 8 * 8;
    }
    sp->stages = stages;
    sp->scale = top > 0 ? top / 32767.0f : 1.0f;
    dense_source d = {xw, uw, t->xs.n, t->us.n, 1.0f / sp->scale};
    return pack(sp, rows, 1, dense_row, &d);
}

static void free_sparse(sparse *sp)
{
    free((void *)sp->used);
    free((void *)sp->rank);
    free((void *)sp->first);
    free((void *)sp->blocks);
    memset(sp, 0, sizeof *sp);
}

/* ---- tagging -------------------------------------------------------------------------------- */

static int tag_number(tagset *s, const char *name)
{
    for (int t = 0; t < s->n; t++)
        if (!strcmp(s->names[t], name))
            return t;
    if (s->n == MAX_TAGS)
        return 0;
    s->names[s->n] = strdup(name);
    return s->names[s->n] ? s->n++ : 0;
}

static int alloc_head(head *h, int tags, size_t rows)
{
    h->n = tags;
    size_t cells = rows * (size_t)h->n;
    h->w = calloc(cells, sizeof *h->w);
    h->total = calloc(cells, sizeof *h->total);
    h->seen = calloc(cells, sizeof *h->seen);
    return h->w && h->total && h->seen ? 0 : -1;
}

static void free_head(head *h)
{
    free(h->w);
    free(h->total);
    free(h->seen);
    memset(h, 0, sizeof *h);
}

static void free_stage(stage *s)
{
    free_head(&s->x);
    free_head(&s->u);
}

void hd_tagger_free(hd_tagger *t)
{
    if (!t)
        return;
    if (t->from_image) { /* everything else is the image's */
        free(t);
        return;
    }
    for (int s = 0; s < STAGES; s++)
        free_stage(&t->st[s]);
    free_sparse(&t->sp);
    for (int k = 0; k < t->xs.n; k++)
        free(t->xs.names[k]);
    for (int k = 0; k < t->us.n; k++)
        free(t->us.names[k]);
    free((void *)t->dict.keys);
    free((void *)t->dict.x);
    free((void *)t->dict.u);
    free(t);
}

const char *hd_tagger_xpos_name(const hd_tagger *t, int tag) { return tag >= 0 && tag < t->xs.n ? t->xs.names[tag] : "_"; }
const char *hd_tagger_upos_name(const hd_tagger *t, int tag) { return tag >= 0 && tag < t->us.n ? t->us.names[tag] : "_"; }

/* Training: tags one described sentence with stage s's dense weights and learns from the
 * gold tags. `right` (the second stage) holds the first pass's XPOS of every word and of the
 * two boundary words after the sentence. A stage that does not predict UPOS leaves upos
 * alone. */
static void run_sentence(hd_tagger *t, int s, const word_info *info, size_t n, const int *right, int *xpos, int *upos,
                         const int *gold_x, const int *gold_u, uint32_t *step)
{
    uint64_t feat[MAX_FEATURES];
    size_t mask = t->rows - 1;
    stage *st = &t->st[s];
    int nx = t->xs.n;
    for (size_t i = 0; i < n; i++) {
        const word_info *w = &info[PAD + i];
        int prev = i >= 1 ? xpos[i - 1] : -1, prev2 = i >= 2 ? xpos[i - 2] : -1;
        int nf = features(t, w, s, prev, prev2, right ? right + i + 1 : NULL, feat), nu = nf;
        float score[2 * MAX_TAGS] = {0};
        score_dense(&st->x, mask, feat, nf, score);
        xpos[i] = argmax_float(score, 0, nx);
        if (st->upos) {
            nu += upos_features(w, xpos[i], prev, feat + nf);
            score_dense(&st->u, mask, feat, nu, score + nx);
            upos[i] = argmax_float(score, nx, t->us.n);
        }
        ++*step;
        learn(&st->x, mask, feat, nf, gold_x[i], xpos[i], *step);
        if (st->upos)
            learn(&st->u, mask, feat, nu, gold_u[i], upos[i], *step);
        /* the guess, not the gold tag, stays for the words after: they learn from what tagging
         * will give them */
    }
}

/* The tag the word at i (-1 and before: the start) will most likely have when the words after
 * it are scored, NO_GUESS when there is none to make: in a later pass the first pass's
 * (`right`), which it keeps nearly always; in the first, the tag dictionary's, which is sure. */
#define NO_GUESS (-100)
static int guessed_tag(const word_info *info, const int *right, long i)
{
    if (i < 0)
        return -1;
    if (right)
        return right[i];
    return info[PAD + i].dict_x >= 0 ? info[PAD + i].dict_x : NO_GUESS;
}

/* One of tag_stage()'s sweeps of asking for weights ahead, for the features that depend on
 * tags: with the tags of the words before each word guessed, its tag features are known
 * before it is scored, and the rows they find can be on their way. Scoring computes them
 * again with the tags chosen: a wrong guess costs only the memory it asked for. Sweep 0 asks
 * for the rows' starts, sweep 1 (once those have come) for their weights. Inlined always: a
 * function that only prefetches has no effect in the compiler's eyes, and a call to it would
 * be dropped. */
static inline __attribute__((always_inline)) void ask_for_guessed(const hd_tagger *t, int s, const word_info *info, size_t n, const int *right, int sweep)
{
    const sparse *sp = &t->sp;
    size_t mask = t->rows - 1, stages = (size_t)sp->stages;
    for (size_t i = 0; i < n; i++) {
        const word_info *w = &info[PAD + i];
        int prev = guessed_tag(info, right, (long)i - 1), prev2 = guessed_tag(info, right, (long)i - 2);
        if (w->dict_x >= 0 || prev == NO_GUESS || prev2 == NO_GUESS)
            continue;
        uint64_t feat[MAX_FEATURES];
        int nf = tag_features(t, w, prev, prev2, right ? right + i + 1 : NULL, feat);
        if (right && t->st[s].upos)
            nf += upos_features(w, right[i], prev, feat + nf);
        for (int f = 0; f < nf; f++) {
            uint32_t row = sparse_row(sp, mask, feat[f]);
            if (row == NO_ROW)
                continue;
            const uint32_t *at = &sp->first[(size_t)row * stages + (size_t)s];
            if (sweep == 0)
                __builtin_prefetch(at);
            else
                __builtin_prefetch(&sp->blocks[*at & ~WHOLE]);
        }
    }
}

/* Tags a described sentence with stage s's sparse weights; `right` as for run_sentence(),
 * `rows` has room for n * N_FIXED rows, found by the first stage. The rows of the words' fixed
 * features are found and their weights asked for, for the whole sentence, before any word is
 * scored: most of the time tagging takes is waiting for memory, and this way the waits
 * overlap. */
static void tag_stage(const hd_tagger *t, int s, const word_info *info, size_t n, const int *right, int *xpos, int *upos,
                      uint32_t *rows)
{
    const sparse *sp = &t->sp;
    size_t mask = t->rows - 1, stages = (size_t)sp->stages;
    int nx = t->xs.n;
    for (size_t i = 0; s == 0 && i < n; i++) {
        const word_info *w = &info[PAD + i];
        for (int f = 0; w->dict_x < 0 && f < w->n_fixed; f++)
            if ((rows[i * N_FIXED + f] = sparse_row(sp, mask, w->fixed[f])) != NO_ROW)
                __builtin_prefetch(&sp->first[rows[i * N_FIXED + f] * stages]);
    }
    ask_for_guessed(t, s, info, n, right, 0);
    for (size_t k = 0; k < n; k++)
        for (int f = 0; info[PAD + k].dict_x < 0 && f < stage_fixed(&info[PAD + k], s); f++)
            if (rows[k * N_FIXED + f] != NO_ROW)
                __builtin_prefetch(&sp->blocks[sp->first[rows[k * N_FIXED + f] * stages + (size_t)s] & ~WHOLE]);
    ask_for_guessed(t, s, info, n, right, 1);
    for (size_t i = 0; i < n; i++) {
        const word_info *w = &info[PAD + i];
        if (w->dict_x >= 0) { /* a frequent word with one tag pair */
            xpos[i] = w->dict_x;
            upos[i] = w->dict_u;
            continue;
        }
        uint64_t feat[MAX_FEATURES];
        int prev = i >= 1 ? xpos[i - 1] : -1;
        int nf = tag_features(t, w, prev, i >= 2 ? xpos[i - 2] : -1, right ? right + i + 1 : NULL, feat);
        /* one lookup finds a row's XPOS and UPOS weights */
        int32_t score[PAD_TAG + 1] = {0};
        score_sparse(sp, mask, feat, nf, s, score);
        for (int f = 0; f < stage_fixed(w, s); f++)
            if (rows[i * N_FIXED + f] != NO_ROW)
                add_row(sp, rows[i * N_FIXED + f], s, score);
        xpos[i] = argmax(score, 0, nx);
        if (t->st[s].upos) {
            /* these rows' XPOS weights go to scores no longer read */
            score_sparse(sp, mask, feat, upos_features(w, xpos[i], prev, feat), s, score);
            upos[i] = argmax(score, nx, t->us.n);
        }
    }
}

/* Room for n items of `size` bytes: `local` when they fit in `local_bytes`. */
static void *room(size_t n, size_t size, void *local, size_t local_bytes)
{
    return n * size <= local_bytes ? local : malloc(n * size);
}

/* All the passes over a described sentence; `right` has room for n + 2 tags, `rows` for
 * n * N_FIXED. */
static void tag_described(const hd_tagger *t, const word_info *info, size_t n, int *right, uint32_t *rows, int *xpos,
                          int *upos)
{
    tag_stage(t, 0, info, n, NULL, xpos, upos, rows);
    for (int s = 1; s < t->stages; s++) {
        memcpy(right, xpos, n * sizeof *right);
        right[n] = right[n + 1] = -2; /* past the end */
        tag_stage(t, s, info, n, right, xpos, upos, rows);
    }
}

void hd_tagger_tag(const hd_tagger *t, const hd_lexicon *lex, const char *const *words, size_t n, int *xpos,
                   int *upos)
{
    word_info local[64];
    int local_right[64];
    uint32_t local_rows[64 * N_FIXED];
    word_info *info = room(n + 2 * PAD, sizeof *info, local, sizeof local);
    int *right = room(n + 2, sizeof *right, local_right, sizeof local_right);
    uint32_t *rows = room(n, N_FIXED * sizeof *rows, local_rows, sizeof local_rows);
    for (size_t i = 0; i < n; i++)
        xpos[i] = upos[i] = 0;
    if (info && right && rows) { /* out of memory: all tags 0 rather than a crash */
        describe_sentence(t, lex, words, n, info, 0);
        tag_described(t, info, n, right, rows, xpos, upos);
    }
    if (info != local)
        free(info);
    if (right != local_right)
        free(right);
    if (rows != local_rows)
        free(rows);
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

void hd_tagger_score(const hd_tagger *t, const hd_lexicon *lex, const hd_conllu_sentence *s, size_t n, long *words,
                     long *xpos_right, long *upos_right)
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
        hd_tagger_tag(t, lex, w, s[k].n, x, u);
        for (size_t i = 0; i < s[k].n; i++) {
            (*words)++;
            *xpos_right += !strcmp(t->xs.names[x[i]], s[k].words[i].xpos);
            *upos_right += !strcmp(t->us.names[u[i]], s[k].words[i].upos);
        }
    }
    free(w);
    free(x);
    free(u);
}

/* ---- the tag dictionary --------------------------------------------------------------------- */

typedef struct occurrence {
    uint64_t form;
    int x, u;
} occurrence;

static int by_form_then_tags(const void *a, const void *b)
{
    const occurrence *p = a, *q = b;
    if (p->form != q->form)
        return p->form < q->form ? -1 : 1;
    if (p->x != q->x)
        return p->x - q->x;
    return p->u - q->u;
}

#define DICT_MIN_COUNT 10   /* seen at least this often ... */
#define DICT_MIN_SHARE 0.99 /* ... with one tag pair at least this share of the time */

/* Builds the tag dictionary from the training words (their hashes and gold tags). */
static int build_dict(tagdict *d, occurrence *occ, size_t n)
{
    qsort(occ, n, sizeof *occ, by_form_then_tags);
    size_t entries = 0;
    uint64_t *keys = NULL;
    uint8_t *x = NULL, *u = NULL;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            size_t slots = 16;
            while (slots < entries * 2)
                slots *= 2;
            d->keys = keys = calloc(slots, sizeof *keys);
            d->x = x = calloc(slots, 1);
            d->u = u = calloc(slots, 1);
            if (!keys || !x || !u)
                return -1;
            d->mask = slots - 1;
        }
        for (size_t i = 0; i < n;) {
            size_t end = i, best = i, best_count = 0;
            while (end < n && occ[end].form == occ[i].form) {
                size_t run = end;
                while (end < n && occ[end].form == occ[run].form && occ[end].x == occ[run].x && occ[end].u == occ[run].u)
                    end++;
                if (end - run > best_count) {
                    best_count = end - run;
                    best = run;
                }
            }
            size_t count = end - i;
            if (count >= DICT_MIN_COUNT && (double)best_count >= DICT_MIN_SHARE * (double)count) {
                if (pass == 0)
                    entries++;
                else {
                    uint64_t key = occ[i].form | 1;
                    size_t s = (size_t)(key >> 17) & d->mask;
                    while (keys[s])
                        s = (s + 1) & d->mask;
                    keys[s] = key;
                    x[s] = (uint8_t)occ[best].x;
                    u[s] = (uint8_t)occ[best].u;
                }
            }
            i = end;
        }
    }
    return 0;
}

/* ---- training ------------------------------------------------------------------------------- */

static uint32_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return (uint32_t)(*state >> 16);
}

/* The training sentences, described once: the descriptions do not change between passes. */
typedef struct corpus {
    const hd_conllu_sentence *s;
    size_t n;
    int *gold_x, *gold_u; /* per word */
    size_t *first;        /* sentence k's first word in gold_x */
    word_info *info;      /* sentence k at info + at[k], n + 2 * PAD entries */
    size_t *at;
    int *right;           /* the first pass's tags, sentence k at right + at[k] */
} corpus;

/* Makes the tagging weights of stages 0..s, stage s's averaged as of `step`: in place when
 * `keep` is 0 (its training tables are then freed), on copies otherwise. The stages before s
 * are averaged already. Once the last stage is done, the dense weights are freed. */
static int finish_stage(hd_tagger *t, int s, uint32_t step, int keep)
{
    stage *st = &t->st[s];
    float *xw[STAGES] = {0}, *uw[STAGES] = {0};
    for (int k = 0; k < s; k++) {
        xw[k] = t->st[k].x.w;
        uw[k] = t->st[k].upos ? t->st[k].u.w : NULL;
    }
    xw[s] = st->x.w;
    uw[s] = st->upos ? st->u.w : NULL;
    if (keep) {
        xw[s] = malloc(t->rows * (size_t)st->x.n * sizeof *xw[s]);
        uw[s] = st->upos ? malloc(t->rows * (size_t)st->u.n * sizeof *uw[s]) : NULL;
    }
    int ok = xw[s] && (uw[s] || !st->upos);
    if (ok && step > 0) {
        average_into(&st->x, t->rows, step, xw[s]);
        if (uw[s])
            average_into(&st->u, t->rows, step, uw[s]);
    }
    free_sparse(&t->sp);
    ok = ok && compact(t, s + 1, xw, uw) == 0;
    if (keep) {
        free(xw[s]);
        free(uw[s]);
        return ok ? 0 : -1;
    }
    for (int h = 0; h < 2; h++) { /* averaged: what training kept besides is no longer needed */
        head *hd = h ? &st->u : &st->x;
        free(hd->total);
        free(hd->seen);
        hd->total = NULL;
        hd->seen = NULL;
    }
    if (s == t->stages - 1)
        for (int k = 0; k < t->stages; k++)
            free_stage(&t->st[k]);
    return ok ? 0 : -1;
}

/* Trains stage s on all the sentences, in an order shuffled from the seed on each pass. */
static int train_stage(hd_tagger *t, int s, const corpus *c, size_t *order, const hd_tagger_options *o,
                       const hd_conllu_sentence *dev, size_t n_dev, FILE *log)
{
    stage *st = &t->st[s];
    if (alloc_head(&st->x, t->xs.n, t->rows) != 0 || (st->upos && alloc_head(&st->u, t->us.n, t->rows) != 0))
        return -1;
    size_t longest = 1;
    for (size_t k = 0; k < c->n; k++)
        if (c->s[k].n > longest)
            longest = c->s[k].n;
    int *x = malloc(longest * sizeof *x), *u = malloc(longest * sizeof *u);
    int ok = x && u;
    uint32_t step = 0;
    uint64_t random = 0x9e3779b97f4a7c15ULL ^ o->seed ^ (uint64_t)s << 40;
    for (int pass = 0; ok && pass < o->iterations; pass++) {
        for (size_t k = c->n; k > 1; k--) { /* Fisher-Yates, from the seed */
            size_t j = next_random(&random) % k, tmp = order[k - 1];
            order[k - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t r = 0; r < c->n; r++) {
            size_t k = order[r];
            run_sentence(t, s, c->info + c->at[k], c->s[k].n, s ? c->right + c->at[k] : NULL, x, u,
                         c->gold_x + c->first[k], c->gold_u + c->first[k], &step);
        }
        if (log && dev && step > 0 && finish_stage(t, s, step, 1) == 0) {
            /* the dev accuracy the tagger would have if training stopped here */
            hd_tagger probe = *t;
            probe.stages = s + 1;
            long words, xr, ur;
            hd_tagger_score(&probe, o->lexicon, dev, n_dev, &words, &xr, &ur);
            fprintf(log, "pass %d.%d: dev XPOS %.2f%%", s + 1, pass + 1, 100.0 * xr / words);
            if (st->upos)
                fprintf(log, ", UPOS %.2f%%", 100.0 * ur / words);
            fprintf(log, " (%ld words)\n", words);
        }
    }
    ok = ok && finish_stage(t, s, step, 0) == 0;
    free(x);
    free(u);
    return ok ? 0 : -1;
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
    t->uses_lexicon = o.lexicon != NULL;
    t->stages = STAGES;
    t->st[t->stages - 1].upos = 1;
    /* the tag sets, and each gold word's tag numbers */
    corpus c = {.s = train, .n = n};
    size_t total_words = 0;
    for (size_t k = 0; k < n; k++)
        total_words += train[k].n;
    c.gold_x = malloc((total_words + 1) * sizeof *c.gold_x);
    c.gold_u = malloc((total_words + 1) * sizeof *c.gold_u);
    c.first = malloc((n + 1) * sizeof *c.first);
    c.at = malloc((n + 1) * sizeof *c.at);
    size_t *order = malloc((n + 1) * sizeof *order);
    occurrence *occ = malloc((total_words + 1) * sizeof *occ);
    int ok = c.gold_x && c.gold_u && c.first && c.at && order && occ;
    for (size_t k = 0, at = 0; ok && k < n; k++) {
        c.first[k] = at;
        order[k] = k;
        for (size_t i = 0; i < train[k].n; i++, at++) {
            c.gold_x[at] = tag_number(&t->xs, train[k].words[i].xpos);
            c.gold_u[at] = tag_number(&t->us, train[k].words[i].upos);
            const char *f = train[k].words[i].form;
            occ[at] = (occurrence){hash_exact(f, strlen(f)), c.gold_x[at], c.gold_u[at]};
        }
    }
    ok = ok && t->xs.n > 0 && t->us.n > 0;
    if (ok)
        ok = build_dict(&t->dict, occ, total_words) == 0;
    free(occ);
    size_t slots = total_words + 2 * PAD * n + 1;
    c.info = ok ? malloc(slots * sizeof *c.info) : NULL;
    c.right = ok ? malloc(slots * sizeof *c.right) : NULL;
    ok = ok && c.info && c.right;
    const char **w = NULL;
    size_t cap = 0;
    for (size_t k = 0, at = 0; ok && k < n; k++) {
        if (!words_of(&train[k], &w, &cap)) {
            ok = 0;
            break;
        }
        c.at[k] = at;
        describe_sentence(t, o.lexicon, w, train[k].n, c.info + at, 1);
        at += train[k].n + 2 * PAD;
    }
    free(w);
    for (int s = 0; ok && s < t->stages; s++) {
        if (s > 0) { /* the first pass's tags, as tagging will give them to the second */
            size_t longest = 1;
            for (size_t k = 0; k < n; k++)
                longest = train[k].n > longest ? train[k].n : longest;
            int *upos = malloc(longest * sizeof *upos);
            uint32_t *rows = malloc(longest * N_FIXED * sizeof *rows);
            ok = upos && rows;
            for (size_t k = 0; ok && k < n; k++) {
                int *right = c.right + c.at[k];
                tag_stage(t, 0, c.info + c.at[k], train[k].n, NULL, right, upos, rows);
                right[train[k].n] = right[train[k].n + 1] = -2;
            }
            free(upos);
            free(rows);
        }
        ok = ok && train_stage(t, s, &c, order, &o, dev, n_dev, log) == 0;
    }
    free(c.info);
    free(c.right);
    free(c.at);
    free(c.gold_x);
    free(c.gold_u);
    free(c.first);
    free(order);
    if (!ok) {
        hd_tagger_free(t);
        return NULL;
    }
    return t;
}

/* ---- the image -------------------------------------------------------------------------------
 * What tagging needs, laid out to be used where it lies (all little-endian, each part 8-byte
 * aligned, padded with zeros):
 *   header (struct tagger_header: "HDTAGGR2", the feature set, flags, tag counts, stages,
 *     hashed rows, used rows, blocks, dictionary slots, the weights' scale)
 *   tag names: XPOS then UPOS, each ending in NUL
 *   the tagging table (struct sparse): used (u64 per 64 rows), rank (u32 per 64 rows),
 *     first (u32 per used row and stage, and one past the last), blocks (16 bytes each)
 *   the tag dictionary: keys (u64 per slot), XPOS (u8 per slot), UPOS (u8 per slot)
 * The stages' widths follow from the tag counts. The feature set is a number this file
 * changes whenever features() would compute other hashes: weights learnt for other features
 * would tag without complaint, and badly. */

#define TAGGER_MAGIC "HDTAGGR2"
#define TAGGER_FEATURES 1u
#define USES_LEXICON 1u

typedef struct tagger_header {
    char magic[8];
    uint32_t features, flags;
    uint32_t n_xpos, n_upos;
    uint32_t stages, names_size;
    uint64_t rows, used_rows, n_blocks, dict_slots;
    float scale;
    uint32_t zero;
} tagger_header;

static size_t padded(size_t n) { return (n + 7) / 8 * 8; }

/* The offsets of the parts after the header, and the whole size; 0 when the counts overflow. */
typedef struct tagger_layout {
    size_t names, used, rank, first, blocks, keys, dict_x, dict_u, end;
} tagger_layout;

static int layout(const tagger_header *h, tagger_layout *l)
{
    uint64_t words = h->rows / 64, max = (uint64_t)1 << 40; /* far past any real image: no overflow below */
    if (h->rows > max || h->used_rows > max || h->n_blocks > max || h->dict_slots > max || h->names_size > max)
        return -1;
    l->names = sizeof *h;
    l->used = l->names + padded(h->names_size);
    l->rank = l->used + (size_t)words * 8;
    l->first = l->rank + padded((size_t)words * 4);
    l->blocks = l->first + padded(((size_t)h->used_rows * h->stages + 1) * 4);
    l->keys = l->blocks + (size_t)h->n_blocks * sizeof(block);
    l->dict_x = l->keys + (size_t)h->dict_slots * 8;
    l->dict_u = l->dict_x + (size_t)h->dict_slots;
    l->end = padded(l->dict_u + (size_t)h->dict_slots);
    return 0;
}

/* The tagging table as the source of pack(), for pruning it further. */
static void sparse_row_weights(const void *ctx, size_t r, int s, int16_t *q)
{
    const hd_tagger *t = ctx;
    const sparse *sp = &t->sp;
    memset(q, 0, 2 * MAX_TAGS * sizeof *q);
    uint32_t row = sparse_row(sp, t->rows - 1, r);
    if (row == NO_ROW)
        return;
    const uint32_t *at = &sp->first[(size_t)row * (size_t)sp->stages + (size_t)s];
    const block *b = &sp->blocks[at[0] & ~WHOLE], *end = &sp->blocks[at[1] & ~WHOLE];
    for (int k = 0; b < end; b++)
        for (int j = 0; j < (at[0] & WHOLE ? 8 : 4); j++, k++) {
            if (at[0] & WHOLE)
                q[k] = b->whole[j];
            else if (b->pairs.tag[j] != PAD_TAG)
                q[b->pairs.tag[j]] = b->pairs.w[j];
        }
}

static int write_part(const void *p, size_t n, FILE *out)
{
    static const char zeros[8];
    size_t pad = padded(n) - n;
    return (n == 0 || fwrite(p, 1, n, out) == n) && (pad == 0 || fwrite(zeros, 1, pad, out) == pad) ? 0 : -1;
}

int hd_tagger_write(const hd_tagger *t, double prune, FILE *out)
{
    if (!t->sp.used || t->stages != STAGES || t->sp.stages != STAGES)
        return -1;
    sparse pruned = t->sp;
    const sparse *sp = &t->sp;
    if (prune > 0) {
        double least = ceil(prune * 32767.0);
        pruned.used = NULL;
        pruned.rank = pruned.first = NULL;
        pruned.blocks = NULL;
        if (pack(&pruned, t->rows, (int16_t)(least > 32767 ? 32767 : least), sparse_row_weights, t) != 0) {
            free_sparse(&pruned);
            return -1;
        }
        sp = &pruned;
    }
    tagger_header h = {.features = TAGGER_FEATURES,
                       .flags = t->uses_lexicon ? USES_LEXICON : 0,
                       .n_xpos = (uint32_t)t->xs.n,
                       .n_upos = (uint32_t)t->us.n,
                       .stages = (uint32_t)sp->stages,
                       .rows = t->rows,
                       .used_rows = sp->n_used,
                       .n_blocks = sp->n_blocks,
                       .dict_slots = t->dict.mask ? t->dict.mask + 1 : 0,
                       .scale = sp->scale};
    memcpy(h.magic, TAGGER_MAGIC, 8);
    for (int i = 0; i < t->xs.n; i++)
        h.names_size += (uint32_t)strlen(t->xs.names[i]) + 1;
    for (int i = 0; i < t->us.n; i++)
        h.names_size += (uint32_t)strlen(t->us.names[i]) + 1;
    char *names = malloc(h.names_size + 1);
    size_t at = 0, words = t->rows / 64;
    for (int i = 0; names && i < t->xs.n + t->us.n; i++) {
        const char *name = i < t->xs.n ? t->xs.names[i] : t->us.names[i - t->xs.n];
        memcpy(names + at, name, strlen(name) + 1);
        at += strlen(name) + 1;
    }
    size_t slots = (size_t)h.dict_slots;
    int rc = names && fwrite(&h, sizeof h, 1, out) == 1 && write_part(names, h.names_size, out) == 0 &&
                     write_part(sp->used, words * 8, out) == 0 && write_part(sp->rank, words * 4, out) == 0 &&
                     write_part(sp->first, (sp->n_used * (size_t)sp->stages + 1) * 4, out) == 0 &&
                     write_part(sp->blocks, sp->n_blocks * sizeof(block), out) == 0 &&
                     fwrite(t->dict.keys, 8, slots, out) == slots && fwrite(t->dict.x, 1, slots, out) == slots &&
                     write_part(t->dict.u, slots, out) == 0
                 ? 0
                 : -1;
    free(names);
    if (sp == &pruned)
        free_sparse(&pruned);
    return rc == 0 && fflush(out) == 0 ? 0 : -1;
}

static int refuse(char *err, size_t errlen, const char *why)
{
    snprintf(err, errlen, "tagger: %s", why);
    return -1;
}

static int read_names(tagset *ts, int n, const char **at, const char *end)
{
    ts->n = n;
    for (int i = 0; i < n; i++) {
        const char *nul = *at < end ? memchr(*at, '\0', (size_t)(end - *at)) : NULL;
        if (!nul)
            return -1;
        ts->names[i] = (char *)*at; /* not written through: the image is read-only */
        *at = nul + 1;
    }
    return 0;
}

/* Checks what tagging trusts the table for: the rank of every 64 rows is the used rows before
 * them, every used row's runs of blocks lie in order inside the blocks, a row kept whole is
 * one stage's width long, and every (tag, weight) pair names a slot of the scores. A table that
 * passes is read without harm however its weights were scribbled on. */
static int check_table(const sparse *sp, size_t rows, char *err, size_t errlen)
{
    size_t used = 0;
    for (size_t w = 0; w < rows / 64; w++) {
        if (sp->rank[w] != used)
            return refuse(err, errlen, "the rows' ranks disagree with their bits");
        used += popcount(sp->used[w]);
    }
    if (used != sp->n_used)
        return refuse(err, errlen, "the rows' bits disagree with the used rows");
    size_t stages = (size_t)sp->stages;
    for (size_t r = 0; r < sp->n_used; r++)
        for (size_t s = 0; s < stages; s++) {
            uint32_t a = sp->first[r * stages + s], start = a & ~WHOLE, end = sp->first[r * stages + s + 1] & ~WHOLE;
            if (start > end || end > sp->n_blocks || ((a & WHOLE) && end - start != (uint32_t)sp->width[s] / 8))
                return refuse(err, errlen, "a row's weights run out of order or out of the table");
            for (uint32_t b = start; !(a & WHOLE) && b < end; b++)
                for (int k = 0; k < 4; k++)
                    if (sp->blocks[b].pairs.tag[k] > PAD_TAG)
                        return refuse(err, errlen, "a weight of a tag past the tag sets");
        }
    return 0;
}

hd_tagger *hd_tagger_open(const void *data, size_t size, char *err, size_t errlen)
{
    tagger_header h;
    if (size >= 8 && !memcmp(data, TAGGER_MAGIC, 7) && memcmp(data, TAGGER_MAGIC, 8) != 0) {
        snprintf(err, errlen, "tagger: the image is of another version (%.8s, this herald reads %s): retrain it with make train",
                 (const char *)data, TAGGER_MAGIC);
        return NULL;
    }
    if (hd_image_header(data, size, TAGGER_MAGIC, &h, sizeof h, "tagger", err, errlen) != 0)
        return NULL;
    if (h.features != TAGGER_FEATURES || h.stages != STAGES) {
        snprintf(err, errlen, "tagger: trained for feature set %u in %u passes, this herald tags with set %u in %d",
                 h.features, h.stages, TAGGER_FEATURES, STAGES);
        return NULL;
    }
    tagger_layout l;
    if (h.n_xpos < 1 || h.n_xpos > MAX_TAGS || h.n_upos < 1 || h.n_upos > MAX_TAGS || (h.flags & ~USES_LEXICON) ||
        h.rows < 64 || (h.rows & (h.rows - 1)) || h.rows > ((uint64_t)1 << 32) || !(h.scale > 0) || !isfinite(h.scale) ||
        (h.dict_slots && (h.dict_slots < 8 || (h.dict_slots & (h.dict_slots - 1)))) || h.zero ||
        h.used_rows > h.rows || layout(&h, &l) != 0) {
        refuse(err, errlen, "header out of range");
        return NULL;
    }
    if (l.end > size) {
        snprintf(err, errlen, "tagger: %zu bytes, its header promises %zu", size, l.end);
        return NULL;
    }
    hd_tagger *t = calloc(1, sizeof *t);
    if (!t) {
        refuse(err, errlen, "out of memory");
        return NULL;
    }
    const char *base = data, *names = base + l.names;
    t->from_image = 1;
    t->rows = (size_t)h.rows;
    t->stages = STAGES;
    t->st[STAGES - 1].upos = 1;
    t->uses_lexicon = (h.flags & USES_LEXICON) != 0;
    sparse *sp = &t->sp;
    sp->used = (const uint64_t *)(const void *)(base + l.used);
    sp->rank = (const uint32_t *)(const void *)(base + l.rank);
    sp->first = (const uint32_t *)(const void *)(base + l.first);
    sp->blocks = (const block *)(const void *)(base + l.blocks);
    sp->n_used = (size_t)h.used_rows;
    sp->n_blocks = (size_t)h.n_blocks;
    sp->stages = STAGES;
    sp->scale = h.scale;
    for (int s = 0; s < STAGES; s++)
        sp->width[s] = ((int)h.n_xpos + (t->st[s].upos ? (int)h.n_upos : 0) + 7) / 8 * 8;
    if (h.dict_slots) {
        t->dict.keys = (const uint64_t *)(const void *)(base + l.keys);
        t->dict.x = (const uint8_t *)(base + l.dict_x);
        t->dict.u = (const uint8_t *)(base + l.dict_u);
        t->dict.mask = (size_t)h.dict_slots - 1;
    }
    int empty = 0;
    for (size_t i = 0; i < (size_t)h.dict_slots; i++) {
        empty |= t->dict.keys[i] == 0;
        if (t->dict.keys[i] && (t->dict.x[i] >= h.n_xpos || t->dict.u[i] >= h.n_upos)) {
            refuse(err, errlen, "a word of the tag dictionary has a tag past the tag sets");
            goto fail;
        }
    }
    if (h.dict_slots && !empty) { /* a lookup of a missing word would never end */
        refuse(err, errlen, "the tag dictionary has no free slot");
        goto fail;
    }
    if (read_names(&t->xs, (int)h.n_xpos, &names, base + l.names + h.names_size) != 0 ||
        read_names(&t->us, (int)h.n_upos, &names, base + l.names + h.names_size) != 0) {
        refuse(err, errlen, "tag names run past their block");
        goto fail;
    }
    if (check_table(sp, t->rows, err, errlen) != 0)
        goto fail;
    return t;
fail:
    free(t);
    return NULL;
}
