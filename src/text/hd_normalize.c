/* hd_normalize.c: UTF-8 validation and normalisation with utf8proc.
 *
 * News text mixes composed and decomposed accents, curly and straight quotes, several dashes
 * and invisible characters. Normalising once, before tokenisation, lets dictionaries be
 * written in plain ASCII punctuation. Offsets of events refer to the normalised text. */
#include "text/hd_normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int hd_utf8_check(const char *s, size_t n, size_t *bad_offset, const char **reason)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* eight ASCII bytes without a NUL at a time: most news text is plain ASCII */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if ((w & 0x8080808080808080ULL) || ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
                break;
            i += 8;
        }
        if (i >= n)
            break;
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

/* Code points whose NFC form is themselves whatever follows them, in the scripts and
 * punctuation that make up almost all news text. A text made only of these and ASCII skips
 * utf8proc; anything else (combining marks, singletons such as U+212B) takes the full path. */
static int nfc_stable(int32_t cp)
{
    return (cp >= 0x80 && cp < 0x300) || (cp >= 0x400 && cp < 0x483) || (cp >= 0x48A && cp < 0x530) ||
           (cp >= 0x2000 && cp < 0x2070) || (cp >= 0x20A0 && cp < 0x20C0) || (cp >= 0x2190 && cp < 0x2200) ||
           (cp >= 0x2500 && cp < 0x2600) || cp == 0x3000 || cp == 0xFEFF;
}

/* Appends s[0..n) with the replacements of replacement() applied. */
static int map_punctuation(const char *s, size_t n, hd_buf *out)
{
    if (hd_buf_reserve(out, n + 16) != 0)
        return -1;
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && (unsigned char)s[run] < 0x80 && s[run] != '\r')
            run++;
        if (run > i && hd_buf_append(out, s + i, run - i) != 0)
            return -1;
        i = run;
        if (i >= n)
            break;
        if (s[i] == '\r') {
            if (!(i + 1 < n && s[i + 1] == '\n') && hd_buf_putc(out, '\n') != 0)
                return -1;
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (l <= 0) { /* cannot happen on checked input; keep going */
            l = 1;
            cp = 0xFFFD;
        }
        const char *rep = replacement(cp);
        int rc = rep ? hd_buf_puts(out, rep) : hd_buf_append(out, s + i, (size_t)l);
        if (rc != 0)
            return -1;
        i += (size_t)l;
    }
    hd_buf_cstr(out);
    return 0;
}

int hd_normalize(const char *s, size_t n, hd_buf *out)
{
    hd_buf_clear(out);
    int stable = 1;
    for (size_t i = 0; i < n && stable;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (l <= 0 || !nfc_stable(cp))
            stable = 0;
        i += l > 0 ? (size_t)l : 1;
    }
    if (stable)
        return map_punctuation(s, n, out);
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfc,
                                        UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (len < 0)
        return -1;
    int rc = map_punctuation((const char *)nfc, (size_t)len, out);
    free(nfc);
    return rc;
}

/* Column (1-based) of an escaped NUL ("\u0000") in a JSON line, 0 when there is none: the
 * parser would decode it into a C string and silently cut the text there. */
size_t hd_json_escaped_nul(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != '\\')
            continue;
        if (s[i + 1] == 'u' && i + 5 < n && memcmp(s + i + 2, "0000", 4) == 0)
            return i + 1;
        i++; /* skip the escaped character */
    }
    return 0;
}
