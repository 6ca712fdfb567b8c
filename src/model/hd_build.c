/* hd_build.c: the dictionary image builder (see hd_build.h).
 *
 * Holds growable tables while entries arrive, then lays them out as the flat, position-
 * independent sections of hd_model.h. Phrases are tokenised with the runtime tokenizer so a
 * dictionary phrase and a sentence always split the same way. */
#include "model/hd_build.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hd_buf.h"
#include "base/hd_grow.h"
#include "model/hd_word_class.h"
#include "text/hd_token.h"

#define VEC(T)                                                                                   \
    struct {                                                                                     \
        T *v;                                                                                    \
        size_t n, cap;                                                                           \
    }

#define VPUSH(vec, val)                                                                          \
    (hd_grow((void **)&(vec).v, &(vec).cap, (vec).n + 1, sizeof *(vec).v) == 0                   \
         ? ((vec).v[(vec).n++] = (val), 0)                                                       \
         : -1)

typedef struct bword {
    uint32_t text; /* pool offset */
    uint32_t tags;
    uint32_t lemma; /* HD_NONE: itself */
    uint8_t best;
    uint8_t seen_cap, seen_lower;
    int8_t valence;
    uint8_t function; /* hd_builder_function_word() */
    /* noun classes (enum hd_noun_class), kept apart by origin until the image is laid out */
    uint32_t nc_common;   /* WordNet senses written in lowercase ("price") */
    uint32_t nc_name;     /* WordNet senses of a capitalised entry, a name ("Price") */
    uint32_t nc_imported; /* from a base model (hd_builder_import_model) */
    uint32_t nc_extra;    /* given by hand (dict/roles.txt `class` lines) */
} bword;

typedef struct bentry {
    uint32_t node;
    uint32_t prev_same; /* index + 1 of the previous entry of the same node, 0 = none */
    hd_entry e;
} bentry;

typedef struct bedge {
    uint32_t parent, word, child;
} bedge;

/* Open-addressing set of uint32 values; keys are derived from values through a callback. */
typedef struct umap {
    uint32_t *slots;
    size_t cap, n;
} umap;

struct hd_builder {
    uint32_t flags; /* HD_MODEL_* for the image header */
    uint8_t actor_kind; /* enum hd_actor_kind given to the actors added next */
    hd_buf syntax;      /* the syntax image to embed, as given */
    hd_buf typing;      /* the classifiers to embed, one after the other */
    uint32_t n_typing;
    hd_buf pool;
    umap pool_map; /* interned strings, values are pool offsets */
    VEC(bword) words;
    umap word_map; /* values are word ids */
    VEC(uint32_t) node_count; /* one per trie node: index + 1 of its last entry, 0 = none */
    VEC(bedge) edges;
    umap edge_map; /* values are edge indexes */
    VEC(bentry) entries;
    VEC(hd_actor_code) actor_codes;
    VEC(hd_block) blocks;
    VEC(hd_pattern) patterns;
    VEC(hd_elem) elems;
    VEC(hd_synset) synsets;
    VEC(hd_phrase) phrases;   /* synset phrases */
    VEC(uint32_t) phrase_words;
    VEC(hd_cameo) cameo;
    VEC(hd_taxon_rule) taxonomy; /* in the order given */
    hd_role roles[HD_ROLE_ROOTS]; /* role restrictions by CAMEO root */
    int has_roles;              /* write S_ROLES (hd_builder_role was called) */
    int has_noun_classes;       /* write S_NOUN_CLASSES (some word got classes) */
    VEC(hd_word_class) word_classes; /* kept sorted by text, one record a word */
    /* synset phrases are collected per synset before layout */
    VEC(uint32_t) syn_of_phrase;
};

/* ---- interning ------------------------------------------------------------------------- */

static uint32_t hash_str(const char *s) { return hd_hash_bytes(s, strlen(s)); }

