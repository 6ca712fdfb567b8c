/* dict_fixture.h: what the unit tests of dictionary files and the images built from them
 * (test_dictfile.c, test_roles.c, test_word_classes.c) share: a small text written to a
 * temporary file, the messages a loader reports, a builder's image opened as a model, and
 * whether the loader's structure checks refuse an image. Included after cmocka.h. */
#ifndef HERALD_TEST_DICT_FIXTURE_H
#define HERALD_TEST_DICT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/hd_build.h"
#include "model/hd_model.h"

/* The messages a loader reports: how many, the line of each of the first 64 and its text as
 * "file:line: message", and the last one. */
typedef struct warnings {
    int n;
    char last[512];
    long lines[64];
    char text[64][256];
} warnings;

static inline void on_warn(void *user, const char *file, long line, const char *msg)
{
    warnings *w = user;
    if (w->n < 64) {
        w->lines[w->n] = line;
        snprintf(w->text[w->n], sizeof w->text[0], "%s:%ld: %s", file, line, msg);
    }
    w->n++;
    snprintf(w->last, sizeof w->last, "%s:%ld: %s", file, line, msg);
}

/* n bytes of text in a new temporary file; its path (malloc'ed) for drop_temp. */
static inline char *write_temp_n(const char *text, size_t n)
{
    char *path = strdup("/tmp/herald-test-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_int_equal(fwrite(text, 1, n, f), n);
    fclose(f);
    return path;
}

static inline char *write_temp(const char *text) { return write_temp_n(text, strlen(text)); }

static inline void drop_temp(char *path)
{
    unlink(path);
    free(path);
}

/* The builder's image, opened as a model; the test fails with the loader's reason when the
 * image is refused. The builder stays the caller's. */
static inline hd_model *image_of(hd_builder *b)
{
    char *img;
    size_t size;
    assert_int_equal(hd_builder_image(b, &img, &size), 0);
    char err[256] = "";
    hd_model *m = hd_model_from_image(img, size, 0, err, sizeof err);
    if (!m)
        fail_msg("the image was refused: %s", err);
    return m;
}

/* Whether the structure checks refuse an image; with `why`, the test fails unless the reason
 * holds those words. */
static inline int refused(const char *img, size_t size, const char *why)
{
    hd_model m;
    char err[200] = "";
    if (hd_model_check_structure(&m, img, size, err, sizeof err) == 0)
        return 0;
    if (why && !strstr(err, why))
        fail_msg("refused for '%s', not '%s'", err, why);
    return 1;
}

#endif
