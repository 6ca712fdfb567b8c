/* hd_parser.c: the arc-hybrid dependency parser (see hd_parser.h): its state and moves, the
 * features it decides by, the dynamic oracle it learns from, and its image.
 *
 * The image is a header, the relation names, then the frozen perceptron weights:
 *   "HDPARSE2" | u32 relations | u32 bytes of names | u64 weights offset | u64 weights bytes |
 *   u32 flags (1: trained with lexicon classes) | u32 0
 *   names, each ending in NUL, padded to 8 bytes | weights (hd_perceptron.h)
 * A class of the perceptron is a move: 0 SHIFT, 1 + 2r LEFT(r), 2 + 2r RIGHT(r). */
#include "syntax/hd_parser.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hd_mapfile.h"

#define MAGIC "HDPARSE2"
#define MAX_LABELS 64
#define MAX_CLASSES (1 + 2 * MAX_LABELS)
#define MAX_FEATURES 128

enum { SHIFT = 0 };
static int is_left(int c) { return c > 0 && (c & 1); }
static int label_of(int c) { return (c - 1) / 2; }

/* ---- the state ------------------------------------------------------------------------------ */

/* Words are 1..n, 0 is the root; -1 stands for "no word" wherever a position is empty. */
typedef struct state {
    int n;
    int *stack, sp; /* stack[0] is the root */
    int b;          /* the first word of the buffer; n + 1 when it is empty */
    int *head, *label;
    int *l1, *l2, *r1, *r2; /* leftmost and second leftmost, rightmost and second rightmost children */
    int *nl, *nr;           /* how many children on each side */
    uint64_t *lset, *rset;  /* the relations of the children on each side, one bit each */
    uint64_t *w, *p, *c;    /* keys of each word's form, tag and lexicon class */
    void *block;
} state;

