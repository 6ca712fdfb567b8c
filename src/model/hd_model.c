/* hd_model.c: opening a compiled dictionary image (mmap) and the lookups the coder makes on it.
 * Validation happens once at open, so lookups on the hot path need no bounds checks beyond
 * the ones the image's own indexes imply. */
#define _POSIX_C_SOURCE 200809L
#include "model/hd_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <ctype.h>
#include <string.h>

#include "base/hd_mapfile.h"
#include "model/hd_word_class.h"

static const char *const tag_names[T_COUNT] = {
    "CC", "CD", "DT", "EX", "IN", "JJ", "JJR", "JJS", "MD", "NN", "NNS", "NNP", "NNPS", "PDT",
    "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "TO", "UH", "VB", "VBD", "VBG", "VBN",
    "VBP", "VBZ", "WDT", "WP", "WRB", "PUNCT",
};

const char *hd_tag_name(int tag) { return tag >= 0 && tag < T_COUNT ? tag_names[tag] : "?"; }

int hd_tag_from_name(const char *name, size_t len)
{
    for (int t = 0; t < T_COUNT; t++)
        if (strlen(tag_names[t]) == len && memcmp(tag_names[t], name, len) == 0)
            return t;
    return -1;
}

static const char *const noun_class_names[HD_NC_COUNT] = {
    "Tops", "act", "animal", "artifact", "attribute", "body", "cognition", "communication", "event",
    "feeling", "food", "group", "location", "motive", "object", "person", "phenomenon", "plant",
    "possession", "process", "quantity", "relation", "shape", "state", "substance", "time",
};

const char *hd_noun_class_name(int index) { return index >= 0 && index < HD_NC_COUNT ? noun_class_names[index] : NULL; }

uint32_t hd_noun_class_from_name(const char *name, size_t len)
{
    if (len > 5 && strncasecmp(name, "noun.", 5) == 0) {
        name += 5;
        len -= 5;
    }
    for (int i = 0; i < HD_NC_COUNT; i++)
        if (strlen(noun_class_names[i]) == len && strncasecmp(noun_class_names[i], name, len) == 0)
            return 1u << i;
    return 0;
}

/* Indexed by bit: the WC_ names of model/hd_word_class.h in lowercase without "WC_". */
static const char *const word_class_names[64] = {
    [0] = "be", [1] = "have", [2] = "do", [3] = "get", [4] = "neg", [5] = "future", [6] = "hypo",
    [7] = "subord", [8] = "that", [9] = "and", [10] = "pron", [11] = "person", [12] = "plural",
    [13] = "we", [14] = "going", [15] = "date", [16] = "it", [17] = "intent", [18] = "request",
    [19] = "expect", [20] = "refuse", [21] = "fail", [22] = "condition", [23] = "ability",
    [24] = "terror", [25] = "label", [26] = "situation", [27] = "joint", [28] = "culpable", [29] = "allege",
    [30] = "die", [31] = "habitual",
    [32] = "air", [33] = "arty", [34] = "grenade", [35] = "suicide", [36] = "explosive",
    [37] = "chem", [38] = "sexual", [39] = "protest", [40] = "crime", [41] = "base",
    [42] = "weapons", [43] = "natural", [44] = "accident", [45] = "mob", [46] = "claim",
    [47] = "civilian", [48] = "peace", [49] = "lethal", [50] = "defect", [51] = "ethnic",
    [52] = "sport", [53] = "member", [54] = "adjunct", [55] = "forward", [56] = "former",
    [57] = "gunfire", [58] = "clause", [59] = "clause-join",
};

const char *hd_word_class_name(int index) { return index >= 0 && index < 64 ? word_class_names[index] : NULL; }

