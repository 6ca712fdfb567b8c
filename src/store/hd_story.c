/* hd_story.c: which story of the store a new article belongs to (hd_story.h says what a story
 * is), and the story's dates, size and main event as its articles arrive.
 *
 * An article is represented by its K rarest-and-most-used names, weighted by tf-idf with the
 * document frequencies of the store itself (the empty term counts the documents), as a unit
 * vector; two articles' similarity is the cosine of theirs, and an article joins the story
 * whose articles it is on average most like (hd_story_begin). Only articles published within
 * the window of the new one, in stories that began within it, are compared, through an index
 * of (term, date): a story cannot grow past its window by chaining day after day. Everything
 * read is in the database, so an interrupted ingest completed by a second run assigns the
 * stories of an uninterrupted one. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "store/hd_store_int.h"
#include "store/hd_story.h"

/* How many names represent an article. */
#define TERMS_KEPT 20
/* An article with fewer names than this is a story of its own: too little to compare. */
#define TERMS_MIN 3

/* ---- names in a text ----------------------------------------------------------------------- */

typedef struct word {
    char text[HD_STORY_TERM_MAX + 1];
    unsigned char as_name;  /* capitalised, not opening a sentence */
    unsigned char in_lower; /* written in lower case */
} word;

static int by_text(const void *a, const void *b) { return strcmp(((const word *)a)->text, ((const word *)b)->text); }

/* Appends the lower-cased code point to `w` when it fits. */
static void put_lower(word *w, size_t *n, utf8proc_int32_t cp)
{
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_tolower(cp), enc);
    if (k > 0 && *n + (size_t)k <= HD_STORY_TERM_MAX) {
        memcpy(w->text + *n, enc, (size_t)k);
        *n += (size_t)k;
    }
}

static int is_word_char(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) || c == UTF8PROC_CATEGORY_ND ||
           c == UTF8PROC_CATEGORY_MN;
}

/* Characters after which the next word opens a sentence or a quotation: its capital says
 * nothing about it being a name. */
static int opens_next(utf8proc_int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == '\n' || cp == '"' || cp == '(' ||
           cp == '[' || cp == 0x201C || cp == 0x2018 || cp == 0x2014 || cp == '|' || cp == 0x2022;
}

