/* hd_normalize.c: UTF-8 validation and normalisation with utf8proc.
 *
 * News text mixes composed and decomposed accents, curly and straight quotes, several dashes
 * and invisible characters. Normalising once, before tokenisation, lets dictionaries be
 * written in plain ASCII punctuation. Offsets of events refer to the normalised text. */
#include "hd_normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int hd_utf8_check(const char *s, size_t n, size_t *bad_offset, const char **reason)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == 0) {
                *bad_offset = i;
                *reason = "NUL byte";
                return -1;
            }
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (len < 0) {
            *bad_offset = i;
            *reason = "invalid UTF-8";
            return -1;
        }
        i += (size_t)len;
    }
    return 0;
}

/* The replacement for a code point, or NULL to keep it. "" drops it. */
static const char *replacement(utf8proc_int32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC: return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB: return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: return "-";
    case 0x2026: return "...";
    case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004: case 0x2005:
    case 0x2006: case 0x2007: case 0x2008: case 0x2009: case 0x200A: case 0x202F: case 0x205F:
    case 0x3000: case 0x2028: case 0x2029: return " ";
    case 0x200B: case 0x200C: case 0x200D: case 0xFEFF: case 0x00AD: case 0x2060: return "";
    default: return NULL;
    }
}

static int all_ascii(const char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ULL)
            return 0;
    }
    for (; i < n; i++)
        if ((unsigned char)s[i] & 0x80)
            return 0;
    return 1;
}

int hd_normalize(const char *s, size_t n, hd_buf *out)
{
    hd_buf_clear(out);
    if (all_ascii(s, n)) {
        /* carriage returns would only disturb line-based heuristics */
        if (hd_buf_reserve(out, n) != 0)
            return -1;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (s[i] != '\r')
                out->data[k++] = s[i];
            else if (i + 1 < n && s[i + 1] == '\n')
                continue;
            else
                out->data[k++] = '\n';
        out->len = k;
        out->data[k] = '\0';
        return 0;
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfc,
                                        UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (len < 0)
        return -1;
    if (hd_buf_reserve(out, (size_t)len + 16) != 0) {
        free(nfc);
        return -1;
    }
    for (utf8proc_ssize_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate(nfc + i, len - i, &cp);
        if (l <= 0) { /* cannot happen after utf8proc_map; be safe */
            l = 1;
            cp = 0xFFFD;
        }
        const char *rep = cp == '\r' ? ((i + 1 < len && nfc[i + 1] == '\n') ? "" : "\n") : replacement(cp);
        int rc = rep ? hd_buf_puts(out, rep) : hd_buf_append(out, nfc + i, (size_t)l);
        if (rc != 0) {
            free(nfc);
            return -1;
        }
        i += l;
    }
    free(nfc);
    hd_buf_cstr(out);
    return 0;
}
