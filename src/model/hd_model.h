/* hd_model.h: the layout of a compiled dictionary image and the read-only lookups on it.
 *
 * An image is one position-independent block: a header, then sections of fixed-size records
 * that refer to each other by 32-bit indexes and to text by offsets into a string pool. The
 * same bytes serve a file mapped with mmap and an image built in memory (PETRARCH import), so
 * there is exactly one runtime representation. Everything here is read-only after load. */
#ifndef HD_MODEL_H
#define HD_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "herald.h"
#include "syntax/hd_lexicon.h"
#include "syntax/hd_syntax.h"
#include "model/hd_linear.h"

#define HD_IMAGE_MAGIC "HDMODEL\x01"
#define HD_IMAGE_VERSION 18u /* 11: the header carries a checksum; 12: the syntax section;
                                13: noun classes and role restrictions; 14: word classes;
                                15: word lists; 16: list 19 (intent verbs) unused;
                                17: the trained event classifiers;
                                18: the event-type tables of dict/taxonomy.txt */
#define HD_NONE 0xFFFFFFFFu

/* The tags themselves (enum hd_tag, TAGBIT, TAGS_*) are the lexicon's, in syntax/hd_lexicon.h. */
const char *hd_tag_name(int tag);
int hd_tag_from_name(const char *name, size_t len); /* -1 when unknown */

/* Kinds of dictionary entries attached to a phrase. */
enum hd_entry_kind {
    E_ACTOR = 1, E_AGENT, E_VERB, E_NOUN, E_LIGHT, E_SAY, E_OUTLET, E_HEDGE, E_DISCARD,
    E_KIND_COUNT
};

/* What an E_ACTOR entry names (hd_entry.form), from the dictionary's `kind` directive; it
 * sorts a document's names into persons and organisations (hd_entities.c). */
enum hd_actor_kind { AK_UNKNOWN = 0, AK_PERSON, AK_ORGANIZATION, AK_PLACE };

/* Verb form of a generated inflection (E_VERB entries). */
enum hd_verb_form { VF_BASE = 0, VF_3SG, VF_PAST, VF_PART, VF_ING, VF_ANY };

typedef struct hd_img_header {
    char magic[8];
    uint32_t version;
    uint32_t n_sections;
    uint64_t total_bytes;
    uint32_t flags; /* HD_MODEL_* */
    uint32_t pad;
    uint64_t checksum; /* hd_image_checksum() of the whole image, this field read as zero */
} hd_img_header;

/* The model came from PETRARCH/TABARI dictionaries: their patterns state modality themselves
 * ("INDICATED WOULD *"), so the coder keeps pattern codes as they are and does not drop
 * hypothetical verb groups. */
#define HD_MODEL_PETRARCH 1u

enum hd_section {
    S_STRINGS, S_WORDS, S_WORD_SLOTS, S_NODES, S_EDGES, S_ENTRIES, S_ACTOR_CODES, S_BLOCKS,
    S_PATTERNS, S_ELEMS, S_SYNSETS, S_PHRASES, S_PHRASE_WORDS, S_CAMEO,
    S_SYNTAX, /* the trained tagger and parser (src/syntax/hd_syntax.h), bytes; may be empty */
    S_NOUN_CLASSES, /* uint32 per word id (enum hd_noun_class bits), or empty: none known */
    S_ROLES,        /* hd_role per CAMEO root 01..20, or empty: no restrictions */
    S_WORD_CLASSES, /* hd_word_class per classed word, sorted by text; or empty: none */
    S_TYPING,       /* the trained event classifiers (model/hd_linear.h), bytes; may be empty */
    S_TAXONOMY,     /* hd_taxon_rule, in the order of dict/taxonomy.txt; may be empty */
    S_COUNT
};

/* WordNet's noun lexicographer classes (the lexnames noun.Tops .. noun.time) as bits: what kind
 * of thing a noun can be, one bit for each of its senses' classes. Bit n is WordNet's
 * lex_filenum n + 3. */