/* The index of `name` in a table of names indexed by bit, -1 when it has none. */
static int name_bit(const char *const *names, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (names[i] && strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            return i;
    return -1;
}

/* The bits of a table of names indexed by bit that have a name. */
static uint64_t named_bits(const char *const *names, int n)
{
    uint64_t known = 0;
    for (int i = 0; i < n; i++)
        if (names[i])
            known |= 1ull << i;
    return known;
}

uint64_t hd_word_class_from_name(const char *name, size_t len)
{
    int i = name_bit(word_class_names, 64, name, len);
    return i < 0 ? 0 : 1ull << i;
}

/* Indexed by bit: the WL_ names of model/hd_word_class.h, lowercase, "_" written "-". */
static const char *const word_list_names[32] = {
    [0] = "office", [1] = "web-domain", [2] = "number-noun", [3] = "place-suffix", [4] = "org-head",
    [5] = "org-introducer", [6] = "feature-last", [7] = "feature-first", [8] = "name-title",
    [9] = "name-particle", [10] = "count-killed", [11] = "count-wounded", [12] = "count-arrested",
    [13] = "count-kidnapped", [14] = "count-displaced", [15] = "count-protesters", [16] = "not-a-count",
    [17] = "money", [18] = "target-preposition", [19] = "quantity-noun", [20] = "undergoer-verb",
    [21] = "place-particle", [22] = "division", [23] = "settlement", [24] = "locative", [25] = "person-title",
    [26] = "plan-verb", [27] = "object-verb", [28] = "hearsay-noun", [29] = "company-suffix",
    [30] = "undergone-noun", [31] = "singular-name",
};

const char *hd_word_list_name(int index) { return index >= 0 && index < 32 ? word_list_names[index] : NULL; }

uint32_t hd_word_list_from_name(const char *name, size_t len)
{
    int i = name_bit(word_list_names, 32, name, len);
    return i < 0 ? 0 : 1u << i;
}

uint32_t hd_word_list_known(void) { return (uint32_t)named_bits(word_list_names, 32); }

uint64_t hd_word_class_known(void) { return named_bits(word_class_names, 64); }

static int fail(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    return -1;
}

#define SECTION(field, countfield, type, idx)                                                    \
    do {                                                                                         \
        const hd_img_section *s_ = &sec[idx];                                                    \
        if (s_->offset > size || s_->count > (size - s_->offset) / sizeof(type))                 \
            return fail(err, errlen, "dictionary image is corrupt (section out of bounds)");      \
        if (s_->offset % _Alignof(type) != 0)                                                    \
            return fail(err, errlen, "dictionary image is corrupt (misaligned section)");         \
        m->field = (const type *)(const void *)(data + s_->offset);                              \
        m->countfield = (size_t)s_->count;                                                       \
    } while (0)

static int check_strings(const hd_model *m, uint32_t off) { return off < m->strings_len; }

/* Magic, version and size: what tells "not an image", "an image of another version" and "an
 * image cut short" apart before anything else is read. */
static int check_header(const char *data, size_t size, char *err, size_t errlen)
{
    if (size < sizeof(hd_img_header) + S_COUNT * sizeof(hd_img_section))
        return fail(err, errlen, "dictionary image is truncated; rebuild it with make");
    const hd_img_header *h = (const hd_img_header *)(const void *)data;
    if (memcmp(h->magic, HD_IMAGE_MAGIC, 8) != 0)
        return fail(err, errlen, "not a herald dictionary image (bad magic)");
    if (h->version != HD_IMAGE_VERSION)
        return fail(err, errlen, "dictionary image of another version: rebuild it with make");
    if (h->total_bytes != size)
        return fail(err, errlen, "dictionary image is truncated or has bytes appended; rebuild it with make");
    if (h->n_sections != S_COUNT)
        return fail(err, errlen, "dictionary image is corrupt (section count)");
    return 0;
}

static int bind_sections(hd_model *m, const char *data, size_t size, char *err, size_t errlen)
{
    const hd_img_header *h = (const hd_img_header *)(const void *)data;
    m->flags = h->flags;
    const hd_img_section *sec = (const hd_img_section *)(const void *)(data + sizeof *h);
    SECTION(strings, strings_len, char, S_STRINGS);
    SECTION(words, n_words, hd_word, S_WORDS);
    SECTION(word_slots, n_word_slots, hd_slot, S_WORD_SLOTS);
    SECTION(nodes, n_nodes, hd_node, S_NODES);
    SECTION(edges, n_edges, hd_edge, S_EDGES);
    SECTION(entries, n_entries, hd_entry, S_ENTRIES);
    SECTION(actor_codes, n_actor_codes, hd_actor_code, S_ACTOR_CODES);
    SECTION(blocks, n_blocks, hd_block, S_BLOCKS);
    SECTION(patterns, n_patterns, hd_pattern, S_PATTERNS);
    SECTION(elems, n_elems, hd_elem, S_ELEMS);
    SECTION(synsets, n_synsets, hd_synset, S_SYNSETS);
    SECTION(phrases, n_phrases, hd_phrase, S_PHRASES);
    SECTION(phrase_words, n_phrase_words, uint32_t, S_PHRASE_WORDS);
    SECTION(cameo, n_cameo, hd_cameo, S_CAMEO);
    SECTION(syntax_image, syntax_size, char, S_SYNTAX);
    SECTION(noun_classes, n_noun_classes, uint32_t, S_NOUN_CLASSES);
    SECTION(roles, n_roles, hd_role, S_ROLES);
    SECTION(word_classes, n_word_classes, hd_word_class, S_WORD_CLASSES);
    SECTION(typing_image, typing_size, char, S_TYPING);
    SECTION(taxonomy, n_taxonomy, hd_taxon_rule, S_TAXONOMY);
    if (sec[S_SYNTAX].offset % 8 || sec[S_TYPING].offset % 8)
        return fail(err, errlen, "dictionary image is corrupt (misaligned syntax or classifier section)");
    if (m->strings_len == 0 || m->strings[m->strings_len - 1] != '\0')
        return fail(err, errlen, "dictionary image is corrupt (string pool)");
    if (m->n_word_slots == 0 || (m->n_word_slots & (m->n_word_slots - 1)) ||
        m->n_edges == 0 || (m->n_edges & (m->n_edges - 1)) || m->n_nodes == 0)
        return fail(err, errlen, "dictionary image is corrupt (hash tables)");
    return 0;
}

static int check_words(const hd_model *m, char *err, size_t errlen)
{
    for (size_t i = 0; i < m->n_words; i++)
        if (!check_strings(m, m->words[i].text) || m->words[i].lemma >= m->n_words || m->words[i].best >= T_PUNCT)
            return fail(err, errlen, "dictionary image is corrupt (words)");
    for (size_t i = 0; i < m->n_word_slots; i++)
        if (m->word_slots[i].id != HD_NONE && m->word_slots[i].id >= m->n_words)
            return fail(err, errlen, "dictionary image is corrupt (word table)");
    for (size_t i = 0; i < m->n_edges; i++) {
        const hd_edge *e = &m->edges[i];
        if (e->parent != HD_NONE && (e->parent >= m->n_nodes || e->child >= m->n_nodes || e->word >= m->n_words))
            return fail(err, errlen, "dictionary image is corrupt (trie)");
    }
    for (size_t i = 0; i < m->n_nodes; i++)
        if (m->nodes[i].first_entry > m->n_entries || m->nodes[i].n_entries > m->n_entries - m->nodes[i].first_entry)
            return fail(err, errlen, "dictionary image is corrupt (nodes)");
    return 0;
}

static int check_entries(const hd_model *m, char *err, size_t errlen)
{
    for (size_t i = 0; i < m->n_entries; i++) {
        const hd_entry *e = &m->entries[i];
        if (e->kind < E_ACTOR || e->kind >= E_KIND_COUNT || !check_strings(m, e->code) || !check_strings(m, e->rule))
            return fail(err, errlen, "dictionary image is corrupt (entries)");
        if (e->kind == E_VERB && e->aux >= m->n_blocks)
            return fail(err, errlen, "dictionary image is corrupt (verb entry)");
        if (e->kind == E_ACTOR && (e->aux > m->n_actor_codes || e->n_aux > m->n_actor_codes - e->aux))
            return fail(err, errlen, "dictionary image is corrupt (actor entry)");
    }
    for (size_t i = 0; i < m->n_actor_codes; i++)
        if (!check_strings(m, m->actor_codes[i].code))
            return fail(err, errlen, "dictionary image is corrupt (actor codes)");
    return 0;
}

static int check_patterns(const hd_model *m, char *err, size_t errlen)
{
    for (size_t i = 0; i < m->n_blocks; i++) {
        const hd_block *b = &m->blocks[i];
        if (!check_strings(m, b->code) || !check_strings(m, b->code_rev) || !check_strings(m, b->rule) || !check_strings(m, b->name) ||
            b->first_pattern > m->n_patterns || b->n_patterns > m->n_patterns - b->first_pattern)
            return fail(err, errlen, "dictionary image is corrupt (verb blocks)");
    }
    for (size_t i = 0; i < m->n_patterns; i++) {
        const hd_pattern *p = &m->patterns[i];
        size_t n = (size_t)p->n_lower + p->n_upper;
        if (!check_strings(m, p->code) || !check_strings(m, p->code_rev) || !check_strings(m, p->rule) || p->first_elem > m->n_elems ||
            n > m->n_elems - p->first_elem)
            return fail(err, errlen, "dictionary image is corrupt (patterns)");
    }
    for (size_t i = 0; i < m->n_elems; i++) {
        const hd_elem *e = &m->elems[i];
        if (e->type < EL_WORD || e->type > EL_VERB || (e->type == EL_WORD && e->value >= m->n_words) ||
            (e->type == EL_SYNSET && e->value >= m->n_synsets))
            return fail(err, errlen, "dictionary image is corrupt (pattern elements)");
    }
    return 0;
}

static int check_synsets(const hd_model *m, char *err, size_t errlen)
{
    for (size_t i = 0; i < m->n_synsets; i++) {
        const hd_synset *s = &m->synsets[i];
        if (!check_strings(m, s->name) || s->first_phrase > m->n_phrases || s->n_phrases > m->n_phrases - s->first_phrase)
            return fail(err, errlen, "dictionary image is corrupt (synsets)");
    }
    for (size_t i = 0; i < m->n_phrases; i++) {
        const hd_phrase *p = &m->phrases[i];
        if (p->first_word > m->n_phrase_words || p->n_words > m->n_phrase_words - p->first_word ||
            p->first_lemma >= m->n_words)
            return fail(err, errlen, "dictionary image is corrupt (phrases)");
    }
    for (size_t i = 0; i < m->n_phrase_words; i++)
        if (m->phrase_words[i] >= m->n_words)
            return fail(err, errlen, "dictionary image is corrupt (phrase words)");
    return 0;
}

static int check_cameo(const hd_model *m, char *err, size_t errlen)
{
    for (size_t i = 0; i < m->n_cameo; i++) {
        const hd_cameo *c = &m->cameo[i];
        /* written "!(x >= -10 && x <= 10)" so that a NaN fails too */
        if (!check_strings(m, c->label) || c->code[4] != '\0' || !(c->goldstein >= -10.0f && c->goldstein <= 10.0f))
            return fail(err, errlen, "dictionary image is corrupt (CAMEO table)");
    }
    return 0;
}

static int check_taxonomy(const hd_model *m, char *err, size_t errlen)
{
    for (size_t i = 0; i < m->n_taxonomy; i++) {
        const hd_taxon_rule *r = &m->taxonomy[i];
        if (r->kind < HD_TAXON_PLOVER || r->kind > HD_TAXON_LAST || memchr(r->code, '\0', sizeof r->code) == NULL ||
            !check_strings(m, r->label) || !check_strings(m, r->type) || !check_strings(m, r->sub) ||
            r->root_from > r->root_to)
            return fail(err, errlen, "dictionary image is corrupt (event-type tables)");
    }
    return 0;
}

/* Both sections are optional (an image built without WordNet or dict/roles.txt has them empty),
 * but when present they must be whole: lookups index them by word id and by CAMEO root. */
static int check_roles(const hd_model *m, char *err, size_t errlen)
{
    if (m->n_noun_classes != 0 && m->n_noun_classes != m->n_words)
        return fail(err, errlen, "dictionary image is corrupt (noun classes: not one per word)");
    for (size_t i = 0; i < m->n_noun_classes; i++)
        if (m->noun_classes[i] & ~HD_NC_ALL)
            return fail(err, errlen, "dictionary image is corrupt (noun classes)");
    if (m->n_roles != 0 && m->n_roles != HD_ROLE_ROOTS)
        return fail(err, errlen, "dictionary image is corrupt (role restrictions: not one per CAMEO root)");
    for (size_t i = 0; i < m->n_roles; i++)
        if ((m->roles[i].agent | m->roles[i].patient) & ~HD_NC_ALL)
            return fail(err, errlen, "dictionary image is corrupt (role restrictions)");
    return 0;
}

/* The lookup of a word missing from the lexicon searches the table by text, read lowercase: the
 * words must be lowercase and in strictly increasing order, and give only classes the coder
 * knows. */
static int check_word_classes(const hd_model *m, char *err, size_t errlen)
{
    uint64_t known = hd_word_class_known();
    uint32_t lists_known = hd_word_list_known();
    for (size_t i = 0; i < m->n_word_classes; i++) {
        const hd_word_class *w = &m->word_classes[i];
        if (!check_strings(m, w->text) || !(w->classes | w->lists) || (w->classes & ~known) ||
            (w->lists & ~lists_known))
            return fail(err, errlen, "dictionary image is corrupt (word classes)");
        /* what hd_builder_word_class() accepts, so that a model imported from this one builds */
        const char *t = hd_str(m, w->text);
        size_t n = strlen(t), k = 0;
        while (k < n && (unsigned char)t[k] > ' ' && !(t[k] >= 'A' && t[k] <= 'Z'))
            k++;
        if (n == 0 || n > 63 || k < n)
            return fail(err, errlen, "dictionary image is corrupt (word classes: not a lowercase word)");
        if (i && strcmp(hd_str(m, m->word_classes[i - 1].text), hd_str(m, w->text)) >= 0)
            return fail(err, errlen, "dictionary image is corrupt (word classes out of order)");
    }
    return 0;
}

/* `keep`: the model keeps the syntax view it opened (hd_model_free closes it); otherwise the
 * view is only checked and closed again, so that a caller's model owns nothing to free. */
static int check_structure(hd_model *m, const char *data, size_t size, int keep, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    m->base = data;
    m->size = size;
    /* Deep validation of every index: cheap (a few ms) and it turns a corrupt file into an
     * error message instead of a crash later. */
    if (check_header(data, size, err, errlen) != 0 || bind_sections(m, data, size, err, errlen) != 0 ||
        check_words(m, err, errlen) != 0 || check_entries(m, err, errlen) != 0 ||
        check_patterns(m, err, errlen) != 0 || check_synsets(m, err, errlen) != 0 || check_cameo(m, err, errlen) != 0 || check_taxonomy(m, err, errlen) != 0 ||
        check_roles(m, err, errlen) != 0 || check_word_classes(m, err, errlen) != 0)
        return -1;
    char why[200];
    if (hd_linear_set_open(&m->typing, m->typing_image, m->typing_size, why, sizeof why) != 0)
        return fail(err, errlen, why);
    if (m->syntax_size) {
        if (hd_syntax_open(&m->syntax, m->syntax_image, m->syntax_size, 0, why, sizeof why) != 0)
            return fail(err, errlen, why);
        m->has_syntax = keep;
        if (!keep)
            hd_syntax_close(&m->syntax);
    }
    return 0;
}

int hd_model_check_structure(hd_model *m, const char *data, size_t size, char *err, size_t errlen)
{
    return check_structure(m, data, size, 0, err, errlen);
}

void hd_model_seal(char *data, size_t size)
{
    hd_img_header *h = (hd_img_header *)(void *)data;
    h->checksum = hd_image_checksum(data, size, offsetof(hd_img_header, checksum));
}

static int check_checksum(const char *data, size_t size, char *err, size_t errlen)
{
    const hd_img_header *h = (const hd_img_header *)(const void *)data;
    if (h->checksum != hd_image_checksum(data, size, offsetof(hd_img_header, checksum)))
        return fail(err, errlen, HD_CHECKSUM_MISMATCH);
    return 0;
}

static int check_image(hd_model *m, const char *data, size_t size, int keep, char *err, size_t errlen)
{
    /* the header first, so that an old image is told to be rebuilt rather than corrupt */
    if (check_header(data, size, err, errlen) != 0 || check_checksum(data, size, err, errlen) != 0)
        return -1;
    return check_structure(m, data, size, keep, err, errlen);
}

int hd_model_check_image(hd_model *m, const char *data, size_t size, char *err, size_t errlen)
{
    return check_image(m, data, size, 0, err, errlen);
}

hd_model *hd_model_from_image(const char *data, size_t size, int mapped, char *err, size_t errlen)
{
    hd_model *m = calloc(1, sizeof *m);
    if (!m) {
        fail(err, errlen, "out of memory");
        goto drop;
    }
    if (check_image(m, data, size, 1, err, errlen) != 0) {
        free(m);
        goto drop;
    }
    m->mapped = mapped;
    return m;
drop:
    hd_release_image((void *)data, size, mapped);
    return NULL;
}

hd_model *hd_model_open(const char *path, char *err, size_t errlen)
{
    size_t size;
    void *p = hd_map_file(path, &size, err, errlen);
    if (!p)
        return NULL;
    char why[200];
    hd_model *m = hd_model_from_image(p, size, 1, why, sizeof why);
    if (!m && err && errlen)
        snprintf(err, errlen, "%s: %s", path, why);
    return m;
}

void hd_model_free(hd_model *m)
{
    if (!m)
        return;
    if (m->has_syntax)
        hd_syntax_close(&m->syntax);
    hd_release_image((void *)m->base, m->size, m->mapped);
    free(m);
}

int hd_model_has_syntax(const hd_model *m) { return m && m->has_syntax; }

void hd_model_get_stats(const hd_model *m, hd_model_stats *out)
{
    memset(out, 0, sizeof *out);
    out->words = m->n_words;
    out->patterns = m->n_patterns;
    out->verbs = m->n_blocks;
    out->cameo_codes = m->n_cameo;
    out->image_bytes = m->size;
    for (size_t i = 0; i < m->n_nodes; i++)
        if (m->nodes[i].n_entries)
            out->phrases++;
    for (size_t i = 0; i < m->n_entries; i++) {
        switch (m->entries[i].kind) {
        case E_ACTOR: out->actors++; break;
        case E_AGENT: out->agents++; break;
        case E_NOUN: out->nouns++; break;
        default: break;
        }
    }
}

static int word_eq(const char *w, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if ((unsigned char)w[i] != c)
            return 0;
    }
    return w[n] == '\0';
}

