/* hd_date.h: calendar arithmetic and temporal expressions ("yesterday", "on Thursday", "October 1")
 * resolved against a publication date, so that coded events can be dated even when the sentence
 * never states the date in full.
 *
 * Resolution rules (news talks mostly about the recent past):
 *  - a bare weekday ("Thursday", "on Thursday") is the most recent such day not after publication,
 *    so "Thursday" in an article published on a Thursday is the publication day;
 *    "last Thursday" is the most recent such day strictly before publication (on a Thursday it means
 *    a week ago); "next Monday" is the first such day strictly after publication;
 *  - a month and day without a year ("Oct. 1", "1 October") get the latest year that puts the date no
 *    more than 61 days after publication; the same rule picks the year of "in October";
 *  - "the day before" and "the previous day" are taken as publication - 1. In reported speech they are
 *    often relative to another event in the story; we accept that error rather than track narrative time;
 *  - "last night" is publication - 1 (morning papers report the previous evening);
 *  - week precision dates are the Monday of the week; month and year precision the first day.
 */
#ifndef HD_DATE_H
#define HD_DATE_H

#include <stddef.h>

typedef struct hd_ymd {
    int year, month, day; /* year 0 = unknown */
} hd_ymd;

typedef enum {
    HD_PREC_NONE = 0,
    HD_PREC_DAY,
    HD_PREC_WEEK,
    HD_PREC_MONTH,
    HD_PREC_YEAR
} hd_date_precision;

typedef struct hd_date_mention {
    size_t start, end; /* byte offsets of the expression in the text, including a leading
                          "on", "in", "since", "of", "last" or "next" that belongs to it */
    hd_ymd date;       /* resolved date (for week/month/year precision: first day of that period) */
    hd_date_precision precision;
} hd_date_mention;

/* Strict YYYY-MM-DD (exactly `len` == 10 bytes, valid calendar date): 0 ok, -1 bad. */
int hd_date_parse_iso(const char *s, size_t len, hd_ymd *out);
/* "YYYY-MM-DD"; fields out of range are printed as zeros rather than overflowing `out`. */
void hd_date_format(hd_ymd d, char out[11]);
/* Invalid input dates are returned unchanged. */
hd_ymd hd_date_add_days(hd_ymd d, int days);
/* 0 = Monday .. 6 = Sunday; -1 for an invalid date. */
int hd_date_weekday(hd_ymd d);
/* YYYYMMDD as one integer, for ordering dates; 0 for an unknown year. */
int hd_date_key(hd_ymd d);
/* 1 when the date exists in the proleptic Gregorian calendar (years 1..9999). */
int hd_date_valid(hd_ymd d);

/* Finds temporal expressions in `text` (UTF-8, one sentence or a paragraph) and resolves them against `pub`
 * (pub.year == 0 means unknown: then relative expressions are skipped and absolute ones without a year too).
 * Writes up to `max` mentions in text order; returns how many were found (may exceed max; only max are written). */
size_t hd_date_find(const char *text, size_t len, hd_ymd pub, hd_date_mention *out, size_t max);

#endif
