/* test_gazetteer.c: compiling the place table, opening the image, folding and looking up
 * names — and attacking the loader the way test_model.c attacks the dictionary image: every
 * prefix of an image, byte flips (every one refused by the checksum; with the checksum out of
 * the way, random flips meet the structural checks), bad magic, missing files. A table line
 * that cannot be read (bad fields, NUL bytes, invalid UTF-8, control characters, a table cut
 * short or empty) is an error reported with its file and line, and at most 20 are shown.
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

#include "places/hd_gazetteer.h"
#include "image_faults.h"

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
static long setup_errors;

/* What a compile reported: the lines named, the last message and the count. */
typedef struct reported {
    long n, lines[64];
    char last[512];
} reported;

static void on_warn(void *user, const char *file, long line, const char *msg)
{
    reported *r = user;
    if (r->n < 64)
        r->lines[r->n] = line;
    r->n++;
    snprintf(r->last, sizeof r->last, "%s:%ld: %s", file, line, msg);
}

static int reported_line(const reported *r, long line)
{
    for (long i = 0; i < r->n && i < 64; i++)
        if (r->lines[i] == line)
            return 1;
    return 0;
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
    char err[256];
    reported r = {0};
    return hd_gazetteer_compile(tsv_path, img_path, on_warn, &r, &setup_errors, err, sizeof err) == 6 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    remove(tsv_path);
    remove(img_path);
    return 0;
}

static void test_bad_lines_reported(void **state)
{
    (void)state;
    assert_int_equal(setup_errors, 3);
}

/* Compiles `text` (n bytes) as a table; returns the places written or -1, with what was said. */
static long compile_text(const char *text, size_t n, reported *r, long *errors)
{
    char path[64], img[64], err[256] = "";
    snprintf(path, sizeof path, "/tmp/hd-gaz-bad-%ld.tsv", (long)getpid());
    snprintf(img, sizeof img, "/tmp/hd-gaz-bad-%ld.hdg", (long)getpid());
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, n, f), n);
    fclose(f);
    memset(r, 0, sizeof *r);
    long got = hd_gazetteer_compile(path, img, on_warn, r, errors, err, sizeof err);
    remove(path);
    remove(img);
    return got;
}

/* Each kind of garbage is an error naming file and line, and the line is not read in part. */
static void test_garbage_is_an_error(void **state)
{
    (void)state;
    static const char good[] = "C\tCOUNTRY:LY\tLibya\tLY\tLBY\t25\t17\t0\tPCLI\tlibya\tLY\n";
    static const struct {
        const char *second_line; /* after a good first line */
        size_t len;
        const char *why;
    } cases[] = {
#define CASE(line, why) {line, sizeof line - 1, why}
        CASE("P\t1\tTri\0poli\tLY\t77\t32.8\t13.1\t1\tPPLC\ttripoli\tLY\n", "NUL byte at column 8"),
        CASE("P\t1\tTri\xffpoli\tLY\t77\t32.8\t13.1\t1\tPPLC\ttripoli\tLY\n", "invalid UTF-8 at column 8"),
        CASE("P\t1\tTri\xc3poli\tLY\t77\t32.8\t13.1\t1\tPPLC\ttripoli\tLY\n", "invalid UTF-8"),
        CASE("P\t1\tTri\x01poli\tLY\t77\t32.8\t13.1\t1\tPPLC\ttripoli\tLY\n", "control character 0x01"),
        CASE("P\t1\tTripoli\tLY\t77\t32.8\t13.1\t1\tPPLC\ttripoli\tLY", "no newline"),
        CASE("P\t1\tTripoli\tLY\t77\t32.8\n", "expected 11"),
#undef CASE
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[256];
        size_t n = strlen(good);
        memcpy(text, good, n);
        memcpy(text + n, cases[i].second_line, cases[i].len);
        reported r;
        long errors = 0;
        compile_text(text, n + cases[i].len, &r, &errors);
        if (errors != 1 || !reported_line(&r, 2) || !strstr(r.last, cases[i].why) || !strstr(r.last, "hd-gaz-bad-"))
            fail_msg("case %zu: %ld errors, last '%s'", i, errors, r.last);
    }
    /* an empty table, and one with only a comment */
    reported r;
    long errors = 0;
    assert_int_equal(compile_text("", 0, &r, &errors), -1);
    assert_int_equal(errors, 1);
    assert_non_null(strstr(r.last, "empty or truncated"));
    assert_int_equal(compile_text("# kind id name\n", 15, &r, &errors), -1);
    assert_int_equal(errors, 1);
}

