/* syntax_fixture.h: the trained syntax section for the small images of unit tests that code
 * events. The coder codes verbs from the dependency parse alone (a sentence without one codes
 * no verb events), so such an image carries the real section, $BUILD/en_ewt.syntax as `make`
 * unpacks it. Included after cmocka.h. */
#ifndef HERALD_TEST_SYNTAX_FIXTURE_H
#define HERALD_TEST_SYNTAX_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "model/hd_build.h"

/* Adds the trained syntax section to the builder: 0, or -1 with a "skipped:" line when it is
 * not built (the caller then skips what needs a parse). */
static inline int add_trained_syntax(hd_builder *b)
{
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    char path[512];
    snprintf(path, sizeof path, "%s/en_ewt.syntax", build);
    FILE *f = fopen(path, "rb");
    if (!f) {
        print_message("skipped: %s not built\n", path);
        return -1;
    }
    char *data = NULL;
    size_t size = 0, cap = 0, n;
    do {
        if (size == cap) {
            cap = cap ? cap * 2 : 1 << 20;
            data = realloc(data, cap);
            assert_non_null(data);
        }
        n = fread(data + size, 1, cap - size, f);
        size += n;
    } while (n > 0);
    fclose(f);
    int rc = hd_builder_syntax(b, data, size);
    free(data);
    assert_int_equal(rc, 0);
    return 0;
}

#endif
