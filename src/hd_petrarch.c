/* hd_petrarch.c: reads PETRARCH/TABARI dictionaries (actors, agents, discards, verbs) into a
 * model. Placeholder until the importer lands: reports that nothing was read. */
#include <stdio.h>

#include "hd_build.h"

hd_model *hd_model_from_petrarch(const char *dir, const hd_model *base,
                                 void (*warn)(void *user, const char *file, long line, const char *msg), void *user,
                                 char *err, size_t errlen)
{
    (void)base;
    (void)warn;
    (void)user;
    if (err && errlen)
        snprintf(err, errlen, "%s: PETRARCH import is not available yet", dir);
    return NULL;
}