enum hd_noun_class {
    HD_NC_TOPS = 1 << 0, HD_NC_ACT = 1 << 1, HD_NC_ANIMAL = 1 << 2, HD_NC_ARTIFACT = 1 << 3,
    HD_NC_ATTRIBUTE = 1 << 4, HD_NC_BODY = 1 << 5, HD_NC_COGNITION = 1 << 6,
    HD_NC_COMMUNICATION = 1 << 7, HD_NC_EVENT = 1 << 8, HD_NC_FEELING = 1 << 9, HD_NC_FOOD = 1 << 10,
    HD_NC_GROUP = 1 << 11, HD_NC_LOCATION = 1 << 12, HD_NC_MOTIVE = 1 << 13, HD_NC_OBJECT = 1 << 14,
    HD_NC_PERSON = 1 << 15, HD_NC_PHENOMENON = 1 << 16, HD_NC_PLANT = 1 << 17,
    HD_NC_POSSESSION = 1 << 18, HD_NC_PROCESS = 1 << 19, HD_NC_QUANTITY = 1 << 20,
    HD_NC_RELATION = 1 << 21, HD_NC_SHAPE = 1 << 22, HD_NC_STATE = 1 << 23, HD_NC_SUBSTANCE = 1 << 24,
    HD_NC_TIME = 1 << 25
};
#define HD_NC_COUNT 26
#define HD_NC_ALL ((1u << HD_NC_COUNT) - 1)
#define HD_NC_FIRST_FILENUM 3 /* WordNet's lex_filenum of noun.Tops */

/* The lexname of class bit `index` without "noun." ("Tops", "act", ... "time"); NULL out of range. */
const char *hd_noun_class_name(int index);
/* The bit of a class name (case-insensitive, "noun." prefix optional), 0 when unknown. */
uint32_t hd_noun_class_from_name(const char *name, size_t len);

/* Who may do and undergo the acts of one CAMEO root: masks of enum hd_noun_class for the head
 * noun of the agent (doer) and of the patient (the one acted on); 0 = no restriction. */
typedef struct hd_role {
    uint32_t agent, patient;
} hd_role;
#define HD_ROLE_ROOTS 20 /* CAMEO roots 01..20; S_ROLES[root - 1] */

/* A word of dict/word-classes.txt, its WC_* classes and its WL_* lists (model/hd_word_class.h).
 * Kept by text, not by word id, because some ("'ll", "wo", "$") may be missing from the
 * lexicon and are still asked about when a token is not among the model's words. */
typedef struct hd_word_class {
    uint32_t text; /* lowercase, string offset */
    uint32_t lists;
    uint64_t classes;
} hd_word_class;

typedef struct hd_img_section {
    uint64_t offset;
    uint64_t count; /* records, or bytes for S_STRINGS */
} hd_img_section;

typedef struct hd_word {
    uint32_t text;   /* lowercase form, string offset */
    uint32_t tags;   /* bit set of enum hd_tag from the lexicon; 0 = not in the lexicon */
    uint32_t lemma;  /* word id of the lemma (itself when none is known) */
    uint8_t best;    /* most frequent tag */
    uint8_t flags;   /* WF_* */
    int8_t valence;  /* AFINN-165 sentiment, -5..+5, 0 = neutral or unrated (document tone) */
    uint8_t pad;
} hd_word;
#define WF_NAME 1u   /* the lexicon lists it capitalised only (proper noun) */
#define WF_START 2u  /* some dictionary phrase starts with it: only these need a trie walk */
#define WF_FUNCTION 4u /* listed in dict/function-words.txt (auxiliaries the tags do not mark) */

/* Word table slot: the hash is kept next to the id so that most probes never touch the word
 * records or their strings (the table is the hottest lookup of the coder). */
typedef struct hd_slot {
    uint32_t hash, id; /* id HD_NONE = empty */
} hd_slot;

typedef struct hd_node {
    uint32_t first_entry;
    uint32_t n_entries;
} hd_node;

typedef struct hd_edge {
    uint32_t parent, word, child;
} hd_edge;

typedef struct hd_entry {
    uint8_t kind;
    uint8_t form;     /* enum hd_verb_form for E_VERB, enum hd_actor_kind for E_ACTOR */
    uint16_t n_words;
    uint32_t code;    /* string offset: actor fallback code, agent role, noun event code */
    uint32_t aux;     /* E_VERB: block index; E_ACTOR: first actor code; E_DISCARD: 1 = story */
    uint32_t n_aux;   /* E_ACTOR: number of actor codes */
    uint32_t rule;    /* string offset of the rule id ("dict/actors.txt:12"); an actor line's
                         goes on with HD_RULE_NAME and its first phrase ("dict/actors.txt:591
                         name=Barack Obama") */
} hd_entry;
#define HD_RULE_NAME " name="

typedef struct hd_actor_code {
    uint32_t code;    /* string offset */
    int32_t from, to; /* yyyymmdd, 0 = open */
} hd_actor_code;

