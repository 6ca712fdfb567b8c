/* hd_geo.c: finding the places a sentence names and choosing which place each name means,
 * then giving every event the place of its sentence (or the document's main place).
 *
 * A mention is a run of up to four capitalised words (with the lowercase particles of
 * transliterated names: "Deir ez-Zor", "Ras al Ain") that the gazetteer knows. Among the
 * places a name can mean, the choice weighs the countries the document has named so far
 * (as places or through its actors: "Libyan forces", "Syria's army"), the place's size
 * and rank (capitals, seats of provinces), and the words around it ("Idlib province",
 * "the city of Homs"). A small place in a country the text never mentions is left
 * unresolved rather than forced: news names unknown villages, surnames and made-up places. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "places/hd_geo.h"

#include "coding/hd_coder_int.h"
#include "places/hd_gazetteer.h"

#define MAX_CANDIDATES 64
#define MAX_SPAN 4
#define MAX_PENDING 32 /* place names kept per sentence */

/* "White House", "Kremlin": an institution, placed at its city (dict/places.txt, seat) */
static int is_seat(const hd_place_rec *p) { return !strcmp(p->feature, "SEAT"); }

static int is_upper_start(const hd_sent *s, size_t i)
{
    unsigned char ch = (unsigned char)s->text[s->tok[i].start];
    return ch >= 'A' && ch <= 'Z';
}

/* "Benghazi-based", "Kabul-led", "Moscow-backed": a place with a suffix of origin or control
 * ("Port-au-Prince" keeps its hyphens) */
static int is_place_suffix(const hd_model *m, const char *w, size_t n)
{
    return (hd_model_word_lists(m, w, n) & WL_PLACE_SUFFIX) != 0;
}

/* The hyphen inside token j that a place suffix follows ("Benghazi-based"), NULL when none. */
static const char *suffix_dash(const hd_sent *s, size_t j)
{
    const char *w = s->text + s->tok[j].start, *end = s->text + s->tok[j].end;
    const char *dash = memchr(w, '-', (size_t)(end - w));
    return dash && is_place_suffix(s->model, dash + 1, (size_t)(end - dash - 1)) ? dash : NULL;
}

/* Whether the name ending at token j carries a place suffix, in the token or as the two
 * after it ("U.S." "-" "allied"). */
static int has_place_suffix(const hd_sent *s, size_t j)
{
    if (suffix_dash(s, j))
        return 1;
    return j + 2 < s->ntok && hd_tok_is(s, j + 1, "-") && s->tok[j + 1].start == s->tok[j].end &&
           is_place_suffix(s->model, s->text + s->tok[j + 2].start, s->tok[j + 2].end - s->tok[j + 2].start);
}

/* "ez-Zor", "al-Zour", "as-Suwayda": a particle joined to a capitalised name */
static int is_joined_name(const hd_sent *s, size_t i)
{
    for (uint32_t p = s->tok[i].start; p + 1 < s->tok[i].end; p++)
        if (s->text[p] == '-' && s->text[p + 1] >= 'A' && s->text[p + 1] <= 'Z')
            return 1;
    return 0;
}

/* lowercase particles inside transliterated names */
static int is_particle(const hd_sent *s, size_t i)
{
    return s->tok[i].end - s->tok[i].start <= 4 && (hd_tok_lists(s, i) & WL_PLACE_PARTICLE);
}

/* Token j (which may be past the end) is in a word list. */
static int tok_in_list(const hd_sent *s, size_t j, uint32_t list) { return j < s->ntok && (hd_tok_lists(s, j) & list); }

/* Whether token j is part of a dictionary actor or agent ("the president", "Hamas"). */
static int names_actor(const hd_sent *s, size_t j)
{
    const hd_match *m = s->tok[j].covered_by >= 0 ? &s->matches[s->tok[j].covered_by] : NULL;
    return m && (hd_match_entry(s, m, E_ACTOR) || hd_match_entry(s, m, E_AGENT));
}


/* Adds a country (alpha-2) to the document's context, counting repeats. */
/* Adds a country to the document's context; `by_place` when a place in it was named (not
 * only an actor of it). */
static void note_country_by(hd_coder *c, const char cc[2], int by_place)
{
    for (size_t k = 0; k < c->ngeo_cc; k++)
        if (c->geo_cc[k].cc[0] == cc[0] && c->geo_cc[k].cc[1] == cc[1]) {
            c->geo_cc[k].count++;
            c->geo_cc[k].places += by_place != 0;
            return;
        }
    if (c->ngeo_cc < sizeof c->geo_cc / sizeof c->geo_cc[0]) {
        c->geo_cc[c->ngeo_cc].cc[0] = cc[0];
        c->geo_cc[c->ngeo_cc].cc[1] = cc[1];
        c->geo_cc[c->ngeo_cc].count = 1;
        c->geo_cc[c->ngeo_cc].places = by_place != 0;
        c->ngeo_cc++;
    }
}

static void note_country(hd_coder *c, const char cc[2]) { note_country_by(c, cc, 1); }

static unsigned places_named_in(const hd_coder *c, const char cc[2])
{
    for (size_t k = 0; k < c->ngeo_cc; k++)
        if (c->geo_cc[k].cc[0] == cc[0] && c->geo_cc[k].cc[1] == cc[1])
            return c->geo_cc[k].places;
    return 0;
}

static int country_named(const hd_coder *c, const char cc[2])
{
    for (size_t k = 0; k < c->ngeo_cc; k++)
        if (c->geo_cc[k].cc[0] == cc[0] && c->geo_cc[k].cc[1] == cc[1])
            return (int)c->geo_cc[k].count;
    return 0;
}

