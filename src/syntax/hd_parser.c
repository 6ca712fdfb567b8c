/* hd_parser.c: the arc-hybrid dependency parser (see hd_parser.h): its state and moves, the
 * features it decides by, the dynamic oracle it learns from, and its image.
 *
 * A decision is made in two steps: a move (SHIFT, LEFT or RIGHT) from the state, then, for an
 * arc, its relation from the two words it joins. The move is most of the work (two per word)
 * and its weights are three numbers per feature; the relation is chosen once per word, among
 * the relations training saw in that direction, so no step scores a hundred classes.
 *
 * The move's features are of two kinds. Those of one word in one place ("the word on top of
 * the stack is 'said'", "the leftmost child of the next word has relation det", "the next word
 * and the one after it are DT NN") depend only on that word and the place: each word's weights
 * for every place are looked up once per sentence (the unigram table: a row of places x moves
 * per word, tag, word and tag, ...), and a decision adds a cached row per place. The others
 * join several words or the state ("the top of the stack and the next word", distances,
 * valencies, relations already built): these are looked up at each decision, in a table whose
 * slots hold the three weights themselves.
 *
 * The image is a header, the relation names, then three frozen weight tables (hd_perceptron.h):
 *   "HDPARSE3" | u32 relations | u32 bytes of names | u32 flags (1: trained with lexicon
 *   classes) | u32 feature set | u64 relations seen leftward, rightward, from the root (a bit
 *   each) | u64 offset and u64 size of the unigram, move and relation tables
 *   names, each ending in NUL, padded to 8 bytes | the tables, each 8-byte aligned */
#include "syntax/hd_parser.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hd_mapfile.h"

#define MAGIC "HDPARSE3"
#define FEATURE_SET 1 /* the features below; an image of another set is refused */
#define MAX_LABELS 64
#define MAX_FEATURES 128

enum { SHIFT, LEFT, RIGHT };
enum { DIR_LEFT, DIR_RIGHT, DIR_ROOT }; /* of an arc: dependent before its head, after, under the root */

/* The places a word's unigram features are about: the top three of the stack, the first three
 * of the buffer, and some of their children (l1, l2: leftmost and second leftmost; r1, r2:
 * rightmost and second rightmost). Places were tried and left out for costing time and buying
 * nothing on EWT dev: the first and last words of subtrees, the tags before a word. */
enum { S0, S1, S2, B0, B1, B2, S0L1, S0L2, S0R1, S0R2, B0L1, B0L2, S1L1, S1R1, N_ROLES };
/* The scores of the move classes are 8 lanes wide (SHIFT and three classes of arcs each way,
 * and a lane to spare), so that every sum of them is a fixed-width vector addition. */
#define LANES 8
#define MAX_MOVES (LANES - 1)

/* What a unigram feature says of a word: its form, tag, both, lexicon class, its tag with the
 * next one's or next two's, and (for children) its relation. */
enum { A_W, A_P, A_WP, A_C, A_PN, A_PNN, A_L, N_ATTRS };
#define N_STATIC A_L /* the attributes fixed for the whole sentence */
#define R(x) (1u << (x))
#define CHILDREN (R(S0L1) | R(S0L2) | R(S0R1) | R(S0R2) | R(B0L1) | R(B0L2) | R(S1L1) | R(S1R1))
static const uint32_t attr_roles[N_ATTRS] = {
    [A_W] = R(S0) | R(S1) | R(B0) | R(B1) | R(B2) | (CHILDREN & ~R(S1L1)),
    [A_P] = R(S0) | R(S1) | R(S2) | R(B0) | R(B1) | R(B2) | CHILDREN,
    [A_WP] = R(S0) | R(S1) | R(B0) | R(B1) | R(B2),
    [A_C] = R(S0) | R(S1) | R(B0) | R(B1),
    [A_PN] = R(B0) | R(S0) | R(S1),
    [A_PNN] = R(B0),
    [A_L] = CHILDREN,
};

#define NONE 0x9e3779b97f4a7c15ULL

static uint64_t attr_key(int kind, uint64_t value) { return hd_mix(0xa77b000000ULL + (uint64_t)kind, value); }
/* the training key of an attribute's feature in a place */
static uint64_t role_key(uint64_t attr, int role) { return hd_mix(attr, 0x701e000000ULL + (uint64_t)role); }

/* ---- the state ------------------------------------------------------------------------------ */

/* Words are 1..n, 0 is the root, and n + 1 stands for "no word" wherever a place is empty: it
 * has features of its own (NONE) and no children. */
typedef struct state {
    int n, none;
    int *stack, sp; /* stack[0] is the root */
    int b;          /* the first word of the buffer; n + 1 when it is empty */
    int *head, *label;
    int *l1, *l2, *r1, *r2; /* leftmost and second leftmost, rightmost and second rightmost children */
    int *le, *re;           /* the first and last words of each word's subtree so far */
    int *nl, *nr;           /* how many children on each side */
    uint64_t *lset, *rset;  /* the relations of the children on each side, one bit each */
    uint64_t *w, *p, *c;    /* keys of each word's form, tag and lexicon class */
    uint64_t *wp;           /* of its form and tag together */
    uint64_t *attr;         /* per word, N_ATTRS attribute keys (A_L: its relation's, once it has one) */
    int32_t *uni;           /* parsing: per word and place, the unigram weights of the moves (LANES) */
    void *block;
} state;

/* `parsing`: with room for the unigram weights (training finds them by key). */
static int state_init(state *s, int n, int parsing)
{
    size_t m = (size_t)n + 2, uni = parsing ? m * N_ROLES * LANES : 0;
    size_t bytes = m * (12 * sizeof(int) + (6 + N_ATTRS) * sizeof(uint64_t)) + uni * sizeof(int32_t);
    s->block = malloc(bytes);
    if (!s->block)
        return -1;
    uint64_t *u = s->block;
    uint64_t **keys[] = {&s->lset, &s->rset, &s->w, &s->p, &s->c, &s->wp};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        *keys[k] = u + k * m;
    s->attr = u + 6 * m;
    int32_t *i32 = (int32_t *)(u + (6 + N_ATTRS) * m);
    s->uni = parsing ? i32 : NULL;
    int *i = (int *)(i32 + uni);
    int **arrays[] = {&s->stack, &s->head, &s->label, &s->l1, &s->l2, &s->r1, &s->r2, &s->nl, &s->nr, &s->le, &s->re};
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++)
        *arrays[k] = i + k * m;
    s->n = n;
    s->none = n + 1;
    for (int k = 0; k <= n + 1; k++) {
        s->head[k] = s->label[k] = -1;
        s->l1[k] = s->l2[k] = s->r1[k] = s->r2[k] = s->none;
        s->le[k] = s->re[k] = k;
        s->nl[k] = s->nr[k] = 0;
        s->lset[k] = s->rset[k] = 0;
    }
    s->stack[0] = 0;
    s->sp = 1;
    s->b = 1;
    return 0;
}

/* The form's key: lower case, every digit the same ("1990" and "2015" look alike). */
static uint64_t word_key(const char *form)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *c = (const unsigned char *)form; *c; c++) {
        unsigned char x = *c >= 'A' && *c <= 'Z' ? *c + 32 : *c >= '0' && *c <= '9' ? '9' : *c;
        h ^= x;
        h *= 1099511628211ULL;
    }
    return h;
}