static int umap_rehash(umap *m, size_t cap, uint32_t (*hash)(const hd_builder *, uint32_t),
                       const hd_builder *b)
{
    uint32_t *slots = malloc(cap * sizeof *slots);
    if (!slots)
        return -1;
    memset(slots, 0xff, cap * sizeof *slots);
    for (size_t i = 0; i < m->cap; i++) {
        uint32_t v = m->slots[i];
        if (v == HD_NONE)
            continue;
        size_t j = hash(b, v) & (cap - 1);
        while (slots[j] != HD_NONE)
            j = (j + 1) & (cap - 1);
        slots[j] = v;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

static uint32_t pool_hash(const hd_builder *b, uint32_t off) { return hash_str(b->pool.data + off); }
static uint32_t word_hash(const hd_builder *b, uint32_t id) { return hash_str(b->pool.data + b->words.v[id].text); }
static uint32_t edge_hash(const hd_builder *b, uint32_t i)
{
    return hd_hash_edge(b->edges.v[i].parent, b->edges.v[i].word);
}

static int umap_need(umap *m, uint32_t (*hash)(const hd_builder *, uint32_t), const hd_builder *b)
{
    if ((m->n + 1) * 2 > m->cap)
        return umap_rehash(m, m->cap ? m->cap * 2 : 1024, hash, b);
    return 0;
}

static uint32_t intern(hd_builder *b, const char *s)
{
    if (umap_need(&b->pool_map, pool_hash, b) != 0)
        return 0;
    size_t mask = b->pool_map.cap - 1;
    size_t i = hash_str(s) & mask;
    for (; b->pool_map.slots[i] != HD_NONE; i = (i + 1) & mask)
        if (strcmp(b->pool.data + b->pool_map.slots[i], s) == 0)
            return b->pool_map.slots[i];
    uint32_t off = (uint32_t)b->pool.len;
    if (hd_buf_append(&b->pool, s, strlen(s) + 1) != 0)
        return 0;
    b->pool.len = off + strlen(s) + 1; /* keep the NUL inside the pool */
    b->pool_map.slots[i] = off;
    b->pool_map.n++;
    return off;
}

static void lower_copy(char *dst, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    dst[n] = '\0';
}

/* Word id for the lowercase form of s[0..n); created when absent. */
static uint32_t word_id(hd_builder *b, const char *s, size_t n)
{
    char low[256];
    if (n >= sizeof low)
        n = sizeof low - 1;
    lower_copy(low, s, n);
    if (umap_need(&b->word_map, word_hash, b) != 0)
        return HD_NONE;
    size_t mask = b->word_map.cap - 1;
    size_t i = hash_str(low) & mask;
    for (; b->word_map.slots[i] != HD_NONE; i = (i + 1) & mask)
        if (strcmp(b->pool.data + b->words.v[b->word_map.slots[i]].text, low) == 0)
            return b->word_map.slots[i];
    bword w = {intern(b, low), 0, HD_NONE, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    if (VPUSH(b->words, w) != 0)
        return HD_NONE;
    uint32_t id = (uint32_t)(b->words.n - 1);
    b->word_map.slots[i] = id;
    b->word_map.n++;
    return id;
}

static uint32_t word_find(const hd_builder *b, const char *s)
{
    if (!b->word_map.cap)
        return HD_NONE;
    char low[256];
    size_t n = strlen(s);
    if (n >= sizeof low)
        return HD_NONE;
    lower_copy(low, s, n);
    size_t mask = b->word_map.cap - 1;
    for (size_t i = hash_str(low) & mask; b->word_map.slots[i] != HD_NONE; i = (i + 1) & mask)
        if (strcmp(b->pool.data + b->words.v[b->word_map.slots[i]].text, low) == 0)
            return b->word_map.slots[i];
    return HD_NONE;
}

static int in_lexicon(const hd_builder *b, const char *s)
{
    uint32_t id = word_find(b, s);
    return id != HD_NONE && b->words.v[id].tags != 0;
}

/* ---- life cycle ------------------------------------------------------------------------ */

hd_builder *hd_builder_new(void)
{
    hd_builder *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    uint32_t root = 0;
    intern(b, ""); /* offset 0 is the empty string */
    if (VPUSH(b->node_count, root) != 0) {
        hd_builder_free(b);
        return NULL;
    }
    return b;
}

void hd_builder_free(hd_builder *b)
{
    if (!b)
        return;
    hd_buf_free(&b->syntax);
    hd_buf_free(&b->typing);
    hd_buf_free(&b->pool);
    free(b->pool_map.slots);
    free(b->words.v);
    free(b->word_map.slots);
    free(b->node_count.v);
    free(b->edges.v);
    free(b->edge_map.slots);
    free(b->entries.v);
    free(b->actor_codes.v);
    free(b->blocks.v);
    free(b->patterns.v);
    free(b->elems.v);
    free(b->synsets.v);
    free(b->phrases.v);
    free(b->phrase_words.v);
    free(b->cameo.v);
    free(b->taxonomy.v);
    free(b->syn_of_phrase.v);
    free(b->word_classes.v);
    free(b);
}

static int set_err(char *err, size_t errlen, const char *fmt, const char *arg)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, arg);
    return -1;
}

/* ---- lexicon --------------------------------------------------------------------------- */

void hd_builder_lexicon(hd_builder *b, const char *word, size_t n, uint32_t tags, int best)
{
    uint32_t id = word_id(b, word, n);
    if (id == HD_NONE)
        return;
    bword *w = &b->words.v[id];
    int capital = n && word[0] >= 'A' && word[0] <= 'Z';
    /* the lower-case entry describes the common use of a word: its best tag wins */
    if (best >= 0 && (w->tags == 0 || (!capital && !w->seen_lower)))
        w->best = (uint8_t)best;
    w->tags |= tags;
    if (capital)
        w->seen_cap = 1;
    else
        w->seen_lower = 1;
}

void hd_builder_valence(hd_builder *b, const char *word, size_t n, int valence)
{
    uint32_t id = word_id(b, word, n);
    if (id != HD_NONE)
        b->words.v[id].valence = (int8_t)(valence < -5 ? -5 : valence > 5 ? 5 : valence);
}

void hd_builder_function_word(hd_builder *b, const char *word)
{
    uint32_t id = word_id(b, word, strlen(word));
    if (id != HD_NONE)
        b->words.v[id].function = 1;
}

static int is_function_word(const bword *w)
{
    return w->function || (w->tags && (TAGBIT(w->best) & TAGS_FUNCTION));
}

int hd_builder_function_phrase(hd_builder *b, const char *phrase)
{
    char tmp[512];
    size_t n = strlen(phrase);
    if (n >= sizeof tmp)
        return 0;
    for (size_t i = 0; i < n; i++)
        tmp[i] = phrase[i] == '_' ? ' ' : phrase[i];
    tmp[n] = '\0';
    hd_span sp[64];
    size_t nt = hd_tokenize(tmp, n, sp, 64);
    if (nt > 64)
        return 0;
    for (size_t i = 0; i < nt; i++) {
        char w[256];
        size_t wl = sp[i].end - sp[i].start;
        if (wl >= sizeof w)
            return 0;
        memcpy(w, tmp + sp[i].start, wl);
        w[wl] = '\0';
        int letters = 0;
        for (size_t k = 0; k < wl; k++)
            letters |= isalnum((unsigned char)w[k]) || (unsigned char)w[k] >= 0x80;
        if (!letters)
            continue;
        uint32_t id = word_find(b, w);
        if (id == HD_NONE || !is_function_word(&b->words.v[id]))
            return 0;
    }
    return nt > 0;
}

void hd_builder_lemma(hd_builder *b, const char *form, const char *lemma)
{
    uint32_t f = word_id(b, form, strlen(form));
    uint32_t l = word_id(b, lemma, strlen(lemma));
    if (f != HD_NONE && l != HD_NONE && f != l && b->words.v[f].lemma == HD_NONE)
        b->words.v[f].lemma = l;
}

/* ---- noun classes and role restrictions ------------------------------------------------- */

int hd_builder_noun_classes(hd_builder *b, const char *word, uint32_t classes, int origin)
{
    uint32_t id = word_find(b, word);
    if (id == HD_NONE)
        return 0;
    bword *w = &b->words.v[id];
    classes &= HD_NC_ALL;
    switch (origin) {
    case HD_NC_FROM_NAME: w->nc_name |= classes; break;
    case HD_NC_FROM_HAND: w->nc_extra |= classes; break;
    default: w->nc_common |= classes; break;
    }
    b->has_noun_classes = 1;
    return 1;
}

int hd_builder_role(hd_builder *b, int from, int to, int patient, uint32_t classes, char *err, size_t errlen)
{
    if (from < 1 || to > HD_ROLE_ROOTS || from > to) {
        if (err && errlen)
            snprintf(err, errlen, "CAMEO roots %02d-%02d: roots run from 01 to %02d", from, to, HD_ROLE_ROOTS);
        return -1;
    }
    if (!classes || (classes & ~HD_NC_ALL))
        return set_err(err, errlen, "%s restriction without noun classes", patient ? "patient" : "agent");
    for (int r = from; r <= to; r++) {
        if (patient)
            b->roles[r - 1].patient |= classes;
        else
            b->roles[r - 1].agent |= classes;
    }
    b->has_roles = 1;
    return 0;
}

/* ---- word classes ------------------------------------------------------------------------ */

/* The one record of a word, kept sorted by text (a word given twice stays one record, and the
 * image's table is searched by text), with these classes and lists ORed in. */
static int word_record(hd_builder *b, const char *word, uint64_t classes, uint32_t lists, char *err, size_t errlen)
{
    size_t n = strlen(word);
    if (n == 0 || n > 63)
        return set_err(err, errlen, "'%.80s' is empty or longer than 63 bytes", word);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)word[i] <= ' ' || (word[i] >= 'A' && word[i] <= 'Z'))
            return set_err(err, errlen, "'%.80s' is not one lowercase word", word);
    size_t lo = 0, hi = b->word_classes.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(b->pool.data + b->word_classes.v[mid].text, word);
        if (c == 0) {
            b->word_classes.v[mid].classes |= classes;
            b->word_classes.v[mid].lists |= lists;
            return 0;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t text = intern(b, word);
    if (strcmp(b->pool.data + text, word) != 0 ||
        hd_grow((void **)&b->word_classes.v, &b->word_classes.cap, b->word_classes.n + 1, sizeof *b->word_classes.v) != 0)
        return set_err(err, errlen, "out of memory at '%.80s'", word);
    memmove(&b->word_classes.v[lo + 1], &b->word_classes.v[lo], (b->word_classes.n - lo) * sizeof *b->word_classes.v);
    b->word_classes.v[lo] = (hd_word_class){text, lists, classes};
    b->word_classes.n++;
    return 0;
}

int hd_builder_word_class(hd_builder *b, const char *word, uint64_t classes, char *err, size_t errlen)
{
    if (!classes || (classes & ~hd_word_class_known()))
        return set_err(err, errlen, "'%.80s': no class or a class the coder does not know", word);
    return word_record(b, word, classes, 0, err, errlen);
}

int hd_builder_word_list(hd_builder *b, const char *word, uint32_t lists, char *err, size_t errlen)
{
    if (!lists || (lists & ~hd_word_list_known()))
        return set_err(err, errlen, "'%.80s': no list or a list the coder does not know", word);
    return word_record(b, word, 0, lists, err, errlen);
}

/* The classes a word's record gets in the image. WordNet's lowercase senses count only for a
 * word the lexicon knows as a common noun (or does not know at all) and not as a function
 * word: "he" is a pronoun, not helium. A name's senses count only when none of those do, so
 * that "prices" are prices and not a person named Price. A word that is by itself the name of
 * an actor (`actor China => CHN`, actor_name) keeps none of WordNet's senses, which are the
 * common word's (porcelain): the actor is a state, a person or an organisation, whatever
 * WordNet says. */
static uint32_t word_noun_classes(const bword *w, int actor_name)
{
    const uint32_t common_noun = TAGBIT(T_NN) | TAGBIT(T_NNS);
    int function = is_function_word(w); /* "he", "us", "was": never the head of a noun phrase */
    uint32_t common = !function && (!w->tags || (w->tags & common_noun)) ? w->nc_common : 0;
    uint32_t name = !function && (!w->tags || (w->tags & TAGS_NOUN)) ? w->nc_name : 0;
    if (actor_name)
        return w->nc_extra;
    return (common ? common : name) | w->nc_imported | w->nc_extra;
}

