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
#include <unistd.h>

#include "cli.h"
#include "herald.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: herald code [options] INPUT...    code articles into events\n"
            "       herald classify FILE.tsv           one CASE 2021 label per id<TAB>text line\n"
            "       herald explain [--date D] TEXT...  show how a text is read and coded\n"
            "       herald parse [--format conllu] INPUT...  sentences, tags and dependency trees\n"
            "       herald ingest [options] DB INPUT...  code articles into an event store (SQLite)\n"
            "       herald query DB [filters]          events of a store (herald query --help)\n"
            "       herald serve DB [--port N]         JSON API and dashboard over a store\n"
            "       herald info [--model FILE]         describe the dictionary model\n"
            "       herald version\n"
            "\n"
            "INPUT is a file (plain text, JSON Lines or HTML), a directory (read recursively)\n"
            "or - for stdin.\n"
            "\n"
            "options:\n"
            "  --model FILE            dictionary image (default: $HERALD_MODEL or the built one)\n"
            "  --petrarch-dicts DIR    use PETRARCH/TABARI dictionaries from DIR instead of herald's\n"
            "  --gazetteer FILE        place table (default: $HERALD_GAZETTEER or herald.hdg beside the model)\n"
            "  --no-places             leave events without a location\n"
            "  --format jsonl|gdelt    output format (default jsonl)\n"
            "  --header                with gdelt: the row of GDELT's 61 column names first\n"
            "  --input-format auto|text|jsonl|html\n"
            "  --date YYYY-MM-DD       publication date for inputs that carry none\n"
            "  --no-negated            leave out negated events\n"
            "  --min-confidence P      leave out events less likely than P (0-1) to have happened,\n"
            "                          as the trained confidence classifier judges (default 0.5;\n"
            "                          0 keeps every event, each with its confidence)\n"
            "  --actorless             also write events that name neither a source nor a target\n"
            "  -j, --jobs N            code on N threads sharing one model (output in input order)\n"
            "  --entities              write one record per document instead of events: persons,\n"
            "                          organizations, places, counts, quotations and tone\n"
            "  --progress / --no-progress   progress on stderr (default: when stderr is a terminal)\n"
            "  -o FILE                 write events to FILE instead of stdout\n");
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

