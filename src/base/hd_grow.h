/* hd_grow.h: growing a malloc'ed array of any element type, for the tables the coder's stages
 * fill per document (tokens, spans, staged events, place mentions). Here, below every stage,
 * so that a stage grows its own tables without calling back into the driver that runs it. */
#ifndef HD_GROW_H
#define HD_GROW_H

#include <stddef.h>

/* Makes room for `need` elements of `elem` bytes in *p (capacity *cap, doubled from 256):
 * 0, or -1 when memory ran out (*p and *cap are then unchanged). */
int hd_grow(void **p, size_t *cap, size_t need, size_t elem);

#endif