/* WordNet lists base forms only. A plural takes the classes of the singular that WordNet's own
 * morphology (morphy's detachment rules) finds, added to those it may have as a word of its
 * own ("judges" is also a book of the Bible, "stocks" a pillory): the lexicon does not link
 * every plural to its singular ("prices" is also tagged NN there, so link_plurals leaves it). */
static uint32_t plural_noun_classes(const hd_builder *b, uint32_t id, const uint32_t *classes)
{
    static const struct { const char *strip, *add; } rules[] = {
        {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"},
        {"ies", "y"}, {"s", ""},
    };
    const bword *w = &b->words.v[id];
    if (w->tags && !(w->tags & (TAGBIT(T_NNS) | TAGBIT(T_NNPS))))
        return 0;
    const char *t = b->pool.data + w->text;
    size_t n = strlen(t);
    char buf[128];
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        size_t k = strlen(rules[r].strip);
        if (n <= k || n >= sizeof buf - 2 || strcmp(t + n - k, rules[r].strip) != 0)
            continue;
        snprintf(buf, sizeof buf, "%.*s%s", (int)(n - k), t, rules[r].add);
        uint32_t single = word_find(b, buf);
        if (single != HD_NONE && single != id && classes[single])
            return classes[single];
    }
    return 0;
}

/* Fills the S_NOUN_CLASSES section: a word's own classes, then what plurals add from their
 * singulars (read from a copy, so that no plural borrows what another plural borrowed). */
static int noun_class_section(hd_builder *b, uint32_t *classes)
{
    size_t nw = b->words.n;
    char *actor_name = calloc(nw ? nw : 1, 1);
    uint32_t *own = malloc((nw ? nw : 1) * sizeof *own);
    if (!actor_name || !own) {
        free(actor_name);
        free(own);
        return -1;
    }
    /* one-word actor phrases hang from the root of the trie */
    for (size_t i = 0; i < b->edges.n; i++) {
        const bedge *e = &b->edges.v[i];
        if (e->parent != 0)
            continue;
        for (uint32_t k = b->node_count.v[e->child]; k; k = b->entries.v[k - 1].prev_same)
            if (b->entries.v[k - 1].e.kind == E_ACTOR) {
                actor_name[e->word] = 1;
                break;
            }
    }
    for (size_t i = 0; i < nw; i++)
        own[i] = word_noun_classes(&b->words.v[i], actor_name[i]);
    for (size_t i = 0; i < nw; i++)
        classes[i] = own[i] | (actor_name[i] ? 0 : plural_noun_classes(b, (uint32_t)i, own));
    free(actor_name);
    free(own);
    return 0;
}

/* ---- trie ------------------------------------------------------------------------------ */

static uint32_t child(hd_builder *b, uint32_t parent, uint32_t word, int create)
{
    if (umap_need(&b->edge_map, edge_hash, b) != 0)
        return HD_NONE;
    size_t mask = b->edge_map.cap - 1;
    size_t i = hd_hash_edge(parent, word) & mask;
    for (; b->edge_map.slots[i] != HD_NONE; i = (i + 1) & mask) {
        bedge *e = &b->edges.v[b->edge_map.slots[i]];
        if (e->parent == parent && e->word == word)
            return e->child;
    }
    if (!create)
        return HD_NONE;
    uint32_t node = (uint32_t)b->node_count.n;
    uint32_t zero = 0;
    bedge e = {parent, word, node};
    if (VPUSH(b->node_count, zero) != 0 || VPUSH(b->edges, e) != 0)
        return HD_NONE;
    b->edge_map.slots[i] = (uint32_t)(b->edges.n - 1);
    b->edge_map.n++;
    return node;
}

/* Tokenises a phrase into word ids (underscores count as spaces, as in PETRARCH files). */
static size_t phrase_words(hd_builder *b, const char *phrase, uint32_t *ids, size_t max)
{
    char tmp[512];
    size_t n = strlen(phrase);
    if (n >= sizeof tmp)
        n = sizeof tmp - 1;
    for (size_t i = 0; i < n; i++)
        tmp[i] = phrase[i] == '_' ? ' ' : phrase[i];
    tmp[n] = '\0';
    hd_span sp[64];
    size_t nt = hd_tokenize(tmp, n, sp, 64);
    if (nt > 64 || nt > max)
        return 0;
    for (size_t i = 0; i < nt; i++) {
        ids[i] = word_id(b, tmp + sp[i].start, sp[i].end - sp[i].start);
        if (ids[i] == HD_NONE)
            return 0;
    }
    return nt;
}

static int push_entry(hd_builder *b, uint32_t node, hd_entry e)
{
    bentry be = {node, b->node_count.v[node], e};
    if (VPUSH(b->entries, be) != 0)
        return -1;
    b->node_count.v[node] = (uint32_t)b->entries.n;
    return 0;
}

static int add_phrase_entry(hd_builder *b, const char *phrase, hd_entry e, char *err, size_t errlen)
{
    uint32_t ids[64];
    size_t n = phrase_words(b, phrase, ids, 64);
    if (n == 0)
        return set_err(err, errlen, "empty or too long phrase '%s'", phrase);
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        node = child(b, node, ids[i], 1);
        if (node == HD_NONE)
            return set_err(err, errlen, "out of memory at '%s'", phrase);
    }
    e.n_words = (uint16_t)n;
    /* An identical entry twice (same kind, code and aux) adds nothing. */
    for (uint32_t i = b->node_count.v[node]; i; i = b->entries.v[i - 1].prev_same) {
        const bentry *x = &b->entries.v[i - 1];
        if (x->e.kind == e.kind && x->e.code == e.code && x->e.aux == e.aux && x->e.form == e.form &&
            e.kind != E_ACTOR)
            return 0;
    }
    if (push_entry(b, node, e) != 0)
        return set_err(err, errlen, "out of memory at '%s'", phrase);
    return 0;
}

/* ---- inflection ------------------------------------------------------------------------ */

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

static void put_form(char forms[][64], int *kinds, size_t *n, size_t max, const char *s, int kind)
{
    if (*n >= max || strlen(s) >= 64)
        return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(forms[i], s) == 0)
            return;
    strcpy(forms[*n], s);
    if (kinds)
        kinds[*n] = kind;
    (*n)++;
}

/* Consonant-vowel-consonant ending, where English doubles the last letter ("plan"->"planned"). */
static int cvc(const char *w, size_t n)
{
    return n >= 3 && !is_vowel(w[n - 1]) && w[n - 1] != 'w' && w[n - 1] != 'x' && w[n - 1] != 'y' &&
           is_vowel(w[n - 2]) && !is_vowel(w[n - 3]);
}

#define FORM_MAX 160

/* stem[0..len) + suffix, bounded: inflected forms are short, anything longer is cut. */
static void mk(char *dst, const char *stem, size_t len, const char *suffix)
{
    size_t sl = strlen(suffix);
    if (len > 90)
        len = 90;
    if (sl > 64)
        sl = 64;
    memcpy(dst, stem, len);
    memcpy(dst + len, suffix, sl);
    dst[len + sl] = '\0';
}

static void mk_doubled(char *dst, const char *stem, size_t len, const char *suffix)
{
    char suf[16];
    suf[0] = stem[len - 1];
    snprintf(suf + 1, sizeof suf - 1, "%s", suffix);
    mk(dst, stem, len, suf);
}

/* Adds every candidate spelling the lexicon knows ("targeted", and "planned" next to the
 * lexicon's "planed"); when it knows none, the plain regular one (the last candidate). */
static void put_candidates(hd_builder *b, char cand[][FORM_MAX], size_t nc, const char *tail, char forms[][64],
                           int *kinds, size_t *count, size_t max, int kind)
{
    char buf[FORM_MAX];
    int any = 0;
    for (size_t i = 0; i < nc; i++)
        if (in_lexicon(b, cand[i])) {
            mk(buf, cand[i], strlen(cand[i]), tail);
            put_form(forms, kinds, count, max, buf, kind);
            any = 1;
        }
    if (!any) {
        mk(buf, cand[nc - 1], strlen(cand[nc - 1]), tail);
        put_form(forms, kinds, count, max, buf, kind);
    }
}

