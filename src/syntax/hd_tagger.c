/* hd_tagger.c: the averaged-perceptron tagger (see hd_tagger.h). Each word of a sentence is
 * described once (hashes of its forms, suffixes, shape and lexicon class); its features are
 * then 64-bit hashes combining a template number with those values and the tags chosen
 * before it. A feature's weights are found from its hash alone (the row is hash & mask), so
 * that extracting features and looking weights up stay apart. The weights learnt are
 * averaged over every step of training, which is what makes a perceptron generalise. */
#define _POSIX_C_SOURCE 200809L
#include "hd_tagger.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hd_model.h"

#define MAX_TAGS 64
#define MAX_FEATURES 64
#define PAD 2 /* boundary words described before and after a sentence */

enum { V_LEX = 1, V_UPOS_X = 2, V_DICT = 4, V_LEX2 = 8, V_X16 = 16, V_X32 = 32, V_X64 = 64, V_TWO = 128, V_JACK = 256, V_CAP = 512, V_R2 = 1024, V_HYS = 2048, V_USMALL = 4096, V_SEL = 8192, V_DICTTRAIN = 16384 };

/* the names of a tag set; a tag's number is its index */
typedef struct tagset {
    char *names[MAX_TAGS];
    int n;
} tagset;

/* weights of one head (XPOS or UPOS), and while training what averaging needs */
typedef struct head {
    int n;          /* tags */
    float *w;       /* rows x n */
    double *total;  /* training: the sum of each weight over the steps so far */
    uint32_t *seen; /* training: the step each weight last changed */
} head;

/* Frequent words that take one tag pair almost always: tagged without scoring. Open
 * addressing on the hash of the word as written; key 0 is an empty slot. */
typedef struct tagdict {
    uint64_t *keys;
    uint8_t *x, *u;
    size_t mask; /* slots - 1; 0 when there is no dictionary */
} tagdict;

/* the weights of one pass over a sentence */
typedef struct stage {
    head x, u;
} stage;

struct hd_tagger {
    size_t rows; /* a power of two */
    tagset xs, us;
    stage st[2]; /* the second pass sees the first pass's tags of the words after */
    int stages;
    const hd_tagger_lexicon *lexicon;
    tagdict dict;
    unsigned variant;
};

void hd_tagger_default_options(hd_tagger_options *o)
{
    o->iterations = 8;
    o->seed = 1;
    o->hash_bits = 19;
    o->lexicon = NULL;
    o->variant = 0;
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
    uint64_t hyph;   /* lexicon class of the part after the last hyphen */
    char shape0;
    int dict_x, dict_u; /* tags from the tag dictionary, -1 when not in it */
} word_info;

static uint64_t lexicon_class(const hd_tagger *t, const char *w, size_t n, uint64_t *best)
{
    hd_tagger_entry e;
    *best = 0;
    if (!t->lexicon || n == 0 || !t->lexicon->lookup(t->lexicon->data, w, n, &e) || !e.tags)
        return 0;
    *best = (uint64_t)(e.best + 1);
    return (uint64_t)e.tags | (uint64_t)(e.name != 0) << 32 | 1ULL << 33;
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
    d->hyph = 0;
    if (t->variant & V_LEX2) {
        const char *h = strrchr(w, '-');
        if (h && h > w && h[1]) {
            uint64_t b;
            d->hyph = lexicon_class(t, h + 1, strlen(h + 1), &b) | 1ULL << 34;
        }
    }
    d->dict_x = d->dict_u = -1;
    dict_find(&t->dict, d->form, &d->dict_x, &d->dict_u);
}

