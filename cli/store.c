/* store.c: `herald ingest` (code articles into an event store, idempotently, with progress
 * and a clean stop on Ctrl-C) and `herald query` (filters, formats and counts over a store). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void ingest_usage(FILE *f)
{
    fprintf(f, "usage: herald ingest [options] DB INPUT...\n"
               "Codes articles and stores documents, events (each real-world event once, with the\n"
               "mentions that report it), actors, places and attributions in the SQLite file DB.\n"
               "Documents already stored (same id, URL or text) are skipped.\n"
               "\n"
               "options:\n"
               "  --model FILE, --gazetteer FILE, --no-places, --date YYYY-MM-DD,\n"
               "  --input-format auto|text|jsonl|html     as for herald code\n"
               "  --window-days N     a report naming its day joins an event dated by a publication\n"
               "                      at most N days away, and an event's reports lie within N days\n"
               "                      (default 1); two reports naming their day must name the same\n"
               "  --max-km KM         places at most KM apart join one event (default 50)\n"
               "  --full-code         the whole CAMEO code must agree (default: its root)\n"
               "  --story-days N      an article joins a story of articles at most N days apart\n"
               "                      (default 3)\n"
               "  --story-similarity S  how alike (0-1, the cosine of their rarest names) an\n"
               "                      article must be to the story's articles on average (default 0.2)\n"
               "  --no-stories        every article is a story of its own (as with --events, whose\n"
               "                      records hold sentences, not articles)\n"
               "  --min-confidence P  as for herald code (default 0.5)\n"
               "  --batch N           documents per transaction (default 100)\n"
               "  -j N, --jobs N      code on N threads sharing one model while one thread stores\n"
               "                      (default 1); the store is the same as with one thread\n"
               "  --events            the inputs are event records (herald code output, e.g. Dask\n"
               "                      partitions), stored without coding again\n"
               "  --progress / --no-progress   (default on: a bar on a terminal, else a line every 5 s)\n");
}

static int parse_long(const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < lo || x > hi)
        return -1;
    *out = x;
    return 0;
}

static int parse_double(const char *v, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno || end == v || *end || !(x >= lo && x <= hi))
        return -1;
    *out = x;
    return 0;
}

/* What herald ingest has done so far, for its progress lines and final count. */
typedef struct ingest_state {
    hd_store *st;
    long docs, skipped, failed;
    hd_store_status store_failed; /* the store itself failed: nothing more can be stored */
    int progress, tty, single_input;
    double t0, last;
} ingest_state;

static void store_failure(ingest_state *is)
{
    fprintf(stderr, "herald ingest: %s\n", hd_store_error(is->st));
    is->store_failed = hd_store_last_status(is->st);
    if (is->store_failed < HD_STORE_FULL)
        is->store_failed = HD_STORE_IO_ERROR;
}

/* Counts one document's outcome (hd_store_ingest's return value) and reports progress. A
 * failure of the store itself (disk full, I/O) ends the run: the batch in flight is lost, and
 * coding on would only count documents that cannot be stored. */
static void count_result(ingest_state *is, const char *input, const hd_doc *doc, long n, hd_reader *current)
{
    is->docs++;
    if (n == HD_STORE_SKIPPED)
        is->skipped++;
    else if (n < 0 && hd_store_last_status(is->st) >= HD_STORE_FULL) {
        store_failure(is);
        return;
    } else if (n < 0) {
        fprintf(stderr, "herald ingest: %s: document %s: %s\n", input, doc->id ? doc->id : "?", hd_store_error(is->st));
        is->failed++;
    }
    double t = cli_now();
    if (!is->progress || t - is->last < (is->tty ? 0.5 : 5.0))
        return;
    size_t done = 0, total = 0;
    if (current)
        hd_reader_progress(current, &done, &total);
    double rate = is->docs / (t - is->t0);
    char eta[64] = "";
    if (total > 0 && done > 0 && is->single_input)
        snprintf(eta, sizeof eta, ", %.0f%%, ETA %.0fs", 100.0 * (double)done / (double)total,
                 (t - is->t0) * (double)(total - done) / (double)done);
    long mentions = 0;
    hd_store_committed(is->st, NULL, &mentions);
    fprintf(stderr, is->tty ? "\r%ld articles, %.0f/s, %ld events stored%s   " : "%ld articles, %.0f/s, %ld events stored%s\n",
            is->docs, rate, mentions, eta);
    is->last = t;
}

