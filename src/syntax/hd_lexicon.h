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

/* Part-of-speech tags, a trimmed Penn Treebank set; a word's lexicon entry is a bit set. Here,
 * with the lexicon the syntax stage reads, because the tag repairs of hd_syntax.c ask which of
 * them a word allows; the dictionary image (model/hd_model.h) stores them per word. */
enum hd_tag {
    T_CC, T_CD, T_DT, T_EX, T_IN, T_JJ, T_JJR, T_JJS, T_MD, T_NN, T_NNS, T_NNP, T_NNPS, T_PDT,
    T_POS, T_PRP, T_PRPS, T_RB, T_RBR, T_RBS, T_RP, T_TO, T_UH, T_VB, T_VBD, T_VBG, T_VBN,
    T_VBP, T_VBZ, T_WDT, T_WP, T_WRB,
    T_PUNCT, /* not a lexicon bit: assigned by the tokenizer */
    T_COUNT
};
#define TAGBIT(t) (1u << (t))
#define TAGS_NOUN (TAGBIT(T_NN) | TAGBIT(T_NNS) | TAGBIT(T_NNP) | TAGBIT(T_NNPS))
#define TAGS_VERB (TAGBIT(T_VB) | TAGBIT(T_VBD) | TAGBIT(T_VBG) | TAGBIT(T_VBN) | TAGBIT(T_VBP) | TAGBIT(T_VBZ))
#define TAGS_ADJ (TAGBIT(T_JJ) | TAGBIT(T_JJR) | TAGBIT(T_JJS))
#define TAGS_ADV (TAGBIT(T_RB) | TAGBIT(T_RBR) | TAGBIT(T_RBS))
/* Closed classes: determiners, prepositions, conjunctions, pronouns, modals, particles. A word
 * whose most frequent tag is one of these is a function word (hd_builder_function_phrase). */
#define TAGS_FUNCTION (TAGBIT(T_DT) | TAGBIT(T_PDT) | TAGBIT(T_IN) | TAGBIT(T_TO) | TAGBIT(T_CC) | \
                       TAGBIT(T_PRP) | TAGBIT(T_PRPS) | TAGBIT(T_WDT) | TAGBIT(T_WP) | TAGBIT(T_WRB) | \
                       TAGBIT(T_EX) | TAGBIT(T_MD) | TAGBIT(T_POS) | TAGBIT(T_RP))

typedef struct hd_lexicon_entry {
    uint32_t tags; /* bit set of enum hd_tag */
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

#endif