uint32_t hd_model_word(const hd_model *m, const char *s, size_t n, uint32_t hash)
{
    size_t mask = m->n_word_slots - 1;
    for (size_t i = hash & mask, probes = 0; probes < m->n_word_slots; i = (i + 1) & mask, probes++) {
        uint32_t id = m->word_slots[i].id;
        if (id == HD_NONE)
            return HD_NONE;
        if (m->word_slots[i].hash == hash && word_eq(m->strings + m->words[id].text, s, n))
            return id;
    }
    return HD_NONE;
}

uint32_t hd_model_child(const hd_model *m, uint32_t node, uint32_t word)
{
    size_t mask = m->n_edges - 1;
    for (size_t i = hd_hash_edge(node, word) & mask, probes = 0; probes < m->n_edges;
         i = (i + 1) & mask, probes++) {
        const hd_edge *e = &m->edges[i];
        if (e->parent == HD_NONE)
            return HD_NONE;
        if (e->parent == node && e->word == word)
            return e->child;
    }
    return HD_NONE;
}

static int has_prefix(const char *code, const char *prefix)
{
    size_t n = strlen(prefix);
    return n > 0 && strncmp(code, prefix, n) == 0;
}

const char *hd_model_plover(const hd_model *m, const char *code)
{
    const hd_taxon_rule *best = NULL;
    for (size_t i = 0; code && i < m->n_taxonomy; i++) {
        const hd_taxon_rule *r = &m->taxonomy[i];
        if (r->kind == HD_TAXON_PLOVER && has_prefix(code, r->code) && (!best || strlen(r->code) > strlen(best->code)))
            best = r;
    }
    const char *type = best ? hd_str(m, best->label) : NULL;
    return type && type[0] && strcmp(type, "-") != 0 ? type : NULL;
}

