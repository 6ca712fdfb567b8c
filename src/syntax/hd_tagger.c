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
 * a compact table (struct sparse) of a few megabytes where the dense ones take hundreds.
 *
 * Tagging makes two passes over a sentence. The first, left to right with a few features,
 * sees the tags it chose for the words before; the second, again left to right with all the
 * features, also sees the first pass's tags of the two words after. Only the second pass
 * predicts UPOS, which also sees the word's XPOS. */
#define _POSIX_C_SOURCE 200809L
#include "hd_tagger.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hd_model.h"

#define MAX_TAGS 64
#define MAX_FEATURES 64
#define PAD 2 /* boundary words described before and after a sentence */
#define STAGES 2      /* passes over a sentence */
#define N_FIXED 27    /* features of a word that do not depend on tags, at most */
#define FIRST_FIXED 8 /* of these, those the first pass uses (the first ones) */

/* the names of a tag set; a tag's number is its index */
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
    uint64_t *used;  /* rows / 64 words */
    uint32_t *rank;  /* per word of `used`: the used rows before it */
    uint32_t *first; /* per used row and stage, and one past the last: its first block, | WHOLE */
    block *blocks;
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
    uint64_t *keys;
    uint8_t *x, *u;
    size_t mask; /* slots - 1; 0 when there is no dictionary */
} tagdict;

struct hd_tagger {
    size_t rows; /* a power of two */
    tagset xs, us;
    stage st[STAGES];
    int stages;
    sparse sp; /* the weights for tagging */
    const hd_tagger_lexicon *lexicon;
    tagdict dict;
};

void hd_tagger_default_options(hd_tagger_options *o)
{
    o->iterations = 8;
    o->seed = 1;
    o->hash_bits = 19;
    o->lexicon = NULL;
}

int hd_tagger_model_lookup(const void *model, const char *word, size_t len, hd_tagger_entry *out)
{
    const hd_model *m = model;
    uint32_t id = hd_model_word(m, word, len, hd_hash_bytes(word, len));
    if (id == HD_NONE || m->words[id].tags == 0) /* a dictionary word the lexicon lacks */
        return 0;
    out->tags = m->words[id].tags;
    out->best = m->words[id].best;
    out->name = (m->words[id].flags & WF_NAME) != 0;
    return 1;
}

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