/* -j N: documents the store already holds are not coded at all */
static void skip_stored(void *user, cli_job *job)
{
    ingest_state *is = user;
    job->skip = hd_store_has_document(is->st, &job->doc) == 1;
}

static int store_job(void *user, cli_job *job, hd_reader *current)
{
    ingest_state *is = user;
    if (job->read_error) {
        if (!interrupted) { /* a read cut by the signal is no failure of the input */
            fprintf(stderr, "herald ingest: %s\n", job->read_error);
            is->failed++;
        }
        return 0;
    }
    if (job->error) {
        is->docs++;
        fprintf(stderr, "herald ingest: %s: document %s: %s\n", job->input, job->doc.id ? job->doc.id : "?", job->error);
        is->failed++;
        return 0;
    }
    long n = job->skip ? HD_STORE_SKIPPED : hd_store_ingest_events(is->st, &job->doc, job->list);
    count_result(is, job->input, &job->doc, n, current);
    return is->store_failed ? -1 : 0;
}

static int was_interrupted(void *user)
{
    (void)user;
    return interrupted != 0;
}

/* `herald ingest --events`: event records stored as they are, no coding. Stops at the first
 * failure of the store itself. */
static int ingest_event_records(hd_store *st, char **inputs, int ninputs, int progress)
{
    long lines = 0, bad = 0, stored_ev = 0;
    int store_failed = 0;
    for (int i = 0; i < ninputs && !store_failed; i++) {
        FILE *f = fopen(inputs[i], "r");
        if (!f) {
            fprintf(stderr, "herald ingest: %s: %s\n", inputs[i], strerror(errno));
            bad++;
            continue;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        long ln = 0;
        while (!store_failed && (n = getline(&line, &cap, f)) > 0) {
            ln++;
            lines++;
            if (n == 1 && line[0] == '\n')
                continue;
            int rc = hd_store_ingest_event_json(st, line, (size_t)n);
            if (rc < 0) {
                fprintf(stderr, "herald ingest: %s:%ld: %s\n", inputs[i], ln, hd_store_error(st));
                bad++;
                store_failed = hd_store_last_status(st) >= HD_STORE_FULL;
            } else
                stored_ev += rc;
        }
        free(line);
        fclose(f);
    }
    if (!store_failed && hd_store_events_done(st) != 0) {
        fprintf(stderr, "herald ingest: %s\n", hd_store_error(st));
        store_failed = 1;
    }
    hd_store_stats stats = {0, 0, 0, 0};
    hd_store_stats_get(st, &stats);
    if (progress || store_failed)
        fprintf(stderr, "%ld event records read: %ld stored, %ld failed; the store holds %ld documents, %ld events, %ld mentions\n",
                lines, stored_ev, bad, stats.documents, stats.events, stats.mentions);
    store_failed |= hd_store_close(st) != 0;
    return bad || store_failed ? 1 : 0;
}

/* herald ingest on one thread; 1 when every input was read to its end */
static int ingest_sequentially(ingest_state *is, const hd_model *m, const hd_gazetteer *gaz, const hd_options *opt,
                               char **inputs, int ninputs, hd_input_format infmt, const char *date)
{
    hd_coder *c = hd_coder_new(m);
    if (!c) {
        fprintf(stderr, "herald ingest: out of memory\n");
        is->failed++;
        return 0;
    }
    hd_coder_set_options(c, opt);
    hd_coder_set_gazetteer(c, gaz);
    char err[1024];
    int i;
    for (i = 0; i < ninputs && !interrupted && !is->store_failed; i++) {
        hd_reader *r = hd_reader_open(inputs[i], infmt, date, err, sizeof err);
        if (!r) {
            fprintf(stderr, "herald ingest: %s\n", err);
            is->failed++;
            continue;
        }
        hd_doc doc;
        int rc = 1;
        while (!interrupted && !is->store_failed && (rc = hd_reader_next(r, &doc, err, sizeof err)) != 0) {
            if (rc < 0) {
                if (!interrupted) { /* a read cut by the signal is no failure of the input */
                    fprintf(stderr, "herald ingest: %s\n", err);
                    is->failed++;
                }
                continue;
            }
            count_result(is, inputs[i], &doc, hd_store_ingest(is->st, c, &doc), r);
        }
        hd_reader_close(r);
        if (rc != 0) /* stopped before this input's end */
            break;
    }
    hd_coder_free(c);
    return i >= ninputs && !is->store_failed;
}

int cli_ingest(int argc, char **argv)
{

    const char *model_path = NULL, *gazetteer = NULL, *date = NULL, *db = NULL;
    int places = 1, progress = 1, events_in = 0, jobs = 1;
    hd_input_format infmt = HD_INPUT_AUTO;
    hd_store_options so;
    hd_store_default_options(&so);
    hd_options opt = {.emit_negated = 1, .min_confidence = HD_DEFAULT_MIN_CONFIDENCE};
    char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    int ninputs = 0;
    if (!inputs)
        return 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        long n;
        double d;
        if (!strcmp(a, "--model") && has)
            model_path = argv[++i];
        else if (!strcmp(a, "--gazetteer") && has)
            gazetteer = argv[++i];
        else if (!strcmp(a, "--no-places"))
            places = 0;
        else if (!strcmp(a, "--date") && has)
            date = argv[++i];
        else if (!strcmp(a, "--input-format") && has) {
            const char *v = argv[++i];
            infmt = !strcmp(v, "text") ? HD_INPUT_TEXT : !strcmp(v, "jsonl") ? HD_INPUT_JSONL
                    : !strcmp(v, "html") ? HD_INPUT_HTML : HD_INPUT_AUTO;
        } else if (!strcmp(a, "--window-days") && has && parse_long(argv[i + 1], 0, 365, &n) == 0) {
            so.window_days = (int)n;
            i++;
        } else if (!strcmp(a, "--max-km") && has && parse_double(argv[i + 1], 0, 20000, &d) == 0) {
            so.max_km = d;
            i++;
        } else if (!strcmp(a, "--story-days") && has && parse_long(argv[i + 1], 0, 365, &n) == 0) {
            so.story_days = (int)n;
            i++;
        } else if (!strcmp(a, "--story-similarity") && has && parse_double(argv[i + 1], 0.01, 1, &d) == 0) {
            so.story_similarity = d;
            i++;
        } else if (!strcmp(a, "--no-stories"))
            so.story_similarity = HD_NO_STORIES;
        else if (!strcmp(a, "--full-code"))
            so.full_code = 1;
        else if (!strcmp(a, "--batch") && has && parse_long(argv[i + 1], 1, 1000000, &n) == 0) {
            so.batch_docs = (int)n;
            i++;
        } else if ((!strcmp(a, "-j") || !strcmp(a, "--jobs")) && has && parse_long(argv[i + 1], 1, 64, &n) == 0) {
            jobs = (int)n;
            i++;
        } else if (!strcmp(a, "--min-confidence") && has && parse_double(argv[i + 1], 0, 1, &d) == 0) {
            opt.min_confidence = d;
            i++;
        } else if (!strcmp(a, "--events"))
            events_in = 1;
        else if (!strcmp(a, "--progress"))
            progress = 1;
        else if (!strcmp(a, "--no-progress"))
            progress = 0;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            ingest_usage(stdout);
            free(inputs);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "herald ingest: unknown option or bad value '%s'\n", a);
            ingest_usage(stderr);
            free(inputs);
            return 2;
        } else if (!db)
            db = a;
        else
            inputs[ninputs++] = argv[i];
    }
    if (!db || ninputs == 0) {
        fprintf(stderr, "herald ingest: give a database and at least one input\n");
        ingest_usage(stderr);
        free(inputs);
        return 2;
    }
    hd_model *m = cli_load_model(model_path, NULL);
    int gaz_failed = 0;
    hd_gazetteer *gaz = m && places ? cli_load_gazetteer(gazetteer, model_path, &gaz_failed) : NULL;
    char err[1024];
    hd_store *st = m && !gaz_failed ? hd_store_open(db, 0, &so, err, sizeof err) : NULL;
    if (!st) {
        if (m && !gaz_failed)
            fprintf(stderr, "herald ingest: %s\n", err);
        hd_gazetteer_free(gaz);
        hd_model_free(m);
        free(inputs);
        return 2;
    }
    if (events_in) {
        int rc = ingest_event_records(st, inputs, ninputs, progress);
        hd_gazetteer_free(gaz);
        hd_model_free(m);
        free(inputs);
        return rc;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: a read blocked on a pipe returns */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* past the file-size limit a write fails with EFBIG, reported like a full disk, instead
     * of the process being killed with nothing said */
    signal(SIGXFSZ, SIG_IGN);
    ingest_state is;
    memset(&is, 0, sizeof is);
    is.st = st;
    is.progress = progress;
    is.tty = isatty(2);
    is.single_input = ninputs == 1;
    is.t0 = is.last = cli_now();
    int read_all = 1;
    if (jobs > 1) {
        cli_pipeline p = {.model = m, .gaz = gaz, .opt = &opt, .jobs = jobs, .inputs = inputs, .ninputs = ninputs,
                          .infmt = infmt, .date = date, .collect_events = 1, .prepare = skip_stored,
                          .deliver = store_job, .stopped = was_interrupted, .user = &is};
        int rc = cli_run_pipeline(&p);
        if (rc == CLI_NO_THREADS) {
            fprintf(stderr, "herald ingest: could not start %d coding threads\n", jobs);
            is.failed++;
        }
        read_all = rc == 0;
    } else
        read_all = ingest_sequentially(&is, m, gaz, &opt, inputs, ninputs, infmt, date);
    if (!is.store_failed && hd_store_commit(st) != 0)
        store_failure(&is);
    /* a test hook: the signal an operator might send just as the run ends, at a known moment */
    const char *hook = getenv("HERALD_TEST_SIGNAL");
    if (hook && !strcmp(hook, "after-commit"))
        raise(SIGINT);
    /* a signal that came after the last document was read changes nothing */
    int cut_short = interrupted && !read_all && !is.store_failed;
    hd_store_stats stats = {0, 0, 0, 0};
    hd_store_stats_get(st, &stats);
    long stored = 0;
    hd_store_committed(st, &stored, NULL);
    if (progress || cut_short || is.store_failed)
        fprintf(stderr, "%s%ld articles read in %.1fs: %ld stored, %ld already stored, %ld failed; the store holds %ld documents, %ld events, %ld mentions%s\n",
                is.tty && progress ? "\r" : "", is.docs, cli_now() - is.t0, stored, is.skipped, is.failed, stats.documents,
                stats.events, stats.mentions, cut_short ? " (interrupted: run again to complete)" : "");
    if (is.store_failed)
        fprintf(stderr, "herald ingest: %s: %s: %ld documents stored, run again when %s\n", db,
                is.store_failed == HD_STORE_FULL ? "disk full" : "the store failed", stored,
                is.store_failed == HD_STORE_FULL ? "there is space" : "the problem is fixed");
    if (hd_store_close(st) != 0)
        is.failed++;
    hd_gazetteer_free(gaz);
    hd_model_free(m);
    free(inputs);
    return cut_short ? 130 : (is.failed || is.store_failed) ? 1 : 0;
}

