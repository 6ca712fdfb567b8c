/* hd_features.h: what the trained event classifiers look at, as 64-bit feature keys
 * (model/hd_linear.h): the words of a text, cut to their first five letters so that "shelled",
 * "shelling" and "shells" are one feature, and the events herald coded in it, each with its
 * CAMEO code and root, QuadClass, trigger word and its actors' roles, marked as a fact or not
 * (negated, intended, threatened, hypothetical); and the word classes of dict/word-classes.txt
 * that name means of violence, settings and modality. The first event of a text and the words
 * of its first sentence are also described apart, as news puts the main event first.
 *
 * The same function serves training (herald-train events) and running, so that both see the
 * same features. */
#ifndef HD_FEATURES_H
#define HD_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "herald.h"

/* enough for a few sentences; an example with more keeps the first ones */
#define HD_FEATURES_MAX 2048

typedef struct hd_features {
    uint64_t keys[HD_FEATURES_MAX];
    size_t n;
    unsigned events; /* events added so far */
} hd_features;

void hd_features_clear(hd_features *f);
/* Adds the words of a UTF-8 text; `m` gives their word classes. */
void hd_features_words(hd_features *f, const hd_model *m, const char *text, size_t len);
/* Adds an event; the first one added is also described as the first. */
void hd_features_event(hd_features *f, const hd_event *e);
/* The features of one event for the confidence classifier: the event as hd_features_event
 * describes it, its modality and hedging, the words of its sentence, and apart the few words
 * just before its trigger ("threatened to", "plans to", "did not"), which most often say
 * whether the act happened. Clears `f` first. */
void hd_features_one_event(hd_features *f, const hd_model *m, const hd_event *e);
/* Sorts the keys and drops repeats; call before scoring (hd_linear_scores wants distinct keys). */
void hd_features_finish(hd_features *f);

#endif
