/* hd_buf.c: growable byte buffers (see hd_buf.h). */
#include "base/hd_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hd_buf_reserve(hd_buf *b, size_t extra)
{
    if (extra > SIZE_MAX / 2 - b->len - 1)
        return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int hd_buf_append(hd_buf *b, const void *data, size_t n)
{
    if (hd_buf_reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int hd_buf_puts(hd_buf *b, const char *s) { return hd_buf_append(b, s, strlen(s)); }

int hd_buf_putc(hd_buf *b, char c) { return hd_buf_append(b, &c, 1); }

int hd_buf_printf(hd_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof small)
        return hd_buf_append(b, small, (size_t)n);
    if (hd_buf_reserve(b, (size_t)n) != 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

const char *hd_buf_cstr(hd_buf *b)
{
    if (!b->data && hd_buf_reserve(b, 0) != 0)
        return "";
    b->data[b->len] = '\0';
    return b->data;
}

void hd_buf_clear(hd_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void hd_buf_free(hd_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
