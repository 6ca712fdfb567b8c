/* herald.c: the herald command line: a thin layer over libherald that reads inputs, codes
 * them and writes events. Bad records are reported on stderr and skipped; the exit status
 * is 1 when any record failed, 2 on usage errors. main() dispatches to the commands: code,
 * explain, classify and info here, parse, ingest, query and serve in files of their own; what
 * they share is in cli.c, which no command needs this file for. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <getopt.h>
#include <unistd.h>

#include "cli.h"
#include "herald.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: herald COMMAND [options] ...\n"
            "  herald code [options] INPUT...      code articles into events (JSON Lines or GDELT)\n"
            "  herald ingest [options] DB INPUT... code articles into an event store (SQLite)\n"
            "  herald query DB [filters]           events of a store: JSON Lines, CSV, GDELT, ACLED,\n"
            "                                      PLOVER, or counts\n"
            "  herald serve DB [--port N]          JSON API and dashboard over a store\n"
            "  herald explain [--date D] TEXT...   show how a text is read and coded\n"
            "  herald classify FILE.tsv            one CASE 2021 label per id<TAB>text line\n"
            "  herald parse INPUT...               sentences, tags and dependency trees (CoNLL-U)\n"
            "  herald info [--model FILE]          describe the dictionary model\n"
            "  herald version\n"
            "\n"
            "herald COMMAND --help gives a command's options, examples and exit status; man herald\n"
            "the whole manual. INPUT is a file (plain text, JSON Lines or HTML), a directory (read\n"
            "recursively) or - for stdin.\n"
            "\n"
            "EXIT STATUS\n"
            "  0 success, 1 a record, an input or the store failed (the rest was done), 2 a usage\n"
            "  error (an unknown command or option, a bad value, a model or store that does not open)\n");
}

typedef struct sink_state {
    FILE *out;
    hd_format fmt;
    int entities; /* write one entities record per document instead of events */
    long events;
    int write_failed;
} sink_state;

static int sink(void *user, const hd_event *ev)
{
    sink_state *st = user;
    if (!st->entities && hd_event_write(ev, st->fmt, st->out) != 0) {
        st->write_failed = 1;
        return 1;
    }
    st->events++;
    return 0;
}

static const char code_usage[] = "usage: herald code [options] INPUT...\n";

static const char code_help[] =
    "usage: herald code [options] INPUT...\n"
    "Codes news articles into events: who did what to whom, where, when, according to whom.\n"
    "INPUT is a file (plain text, JSON Lines or HTML), a directory (read recursively) or -\n"
    "for stdin. Events are written one JSON object a line (or GDELT 2.0 rows) in input order.\n"
    "\n"
    "options:\n"
    "  --model FILE            dictionary image (default: $HERALD_MODEL or the built one)\n"
    "  --petrarch-dicts DIR    use PETRARCH/TABARI dictionaries from DIR instead of herald's\n"
    "  --gazetteer FILE        place table (default: $HERALD_GAZETTEER or herald.hdg beside the model)\n"
    "  --no-places             leave events without a location\n"
    "  --format jsonl|gdelt    output format (default jsonl)\n"
    "  --header                with gdelt: the row of GDELT's 61 column names first\n"
    "  --input-format auto|text|jsonl|html\n"
    "  --date YYYY-MM-DD       publication date for inputs that carry none (and for records\n"
    "                          whose own date is no date, with a warning)\n"
    "  --no-negated            leave out negated events\n"
    "  --min-confidence P      leave out events less likely than P (0-1) to have happened,\n"
    "                          as the trained confidence classifier judges (default 0.5;\n"
    "                          0 keeps every event, each with its confidence)\n"
    "  --actorless             also write events that name neither a source nor a target\n"
    "  -j, --jobs N            code on N threads sharing one model (output in input order)\n"
    "  --entities              write one record per document instead of events: persons,\n"
    "                          organizations, places, counts, quotations and tone\n"
    "  --progress / --no-progress   progress on stderr (default: when stderr is a terminal)\n"
    "  -o, --output FILE       write events to FILE instead of stdout\n"
    "  -h, --help              this help\n"
    "\n"
    "EXAMPLES\n"
    "  herald code examples/aerial-campaign.jsonl\n"
    "  herald code --date 2015-10-01 article.txt\n"
    "  herald code -j 2 --format=gdelt --header corpus/ -o events.tsv\n"
    "  cat articles.jsonl | herald code --min-confidence 0 -\n"
    "\n"
    "EXIT STATUS\n"
    "  0  every input and record was read and coded\n"
    "  1  an input or a record could not be (each named on stderr, the first 20 shown);\n"
    "     the others were coded\n"
    "  2  a usage error: an unknown option, a bad value, no input, a model that does not load\n";