const char *hd_model_plover_mode(const hd_model *m, const char *code, uint64_t cues)
{
    if (!code || !isdigit((unsigned char)code[0]) || !isdigit((unsigned char)code[1]))
        return "";
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    for (size_t i = 0; i < m->n_taxonomy; i++) {
        const hd_taxon_rule *r = &m->taxonomy[i];
        if (r->kind != HD_TAXON_MODE)
            continue;
        int code_fits = r->code[0] ? has_prefix(code, r->code) : root >= r->root_from && root <= r->root_to;
        if (code_fits && (r->cues == 0 || (cues & r->cues)))
            return hd_str(m, r->label);
    }
    return "";
}

size_t hd_model_plover_contexts(const hd_model *m, const char *code, uint64_t cues, const char **out, size_t cap)
{
    size_t n = 0;
    if (!code || !isdigit((unsigned char)code[0]) || !isdigit((unsigned char)code[1]))
        return 0;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    for (size_t i = 0; i < m->n_taxonomy && n < cap; i++) {
        const hd_taxon_rule *r = &m->taxonomy[i];
        if (r->kind != HD_TAXON_CONTEXT)
            continue;
        int code_fits = r->code[0] ? has_prefix(code, r->code) : root >= r->root_from && root <= r->root_to;
        if (!code_fits || (r->cues && !(cues & r->cues)))
            continue;
        const char *context = hd_str(m, r->label);
        size_t k = 0;
        while (k < n && strcmp(out[k], context) != 0)
            k++;
        if (k == n)
            out[n++] = context;
    }
    return n;
}

