/* fuzz_small_model.h: builds our small model (fuzz/data/) into image bytes, for the targets
 * that need a model of every kind of entry that is quick to copy or import. */
#ifndef HERALD_FUZZ_SMALL_MODEL_H
#define HERALD_FUZZ_SMALL_MODEL_H

#include "fuzz_common.h"
#include "hd_build.h"
#include "hd_dictfile.h"

static void fuzz_quiet(void *user, const char *file, long line, const char *msg)
{
    (void)user;
    (void)file;
    (void)line;
    (void)msg;
}

/* Our small model as image bytes (malloc'ed), built the way herald-dictc builds herald.hdm. */
static char *fuzz_small_model_image(size_t *size)
{
    char *img = NULL;
    hd_builder *b = hd_builder_new();
    if (!b || hd_dictfile_load_lexicon(b, "fuzz/data/tiny-lexicon.tsv", fuzz_quiet, NULL) != 0 ||
        hd_dictfile_load(b, "fuzz/data/tiny.dict.txt", fuzz_quiet, NULL) != 0 || hd_builder_image(b, &img, size) != 0) {
        fprintf(stderr, "fuzz: cannot build the small model from fuzz/data (run from the repository root)\n");
        exit(2);
    }
    hd_builder_free(b);
    return img;
}

#endif
