/* hd_export_acled.c: a stored event as a row of ACLED's CSV (herald query --format acled):
 * ACLED's 31 columns in its order, its category codes and its style of naming actors
 * ("Military Forces of Russia", "Protesters (Kenya)"). What ACLED's codebook says and herald
 * knows is filled; what herald cannot know is left empty, never guessed: admin2 and admin3,
 * source_scale and tags. Fatalities are the most dead a report of the event counts.
 *
 * The names of actors, disorder types, regions and countries are data (dict/taxonomy.txt and
 * the country table built from npm world-countries), read from the dictionary image given by
 * hd_store_set_model(); the division names from the gazetteer given by hd_store_set_gazetteer(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/hd_output.h"
#include "store/hd_store_int.h"

#include "model/hd_model.h"
#include "places/hd_gazetteer.h"

const char hd_acled_header[] =
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp\n";

enum { INTER_STATE = 1, INTER_CIVILIANS = 7, INTER_EXTERNAL = 8 };

static void put_csv(FILE *f, const char *v) { hd_store_csv_field(f, v ? v : "", v ? strlen(v) : 0); }

/* The actor as the text names it, without a leading article ("the Islamic State"). */
static void named_as(const hd_actor *a, char *out, size_t cap)
{
    const char *t = a && a->text ? a->text : "";
    size_t n = a ? a->text_len : 0;
    if (n > 4 && !strncasecmp(t, "the ", 4)) {
        t += 4;
        n -= 4;
    }
    if (a && a->person[0] && strncmp(a->person, "name:", 5) != 0) {
        t = a->person;
        n = strlen(t);
    }
    snprintf(out, cap, "%.*s", (int)(n < 200 ? n : 200), t);
}

/* A name template with {country} and {name} filled in; "" for none. */
static void fill_template(const char *tmpl, const char *country, const char *name, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (const char *p = tmpl; p && *p && len + 1 < cap;) {
        const char *with = NULL;
        if (!strncmp(p, "{country}", 9))
            with = country, p += 9;
        else if (!strncmp(p, "{name}", 6))
            with = name, p += 6;
        if (with) {
            len += (size_t)snprintf(out + len, cap - len, "%s", with);
            if (len >= cap)
                len = cap - 1;
        } else
            out[len++] = *p++;
    }
    out[len] = '\0';
    /* "Civilians ()" when no country is known: the parentheses go */
    for (char *empty; (empty = strstr(out, " ()"));)
        memmove(empty, empty + 3, strlen(empty + 3) + 1);
}

/* `s` without spaces at either end, copied into out. */
static void trimmed(const char *s, char *out, size_t cap)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    snprintf(out, cap, "%.*s", (int)n, s);
}

typedef struct acled_side {
    char actor[256], assoc[256];
    int inter;
} acled_side;

/* ACLED's actor, associated actor and category for one side of the event. `label` is the
 * taxonomy line to use: the actor's role, or one of the lowercase labels of
 * dict/taxonomy.txt. */
static void name_side(const hd_model *m, const char *label, const hd_actor *a, const char *event_country,
                      acled_side *out)
{
    memset(out, 0, sizeof *out);
    const char *tmpl;
    out->inter = hd_model_acled_actor(m, label, &tmpl);
    if (!out->inter)
        return;
    hd_country_facts own;
    const char *country = a && a->country[0] && hd_model_country(m, a->country, &own) == 0 ? own.name : event_country;
    char name[256], both[512];
    named_as(a, name, sizeof name);
    fill_template(tmpl, country, name, both, sizeof both);
    char *bar = strchr(both, '|');
    if (bar) {
        *bar = '\0';
        trimmed(bar + 1, out->assoc, sizeof out->assoc);
    }
    trimmed(both, out->actor, sizeof out->actor);
    /* the state forces of another country than the event's are ACLED's external forces */
    if (out->inter == INTER_STATE && event_country[0] && strcmp(country, event_country) != 0)
        out->inter = INTER_EXTERNAL;
}

/* The taxonomy label of an actor in an event of this ACLED type and disorder. */
static const char *side_label(const hd_actor *a, int first, const char *type, const char *disorder)
{
    if (first && type && !strcmp(type, "Protests"))
        return "protesters";
    if (first && type && !strcmp(type, "Riots"))
        return "rioters";
    int violence = disorder && !strcmp(disorder, "Political violence");
    if (!a)
        return first && violence ? "unidentified" : NULL;
    if (!a->role[0])
        return violence ? "country/violence" : "country";
    return a->role;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil):
 * timegm() is not standard C. */
static long long days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

/* The name of a division (ADM1:CC.code) of the gazetteer; "" when unknown. Divisions are
 * found by a scan, remembered in a small table: an export meets few of them. */
typedef struct division_memo {
    char key[16];
    const char *name;
} division_memo;

