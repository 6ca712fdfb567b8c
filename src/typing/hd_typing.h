/* hd_typing.h: the trained classifiers applied to coded events: the CASE 2021 class of a
 * snippet's main event (`herald classify`), from the features of hd_features.h scored by a
 * model of the dictionary image's typing section (model/hd_linear.h). */
#ifndef HD_TYPING_H
#define HD_TYPING_H

#include "model/hd_linear.h"
#include "typing/hd_features.h"

/* The coder options every classifier was trained with: every act a text states, negated ones
 * too, with or without actors. Features depend on them, so running must use the same. */
#define HD_TYPING_OPTIONS {.emit_negated = 1, .emit_actorless = 1}

/* The best label of model `m` for features `f` (finished here); the string lies in the model's
 * image. */
const char *hd_typing_label(const hd_linear *m, hd_features *f);

/* The probability that event `e` happened, from the logistic classifier `m` of labels "0" and
 * "1" (the model's "confidence"), with `f` as scratch; -1 when m is NULL. */
double hd_typing_confidence(const hd_linear *m, hd_features *f, const hd_model *model, const hd_event *e);

/* The CASE 2021 class of event `e` alone, from the snippet classifier `m`: the words of its
 * sentence and the event itself as a snippet's first event; `f` is scratch. */
const char *hd_typing_event_label(const hd_linear *m, hd_features *f, const hd_model *model, const hd_event *e);

#endif