long hd_story_names(const char *text, size_t len, hd_story_term **out, size_t *cap)
{
    word *words = NULL;
    size_t nwords = 0, wcap = 0;
    int opening = 1;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        if (!is_word_char(cp)) {
            if (opens_next(cp))
                opening = 1;
            i += (size_t)k;
            continue;
        }
        /* a word: letters and digits, with inner apostrophes, hyphens and periods */
        if (nwords == wcap) {
            size_t ncap = wcap ? 2 * wcap : 256;
            word *grown = realloc(words, ncap * sizeof *grown);
            if (!grown) {
                free(words);
                return -1;
            }
            words = grown;
            wcap = ncap;
        }
        word *w = &words[nwords];
        size_t n = 0, letters = 0, digits = 0;
        utf8proc_category_t first = utf8proc_category(cp);
        while (i < len) {
            k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
            if (k <= 0)
                break;
            if (is_word_char(cp)) {
                if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ND)
                    digits++;
                else
                    letters++;
                put_lower(w, &n, cp);
                i += (size_t)k;
                continue;
            }
            /* an apostrophe, hyphen or period inside a word keeps it whole ("O'Brien",
             * "al-Assad", "U.S"), a possessive ending ends it */
            int inner = cp == '\'' || cp == 0x2019 || cp == '-' || cp == '.';
            utf8proc_int32_t next = 0;
            if (inner && i + (size_t)k < len)
                utf8proc_iterate(p + i + (size_t)k, (utf8proc_ssize_t)(len - i - (size_t)k), &next);
            if (!inner || !is_word_char(next))
                break;
            if ((cp == '\'' || cp == 0x2019) && (next == 's' || next == 'S')) {
                utf8proc_int32_t after = 0;
                size_t at = i + (size_t)k + 1;
                if (at < len)
                    utf8proc_iterate(p + at, (utf8proc_ssize_t)(len - at), &after);
                if (!is_word_char(after))
                    break; /* "Putin's" */
            }
            put_lower(w, &n, cp == 0x2019 ? '\'' : cp);
            i += (size_t)k;
        }
        w->text[n] = '\0';
        int capital = first == UTF8PROC_CATEGORY_LU || first == UTF8PROC_CATEGORY_LT;
        w->as_name = (unsigned char)(capital && !opening);
        w->in_lower = (unsigned char)(first == UTF8PROC_CATEGORY_LL);
        opening = 0;
        /* a capitalised abbreviation of one to three letters before a period ("Mr.", "Sen.",
         * "U.S.") ends no sentence: the period is skipped */
        if (capital && letters <= 3 && i < len && p[i] == '.')
            i++;
        /* digits are no names, nor single letters */
        if (letters >= 2 && digits == 0)
            nwords++;
    }
    if (nwords > 1)
        qsort(words, nwords, sizeof *words, by_text);
    /* A name is a word the article writes capitalised inside sentences and never in lower
     * case: "the" opening a sentence after an abbreviation is no name, "Bush" is. */
    long n = 0;
    for (size_t a = 0; a < nwords;) {
        size_t b = a;
        int named = 0, lower = 0;
        for (; b < nwords && !strcmp(words[b].text, words[a].text); b++) {
            named += words[b].as_name;
            lower += words[b].in_lower;
        }
        if (named > 0 && !lower) {
            if ((size_t)n == *cap) {
                size_t ncap = *cap ? 2 * *cap : 64;
                hd_story_term *grown = realloc(*out, ncap * sizeof *grown);
                if (!grown) {
                    free(words);
                    return -1;
                }
                *out = grown;
                *cap = ncap;
            }
            hd_story_term *t = &(*out)[n++];
            memcpy(t->text, words[a].text, sizeof t->text);
            t->count = named;
            t->weight = 0;
        }
        a = b;
    }
    free(words);
    return n;
}

/* ---- stories in the store ------------------------------------------------------------------- */

enum {
    S_NDOCS, S_DF, S_DF_ADD, S_NEAR, S_STORY_NEW, S_DOC_STORY, S_TERM_ADD, S_STORY_END, S_COUNT
};

_Static_assert(S_COUNT <= sizeof ((hd_store *)0)->story_st / sizeof(sqlite3_stmt *), "hd_store.story_st holds every statement");

static const char *const story_statements[S_COUNT] = {
    /* the empty term counts the documents that have names */
    [S_NDOCS] = "SELECT n FROM term_df WHERE term = ''",
    [S_DF] = "SELECT n FROM term_df WHERE term = ?1",
    [S_DF_ADD] = "INSERT INTO term_df(term, n) VALUES(?1, 1) ON CONFLICT(term) DO UPDATE SET n = n + 1",
    /* the articles published within the window that use a name, in stories begun within it */
    [S_NEAR] = "SELECT t.doc_id, t.weight, d.story_id, s.n_articles FROM doc_terms t"
               " JOIN documents d ON d.id = t.doc_id JOIN stories s ON s.id = d.story_id"
               " WHERE t.term = ?1 AND t.date BETWEEN date(?2, ?3) AND date(?2, ?4)"
               " AND s.first_date BETWEEN date(?2, ?3) AND date(?2, ?4)",
    [S_STORY_NEW] = "INSERT INTO stories(first_date, last_date, n_articles, title) VALUES(?1, ?1, 0, ?2)",
    [S_DOC_STORY] = "UPDATE documents SET story_id = ?2 WHERE id = ?1",
    [S_TERM_ADD] = "INSERT OR IGNORE INTO doc_terms(term, date, doc_id, weight) VALUES(?1, ?2, ?3, ?4)",
    /* the story's main event is, among the events first reported in it (else any it reports),
     * the one most of its articles report, then the most mentioned, then the first stored */
    [S_STORY_END] = "UPDATE stories SET n_articles = n_articles + 1,"
                    " first_date = CASE WHEN ?2 < first_date OR first_date IS NULL THEN ?2 ELSE first_date END,"
                    " last_date = CASE WHEN ?2 > last_date OR last_date IS NULL THEN ?2 ELSE last_date END,"
                    " main_event_id = (SELECT m.event_id FROM mentions m JOIN documents d ON d.id = m.doc_id"
                    "   JOIN events e ON e.id = m.event_id"
                    "   WHERE d.story_id = ?1 GROUP BY m.event_id"
                    "   ORDER BY e.story_id IS ?1 DESC, count(DISTINCT m.doc_id) DESC, count(*) DESC, m.event_id LIMIT 1)"
                    " WHERE id = ?1",
};

