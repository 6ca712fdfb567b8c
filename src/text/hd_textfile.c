/* hd_textfile.c: reading text inputs line by line with the checks they all share, and the
 * capped reporting of their problems (see hd_textfile.h). */
#define _POSIX_C_SOURCE 200809L
#include "text/hd_textfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void hd_diag_start(hd_diag *d, hd_warn_fn warn, void *user, const char *path)
{
    d->warn = warn;
    d->user = user;
    d->path = path;
    d->errors = d->warnings = 0;
}

static void deliver(hd_diag *d, long line, const char *prefix, const char *fmt, va_list ap)
{
    /* counted first, so that only the first HD_DIAG_SHOWN of the file are formatted */
    if (!d->warn || d->errors + d->warnings > HD_DIAG_SHOWN)
        return;
    char msg[512];
    size_t n = (size_t)snprintf(msg, sizeof msg, "%s", prefix);
    vsnprintf(msg + n, sizeof msg - n, fmt, ap);
    d->warn(d->user, d->path, line, msg);
}

void hd_diag_error(hd_diag *d, long line, const char *fmt, ...)
{
    d->errors++;
    va_list ap;
    va_start(ap, fmt);
    deliver(d, line, "", fmt, ap);
    va_end(ap);
}

void hd_diag_warning(hd_diag *d, long line, const char *fmt, ...)
{
    d->warnings++;
    va_list ap;
    va_start(ap, fmt);
    deliver(d, line, "warning: ", fmt, ap);
    va_end(ap);
}

void hd_diag_finish(hd_diag *d)
{
    long all = d->errors + d->warnings;
    if (d->warn && all > HD_DIAG_SHOWN) {
        char msg[128];
        snprintf(msg, sizeof msg, "%ld more warnings/errors not shown", all - HD_DIAG_SHOWN);
        d->warn(d->user, d->path, 0, msg);
    }
}

size_t hd_utf8_invalid_at(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return i;
        i += (size_t)k;
    }
    return n;
}

int hd_textfile_open(hd_textfile *t, const char *path, hd_diag *d)
{
    memset(t, 0, sizeof *t);
    t->diag = d;
    t->ended_newline = 1;
    t->f = fopen(path, "r");
    if (!t->f) {
        hd_diag_error(d, 0, "%s", strerror(errno));
        return -1;
    }
    return 0;
}

/* 0 when the line may be used; otherwise it has been reported. A control character other
 * than a tab is a sign of a binary or mis-converted file; PETRARCH's stock dictionaries have a
 * few (a letter lost in conversion), so there it is only a warning and the line is kept. */
static int check_line(hd_textfile *t, const char *s, size_t n)
{
    const char *nul = memchr(s, '\0', n);
    if (nul) {
        size_t col = (size_t)(nul - s);
        hd_diag_error(t->diag, t->line, "NUL byte at column %zu (byte %ld of the file)", col + 1, t->offset + (long)col);
        return -1;
    }
    size_t bad = hd_utf8_invalid_at(s, n);
    if (bad < n) {
        hd_diag_error(t->diag, t->line, "invalid UTF-8 at column %zu (byte %ld of the file)", bad + 1,
                      t->offset + (long)bad);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            if (!t->lenient) {
                hd_diag_error(t->diag, t->line, "control character 0x%02X at column %zu", c, i + 1);
                return -1;
            }
            hd_diag_warning(t->diag, t->line, "control character 0x%02X at column %zu (line read as it is)", c, i + 1);
            break;
        }
    }
    return 0;
}

static void check_end(hd_textfile *t)
{
    if (ferror(t->f))
        hd_diag_error(t->diag, t->line, "read error");
    else if (!t->ended_newline) {
        if (t->lenient)
            hd_diag_warning(t->diag, t->line, "the last line has no newline: is the file truncated? (line read)");
        else
            hd_diag_error(t->diag, t->line, "the last line has no newline: the file is truncated");
    }
}

char *hd_textfile_next(hd_textfile *t, size_t *len)
{
    ssize_t got;
    while ((got = getline(&t->buf, &t->cap, t->f)) > 0) {
        t->line++;
        t->offset = t->bytes;
        t->bytes += got;
        size_t n = (size_t)got;
        t->ended_newline = t->buf[n - 1] == '\n';
        if (t->ended_newline)
            n--;
        if (n && t->buf[n - 1] == '\r')
            n--;
        t->buf[n] = '\0';
        if (check_line(t, t->buf, n) != 0)
            continue;
        *len = n;
        return t->buf;
    }
    check_end(t);
    return NULL;
}

void hd_textfile_close(hd_textfile *t)
{
    if (t->f)
        fclose(t->f);
    free(t->buf);
    t->f = NULL;
    t->buf = NULL;
}

size_t hd_split_tabs(char *line, char **field, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        field[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}
