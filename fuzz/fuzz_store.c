/* fuzz_store.c: libFuzzer target for the event store. Each line of the input is offered as an
 * event record (herald ingest --events) and as a document, into a store in memory; then the
 * store is queried with filters cut from the input, in every export format, and the events it
 * holds are written in detail. Bad records and filters must be refused with a message. */
#include "fuzz_common.h"

static fuzz_env env;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    env = fuzz_load();
    return 0;
}

/* The next field of the input (up to a tab or newline), or NULL when it is empty. */
static char *field(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *s = *p;
    while (*p < end && **p != '\t' && **p != '\n')
        (*p)++;
    char *v = *p > s ? fuzz_str(s, (size_t)(*p - s)) : NULL;
    if (*p < end)
        (*p)++;
    return v;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char err[512];
    hd_store *s = hd_store_open(":memory:", 0, NULL, err, sizeof err);
    if (!s)
        abort();
    const unsigned char *p = data, *end = data + size;
    int n = 0;
    while (p < end && n++ < 64) {
        const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        hd_store_ingest_event_json(s, (const char *)p, len);
        char *text = fuzz_str(p, len);
        char id[32];
        snprintf(id, sizeof id, "doc-%d", n);
        hd_doc d;
        memset(&d, 0, sizeof d);
        d.id = id;
        d.text = text;
        d.text_len = len;
        d.date = (n & 1) ? "2022-03-04" : NULL;
        d.source = (n & 2) ? "Outlet" : NULL;
        hd_store_ingest(s, env.coder, &d);
        free(text);
        p = nl ? nl + 1 : end;
    }
    hd_store_events_done(s);
    /* filters from the input's first fields */
    const unsigned char *q = data;
    char *f[8];
    for (int k = 0; k < 8; k++)
        f[k] = field(&q, end);
    hd_query query;
    memset(&query, 0, sizeof query);
    query.from = f[0];
    query.to = f[1];
    query.country = f[2];
    query.actor = f[3];
    query.code = f[4];
    query.acled_type = f[5];
    query.source = f[6];
    query.text = f[7];
    query.limit = size & 15;
    query.offset = size & 3;
    if (size & 64) {
        query.near = 1;
        query.near_lat = (double)(size % 180) - 90;
        query.near_lon = (double)(size % 360) - 180;
        query.near_km = (double)(size % 500);
    }
    static const char *const counts[] = {NULL, "day", "week", "country", "code", "root", "acled", "bogus"};
    query.count_by = counts[(size >> 3) & 7];
    for (int fmt = HD_STORE_JSONL; fmt <= HD_STORE_PLOVER; fmt++)
        hd_store_query(s, &query, (hd_store_format)fmt, env.devnull);
    for (long long id = 0; id < 4; id++)
        hd_store_event(s, id, env.devnull);
    for (int k = 0; k < 8; k++)
        free(f[k]);
    hd_store_close(s);
    return 0;
}
