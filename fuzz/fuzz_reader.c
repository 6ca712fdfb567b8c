/* fuzz_reader.c: libFuzzer target for the input reader. The bytes are written to a file whose
 * name and forced format the first byte selects (JSON Lines, HTML, text, sniffed) and read to
 * the end; every document is coded. Bad records must be reported and skipped, never crash. */
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"

static fuzz_env env;
static char dir[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    env = fuzz_load();
    snprintf(dir, sizeof dir, "/tmp/herald-fuzz-reader-%ld", (long)getpid());
    if (mkdir(dir, 0700) != 0 && access(dir, W_OK) != 0)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const names[] = {"in.jsonl", "in.html", "in.txt", "in"};
    static const hd_input_format formats[] = {HD_INPUT_AUTO, HD_INPUT_JSONL, HD_INPUT_HTML, HD_INPUT_TEXT};
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, names[data[0] & 3]);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    char err[1024];
    hd_reader *r = hd_reader_open(path, formats[(data[0] >> 2) & 3], (data[0] & 16) ? "2020-02-02" : NULL, err,
                                  sizeof err);
    if (!r)
        return 0;
    hd_doc doc;
    int rc, records = 0;
    while ((rc = hd_reader_next(r, &doc, err, sizeof err)) != 0 && records++ < 1000) {
        if (rc > 0)
            hd_code_document(env.coder, &doc, NULL, NULL);
        size_t done, total;
        hd_reader_progress(r, &done, &total);
        if (total && done > total)
            abort();
    }
    hd_reader_close(r);
    return 0;
}
