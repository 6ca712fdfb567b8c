/* hd_normalize.h: UTF-8 validation and the text normalisation every document goes through
 * before tokenisation (NFC, typographic quotes and dashes to ASCII, odd spaces removed). */
#ifndef HD_NORMALIZE_H
#define HD_NORMALIZE_H

#include <stddef.h>

#include "base/hd_buf.h"

/* Returns 0 when s[0..n) is valid UTF-8 without NUL bytes; otherwise -1 with the byte offset
 * of the first problem and a short reason. */
int hd_utf8_check(const char *s, size_t n, size_t *bad_offset, const char **reason);

/* Column (1-based) of an escaped NUL ("\u0000") in a line of JSON, 0 when there is none: a
 * JSON parser would decode it into a C string and silently cut the text there. */
size_t hd_json_escaped_nul(const char *s, size_t n);

/* Appends the normalised text to out (replacing its contents). Returns 0, or -1 when utf8proc
 * fails (out of memory). Input must have passed hd_utf8_check. */
int hd_normalize(const char *s, size_t n, hd_buf *out);

#endif