static int out_of_memory(hd_store *s, const char *what)
{
    snprintf(s->err, sizeof s->err, "out of memory while %s", what);
    s->status = HD_STORE_NO_MEMORY;
    return -1;
}

/* Records which step failed for the caller, who reads SQLite's reason (hd_store.c). */
static int failed(hd_store *s, const char *what)
{
    s->story_failure = what;
    return -1;
}

int hd_story_prepare(hd_store *s)
{
    for (int q = 0; q < S_COUNT; q++)
        if (sqlite3_prepare_v3(s->db, story_statements[q], -1, SQLITE_PREPARE_PERSISTENT, &s->story_st[q], NULL) !=
            SQLITE_OK)
            return failed(s, "preparing a story statement");
    return 0;
}

void hd_story_close(hd_store *s)
{
    for (int q = 0; q < S_COUNT; q++)
        sqlite3_finalize(s->story_st[q]);
    free(s->terms);
    s->terms = NULL;
    s->terms_cap = 0;
}

/* Runs a statement to its end; its first column when it returns a row (else `none`), or -1 on
 * error with the store's error set. */
static sqlite3_int64 step_value(hd_store *s, sqlite3_stmt *st, sqlite3_int64 none, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_int64 v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : none;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return failed(s, what);
    return v;
}

static int by_weight(const void *a, const void *b)
{
    double x = ((const hd_story_term *)a)->weight, y = ((const hd_story_term *)b)->weight;
    if (x != y)
        return x > y ? -1 : 1;
    return strcmp(((const hd_story_term *)a)->text, ((const hd_story_term *)b)->text);
}

/* Weights the article's names by tf-idf against the store's counts, keeps the heaviest
 * TERMS_KEPT as a unit vector in s->terms, and counts the article in the document
 * frequencies. Returns how many are kept, or -1. */
static long weigh_names(hd_store *s, long n)
{
    sqlite3_int64 docs = step_value(s, s->story_st[S_NDOCS], 0, "counting documents");
    if (docs < 0)
        return -1;
    for (long k = 0; k < n; k++) {
        hd_story_term *t = &s->terms[k];
        sqlite3_bind_text(s->story_st[S_DF], 1, t->text, -1, SQLITE_STATIC);
        sqlite3_int64 df = step_value(s, s->story_st[S_DF], 0, "reading a name's frequency");
        if (df < 0)
            return -1;
        t->weight = (1 + log(t->count)) * log((double)(docs + 2) / (double)(df + 1));
        sqlite3_bind_text(s->story_st[S_DF_ADD], 1, t->text, -1, SQLITE_STATIC);
        if (step_value(s, s->story_st[S_DF_ADD], 0, "counting a name") < 0)
            return -1;
    }
    sqlite3_bind_text(s->story_st[S_DF_ADD], 1, "", -1, SQLITE_STATIC);
    if (step_value(s, s->story_st[S_DF_ADD], 0, "counting documents") < 0)
        return -1;
    if (n > 1)
        qsort(s->terms, (size_t)n, sizeof *s->terms, by_weight);
    long kept = n < TERMS_KEPT ? n : TERMS_KEPT;
    while (kept > 0 && s->terms[kept - 1].weight <= 0)
        kept--; /* a name every article uses says nothing */
    double norm = 0;
    for (long k = 0; k < kept; k++)
        norm += s->terms[k].weight * s->terms[k].weight;
    norm = sqrt(norm);
    for (long k = 0; k < kept; k++)
        s->terms[k].weight /= norm;
    return kept;
}

typedef struct candidate {
    sqlite3_int64 story;
    int articles; /* the story's */
    double score; /* the sum of the cosines of its articles with this one */
} candidate;

