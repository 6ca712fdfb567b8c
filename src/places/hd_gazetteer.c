/* hd_gazetteer.c: compiling the place table into an image, opening it (mmap) with its checksum
 * and every offset checked, and finding the places a name can mean. The image is a header
 * (with the checksum), a Bloom filter of the names, the place records, the keys (folded name -> place)
 * sorted by name and then by population, a hash index of the distinct names, and a string
 * area; a lookup is a Bloom test and, for likely names, one hash probe sequence. */
#include "places/hd_gazetteer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/hd_buf.h"
#include "base/hd_mapfile.h"

#define GAZ_MAGIC "HDGAZ01"
#define GAZ_VERSION 5u /* 5: the header carries a checksum */
#define NO_SLOT UINT32_MAX
/* A Bloom filter of the names, small enough to stay in cache: most words looked up are not
 * place names, and it answers them without touching the large tables. */
#define BLOOM_BITS (1u << 21)
#define BLOOM_WORDS (BLOOM_BITS / 64)

typedef struct gaz_header {
    char magic[8];
    uint32_t version, n_places, n_keys, n_slots, strings_size, reserved;
    uint64_t checksum; /* hd_image_checksum() of the whole image, this field read as zero */
} gaz_header;

_Static_assert(sizeof(gaz_header) % 8 == 0, "the Bloom filter after the header must be 8-byte aligned");

static uint32_t name_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* two bit positions from one hash */
static uint32_t bloom_bit(uint32_t h, int k)
{
    return (k ? (h >> 11) * 2654435761u : h) & (BLOOM_BITS - 1);
}

static void fail(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
}

size_t hd_gazetteer_fold(const char *s, size_t n, char *out, size_t cap)
{
    if (cap == 0)
        return 0;
    size_t ascii = 0;
    while (ascii < n && (unsigned char)s[ascii] < 0x80)
        ascii++;
    /* most names are ASCII and need no decomposition */
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t r = ascii == n ? -1
                                    : utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &folded,
                                                   UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    const unsigned char *src = r >= 0 ? folded : (const unsigned char *)s;
    size_t srclen = r >= 0 ? (size_t)r : n;
    size_t len = 0;
    int space = 0;
    for (size_t i = 0; i < srclen && len + 1 < cap; i++) {
        unsigned char c = src[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c == ' ' || c == '\t' || c == '\n') {
            space = len > 0;
            continue;
        }
        if (c == '\'' || c == '`' || c >= 0x80) /* apostrophes, ayn and hamza marks, other scripts */
            continue;
        if (space && len + 2 < cap)
            out[len++] = ' ';
        space = 0;
        out[len++] = (char)c;
    }
    out[len] = '\0';
    free(folded);
    return len;
}

/* ---- compiling -------------------------------------------------------------------- */

typedef struct build {
    hd_buf places, keys, strings;
} build;

static uint32_t intern(build *b, const char *s, size_t n)
{
    uint32_t off = (uint32_t)b->strings.len;
    if (hd_buf_append(&b->strings, s, n) != 0 || hd_buf_putc(&b->strings, '\0') != 0)
        return UINT32_MAX;
    return off;
}

/* qsort has no user pointer: keys are sorted as self-contained records */
typedef struct sort_key {
    const char *text;
    uint32_t population, place, offset;
} sort_key;

static int key_order(const void *a, const void *b)
{
    const sort_key *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    if (c)
        return c;
    if (x->population != y->population)
        return x->population > y->population ? -1 : 1;
    return x->place < y->place ? -1 : x->place > y->place;
}

static int sort_keys(build *b)
{
    size_t n = b->keys.len / sizeof(gaz_key);
    if (n == 0) /* a table whose every row was refused: nothing to sort (qsort wants an array) */
        return 0;
    sort_key *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return -1;
    gaz_key *keys = (gaz_key *)b->keys.data;
    const hd_place_rec *places = (const hd_place_rec *)b->places.data;
    for (size_t i = 0; i < n; i++)
        tmp[i] = (sort_key){b->strings.data + keys[i].key, places[keys[i].place].population, keys[i].place, keys[i].key};
    qsort(tmp, n, sizeof *tmp, key_order);
    for (size_t i = 0; i < n; i++)
        keys[i] = (gaz_key){tmp[i].offset, tmp[i].place};
    free(tmp);
    return 0;
}

