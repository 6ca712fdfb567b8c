/* hd_parser.h: the dependency parser, a greedy transition-based parser in the manner of spaCy v1
 * and of Goldberg and Nivre's arc-hybrid system with a dynamic oracle.
 *
 * A sentence is read left to right with a stack and a buffer. At each step an averaged
 * perceptron (hd_perceptron.h) chooses one of three moves, each but the first with a relation:
 *   SHIFT      the next buffer word goes onto the stack;
 *   LEFT(r)    the top of the stack becomes a dependent, by relation r, of the next buffer word;
 *   RIGHT(r)   the top of the stack becomes a dependent of the word below it.
 * The root sits at the bottom of the stack and takes its one dependent last, so every parse is
 * a single projective tree. Training lets the parser follow its own mistakes and learn the best
 * move from wherever it stands (the dynamic oracle), which is what makes greedy parsing good. */
#ifndef HD_PARSER_H
#define HD_PARSER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "syntax/hd_conllu.h"
#include "syntax/hd_lexicon.h"
#include "syntax/hd_perceptron.h"

/* A parser: a view of a frozen parser image (label names and weights), immutable and shared by
 * every thread; the image must outlive it. */
#define HD_PARSER_MAX_MOVES 7
typedef struct hd_parser {
    hd_rows uni;     /* a word's unigram weights for every place and move class */
    hd_narrow moves; /* the other features' weights for every move class */
    hd_rows labels;  /* the relations' weights */
    int n_moves;     /* move classes: SHIFT, and arcs that name some of their relations */
    uint8_t move_kind[HD_PARSER_MAX_MOVES + 1];    /* 0 SHIFT, 1 LEFT, 2 RIGHT */
    uint64_t move_labels[HD_PARSER_MAX_MOVES + 1]; /* an arc class's relations, a bit each */
    uint64_t root_labels;                          /* the relations of the root's dependent */
    const char *label_names[64];
    int n_labels;
    int uses_lexicon; /* trained with a lexicon: give it the same one */
    int uses_upos;    /* trained with UPOS tags beside the Penn tags */
    /* the unigram run of each relation's attribute (and, last, of none), found when the image
     * is opened: one is added at every arc, and a lookup for it would wait on memory twice */
    uint32_t label_runs[64 + 1];
} hd_parser;

/* Opens a parser image of `size` bytes at `data` (8-byte aligned). 0, or -1 with a reason. */
int hd_parser_open(hd_parser *p, const void *data, size_t size, char *err, size_t errlen);

/* Parses `n` words given their forms, Penn Treebank tags and UPOS tags (NULL: none; a parser
 * trained with them is then a little worse): heads[i] is the 1-based index of word i's head (0
 * for the root), labels[i] its relation (name by hd_parser_label). 0, or -1 when memory ran
 * out. */
int hd_parser_parse(const hd_parser *p, const hd_lexicon *lex, const char *const *forms, const char *const *tags,
                    const char *const *upos, size_t n, int *heads, int *labels);
const char *hd_parser_label(const hd_parser *p, int label);

/* Parses the sentences with their words and XPOS tags as given and counts the words whose
 * head (UAS) and head and relation (LAS) are right; punctuation counts, as in CoNLL 2018. */
void hd_parser_score(const hd_parser *p, const hd_lexicon *lex, const hd_conllu_sentence *s, size_t n,
                     long *words, long *heads_right, long *labels_right);

typedef struct hd_parser_options {
    int iterations; /* passes over the training sentences (default 15); the pass best on dev is kept */
    unsigned seed;  /* shuffling and exploration follow it (default 1) */
    double prune;   /* weights below this share of the largest are dropped (default 0) */
    const hd_lexicon *lexicon; /* word classes as features (default NULL: none) */
    int groups; /* move classes per direction, each of the most frequent relations but the last (default 3) */
    int upos;   /* UPOS tags as features beside the Penn tags (default 1) */
    int members; /* models trained apart, from their own seeds, and averaged into one (default 1) */
} hd_parser_options;

void hd_parser_default_options(hd_parser_options *o);

/* Learns from `n` gold sentences (non-projective ones are made projective: this parser cannot
 * build them) and writes a frozen parser image to `out`: with one member, that of the pass
 * that scores best on `dev` (the last pass when there is no dev set); with several, the
 * average of the members' weights after `iterations` passes each. After each pass (each
 * member's last, with several) and of the average writes dev UAS and LAS on `log`. 0, or -1
 * when memory ran out or the image could not be written. Deterministic. */
int hd_parser_train(const hd_conllu_sentence *train, size_t n, const hd_conllu_sentence *dev, size_t n_dev,
                    const hd_parser_options *opt, FILE *log, FILE *out);

#endif