static void query_usage(FILE *f)
{
    fprintf(f, "usage: herald query DB [filters] [--format F] [--count-by K] [--limit N] [--offset N] [-o FILE]\n"
               "filters (all optional, combined with AND):\n"
               "  --from YYYY-MM-DD --to YYYY-MM-DD   event dates, inclusive\n"
               "  --country CC        ISO alpha-2 of the event's place, or alpha-3 of either actor\n"
               "  --actor CODE        source or target actor code prefix (RUS, SYRREB)\n"
               "  --code PREFIX       CAMEO event code prefix (19, 190)\n"
               "  --acled-type TYPE   ACLED event type or sub-event type\n"
               "  --near LAT,LON,KM   within KM of a point\n"
               "  --source OUTLET     reported by an outlet (its name, case-insensitive)\n"
               "  --text QUERY        SQLite FTS5 query over the reporting sentences\n"
               "  --story ID          first reported in this story (an article cluster, story_id)\n"
               "--format jsonl|csv|gdelt|gdelt-mentions|acled|plover (default jsonl); acled writes the\n"
               "  events of an ACLED type in ACLED's 31 columns, naming actors and places from\n"
               "  --model FILE and --gazetteer FILE (default: the built ones); plover writes the\n"
               "  events of a PLOVER type as PLOVER 2021 records (docs/plover-event.schema.json)\n"
               "--header            with gdelt and gdelt-mentions: the row of GDELT's column names first\n"
               "--count-by day|week|month|year|country|code|root|actor|outlet|acled|story\n"
               "                      counts instead of events (CSV with a header with --format csv)\n");
}

