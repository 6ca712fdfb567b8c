/* cli.h: what the herald command's files share: loading the model and the gazetteer the way
 * every command does, a clock, and the store commands (store.c). */
#ifndef HERALD_CLI_H
#define HERALD_CLI_H

#include "herald.h"

double cli_now(void);
/* The model: --model FILE, else $HERALD_MODEL, else the built one; NULL after a message. */
hd_model *cli_load_model(const char *model_path, const char *petrarch_dir);
/* The gazetteer: FILE, else $HERALD_GAZETTEER, else herald.hdg beside the model. *failed is
 * set when one asked for by name cannot be loaded. */
hd_gazetteer *cli_load_gazetteer(const char *path, const char *model_path, int *failed);

int cli_ingest(int argc, char **argv);
int cli_query(int argc, char **argv);
int cli_serve(int argc, char **argv); /* serve.c */
/* parallel.c: herald code -j N; returns -1 on a write error */
int cli_code_parallel(const hd_model *m, const hd_gazetteer *gaz, const hd_options *opt, hd_format fmt, int entities,
                      int jobs, char **inputs, int ninputs, hd_input_format infmt, const char *date, FILE *out,
                      long *docs, long *events, long *failed);

#endif
