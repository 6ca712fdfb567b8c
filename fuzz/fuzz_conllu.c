/* fuzz_conllu.c: libFuzzer target for the CoNLL-U reader and the tagger behind it. Any bytes
 * are read as a treebank: each sentence is taken or refused with file:line, never read out of
 * bounds; when at least one is taken, a small tagger is trained on them (a few passes over a
 * small table) and tags them back. */
#include "fuzz_common.h"

#include "syntax/hd_conllu.h"
#include "syntax/hd_tagger.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char path[1024], err[512];
    fuzz_file("input.conllu", data, size, path, sizeof path);
    hd_conllu_reader r;
    if (hd_conllu_open(&r, path, err, sizeof err) != 0)
        abort();
    hd_conllu_sentence s[16];
    memset(s, 0, sizeof s);
    size_t n = 0;
    int rc, rounds = 0;
    while (n < 16 && rounds++ < 256 && (rc = hd_conllu_next(&r, &s[n], err, sizeof err)) != 0) {
        if (rc < 0 && !strstr(err, "input.conllu:"))
            abort(); /* a refusal names the file and line */
        if (rc > 0) {
            for (size_t i = 0; i < s[n].n; i++)
                if (s[n].words[i].head < 0 || s[n].words[i].head > (int)s[n].n)
                    abort();
            n++;
        }
    }
    hd_conllu_close(&r);
    if (n) {
        hd_tagger_options o;
        hd_tagger_default_options(&o);
        o.hash_bits = 10;
        o.iterations = 2;
        hd_tagger *t = hd_tagger_train(s, n, s, n, &o, NULL);
        if (t) {
            long words, x, u;
            hd_tagger_score(t, NULL, s, n, &words, &x, &u);
            if (x > words || u > words)
                abort();
            hd_tagger_free(t);
        }
    }
    for (size_t i = 0; i < 16; i++)
        hd_conllu_sentence_free(&s[i]);
    return 0;
}