const char *hd_model_plover_mode_2021(const hd_model *m, const char *mode)
{
    if (!mode || !mode[0])
        return NULL;
    for (size_t i = 0; i < m->n_taxonomy; i++) {
        const hd_taxon_rule *r = &m->taxonomy[i];
        if (r->kind == HD_TAXON_PLOVER_2021 && strcmp(hd_str(m, r->label), mode) == 0) {
            const char *to = hd_str(m, r->type);
            return strcmp(to, "-") != 0 ? to : NULL;
        }
    }
    return mode;
}

void hd_model_acled(const hd_model *m, const char *case_label, const char **type, const char **sub)
{
    *type = *sub = NULL;
    for (size_t i = 0; case_label && i < m->n_taxonomy; i++) {
        const hd_taxon_rule *r = &m->taxonomy[i];
        if (r->kind == HD_TAXON_ACLED && strcmp(hd_str(m, r->label), case_label) == 0) {
            *type = hd_str(m, r->type);
            *sub = hd_str(m, r->sub);
            return;
        }
    }
}

/* The first taxonomy rule of this kind whose label is `label`; NULL when none. */
static const hd_taxon_rule *taxon_labelled(const hd_model *m, int kind, const char *label)
{
    for (size_t i = 0; label && i < m->n_taxonomy; i++) {
        const hd_taxon_rule *r = &m->taxonomy[i];
        if (r->kind == kind && strcmp(hd_str(m, r->label), label) == 0)
            return r;
    }
    return NULL;
}