/* 10,000 bad lines: 20 shown, then one line with the count. */
static void test_warning_cap(void **state)
{
    (void)state;
    size_t n = 10000;
    char *text = malloc(n * 4 + 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        memcpy(text + i * 4, "bad\n", 4);
    reported r;
    long errors = 0;
    assert_int_equal(compile_text(text, n * 4, &r, &errors), -1);
    free(text);
    assert_int_equal(errors, 10001); /* every line, and "no places" */
    assert_int_equal(r.n, HD_DIAG_SHOWN + 1);
    assert_non_null(strstr(r.last, ":0: 9981 more warnings/errors not shown"));
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

static int check_gazetteer_image(const char *data, size_t size, char *err, size_t errlen)
{
    hd_gazetteer g;
    return hd_gazetteer_check_image(&g, data, size, err, errlen);
}

/* Every single-byte flip is refused: in the header by its checks, elsewhere by the checksum. */
static void test_every_flip_refused(void **state)
{
    (void)state;
    size_t size;
    char *img = slurp(img_path, &size);
    assert_non_null(img);
    size_t tried, refused;
    count_refused_flips(img, size, 64, 509, 3, check_gazetteer_image, &tried, &refused);
    assert_int_equal(refused, tried);
    hd_gazetteer g;
    assert_int_equal(hd_gazetteer_check_image(&g, img, size, NULL, 0), 0);
    free(img);
}

/* With the checksum out of the way (a crafted image), random flips meet the structural
 * checks; an image that passes them must keep every lookup in bounds. */
static void test_structure_flips(void **state)
{
    (void)state;
    size_t size;
    char *img = slurp(img_path, &size);
    assert_non_null(img);
    char *copy = malloc(size);
    assert_non_null(copy);
    unsigned seed = 12345;
    int passed = 0;
    for (int round = 0; round < 2000; round++) {
        memcpy(copy, img, size);
        for (int k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            copy[(seed >> 8) % size] ^= (char)(1u << ((seed >> 4) % 8));
        }
        char err[256];
        hd_gazetteer g;
        if (hd_gazetteer_check_structure(&g, copy, size, err, sizeof err) != 0)
            continue;
        passed++;
        uint32_t hits[8];
        const char *names[] = {"tripoli", "hama", "hamah", "idlib", "libya", "lebanon", "tarabulus"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            size_t n = hd_gazetteer_lookup(&g, names[i], strlen(names[i]), hits, 8);
            for (size_t j = 0; j < n && j < 8; j++) {
                const hd_place_rec *p = hd_gazetteer_place(&g, hits[j]);
                assert_non_null(p);
                (void)strlen(hd_gazetteer_str(&g, p->name));
            }
        }
    }
    print_message("structure flips: %d of 2000 passed the structural checks\n", passed);
    free(copy);
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
    assert_int_equal(hd_gazetteer_compile("/nonexistent.tsv", img_path, NULL, NULL, NULL, err, sizeof err), -1);
    /* an image of the previous version is told to be rebuilt */
    size_t size;
    char *img = slurp(img_path, &size);
    assert_non_null(img);
    uint32_t version;
    memcpy(&version, img + 8, 4);
    version--;
    memcpy(img + 8, &version, 4);
    assert_null(hd_gazetteer_from_memory(img, size, err, sizeof err));
    assert_non_null(strstr(err, "rebuild it with make"));
}

/* The built gazetteer: every byte of the header and 200 positions spread over the rest, each
 * flipped, are refused; so are truncations. */
static void test_built_gazetteer_flips(void **state)
{
    (void)state;
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    char path[512];
    snprintf(path, sizeof path, "%s/herald.hdg", build);
    size_t size;
    char *img = slurp(path, &size);
    if (!img) {
        print_message("skipped: %s not built\n", path);
        return;
    }
    size_t tried = 0, refused = 0, checksum = 0;
    for (size_t k = 0; k < 40 + 200; k++) {
        size_t at = k < 40 ? k : 40 + (k - 40) * ((size - 41) / 199);
        img[at] ^= 0x10;
        hd_gazetteer g;
        char err[256] = "";
        tried++;
        if (hd_gazetteer_check_image(&g, img, size, err, sizeof err) != 0) {
            refused++;
            checksum += strstr(err, "checksum mismatch") != NULL;
        }
        img[at] ^= 0x10;
    }
    print_message("built gazetteer: %zu of %zu flips refused (%zu by the checksum)\n", refused, tried, checksum);
    assert_int_equal(refused, tried);
    const size_t cuts[] = {0, 1, 39, 40, 4096, size / 2, size - 8, size - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        hd_gazetteer g;
        char err[256] = "";
        assert_int_equal(hd_gazetteer_check_image(&g, img, cuts[i], err, sizeof err), -1);
        assert_true(err[0] != '\0');
    }
    hd_gazetteer g;
    assert_int_equal(hd_gazetteer_check_image(&g, img, size, NULL, 0), 0);
    free(img);
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

/* A table whose places all fold to no name (found by the gazetteer fuzzer: the compiler then
 * sorted an empty key list through a NULL array) compiles to an image that opens and finds
 * nothing. */
static void test_places_without_names(void **state)
{
    (void)state;
    static const char table[] = "C\tCOUNTRY:LY\t!!!\tLY\tLBY\t25\t17\t0\tPCLI\t\tLY\n";
    reported r;
    long errors = 0;
    char path[64], img[64], err[256] = "";
    snprintf(path, sizeof path, "/tmp/hd-gaz-nameless-%ld.tsv", (long)getpid());
    snprintf(img, sizeof img, "/tmp/hd-gaz-nameless-%ld.hdg", (long)getpid());
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(table, f);
    fclose(f);
    memset(&r, 0, sizeof r);
    assert_int_equal(hd_gazetteer_compile(path, img, on_warn, &r, &errors, err, sizeof err), 1);
    hd_gazetteer *g = hd_gazetteer_open(img, err, sizeof err);
    assert_non_null(g);
    uint32_t hits[4];
    assert_int_equal(hd_gazetteer_lookup(g, "libya", 5, hits, 4), 0);
    hd_gazetteer_free(g);
    remove(path);
    remove(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_lines_reported), cmocka_unit_test(test_garbage_is_an_error),
        cmocka_unit_test(test_warning_cap),        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_lookup),             cmocka_unit_test(test_every_prefix_rejected),
        cmocka_unit_test(test_every_flip_refused), cmocka_unit_test(test_structure_flips),
        cmocka_unit_test(test_open_errors),        cmocka_unit_test(test_built_gazetteer_flips),
        cmocka_unit_test(test_built_gazetteer),    cmocka_unit_test(test_places_without_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
