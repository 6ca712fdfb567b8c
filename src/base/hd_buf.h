/* hd_buf.h: growable byte buffers and small string helpers used across libherald.
 * Every producer of text (normaliser, HTML extractor, writers) appends into an hd_buf so
 * that memory is reused between documents instead of being allocated per call. */
#ifndef HD_BUF_H
#define HD_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct hd_buf {
    char *data;   /* always NUL-terminated when len > 0 or after hd_buf_cstr() */
    size_t len;
    size_t cap;
} hd_buf;

#define HD_BUF_INIT {NULL, 0, 0}

/* Ensure room for `extra` more bytes plus a NUL; returns 0 on success, -1 on out of memory. */
int hd_buf_reserve(hd_buf *b, size_t extra);
int hd_buf_append(hd_buf *b, const void *data, size_t n);
int hd_buf_puts(hd_buf *b, const char *s);
int hd_buf_putc(hd_buf *b, char c);
int hd_buf_printf(hd_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Returns a NUL-terminated view of the contents (never NULL). */
const char *hd_buf_cstr(hd_buf *b);
void hd_buf_clear(hd_buf *b);
void hd_buf_free(hd_buf *b);

#endif
