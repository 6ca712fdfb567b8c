/* fuzz_http.c: libFuzzer target for `herald serve`'s handling of a request, driven through its
 * handler functions without a socket (cli/serve_request.c, serve_target.c, serve_api.c). The
 * input's first line is "METHOD TARGET", an optional second line "Content-Length: N", the rest
 * the body. The target is checked as the server checks it, cut into path and arguments and
 * decoded by libmicrohttpd's own unescaping, routed, its Content-Length judged, its body kept,
 * and then answered: a static path resolved under a directory of ours, an API request run
 * against a store of our own articles. Every reply must be valid JSON with a fitting status;
 * nothing may crash, read out of bounds or leak. */
#include "fuzz_common.h"

#include <time.h>

#include <cJSON.h>

#include "serve.h"

static fuzz_env env;
static serve_worker worker;
static char static_dir[512];

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    env = fuzz_load();
    char db[600], err[512], path[600];
    snprintf(db, sizeof db, "%s/http.db", fuzz_dir());
    unlink(db);
    hd_store *st = hd_store_open(db, 0, NULL, err, sizeof err);
    hd_reader *r = st ? hd_reader_open("tests/store/dedup.jsonl", HD_INPUT_AUTO, NULL, err, sizeof err) : NULL;
    if (!r) {
        fprintf(stderr, "fuzz: %s (run from the repository root)\n", err);
        exit(2);
    }
    hd_doc d;
    while (hd_reader_next(r, &d, err, sizeof err) > 0)
        hd_store_ingest(st, env.coder, &d);
    hd_reader_close(r);
    hd_store_close(st);
    worker.store = hd_store_open(db, 1, NULL, err, sizeof err);
    worker.coder = env.coder;
    worker.query_timeout = 1.0;
    snprintf(static_dir, sizeof static_dir, "%s/www", fuzz_dir());
    mkdir(static_dir, 0700);
    snprintf(path, sizeof path, "%s/index.html", static_dir);
    FILE *f = fopen(path, "w");
    if (!worker.store || !f)
        abort();
    fputs("<html></html>\n", f);
    fclose(f);
    return 0;
}

/* The URL's arguments, decoded as libmicrohttpd decodes them */
typedef struct args {
    char *name[32], *value[32];
    int n;
} args;

static const char *lookup(void *ctx, const char *name)
{
    const args *a = ctx;
    for (int i = 0; i < a->n; i++)
        if (!strcmp(a->name[i], name))
            return a->value[i];
    return NULL;
}

static void split_args(char *query, args *a)
{
    a->n = 0;
    for (char *part = query; part && *part && a->n < 32;) {
        char *amp = strchr(part, '&');
        if (amp)
            *amp = '\0';
        char *eq = strchr(part, '=');
        if (eq)
            *eq = '\0';
        MHD_http_unescape(part);
        a->name[a->n] = part;
        a->value[a->n] = eq ? eq + 1 : part + strlen(part);
        MHD_http_unescape(a->value[a->n]);
        a->n++;
        part = amp ? amp + 1 : NULL;
    }
}

static void check_reply(const serve_reply *r)
{
    if (!r->body)
        return; /* out of memory while building it */
    cJSON *j = cJSON_ParseWithLength(r->body, r->len);
    if (!j || r->status < 200 || r->status > 599) {
        fprintf(stderr, "reply %u is no JSON: %.*s\n", r->status, (int)(r->len < 300 ? r->len : 300), r->body);
        abort();
    }
    cJSON_Delete(j);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char *in = fuzz_str(data, size);
    char *nl = memchr(in, '\n', size);
    char *rest = nl ? nl + 1 : in + size;
    if (nl)
        *nl = '\0';
    char *sp = strchr(in, ' ');
    if (!sp) {
        free(in);
        return 0;
    }
    *sp = '\0';
    const char *method = in;
    char *target = sp + 1;
    const char *content_length = NULL;
    if (!strncmp(rest, "Content-Length: ", 16)) {
        content_length = rest + 16;
        char *end = strchr(rest, '\n');
        if (end)
            *end = '\0';
        rest = end ? end + 1 : rest + strlen(rest);
    }
    size_t body_len = size - (size_t)(rest - in);
    serve_request *rq = calloc(1, sizeof *rq);
    if (!rq)
        abort();
    rq->method = method;
    snprintf(rq->uri, sizeof rq->uri, "%.200s", target);
    serve_check_target(target, rq->refusal, sizeof rq->refusal);
    const char *why = NULL;
    unsigned refused = serve_refused_length(content_length, &why);
    if (refused && !why)
        abort();
    if (!rq->refusal[0] && !refused) {
        char *q = strchr(target, '?');
        if (q)
            *q++ = '\0';
        MHD_http_unescape(target);
        args a;
        split_args(q, &a);
        if (serve_route_request(rq, target, method, lookup, &a) != 0)
            check_reply(&rq->reply);
        else if (rq->route == ROUTE_STATIC) {
            char path[1024];
            unsigned status = serve_static_path(static_dir, target, path, sizeof path);
            if (status == 0 && (strncmp(path, static_dir, strlen(static_dir)) != 0 || strstr(path, "/..")))
                abort(); /* a file outside the dashboard's directory */
        } else {
            if (body_len && serve_take_body(rq, rest, body_len) != 0)
                abort();
            if (!rq->body_too_big && (rq->route != ROUTE_CODE || rq->body_len))
                serve_api_run(&worker, rq);
            check_reply(&rq->reply);
        }
    }
    free(rq->reply.body);
    free(rq->body);
    free(rq);
    free(in);
    return 0;
}