/* What the lexicon says of a word as one feature key: its tags and the most frequent of them,
 * 0 for a word it does not know. */
static uint64_t word_class(const hd_lexicon *lex, const char *form)
{
    hd_lexicon_entry e;
    if (!lex || !lex->lookup(lex->data, form, strlen(form), &e) || !e.tags)
        return 0;
    return ((uint64_t)(unsigned)e.best << 40 | e.tags) + 1;
}

static uint64_t label_attr(int label) { return attr_key(A_L, label >= 0 ? (uint64_t)label + 7 : NONE + 2); }

/* Describes the words: their keys and the attributes of their unigram features. */
static void set_words(state *s, const hd_lexicon *lex, const char *const *forms, const char *const *tags,
                      const char *const *upos)
{
    int none = s->none;
    s->w[0] = 0x5eed0001;
    s->p[0] = 0x5eed0002;
    s->c[0] = 0x5eed0003;
    for (int k = 1; k <= s->n; k++) {
        s->w[k] = word_key(forms[k - 1]);
        /* the tag is the pair of both tag sets: UPOS tells apart what one Penn tag joins (IN:
         * preposition or subordinator; VB*: auxiliary or verb; DT: determiner or pronoun) */
        s->p[k] = upos ? hd_mix(hd_hash_string(tags[k - 1]), hd_hash_string(upos[k - 1])) : hd_hash_string(tags[k - 1]);
        s->c[k] = word_class(lex, forms[k - 1]);
    }
    s->w[none] = NONE;
    s->p[none] = NONE + 1;
    s->c[none] = NONE + 3;
    for (int k = 0; k <= none; k++) {
        uint64_t *a = s->attr + (size_t)k * N_ATTRS;
        int k1 = k + 1 < none ? k + 1 : none, k2 = k + 2 < none ? k + 2 : none;
        a[A_W] = attr_key(A_W, s->w[k]);
        a[A_P] = attr_key(A_P, s->p[k]);
        s->wp[k] = hd_mix(s->w[k], s->p[k]);
        a[A_WP] = attr_key(A_WP, s->wp[k]);
        a[A_C] = attr_key(A_C, s->c[k]);
        a[A_PN] = attr_key(A_PN, hd_mix(s->p[k], s->p[k1]));
        a[A_PNN] = attr_key(A_PNN, hd_mix(hd_mix(s->p[k], s->p[k1]), s->p[k2]));
        a[A_L] = label_attr(-1);
    }
}

static int terminal(const state *s) { return s->b > s->n && s->sp == 1; }

static int valid(const state *s, int move)
{
    if (move == SHIFT)
        return s->b <= s->n;
    if (move == LEFT)
        return s->b <= s->n && s->sp >= 2;
    /* the root takes its dependent only once the buffer is empty: one root per sentence */
    return s->sp >= 2 && (s->stack[s->sp - 2] != 0 || s->b > s->n);
}

/* The arc a move would make: its head and dependent, and its direction. */
static void arc_of(const state *s, int move, int *h, int *d, int *dir)
{
    *d = s->stack[s->sp - 1];
    *h = move == LEFT ? s->b : s->stack[s->sp - 2];
    *dir = move == LEFT ? DIR_LEFT : *h == 0 ? DIR_ROOT : DIR_RIGHT;
}

static void add_arc(state *s, int h, int d, int label)
{
    s->head[d] = h;
    s->label[d] = label;
    s->attr[(size_t)d * N_ATTRS + A_L] = label_attr(label);
    uint64_t bit = (uint64_t)1 << (label & 63);
    s->le[h] = s->le[d] < s->le[h] ? s->le[d] : s->le[h];
    s->re[h] = s->re[d] > s->re[h] ? s->re[d] : s->re[h];
    if (d < h) {
        s->nl[h]++;
        s->lset[h] |= bit;
        if (d < s->l1[h]) { /* "no word" is n + 1, beyond every word */
            s->l2[h] = s->l1[h];
            s->l1[h] = d;
        } else if (d < s->l2[h])
            s->l2[h] = d;
    } else {
        s->nr[h]++;
        s->rset[h] |= bit;
        if (s->r1[h] == s->none || d > s->r1[h]) {
            s->r2[h] = s->r1[h];
            s->r1[h] = d;
        } else if (s->r2[h] == s->none || d > s->r2[h])
            s->r2[h] = d;
    }
}

static void apply(state *s, int move, int label)
{
    if (move == SHIFT) {
        s->stack[s->sp++] = s->b++;
        return;
    }
    int h, d, dir;
    arc_of(s, move, &h, &d, &dir);
    s->sp--;
    add_arc(s, h, d, label);
}

/* ---- features ------------------------------------------------------------------------------- */

/* The word in each place. */
static void places(const state *s, int *at)
{
    int sp = s->sp, n = s->n, none = s->none;
    int s0 = s->stack[sp - 1], s1 = sp >= 2 ? s->stack[sp - 2] : none, s2 = sp >= 3 ? s->stack[sp - 3] : none;
    int b0 = s->b <= n ? s->b : none;
    at[S0] = s0;
    at[S1] = s1;
    at[S2] = s2;
    at[B0] = b0;
    at[B1] = s->b + 1 <= n ? s->b + 1 : none;
    at[B2] = s->b + 2 <= n ? s->b + 2 : none;
    at[S0L1] = s->l1[s0];
    at[S0L2] = s->l2[s0];
    at[S0R1] = s->r1[s0];
    at[S0R2] = s->r2[s0];
    at[B0L1] = s->l1[b0];
    at[B0L2] = s->l2[b0];
    at[S1L1] = s->l1[s1];
    at[S1R1] = s->r1[s1];
}

/* Training: the keys of the unigram features, each attribute's in each of its places (what
 * parsing adds from the cached rows). */
static int unigram_keys(const state *s, const int *at, uint64_t *f)
{
    int k = 0;
    for (int r = 0; r < N_ROLES; r++)
        for (int a = 0; a < N_ATTRS; a++)
            if (attr_roles[a] & R(r))
                f[k++] = role_key(s->attr[(size_t)at[r] * N_ATTRS + a], r);
    return k;
}

/* Feature keys: a template number and two or three values, mixed by multiplying and adding,
 * then one avalanche so that the low bits (the slot) and the high bits (the fingerprint) both
 * depend on every input. The values are themselves hashes or small numbers; what matters is
 * that different inputs give different keys, and this costs a third of mixing each value in
 * turn. */
static inline uint64_t finish(uint64_t h)
{
    h ^= h >> 32;
    h *= 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 29);
}
#define TEMPLATE(t) ((uint64_t)(t) * 0xd6e8feb86659fd93ULL)
#define K2(t, a, b) finish(((a) ^ TEMPLATE(t)) * 0x9e3779b97f4a7c15ULL + (b))
#define K3(t, a, b, c) finish((((a) ^ TEMPLATE(t)) * 0x9e3779b97f4a7c15ULL + (b)) * 0xbf58476d1ce4e5b9ULL + (c))

/* The features of several words or of the state (the others are unigrams). Which of them earn
 * their keep was measured on EWT dev by leaving each family out: pairs of the words of s0 and
 * b0, of s1 and s0, the valencies, the relation sets and pairs of lexicon classes cost time
 * and bought nothing next to the unigrams; the tags of s1 with b0, three tags, distances and
 * children's tags and relations each bought 0.1 to 0.7 UAS. */