size_t hd_builder_verb_forms(hd_builder *b, const char *lemma, char forms[][64], int *kinds, size_t max)
{
    char low[64], head[64], buf[FORM_MAX];
    size_t L = strlen(lemma);
    if (L == 0 || L >= sizeof low)
        return 0;
    lower_copy(low, lemma, L);
    /* Multi-word verbs inflect their first word: "carry out" -> "carried out". */
    const char *space = strchr(low, ' ');
    const char *tail = space ? space : "";
    size_t n = space ? (size_t)(space - low) : L;
    if (n == 0)
        return 0; /* " out": no verb to inflect */
    memcpy(head, low, n);
    head[n] = '\0';
    size_t count = 0;
    char cand[4][FORM_MAX];
    put_form(forms, kinds, &count, max, low, VF_BASE);
    /* third person singular */
    if (strcmp(head, "be") == 0) {
        mk(buf, "is", 2, tail), put_form(forms, kinds, &count, max, buf, VF_3SG);
        mk(buf, "are", 3, tail), put_form(forms, kinds, &count, max, buf, VF_3SG);
        mk(buf, "am", 2, tail), put_form(forms, kinds, &count, max, buf, VF_3SG);
    } else if (strcmp(head, "have") == 0) {
        mk(buf, "has", 3, tail), put_form(forms, kinds, &count, max, buf, VF_3SG);
    } else {
        if (n >= 2 && (head[n - 1] == 's' || head[n - 1] == 'x' || head[n - 1] == 'z' || head[n - 1] == 'o' ||
                       (head[n - 1] == 'h' && (head[n - 2] == 'c' || head[n - 2] == 's'))))
            { char t[80]; mk(t, "es", 2, tail); mk(buf, head, n, t); }
        else if (n >= 2 && head[n - 1] == 'y' && !is_vowel(head[n - 2]))
            { char t[80]; mk(t, "ies", 3, tail); mk(buf, head, n - 1, t); }
        else
            { char t[80]; mk(t, "s", 1, tail); mk(buf, head, n, t); }
        put_form(forms, kinds, &count, max, buf, VF_3SG);
    }
    /* irregular past and participle forms known from WordNet */
    int irregular = 0;
    uint32_t lid = word_find(b, head);
    if (lid != HD_NONE)
        for (size_t i = 0; i < b->words.n; i++)
            if (b->words.v[i].lemma == lid) {
                const char *f = b->pool.data + b->words.v[i].text;
                size_t fl = strlen(f);
                int kind = (fl > 3 && strcmp(f + fl - 3, "ing") == 0) ? VF_ING : VF_PAST;
                if (kind == VF_PAST)
                    irregular = 1;
                mk(buf, f, fl, tail);
                put_form(forms, kinds, &count, max, buf, kind);
            }
    /* regular past */
    size_t nc = 0;
    if (head[n - 1] == 'e')
        mk(cand[nc++], head, n, "d");
    else if (n >= 2 && head[n - 1] == 'y' && !is_vowel(head[n - 2]))
        mk(cand[nc++], head, n - 1, "ied");
    else {
        if (cvc(head, n))
            mk_doubled(cand[nc++], head, n, "ed");
        mk(cand[nc++], head, n, "ed");
    }
    if (!irregular || in_lexicon(b, cand[nc - 1]))
        put_candidates(b, cand, nc, tail, forms, kinds, &count, max, VF_PAST);
    /* present participle */
    nc = 0;
    if (n >= 2 && head[n - 1] == 'e' && head[n - 2] == 'i')
        mk(cand[nc++], head, n - 2, "ying");
    else if (n >= 3 && head[n - 1] == 'e' && head[n - 2] != 'e' && head[n - 2] != 'y' && head[n - 2] != 'o')
        mk(cand[nc++], head, n - 1, "ing");
    else {
        if (cvc(head, n))
            mk_doubled(cand[nc++], head, n, "ing");
        mk(cand[nc++], head, n, "ing");
    }
    put_candidates(b, cand, nc, tail, forms, kinds, &count, max, VF_ING);
    return count;
}

size_t hd_builder_noun_plurals(hd_builder *b, const char *noun, char forms[][64], size_t max)
{
    char low[64], buf[FORM_MAX];
    size_t L = strlen(noun);
    if (L == 0 || L >= sizeof low)
        return 0;
    lower_copy(low, noun, L);
    /* the last word takes the plural: "foreign minister" -> "foreign ministers" */
    char *sp = strrchr(low, ' ');
    const char *last = sp ? sp + 1 : low;
    size_t prefix = (size_t)(last - low);
    size_t n = strlen(last);
    size_t count = 0;
    uint32_t lid = word_find(b, last);
    int irregular = 0;
    if (lid != HD_NONE)
        for (size_t i = 0; i < b->words.n; i++)
            if (b->words.v[i].lemma == lid && (b->words.v[i].tags & (TAGBIT(T_NNS) | TAGBIT(T_NNPS)))) {
                { const char *w = b->pool.data + b->words.v[i].text; char t[FORM_MAX]; mk(t, w, strlen(w), ""); mk(buf, low, prefix, t); }
                put_form(forms, NULL, &count, max, buf, 0);
                irregular = 1;
            }
    if (irregular)
        return count;
    if (n >= 2 && (last[n - 1] == 's' || last[n - 1] == 'x' || last[n - 1] == 'z' ||
                   (last[n - 1] == 'h' && (last[n - 2] == 'c' || last[n - 2] == 's'))))
        mk(buf, low, prefix + n, "es");
    else if (n >= 2 && last[n - 1] == 'y' && !is_vowel(last[n - 2]))
        mk(buf, low, prefix + n - 1, "ies");
    else
        mk(buf, low, strlen(low), "s");
    put_form(forms, NULL, &count, max, buf, 0);
    return count;
}

/* ---- entries --------------------------------------------------------------------------- */

static int valid_code(const char *c)
{
    size_t n = strlen(c);
    if (n == 0 || n >= 32)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)c[i]) && c[i] != '~')
            return 0;
    return 1;
}

int hd_builder_actor(hd_builder *b, const char *phrase, const hd_dated_code *codes, size_t n,
                     const char *rule, char *err, size_t errlen)
{
    if (n == 0)
        return set_err(err, errlen, "actor '%s' has no code", phrase);
    uint32_t first = (uint32_t)b->actor_codes.n;
    uint32_t fallback = 0;
    for (size_t i = 0; i < n; i++) {
        if (!valid_code(codes[i].code))
            return set_err(err, errlen, "bad actor code '%s'", codes[i].code);
        hd_actor_code ac = {intern(b, codes[i].code), codes[i].from, codes[i].to};
        if (VPUSH(b->actor_codes, ac) != 0)
            return set_err(err, errlen, "out of memory at '%s'", phrase);
        if (!codes[i].from && !codes[i].to)
            fallback = ac.code;
    }
    hd_entry e = {E_ACTOR, b->actor_kind, 0, fallback, first, (uint32_t)n, intern(b, rule)};
    return add_phrase_entry(b, phrase, e, err, errlen);
}

int hd_builder_agent(hd_builder *b, const char *phrase, const char *role, const char *plural,
                     const char *rule, char *err, size_t errlen)
{
    if (!valid_code(role))
        return set_err(err, errlen, "bad agent role '%s'", role);
    hd_entry e = {E_AGENT, 0, 0, intern(b, role), 0, 0, intern(b, rule)};
    if (add_phrase_entry(b, phrase, e, err, errlen) != 0)
        return -1;
    if (plural && *plural)
        return add_phrase_entry(b, plural, e, err, errlen);
    if (!plural) {
        char forms[4][64];
        size_t nf = hd_builder_noun_plurals(b, phrase, forms, 4);
        for (size_t i = 0; i < nf; i++)
            if (add_phrase_entry(b, forms[i], e, err, errlen) != 0)
                return -1;
    }
    return 0;
}

void hd_builder_set_flags(hd_builder *b, uint32_t flags) { b->flags = flags; }