int cli_query(int argc, char **argv)
{
    hd_query q;
    memset(&q, 0, sizeof q);
    const char *db = NULL, *outpath = NULL, *model_path = NULL, *gazetteer = NULL;
    hd_store_format fmt = HD_STORE_JSONL;
    int header = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **dst = !strcmp(a, "--from") ? &q.from : !strcmp(a, "--to") ? &q.to
                           : !strcmp(a, "--country") ? &q.country : !strcmp(a, "--actor") ? &q.actor
                           : !strcmp(a, "--code") ? &q.code : !strcmp(a, "--acled-type") ? &q.acled_type
                           : !strcmp(a, "--source") ? &q.source : !strcmp(a, "--text") ? &q.text
                           : !strcmp(a, "--count-by") ? &q.count_by : !strcmp(a, "-o") ? &outpath
                           : !strcmp(a, "--model") ? &model_path : !strcmp(a, "--gazetteer") ? &gazetteer : NULL;
        if (dst && v) {
            *dst = v;
            i++;
        } else if (!strcmp(a, "--near") && v) {
            if (sscanf(v, "%lf,%lf,%lf", &q.near_lat, &q.near_lon, &q.near_km) != 3) {
                fprintf(stderr, "herald query: --near wants LAT,LON,KM, not '%s'\n", v);
                return 2;
            }
            q.near = 1;
            i++;
        } else if (!strcmp(a, "--story") && v) {
            long n;
            if (parse_long(v, 1, 1000000000L, &n) != 0) {
                fprintf(stderr, "herald query: --story wants a story id, not '%s'\n", v);
                return 2;
            }
            q.story = n;
            i++;
        } else if ((!strcmp(a, "--limit") || !strcmp(a, "--offset")) && v) {
            long n;
            if (parse_long(v, 0, 1000000000L, &n) != 0) {
                fprintf(stderr, "herald query: %s wants a number, not '%s'\n", a, v);
                return 2;
            }
            *(a[2] == 'l' ? &q.limit : &q.offset) = n;
            i++;
        } else if (!strcmp(a, "--format") && v) {
            static const char *const names[] = {"jsonl", "csv", "gdelt", "gdelt-mentions", "acled", "plover", NULL};
            int k = 0;
            while (names[k] && strcmp(names[k], v) != 0)
                k++;
            if (!names[k]) {
                fprintf(stderr, "herald query: unknown --format '%s'\n", v);
                return 2;
            }
            fmt = (hd_store_format)k;
            i++;
        } else if (!strcmp(a, "--header")) {
            header = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            query_usage(stdout);
            return 0;
        } else if (a[0] == '-' || db) {
            fprintf(stderr, "herald query: unexpected '%s'\n", a);
            query_usage(stderr);
            return 2;
        } else
            db = a;
    }
    if (!db) {
        query_usage(stderr);
        return 2;
    }
    char err[1024];
    if (access(db, R_OK) != 0) {
        fprintf(stderr, "herald query: %s: %s\n", db, strerror(errno));
        return 2;
    }
    hd_store *st = hd_store_open(db, 1, NULL, err, sizeof err);
    if (!st) {
        fprintf(stderr, "herald query: %s\n", err);
        return 2;
    }
    /* ACLED's and PLOVER's rows name actors, countries, modes and divisions from the
     * dictionary's tables and the gazetteer */
    hd_model *m = NULL;
    hd_gazetteer *gaz = NULL;
    if ((fmt == HD_STORE_ACLED || fmt == HD_STORE_PLOVER) && !(q.count_by && q.count_by[0])) {
        int gaz_failed = 0;
        if (!(m = cli_load_model(model_path, NULL)) || !(gaz = cli_load_gazetteer(gazetteer, model_path, &gaz_failed))) {
            hd_model_free(m);
            hd_store_close(st);
            return 2;
        }
        hd_store_set_model(st, m);
        hd_store_set_gazetteer(st, gaz);
    }
    FILE *out = stdout;
    if (outpath && !(out = fopen(outpath, "w"))) {
        fprintf(stderr, "herald query: %s: %s\n", outpath, strerror(errno));
        hd_store_close(st);
        hd_gazetteer_free(gaz);
        hd_model_free(m);
        return 2;
    }
    if (header && !(q.count_by && q.count_by[0]) && (fmt == HD_STORE_GDELT || fmt == HD_STORE_GDELT_MENTIONS))
        fputs(fmt == HD_STORE_GDELT ? hd_gdelt_events_header : hd_gdelt_mentions_header, out);
    long n = hd_store_query(st, &q, fmt, out);
    /* a filter to fix is a usage error (2); a store that fails is an error of the run (1) */
    int status = n >= 0 ? 0 : hd_store_last_status(st) == HD_STORE_INVALID ? 2 : 1;
    if (n < 0)
        fprintf(stderr, "herald query: %s%s\n", status == 1 ? "the store failed: " : "", hd_store_error(st));
    int write_failed = fflush(out) != 0;
    if (out != stdout)
        write_failed |= fclose(out) != 0;
    hd_store_close(st);
    hd_gazetteer_free(gaz);
    hd_model_free(m);
    return status ? status : write_failed ? 1 : 0;
}
