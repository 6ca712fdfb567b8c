/* dictc.c: herald-dictc, the dictionary compiler. Reads the generated lexicon, WordNet's
 * irregular-inflection lists, the function-word list, herald's dictionary files, WordNet's noun
 * synsets (the noun classes of the words those gave), the role restrictions and the word classes
 * the coder asks about on every token, and writes the binary image that libherald maps at
 * start-up, with its checksum. With --gazetteer it compiles the place table instead. Any error (a rejected line, garbage bytes, an empty or
 * truncated file) fails the build, naming file and line; the readers show at most
 * HD_DIAG_SHOWN messages a file and then how many more there were. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/hd_build.h"
#include "model/hd_dictfile.h"
#include "places/hd_gazetteer.h"
#include "base/hd_mapfile.h"
#include "syntax/hd_syntax.h"

static void warn(void *user, const char *file, long line, const char *msg)
{
    (void)user;
    if (line > 0)
        fprintf(stderr, "%s:%ld: %s\n", file, line, msg);
    else
        fprintf(stderr, "%s: %s\n", file, msg);
}

static int usage(void)
{
    fprintf(stderr, "usage: herald-dictc -o IMAGE [--lexicon TSV] [--exceptions FILE]... [--function-words FILE]\n"
                    "                    [--syntax IMAGE] [--typing IMAGE]... [--noun-classes DATA.NOUN] [--roles ROLES.txt]\n"
                    "                    [--word-classes WORD-CLASSES.txt] DICT.txt...\n"
                    "       herald-dictc --gazetteer TSV -o IMAGE\n");
    return 2;
}

/* The trained syntax image, checked whole (checksum, tagger, parser) before it is embedded. */
static long load_syntax(hd_builder *b, const char *path)
{
    char err[512];
    size_t size;
    void *data = hd_map_file(path, &size, err, sizeof err);
    hd_syntax s;
    if (!data || hd_syntax_open(&s, data, size, 1, err, sizeof err) != 0) {
        fprintf(stderr, "herald-dictc: %s%s%s\n", data ? path : "", data ? ": " : "", err);
        if (data)
            hd_release_image(data, size, 1);
        return 1;
    }
    hd_syntax_close(&s);
    long rc = hd_builder_syntax(b, data, size) == 0 ? 0 : 1;
    hd_release_image(data, size, 1);
    return rc;
}

/* A trained classifier image (herald-train events), checked before it is embedded. */
static long load_typing(hd_builder *b, const char *path)
{
    char err[512];
    size_t size;
    void *data = hd_map_file(path, &size, err, sizeof err);
    if (!data) {
        fprintf(stderr, "herald-dictc: %s\n", err);
        return 1;
    }
    hd_linear m;
    size_t used;
    long rc = 0;
    if (hd_linear_open(&m, data, size, &used, err, sizeof err) != 0 || used != size) {
        fprintf(stderr, "herald-dictc: %s: %s\n", path, used != size ? "bytes after the classifier" : err);
        rc = 1;
    } else if (hd_builder_typing(b, data, size) != 0) {
        fprintf(stderr, "herald-dictc: %s: cannot embed it (out of memory, or more than %d classifiers)\n", path,
                HD_LINEAR_MAX_MODELS);
        rc = 1;
    }
    hd_release_image(data, size, 1);
    return rc;
}

static int compile_gazetteer(const char *tsv, const char *out)
{
    long rejected = 0;
    char err[512];
    long n = hd_gazetteer_compile(tsv, out, warn, NULL, &rejected, err, sizeof err);
    if (rejected) {
        fprintf(stderr, "herald-dictc: %ld error(s) in %s; no image written\n", rejected, tsv);
        return 1;
    }
    if (n < 0) {
        fprintf(stderr, "herald-dictc: %s\n", err);
        return 1;
    }
    fprintf(stderr, "herald-dictc: wrote %s (%ld places)\n", out, n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "--gazetteer") == 0 && strcmp(argv[3], "-o") == 0)
        return compile_gazetteer(argv[2], argv[4]);
    const char *out = NULL;
    hd_builder *b = hd_builder_new();
    if (!b) {
        fprintf(stderr, "herald-dictc: out of memory\n");
        return 1;
    }
    long errors = 0;
    int files = 0;
    /* Order matters: the lexicon and the exceptions must be known before verbs inflect, the
     * function words before discards are checked, and every word before noun classes are
     * given (they are given to the words there are, never add one). */
    for (int pass = 0; pass < 4; pass++) {
        for (int i = 1; i < argc; i++) {
            const char *a = argv[i];
            if (strcmp(a, "-o") == 0 || strcmp(a, "--lexicon") == 0 || strcmp(a, "--exceptions") == 0 ||
                strcmp(a, "--function-words") == 0 || strcmp(a, "--syntax") == 0 || strcmp(a, "--typing") == 0 ||
                strcmp(a, "--noun-classes") == 0 || strcmp(a, "--roles") == 0 || strcmp(a, "--word-classes") == 0) {
                if (i + 1 >= argc) {
                    hd_builder_free(b);
                    return usage();
                }
                const char *v = argv[++i];
                long e = 0;
                if (a[1] == 'o')
                    out = v;
                else if (pass == 0 && strcmp(a, "--lexicon") == 0)
                    e = hd_dictfile_load_lexicon(b, v, warn, NULL);
                else if (pass == 1 && strcmp(a, "--exceptions") == 0)
                    e = hd_dictfile_load_exceptions(b, v, warn, NULL);
                else if (pass == 1 && strcmp(a, "--function-words") == 0)
                    e = hd_dictfile_load_function_words(b, v, warn, NULL);
                else if (pass == 0 && strcmp(a, "--syntax") == 0)
                    e = load_syntax(b, v);
                else if (pass == 0 && strcmp(a, "--typing") == 0)
                    e = load_typing(b, v);
                else if (pass == 3 && strcmp(a, "--noun-classes") == 0)
                    e = hd_dictfile_load_noun_classes(b, v, warn, NULL);
                else if (pass == 3 && strcmp(a, "--roles") == 0)
                    e = hd_dictfile_load_roles(b, v, warn, NULL);
                else if (pass == 1 && strcmp(a, "--word-classes") == 0)
                    e = hd_dictfile_load_word_classes(b, v, warn, NULL);
                errors += e < 0 ? 1 : e;
            } else if (a[0] == '-') {
                hd_builder_free(b);
                return usage();
            } else if (pass == 2) {
                long e = hd_dictfile_load(b, a, warn, NULL);
                errors += e < 0 ? 1 : e;
                files++;
            }
        }
    }
    if (!out || files == 0) {
        hd_builder_free(b);
        return usage();
    }
    if (errors) {
        fprintf(stderr, "herald-dictc: %ld error(s); no image written\n", errors);
        hd_builder_free(b);
        return 1;
    }
    char *img = NULL;
    size_t size = 0;
    if (hd_builder_image(b, &img, &size) != 0) {
        fprintf(stderr, "herald-dictc: out of memory\n");
        hd_builder_free(b);
        return 1;
    }
    hd_builder_free(b);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    FILE *f = fopen(tmp, "wb");
    if (!f || fwrite(img, 1, size, f) != size || fclose(f) != 0 || rename(tmp, out) != 0) {
        perror(out);
        free(img);
        return 1;
    }
    free(img);
    fprintf(stderr, "herald-dictc: wrote %s (%zu bytes)\n", out, size);
    return 0;
}