static int state_keys(const state *s, const int *at, uint64_t *f)
{
    int s0 = at[S0], s1 = at[S1], s2 = at[S2], b0 = at[B0], b1 = at[B1];
    const uint64_t *w = s->w, *p = s->p;
    uint64_t s0w = w[s0], s0p = p[s0], s1w = w[s1], s1p = p[s1], b0w = w[b0], b0p = p[b0];
    uint64_t b1p = p[b1], s2p = p[s2];
    uint64_t s0l1 = p[at[S0L1]], s0l2 = p[at[S0L2]], s0r1 = p[at[S0R1]], s0r2 = p[at[S0R2]];
    uint64_t s1l1 = p[at[S1L1]], s1r1 = p[at[S1R1]], b0l1 = p[at[B0L1]], b0l2 = p[at[B0L2]];
    uint64_t s1wp = s->wp[s1], b0wp = s->wp[b0];
    int d0 = s0 > 0 && b0 != s->none ? b0 - s0 : 0, d1 = s1 > 0 && s1 != s->none ? s0 - s1 : 0;
    uint64_t dist = d0 > 9 ? 10 : d0 > 6 ? 7 : d0 > 4 ? 5 : (uint64_t)d0;
    uint64_t dist1 = d1 > 9 ? 10 : d1 > 6 ? 7 : d1 > 4 ? 5 : (uint64_t)d1;
#define L(i) (s->label[i] >= 0 ? (uint64_t)s->label[i] + 7 : NONE + 2)
    int k = 0;
    /* s1 and b0: the two heads the top of the stack may go to */
    f[k++] = K2(1, s1p, b0p);
    f[k++] = K2(2, s1wp, b0p);
    f[k++] = K2(3, s1p, b0wp);
    f[k++] = K3(4, s1w, s0p, b0w);
    f[k++] = K3(5, s1p, s0w, b0p);
    /* three tags */
    f[k++] = K3(6, s0p, b0p, b1p);
    f[k++] = K3(7, s1p, s0p, b0p);
    f[k++] = K3(8, s2p, s1p, s0p);
    f[k++] = K3(9, s0p, s0l1, b0p);
    f[k++] = K3(10, s0p, s0r1, b0p);
    f[k++] = K3(11, s0p, b0p, b0l1);
    f[k++] = K3(12, s1p, s1r1, s0p);
    f[k++] = K3(13, s1p, s0p, s0l1);
    f[k++] = K3(14, s1p, s0p, s0r1);
    f[k++] = K3(15, s1p, s1l1, s0p);
    /* distance */
    f[k++] = K2(16, s0w, dist);
    f[k++] = K2(17, s0p, dist);
    f[k++] = K2(18, b0w, dist);
    f[k++] = K2(19, b0p, dist);
    f[k++] = K3(20, s0w, b0w, dist);
    f[k++] = K3(21, s0p, b0p, dist);
    f[k++] = K3(22, s1p, s0p, dist1);
    f[k++] = K3(23, s1w, s0w, dist1);
    /* children */
    f[k++] = K3(24, s0p, s0l1, s0l2);
    f[k++] = K3(25, s0p, s0r1, s0r2);
    f[k++] = K3(26, b0p, b0l1, b0l2);
    f[k++] = K2(27, s0p, L(at[S0L1]));
    f[k++] = K2(28, s0p, L(at[S0R1]));
    f[k++] = K2(29, b0p, L(at[B0L1]));
    return k;
}

/* The features of a relation: of the head h and the dependent d an arc joins in direction
 * `dir`. Once a word is taken as a dependent its children are all there, in this system. */
static int label_keys(const state *s, int h, int d, int dir, int lexicon, uint64_t *f)
{
    const uint64_t *w = s->w, *p = s->p;
    int none = s->none, dl = d > 1 ? d - 1 : none, dr = d < s->n ? d + 1 : none;
    int hl = h > 1 ? h - 1 : none, hr = h >= 1 && h < s->n ? h + 1 : none;
    /* the words just outside the dependent's subtree */
    int before = s->le[d] > 1 ? s->le[d] - 1 : none, after = s->re[d] < s->n ? s->re[d] + 1 : none;
    uint64_t dw = w[d], dp = p[d], hw = w[h], hp = p[h], dwp = s->wp[d], hwp = s->wp[h];
    int gap = h > d ? h - d : d - h;
    uint64_t dist = gap > 9 ? 10 : gap > 6 ? 7 : gap > 4 ? 5 : (uint64_t)gap;
    uint64_t children = (uint64_t)(s->nl[d] > 3 ? 3 : s->nl[d]) << 4 | (uint64_t)(s->nr[d] > 3 ? 3 : s->nr[d]);
    int k = 0, t = 100 + 50 * dir;
#define K1(t, a) finish((a) ^ TEMPLATE(t))
    f[k++] = K1(t + 1, dw);
    f[k++] = K1(t + 2, dp);
    f[k++] = K1(t + 3, dwp);
    f[k++] = K1(t + 4, hw);
    f[k++] = K1(t + 5, hp);
    f[k++] = K1(t + 6, hwp);
    f[k++] = K2(t + 7, hp, dp);
    f[k++] = K2(t + 8, hw, dp);
    f[k++] = K2(t + 9, hp, dw);
    f[k++] = K2(t + 10, hw, dw);
    f[k++] = K2(t + 11, hwp, dwp);
    f[k++] = K2(t + 12, dp, dist);
    f[k++] = K3(t + 13, hp, dp, dist);
    f[k++] = K2(t + 14, dp, s->lset[d]);
    f[k++] = K2(t + 15, dp, s->rset[d]);
    f[k++] = K1(t + 16, L(s->l1[d]));
    f[k++] = K1(t + 17, L(s->r1[d]));
    f[k++] = K3(t + 18, dp, p[s->l1[d]], p[s->r1[d]]);
    f[k++] = K2(t + 19, hp, s->lset[h]);
    f[k++] = K2(t + 20, hp, s->rset[h]);
    f[k++] = K2(t + 21, dp, p[dl]);
    f[k++] = K2(t + 22, dp, p[dr]);
    f[k++] = K3(t + 23, hp, dp, p[dr]);
    f[k++] = K2(t + 24, hp, p[hl]);
    f[k++] = K2(t + 25, hp, p[hr]);
    f[k++] = K2(t + 26, dp, p[before]);
    f[k++] = K2(t + 27, dp, p[after]);
    f[k++] = K3(t + 28, hp, dp, p[after]);
    f[k++] = K2(t + 29, dp, p[s->le[d]]);
    f[k++] = K2(t + 30, dp, p[s->re[d]]);
    f[k++] = K2(t + 31, dp, children);
    f[k++] = K2(t + 32, dp, s->lset[h] | s->rset[h]);
    /* the words around the arc in the state: below it on the stack, after it in the buffer */
    int sp = s->sp, below = dir == DIR_LEFT ? (sp >= 2 ? s->stack[sp - 2] : none) : (sp >= 3 ? s->stack[sp - 3] : none);
    int next = dir == DIR_LEFT ? (s->b + 1 <= s->n ? s->b + 1 : none) : (s->b <= s->n ? s->b : none);
    f[k++] = K3(t + 35, hp, dp, p[next]);
    f[k++] = K3(t + 36, hp, dp, p[below]);
    f[k++] = K2(t + 37, dw, p[next]);
    f[k++] = K2(t + 38, dp, w[next]);
    f[k++] = K2(t + 39, hw, p[next]);
    f[k++] = K3(t + 40, hp, dp, (uint64_t)(s->nl[h] > 3 ? 3 : s->nl[h]) << 4 | (uint64_t)(s->nr[h] > 3 ? 3 : s->nr[h]));
    f[k++] = K2(t + 41, dp, w[s->l1[d]]);
    if (lexicon) {
        f[k++] = K1(t + 33, s->c[d]);
        f[k++] = K2(t + 34, s->c[d], hp);
    }
#undef K1
#undef L
    return k;
}

