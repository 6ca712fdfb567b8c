/* herald.h: the public API of libherald, a coder that turns news text into CAMEO event records
 * (who did what to whom, when, according to whom), with the sentence and rule behind each one.
 *
 * The life cycle:
 *
 *     hd_model *m = hd_model_open("build/herald.hdm", err, sizeof err);   // once, shared
 *     hd_coder *c = hd_coder_new(m);                                     // one per thread
 *     hd_doc doc = { .id = "a1", .text = text, .text_len = n, .date = "2015-10-01" };
 *     hd_code_document(c, &doc, my_sink, my_state);                     // my_sink gets events
 *     hd_coder_free(c);
 *     hd_model_free(m);
 *
 * A model is immutable once opened: any number of threads may share it, each with its own
 * hd_coder. The library keeps no global mutable state. All text is UTF-8.
 */
#ifndef HERALD_H
#define HERALD_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HERALD_VERSION "0.1.0"

/* ---------------------------------------------------------------------------------------------
 * Models: compiled dictionaries (actors, agents, verb patterns, event nouns, part-of-speech
 * lexicon, CAMEO table).
 * ------------------------------------------------------------------------------------------ */

typedef struct hd_model hd_model;

/* Maps a dictionary image written by `herald-dictc` (build/herald.hdm). Returns NULL and writes
 * a reason into err (which may be NULL) when the file is missing, truncated or of another
 * version. */
hd_model *hd_model_open(const char *path, char *err, size_t errlen);

/* Builds a model in memory from the PETRARCH/TABARI dictionaries in `dir`: every
 * `*actors*.txt`, `*agents*.txt`, `*discards*.txt` and `*verbs*.txt` / `CAMEO*.txt` file found
 * there. When `base` is not NULL, its part-of-speech lexicon, CAMEO table, light verbs,
 * reporting verbs and outlets are kept and its actors, agents and verbs are replaced by those of
 * the directory. Problems are reported through `warn` (may be NULL) as file, line (0 for the
 * file as a whole) and message, at most 20 a file and then a count. Errors — garbage bytes
 * (NUL, invalid UTF-8), an empty or truncated file, a discard phrase of function words only —
 * refuse the whole directory: NULL is returned, as when nothing usable was read. Lines that
 * cannot be used as written (a bad date, an agent without a code) are warnings ("warning:
 * ... (skipped)") and the rest loads. See hd_petrarch.c for the readings of the format. */
hd_model *hd_model_from_petrarch(const char *dir, const hd_model *base,
                                 void (*warn)(void *user, const char *file, long line,
                                              const char *msg),
                                 void *user, char *err, size_t errlen);

void hd_model_free(hd_model *m);

/* Counts of what a model holds, for diagnostics. */
typedef struct hd_model_stats {
    size_t words;    /* distinct tokens known (lexicon and dictionaries) */
    size_t phrases;  /* dictionary phrases (actors, agents, verbs, nouns, ...) */
    size_t actors, agents, verbs, patterns, nouns, cameo_codes;
    size_t image_bytes;
} hd_model_stats;
void hd_model_get_stats(const hd_model *m, hd_model_stats *out);

/* The gazetteer: countries, first-level divisions and populated places (GeoNames-derived),
 * compiled by `herald-dictc --gazetteer` (build/herald.hdg). Opened with mmap after every
 * offset in it is checked; read-only afterwards, so one gazetteer serves every thread. NULL
 * with a reason in err when the file is missing or not a valid image. */
typedef struct hd_gazetteer hd_gazetteer;
hd_gazetteer *hd_gazetteer_open(const char *path, char *err, size_t errlen);
void hd_gazetteer_free(hd_gazetteer *g);

/* ---------------------------------------------------------------------------------------------
 * Documents and events
 * ------------------------------------------------------------------------------------------ */

typedef struct hd_doc {
    const char *id;       /* required: document identifier */
    const char *text;     /* required: article body, UTF-8 (validated by the coder) */
    size_t text_len;
    const char *title;    /* optional headline, coded as sentence 0 when present */
    const char *date;     /* optional publication date YYYY-MM-DD */
    const char *source;   /* optional outlet name */
    const char *url;      /* optional */
} hd_doc;

