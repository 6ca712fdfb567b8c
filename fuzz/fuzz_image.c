/* fuzz_image.c: libFuzzer target for the loaders of compiled images, past the checksum: the
 * structural checks that stand between a crafted image with a correct checksum and the code
 * that reads it. The first byte picks the image kind (bit 0: dictionary model or gazetteer)
 * and how the rest makes one (bit 1): the bytes themselves, or patches over a small valid
 * image built at start from fuzz/data/ (5 bytes each: a 32-bit offset and a value to XOR in;
 * bit 2 also cuts the image at the first patch's offset). An image that passes the checks must
 * then be used — every word's noun classes and every root's role restrictions asked, a
 * sentence coded with the model, names looked up in the gazetteer — without reading outside
 * it. */
#include "fuzz_common.h"

#include "fuzz_small_model.h"
#include "places/hd_gazetteer.h"
#include "model/hd_model.h"

static char *base_model, *base_gaz;
static size_t base_model_size, base_gaz_size;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    base_model = fuzz_small_model_image(&base_model_size);
    char img[1024], err[512];
    snprintf(img, sizeof img, "%s/base.hdg", fuzz_dir());
    long errors = 0;
    if (hd_gazetteer_compile("fuzz/data/tiny-gazetteer.tsv", img, fuzz_quiet, NULL, &errors, err, sizeof err) < 0 || errors) {
        fprintf(stderr, "fuzz: cannot build the small gazetteer: %s\n", err);
        exit(2);
    }
    base_gaz = fuzz_slurp(img, &base_gaz_size);
    return 0;
}

static void use_gazetteer(const hd_gazetteer *g)
{
    static const char *const names[] = {"hama", "aleppo", "baghdad", "moscow", "syria", "x"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        uint32_t hits[8];
        size_t n = hd_gazetteer_lookup(g, names[i], strlen(names[i]), hits, 8);
        for (size_t k = 0; k < n && k < 8; k++) {
            const hd_place_rec *p = hd_gazetteer_place(g, hits[k]);
            if (!p || !hd_gazetteer_str(g, p->name) || !hd_gazetteer_str(g, p->id))
                abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    int is_gaz = data[0] & 1, patched = data[0] & 2, cut = data[0] & 4;
    data++;
    size--;
    char *img;
    size_t n;
    if (patched) {
        const char *base = is_gaz ? base_gaz : base_model;
        n = is_gaz ? base_gaz_size : base_model_size;
        img = malloc(n);
        if (!img)
            abort();
        memcpy(img, base, n);
        for (size_t i = 0; i + 5 <= size; i += 5) {
            uint32_t at;
            memcpy(&at, data + i, 4);
            if (n == 0)
                break;
            at %= (uint32_t)n;
            if (i == 0 && cut) {
                n = at;
                continue;
            }
            if (at < n)
                img[at] ^= (char)data[i + 4];
        }
    } else {
        n = size;
        img = malloc(n ? n : 1);
        if (!img)
            abort();
        memcpy(img, data, n);
    }
    /* exactly the bytes of the image, so that a read past its end is caught */
    char *exact = malloc(n ? n : 1);
    if (!exact)
        abort();
    memcpy(exact, img, n);
    free(img);
    char err[256];
    if (is_gaz) {
        hd_gazetteer g;
        if (hd_gazetteer_check_structure(&g, exact, n, err, sizeof err) == 0)
            use_gazetteer(&g);
    } else {
        hd_model m;
        if (hd_model_check_structure(&m, exact, n, err, sizeof err) == 0) {
            fuzz_use_roles(&m);
            fuzz_use_word_classes(&m);
            fuzz_code_sentence(&m);
        }
    }
    free(exact);
    return 0;
}