typedef struct hd_block {
    uint32_t code;    /* default code string offset; empty string = "---" */
    uint32_t code_rev; /* code of the reverse event (target to source), "" for none */
    uint32_t first_pattern, n_patterns;
    uint32_t rule;
    uint32_t name;    /* block name for diagnostics */
} hd_block;

enum hd_elem_type { EL_WORD = 1, EL_SYNSET, EL_SOURCE, EL_TARGET, EL_COMPOUND, EL_VERB };

typedef struct hd_elem {
    uint8_t type;
    uint8_t adjacent; /* must follow the previous element directly */
    uint16_t pad;
    uint32_t value;   /* word id or synset index */
} hd_elem;

typedef struct hd_pattern {
    uint32_t first_elem;
    uint16_t n_lower, n_upper; /* elements before and after the verb, lower stored nearest-first */
    uint32_t code;             /* string offset */
    uint32_t code_rev;         /* reverse event code ("[032:033]"), "" for none */
    uint32_t rule;             /* string offset */
    uint32_t specificity;      /* number of word elements: more wins */
} hd_pattern;

/* 256-bit Bloom sets of lemma ids let the coder skip patterns whose words are absent. */
#define HD_BLOOM_WORDS 8
#define HD_BLOOM_SET(b, id) ((b)[((id) >> 5) & 7] |= 1u << ((id) & 31))
#define HD_BLOOM_HAS(b, id) (((b)[((id) >> 5) & 7] >> ((id) & 31)) & 1u)

typedef struct hd_synset {
    uint32_t name;
    uint32_t first_phrase, n_phrases;
    uint32_t bloom[HD_BLOOM_WORDS];      /* lemmas of the phrases' first words */
    uint32_t bloom_last[HD_BLOOM_WORDS]; /* lemmas of their last words */
} hd_synset;

typedef struct hd_phrase {
    uint32_t first_word, n_words; /* into S_PHRASE_WORDS */
    uint32_t first_lemma;         /* lemma of the first word: a synset's phrases are sorted by it */
} hd_phrase;

typedef struct hd_cameo {
    char code[5];
    uint8_t pad[3];
    float goldstein;
    uint32_t label;
} hd_cameo;

/* One line of dict/taxonomy.txt: how an event's CAMEO code and the means its sentence names
 * give its PLOVER type and mode, and which ACLED event type and sub-event type a CASE 2021 class
 * is. */
enum hd_taxon_kind {
    HD_TAXON_PLOVER = 1, /* code (a prefix) -> label, a PLOVER type ("" for none) */
    HD_TAXON_MODE,       /* code (a prefix) or roots, and cues -> label, a PLOVER mode */
    HD_TAXON_ACLED,      /* label, a CASE class -> type, sub: ACLED's */
    HD_TAXON_ACLED_ACTOR,    /* label, a CAMEO role -> type, ACLED's inter code; sub, a name
                                template ("Military Forces of {country}") */
    HD_TAXON_ACLED_DISORDER, /* label, an ACLED event or sub-event type -> type, its disorder */
    HD_TAXON_ACLED_REGION,   /* label, a UN subregion or an ISO alpha-2 code -> type, ACLED's region */
    HD_TAXON_COUNTRY,        /* label, ISO alpha-2 -> code, ISO numeric; type, "ALPHA3 Name";
                                sub, its UN subregion */
    HD_TAXON_ACLED_ROOTS,    /* label, an ACLED event type -> type, the CAMEO roots it may have
                                ("14,17-19"), or cues, words its sentence may name instead */
    HD_TAXON_ACLED_COUNTRY,  /* label, ISO alpha-2 -> type, the country's name in ACLED */
    HD_TAXON_CONTEXT,        /* code (a prefix) or roots, and cues -> label, a PLOVER context */
    HD_TAXON_PLOVER_2021,    /* label, a herald PLOVER mode -> type, the PLOVER 2021 draft's
                                ("-": none) */
    HD_TAXON_ACTOR_CODE      /* label, a part of an actor code ("MOS") -> type, its kind
                                ("role", "region", "religion", "group"); sub, its name */
};
#define HD_TAXON_LAST HD_TAXON_ACTOR_CODE

typedef struct hd_taxon_rule {
    uint8_t kind;               /* enum hd_taxon_kind */
    char code[5];               /* a CAMEO code prefix, NUL-terminated; "" with a root range */
    uint8_t root_from, root_to; /* HD_TAXON_MODE with no code: CAMEO roots, inclusive */
    uint64_t cues;              /* HD_TAXON_MODE: any of these WC_ bits; 0: any sentence */
    uint32_t label, type, sub;  /* strings */
    uint32_t pad;
} hd_taxon_rule;