const char *hd_store_division_name(hd_store *s, const char *cc, const char *admin1)
{
    const hd_gazetteer *g = s->gazetteer;
    if (!g || !admin1 || !admin1[0] || strlen(admin1) > 10)
        return "";
    if (!s->divisions && !(s->divisions = calloc(HD_STORE_DIVISIONS, sizeof(division_memo))))
        return "";
    char key[16];
    snprintf(key, sizeof key, "%.2s.%s", cc, admin1);
    division_memo *memo = s->divisions;
    size_t slot = 0;
    for (const char *p = key; *p; p++)
        slot = slot * 31 + (unsigned char)*p;
    for (size_t probe = 0; memo && probe < HD_STORE_DIVISIONS; probe++) {
        division_memo *d = &memo[(slot + probe) % HD_STORE_DIVISIONS];
        if (!strcmp(d->key, key))
            return d->name;
        if (d->key[0])
            continue;
        char id[24];
        snprintf(id, sizeof id, "ADM1:%s", key);
        d->name = "";
        for (size_t i = 0; i < hd_gazetteer_count(g); i++) {
            const hd_place_rec *p = hd_gazetteer_place(g, i);
            if (p->kind == HD_PLACE_ADMIN1 && !memcmp(p->cc, cc, 2) && !strcmp(hd_gazetteer_str(g, p->id), id)) {
                d->name = hd_gazetteer_str(g, p->name);
                break;
            }
        }
        memcpy(d->key, key, sizeof d->key);
        return d->name;
    }
    return ""; /* the table is full: more divisions than any export meets */
}

int hd_store_acled_begin(hd_store *s)
{
    if (!s->model)
        return hd_store_refuse(s, "the ACLED format needs the dictionary image (its tables of actors and countries)");
    return 0;
}

void hd_store_acled_row(hd_store *s, FILE *f, const hd_event *ev, const char *outlets)
{
    const hd_model *m = s->model;
    const hd_location *l = ev->location;
    hd_country_facts where;
    int placed = l && hd_model_country(m, l->country, &where) == 0;
    if (!placed)
        memset(&where, 0, sizeof where), where.region = "";
    const char *type = ev->acled_event_type, *sub = ev->acled_sub_event_type;
    const char *disorder = hd_model_acled_disorder(m, type, sub);
    acled_side side[2];
    const hd_actor *actors[2] = {ev->source, ev->target};
    for (int k = 0; k < 2; k++) {
        const char *label = side_label(actors[k], k == 0, type, disorder);
        if (label)
            name_side(m, label, actors[k], where.name, &side[k]);
        else
            memset(&side[k], 0, sizeof side[k]);
    }
    /* a peaceful protest has one side in ACLED: what it is against is no actor */
    if (sub && !strcmp(sub, "Peaceful protest"))
        memset(&side[1], 0, sizeof side[1]);
    /* a protest's or riot's own actor is its associated actor: "Students (Kenya)", a party */
    if (type && (!strcmp(type, "Protests") || !strcmp(type, "Riots")) && ev->source && ev->source->role[0]) {
        acled_side own;
        name_side(m, ev->source->role, ev->source, where.name, &own);
        const char *assoc = own.assoc[0] ? own.assoc : own.inter && own.inter != INTER_CIVILIANS ? own.actor : "";
        snprintf(side[0].assoc, sizeof side[0].assoc, "%s", assoc);
    }
    /* ACLED's interaction: both categories, the smaller first; one alone, times ten */
    int lo = side[0].inter < side[1].inter ? side[0].inter : side[1].inter;
    int hi = side[0].inter < side[1].inter ? side[1].inter : side[0].inter;
    int interaction = lo ? lo * 10 + hi : hi * 10;
    /* ACLED's time_precision: 1 the day is known, 2 a few days around it (the day an article
     * reporting it was published; a week), 3 a month or more */
    const char *prec = ev->date[0] && ev->date_precision && ev->date_precision[0] ? ev->date_precision : "none";
    int tp = !strcmp(prec, "day") ? 1 : !strcmp(prec, "publication") || !strcmp(prec, "week") ? 2 : 3;

    fprintf(f, "%s%lld,%s,%.4s,", placed ? where.alpha3 : "XXX", ev->store_id, ev->date, ev->date);
    if (ev->date[0])
        fprintf(f, "%d", tp);
    fputc(',', f);
    put_csv(f, disorder);
    fputc(',', f);
    put_csv(f, type);
    fputc(',', f);
    put_csv(f, sub);
    for (int k = 0; k < 2; k++) {
        fputc(',', f);
        put_csv(f, side[k].actor);
        fputc(',', f);
        put_csv(f, side[k].assoc);
        fprintf(f, ",%d", side[k].inter);
    }
    fprintf(f, ",%d,", interaction);
    if (disorder && !strcmp(disorder, "Political violence") && side[1].inter == INTER_CIVILIANS)
        fputs("Civilian targeting", f);
    fputc(',', f);
    if (placed) {
        /* ACLED's geo_precision: 1 the town itself, 2 a part of a region, 3 a larger region */
        int gp = !strcmp(l->precision, "city") ? 1 : !strcmp(l->precision, "admin1") ? 2 : 3;
        fprintf(f, "%d,", atoi(where.numeric));
        put_csv(f, where.region);
        fputc(',', f);
        put_csv(f, where.name);
        fputc(',', f);
        put_csv(f, hd_store_division_name(s, l->country, l->admin1));
        fputs(",,,", f);
        put_csv(f, l->name);
        fprintf(f, ",%.4f,%.4f,%d,", l->lat, l->lon, gp);
    } else
        fputs(",,,,,,,,,,", f);
    put_csv(f, outlets);
    fputs(",,", f);
    hd_store_csv_field(f, ev->text ? ev->text : "", ev->text ? ev->text_len : 0);
    /* ACLED's fatalities: the most dead a report counts, 0 when none counts any (as ACLED
     * writes an event whose reports give none) */
    fprintf(f, ",%ld,,", ev->fatalities > 0 ? ev->fatalities : 0);
    int y, mo, d;
    if (ev->last_seen && sscanf(ev->last_seen, "%4d-%2d-%2d", &y, &mo, &d) == 3)
        fprintf(f, "%lld", days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400);
    fputc('\n', f);
}