static int parse_line(build *b, char *line, const char **why)
{
    char *f[11];
    if (hd_split_tabs(line, f, 11) != 11) {
        *why = "expected 11 tab-separated fields";
        return -1;
    }
    if (f[10][0] && strlen(f[10]) != 2) {
        *why = "FIPS country code is not two letters";
        return -1;
    }
    if (strlen(f[0]) != 1 || !strchr("CAP", f[0][0])) {
        *why = "kind is not C, A or P";
        return -1;
    }
    if (strlen(f[3]) != 2) {
        *why = "country is not an ISO alpha-2 code";
        return -1;
    }
    char *end;
    double lat = strtod(f[5], &end);
    if (*end || lat < -90 || lat > 90) {
        *why = "latitude out of range";
        return -1;
    }
    double lon = strtod(f[6], &end);
    if (*end || lon < -180 || lon > 180) {
        *why = "longitude out of range";
        return -1;
    }
    unsigned long pop = strtoul(f[7], &end, 10);
    if (*end) {
        *why = "population is not a number";
        return -1;
    }
    hd_place_rec rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = f[0][0];
    rec.cc[0] = f[3][0];
    rec.cc[1] = f[3][1];
    if (f[10][0]) {
        rec.fips[0] = f[10][0];
        rec.fips[1] = f[10][1];
    }
    rec.lat = (float)lat;
    rec.lon = (float)lon;
    rec.population = pop > UINT32_MAX ? UINT32_MAX : (uint32_t)pop;
    snprintf(rec.feature, sizeof rec.feature, "%.6s", f[8]);
    rec.id = intern(b, f[1], strlen(f[1]));
    rec.name = intern(b, f[2], strlen(f[2]));
    rec.admin1 = intern(b, f[4], strlen(f[4]));
    if (rec.id == UINT32_MAX || rec.name == UINT32_MAX || rec.admin1 == UINT32_MAX) {
        *why = "out of memory";
        return -1;
    }
    uint32_t index = (uint32_t)(b->places.len / sizeof rec);
    if (hd_buf_append(&b->places, &rec, sizeof rec) != 0) {
        *why = "out of memory";
        return -1;
    }
    for (char *k = f[9]; *k;) {
        char *bar = strchr(k, '|');
        size_t n = bar ? (size_t)(bar - k) : strlen(k);
        char folded[256];
        size_t fl = hd_gazetteer_fold(k, n, folded, sizeof folded);
        if (fl > 0) {
            gaz_key key = {intern(b, folded, fl), index};
            if (key.key == UINT32_MAX || hd_buf_append(&b->keys, &key, sizeof key) != 0) {
                *why = "out of memory";
                return -1;
            }
        }
        k += n + (bar != NULL);
    }
    return 0;
}

/* Reads the table into b; every problem is reported through d. */
static int read_table(build *b, const char *tsv_path, hd_diag *d, char *err, size_t errlen)
{
    hd_textfile t;
    if (hd_textfile_open(&t, tsv_path, d) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "%s: cannot be read", tsv_path);
        return -1;
    }
    int rc = 0;
    size_t len;
    for (char *line; (line = hd_textfile_next(&t, &len)) != NULL;) {
        if (len == 0 || line[0] == '#')
            continue;
        const char *why = NULL;
        if (parse_line(b, line, &why) == 0)
            continue;
        if (strcmp(why, "out of memory") == 0) {
            fail(err, errlen, "out of memory");
            rc = -1;
            break;
        }
        hd_diag_error(d, t.line, "%s", why);
    }
    if (rc == 0 && b->places.len == 0)
        hd_diag_error(d, 0, "no places: the file is empty or truncated");
    hd_textfile_close(&t);
    return rc;
}

