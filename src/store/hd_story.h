/* hd_story.h: stories, the articles of a store that report the same happening.
 *
 * A story is found from the names an article uses (its capitalised words that do not open a
 * sentence: persons, places, organisations), weighted by how rare each is in the store, and
 * from its publication date: an article joins the story whose articles, published within a few
 * days of it, share on average enough of its rarest names (a near-duplicate shares all of
 * them), else it starts a story of its own. Events reported in one story merge with
 * looser actor agreement than events of unrelated articles (hd_store.c). */
#ifndef HD_STORY_H
#define HD_STORY_H

#include <stddef.h>

#include "base/hd_buf.h"

/* The longest name term kept, in bytes; longer words are cut. */
#define HD_STORY_TERM_MAX 40

typedef struct hd_story_term {
    char text[HD_STORY_TERM_MAX + 1]; /* lower-cased */
    int count;                        /* occurrences in the article */
    double weight;                    /* scratch for the caller: the term's weight */
} hd_story_term;

/* The distinct names of `text` (capitalised words not opening a sentence or a quotation,
 * lower-cased, a trailing possessive dropped), with their counts, sorted by text, in `out`
 * (grown as needed, `*cap` its capacity). Returns their number, or -1 when memory ran out. */
long hd_story_names(const char *text, size_t len, hd_story_term **out, size_t *cap);

#endif