/* Describes a sentence's words into info[PAD .. PAD+n), with boundary words around them. */
static void describe_sentence(const hd_tagger *t, const char *const *words, size_t n, word_info *info)
{
    describe(t, "<s>", &info[0]);
    info[1] = info[0];
    describe(t, "</s>", &info[PAD + n]);
    info[PAD + n + 1] = info[PAD + n];
    for (int b = 0; b < PAD; b++) {
        info[b].lex = info[PAD + n + b].lex = 1ULL << 35;
        info[b].dict_x = info[PAD + n + b].dict_x = -1;
    }
    for (size_t i = 0; i < n; i++)
        describe(t, words[i], &info[PAD + i]);
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

#define F1(id, a) finish(mix((uint64_t)(id) * 0x2545F4914F6CDD1DULL + 1, (a)))
#define F2(id, a, b) finish(mix(mix((uint64_t)(id) * 0x2545F4914F6CDD1DULL + 1, (a)), (b)))
#define F3(id, a, b, c) finish(mix(mix(mix((uint64_t)(id) * 0x2545F4914F6CDD1DULL + 1, (a)), (b)), (c)))

/* The hashes of word i's features (w points at its description; w[-2..2] are valid), given
 * the XPOS tags of the two words before it (-1 for none). */
static int features(const hd_tagger *t, const word_info *w, size_t i, int prev_tag, int prev2_tag, const int *right,
                    uint64_t *h)
{
    int f = 0;
    uint64_t prev = (uint64_t)(prev_tag + 2), prev2 = (uint64_t)(prev2_tag + 2);
    h[f++] = F1(0, 0);
    h[f++] = F1(1, w[0].lower);
    h[f++] = F1(2, w[0].suf[2]);
    h[f++] = F1(3, w[0].first);
    h[f++] = F1(4, prev);
    h[f++] = F2(5, prev2, prev);
    h[f++] = F2(6, prev, w[0].lower);
    h[f++] = F1(7, w[-1].lower);
    h[f++] = F1(8, w[-1].suf[2]);
    h[f++] = F1(9, w[-2].lower);
    h[f++] = F1(10, w[1].lower);
    h[f++] = F1(11, w[1].suf[2]);
    h[f++] = F1(12, w[2].lower);
    h[f++] = F1(13, w[0].shape);
    h[f++] = F1(14, w[0].suf[1]);
    h[f++] = F1(15, w[0].suf[0]);
    h[f++] = F2(16, i == 0, (uint64_t)(unsigned char)w[0].shape0);
    h[f++] = F2(17, w[-1].lower, w[0].lower);
    h[f++] = F2(18, w[0].lower, w[1].lower);
    h[f++] = F2(19, prev, w[1].lower);
    h[f++] = F1(20, w[0].suf[3]);
    h[f++] = F1(21, w[0].pre3);
    h[f++] = F1(22, w[1].shape);
    h[f++] = F1(23, w[0].form); /* the word as written: case tells names apart */
    if (t->variant & V_LEX) {
        h[f++] = F1(24, w[0].lex);
        h[f++] = F1(25, w[0].lexbest);
        h[f++] = F1(26, w[-1].lex);
        h[f++] = F1(27, w[1].lex);
        h[f++] = F2(28, prev, w[0].lex);
        h[f++] = F2(29, w[0].lex, w[1].lex);
        if (t->variant & V_X16)
            h[f++] = F2(30, w[0].lex, w[0].suf[2]);
        if (t->variant & V_X32)
            h[f++] = F1(31, w[2].lex);
        if (t->variant & V_X64)
            h[f++] = F2(32, w[-1].lex, w[0].lex);
    }
    if (t->variant & V_LEX2)
        h[f++] = F1(33, w[0].hyph);
    if (right) { /* the first pass's tags of the next two words */
        uint64_t n1 = (uint64_t)(right[0] + 2), n2 = (uint64_t)(right[1] + 2);
        h[f++] = F1(50, n1);
        h[f++] = F2(51, n1, n2);
        h[f++] = F2(52, prev, n1);
        h[f++] = F2(53, n1, w[0].lower);
        h[f++] = F2(54, n1, w[0].lex);
        h[f++] = F3(55, prev, n1, w[0].lex);
        if (t->variant & V_R2) {
            h[f++] = F2(58, n1, w[1].lower);
            h[f++] = F3(59, n1, n2, w[0].lex);
            h[f++] = F3(60, n1, w[0].suf[2], w[0].shape0);
        }
    }
    if (t->variant & V_CAP) {
        uint64_t cap = (uint64_t)(unsigned char)w[0].shape0 << 1 | (i == 0);
        h[f++] = F2(56, w[0].lex, cap);
        h[f++] = F3(57, w[0].lower, cap, w[-1].shape0);
    }
    if (t->variant & V_HYS) {
        h[f++] = F2(61, w[0].hyph, w[0].suf[2]);
    }
    return f;
}

/* Features the UPOS head adds once the word's XPOS is chosen. */
static int upos_small(const word_info *w, int xpos, int prev_tag, const int *right, uint64_t *h)
{
    int f = 0;
    uint64_t x = (uint64_t)(xpos + 2);
    h[f++] = F1(40, x);
    h[f++] = F2(41, x, w[0].lower);
    h[f++] = F2(42, x, w[1].lower);
    h[f++] = F2(43, x, (uint64_t)(prev_tag + 2));
    h[f++] = F2(44, x, w[-1].lower);
    h[f++] = F2(45, x, w[0].lex);
    h[f++] = F2(46, x, w[0].suf[2]);
    if (right)
        h[f++] = F2(47, x, (uint64_t)(right[0] + 2));
    return f;
}

static int upos_features(const word_info *w, int xpos, int prev_tag, uint64_t *h)
{
    int f = 0;
    uint64_t x = (uint64_t)(xpos + 2);
    h[f++] = F1(40, x);
    h[f++] = F2(41, x, w[0].lower);
    h[f++] = F2(42, x, w[1].lower);
    h[f++] = F2(43, x, (uint64_t)(prev_tag + 2));
    return f;
}

/* ---- scoring and learning ------------------------------------------------------------------- */

static int best_tag(const head *h, size_t mask, const uint64_t *feat, int nf, float *margin)
{
    float score[MAX_TAGS] = {0};
    for (int f = 0; f < nf; f++) {
        const float *w = h->w + (size_t)(feat[f] & mask) * (size_t)h->n;
        for (int t = 0; t < h->n; t++)
            score[t] += w[t];
    }
    int best = 0;
    for (int t = 1; t < h->n; t++)
        if (score[t] > score[best])
            best = t;
    if (margin) {
        float second = -1e30f;
        for (int t = 0; t < h->n; t++)
            if (t != best && score[t] > second)
                second = score[t];
        *margin = score[best] - second;
    }
    return best;
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

static int alloc_head(head *h, int tags, size_t rows, int training)
{
    h->n = tags;
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
    for (int s = 0; s < 2; s++)
        free_stage(&t->st[s]);
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

/* Tags one described sentence with the weights of stage `s`, learning from its gold tags when
 * `step` is not NULL. `right` (stage 1 on) holds the first pass's XPOS of every word and of
 * the two boundary words after the sentence. */
static void run_sentence(hd_tagger *t, int s, const word_info *info, size_t n, const int *right, int *xpos, int *upos,
                         const int *gold_x, const int *gold_u, uint32_t *step, float *margin)
{
    uint64_t feat[MAX_FEATURES], ufeat[MAX_FEATURES];
    size_t mask = t->rows - 1;
    stage *st = &t->st[s];
    float sel_threshold = getenv("HD_SEL") ? (float)atof(getenv("HD_SEL")) : 1e30f;
    for (size_t i = 0; i < n; i++) {
        const word_info *w = &info[PAD + i];
        if (w->dict_x >= 0 && !(step && (t->variant & V_DICTTRAIN))) { /* the guess is the gold tag or near enough: nothing to learn */
            xpos[i] = w->dict_x;
            upos[i] = w->dict_u;
            continue;
        }
        int prev = i >= 1 ? xpos[i - 1] : -1, prev2 = i >= 2 ? xpos[i - 2] : -1;
        int nf = features(t, w, i, prev, prev2, right ? right + i + 1 : NULL, feat);
        if (margin && s > 0 && margin[i] >= sel_threshold)
            continue; /* the first pass was sure */
        xpos[i] = best_tag(&st->x, mask, feat, nf, margin && s == 0 ? &margin[i] : NULL);
        int nu = nf;
        uint64_t *uf = feat;
        if (t->variant & V_USMALL) {
            uf = ufeat;
            nu = upos_small(w, xpos[i], prev, right ? right + i + 1 : NULL, ufeat);
        } else if (t->variant & V_UPOS_X)
            nu += upos_features(w, xpos[i], prev, feat + nf);
        upos[i] = best_tag(&st->u, mask, uf, nu, NULL);
        if (step) {
            ++*step;
            learn(&st->x, mask, feat, nf, gold_x[i], xpos[i], *step);
            learn(&st->u, mask, uf, nu, gold_u[i], upos[i], *step);
            /* the guess, not the gold tag, stays for the words after: they learn from what
             * tagging will give them */
        }
    }
}

/* Room for n items of `size` bytes: `local` when they fit in `local_bytes`. */
static void *room(size_t n, size_t size, void *local, size_t local_bytes)
{
    return n * size <= local_bytes ? local : malloc(n * size);
}

/* All the passes over a described sentence; `right` has room for n + 2 tags. */
static void tag_described(const hd_tagger *t, const word_info *info, size_t n, int *right, int *xpos, int *upos)
{
    float margin[512];
    float *m = (t->variant & V_SEL) && n <= 512 ? margin : NULL;
    run_sentence((hd_tagger *)t, 0, info, n, NULL, xpos, upos, NULL, NULL, NULL, m);
    for (int s = 1; s < t->stages; s++) {
        memcpy(right, xpos, n * sizeof *right);
        right[n] = right[n + 1] = -2; /* past the end */
        run_sentence((hd_tagger *)t, s, info, n, right, xpos, upos, NULL, NULL, NULL, m);
    }
}

void hd_tagger_tag(const hd_tagger *t, const char *const *words, size_t n, int *xpos, int *upos)
{
    word_info local[96];
    int local_right[96];
    word_info *info = room(n + 2 * PAD, sizeof *info, local, sizeof local);
    int *right = room(n + 2, sizeof *right, local_right, sizeof local_right);
    if (info && right) {
        describe_sentence(t, words, n, info);
        tag_described(t, info, n, right, xpos, upos);
    } else { /* out of memory: no tags rather than a crash */
        for (size_t i = 0; i < n; i++)
            xpos[i] = upos[i] = 0;
    }
    if (info != local)
        free(info);
    if (right != local_right)
        free(right);
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

static uint32_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return (uint32_t)(*state >> 16);
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

#define DICT_MIN_COUNT 20   /* seen at least this often ... */
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
            if (count >= (getenv("HD_DC") ? (size_t)atol(getenv("HD_DC")) : DICT_MIN_COUNT) && (double)best_count >= (getenv("HD_DS") ? atof(getenv("HD_DS")) : DICT_MIN_SHARE) * (double)count) {
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

static void average_into(const head *h, size_t rows, uint32_t step, float *out)
{
    for (size_t i = 0; i < rows * (size_t)h->n; i++)
        out[i] = (float)((h->total[i] + (double)(step - h->seen[i]) * h->w[i]) / step);
}

/* Writes the dev accuracy the tagger would have with stage s's weights averaged now. */
static void log_dev(const hd_tagger *t, int s, uint32_t step, int pass, const hd_conllu_sentence *dev, size_t n_dev,
                    FILE *log)
{
    hd_tagger probe = *t;
    probe.stages = s + 1;
    probe.st[s].x.w = malloc(t->rows * (size_t)t->st[s].x.n * sizeof(float));
    probe.st[s].u.w = malloc(t->rows * (size_t)t->st[s].u.n * sizeof(float));
    if (probe.st[s].x.w && probe.st[s].u.w) {
        average_into(&t->st[s].x, t->rows, step, probe.st[s].x.w);
        average_into(&t->st[s].u, t->rows, step, probe.st[s].u.w);
        long words, xr, ur;
        hd_tagger_score(&probe, dev, n_dev, &words, &xr, &ur);
        fprintf(log, "stage %d pass %d: dev XPOS %.2f%%, UPOS %.2f%% (%ld words)\n", s + 1, pass + 1,
                100.0 * xr / words, 100.0 * ur / words, words);
    }
    free(probe.st[s].x.w);
    free(probe.st[s].u.w);
}

/* Trains stage s on the sentences listed in `order` (shuffled in place each pass). */
static int train_stage(hd_tagger *t, int s, const corpus *c, size_t *order, size_t n, const hd_tagger_options *o,
                       const hd_conllu_sentence *dev, size_t n_dev, FILE *log)
{
    stage *st = &t->st[s];
    if (alloc_head(&st->x, t->xs.n, t->rows, 1) != 0 || alloc_head(&st->u, t->us.n, t->rows, 1) != 0)
        return -1;
    size_t longest = 1;
    for (size_t k = 0; k < c->n; k++)
        if (c->s[k].n > longest)
            longest = c->s[k].n;
    int *x = malloc(longest * sizeof *x), *u = malloc(longest * sizeof *u);
    if (!x || !u) {
        free(x);
        free(u);
        return -1;
    }
    uint32_t step = 0;
    uint64_t random = 0x9e3779b97f4a7c15ULL ^ o->seed ^ (uint64_t)s << 40;
    for (int pass = 0; pass < o->iterations; pass++) {
        for (size_t k = n; k > 1; k--) { /* Fisher-Yates, from the seed */
            size_t j = next_random(&random) % k, tmp = order[k - 1];
            order[k - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t r = 0; r < n; r++) {
            size_t k = order[r];
            run_sentence(t, s, c->info + c->at[k], c->s[k].n, s ? c->right + c->at[k] : NULL, x, u,
                         c->gold_x + c->first[k], c->gold_u + c->first[k], &step, NULL);
        }
        if (log && dev && step > 0)
            log_dev(t, s, step, pass, dev, n_dev, log);
    }
    if (step > 0) {
        average(&st->x, t->rows, step);
        average(&st->u, t->rows, step);
    } else { /* nothing learnt (every word in the tag dictionary) */
        free(st->x.total);
        free(st->x.seen);
        free(st->u.total);
        free(st->u.seen);
        st->x.total = st->u.total = NULL;
        st->x.seen = st->u.seen = NULL;
    }
    free(x);
    free(u);
    return 0;
}

/* Tags sentences order[0..n) with the first stage into c->right. */
static void first_pass_tags(const hd_tagger *t, const corpus *c, const size_t *order, size_t n)
{
    int upos[512], *u = upos;
    size_t cap = sizeof upos / sizeof *upos;
    for (size_t r = 0; r < n; r++) {
        size_t k = order[r], len = c->s[k].n;
        int *right = c->right + c->at[k];
        if (len > cap) {
            int *grown = malloc(len * sizeof *grown);
            if (grown) {
                if (u != upos)
                    free(u);
                u = grown;
                cap = len;
            }
        }
        if (len <= cap)
            run_sentence((hd_tagger *)t, 0, c->info + c->at[k], len, NULL, right, u, NULL, NULL, NULL, NULL);
        right[len] = right[len + 1] = -2;
    }
    if (u != upos)
        free(u);
}

#define FOLDS 4

/* The first pass's tags of the training sentences as tagging would give them: each fold tagged
 * by a first stage trained on the other folds (so that the second stage does not learn to
 * trust tags that are right only because their words were learnt). */
static int jackknife(const hd_tagger *t, const corpus *c, const hd_tagger_options *o)
{
    size_t *order = malloc((c->n + 1) * sizeof *order), *held = malloc((c->n + 1) * sizeof *held);
    int ok = order && held;
    for (int f = 0; ok && f < FOLDS; f++) {
        size_t n = 0, nh = 0;
        for (size_t k = 0; k < c->n; k++) {
            if (k % FOLDS == (size_t)f)
                held[nh++] = k;
            else
                order[n++] = k;
        }
        hd_tagger fold = *t; /* shares the tag sets, the lexicon and the dictionary */
        memset(fold.st, 0, sizeof fold.st);
        fold.stages = 1;
        ok = train_stage(&fold, 0, c, order, n, o, NULL, 0, NULL) == 0;
        if (ok)
            first_pass_tags(&fold, c, held, nh);
        free_stage(&fold.st[0]);
    }
    free(order);
    free(held);
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
    t->variant = o.variant;
    t->stages = 1;
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
    if (ok && (o.variant & V_DICT))
        ok = build_dict(&t->dict, occ, total_words) == 0;
    free(occ);
    size_t slots = total_words + 2 * PAD * n + 1;
    c.info = ok ? malloc(slots * sizeof *c.info) : NULL;
    c.right = ok && (o.variant & V_TWO) ? malloc(slots * sizeof *c.right) : NULL;
    ok = ok && c.info && (c.right || !(o.variant & V_TWO));
    const char **w = NULL;
    size_t cap = 0;
    for (size_t k = 0, at = 0; ok && k < n; k++) {
        if (!words_of(&train[k], &w, &cap)) {
            ok = 0;
            break;
        }
        c.at[k] = at;
        describe_sentence(t, w, train[k].n, c.info + at);
        at += train[k].n + 2 * PAD;
    }
    free(w);
    ok = ok && train_stage(t, 0, &c, order, n, &o, dev, n_dev, log) == 0;
    if (ok && (o.variant & V_TWO)) {
        if (o.variant & V_JACK)
            ok = jackknife(t, &c, &o) == 0;
        else
            first_pass_tags(t, &c, order, n);
        t->stages = 2;
        ok = ok && train_stage(t, 1, &c, order, n, &o, dev, n_dev, log) == 0;
    }
    if (ok && getenv("HD_STATS"))
        for (int sg = 0; sg < t->stages; sg++)
            for (int hh = 0; hh < 2; hh++) {
                const head *h = hh ? &t->st[sg].u : &t->st[sg].x;
                size_t used = 0, nz = 0, small = 0;
                for (size_t r = 0; r < t->rows; r++) {
                    size_t k = 0;
                    for (int j = 0; j < h->n; j++) {
                        float v = h->w[r * (size_t)h->n + (size_t)j];
                        k += v != 0;
                        small += v != 0 && v < 0.05f && v > -0.05f;
                    }
                    used += k > 0;
                    nz += k;
                }
                fprintf(stderr, "stage %d head %d: rows used %zu of %zu, nonzero %zu (%.1f per used row), |w|<0.05: %zu\n", sg, hh, used, t->rows, nz, (double)nz / (double)used, small);
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
