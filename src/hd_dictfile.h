/* hd_dictfile.h: readers for herald's own dictionary files (docs/dictionaries.md), the
 * part-of-speech lexicon table and WordNet's irregular-inflection lists, feeding a builder. */
#ifndef HD_DICTFILE_H
#define HD_DICTFILE_H

#include "hd_build.h"

typedef void (*hd_warn_fn)(void *user, const char *file, long line, const char *msg);

/* Each returns the number of lines rejected (reported through warn), or -1 when the file
 * cannot be read at all. */
long hd_dictfile_load(hd_builder *b, const char *path, hd_warn_fn warn, void *user);
/* Lexicon lines: "word<TAB>TAG|TAG|..." with the most frequent tag first. */
long hd_dictfile_load_lexicon(hd_builder *b, const char *path, hd_warn_fn warn, void *user);
/* WordNet *.exc lines: "form lemma [lemma...]". */
long hd_dictfile_load_exceptions(hd_builder *b, const char *path, hd_warn_fn warn, void *user);

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" into yyyymmdd (the start of the period when
 * `end` is 0, its last day otherwise). Returns -1 when malformed. */
int hd_dictfile_parse_date(const char *s, size_t n, int end, int32_t *out);

#endif