static uint64_t lexicon_class(const hd_tagger *t, const char *w, size_t n, uint64_t *best)
{
    hd_tagger_entry e;
    *best = 0;
    if (!t->lexicon || n == 0 || !t->lexicon->lookup(t->lexicon->data, w, n, &e) || !e.tags)
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

static void describe(const hd_tagger *t, const char *w, word_info *d)
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
    d->lex = lexicon_class(t, w, n, &d->lexbest);
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
static void describe_sentence(const hd_tagger *t, const char *const *words, size_t n, word_info *info, int training)
{
    describe(t, "<s>", &info[0]);
    info[0].lex = LEX_BOUNDARY;
    info[0].dict_x = -1;
    info[1] = info[0];
    describe(t, "</s>", &info[PAD + n]);
    info[PAD + n].lex = LEX_BOUNDARY | 1;
    info[PAD + n].dict_x = -1;
    info[PAD + n + 1] = info[PAD + n];
    size_t letters = 0, caps = 0;
    for (size_t i = 0; i < n; i++) {
        describe(t, words[i], &info[PAD + i]);
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
    if (t->lexicon) {
        /* the tags the lexicon allows: what tells the unknown words of web text apart */
        h[f++] = F1(24, w[0].lex);
        h[f++] = F1(25, w[0].lexbest);
    }
    h[f++] = F1(13, w[0].shape);
    h[f++] = F1(7, w[-1].lower);
    h[f++] = F1(10, w[1].lower);
    if (t->lexicon) {
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
    if (t->lexicon)
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
    size_t words = (rows + 63) / 64, used = 0, blocks = 0;
    sp->used = calloc(words, sizeof *sp->used);
    sp->rank = malloc(words * sizeof *sp->rank);
    if (!sp->used || !sp->rank)
        return -1;
    float inverse = 1.0f / sp->scale;
    int16_t q[2 * MAX_TAGS + 8];
    for (int pass = 0; pass < 2; pass++) { /* count, then fill */
        if (pass == 1) {
            /* room for a row's starts written before it is known to be used, past the last */
            sp->first = malloc(((used + 1) * (size_t)stages + 1) * sizeof *sp->first);
            sp->blocks = calloc(blocks + 1, sizeof *sp->blocks);
            if (!sp->first || !sp->blocks)
                return -1;
            used = blocks = 0;
        }
        for (size_t r = 0; r < rows; r++) {
            if ((r & 63) == 0 && pass == 1)
                sp->rank[r >> 6] = (uint32_t)used;
            size_t row_blocks = 0;
            for (int s = 0; s < stages; s++) {
                /* the row's weights for this stage, quantised, a slot per tag */
                int n = 0;
                memset(q, 0, sizeof q);
                for (int k = 0; k < t->xs.n; k++) {
                    float v = xw[s][r * (size_t)t->xs.n + (size_t)k] * inverse;
                    q[k] = (int16_t)(v < 0 ? v - 0.5f : v + 0.5f);
                }
                for (int k = 0; uw[s] && k < t->us.n; k++) {
                    float v = uw[s][r * (size_t)t->us.n + (size_t)k] * inverse;
                    q[t->xs.n + k] = (int16_t)(v < 0 ? v - 0.5f : v + 0.5f);
                }
                for (int k = 0; k < sp->width[s]; k++)
                    n += q[k] != 0;
                size_t at = blocks + row_blocks;
                if (n > WHOLE_ABOVE) {
                    if (pass == 1) {
                        sp->first[used * (size_t)stages + (size_t)s] = (uint32_t)at | WHOLE;
                        for (int k = 0; k < sp->width[s]; k++)
                            sp->blocks[at + (size_t)k / 8].whole[k % 8] = q[k];
                    }
                    row_blocks += (size_t)sp->width[s] / 8;
                    continue;
                }
                if (pass == 1) {
                    sp->first[used * (size_t)stages + (size_t)s] = (uint32_t)at;
                    int m = 0;
                    for (int k = 0; k < sp->width[s]; k++)
                        if (q[k] != 0) {
                            sp->blocks[at + (size_t)m / 4].pairs.tag[m % 4] = (uint16_t)k;
                            sp->blocks[at + (size_t)m / 4].pairs.w[m % 4] = q[k];
                            m++;
                        }
                    for (; m % 4; m++)
                        sp->blocks[at + (size_t)m / 4].pairs.tag[m % 4] = PAD_TAG;
                }
                row_blocks += (size_t)(n + 3) / 4;
            }
            if (row_blocks == 0)
                continue;
            if (pass == 1)
                sp->used[r >> 6] |= 1ULL << (r & 63);
            used++;
            blocks += row_blocks;
        }
    }
    sp->first[used * (size_t)stages] = (uint32_t)blocks;
    return 0;
}

static void free_sparse(sparse *sp)
{
    free(sp->used);
    free(sp->rank);
    free(sp->first);
    free(sp->blocks);
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
    for (int s = 0; s < STAGES; s++)
        free_stage(&t->st[s]);
    free_sparse(&t->sp);
    for (int k = 0; k < t->xs.n; k++)
        free(t->xs.names[k]);
    for (int k = 0; k < t->us.n; k++)
        free(t->us.names[k]);
    free(t->dict.keys);
    free(t->dict.x);
    free(t->dict.u);
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
    for (size_t k = 0; k < n; k++)
        for (int f = 0; info[PAD + k].dict_x < 0 && f < stage_fixed(&info[PAD + k], s); f++)
            if (rows[k * N_FIXED + f] != NO_ROW)
                __builtin_prefetch(&sp->blocks[sp->first[rows[k * N_FIXED + f] * stages + (size_t)s] & ~WHOLE]);
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

void hd_tagger_tag(const hd_tagger *t, const char *const *words, size_t n, int *xpos, int *upos)
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
        describe_sentence(t, words, n, info, 0);
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
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            size_t slots = 16;
            while (slots < entries * 2)
                slots *= 2;
            d->keys = calloc(slots, sizeof *d->keys);
            d->x = calloc(slots, 1);
            d->u = calloc(slots, 1);
            if (!d->keys || !d->x || !d->u)
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
                    while (d->keys[s])
                        s = (s + 1) & d->mask;
                    d->keys[s] = key;
                    d->x[s] = (uint8_t)occ[best].x;
                    d->u[s] = (uint8_t)occ[best].u;
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
            hd_tagger_score(&probe, dev, n_dev, &words, &xr, &ur);
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
    t->lexicon = o.lexicon;
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
        describe_sentence(t, w, train[k].n, c.info + at, 1);
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