/* The gazetteer's record of an actor's alpha-3 country, or -1. */
static long country_index(const hd_coder *c, const char *alpha3)
{
    size_t lo = 0, hi = c->ngeo_a3; /* sorted by alpha-3 */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = memcmp(c->geo_a3[mid].a3, alpha3, 3);
        if (cmp == 0)
            return (long)mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The alpha-2 code of an actor's alpha-3 country, from the gazetteer's country records. */
static int actor_country(const hd_coder *c, const char *alpha3, char out[2])
{
    long k = country_index(c, alpha3);
    if (k < 0)
        return 0;
    out[0] = c->geo_a3[k].a2[0];
    out[1] = c->geo_a3[k].a2[1];
    return 1;
}

/* The country record index of the country actor (a bare alpha-3 code: "Syrian", "Iraq") that
 * covers token j, or -1 */
static long token_country(const hd_coder *c, const hd_sent *s, size_t j)
{
    const hd_entry *who = s->tok[j].covered_by >= 0 ? hd_match_entry(s, &s->matches[s->tok[j].covered_by], E_ACTOR)
                                                    : NULL;
    const char *code = who ? hd_str(s->model, who->code) : "";
    return strlen(code) == 3 ? country_index(c, code) : -1;
}

static int by_alpha3(const void *a, const void *b)
{
    return memcmp(a, b, 3); /* the alpha-3 code is the record's first member */
}

void hd_geo_index_countries(hd_coder *c)
{
    c->ngeo_a3 = 0;
    if (!c->gaz)
        return;
    size_t n = hd_gazetteer_count(c->gaz);
    for (size_t i = 0; i < n && c->ngeo_a3 < sizeof c->geo_a3 / sizeof c->geo_a3[0]; i++) {
        const hd_place_rec *p = hd_gazetteer_place(c->gaz, i);
        if (p->kind != HD_PLACE_COUNTRY)
            continue;
        const char *a3 = hd_gazetteer_str(c->gaz, p->admin1);
        if (strlen(a3) != 3)
            continue;
        memcpy(c->geo_a3[c->ngeo_a3].a3, a3, 3);
        memcpy(c->geo_a3[c->ngeo_a3].a2, p->cc, 2);
        c->geo_a3[c->ngeo_a3].place = (uint32_t)i;
        c->ngeo_a3++;
    }
    qsort(c->geo_a3, c->ngeo_a3, sizeof c->geo_a3[0], by_alpha3);
}

/* "Glasgow, Ky.": the tokenizer leaves a state's abbreviation apart from its period, which the
 * gazetteer's key keeps; the key's length with the period when that names a place */
static size_t with_period(const hd_coder *c, const hd_sent *s, size_t j, char *key, size_t kl, size_t cap)
{
    if (kl && kl + 1 < cap && j + 1 < s->ntok && hd_tok_is(s, j + 1, ".") && s->tok[j + 1].start == s->tok[j].end) {
        key[kl] = '.';
        if (hd_gazetteer_lookup(c->gaz, key, kl + 1, NULL, 0) > 0)
            return kl + 1;
    }
    return kl;
}

/* "Paris, Texas", "London, Ontario", "Tripoli, Lebanon": the countries or divisions named
 * right after a place qualify it ("Athens, Georgia" may be either Georgia). Writes up to
 * `max` qualifying records and returns how many. */
static size_t qualifiers(const hd_coder *c, const hd_sent *s, size_t after, const hd_place_rec **out, size_t max)
{
    if (after + 1 >= s->ntok || !hd_tok_is(s, after, ",") || !is_upper_start(s, after + 1))
        return 0;
    uint32_t cand[16];
    char key[160];
    size_t found = 0;
    for (size_t j = after + 1; j < s->ntok && j < after + 1 + MAX_SPAN && is_upper_start(s, j); j++) {
        size_t kl = hd_gazetteer_fold(s->text + s->tok[after + 1].start, s->tok[j].end - s->tok[after + 1].start, key,
                                      sizeof key);
        kl = with_period(c, s, j, key, kl, sizeof key);
        size_t n = kl ? hd_gazetteer_lookup(c->gaz, key, kl, cand, 16) : 0;
        for (size_t k = 0; k < n && k < 16 && found < max; k++) {
            const hd_place_rec *p = hd_gazetteer_place(c->gaz, cand[k]);
            if (p->kind == HD_PLACE_COUNTRY || p->kind == HD_PLACE_ADMIN1)
                out[found++] = p;
        }
    }
    return found;
}

/* the qualifier a place agrees with, if any */
static const hd_place_rec *agreeing(const hd_coder *c, const hd_place_rec *p, const hd_place_rec **qual, size_t nq)
{
    const hd_place_rec *hit = NULL;
    for (size_t k = 0; k < nq; k++) {
        if (memcmp(qual[k]->cc, p->cc, 2) != 0)
            continue;
        if (qual[k]->kind == HD_PLACE_ADMIN1 &&
            !strcmp(hd_gazetteer_str(c->gaz, p->admin1), hd_gazetteer_str(c->gaz, qual[k]->admin1)))
            return qual[k];
        hit = qual[k];
    }
    return hit;
}

/* "the Syrian city of Raqqa", "the English city of Salisbury": the people's adjective before
 * "city of" names the place's country as "Raqqa, Syria" would; the country's record, or NULL */
static const hd_place_rec *demonym_country(const hd_coder *c, const hd_sent *s, size_t i)
{
    if (i < 3 || !hd_tok_is(s, i - 1, "of") || !tok_in_list(s, i - 2, WL_SETTLEMENT))
        return NULL;
    for (size_t j = i - 3; j + 6 > i; j--) { /* "the northern Syrian city of", at most three words */
        if (s->tok[j].tag != T_JJ && s->tok[j].tag != T_NNP && s->tok[j].tag != T_NNPS)
            return NULL;
        long k = token_country(c, s, j);
        if (k >= 0)
            return hd_gazetteer_place(c->gaz, c->geo_a3[k].place);
        if (j == 0)
            return NULL;
    }
    return NULL;
}

/* Whether the capitalised words after the comma at `after` are an item of a list ("Moscow,
 * Beijing and Paris", "Aleppo, Homs, Hama") or the start of an apposition ("Tartus, Moscow's
 * only naval base") rather than a qualifier ("Charlevoix, Canada, where ..."). */
static int list_after(const hd_sent *s, size_t after)
{
    size_t j = after + 1;
    while (j < s->ntok && is_upper_start(s, j))
        j++;
    if (j >= s->ntok)
        return 0;
    if (hd_tok_is(s, j, "and") || hd_tok_is(s, j, "or") || s->tok[j].tag == T_POS)
        return 1;
    return hd_tok_is(s, j, ",") && j + 1 < s->ntok && is_upper_start(s, j + 1) && !(s->tok[j + 1].cls & WC_DATE);
}

/* 1 when the text has already named a place of p's first-level division (its state) */
static int division_named(const hd_coder *c, const hd_place_rec *p)
{
    const char *a1 = hd_gazetteer_str(c->gaz, p->admin1);
    for (size_t k = 0; k < c->ngeo_divisions; k++) {
        const hd_place_rec *q = hd_gazetteer_place(c->gaz, c->geo_divisions[k]);
        if (!memcmp(q->cc, p->cc, 2) && !strcmp(hd_gazetteer_str(c->gaz, q->admin1), a1))
            return 1;
    }
    for (size_t k = 0; k < c->ngeo; k++) {
        const hd_place_rec *q = hd_gazetteer_place(c->gaz, c->geo[k].place);
        /* a city of millions is named in national and world news ("the U.N. in New York"):
         * it makes no story local to its state's small towns */
        if (q->kind != HD_PLACE_COUNTRY && !memcmp(q->cc, p->cc, 2) && !strcmp(hd_gazetteer_str(c->gaz, q->admin1), a1) &&
            !(q->kind == HD_PLACE_CITY && q->population >= 1000000))
            return 1;
    }
    return 0;
}

/* "Vienna" in a story that names the United States is still Austria's capital: the countries
 * a text names choose between places of comparable size, not for a small namesake of a city
 * abroad many times larger, least of all one of a country's many small towns named after it
 * (Vienna, Virginia; Geneva, Illinois). */
static int namesake(const hd_coder *c, const uint32_t *cand, size_t n, const hd_place_rec *p)
{
    if (p->kind != HD_PLACE_CITY)
        return 0;
    uint64_t rival = 0;
    int rival_capital = 0;
    size_t same = 0;
    for (size_t k = 0; k < n; k++) {
        const hd_place_rec *q = hd_gazetteer_place(c->gaz, cand[k]);
        if (q->kind != HD_PLACE_CITY)
            continue;
        if (!memcmp(q->cc, p->cc, 2))
            same++;
        else if (q->population > rival) {
            rival = q->population;
            rival_capital = !strcmp(q->feature, "PPLC");
        }
    }
    int small = (uint64_t)p->population * 10 < rival ||
                (same >= 3 && p->population < 50000 && (uint64_t)p->population * 3 < rival);
    /* a story that has named the town's state or another of its places is local news there
     * ("Glasgow" after "Bowling Green, Kentucky"); asked last, as it reads the text's places.
     * Not a town a fiftieth the size of a capital of millions: "based in London" after "the
     * University of California" is no town of 1,900 people there, nor "a Paris suburb" in a
     * story that named Texas the town of 25,000 there; said once with its state ("Paris,
     * Texas"), a town keeps that sense through the story (resolve_mention) */
    if (small && rival >= 1000000 && (uint64_t)p->population * (rival_capital ? 50 : 100) < rival)
        return 1;
    return small && !division_named(c, p);
}

static double score(const hd_coder *c, const hd_place_rec *p, int division_cue, int settlement_cue,
                    const hd_place_rec *qual, int is_namesake)
{
    /* a first-level division counts as a place of a tenth of its people, and at least of
     * 100,000: "California" is the state before California, Maryland, "Ontario" the province
     * before Ontario, California, and "Aleppo" still the city before its governorate */
    double sc = p->kind == HD_PLACE_ADMIN1 ? fmax(5.0, log10((double)p->population + 1.0) - 1.0)
                                           : log10((double)p->population + 1.0);
    if (qual && p->kind == HD_PLACE_CITY) {
        sc += 20;
        if (qual->kind == HD_PLACE_ADMIN1 && !strcmp(hd_gazetteer_str(c->gaz, p->admin1), hd_gazetteer_str(c->gaz, qual->admin1)))
            sc += 10;
    }
    int named = is_namesake ? 0 : country_named(c, p->cc);
    if (p->kind == HD_PLACE_COUNTRY)
        sc += 16; /* "Peru" is the country before any town of that name */
    if (named)
        sc += 5 + (named > 1);
    if (!strcmp(p->feature, "PPLC"))
        sc += 2;
    else if (!strcmp(p->feature, "PPLA"))
        sc += 1;
    /* a tiny division's name is more often a town's than the division's without "state of"
     * or "province"; one of 100,000 people or more is the division ("in Delaware", not
     * Delaware, Ohio) */
    if (p->kind == HD_PLACE_ADMIN1)
        sc += division_cue ? 12 : p->population >= 100000 ? 0 : -0.5;
    else if (division_cue && p->kind == HD_PLACE_CITY)
        sc -= 1;
    if (settlement_cue && p->kind == HD_PLACE_CITY)
        sc += 2;
    /* a town in a division the text has named ("near Nogales" on "the Arizona-Mexico border") */
    if (p->kind == HD_PLACE_CITY && division_named(c, p))
        sc += 3;
    return sc;
}

/* Whether a choice is safe enough to report: a country, a division or a place in a country
 * the text names, or a town large enough to be the likely meaning of its name. */
static int confident(const hd_coder *c, const hd_place_rec *p, int known_word, const hd_place_rec *qual,
                     int division_cue)
{
    if (p->kind == HD_PLACE_COUNTRY || country_named(c, p->cc) || (qual && !memcmp(qual->cc, p->cc, 2)))
        return 1;
    /* "Eastern", "Central": common words that name divisions; "Gulf" (Papua New Guinea) or
     * "Somali" (Ethiopia) in a text that never names the country are no division */
    if (p->kind == HD_PLACE_ADMIN1)
        return !known_word && (division_cue || p->population >= 1000000); /* "in Ontario", "in Punjab" */
    return p->population >= (known_word ? 200000u : 15000u);
}

/* Whether token j opens a clause of its own: a word that does ("who", "after"), "and" or "but"
 * after a comma, a semicolon, or a dash set apart by spaces (a hyphen joins words instead). */
static int opens_own_clause(const hd_sent *s, size_t j)
{
    const hd_tok *t = &s->tok[j];
    if (t->cls & WC_CLAUSE)
        return 1;
    if (hd_tok_is(s, j, ";"))
        return 1;
    if ((t->cls & WC_CLAUSE_JOIN) && j > 0 && hd_tok_is(s, j - 1, ","))
        return 1;
    return (hd_tok_is(s, j, "-") || hd_tok_is(s, j, "\xe2\x80\x93") || hd_tok_is(s, j, "\xe2\x80\x94")) && t->start > 0 &&
           (s->text[t->start - 1] == ' ') && j + 1 < s->ntok && s->tok[j + 1].start > t->end;
}

/* The verb tags are contiguous; T_PUNCT lies past the 32 bits TAGBIT can shift. */
static int is_verb_tag(int tag) { return tag >= T_VB && tag <= T_VBZ; }

/* 1 when place p lies inside `outer`: in its country, and in its division when outer is a
 * division or a town */
static int lies_in(const hd_coder *c, const hd_place_rec *p, const hd_place_rec *outer)
{
    if (memcmp(p->cc, outer->cc, 2) != 0 || p == outer)
        return 0;
    return outer->kind == HD_PLACE_COUNTRY ||
           !strcmp(hd_gazetteer_str(c->gaz, p->admin1), hd_gazetteer_str(c->gaz, outer->admin1));
}

/* "a vigil at Val Verde Park in Poway", "Munich's Hauptbahnhof": a town's name said inside
 * another place (the container, named by key) is a park, a station or a quarter there when no
 * town of the name lies in it; Val Verde Park, Texas is not in Poway, California. Drops
 * the candidates outside every place the container may be and returns how many are left (all
 * of them when the container is no place). */
static size_t inside_container(const hd_coder *c, uint32_t *cand, size_t n, const char *key, size_t kl)
{
    uint32_t outer[MAX_CANDIDATES];
    size_t no = kl ? hd_gazetteer_lookup(c->gaz, key, kl, outer, MAX_CANDIDATES) : 0;
    if (no == 0)
        return n;
    if (no > MAX_CANDIDATES)
        no = MAX_CANDIDATES;
    size_t kept = 0;
    for (size_t k = 0; k < n; k++) {
        const hd_place_rec *p = hd_gazetteer_place(c->gaz, cand[k]);
        int in = p->kind == HD_PLACE_COUNTRY; /* "Georgia in the Caucasus" is no quarter */
        for (size_t q = 0; q < no && !in; q++)
            in = lies_in(c, p, hd_gazetteer_place(c->gaz, outer[q]));
        if (in)
            cand[kept++] = cand[k];
    }
    return kept;
}

/* Chooses the place a found name means and records it; `container` names the place it is
 * said to be in ("X in Y", "Y's X"), NULL when none. */
static void resolve_mention(hd_coder *c, const hd_sent *s, size_t i, size_t best_j, const char *key, size_t best_kl,
                            const char *container, size_t container_kl)
{
    uint32_t cand[MAX_CANDIDATES];
    size_t best_n = hd_gazetteer_lookup(c->gaz, key, best_kl, cand, MAX_CANDIDATES);
    if (best_n > MAX_CANDIDATES)
        best_n = MAX_CANDIDATES;
    if (container)
        best_n = inside_container(c, cand, best_n, container, container_kl);
    /* "Idlib province", "the state of Florida" */
    int division_cue = tok_in_list(s, best_j + 1, WL_DIVISION) ||
                       (i >= 3 && hd_tok_is(s, i - 1, "of") && tok_in_list(s, i - 2, WL_DIVISION) &&
                        !is_upper_start(s, i - 3)); /* not "the Chinatown district of Honiara" */
    int settlement_cue = i >= 2 && hd_tok_is(s, i - 1, "of") && tok_in_list(s, i - 2, WL_SETTLEMENT);
    /* a capitalised common word ("Police", "Power") at a sentence's start is a word */
    int known_word = s->tok[i].word != HD_NONE && s->tok[i].tag != T_NNP && s->tok[i].tag != T_NNPS;
    const hd_place_rec *quals[8];
    size_t nq = qualifiers(c, s, best_j + 1, quals, 7);
    const hd_place_rec *demonym = demonym_country(c, s, i);
    if (demonym)
        quals[nq++] = demonym;
    /* a qualifier said, not a list's next item */
    int qualified = demonym || (nq > 0 && !list_after(s, best_j + 1));
    const hd_place_rec *best = NULL;
    uint32_t best_index = 0;
    double best_score = -1e9;
    for (size_t k = 0; k < best_n; k++) {
        const hd_place_rec *p = hd_gazetteer_place(c->gaz, cand[k]);
        double sc = score(c, p, division_cue, settlement_cue, qualified ? agreeing(c, p, quals, nq) : NULL,
                          namesake(c, cand, best_n, p));
        if (sc > best_score) {
            best_score = sc;
            best = p;
            best_index = cand[k];
        }
    }
    if (!best)
        return;
    /* one sense per story: "a Paris, Missouri, man ... in Paris" is the Paris said with its
     * state the first time, where the second mention alone would be the capital of France */
    uint32_t key_hash = hd_hash_bytes(key, best_kl);
    if (!qualified)
        for (size_t k = 0; k < c->ngeo; k++)
            if (c->geo[k].qualified && c->geo[k].key_hash == key_hash)
                for (size_t q = 0; q < best_n; q++)
                    if (cand[q] == c->geo[k].place) {
                        best = hd_gazetteer_place(c->gaz, cand[q]);
                        best_index = cand[q];
                    }
    /* "Georgia" next to "Atlanta": a division of a country whose places the text names wins
     * over a country of the same name that no other place supports */
    if (best->kind == HD_PLACE_COUNTRY && places_named_in(c, best->cc) == 0)
        for (size_t k = 0; k < best_n; k++) {
            const hd_place_rec *p = hd_gazetteer_place(c->gaz, cand[k]);
            if (p->kind == HD_PLACE_ADMIN1 && places_named_in(c, p->cc) > 0) {
                best = p;
                best_index = cand[k];
                break;
            }
        }
    /* "in Syria", "near the city of Hama", "in the state of Florida": a place where, not an actor */
    size_t before = i;
    while (before > 0 && (s->tok[before - 1].tag == T_DT || s->tok[before - 1].tag == T_JJ ||
                          /* "in Iraq's Anbar province": over the country that owns it */
                          (s->tok[before - 1].tag == T_POS && before >= 2 && is_upper_start(s, before - 2)) ||
                          (s->tok[before].tag == T_POS && is_upper_start(s, before - 1)) ||
                          hd_tok_is(s, before - 1, "of") || tok_in_list(s, before - 1, WL_SETTLEMENT) ||
                          (hd_tok_is(s, before, "of") && tok_in_list(s, before - 1, WL_DIVISION))))
        before--;
    /* "took to the streets of Barcelona", "fled to the capital of Mali": "to" a settlement of
     * a place is into it */
    int into_settlement = 0;
    for (size_t k = before; k < i && !into_settlement; k++)
        into_settlement = tok_in_list(s, k, WL_SETTLEMENT);
    int locative = before > 0 && (tok_in_list(s, before - 1, WL_LOCATIVE) || (into_settlement && hd_tok_is(s, before - 1, "to")));
    /* "changes in China's economic architecture", "in Iran's nuclear programme": a country
     * that owns a thing names no place where ("in Iraq's Anbar province", "in Syria's
     * capital", "in Syria's north" do) */
    if (locative && best->kind == HD_PLACE_COUNTRY && best_j + 2 < s->ntok && s->tok[best_j + 1].tag == T_POS) {
        size_t owned = best_j + 2;
        while (owned + 1 < s->ntok && s->tok[owned].tag == T_JJ && !tok_in_list(s, owned, WL_LOCATIVE))
            owned++;
        if (!is_upper_start(s, owned) && !tok_in_list(s, owned, WL_SETTLEMENT | WL_DIVISION | WL_LOCATIVE))
            locative = 0;
    }
    /* "fifty miles northwest of the Philippines", "outside of Syria": a direction from a
     * country is outside it ("in the south of France", with its article, is inside) */
    if (locative && best->kind == HD_PLACE_COUNTRY && hd_tok_is(s, before, "of") &&
        !(before >= 2 && s->tok[before - 2].tag == T_DT))
        locative = 0;
    const hd_place_rec *qual = qualified ? agreeing(c, best, quals, nq) : NULL;
    /* "Charlevoix, Canada", "the English city of Salisbury": no place of the name lies where
     * the text says, so the gazetteer lacks the one meant (Michigan's Charlevoix and the old
     * name of Harare are not it) */
    if (qualified && !qual && best->kind == HD_PLACE_CITY)
        return;
    /* "the Roosevelt Room", "the Lincoln Memorial": a town's name does not take "the" (a
     * settlement word between, "the town of", is no part of it), so one with "the" before it and a
     * name after it is part of another name; a large city's name there still places
     * ("the Kabul International Airport") */
    if (best->kind == HD_PLACE_CITY && i > 0 && s->tok[i - 1].tag == T_DT && best_j + 1 < s->ntok &&
        is_upper_start(s, best_j + 1) && s->tok[best_j + 1].tag >= T_NN && s->tok[best_j + 1].tag <= T_NNPS &&
        !tok_in_list(s, best_j + 1, WL_SETTLEMENT | WL_DIVISION) && best->population < 100000 && !qual)
        return;
    /* a headline in title case capitalises every word: a small town's name there is more often
     * a surname ("Pressure on Steele") unless a preposition of place or a state comes with it */
    /* "at" a country is a target, never where ("lashed out at the United States") */
    /* nor "toward" one: an approach or a policy ("her approach toward Libya") */
    int firm_locative = locative && !hd_tok_is(s, before - 1, "on") && !hd_tok_is(s, before - 1, "over") &&
                        !hd_tok_is(s, before - 1, "from") &&
                        !(best->kind == HD_PLACE_COUNTRY &&
                          (hd_tok_is(s, before - 1, "at") || hd_tok_is(s, before - 1, "toward") ||
                           hd_tok_is(s, before - 1, "towards")));
    if (c->headline_case && best->kind == HD_PLACE_CITY && !firm_locative && !qual && !settlement_cue &&
        best->population < 100000)
        return;
    /* a town's name that is also an English word or name ("Warren said", "the Union", "Arab
     * states", "on the Hill"), or that many towns share, is a place only said as one: after
     * "in", "at", "near", with its state or country ("Warren, Michigan"), or as "the town
     * of"; a city large enough to be the likely meaning of its name, or a capital, needs none
     * of these, nor does a name only one small town has that English does not use ("Kobani") */
    int english = best_j == i && (s->tok[i].word != HD_NONE || best_n >= 3);
    if (english && best->kind == HD_PLACE_CITY && !firm_locative && !qual && !settlement_cue &&
        best->population < 200000 && strcmp(best->feature, "PPLC") != 0 && strcmp(best->feature, "PPLA") != 0)
        return;
    if (confident(c, best, known_word, qual, division_cue)) {
        if (hd_grow((void **)&c->geo, &c->geo_cap, c->ngeo + 1, sizeof *c->geo) == 0) {
            geo_mention *m = &c->geo[c->ngeo++];
            m->sentence = c->sentence_no;
            m->base = s->text;
            m->start = s->tok[i].start;
            m->end = s->tok[best_j].end;
            m->place = best_index;
            m->key_hash = key_hash;
            m->qualified = qual != NULL;
            m->locative = locative;
            m->firm = firm_locative;
            size_t next = best_j + 1;
            /* "the U.S.-Mexico border", "US-China talks", "new U.S. and EU sanctions": places
             * joined by a hyphen or a conjunction qualify what follows, as one place before a
             * noun does */
            int pair = next + 1 < s->ntok && hd_tok_is(s, next, "-") && s->tok[next].start == s->tok[best_j].end &&
                       is_upper_start(s, next + 1);
            /* ... as do "U.S. and coalition forces", "Turkish and allied troops": one noun after both */
            if (next + 2 < s->ntok && (hd_tok_is(s, next, "and") || hd_tok_is(s, next, "or")) &&
                (is_upper_start(s, next + 1)
                     ? s->tok[next + 2].tag == T_NN || s->tok[next + 2].tag == T_NNS
                     : (s->tok[next + 1].tag == T_NN || s->tok[next + 1].tag == T_JJ) && s->tok[next + 2].tag == T_NNS))
                pair = 1;
            m->modifier = next >= s->ntok || (s->tok[next].cls & WC_DATE) ? 0
                          : s->tok[next].tag == T_POS ? 2
                          : pair || s->tok[next].tag == T_NN || s->tok[next].tag == T_NNS || s->tok[next].tag == T_NNP ||
                            s->tok[next].tag == T_NNPS || s->tok[next].tag == T_JJ;
            /* "U.S.-allied Kurdish forces", "Benghazi-based militants": a place with a suffix of
             * origin or control qualifies its noun, as a place before a noun does */
            if (has_place_suffix(s, best_j))
                m->modifier = 1;
            m->phrase_start = s->tok[before].start;
            /* "the strike on Idlib": a preposition that can lead an act's target; "protests
             * over Syria", "refugees from Syria" name a topic or an origin */
            m->lead_start = locative && !hd_tok_is(s, before - 1, "over") && !hd_tok_is(s, before - 1, "from")
                                ? s->tok[before - 1].start : m->phrase_start;
            m->opens = locative && (before == 1 || (before == 2 && s->tok[0].tag == T_VBG));
            m->noun_head = UINT32_MAX;
            m->origin = before > 0 && hd_tok_is(s, before - 1, "from");
            m->in_participle = 0;
            m->subject_of = UINT32_MAX;
            m->owner_subject_of = m->owner_noun = UINT32_MAX;
            m->act_noun = UINT32_MAX;
            m->clause_verb = UINT32_MAX;
            m->after_topic = UINT32_MAX;
            m->after_act = 0;
            m->topic_noun = 0;
            if (s->parsed) {
                size_t h = best_j;
                for (int up = 0; up < 8 && s->tok[h].head >= 0 && (size_t)s->tok[h].head >= before &&
                                 (size_t)s->tok[h].head <= best_j; up++)
                    h = (size_t)s->tok[h].head;
                int attach = s->tok[h].head, where = 0;
                /* "at the presidential palace in Kabul": a noun that is itself where */
                for (size_t q = 0; attach >= 0 && q < (size_t)attach && !where; q++)
                    where = s->tok[q].head == attach && s->tok[q].rel == R_CASE && tok_in_list(s, q, WL_LOCATIVE) &&
                            !hd_tok_is(s, q, "on") && !hd_tok_is(s, q, "over") && !hd_tok_is(s, q, "from");
                int actor = attach >= 0 && names_actor(s, (size_t)attach);
                int cs = attach >= 0 ? hd_clause_case(s, (size_t)attach) : -1;
                if (attach >= 0 && !where && !actor && (s->tok[attach].tag == T_NN || s->tok[attach].tag == T_NNS)) {
                    m->noun_head = s->tok[attach].start;
                    /* right after the noun: a second place further on ("against the war in Iraq
                     * in London") is more often where, whatever the parse says */
                    m->topic_noun = before >= 2 && (size_t)attach + 2 == before &&
                                    (s->tok[attach].rel == R_OBJ ||
                                     (cs >= 0 && (hd_tok_is(s, (size_t)cs, "against") || hd_tok_is(s, (size_t)cs, "over") ||
                                                  hd_tok_is(s, (size_t)cs, "about") || hd_tok_is(s, (size_t)cs, "with"))));
                }
                if (before >= 2 && locative && (s->tok[before - 2].tag == T_NN || s->tok[before - 2].tag == T_NNS) &&
                    s->tok[before - 2].rel == R_OBJ && !names_actor(s, before - 2)) {
                    m->after_topic = s->tok[before - 2].start;
                    int cov = s->tok[before - 2].covered_by;
                    m->after_act = cov >= 0 && hd_match_entry(s, &s->matches[cov], E_NOUN) != NULL;
                }
                /* "charges in last year's attack on a U.S. post in Benghazi": the place of an
                 * act that a noun is about (through the nouns it hangs on) is that act's */
                for (int up = 0, k = attach; up < 5 && k >= 0 && s->tok[k].tag >= T_NN && s->tok[k].tag <= T_NNPS;
                     up++, k = s->tok[k].head) {
                    const hd_match *em = s->tok[k].covered_by >= 0 ? &s->matches[s->tok[k].covered_by] : NULL;
                    if (em && hd_match_entry(s, em, E_NOUN)) {
                        int kh = s->tok[k].head;
                        if (kh >= 0 && s->tok[kh].tag >= T_NN && s->tok[kh].tag <= T_NNPS)
                            m->act_noun = s->tok[em->first].start;
                        break;
                    }
                }
                /* "flew from Andersen Air Force Base in Guam": whence, as after "from" itself */
                if (attach >= 0 && s->tok[attach].tag >= T_NN && s->tok[attach].tag <= T_NNPS && s->tok[h].rel == R_NMOD &&
                    cs >= 0 && hd_tok_is(s, (size_t)cs, "from"))
                    m->origin = 1;
                if (attach >= 0 && (s->tok[h].rel == R_NSUBJ || s->tok[h].rel == R_NSUBJ_PASS) && is_verb_tag(s->tok[attach].tag))
                    m->subject_of = s->tok[attach].start;
                else if (attach >= 0 && s->tok[attach].tag >= T_NN && s->tok[attach].tag <= T_NNPS &&
                         (s->tok[attach].rel == R_NSUBJ || s->tok[attach].rel == R_NSUBJ_PASS) &&
                         s->tok[attach].head >= 0 && is_verb_tag(s->tok[s->tok[attach].head].tag)) {
                    m->owner_subject_of = s->tok[s->tok[attach].head].start;
                    m->owner_noun = s->tok[attach].start;
                }
                /* "a U.S. citizen born in New York", "the journalist, who wrote for a paper and
                 * lived in Virginia,", "who commanded forces in Iraq": the verb the place's
                 * phrase hangs on, and the first verb of its clause, tell */
                int verb = attach;
                for (int up = 0; up < 4 && verb >= 0 && !is_verb_tag(s->tok[verb].tag); up++)
                    verb = s->tok[verb].head;
                int clause = verb;
                for (int up = 0; up < 4 && clause >= 0 && s->tok[clause].rel == R_CONJ; up++)
                    clause = s->tok[clause].head;
                int shared = verb >= 0 && is_verb_tag(s->tok[verb].tag) ? hd_clause_shared_verb(s, verb) : -1;
                m->clause_verb = shared >= 0 ? s->tok[shared].start : UINT32_MAX;
                m->in_participle = verb >= 0 && ((s->tok[verb].tag == T_VBN && s->tok[verb].rel == R_ACL) ||
                                                 (clause >= 0 && is_verb_tag(s->tok[clause].tag) &&
                                                  s->tok[clause].rel == R_ACL_RELCL));
            }
            m->verb_after = UINT32_MAX;
            for (size_t v = best_j + 1; v < s->ntok; v++)
                if (is_verb_tag(s->tok[v].tag) && !(s->tok[v].cls & (WC_BE | WC_HAVE | WC_DO | WC_GET))) {
                    m->verb_after = s->tok[v].start;
                    break;
                }
            m->break_after = UINT32_MAX;
            for (size_t v = best_j + 1; v < s->ntok && m->break_after == UINT32_MAX; v++)
                if (opens_own_clause(s, v))
                    m->break_after = s->tok[v - (hd_tok_is(s, v - 1, ",") && (s->tok[v].cls & WC_CLAUSE_JOIN))].start;
            m->break_before = 0;
            for (size_t v = i; v-- > 0 && m->break_before == 0;)
                if (opens_own_clause(s, v))
                    m->break_before = s->tok[v - (v > 0 && hd_tok_is(s, v - 1, ",") && (s->tok[v].cls & WC_CLAUSE_JOIN))].start;
            /* a participle that opens a clause of its own on a noun ("a U.S. citizen born in
             * New York") counts; one of a verb group ("was killed in") does not */
            m->verb_before = 0;
            for (size_t v = i; v-- > 0;)
                if (is_verb_tag(s->tok[v].tag) && (s->tok[v].tag != T_VBN || (s->parsed && s->tok[v].rel == R_ACL))) {
                    m->verb_before = s->tok[v].start;
                    break;
                }
            /* "in Paris and Homs": a place joined to a locative one is where too */
            /* not an owner after it: "the clash in Ukraine and Russia's annexation of Crimea" */
            /* nor a speaker after a comma: "air drops in northern Iraq, the White House said" */
            int speaker = before > 1 && hd_tok_is(s, before - 1, ",") && next < s->ntok && is_verb_tag(s->tok[next].tag);
            /* the list's last member may follow ", and" or ", or" */
            size_t prev_last = before >= 3 && hd_tok_is(s, before - 2, ",") &&
                                       (hd_tok_is(s, before - 1, "and") || hd_tok_is(s, before - 1, "or"))
                                   ? before - 3 : before - 2;
            if (!m->locative && m->modifier != 2 && c->ngeo >= 2 && before > 1 && !speaker &&
                (hd_tok_is(s, before - 1, "and") || hd_tok_is(s, before - 1, "or") || hd_tok_is(s, before - 1, ",")) &&
                c->geo[c->ngeo - 2].sentence == m->sentence && c->geo[c->ngeo - 2].base == m->base &&
                c->geo[c->ngeo - 2].end == s->tok[prev_last].end)
            {
                m->locative = c->geo[c->ngeo - 2].locative;
                m->firm = c->geo[c->ngeo - 2].firm;
                /* and in its clause: "who commanded forces in Iraq and Afghanistan" */
                m->in_participle |= c->geo[c->ngeo - 2].in_participle;
                /* and of its topic: "discussed conflicts in Yemen, Libya and Ukraine" */
                m->after_topic = c->geo[c->ngeo - 2].after_topic;
                m->after_act = c->geo[c->ngeo - 2].after_act;
                /* and whence: "passports from Iran, Libya, Somalia, Sudan, Syria, or Yemen" */
                m->origin |= c->geo[c->ngeo - 2].origin;
            }
        }
        note_country(c, best->cc);
    }
}

/* 1 when some country (or, with divisions, some first-level division) has the name key */
static int named_kind(const hd_coder *c, const char *key, size_t kl, int divisions)
{
    uint32_t cand[MAX_CANDIDATES];
    size_t n = hd_gazetteer_lookup(c->gaz, key, kl, cand, MAX_CANDIDATES);
    for (size_t k = 0; k < n && k < MAX_CANDIDATES; k++) {
        int kind = hd_gazetteer_place(c->gaz, cand[k])->kind;
        if (kind == HD_PLACE_COUNTRY || (divisions && kind == HD_PLACE_ADMIN1))
            return 1;
    }
    return 0;
}

static int names_country(const hd_coder *c, const char *key, size_t kl) { return named_kind(c, key, kl, 0); }

static int names_country_or_division(const hd_coder *c, const char *key, size_t kl)
{
    return named_kind(c, key, kl, 1);
}

/* "President Evo Morales" ... "Morales said": the last word of a person's name of two or more
 * capitalised words, remembered for the document's bare mentions of it (which are then no place) */
static void remember_surnames(hd_coder *c, const hd_sent *s)
{
    for (size_t k = 0; k < s->nactor; k++) {
        const hd_actor_info *a = &s->actors[k];
        size_t last = a->name_last;
        if (!a->person || a->from_pronoun || last == 0 || last >= s->ntok || !is_upper_start(s, last) ||
            !is_upper_start(s, last - 1) || s->tok[last - 1].tag != T_NNP)
            continue;
        uint32_t h = hd_hash_bytes(s->text + s->tok[last].start, s->tok[last].end - s->tok[last].start);
        int known = 0;
        for (size_t q = 0; q < c->nperson_words && !known; q++)
            known = c->person_words[q] == h;
        if (!known && c->nperson_words < sizeof c->person_words / sizeof c->person_words[0])
            c->person_words[c->nperson_words++] = h;
    }
}

/* "Keith Lamont Scott" ... "Scott's apartment": the last word of a person's name of two to
 * four words the gazetteer does not know is no town when it comes alone later. A name with a
 * word of an organisation, a feature or a division ("Washington Post", "Jordan Valley"), or a
 * common word, is no person's; a word that also names a country or a division ("Samuel
 * Jordan") stays a place. */
static void remember_name_end(hd_coder *c, const hd_sent *s, size_t first, size_t last)
{
    if (last <= first || last - first > 3 || c->nperson_words >= sizeof c->person_words / sizeof c->person_words[0])
        return;
    /* each word a name's: capitalised, of letters, no common word ("the A429 Cirencester
     * junction", "Courthouse Ballyjamesduff") */
    for (size_t k = first; k <= last; k++) {
        const hd_tok *t = &s->tok[k];
        if (t->tag != T_NNP || t->covered_by >= 0 || !(t->shape & SH_CAP) ||
            (t->shape & (SH_ALLCAP | SH_DIGIT | SH_ABBR | SH_TITLEABBR)) ||
            (t->word != HD_NONE && (s->model->words[t->word].tags & ~(TAGBIT(T_NNP) | TAGBIT(T_NNPS)))) ||
            tok_in_list(s, k, WL_ORG_HEAD | WL_FEATURE_LAST | WL_FEATURE_FIRST | WL_DIVISION | WL_SETTLEMENT))
            return;
        for (size_t b = t->start; b < t->end; b++)
            if (s->text[b] >= '0' && s->text[b] <= '9')
                return;
    }
    char key[64];
    size_t kl = hd_gazetteer_fold(s->text + s->tok[last].start, s->tok[last].end - s->tok[last].start, key, sizeof key);
    if (kl == 0 || names_country_or_division(c, key, kl))
        return;
    c->person_words[c->nperson_words++] = hd_hash_bytes(s->text + s->tok[last].start, s->tok[last].end - s->tok[last].start);
}

/* "Gulf of Oman", "Bay of Bengal", "Bank of England", "Stade de France": a name with "of"
 * (or a particle both of names and of places: "de", "del", "al") and a capitalised word after
 * it is a longer name the gazetteer does not know ("Gulf" alone is a province of Papua New
 * Guinea, "Stade" a German town), unless what follows is a country the name has a place in
 * ("Kurdistan Region of Iraq") */
static int of_longer_name(const hd_coder *c, const hd_sent *s, size_t last, const char *key, size_t kl)
{
    int joined_by = last + 1 < s->ntok && (hd_tok_is(s, last + 1, "of") ||
                                           (is_particle(s, last + 1) && tok_in_list(s, last + 1, WL_NAME_PARTICLE)));
    if (last + 2 >= s->ntok || !joined_by || !is_upper_start(s, last + 2) ||
        (s->tok[last + 2].cls & WC_DATE))
        return 0;
    long country = token_country(c, s, last + 2);
    if (country < 0)
        return 1;
    uint32_t cand[MAX_CANDIDATES];
    size_t n = hd_gazetteer_lookup(c->gaz, key, kl, cand, MAX_CANDIDATES);
    for (size_t k = 0; k < n && k < MAX_CANDIDATES; k++)
        if (!memcmp(hd_gazetteer_place(c->gaz, cand[k])->cc, c->geo_a3[country].a2, 2))
            return 0;
    return 1;
}

/* "the Arizona-Mexico border", "Texas-Mexico trade": the divisions and countries a
 * hyphenated compound names are no place of an act (the border is neither), but they tell
 * which Nogales or Laredo the text means. */
static void note_compound_parts(hd_coder *c, const hd_sent *s, size_t i)
{
    const char *w = s->text + s->tok[i].start, *end = s->text + s->tok[i].end;
    char key[64];
    size_t whole = hd_gazetteer_fold(w, (size_t)(end - w), key, sizeof key);
    if (suffix_dash(s, i) || (whole && hd_gazetteer_lookup(c->gaz, key, whole, NULL, 0) > 0))
        return; /* "Guinea-Bissau" is one name */
    for (const char *part = w; part < end;) {
        const char *dash = memchr(part, '-', (size_t)(end - part));
        const char *stop = dash ? dash : end;
        uint32_t cand[4];
        size_t kl = *part >= 'A' && *part <= 'Z' ? hd_gazetteer_fold(part, (size_t)(stop - part), key, sizeof key) : 0;
        size_t n = kl ? hd_gazetteer_lookup(c->gaz, key, kl, cand, 4) : 0;
        for (size_t k = 0; k < n && k < 4; k++) {
            const hd_place_rec *q = hd_gazetteer_place(c->gaz, cand[k]);
            if (q->kind == HD_PLACE_COUNTRY || q->kind == HD_PLACE_ADMIN1)
                note_country_by(c, q->cc, 0);
            if (q->kind == HD_PLACE_ADMIN1 && c->ngeo_divisions < sizeof c->geo_divisions / sizeof c->geo_divisions[0])
                c->geo_divisions[c->ngeo_divisions++] = cand[k];
        }
        part = stop + 1;
    }
}

/* 1 when the words that made an actor are a town's name the gazetteer knows ("London" as
 * the British government) and no country's */
static int named_by_town(const hd_coder *c, const hd_sent *s, const hd_actor_info *a)
{
    int cov = s->tok[a->name_last].covered_by;
    if (cov < 0)
        return 0;
    const hd_match *m = &s->matches[cov];
    if (!hd_match_entry(s, m, E_ACTOR))
        return 0; /* "Australian police": an agent's word, whatever town is called "Police" */
    size_t first = m->first, last = m->first + m->n - 1;
    char key[160];
    size_t kl = hd_gazetteer_fold(s->text + s->tok[first].start, s->tok[last].end - s->tok[first].start, key, sizeof key);
    uint32_t cand[MAX_CANDIDATES];
    size_t n = kl ? hd_gazetteer_lookup(c->gaz, key, kl, cand, MAX_CANDIDATES) : 0;
    int town = 0;
    for (size_t k = 0; k < n && k < MAX_CANDIDATES; k++) {
        const hd_place_rec *p = hd_gazetteer_place(c->gaz, cand[k]);
        if (p->kind == HD_PLACE_COUNTRY || p->kind == HD_PLACE_ADMIN1)
            return 0;
        town |= p->kind == HD_PLACE_CITY && !is_seat(p);
    }
    return town;
}

void hd_geo_sentence(hd_coder *c)
{
    if (!c->gaz)
        return;
    hd_sent *s = &c->sent;
    /* the countries the sentence's actors belong to count as named; not one an actor has by a
     * town's name ("Smith of London"), which would choose that town's country for the name
     * itself: the place, once resolved, names its country */
    for (size_t k = 0; k < s->nactor; k++) {
        char cc[2];
        if (s->actors[k].country[0] && !named_by_town(c, s, &s->actors[k]) && actor_country(c, s->actors[k].country, cc))
            note_country_by(c, cc, 0);
    }
    remember_surnames(c, s);
    struct {
        size_t i, j, kl;
        char key[160];
    } pending[MAX_PENDING];
    size_t npending = 0;
    size_t person_end = 0;
    for (size_t i = 0; i < s->ntok; i++) {
        if (!is_upper_start(s, i) || (s->tok[i].cls & WC_DATE))
            continue;
        if (is_joined_name(s, i))
            note_compound_parts(c, s, i);
        /* a named person is no place ("Lavrov", "Assad"); a capital named as a government
         * ("Mexico City") still is */
        int person = 0;
        for (size_t k = 0; k < s->nactor && !person; k++) {
            const hd_actor_info *a = &s->actors[k];
            if (!a->person || a->first > i || i > a->name_last)
                continue;
            int capitalised = 1; /* the person's name, not "the Benghazi-based commander" */
            for (size_t q = i; q <= a->name_last && capitalised; q++)
                capitalised = is_upper_start(s, q);
            if (!capitalised)
                continue;
            const hd_entry *who = s->tok[i].covered_by >= 0 ? hd_match_entry(s, &s->matches[s->tok[i].covered_by], E_ACTOR) : NULL;
            if (who && strlen(hd_str(s->model, who->code)) == 3)
                continue; /* "Haiti's prime minister": the country before the title */
            char name[160];
            size_t nl = hd_gazetteer_fold(s->text + s->tok[i].start, s->tok[a->name_last].end - s->tok[i].start, name,
                                          sizeof name);
            person = nl == 0 || hd_gazetteer_lookup(c->gaz, name, nl, NULL, 0) == 0;
        }
        /* "Congress", "Police", "Army": words for actors that also name some town; "Union" in
         * "European Union", "State" in "Islamic State": words inside a longer dictionary name */
        const hd_match *cover = s->tok[i].covered_by >= 0 ? &s->matches[s->tok[i].covered_by] : NULL;
        if (person || (cover && (hd_match_entry(s, cover, E_AGENT) || cover->first < i)))
            continue;
        /* "the Gulf of Oman", "the Strait of Hormuz", "the Sea of Japan": a sea named after a
         * country or a town is not it */
        if (i >= 2 && hd_tok_is(s, i - 1, "of") && is_upper_start(s, i - 2) && tok_in_list(s, i - 2, WL_FEATURE_FIRST))
            continue;
        /* a name the actor dictionary files under persons or organisations ("Obama", "Bush") */
        const hd_entry *named = cover ? hd_match_entry(s, cover, E_ACTOR) : NULL;
        /* a people's adjective ("English", "Mexican") names no place of its own */
        if (named && s->tok[i].tag == T_JJ && strlen(hd_str(s->model, named->code)) == 3 && cover->n == 1)
            continue;
        if (named && (named->form == AK_PERSON || named->form == AK_ORGANIZATION))
            continue;
        /* a name after a title ("Chairman Steele", "Sen. Warner") is a person's */
        if (i < person_end)
            continue;
        if (i > 0 && ((s->tok[i - 1].shape & SH_TITLEABBR) || (is_upper_start(s, i - 1) && tok_in_list(s, i - 1, WL_PERSON_TITLE)))) {
            /* the whole name, and its last word remembered for bare mentions later ("Steele") */
            person_end = i + 1;
            while (person_end < s->ntok && person_end < i + 3 && is_upper_start(s, person_end) &&
                   s->tok[person_end].covered_by < 0 && !(s->tok[person_end].cls & WC_DATE))
                person_end++;
            size_t last = person_end - 1;
            if (c->nperson_words < sizeof c->person_words / sizeof c->person_words[0])
                c->person_words[c->nperson_words++] =
                    hd_hash_bytes(s->text + s->tok[last].start, s->tok[last].end - s->tok[last].start);
            continue;
        }
        /* a surname the document introduced with a title ("Chairman Michael Steele" ... "Steele") */
        if (!cover && (i + 1 >= s->ntok || !is_upper_start(s, i + 1))) {
            uint32_t h = hd_hash_bytes(s->text + s->tok[i].start, s->tok[i].end - s->tok[i].start);
            int learned = 0;
            for (size_t k = 0; k < c->nnames && !learned; k++)
                learned = c->names[k].word == h;
            for (size_t k = 0; k < c->nperson_words && !learned; k++)
                learned = c->person_words[k] == h;
            if (learned)
                continue;
        }
        /* only nouns, adjectives and unknown words name places ("The", "But" do not) */
        int tag = s->tok[i].tag;
        int the_name = tag == T_DT && i + 1 < s->ntok && is_upper_start(s, i + 1) && hd_tok_is(s, i, "the"); /* "The Hague" */
        if (s->tok[i].word != HD_NONE && tag != T_NNP && tag != T_NNPS && tag != T_NN && tag != T_NNS && tag != T_JJ &&
            !the_name)
            continue;
        /* the longest name the gazetteer knows, ending on a capitalised word; the key is
         * folded a word at a time */
        size_t best_j = 0, best_n = 0, kl = 0, best_kl = 0;
        char key[160];
        for (size_t j = i; j < s->ntok && j < i + MAX_SPAN; j++) {
            int joined = j > i && is_joined_name(s, j);
            /* "Cox's Bazar": a possessive inside a name */
            int inner_clitic = j > i && (s->tok[j].shape & SH_CLITIC) && j + 1 < s->ntok && is_upper_start(s, j + 1);
            if (j > i && !is_upper_start(s, j) && !is_particle(s, j) && !joined && !inner_clitic)
                break;
            if (j > i && s->tok[j].start > s->tok[j - 1].end && kl + 1 < sizeof key)
                key[kl++] = ' ';
            size_t wlen = s->tok[j].end - s->tok[j].start;
            /* "Benghazi-based", "Kabul-led": the place before the suffix */
            const char *dash = j == i ? suffix_dash(s, j) : NULL;
            if (dash)
                wlen = (size_t)(dash - (s->text + s->tok[j].start));
            kl += hd_gazetteer_fold(s->text + s->tok[j].start, wlen, key + kl, sizeof key - kl);
            if (!is_upper_start(s, j) && !joined)
                continue;
            /* only in a town's qualifier: "attended Mass." at a sentence's end is no state */
            size_t dotted = i > 0 && hd_tok_is(s, i - 1, ",") ? with_period(c, s, j, key, kl, sizeof key) : kl;
            size_t n = dotted ? hd_gazetteer_lookup(c->gaz, key, dotted, NULL, 0) : 0;
            if (n > 0) {
                best_j = j;
                best_n = n;
                best_kl = dotted;
            }
            if (dotted != kl)
                break; /* "Alta." ends the name */
        }
        if (best_n == 0)
            continue;
        /* part of a longer name the gazetteer does not know: "Aden Abdullahi", "Paris Saint-Germain",
         * "Washington Post", "Samuel Jordan", "Tropical Storm Lorena" */
        /* (a day after it, "in Poway Sunday night", is no part of a name) */
        int name_before = i > 0 && is_upper_start(s, i - 1) && s->tok[i - 1].tag == T_NNP && s->tok[i - 1].covered_by < 0;
        if (name_before || (best_j + 1 < s->ntok && is_upper_start(s, best_j + 1) && !(s->tok[best_j + 1].cls & WC_DATE) &&
                            (s->tok[best_j + 1].tag == T_NNP || s->tok[best_j + 1].tag == T_NNPS)) ||
            of_longer_name(c, s, best_j, key, best_kl)) {
            size_t first = i;
            while (first > 0 && is_upper_start(s, first - 1) && s->tok[first - 1].tag == T_NNP)
                first--;
            i = best_j;
            while (i + 1 < s->ntok && is_upper_start(s, i + 1))
                i++;
            remember_name_end(c, s, first, i);
            continue;
        }
        if (npending < MAX_PENDING) {
            pending[npending].i = i;
            pending[npending].j = best_j;
            pending[npending].kl = best_kl < sizeof pending[0].key ? best_kl : sizeof pending[0].key - 1;
            memcpy(pending[npending].key, key, pending[npending].kl);
            npending++;
        }
        i = best_j;
    }
    /* a name only one country has ("New South Wales", "Florida") names that country (and one
     * only one division has, that division) for the sentence's other places, whichever comes
     * first */
    for (size_t k = 0; k < npending; k++) {
        uint32_t cand[8];
        size_t n = hd_gazetteer_lookup(c->gaz, pending[k].key, pending[k].kl, cand, 8);
        if (n == 0 || n > 8)
            continue;
        const hd_place_rec *first = hd_gazetteer_place(c->gaz, cand[0]);
        int same = first->kind != HD_PLACE_CITY || first->population >= 100000; /* "Atlanta" */
        /* (a city of millions, "New York", makes no story local: see division_named) */
        int same_division = same && first->kind != HD_PLACE_COUNTRY;
        for (size_t q = 0; q < n && same; q++) {
            const hd_place_rec *p = hd_gazetteer_place(c->gaz, cand[q]);
            same = !memcmp(p->cc, first->cc, 2);
            same_division &= same && p->kind != HD_PLACE_COUNTRY &&
                             !strcmp(hd_gazetteer_str(c->gaz, p->admin1), hd_gazetteer_str(c->gaz, first->admin1)) &&
                             !(p->kind == HD_PLACE_CITY && p->population >= 1000000);
        }
        if (same)
            note_country(c, first->cc);
        /* and its division: "a house in Edmonton, south of Cairns" is Queensland's Edmonton */
        if (same_division && c->ngeo_divisions < sizeof c->geo_divisions / sizeof c->geo_divisions[0])
            c->geo_divisions[c->ngeo_divisions++] = cand[0];
    }
    for (size_t k = 0; k < npending; k++) {
        /* the place a name is said to be in: "X in Y" or "Y's X" */
        size_t inner_i = pending[k].i, inner_j = pending[k].j;
        int in_next = k + 1 < npending && pending[k + 1].i == inner_j + 2 && hd_tok_is(s, inner_j + 1, "in");
        /* (a country's things lie abroad: "Ecuador's London embassy") */
        int owned = k > 0 && pending[k - 1].j + 2 == inner_i && s->tok[inner_i - 1].tag == T_POS &&
                    !names_country(c, pending[k - 1].key, pending[k - 1].kl);
        size_t outer = in_next ? k + 1 : owned ? k - 1 : k;
        resolve_mention(c, s, inner_i, inner_j, pending[k].key, pending[k].kl, outer != k ? pending[outer].key : NULL,
                        outer != k ? pending[outer].kl : 0);
    }
}

void hd_geo_fill(const hd_coder *c, const geo_mention *m, hd_location *out)
{
    const hd_place_rec *p = hd_gazetteer_place(c->gaz, m->place);
    memset(out, 0, sizeof *out);
    out->name = hd_gazetteer_str(c->gaz, p->name);
    out->mention = m->base + m->start;
    out->mention_len = m->end - m->start;
    out->country[0] = p->cc[0];
    out->country[1] = p->cc[1];
    out->country_fips[0] = p->fips[0];
    out->country_fips[1] = p->fips[1];
    out->admin1 = p->kind == HD_PLACE_COUNTRY ? "" : hd_gazetteer_str(c->gaz, p->admin1);
    out->geonames_id = hd_gazetteer_str(c->gaz, p->id);
    out->precision = hd_place_precision(p);
    out->lat = p->lat;
    out->lon = p->lon;
}

static int act_root(const hd_geo_actors *who) { return (who->code[0] - '0') * 10 + (who->code[1] - '0'); }

/* The act happens at a place of its own: a meeting or visit (CAMEO 04), a protest, a show of
 * force, coercion, an assault, fighting or mass violence (14, 15, 17-20); not a statement, nor
 * aid, sanctions or concessions, which happen where their actors decide them. */
static int located(const hd_geo_actors *who)
{
    int root = act_root(who);
    return root == 4 || root == 14 || root == 15 || root >= 17;
}

/* The act can be done to a place, so that its target or object is where it happened: a visit
 * (042, 043), a show of force, a seizure, an arrest or repression (15, 171, 173, 175), an
 * assault, fighting or mass violence (18-20); not talks or protests, whose target is who they
 * address ("talks with Iran", "protests against Israel"), nor sanctions or coercion ("forced
 * Britain to back down"). */
static int done_to_place(const hd_geo_actors *who)
{
    static const char *const codes[] = {"042", "043", "171", "173", "175"};
    int root = act_root(who);
    if (root == 15 || root >= 18)
        return 1;
    for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++)
        if (!strncmp(who->code, codes[k], 3))
            return 1;
    return 0;
}