static int cmd_code(int argc, char **argv)
{
    const char *model_path = NULL, *petrarch = NULL, *date = NULL, *outpath = NULL, *gazetteer = NULL;
    int places = 1;
    hd_format fmt = HD_FORMAT_JSONL;
    int header = 0;
    hd_input_format infmt = HD_INPUT_AUTO;
    int progress = isatty(2), negated = 1, entities = 0, jobs = 1, actorless = 0;
    double min_confidence = HD_DEFAULT_MIN_CONFIDENCE;
    enum { O_MODEL = 256, O_PETRARCH, O_GAZ, O_NOPLACES, O_FORMAT, O_HEADER, O_INFMT, O_DATE, O_NONEG, O_MINCONF,
           O_ACTORLESS, O_UNORDERED, O_ENTITIES, O_PROGRESS, O_NOPROGRESS };
    static const struct option options[] = {
        {"model", required_argument, NULL, O_MODEL},          {"petrarch-dicts", required_argument, NULL, O_PETRARCH},
        {"gazetteer", required_argument, NULL, O_GAZ},        {"no-places", no_argument, NULL, O_NOPLACES},
        {"format", required_argument, NULL, O_FORMAT},        {"header", no_argument, NULL, O_HEADER},
        {"input-format", required_argument, NULL, O_INFMT},  {"date", required_argument, NULL, O_DATE},
        {"no-negated", no_argument, NULL, O_NONEG},           {"min-confidence", required_argument, NULL, O_MINCONF},
        {"actorless", no_argument, NULL, O_ACTORLESS},        {"jobs", required_argument, NULL, 'j'},
        {"unordered", no_argument, NULL, O_UNORDERED},        {"entities", no_argument, NULL, O_ENTITIES},
        {"progress", no_argument, NULL, O_PROGRESS},          {"no-progress", no_argument, NULL, O_NOPROGRESS},
        {"output", required_argument, NULL, 'o'},             {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int opt_c;
    long n;
    optind = 1;
    opterr = 0;
    while ((opt_c = getopt_long(argc, argv, ":j:o:h", options, NULL)) != -1) {
        switch (opt_c) {
        case O_MODEL: model_path = optarg; break;
        case O_PETRARCH: petrarch = optarg; break;
        case O_GAZ: gazetteer = optarg; break;
        case O_NOPLACES: places = 0; break;
        case O_FORMAT:
            if (!strcmp(optarg, "jsonl") || !strcmp(optarg, "json"))
                fmt = HD_FORMAT_JSONL;
            else if (!strcmp(optarg, "gdelt"))
                fmt = HD_FORMAT_GDELT;
            else {
                fprintf(stderr, "herald code: unknown --format '%s' (jsonl or gdelt)\n", optarg);
                return 2;
            }
            break;
        case O_HEADER: header = 1; break;
        case O_INFMT:
            if (!strcmp(optarg, "auto")) infmt = HD_INPUT_AUTO;
            else if (!strcmp(optarg, "text")) infmt = HD_INPUT_TEXT;
            else if (!strcmp(optarg, "jsonl")) infmt = HD_INPUT_JSONL;
            else if (!strcmp(optarg, "html")) infmt = HD_INPUT_HTML;
            else {
                fprintf(stderr, "herald code: unknown --input-format '%s' (auto, text, jsonl or html)\n", optarg);
                return 2;
            }
            break;
        case O_DATE:
            if (cli_date_arg("code", "--date", optarg) != 0)
                return 2;
            date = optarg;
            break;
        case O_NONEG: negated = 0; break;
        case O_MINCONF:
            if (cli_double_arg("code", "--min-confidence", optarg, 0, 1, &min_confidence) != 0)
                return 2;
            break;
        case O_ACTORLESS: actorless = 1; break;
        case 'j':
            if (cli_long_arg("code", "--jobs", optarg, 1, 64, &n) != 0)
                return 2;
            jobs = (int)n;
            break;
        case O_UNORDERED: break; /* accepted for scripts; the output is in input order at no cost */
        case O_ENTITIES: entities = 1; break;
        case O_PROGRESS: progress = 1; break;
        case O_NOPROGRESS: progress = 0; break;
        case 'o': outpath = optarg; break;
        case 'h': fputs(code_help, stdout); return 0;
        default: return cli_option_error("code", opt_c, argv, code_usage);
        }
    }
    char **inputs = argv + optind;
    int ninputs = argc - optind;
    if (ninputs == 0) {
        fprintf(stderr, "herald code: no input given\n");
        return cli_bad_option("code", code_usage);
    }
    hd_model *m = cli_load_model(model_path, petrarch);
    if (!m) {
        return 2;
    }
    FILE *out = stdout;
    if (outpath && !(out = fopen(outpath, "w"))) {
        fprintf(stderr, "herald: %s: %s\n", outpath, strerror(errno));
        hd_model_free(m);
        return 2;
    }
    int gaz_failed = 0;
    hd_gazetteer *gaz = places ? cli_load_gazetteer(gazetteer, model_path, &gaz_failed) : NULL;
    if (gaz_failed) {
        if (out != stdout)
            fclose(out);
        hd_model_free(m);
        return 2;
    }
    hd_coder *c = hd_coder_new(m);
    hd_options opt = {.emit_negated = negated, .entities = entities, .emit_actorless = actorless,
                      .min_confidence = min_confidence};
    hd_coder_set_options(c, &opt);
    hd_coder_set_gazetteer(c, gaz);
    sink_state st = {out, fmt, entities, 0, 0};
    if (header && fmt == HD_FORMAT_GDELT && !entities)
        fputs(hd_gdelt_events_header, out);
    long docs = 0, failed = 0;
    double t0 = cli_now(), last = t0;
    cli_diags diags = {0, 0};
    if (jobs > 1 &&
        cli_code_parallel(m, gaz, &opt, fmt, entities, jobs, inputs, ninputs, infmt, date, out, &docs, &st.events,
                          &failed, &diags) != 0)
        st.write_failed = 1;
    for (int i = 0; i < ninputs && !st.write_failed && jobs <= 1; i++) {
        char err[1024];
        hd_reader *r = hd_reader_open(inputs[i], infmt, date, err, sizeof err);
        if (!r) {
            cli_diag(&diags, "%s", err);
            failed++;
            continue;
        }
        hd_doc doc;
        int rc;
        while ((rc = hd_reader_next(r, &doc, err, sizeof err)) != 0 && !st.write_failed) {
            if (rc < 0) {
                cli_diag(&diags, "%s", err);
                failed++;
                continue;
            }
            if (hd_reader_warning(r))
                cli_diag(&diags, "%s", hd_reader_warning(r));
            if (hd_code_document(c, &doc, sink, &st) < 0) {
                cli_diag(&diags, "%s: document %s: %s", inputs[i], doc.id ? doc.id : "?", hd_coder_error(c));
                failed++;
            } else if (entities && hd_entities_write(hd_coder_entities(c), out) != 0)
                st.write_failed = 1;
            docs++;
            if (progress && cli_now() - last > 0.5) {
                size_t done, total;
                hd_reader_progress(r, &done, &total);
                double el = cli_now() - t0;
                double rate = el > 0 ? docs / el : 0;
                if (total > 0 && done > 0)
                    fprintf(stderr, "\r%ld articles, %.0f/s, %ld events, %.0f%%, ETA %.0fs   ", docs, rate, st.events,
                            100.0 * done / total, el * (double)(total - done) / (double)done);
                else
                    fprintf(stderr, "\r%ld articles, %.0f/s, %ld events   ", docs, rate, st.events);
                last = cli_now();
            }
        }
        hd_reader_close(r);
    }
    cli_diags_end(&diags);
    if (progress)
        fprintf(stderr, "\r%ld articles, %ld events, %ld failed records in %.1fs\n", docs, st.events, failed, cli_now() - t0);
    if (fflush(out) != 0 || st.write_failed) {
        fprintf(stderr, "herald: writing events failed: %s\n", strerror(errno));
        failed++;
    }
    if (out != stdout)
        fclose(out);
    hd_coder_free(c);
    hd_gazetteer_free(gaz);
    hd_model_free(m);
    return failed ? 1 : 0;
}

static const char explain_usage[] = "usage: herald explain [--model FILE] [--date YYYY-MM-DD] TEXT...\n";

static const char explain_help[] =
    "usage: herald explain [--model FILE] [--petrarch-dicts DIR] [--date YYYY-MM-DD] TEXT...\n"
    "Shows how herald reads and codes a text (its words joined by spaces): each sentence's\n"
    "tokens and tags, chunks, dependency tree and date, the places found, and each event with\n"
    "the rule that coded it.\n"
    "\n"
    "options:\n"
    "  --model FILE            dictionary image (default: $HERALD_MODEL or the built one)\n"
    "  --petrarch-dicts DIR    PETRARCH/TABARI dictionaries instead of herald's\n"
    "  --date YYYY-MM-DD       the text's publication date (relative dates resolve against it)\n"
    "  -h, --help              this help\n"
    "\n"
    "A text that begins with '-' follows '--' (herald explain -- \"- Troops left.\").\n"
    "\n"
    "EXAMPLES\n"
    "  herald explain --date 2015-10-01 \"Russian jets struck Hama on Wednesday.\"\n"
    "  herald explain \"Protesters marched in Nairobi.\" | grep EVENT\n"
    "\n"
    "EXIT STATUS\n"
    "  0  the text was read and explained\n"
    "  1  the text is not valid UTF-8\n"
    "  2  a usage error: no text, an unknown option, a bad date, a model that does not load\n";

static int cmd_explain(int argc, char **argv)
{
    const char *model_path = NULL, *petrarch = NULL, *date = NULL;
    char *text = NULL;
    size_t len = 0;
    enum { O_MODEL = 256, O_PETRARCH, O_DATE };
    static const struct option options[] = {{"model", required_argument, NULL, O_MODEL},
                                            {"petrarch-dicts", required_argument, NULL, O_PETRARCH},
                                            {"date", required_argument, NULL, O_DATE},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case O_MODEL: model_path = optarg; break;
        case O_PETRARCH: petrarch = optarg; break;
        case O_DATE:
            if (cli_date_arg("explain", "--date", optarg) != 0)
                return 2;
            date = optarg;
            break;
        case 'h': fputs(explain_help, stdout); return 0;
        default: return cli_option_error("explain", c, argv, explain_usage);
        }
    }
    for (int i = optind; i < argc; i++) {
        size_t n = strlen(argv[i]);
        char *t = realloc(text, len + n + 2);
        if (!t) {
            free(text);
            return 1;
        }
        text = t;
        memcpy(text + len, argv[i], n);
        len += n;
        text[len++] = ' ';
        text[len] = '\0';
    }
    if (!text) {
        fprintf(stderr, "herald explain: no text given\n");
        return cli_bad_option("explain", explain_usage);
    }
    hd_model *m = cli_load_model(model_path, petrarch);
    if (!m) {
        free(text);
        return 2;
    }
    int gaz_failed = 0;
    hd_gazetteer *gaz = cli_load_gazetteer(NULL, model_path, &gaz_failed);
    int rc = hd_explain(m, gaz, text, len, date, stdout);
    hd_gazetteer_free(gaz);
    hd_model_free(m);
    free(text);
    if (rc != 0)
        fprintf(stderr, "herald: the text is not valid UTF-8\n");
    return rc ? 1 : 0;
}

static const char classify_usage[] = "usage: herald classify [--model FILE] [--date YYYY-MM-DD] FILE.tsv|-\n";

static const char classify_help[] =
    "usage: herald classify [--model FILE] [--petrarch-dicts DIR] [--date YYYY-MM-DD] FILE.tsv|-\n"
    "Gives each snippet of a tab-separated file (id<TAB>text, an optional third column and a\n"
    "header line ignored) its CASE 2021 task 2 label: \"id<TAB>LABEL\" lines on stdout.\n"
    "\n"
    "options:\n"
    "  --model FILE            dictionary image (default: $HERALD_MODEL or the built one)\n"
    "  --petrarch-dicts DIR    PETRARCH/TABARI dictionaries instead of herald's\n"
    "  --date YYYY-MM-DD       the snippets' publication date\n"
    "  -h, --help              this help\n"
    "\n"
    "EXAMPLES\n"
    "  herald classify snippets.tsv > labels.tsv\n"
    "  printf 'a1\\tPolice fired tear gas at protesters.\\n' | herald classify -\n"
    "\n"
    "EXIT STATUS\n"
    "  0  every line was classified\n"
    "  1  a line could not be (named on stderr; it is labelled OTHER or left out)\n"
    "  2  a usage error: no file, an unknown option, a bad date, an unreadable file or model\n";

/* herald classify: "id<TAB>text[<TAB>gold]" lines in, "id<TAB>LABEL" lines out, one per
 * snippet; a header line ("id<TAB>...") is skipped. */
static int cmd_classify(int argc, char **argv)
{
    const char *model_path = NULL, *petrarch = NULL, *date = NULL, *input = NULL;
    enum { O_MODEL = 256, O_PETRARCH, O_DATE };
    static const struct option options[] = {{"model", required_argument, NULL, O_MODEL},
                                            {"petrarch-dicts", required_argument, NULL, O_PETRARCH},
                                            {"date", required_argument, NULL, O_DATE},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    int o;
    optind = 1;
    opterr = 0;
    while ((o = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (o) {
        case O_MODEL: model_path = optarg; break;
        case O_PETRARCH: petrarch = optarg; break;
        case O_DATE:
            if (cli_date_arg("classify", "--date", optarg) != 0)
                return 2;
            date = optarg;
            break;
        case 'h': fputs(classify_help, stdout); return 0;
        default: return cli_option_error("classify", o, argv, classify_usage);
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "herald classify: %s\n", argc == optind ? "no file given" : "one file, not several");
        return cli_bad_option("classify", classify_usage);
    }
    input = argv[optind];
    FILE *in = strcmp(input, "-") == 0 ? stdin : fopen(input, "r");
    if (!in) {
        fprintf(stderr, "herald: %s: %s\n", input, strerror(errno));
        return 2;
    }
    hd_model *m = cli_load_model(model_path, petrarch);
    if (!m) {
        if (in != stdin)
            fclose(in);
        return 2;
    }
    hd_coder *c = hd_coder_new(m);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long ln = 0, failed = 0;
    cli_diags diags = {0, 0};
    while ((len = getline(&line, &cap, in)) > 0) {
        ln++;
        hd_doc doc;
        const char *why;
        int got = hd_snippet_parse(line, (size_t)len, ln, &doc, &why);
        if (got < 0) {
            cli_diag(&diags, "%s:%ld: %s", input, ln, why);
            failed++;
            continue;
        }
        if (got == 0)
            continue;
        doc.date = date;
        const char *label = hd_classify_document(c, &doc);
        if (!label) {
            cli_diag(&diags, "%s:%ld: %s", input, ln, hd_coder_error(c));
            failed++;
            label = "OTHER";
        }
        printf("%s\t%s\n", doc.id, label);
    }
    cli_diags_end(&diags);
    free(line);
    if (in != stdin)
        fclose(in);
    hd_coder_free(c);
    hd_model_free(m);
    return failed ? 1 : 0;
}

static const char info_usage[] = "usage: herald info [--model FILE] [--petrarch-dicts DIR]\n";

static const char info_help[] =
    "usage: herald info [--model FILE] [--petrarch-dicts DIR]\n"
    "Loads the dictionary model and describes it, \"name<TAB>value\" a line: the time it took\n"
    "to load, its size, and how many words, phrases, actors, agents, verb blocks, patterns,\n"
    "event nouns and CAMEO codes it holds.\n"
    "\n"
    "options:\n"
    "  --model FILE            dictionary image (default: $HERALD_MODEL or the built one)\n"
    "  --petrarch-dicts DIR    PETRARCH/TABARI dictionaries instead of herald's\n"
    "  -h, --help              this help\n"
    "\n"
    "EXAMPLES\n"
    "  herald info\n"
    "  herald info --petrarch-dicts ../shared/petrarch2/dictionaries\n"
    "\n"
    "EXIT STATUS\n"
    "  0  the model loaded\n"
    "  2  a usage error, or a model that does not load\n";

static int cmd_info(int argc, char **argv)
{
    const char *model_path = NULL, *petrarch = NULL;
    enum { O_MODEL = 256, O_PETRARCH };
    static const struct option options[] = {{"model", required_argument, NULL, O_MODEL},
                                            {"petrarch-dicts", required_argument, NULL, O_PETRARCH},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case O_MODEL: model_path = optarg; break;
        case O_PETRARCH: petrarch = optarg; break;
        case 'h': fputs(info_help, stdout); return 0;
        default: return cli_option_error("info", c, argv, info_usage);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "herald info: unexpected '%s'\n", argv[optind]);
        return cli_bad_option("info", info_usage);
    }
    double t0 = cli_now();
    hd_model *m = cli_load_model(model_path, petrarch);
    double t1 = cli_now();
    if (!m)
        return 2;
    hd_model_stats s;
    hd_model_get_stats(m, &s);
    printf("load_ms\t%.2f\nimage_bytes\t%zu\nwords\t%zu\nphrases\t%zu\nactors\t%zu\nagents\t%zu\n"
           "verb_blocks\t%zu\npatterns\t%zu\nevent_nouns\t%zu\ncameo_codes\t%zu\n",
           (t1 - t0) * 1000, s.image_bytes, s.words, s.phrases, s.actors, s.agents, s.verbs, s.patterns, s.nouns,
           s.cameo_codes);
    hd_model_free(m);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "code"))
        return cmd_code(argc - 1, argv + 1);
    if (!strcmp(argv[1], "classify"))
        return cmd_classify(argc - 1, argv + 1);
    if (!strcmp(argv[1], "explain"))
        return cmd_explain(argc - 1, argv + 1);
    if (!strcmp(argv[1], "parse"))
        return cli_parse(argc - 1, argv + 1);
    if (!strcmp(argv[1], "info"))
        return cmd_info(argc - 1, argv + 1);
    if (!strcmp(argv[1], "ingest"))
        return cli_ingest(argc - 1, argv + 1);
    if (!strcmp(argv[1], "query"))
        return cli_query(argc - 1, argv + 1);
    if (!strcmp(argv[1], "serve"))
        return cli_serve(argc - 1, argv + 1);
    if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
        printf("herald %s\n", HERALD_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "herald: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
