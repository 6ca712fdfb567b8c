/* test_gazetteer.c: compiling the place table, opening the image, folding and looking up
 * names — and attacking the loader the way test_model.c attacks the dictionary image: every
 * prefix of an image, random byte flips (fixed seed), bad magic, missing files. A table line
 * that cannot be read is reported with its file and line and skipped.
 *
 * The fixture table is written here (made-up places beside real facts: country codes and
 * coordinates); the checks on the full built gazetteer run when $BUILD/herald.hdg exists. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hd_gazetteer.h"

static const char fixture[] =
    "# kind id name cc admin1 lat lon population feature keys fips\n"
    "C\tCOUNTRY:LY\tLibya\tLY\tLBY\t25\t17\t0\tPCLI\tlibya\tLY\n"
    "C\tCOUNTRY:LB\tLebanon\tLB\tLBN\t33.83333\t35.83333\t0\tPCLI\tlebanon\tLE\n"
    "P\t2210247\tTripoli\tLY\t77\t32.88743\t13.18733\t1150989\tPPLC\ttripoli|tarabulus\tLY\n"
    "P\t266826\tTripoli\tLB\t09\t34.43352\t35.84415\t229398\tPPLA\ttripoli\tLE\n"
    "P\t170017\t\xe1\xb8\xa8\x61m\xc4\x81h\tSY\t10\t35.13179\t36.75783\t460602\tPPLA\thamah|hama\tSY\n"
    "A\tADM1:SY.12\tIdlib\tSY\t12\t35.93062\t36.63393\t0\tADM1\tidlib\tSY\n"
    "P\t1\tVelmora Flats\tZZ\t\t95\t0\t0\tPPL\tvelmora flats\t\n"   /* latitude out of range */
    "P\t2\tBroken line\tLY\n"                                        /* too few fields */
    "Q\t3\tOdd kind\tLY\t\t1\t1\t0\tPPL\todd\tLY\n";              /* unknown kind */                       /* unknown kind */

static char tsv_path[64], img_path[64];
static long warnings;

static void count_warning(void *user, const char *msg)
{
    (void)user;
    (void)msg;
    warnings++;
}

static int setup(void **state)
{
    (void)state;
    snprintf(tsv_path, sizeof tsv_path, "/tmp/hd-gaz-%ld.tsv", (long)getpid());
    snprintf(img_path, sizeof img_path, "/tmp/hd-gaz-%ld.hdg", (long)getpid());
    FILE *f = fopen(tsv_path, "w");
    if (!f)
        return -1;
    fputs(fixture, f);
    fclose(f);
    warnings = 0;
    char err[256];
    return hd_gazetteer_compile(tsv_path, img_path, count_warning, NULL, err, sizeof err) == 6 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    remove(tsv_path);
    remove(img_path);
    return 0;
}

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *size = (size_t)n;
    return data;
}

static void test_bad_lines_reported(void **state)
{
    (void)state;
    assert_int_equal(warnings, 3);
}

static void test_fold(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(hd_gazetteer_fold("\xe1\xb8\xa8\x61m\xc4\x81h", 8, out, sizeof out), 5);
    assert_string_equal(out, "hamah");
    hd_gazetteer_fold("Ma'rib", 6, out, sizeof out);
    assert_string_equal(out, "marib");
    hd_gazetteer_fold("  Deir   ez-Zor ", 16, out, sizeof out);
    assert_string_equal(out, "deir ez-zor");
    assert_int_equal(hd_gazetteer_fold("abc", 3, out, 3), 2); /* truncated, still terminated */
    assert_string_equal(out, "ab");
    assert_int_equal(hd_gazetteer_fold("\xff\xfe", 2, out, sizeof out), 0); /* not UTF-8 */
}

static void test_lookup(void **state)
{
    (void)state;
    char err[256];
    hd_gazetteer *g = hd_gazetteer_open(img_path, err, sizeof err);
    assert_non_null(g);
    assert_int_equal(hd_gazetteer_count(g), 6);
    uint32_t hits[4];
    /* the larger Tripoli comes first */
    assert_int_equal(hd_gazetteer_lookup(g, "tripoli", 7, hits, 4), 2);
    const hd_place_rec *p = hd_gazetteer_place(g, hits[0]);
    assert_memory_equal(p->cc, "LY", 2);
    assert_string_equal(hd_gazetteer_str(g, p->id), "2210247");
    assert_memory_equal(hd_gazetteer_place(g, hits[1])->cc, "LB", 2);
    assert_memory_equal(hd_gazetteer_place(g, hits[1])->fips, "LE", 2); /* GDELT's code for Lebanon */
    /* a key is matched whole, not as a prefix */
    assert_int_equal(hd_gazetteer_lookup(g, "trip", 4, hits, 4), 0);
    assert_int_equal(hd_gazetteer_lookup(g, "tripolis", 8, hits, 4), 0);
    assert_int_equal(hd_gazetteer_lookup(g, "hama", 4, hits, 4), 1);
    p = hd_gazetteer_place(g, hits[0]);
    assert_int_equal(p->kind, HD_PLACE_CITY);
    assert_true(p->lat > 35.1f && p->lat < 35.2f);
    assert_int_equal(hd_gazetteer_lookup(g, "idlib", 5, hits, 4), 1);
    assert_int_equal(hd_gazetteer_place(g, hits[0])->kind, HD_PLACE_ADMIN1);
    assert_int_equal(hd_gazetteer_lookup(g, "velmora flats", 13, hits, 4), 0);
    assert_int_equal(hd_gazetteer_lookup(g, "", 0, hits, 4), 0);
    assert_null(hd_gazetteer_place(g, 6));
    hd_gazetteer_free(g);
}