/* an actor's country, NULL when it has none */
static const char *known_country(const char *a3) { return a3 && a3[0] ? a3 : NULL; }

static int place_country(const hd_coder *c, uint32_t place, char a3[3]);

/* 1 when a gazetteer place lies in the country of alpha-3 code a3 (or its country is unknown) */
static int place_in_country(const hd_coder *c, uint32_t place, const char *a3)
{
    char own[3];
    return !place_country(c, place, own) || !memcmp(own, a3, 3);
}

/* "shelled Kharkiv", "bombed the city of Homs": a place whose phrase is the object of an
 * act's trigger is what the act was done to; not one further on ("troops mass on the border
 * even after U.S. sanctions"), nor an origin ("expel the U.S. military"). */
static int acted_on(const char *base, const hd_geo_actors *who, const geo_mention *m)
{
    size_t end = who->trigger_end;
    if (m->lead_start < end || m->modifier)
        return 0;
    for (size_t k = end; k < m->lead_start; k++)
        if (base[k] != ' ')
            return 0;
    return 1;
}

/* "the U.S. embassy in Cairo was attacked": a place whose locative follows the target's
 * phrase at once is where the target is, though the target is of another country */
static int where_target_is(const char *base, const hd_geo_actors *who, const geo_mention *m)
{
    size_t end = who->tgt_end;
    if (end == 0 || m->lead_start < end || m->lead_start == m->phrase_start)
        return 0;
    for (size_t k = end; k < m->lead_start; k++)
        if (base[k] != ' ')
            return 0;
    return 1;
}