struct hd_model {
    const char *base;
    size_t size;
    uint32_t flags;         /* HD_MODEL_* */
    int mapped;             /* 1: munmap on free; 0: free() */
    const char *strings;
    size_t strings_len;
    const hd_word *words;
    size_t n_words;
    const hd_slot *word_slots;
    size_t n_word_slots;    /* power of two */
    const hd_node *nodes;
    size_t n_nodes;
    const hd_edge *edges;
    size_t n_edges;         /* power of two, open addressing; parent == HD_NONE marks empty */
    const hd_entry *entries;
    size_t n_entries;
    const hd_actor_code *actor_codes;
    size_t n_actor_codes;
    const hd_block *blocks;
    size_t n_blocks;
    const hd_pattern *patterns;
    size_t n_patterns;
    const hd_elem *elems;
    size_t n_elems;
    const hd_synset *synsets;
    size_t n_synsets;
    const hd_phrase *phrases;
    size_t n_phrases;
    const uint32_t *phrase_words;
    size_t n_phrase_words;
    const hd_cameo *cameo;
    size_t n_cameo;
    const char *syntax_image; /* S_SYNTAX: 8-byte aligned */
    size_t syntax_size;
    hd_syntax syntax; /* opened from syntax_image when there is one */
    int has_syntax;
    const uint32_t *noun_classes; /* S_NOUN_CLASSES: n_words entries, or none */
    size_t n_noun_classes;
    const hd_role *roles;         /* S_ROLES: HD_ROLE_ROOTS entries, or none */
    size_t n_roles;
    const hd_word_class *word_classes; /* S_WORD_CLASSES: sorted by text (strcmp), or none */
    size_t n_word_classes;
    const char *typing_image; /* S_TYPING: 8-byte aligned */
    size_t typing_size;
    hd_linear_set typing; /* a view of typing_image: the classifiers by name */
    const hd_taxon_rule *taxonomy; /* S_TAXONOMY */
    size_t n_taxonomy;
};

/* FNV-1a over the lowercase bytes; the builder and the runtime must agree. */
static inline uint32_t hd_hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h = (h ^ c) * 16777619u;
    }
    return h;
}

static inline uint32_t hd_hash_edge(uint32_t parent, uint32_t word)
{
    uint64_t k = ((uint64_t)parent << 32) | word;
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (uint32_t)k;
}

static inline const char *hd_str(const hd_model *m, uint32_t off) { return m->strings + off; }

/* Word id of a token (compared lowercase), HD_NONE when unknown. `hash` is hd_hash_bytes(). */
uint32_t hd_model_word(const hd_model *m, const char *s, size_t n, uint32_t hash);
/* The image's lexicon as the tagger and the parser read it (an hd_lexicon_lookup_fn of
 * syntax/hd_lexicon.h; `model` is an hd_model): hd_model_lexicon.c. */
int hd_model_lexicon_lookup(const void *model, const char *word, size_t len, hd_lexicon_entry *out);
/* The same for a word whose id the caller has already looked up (`word` is its text). */
int hd_model_lexicon_entry(const hd_model *m, uint32_t id, const char *word, size_t len, hd_lexicon_entry *out);
/* Trie child of `node` through `word`, HD_NONE when none. */
uint32_t hd_model_child(const hd_model *m, uint32_t node, uint32_t word);
/* CAMEO table entry for a code, NULL when unknown. */
const hd_cameo *hd_model_cameo(const hd_model *m, const char *code);

/* The PLOVER type of a CAMEO code: that of the longest code prefix dict/taxonomy.txt gives one,
 * NULL when none does (or gives "-"). */
const char *hd_model_plover(const hd_model *m, const char *code);
/* The PLOVER mode of an act of this code in a sentence with these WC_CUES bits: the first
 * `mode` line that matches both, "" when none does. */
const char *hd_model_plover_mode(const hd_model *m, const char *code, uint64_t cues);
/* The PLOVER contexts of an act of this code in a sentence with these WC_CUES bits: every
 * `context` line that matches, in their order, without repeats, up to `cap` of them into
 * out[]; returns how many. */
size_t hd_model_plover_contexts(const hd_model *m, const char *code, uint64_t cues, const char **out, size_t cap);
/* The PLOVER 2021 draft's mode for a herald mode: the mode itself when it has no
 * `plover-mode-2021` line, NULL when the draft has none for it. */
const char *hd_model_plover_mode_2021(const hd_model *m, const char *mode);
/* The ACLED event type and sub-event type of a CASE 2021 class; both NULL when the class is
 * none of ACLED's (or NULL). */
