/* hd_eventlist.c: events copied out of a coder's sink, so that a document coded on one thread
 * can be used on another (herald ingest -j codes on worker threads and stores on one). Each
 * event is one allocation holding the event, its actors, place, attribution chain and every
 * string it points to, so a copy never refers back into the coder's scratch memory. */
#include <stdlib.h>
#include <string.h>

#include "herald.h"

struct hd_event_list {
    hd_event **items;
    size_t n, cap;
    int failed; /* memory ran out while adding: the list misses events */
    int measured; /* tone and chars were set */
    double tone;
    size_t chars;
};

void hd_event_list_set_measures(hd_event_list *l, double tone, size_t chars)
{
    if (!l)
        return;
    l->measured = 1;
    l->tone = tone;
    l->chars = chars;
}

int hd_event_list_measures(const hd_event_list *l, double *tone, size_t *chars)
{
    if (!l || !l->measured)
        return -1;
    *tone = l->tone;
    *chars = l->chars;
    return 0;
}

hd_event_list *hd_event_list_new(void) { return calloc(1, sizeof(hd_event_list)); }

size_t hd_event_list_count(const hd_event_list *l) { return l ? l->n : 0; }

const hd_event *hd_event_list_get(const hd_event_list *l, size_t i) { return l && i < l->n ? l->items[i] : NULL; }

void hd_event_list_clear(hd_event_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    l->n = 0;
    l->failed = 0;
    l->measured = 0;
}

int hd_event_list_failed(const hd_event_list *l) { return !l || l->failed; }

void hd_event_list_free(hd_event_list *l)
{
    if (!l)
        return;
    hd_event_list_clear(l);
    free(l->items);
    free(l);
}

/* Bytes a string of `len` bytes takes in the copy (NUL added); 0 for NULL. */
static size_t need(const char *s, size_t len) { return s ? len + 1 : 0; }
static size_t need_z(const char *s) { return s ? strlen(s) + 1 : 0; }

typedef struct arena {
    char *p;
} arena;

static const char *put(arena *a, const char *s, size_t len)
{
    if (!s)
        return NULL;
    char *d = a->p;
    memcpy(d, s, len);
    d[len] = '\0';
    a->p += len + 1;
    return d;
}

static const char *put_z(arena *a, const char *s) { return s ? put(a, s, strlen(s)) : NULL; }

static size_t actor_need(const hd_actor *x) { return x ? need(x->text, x->text_len) : 0; }

static size_t location_need(const hd_location *l)
{
    if (!l)
        return 0;
    return need_z(l->name) + need(l->mention, l->mention_len) + need_z(l->admin1) + need_z(l->geonames_id) +
           need_z(l->precision);
}

/* Space for the structures, rounded so that the strings after them never misalign them. */
#define ALIGNED(n) (((n) + 15u) & ~(size_t)15u)

static hd_event *copy_event(const hd_event *ev)
{
    size_t fixed = ALIGNED(sizeof(hd_event)) + ALIGNED(2 * sizeof(hd_actor)) + ALIGNED(sizeof(hd_location)) +
                   ALIGNED(ev->n_attribution * sizeof(hd_attribution));
    size_t strings = need_z(ev->doc_id) + need(ev->text, ev->text_len) + need_z(ev->date_precision) +
                     actor_need(ev->source) + actor_need(ev->target) + location_need(ev->location) +
                     need_z(ev->rule) + need(ev->trigger, ev->trigger_len) + need_z(ev->topic) + need_z(ev->doc_source) +
                     need_z(ev->doc_url) + need_z(ev->acled_event_type) + need_z(ev->acled_sub_event_type) +
                     need_z(ev->plover_event_type) + need_z(ev->plover_mode) + need_z(ev->case_label);
    for (size_t k = 0; k < ev->n_attribution; k++)
        strings += need_z(ev->attribution[k].kind) + need_z(ev->attribution[k].name);
    char *block = malloc(fixed + strings);
    if (!block)
        return NULL;
    hd_event *e = (hd_event *)block;
    hd_actor *actors = (hd_actor *)(block + ALIGNED(sizeof(hd_event)));
    hd_location *loc = (hd_location *)((char *)actors + ALIGNED(2 * sizeof(hd_actor)));
    hd_attribution *attr = (hd_attribution *)((char *)loc + ALIGNED(sizeof(hd_location)));
    arena a = {block + fixed};
    *e = *ev;
    /* a copy is a coded mention, not an event read back from a store */
    e->store_id = 0;
    e->num_mentions = e->num_sources = e->num_articles = 0;
    e->first_seen = e->last_seen = NULL;
    e->outlets = NULL;
    e->n_outlets = 0;
    e->doc_id = put_z(&a, ev->doc_id);
    e->text = put(&a, ev->text, ev->text_len);
    e->date_precision = put_z(&a, ev->date_precision);
    const hd_actor *from[2] = {ev->source, ev->target};
    const hd_actor **to[2] = {&e->source, &e->target};
    for (int k = 0; k < 2; k++) {
        if (!from[k])
            continue;
        actors[k] = *from[k];
        actors[k].text = put(&a, from[k]->text, from[k]->text_len);
        *to[k] = &actors[k];
    }
    if (ev->location) {
        *loc = *ev->location;
        loc->name = put_z(&a, ev->location->name);
        loc->mention = put(&a, ev->location->mention, ev->location->mention_len);
        loc->admin1 = put_z(&a, ev->location->admin1);
        loc->geonames_id = put_z(&a, ev->location->geonames_id);
        loc->precision = put_z(&a, ev->location->precision);
        e->location = loc;
    }
    for (size_t k = 0; k < ev->n_attribution; k++) {
        attr[k].kind = put_z(&a, ev->attribution[k].kind);
        attr[k].name = put_z(&a, ev->attribution[k].name);
    }
    e->attribution = ev->n_attribution ? attr : NULL;
    e->rule = put_z(&a, ev->rule);
    e->trigger = put(&a, ev->trigger, ev->trigger_len);
    e->topic = put_z(&a, ev->topic);
    e->doc_source = put_z(&a, ev->doc_source);
    e->doc_url = put_z(&a, ev->doc_url);
    e->acled_event_type = put_z(&a, ev->acled_event_type);
    e->acled_sub_event_type = put_z(&a, ev->acled_sub_event_type);
    e->plover_event_type = put_z(&a, ev->plover_event_type);
    e->plover_mode = put_z(&a, ev->plover_mode);
    e->case_label = put_z(&a, ev->case_label);
    return e;
}

int hd_event_list_add(void *list, const hd_event *ev)
{
    hd_event_list *l = list;
    if (!l || !ev)
        return 1;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        hd_event **items = realloc(l->items, cap * sizeof *items);
        if (!items) {
            l->failed = 1;
            return 1;
        }
        l->items = items;
        l->cap = cap;
    }
    hd_event *e = copy_event(ev);
    if (!e) {
        l->failed = 1;
        return 1;
    }
    l->items[l->n++] = e;
    return 0;
}