/* "said in Ankara", "met in Geneva": a place where a statement was made follows its verb at
 * once; one further on is most often what it is about ("pushing for intervention in Syria",
 * "hope parties in Venezuela will"), and the few lost ("told reporters in Ankara") cost less
 * than a false place. */
static int said_at(const char *base, const hd_geo_actors *who, const geo_mention *m)
{
    size_t end = who->trigger_end;
    if (!m->firm || m->lead_start < end || m->lead_start == m->phrase_start)
        return 0;
    for (size_t k = end; k < m->lead_start; k++)
        if (base[k] != ' ')
            return 0;
    return 1;
}

/* "The attack killed 1,400, and at the White House, officials asserted": a place after a
 * clause break belongs to the next clause. */
/* "In Rome, Kerry urged", "Speaking in Ankara, Erdogan said": a place before a statement is
 * where it was said when its phrase opens the sentence and ends with a comma just before the
 * speaker (or the trigger, with no speaker named); "Asked about the violence in Iraq, Carney
 * said" is about Iraq, and "the base in southern Turkey, something the U.S. has long sought"
 * too. */
static int opens_clause(const char *base, const hd_geo_actors *who, size_t trigger, const geo_mention *m)
{
    if (m->start >= trigger || !m->opens)
        return 0;
    size_t next = who && who->src_end > who->src_start && who->src_start >= m->end ? who->src_start : trigger;
    int comma = 0;
    for (size_t k = m->end; k < next; k++) {
        if (base[k] != ',' && base[k] != ' ')
            return 0;
        comma |= base[k] == ',';
    }
    return comma;
}

