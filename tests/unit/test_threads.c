/* test_threads.c: one model shared by several threads, each with its own coder, must give
 * every thread the same events as a single-threaded run (the model is immutable; the
 * library keeps no global state). Run under the sanitizers it also checks for races on
 * memory the threads should not share. A coder must also code a document the same whatever
 * it coded before: `-j N` hands each thread a different run of documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"

static const char *const texts[] = {
    "Russian warplanes bombed rebel positions near the town on Tuesday, officials said.",
    "France and Germany condemned the attack. The United Nations appealed for calm.",
    "\"We will respond,\" the Iranian foreign minister said. Israel did not comment.",
    "Police arrested dozens of protesters in the capital after clashes with students.",
};

typedef struct run {
    const hd_model *m;
    unsigned long sum; /* a checksum of the events coded */
    long events;
} run;

static int sink(void *user, const hd_event *e)
{
    run *r = user;
    unsigned long h = r->sum;
    for (const char *p = e->code; *p; p++)
        h = h * 31 + (unsigned char)*p;
    if (e->source)
        for (const char *p = e->source->code; *p; p++)
            h = h * 31 + (unsigned char)*p;
    r->sum = h;
    r->events++;
    return 0;
}

static void *worker(void *arg)
{
    run *r = arg;
    hd_coder *c = hd_coder_new(r->m);
    for (int round = 0; round < 50; round++)
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
            hd_doc d = {"t", texts[i], strlen(texts[i]), NULL, "2018-03-01", NULL, NULL};
            hd_code_document(c, &d, sink, r);
        }
    hd_coder_free(c);
    return NULL;
}

static hd_model *open_model(void)
{
    const char *path = getenv("HERALD_MODEL");
    char err[256];
    hd_model *m = hd_model_open(path ? path : "build/herald.hdm", err, sizeof err);
    assert_non_null(m);
    return m;
}

static void test_threads_agree(void **state)
{
    (void)state;
    hd_model *m = open_model();
    run single = {m, 0, 0};
    worker(&single);
    assert_true(single.events > 0);
    enum { N = 4 };
    pthread_t th[N];
    run runs[N];
    for (int i = 0; i < N; i++) {
        runs[i] = (run){m, 0, 0};
        assert_int_equal(pthread_create(&th[i], NULL, worker, &runs[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(runs[i].events, single.events);
        assert_true(runs[i].sum == single.sum);
    }
    hd_model_free(m);
}

static run code_one(const hd_model *m, hd_coder *c, const char *title, const char *text, const char *date)
{
    run r = {m, 0, 0};
    hd_doc d = {"t", text, strlen(text), title, date, NULL, NULL};
    assert_true(hd_code_document(c, &d, sink, &r) >= 0);
    return r;
}

/* Michael Flynn is a government actor from 2017-01-20 to 2017-02-13 and an elite after: the
 * name the lede introduces was once learned with the date of the last sentence the coder had
 * read, another document's, and "He resigned" changed code with the document before it. */
static void test_coder_forgets_the_last_document(void **state)
{
    (void)state;
    hd_model *m = open_model();
    const char *title = "Mike Flynn ouster: what is behind the turmoil";
    const char *text = "President Trump's national security adviser, Mike Flynn, is out. "
                       "He resigned under fire late Monday night.";
    hd_coder *fresh = hd_coder_new(m), *used = hd_coder_new(m);
    run alone = code_one(m, fresh, title, text, "2017-02-13");
    assert_true(alone.events > 0);
    code_one(m, used, "Rally in Paris", "Hundreds of thousands marched in Paris on Sunday.", "2015-01-11");
    run after = code_one(m, used, title, text, "2017-02-13");
    assert_int_equal(after.events, alone.events);
    assert_true(after.sum == alone.sum);
    hd_coder_free(fresh);
    hd_coder_free(used);
    hd_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_threads_agree),
                                       cmocka_unit_test(test_coder_forgets_the_last_document)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