int hd_model_acled_actor(const hd_model *m, const char *role, const char **name)
{
    const hd_taxon_rule *r = taxon_labelled(m, HD_TAXON_ACLED_ACTOR, role);
    *name = r ? hd_str(m, r->sub) : NULL;
    return r ? atoi(hd_str(m, r->type)) : 0;
}

int hd_model_acled_fits(const hd_model *m, const char *type, const char *sub, const char *code, uint64_t cues)
{
    const hd_taxon_rule *r = taxon_labelled(m, HD_TAXON_ACLED_ROOTS, sub);
    if (!r)
        r = taxon_labelled(m, HD_TAXON_ACLED_ROOTS, type);
    if (!r || !code || !isdigit((unsigned char)code[0]) || !isdigit((unsigned char)code[1]) || (cues & r->cues))
        return 1;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    for (const char *p = hd_str(m, r->type); *p;) {
        char *end;
        long from = strtol(p, &end, 10), to = from;
        if (*end == '-')
            to = strtol(end + 1, &end, 10);
        if (root >= from && root <= to)
            return 1;
        p = *end == ',' ? end + 1 : end + strlen(end);
    }
    return 0;
}

void hd_model_actor_parts(const hd_model *m, hd_actor *a)
{
    a->region[0] = a->known_group[0] = a->religion1[0] = a->religion2[0] = a->role2[0] = a->role3[0] = '\0';
    size_t n = strlen(a->code);
    /* "USAGOV" has no part beyond its country and role: the common case costs no lookup */
    if (!m || n < 6 || (n == 6 && a->country[0]))
        return;
    int first_is_role = !a->country[0];
    for (size_t at = 3; at + 3 <= n; at += 3) {
        char part[4] = {a->code[at], a->code[at + 1], a->code[at + 2], '\0'};
        if (!first_is_role && at == 3 && !strcmp(part, a->role))
            continue; /* the first role, after the country */
        const hd_taxon_rule *r = taxon_labelled(m, HD_TAXON_ACTOR_CODE, part);
        const char *kind = r ? hd_str(m, r->type) : "";
        char *slot = NULL;
        if (!strcmp(kind, "role"))
            slot = !a->role[0] ? a->role : !a->role2[0] ? a->role2 : !a->role3[0] ? a->role3 : NULL;
        else if (!strcmp(kind, "region"))
            slot = !a->country[0] && !a->region[0] ? a->region : NULL;
        else if (!strcmp(kind, "religion"))
            slot = !a->religion1[0] ? a->religion1 : !a->religion2[0] ? a->religion2 : NULL;
        else
            slot = a->known_group; /* a group, or a part of no line: the last, "IGOUNOWHO" is the WHO */
        if (slot)
            memcpy(slot, part, 4);
    }
}