int hd_geo_event_location(hd_coder *c, unsigned sentence, const char *base, size_t trigger, const hd_geo_actors *who,
                          hd_location *out)
{
    if (!c->gaz || c->ngeo == 0)
        return 0;
    /* the finest place of the event's sentence, nearest the trigger */
    const geo_mention *best = NULL;
    long best_cost = 0;
    char topic_cc[2] = {0, 0}; /* the country of a place the protest is about, not in */
    for (size_t k = 0; k < c->ngeo; k++) {
        const geo_mention *m = &c->geo[k];
        if (m->sentence != sentence || m->base != base)
            continue;
        const hd_place_rec *p = hd_gazetteer_place(c->gaz, m->place);
        /* an institution places its own acts and those done to it ("protesters marched on the
         * White House"), or what happens at it ("outside the Kremlin"), not the rest of its
         * sentence ("The White House condemned the strike on Idlib") */
        int in_source = who && m->start >= who->src_start && m->end <= who->src_end;
        /* the target is the place ("bombed the city of Homs"), not a nationality inside it
         * ("released US detainees") */
        int in_target = who && m->start >= who->tgt_start && m->end <= who->tgt_end && m->end + 1 >= who->tgt_end;
        if (is_seat(p) && !m->locative && !in_source && !in_target)
            continue;
        /* An act is not placed by the institution that does it: "the White House said" comes
         * from a press office, a trip or a phone, "the Pentagon sent warships" acts at sea,
         * and placing all of them in Washington buried that city's real events (hand check:
         * 1 in 5 right). Nor is pressure "on the White House" put there. An act done at it
         * ("rallied outside the White House") or to it ("protesters marched on the White
         * House") is. */
        if (is_seat(p) && !m->firm && !(who && located(who) && in_target))
            continue;
        /* a place the sentence does not say the act happened at is a topic, a modifier or an
         * origin ("sanctions on Iran", "protests over Syria", "a US Air Force base"): only a
         * place where ("in Hama", "outside the Kremlin"), or the target of an act done at a
         * place ("jets bombed Hama"), places the event */
        if (!m->firm && !is_seat(p) && !(who && done_to_place(who) && ((in_target && !m->modifier) || acted_on(base, who, m))))
            continue;
        /* a country named as the owner or origin of a thing is not where it is ("gathered
         * around a U.S. armoured vehicle", "outside the Iranian embassy"), nor is a seat of
         * government that names whose a thing is ("a Kremlin plot", "a White House aide") */
        if (m->modifier == 1 && (p->kind == HD_PLACE_COUNTRY || is_seat(p)))
            continue;
        /* a place after another verb is that verb's ("ministers are meeting in Luxembourg,
         * focusing on the conflict in Libya") */
        if (m->start > trigger && m->verb_before > trigger)
            continue;
        /* and one before it, followed by a verb of its own, is in another clause ("agencies in
         * Canada say the group is attacking"), unless that verb and the act share their subject
         * ("At an event in Paris, demonstrators held up pens and chanted") */
        if (m->start < trigger && m->verb_after < trigger &&
            !(who && m->clause_verb != UINT32_MAX && m->clause_verb == who->trigger_clause))
            continue;
        /* a place on the doer's side of an act done to another country is where the doer is
         * from or based, not where it acted ("Houthi rebels in Yemen fired missiles at Saudi
         * Arabia") */
        if (m->start < trigger && !m->opens && who && done_to_place(who) && known_country(who->tgt_country) &&
            !place_in_country(c, m->place, who->tgt_country) && !where_target_is(base, who, m))
            continue;
        /* what is said is placed where it is said ("In Rome, Kerry urged", "told reporters in
         * Ankara"), not where what it is about happens ("said the strikes in Syria must stop"):
         * a statement's place opens its clause or follows its verb at once */
        if (who && !located(who) && !is_seat(p) && !(m->firm && (opens_clause(base, who, trigger, m) || said_at(base, who, m))))
            continue;
        /* talks are held where their verb or its partner says ("met Kim in Hanoi", "held
         * talks with King Salman in Jiddah"), not where a topic after them is ("discussed the
         * option of intervention in Syria") */
        if (who && act_root(who) == 4 && !done_to_place(who) && m->start > trigger &&
            ((m->noun_head != UINT32_MAX && m->noun_head >= who->trigger_end) ||
             (m->after_topic != UINT32_MAX && m->after_topic >= who->trigger_end)))
            continue;
        /* nor is a protest where the thing protested is ("protesting America's involvement in
         * Vietnam", "rallied against the war in Iraq", "protesting Israel's military operation
         * in Gaza" however parsed) or the one it stands with ("rallied in
         * solidarity with protests in the US"); "marched on the embassy in Cairo" is */
        if (who && act_root(who) == 14 && m->start > trigger &&
            ((m->noun_head != UINT32_MAX && m->noun_head >= who->trigger_end && m->topic_noun) ||
             (m->after_act && m->after_topic >= who->trigger_end))) {
            memcpy(topic_cc, p->cc, 2);
            continue;
        }
        /* "the papers arrived from Tunisia", "troops across the border from Hong Kong": whence */
        if (m->origin)
            continue;
        /* "filed charges in last year's attack on the consulate in Benghazi": the attack's
         * place, not the charges' */
        if (who && m->act_noun != UINT32_MAX && (m->act_noun < trigger || m->act_noun >= who->trigger_end))
            continue;
        /* the doer of another verb is an actor there, not this act's place ("North Korea fired
         * what the U.S. calls a KN-17") */
        if (m->subject_of != UINT32_MAX && m->subject_of != trigger)
            continue;
        /* nor is a place of the subject of a verb that comes after this act ("60 diplomats were
         * expelled and Russia's consulate in Seattle was closed"); "protesters in Cairo
         * clashed" and "an attack in Kabul killed ten" are placed by it */
        if (m->owner_subject_of != UINT32_MAX && m->owner_subject_of > trigger && m->owner_noun > trigger)
            continue;
        /* "B-1B bombers stationed in Guam ... flew over waters east of North Korea": a place in a
         * participle's or a relative clause before the act is where its noun is based or lives */
        if (m->in_participle && m->start < trigger)
            continue;
        /* what is said to or against a place is not said there ("lashed out at the U.S.",
         * "condemned the White House") */
        if (who && !located(who) && in_target)
            continue;
        /* "the incident in Helmand province, hours after Trump spoke": another clause's place */
        if (who && (m->start > trigger ? m->break_before >= who->trigger_end && m->break_before > 0
                                        : m->break_after < trigger))
            continue;
        long dist = (long)m->start - (long)trigger;
        long cost = (dist < 0 ? -dist * 2 : dist) + (p->kind == HD_PLACE_COUNTRY ? 100000 : 0) +
                    (m->locative ? 0 : 50000);
        if (!best || cost < best_cost) {
            best = m;
            best_cost = cost;
        }
    }
    if (!best) {
        /* Another sentence's place is not this event's: hand-checked on news, the document's
         * main place was wrong for most events that took it. An act done by and to actors of
         * one country is in that country ("Iraqi police arrested Iraqi protesters" in a story
         * datelined Washington is in Iraq); one actor's country is not where it acts ("Russian
         * jets bombed rebels"). A country only assumed for one of them from the other's places
         * the act only where that reading is safe, a protest or an arrest (not a shooting:
         * "Officer Noor shot a teacher from Australia" in Minneapolis): "an Israeli
         * airstrike killed nine of a family" does not make the family Israeli, nor the strike
         * Israel's. */
        const char *src = who ? known_country(who->src_country) : NULL, *tgt = who ? known_country(who->tgt_country) : NULL;
        int safe = who && located(who) && (!who->country_assumed || act_root(who) == 14 || !strncmp(who->code, "173", 3));
        /* Nor are a country's own troops deployed at home ("Bolton announced the deployment
         * of US troops" to the Middle East), nor its travellers ("reporters traveled the world
         * with Hillary"), nor its refugees and migrants, who are by
         * definition away from it ("migrants from Honduras marched" through Mexico). */
        if (safe && (act_root(who) == 15 || !strncmp(who->code, "042", 3) || (who->src_role && !strcmp(who->src_role, "REF")) ||
                     (who->tgt_role && !strcmp(who->tgt_role, "REF"))))
            safe = 0;
        const char *only = safe && src && tgt && !memcmp(src, tgt, 3) ? src : NULL;
        long k = only ? country_index(c, only) : -1;
        /* nor is a protest in the country it is about ("rallied in solidarity with protests in
         * the US" around the world), though that country is its actors' */
        if (k < 0 || (topic_cc[0] && !memcmp(c->geo_a3[k].a2, topic_cc, 2)))
            return 0;
        static const char none[] = "";
        geo_mention country = {.sentence = sentence, .base = none, .place = c->geo_a3[k].place};
        hd_geo_fill(c, &country, out);
        return 1;
    }
    hd_geo_fill(c, best, out);
    return 1;
}

