/* test_date.c: unit tests for hd_date (calendar arithmetic and temporal expressions).
 * Most sentences are resolved against 2015-10-01, a Thursday, so the weekday rule is easy to check by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "text/hd_date.h"

#define PUB "2015-10-01"

static hd_ymd iso(const char *s)
{
    hd_ymd d = {0, 0, 0};
    if (s)
        assert_int_equal(hd_date_parse_iso(s, strlen(s), &d), 0);
    return d;
}

static const char *fmt(hd_ymd d, char buf[11])
{
    hd_date_format(d, buf);
    return buf;
}

/* Fails with the whole list of mentions, which is what one needs to see when a sentence misbehaves. */
static void dump_fail(const char *text, const char *pub, const hd_date_mention *m, size_t n, const char *why)
{
    char line[512];
    size_t off = (size_t)snprintf(line, sizeof line, "%s: \"%s\" (pub %s):", why, text, pub ? pub : "unknown");
    for (size_t i = 0; i < n && i < 8 && off < sizeof line; i++) {
        char b[11];
        off += (size_t)snprintf(line + off, sizeof line - off, " [%.*s]=%s/p%d", (int)(m[i].end - m[i].start),
                                text + m[i].start, fmt(m[i].date, b), (int)m[i].precision);
    }
    fail_msg("%s", line);
}

/* Exactly one mention, with the given date, precision and (if span is not NULL) covered text. */
static void one(const char *text, const char *pub, const char *want, hd_date_precision prec, const char *span)
{
    hd_date_mention m[8];
    size_t n = hd_date_find(text, strlen(text), iso(pub), m, 8);
    if (n != 1)
        dump_fail(text, pub, m, n, "want exactly one mention");
    char b[11];
    if (strcmp(fmt(m[0].date, b), want) != 0 || m[0].precision != prec)
        dump_fail(text, pub, m, n, want);
    if (span && (m[0].end - m[0].start != strlen(span) || memcmp(text + m[0].start, span, strlen(span)) != 0))
        dump_fail(text, pub, m, n, span);
}

static void day(const char *text, const char *pub, const char *want) { one(text, pub, want, HD_PREC_DAY, NULL); }

static void none(const char *text, const char *pub)
{
    hd_date_mention m[8];
    size_t n = hd_date_find(text, strlen(text), iso(pub), m, 8);
    if (n != 0)
        dump_fail(text, pub, m, n, "want no mention");
}

static void test_parse_iso(void **state)
{
    (void)state;
    hd_ymd d;
    assert_int_equal(hd_date_parse_iso("2015-10-01", 10, &d), 0);
    assert_int_equal(d.year, 2015);
    assert_int_equal(d.month, 10);
    assert_int_equal(d.day, 1);
    assert_int_equal(hd_date_parse_iso("2016-02-29", 10, &d), 0);
    assert_int_equal(hd_date_parse_iso("2015-02-29", 10, &d), -1);
    assert_int_equal(hd_date_parse_iso("2015-13-01", 10, &d), -1);
    assert_int_equal(hd_date_parse_iso("2015-00-10", 10, &d), -1);
    assert_int_equal(hd_date_parse_iso("2015-04-31", 10, &d), -1);
    assert_int_equal(hd_date_parse_iso("0000-01-01", 10, &d), -1);
    assert_int_equal(hd_date_parse_iso("2015/10/01", 10, &d), -1);
    assert_int_equal(hd_date_parse_iso("2015-1-01", 9, &d), -1);
    assert_int_equal(hd_date_parse_iso("2015-10-01x", 11, &d), -1);
    assert_int_equal(hd_date_parse_iso("2015-1a-01", 10, &d), -1);
    /* Only `len` bytes are read: the prefix of a longer string parses. */
    assert_int_equal(hd_date_parse_iso("2015-10-01T08:00", 10, &d), 0);
    assert_int_equal(hd_date_parse_iso(NULL, 10, &d), -1);
}

