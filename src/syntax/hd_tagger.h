/* hd_tagger.h: the part-of-speech tagger, an averaged perceptron in the manner of spaCy v1 and
 * Honnibal's "A good part-of-speech tagger in about 200 lines": words are tagged left to right,
 * each from features of the word, its neighbours and the tags already chosen, every feature
 * hashed into a table of weights. It predicts the Penn Treebank tag (XPOS) and the Universal
 * one (UPOS).
 *
 * Beyond that design: the tags an external lexicon gives a word (herald's, in the dictionary
 * image; hd_lexicon.h) are features, which is what tags the unknown words of web text; a second
 * pass sees the first pass's tags of the words after; UPOS is chosen knowing the word's XPOS;
 * frequent words that take one tag are looked up in a tag dictionary instead of being scored.
 *
 * A tagger is trained (hd_tagger_train) or opened from its image in place (hd_tagger_open);
 * either way, once made it is never changed, so one tagger serves any number of threads. */
#ifndef HD_TAGGER_H
#define HD_TAGGER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "syntax/hd_conllu.h"
#include "syntax/hd_lexicon.h"

typedef struct hd_tagger hd_tagger;

typedef struct hd_tagger_options {
    int iterations; /* passes over the training sentences, each stage (default 8) */
    unsigned seed;  /* their order in each pass is shuffled from this (default 1) */
    int hash_bits;  /* the weight table has 2^hash_bits rows (default 19) */
    /* The lexicon whose tags become features (NULL: none). Only training reads it: tagging is
     * given the lexicon each time, and must be given the same one. */
    const hd_lexicon *lexicon;
} hd_tagger_options;

void hd_tagger_default_options(hd_tagger_options *o);

/* Learns from `n` sentences; after each pass over them (pass 1.k for the first stage, 2.k for
 * the second), when `dev` is given, writes its accuracy on `log`. NULL when memory ran out.
 * Deterministic for the same data, options and lexicon. */
hd_tagger *hd_tagger_train(const hd_conllu_sentence *train, size_t n, const hd_conllu_sentence *dev, size_t n_dev,
                           const hd_tagger_options *opt, FILE *log);
void hd_tagger_free(hd_tagger *t);

/* Whether the tagger was trained with a lexicon's tags as features. Tagging without one (lex
 * NULL) then still works, as for words the lexicon does not know, but worse. */
int hd_tagger_uses_lexicon(const hd_tagger *t);

/* Tags `n` words: xpos[i] and upos[i] get tag numbers (names by hd_tagger_*_name). `lex` is
 * the lexicon it was trained with (ignored when it was trained without). */
void hd_tagger_tag(const hd_tagger *t, const hd_lexicon *lex, const char *const *words, size_t n, int *xpos,
                   int *upos);
const char *hd_tagger_xpos_name(const hd_tagger *t, int tag);
const char *hd_tagger_upos_name(const hd_tagger *t, int tag);

/* Tags the sentences with their gold words and counts the words whose XPOS and UPOS agree. */
void hd_tagger_score(const hd_tagger *t, const hd_lexicon *lex, const hd_conllu_sentence *s, size_t n, long *words,
                     long *xpos_right, long *upos_right);

/* Writes the tagger's image (see hd_tagger.c): its tag names, what its features depend on,
 * its tagging weights and its tag dictionary. Weights below `prune` times the largest are left
 * out (0: only those that round to 0 in 16 bits). 0, or -1 on a write error or out of memory. */
int hd_tagger_write(const hd_tagger *t, double prune, FILE *out);

/* A tagger that tags from an image in place (8-byte aligned; it must outlive the tagger): NULL
 * with a reason when the image is damaged or of another version. Nothing big is copied: the
 * weights and the tag dictionary are read where they lie. Free it with hd_tagger_free. */
hd_tagger *hd_tagger_open(const void *data, size_t size, char *err, size_t errlen);

#endif
