/* fuzz_syntax.c: libFuzzer target for the syntax image (tagger and parser weights, the tag
 * dictionary). The bytes are read as a syntax image in place, without its checksum, as a
 * crafted image with a right checksum would be: it is refused with a reason or, when taken,
 * tags and parses a sentence of herald's words within bounds and into one tree, with our small
 * model's lexicon (fuzz/data) as the tagger's and parser's. Seeds (fuzz/seeds/syntax): small
 * images of the treebank of tests/unit/test_parser.c, its first sentence (one) and all of it
 * (small), made by `herald-train syntax --train T --dev T --out SEED --folds 0
 * --lexicon fuzz/data/tiny-lexicon.tsv`. */
#include "fuzz_small_model.h"

#include <stdint.h>

#include "model/hd_model.h"
#include "syntax/hd_syntax.h"

static hd_model *lexicon; /* the harness's, built once: the library keeps no state */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    size_t size;
    char *img = fuzz_small_model_image(&size), err[256];
    lexicon = hd_model_from_image(img, size, 0, err, sizeof err);
    if (!lexicon) {
        fprintf(stderr, "fuzz_syntax: %s\n", err);
        exit(2);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    /* the image is used in place: give it the 8-byte alignment a mapped file has */
    uint64_t *aligned = malloc(size / 8 * 8 + 8);
    if (!aligned)
        return 0;
    memcpy(aligned, data, size);
    hd_syntax s;
    char err[512] = "";
    if (hd_syntax_open(&s, aligned, size, 0, err, sizeof err) != 0) {
        if (!err[0])
            abort(); /* a refusal says why */
        free(aligned);
        return 0;
    }
    const char *words[] = {"Russian", "jets", "struck", "Hama", "on", "Wednesday", ",", "officials", "said", "."};
    hd_syntax_word out[10];
    hd_lexicon lex = {hd_model_lexicon_lookup, lexicon};
    if (hd_syntax_analyse(&s, &lex, words, 10, out) == 0) {
        int roots = 0;
        for (int i = 0; i < 10; i++) {
            if (out[i].head < 0 || out[i].head > 10 || !out[i].upos || !out[i].xpos || !out[i].deprel)
                abort();
            roots += out[i].head == 0;
        }
        if (roots != 1)
            abort();
    }
    hd_syntax_close(&s);
    free(aligned);
    return 0;
}