/* ---- the dynamic oracle --------------------------------------------------------------------- */

/* How many gold arcs still reachable each kind of move would lose (Goldberg and Nivre 2013,
 * arc-hybrid), with the root restricted to its one dependent at the end; -1 for a move that
 * is not valid. */
static void move_costs(const state *s, const int *gold, int *cost)
{
    int sp = s->sp, b = s->b, n = s->n;
    int s0 = s->stack[sp - 1], s1 = sp >= 2 ? s->stack[sp - 2] : -1;
    int shift = 0, left = 0, right = 0;
    if (b <= n)
        for (int i = 0; i < sp; i++) {
            int k = s->stack[i];
            shift += k != 0 && gold[k] == b;      /* b can no longer take k */
            shift += i != sp - 1 && gold[b] == k; /* nor be taken by k, under s0 */
        }
    if (sp >= 2) {
        int lost_children = 0;
        for (int k = b; k <= n; k++)
            lost_children += gold[k] == s0;
        left = lost_children + (gold[s0] != b && (gold[s0] == s1 || gold[s0] > b));
        right = lost_children + (gold[s0] != s1 && b <= n && gold[s0] >= b);
    }
    cost[SHIFT] = valid(s, SHIFT) ? shift : -1;
    cost[LEFT] = valid(s, LEFT) ? left : -1;
    cost[RIGHT] = valid(s, RIGHT) ? right : -1;
}

/* ---- parsing -------------------------------------------------------------------------------- */


/* The best valid move class. */
static int best_move(const hd_parser *p, const state *s, const float *scores)
{
    int ok[3] = {valid(s, SHIFT), valid(s, LEFT), valid(s, RIGHT)}, best = -1;
    for (int c = 0; c < p->n_moves; c++)
        if (ok[p->move_kind[c]] && (best < 0 || scores[c] > scores[best]))
            best = c;
    return best;
}

static int only_label(uint64_t mask) { return mask && !(mask & (mask - 1)) ? __builtin_ctzll(mask) : -1; }

/* The relations an arc of class c may take here. */
static uint64_t labels_of(const hd_parser *p, int c, int h) { return h == 0 ? p->root_labels : p->move_labels[c]; }

/* The best relation of those in `mask`. */
static int best_label(const int32_t *scores, uint64_t mask)
{
    int best = -1;
    for (int l = 0; mask; l++, mask >>= 1)
        if ((mask & 1) && (best < 0 || scores[l] > scores[best]))
            best = l;
    return best;
}

int hd_parser_parse(const hd_parser *p, const hd_lexicon *lex, const char *const *forms, const char *const *tags,
                    const char *const *upos, size_t n, int *heads, int *labels)
{
    if (n == 0)
        return 0;
    if (n > 100000)
        return -1;
    int lexicon = p->uses_lexicon;
    state s;
    if (state_init(&s, (int)n, 1) != 0)
        return -1;
    set_words(&s, lexicon ? lex : NULL, forms, tags, p->uses_upos ? upos : NULL);
    /* every word's unigram weights in every place, once */
    const size_t row = (size_t)N_ROLES * LANES;
    memset(s.uni, 0, (n + 2) * row * sizeof *s.uni);
    hd_rows_add_each(&p->uni, s.attr, N_ATTRS, N_STATIC, (size_t)s.none, s.uni, row);
    hd_rows_add(&p->uni, s.attr + (size_t)s.none * N_ATTRS, N_ATTRS, s.uni + (size_t)s.none * row);
    uint64_t f[MAX_FEATURES];
    int at[N_ROLES];
    int32_t label_scores[MAX_LABELS];
    float su = p->uni.scale, sm = p->moves.scale;
    while (!terminal(&s)) {
        places(&s, at);
        int nf = state_keys(&s, at, f);
        int32_t m[LANES] = {0}, u[LANES];
        hd_narrow_add(&p->moves, f, nf, m);
        hd_i32x8 sum = {0, 0, 0, 0, 0, 0, 0, 0};
        for (int r = 0; r < N_ROLES; r++) {
            hd_i32x8 x;
            memcpy(&x, s.uni + (size_t)at[r] * row + (size_t)r * LANES, sizeof x);
            sum += x;
        }
        memcpy(u, &sum, sizeof u);
        float scores[LANES];
        for (int c = 0; c < LANES; c++)
            scores[c] = su * (float)u[c] + sm * (float)m[c];
        int move = best_move(p, &s, scores), kind = p->move_kind[move], label = -1;
        if (kind != SHIFT) {
            int h, d, dir;
            arc_of(&s, kind, &h, &d, &dir);
            uint64_t mask = labels_of(p, move, h);
            if ((label = only_label(mask)) < 0) {
                int nl = label_keys(&s, h, d, dir, lexicon, f);
                memset(label_scores, 0, sizeof label_scores);
                hd_rows_add(&p->labels, f, nl, label_scores);
                label = best_label(label_scores, mask);
            }
            /* the word's relation is a unigram feature of it as a child from now on */
            hd_rows_add_run(&p->uni, p->label_runs[label >= 0 ? label : MAX_LABELS], s.uni + (size_t)d * row);
        }
        apply(&s, kind, label);
    }
    for (size_t i = 0; i < n; i++) {
        heads[i] = s.head[i + 1];
        labels[i] = s.label[i + 1];
    }
    free(s.block);
    return 0;
}

const char *hd_parser_label(const hd_parser *p, int label)
{
    return label >= 0 && label < p->n_labels ? p->label_names[label] : "_";
}

/* A treebank sentence's forms, XPOS and UPOS, one array after the other (malloc'ed); NULL
 * when memory ran out. */
static const char **words_of(const hd_conllu_sentence *s)
{
    const char **w = malloc((3 * s->n + 1) * sizeof *w);
    for (size_t i = 0; w && i < s->n; i++) {
        w[i] = s->words[i].form;
        w[s->n + i] = s->words[i].xpos;
        w[2 * s->n + i] = s->words[i].upos;
    }
    return w;
}

/* The universal part of a relation ("nsubj" of "nsubj:pass") is what LAS compares in CoNLL 2018;
 * this parser predicts subtypes, and they are scored whole here: the stricter figure. */
