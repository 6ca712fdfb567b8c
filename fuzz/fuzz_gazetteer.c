/* fuzz_gazetteer.c: libFuzzer target for the gazetteer table (the TSV of
 * tools/gen-gazetteer.js) and its compiler. Any bytes are compiled as a table; rows it cannot
 * read must be reported, and an image it writes must open (every check of the loader) and
 * answer lookups of names cut from the input and of a few real ones. */
#include "fuzz_common.h"

#include "places/hd_gazetteer.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void look_up(const hd_gazetteer *g, const char *name, size_t n)
{
    char key[256];
    size_t k = hd_gazetteer_fold(name, n, key, sizeof key);
    uint32_t hits[8];
    size_t found = hd_gazetteer_lookup(g, key, k, hits, 8);
    for (size_t i = 0; i < found && i < 8; i++) {
        const hd_place_rec *p = hd_gazetteer_place(g, hits[i]);
        if (!p || !hd_gazetteer_str(g, p->name) || !hd_place_precision(p))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char tsv[1024], img[1024], err[512];
    fuzz_file("places.tsv", data, size, tsv, sizeof tsv);
    snprintf(img, sizeof img, "%s/places.hdg", fuzz_dir());
    long messages = 0, errors = 0;
    long n = hd_gazetteer_compile(tsv, img, fuzz_count_message, &messages, &errors, err, sizeof err);
    if (errors > 0 && messages == 0)
        abort(); /* a refused row is always reported */
    if (n < 0)
        return 0;
    hd_gazetteer *g = hd_gazetteer_open(img, err, sizeof err);
    if (!g) {
        fprintf(stderr, "the compiler wrote an image its loader refuses: %s\n", err);
        abort();
    }
    static const char *const names[] = {"Hama", "Aleppo", "Baghdad", "Syria", "Ḩamāh", ""};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        look_up(g, names[i], strlen(names[i]));
    /* and each field of the input's lines, as a name */
    const unsigned char *p = data, *end = data + size;
    for (int k = 0; p < end && k < 64; k++) {
        const unsigned char *stop = p;
        while (stop < end && *stop != '\t' && *stop != '\n' && *stop != '|')
            stop++;
        look_up(g, (const char *)p, (size_t)(stop - p) < 200 ? (size_t)(stop - p) : 200);
        p = stop + 1;
    }
    hd_gazetteer_free(g);
    return 0;
}
