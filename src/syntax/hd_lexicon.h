/* hd_lexicon.h: what the tagger and the parser may ask of an external lexicon (herald's, in the
 * dictionary image) about a word: the tags it can take, the most frequent one, and whether it
 * is a name. The tagger takes these as features, which is what tags the unknown words of web
 * text; the parser sees them beside the one tag the tagger chose, so that a wrong choice does
 * not blind it. Both are given the lexicon when they run, not when they are loaded: a model's
 * image stays independent of the dictionary image it is embedded in. */
#ifndef HD_LEXICON_H
#define HD_LEXICON_H

#include <stddef.h>
#include <stdint.h>

typedef struct hd_lexicon_entry {
    uint32_t tags; /* bit set of enum hd_tag (hd_model.h) */
    int best;      /* the most frequent of them */
    int name;      /* listed capitalised only */
    int auxiliary; /* a form of be, have or do (dict/function-words.txt); not a tagger feature */
} hd_lexicon_entry;

/* Looks a word up, ignoring case (as herald's image does): 1 and *out filled when the lexicon
 * gives it tags, 0 when not. Must be a pure function of the word, and give when tagging and
 * parsing what it gave when training. */
typedef int (*hd_lexicon_lookup_fn)(const void *data, const char *word, size_t len, hd_lexicon_entry *out);

typedef struct hd_lexicon {
    hd_lexicon_lookup_fn lookup;
    const void *data;
} hd_lexicon;

/* The lookup in a dictionary image's lexicon: `model` is an hd_model. */
int hd_lexicon_model_lookup(const void *model, const char *word, size_t len, hd_lexicon_entry *out);

#endif
