/* hd_output.h: what the writers of hd_output.c lend to other modules (the event store's
 * exports): one JSON string escaper for all of libherald and one CSV field writer. Not part of
 * the public API. */
#ifndef HD_OUTPUT_H
#define HD_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

/* Writes `n` bytes of UTF-8 as a quoted JSON string; 0, or -1 on a write error. */
int hd_json_write_string(FILE *out, const char *s, size_t n);

/* One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
void hd_store_csv_field(FILE *f, const char *v, size_t n);

#endif