const char *hd_model_acled_disorder(const hd_model *m, const char *type, const char *sub)
{
    const hd_taxon_rule *r = taxon_labelled(m, HD_TAXON_ACLED_DISORDER, sub);
    if (!r)
        r = taxon_labelled(m, HD_TAXON_ACLED_DISORDER, type);
    return r ? hd_str(m, r->type) : NULL;
}

int hd_model_country(const hd_model *m, const char *cc, hd_country_facts *out)
{
    memset(out, 0, sizeof *out);
    out->region = "";
    const hd_taxon_rule *r = NULL;
    if (cc && strlen(cc) == 3) /* an actor's country: ISO alpha-3, the first word of `type` */
        for (size_t i = 0; !r && i < m->n_taxonomy; i++) {
            const hd_taxon_rule *t = &m->taxonomy[i];
            if (t->kind == HD_TAXON_COUNTRY && !strncmp(hd_str(m, t->type), cc, 3))
                r = t;
        }
    else if (cc && strlen(cc) >= 2) {
        char cc2[3] = {cc[0], cc[1], '\0'};
        r = taxon_labelled(m, HD_TAXON_COUNTRY, cc2);
    }
    if (!r)
        return -1;
    cc = hd_str(m, r->label);
    const char *codes_name = hd_str(m, r->type);
    snprintf(out->alpha3, sizeof out->alpha3, "%.3s", codes_name);
    snprintf(out->numeric, sizeof out->numeric, "%s", r->code);
    const hd_taxon_rule *acled_name = taxon_labelled(m, HD_TAXON_ACLED_COUNTRY, cc);
    snprintf(out->name, sizeof out->name, "%s",
             acled_name ? hd_str(m, acled_name->type) : strlen(codes_name) > 4 ? codes_name + 4 : "");
    const hd_taxon_rule *region = taxon_labelled(m, HD_TAXON_ACLED_REGION, cc);
    if (!region)
        region = taxon_labelled(m, HD_TAXON_ACLED_REGION, hd_str(m, r->sub));
    out->region = region ? hd_str(m, region->type) : "";
    return 0;
}