typedef struct hd_actor {
    const char *text;     /* the words that named the actor (not NUL-terminated) */
    size_t text_len;
    char code[32];        /* full CAMEO actor code, e.g. "RUSMIL", "IGOUNO", "SYRREB" */
    char country[4];      /* ISO 3166-1 alpha-3 / CAMEO country, "" when none */
    char role[4];         /* first CAMEO role code, "" when none */
    char person[40];      /* which person, when the actor is a named one, in a form equal across
                             documents: the first name of the dictionary line that names
                             them ("Barack Obama" for "Obama", "Barack Obama" and "President
                             Obama", the line's first phrase; for PETRARCH dictionaries the
                             entry's file and line), or "name:" and the surname of a person the document
                             introduces with a title ("Sen. Ted Cruz" and a later "Cruz":
                             "name:Cruz"); "" for any other actor. The store keeps reports
                             of two different persons apart. */
    int pronoun;          /* 1: the text is a pronoun ("he", "they") that stands for the
                             actor; the code and person are those of whom it stands for */
    /* the other parts of the code, as GDELT's actor columns hold them, "" when none:
       "IMGMOSISI" is role IMG, religion1 MOS, known_group ISI; "IGOEUREEC" role IGO, region
       EUR (no country), known_group EEC; "NGOHRIAMN" role NGO, role2 HRI, known_group AMN.
       herald codes no ethnic group. */
    char region[4], known_group[4], religion1[4], religion2[4], role2[4], role3[4];
} hd_actor;

typedef struct hd_attribution {
    const char *kind;     /* "outlet", "speaker", "media", "source" */
    const char *name;     /* NUL-terminated */
} hd_attribution;

typedef struct hd_location {
    const char *name;        /* as the gazetteer writes it ("Ḩamāh") */
    const char *mention;     /* as the text wrote it ("Hama"), not NUL-terminated */
    size_t mention_len;
    char country[3];         /* ISO 3166-1 alpha-2 */
    char country_fips[3];    /* FIPS 10-4, as GDELT writes countries; "" when none */
    const char *admin1;      /* first-level division code within the country, "" if none */
    const char *geonames_id; /* "170017"; "ADM1:SY.10" for a division; "COUNTRY:SY" */
    const char *precision;   /* "city", "admin1" or "country" */
    double lat, lon;
} hd_location;

enum hd_modality { HD_MOOD_FACT = 0, HD_MOOD_INTENT = 1, HD_MOOD_THREAT = 2, HD_MOOD_HYPOTHETICAL = 3 };

