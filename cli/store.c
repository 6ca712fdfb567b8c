/* store.c: `herald ingest` (code articles into an event store, idempotently, with progress
 * and a clean stop on Ctrl-C) and `herald query` (filters, formats and counts over a store). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
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

static const char ingest_usage[] = "usage: herald ingest [options] DB INPUT...\n";

static const char ingest_help[] =
    "usage: herald ingest [options] DB INPUT...\n"
    "Codes articles and stores documents, events (each real-world event once, with the\n"
    "mentions that report it), actors, places, attributions and stories in the SQLite file DB\n"
    "(created when missing). Documents already stored (same id, URL or text) are skipped, so a\n"
    "run cut short is completed by running it again.\n"
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
    "  --progress / --no-progress   (default on: a bar on a terminal, else a line every 5 s)\n"
    "  -h, --help          this help\n"
    "\n"
    "EXAMPLES\n"
    "  herald ingest events.db corpus/allsides-world.jsonl\n"
    "  herald ingest -j 2 --date 2015-10-01 events.db articles/\n"
    "  herald ingest --events events.db partitions/*.jsonl\n"
    "\n"
    "EXIT STATUS\n"
    "  0  every input read and every document stored (or already stored)\n"
    "  1  an input or a record could not be read or coded (each named, the first 20 shown),\n"
    "     or the store failed (disk full: run again when there is space)\n"
    "  2  a usage error: an unknown option or value, no database or input, no input that\n"
    "     exists (the store is then not created), a model or store that does not open\n"
    "  130 interrupted (Ctrl-C): what was stored is kept; run again to complete\n";

/* What herald ingest has done so far, for its progress lines and final count. */
typedef struct ingest_state {
    hd_store *st;
    long docs, skipped, failed;
    hd_store_status store_failed; /* the store itself failed: nothing more can be stored */
    int progress, tty, single_input;
    double t0, last;
    cli_diags diags; /* bad records and inputs, shown up to a cap */
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
        cli_diag(&is->diags, "%s: document %s: %s", input, doc->id ? doc->id : "?", hd_store_error(is->st));
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
            cli_diag(&is->diags, "%s", job->read_error);
            is->failed++;
        }
        return 0;
    }
    if (job->warning)
        cli_diag(&is->diags, "%s", job->warning);
    if (job->error) {
        is->docs++;
        cli_diag(&is->diags, "%s: document %s: %s", job->input, job->doc.id ? job->doc.id : "?", job->error);
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
    cli_diags diags = {0, 0};
    for (int i = 0; i < ninputs && !store_failed; i++) {
        FILE *f = fopen(inputs[i], "r");
        if (!f) {
            cli_diag(&diags, "%s: %s", inputs[i], strerror(errno));
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
                cli_diag(&diags, "%s:%ld: %s", inputs[i], ln, hd_store_error(st));
                bad++;
                store_failed = hd_store_last_status(st) >= HD_STORE_FULL;
            } else
                stored_ev += rc;
        }
        free(line);
        fclose(f);
    }
    cli_diags_end(&diags);
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
            cli_diag(&is->diags, "%s", err);
            is->failed++;
            continue;
        }
        hd_doc doc;
        int rc = 1;
        while (!interrupted && !is->store_failed && (rc = hd_reader_next(r, &doc, err, sizeof err)) != 0) {
            if (rc < 0) {
                if (!interrupted) { /* a read cut by the signal is no failure of the input */
                    cli_diag(&is->diags, "%s", err);
                    is->failed++;
                }
                continue;
            }
            if (hd_reader_warning(r))
                cli_diag(&is->diags, "%s", hd_reader_warning(r));
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
    enum { O_MODEL = 256, O_GAZ, O_NOPLACES, O_DATE, O_INFMT, O_WINDOW, O_KM, O_STORYDAYS, O_STORYSIM, O_NOSTORIES,
           O_FULLCODE, O_BATCH, O_MINCONF, O_EVENTS, O_PROGRESS, O_NOPROGRESS };
    static const struct option options[] = {
        {"model", required_argument, NULL, O_MODEL},            {"gazetteer", required_argument, NULL, O_GAZ},
        {"no-places", no_argument, NULL, O_NOPLACES},           {"date", required_argument, NULL, O_DATE},
        {"input-format", required_argument, NULL, O_INFMT},    {"window-days", required_argument, NULL, O_WINDOW},
        {"max-km", required_argument, NULL, O_KM},              {"story-days", required_argument, NULL, O_STORYDAYS},
        {"story-similarity", required_argument, NULL, O_STORYSIM}, {"no-stories", no_argument, NULL, O_NOSTORIES},
        {"full-code", no_argument, NULL, O_FULLCODE},           {"batch", required_argument, NULL, O_BATCH},
        {"jobs", required_argument, NULL, 'j'},                 {"min-confidence", required_argument, NULL, O_MINCONF},
        {"events", no_argument, NULL, O_EVENTS},                {"progress", no_argument, NULL, O_PROGRESS},
        {"no-progress", no_argument, NULL, O_NOPROGRESS},       {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    long n;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":j:h", options, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case O_MODEL: model_path = optarg; break;
        case O_GAZ: gazetteer = optarg; break;
        case O_NOPLACES: places = 0; break;
        case O_DATE: bad = cli_date_arg("ingest", "--date", optarg); date = optarg; break;
        case O_INFMT:
            if (!strcmp(optarg, "auto")) infmt = HD_INPUT_AUTO;
            else if (!strcmp(optarg, "text")) infmt = HD_INPUT_TEXT;
            else if (!strcmp(optarg, "jsonl")) infmt = HD_INPUT_JSONL;
            else if (!strcmp(optarg, "html")) infmt = HD_INPUT_HTML;
            else {
                fprintf(stderr, "herald ingest: unknown --input-format '%s' (auto, text, jsonl or html)\n", optarg);
                bad = -1;
            }
            break;
        case O_WINDOW: bad = cli_long_arg("ingest", "--window-days", optarg, 0, 365, &n); so.window_days = (int)n; break;
        case O_KM: bad = cli_double_arg("ingest", "--max-km", optarg, 0, 20000, &so.max_km); break;
        case O_STORYDAYS: bad = cli_long_arg("ingest", "--story-days", optarg, 0, 365, &n); so.story_days = (int)n; break;
        case O_STORYSIM:
            bad = cli_double_arg("ingest", "--story-similarity", optarg, 0.01, 1, &so.story_similarity);
            break;
        case O_NOSTORIES: so.story_similarity = HD_NO_STORIES; break;
        case O_FULLCODE: so.full_code = 1; break;
        case O_BATCH: bad = cli_long_arg("ingest", "--batch", optarg, 1, 1000000, &n); so.batch_docs = (int)n; break;
        case 'j': bad = cli_long_arg("ingest", "--jobs", optarg, 1, 64, &n); jobs = (int)n; break;
        case O_MINCONF: bad = cli_double_arg("ingest", "--min-confidence", optarg, 0, 1, &opt.min_confidence); break;
        case O_EVENTS: events_in = 1; break;
        case O_PROGRESS: progress = 1; break;
        case O_NOPROGRESS: progress = 0; break;
        case 'h': fputs(ingest_help, stdout); return 0;
        default: return cli_option_error("ingest", c, argv, ingest_usage);
        }
        if (bad)
            return 2;
    }
    if (argc - optind < 2) {
        fprintf(stderr, "herald ingest: give a database and at least one input\n");
        return cli_bad_option("ingest", ingest_usage);
    }
    db = argv[optind];
    char **inputs = argv + optind + 1;
    int ninputs = argc - optind - 1;
    /* an input that is not there is named now; with none there, no store is created */
    int present = 0;
    for (int i = 0; i < ninputs; i++) {
        if (!strcmp(inputs[i], "-") || access(inputs[i], R_OK) == 0)
            present++;
        else
            fprintf(stderr, "herald ingest: %s: %s\n", inputs[i], strerror(errno));
    }
    if (!present) {
        fprintf(stderr, "herald ingest: no input to read; %s was not created or changed\n", db);
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
        return 2;
    }
    if (events_in) {
        int rc = ingest_event_records(st, inputs, ninputs, progress);
        hd_gazetteer_free(gaz);
        hd_model_free(m);
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
    cli_diags_end(&is.diags);
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
    return cut_short ? 130 : (is.failed || is.store_failed) ? 1 : 0;
}

static const char query_usage[] = "usage: herald query DB [filters] [--format F] [--count-by K] [--limit N] [-o FILE]\n";

static const char query_help[] =
    "usage: herald query DB [filters] [--format F] [--count-by K] [--limit N] [--offset N] [-o FILE]\n"
    "Writes the events of a store (herald ingest) that match every filter, newest first, or\n"
    "counts of them.\n"
    "\n"
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
    "  --placed            only events with a place (what a map can show)\n"
    "output:\n"
    "  --format jsonl|csv|gdelt|gdelt-mentions|acled|plover|geojson (default jsonl); geojson is\n"
    "    one FeatureCollection, a Point per event (none when unplaced); acled writes the\n"
    "    events of an ACLED type in ACLED's 31 columns, plover the events of a PLOVER type as\n"
    "    PLOVER 2021 records (docs/plover-event.schema.json); both name actors, countries and\n"
    "    divisions from --model FILE and --gazetteer FILE (default: the built ones)\n"
    "  --header            with gdelt and gdelt-mentions: the row of GDELT's column names first\n"
    "  --count-by day|week|month|year|country|code|root|actor|outlet|acled|story\n"
    "                      counts instead of events (CSV with a header with --format csv)\n"
    "  --limit N, --offset N   a page of the events (or of the counts)\n"
    "  -o, --output FILE   write to FILE instead of stdout\n"
    "  -h, --help          this help\n"
    "\n"
    "EXAMPLES\n"
    "  herald query events.db --country SY --code 19 --from 2015-10-01 --limit 20\n"
    "  herald query events.db --format=acled -o acled.csv\n"
    "  herald query events.db --count-by week --format csv\n"
    "  herald query events.db --near 36.2,37.1,50 --text 'airstrike OR shelling'\n"
    "\n"
    "EXIT STATUS\n"
    "  0  the events or counts were written\n"
    "  1  the store failed while reading, or writing the output failed\n"
    "  2  a usage error: an unknown option, a bad filter value, a store that does not open\n";

int cli_query(int argc, char **argv)
{
    hd_query q;
    memset(&q, 0, sizeof q);
    const char *db = NULL, *outpath = NULL, *model_path = NULL, *gazetteer = NULL;
    hd_store_format fmt = HD_STORE_JSONL;
    int header = 0;
    enum { O_FROM = 256, O_TO, O_COUNTRY, O_ACTOR, O_CODE, O_ACLED, O_NEAR, O_SOURCE, O_TEXT, O_STORY, O_FORMAT,
           O_HEADER, O_COUNTBY, O_LIMIT, O_OFFSET, O_MODEL, O_GAZ, O_PLACED };
    static const struct option options[] = {
        {"from", required_argument, NULL, O_FROM},        {"to", required_argument, NULL, O_TO},
        {"country", required_argument, NULL, O_COUNTRY},  {"actor", required_argument, NULL, O_ACTOR},
        {"code", required_argument, NULL, O_CODE},        {"acled-type", required_argument, NULL, O_ACLED},
        {"near", required_argument, NULL, O_NEAR},        {"source", required_argument, NULL, O_SOURCE},
        {"text", required_argument, NULL, O_TEXT},        {"story", required_argument, NULL, O_STORY},
        {"format", required_argument, NULL, O_FORMAT},    {"header", no_argument, NULL, O_HEADER},
        {"count-by", required_argument, NULL, O_COUNTBY}, {"limit", required_argument, NULL, O_LIMIT},
        {"offset", required_argument, NULL, O_OFFSET},    {"model", required_argument, NULL, O_MODEL},
        {"gazetteer", required_argument, NULL, O_GAZ},    {"output", required_argument, NULL, 'o'},
        {"placed", no_argument, NULL, O_PLACED},          {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"jsonl", "csv", "gdelt", "gdelt-mentions", "acled", "plover", "geojson", NULL};
    int c, k;
    long n;
    char extra;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case O_FROM: bad = cli_date_arg("query", "--from", optarg); q.from = optarg; break;
        case O_TO: bad = cli_date_arg("query", "--to", optarg); q.to = optarg; break;
        case O_COUNTRY: q.country = optarg; break;
        case O_ACTOR: q.actor = optarg; break;
        case O_CODE: q.code = optarg; break;
        case O_ACLED: q.acled_type = optarg; break;
        case O_NEAR:
            if (sscanf(optarg, "%lf,%lf,%lf%c", &q.near_lat, &q.near_lon, &q.near_km, &extra) != 3) {
                fprintf(stderr, "herald query: --near wants LAT,LON,KM (e.g. 36.2,37.1,50), not '%.60s'\n", optarg);
                bad = -1;
            }
            q.near = 1;
            break;
        case O_SOURCE: q.source = optarg; break;
        case O_TEXT: q.text = optarg; break;
        case O_STORY: bad = cli_long_arg("query", "--story", optarg, 1, 1000000000L, &n); q.story = n; break;
        case O_PLACED: q.placed = 1; break;
        case O_FORMAT:
            for (k = 0; formats[k] && strcmp(formats[k], optarg) != 0; k++)
                ;
            if (!formats[k]) {
                fprintf(stderr, "herald query: unknown --format '%.60s' (jsonl, csv, gdelt, gdelt-mentions, acled, "
                                "plover or geojson)\n", optarg);
                bad = -1;
            }
            fmt = (hd_store_format)k;
            break;
        case O_HEADER: header = 1; break;
        case O_COUNTBY: q.count_by = optarg; break;
        case O_LIMIT: bad = cli_long_arg("query", "--limit", optarg, 0, 1000000000L, &q.limit); break;
        case O_OFFSET: bad = cli_long_arg("query", "--offset", optarg, 0, 1000000000L, &q.offset); break;
        case O_MODEL: model_path = optarg; break;
        case O_GAZ: gazetteer = optarg; break;
        case 'o': outpath = optarg; break;
        case 'h': fputs(query_help, stdout); return 0;
        default: return cli_option_error("query", c, argv, query_usage);
        }
        if (bad)
            return 2;
    }
    if (argc - optind != 1) {
        fprintf(stderr, "herald query: %s\n", argc == optind ? "no store given" : "one store, then options");
        return cli_bad_option("query", query_usage);
    }
    db = argv[optind];
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
     * dictionary's tables and the gazetteer; GDELT's split actor codes by the dictionary's */
    hd_model *m = NULL;
    hd_gazetteer *gaz = NULL;
    int counting = q.count_by && q.count_by[0];
    int names_places = fmt == HD_STORE_ACLED || fmt == HD_STORE_PLOVER;
    if ((names_places || fmt == HD_STORE_GDELT) && !counting) {
        int gaz_failed = 0;
        if (!(m = cli_load_model(model_path, NULL)) ||
            (names_places && !(gaz = cli_load_gazetteer(gazetteer, model_path, &gaz_failed)))) {
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
    if (header && !counting && (fmt == HD_STORE_GDELT || fmt == HD_STORE_GDELT_MENTIONS))
        fputs(fmt == HD_STORE_GDELT ? hd_gdelt_events_header : hd_gdelt_mentions_header, out);
    long rows = hd_store_query(st, &q, fmt, out);
    /* a filter to fix is a usage error (2); a store that fails is an error of the run (1) */
    int status = rows >= 0 ? 0 : hd_store_last_status(st) == HD_STORE_INVALID ? 2 : 1;
    if (rows < 0)
        fprintf(stderr, "herald query: %s%s\n", status == 1 ? "the store failed: " : "", hd_store_error(st));
    int write_failed = fflush(out) != 0;
    if (out != stdout)
        write_failed |= fclose(out) != 0;
    hd_store_close(st);
    hd_gazetteer_free(gaz);
    hd_model_free(m);
    return status ? status : write_failed ? 1 : 0;
}
