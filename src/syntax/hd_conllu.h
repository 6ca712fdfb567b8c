/* hd_conllu.h: reading Universal Dependencies treebanks (CoNLL-U), the data the tagger and the
 * parser learn from and are measured on. Only basic trees are kept: multiword-token lines
 * ("1-2") and empty nodes ("1.1") are skipped, as a trainer of basic trees must. */
#ifndef HD_CONLLU_H
#define HD_CONLLU_H

#include <stddef.h>
#include <stdio.h>

/* One word of a sentence; strings are owned by the sentence. `head` is 0 for the root, the
 * 1-based index of the head word otherwise. */
typedef struct hd_conllu_word {
    char *form, *lemma, *upos, *xpos, *deprel;
    int head;
} hd_conllu_word;

typedef struct hd_conllu_sentence {
    hd_conllu_word *words;
    size_t n, cap;
    char *text; /* "# text = ..." when given, else NULL */
    char *id;   /* "# sent_id = ..." when given, else NULL */
    long line;  /* line of the file where the sentence starts */
} hd_conllu_sentence;

typedef struct hd_conllu_reader {
    FILE *f;
    const char *path;
    long line;
    char *buf;
    size_t cap;
} hd_conllu_reader;

/* Opens a file; -1 with "path: reason" in err. */
int hd_conllu_open(hd_conllu_reader *r, const char *path, char *err, size_t errlen);
void hd_conllu_close(hd_conllu_reader *r);
/* The next sentence into `s` (whose old contents are freed): 1, 0 at the end, -1 with
 * "path:line: reason" in err for a malformed sentence (a word line without 10 columns, an id
 * out of order, a head outside the sentence, a NUL byte); reading goes on with the next. */
int hd_conllu_next(hd_conllu_reader *r, hd_conllu_sentence *s, char *err, size_t errlen);
void hd_conllu_sentence_free(hd_conllu_sentence *s);

#endif
