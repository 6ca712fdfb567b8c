/* fuzz_common.h: what the libFuzzer targets share: the model and gazetteer, loaded once per
 * fuzzing process (from $HERALD_MODEL, else the normal build's), a coder with places on, and a
 * sink for output. */
#ifndef HERALD_FUZZ_COMMON_H
#define HERALD_FUZZ_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "herald.h"

typedef struct fuzz_env {
    hd_model *model;
    hd_gazetteer *gaz;
    hd_coder *coder;
    FILE *devnull;
} fuzz_env;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static inline fuzz_env fuzz_load(void)
{
    fuzz_env e;
    memset(&e, 0, sizeof e);
    const char *mp = getenv("HERALD_MODEL");
    if (!mp)
        mp = "build/herald.hdm";
    char err[512], gpath[1024];
    e.model = hd_model_open(mp, err, sizeof err);
    if (!e.model) {
        fprintf(stderr, "fuzz: %s\n", err);
        exit(2);
    }
    const char *slash = strrchr(mp, '/');
    snprintf(gpath, sizeof gpath, "%.*s/herald.hdg", slash ? (int)(slash - mp) : 1, slash ? mp : ".");
    e.gaz = hd_gazetteer_open(gpath, err, sizeof err);
    e.coder = hd_coder_new(e.model);
    hd_coder_set_gazetteer(e.coder, e.gaz);
    e.devnull = fopen("/dev/null", "w");
    if (!e.coder || !e.devnull)
        abort();
    return e;
}

/* A NUL-terminated copy of bytes (which may hold NULs of their own). */
static inline char *fuzz_str(const unsigned char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

/* Codes a sentence with `m`, which a reader or loader under test has just made: whatever it
 * accepted must be usable. */
static inline void fuzz_code_sentence(const hd_model *m)
{
    hd_coder *c = hd_coder_new(m);
    if (!c)
        return;
    hd_doc d;
    memset(&d, 0, sizeof d);
    d.id = "fuzz";
    d.text = "Russian jets bombed the city of Hama on Monday. Police arrested protesters, Reuters reportedly said.";
    d.text_len = strlen(d.text);
    d.date = "2015-10-01";
    hd_code_document(c, &d, NULL, NULL);
    hd_coder_free(c);
}

/* A warning callback of the readers under test that counts the messages (user: a long) and
 * insists that each says something. */
static inline void fuzz_count_message(void *user, const char *file, long line, const char *msg)
{
    (void)file;
    (void)line;
    if (!msg || !msg[0])
        abort();
    ++*(long *)user;
}

/* A directory of this fuzzing process's own for the files a target must write (the readers
 * under test take paths): $TMPDIR/herald-fuzz-PID, made once. */
static inline const char *fuzz_dir(void)
{
    static char dir[256];
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/herald-fuzz-%ld", tmp && tmp[0] ? tmp : "/tmp", (long)getpid());
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            abort();
    }
    return dir;
}

/* Writes bytes to DIR/name (replacing it) and returns the path in `path`. */
static inline void fuzz_file(const char *name, const void *p, size_t n, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", fuzz_dir(), name);
    FILE *f = fopen(path, "wb");
    if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0)
        abort();
}

/* A whole file into memory (malloc'ed), for the data a target starts from; aborts if absent. */
static inline char *fuzz_slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz: %s missing (run from the repository root)\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
        abort();
    fclose(f);
    buf[len] = '\0';
    *n = (size_t)len;
    return buf;
}

#endif
