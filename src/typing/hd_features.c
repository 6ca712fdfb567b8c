/* hd_features.c: the features of a text and its events for the trained classifiers
 * (hd_features.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/hd_model.h"
#include "model/hd_word_class.h"
#include "typing/hd_features.h"

/* Letters kept of a word: enough to tell "shell" from "shoot", few enough that a word's
 * inflections and derivations meet. */
#define STEM 5

static uint64_t mix_bytes(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h = (h ^ c) * 1099511628211ULL;
    }
    return h;
}

static void add(hd_features *f, uint64_t key)
{
    if (f->n < HD_FEATURES_MAX)
        f->keys[f->n++] = key ? key : 1;
}

/* the key of "kind:value" */
static uint64_t key_of(const char *kind, const char *value, size_t n)
{
    uint64_t h = mix_bytes(1469598103934665603ULL, kind, strlen(kind));
    h = mix_bytes(h, ":", 1);
    return mix_bytes(h, value, n);
}

void hd_features_clear(hd_features *f)
{
    f->n = 0;
    f->events = 0;
}

static int word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80; }

/* What a word's classes (dict/word-classes.txt) say that bears on an event's type and on
 * whether it happened: the means and settings of violence, and the words that make an act
 * intended, asked for, expected, refused, failed, conditional, negated or hypothetical. */
#define TELLING_CLASSES                                                                                        \
    (WC_CUES | WC_INTENT | WC_REQUEST | WC_EXPECT | WC_REFUSE | WC_FAIL | WC_CONDITION | WC_NEG | WC_HYPO |     \
     WC_FUTURE)

static void words(hd_features *f, const hd_model *m, const char *text, size_t len, uint64_t skip)
{
    int lead = 1; /* in the first sentence, which in news states the main event */
    for (size_t i = 0; i < len;) {
        if (!word_byte((unsigned char)text[i])) {
            if (text[i] == '.' && i + 1 < len && text[i + 1] == ' ')
                lead = 0;
            i++;
            continue;
        }
        size_t start = i;
        while (i < len && word_byte((unsigned char)text[i]))
            i++;
        if (skip && m && (hd_model_word_class(m, text + start, i - start) & skip))
            continue;
        size_t n = i - start < STEM ? i - start : STEM;
        /* a cut inside a UTF-8 sequence is harmless: the bytes only feed a hash */
        add(f, key_of("w", text + start, n));
        if (lead)
            add(f, key_of("l", text + start, n));
        uint64_t classes = m ? hd_model_word_class(m, text + start, i - start) & TELLING_CLASSES : 0;
        for (int b = 0; classes; b++, classes >>= 1)
            if (classes & 1) {
                char bit[3] = {(char)('0' + b / 10), (char)('0' + b % 10), 0};
                add(f, key_of("wc", bit, 2));
            }
    }
}

void hd_features_words(hd_features *f, const hd_model *m, const char *text, size_t len)
{
    words(f, m, text, len, 0);
}

static void add_fact(hd_features *f, const char *tag, char what, int fact, const char *value, size_t n)
{
    char kind[8];
    snprintf(kind, sizeof kind, "%s%c%c", tag, what, fact ? 'f' : 'n');
    add(f, key_of(kind, value, n));
}

static void describe(hd_features *f, const char *tag, const hd_event *e)
{
    int fact = !e->negated && e->mood == HD_MOOD_FACT;
    char quad = (char)('0' + (e->quad_class >= 0 && e->quad_class <= 4 ? e->quad_class : 0));
    add_fact(f, tag, 'c', fact, e->code, strlen(e->code));
    add_fact(f, tag, 'r', fact, e->root, strlen(e->root));
    add_fact(f, tag, 'q', fact, &quad, 1);
    if (e->trigger)
        add_fact(f, tag, 't', fact, e->trigger, e->trigger_len);
}

void hd_features_event(hd_features *f, const hd_event *e)
{
    describe(f, "e", e);
    if (f->events++ == 0)
        describe(f, "1", e);
    const char *src = e->source && e->source->role[0] ? e->source->role : "-";
    const char *tgt = e->target && e->target->role[0] ? e->target->role : "-";
    char who[16];
    snprintf(who, sizeof who, "%s_%s_%s", e->root, src, tgt);
    add(f, key_of("who", who, strlen(who)));
    add(f, key_of("src", src, strlen(src)));
    add(f, key_of("tgt", tgt, strlen(tgt)));
}

/* words read before the trigger */
#define BEFORE 4

void hd_features_one_event(hd_features *f, const hd_model *m, const hd_event *e)
{
    hd_features_clear(f);
    hd_features_event(f, e);
    char mood[2] = {(char)('0' + (e->mood >= 0 && e->mood <= 9 ? e->mood : 9)), 0};
    add(f, key_of("mood", mood, 1));
    add(f, key_of("neg", e->negated ? "1" : "0", 1));
    add(f, key_of("hedge", e->hedged ? "1" : "0", 1));
    add(f, key_of("bg", e->background ? "1" : "0", 1));
    add(f, key_of("who", e->source ? (e->target ? "st" : "s") : (e->target ? "t" : "-"), e->source && e->target ? 2 : 1));
    /* the negating words ("not", "never", "no") are left out of the words: the coder's
     * negation says whether they negate this act, where a bag of words sees "not" in "not
     * long after" or "not only" as well */
    const uint64_t skip = WC_NEG;
    words(f, m, e->text, e->text_len, skip);
    if (!e->trigger || e->trigger < e->text || e->trigger > e->text + e->text_len)
        return;
    /* the words before the trigger, nearest first, each with its distance */
    size_t at = (size_t)(e->trigger - e->text);
    for (int k = 1; k <= BEFORE && at > 0; k++) {
        while (at > 0 && !word_byte((unsigned char)e->text[at - 1]))
            at--;
        size_t end = at;
        while (at > 0 && word_byte((unsigned char)e->text[at - 1]))
            at--;
        if (end == at)
            break;
        if (m && (hd_model_word_class(m, e->text + at, end - at) & skip))
            continue;
        char kind[4] = {'b', (char)('0' + k), 0, 0};
        add(f, key_of(kind, e->text + at, end - at < 16 ? end - at : 16));
        add(f, key_of("b", e->text + at, end - at < 16 ? end - at : 16));
    }
}

static int by_key(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

void hd_features_finish(hd_features *f)
{
    qsort(f->keys, f->n, sizeof *f->keys, by_key);
    size_t out = 0;
    for (size_t i = 0; i < f->n; i++)
        if (out == 0 || f->keys[out - 1] != f->keys[i])
            f->keys[out++] = f->keys[i];
    f->n = out;
}