void hd_parser_score(const hd_parser *p, const hd_lexicon *lex, const hd_conllu_sentence *s, size_t n,
                     long *words, long *heads_right, long *labels_right)
{
    *words = *heads_right = *labels_right = 0;
    for (size_t k = 0; k < n; k++) {
        size_t m = s[k].n;
        const char **forms = words_of(&s[k]);
        int *heads = malloc((m + 1) * sizeof *heads), *labels = malloc((m + 1) * sizeof *labels);
        if (forms && heads && labels) {
            if (hd_parser_parse(p, lex, forms, forms + m, forms + 2 * m, m, heads, labels) == 0)
                for (size_t i = 0; i < m; i++) {
                    int right = heads[i] == s[k].words[i].head;
                    *heads_right += right;
                    *labels_right += right && !strcmp(hd_parser_label(p, labels[i]), s[k].words[i].deprel);
                }
            *words += (long)m;
        }
        free(forms);
        free(heads);
        free(labels);
    }
}

/* ---- the image ------------------------------------------------------------------------------ */

enum { T_UNI, T_MOVES, T_LABELS, N_TABLES };

typedef struct image_header {
    char magic[8];
    uint32_t n_labels, names_size;
    uint32_t flags, feature_set;
    uint32_t n_moves, reserved;
    uint64_t root_labels;
    uint64_t move_labels[MAX_MOVES + 1];
    uint8_t move_kind[MAX_MOVES + 1];
    uint64_t offset[N_TABLES], size[N_TABLES];
} image_header;
#define USES_LEXICON 1u
#define USES_UPOS 2u

/* Whether a set of relations is one of the image's and not empty. */
static int labels_ok(uint64_t mask, uint32_t n_labels) { return mask && (n_labels >= 64 || !(mask >> n_labels)); }

int hd_parser_open(hd_parser *p, const void *data, size_t size, char *err, size_t errlen)
{
    image_header h;
    if (size >= 8 && !memcmp(data, MAGIC, 7) && memcmp(data, MAGIC, 8) != 0) {
        snprintf(err, errlen, "parser: the image is of another version (%.8s, this herald reads %s): retrain it with make train",
                 (const char *)data, MAGIC);
        return -1;
    }
    if (hd_image_header(data, size, MAGIC, &h, sizeof h, "parser", err, errlen) != 0)
        return -1;
    if (h.feature_set != FEATURE_SET) {
        snprintf(err, errlen, "parser: feature set %u, this herald has %u: retrain it with make train", h.feature_set,
                 FEATURE_SET);
        return -1;
    }
    int bad = h.n_labels < 1 || h.n_labels > MAX_LABELS || h.names_size > size - sizeof h || h.n_moves < 3 ||
              h.n_moves > MAX_MOVES || !labels_ok(h.root_labels, h.n_labels);
    for (int t = 0; t < N_TABLES && !bad; t++)
        bad = h.offset[t] & 7 || h.offset[t] < sizeof h + h.names_size || h.offset[t] > size ||
              h.size[t] > size - h.offset[t];
    /* every move class a kind, every arc's relations the image's, and each kind of move there:
     * without one, a parse might never end */
    int kinds = 0;
    for (uint32_t c = 0; c < h.n_moves && !bad; c++) {
        bad = h.move_kind[c] > RIGHT || (h.move_kind[c] != SHIFT && !labels_ok(h.move_labels[c], h.n_labels));
        kinds |= 1 << (h.move_kind[c] & 3);
    }
    if (bad || kinds != 7) {
        snprintf(err, errlen, "parser: header out of range");
        return -1;
    }
    const char *names = (const char *)data + sizeof h, *end = names + h.names_size;
    memset(p, 0, sizeof *p);
    for (uint32_t i = 0; i < h.n_labels; i++) {
        const char *nul = names < end ? memchr(names, '\0', (size_t)(end - names)) : NULL;
        if (!nul) {
            snprintf(err, errlen, "parser: relation names run past their block");
            return -1;
        }
        p->label_names[i] = names;
        names = nul + 1;
    }
    p->n_labels = (int)h.n_labels;
    p->uses_lexicon = (h.flags & USES_LEXICON) != 0;
    p->uses_upos = (h.flags & USES_UPOS) != 0;
    p->n_moves = (int)h.n_moves;
    memcpy(p->move_kind, h.move_kind, sizeof p->move_kind);
    memcpy(p->move_labels, h.move_labels, sizeof p->move_labels);
    p->root_labels = h.root_labels;
    const char *base = data;
    if (hd_rows_open(&p->uni, base + h.offset[T_UNI], h.size[T_UNI], err, errlen) != 0 ||
        hd_narrow_open(&p->moves, base + h.offset[T_MOVES], h.size[T_MOVES], err, errlen) != 0 ||
        hd_rows_open(&p->labels, base + h.offset[T_LABELS], h.size[T_LABELS], err, errlen) != 0)
        return -1;
    if (p->uni.n_classes != N_ROLES * LANES || p->moves.n_classes != p->n_moves ||
        p->labels.n_classes != p->n_labels) {
        snprintf(err, errlen, "parser: tables of %d, %d and %d classes for %d moves and %d relations", p->uni.n_classes,
                 p->moves.n_classes, p->labels.n_classes, p->n_moves, p->n_labels);
        return -1;
    }
    for (int l = 0; l < MAX_LABELS; l++)
        p->label_runs[l] = hd_rows_find(&p->uni, label_attr(l));
    p->label_runs[MAX_LABELS] = hd_rows_find(&p->uni, label_attr(-1));
    return 0;
}

/* ---- training ------------------------------------------------------------------------------- */

/* The models being trained (the moves' unigram and other features, and the relations) and,
 * in `spec`, the move classes and relations as the image will have them. */
typedef struct models {
    hd_perceptron *uni, *moves, *labels;
    hd_parser spec;
    int lexicon;
} models;

/* The attributes of the training words, to write the unigram table by: each attribute's row
 * gathers its weights in every place. */
typedef struct vocabulary {
    uint64_t *keys; /* 0: free */
    uint8_t *kinds;
    size_t cap, used;
    const hd_perceptron *uni;
} vocabulary;

static int vocabulary_add(vocabulary *v, uint64_t key, int kind)
{
    if ((v->used + 1) * 2 > v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 1 << 16;
        uint64_t *keys = calloc(cap, sizeof *keys);
        uint8_t *kinds = malloc(cap);
        if (!keys || !kinds) {
            free(keys);
            free(kinds);
            return -1;
        }
        for (size_t i = 0; i < v->cap; i++)
            if (v->keys[i]) {
                size_t j = v->keys[i] & (cap - 1);
                while (keys[j])
                    j = (j + 1) & (cap - 1);
                keys[j] = v->keys[i];
                kinds[j] = v->kinds[i];
            }
        free(v->keys);
        free(v->kinds);
        v->keys = keys;
        v->kinds = kinds;
        v->cap = cap;
    }
    key = key ? key : 1;
    size_t j = key & (v->cap - 1);
    while (v->keys[j] && v->keys[j] != key)
        j = (j + 1) & (v->cap - 1);
    if (!v->keys[j]) {
        v->keys[j] = key;
        v->kinds[j] = (uint8_t)kind;
        v->used++;
    }
    return 0;
}