/* "Russian police detained hundreds of protesters in Moscow": an actor named by its role
 * alone ("protesters", "the government", "the opposition") in a sentence that names one
 * country only, by its other actors or its places, is of that country, as a coder reading
 * the sentence would take it. With two countries in the sentence ("Russian jets bombed
 * rebels in Idlib") nothing is assumed. */
/* The ISO alpha-3 code of a gazetteer place's country into a3; 0 when the country is unknown. */
static int place_country(const hd_coder *c, uint32_t place, char a3[3])
{
    const hd_place_rec *p = hd_gazetteer_place(c->gaz, place);
    for (size_t i = 0; i < c->ngeo_a3; i++)
        if (c->geo_a3[i].a2[0] == p->cc[0] && c->geo_a3[i].a2[1] == p->cc[1]) {
            memcpy(a3, c->geo_a3[i].a3, 3);
            return 1;
        }
    return 0;
}

/* "Demonstrators in Baghdad", "protesters from Hong Kong", "ethnic Albanians in south
 * Serbia": a group named by its role alone takes the country of the place its own "in" or
 * "from" phrase names. */
static void actors_placed_by_phrase(hd_coder *c)
{
    hd_sent *s = &c->sent;
    if (!s->parsed || !c->gaz)
        return;
    for (size_t k = 0; k < s->nactor; k++) {
        hd_actor_info *a = &s->actors[k];
        if (a->country[0] || a->outlet || strlen(a->code) != 3 || !a->role[0])
            continue;
        for (size_t i = (size_t)a->last + 1; i < s->ntok; i++) {
            int h = s->tok[i].head, cw = hd_clause_case(s, i);
            if (h < a->first || h > a->last || s->tok[i].rel != R_NMOD || cw < 0 ||
                !(hd_tok_is(s, (size_t)cw, "in") || hd_tok_is(s, (size_t)cw, "from")))
                continue;
            char a3[3];
            int found = 0;
            for (size_t g = 0; g < c->ngeo && !found; g++) {
                const geo_mention *m = &c->geo[g];
                found = m->sentence == c->sentence_no && m->base == s->text && m->start <= s->tok[i].start &&
                        s->tok[i].end <= m->end && place_country(c, m->place, a3);
            }
            if (found) {
                char code[sizeof a->code];
                snprintf(code, sizeof code, "%.3s%s", a3, a->code);
                memcpy(a->code, code, sizeof code);
                memcpy(a->country, a3, 3);
                a->country[3] = '\0';
            }
            break;
        }
    }
}

