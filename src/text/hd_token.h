/* hd_token.h: tokenizer and sentence splitter. Tokens keep byte offsets into the text they
 * came from, so every event can point back at its exact words. */
#ifndef HD_TOKEN_H
#define HD_TOKEN_H

#include <stddef.h>
#include <stdint.h>

enum hd_shape {
    SH_CAP = 1u << 0,     /* first letter upper case */
    SH_ALLCAP = 1u << 1,  /* two or more letters, all upper case */
    SH_DIGIT = 1u << 2,   /* starts with a digit */
    SH_PUNCT = 1u << 3,   /* punctuation token */
    SH_ABBR = 1u << 4,    /* ends with an attached period ("U.S.", "Gen.") */
    SH_QUOTE = 1u << 5,   /* a quotation mark */
    SH_NEWLINE = 1u << 6, /* a line break precedes the token */
    SH_PARA = 1u << 7,    /* a blank line precedes the token */
    SH_CLITIC = 1u << 8,  /* "'s", "n't", "'re", ... split from the word before */
    SH_TITLEABBR = 1u << 9, /* an abbreviation that comes before a name ("Mr.", "Gen.") */
};

typedef struct hd_span {
    uint32_t start, end; /* bytes [start, end) */
    uint32_t shape;
} hd_span;

/* Splits text into tokens. Writes up to `max` spans and returns the number of tokens found
 * (which may exceed max; call again with a larger array). */
size_t hd_tokenize(const char *s, size_t len, hd_span *out, size_t max);

/* Groups tokens into sentences: writes, for each sentence, the index of its first token
 * into `starts` (up to max) and returns the number of sentences. `hard_wrapped` tells that
 * single line breaks are line wrapping, not sentence ends. */
size_t hd_split_sentences(const char *s, const hd_span *tok, size_t ntok, int hard_wrapped,
                          uint32_t *starts, size_t max);

/* Guesses whether a text is hard-wrapped (most lines of similar length, as in wire copy). */
int hd_text_is_hard_wrapped(const char *s, size_t len);

#endif