typedef struct hd_event {
    const char *doc_id;
    unsigned event_index;         /* 0-based within the document */
    unsigned sentence;            /* 0 = title (when given), then 1.. for body sentences */
    size_t span_start, span_end;  /* bytes of the sentence within the normalised document text;
                                     for the title, within the normalised title */
    const char *text;             /* the sentence (not NUL-terminated) */
    size_t text_len;
    char date[11];                /* YYYY-MM-DD, "" when unknown */
    const char *date_precision;   /* "day", "week", "month", "year", "publication", "none" */
    const hd_actor *source;       /* NULL when unknown */
    const hd_actor *target;       /* NULL when none */
    char code[5];                 /* CAMEO event code, e.g. "195" */
    char root[3];                 /* "19" */
    int quad_class;               /* 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict */
    double goldstein;
    const hd_location *location;  /* NULL until geocoding (issue 4) */
    const hd_attribution *attribution;
    size_t n_attribution;
    int negated;                  /* "did not attack": flagged, not a fact */
    int hedged;                   /* "reportedly", "allegedly" */
    int mood;                     /* enum hd_modality */
    int background;               /* told in a relative clause ("a conflict that has claimed
                                     thousands of lives"): context rather than the news */
    double confidence;            /* the probability, 0-1, that the sentence reports this act as
                                     having happened (not negated, planned, threatened,
                                     hypothetical or a metaphor), from the trained confidence
                                     classifier; -1 when the model has none */
    const char *rule;             /* id of the dictionary entry or pattern that fired */
    const char *trigger;          /* the verb or event noun (not NUL-terminated) */
    size_t trigger_len;
    const char *topic;            /* what the act's clause is about besides its actors, date
                                     and trigger: the lemmas of the nouns it governs, lower
                                     case, space-separated ("interview oath" for "offered to
                                     do the interview under oath"), NUL-terminated, "" when
                                     none; the store keeps two reports of one speaker's act
                                     apart when their topics share no word */
    const char *doc_source;       /* hd_doc.source */
    const char *doc_url;          /* hd_doc.url */
    const char *doc_date;         /* hd_doc.date: the article's publication date, NULL when
                                     it has none (exported as "published") */
    /* Event types analysts filter on (static strings): */
    const char *acled_event_type;     /* ACLED event type, NULL outside ACLED's scope */
    const char *acled_sub_event_type; /* ACLED sub-event type */
    const char *plover_event_type;    /* PLOVER event type, NULL when none fits */
    const char *plover_mode;          /* PLOVER mode ("aerial", "arrest", ...) or "" */
    const char *case_label;           /* CASE 2021 task 2 label ("AIR_STRIKE", ..., "OTHER") */
    /* Set by the event store for an event read back from it (0 / NULL from the coder): the
     * text, span, trigger and attribution are those of its first mention. */
    long long store_id;               /* the store's event id (GDELT GLOBALEVENTID) */
    long long story_id;               /* the story of the article that first reported it */
    unsigned num_mentions, num_sources, num_articles;
    const char *first_seen, *last_seen; /* publication dates of its first and last report */
    const char *const *outlets;       /* the outlets that reported it */
    size_t n_outlets;
    long fatalities;                  /* the dead its sentence counts for a violent act (18-20,
                                         "killing 6 civilians": 6), -1 unknown; from the
                                         store, the largest of its reports' */
    int has_tone;                     /* avg_tone is known (articles stored with their tone) */
    double avg_tone;                  /* the mean tone of the articles that reported it
                                         (hd_coder_doc_measures; GDELT's AvgTone) */
} hd_event;

/* A sink receives each event; the pointers inside are valid only during the call. Return
 * non-zero to stop coding the document. */
typedef int (*hd_event_sink)(void *user, const hd_event *ev);

typedef struct hd_coder hd_coder;

typedef struct hd_options {
    int emit_negated;   /* also deliver negated events (flagged); default 1 */
    int emit_hypothetical; /* deliver conditional/hypothetical mentions; default 0 */
    int entities;       /* collect the document's entities for hd_coder_entities(); default 0 */
    int emit_actorless; /* also deliver events that name neither a source nor a target; default 0 */
    double min_confidence; /* deliver only events whose confidence is at least this; default
                              HD_DEFAULT_MIN_CONFIDENCE, the threshold chosen on data (README,
                              "Event confidence"); 0 delivers every event with its confidence */
} hd_options;

#define HD_DEFAULT_MIN_CONFIDENCE 0.5

/* A coder holds per-thread scratch memory; it reads `model`, which must outlive it. */
hd_coder *hd_coder_new(const hd_model *model);
/* NULL restores the defaults. */
void hd_coder_set_options(hd_coder *c, const hd_options *opt);
/* Events get a `location` once a gazetteer is set (it must outlive the coder); NULL unsets. */
void hd_coder_set_gazetteer(hd_coder *c, const hd_gazetteer *g);
void hd_coder_free(hd_coder *c);

/* Codes one document. Returns the number of events delivered, or -1 when the document was
 * rejected (invalid UTF-8, NUL byte, missing id), with the reason from hd_coder_error(). */
long hd_code_document(hd_coder *c, const hd_doc *doc, hd_event_sink sink, void *user);
const char *hd_coder_error(const hd_coder *c);
/* What GDELT measures of the document the coder coded last: its tone, 100 x (positive -
 * negative words) / words by AFINN-165 (the AvgTone and MentionDocTone of GDELT), and the
 * length of its normalised text in bytes, the unit of hd_event.span_start (MentionDocLen). 0,
 * or -1 before any document. */
