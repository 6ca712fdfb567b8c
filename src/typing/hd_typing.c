/* hd_typing.c: labels from the trained classifiers (hd_typing.h). */
#include <math.h>

#include "typing/hd_typing.h"

const char *hd_typing_label(const hd_linear *m, hd_features *f)
{
    float scores[HD_LINEAR_MAX_CLASSES];
    hd_features_finish(f);
    hd_linear_scores(m, f->keys, f->n, scores);
    return m->labels[hd_linear_best(m, scores)];
}

double hd_typing_confidence(const hd_linear *m, hd_features *f, const hd_model *model, const hd_event *e)
{
    int one = m ? hd_linear_class(m, "1") : -1;
    if (one < 0)
        return -1;
    float scores[HD_LINEAR_MAX_CLASSES];
    hd_features_one_event(f, model, e);
    hd_features_finish(f);
    hd_linear_scores(m, f->keys, f->n, scores);
    return 1.0 / (1.0 + exp(-(double)scores[one]));
}

const char *hd_typing_event_label(const hd_linear *m, hd_features *f, const hd_model *model, const hd_event *e)
{
    hd_features_clear(f);
    hd_features_words(f, model, e->text, e->text_len);
    hd_features_event(f, e);
    return hd_typing_label(m, f);
}
