/* image_faults.h: what the unit tests of compiled images (test_model.c, test_gazetteer.c)
 * share: reading an image file whole, and flipping bits of it one at a time to count how many
 * of the damaged images the loader's checks refuse. Included after cmocka.h. */
#ifndef HERALD_TEST_IMAGE_FAULTS_H
#define HERALD_TEST_IMAGE_FAULTS_H

#include <stdio.h>
#include <stdlib.h>

/* A whole file into memory (malloc'ed), NULL when it cannot be read. */
static inline char *slurp(const char *path, size_t *size)
{
    *size = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *size = n > 0 ? (size_t)n : 0;
    return data;
}

/* 0 when the loader takes `data`, else non-zero with a reason in err. */
typedef int (*image_check_fn)(const char *data, size_t size, char *err, size_t errlen);

/* Flips, one at a time and back, each bit `bit_step` apart (from bit 0) of every byte of the
 * first `dense` bytes and of every `stride`-th byte after them; counts the flips tried and those
 * the check refused with a reason, and says which were accepted. */
static inline void count_refused_flips(char *data, size_t size, size_t dense, size_t stride, int bit_step,
                                       image_check_fn check, size_t *tried, size_t *refused)
{
    *tried = *refused = 0;
    for (size_t at = 0; at < size; at += at < dense ? 1 : stride) {
        for (int bit = 0; bit < 8; bit += bit_step) {
            data[at] ^= (char)(1u << bit);
            char err[256] = "";
            ++*tried;
            if (check(data, size, err, sizeof err) != 0 && err[0])
                ++*refused;
            else
                print_message("flip of bit %d at %zu accepted\n", bit, at);
            data[at] ^= (char)(1u << bit);
        }
    }
}

#endif
