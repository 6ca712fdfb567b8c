/* fuzz_small_model.h: builds our small model (fuzz/data/) into image bytes, for the targets
 * that need a model of every kind of entry that is quick to copy or import, and uses what a
 * model says of noun classes, role restrictions and word classes. */
#ifndef HERALD_FUZZ_SMALL_MODEL_H
#define HERALD_FUZZ_SMALL_MODEL_H

#include "fuzz_common.h"
#include "model/hd_build.h"
#include "model/hd_dictfile.h"
#include "model/hd_model.h"
#include "model/hd_word_class.h"

static inline void fuzz_quiet(void *user, const char *file, long line, const char *msg)
{
    (void)user;
    (void)file;
    (void)line;
    (void)msg;
}

/* Our small model as image bytes (malloc'ed), built the way herald-dictc builds herald.hdm:
 * with noun classes (a few synsets of WordNet's data.noun), role restrictions, word classes and
 * a syntax section. The coder codes verbs from the parse alone, so without one the verb and
 * pattern sections would never be read: the section is the syntax fuzzer's seed trained on the
 * tiny lexicon (fuzz/seeds/syntax/small, see fuzz_syntax.c), small enough to copy each run. */
static inline char *fuzz_small_model_image(size_t *size)
{
    char *img = NULL;
    size_t syntax_size;
    char *syntax = fuzz_slurp("fuzz/seeds/syntax/small", &syntax_size);
    hd_builder *b = hd_builder_new();
    if (!b || hd_dictfile_load_lexicon(b, "fuzz/data/tiny-lexicon.tsv", fuzz_quiet, NULL) != 0 ||
        hd_dictfile_load(b, "fuzz/data/tiny.dict.txt", fuzz_quiet, NULL) != 0 ||
        hd_dictfile_load_noun_classes(b, "fuzz/data/tiny-data.noun", fuzz_quiet, NULL) != 0 ||
        hd_dictfile_load_roles(b, "fuzz/data/tiny-roles.txt", fuzz_quiet, NULL) != 0 ||
        hd_dictfile_load_word_classes(b, "fuzz/data/tiny-word-classes.txt", fuzz_quiet, NULL) != 0 ||
        hd_builder_syntax(b, syntax, syntax_size) != 0 || hd_builder_image(b, &img, size) != 0) {
        fprintf(stderr, "fuzz: cannot build the small model from fuzz/data (run from the repository root)\n");
        exit(2);
    }
    free(syntax);
    hd_builder_free(b);
    return img;
}

/* Asks a model that passed its checks for every word's noun classes and every root's
 * restrictions: the lookups index the sections by word id, lemma and root. */
static inline void fuzz_use_roles(const hd_model *m)
{
    static const char *const codes[] = {"01", "042", "14", "17", "190", "1823", "20", "21", "---", ""};
    uint32_t seen = 0;
    for (uint32_t id = 0; id < m->n_words; id++) {
        uint32_t c = hd_model_noun_classes(m, id);
        if (c & ~HD_NC_ALL)
            abort();
        for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++)
            seen += (uint32_t)hd_model_role_allows(m, codes[k], (int)(id & 1), c);
    }
    (void)hd_model_noun_classes(m, HD_NONE);
    if (seen > m->n_words * (sizeof codes / sizeof codes[0]))
        abort();
}

/* Asks a model that passed its checks for the classes of each of its classed words, of each
 * word's text and of a few clitics: the lookup searches the section by text in the pool. */
static inline void fuzz_use_word_classes(const hd_model *m)
{
    static const char *const words[] = {"'ll", "'S", "n't", "MARCH", "", "zzzz"};
    uint64_t seen = 0;
    for (size_t i = 0; i < m->n_word_classes; i++) {
        const char *w = hd_str(m, m->word_classes[i].text);
        if (hd_model_word_class(m, w, strlen(w)) != m->word_classes[i].classes)
            abort(); /* the checks let through a table the search cannot find its words in */
    }
    for (uint32_t id = 0; id < m->n_words; id++) {
        const char *w = hd_str(m, m->words[id].text);
        seen |= hd_model_word_class(m, w, strlen(w));
    }
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        seen |= hd_model_word_class(m, words[k], strlen(words[k]));
    if (seen & ~hd_word_class_known())
        abort();
}

#endif
