/* hd_input.c: the document reader: plain text, JSON Lines and HTML from files, directories
 * (recursively, in name order) and stdin. Bad records are reported with file and line (or
 * byte offset) and skipped; reading goes on with the next one. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdarg.h>
#include <strings.h>
#include <errno.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "herald.h"
#include "base/hd_buf.h"
#include "text/hd_date.h"
#include "text/hd_html.h"
#include "text/hd_normalize.h"

#define MAX_RECORD_BYTES (16u << 20) /* a JSON line longer than this is rejected */
#define MAX_FILE_BYTES (1u << 30)

struct hd_reader {
    hd_input_format fmt;
    char *default_date;
    char **files;       /* NULL-terminated list; "-" is stdin */
    size_t nfiles, next_file;
    /* current file */
    char *path;
    char *data;
    size_t size, pos;
    long line;
    hd_input_format cur_fmt;
    int done_single;    /* text/HTML files hold one document */
    cJSON *record;
    hd_buf text, title, id;
    size_t done_before, total;
    /* JSON Lines are read a line at a time (memory bounded by the longest record) */
    FILE *stream;       /* the file being read a line at a time, NULL when read whole */
    FILE *file;         /* the file opened for it (NULL for stdin) */
    size_t data_cap;
    int read_errno;     /* a read of the stream failed (EINTR when a signal stopped it) */
    char warning[256];  /* what hd_reader_warning() says of the document last read, "" nothing */
};

const char *hd_reader_warning(const hd_reader *r) { return r && r->warning[0] ? r->warning : NULL; }

int hd_date_check(const char *s)
{
    hd_ymd d;
    return s && hd_date_parse_iso(s, strlen(s), &d) == 0;
}