int hd_builder_typing(hd_builder *b, const void *data, size_t size)
{
    hd_linear m;
    size_t used;
    char err[200];
    if (b->n_typing >= HD_LINEAR_MAX_MODELS || hd_linear_open(&m, data, size, &used, err, sizeof err) != 0 ||
        used != size)
        return -1;
    if (b->typing.len == 0) {
        static const char head[8];
        if (hd_buf_append(&b->typing, head, sizeof head) != 0)
            return -1;
    }
    if (hd_buf_append(&b->typing, data, size) != 0)
        return -1;
    b->n_typing++;
    memcpy(b->typing.data, &b->n_typing, sizeof b->n_typing);
    return 0;
}

int hd_builder_syntax(hd_builder *b, const void *data, size_t size)
{
    hd_buf_clear(&b->syntax);
    return hd_buf_append(&b->syntax, data, size);
}

void hd_builder_set_actor_kind(hd_builder *b, int kind) { b->actor_kind = (uint8_t)kind; }

/* "032:033" is a forward and a reverse code (PETRARCH's paired events); "---" is none. */
static void split_code(hd_builder *b, const char *code, uint32_t *fwd, uint32_t *rev)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", code ? code : "");
    char *colon = strchr(buf, ':');
    *rev = 0;
    if (colon) {
        *colon = '\0';
        if (colon[1] && strcmp(colon + 1, "---") != 0)
            *rev = intern(b, colon + 1);
    }
    *fwd = (!buf[0] || strcmp(buf, "---") == 0) ? 0 : intern(b, buf);
}

uint32_t hd_builder_block(hd_builder *b, const char *name, const char *default_code, const char *rule)
{
    uint32_t fwd, rev;
    split_code(b, default_code, &fwd, &rev);
    hd_block blk = {fwd, rev, 0, 0, intern(b, rule), intern(b, name)};
    if (VPUSH(b->blocks, blk) != 0)
        return HD_NONE;
    return (uint32_t)(b->blocks.n - 1);
}

static int add_verb_forms(hd_builder *b, int kind, uint32_t block, const char *lemma, const char *rule,
                          char *err, size_t errlen)
{
    char forms[24][64];
    int kinds[24];
    size_t nf = hd_builder_verb_forms(b, lemma, forms, kinds, 24);
    if (nf == 0)
        return set_err(err, errlen, "bad verb '%s'", lemma);
    uint32_t lemma_word = HD_NONE;
    {
        char head[64];
        size_t L = strcspn(lemma, " ");
        if (L < sizeof head) {
            memcpy(head, lemma, L);
            head[L] = '\0';
            lemma_word = word_id(b, head, L);
        }
    }
    for (size_t i = 0; i < nf; i++) {
        hd_entry e = {(uint8_t)kind, (uint8_t)kinds[i], 0, 0, kind == E_VERB ? block : 0, 0, intern(b, rule)};
        if (add_phrase_entry(b, forms[i], e, err, errlen) != 0)
            return -1;
        /* Remember the lemma of single-word forms so patterns can match any inflection. */
        if (!strchr(forms[i], ' ') && lemma_word != HD_NONE) {
            uint32_t f = word_id(b, forms[i], strlen(forms[i]));
            if (f != HD_NONE && f != lemma_word && b->words.v[f].lemma == HD_NONE)
                b->words.v[f].lemma = lemma_word;
        }
    }
    return 0;
}

int hd_builder_verb(hd_builder *b, uint32_t block, const char *lemma, const char *forms,
                    const char *rule, char *err, size_t errlen)
{
    if (block >= b->blocks.n)
        return set_err(err, errlen, "verb '%s' outside a verb block", lemma);
    if (add_verb_forms(b, E_VERB, block, lemma, rule, err, errlen) != 0)
        return -1;
    if (forms && *forms) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "%s", forms);
        for (char *save = NULL, *f = strtok_r(tmp, "|", &save); f; f = strtok_r(NULL, "|", &save)) {
            while (*f == ' ')
                f++;
            size_t L = strlen(f);
            while (L && f[L - 1] == ' ')
                f[--L] = '\0';
            if (!L)
                continue;
            hd_entry e = {E_VERB, VF_ANY, 0, 0, block, 0, intern(b, rule)};
            if (add_phrase_entry(b, f, e, err, errlen) != 0)
                return -1;
        }
    }
    return 0;
}

static uint32_t synset_index(hd_builder *b, const char *name, int create)
{
    char low[128];
    const char *nm = name[0] == '&' ? name + 1 : name;
    size_t L = strlen(nm);
    while (L && nm[L - 1] == '_')
        L--; /* PETRARCH writes "&AUXVERB1_" and refers to "&AUXVERB1" */
    if (L == 0 || L >= sizeof low)
        return HD_NONE;
    lower_copy(low, nm, L);
    uint32_t off = intern(b, low);
    for (size_t i = 0; i < b->synsets.n; i++)
        if (b->synsets.v[i].name == off)
            return (uint32_t)i;
    if (!create)
        return HD_NONE;
    hd_synset s;
    memset(&s, 0, sizeof s);
    s.name = off;
    if (VPUSH(b->synsets, s) != 0)
        return HD_NONE;
    return (uint32_t)(b->synsets.n - 1);
}

int hd_builder_synset_add(hd_builder *b, const char *name, const char *phrase, char *err, size_t errlen)
{
    uint32_t s = synset_index(b, name, 1);
    if (s == HD_NONE)
        return set_err(err, errlen, "bad synset name '%s'", name);
    uint32_t ids[64];
    size_t n = phrase_words(b, phrase, ids, 64);
    if (n == 0)
        return set_err(err, errlen, "empty synset phrase '%s'", phrase);
    hd_phrase p = {(uint32_t)b->phrase_words.n, (uint32_t)n, 0};
    for (size_t i = 0; i < n; i++)
        if (VPUSH(b->phrase_words, ids[i]) != 0)
            return set_err(err, errlen, "out of memory at '%s'", phrase);
    if (VPUSH(b->phrases, p) != 0 || VPUSH(b->syn_of_phrase, s) != 0)
        return set_err(err, errlen, "out of memory at '%s'", phrase);
    return 0;
}

