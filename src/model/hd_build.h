/* hd_build.h: assembling a dictionary image from dictionary entries.
 *
 * The readers of herald's own format (hd_dictfile.c) and of PETRARCH/TABARI dictionaries
 * (hd_petrarch.c) both call this builder, which owns tokenisation of phrases, inflection and
 * the trie, so that every source ends up in the same runtime image. */
#ifndef HD_BUILD_H
#define HD_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "model/hd_model.h"

typedef struct hd_builder hd_builder;

hd_builder *hd_builder_new(void);
void hd_builder_free(hd_builder *b);

/* Copies the part-of-speech lexicon, lemmas, noun classes, role restrictions, word classes,
 * CAMEO table and the entries of the given kinds (bit set of 1u << E_*) from an existing model. */
int hd_builder_import_model(hd_builder *b, const hd_model *m, unsigned kinds);

/* Lexicon: adds tags (bit set of enum hd_tag) to a word; `best` is the most frequent tag.
 * A word listed only capitalised is a name (WF_NAME). */
void hd_builder_lexicon(hd_builder *b, const char *word, size_t n, uint32_t tags, int best);
/* Sentiment of a word (AFINN scale -5..+5) for document tone; adds the word when unknown. */
void hd_builder_valence(hd_builder *b, const char *word, size_t n, int valence);
/* Irregular inflection: `form` is an inflection of `lemma` ("struck" -> "strike"). */
void hd_builder_lemma(hd_builder *b, const char *form, const char *lemma);
/* Marks a word as a function word that its lexicon tags do not show as one ("was", "has"). */
void hd_builder_function_word(hd_builder *b, const char *word);
/* 1 when the phrase has no content word: every token is punctuation or a function word (its
 * most frequent lexicon tag is a closed class, TAGS_FUNCTION, or it was marked with
 * hd_builder_function_word()). Such a phrase ("to", "of the", ",") occurs in nearly every
 * sentence, so as a discard it would discard nearly everything. 0 for an empty phrase or one
 * with a word the lexicon does not know. */
int hd_builder_function_phrase(hd_builder *b, const char *phrase);

/* Where a word's noun classes come from (hd_builder_noun_classes). */
enum hd_nc_origin {
    HD_NC_FROM_WORDNET, /* a lowercase WordNet noun */
    HD_NC_FROM_NAME,    /* a capitalised WordNet noun: counts only when WordNet has no lowercase one */
    HD_NC_FROM_HAND     /* a dictionary line (dict/roles.txt `class`): always counts */
};
/* ORs noun classes (enum hd_noun_class bits) into an existing word: returns 1, or 0 when the
 * word is not in the builder (no word is added). In the image, WordNet's classes count only for
 * a word the lexicon knows as a noun or not at all, and not for a word that is by itself an
 * actor's name (`actor China => CHN`): see word_noun_classes() in hd_build.c. */
int hd_builder_noun_classes(hd_builder *b, const char *word, uint32_t classes, int origin);
/* Role restriction: CAMEO roots from..to (1..HD_ROLE_ROOTS) allow these noun classes for the
 * agent (patient 0) or the patient; several calls for one root and role add up. 0, or -1 with a
 * reason in err. */
int hd_builder_role(hd_builder *b, int from, int to, int patient, uint32_t classes, char *err, size_t errlen);

/* Word classes (WC_* bits of model/hd_word_class.h, dict/word-classes.txt): ORs them into a
 * lowercase word, which need not be in the lexicon (no word is added). 0, or -1 with a reason in
 * err (not one lowercase word, longer than 63 bytes, no class or an unknown bit). */
int hd_builder_word_class(hd_builder *b, const char *word, uint64_t classes, char *err, size_t errlen);
/* Word lists (WL_* bits, the lists of dict/word-classes.txt): the same for a word a rule looks
 * up by text; the word may be a symbol ("$", ".ru") but has no space and no capital. */
int hd_builder_word_list(hd_builder *b, const char *word, uint32_t lists, char *err, size_t errlen);

/* An actor code with its validity: yyyymmdd, 0 = open. */
typedef struct hd_dated_code {
    char code[32];
    int32_t from, to;
} hd_dated_code;

/* Each adder returns 0, or -1 with a reason in err. `rule` names the origin ("file:line"). */
int hd_builder_actor(hd_builder *b, const char *phrase, const hd_dated_code *codes, size_t n,
                     const char *rule, char *err, size_t errlen);
/* `plural`: NULL generates the plural of the last word, "" generates none, otherwise the
 * given plural phrase is added too. */
int hd_builder_agent(hd_builder *b, const char *phrase, const char *role, const char *plural,
                     const char *rule, char *err, size_t errlen);
/* A verb block; returns its index. default_code "" or "---" codes nothing by default;
 * "A:B" codes A from source to target and B from target to source (also in patterns). */
uint32_t hd_builder_block(hd_builder *b, const char *name, const char *default_code, const char *rule);
/* A verb lemma (maybe multi-word) in a block: all its inflections are added. `forms` lists
 * extra explicit forms ("|"-separated) or is NULL. */
int hd_builder_verb(hd_builder *b, uint32_t block, const char *lemma, const char *forms,
                    const char *rule, char *err, size_t errlen);
/* A pattern "LOWER * UPPER" of a block (see docs/dictionaries.md). */
int hd_builder_pattern(hd_builder *b, uint32_t block, const char *pattern, const char *code,
                       const char *rule, char *err, size_t errlen);
int hd_builder_noun(hd_builder *b, const char *phrase, const char *code, const char *rule,
                    char *err, size_t errlen);
/* E_LIGHT and E_SAY take verb lemmas (inflected); E_OUTLET, E_HEDGE, E_DISCARD take phrases. */
int hd_builder_simple(hd_builder *b, int kind, const char *phrase, int story_level,
                      const char *rule, char *err, size_t errlen);
/* Synsets: created on first mention. */
int hd_builder_synset_add(hd_builder *b, const char *name, const char *phrase, char *err, size_t errlen);
int hd_builder_cameo(hd_builder *b, const char *code, double goldstein, const char *label,
                     char *err, size_t errlen);

/* HD_MODEL_* flags written into the image header. */
void hd_builder_set_flags(hd_builder *b, uint32_t flags);
/* The syntax image (src/syntax/hd_syntax.h) to embed as the S_SYNTAX section; copied. */
int hd_builder_syntax(hd_builder *b, const void *data, size_t size);
/* A trained classifier image (model/hd_linear.h) to embed in the S_TYPING section, after
 * those given before; copied. -1 when it is not a whole, valid image or there are too many. */
int hd_builder_typing(hd_builder *b, const void *data, size_t size);
/* One line of dict/taxonomy.txt (hd_taxon_rule; its strings given apart and interned here),
 * after those given before. 0, or -1 with a reason in err (err may be NULL). */
int hd_builder_taxon(hd_builder *b, const hd_taxon_rule *rule, const char *label, const char *type, const char *sub,
                     char *err, size_t errlen);
/* What the actors added from now on name (enum hd_actor_kind): persons, organisations, places. */
void hd_builder_set_actor_kind(hd_builder *b, int kind);

/* Serialises everything into a freshly allocated image. Returns 0 or -1 on out of memory. */
int hd_builder_image(hd_builder *b, char **data, size_t *size);

/* Inflections, exposed for tests: writes up to `max` NUL-separated forms into out. */
size_t hd_builder_verb_forms(hd_builder *b, const char *lemma, char forms[][64], int *form_kind, size_t max);
size_t hd_builder_noun_plurals(hd_builder *b, const char *noun, char forms[][64], size_t max);

#endif
