/* cli.h: what the herald command's files share: loading the model and the gazetteer the way
 * every command does and a clock (cli.c), the commands main() dispatches to (parse.c,
 * store.c, serve.c), and the ordered work queue of -j (parallel.c). Calls go from the
 * dispatcher (herald.c) to the commands and from both to cli.c and parallel.c, never back. */
#ifndef HERALD_CLI_H
#define HERALD_CLI_H

#include "herald.h"

/* cli.c */
double cli_now(void);
/* Where the model is when no --model names it: $HERALD_MODEL, else the built one, else
 * herald.hdm beside the executable or in ../share/herald beside its directory (make
 * install); `buf` (PATH_MAX) may hold the path returned. */
const char *cli_default_model(char *buf, size_t n);
/* The model: --model FILE, else cli_default_model(); NULL after a message. */
hd_model *cli_load_model(const char *model_path, const char *petrarch_dir);
/* The gazetteer: FILE, else $HERALD_GAZETTEER, else herald.hdg beside the model. *failed is
 * set when one asked for by name cannot be loaded. */
hd_gazetteer *cli_load_gazetteer(const char *path, const char *model_path, int *failed);

/* Option values: 0 when `value` is one (a date of the calendar, a whole number or a number
 * within [lo, hi], stored in *out), else -1 after a message that names the command, the
 * option and the value. A usage error: the command exits 2. */
int cli_date_arg(const char *cmd, const char *option, const char *value);
int cli_long_arg(const char *cmd, const char *option, const char *value, long lo, long hi, long *out);
int cli_double_arg(const char *cmd, const char *option, const char *value, double lo, double hi, double *out);
/* A usage error: the command's short usage on stderr, and 2, the exit status of one. */
int cli_bad_option(const char *cmd, const char *usage);
/* What getopt_long returned for an option it could not take ('?' unknown, ':' without its
 * value; the option string must start with ':'): the message, the usage, and 2. */
int cli_option_error(const char *cmd, int c, char **argv, const char *usage);

/* Messages about bad records and inputs, on stderr: the first CLI_DIAGS_SHOWN are shown, the
 * rest counted, and cli_diags_end() says how many were not (a file of binary garbage would
 * otherwise print a line per "record"). */
#define CLI_DIAGS_SHOWN 20
typedef struct cli_diags {
    long shown, hidden;
} cli_diags;
void cli_diag(cli_diags *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void cli_diags_end(const cli_diags *d);

/* The commands main() dispatches to; argv[0] is the command's name, getopt_long style. */
int cli_parse(int argc, char **argv);  /* parse.c */
int cli_ingest(int argc, char **argv); /* store.c */
int cli_query(int argc, char **argv);  /* store.c */
int cli_serve(int argc, char **argv);  /* serve.c */
/* parallel.c: an ordered work queue. The main thread reads each document into a job, N
 * worker threads code the jobs, and the main thread hands each on in input order. */
typedef struct cli_job {
    hd_doc doc;           /* owned copies of the reader's document */
    const char *input;    /* the input path it came from */
    char *out;            /* collect_events == 0: the document's output as written */
    size_t out_len;
    hd_event_list *list;  /* collect_events == 1: its events */
    long events;
    char *error;          /* why the coder rejected the document */
    char *read_error;     /* the reader's message for a bad record: no document in this job */
    char *warning;        /* what the reader said of the document (hd_reader_warning), or NULL */
    int skip;             /* set by prepare(): not coded, handed on as it is */
} cli_job;

typedef struct cli_pipeline {
    const hd_model *model;
    const hd_gazetteer *gaz;
    const hd_options *opt;
    int jobs;
    char **inputs;
    int ninputs;
    hd_input_format infmt;
    const char *date;
    int collect_events;     /* 1: code into job->list; 0: write job->out in fmt */
    hd_format fmt;
    int entities;
    /* main thread, after a document is read: may set job->skip */
    void (*prepare)(void *user, cli_job *job);
    /* main thread, in input order; `current` is the reader in use (for progress) or NULL.
     * Non-zero stops the run with an error. */
    int (*deliver)(void *user, cli_job *job, hd_reader *current);
    /* checked before each read: non-zero stops reading (documents read are still handed on) */
    int (*stopped)(void *user);
    void *user;
} cli_pipeline;

/* Returns 0 when every input was read and handed on, CLI_STOPPED when stopped() ended the
 * reading before the inputs ended, -1 when deliver() failed (it has said why), or
 * CLI_NO_THREADS. */
#define CLI_STOPPED 1
#define CLI_NO_THREADS (-2)
int cli_run_pipeline(const cli_pipeline *p);

/* herald code -j N; returns -1 on a write error */
int cli_code_parallel(const hd_model *m, const hd_gazetteer *gaz, const hd_options *opt, hd_format fmt, int entities,
                      int jobs, char **inputs, int ninputs, hd_input_format infmt, const char *date, FILE *out,
                      long *docs, long *events, long *failed, cli_diags *diags);

#endif
