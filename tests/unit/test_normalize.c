/* test_normalize.c: UTF-8 validation and normalisation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text/hd_normalize.h"

static void test_valid_and_invalid_utf8(void **state)
{
    (void)state;
    size_t off;
    const char *why;
    assert_int_equal(hd_utf8_check("caf\xc3\xa9", 5, &off, &why), 0);
    assert_int_equal(hd_utf8_check("ab\xff" "cd", 5, &off, &why), -1);
    assert_int_equal(off, 2);
    assert_string_equal(why, "invalid UTF-8");
    assert_int_equal(hd_utf8_check("ab\0cd", 5, &off, &why), -1);
    assert_int_equal(off, 2);
    assert_string_equal(why, "NUL byte");
    /* truncated sequence and overlong encoding */
    assert_int_equal(hd_utf8_check("x\xe2\x80", 3, &off, &why), -1);
    assert_int_equal(hd_utf8_check("\xc0\xaf", 2, &off, &why), -1);
}

static void test_quotes_and_dashes(void **state)
{
    (void)state;
    hd_buf out = HD_BUF_INIT;
    const char *in = "\xe2\x80\x9cWe\xe2\x80\x99re here\xe2\x80\x9d \xe2\x80\x94 he said\xe2\x80\xa6";
    assert_int_equal(hd_normalize(in, strlen(in), &out), 0);
    assert_string_equal(hd_buf_cstr(&out), "\"We're here\" - he said...");
    hd_buf_free(&out);
}

static void test_nfc_and_invisible_characters(void **state)
{
    (void)state;
    hd_buf out = HD_BUF_INIT;
    const char *in = "Cafe\xcc\x81\xc2\xa0" "du\xe2\x80\x8bpont";
    assert_int_equal(hd_normalize(in, strlen(in), &out), 0);
    assert_string_equal(hd_buf_cstr(&out), "Caf\xc3\xa9 dupont");
    hd_buf_free(&out);
}

static void test_ascii_fast_path_and_crlf(void **state)
{
    (void)state;
    hd_buf out = HD_BUF_INIT;
    assert_int_equal(hd_normalize("a\r\nb\rc", 6, &out), 0);
    assert_string_equal(hd_buf_cstr(&out), "a\nb\nc");
    assert_int_equal(hd_normalize("", 0, &out), 0);
    assert_int_equal(out.len, 0);
    hd_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_and_invalid_utf8),
        cmocka_unit_test(test_quotes_and_dashes),
        cmocka_unit_test(test_nfc_and_invisible_characters),
        cmocka_unit_test(test_ascii_fast_path_and_crlf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