static void test_every_prefix_rejected(void **state)
{
    (void)state;
    size_t size;
    char *img = slurp(img_path, &size);
    assert_non_null(img);
    /* every prefix through the header and tables' start, then every 997th (the image holds a
     * 256 KB Bloom filter whose prefixes all fail the same size check) */
    for (size_t n = 0; n < size; n += n < 4096 ? 1 : 997) {
        char *copy = malloc(n ? n : 1);
        memcpy(copy, img, n);
        char err[256] = "";
        hd_gazetteer *g = hd_gazetteer_from_memory(copy, n, err, sizeof err);
        assert_null(g);
        assert_true(err[0] != '\0');
    }
    free(img);
}

static void test_random_byte_flips(void **state)
{
    (void)state;
    size_t size;
    char *img = slurp(img_path, &size);
    assert_non_null(img);
    unsigned seed = 12345;
    for (int round = 0; round < 2000; round++) {
        char *copy = malloc(size);
        memcpy(copy, img, size);
        for (int k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            copy[(seed >> 8) % size] ^= (char)(1u << ((seed >> 4) % 8));
        }
        char err[256];
        hd_gazetteer *g = hd_gazetteer_from_memory(copy, size, err, sizeof err);
        if (g) { /* when it loads, every lookup stays in bounds */
            uint32_t hits[8];
            const char *names[] = {"tripoli", "hama", "hamah", "idlib", "libya", "lebanon", "tarabulus"};
            for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
                size_t n = hd_gazetteer_lookup(g, names[i], strlen(names[i]), hits, 8);
                for (size_t j = 0; j < n && j < 8; j++) {
                    const hd_place_rec *p = hd_gazetteer_place(g, hits[j]);
                    assert_non_null(p);
                    (void)strlen(hd_gazetteer_str(g, p->name));
                }
            }
            hd_gazetteer_free(g);
        }
    }
    free(img);
}

static void test_open_errors(void **state)
{
    (void)state;
    char err[256];
    assert_null(hd_gazetteer_open("/nonexistent/herald.hdg", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/herald.hdg"));
    assert_null(hd_gazetteer_open("/tmp", err, sizeof err));
    assert_null(hd_gazetteer_open(tsv_path, err, sizeof err)); /* a table is not an image */
    assert_non_null(strstr(err, "not a herald gazetteer"));
    assert_int_equal(hd_gazetteer_compile("/nonexistent.tsv", img_path, NULL, NULL, err, sizeof err), -1);
}

/* the gazetteer the build made from the registry packages */
static void test_built_gazetteer(void **state)
{
    (void)state;
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    char path[512];
    snprintf(path, sizeof path, "%s/herald.hdg", build);
    if (access(path, R_OK) != 0) {
        print_message("skipped: %s not built\n", path);
        return;
    }
    char err[256];
    hd_gazetteer *g = hd_gazetteer_open(path, err, sizeof err);
    assert_non_null(g);
    assert_true(hd_gazetteer_count(g) > 100000);
    static const struct {
        const char *key, *cc;
    } expect[] = {{"hama", "SY"}, {"homs", "SY"}, {"aleppo", "SY"}, {"damascus", "SY"}, {"tripoli", "LY"},
                  {"paris", "FR"}, {"mogadishu", "SO"}, {"syria", "SY"}};
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        uint32_t hit;
        assert_true(hd_gazetteer_lookup(g, expect[i].key, strlen(expect[i].key), &hit, 1) >= 1);
        assert_memory_equal(hd_gazetteer_place(g, hit)->cc, expect[i].cc, 2);
    }
    hd_gazetteer_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_lines_reported), cmocka_unit_test(test_fold),
        cmocka_unit_test(test_lookup),             cmocka_unit_test(test_every_prefix_rejected),
        cmocka_unit_test(test_random_byte_flips),  cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_built_gazetteer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