int hd_coder_doc_measures(const hd_coder *c, double *tone, size_t *chars);

/* For bindings: codes a document and returns its events as JSON Lines (the records of
 * hd_event_write) in a NUL-terminated string to release with hd_free(), the number of events
 * in *n_events. NULL when the document was rejected (hd_coder_error()) or memory ran out. */
char *hd_code_document_json(hd_coder *c, const hd_doc *doc, long *n_events);
void hd_free(void *p);

/* Events copied out of a sink, for coding on one thread and using the events on another
 * (herald ingest -j: worker threads code, one thread stores). hd_event_list_add is an
 * hd_event_sink: pass it with the list as `user`. A copy owns every string it points to and
 * stays valid until the list is cleared or freed. A list is used by one thread at a time. */
typedef struct hd_event_list hd_event_list;
hd_event_list *hd_event_list_new(void);
int hd_event_list_add(void *list, const hd_event *ev);
size_t hd_event_list_count(const hd_event_list *l);
const hd_event *hd_event_list_get(const hd_event_list *l, size_t i);
/* Non-zero when memory ran out while adding, so that the list misses events. */
int hd_event_list_failed(const hd_event_list *l);
/* The document's measures (hd_coder_doc_measures) carried with its events to the store;
 * hd_event_list_measures gives -1 when none were set since the list was cleared. */
void hd_event_list_set_measures(hd_event_list *l, double tone, size_t chars);
int hd_event_list_measures(const hd_event_list *l, double *tone, size_t *chars);
void hd_event_list_clear(hd_event_list *l);
void hd_event_list_free(hd_event_list *l);

/* Codes a document and returns the CASE 2021 task 2 label of its main event ("AIR_STRIKE",
 * "ARMED_CLASH", ..., "DIPLO", "ATTRIB"): the most severe factual event, the earliest among
 * equals; a disaster or crime named with no actor gives its class; "OTHER" when nothing fits.
 * NULL when the document was rejected (see hd_coder_error()). The string is static. */
const char *hd_classify_document(hd_coder *c, const hd_doc *doc);
/* Reads one line of `herald classify` input, "id<TAB>text[<TAB>gold]", in place: its line
 * ending is cut and its tabs become NULs, and `doc` gets the id and text (its other fields are
 * cleared). Returns 1 for a snippet, 0 for a blank line or a header ("id<TAB>..." on line 1),
 * -1 with the reason in *why for a line without a tab, with an empty id, or with a NUL byte
 * (which would silently cut the text). */
int hd_snippet_parse(char *line, size_t len, long line_no, hd_doc *doc, const char **why);

/* Writes, for each sentence of `text`, how the coder read it: tokens with their tags and
 * dictionary matches, chunks (noun phrases, verb groups with their features, prepositional
 * phrases), actors, the places resolved (when `gaz` is not NULL), and the events coded, with
 * the rule that fired. For users tracing why an event was or was not coded, and for
 * dictionary authors. Returns 0, -1 on bad input. */
int hd_explain(const hd_model *model, const hd_gazetteer *gaz, const char *text, size_t len, const char *date,
               FILE *out);

/* ---------------------------------------------------------------------------------------------
 * Document entities (GDELT GKG-like): who and what a document names, what it counts, whom it
 * quotes, and its tone. Collected while coding when hd_options.entities is set.
 * ------------------------------------------------------------------------------------------ */

typedef struct hd_entity {
    const char *name;       /* the fullest form the document used ("Sergey Lavrov") */
    const char *code;       /* CAMEO actor code from the dictionaries, "" when unknown */
    unsigned mentions;      /* times named, counting short forms ("Lavrov") */
} hd_entity;

typedef struct hd_entity_place {
    hd_location location;   /* lat/lon are meaningful only when has_coordinates */
    int has_coordinates;    /* 0 for a natural feature the gazetteer lacks ("the X River"),
                               placed in the country of the places named around it */
    unsigned mentions;
} hd_entity_place;