static void test_format(void **state)
{
    (void)state;
    char b[11];
    hd_ymd d = {2015, 9, 3};
    assert_string_equal(fmt(d, b), "2015-09-03");
    hd_ymd early = {987, 1, 2};
    assert_string_equal(fmt(early, b), "0987-01-02");
    hd_ymd unknown = {0, 0, 0};
    assert_string_equal(fmt(unknown, b), "0000-00-00");
    hd_ymd junk = {123456, -4, 400};
    assert_string_equal(fmt(junk, b), "0000-00-00");
}

static void test_valid_and_leap_years(void **state)
{
    (void)state;
    hd_ymd ok[] = {{2016, 2, 29}, {2000, 2, 29}, {2015, 12, 31}, {1, 1, 1}, {9999, 12, 31}};
    hd_ymd bad[] = {{2015, 2, 29}, {1900, 2, 29}, {2100, 2, 29}, {2015, 4, 31}, {2015, 6, 31},
                    {2015, 9, 31}, {2015, 11, 31}, {0, 1, 1},  {2015, 0, 1},  {2015, 1, 0}, {2015, 1, 32}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        assert_true(hd_date_valid(ok[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(hd_date_valid(bad[i]));
}

static void test_add_days(void **state)
{
    (void)state;
    char b[11];
    assert_string_equal(fmt(hd_date_add_days(iso("2016-02-28"), 1), b), "2016-02-29");
    assert_string_equal(fmt(hd_date_add_days(iso("2015-02-28"), 1), b), "2015-03-01");
    assert_string_equal(fmt(hd_date_add_days(iso("2000-02-28"), 1), b), "2000-02-29");
    assert_string_equal(fmt(hd_date_add_days(iso("1900-02-28"), 1), b), "1900-03-01");
    assert_string_equal(fmt(hd_date_add_days(iso("2015-12-31"), 1), b), "2016-01-01");
    assert_string_equal(fmt(hd_date_add_days(iso("2016-01-01"), -1), b), "2015-12-31");
    assert_string_equal(fmt(hd_date_add_days(iso("2015-10-01"), -1), b), "2015-09-30");
    assert_string_equal(fmt(hd_date_add_days(iso("2015-05-01"), -1), b), "2015-04-30");
    assert_string_equal(fmt(hd_date_add_days(iso("2016-03-01"), -1), b), "2016-02-29");
    assert_string_equal(fmt(hd_date_add_days(iso("2015-10-01"), 366), b), "2016-10-01");
    assert_string_equal(fmt(hd_date_add_days(iso("1970-01-01"), -1), b), "1969-12-31");
    assert_string_equal(fmt(hd_date_add_days(iso("2015-10-01"), 0), b), "2015-10-01");
    /* Walking day by day through a leap and a non-leap year agrees with the year length. */
    assert_string_equal(fmt(hd_date_add_days(iso("2016-01-01"), 366), b), "2017-01-01");
    assert_string_equal(fmt(hd_date_add_days(iso("2015-01-01"), 365), b), "2016-01-01");
    hd_ymd d = iso("2015-01-01");
    for (int i = 0; i < 800; i++) {
        hd_ymd n = hd_date_add_days(d, 1);
        assert_true(hd_date_valid(n));
        assert_int_equal(hd_date_add_days(n, -1).day, d.day);
        d = n;
    }
    assert_string_equal(fmt(d, b), "2017-03-11");
    hd_ymd unknown = {0, 0, 0};
    assert_int_equal(hd_date_add_days(unknown, 5).year, 0);
}

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(hd_date_weekday(iso("2015-10-01")), 3); /* Thursday */
    assert_int_equal(hd_date_weekday(iso("2015-09-28")), 0); /* Monday */
    assert_int_equal(hd_date_weekday(iso("2015-10-04")), 6); /* Sunday */
    assert_int_equal(hd_date_weekday(iso("1970-01-01")), 3);
    assert_int_equal(hd_date_weekday(iso("1969-12-31")), 2);
    assert_int_equal(hd_date_weekday(iso("2000-01-01")), 5); /* Saturday */
    assert_int_equal(hd_date_weekday(iso("2016-02-29")), 0);
    hd_ymd bad = {2015, 2, 30};
    assert_int_equal(hd_date_weekday(bad), -1);
}

static void test_relative_days(void **state)
{
    (void)state;
    one("Yesterday, police said three people were hurt.", PUB, "2015-09-30", HD_PREC_DAY, "Yesterday");
    day("The minister resigned today.", PUB, "2015-10-01");
    day("Protesters will gather tonight outside parliament.", PUB, "2015-10-01");
    one("Rebels shelled the town this morning.", PUB, "2015-10-01", HD_PREC_DAY, "this morning");
    day("Talks broke down this afternoon.", PUB, "2015-10-01");
    day("A vote is expected this evening.", PUB, "2015-10-01");
    one("The army said earlier today that it had withdrawn.", PUB, "2015-10-01", HD_PREC_DAY, "earlier today");
    day("The summit opens tomorrow in Vienna.", PUB, "2015-10-02");
    one("Troops crossed the border the day before yesterday.", PUB, "2015-09-29", HD_PREC_DAY,
        "the day before yesterday");
    one("He had met the envoy the day before.", PUB, "2015-09-30", HD_PREC_DAY, "the day before");
    one("The previous day, gunmen stormed a hotel.", PUB, "2015-09-30", HD_PREC_DAY, "The previous day");
}

static void test_last_night(void **state)
{
    (void)state;
    one("Two bombs exploded last night in the capital.", "2015-10-02", "2015-10-01", HD_PREC_DAY, "last night");
    day("Yesterday", "2016-03-01", "2016-02-29");
    day("yesterday", "2015-03-01", "2015-02-28");
    day("yesterday", "2016-01-01", "2015-12-31");
}

static void test_weekday_rule(void **state)
{
    (void)state;
    one("The ceasefire began on Thursday.", PUB, "2015-10-01", HD_PREC_DAY, "on Thursday");
    one("Thursday's talks ended without agreement.", PUB, "2015-10-01", HD_PREC_DAY, "Thursday");
    one("Police arrested him on Monday.", PUB, "2015-09-28", HD_PREC_DAY, "on Monday");
    day("The strike started Wednesday.", PUB, "2015-09-30");
    day("Militants attacked a checkpoint Friday.", PUB, "2015-09-25");
    day("Voters went to the polls on Sunday.", PUB, "2015-09-27");
    day("He was released Saturday, officials said.", PUB, "2015-09-26");
    day("The envoy arrived Tuesday.", PUB, "2015-09-29");
    one("The rally was held last Thursday.", PUB, "2015-09-24", HD_PREC_DAY, "last Thursday");
    day("The rally was held last Monday.", PUB, "2015-09-28");
    one("Talks resume next Monday.", PUB, "2015-10-05", HD_PREC_DAY, "next Monday");
    day("Talks resume next Thursday.", PUB, "2015-10-08");
    /* Sunday publication: Monday is six days back. */
    day("on Monday", "2015-10-04", "2015-09-28");
    day("on Sunday", "2015-10-04", "2015-10-04");
}

static void test_month_day_forms(void **state)
{
    (void)state;
    one("The law takes effect October 1.", PUB, "2015-10-01", HD_PREC_DAY, "October 1");
    one("It was signed Oct. 1 in Geneva.", PUB, "2015-10-01", HD_PREC_DAY, "Oct. 1");
    one("It was signed Oct 1 in Geneva.", PUB, "2015-10-01", HD_PREC_DAY, "Oct 1");
    one("Elections were held on 1 October.", PUB, "2015-10-01", HD_PREC_DAY, "on 1 October");
    one("Elections were held on the 1st of October.", PUB, "2015-10-01", HD_PREC_DAY, "on the 1st of October");
    one("The accord of October 1, 2015 was broken.", PUB, "2015-10-01", HD_PREC_DAY, "October 1, 2015");
    one("Signed 1 Oct 2015 in Minsk.", PUB, "2015-10-01", HD_PREC_DAY, "1 Oct 2015");
    one("Fighting resumed Sept. 28 near the airport.", PUB, "2015-09-28", HD_PREC_DAY, "Sept. 28");
    one("on Sept 28th the army withdrew", PUB, "2015-09-28", HD_PREC_DAY, "on Sept 28th");
    day("Clashes erupted on 22nd September.", PUB, "2015-09-22");
    day("He died December 3, 1998.", PUB, "1998-12-03");
    day("Born 14 Jan 1960.", PUB, "1960-01-14");
    day("OCTOBER 1", PUB, "2015-10-01");
    day("The strike of March 4 paralysed ports.", PUB, "2015-03-04");
    day("They met on May 5 in Cairo.", PUB, "2015-05-05");
    day("On 5 May the rebels withdrew.", PUB, "2015-05-05");
    /* a day of the month alone: this month's, else the month before's */
    one("The vote was held on the 3rd.", "2015-10-20", "2015-10-03", HD_PREC_DAY, "on the 3rd");
    one("The vote was held on the 21st.", "2015-10-20", "2015-09-21", HD_PREC_DAY, "on the 21st");
    one("Talks ended on the 31st.", "2015-03-05", "2015-01-31", HD_PREC_DAY, "on the 31st"); /* no Feb 31 */
    none("The 3rd battalion moved north.", "2015-10-20");
    none("It is the 2nd largest city.", "2015-10-20");
    /* the weekend before publication, at week precision */
    one("Protests spread over the weekend.", "2015-10-05", "2015-09-28", HD_PREC_WEEK, "over the weekend");
    one("Protests spread last weekend.", "2015-10-07", "2015-09-28", HD_PREC_WEEK, "last weekend");
    one("Protests spread over the weekend.", "2015-10-04", "2015-09-28", HD_PREC_WEEK, "over the weekend");
}

static void test_year_choice(void **state)
{
    (void)state;
    day("Oct. 28", "2015-11-02", "2015-10-28");
    /* A date far ahead of publication is read as last year's. */
    day("December 20", "2015-01-05", "2014-12-20");
    day("December 2", PUB, "2014-12-02");
    /* ...but within about two months ahead it stays in the future, across the year end too. */
    day("October 2", PUB, "2015-10-02");
    day("December 1", PUB, "2015-12-01");
    day("November 30", PUB, "2015-11-30");
    day("January 1", "2015-11-02", "2016-01-01");
    day("January 5", "2015-11-02", "2015-01-05");
    day("March 1", "2015-01-05", "2015-03-01");
    day("March 10", "2015-01-05", "2014-03-10");
    /* An explicit year always wins. */
    day("December 20, 2016", "2015-01-05", "2016-12-20");
}

static void test_leap_days_and_month_ends(void **state)
{
    (void)state;
    day("February 29", "2016-03-10", "2016-02-29");
    none("February 29", "2015-03-10");
    day("Feb. 29, 2016", PUB, "2016-02-29");
    none("Feb. 29, 2015", PUB);
    day("29 February 2000", PUB, "2000-02-29");
    none("29 February 1900", PUB);
    day("April 30", PUB, "2015-04-30");
    none("April 31", PUB);
    none("September 31", PUB);
    day("31 December", PUB, "2014-12-31");
    day("31 August", PUB, "2015-08-31");
    /* An impossible day must not fall back to the month-and-year reading. */
    none("31 September 2015", PUB);
    none("September 31, 2015", PUB);
}

static void test_month_precision(void **state)
{
    (void)state;
    one("The offensive began in October.", "2015-11-02", "2015-10-01", HD_PREC_MONTH, "in October");
    one("The offensive began in October 2014.", "2015-11-02", "2014-10-01", HD_PREC_MONTH, "in October 2014");
    one("Prices rose in Oct.", "2015-11-02", "2015-10-01", HD_PREC_MONTH, "in Oct.");
    one("October 2015 was calm.", PUB, "2015-10-01", HD_PREC_MONTH, "October 2015");
    one("Sept. 2015 was calm.", PUB, "2015-09-01", HD_PREC_MONTH, "Sept. 2015");
    one("Clashes resumed in late August.", PUB, "2015-08-01", HD_PREC_MONTH, "in late August");
    one("Clashes resumed in mid-August.", PUB, "2015-08-01", HD_PREC_MONTH, "in mid-August");
    one("The talks stalled in May.", PUB, "2015-05-01", HD_PREC_MONTH, "in May");
    one("Unrest has grown since March.", PUB, "2015-03-01", HD_PREC_MONTH, "since March");
    /* The year-choice rule applies to months too. */
    one("in December", PUB, "2015-12-01", HD_PREC_MONTH, NULL);
    one("in January", "2015-11-02", "2016-01-01", HD_PREC_MONTH, NULL);
    one("in February", "2015-11-02", "2015-02-01", HD_PREC_MONTH, NULL);
    /* A bare month name is too vague (and too often part of a name) to report. */
    none("The October revolution is remembered.", PUB);
}

static void test_year_precision(void **state)
{
    (void)state;
    one("The group was founded in 2014.", PUB, "2014-01-01", HD_PREC_YEAR, "in 2014");
    one("He has lived abroad since 1999.", PUB, "1999-01-01", HD_PREC_YEAR, "since 1999");
    one("the elections of 2010 were disputed", PUB, "2010-01-01", HD_PREC_YEAR, "of 2010");
    one("in 2014-15 the deficit grew", PUB, "2014-01-01", HD_PREC_YEAR, "in 2014");
    none("He scored 2014 points.", PUB);
    none("in 1850 the city fell", PUB);
    none("in 2100 the sea will rise", PUB);
    none("in 20145 cases", PUB);
    none("in 2,014 cases", PUB);
    none("in 2014.5 units", PUB);
}

static void test_iso(void **state)
{
    (void)state;
    one("Report dated 2015-09-14, page 3.", PUB, "2015-09-14", HD_PREC_DAY, "2015-09-14");
    one("on 2015-09-14 troops left", PUB, "2015-09-14", HD_PREC_DAY, "on 2015-09-14");
    one("Timestamp 2015-09-14T08:00Z", PUB, "2015-09-14", HD_PREC_DAY, "2015-09-14");
    one("in 2016-02-29", PUB, "2016-02-29", HD_PREC_DAY, "in 2016-02-29");
    none("ref 2015-13-45 was filed", PUB);
    none("ref 2015-02-29 was filed", PUB);
    none("serial 2015-09-141", PUB);
    none("serial x2015-09-14", PUB);
}

static void test_weeks_months_years(void **state)
{
    (void)state;
    one("Prices fell last week.", PUB, "2015-09-21", HD_PREC_WEEK, "last week");
    one("Prices fell this week.", PUB, "2015-09-28", HD_PREC_WEEK, "this week");
    one("Talks resume next week.", PUB, "2015-10-05", HD_PREC_WEEK, "next week");
    one("Exports rose last month.", PUB, "2015-09-01", HD_PREC_MONTH, "last month");
    one("Exports rose earlier this month.", "2015-10-20", "2015-10-01", HD_PREC_MONTH, "earlier this month");
    one("Exports rose this month.", PUB, "2015-10-01", HD_PREC_MONTH, "this month");
    one("Exports rose last month.", "2015-01-15", "2014-12-01", HD_PREC_MONTH, NULL);
    one("Inflation doubled last year.", PUB, "2014-01-01", HD_PREC_YEAR, "last year");
    one("Inflation doubled earlier this year.", PUB, "2015-01-01", HD_PREC_YEAR, "earlier this year");
    /* Week boundaries: a Monday publication starts its own week; a Sunday one ends it. */
    one("last week", "2015-09-28", "2015-09-21", HD_PREC_WEEK, NULL);
    one("this week", "2015-10-04", "2015-09-28", HD_PREC_WEEK, NULL);
    one("last week", "2016-01-03", "2015-12-21", HD_PREC_WEEK, NULL);
}

static void test_ago(void **state)
{
    (void)state;
    one("The bomb went off two days ago.", PUB, "2015-09-29", HD_PREC_DAY, "two days ago");
    one("He vanished 3 days ago.", PUB, "2015-09-28", HD_PREC_DAY, "3 days ago");
    day("One day ago the talks collapsed.", PUB, "2015-09-30");
    day("It happened ten days ago.", PUB, "2015-09-21");
    day("It happened 45 days ago.", PUB, "2015-08-17");
    one("The camp was shelled two weeks ago.", PUB, "2015-09-14", HD_PREC_WEEK, "two weeks ago");
    one("The camp was shelled a week ago.", PUB, "2015-09-21", HD_PREC_WEEK, "a week ago");
    one("The treaty lapsed three months ago.", PUB, "2015-07-01", HD_PREC_MONTH, "three months ago");
    one("The treaty lapsed a year ago.", PUB, "2014-01-01", HD_PREC_YEAR, "a year ago");
    one("Five years ago the town was rebuilt.", PUB, "2010-01-01", HD_PREC_YEAR, NULL);
    none("He spent two days in jail.", PUB);
    none("1.5 days ago", PUB);
}

static void test_weekday_with_explicit_date(void **state)
{
    (void)state;
    one("The vote on Sunday, Oct. 4, 2015 was delayed.", "2015-10-06", "2015-10-04", HD_PREC_DAY,
        "on Sunday, Oct. 4, 2015");
    one("Thursday, October 1 was quiet.", PUB, "2015-10-01", HD_PREC_DAY, "Thursday, October 1");
    one("Monday 28 September saw clashes.", PUB, "2015-09-28", HD_PREC_DAY, "Monday 28 September");
}

static void test_false_positives(void **state)
{
    (void)state;
    none("The deal may 5 people say is doomed.", PUB);
    none("Officials may take weeks to decide.", PUB);
    none("Protesters march 10 miles to the capital.", PUB);
    none("They will march on the palace.", PUB);
    none("The Sunday Times reported the leak.", PUB);
    none("Monday Night Football drew record ratings.", PUB);
    none("Pilgrims marked Good Friday in Jerusalem.", PUB);
    none("Crowds gathered for Bloody Sunday commemorations.", PUB);
    none("USA Today reported the figures.", PUB);
    none("Shoppers flocked to stores on Black Friday.", PUB);
    none("October 32", PUB);
    none("32 October", PUB);
    none("on 0 October", PUB);
    none("October 100 troops", PUB);
    none("It cost 1,000 October", PUB);
    none("He sold 2.5 October shares", PUB);
    none("Octoberfest drew crowds; Mondays are slow; todays news.", PUB);
    none("Sundayé and Mondayx are not weekdays.", PUB);
    none("a thursdayfest", PUB);
    none("The day-to-day work of the tribunal continues.", PUB);
    none("This is the last one.", PUB);
    none("We ask the previous government.", PUB);
    none("", PUB);
}

static void test_unknown_publication(void **state)
{
    (void)state;
    none("Yesterday police fired tear gas.", NULL);
    none("on Thursday", NULL);
    none("last week", NULL);
    none("two days ago", NULL);
    none("October 1", NULL);
    none("in October", NULL);
    day("October 1, 2015", NULL, "2015-10-01");
    day("1 October 2015", NULL, "2015-10-01");
    day("2015-10-01", NULL, "2015-10-01");
    one("in 2014", NULL, "2014-01-01", HD_PREC_YEAR, NULL);
    one("October 2015", NULL, "2015-10-01", HD_PREC_MONTH, NULL);
    /* A malformed publication date counts as unknown rather than producing garbage. */
    const char *t = "yesterday";
    hd_ymd bad = {2015, 2, 30};
    assert_int_equal(hd_date_find(t, strlen(t), bad, NULL, 0), 0);
}

static void test_multiple_and_max(void **state)
{
    (void)state;
    const char *t = "Yesterday the army said that on Monday, two days ago and on Sept. 28 it had "
                    "won, as it did in 2014.";
    hd_date_mention m[8];
    size_t n = hd_date_find(t, strlen(t), iso(PUB), m, 8);
    assert_int_equal(n, 5);
    char b[11];
    assert_string_equal(fmt(m[0].date, b), "2015-09-30");
    assert_string_equal(fmt(m[1].date, b), "2015-09-28");
    assert_string_equal(fmt(m[2].date, b), "2015-09-29");
    assert_string_equal(fmt(m[3].date, b), "2015-09-28");
    assert_string_equal(fmt(m[4].date, b), "2014-01-01");
    for (size_t i = 1; i < n; i++)
        assert_true(m[i].start >= m[i - 1].end);
    /* Truncation: the count is still the total and nothing past max is written. */
    hd_date_mention small[3];
    memset(small, 0xAB, sizeof small);
    assert_int_equal(hd_date_find(t, strlen(t), iso(PUB), small, 2), 5);
    assert_int_equal(small[0].start, m[0].start);
    assert_int_equal(small[1].start, m[1].start);
    assert_int_equal(small[2].start, (size_t)-1 / 0xFF * 0xAB);
    assert_int_equal(hd_date_find(t, strlen(t), iso(PUB), NULL, 0), 5);
    /* Only `len` bytes are looked at. */
    assert_int_equal(hd_date_find(t, 9, iso(PUB), m, 8), 1);
    assert_int_equal(hd_date_find(t, 8, iso(PUB), m, 8), 0);
    assert_int_equal(hd_date_find(NULL, 0, iso(PUB), m, 8), 0);
}

static void test_case_and_utf8(void **state)
{
    (void)state;
    day("YESTERDAY", PUB, "2015-09-30");
    day("ON THURSDAY", PUB, "2015-10-01");
    one("Last Week", PUB, "2015-09-21", HD_PREC_WEEK, NULL);
    one("The army\xE2\x80\x99s Thursday\xE2\x80\x99s raid", PUB, "2015-10-01", HD_PREC_DAY, "Thursday");
    one("signed on\xC2\xA0Oct.\xC2\xA0" "1 in Kyiv", PUB, "2015-10-01", HD_PREC_DAY, "on\xC2\xA0Oct.\xC2\xA0" "1");
    one("\xE2\x80\x9CYesterday\xE2\x80\x9D, he said", PUB, "2015-09-30", HD_PREC_DAY, "Yesterday");
    day("Montr\xC3\xA9\x61l police said on Monday", PUB, "2015-09-28");
    none("caf\xC3\xA9today", PUB);
    none("today\xC3\xA9", PUB);
    /* A lone lead byte at the end of the buffer must not be read past. */
    none("in \xE2", PUB);
    none("Sunday \xC2", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_iso),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_valid_and_leap_years),
        cmocka_unit_test(test_add_days),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_relative_days),
        cmocka_unit_test(test_last_night),
        cmocka_unit_test(test_weekday_rule),
        cmocka_unit_test(test_month_day_forms),
        cmocka_unit_test(test_year_choice),
        cmocka_unit_test(test_leap_days_and_month_ends),
        cmocka_unit_test(test_month_precision),
        cmocka_unit_test(test_year_precision),
        cmocka_unit_test(test_iso),
        cmocka_unit_test(test_weeks_months_years),
        cmocka_unit_test(test_ago),
        cmocka_unit_test(test_weekday_with_explicit_date),
        cmocka_unit_test(test_false_positives),
        cmocka_unit_test(test_unknown_publication),
        cmocka_unit_test(test_multiple_and_max),
        cmocka_unit_test(test_case_and_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