/* The story whose articles are on average most similar to this one (the mean cosine of their
 * names, over all its articles: group-average linkage, so that a story does not chain through
 * one article to the next) when that reaches the threshold, else 0. */
static sqlite3_int64 nearest_story(hd_store *s, long kept)
{
    candidate *cand = NULL;
    size_t ncand = 0, cap = 0;
    char before[24], after[24];
    hd_store_window(s->opt.story_days, before, after);
    sqlite3_stmt *st = s->story_st[S_NEAR];
    int trouble = 0;
    for (long k = 0; k < kept && !trouble; k++) {
        sqlite3_bind_text(st, 1, s->terms[k].text, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, s->doc_date, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, before, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, after, -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            sqlite3_int64 story = sqlite3_column_int64(st, 2);
            size_t c = 0;
            while (c < ncand && cand[c].story != story)
                c++;
            if (c == ncand) {
                if (ncand == cap) {
                    size_t ncap = cap ? 2 * cap : 64;
                    candidate *grown = realloc(cand, ncap * sizeof *grown);
                    if (!grown) {
                        trouble = 1;
                        break;
                    }
                    cand = grown;
                    cap = ncap;
                }
                cand[ncand++] = (candidate){story, sqlite3_column_int(st, 3), 0};
            }
            cand[c].score += s->terms[k].weight * sqlite3_column_double(st, 1);
        }
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            trouble = 2;
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
    sqlite3_int64 story = 0;
    double best = 0;
    for (size_t c = 0; c < ncand; c++) {
        double mean = cand[c].score / (cand[c].articles > 0 ? cand[c].articles : 1);
        if (mean > best) {
            best = mean;
            story = cand[c].story;
        }
    }
    free(cand);
    if (trouble)
        return trouble == 2 ? failed(s, "finding the article's story") : out_of_memory(s, "finding the article's story");
    return best >= s->opt.story_similarity ? story : 0;
}

int hd_story_begin(hd_store *s, const hd_doc *doc)
{
    s->story_id = 0;
    long kept = 0;
    if (s->doc_date[0] && doc->text) {
        long n = hd_story_names(doc->text, doc->text_len, &s->terms, &s->terms_cap);
        if (n < 0)
            return out_of_memory(s, "reading the article's names");
        if ((kept = weigh_names(s, n)) < 0)
            return -1;
    }
    if (kept >= TERMS_MIN) {
        sqlite3_int64 found = nearest_story(s, kept);
        if (found < 0)
            return -1;
        s->story_id = found;
    }
    if (!s->story_id) {
        sqlite3_stmt *st = s->story_st[S_STORY_NEW];
        if (s->doc_date[0])
            sqlite3_bind_text(st, 1, s->doc_date, -1, SQLITE_STATIC);
        if (doc->title && doc->title[0])
            sqlite3_bind_text(st, 2, doc->title, -1, SQLITE_STATIC);
        if (step_value(s, st, 0, "starting a story") < 0)
            return -1;
        s->story_id = sqlite3_last_insert_rowid(s->db);
    }
    sqlite3_stmt *st = s->story_st[S_DOC_STORY];
    sqlite3_bind_int64(st, 1, s->doc_row);
    sqlite3_bind_int64(st, 2, s->story_id);
    if (step_value(s, st, 0, "joining a story") < 0)
        return -1;
    st = s->story_st[S_TERM_ADD];
    for (long k = 0; k < kept; k++) {
        sqlite3_bind_text(st, 1, s->terms[k].text, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, s->doc_date, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, s->doc_row);
        sqlite3_bind_double(st, 4, s->terms[k].weight);
        if (step_value(s, st, 0, "storing the article's names") < 0)
            return -1;
    }
    return 0;
}

int hd_story_end(hd_store *s)
{
    sqlite3_stmt *st = s->story_st[S_STORY_END];
    sqlite3_bind_int64(st, 1, s->story_id);
    if (s->doc_date[0])
        sqlite3_bind_text(st, 2, s->doc_date, -1, SQLITE_STATIC);
    return step_value(s, st, 0, "updating the article's story") < 0 ? -1 : 0;
}