int hd_builder_pattern(hd_builder *b, uint32_t block, const char *pattern, const char *code,
                       const char *rule, char *err, size_t errlen)
{
    if (block >= b->blocks.n)
        return set_err(err, errlen, "pattern '%s' outside a verb block", pattern);
    /* Split into items and separators; '_' binds neighbours, braces and parentheses group
     * phrases in PETRARCH 2 files and are transparent here. */
    char tmp[512];
    size_t L = strlen(pattern);
    if (L >= sizeof tmp)
        return set_err(err, errlen, "pattern too long: '%s'", pattern);
    for (size_t i = 0; i <= L; i++) {
        char c = pattern[i];
        tmp[i] = (c == '{' || c == '}' || c == '(' || c == ')') ? ' ' : c;
    }
    hd_elem items[64];
    int glue_before[64];
    size_t ni = 0, star = HD_NONE;
    int glue = 0;
    char *p = tmp;
    while (*p) {
        if (*p == ' ' || *p == '\t') {
            glue = 0;
            p++;
            continue;
        }
        if (*p == '_') {
            glue = 1;
            p++;
            continue;
        }
        char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '_')
            q++;
        char save = *q;
        *q = '\0';
        /* markers may be glued to a word: "+RST", "$*" */
        while (*p == '$' || *p == '+' || *p == '%' || *p == '*') {
            if (ni >= 64)
                return set_err(err, errlen, "pattern too long: '%s'", pattern);
            hd_elem e = {0, 0, 0, 0};
            e.type = *p == '$' ? EL_SOURCE : *p == '+' ? EL_TARGET : *p == '%' ? EL_COMPOUND : EL_VERB;
            if (e.type == EL_VERB) {
                if (star != HD_NONE)
                    return set_err(err, errlen, "two '*' in pattern '%s'", pattern);
                star = ni;
            }
            glue_before[ni] = glue;
            items[ni++] = e;
            glue = 0;
            p++;
        }
        if (*p) {
            if (ni >= 64)
                return set_err(err, errlen, "pattern too long: '%s'", pattern);
            hd_elem e = {0, 0, 0, 0};
            if (*p == '&') {
                e.type = EL_SYNSET;
                e.value = synset_index(b, p, 1);
            } else {
                /* a word may tokenise into several ("U.S.'s"): keep the first token */
                uint32_t ids[8];
                size_t nw = phrase_words(b, p, ids, 8);
                if (nw == 0) {
                    *q = save;
                    p = q;
                    continue;
                }
                e.type = EL_WORD;
                e.value = ids[0];
            }
            if (e.value == HD_NONE)
                return set_err(err, errlen, "bad pattern item in '%s'", pattern);
            glue_before[ni] = glue;
            items[ni++] = e;
            glue = 0;
        }
        *q = save;
        p = q;
    }
    if (star == HD_NONE)
        return set_err(err, errlen, "pattern '%s' has no '*'", pattern);
    hd_pattern pat;
    memset(&pat, 0, sizeof pat);
    pat.first_elem = (uint32_t)b->elems.n;
    pat.n_lower = (uint16_t)star;
    pat.n_upper = (uint16_t)(ni - star - 1);
    split_code(b, code, &pat.code, &pat.code_rev);
    pat.rule = intern(b, rule);
    /* lower elements nearest-first; "adjacent" = touches the element nearer the verb */
    for (size_t k = star; k-- > 0;) {
        hd_elem e = items[k];
        e.adjacent = (uint8_t)glue_before[k + 1];
        if (e.type == EL_WORD || e.type == EL_SYNSET)
            pat.specificity++;
        if (VPUSH(b->elems, e) != 0)
            return set_err(err, errlen, "out of memory at '%s'", pattern);
    }
    for (size_t k = star + 1; k < ni; k++) {
        hd_elem e = items[k];
        e.adjacent = (uint8_t)glue_before[k];
        if (e.type == EL_WORD || e.type == EL_SYNSET)
            pat.specificity++;
        if (VPUSH(b->elems, e) != 0)
            return set_err(err, errlen, "out of memory at '%s'", pattern);
    }
    if (VPUSH(b->patterns, pat) != 0)
        return set_err(err, errlen, "out of memory at '%s'", pattern);
    /* Patterns of a block are contiguous because dictionary files list them under it;
     * remember the range (a block's patterns may only be added while it is the last one). */
    hd_block *blk = &b->blocks.v[block];
    if (blk->n_patterns == 0)
        blk->first_pattern = (uint32_t)(b->patterns.n - 1);
    else if (blk->first_pattern + blk->n_patterns != b->patterns.n - 1)
        return set_err(err, errlen, "patterns of a verb block must be contiguous: '%s'", pattern);
    blk->n_patterns++;
    return 0;
}

int hd_builder_noun(hd_builder *b, const char *phrase, const char *code, const char *rule,
                    char *err, size_t errlen)
{
    /* "---": a phrase that names no event although a word inside it would ("court battle") */
    int none = strcmp(code, "---") == 0;
    if (!none && !valid_code(code))
        return set_err(err, errlen, "bad event code '%s'", code);
    hd_entry e = {E_NOUN, 0, 0, intern(b, none ? "" : code), 0, 0, intern(b, rule)};
    return add_phrase_entry(b, phrase, e, err, errlen);
}

int hd_builder_simple(hd_builder *b, int kind, const char *phrase, int story_level,
                      const char *rule, char *err, size_t errlen)
{
    if (kind == E_LIGHT || kind == E_SAY)
        return add_verb_forms(b, kind, 0, phrase, rule, err, errlen);
    hd_entry e = {(uint8_t)kind, 0, 0, 0, (uint32_t)story_level, 0, intern(b, rule)};
    return add_phrase_entry(b, phrase, e, err, errlen);
}

int hd_builder_cameo(hd_builder *b, const char *code, double goldstein, const char *label,
                     char *err, size_t errlen)
{
    size_t n = strlen(code);
    if (n < 2 || n > 4)
        return set_err(err, errlen, "bad CAMEO code '%s'", code);
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)code[i]))
            return set_err(err, errlen, "bad CAMEO code '%s'", code);
    if (goldstein < -10.0 || goldstein > 10.0)
        return set_err(err, errlen, "Goldstein value out of [-10, 10] for '%s'", code);
    hd_cameo c;
    memset(&c, 0, sizeof c);
    memcpy(c.code, code, n);
    c.goldstein = (float)goldstein;
    c.label = intern(b, label ? label : "");
    for (size_t i = 0; i < b->cameo.n; i++)
        if (strcmp(b->cameo.v[i].code, c.code) == 0) {
            b->cameo.v[i] = c;
            return 0;
        }
    return VPUSH(b->cameo, c) == 0 ? 0 : set_err(err, errlen, "out of memory at '%s'", code);
}

int hd_builder_taxon(hd_builder *b, const hd_taxon_rule *rule, const char *label, const char *type, const char *sub,
                     char *err, size_t errlen)
{
    hd_taxon_rule r = *rule;
    if (r.kind < HD_TAXON_PLOVER || r.kind > HD_TAXON_LAST || !memchr(r.code, '\0', sizeof r.code) ||
        r.root_from > r.root_to)
        return set_err(err, errlen, "%s", "bad event-type rule");
    for (size_t i = 0; r.code[i]; i++)
        if (!isdigit((unsigned char)r.code[i]))
            return set_err(err, errlen, "bad CAMEO code prefix '%s'", r.code);
    r.label = intern(b, label ? label : "");
    r.type = intern(b, type ? type : "");
    r.sub = intern(b, sub ? sub : "");
    r.pad = 0;
    if (r.label == HD_NONE || r.type == HD_NONE || r.sub == HD_NONE)
        return set_err(err, errlen, "%s", "out of memory");
    return VPUSH(b->taxonomy, r) == 0 ? 0 : set_err(err, errlen, "%s", "out of memory");
}

/* ---- importing from a model ------------------------------------------------------------ */

