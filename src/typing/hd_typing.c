/* hd_typing.c: labels from the trained classifiers (hd_typing.h). */
#include "typing/hd_typing.h"

const char *hd_typing_label(const hd_linear *m, hd_features *f)
{
    float scores[HD_LINEAR_MAX_CLASSES];
    hd_features_finish(f);
    hd_linear_scores(m, f->keys, f->n, scores);
    return m->labels[hd_linear_best(m, scores)];
}
