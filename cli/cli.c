/* cli.c: what every command of herald does alike (see cli.h): find and load the model and the
 * gazetteer, check option values (one date check, numbers in a range), report bad records with
 * a cap, print a command's help, and read the clock. The dispatcher (herald.c) and every
 * command call these, and these call only libherald, so that no command file needs the
 * dispatcher's. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "herald.h"

#ifndef HD_DEFAULT_MODEL
#define HD_DEFAULT_MODEL "herald.hdm"
#endif

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

const char *cli_default_model(char *buf, size_t n)
{
    const char *env = getenv("HERALD_MODEL");
    if (env && env[0])
        return env;
    if (access(HD_DEFAULT_MODEL, R_OK) == 0)
        return HD_DEFAULT_MODEL;
    /* beside the executable (a relocated build), or in ../share/herald (make install) */
    ssize_t len = readlink("/proc/self/exe", buf, n > 40 ? n - 40 : 0);
    if (len > 0) {
        buf[len] = '\0';
        char *slash = strrchr(buf, '/');
        if (slash) {
            strcpy(slash + 1, "herald.hdm");
            if (access(buf, R_OK) == 0)
                return buf;
            strcpy(slash + 1, "../share/herald/herald.hdm");
            if (access(buf, R_OK) == 0)
                return buf;
        }
    }
    return HD_DEFAULT_MODEL;
}

/* The gazetteer: --gazetteer FILE, else $HERALD_GAZETTEER, else herald.hdg beside the model.
 * Only a gazetteer asked for by name must load; without one, events carry no location. */
hd_gazetteer *cli_load_gazetteer(const char *path, const char *model_path, int *failed)
{
    char err[512], buf[PATH_MAX];
    int asked = path != NULL;
    if (!path && getenv("HERALD_GAZETTEER") && getenv("HERALD_GAZETTEER")[0]) {
        path = getenv("HERALD_GAZETTEER");
        asked = 1;
    }
    if (!path) {
        const char *model = model_path ? model_path : cli_default_model(buf, sizeof buf);
        if (model != buf)
            snprintf(buf, sizeof buf, "%s", model);
        char *slash = strrchr(buf, '/');
        size_t dir = slash ? (size_t)(slash + 1 - buf) : 0;
        if (dir + sizeof "herald.hdg" > sizeof buf)
            return NULL;
        memcpy(buf + dir, "herald.hdg", sizeof "herald.hdg");
        path = buf;
    }
    hd_gazetteer *g = hd_gazetteer_open(path, err, sizeof err);
    if (!g && asked) {
        fprintf(stderr, "herald: cannot load the gazetteer: %s\n", err);
        *failed = 1;
    }
    return g;
}

/* Messages of the PETRARCH importer: errors (the directory is then refused) and warnings
 * (the line is skipped); the importer shows at most 20 per file and then counts them. */
static void petrarch_warn(void *user, const char *file, long line, const char *msg)
{
    (void)user;
    if (line > 0)
        fprintf(stderr, "herald: %s:%ld: %s\n", file, line, msg);
    else
        fprintf(stderr, "herald: %s: %s\n", file, msg);
}

hd_model *cli_load_model(const char *model_path, const char *petrarch_dir)
{
    char err[512], buf[PATH_MAX];
    if (!model_path)
        model_path = cli_default_model(buf, sizeof buf);
    hd_model *base = hd_model_open(model_path, err, sizeof err);
    if (!base && !petrarch_dir) {
        fprintf(stderr, "herald: cannot load the dictionary model: %s\n", err);
        return NULL;
    }
    if (!petrarch_dir)
        return base;
    hd_model *m = hd_model_from_petrarch(petrarch_dir, base, petrarch_warn, NULL, err, sizeof err);
    hd_model_free(base);
    if (!m)
        fprintf(stderr, "herald: cannot load PETRARCH dictionaries from %s: %s\n", petrarch_dir, err);
    return m;
}

int cli_date_arg(const char *cmd, const char *option, const char *value)
{
    if (hd_date_check(value))
        return 0;
    fprintf(stderr, "herald %s: %s wants a date YYYY-MM-DD of the calendar, not '%.60s'\n", cmd, option, value);
    return -1;
}

int cli_long_arg(const char *cmd, const char *option, const char *value, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (!*value || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "herald %s: %s wants a whole number from %ld to %ld, not '%.60s'\n", cmd, option, lo, hi,
                value);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_double_arg(const char *cmd, const char *option, const char *value, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(value, &end);
    if (!*value || *end || !(v >= lo && v <= hi)) {
        fprintf(stderr, "herald %s: %s wants a number from %g to %g, not '%.60s'\n", cmd, option, lo, hi, value);
        return -1;
    }
    *out = v;
    return 0;
}

void cli_diag(cli_diags *d, const char *fmt, ...)
{
    if (d->shown >= CLI_DIAGS_SHOWN) {
        d->hidden++;
        return;
    }
    d->shown++;
    va_list ap;
    va_start(ap, fmt);
    fputs("herald: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_diags_end(const cli_diags *d)
{
    if (d->hidden)
        fprintf(stderr, "herald: %ld more messages not shown (%ld in all)\n", d->hidden, d->shown + d->hidden);
}

int cli_bad_option(const char *cmd, const char *usage)
{
    fprintf(stderr, "%s(herald %s --help explains each option)\n", usage, cmd);
    return 2;
}

int cli_option_error(const char *cmd, int c, char **argv, const char *usage)
{
    /* getopt_long leaves the option it could not take just before optind */
    const char *arg = optind > 0 ? argv[optind - 1] : "?";
    if (c == ':')
        fprintf(stderr, "herald %s: %s needs a value\n", cmd, arg);
    else if (optopt && !(arg[0] == '-' && arg[1] == '-'))
        fprintf(stderr, "herald %s: unknown option '-%c'\n", cmd, optopt);
    else
        fprintf(stderr, "herald %s: unknown option '%s'\n", cmd, arg);
    return cli_bad_option(cmd, usage);
}
