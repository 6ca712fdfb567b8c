/* fuzz_classify.c: libFuzzer target for `herald classify` input. Each line of the input is
 * read as an "id<TAB>text[<TAB>gold]" snippet and, when it is one, classified. A line must be
 * taken or refused with a reason, never crash, read out of bounds or leak. */
#include "fuzz_common.h"

static fuzz_env env;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    env = fuzz_load();
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const unsigned char *p = data, *end = data + size;
    long line_no = 0;
    while (p < end && line_no < 32) {
        const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        char *line = fuzz_str(p, len);
        hd_doc doc;
        const char *why;
        int got = hd_snippet_parse(line, len, ++line_no, &doc, &why);
        if (got < 0 && !why)
            abort(); /* a refusal always says why */
        if (got > 0 && !hd_classify_document(env.coder, &doc) && !hd_coder_error(env.coder)[0])
            abort();
        free(line);
        p += len;
    }
    return 0;
}
