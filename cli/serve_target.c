/* serve_target.c: checks the raw request target of `herald serve` before MHD's decoding can hide
 * what is wrong with it: %00 decodes into a NUL that silently ends a filter's value, a
 * malformed escape (%zz, %4) is passed on as it is, and bytes that are not UTF-8 reach the
 * store and come back in messages that are then no valid JSON. Each is refused with a message
 * that names the parameter (or the path). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "serve.h"

size_t serve_utf8_char(const unsigned char *s, size_t len)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (!n || c > 0xf4 || n > len)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    /* overlong forms, UTF-16 surrogates and code points past U+10FFFF */
    if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) || (c == 0xf0 && s[1] < 0x90) ||
        (c == 0xf4 && s[1] > 0x8f))
        return 0;
    return n;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* What is wrong with a stretch of the raw target, or NULL. */
static const char *bad_stretch(const char *s, size_t len)
{
    unsigned char decoded[2048];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x20 || b == 0x7f)
            return "a control character";
        if (b == '%') {
            if (i + 2 >= len || hex_value(s[i + 1]) < 0 || hex_value(s[i + 2]) < 0)
                return "a malformed %-escape";
            b = (unsigned char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            if (!b)
                return "a NUL byte (%00)";
            i += 2;
        }
        if (n < sizeof decoded)
            decoded[n++] = b;
    }
    for (size_t i = 0; i < n;) {
        size_t k = serve_utf8_char(decoded + i, n - i);
        if (!k) /* a character cut by the end of a full buffer is no fault of the client */
            return n == sizeof decoded && i + 4 > n ? NULL : "bytes that are not UTF-8";
        i += k;
    }
    return NULL;
}

void serve_check_target(const char *target, char *refusal, size_t len)
{
    size_t path_len = strcspn(target, "?");
    const char *why = bad_stretch(target, path_len);
    if (why) {
        snprintf(refusal, len, "the path has %s", why);
        return;
    }
    const char *p = target + path_len;
    while (*p) {
        p++; /* the '?' or '&' */
        size_t seg = strcspn(p, "&");
        why = bad_stretch(p, seg);
        if (why) {
            size_t name_len = strcspn(p, "=&");
            char name[40];
            size_t k = 0;
            for (size_t i = 0; i < name_len && k + 1 < sizeof name; i++)
                name[k++] = (unsigned char)p[i] < 0x20 || (unsigned char)p[i] >= 0x7f || p[i] == '"' ? '?' : p[i];
            name[k] = '\0';
            snprintf(refusal, len, "parameter '%s' has %s", name, why);
            return;
        }
        p += seg;
    }
}
