/* hd_output.c: writes events as JSON Lines records or GDELT 2.0 Events rows, and a
 * document's entities as one JSON Lines record.
 * The JSON field names are a public contract (README "Output"): add fields, never rename. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>
#include <stdarg.h>

#include "store/hd_output.h"
#include "herald.h"

/* Events are formatted into a stack buffer that is flushed to the stream when full: no
 * allocation per event, few stdio calls. */
typedef struct writer {
    FILE *f;
    size_t len;
    int failed;
    char buf[8192];
} writer;

static void w_flush(writer *w)
{
    if (w->len && fwrite(w->buf, 1, w->len, w->f) != w->len)
        w->failed = 1;
    w->len = 0;
}

static void w_append(writer *w, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        if (w->len == sizeof w->buf)
            w_flush(w);
        size_t k = sizeof w->buf - w->len;
        if (k > n)
            k = n;
        memcpy(w->buf + w->len, c, k);
        w->len += k;
        c += k;
        n -= k;
    }
}

static void w_puts(writer *w, const char *s) { w_append(w, s, strlen(s)); }
static void w_putc(writer *w, char c) { w_append(w, &c, 1); }

/* Integers and one-decimal numbers are written by hand: printf dominated the writer. */
static void w_uint(writer *w, unsigned long long v)
{
    char tmp[24];
    size_t n = sizeof tmp;
    do {
        tmp[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    w_append(w, tmp + n, sizeof tmp - n);
}

static void w_decimal1(writer *w, double x)
{
    if (!isfinite(x))
        x = 0.0; /* JSON has no NaN */
    long tenths = (long)(x * 10.0 + (x < 0 ? -0.5 : 0.5));
    if (tenths < 0) {
        w_append(w, "-", 1);
        tenths = -tenths;
    }
    w_uint(w, (unsigned long long)(tenths / 10));
    char frac[2] = {'.', (char)('0' + tenths % 10)};
    w_append(w, frac, 2);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void w_printf(writer *w, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        w_append(w, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void json_str(writer *b, const char *s, size_t n)
{
    w_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') { /* the common case: copied as it is */
            run++;
            continue;
        }
        const char *esc = NULL;
        char tmp[8];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\r')
            esc = "\\r";
        else if (c < 0x20) {
            snprintf(tmp, sizeof tmp, "\\u%04x", c);
            esc = tmp;
        }
        if (esc) {
            w_append(b, s + i - run, run);
            run = 0;
            w_puts(b, esc);
        } else
            run++;
    }
    w_append(b, s + n - run, run);
    w_putc(b, '"');
}

static void json_cstr_or_null(writer *b, const char *s)
{
    if (s && s[0])
        json_str(b, s, strlen(s));
    else
        w_puts(b, "null");
}

/* ,"name":"value" (or null) */
static void field_str(writer *b, const char *name, const char *value)
{
    w_puts(b, ",\"");
    w_puts(b, name);
    w_puts(b, "\":");
    json_cstr_or_null(b, value);
}

static void json_actor(writer *b, const hd_actor *a)
{
    if (!a) {
        w_puts(b, "null");
        return;
    }
    w_puts(b, "{\"text\":");
    json_str(b, a->text ? a->text : "", a->text ? a->text_len : 0);
    w_puts(b, ",\"code\":");
    json_str(b, a->code, strlen(a->code));
    field_str(b, "country", a->country);
    w_puts(b, ",\"role\":");
    json_str(b, a->role, strlen(a->role));
    field_str(b, "person", a->person);
    w_putc(b, '}');
}

/* The members of a location object, without its closing brace (callers may add members). */
static void json_location(writer *b, const hd_location *l, int has_coordinates)
{
    w_puts(b, "{\"name\":");
    json_cstr_or_null(b, l->name);
    w_puts(b, ",\"mention\":");
    if (l->mention)
        json_str(b, l->mention, l->mention_len);
    else
        w_puts(b, "null");
    if (l->country[0])
        w_printf(b, ",\"country\":\"%.2s\",\"admin1\":", l->country);
    else
        w_puts(b, ",\"country\":null,\"admin1\":");
    json_cstr_or_null(b, l->admin1);
    w_puts(b, ",\"geonames_id\":");
    json_cstr_or_null(b, l->geonames_id);
    w_puts(b, ",\"precision\":");
    json_cstr_or_null(b, l->precision);
    if (has_coordinates)
        w_printf(b, ",\"lat\":%.4f,\"lon\":%.4f", l->lat, l->lon);
    else
        w_puts(b, ",\"lat\":null,\"lon\":null");
}

static const char *mood_name(int mood)
{
    switch (mood) {
    case HD_MOOD_INTENT: return "intent";
    case HD_MOOD_THREAT: return "threat";
    case HD_MOOD_HYPOTHETICAL: return "hypothetical";
    default: return "fact";
    }
}

static void write_json(writer *b, const hd_event *ev)
{
    w_puts(b, "{\"event_id\":");
    /* doc ids are plain strings: the id is the doc id's JSON string with "-N" inside its quotes */
    json_str(b, ev->doc_id, strlen(ev->doc_id));
    b->len--; /* reopen the string to append the index */
    w_putc(b, '-');
    w_uint(b, ev->event_index);
    w_putc(b, '"');
    w_puts(b, ",\"doc_id\":");
    json_str(b, ev->doc_id, strlen(ev->doc_id));
    w_puts(b, ",\"sentence\":");
    w_uint(b, ev->sentence);
    w_puts(b, ",\"span\":[");
    w_uint(b, ev->span_start);
    w_putc(b, ',');
    w_uint(b, ev->span_end);
    w_puts(b, "],\"text\":");
    json_str(b, ev->text, ev->text_len);
    field_str(b, "date", ev->date);
    field_str(b, "date_precision", ev->date_precision);
    w_puts(b, ",\"source\":");
    json_actor(b, ev->source);
    w_puts(b, ",\"target\":");
    json_actor(b, ev->target);
    w_puts(b, ",\"code\":\"");
    w_puts(b, ev->code);
    w_puts(b, "\",\"root\":\"");
    w_puts(b, ev->root);
    w_puts(b, "\",\"quad_class\":");
    w_uint(b, (unsigned)ev->quad_class);
    w_puts(b, ",\"goldstein\":");
    w_decimal1(b, ev->goldstein);
    w_puts(b, ",\"location\":");
    if (ev->location) {
        json_location(b, ev->location, 1);
        w_putc(b, '}');
    } else
        w_puts(b, "null");
    w_puts(b, ",\"attribution\":[");
    for (size_t i = 0; i < ev->n_attribution; i++) {
        if (i)
            w_putc(b, ',');
        w_puts(b, "{\"kind\":");
        json_cstr_or_null(b, ev->attribution[i].kind);
        w_puts(b, ",\"name\":");
        json_cstr_or_null(b, ev->attribution[i].name);
        w_putc(b, '}');
    }
    w_puts(b, ev->negated ? "],\"negated\":true" : "],\"negated\":false");
    w_puts(b, ev->hedged ? ",\"hedged\":true,\"mood\":\"" : ",\"hedged\":false,\"mood\":\"");
    w_puts(b, mood_name(ev->mood));
    if (ev->confidence >= 0)
        w_printf(b, "\",\"confidence\":%.3f,\"rule\":", ev->confidence);
    else
        w_puts(b, "\",\"confidence\":null,\"rule\":");
    json_cstr_or_null(b, ev->rule);
    w_puts(b, ",\"trigger\":");
    json_str(b, ev->trigger ? ev->trigger : "", ev->trigger ? ev->trigger_len : 0);
    w_puts(b, ",\"topic\":");
    json_str(b, ev->topic ? ev->topic : "", ev->topic ? strlen(ev->topic) : 0);
    /* the dead its sentence counts; null when it counts none or the act is no violence */
    if (ev->fatalities >= 0)
        w_printf(b, ",\"fatalities\":%ld", ev->fatalities);
    else
        w_puts(b, ",\"fatalities\":null");
    field_str(b, "acled_event_type", ev->acled_event_type);
    field_str(b, "acled_sub_event_type", ev->acled_sub_event_type);
    field_str(b, "plover_event_type", ev->plover_event_type);
    field_str(b, "plover_mode", ev->plover_mode);
    field_str(b, "case_label", ev->case_label);
    field_str(b, "outlet", ev->doc_source);
    field_str(b, "url", ev->doc_url);
    field_str(b, "published", ev->doc_date);
    if (ev->store_id > 0) {
        w_printf(b, ",\"store_id\":%lld,\"num_mentions\":%u,\"num_sources\":%u,\"num_articles\":%u", ev->store_id,
                 ev->num_mentions, ev->num_sources, ev->num_articles);
        if (ev->story_id > 0)
            w_printf(b, ",\"story_id\":%lld", ev->story_id);
        else
            w_puts(b, ",\"story_id\":null");
        field_str(b, "first_seen", ev->first_seen);
        field_str(b, "last_seen", ev->last_seen);
        w_puts(b, ",\"outlets\":[");
        for (size_t i = 0; i < ev->n_outlets; i++) {
            if (i)
                w_putc(b, ',');
            json_cstr_or_null(b, ev->outlets[i]);
        }
        w_putc(b, ']');
    }
    w_puts(b, "}\n");
}

/* GDELT fields are tab-separated: tabs and newlines inside names become spaces. */
static void tsv_field(writer *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        w_putc(b, (c == '\t' || c == '\n' || c == '\r') ? ' ' : c);
    }
}

/* GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state */
static void gdelt_geo(writer *b, const hd_location *l)
{
    int us = l->country[0] == 'U' && l->country[1] == 'S';
    const char *prec = l->precision ? l->precision : "city";
    int type = !strcmp(prec, "country") ? 1 : !strcmp(prec, "admin1") ? (us ? 2 : 5) : (us ? 3 : 4);
    const char *nm = l->name ? l->name : "";
    const char *fips = l->country_fips[0] ? l->country_fips : l->country;
    const char *adm = l->admin1 ? l->admin1 : "";
    w_printf(b, "\t%d\t", type);
    tsv_field(b, nm, strlen(nm));
    w_printf(b, "\t%.2s\t", fips);
    if (type != 1 && adm[0])
        w_printf(b, "%.2s%.8s", fips, adm);
    w_printf(b, "\t\t%.4f\t%.4f\t", l->lat, l->lon);
    if (type == 1)
        w_printf(b, "%.2s", fips);
    else if (type == 2 || type == 5)
        w_printf(b, "%.2s%.8s", fips, adm);
    else if (l->geonames_id)
        tsv_field(b, l->geonames_id, strlen(l->geonames_id));
}

static void gdelt_actor(writer *b, const hd_actor *a)
{
    /* Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1, Religion2, Type1..3 */
    if (!a) {
        w_puts(b, "\t\t\t\t\t\t\t\t\t\t");
        return;
    }
    w_putc(b, '\t');
    tsv_field(b, a->code, strlen(a->code));
    w_putc(b, '\t');
    /* the name: the person a dictionary line names ("Barack Obama" for "he" or "the
     * president"), else the words of the text; a pronoun with no such person names no one */
    int named = strncmp(a->person, "name:", 5) == 0;
    if (a->person[0] && !named)
        tsv_field(b, a->person, strlen(a->person));
    else if (!a->pronoun)
        tsv_field(b, a->text ? a->text : "", a->text ? a->text_len : 0);
    else if (named)
        tsv_field(b, a->person + 5, strlen(a->person + 5));
    /* CountryCode: the state, else the region an organisation is of ("EUR" of the EU) */
    w_printf(b, "\t%s\t%s\t\t%s\t%s\t%s\t%s\t%s", a->country[0] ? a->country : a->region, a->known_group,
             a->religion1, a->religion2, a->role, a->role2, a->role3);
}

const char hd_gdelt_events_header[] =
    "GLOBALEVENTID\tSQLDATE\tMonthYear\tYear\tFractionDate"
    "\tActor1Code\tActor1Name\tActor1CountryCode\tActor1KnownGroupCode\tActor1EthnicCode\tActor1Religion1Code"
    "\tActor1Religion2Code\tActor1Type1Code\tActor1Type2Code\tActor1Type3Code"
    "\tActor2Code\tActor2Name\tActor2CountryCode\tActor2KnownGroupCode\tActor2EthnicCode\tActor2Religion1Code"
    "\tActor2Religion2Code\tActor2Type1Code\tActor2Type2Code\tActor2Type3Code"
    "\tIsRootEvent\tEventCode\tEventBaseCode\tEventRootCode\tQuadClass\tGoldsteinScale\tNumMentions\tNumSources"
    "\tNumArticles\tAvgTone"
    "\tActor1Geo_Type\tActor1Geo_FullName\tActor1Geo_CountryCode\tActor1Geo_ADM1Code\tActor1Geo_ADM2Code"
    "\tActor1Geo_Lat\tActor1Geo_Long\tActor1Geo_FeatureID"
    "\tActor2Geo_Type\tActor2Geo_FullName\tActor2Geo_CountryCode\tActor2Geo_ADM1Code\tActor2Geo_ADM2Code"
    "\tActor2Geo_Lat\tActor2Geo_Long\tActor2Geo_FeatureID"
    "\tActionGeo_Type\tActionGeo_FullName\tActionGeo_CountryCode\tActionGeo_ADM1Code\tActionGeo_ADM2Code"
    "\tActionGeo_Lat\tActionGeo_Long\tActionGeo_FeatureID\tDATEADDED\tSOURCEURL\n";

const char hd_gdelt_mentions_header[] =
    "GLOBALEVENTID\tEventTimeDate\tMentionTimeDate\tMentionType\tMentionSourceName\tMentionIdentifier"
    "\tSentenceID\tActor1CharOffset\tActor2CharOffset\tActionCharOffset\tInRawText\tConfidence\tMentionDocLen"
    "\tMentionDocTone\tMentionDocTranslationInfo\tExtras\n";

static unsigned long long event_number(const hd_event *ev)
{
    unsigned long long h = 1469598103934665603ULL;
    for (const char *p = ev->doc_id; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h = (h ^ ev->event_index) * 1099511628211ULL;
    return h & 0x7fffffffffffffffULL;
}

static void write_gdelt(writer *b, const hd_event *ev)
{
    w_printf(b, "%llu", ev->store_id > 0 ? (unsigned long long)ev->store_id : event_number(ev));
    /* SQLDATE and FractionDate name a day: a date known to its day, or the day of
     * publication (which is what GDELT itself dates events by); a week or month fills
     * MonthYear and Year, a year only Year */
    const char *prec = ev->date_precision ? ev->date_precision : "";
    int day = !strcmp(prec, "day") || !strcmp(prec, "publication");
    int month = day || !strcmp(prec, "week") || !strcmp(prec, "month");
    if (ev->date[0]) {
        int y = 0, m = 0, d = 0;
        sscanf(ev->date, "%4d-%2d-%2d", &y, &m, &d);
        static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
        int doy = (m >= 1 && m <= 12 ? cum[m - 1] : 0) + d;
        if (day)
            w_printf(b, "\t%04d%02d%02d", y, m, d);
        else
            w_putc(b, '\t');
        if (month)
            w_printf(b, "\t%04d%02d", y, m);
        else
            w_putc(b, '\t');
        w_printf(b, "\t%04d", y);
        if (day)
            w_printf(b, "\t%.4f", y + doy / 365.0);
        else
            w_putc(b, '\t');
    } else
        w_puts(b, "\t\t\t\t");
    gdelt_actor(b, ev->source);
    gdelt_actor(b, ev->target);
    w_printf(b, "\t%d\t%s\t%.3s\t%s\t%d\t%.1f\t%u\t%u\t%u\t", ev->sentence <= 1 ? 1 : 0, ev->code, ev->code, ev->root,
             ev->quad_class, ev->goldstein, ev->num_mentions ? ev->num_mentions : 1,
             ev->num_sources ? ev->num_sources : 1, ev->num_articles ? ev->num_articles : 1);
    if (ev->has_tone) /* AvgTone: known once the articles are stored (herald query) */
        w_printf(b, "%.4f", ev->avg_tone);
    /* three geo blocks of 8 columns (Actor1Geo, Actor2Geo, ActionGeo): Type FullName
     * CountryCode ADM1Code ADM2Code Lat Long FeatureID, countries in FIPS 10-4 as GDELT has
     * them; the event's place stands for its actors' too */
    for (int g = 0; g < 3; g++) {
        const hd_location *l = ev->location;
        if (l && (g == 2 || (g == 0 && ev->source) || (g == 1 && ev->target)))
            gdelt_geo(b, l);
        else
            w_puts(b, "\t\t\t\t\t\t\t\t");
    }
    /* DATEADDED: when the store first saw it (YYYYMMDDHHMMSS), else empty */
    w_putc(b, '\t');
    if (ev->first_seen && strlen(ev->first_seen) == 10)
        w_printf(b, "%.4s%.2s%.2s000000", ev->first_seen, ev->first_seen + 5, ev->first_seen + 8);
    w_putc(b, '\t');
    const char *url = ev->doc_url && ev->doc_url[0] ? ev->doc_url : ev->doc_id;
    tsv_field(b, url, strlen(url));
    w_putc(b, '\n');
}

static void json_entities(writer *b, const char *name, const hd_entity *v, size_t n)
{
    w_printf(b, ",\"%s\":[", name);
    for (size_t i = 0; i < n; i++) {
        w_puts(b, i ? ",{\"name\":" : "{\"name\":");
        json_cstr_or_null(b, v[i].name);
        w_puts(b, ",\"code\":");
        json_cstr_or_null(b, v[i].code && v[i].code[0] ? v[i].code : NULL);
        w_printf(b, ",\"mentions\":%u}", v[i].mentions);
    }
    w_putc(b, ']');
}

/* Counts print as integers when they are whole ("162"), else with what precision they have. */
static void w_number(writer *b, double x)
{
    if (x == floor(x) && fabs(x) < 1e15)
        w_printf(b, "%.0f", x);
    else
        w_printf(b, "%.4g", x);
}

int hd_json_write_string(FILE *out, const char *s, size_t n)
{
    writer w;
    w.f = out;
    w.len = 0;
    w.failed = 0;
    json_str(&w, s, n);
    w_flush(&w);
    return w.failed ? -1 : 0;
}

int hd_entities_write(const hd_doc_entities *e, FILE *out)
{
    writer w;
    w.f = out;
    w.len = 0;
    w.failed = 0;
    writer *b = &w;
    w_puts(b, "{\"doc_id\":");
    json_cstr_or_null(b, e->doc_id);
    json_entities(b, "persons", e->persons, e->n_persons);
    json_entities(b, "organizations", e->organizations, e->n_organizations);
    w_puts(b, ",\"places\":[");
    for (size_t i = 0; i < e->n_places; i++) {
        if (i)
            w_putc(b, ',');
        json_location(b, &e->places[i].location, e->places[i].has_coordinates);
        w_printf(b, ",\"mentions\":%u}", e->places[i].mentions);
    }
    w_puts(b, "],\"counts\":[");
    for (size_t i = 0; i < e->n_counts; i++) {
        const hd_count *c = &e->counts[i];
        w_puts(b, i ? ",{\"number\":" : "{\"number\":");
        w_number(b, c->number);
        w_puts(b, ",\"of\":");
        json_cstr_or_null(b, c->of);
        w_puts(b, ",\"type\":");
        json_cstr_or_null(b, c->type);
        w_puts(b, ",\"text\":");
        json_cstr_or_null(b, c->text);
        w_printf(b, ",\"sentence\":%u}", c->sentence);
    }
    w_puts(b, "],\"quotations\":[");
    for (size_t i = 0; i < e->n_quotations; i++) {
        const hd_quotation *q = &e->quotations[i];
        w_puts(b, i ? ",{\"text\":" : "{\"text\":");
        json_cstr_or_null(b, q->text);
        w_puts(b, ",\"speaker\":");
        json_cstr_or_null(b, q->speaker);
        w_puts(b, ",\"speaker_kind\":");
        json_cstr_or_null(b, q->speaker_kind);
        w_printf(b, ",\"sentence\":%u}", q->sentence);
    }
    w_printf(b, "],\"tone\":{\"tone\":%.3f,\"positive\":%.3f,\"negative\":%.3f,\"polarity\":%.3f,\"word_count\":%zu}}\n",
             e->tone, e->positive, e->negative, e->polarity, e->word_count);
    w_flush(b);
    return w.failed ? -1 : 0;
}

int hd_event_write(const hd_event *ev, hd_format fmt, FILE *out)
{
    writer w;
    w.f = out;
    w.len = 0;
    w.failed = 0;
    if (fmt == HD_FORMAT_GDELT)
        write_gdelt(&w, ev);
    else
        write_json(&w, ev);
    w_flush(&w);
    return w.failed ? -1 : 0;
}

/* ---- for bindings ------------------------------------------------------------------------- */

static int json_sink(void *user, const hd_event *ev) { return hd_event_write(ev, HD_FORMAT_JSONL, user) != 0; }

char *hd_code_document_json(hd_coder *c, const hd_doc *doc, long *n_events)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    long n = hd_code_document(c, doc, json_sink, f);
    if (fclose(f) != 0 || n < 0) {
        free(buf);
        return NULL;
    }
    if (n_events)
        *n_events = n;
    return buf;
}

void hd_free(void *p) { free(p); }

/* One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
 * doubled. For the CSV exports of the store (hd_query.c, hd_export_acled.c). */
void hd_store_csv_field(FILE *f, const char *v, size_t n)
{
    int quote = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] == ',' || v[i] == '"' || v[i] == '\n' || v[i] == '\r')
            quote = 1;
    if (!quote) {
        fwrite(v, 1, n, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '"')
            fputc('"', f);
        fputc(v[i], f);
    }
    fputc('"', f);
}