typedef struct hd_count {
    double number;          /* 6, 162, 1500000 */
    const char *of;         /* what is counted, as written ("civilians", "votes"), may be "" */
    const char *type;       /* "killed", "wounded", "arrested", "kidnapped", "displaced",
                               "protesters", or NULL for a plain count */
    const char *text;       /* the words it was read from ("killing 6 civilians") */
    unsigned sentence;
} hd_count;

typedef struct hd_quotation {
    const char *text;       /* the words between the quotation marks */
    const char *speaker;    /* to whom the document attributes them, NULL when unknown */
    const char *speaker_kind; /* "speaker", "source", "media", "outlet", NULL */
    unsigned sentence;      /* where the quotation opens */
} hd_quotation;

typedef struct hd_doc_entities {
    const char *doc_id;
    const hd_entity *persons;
    size_t n_persons;
    const hd_entity *organizations;
    size_t n_organizations;
    const hd_entity_place *places;
    size_t n_places;
    const hd_count *counts;
    size_t n_counts;
    const hd_quotation *quotations;
    size_t n_quotations;
    /* Tone as GDELT computes it, from the AFINN-165 word list: percentages of the words that
     * are positive and negative, tone = positive - negative, polarity = positive + negative. */
    double tone, positive, negative, polarity;
    size_t word_count;
} hd_doc_entities;

/* The entities of the document the coder coded last, valid until the next hd_code_document()
 * or hd_coder_free(); NULL when hd_options.entities was not set or the document was rejected. */
const hd_doc_entities *hd_coder_entities(const hd_coder *c);

/* ---------------------------------------------------------------------------------------------
 * Output
 * ------------------------------------------------------------------------------------------ */

typedef enum hd_format { HD_FORMAT_JSONL = 0, HD_FORMAT_GDELT = 1 } hd_format;

/* Writes one event as a JSON Lines record or a GDELT 2.0 Events row (61 tab-separated
 * columns, fields not computed left empty), with the trailing newline. Returns 0 or -1 on
 * a write error. */
int hd_event_write(const hd_event *ev, hd_format fmt, FILE *out);
/* The names of GDELT 2.0's 61 Events columns and 16 Mentions columns, tab-separated, with
 * the trailing newline: the header rows of `--format gdelt --header`. */
extern const char hd_gdelt_events_header[];
extern const char hd_gdelt_mentions_header[];

/* Writes a document's entities as one JSON Lines record with the trailing newline:
 * {"doc_id", "persons":[{"name","code","mentions"}], "organizations":[...], "places":[{"name",
 * "mention","country","admin1","geonames_id","precision","lat","lon","mentions"}], "counts":
 * [{"number","of","type","text","sentence"}], "quotations":[{"text","speaker","speaker_kind",
 * "sentence"}], "tone":{"tone","positive","negative","polarity","word_count"}}.
 * Returns 0 or -1 on a write error. */
int hd_entities_write(const hd_doc_entities *e, FILE *out);

/* ---------------------------------------------------------------------------------------------
 * Event store (SQLite): documents, deduplicated events with the mentions that report them,
 * actors, places and attributions; queries and exports. One hd_store per thread.
 * ------------------------------------------------------------------------------------------ */

typedef struct hd_store hd_store;

/* How mentions of one real-world event in different articles are merged into one event. */
typedef struct hd_store_options {
    int window_days;   /* how far a report naming its day may be from an event dated by a publication,
                          and how far apart an event's reports may lie (default 1); reports that
                          both name their day must name the same one */
    double max_km;     /* places at most this far apart when both have coordinates (default 50);
                          a country-level place matches any place in its country */
    int full_code;     /* 1: the whole CAMEO code must agree; 0 (default): its root */
    int batch_docs;    /* documents per transaction (default 100): an interruption loses at
                          most this many, and running the same input again completes them */
    /* Stories: an article joins the story of the most similar article published at most
     * story_days before or after it (in a story begun within that window) when the mean cosine
     * of its names, weighted by rarity, with the story's articles is at least story_similarity;
     * else it starts a story. Event records (hd_store_ingest_event_json) hold no article text:
     * each of their documents is a story of its own.
     * Within a story, events merge with looser actor agreement (README, "Stories"). */
    int story_days;          /* default 3 */
    double story_similarity; /* default HD_STORY_SIMILARITY */
} hd_store_options;