static void unigram_row(const void *ctx, size_t i, uint64_t *key, double *w)
{
    const vocabulary *v = ctx;
    *key = v->keys[i];
    if (!*key)
        return;
    int n = hd_perceptron_classes(v->uni);
    memset(w, 0, N_ROLES * LANES * sizeof *w);
    double m[MAX_MOVES];
    for (int r = 0; r < N_ROLES; r++)
        if (attr_roles[v->kinds[i]] & R(r)) {
            hd_perceptron_weights(v->uni, role_key(*key, r), m);
            for (int c = 0; c < n; c++)
                w[LANES * r + c] = m[c];
        }
}

/* Freezes a table in memory; NULL when it could not. */
static char *freeze(size_t (*write)(FILE *, const void *, double), const void *what, double floor, size_t *size)
{
    char *data = NULL;
    FILE *mem = open_memstream(&data, size);
    if (!mem)
        return NULL;
    size_t written = write(mem, what, floor);
    if (fclose(mem) != 0 || !written) {
        free(data);
        return NULL;
    }
    return data;
}

static size_t write_unigrams(FILE *f, const void *ctx, double floor)
{
    const vocabulary *v = ctx;
    return hd_rows_write(unigram_row, v, v->cap, N_ROLES * LANES, floor, 0, LANES, f);
}

static size_t write_moves(FILE *f, const void *m, double floor)
{
    return hd_narrow_write(hd_perceptron_row, m, hd_perceptron_slots(m), hd_perceptron_classes(m), floor, f);
}

static size_t write_labels(FILE *f, const void *m, double floor)
{
    return hd_rows_write(hd_perceptron_row, m, hd_perceptron_slots(m), hd_perceptron_classes(m), floor, 0.2, 0, f);
}

static int write_image(const models *m, const vocabulary *v, char *const *labels, int n_labels, double prune,
                       FILE *out)
{
    size_t names_size = 0;
    for (int i = 0; i < n_labels; i++)
        names_size += strlen(labels[i]) + 1;
    size_t pad = (8 - names_size % 8) % 8;
    image_header h = {.n_labels = (uint32_t)n_labels, .names_size = (uint32_t)names_size,
                      .flags = (m->lexicon ? USES_LEXICON : 0) | (m->spec.uses_upos ? USES_UPOS : 0),
                      .feature_set = FEATURE_SET,
                      .n_moves = (uint32_t)m->spec.n_moves, .root_labels = m->spec.root_labels};
    memcpy(h.magic, MAGIC, 8);
    memcpy(h.move_labels, m->spec.move_labels, sizeof m->spec.move_labels);
    memcpy(h.move_kind, m->spec.move_kind, sizeof m->spec.move_kind);
    double move_floor = prune * fmax(hd_perceptron_largest(m->uni), hd_perceptron_largest(m->moves));
    char *table[N_TABLES];
    table[T_UNI] = freeze(write_unigrams, v, move_floor, &h.size[T_UNI]);
    table[T_MOVES] = freeze(write_moves, m->moves, move_floor, &h.size[T_MOVES]);
    table[T_LABELS] = freeze(write_labels, m->labels, prune * hd_perceptron_largest(m->labels), &h.size[T_LABELS]);
    size_t at = sizeof h + names_size + pad;
    for (int t = 0; t < N_TABLES; t++) {
        h.offset[t] = at;
        at += h.size[t]; /* every table is a multiple of 8 bytes */
    }
    static const char zeros[8];
    int rc = table[T_UNI] && table[T_MOVES] && table[T_LABELS] && fwrite(&h, sizeof h, 1, out) == 1 ? 0 : -1;
    for (int i = 0; rc == 0 && i < n_labels; i++)
        if (fwrite(labels[i], strlen(labels[i]) + 1, 1, out) != 1)
            rc = -1;
    if (rc == 0 && fwrite(zeros, 1, pad, out) != pad)
        rc = -1;
    for (int t = 0; t < N_TABLES; t++) {
        if (rc == 0 && table[t] && fwrite(table[t], 1, h.size[t], out) != h.size[t])
            rc = -1;
        free(table[t]);
    }
    return rc == 0 && fflush(out) == 0 ? 0 : -1;
}

void hd_parser_default_options(hd_parser_options *o)
{
    o->iterations = 15;
    o->seed = 1;
    o->prune = 0;
    o->lexicon = NULL;
    o->groups = 3;
    o->upos = 1;
    o->members = 1;
}

/* Whether word d's arc (head[d], words 1..n) is projective: every word between d and its
 * head descends from the head. */
static int arc_projective(const int *head, int n, int d)
{
    int h = head[d], lo = d < h ? d : h, hi = d < h ? h : d;
    for (int k = lo + 1; k < hi; k++) {
        int a = k;
        for (int steps = 0; a != h && a > 0 && steps <= n; steps++)
            a = head[a];
        if (a != h)
            return 0;
    }
    return 1;
}

/* Makes a tree projective by lifting (Nivre and Nilsson 2005): the shortest arc that is not
 * projective goes to its head's head, until none is left. A lifted word keeps its relation:
 * this parser cannot build such trees, and learns from the rest of the sentence rather than
 * leaving it out (4% of EWT's training words). Returns how many arcs were lifted. */
static int lift(int *head, int n)
{
    int lifted = 0;
    for (int round = 0; round < n * n; round++) {
        int shortest = 0, span = n + 1;
        for (int d = 1; d <= n; d++) {
            int length = head[d] > d ? head[d] - d : d - head[d];
            if (head[d] > 0 && length < span && !arc_projective(head, n, d)) {
                shortest = d;
                span = length;
            }
        }
        if (!shortest)
            break;
        head[shortest] = head[head[shortest]];
        lifted++;
    }
    return lifted;
}

static uint32_t next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return (uint32_t)(*x >> 16);
}

static int label_number(char **labels, int *n, const char *name)
{
    for (int i = 0; i < *n; i++)
        if (!strcmp(labels[i], name))
            return i;
    if (*n == MAX_LABELS)
        return -1;
    labels[*n] = strdup(name);
    return labels[*n] ? (*n)++ : -1;
}

/* The move classes: SHIFT, then for each direction the `groups` - 1 relations most frequent
 * in it, each a class of its own, and one class for the rest (all of them when they are no
 * more than `groups`). A move that names its relation is a choice the perceptron makes with
 * the move: a left arc that makes a determiner and one that makes a subject have little in
 * common, and one set of weights for both is a poorer judge of either. */