static int cmd_code(int argc, char **argv)
{
    const char *model_path = NULL, *petrarch = NULL, *date = NULL, *outpath = NULL, *gazetteer = NULL;
    int places = 1;
    hd_format fmt = HD_FORMAT_JSONL;
    int header = 0;
    hd_input_format infmt = HD_INPUT_AUTO;
    int progress = isatty(2), negated = 1, entities = 0, jobs = 1, actorless = 0;
    double min_confidence = HD_DEFAULT_MIN_CONFIDENCE;
    char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    int ninputs = 0;
    if (!inputs)
        return 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
#define NEED_ARG()                                                                                 \
    do {                                                                                           \
        if (i + 1 >= argc) {                                                                       \
            fprintf(stderr, "herald: %s needs a value\n", a);                                      \
            free(inputs);                                                                          \
            return 2;                                                                              \
        }                                                                                          \
    } while (0)
        if (!strcmp(a, "--model")) {
            NEED_ARG();
            model_path = argv[++i];
        } else if (!strcmp(a, "--petrarch-dicts")) {
            NEED_ARG();
            petrarch = argv[++i];
        } else if (!strcmp(a, "--gazetteer")) {
            NEED_ARG();
            gazetteer = argv[++i];
        } else if (!strcmp(a, "--no-places")) {
            places = 0;
        } else if (!strcmp(a, "--date")) {
            NEED_ARG();
            date = argv[++i];
        } else if (!strcmp(a, "-o")) {
            NEED_ARG();
            outpath = argv[++i];
        } else if (!strcmp(a, "--format")) {
            NEED_ARG();
            const char *v = argv[++i];
            if (!strcmp(v, "jsonl") || !strcmp(v, "json"))
                fmt = HD_FORMAT_JSONL;
            else if (!strcmp(v, "gdelt"))
                fmt = HD_FORMAT_GDELT;
            else {
                fprintf(stderr, "herald: unknown --format '%s' (jsonl or gdelt)\n", v);
                free(inputs);
                return 2;
            }
        } else if (!strcmp(a, "--input-format")) {
            NEED_ARG();
            const char *v = argv[++i];
            if (!strcmp(v, "auto")) infmt = HD_INPUT_AUTO;
            else if (!strcmp(v, "text")) infmt = HD_INPUT_TEXT;
            else if (!strcmp(v, "jsonl")) infmt = HD_INPUT_JSONL;
            else if (!strcmp(v, "html")) infmt = HD_INPUT_HTML;
            else {
                fprintf(stderr, "herald: unknown --input-format '%s'\n", v);
                free(inputs);
                return 2;
            }
        } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
            NEED_ARG();
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 64) {
                fprintf(stderr, "herald: %s wants a number of threads from 1 to 64\n", a);
                free(inputs);
                return 2;
            }
            jobs = (int)n;
        } else if (!strcmp(a, "--unordered")) {
            /* accepted for scripts; the output is in input order at no cost */
        } else if (!strcmp(a, "--entities"))
            entities = 1;
        else if (!strcmp(a, "--no-negated"))
            negated = 0;
        else if (!strcmp(a, "--min-confidence")) {
            NEED_ARG();
            char *end;
            min_confidence = strtod(argv[++i], &end);
            if (*end || end == argv[i] || !(min_confidence >= 0 && min_confidence <= 1)) {
                fprintf(stderr, "herald: --min-confidence wants a number from 0 to 1, not '%s'\n", argv[i]);
                free(inputs);
                return 2;
            }
        }
        else if (!strcmp(a, "--actorless"))
            actorless = 1;
        else if (!strcmp(a, "--header"))
            header = 1;
        else if (!strcmp(a, "--progress"))
            progress = 1;
        else if (!strcmp(a, "--no-progress"))
            progress = 0;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            free(inputs);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "herald: unknown option '%s'\n", a);
            usage(stderr);
            free(inputs);
            return 2;
        } else
            inputs[ninputs++] = argv[i];
