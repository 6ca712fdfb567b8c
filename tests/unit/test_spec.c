#define _GNU_SOURCE
/* test_spec.c: runs the example spec in tests/spec/NN-name.txt files, one cmocka test per
 * example. The spec syntax and its reader are in spec.h (shared with test_spec_rated.c, which
 * measures the files of tests/spec/rated/ as rates). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "spec.h"

static void run_example(void **state)
{
    const example *x = *state;
    collected got_events;
    char report[4096] = "";
    int ok = check_example(x, 0, &got_events, report, sizeof report);
    if (!ok) {
        fprintf(stderr, "%s:%d: example '%s' failed\n%s", x->file, x->line, x->name, report);
        print_coded(stderr, &got_events);
    }
    assert_true(ok);
}

int main(void)
{
    if (spec_open("test_spec") != 0)
        return 1;
    example *xs = NULL;
    size_t n = 0, cap = 0;
    char *paths[64];
    size_t np = spec_files("tests/spec", paths, 64);
    int malformed = 0;
    for (size_t i = 0; i < np; i++) {
        malformed |= load_file(paths[i], &xs, &n, &cap, NULL) != 0;
        free(paths[i]);
    }
    if (malformed) {
        free(xs);
        spec_close();
        return 1;
    }
    struct CMUnitTest *tests = calloc(n ? n : 1, sizeof *tests);
    for (size_t i = 0; i < n; i++) {
        tests[i].name = xs[i].name;
        tests[i].test_func = run_example;
        tests[i].initial_state = &xs[i];
    }
    int rc = _cmocka_run_group_tests("spec", tests, n, NULL, NULL);
    free(tests);
    free(xs);
    spec_close();
    return rc;
}