const hd_cameo *hd_model_cameo(const hd_model *m, const char *code)
{
    size_t lo = 0, hi = m->n_cameo;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(m->cameo[mid].code, code);
        if (c == 0)
            return &m->cameo[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

uint32_t hd_model_noun_classes(const hd_model *m, uint32_t word_id)
{
    if (word_id >= m->n_noun_classes)
        return 0;
    uint32_t c = m->noun_classes[word_id];
    /* WordNet lists lemmas only; plurals and other forms take their lemma's classes (the
     * image checked that every lemma id is a word id) */
    if (!c)
        c = m->noun_classes[m->words[word_id].lemma];
    return c;
}

int hd_model_role_allows(const hd_model *m, const char *code, int patient, uint32_t noun_classes)
{
    if (!noun_classes || !m->n_roles || !code || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9')
        return 1;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    if (root < 1 || root > HD_ROLE_ROOTS)
        return 1;
    uint32_t allowed = patient ? m->roles[root - 1].patient : m->roles[root - 1].agent;
    return !allowed || (allowed & noun_classes) != 0;
}

/* strcmp of the stored lowercase word against n bytes of a token read lowercase */
static int word_cmp(const char *stored, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (stored[i] == '\0') /* a prefix of the token, so before it (a NUL in the token too) */
            return -1;
        if ((unsigned char)stored[i] != c)
            return (unsigned char)stored[i] < c ? -1 : 1;
    }
    return stored[n] != '\0';
}

/* The record of dict/word-classes.txt for a word (compared lowercase), NULL when none. */
static const hd_word_class *word_class_record(const hd_model *m, const char *s, size_t n)
{
    size_t lo = 0, hi = m->n_word_classes;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = word_cmp(hd_str(m, m->word_classes[mid].text), s, n);
        if (c == 0)
            return &m->word_classes[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

uint64_t hd_model_word_class(const hd_model *m, const char *s, size_t n)
{
    const hd_word_class *w = word_class_record(m, s, n);
    return w ? w->classes : 0;
}

uint32_t hd_model_word_lists(const hd_model *m, const char *s, size_t n)
{
    const hd_word_class *w = word_class_record(m, s, n);
    return w ? w->lists : 0;
}
