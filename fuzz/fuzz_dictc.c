/* fuzz_dictc.c: libFuzzer target for herald-dictc's text inputs. The first byte picks what the
 * rest is — a herald dictionary file, the lexicon table, a WordNet exception list, the
 * function-word list, WordNet's data.noun, the role restrictions (dict/roles.txt) or the word
 * classes (dict/word-classes.txt) — which is read into a builder over our small lexicon
 * (fuzz/data/tiny-lexicon.tsv); whatever the builder accepted is compiled into an image, which
 * must pass every check of the loader, answer noun class, role and word class lookups and code
 * a sentence. Garbage must be refused with file:line, never crash, read out of bounds or leak. */
#include "fuzz_small_model.h"

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

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    int kind = data[0] % 7;
    char path[1024];
    fuzz_file("input.txt", data + 1, size - 1, path, sizeof path);
    hd_builder *b = hd_builder_new();
    if (!b)
        abort();
    long messages = 0;
    hd_dictfile_load_lexicon(b, lexicon, fuzz_count_message, &messages);
    long rejected = kind == 0   ? hd_dictfile_load(b, path, fuzz_count_message, &messages)
                    : kind == 1 ? hd_dictfile_load_lexicon(b, path, fuzz_count_message, &messages)
                    : kind == 2 ? hd_dictfile_load_exceptions(b, path, fuzz_count_message, &messages)
                    : kind == 3 ? hd_dictfile_load_function_words(b, path, fuzz_count_message, &messages)
                    : kind == 4 ? hd_dictfile_load_noun_classes(b, path, fuzz_count_message, &messages)
                    : kind == 5 ? hd_dictfile_load_roles(b, path, fuzz_count_message, &messages)
                                : hd_dictfile_load_word_classes(b, path, fuzz_count_message, &messages);
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
        fuzz_use_roles(m);
        fuzz_use_word_classes(m);
        fuzz_code_sentence(m);
        hd_model_free(m);
    }
    hd_builder_free(b);
    return 0;
}