int hd_builder_import_model(hd_builder *b, const hd_model *m, unsigned kinds)
{
    /* words first, so their ids can be mapped */
    uint32_t *map = malloc((m->n_words ? m->n_words : 1) * sizeof *map);
    if (!map)
        return -1;
    for (size_t i = 0; i < m->n_words; i++) {
        const char *w = hd_str(m, m->words[i].text);
        map[i] = word_id(b, w, strlen(w));
        if (map[i] == HD_NONE) {
            free(map);
            return -1;
        }
        bword *bw = &b->words.v[map[i]];
        if (!bw->tags)
            bw->best = m->words[i].best;
        bw->tags |= m->words[i].tags;
        if (m->words[i].valence)
            bw->valence = m->words[i].valence;
        if (m->words[i].flags & WF_FUNCTION)
            bw->function = 1;
        if (m->words[i].flags & WF_NAME)
            bw->seen_cap = 1;
        else
            bw->seen_lower = 1;
        if (i < m->n_noun_classes && m->noun_classes[i]) {
            bw->nc_imported |= m->noun_classes[i];
            b->has_noun_classes = 1;
        }
    }
    for (size_t i = 0; i < m->n_word_classes; i++)
        if (word_record(b, hd_str(m, m->word_classes[i].text), m->word_classes[i].classes, m->word_classes[i].lists,
                        NULL, 0) != 0) {
            free(map);
            return -1;
        }
    if (m->n_roles == HD_ROLE_ROOTS) {
        for (size_t r = 0; r < HD_ROLE_ROOTS; r++) {
            b->roles[r].agent |= m->roles[r].agent;
            b->roles[r].patient |= m->roles[r].patient;
        }
        b->has_roles = 1;
    }
    for (size_t i = 0; i < m->n_words; i++)
        if (m->words[i].lemma != i && b->words.v[map[i]].lemma == HD_NONE)
            b->words.v[map[i]].lemma = map[m->words[i].lemma];
    for (int i = 0; i < m->typing.n_models; i++)
        if (hd_builder_typing(b, m->typing.models[i].image, m->typing.models[i].image_size) != 0) {
            free(map);
            return -1;
        }
    if (m->syntax_size && hd_builder_syntax(b, m->syntax_image, m->syntax_size) != 0) {
        free(map);
        return -1;
    }
    for (size_t i = 0; i < m->n_cameo; i++)
        hd_builder_cameo(b, m->cameo[i].code, m->cameo[i].goldstein, hd_str(m, m->cameo[i].label), NULL, 0);
    for (size_t i = 0; i < m->n_taxonomy; i++) {
        const hd_taxon_rule *r = &m->taxonomy[i];
        if (hd_builder_taxon(b, r, hd_str(m, r->label), hd_str(m, r->type), hd_str(m, r->sub), NULL, 0) != 0) {
            free(map);
            return -1;
        }
    }
    /* Entries of the requested kinds: walk the trie to recover each node's phrase. */
    size_t *parent_edge = malloc((m->n_nodes ? m->n_nodes : 1) * sizeof *parent_edge);
    if (!parent_edge) {
        free(map);
        return -1;
    }
    for (size_t i = 0; i < m->n_nodes; i++)
        parent_edge[i] = (size_t)-1;
    for (size_t i = 0; i < m->n_edges; i++)
        if (m->edges[i].parent != HD_NONE)
            parent_edge[m->edges[i].child] = i;
    int rc = 0;
    for (size_t node = 1; node < m->n_nodes && rc == 0; node++) {
        const hd_node *nd = &m->nodes[node];
        int wanted = 0;
        for (uint32_t k = 0; k < nd->n_entries; k++)
            if (kinds & (1u << m->entries[nd->first_entry + k].kind))
                wanted = 1;
        if (!wanted)
            continue;
        uint32_t path[64];
        size_t depth = 0;
        for (size_t cur = node; cur != 0 && depth < 64;) {
            size_t e = parent_edge[cur];
            if (e == (size_t)-1)
                break;
            path[depth++] = map[m->edges[e].word];
            cur = m->edges[e].parent;
        }
        uint32_t bn = 0;
        for (size_t k = depth; k-- > 0 && bn != HD_NONE;)
            bn = child(b, bn, path[k], 1);
        if (bn == HD_NONE) {
            rc = -1;
            break;
        }
        for (uint32_t k = 0; k < nd->n_entries; k++) {
            hd_entry e = m->entries[nd->first_entry + k];
            if (!(kinds & (1u << e.kind)))
                continue;
            e.code = intern(b, hd_str(m, e.code));
            e.rule = intern(b, hd_str(m, e.rule));
            if (e.kind == E_VERB)
                continue; /* verb blocks belong to their patterns: never imported alone */
            if (e.kind == E_ACTOR) {
                uint32_t first = (uint32_t)b->actor_codes.n;
                for (uint32_t a = 0; a < e.n_aux; a++) {
                    hd_actor_code ac = m->actor_codes[e.aux + a];
                    ac.code = intern(b, hd_str(m, ac.code));
                    if (VPUSH(b->actor_codes, ac) != 0)
                        rc = -1;
                }
                e.aux = first;
            }
            if (push_entry(b, bn, e) != 0)
                rc = -1;
        }
    }
    free(parent_edge);
    free(map);
    return rc;
}

/* ---- layout ---------------------------------------------------------------------------- */

static size_t pow2_at_least(size_t n)
{
    size_t p = 16;
    while (p < n)
        p *= 2;
    return p;
}

static int cmp_phrase_lemma(const void *a, const void *b)
{
    const hd_phrase *x = a, *y = b;
    if (x->first_lemma != y->first_lemma)
        return x->first_lemma < y->first_lemma ? -1 : 1;
    return x->first_word < y->first_word ? -1 : x->first_word > y->first_word;
}

static int cmp_cameo(const void *a, const void *b)
{
    return strcmp(((const hd_cameo *)a)->code, ((const hd_cameo *)b)->code);
}

/* Regular noun plurals from the lexicon get their singular as lemma ("regions" -> "region"),
 * so a pattern word matches either number. */
static void link_plurals(hd_builder *b)
{
    char buf[128];
    for (size_t i = 0; i < b->words.n; i++) {
        bword *w = &b->words.v[i];
        if (w->lemma != HD_NONE || !(w->tags & (TAGBIT(T_NNS))) || (w->tags & TAGBIT(T_NN)))
            continue;
        const char *t = b->pool.data + w->text;
        size_t n = strlen(t);
        if (n < 4 || n >= sizeof buf || t[n - 1] != 's' || t[n - 2] == 's')
            continue;
        uint32_t single = HD_NONE;
        if (n > 4 && strcmp(t + n - 3, "ies") == 0) {
            snprintf(buf, sizeof buf, "%.*sy", (int)(n - 3), t);
            single = word_find(b, buf);
        }
        if (single == HD_NONE) {
            snprintf(buf, sizeof buf, "%.*s", (int)(n - 1), t);
            single = word_find(b, buf);
        }
        if (single == HD_NONE && n > 4 && t[n - 2] == 'e') {
            snprintf(buf, sizeof buf, "%.*s", (int)(n - 2), t);
            single = word_find(b, buf);
        }
        if (single != HD_NONE && single != i && (b->words.v[single].tags & TAGBIT(T_NN)))
            w->lemma = single;
    }
}

/* A regular verb form from the lexicon gets its base as lemma ("expected" -> "expect",
 * "arriving" -> "arrive", "stopped" -> "stop", "carries" -> "carry"), when the base is in the
 * lexicon as a verb: the coder reads what a governing verb says from its lemma. */
static void link_verb_forms(hd_builder *b)
{
    const uint32_t inflected = TAGBIT(T_VBD) | TAGBIT(T_VBN) | TAGBIT(T_VBG) | TAGBIT(T_VBZ);
    char buf[128];
    for (size_t i = 0; i < b->words.n; i++) {
        bword *w = &b->words.v[i];
        if (w->lemma != HD_NONE || !(w->tags & inflected) || (w->tags & TAGBIT(T_VB)))
            continue;
        const char *t = b->pool.data + w->text;
        size_t n = strlen(t);
        if (n < 4 || n + 2 >= sizeof buf)
            continue;
        /* candidate bases, most specific first: (suffix to strip, text to add) */
        static const struct { const char *strip, *add; int undouble; } rules[] = {
            {"ies", "y", 0}, {"ied", "y", 0}, {"es", "", 0}, {"s", "", 0}, {"ed", "", 1}, {"ed", "", 0},
            {"ed", "e", 0}, {"d", "", 0}, {"ing", "", 1}, {"ing", "", 0}, {"ing", "e", 0},
        };
        uint32_t base = HD_NONE;
        for (size_t r = 0; r < sizeof rules / sizeof rules[0] && base == HD_NONE; r++) {
            size_t k = strlen(rules[r].strip);
            if (n <= k + 1 || strcmp(t + n - k, rules[r].strip) != 0)
                continue;
            size_t stem = n - k;
            if (rules[r].undouble) { /* "stopped" -> "stop", "planning" -> "plan" */
                if (stem < 3 || t[stem - 1] != t[stem - 2])
                    continue;
                stem--;
            }
            snprintf(buf, sizeof buf, "%.*s%s", (int)stem, t, rules[r].add);
            uint32_t id = word_find(b, buf);
            if (id != HD_NONE && id != i && (b->words.v[id].tags & TAGBIT(T_VB)))
                base = id;
        }
        if (base != HD_NONE)
            w->lemma = base;
    }
}

