/* hd_export_plover.c: a stored event as a PLOVER record (herald query --format plover), one
 * JSON object a line, following the PLOVER 2021 draft (0.8): its sixteen event types, its
 * modes and contexts, an actor and a recipient with country and sector, the event's place with
 * its GeoNames id, its date and the dates of the articles that reported it, and the sentence.
 * docs/plover-event.schema.json is the record's JSON Schema.
 *
 * herald's PLOVER mode list is finer than the draft's ("aerial" where the draft has
 * "heavy-weapons"): event_mode is the draft's (a `plover-mode-2021` line of dict/taxonomy.txt),
 * event_mode_detail herald's own. Contexts come from the CAMEO code (`context` lines);
 * event_intensity is the Goldstein value of the code, the CAMEO scale of -10 (most hostile) to
 * +10 (most cooperative). The tables are read from the dictionary image set by
 * hd_store_set_model(), the division names from the gazetteer of hd_store_set_gazetteer(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/hd_output.h"
#include "store/hd_store_int.h"

#include "model/hd_model.h"

static void json_text(FILE *f, const char *v) { hd_json_write_string(f, v ? v : "", v ? strlen(v) : 0); }

static void json_or_null(FILE *f, const char *v)
{
    if (v && v[0])
        json_text(f, v);
    else
        fputs("null", f);
}

/* {"name", "code", "country", "sector"}: the actor as the text names it (or the person it is),
 * its CAMEO code, country (ISO alpha-3) and sector (its CAMEO role: PLOVER's sectors are
 * CAMEO's roles). */
static void write_actor(FILE *f, const hd_actor *a)
{
    if (!a) {
        fputs("null", f);
        return;
    }
    fputs("{\"name\":", f);
    if (a->person[0] && strncmp(a->person, "name:", 5) != 0)
        json_text(f, a->person);
    else if (a->text && a->text_len)
        hd_json_write_string(f, a->text, a->text_len);
    else
        json_text(f, a->code);
    fputs(",\"code\":", f);
    json_or_null(f, a->code);
    fputs(",\"country\":", f);
    json_or_null(f, a->country);
    fputs(",\"sector\":", f);
    json_or_null(f, a->role);
    fputc('}', f);
}

static void write_location(FILE *f, hd_store *s, const hd_location *l)
{
    const hd_model *m = s->model;
    if (!l) {
        fputs("null", f);
        return;
    }
    hd_country_facts country;
    int known = hd_model_country(m, l->country, &country) == 0;
    fputs("{\"name\":", f);
    json_or_null(f, l->name);
    fputs(",\"country\":", f);
    json_or_null(f, known ? country.alpha3 : NULL);
    fputs(",\"country_name\":", f);
    json_or_null(f, known ? country.name : NULL);
    fputs(",\"admin1\":", f);
    json_or_null(f, hd_store_division_name(s, l->country, l->admin1));
    fputs(",\"admin1_code\":", f);
    json_or_null(f, l->admin1);
    fputs(",\"geonames_id\":", f);
    json_or_null(f, l->geonames_id);
    fprintf(f, ",\"lat\":%.4f,\"lon\":%.4f,\"precision\":", l->lat, l->lon);
    json_or_null(f, l->precision);
    fputc('}', f);
}

int hd_store_plover_begin(hd_store *s)
{
    if (!s->model)
        return hd_store_refuse(s, "the PLOVER format needs the dictionary image (its tables of modes and contexts)");
    return 0;
}

void hd_store_plover_row(hd_store *s, FILE *f, const hd_event *ev)
{
    const hd_model *m = s->model;
    fprintf(f, "{\"id\":\"herald-%lld\",\"plover_version\":\"0.8\",\"event_type\":", ev->store_id);
    json_or_null(f, ev->plover_event_type);
    fputs(",\"event_mode\":", f);
    json_or_null(f, hd_model_plover_mode_2021(m, ev->plover_mode));
    fputs(",\"event_mode_detail\":", f);
    json_or_null(f, ev->plover_mode);
    const char *contexts[8];
    size_t n = hd_model_plover_contexts(m, ev->code, 0, contexts, 8);
    fputs(",\"event_context\":[", f);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        json_text(f, contexts[i]);
    }
    fprintf(f, "],\"event_intensity\":%.1f,\"event_date\":", ev->goldstein);
    json_or_null(f, ev->date);
    fputs(",\"date_precision\":", f);
    json_text(f, ev->date[0] && ev->date_precision && ev->date_precision[0] ? ev->date_precision : "none");
    fputs(",\"publication_date\":", f);
    json_or_null(f, ev->first_seen);
    fputs(",\"last_report_date\":", f);
    json_or_null(f, ev->last_seen);
    fputs(",\"actor\":", f);
    write_actor(f, ev->source);
    fputs(",\"recipient\":", f);
    write_actor(f, ev->target);
    fputs(",\"location\":", f);
    write_location(f, s, ev->location);
    fprintf(f, ",\"cameo_code\":\"%s\",\"quad_class\":%d,\"text\":", ev->code, ev->quad_class);
    hd_json_write_string(f, ev->text ? ev->text : "", ev->text ? ev->text_len : 0);
    fputs(",\"sources\":[", f);
    for (size_t i = 0; i < ev->n_outlets; i++) {
        if (i)
            fputc(',', f);
        json_text(f, ev->outlets[i]);
    }
    fprintf(f, "],\"num_articles\":%u,\"num_mentions\":%u,\"story_id\":", ev->num_articles, ev->num_mentions);
    if (ev->story_id > 0)
        fprintf(f, "%lld", ev->story_id);
    else
        fputs("null", f);
    fputs("}\n", f);
}