static void make_moves(hd_parser *spec, long count[2][MAX_LABELS], int n_labels, int groups)
{
    spec->n_moves = 1;
    spec->move_kind[0] = SHIFT;
    for (int dir = DIR_LEFT; dir <= DIR_RIGHT; dir++) {
        int order[MAX_LABELS], seen = 0;
        for (int l = 0; l < n_labels; l++)
            if (count[dir][l])
                order[seen++] = l;
        for (int i = 1; i < seen; i++) /* by count, then by number: deterministic */
            for (int j = i; j > 0 && count[dir][order[j]] > count[dir][order[j - 1]]; j--) {
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        int own = seen <= groups ? seen : groups - 1;
        for (int i = 0; i < seen; i++) {
            int c = spec->n_moves + (i < own ? i : own);
            spec->move_kind[c] = dir == DIR_LEFT ? LEFT : RIGHT;
            spec->move_labels[c] |= (uint64_t)1 << order[i];
        }
        spec->n_moves += seen > own ? own + 1 : own;
        if (!seen) { /* a direction training never saw may take any relation */
            spec->move_kind[spec->n_moves] = dir == DIR_LEFT ? LEFT : RIGHT;
            spec->move_labels[spec->n_moves++] = n_labels >= 64 ? ~0ULL : ((uint64_t)1 << n_labels) - 1;
        }
    }
}

/* The relation the model gives an arc among `mask`, and with `gold` in the mask a lesson. */
static int label_step(models *m, const state *s, int h, int d, int dir, uint64_t mask, int gold, int *rc)
{
    uint64_t f[MAX_FEATURES];
    float scores[MAX_LABELS];
    int only = only_label(mask);
    if (only >= 0)
        return only;
    int nf = label_keys(s, h, d, dir, m->lexicon, f), n_labels = hd_perceptron_classes(m->labels);
    memset(scores, 0, (size_t)n_labels * sizeof *scores);
    hd_perceptron_score(m->labels, f, nf, scores);
    int best = -1;
    for (int l = 0; l < n_labels; l++)
        if ((mask >> l & 1) && (best < 0 || scores[l] > scores[best]))
            best = l;
    if (gold >= 0 && (mask >> gold & 1) && *rc == 0)
        *rc = hd_perceptron_learn(m->labels, f, nf, gold, best);
    return best;
}

/* One pass of learning over one sentence; `explore` lets the parser follow its own wrong moves. */
static int learn_sentence(models *m, const hd_lexicon *lex, const hd_conllu_sentence *sent, const int *gold,
                          const int *gold_label, int explore, uint64_t *random)
{
    const hd_parser *spec = &m->spec;
    int n = (int)sent->n, n_moves = spec->n_moves;
    const char **forms = words_of(sent);
    state s;
    int rc = forms && state_init(&s, n, 0) == 0 ? 0 : -1;
    if (rc == 0) {
        set_words(&s, lex, forms, forms + n, spec->uses_upos ? forms + 2 * n : NULL);
        uint64_t fu[MAX_FEATURES], fm[MAX_FEATURES];
        int at[N_ROLES], kind_cost[3], cost[MAX_MOVES];
        while (rc == 0 && !terminal(&s)) {
            places(&s, at);
            int nu = unigram_keys(&s, at, fu), nm = state_keys(&s, at, fm);
            float scores[MAX_MOVES] = {0};
            hd_perceptron_score(m->uni, fu, nu, scores);
            hd_perceptron_score(m->moves, fm, nm, scores);
            move_costs(&s, gold, kind_cost);
            /* an arc class costs one more when the arc is right and its relation is not the class's */
            for (int c = 0; c < n_moves; c++) {
                int kind = spec->move_kind[c], h, d, dir;
                cost[c] = kind_cost[kind];
                if (kind != SHIFT && cost[c] >= 0) {
                    arc_of(&s, kind, &h, &d, &dir);
                    cost[c] += gold[d] == h && !(labels_of(spec, c, h) >> gold_label[d] & 1);
                }
            }
            int guess = best_move(spec, &s, scores), least = -1, best = -1;
            for (int c = 0; c < n_moves; c++)
                if (cost[c] >= 0 && (least < 0 || cost[c] < least))
                    least = cost[c];
            for (int c = 0; c < n_moves; c++)
                if (cost[c] == least && (best < 0 || scores[c] > scores[best]))
                    best = c;
            rc = hd_perceptron_learn(m->uni, fu, nu, best, guess);
            if (rc == 0)
                rc = hd_perceptron_learn(m->moves, fm, nm, best, guess);
            int follow = cost[guess] == least || (explore && next_random(random) % 10 < 9) ? guess : best;
            int kind = spec->move_kind[follow], label = -1;
            if (kind != SHIFT) {
                int h, d, dir;
                arc_of(&s, kind, &h, &d, &dir);
                uint64_t mask = labels_of(spec, follow, h);
                int right = gold[d] == h ? gold_label[d] : -1;
                label = label_step(m, &s, h, d, dir, mask, right, &rc);
                if (right >= 0 && (mask >> right & 1) && !explore)
                    label = right;
            }
            apply(&s, kind, label);
        }
        free(s.block);
    }
    free(forms);
    return rc;
}

/* The attributes of every training word (and of the root, "no word" and every relation). */
static int gather_vocabulary(vocabulary *v, const hd_conllu_sentence *train, const size_t *order, size_t used,
                             const hd_lexicon *lex, int upos, int n_labels)
{
    for (size_t r = 0; r < used; r++) {
        const hd_conllu_sentence *sent = &train[order[r]];
        int n = (int)sent->n;
        const char **forms = words_of(sent);
        state s;
        int rc = forms && state_init(&s, n, 0) == 0 ? 0 : -1;
        if (rc == 0) {
            set_words(&s, lex, forms, forms + n, upos ? forms + 2 * n : NULL);
            for (int k = 0; rc == 0 && k <= s.none; k++)
                for (int a = 0; rc == 0 && a < N_STATIC; a++)
                    rc = vocabulary_add(v, s.attr[(size_t)k * N_ATTRS + a], a);
            free(s.block);
        }
        free(forms);
        if (rc)
            return -1;
    }
    for (int l = -1; l < n_labels; l++)
        if (vocabulary_add(v, label_attr(l), A_L) != 0)
            return -1;
    return 0;
}

/* Freezes the model's averaged weights into an image as it would ship (malloc'ed) and, with a
 * dev set, scores it: `las` its LAS, `line` what to log. 0, or -1 when memory ran out. */
static int freeze_and_score(const models *m, const vocabulary *v, char *const *labels, int n_labels,
                            const hd_parser_options *o, const hd_conllu_sentence *dev, size_t n_dev, char **image,
                            size_t *size, double *las, char *line, size_t cap)
{
    *image = NULL;
    *size = 0;
    FILE *mem = open_memstream(image, size);
    int rc = mem && write_image(m, v, labels, n_labels, o->prune, mem) == 0 ? 0 : -1;
    if (mem && fclose(mem) != 0)
        rc = -1;
    snprintf(line, cap, "%zu bytes", *size);
    hd_parser p;
    char err[256];
    if (rc == 0 && dev && hd_parser_open(&p, *image, *size, err, sizeof err) == 0) {
        long words, uas, lab;
        hd_parser_score(&p, o->lexicon, dev, n_dev, &words, &uas, &lab);
        *las = words ? (double)lab / words : 0;
        snprintf(line, cap, "dev UAS %.2f%%, LAS %.2f%% (%ld words, %zu bytes: unigrams %llu, moves %llu, relations %llu)",
                 100.0 * uas / (words ? words : 1), 100.0 * lab / (words ? words : 1), words, *size,
                 (unsigned long long)p.uni.n_units * 4, (unsigned long long)(p.moves.mask + 1) * 2 * (unsigned)p.moves.width,
                 (unsigned long long)p.labels.n_units * 4);
    }
    return rc;
}

int hd_parser_train(const hd_conllu_sentence *train, size_t n, const hd_conllu_sentence *dev, size_t n_dev,
                    const hd_parser_options *opt, FILE *log, FILE *out)
{
    hd_parser_options o;
    if (opt)
        o = *opt;
    else
        hd_parser_default_options(&o);
    if (o.groups < 1)
        o.groups = 1;
    char *labels[MAX_LABELS];
    int n_labels = 0, rc = 0;
    /* the relations, each gold arc as numbers, and the sentences this parser can learn from */
    size_t total = 0, used = 0;
    for (size_t k = 0; k < n; k++)
        total += train[k].n + 1;
    int *gold = malloc((total + 1) * sizeof *gold), *gold_label = malloc((total + 1) * sizeof *gold_label);
    size_t *first = malloc((n + 1) * sizeof *first), *order = malloc((n + 1) * sizeof *order);
    models m = {.lexicon = o.lexicon != NULL, .spec.uses_upos = o.upos};
    long count[2][MAX_LABELS] = {{0}};
    if (!gold || !gold_label || !first || !order)
        rc = -1;
    size_t lifted = 0;
    for (size_t k = 0, at = 0; rc == 0 && k < n; k++) {
        first[k] = at;
        gold[at] = gold_label[at] = -1; /* the root */
        for (size_t i = 0; i < train[k].n; i++) {
            gold[at + 1 + i] = train[k].words[i].head;
            gold_label[at + 1 + i] = label_number(labels, &n_labels, train[k].words[i].deprel);
        }
        lifted += lift(gold + at, (int)train[k].n) > 0;
        for (size_t i = 0; i < train[k].n; i++) {
            int h = gold[at + 1 + i], d = (int)i + 1, l = gold_label[at + 1 + i];
            if (l >= 0 && h == 0)
                m.spec.root_labels |= (uint64_t)1 << l;
            else if (l >= 0)
                count[d < h ? DIR_LEFT : DIR_RIGHT][l]++;
        }
        at += train[k].n + 1;
        if (train[k].n > 0)
            order[used++] = k;
    }
    if (!m.spec.root_labels) /* a root training never saw may take any relation */
        m.spec.root_labels = n_labels >= 64 ? ~0ULL : ((uint64_t)1 << n_labels) - 1;
    make_moves(&m.spec, count, n_labels, o.groups > MAX_MOVES / 2 ? MAX_MOVES / 2 : o.groups);
    if (rc == 0 && n_labels > 0) {
        m.uni = hd_perceptron_new(m.spec.n_moves);
        m.moves = hd_perceptron_new(m.spec.n_moves);
        m.labels = hd_perceptron_new(n_labels);
    }
    vocabulary v = {0};
    if (!m.uni || !m.moves || !m.labels || gather_vocabulary(&v, train, order, used, o.lexicon, o.upos, n_labels) != 0)
        rc = -1;
    v.uni = m.uni;
    if (rc == 0 && log)
        fprintf(log, "parser: %zu sentences (%zu made projective), %d relations, %d move classes, %zu word attributes\n",
                used, lifted, n_labels, m.spec.n_moves, v.used);
    /* Several members: models that differ only in the order they read the sentences and the
     * wrong moves they follow, averaged into one. A linear model's average scores what the
     * members would score on average, so the ensemble parses at one model's cost. On EWT dev
     * (predicted tags) one model's best pass had UAS 85.45, LAS 82.07, its members about the
     * same, and the average of 3 members of 10 passes 85.59, 82.30, of 5 of 8 passes 85.70,
     * 82.38, of 7 of 8 passes 85.77, 82.45. Features of the kinds hd_parser.c has not (words
     * between s0 and b0, suffixes and shapes, third tags of the buffer, more relation
     * features) and more move classes had each bought less than 0.1. */
    int members = o.members > 1 ? o.members : 1;
    models sum = m; /* the members' average: the spec is the same, the weights its own */
    sum.uni = sum.moves = sum.labels = NULL;
    if (rc == 0 && members > 1) {
        sum.uni = hd_perceptron_new(m.spec.n_moves);
        sum.moves = hd_perceptron_new(m.spec.n_moves);
        sum.labels = hd_perceptron_new(n_labels);
        if (!sum.uni || !sum.moves || !sum.labels)
            rc = -1;
    }
    char *best_image = NULL;
    size_t best_size = 0;
    double best_las = -1;
    for (int member = 0; rc == 0 && member < members; member++) {
        if (member > 0) { /* a fresh model; the vocabulary stays */
            hd_perceptron_free(m.uni);
            hd_perceptron_free(m.moves);
            hd_perceptron_free(m.labels);
            v.uni = m.uni = hd_perceptron_new(m.spec.n_moves);
            m.moves = hd_perceptron_new(m.spec.n_moves);
            m.labels = hd_perceptron_new(n_labels);
            if (!m.uni || !m.moves || !m.labels)
                rc = -1;
        }
        uint64_t random = 0x2545f4914f6cdd1dULL ^ (o.seed + 7919u * (unsigned)member);
        for (int pass = 0; rc == 0 && pass < o.iterations; pass++) {
            for (size_t k = used; k > 1; k--) {
                size_t j = next_random(&random) % k, tmp = order[k - 1];
                order[k - 1] = order[j];
                order[j] = tmp;
            }
            for (size_t r = 0; rc == 0 && r < used; r++) {
                size_t k = order[r];
                rc = learn_sentence(&m, o.lexicon, &train[k], gold + first[k], gold_label + first[k], pass > 0, &random);
            }
            if (members > 1 && pass + 1 < o.iterations)
                continue; /* a member is scored once, when it is done */
            /* the pass's averaged weights, frozen as they would ship, scored on dev */
            char *image = NULL, line[256];
            size_t size = 0;
            double las = pass; /* without a dev set each pass beats the one before: the last is kept */
            if (rc == 0)
                rc = freeze_and_score(&m, &v, labels, n_labels, &o, dev, n_dev, &image, &size, &las, line, sizeof line);
            if (rc == 0 && log)
                fprintf(log, "%s %d: %s\n", members > 1 ? "member" : "pass", members > 1 ? member + 1 : pass + 1, line);
            if (rc == 0 && members == 1 && las > best_las) {
                free(best_image);
                best_image = image;
                best_size = size;
                best_las = las;
            } else
                free(image);
        }
        if (rc == 0 && members > 1 &&
            (hd_perceptron_merge(sum.uni, m.uni, 1.0 / members) != 0 ||
             hd_perceptron_merge(sum.moves, m.moves, 1.0 / members) != 0 ||
             hd_perceptron_merge(sum.labels, m.labels, 1.0 / members) != 0))
            rc = -1;
    }
    if (members > 1) {
        double las;
        char line[256];
        v.uni = sum.uni;
        if (rc == 0)
            rc = freeze_and_score(&sum, &v, labels, n_labels, &o, dev, n_dev, &best_image, &best_size, &las, line,
                                  sizeof line);
        if (rc == 0 && log)
            fprintf(log, "average of %d members: %s\n", members, line);
        hd_perceptron_free(sum.uni);
        hd_perceptron_free(sum.moves);
        hd_perceptron_free(sum.labels);
    }
    if (rc == 0 && (!best_image || fwrite(best_image, 1, best_size, out) != best_size || fflush(out) != 0))
        rc = -1;
    free(best_image);
    hd_perceptron_free(m.uni);
    hd_perceptron_free(m.moves);
    hd_perceptron_free(m.labels);
    free(v.keys);
    free(v.kinds);
    for (int i = 0; i < n_labels; i++)
        free(labels[i]);
    free(gold);
    free(gold_label);
    free(first);
    free(order);
    return rc;
}