int hd_builder_image(hd_builder *b, char **data, size_t *size)
{
    link_plurals(b);
    link_verb_forms(b);
    /* Entries grouped by node, keeping insertion order within a node (stable sort by index). */
    size_t ne = b->entries.n;
    bentry *sorted = malloc((ne ? ne : 1) * sizeof *sorted);
    if (!sorted)
        return -1;
    {
        /* counting sort by node keeps insertion order within a node */
        size_t nn = b->node_count.n;
        size_t *start = calloc(nn + 1, sizeof *start);
        if (!start) {
            free(sorted);
            return -1;
        }
        for (size_t i = 0; i < ne; i++)
            start[b->entries.v[i].node + 1]++;
        for (size_t i = 0; i < nn; i++)
            start[i + 1] += start[i];
        size_t *pos = malloc((nn + 1) * sizeof *pos);
        if (!pos) {
            free(start);
            free(sorted);
            return -1;
        }
        memcpy(pos, start, (nn + 1) * sizeof *pos);
        for (size_t i = 0; i < ne; i++)
            sorted[pos[b->entries.v[i].node]++] = b->entries.v[i];
        free(pos);
        free(start);
    }
    /* Synset phrases grouped by synset. */
    size_t nph = b->phrases.n;
    hd_phrase *phr = malloc((nph ? nph : 1) * sizeof *phr);
    if (!phr) {
        free(sorted);
        return -1;
    }
    {
        size_t k = 0;
        for (size_t s = 0; s < b->synsets.n; s++) {
            hd_synset *sy = &b->synsets.v[s];
            sy->first_phrase = (uint32_t)k;
            sy->n_phrases = 0;
            memset(sy->bloom, 0, sizeof sy->bloom);
            memset(sy->bloom_last, 0, sizeof sy->bloom_last);
            for (size_t i = 0; i < nph; i++)
                if (b->syn_of_phrase.v[i] == s) {
                    uint32_t w = b->phrase_words.v[b->phrases.v[i].first_word];
                    uint32_t lemma = b->words.v[w].lemma == HD_NONE ? w : b->words.v[w].lemma;
                    phr[k] = b->phrases.v[i];
                    phr[k].first_lemma = lemma;
                    k++;
                    sy->n_phrases++;
                    HD_BLOOM_SET(sy->bloom, lemma);
                    const hd_phrase *bp = &b->phrases.v[i];
                    uint32_t lw = b->phrase_words.v[bp->first_word + bp->n_words - 1];
                    HD_BLOOM_SET(sy->bloom_last, b->words.v[lw].lemma == HD_NONE ? lw : b->words.v[lw].lemma);
                }
            /* sorted by first lemma, so a match looks up only the phrases that can start it */
            qsort(phr + sy->first_phrase, sy->n_phrases, sizeof *phr, cmp_phrase_lemma);
        }
    }
    if (b->cameo.n)
        qsort(b->cameo.v, b->cameo.n, sizeof *b->cameo.v, cmp_cameo);

    size_t nw = b->words.n;
    size_t nslots = pow2_at_least(nw * 2 + 1);
    size_t nedges = pow2_at_least(b->edges.n * 2 + 1);
    size_t nnodes = b->node_count.n;
    size_t counts[S_COUNT] = {
        b->pool.len, nw, nslots, nnodes, nedges, ne, b->actor_codes.n, b->blocks.n,
        b->patterns.n, b->elems.n, b->synsets.n, nph, b->phrase_words.n, b->cameo.n, b->syntax.len,
        b->has_noun_classes ? nw : 0, b->has_roles ? HD_ROLE_ROOTS : 0, b->word_classes.n, b->typing.len,
        b->taxonomy.n};
    size_t sizes[S_COUNT] = {
        1, sizeof(hd_word), sizeof(hd_slot), sizeof(hd_node), sizeof(hd_edge), sizeof(hd_entry),
        sizeof(hd_actor_code), sizeof(hd_block), sizeof(hd_pattern), sizeof(hd_elem),
        sizeof(hd_synset), sizeof(hd_phrase), sizeof(uint32_t), sizeof(hd_cameo), 1,
        sizeof(uint32_t), sizeof(hd_role), sizeof(hd_word_class), 1, sizeof(hd_taxon_rule)};
    size_t off = sizeof(hd_img_header) + S_COUNT * sizeof(hd_img_section);
    size_t offsets[S_COUNT];
    for (int s = 0; s < S_COUNT; s++) {
        off = (off + 7) & ~(size_t)7;
        offsets[s] = off;
        off += counts[s] * sizes[s];
    }
    char *img = calloc(1, off);
    if (!img) {
        free(sorted);
        free(phr);
        return -1;
    }
    hd_img_header *h = (hd_img_header *)(void *)img;
    memcpy(h->magic, HD_IMAGE_MAGIC, 8);
    h->version = HD_IMAGE_VERSION;
    h->n_sections = S_COUNT;
    h->total_bytes = off;
    h->flags = b->flags;
    hd_img_section *sec = (hd_img_section *)(void *)(img + sizeof *h);
    for (int s = 0; s < S_COUNT; s++) {
        sec[s].offset = offsets[s];
        sec[s].count = counts[s];
    }
    memcpy(img + offsets[S_STRINGS], b->pool.data, b->pool.len);
    hd_word *words = (hd_word *)(void *)(img + offsets[S_WORDS]);
    for (size_t i = 0; i < nw; i++) {
        const bword *w = &b->words.v[i];
        words[i].text = w->text;
        words[i].tags = w->tags;
        words[i].best = w->best;
        words[i].valence = w->valence;
        words[i].lemma = w->lemma == HD_NONE ? (uint32_t)i : w->lemma;
        words[i].flags = (uint8_t)(((w->seen_cap && !w->seen_lower) ? WF_NAME : 0) | (w->function ? WF_FUNCTION : 0));
    }
    hd_slot *slots = (hd_slot *)(void *)(img + offsets[S_WORD_SLOTS]);
    memset(slots, 0xff, nslots * sizeof *slots);
    for (size_t i = 0; i < nw; i++) {
        const char *t = b->pool.data + b->words.v[i].text;
        uint32_t hash = hd_hash_bytes(t, strlen(t));
        size_t j = hash & (nslots - 1);
        while (slots[j].id != HD_NONE)
            j = (j + 1) & (nslots - 1);
        slots[j].hash = hash;
        slots[j].id = (uint32_t)i;
    }
    hd_node *nodes = (hd_node *)(void *)(img + offsets[S_NODES]);
    hd_entry *entries = (hd_entry *)(void *)(img + offsets[S_ENTRIES]);
    for (size_t i = 0; i < nnodes; i++)
        nodes[i].first_entry = (uint32_t)ne;
    for (size_t i = ne; i-- > 0;) {
        entries[i] = sorted[i].e;
        nodes[sorted[i].node].first_entry = (uint32_t)i;
        nodes[sorted[i].node].n_entries++;
    }
    for (size_t i = 0; i < b->edges.n; i++)
        if (b->edges.v[i].parent == 0)
            words[b->edges.v[i].word].flags |= WF_START;
    hd_edge *edges = (hd_edge *)(void *)(img + offsets[S_EDGES]);
    for (size_t i = 0; i < nedges; i++)
        edges[i].parent = HD_NONE;
    for (size_t i = 0; i < b->edges.n; i++) {
        const bedge *e = &b->edges.v[i];
        size_t j = hd_hash_edge(e->parent, e->word) & (nedges - 1);
        while (edges[j].parent != HD_NONE)
            j = (j + 1) & (nedges - 1);
        edges[j].parent = e->parent;
        edges[j].word = e->word;
        edges[j].child = e->child;
    }
#define COPY(S, vec)                                                                             \
    do {                                                                                         \
        if ((vec).n)                                                                             \
            memcpy(img + offsets[S], (vec).v, (vec).n * sizeof *(vec).v);                        \
    } while (0)
    COPY(S_ACTOR_CODES, b->actor_codes);
    COPY(S_BLOCKS, b->blocks);
    COPY(S_PATTERNS, b->patterns);
    COPY(S_ELEMS, b->elems);
    COPY(S_SYNSETS, b->synsets);
    COPY(S_PHRASE_WORDS, b->phrase_words);
    COPY(S_CAMEO, b->cameo);
    COPY(S_WORD_CLASSES, b->word_classes);
    COPY(S_TAXONOMY, b->taxonomy);
#undef COPY
    memcpy(img + offsets[S_PHRASES], phr, nph * sizeof *phr);
    if (b->syntax.len)
        memcpy(img + offsets[S_SYNTAX], b->syntax.data, b->syntax.len);
    if (b->typing.len)
        memcpy(img + offsets[S_TYPING], b->typing.data, b->typing.len);
    if (b->has_noun_classes && noun_class_section(b, (uint32_t *)(void *)(img + offsets[S_NOUN_CLASSES])) != 0) {
        free(img);
        free(phr);
        free(sorted);
        return -1;
    }
    if (b->has_roles)
        memcpy(img + offsets[S_ROLES], b->roles, sizeof b->roles);
    free(phr);
    free(sorted);
    hd_model_seal(img, off);
    *data = img;
    *size = off;
    return 0;
}
