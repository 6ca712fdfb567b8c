#define _GNU_SOURCE
/* test_spec_rated.c: measures each file of tests/spec/rated/ as a rate, one cmocka test per
 * file. An example there is no hard failure: the file's "# target:" line says what rate is
 * wanted ("at most 5% coded as fact": the share of examples that fail; "at least 95% found":
 * the share that pass) and its "# floor:" line the worst rate accepted, which is what herald
 * measures now, with the events a user of herald gets (those the confidence classifier finds
 * likely enough: HD_DEFAULT_MIN_CONFIDENCE): the test fails only when the rate is worse than the floor, so the floor
 * ratchets up as the coder improves. Each file's rate, target and floor are printed on a
 * "rate:" line, followed by its failing examples (name, file:line, what was coded). The
 * spec syntax is in spec.h. */
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

typedef struct rated_file {
    char path[256];
    spec_rating rating;
    example *xs;
    size_t n, cap;
} rated_file;

static void run_rated_file(void **state)
{
    rated_file *f = *state;
    if (!f->rating.found_target || !f->rating.found_floor || f->n == 0) {
        fprintf(stderr, "%s: a rated file needs examples, a '# target: at most|at least N%% WHAT' line and a "
                        "'# floor: N%%' line\n", f->path);
        fail();
    }
    size_t passed = 0;
    char *log = NULL;
    size_t log_len = 0;
    FILE *failures = open_memstream(&log, &log_len);
    assert_non_null(failures);
    for (size_t i = 0; i < f->n; i++) {
        const example *x = &f->xs[i];
        collected got_events;
        char report[4096] = "";
        if (check_example(x, HD_DEFAULT_MIN_CONFIDENCE, &got_events, report, sizeof report)) {
            passed++;
            continue;
        }
        fprintf(failures, "%s:%d: %s\n  text: %s\n%s", x->file, x->line, x->name, x->text, report);
        print_coded(failures, &got_events);
    }
    fclose(failures);
    const spec_rating *r = &f->rating;
    size_t counted = r->at_most ? f->n - passed : passed;
    double rate = 100.0 * (double)counted / (double)f->n;
    int below_floor = r->at_most ? rate > r->floor : rate < r->floor;
    int met = r->at_most ? rate <= r->target : rate >= r->target;
    printf("rate: %s: %.1f%% %s (%zu of %zu); target: at %s %g%%%s; floor: %g%%%s\n", f->path, rate, r->what, counted,
           f->n, r->at_most ? "most" : "least", r->target, met ? " (met)" : "", r->floor,
           below_floor ? " (WORSE THAN THE FLOOR)" : "");
    /* a floor left well behind the rate no longer guards the gain: say so */
    if (!below_floor && (r->at_most ? r->floor - rate : rate - r->floor) > 2.0)
        printf("rate: %s: the floor can be raised to %.0f%%\n", f->path, r->at_most ? rate + 1.0 : rate - 1.0);
    if (f->n > passed)
        printf("failing examples of %s (%zu):\n%s", f->path, f->n - passed, log);
    free(log);
    assert_false(below_floor);
}

int main(void)
{
    if (spec_open("test_spec_rated") != 0)
        return 1;
    char *paths[64];
    size_t np = spec_files("tests/spec/rated", paths, 64);
    rated_file *files = calloc(np ? np : 1, sizeof *files);
    struct CMUnitTest *tests = calloc(np ? np : 1, sizeof *tests);
    if (!files || !tests)
        return 1;
    int malformed = 0;
    for (size_t i = 0; i < np; i++) {
        snprintf(files[i].path, sizeof files[i].path, "%s", paths[i]);
        malformed |= load_file(paths[i], &files[i].xs, &files[i].n, &files[i].cap, &files[i].rating) != 0;
        free(paths[i]);
        tests[i].name = files[i].path;
        tests[i].test_func = run_rated_file;
        tests[i].initial_state = &files[i];
    }
    int rc = malformed ? 1 : _cmocka_run_group_tests("spec-rated", tests, np, NULL, NULL);
    for (size_t i = 0; i < np; i++)
        free(files[i].xs);
    free(files);
    free(tests);
    spec_close();
    return rc;
}