void hd_model_acled(const hd_model *m, const char *case_label, const char **type, const char **sub);
/* 1 when an act of this CAMEO code, in a sentence of these WC_CUES bits, may be of this ACLED
 * event type and sub-event type: the `acled-roots` line of the sub-event type (else of the
 * type) lists the code's root or one of the cues, or neither has a line. */
int hd_model_acled_fits(const hd_model *m, const char *type, const char *sub, const char *code, uint64_t cues);
/* ACLED's actor category (inter code 1-8) of a CAMEO role ("MIL", "REB"), with the template of
 * the actor's name ("Military Forces of {country}") in *name; 0 and NULL when the role has
 * none (an `acled-actor` line of dict/taxonomy.txt). */
int hd_model_acled_actor(const hd_model *m, const char *role, const char **name);
/* The parts of the actor's CAMEO code beyond its country and first role, by the
 * `actor-code` lines of dict/actor-codes.txt: further roles, a region in place of a country,
 * religions, and the known group (the last part that is a group or has no line: "ISI" of
 * "IMGMOSISI"). Fills a->region, known_group, religion1, religion2,
 * role2 and role3; leaves the rest. */
void hd_model_actor_parts(const hd_model *m, hd_actor *a);
/* ACLED's disorder type of an event of this type and sub-event type (the sub-event type's
 * line first): "Political violence", "Demonstrations", ...; NULL when none. */
const char *hd_model_acled_disorder(const hd_model *m, const char *type, const char *sub);
/* What the image knows of a country by its ISO alpha-2 or alpha-3 code (`country-facts` lines,
 * generated from npm world-countries): its name (ACLED's, by an `acled-country` line, else the
 * common name), ISO alpha-3 and numeric codes, and ACLED's region (by the country's own
 * `acled-region` line, else its UN subregion's). 0, or -1 when the country is unknown (every
 * output then ""). */
typedef struct hd_country_facts {
    char alpha3[4], numeric[4];
    char name[80];
    const char *region;
} hd_country_facts;
int hd_model_country(const hd_model *m, const char *cc, hd_country_facts *out);

/* The noun classes (enum hd_noun_class bits) of a word id, 0 when unknown: a word WordNet does
 * not know as a noun, an id out of range (HD_NONE), an image built without them. A word with
 * no classes of its own takes its lemma's ("soldiers" those of "soldier"). */
uint32_t hd_model_noun_classes(const hd_model *m, uint32_t word_id);
/* 1 when a head noun of these classes may be the agent (patient 0) or the patient (patient 1)
 * of an event with this CAMEO code: the code's root has no restriction for that role (or the
 * image none at all, or the code no root 01..20), noun_classes is 0 (unknown word), or the
 * classes meet the allowed ones. 0 only when every sense of the noun is of a class the root
 * does not allow ("the speech attacked", "flags visited"). */
int hd_model_role_allows(const hd_model *m, const char *code, int patient, uint32_t noun_classes);

/* The WC_* bits dict/word-classes.txt gives a word (compared lowercase), 0 when it gives none. */
uint64_t hd_model_word_class(const hd_model *m, const char *s, size_t n);
/* The WL_* lists dict/word-classes.txt puts a word in (compared lowercase), 0 when none. */
uint32_t hd_model_word_lists(const hd_model *m, const char *s, size_t n);

/* Wraps image bytes (validated) into a model; takes ownership of `data` (free or munmap).
 * The checksum is verified first, then the structure. */
hd_model *hd_model_from_image(const char *data, size_t size, int mapped, char *err, size_t errlen);

/* Writes the checksum into an image's header; the builder calls it once the image is complete
 * (and a test that crafts an image calls it to get past the checksum). */
void hd_model_seal(char *data, size_t size);

/* Every check hd_model_from_image() makes — header, checksum, structure — on bytes it does not
 * own: fills m's section pointers into `data` and returns 0, or -1 with a reason. The syntax
 * section is checked but not kept open (m->has_syntax is 0): m owns nothing to free. */
int hd_model_check_image(hd_model *m, const char *data, size_t size, char *err, size_t errlen);

/* The structural checks alone, without the checksum: header, version, sections within the
 * image and every index and offset within bounds, so that lookups on an image that passes
 * cannot read outside it. Fills m's section pointers into `data` (m does not own it) and
 * returns 0, or -1 with a reason. This is what a crafted image with a correct checksum meets,
 * and what a fuzz target calls directly. */
int hd_model_check_structure(hd_model *m, const char *data, size_t size, char *err, size_t errlen);

#endif