/* The Bloom filter and hash index of the sorted keys. */
static void index_keys(const build *b, uint32_t *slots, size_t n_slots, uint64_t *bloom)
{
    size_t n_keys = b->keys.len / sizeof(gaz_key);
    for (size_t i = 0; i < n_slots; i++)
        slots[i] = NO_SLOT;
    const gaz_key *sorted = (const gaz_key *)(const void *)b->keys.data;
    for (size_t i = 0; i < n_keys; i++) {
        const char *name = b->strings.data + sorted[i].key;
        if (i > 0 && strcmp(name, b->strings.data + sorted[i - 1].key) == 0)
            continue; /* only the first key of a run of equal names is indexed */
        uint32_t hash = name_hash(name, strlen(name));
        for (int k = 0; k < 2; k++)
            bloom[bloom_bit(hash, k) / 64] |= 1ull << (bloom_bit(hash, k) % 64);
        size_t slot = hash & (n_slots - 1);
        while (slots[slot] != NO_SLOT)
            slot = (slot + 1) & (n_slots - 1);
        slots[slot] = (uint32_t)i;
    }
}

/* Lays the image out in one buffer and seals it with its checksum. */
static int assemble(build *b, hd_buf *img)
{
    size_t n_places = b->places.len / sizeof(hd_place_rec), n_keys = b->keys.len / sizeof(gaz_key);
    size_t n_slots = 16;
    while (n_slots < 2 * n_keys)
        n_slots *= 2;
    uint32_t *slots = malloc(n_slots * sizeof *slots);
    uint64_t *bloom = calloc(BLOOM_WORDS, sizeof *bloom);
    int rc = -1;
    if (slots && bloom) {
        index_keys(b, slots, n_slots, bloom);
        gaz_header h;
        memset(&h, 0, sizeof h);
        memcpy(h.magic, GAZ_MAGIC, sizeof h.magic);
        h.version = GAZ_VERSION;
        h.n_places = (uint32_t)n_places;
        h.n_keys = (uint32_t)n_keys;
        h.n_slots = (uint32_t)n_slots;
        h.strings_size = (uint32_t)b->strings.len;
        if (hd_buf_append(img, &h, sizeof h) == 0 && hd_buf_append(img, bloom, BLOOM_WORDS * sizeof *bloom) == 0 &&
            hd_buf_append(img, b->places.data, b->places.len) == 0 && hd_buf_append(img, b->keys.data, b->keys.len) == 0 &&
            hd_buf_append(img, slots, n_slots * sizeof *slots) == 0 &&
            hd_buf_append(img, b->strings.data, b->strings.len) == 0) {
            gaz_header *ih = (gaz_header *)(void *)img->data;
            ih->checksum = hd_image_checksum(img->data, img->len, offsetof(gaz_header, checksum));
            rc = 0;
        }
    }
    free(slots);
    free(bloom);
    return rc;
}

/* Written beside the image and renamed over it: a process that has the old image mapped keeps
 * reading it whole instead of faulting on a file cut short under it. */
static int write_image(const hd_buf *img, const char *image_path, char *err, size_t errlen)
{
    char tmp_path[4096];
    snprintf(tmp_path, sizeof tmp_path, "%s.tmp", image_path);
    FILE *out = fopen(tmp_path, "wb");
    if (!out) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", tmp_path, strerror(errno));
        return -1;
    }
    int ok = fwrite(img->data, 1, img->len, out) == img->len;
    if (fclose(out) != 0 || !ok || rename(tmp_path, image_path) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "%s: write error", image_path);
        remove(tmp_path);
        return -1;
    }
    return 0;
}

long hd_gazetteer_compile(const char *tsv_path, const char *image_path, hd_warn_fn warn, void *warn_user,
                          long *errors, char *err, size_t errlen)
{
    build b;
    memset(&b, 0, sizeof b);
    hd_buf img = HD_BUF_INIT;
    hd_diag d;
    hd_diag_start(&d, warn, warn_user, tsv_path);
    long result = -1;
    if (read_table(&b, tsv_path, &d, err, errlen) != 0)
        goto done;
    size_t n_places = b.places.len / sizeof(hd_place_rec);
    if (n_places == 0) {
        if (err && errlen)
            snprintf(err, errlen, "%s: no places in the table", tsv_path);
        goto done;
    }
    if (b.strings.len > UINT32_MAX || n_places > UINT32_MAX / 2) {
        fail(err, errlen, "table too large");
        goto done;
    }
    if (sort_keys(&b) != 0 || assemble(&b, &img) != 0) {
        fail(err, errlen, "out of memory");
        goto done;
    }
    if (write_image(&img, image_path, err, errlen) == 0)
        result = (long)n_places;
done:
    hd_diag_finish(&d);
    if (errors)
        *errors = d.errors;
    hd_buf_free(&img);
    hd_buf_free(&b.places);
    hd_buf_free(&b.keys);
    hd_buf_free(&b.strings);
    return result;
}

