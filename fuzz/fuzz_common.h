/* fuzz_common.h: what the libFuzzer targets share: the model and gazetteer, loaded once per
 * fuzzing process (from $HERALD_MODEL, else the normal build's), a coder with places on, and a
 * sink for output. */
#ifndef HERALD_FUZZ_COMMON_H
#define HERALD_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#endif
