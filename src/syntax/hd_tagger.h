/* hd_tagger.h: the part-of-speech tagger, an averaged perceptron in the manner of spaCy v1 and
 * Honnibal's "A good part-of-speech tagger in about 200 lines": words are tagged left to right,
 * each from features of the word, its neighbours and the tags already chosen, every feature
 * hashed into a table of weights. It predicts the Penn Treebank tag (XPOS) and the Universal
 * one (UPOS).
 *
 * Beyond that design: the tags an external lexicon gives a word (herald's, in the dictionary
 * image) are features, which is what tags the unknown words of web text; a second pass sees
 * the first pass's tags of the words after; UPOS is chosen knowing the word's XPOS; frequent
 * words that take one tag are looked up in a tag dictionary instead of being scored. */
#ifndef HD_TAGGER_H
#define HD_TAGGER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hd_conllu.h"

typedef struct hd_tagger hd_tagger;

/* What an external lexicon says about a word: the tags it can take (bit set of enum hd_tag,
 * hd_model.h), the most frequent one, and whether it is listed capitalised only (a name). */
typedef struct hd_tagger_entry {
    uint32_t tags;
    int best;
    int name;
} hd_tagger_entry;

/* Looks a word up, ignoring case (as herald's image does): 1 and *out filled when known, 0
 * when not. `data` is hd_tagger_lexicon.data. Must be a pure function of the word, and give
 * at tagging what it gave at training. */
typedef int (*hd_tagger_lookup_fn)(const void *data, const char *word, size_t len, hd_tagger_entry *out);

typedef struct hd_tagger_lexicon {
    hd_tagger_lookup_fn lookup;
    const void *data;
} hd_tagger_lexicon;

/* A lookup in a dictionary image's lexicon: pass an hd_model as `data` (the coder passes the
 * image it has loaded; herald-train builds one from the lexicon table). */
int hd_tagger_model_lookup(const void *model, const char *word, size_t len, hd_tagger_entry *out);

typedef struct hd_tagger_options {
    int iterations; /* passes over the training sentences (default 8) */
    unsigned seed;  /* their order in each pass is shuffled from this (default 1) */
    int hash_bits;  /* the weight table has 2^hash_bits rows (default 19) */
    /* The lexicon whose tags become features (NULL: none). A tagger trained with one must tag
     * with the same (it keeps this pointer: the lexicon must outlive it). */
    const hd_tagger_lexicon *lexicon;
} hd_tagger_options;

void hd_tagger_default_options(hd_tagger_options *o);

/* Learns from `n` sentences; after each pass over them (pass 1.k for the first stage, 2.k for
 * the second), when `dev` is given, writes its accuracy on `log`. NULL when memory ran out.
 * Deterministic for the same data, options and lexicon. */
hd_tagger *hd_tagger_train(const hd_conllu_sentence *train, size_t n, const hd_conllu_sentence *dev, size_t n_dev,
                           const hd_tagger_options *opt, FILE *log);
void hd_tagger_free(hd_tagger *t);

/* Tags `n` words: xpos[i] and upos[i] get tag numbers (names by hd_tagger_*_name). */
void hd_tagger_tag(const hd_tagger *t, const char *const *words, size_t n, int *xpos, int *upos);
const char *hd_tagger_xpos_name(const hd_tagger *t, int tag);
const char *hd_tagger_upos_name(const hd_tagger *t, int tag);

/* Tags the sentences with their gold words and counts the words whose XPOS and UPOS agree. */
void hd_tagger_score(const hd_tagger *t, const hd_conllu_sentence *s, size_t n, long *words, long *xpos_right,
                     long *upos_right);

#endif