/* ---- opening ---------------------------------------------------------------------- */

/* Magic, version and size, before anything else is read: an old image is told to be rebuilt. */
static int check_header(const char *data, size_t size, gaz_header *h, char *err, size_t errlen)
{
    if (size < sizeof *h) {
        fail(err, errlen, "gazetteer image is truncated; rebuild it with make");
        return -1;
    }
    memcpy(h, data, sizeof *h);
    if (memcmp(h->magic, GAZ_MAGIC, sizeof h->magic) != 0) {
        fail(err, errlen, "not a herald gazetteer image (bad magic)");
        return -1;
    }
    if (h->version != GAZ_VERSION) {
        fail(err, errlen, "gazetteer image of another version: rebuild it with make");
        return -1;
    }
    if (h->n_slots == 0 || (h->n_slots & (h->n_slots - 1)) != 0 || h->n_slots < h->n_keys || h->n_slots > (1u << 28)) {
        fail(err, errlen, "gazetteer hash index of a bad size");
        return -1;
    }
    size_t need = sizeof *h + (size_t)h->n_places * sizeof(hd_place_rec) + (size_t)h->n_keys * sizeof(gaz_key) +
                  (size_t)h->n_slots * sizeof(uint32_t) + BLOOM_WORDS * sizeof(uint64_t) + h->strings_size;
    if (need != size || h->strings_size == 0) {
        fail(err, errlen, "gazetteer image size does not match its header (truncated?); rebuild it with make");
        return -1;
    }
    return 0;
}

static void bind(hd_gazetteer *g, const gaz_header *h)
{
    g->n_places = h->n_places;
    g->n_keys = h->n_keys;
    g->n_slots = h->n_slots;
    g->strings_size = h->strings_size;
    const char *at = g->base + sizeof *h;
    g->bloom = (const uint64_t *)(const void *)at;
    at += BLOOM_WORDS * sizeof(uint64_t);
    g->places = (const hd_place_rec *)(const void *)at;
    at += (size_t)h->n_places * sizeof(hd_place_rec);
    g->keys = (const gaz_key *)(const void *)at;
    at += (size_t)h->n_keys * sizeof(gaz_key);
    g->slots = (const uint32_t *)(const void *)at;
    g->strings = g->base + g->size - h->strings_size;
}

static int check_places(const hd_gazetteer *g, char *err, size_t errlen)
{
    if (g->strings[g->strings_size - 1] != '\0') {
        fail(err, errlen, "gazetteer strings are not terminated");
        return -1;
    }
    for (uint32_t i = 0; i < g->n_places; i++) {
        const hd_place_rec *p = &g->places[i];
        if (p->name >= g->strings_size || p->id >= g->strings_size || p->admin1 >= g->strings_size ||
            !strchr("CAP", p->kind) || p->kind == '\0') {
            fail(err, errlen, "gazetteer place record out of bounds");
            return -1;
        }
    }
    return 0;
}

static int check_keys(const hd_gazetteer *g, char *err, size_t errlen)
{
    for (uint32_t i = 0; i < g->n_keys; i++) {
        const gaz_key *k = &g->keys[i];
        if (k->key >= g->strings_size || k->place >= g->n_places) {
            fail(err, errlen, "gazetteer key out of bounds");
            return -1;
        }
        if (i > 0 && strcmp(g->strings + g->keys[i - 1].key, g->strings + k->key) > 0) {
            fail(err, errlen, "gazetteer keys are not sorted");
            return -1;
        }
    }
    size_t used = 0;
    for (uint32_t i = 0; i < g->n_slots; i++) {
        if (g->slots[i] == NO_SLOT)
            continue;
        if (g->slots[i] >= g->n_keys) {
            fail(err, errlen, "gazetteer hash slot out of bounds");
            return -1;
        }
        used++;
    }
    if (used == g->n_slots) { /* a full table would make a missing name probe forever */
        fail(err, errlen, "gazetteer hash index has no empty slot");
        return -1;
    }
    return 0;
}