static int state_init(state *s, int n)
{
    size_t m = (size_t)n + 2;
    s->block = malloc(m * (10 * sizeof(int) + 5 * sizeof(uint64_t)));
    if (!s->block)
        return -1;
    uint64_t *u = s->block;
    s->lset = u;
    s->rset = u + m;
    s->w = u + 2 * m;
    s->p = u + 3 * m;
    s->c = u + 4 * m;
    int *i = (int *)(u + 5 * m);
    int **arrays[] = {&s->stack, &s->head, &s->label, &s->l1, &s->l2, &s->r1, &s->r2, &s->nl, &s->nr};
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++)
        *arrays[k] = i + k * m;
    s->n = n;
    for (int k = 0; k <= n; k++) {
        s->head[k] = s->label[k] = s->l1[k] = s->l2[k] = s->r1[k] = s->r2[k] = -1;
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

static void set_words(state *s, const hd_lexicon *lex, const char *const *forms, const char *const *tags)
{
    s->w[0] = 0x5eed0001;
    s->p[0] = 0x5eed0002;
    s->c[0] = 0x5eed0003;
    for (int k = 1; k <= s->n; k++) {
        s->w[k] = word_key(forms[k - 1]);
        s->p[k] = hd_hash_string(tags[k - 1]);
        s->c[k] = word_class(lex, forms[k - 1]);
    }
}

static int terminal(const state *s) { return s->b > s->n && s->sp == 1; }

static int valid(const state *s, int c)
{
    if (c == SHIFT)
        return s->b <= s->n;
    if (is_left(c))
        return s->b <= s->n && s->sp >= 2;
    /* the root takes its dependent only once the buffer is empty: one root per sentence */
    return s->sp >= 2 && (s->stack[s->sp - 2] != 0 || s->b > s->n);
}

static void add_arc(state *s, int h, int d, int label)
{
    s->head[d] = h;
    s->label[d] = label;
    uint64_t bit = (uint64_t)1 << (label & 63);
    if (d < h) {
        s->nl[h]++;
        s->lset[h] |= bit;
        if (s->l1[h] < 0 || d < s->l1[h]) {
            s->l2[h] = s->l1[h];
            s->l1[h] = d;
        } else if (s->l2[h] < 0 || d < s->l2[h])
            s->l2[h] = d;
    } else {
        s->nr[h]++;
        s->rset[h] |= bit;
        if (s->r1[h] < 0 || d > s->r1[h]) {
            s->r2[h] = s->r1[h];
            s->r1[h] = d;
        } else if (s->r2[h] < 0 || d > s->r2[h])
            s->r2[h] = d;
    }
}

static void apply(state *s, int c)
{
    if (c == SHIFT) {
        s->stack[s->sp++] = s->b++;
        return;
    }
    int d = s->stack[--s->sp];
    add_arc(s, is_left(c) ? s->b : s->stack[s->sp - 1], d, label_of(c));
}

/* ---- features ------------------------------------------------------------------------------- */

#define NONE 0x9e3779b97f4a7c15ULL

static int features(const state *s, int lexicon, uint64_t *f)
{
    int sp = s->sp, n = s->n;
    int s0 = sp >= 1 ? s->stack[sp - 1] : -1, s1 = sp >= 2 ? s->stack[sp - 2] : -1, s2 = sp >= 3 ? s->stack[sp - 3] : -1;
    int b0 = s->b <= n ? s->b : -1, b1 = s->b + 1 <= n ? s->b + 1 : -1, b2 = s->b + 2 <= n ? s->b + 2 : -1;
    int s0l1 = s0 >= 0 ? s->l1[s0] : -1, s0l2 = s0 >= 0 ? s->l2[s0] : -1;
    int s0r1 = s0 >= 0 ? s->r1[s0] : -1, s0r2 = s0 >= 0 ? s->r2[s0] : -1;
    int s1l1 = s1 >= 0 ? s->l1[s1] : -1, s1r1 = s1 >= 0 ? s->r1[s1] : -1;
    int b0l1 = b0 >= 0 ? s->l1[b0] : -1, b0l2 = b0 >= 0 ? s->l2[b0] : -1;
#define W(i) ((i) >= 0 ? s->w[i] : NONE)
#define P(i) ((i) >= 0 ? s->p[i] : NONE + 1)
#define L(i) ((i) >= 0 ? (uint64_t)s->label[i] + 7 : NONE + 2)
    uint64_t s0w = W(s0), s0p = P(s0), s1w = W(s1), s1p = P(s1), b0w = W(b0), b0p = P(b0);
    uint64_t b1w = W(b1), b1p = P(b1), b2w = W(b2), b2p = P(b2), s2p = P(s2);
    uint64_t s0wp = hd_mix(s0w, s0p), b0wp = hd_mix(b0w, b0p), s1wp = hd_mix(s1w, s1p), b1wp = hd_mix(b1w, b1p);
    int d0 = s0 > 0 && b0 >= 0 ? b0 - s0 : 0, d1 = s1 > 0 ? s0 - s1 : 0;
    uint64_t dist = d0 > 9 ? 10 : d0 > 6 ? 7 : d0 > 4 ? 5 : (uint64_t)d0;
    uint64_t dist1 = d1 > 9 ? 10 : d1 > 6 ? 7 : d1 > 4 ? 5 : (uint64_t)d1;
    uint64_t s0vl = s0 >= 0 ? (uint64_t)s->nl[s0] : 99, s0vr = s0 >= 0 ? (uint64_t)s->nr[s0] : 99;
    uint64_t b0vl = b0 >= 0 ? (uint64_t)s->nl[b0] : 99, s1vr = s1 >= 0 ? (uint64_t)s->nr[s1] : 99;
    uint64_t s0ls = s0 >= 0 ? s->lset[s0] : 1, s0rs = s0 >= 0 ? s->rset[s0] : 1, b0ls = b0 >= 0 ? s->lset[b0] : 1;
    int k = 0, t = 0;
#define F1(a) f[k++] = hd_mix((uint64_t)++t, (a))
#define F2(a, b) f[k++] = hd_mix(hd_mix((uint64_t)++t, (a)), (b))
#define F3(a, b, c) f[k++] = hd_mix(hd_mix(hd_mix((uint64_t)++t, (a)), (b)), (c))
    /* the words themselves */
    F1(s0wp); F1(s0w); F1(s0p);
    F1(b0wp); F1(b0w); F1(b0p);
    F1(b1wp); F1(b1w); F1(b1p);
    F2(b2w, b2p); F1(b2w); F1(b2p);
    F1(s1wp); F1(s1w); F1(s1p);
    F1(s2p);
    /* pairs: the two words a move would join */
    F2(s0wp, b0wp); F2(s0wp, b0w); F2(s0w, b0wp); F2(s0wp, b0p); F2(s0p, b0wp); F2(s0w, b0w); F2(s0p, b0p);
    F2(b0p, b1p);
    F2(s1p, s0p); F2(s1w, s0w); F2(s1wp, s0p); F2(s1p, s0wp); F2(s1wp, s0wp);
    /* s1 and b0: the two heads the top of the stack may go to */
    F2(s1p, b0p); F2(s1wp, b0p); F2(s1p, b0wp); F3(s1w, s0p, b0w); F3(s1p, s0w, b0p);
    /* three tags */
    F3(b0p, b1p, b2p); F3(s0p, b0p, b1p); F3(s1p, s0p, b0p); F3(s2p, s1p, s0p);
    F3(s0p, P(s0l1), b0p); F3(s0p, P(s0r1), b0p); F3(s0p, b0p, P(b0l1));
    F3(s1p, P(s1r1), s0p); F3(s1p, s0p, P(s0l1)); F3(s1p, s0p, P(s0r1)); F3(s1p, P(s1l1), s0p);
    /* distance */
    F2(s0w, dist); F2(s0p, dist); F2(b0w, dist); F2(b0p, dist); F3(s0w, b0w, dist); F3(s0p, b0p, dist);
    F3(s1p, s0p, dist1); F3(s1w, s0w, dist1);
    /* valency */
    F2(s0w, s0vr); F2(s0p, s0vr); F2(s0w, s0vl); F2(s0p, s0vl); F2(b0w, b0vl); F2(b0p, b0vl); F2(s1p, s1vr);
    /* children */
    F1(W(s0l1)); F1(P(s0l1)); F1(L(s0l1)); F1(W(s0r1)); F1(P(s0r1)); F1(L(s0r1));
    F1(W(b0l1)); F1(P(b0l1)); F1(L(b0l1));
    F1(W(s1r1)); F1(P(s1r1)); F1(L(s1r1)); F1(P(s1l1)); F1(L(s1l1));
    F1(W(s0l2)); F1(P(s0l2)); F1(L(s0l2)); F1(W(s0r2)); F1(P(s0r2)); F1(L(s0r2));
    F1(W(b0l2)); F1(P(b0l2)); F1(L(b0l2));
    F3(s0p, P(s0l1), P(s0l2)); F3(s0p, P(s0r1), P(s0r2)); F3(b0p, P(b0l1), P(b0l2));
    F2(s0p, L(s0l1)); F2(s0p, L(s0r1)); F2(b0p, L(b0l1));
    /* the relations a word has taken so far */
    F2(s0w, s0ls); F2(s0p, s0ls); F2(s0w, s0rs); F2(s0p, s0rs); F2(b0w, b0ls); F2(b0p, b0ls);
    if (lexicon) { /* what the lexicon says the words can be, whatever the tagger chose */
#define C(i) ((i) >= 0 ? s->c[i] : NONE + 3)
        F1(C(s0)); F1(C(b0)); F1(C(b1)); F1(C(s1));
        F2(C(s0), C(b0)); F2(C(s0), b0p); F2(s0p, C(b0)); F2(C(s1), C(s0)); F3(C(s0), C(b0), C(b1));
        F2(s0w, C(b0)); F2(C(s0), b0w);
#undef C
    }
#undef F1
#undef F2
#undef F3
#undef W
#undef P
#undef L
    return k;
}

/* ---- the dynamic oracle --------------------------------------------------------------------- */

/* How many gold arcs still reachable each kind of move would lose (Goldberg and Nivre 2013,
 * arc-hybrid), with the root restricted to its one dependent at the end. */
static void move_costs(const state *s, const int *gold, int *shift, int *left, int *right)
{
    int sp = s->sp, b = s->b, n = s->n;
    int s0 = s->stack[sp - 1], s1 = sp >= 2 ? s->stack[sp - 2] : -1;
    *shift = *left = *right = 0;
    if (b <= n)
        for (int i = 0; i < sp; i++) {
            int k = s->stack[i];
            *shift += k != 0 && gold[k] == b;   /* b can no longer take k */
            *shift += i != sp - 1 && gold[b] == k; /* nor be taken by k, under s0 */
        }
    if (sp >= 2) {
        int lost_children = 0;
        for (int k = b; k <= n; k++)
            lost_children += gold[k] == s0;
        *left = lost_children + (gold[s0] != b && (gold[s0] == s1 || gold[s0] > b));
        *right = lost_children + (gold[s0] != s1 && b <= n && gold[s0] >= b);
    }
}

/* The cost of every valid move with its relation; -1 for invalid moves. */
static void all_costs(const state *s, const int *gold, const int *gold_label, int n_classes, int *cost)
{
    int sh, le, ri;
    move_costs(s, gold, &sh, &le, &ri);
    int s0 = s->stack[s->sp - 1], s1 = s->sp >= 2 ? s->stack[s->sp - 2] : -1;
    for (int c = 0; c < n_classes; c++) {
        if (!valid(s, c))
            cost[c] = -1;
        else if (c == SHIFT)
            cost[c] = sh;
        else if (is_left(c))
            cost[c] = le + (gold[s0] == s->b && gold_label[s0] != label_of(c));
        else
            cost[c] = ri + (gold[s0] == s1 && gold_label[s0] != label_of(c));
    }
}

/* ---- parsing -------------------------------------------------------------------------------- */

static int best_valid(const state *s, const float *scores, int n_classes)
{
    int can_left = valid(s, 1), can_right = valid(s, 2);
    int best = valid(s, SHIFT) ? SHIFT : -1;
    for (int c = 1; c < n_classes; c++)
        if ((is_left(c) ? can_left : can_right) && (best < 0 || scores[c] > scores[best]))
            best = c;
    return best;
}

int hd_parser_parse(const hd_parser *p, const hd_lexicon *lex, const char *const *forms,
                    const char *const *tags, size_t n, int *heads, int *labels)
{
    if (n == 0)
        return 0;
    if (n > 100000)
        return -1;
    state s;
    if (state_init(&s, (int)n) != 0)
        return -1;
    set_words(&s, p->uses_lexicon ? lex : NULL, forms, tags);
    int n_classes = p->weights.n_classes;
    uint64_t f[MAX_FEATURES];
    float scores[MAX_CLASSES];
    while (!terminal(&s)) {
        int nf = features(&s, p->uses_lexicon, f);
        memset(scores, 0, (size_t)n_classes * sizeof *scores);
        hd_weights_score(&p->weights, f, nf, scores);
        apply(&s, best_valid(&s, scores, n_classes));
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

/* The universal part of a relation ("nsubj" of "nsubj:pass") is what LAS compares in CoNLL 2018;
 * this parser predicts subtypes, and they are scored whole here: the stricter figure. */
void hd_parser_score(const hd_parser *p, const hd_lexicon *lex, const hd_conllu_sentence *s, size_t n,
                     long *words, long *heads_right, long *labels_right)
{
    *words = *heads_right = *labels_right = 0;
    for (size_t k = 0; k < n; k++) {
        size_t m = s[k].n;
        const char **forms = malloc((m + 1) * sizeof *forms), **tags = malloc((m + 1) * sizeof *tags);
        int *heads = malloc((m + 1) * sizeof *heads), *labels = malloc((m + 1) * sizeof *labels);
        if (forms && tags && heads && labels) {
            for (size_t i = 0; i < m; i++) {
                forms[i] = s[k].words[i].form;
                tags[i] = s[k].words[i].xpos;
            }
            if (hd_parser_parse(p, lex, forms, tags, m, heads, labels) == 0)
                for (size_t i = 0; i < m; i++) {
                    int right = heads[i] == s[k].words[i].head;
                    *heads_right += right;
                    *labels_right += right && !strcmp(hd_parser_label(p, labels[i]), s[k].words[i].deprel);
                }
            *words += (long)m;
        }
        free(forms);
        free(tags);
        free(heads);
        free(labels);
    }
}

/* ---- the image ------------------------------------------------------------------------------ */

typedef struct image_header {
    char magic[8];
    uint32_t n_labels, names_size;
    uint64_t weights_offset, weights_size;
    uint32_t flags, zero;
} image_header;
#define USES_LEXICON 1u

int hd_parser_open(hd_parser *p, const void *data, size_t size, char *err, size_t errlen)
{
    image_header h;
    if (hd_image_header(data, size, MAGIC, &h, sizeof h, "parser", err, errlen) != 0)
        return -1;
    if (h.n_labels < 1 || h.n_labels > MAX_LABELS || h.names_size > size - sizeof h || h.weights_offset & 7 ||
        h.weights_offset < sizeof h + h.names_size || h.weights_offset > size || h.weights_size > size - h.weights_offset) {
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
    if (hd_weights_open(&p->weights, (const char *)data + h.weights_offset, h.weights_size, err, errlen) != 0)
        return -1;
    if (p->weights.n_classes != 1 + 2 * p->n_labels) {
        snprintf(err, errlen, "parser: %d moves for %d relations", p->weights.n_classes, p->n_labels);
        return -1;
    }
    return 0;
}

static int write_image(const hd_perceptron *model, char *const *labels, int n_labels, double prune, int lexicon,
                       FILE *out)
{
    size_t names_size = 0;
    for (int i = 0; i < n_labels; i++)
        names_size += strlen(labels[i]) + 1;
    size_t pad = (8 - names_size % 8) % 8;
    image_header h = {.n_labels = (uint32_t)n_labels, .names_size = (uint32_t)names_size,
                      .flags = lexicon ? USES_LEXICON : 0};
    memcpy(h.magic, MAGIC, 8);
    h.weights_offset = sizeof h + names_size + pad;
    /* the weights' size goes in the header: freeze them first, in memory */
    char *weights = NULL;
    size_t weights_size = 0;
    FILE *mem = open_memstream(&weights, &weights_size);
    if (!mem)
        return -1;
    size_t written = hd_perceptron_write(model, mem, prune);
    int rc = fclose(mem) == 0 && written ? 0 : -1;
    h.weights_size = weights_size;
    static const char zeros[8];
    if (rc == 0 && fwrite(&h, sizeof h, 1, out) != 1)
        rc = -1;
    for (int i = 0; rc == 0 && i < n_labels; i++)
        if (fwrite(labels[i], strlen(labels[i]) + 1, 1, out) != 1)
            rc = -1;
    if (rc == 0 && (fwrite(zeros, 1, pad, out) != pad || fwrite(weights, 1, weights_size, out) != weights_size))
        rc = -1;
    free(weights);
    return rc == 0 && fflush(out) == 0 ? 0 : -1;
}

/* ---- training ------------------------------------------------------------------------------- */

void hd_parser_default_options(hd_parser_options *o)
{
    o->iterations = 15;
    o->seed = 1;
    o->prune = 0;
    o->lexicon = NULL;
}

static int projective(const hd_conllu_sentence *s)
{
    for (size_t i = 0; i < s->n; i++) {
        int d = (int)i + 1, h = s->words[i].head, lo = d < h ? d : h, hi = d < h ? h : d;
        for (int k = lo + 1; k < hi; k++) { /* every word between must descend from h */
            int a = k;
            for (size_t steps = 0; a != h && a != 0 && steps <= s->n; steps++)
                a = s->words[a - 1].head;
            if (a != h)
                return 0;
        }
    }
    return 1;
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

/* One pass of learning over one sentence; `explore` lets the parser follow its own wrong moves. */
static int learn_sentence(hd_perceptron *model, const hd_lexicon *lex, const hd_conllu_sentence *sent,
                          const int *gold, const int *gold_label, int explore, uint64_t *random)
{
    int n = (int)sent->n, n_classes = hd_perceptron_classes(model);
    const char **forms = malloc(((size_t)n + 1) * sizeof *forms), **tags = malloc(((size_t)n + 1) * sizeof *tags);
    state s;
    int rc = forms && tags && state_init(&s, n) == 0 ? 0 : -1;
    if (rc == 0) {
        for (int i = 0; i < n; i++) {
            forms[i] = sent->words[i].form;
            tags[i] = sent->words[i].xpos;
        }
        set_words(&s, lex, forms, tags);
        uint64_t f[MAX_FEATURES];
        float scores[MAX_CLASSES];
        int cost[MAX_CLASSES];
        while (rc == 0 && !terminal(&s)) {
            int nf = features(&s, lex != NULL, f);
            memset(scores, 0, (size_t)n_classes * sizeof *scores);
            hd_perceptron_score(model, f, nf, scores);
            all_costs(&s, gold, gold_label, n_classes, cost);
            int guess = best_valid(&s, scores, n_classes), least = -1, best = -1;
            for (int c = 0; c < n_classes; c++)
                if (cost[c] >= 0 && (least < 0 || cost[c] < least))
                    least = cost[c];
            for (int c = 0; c < n_classes; c++)
                if (cost[c] == least && (best < 0 || scores[c] > scores[best]))
                    best = c;
            rc = hd_perceptron_learn(model, f, nf, best, guess);
            int follow = cost[guess] == least || (explore && next_random(random) % 10 < 9) ? guess : best;
            apply(&s, follow);
        }
        free(s.block);
    }
    free(forms);
    free(tags);
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
    char *labels[MAX_LABELS];
    int n_labels = 0, rc = 0;
    /* the relations, each gold arc as numbers, and the sentences this parser can learn from */
    size_t total = 0, used = 0;
    for (size_t k = 0; k < n; k++)
        total += train[k].n + 1;
    int *gold = malloc((total + 1) * sizeof *gold), *gold_label = malloc((total + 1) * sizeof *gold_label);
    size_t *first = malloc((n + 1) * sizeof *first), *order = malloc((n + 1) * sizeof *order);
    if (!gold || !gold_label || !first || !order)
        rc = -1;
    for (size_t k = 0, at = 0; rc == 0 && k < n; k++) {
        first[k] = at;
        gold[at] = gold_label[at] = -1; /* the root */
        for (size_t i = 0; i < train[k].n; i++) {
            gold[at + 1 + i] = train[k].words[i].head;
            gold_label[at + 1 + i] = label_number(labels, &n_labels, train[k].words[i].deprel);
        }
        at += train[k].n + 1;
        if (train[k].n > 0 && projective(&train[k]))
            order[used++] = k;
    }
    hd_perceptron *model = rc == 0 && n_labels > 0 ? hd_perceptron_new(1 + 2 * n_labels) : NULL;
    if (!model)
        rc = -1;
    if (rc == 0 && log)
        fprintf(log, "parser: %zu of %zu sentences projective, %d relations\n", used, n, n_labels);
    char *best_image = NULL;
    size_t best_size = 0;
    double best_las = -1;
    uint64_t random = 0x2545f4914f6cdd1dULL ^ o.seed;
    for (int pass = 0; rc == 0 && pass < o.iterations; pass++) {
        for (size_t k = used; k > 1; k--) {
            size_t j = next_random(&random) % k, tmp = order[k - 1];
            order[k - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t r = 0; rc == 0 && r < used; r++) {
            size_t k = order[r];
            rc = learn_sentence(model, o.lexicon, &train[k], gold + first[k], gold_label + first[k], pass > 0, &random);
        }
        /* the pass's averaged weights, frozen as they would ship, scored on dev */
        char *image = NULL;
        size_t size = 0;
        FILE *mem = rc == 0 ? open_memstream(&image, &size) : NULL;
        if (!mem || write_image(model, labels, n_labels, o.prune, o.lexicon != NULL, mem) != 0)
            rc = -1;
        if (mem)
            fclose(mem);
        double las = pass; /* without a dev set each pass beats the one before: the last is kept */
        hd_parser p;
        char err[256];
        if (rc == 0 && dev && hd_parser_open(&p, image, size, err, sizeof err) == 0) {
            long words, uas, lab;
            hd_parser_score(&p, o.lexicon, dev, n_dev, &words, &uas, &lab);
            las = words ? (double)lab / words : 0;
            if (log)
                fprintf(log, "pass %d: dev UAS %.2f%%, LAS %.2f%% (%ld words, %zu bytes)\n", pass + 1,
                        100.0 * uas / words, 100.0 * lab / words, words, size);
        }
        if (rc == 0 && las > best_las) {
            free(best_image);
            best_image = image;
            best_size = size;
            best_las = las;
        } else
            free(image);
    }
    if (rc == 0 && (!best_image || fwrite(best_image, 1, best_size, out) != best_size || fflush(out) != 0))
        rc = -1;
    free(best_image);
    hd_perceptron_free(model);
    for (int i = 0; i < n_labels; i++)
        free(labels[i]);
    free(gold);
    free(gold_label);
    free(first);
    free(order);
    return rc;
}
