/* hd_dictfile.h: readers for herald's own dictionary files (docs/dictionaries.md), the
 * part-of-speech lexicon table, WordNet's irregular-inflection lists and noun synsets, the
 * function-word list, the role restrictions and the word classes, feeding a builder. Every problem is an error reported as "file:line: reason" (at most
 * HD_DIAG_SHOWN a file, then a count): garbage bytes, lines of unknown syntax, empty or
 * truncated files. */
#ifndef HD_DICTFILE_H
#define HD_DICTFILE_H

#include "model/hd_build.h"
#include "text/hd_textfile.h"

/* Each returns the number of errors (reported through warn), or -1 when the file cannot be
 * read at all. */
long hd_dictfile_load(hd_builder *b, const char *path, hd_warn_fn warn, void *user);
/* Lexicon lines: "word<TAB>TAG|TAG|..." with the most frequent tag first. */
long hd_dictfile_load_lexicon(hd_builder *b, const char *path, hd_warn_fn warn, void *user);
/* WordNet *.exc lines: "form lemma [lemma...]", lowercase words. */
long hd_dictfile_load_exceptions(hd_builder *b, const char *path, hd_warn_fn warn, void *user);
/* One word a line ('#' comments): function words the lexicon's closed-class tags do not mark
 * (the forms of the auxiliaries), see hd_builder_function_phrase(). */
long hd_dictfile_load_function_words(hd_builder *b, const char *path, hd_warn_fn warn, void *user);

/* WordNet's data.noun (wndb(5)): every single word of a synset that is already in the builder
 * gets the synset's lexicographer class (enum hd_noun_class); no word is added. Lines starting
 * with two blanks (the licence) are skipped; a malformed line is an error. Load it after the
 * lexicon and the dictionaries, so that their words are there. */
long hd_dictfile_load_noun_classes(hd_builder *b, const char *path, hd_warn_fn warn, void *user);
/* dict/roles.txt: "agent ROOTS CLASS...", "patient ROOTS CLASS..." (role restrictions by CAMEO
 * root) and "class CLASS WORD | WORD..." (classes WordNet does not give a word); see
 * docs/dictionaries.md. A `class` word that is not in the builder is a warning. */
long hd_dictfile_load_roles(hd_builder *b, const char *path, hd_warn_fn warn, void *user);

/* dict/word-classes.txt: "CLASS: WORD WORD ..." with CLASS a name of model/hd_word_class.h
 * ("intent", "date"); a class may take several lines and a word several classes. An unknown
 * class, a line without a colon or words, a word that is not one lowercase word is an error. */
long hd_dictfile_load_word_classes(hd_builder *b, const char *path, hd_warn_fn warn, void *user);

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" into yyyymmdd (the start of the period when
 * `end` is 0, its last day otherwise). Returns -1 when malformed. */
int hd_dictfile_parse_date(const char *s, size_t n, int end, int32_t *out);

#endif
