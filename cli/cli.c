/* cli.c: what every command of herald does alike (see cli.h): find and load the model and the
 * gazetteer, and read the clock. The dispatcher (herald.c) and every command call these, and
 * these call only libherald, so that no command file needs the dispatcher's. */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
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

static const char *default_model(char *buf, size_t n)
{
    const char *env = getenv("HERALD_MODEL");
    if (env && env[0])
        return env;
    if (access(HD_DEFAULT_MODEL, R_OK) == 0)
        return HD_DEFAULT_MODEL;
    /* next to the executable, for relocated builds */
    ssize_t len = readlink("/proc/self/exe", buf, n - 16);
    if (len > 0) {
        buf[len] = '\0';
        char *slash = strrchr(buf, '/');
        if (slash) {
            strcpy(slash + 1, "herald.hdm");
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
        const char *model = model_path ? model_path : default_model(buf, sizeof buf);
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
        model_path = default_model(buf, sizeof buf);
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
