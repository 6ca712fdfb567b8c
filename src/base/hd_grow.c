/* hd_grow.c: growing a malloc'ed array (see hd_grow.h). */
#include "base/hd_grow.h"

#include <stdlib.h>

int hd_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 256;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}