int hd_gazetteer_check_structure(hd_gazetteer *g, const char *data, size_t size, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    gaz_header h;
    if (check_header(data, size, &h, err, errlen) != 0)
        return -1;
    g->base = (char *)data;
    g->size = size;
    bind(g, &h);
    return check_places(g, err, errlen) != 0 || check_keys(g, err, errlen) != 0 ? -1 : 0;
}

static int check_checksum(const char *data, size_t size, char *err, size_t errlen)
{
    gaz_header h;
    memcpy(&h, data, sizeof h);
    if (h.checksum != hd_image_checksum(data, size, offsetof(gaz_header, checksum))) {
        fail(err, errlen, HD_CHECKSUM_MISMATCH);
        return -1;
    }
    return 0;
}

int hd_gazetteer_check_image(hd_gazetteer *g, const char *data, size_t size, char *err, size_t errlen)
{
    gaz_header h;
    /* the header first, so that an old image is told to be rebuilt rather than corrupt */
    if (check_header(data, size, &h, err, errlen) != 0 || check_checksum(data, size, err, errlen) != 0)
        return -1;
    return hd_gazetteer_check_structure(g, data, size, err, errlen);
}

static hd_gazetteer *adopt(char *data, size_t size, int mapped, char *err, size_t errlen)
{
    hd_gazetteer *g = calloc(1, sizeof *g);
    if (g) {
        if (hd_gazetteer_check_image(g, data, size, err, errlen) == 0) {
            g->mapped = mapped;
            return g;
        }
        free(g);
    } else {
        fail(err, errlen, "out of memory");
    }
    hd_release_image(data, size, mapped);
    return NULL;
}

hd_gazetteer *hd_gazetteer_from_memory(char *data, size_t size, char *err, size_t errlen)
{
    return adopt(data, size, 0, err, errlen);
}

hd_gazetteer *hd_gazetteer_open(const char *path, char *err, size_t errlen)
{
    size_t size;
    void *p = hd_map_file(path, &size, err, errlen);
    if (!p)
        return NULL;
    char why[200];
    hd_gazetteer *g = adopt(p, size, 1, why, sizeof why);
    if (!g && err && errlen)
        snprintf(err, errlen, "%s: %s", path, why);
    return g;
}

void hd_gazetteer_free(hd_gazetteer *g)
{
    if (!g)
        return;
    hd_release_image(g->base, g->size, g->mapped);
    free(g);
}

size_t hd_gazetteer_count(const hd_gazetteer *g)
{
    return g->n_places;
}

const hd_place_rec *hd_gazetteer_place(const hd_gazetteer *g, size_t i)
{
    return i < g->n_places ? &g->places[i] : NULL;
}

const char *hd_place_precision(const hd_place_rec *p)
{
    return p->kind == HD_PLACE_COUNTRY ? "country" : p->kind == HD_PLACE_ADMIN1 ? "admin1" : "city";
}

const char *hd_gazetteer_str(const hd_gazetteer *g, uint32_t off)
{
    return off < g->strings_size ? g->strings + off : "";
}

/* strcmp of a stored key against the first n bytes of `key` */
static int key_cmp(const char *stored, const char *key, size_t n)
{
    int c = strncmp(stored, key, n);
    if (c)
        return c;
    return stored[n] != '\0';
}

size_t hd_gazetteer_lookup(const hd_gazetteer *g, const char *key, size_t n, uint32_t *out, size_t max)
{
    size_t mask = g->n_slots - 1, lo = g->n_keys;
    uint32_t hash = name_hash(key, n);
    for (int k = 0; k < 2; k++)
        if (!(g->bloom[bloom_bit(hash, k) / 64] >> (bloom_bit(hash, k) % 64) & 1))
            return 0;
    for (size_t slot = hash & mask, probes = 0; probes < g->n_slots; slot = (slot + 1) & mask, probes++) {
        uint32_t first = g->slots[slot];
        if (first == NO_SLOT)
            return 0;
        if (key_cmp(g->strings + g->keys[first].key, key, n) == 0) {
            lo = first;
            break;
        }
    }
    size_t found = 0;
    for (size_t i = lo; i < g->n_keys && key_cmp(g->strings + g->keys[i].key, key, n) == 0; i++) {
        if (found < max)
            out[found] = g->keys[i].place;
        found++;
    }
    return found;
}