/* The next line of the stream into r->data; 0 at its end. */
static int stream_line(hd_reader *r)
{
    r->done_before += r->size;
    errno = 0;
    ssize_t n = getline(&r->data, &r->data_cap, r->stream);
    if (n <= 0) {
        /* an error is told from the end of the input, so that input cut short by a failing
         * disk or an interrupting signal is never taken for all of it */
        if (ferror(r->stream))
            r->read_errno = errno ? errno : EIO;
        r->stream = NULL;
        r->size = r->pos = 0;
        return 0;
    }
    r->size = (size_t)n;
    r->pos = 0;
    return 1;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static int add_file(hd_reader *r, const char *path)
{
    char **f = realloc(r->files, (r->nfiles + 2) * sizeof *f);
    if (!f)
        return -1;
    r->files = f;
    r->files[r->nfiles] = strdup(path);
    if (!r->files[r->nfiles])
        return -1;
    r->nfiles++;
    r->files[r->nfiles] = NULL;
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int walk(hd_reader *r, const char *dir, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        set_err(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        if (!nn)
            break;
        names = nn;
        names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (!names[n])
            break;
        sprintf(names[n], "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st, lst;
        if (rc == 0 && stat(names[i], &st) == 0 && lstat(names[i], &lst) == 0) {
            /* links to directories are not followed: they can loop ("back -> .") */
            if (S_ISDIR(st.st_mode) && S_ISLNK(lst.st_mode))
                ;
            else if (S_ISDIR(st.st_mode))
                rc = walk(r, names[i], err, errlen);
            else if (S_ISREG(st.st_mode)) {
                rc = add_file(r, names[i]);
                r->total += (size_t)st.st_size;
            }
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

hd_reader *hd_reader_open(const char *path, hd_input_format fmt, const char *default_date, char *err, size_t errlen)
{
    if (default_date && default_date[0]) {
        hd_ymd d;
        if (hd_date_parse_iso(default_date, strlen(default_date), &d) != 0) {
            set_err(err, errlen, "--date %s: expected a date YYYY-MM-DD", default_date);
            return NULL;
        }
    }
    hd_reader *r = calloc(1, sizeof *r);
    if (!r) {
        set_err(err, errlen, "out of memory");
        return NULL;
    }
    r->fmt = fmt;
    r->default_date = default_date && default_date[0] ? strdup(default_date) : NULL;
    struct stat st;
    int rc;
    if (strcmp(path, "-") == 0)
        rc = add_file(r, "-");
    else if (stat(path, &st) != 0) {
        set_err(err, errlen, "%s: %s", path, strerror(errno));
        rc = -1;
    } else if (S_ISDIR(st.st_mode))
        rc = walk(r, path, err, errlen);
    else {
        rc = add_file(r, path);
        r->total = (size_t)st.st_size;
    }
    if (rc != 0) {
        hd_reader_close(r);
        return NULL;
    }
    return r;
}

static void close_stream(hd_reader *r);

void hd_reader_close(hd_reader *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nfiles; i++)
        free(r->files[i]);
    free(r->files);
    free(r->default_date);
    close_stream(r);
    free(r->data);
    cJSON_Delete(r->record);
    hd_buf_free(&r->text);
    hd_buf_free(&r->title);
    hd_buf_free(&r->id);
    free(r);
}

void hd_reader_progress(const hd_reader *r, size_t *done, size_t *total)
{
    *done = r->done_before + r->pos;
    *total = r->total;
}

static int read_all(FILE *f, char **data, size_t *size)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_FILE_BYTES) {
                free(buf);
                errno = EFBIG;
                return -1;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return -1;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return -1;
    }
    *data = buf;
    *size = n;
    return 0;
}

static const char *ext(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? dot + 1 : "";
}

static hd_input_format guess_format(const char *path, const char *data, size_t size)
{
    const char *e = ext(path);
    if (!strcasecmp(e, "jsonl") || !strcasecmp(e, "ndjson") || !strcasecmp(e, "json"))
        return HD_INPUT_JSONL;
    if (!strcasecmp(e, "html") || !strcasecmp(e, "htm") || !strcasecmp(e, "xhtml"))
        return HD_INPUT_HTML;
    if (!strcasecmp(e, "txt") || !strcasecmp(e, "text"))
        return HD_INPUT_TEXT;
    size_t i = 0;
    if (size >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB && (unsigned char)data[2] == 0xBF)
        i = 3;
    while (i < size && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
        i++;
    if (i < size && data[i] == '{')
        return HD_INPUT_JSONL;
    if (hd_html_sniff(data, size))
        return HD_INPUT_HTML;
    return HD_INPUT_TEXT;
}

/* Closes the current file (never stdin). */
static void close_stream(hd_reader *r)
{
    if (r->file)
        fclose(r->file);
    r->file = NULL;
    r->stream = NULL;
}

static int is_blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            return 0;
    return 1;
}

/* While the lines read so far are blank, appends the next line to them. */
static int append_blank_lines(hd_reader *r)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (r->size <= 1024 * 1024 && is_blank(r->data, r->size) && (n = getline(&line, &cap, r->stream)) > 0) {
        if (r->size + (size_t)n + 1 > r->data_cap) {
            size_t want = (r->size + (size_t)n + 1) * 2;
            char *d = realloc(r->data, want);
            if (!d) {
                free(line);
                errno = ENOMEM;
                return -1;
            }
            r->data = d;
            r->data_cap = want;
        }
        memcpy(r->data + r->size, line, (size_t)n + 1);
        r->size += (size_t)n;
    }
    free(line);
    return 0;
}

/* Opens the next file; 1 when one is open, 0 when there are none left, -1 on error. JSON Lines
 * (named so, or starting with '{') are read a line at a time, files and stdin alike, so memory
 * is bounded by the longest record whatever the input's size; a text or HTML document is read
 * whole. */
static int open_next(hd_reader *r, char *err, size_t errlen)
{
    r->done_before += r->size;
    close_stream(r);
    free(r->data);
    r->data = NULL;
    r->data_cap = 0;
    r->size = r->pos = 0;
    r->line = 0;
    r->done_single = 0;
    if (r->next_file >= r->nfiles)
        return 0;
    r->path = r->files[r->next_file++];
    int is_stdin = strcmp(r->path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(r->path, "rb");
    if (!f) {
        set_err(err, errlen, "%s: %s", r->path, strerror(errno));
        return -1;
    }
    if (!is_stdin)
        r->file = f;
    if (r->fmt != HD_INPUT_TEXT && r->fmt != HD_INPUT_HTML) {
        /* the first line tells JSON Lines (then read a line at a time) from a document */
        r->stream = f;
        if (!stream_line(r)) {
            int failed = ferror(f);
            r->read_errno = 0; /* reported here */
            close_stream(r);
            if (failed) {
                set_err(err, errlen, "%s: %s", r->path, strerror(errno));
                return -1;
            }
            /* an empty file: a text or HTML one (by name) is one empty document */
            hd_input_format g = r->fmt != HD_INPUT_AUTO ? r->fmt : guess_format(r->path, "", 0);
            if (g != HD_INPUT_JSONL) {
                /* getline may have left a buffer even at the end of the file */
                if (!r->data && (r->data = malloc(1)) != NULL)
                    r->data_cap = 1;
                if (r->data) {
                    r->data[0] = '\0';
                    r->cur_fmt = g;
                    return 1;
                }
            }
            r->cur_fmt = HD_INPUT_JSONL;
            r->done_single = 1;
            return 1;
        }
        r->done_before -= r->size; /* stream_line counted the line as done */
        /* blank lines before the first record: read on to the first that says what this is */
        if (append_blank_lines(r) != 0) {
            set_err(err, errlen, "%s: %s", r->path, strerror(errno));
            close_stream(r);
            return -1;
        }
        hd_input_format g = r->fmt != HD_INPUT_AUTO ? r->fmt : guess_format(r->path, r->data, r->size);
        if (g == HD_INPUT_JSONL) {
            r->cur_fmt = g;
            return 1;
        }
        /* a plain text or HTML document: the rest of it too */
        char *rest = NULL;
        size_t nrest = 0;
        if (read_all(f, &rest, &nrest) != 0) {
            set_err(err, errlen, "%s: %s", r->path, strerror(errno));
            close_stream(r);
            return -1;
        }
        close_stream(r);
        char *all = realloc(r->data, r->size + nrest + 1);
        if (!all) {
            free(rest);
            set_err(err, errlen, "%s: out of memory", r->path);
            return -1;
        }
        memcpy(all + r->size, rest, nrest);
        free(rest);
        r->data = all;
        r->size += nrest;
        r->cur_fmt = g;
        return 1;
    }
    int rc = read_all(f, &r->data, &r->size);
    int e = errno;
    close_stream(r);
    if (rc != 0) {
        set_err(err, errlen, "%s: %s", r->path, strerror(e));
        return -1;
    }
    r->cur_fmt = r->fmt;
    return 1;
}

static const char *doc_name(const char *path) { return strcmp(path, "-") == 0 ? "stdin" : path; }

static const char *opt_string(cJSON *obj, const char *key, const char *path, long line, int *bad, char *err, size_t errlen)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (!cJSON_IsString(v)) {
        set_err(err, errlen, "%s:%ld: field \"%s\" must be a string", doc_name(path), line, key);
        *bad = 1;
        return NULL;
    }
    return v->valuestring;
}

static int next_jsonl(hd_reader *r, hd_doc *doc, char *err, size_t errlen)
{
    while (r->pos < r->size || (r->stream && stream_line(r))) {
        const char *start = r->data + r->pos;
        const char *nl = memchr(start, '\n', r->size - r->pos);
        size_t len = nl ? (size_t)(nl - start) : r->size - r->pos;
        r->pos += len + (nl ? 1 : 0);
        r->line++;
        size_t a = 0;
        if (r->line == 1 && len >= 3 && (unsigned char)start[0] == 0xEF && (unsigned char)start[1] == 0xBB &&
            (unsigned char)start[2] == 0xBF)
            a = 3;
        while (a < len && (start[a] == ' ' || start[a] == '\t' || start[a] == '\r'))
            a++;
        if (a == len)
            continue;
        if (len > MAX_RECORD_BYTES) {
            set_err(err, errlen, "%s:%ld: record of %zu bytes is longer than the limit of %u bytes", doc_name(r->path),
                    r->line, len, MAX_RECORD_BYTES);
            return -1;
        }
        size_t bad_at;
        const char *why;
        if (hd_utf8_check(start, len, &bad_at, &why) != 0) {
            set_err(err, errlen, "%s:%ld: %s at column %zu", doc_name(r->path), r->line, why, bad_at + 1);
            return -1;
        }
        size_t nul = hd_json_escaped_nul(start + a, len - a);
        if (nul) {
            set_err(err, errlen, "%s:%ld: escaped NUL character (\\u0000) at column %zu", doc_name(r->path), r->line,
                    nul + a);
            return -1;
        }
        cJSON_Delete(r->record);
        const char *end = NULL;
        r->record = cJSON_ParseWithLengthOpts(start + a, len - a, &end, 0);
        if (!r->record) {
            size_t col = end && end >= start ? (size_t)(end - start) + 1 : a + 1;
            set_err(err, errlen, "%s:%ld: broken JSON at column %zu", doc_name(r->path), r->line, col);
            return -1;
        }
        for (const char *q = end; q && q < start + len; q++)
            if (*q != ' ' && *q != '\t' && *q != '\r') {
                set_err(err, errlen, "%s:%ld: unexpected characters after the JSON object at column %zu",
                        doc_name(r->path), r->line, (size_t)(q - start) + 1);
                return -1;
            }
        if (!cJSON_IsObject(r->record)) {
            set_err(err, errlen, "%s:%ld: a record must be a JSON object", doc_name(r->path), r->line);
            return -1;
        }
        int bad = 0;
        cJSON *text = cJSON_GetObjectItemCaseSensitive(r->record, "text");
        cJSON *id = cJSON_GetObjectItemCaseSensitive(r->record, "id");
        if (!cJSON_IsString(text)) {
            set_err(err, errlen, "%s:%ld: missing string field \"text\"", doc_name(r->path), r->line);
            return -1;
        }
        memset(doc, 0, sizeof *doc);
        hd_buf_clear(&r->id);
        if (cJSON_IsString(id) && id->valuestring[0])
            hd_buf_puts(&r->id, id->valuestring);
        else if (cJSON_IsNumber(id) && id->valuedouble == (double)(long long)id->valuedouble)
            hd_buf_printf(&r->id, "%lld", (long long)id->valuedouble);
        else {
            set_err(err, errlen, "%s:%ld: missing field \"id\" (string or integer)", doc_name(r->path), r->line);
            return -1;
        }
        doc->id = hd_buf_cstr(&r->id);
        doc->text = text->valuestring;
        doc->text_len = strlen(text->valuestring);
        doc->title = opt_string(r->record, "title", r->path, r->line, &bad, err, errlen);
        doc->date = opt_string(r->record, "date", r->path, r->line, &bad, err, errlen);
        doc->source = opt_string(r->record, "source", r->path, r->line, &bad, err, errlen);
        doc->url = opt_string(r->record, "url", r->path, r->line, &bad, err, errlen);
        if (bad)
            return -1;
        if (doc->date) {
            hd_ymd d;
            /* keep only the calendar day of ISO timestamps ("2015-10-01T08:00:00Z"); a date
             * that is none ("yesterday") costs the record its date, not the record */
            if (strlen(doc->date) < 10 || hd_date_parse_iso(doc->date, 10, &d) != 0) {
                snprintf(r->warning, sizeof r->warning,
                         "%s:%ld: field \"date\" is not YYYY-MM-DD: \"%.40s\"; %s%s", doc_name(r->path), r->line,
                         doc->date, r->default_date ? "dated by --date " : "coded without a date",
                         r->default_date ? r->default_date : "");
                doc->date = r->default_date;
                return 1;
            }
            if (strlen(doc->date) > 10) {
                hd_buf_clear(&r->title);
                hd_buf_append(&r->title, doc->date, 10);
                doc->date = hd_buf_cstr(&r->title);
            }
        } else
            doc->date = r->default_date;
        return 1;
    }
    if (r->read_errno) {
        set_err(err, errlen, "%s: reading after line %ld: %s", doc_name(r->path), r->line, strerror(r->read_errno));
        r->read_errno = 0;
        return -1;
    }
    return 0;
}

int hd_reader_next(hd_reader *r, hd_doc *doc, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    r->warning[0] = '\0';
    for (;;) {
        if (!r->data || r->done_single || (r->cur_fmt == HD_INPUT_JSONL && r->pos >= r->size && !r->stream)) {
            int rc = open_next(r, err, errlen);
            if (rc <= 0)
                return rc;
        }
        if (r->cur_fmt == HD_INPUT_JSONL) {
            int rc = next_jsonl(r, doc, err, errlen);
            if (rc != 0)
                return rc;
            continue;
        }
        r->done_single = 1;
        r->pos = r->size;
        memset(doc, 0, sizeof *doc);
        hd_buf_clear(&r->id);
        hd_buf_puts(&r->id, doc_name(r->path));
        doc->id = hd_buf_cstr(&r->id);
        doc->date = r->default_date;
        if (r->cur_fmt == HD_INPUT_HTML) {
            hd_buf_clear(&r->text);
            hd_buf_clear(&r->title);
            char why[200];
            if (hd_html_extract(r->data, r->size, &r->text, &r->title, why, sizeof why) != 0) {
                set_err(err, errlen, "%s: %s", doc_name(r->path), why);
                return -1;
            }
            doc->text = hd_buf_cstr(&r->text);
            doc->text_len = r->text.len;
            doc->title = r->title.len ? hd_buf_cstr(&r->title) : NULL;
        } else {
            size_t skip = (r->size >= 3 && (unsigned char)r->data[0] == 0xEF && (unsigned char)r->data[1] == 0xBB &&
                           (unsigned char)r->data[2] == 0xBF) ? 3 : 0;
            doc->text = r->data + skip;
            doc->text_len = r->size - skip;
        }
        return 1;
    }
}