#define HD_STORY_SIMILARITY 0.2
/* story_similarity that keeps every article a story of its own */
#define HD_NO_STORIES 2.0

void hd_store_default_options(hd_store_options *o);

/* Opens (creating when asked) a store, in WAL mode, and migrates its schema to this version.
 * A read-only store is never created or migrated. Opened read-only, a store whose directory
 * cannot be written (a read-only mount, where SQLite cannot create the WAL index `-shm`) is
 * opened immutable: it must not change while open, and a write-ahead log that an unfinished
 * writer left beside it is not read. Opened for writing, a store that cannot be written (file
 * permissions, a read-only mount) is refused here, before any document. NULL on error with the
 * reason in `err`. */
hd_store *hd_store_open(const char *path, int read_only, const hd_store_options *opt, char *err, size_t errlen);
/* Commits the open batch and closes the store. Returns 0, or -1 when the commit failed. */
int hd_store_close(hd_store *s);
/* The reason the last call on `s` failed, for people. */
const char *hd_store_error(const hd_store *s);

/* What kind of failure the last call on `s` had, for programs: a server answers a caller's
 * mistake with 400 and a broken store with 500; ingest stops at the first failure of the
 * store itself (HD_STORE_FULL and after), because the batch in flight is then lost whole
 * (rolled back: the store stays consistent, and running the same input again completes it). */
typedef enum hd_store_status {
    HD_STORE_OK = 0,
    HD_STORE_INVALID,   /* the caller's input: a malformed filter, an FTS5 syntax error, a
                           document without id, a malformed event record */
    HD_STORE_TIMEOUT,   /* a query ran past the deadline set by hd_store_set_deadline() */
    HD_STORE_FULL,      /* no space left on the device, or the file-size limit reached */
    HD_STORE_READ_ONLY, /* the store, or the directory of its journal, cannot be written */
    HD_STORE_CORRUPT,   /* the file is damaged or is no SQLite database */
    HD_STORE_IO_ERROR,  /* any other failure of the database or the disk, or a lock held too
                           long by another process */
    HD_STORE_NO_MEMORY
} hd_store_status;
hd_store_status hd_store_last_status(const hd_store *s);

/* What exports read beyond the store: the dictionary image's tables of ACLED actors, disorder
 * types, regions and countries (HD_STORE_ACLED needs it), and the gazetteer's division names
 * (ACLED's admin1; without it admin1 is empty). Neither is copied: both must outlive `s`. */
void hd_store_set_model(hd_store *s, const hd_model *m);
void hd_store_set_gazetteer(hd_store *s, const hd_gazetteer *g);

/* Queries on `s` (hd_store_query, hd_store_event) that run longer than `seconds` are stopped
 * and fail with HD_STORE_TIMEOUT; 0 (the default) sets no deadline. A server sets one so that
 * an expensive full-text query cannot hold a connection for long. */
void hd_store_set_deadline(hd_store *s, double seconds);

/* Codes `doc` with `c` and stores it: the document, each event mention (negated and
 * hypothetical mentions are not stored), joined to the event it reports or a new one.
 * Returns the number of mentions stored, HD_STORE_SKIPPED when the document is already
 * stored (same id, same URL or same normalised text), or -1 on error (hd_store_error(),
 * or hd_coder_error() for a rejected document). */
#define HD_STORE_SKIPPED (-2L)
long hd_store_ingest(hd_store *s, hd_coder *c, const hd_doc *doc);
/* The same as hd_store_ingest for a document already coded elsewhere (on another thread),
 * its events in `events` (filled by hd_event_list_add). Same return values. */
