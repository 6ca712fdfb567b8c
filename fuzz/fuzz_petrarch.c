/* fuzz_petrarch.c: libFuzzer target for the PETRARCH/TABARI dictionary importer. The input is
 * cut at 0xFF bytes (never valid UTF-8, so never part of a real dictionary) into an actors, an
 * agents, a discards and a verbs file, written to a directory and imported over our small
 * model (fuzz/data/; herald.hdm would cost a tenth of a second a run to import) or, when the
 * first byte is odd, over none. A model that comes out must answer noun class and role
 * lookups and code a sentence; garbage must be refused with file:line, never crash, read out
 * of bounds or leak. */
#include "fuzz_small_model.h"
#include "model/hd_model.h"

static hd_model *base;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    size_t n;
    char *img = fuzz_small_model_image(&n);
    char err[256];
    base = hd_model_from_image(img, n, 0, err, sizeof err);
    if (!base) {
        fprintf(stderr, "fuzz: %s\n", err);
        exit(2);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    int no_base = data[0] & 1;
    data++;
    size--;
    static const char *const names[] = {"t.actors.txt", "t.agents.txt", "t.discards.txt", "t.verbs.txt"};
    char path[1024];
    const unsigned char *p = data, *end = data + size;
    for (int i = 0; i < 4; i++) {
        const unsigned char *cut = p < end ? memchr(p, 0xFF, (size_t)(end - p)) : NULL;
        const unsigned char *stop = cut ? cut : end;
        fuzz_file(names[i], p, (size_t)(stop - p), path, sizeof path);
        p = cut ? cut + 1 : end;
    }
    long messages = 0;
    char err[512];
    hd_model *m = hd_model_from_petrarch(fuzz_dir(), no_base ? NULL : base, fuzz_count_message, &messages, err, sizeof err);
    if (!m && !err[0] && messages == 0)
        abort(); /* a refusal always says why */
    if (m) {
        fuzz_use_roles(m); /* the base's noun classes and restrictions, carried over */
        fuzz_use_word_classes(m); /* and its word classes */
        fuzz_code_sentence(m);
        hd_model_free(m);
    }
    return 0;
}