void hd_geo_domestic_actors(hd_coder *c)
{
    hd_sent *s = &c->sent;
    actors_placed_by_phrase(c);
    char only[3] = {0};
    int countries = 0;
    for (size_t k = 0; k < s->nactor && countries < 2; k++) {
        const char *a3 = s->actors[k].country;
        if (!a3[0] || s->actors[k].outlet)
            continue;
        /* a people ("three ethnic Albanians") is not where the sentence happens */
        if (s->tok[s->actors[k].name_last].tag == T_NNPS)
            continue;
        if (!countries || memcmp(only, a3, 3) != 0) {
            if (countries)
                countries = 2;
            else {
                memcpy(only, a3, 3);
                countries = 1;
            }
        }
    }
    for (size_t k = 0; k < c->ngeo && countries < 2; k++) {
        const geo_mention *g = &c->geo[k];
        if (g->sentence != c->sentence_no || !c->gaz)
            continue;
        char a3[3] = {0};
        if (!place_country(c, g->place, a3))
            continue;
        if (!countries) {
            memcpy(only, a3, 3);
            countries = 1;
        } else if (memcmp(only, a3, 3) != 0)
            countries = 2;
    }
    if (countries != 1)
        return;
    for (size_t k = 0; k < s->nactor; k++) {
        hd_actor_info *a = &s->actors[k];
        if (a->country[0] || a->outlet || strlen(a->code) != 3 || !a->role[0])
            continue;
        char code[sizeof a->code];
        snprintf(code, sizeof code, "%.3s%s", only, a->code);
        memcpy(a->code, code, sizeof code);
        memcpy(a->country, only, 3);
        a->country[3] = '\0';
        a->country_assumed = 1;
    }
}
