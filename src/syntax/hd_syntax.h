/* hd_syntax.h: the syntax stage as the rest of herald sees it: the trained tagger and parser
 * held in one image, and the analysis of a sentence of herald's own tokens into tags and a
 * labelled dependency tree.
 *
 * The image ("HDSYNTX1") is what `make train` writes to model/en_ewt.syntax and herald-dictc
 * embeds as a section of the dictionary image, so that the syntax maps with the rest:
 *   magic | u32 version | u32 sections (2) | u64 checksum (hd_image_checksum, this field as 0) |
 *   for the tagger and then the parser: u64 offset, u64 size | the two images, 8-byte aligned */
#ifndef HD_SYNTAX_H
#define HD_SYNTAX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "syntax/hd_parser.h"
#include "syntax/hd_tagger.h"

/* 2: the tagger's image is HDTAGGR2 (lexicon features, two passes, tag dictionary); 3: the
 * parser's is HDPARSE3 (moves and relations chosen apart, unigram rows per word) */
#define HD_SYNTAX_VERSION 3u

typedef struct hd_syntax {
    hd_tagger *tagger; /* a view of the image */
    hd_parser parser;
    const void *tagger_image, *parser_image; /* the two parts' bytes, for tools that recombine them */
    size_t tagger_size, parser_size;
} hd_syntax;

/* Opens an image in place (8-byte aligned; it must outlive `s`). `check_sum` verifies the
 * checksum too (an image inside a dictionary image is covered by that image's). 0, or -1 with
 * a reason. */
int hd_syntax_open(hd_syntax *s, const void *data, size_t size, int check_sum, char *err, size_t errlen);
void hd_syntax_close(hd_syntax *s);

/* Writes an image from a tagger image and a parser image. 0, or -1 on a write error. */
int hd_syntax_write(const void *tagger, size_t tagger_size, const void *parser, size_t parser_size, FILE *out);

/* One word's analysis; tag and relation names point into the image. */
typedef struct hd_syntax_word {
    const char *upos, *xpos, *deprel;
    int head; /* 1-based index of the head in the sentence, 0 for the root */
} hd_syntax_word;

/* Tags and parses the `n` words of a sentence; `lex` (or NULL) is the lexicon that the tagger
 * and the parser read (a dictionary image's: hd_model_lexicon_lookup in model/hd_model.h).
 * 0, or -1 when memory ran out. */
int hd_syntax_analyse(const hd_syntax *s, const hd_lexicon *lex, const char *const *words, size_t n, hd_syntax_word *out);

/* Tags only, as hd_syntax_analyse tags: every head is -1 and every relation "_". For text that
 * needs its words' classes but no tree (a sentence that names no act), at a third of the cost. */
int hd_syntax_tag(const hd_syntax *s, const hd_lexicon *lex, const char *const *words, size_t n, hd_syntax_word *out);

/* As hd_syntax_analyse (with `tree`) or hd_syntax_tag (without), told which words the caller
 * knows for names (names[i] non-zero: a capitalised word its dictionaries name): those the
 * tagger took for a common noun, a verb or an adverb become proper nouns before the parse. */
int hd_syntax_analyse_names(const hd_syntax *s, const hd_lexicon *lex, const char *const *words, size_t n, int tree,
                            const unsigned char *names, hd_syntax_word *out);

#endif