long hd_store_ingest_events(hd_store *s, const hd_doc *doc, const hd_event_list *events);
/* 1 when `doc` is already stored (same id, URL or normalised text), 0 when not, -1 on error:
 * lets a caller skip coding documents a store would skip anyway. */
int hd_store_has_document(hd_store *s, const hd_doc *doc);
/* Stores one event record of `herald code`'s JSON Lines output (e.g. written by a Dask
 * partition) as if its document had been ingested: the records of one document come together
 * (same doc_id), and a document already stored (same id or URL) is skipped whole. Returns 1
 * stored, 0 skipped, -1 for a line that is no event record (hd_store_error()). Call
 * hd_store_events_done() after the last record. */
int hd_store_ingest_event_json(hd_store *s, const char *line, size_t len);
int hd_store_events_done(hd_store *s);
/* Commits the open batch now (the store also commits every batch_docs documents). On a
 * failure the batch is rolled back whole. */
int hd_store_commit(hd_store *s);
/* Documents, and their mentions, that calls on `s` have stored and committed so far: a
 * document counts once its batch is committed, never before, so after a failed commit these
 * say exactly what the store gained. */
void hd_store_committed(const hd_store *s, long *documents, long *mentions);

typedef struct hd_store_stats {
    long documents, events, mentions, sources;
} hd_store_stats;
int hd_store_stats_get(hd_store *s, hd_store_stats *out);

/* A query: every field is optional (NULL / 0 = no filter). */
typedef struct hd_query {
    const char *from, *to;      /* event date range, YYYY-MM-DD, inclusive */
    const char *country;        /* ISO alpha-2 of the event's place, or alpha-3 of either actor */
    const char *actor;          /* prefix of the source or target actor code ("RUS", "SYRREB") */
    const char *code;           /* prefix of the CAMEO event code ("19", "190") */
    const char *acled_type;     /* ACLED event type or sub-event type, case-insensitive */
    int near;                   /* 1: within near_km of near_lat/near_lon */
    double near_lat, near_lon, near_km;
    const char *source;         /* an outlet that reported it (its name, case-insensitive) */
    const char *text;           /* SQLite FTS5 query over the sentences that report it */
    long long story;            /* the story the event was first reported in (story_id) */
    const char *count_by;       /* "day", "week" (ISO 8601), "month", "year", "country", "code",
                                   "root" (CAMEO root), "actor" (each side), "outlet", "acled"
                                   (ACLED event type) or "story": counts instead of rows, times
                                   in order, the others most counted first; limit and offset
                                   cut the keys */
    long limit, offset;         /* 0 = no limit */
    int placed;                 /* 1: only events with a place (coordinates) */
} hd_query;

typedef enum hd_store_format {
    HD_STORE_JSONL = 0, HD_STORE_CSV, HD_STORE_GDELT, HD_STORE_GDELT_MENTIONS, HD_STORE_ACLED, HD_STORE_PLOVER,
    HD_STORE_GEOJSON /* one FeatureCollection: a Point feature per event (no geometry when unplaced) */
} hd_store_format;

/* Runs a query and writes the matching events (newest first) in `fmt`, or the counts of
 * q->count_by as "key<TAB>count" lines (JSON Lines for HD_STORE_JSONL, CSV with a header for
 * HD_STORE_CSV). HD_STORE_ACLED and HD_STORE_PLOVER write the events of an ACLED or PLOVER
 * type only, and need hd_store_set_model(). Returns the number of rows written, or -1 with
 * hd_store_error() (a bad filter value is an error, never SQL). */
long hd_store_query(hd_store *s, const hd_query *q, hd_store_format fmt, FILE *out);
/* How many events match `q` (its limit, offset and count_by ignored); -1 with
 * hd_store_error() as for hd_store_query. */
long hd_store_count(hd_store *s, const hd_query *q);

/* Writes one stored event as JSON: {"event": the JSON Lines record, "mentions": [{"mention_id",
 * "sentence", "span", "text", "highlights": [{"kind": "source"|"trigger"|"target"|"place",
 * "start", "end"}] (bytes within "text"), "code", "date", "hedged", "attribution",
 * "document": {"id", "title", "url", "outlet", "date"}}]}. Returns 1, 0 when there is no such
 * event, -1 on error. */
