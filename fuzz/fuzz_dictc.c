/* fuzz_dictc.c: libFuzzer target for herald-dictc's text inputs. The first byte picks what the
 * rest is — a herald dictionary file, the lexicon table, a WordNet exception list or the
 * function-word list — which is read into a builder over our small lexicon
 * (fuzz/data/tiny-lexicon.tsv); whatever the builder accepted is compiled into an image, which
 * must pass every check of the loader and code a sentence. Garbage must be refused with
 * file:line, never crash, read out of bounds or leak. */
#include "fuzz_common.h"

#include "hd_build.h"
#include "hd_dictfile.h"
#include "hd_model.h"

static char lexicon[1024];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    size_t n;
    char *lex = fuzz_slurp("fuzz/data/tiny-lexicon.tsv", &n);
    fuzz_file("lexicon.tsv", lex, n, lexicon, sizeof lexicon);
    free(lex);
    return 0;
}

static void count(void *user, const char *file, long line, const char *msg)
{
    (void)file;
    (void)line;
    if (!msg || !msg[0])
        abort(); /* every message says something */
    ++*(long *)user;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    int kind = data[0] % 4;
    char path[1024];
    fuzz_file("input.txt", data + 1, size - 1, path, sizeof path);
    hd_builder *b = hd_builder_new();
    if (!b)
        abort();
    long messages = 0;
    hd_dictfile_load_lexicon(b, lexicon, count, &messages);
    long rejected = kind == 0   ? hd_dictfile_load(b, path, count, &messages)
                    : kind == 1 ? hd_dictfile_load_lexicon(b, path, count, &messages)
                    : kind == 2 ? hd_dictfile_load_exceptions(b, path, count, &messages)
                                : hd_dictfile_load_function_words(b, path, count, &messages);
    if (rejected > 0 && messages == 0)
        abort(); /* a rejected line is always reported */
    char *img = NULL;
    size_t img_size = 0;
    if (hd_builder_image(b, &img, &img_size) == 0) {
        char err[256];
        hd_model *m = hd_model_from_image(img, img_size, 0, err, sizeof err); /* takes img */
        if (!m) {
            fprintf(stderr, "the builder wrote an image its loader refuses: %s\n", err);
            abort();
        }
        hd_coder *c = hd_coder_new(m);
        hd_doc d;
        memset(&d, 0, sizeof d);
        d.id = "fuzz";
        d.text = "Russian troops shelled the town of Hama, police said.";
        d.text_len = strlen(d.text);
        if (c)
            hd_code_document(c, &d, NULL, NULL);
        hd_coder_free(c);
        hd_model_free(m);
    }
    hd_builder_free(b);
    return 0;
}