#undef NEED_ARG
    }
    if (ninputs == 0) {
        fprintf(stderr, "herald: no input given\n");
        usage(stderr);
        free(inputs);
        return 2;
    }
    hd_model *m = cli_load_model(model_path, petrarch);
    if (!m) {
        free(inputs);
        return 2;
    }
    FILE *out = stdout;
    if (outpath && !(out = fopen(outpath, "w"))) {
        fprintf(stderr, "herald: %s: %s\n", outpath, strerror(errno));
        hd_model_free(m);
        free(inputs);
        return 2;
    }
    int gaz_failed = 0;
    hd_gazetteer *gaz = places ? cli_load_gazetteer(gazetteer, model_path, &gaz_failed) : NULL;
    if (gaz_failed) {
        if (out != stdout)
            fclose(out);
        hd_model_free(m);
        free(inputs);
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
    if (jobs > 1 &&
        cli_code_parallel(m, gaz, &opt, fmt, entities, jobs, inputs, ninputs, infmt, date, out, &docs, &st.events,
                          &failed) != 0)
        st.write_failed = 1;
    for (int i = 0; i < ninputs && !st.write_failed && jobs <= 1; i++) {
        char err[1024];
        hd_reader *r = hd_reader_open(inputs[i], infmt, date, err, sizeof err);
        if (!r) {
            fprintf(stderr, "herald: %s\n", err);
            failed++;
            continue;
        }
        hd_doc doc;
        int rc;
        while ((rc = hd_reader_next(r, &doc, err, sizeof err)) != 0 && !st.write_failed) {
            if (rc < 0) {
                fprintf(stderr, "herald: %s\n", err);
                failed++;
                continue;
            }
            if (hd_code_document(c, &doc, sink, &st) < 0) {
                fprintf(stderr, "herald: %s: document %s: %s\n", inputs[i], doc.id ? doc.id : "?", hd_coder_error(c));
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
    free(inputs);
    return failed ? 1 : 0;
}

static int cmd_explain(int argc, char **argv)
{
    const char *model_path = NULL, *petrarch = NULL, *date = NULL;
    char *text = NULL;
    size_t len = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--model") && i + 1 < argc)
            model_path = argv[++i];
        else if (!strcmp(argv[i], "--petrarch-dicts") && i + 1 < argc)
            petrarch = argv[++i];
        else if (!strcmp(argv[i], "--date") && i + 1 < argc)
            date = argv[++i];
        else {
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
    }
    if (!text) {
        fprintf(stderr, "usage: herald explain [--model FILE] [--date YYYY-MM-DD] TEXT...\n");
        return 2;
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

/* herald classify: "id<TAB>text[<TAB>gold]" lines in, "id<TAB>LABEL" lines out, one per
 * snippet; a header line ("id<TAB>...") is skipped. */
static int cmd_classify(int argc, char **argv)
{
    const char *model_path = NULL, *petrarch = NULL, *date = NULL, *input = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--model") && i + 1 < argc)
            model_path = argv[++i];
        else if (!strcmp(argv[i], "--petrarch-dicts") && i + 1 < argc)
            petrarch = argv[++i];
        else if (!strcmp(argv[i], "--date") && i + 1 < argc)
            date = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "herald: unknown option '%s'\n", argv[i]);
            return 2;
        } else
            input = argv[i];
    }
    if (!input) {
        fprintf(stderr, "usage: herald classify [--model FILE] [--date YYYY-MM-DD] FILE.tsv|-\n");
        return 2;
    }
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
    while ((len = getline(&line, &cap, in)) > 0) {
        ln++;
        hd_doc doc;
        const char *why;
        int got = hd_snippet_parse(line, (size_t)len, ln, &doc, &why);
        if (got < 0) {
            fprintf(stderr, "herald: %s:%ld: %s\n", input, ln, why);
            failed++;
            continue;
        }
        if (got == 0)
            continue;
        doc.date = date;
        const char *label = hd_classify_document(c, &doc);
        if (!label) {
            fprintf(stderr, "herald: %s:%ld: %s\n", input, ln, hd_coder_error(c));
            failed++;
            label = "OTHER";
        }
        printf("%s\t%s\n", doc.id, label);
    }
    free(line);
    if (in != stdin)
        fclose(in);
    hd_coder_free(c);
    hd_model_free(m);
    return failed ? 1 : 0;
}

static int cmd_info(int argc, char **argv)
{
    const char *model_path = NULL, *petrarch = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--model") && i + 1 < argc)
            model_path = argv[++i];
        else if (!strcmp(argv[i], "--petrarch-dicts") && i + 1 < argc)
            petrarch = argv[++i];
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
        return cmd_code(argc - 2, argv + 2);
    if (!strcmp(argv[1], "classify"))
        return cmd_classify(argc - 2, argv + 2);
    if (!strcmp(argv[1], "explain"))
        return cmd_explain(argc - 2, argv + 2);
    if (!strcmp(argv[1], "parse"))
        return cli_parse(argc - 1, argv + 1);
    if (!strcmp(argv[1], "info"))
        return cmd_info(argc - 2, argv + 2);
    if (!strcmp(argv[1], "ingest"))
        return cli_ingest(argc - 2, argv + 2);
    if (!strcmp(argv[1], "query"))
        return cli_query(argc - 2, argv + 2);
    if (!strcmp(argv[1], "serve"))
        return cli_serve(argc - 2, argv + 2);
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