int hd_store_event(hd_store *s, long long id, FILE *out);

/* ---------------------------------------------------------------------------------------------
 * Syntax: a text's sentences and words with their part-of-speech tags and dependency tree, from
 * the tagger and parser trained on the Universal Dependencies English Web Treebank that the
 * dictionary image carries (see `make train`). Words are herald's own tokens, with byte offsets
 * into the text as given (it is not normalised first, so offsets and forms are exact).
 * ------------------------------------------------------------------------------------------ */

typedef struct hd_parsed_word {
    size_t start, end;   /* the word is text[start, end) */
    int head;            /* 1-based index of its head in the sentence, 0 for the root */
    const char *upos;    /* Universal tag ("NOUN") */
    const char *xpos;    /* Penn Treebank tag ("NNS") */
    const char *deprel;  /* Universal relation, with subtype ("nsubj:pass") */
    const char *lemma;   /* base form: from the lexicon and WordNet's exceptions for inflected
                            verbs, plural nouns and graded adjectives; otherwise the form, lower-
                            cased when the lexicon knows it in lower case and it is no name */
} hd_parsed_word;

typedef struct hd_parsed_sentence {
    size_t first, n;     /* its words: words[first .. first + n) */
    size_t start, end;   /* its bytes in the text */
} hd_parsed_sentence;

typedef struct hd_parse {
    hd_parsed_word *words;
    size_t n_words;
    hd_parsed_sentence *sentences;
    size_t n_sentences;
    char *store_; /* private: lemmas the model does not hold */
    size_t store_len_, store_cap_;
} hd_parse;

/* 1 when the model carries a tagger and parser (an image built with `herald-dictc --syntax`). */
int hd_model_has_syntax(const hd_model *m);

/* Splits, tags and parses a text into `out` (initialised here; release with hd_parse_free,
 * also after a failure). Returns 0, or -1 with a reason in err: text that is not UTF-8 or holds
 * a NUL byte (with the byte offset), a model without syntax, or memory run out. */
int hd_parse_text(const hd_model *m, const char *text, size_t len, hd_parse *out, char *err, size_t errlen);
void hd_parse_free(hd_parse *p);

/* ---------------------------------------------------------------------------------------------
 * Input: plain text, JSON Lines and HTML from files, directories or stdin
 * ------------------------------------------------------------------------------------------ */

typedef enum hd_input_format {
    HD_INPUT_AUTO = 0, HD_INPUT_TEXT, HD_INPUT_JSONL, HD_INPUT_HTML
} hd_input_format;

typedef struct hd_reader hd_reader;

/* Opens a file, a directory (walked recursively, files in name order) or "-" for stdin.
 * `default_date` (YYYY-MM-DD or NULL) is used for documents that carry no date. */
hd_reader *hd_reader_open(const char *path, hd_input_format fmt, const char *default_date,
                          char *err, size_t errlen);

/* Reads the next document. Returns 1 with *doc filled (valid until the next call), 0 at the
 * end, or -1 for a bad record, with a message naming the file and line or byte offset in
 * `err`; reading may continue after -1. */
int hd_reader_next(hd_reader *r, hd_doc *doc, char *err, size_t errlen);

/* What the reader says of the document hd_reader_next() returned last, or NULL: a record
 * whose "date" is no date ("yesterday") is read with the default date (or none), and this
 * names the file, the line and what was done. */
const char *hd_reader_warning(const hd_reader *r);

/* 1 when `s` is a date YYYY-MM-DD of the calendar ("2015-02-30" is not), else 0: the one
 * check of every date herald is given (--date, --from, --to, a record's "date"). */
int hd_date_check(const char *s);

/* Bytes of input consumed so far and the total (0 when unknown, e.g. stdin), for progress. */
void hd_reader_progress(const hd_reader *r, size_t *done, size_t *total);
void hd_reader_close(hd_reader *r);

#ifdef __cplusplus
}
#endif
#endif
