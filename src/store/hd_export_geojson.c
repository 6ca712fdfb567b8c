/* hd_export_geojson.c: a stored event as a GeoJSON Feature (herald query --format geojson, the
 * dashboard's export): a Point at the event's place ([longitude, latitude], RFC 7946), or no
 * geometry for an unplaced event, with the fields an analyst filters and reads as properties.
 * hd_query.c wraps the features of a query in one FeatureCollection. */
#include <stdio.h>
#include <string.h>

#include "store/hd_output.h"
#include "store/hd_store_int.h"

static void prop_text(FILE *f, const char *name, const char *v)
{
    fprintf(f, ",\"%s\":", name);
    if (v && v[0])
        hd_json_write_string(f, v, strlen(v));
    else
        fputs("null", f);
}

void hd_store_geojson_feature(FILE *f, const hd_event *ev)
{
    const hd_location *l = ev->location;
    fputs("{\"type\":\"Feature\",\"geometry\":", f);
    if (l)
        fprintf(f, "{\"type\":\"Point\",\"coordinates\":[%.4f,%.4f]}", l->lon, l->lat);
    else
        fputs("null", f);
    fprintf(f, ",\"properties\":{\"store_id\":%lld", ev->store_id);
    prop_text(f, "date", ev->date);
    prop_text(f, "date_precision", ev->date[0] && ev->date_precision ? ev->date_precision : "none");
    prop_text(f, "code", ev->code);
    prop_text(f, "root", ev->root);
    fprintf(f, ",\"quad_class\":%d,\"goldstein\":%.1f", ev->quad_class, ev->goldstein);
    prop_text(f, "source_code", ev->source ? ev->source->code : NULL);
    prop_text(f, "target_code", ev->target ? ev->target->code : NULL);
    prop_text(f, "place", l ? l->name : NULL);
    prop_text(f, "country", l && l->country[0] ? (char[3]){l->country[0], l->country[1], 0} : NULL);
    prop_text(f, "precision", l ? l->precision : NULL);
    prop_text(f, "geonames_id", l ? l->geonames_id : NULL);
    prop_text(f, "acled_event_type", ev->acled_event_type);
    prop_text(f, "plover_event_type", ev->plover_event_type);
    fprintf(f, ",\"num_articles\":%u,\"num_sources\":%u,\"num_mentions\":%u", ev->num_articles, ev->num_sources,
            ev->num_mentions);
    fputs(",\"text\":", f);
    hd_json_write_string(f, ev->text ? ev->text : "", ev->text ? ev->text_len : 0);
    fputs("}}", f);
}
