/* hd_textfile.h: the checks every text input of herald shares — its own dictionary files, the
 * lexicon table, WordNet's exception lists, PETRARCH dictionaries and the gazetteer table —
 * and how their problems are reported.
 *
 * Lines come out of hd_textfile_next() only once they are known to hold no NUL byte and to be
 * valid UTF-8; a line that fails is reported as "file:line: reason" and skipped, never cut
 * short or read in part. Messages go through an hd_diag, which shows the first HD_DIAG_SHOWN of
 * a file and then only counts, so that one bad file cannot bury everything else. */
#ifndef HD_TEXTFILE_H
#define HD_TEXTFILE_H

#include <stddef.h>
#include <stdio.h>

typedef void (*hd_warn_fn)(void *user, const char *file, long line, const char *msg);

/* Messages shown per file; hd_diag_finish() reports how many more there were. */
#define HD_DIAG_SHOWN 20

/* The messages of one file. `line` 0 means the file as a whole ("file: reason"). */
typedef struct hd_diag {
    hd_warn_fn warn; /* may be NULL: messages are only counted */
    void *user;
    const char *path;
    long errors, warnings;
} hd_diag;

void hd_diag_start(hd_diag *d, hd_warn_fn warn, void *user, const char *path);
/* An error: the line (or file) is refused. */
void hd_diag_error(hd_diag *d, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A warning: what the reader did instead is part of the message; it says "warning: ". */
void hd_diag_warning(hd_diag *d, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Reports "N more warnings/errors not shown" when the file had more than HD_DIAG_SHOWN. */
void hd_diag_finish(hd_diag *d);

typedef struct hd_textfile {
    FILE *f;
    hd_diag *diag;
    int lenient;      /* PETRARCH files: control characters and a missing final newline are
                         warnings (stock dictionaries have them), not errors */
    char *buf;
    size_t cap;
    long line;        /* number of the line last read, 1-based */
    long offset;      /* byte offset in the file of the line last read */
    long bytes;       /* bytes read so far */
    int ended_newline; /* the last line read ended with '\n' */
} hd_textfile;

/* Opens `path` for reading; -1 after reporting why it cannot be read. */
int hd_textfile_open(hd_textfile *t, const char *path, hd_diag *d);
/* The next line that passes the checks, without its "\n" or "\r\n", NUL-terminated, with its
 * length in *len; NULL at the end of the file. A last line without a newline (a file cut
 * short) is reported when the end is reached. */
char *hd_textfile_next(hd_textfile *t, size_t *len);
void hd_textfile_close(hd_textfile *t);

/* Offset of the first byte of s[0..n) that is not valid UTF-8, or n when all of it is. */
size_t hd_utf8_invalid_at(const char *s, size_t n);

/* Splits a line into at most `max` tab-separated fields, in place (the last keeps any tabs
 * beyond); the number of fields. */
size_t hd_split_tabs(char *line, char **field, size_t max);

#endif
