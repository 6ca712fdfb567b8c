/* hd_gazetteer.h: the place table geocoding resolves names against — countries, first-level
 * divisions and populated places from GeoNames-derived registry data — compiled once into an
 * image that is opened with mmap, validated, and then read-only (shareable across threads). */
#ifndef HD_GAZETTEER_H
#define HD_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

enum hd_place_kind { HD_PLACE_COUNTRY = 'C', HD_PLACE_ADMIN1 = 'A', HD_PLACE_CITY = 'P' };

/* One place as stored in the image; strings are offsets into the image's string area. */
typedef struct hd_place_rec {
    uint32_t name;       /* name as GeoNames writes it ("Ḩamāh") */
    uint32_t id;         /* "170017", "ADM1:SY.10", "COUNTRY:SY" */
    uint32_t admin1;     /* first-level division code within the country ("10"), may be "";
                            for a country, its ISO alpha-3 code */
    uint32_t population; /* 0 when unknown (divisions, countries) */
    float lat, lon;
    char cc[2];          /* ISO 3166-1 alpha-2 */
    char fips[2];        /* FIPS 10-4 country code (GDELT's), "\0\0" when the country has none */
    char kind;           /* enum hd_place_kind */
    char feature[7];     /* GeoNames feature code ("PPLC", "PPLA", "ADM1", "PCLI"), NUL-padded */
} hd_place_rec;

#include "herald.h"
#include "text/hd_textfile.h"

/* A folded name and the place it names. */
typedef struct gaz_key {
    uint32_t key;   /* offset of the folded name */
    uint32_t place; /* index of the place */
} gaz_key;

/* An open gazetteer: pointers into its image. */
struct hd_gazetteer {
    char *base;
    size_t size;
    int mapped;
    const hd_place_rec *places;
    const gaz_key *keys;
    const uint32_t *slots; /* first key of each distinct name, by hash; NO_SLOT when empty */
    const uint64_t *bloom; /* a Bloom filter of the names */
    const char *strings;
    uint32_t n_places, n_keys, n_slots, strings_size;
};

/* Compiles the tab-separated table of tools/gen-gazetteer.js into an image file (written with
 * its checksum). Lines it cannot read (bad fields, garbage bytes) are reported on `warn` as
 * file:line: reason, at most HD_DIAG_SHOWN of them, and skipped, and counted in *errors (may
 * be NULL); an empty or truncated table is an error too. Returns the number of places
 * written, or -1 with `err` filled. */
long hd_gazetteer_compile(const char *tsv_path, const char *image_path, hd_warn_fn warn, void *warn_user,
                          long *errors, char *err, size_t errlen);

/* hd_gazetteer_open() and hd_gazetteer_free() are in herald.h. Takes ownership of `data`
 * (malloc'ed) and validates it as an image: checksum first, then structure. */
hd_gazetteer *hd_gazetteer_from_memory(char *data, size_t size, char *err, size_t errlen);

/* Every check hd_gazetteer_from_memory() makes — header, checksum, structure — on bytes it
 * does not own: fills *g with pointers into `data`; 0, or -1 with a reason. */
int hd_gazetteer_check_image(hd_gazetteer *g, const char *data, size_t size, char *err, size_t errlen);

/* The structural checks alone, without the checksum: header, sizes, every offset and index
 * within bounds, keys sorted, a free hash slot, so that lookups on an image that passes stay
 * inside it. Fills *g with pointers into `data` (g does not own it); 0, or -1 with a reason.
 * What a crafted image with a correct checksum meets, and what a fuzz target calls directly. */
int hd_gazetteer_check_structure(hd_gazetteer *g, const char *data, size_t size, char *err, size_t errlen);

size_t hd_gazetteer_count(const hd_gazetteer *g);
const hd_place_rec *hd_gazetteer_place(const hd_gazetteer *g, size_t i);
const char *hd_gazetteer_str(const hd_gazetteer *g, uint32_t off);

/* "country", "admin1" or "city": the precision a place gives an event's location. */
const char *hd_place_precision(const hd_place_rec *p);

/* Folds a name to the form keys are stored in: lowercase ASCII, accents and apostrophes
 * dropped, runs of spaces collapsed ("Ḩamāh" -> "hamah", "Ma'rib" -> "marib"). Returns the
 * length written (always NUL-terminated within `cap`), 0 when nothing is left. */
size_t hd_gazetteer_fold(const char *s, size_t n, char *out, size_t cap);

/* The places a folded key names, most populous first: writes up to `max` place indexes and
 * returns how many places the key names in all. */
size_t hd_gazetteer_lookup(const hd_gazetteer *g, const char *key, size_t n, uint32_t *out, size_t max);

#endif
