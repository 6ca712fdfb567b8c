/* hd_date.c: calendar arithmetic and the temporal-expression scanner (see hd_date.h).
 *
 * The scanner runs over every sentence of the corpus, so it is one left-to-right pass over tokens
 * cut on the fly: a word is looked up in a small keyword table bucketed by first letter, and only
 * keywords and digit runs pay for lookahead. Nothing is allocated and all state is on the stack. */
#include "text/hd_date.h"

#include <stdint.h>

/* ---------------------------------------------------------------- calendar */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

int hd_date_key(hd_ymd d) { return d.year ? d.year * 10000 + d.month * 100 + d.day : 0; }

int hd_date_valid(hd_ymd d)
{
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= days_in_month(d.year, d.month);
}

/* Days since 1970-01-01, after Howard Hinnant's days_from_civil: counting years from March puts the
 * leap day at the end of the year, so month lengths follow a linear formula and no table is needed. */
static int32_t to_days(hd_ymd d)
{
    int32_t y = d.year - (d.month <= 2);
    int32_t era = (y >= 0 ? y : y - 399) / 400;
    int32_t yoe = y - era * 400;
    int32_t mp = (d.month + 9) % 12;
    int32_t doy = (153 * mp + 2) / 5 + d.day - 1;
    int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static hd_ymd from_days(int32_t z)
{
    z += 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    hd_ymd r;
    r.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.year = (int)(era * 400 + yoe + (r.month <= 2));
    return r;
}

hd_ymd hd_date_add_days(hd_ymd d, int days)
{
    /* Clamp so the int32 day count cannot overflow; anything this far out is invalid anyway. */
    if (!hd_date_valid(d) || days > 4000000 || days < -4000000)
        return d;
    return from_days(to_days(d) + days);
}

int hd_date_weekday(hd_ymd d)
{
    if (!hd_date_valid(d))
        return -1;
    int32_t z = to_days(d);
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    return (int)(((z % 7) + 7 + 3) % 7);
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

int hd_date_parse_iso(const char *s, size_t len, hd_ymd *out)
{
    if (!s || len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    static const unsigned char pos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int i = 0; i < 8; i++)
        if (!is_digit((unsigned char)s[pos[i]]))
            return -1;
    hd_ymd d;
    d.year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    d.month = (s[5] - '0') * 10 + (s[6] - '0');
    d.day = (s[8] - '0') * 10 + (s[9] - '0');
    if (!hd_date_valid(d))
        return -1;
    if (out)
        *out = d;
    return 0;
}

static void put_digits(char *p, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void hd_date_format(hd_ymd d, char out[11])
{
    put_digits(out, d.year >= 0 && d.year <= 9999 ? d.year : 0, 4);
    out[4] = '-';
    put_digits(out + 5, d.month >= 0 && d.month <= 99 ? d.month : 0, 2);
    out[7] = '-';
    put_digits(out + 8, d.day >= 0 && d.day <= 99 ? d.day : 0, 2);
    out[10] = '\0';
}

static hd_ymd ymd(int y, int m, int d)
{
    hd_ymd r = {y, m, d};
    return r;
}

static hd_ymd week_start(hd_ymd d) { return hd_date_add_days(d, -hd_date_weekday(d)); }

/* First day of the month `k` months away from d's month. */
static hd_ymd month_add(hd_ymd d, int k)
{
    int idx = d.year * 12 + (d.month - 1) + k;
    if (idx < 12)
        return ymd(0, 0, 0);
    return ymd(idx / 12, idx % 12 + 1, 1);
}

/* ---------------------------------------------------------------- keywords */

enum {
    K_NONE = 0,
    K_WEEKDAY,  /* val 0..6 */
    K_MONTH,    /* val 1..12 */
    K_MONABBR,  /* val 1..12; may be followed by '.' */
    K_NUMWORD,  /* val 1..10 */
    K_UNIT,     /* val: U_DAY.. singular */
    K_UNITS,    /* plural */
    K_NAMEPRE,  /* capitalised, it turns the next weekday/"Today" into a name: "Good Friday", "USA Today" */
    K_TODAY,
    K_TONIGHT,
    K_YESTERDAY,
    K_TOMORROW,
    K_THIS,
    K_THE,
    K_LAST,
    K_NEXT,
    K_EARLIER,
    K_ON,
    K_IN,
    K_SINCE,
    K_OF,
    K_AGO,
    K_PART, /* morning, afternoon, evening */
    K_NIGHT,
    K_BEFORE,
    K_PREVIOUS,
    K_EARLY, /* early, mid, late: "in late October" */
    K_OVER,
    K_WEEKEND
};

enum { U_DAY, U_WEEK, U_MONTH, U_YEAR };

typedef struct kw {
    const char *w; /* lower case; matched against the whole word */
    unsigned char n, kind;
    signed char val;
} kw;

#define KW(s, k, v) {s, sizeof s - 1, k, v}

static const kw kw_a[] = {KW("a", K_NUMWORD, 1),      KW("an", K_NUMWORD, 1),  KW("ago", K_AGO, 0),
                          KW("afternoon", K_PART, 0), KW("april", K_MONTH, 4), KW("apr", K_MONABBR, 4),
                          KW("august", K_MONTH, 8),   KW("aug", K_MONABBR, 8), KW("ash", K_NAMEPRE, 0)};
static const kw kw_b[] = {KW("before", K_BEFORE, 0), KW("black", K_NAMEPRE, 0), KW("bloody", K_NAMEPRE, 0)};
static const kw kw_c[] = {KW("cyber", K_NAMEPRE, 0)};
static const kw kw_d[] = {KW("day", K_UNIT, U_DAY), KW("days", K_UNITS, U_DAY), KW("december", K_MONTH, 12),
                          KW("dec", K_MONABBR, 12)};
static const kw kw_e[] = {KW("earlier", K_EARLIER, 0), KW("evening", K_PART, 0), KW("eight", K_NUMWORD, 8),
                          KW("early", K_EARLY, 0), KW("easter", K_NAMEPRE, 0)};
static const kw kw_f[] = {KW("friday", K_WEEKDAY, 4), KW("february", K_MONTH, 2), KW("feb", K_MONABBR, 2),
                          KW("five", K_NUMWORD, 5), KW("four", K_NUMWORD, 4)};
static const kw kw_g[] = {KW("good", K_NAMEPRE, 0)};
static const kw kw_h[] = {KW("holy", K_NAMEPRE, 0)};
static const kw kw_i[] = {KW("in", K_IN, 0)};
static const kw kw_j[] = {KW("january", K_MONTH, 1), KW("jan", K_MONABBR, 1), KW("june", K_MONTH, 6),
                          KW("jun", K_MONABBR, 6),   KW("july", K_MONTH, 7),  KW("jul", K_MONABBR, 7)};
static const kw kw_l[] = {KW("last", K_LAST, 0), KW("late", K_EARLY, 0)};
static const kw kw_m[] = {KW("monday", K_WEEKDAY, 0), KW("month", K_UNIT, U_MONTH),
                          KW("months", K_UNITS, U_MONTH), KW("morning", K_PART, 0),
                          KW("march", K_MONTH, 3),      KW("mar", K_MONABBR, 3),
                          KW("may", K_MONTH, 5),        KW("mid", K_EARLY, 0),
                          KW("maundy", K_NAMEPRE, 0)};
static const kw kw_n[] = {KW("next", K_NEXT, 0), KW("night", K_NIGHT, 0), KW("nine", K_NUMWORD, 9),
                          KW("november", K_MONTH, 11), KW("nov", K_MONABBR, 11)};
static const kw kw_o[] = {KW("on", K_ON, 0), KW("of", K_OF, 0), KW("one", K_NUMWORD, 1), KW("over", K_OVER, 0),
                          KW("october", K_MONTH, 10), KW("oct", K_MONABBR, 10)};
static const kw kw_p[] = {KW("previous", K_PREVIOUS, 0), KW("palm", K_NAMEPRE, 0)};
static const kw kw_s[] = {KW("since", K_SINCE, 0),       KW("sunday", K_WEEKDAY, 6),
                          KW("saturday", K_WEEKDAY, 5),  KW("september", K_MONTH, 9),
                          KW("sept", K_MONABBR, 9),      KW("sep", K_MONABBR, 9),
                          KW("six", K_NUMWORD, 6),       KW("seven", K_NUMWORD, 7),
                          KW("super", K_NAMEPRE, 0)};
static const kw kw_t[] = {KW("the", K_THE, 0),           KW("this", K_THIS, 0),
                          KW("today", K_TODAY, 0),       KW("tonight", K_TONIGHT, 0),
                          KW("tomorrow", K_TOMORROW, 0), KW("thursday", K_WEEKDAY, 3),
                          KW("tuesday", K_WEEKDAY, 1),   KW("two", K_NUMWORD, 2),
                          KW("three", K_NUMWORD, 3),     KW("ten", K_NUMWORD, 10)};
static const kw kw_u[] = {KW("usa", K_NAMEPRE, 0)};
static const kw kw_w[] = {KW("wednesday", K_WEEKDAY, 2), KW("week", K_UNIT, U_WEEK),
                          KW("weeks", K_UNITS, U_WEEK), KW("weekend", K_WEEKEND, 0)};
static const kw kw_y[] = {KW("yesterday", K_YESTERDAY, 0), KW("year", K_UNIT, U_YEAR),
                          KW("years", K_UNITS, U_YEAR)};

#define KWL(L, arr) [L - 'a'] = {arr, sizeof arr / sizeof arr[0]}
/* Bucketed by first letter so a word costs one indexed load and a few length compares. */
static const struct kwlist {
    const kw *v;
    unsigned char n;
} kw_by_letter[26] = {
    KWL('a', kw_a), KWL('b', kw_b), KWL('c', kw_c), KWL('d', kw_d), KWL('e', kw_e),
    KWL('f', kw_f), KWL('g', kw_g), KWL('h', kw_h), KWL('i', kw_i), KWL('j', kw_j),
    KWL('l', kw_l), KWL('m', kw_m), KWL('n', kw_n), KWL('o', kw_o), KWL('p', kw_p),
    KWL('s', kw_s), KWL('t', kw_t), KWL('u', kw_u), KWL('w', kw_w), KWL('y', kw_y),
};

/* ---------------------------------------------------------------- tokens */

enum { T_END, T_WORD, T_NUM, T_ORD, T_PUNCT, T_OTHER };

typedef struct tok {
    size_t s, e;
    unsigned char type;
    unsigned char kind; /* keyword kind, T_WORD only */
    unsigned char cap;  /* first byte is an upper-case ASCII letter */
    unsigned char ndig; /* digit count for T_NUM / T_ORD (saturates at 255) */
    int val;            /* keyword value, or the number (capped) for T_NUM / T_ORD */
} tok;

typedef struct ctx {
    const unsigned char *t;
    size_t n;
    hd_ymd pub;
    int have_pub;
} ctx;

static int is_alpha(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }

/* Non-ASCII bytes normally belong to words ("Montréal"), except the separators news text is full of:
 * U+0080..U+00BF (NBSP, guillemets) and U+2000..U+203F (typographic spaces, dashes, curly quotes).
 * Returns the separator's byte length, 0 if the bytes at p are word material. */
static size_t utf8_sep_len(const ctx *c, size_t p)
{
    const unsigned char *x = c->t;
    if (x[p] == 0xC2 && p + 1 < c->n && x[p + 1] >= 0x80 && x[p + 1] <= 0xBF)
        return 2;
    if (x[p] == 0xE2 && p + 2 < c->n && x[p + 1] == 0x80 && x[p + 2] >= 0x80 && x[p + 2] <= 0xBF)
        return 3;
    return 0;
}

static size_t utf8_space_len(const ctx *c, size_t p)
{
    size_t k = utf8_sep_len(c, p);
    if (k == 2 && c->t[p + 1] == 0xA0)
        return 2;
    if (k == 3 && (c->t[p + 2] <= 0x8A || c->t[p + 2] == 0xAF))
        return 3;
    return 0;
}

static int is_word_at(const ctx *c, size_t p)
{
    unsigned char b = c->t[p];
    if (b < 0x80)
        return is_alpha(b) || is_digit(b);
    return utf8_sep_len(c, p) == 0;
}

static void kw_lookup(const ctx *c, tok *t)
{
    size_t n = t->e - t->s;
    const unsigned char *w = c->t + t->s;
    unsigned char f = (unsigned char)((w[0] | 0x20) - 'a');
    if (n > 9)
        return;
    const struct kwlist *l = &kw_by_letter[f];
    for (unsigned i = 0; i < l->n; i++) {
        const kw *k = &l->v[i];
        if (k->n != n)
            continue;
        size_t j = 1;
        while (j < n && (w[j] | 0x20) == (unsigned char)k->w[j])
            j++;
        if (j == n) {
            t->kind = k->kind;
            t->val = k->val;
            return;
        }
    }
}

/* Cuts the token starting at or after p (whitespace skipped). Word tokens are classified as pure
 * ASCII letters (looked up as keywords), pure digits, ordinals ("1st") or other (mixed, non-ASCII),
 * which never match anything: that is what gives word-boundary semantics for free. */
static void tok_at(const ctx *c, size_t p, tok *t)
{
    const unsigned char *x = c->t;
    size_t n = c->n;
    t->kind = K_NONE;
    t->val = 0;
    t->cap = 0;
    t->ndig = 0;
    for (;;) {
        if (p >= n) {
            t->type = T_END;
            t->s = t->e = n;
            return;
        }
        unsigned char b = x[p];
        if (b == ' ' || (b >= '\t' && b <= '\r')) {
            p++;
            continue;
        }
        size_t k = b >= 0x80 ? utf8_space_len(c, p) : 0;
        if (!k)
            break;
        p += k;
    }
    t->s = p;
    size_t q = p;
    int v = 0;
    while (q < n && is_digit(x[q])) {
        if (v < 100000)
            v = v * 10 + (x[q] - '0');
        q++;
    }
    size_t dend = q;
    while (q < n && is_alpha(x[q]))
        q++;
    size_t aend = q;
    while (q < n && is_word_at(c, q))
        q++;
    t->e = q;
    if (q == p) {
        size_t k = x[p] >= 0x80 ? utf8_sep_len(c, p) : 0;
        t->e = p + (k ? k : 1);
        t->type = T_PUNCT;
        t->val = x[p];
        return;
    }
    if (q != aend) {
        t->type = T_OTHER;
    } else if (dend == p) {
        t->type = T_WORD;
        t->cap = x[p] >= 'A' && x[p] <= 'Z';
        kw_lookup(c, t);
    } else {
        t->ndig = (unsigned char)(dend - p > 255 ? 255 : dend - p);
        t->val = v;
        if (aend == dend) {
            t->type = T_NUM;
        } else if (aend - dend == 2) {
            unsigned char a = x[dend] | 0x20, b = x[dend + 1] | 0x20;
            int ord = (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
                      (a == 't' && b == 'h');
            t->type = ord ? T_ORD : T_OTHER;
        } else {
            t->type = T_OTHER;
        }
    }
}

static int is_punct(const ctx *c, const tok *t, unsigned char ch)
{
    return t->type == T_PUNCT && c->t[t->s] == ch;
}

static int is_kw(const tok *t, int kind) { return t->type == T_WORD && t->kind == kind; }

/* "1,000", "2.5", "10:30", "3/4": a digit run that continues past punctuation is not a day or year. */
static int glued_after(const ctx *c, size_t e)
{
    if (e + 1 >= c->n)
        return 0;
    unsigned char p = c->t[e];
    return (p == ',' || p == '.' || p == ':' || p == '/') && is_digit(c->t[e + 1]);
}

static int glued_before(const ctx *c, size_t s)
{
    if (s < 2)
        return 0;
    unsigned char p = c->t[s - 1];
    return (p == ',' || p == '.' || p == ':' || p == '/' || p == '-') && is_digit(c->t[s - 2]);
}

/* "May" and "March" (and "Mar") are also an auxiliary and a verb, so they only count when capitalised. */
static int month_of(const tok *t)
{
    if (t->type != T_WORD || (t->kind != K_MONTH && t->kind != K_MONABBR))
        return 0;
    if ((t->val == 3 || t->val == 5) && !t->cap)
        return 0;
    return t->val;
}

static size_t month_end(const ctx *c, const tok *t)
{
    if (t->kind == K_MONABBR && t->e < c->n && c->t[t->e] == '.')
        return t->e + 1;
    return t->e;
}

static int day_of(const ctx *c, const tok *t)
{
    if ((t->type != T_NUM && t->type != T_ORD) || t->ndig > 2 || t->val < 1 || t->val > 31)
        return 0;
    if (t->type == T_NUM && glued_after(c, t->e))
        return 0;
    return t->val;
}

static int year_of(const ctx *c, const tok *t)
{
    if (t->type != T_NUM || t->ndig != 4 || t->val < 1900 || t->val > 2099 || glued_after(c, t->e))
        return 0;
    return t->val;
}

/* ---------------------------------------------------------------- matching */

typedef struct match {
    size_t s, e;
    hd_ymd d;
    hd_date_precision prec;
} match;

/* Match results: 1 = a mention in *m; 0 = nothing here; -1 = the tokens up to m->e form a date-like
 * expression that must not be re-read piecemeal ("31 September 2015" must not yield "September 2015"). */
static int emit(match *m, size_t s, size_t e, hd_ymd d, hd_date_precision p)
{
    m->s = s;
    m->e = e;
    m->d = d;
    m->prec = p;
    return hd_date_valid(d) ? 1 : -1;
}

static int rel_day(const ctx *c, size_t s, size_t e, int delta, match *m)
{
    if (!c->have_pub)
        return 0;
    return emit(m, s, e, hd_date_add_days(c->pub, delta), HD_PREC_DAY);
}

/* this/last/next week, month, year: offset 0, -1, +1 periods from the publication's. */
static int rel_period(const ctx *c, size_t s, size_t e, int unit, int offset, match *m)
{
    if (!c->have_pub)
        return 0;
    switch (unit) {
    case U_WEEK:
        return emit(m, s, e, hd_date_add_days(week_start(c->pub), 7 * offset), HD_PREC_WEEK);
    case U_MONTH:
        return emit(m, s, e, month_add(c->pub, offset), HD_PREC_MONTH);
    case U_YEAR:
        return emit(m, s, e, ymd(c->pub.year + offset, 1, 1), HD_PREC_YEAR);
    default:
        return 0;
    }
}

/* News reports the past: take the latest year that keeps the date at most this far after publication. */
enum { MAX_DAYS_AHEAD = 61 };

static int choose_year(const ctx *c, int month, int day, hd_ymd *out)
{
    if (!c->have_pub)
        return 0;
    int32_t p = to_days(c->pub);
    for (int y = c->pub.year + 1; y >= c->pub.year - 1; y--) {
        hd_ymd d = ymd(y, month, day);
        if (hd_date_valid(d) && to_days(d) - p <= MAX_DAYS_AHEAD) {
            *out = d;
            return 1;
        }
    }
    return 0;
}

static int resolve_day(const ctx *c, int y, int month, int day, size_t s, size_t e, match *m)
{
    hd_ymd d = ymd(y, month, day);
    if (!y && !choose_year(c, month, day, &d))
        d = ymd(0, 0, 0); /* unknown publication, or Feb 29 with no leap year in reach */
    return emit(m, s, e, d, HD_PREC_DAY);
}

/* "October 1", "Oct. 1, 2015", "Sept 28 2015", "October 2015" and, when bare_ok (after "in"), "October". */
static int parse_month_first(const ctx *c, const tok *mt, int bare_ok, match *m)
{
    int mon = month_of(mt);
    if (!mon)
        return 0;
    size_t e = month_end(c, mt);
    tok a;
    tok_at(c, e, &a);
    int day = day_of(c, &a);
    if (day) {
        size_t end = a.e;
        int y = 0;
        tok b;
        tok_at(c, a.e, &b);
        if (is_punct(c, &b, ',')) {
            tok b2;
            tok_at(c, b.e, &b2);
            if ((y = year_of(c, &b2)) != 0)
                end = b2.e;
        } else if ((y = year_of(c, &b)) != 0) {
            end = b.e;
        }
        return resolve_day(c, y, mon, day, mt->s, end, m);
    }
    int y = year_of(c, &a);
    if (y)
        return emit(m, mt->s, a.e, ymd(y, mon, 1), HD_PREC_MONTH);
    hd_ymd d;
    if (bare_ok && choose_year(c, mon, 1, &d))
        return emit(m, mt->s, e, d, HD_PREC_MONTH);
    return 0;
}

/* "1 October", "1st of October", "1 Oct 2015". */
static int parse_day_first(const ctx *c, const tok *dt, match *m)
{
    int day = day_of(c, dt);
    if (!day || glued_before(c, dt->s))
        return 0;
    tok a;
    tok_at(c, dt->e, &a);
    if (dt->type == T_ORD && is_kw(&a, K_OF))
        tok_at(c, a.e, &a);
    int mon = month_of(&a);
    if (!mon)
        return 0;
    size_t end = month_end(c, &a);
    tok b;
    tok_at(c, end, &b);
    int y = year_of(c, &b);
    if (y)
        end = b.e;
    return resolve_day(c, y, mon, day, dt->s, end, m);
}

/* "two days ago", "3 weeks ago", "a year ago". */
static int parse_ago(const ctx *c, const tok *nt, match *m)
{
    int k;
    if (!c->have_pub)
        return 0;
    if (nt->type == T_NUM) {
        if (nt->ndig > 4 || glued_before(c, nt->s) || glued_after(c, nt->e))
            return 0;
        k = nt->val;
    } else if (is_kw(nt, K_NUMWORD)) {
        k = nt->val;
    } else {
        return 0;
    }
    tok u, a;
    tok_at(c, nt->e, &u);
    if (u.type != T_WORD || (u.kind != K_UNIT && u.kind != K_UNITS))
        return 0;
    tok_at(c, u.e, &a);
    if (!is_kw(&a, K_AGO))
        return 0;
    switch (u.val) {
    case U_DAY:
        return emit(m, nt->s, a.e, hd_date_add_days(c->pub, -k), HD_PREC_DAY);
    case U_WEEK:
        return emit(m, nt->s, a.e, week_start(hd_date_add_days(c->pub, -7 * k)), HD_PREC_WEEK);
    case U_MONTH:
        return emit(m, nt->s, a.e, month_add(c->pub, -k), HD_PREC_MONTH);
    default:
        return emit(m, nt->s, a.e, ymd(c->pub.year - k, 1, 1), HD_PREC_YEAR);
    }
}

enum { PRE_NONE, PRE_ON, PRE_LAST, PRE_NEXT };

static int parse_weekday(const ctx *c, const tok *wt, int pre, const tok *prev, match *m)
{
    tok a, b;
    tok_at(c, wt->e, &a);
    b = a;
    if (is_punct(c, &a, ','))
        tok_at(c, a.e, &b);
    /* "Thursday, Oct. 1": the explicit date is more reliable than the weekday rule. */
    int r = 0;
    if (month_of(&b))
        r = parse_month_first(c, &b, 0, m);
    else if (day_of(c, &b))
        r = parse_day_first(c, &b, m);
    if (r != 0) {
        m->s = wt->s;
        return r;
    }
    if (pre == PRE_NONE) {
        /* "Sunday Times", "Monday Night Football": a bare weekday glued to a capitalised word is a name.
         * A lone "I" is exempt ("Sunday I went"). */
        if (a.type == T_WORD && a.cap && a.e - a.s > 1 && !month_of(&a))
            return 0;
        if (prev && prev->type == T_WORD && prev->kind == K_NAMEPRE && prev->cap)
            return 0;
    }
    if (!c->have_pub)
        return 0;
    int wd = hd_date_weekday(c->pub), delta;
    if (pre == PRE_NEXT) {
        delta = (wt->val - wd + 7) % 7;
        if (delta == 0)
            delta = 7;
    } else {
        delta = (wd - wt->val + 7) % 7;
        /* Nobody says "last Thursday" about today: on a Thursday it means a week ago. */
        if (pre == PRE_LAST && delta == 0)
            delta = 7;
        delta = -delta;
    }
    return emit(m, wt->s, wt->e, hd_date_add_days(c->pub, delta), HD_PREC_DAY);
}

/* A 4-digit run followed by -MM-DD, with no further digit glued on. */
static int parse_iso_at(const ctx *c, const tok *t, match *m)
{
    hd_ymd d;
    if (t->type != T_NUM || t->ndig != 4 || t->s + 10 > c->n ||
        hd_date_parse_iso((const char *)c->t + t->s, 10, &d) != 0)
        return 0;
    if (t->s + 10 < c->n && is_digit(c->t[t->s + 10]))
        return 0;
    return emit(m, t->s, t->s + 10, d, HD_PREC_DAY);
}

/* "over the weekend", "last weekend": the week of the latest Saturday not after publication
 * (its Monday, at week precision). */
static int weekend(const ctx *c, size_t s, size_t e, match *m)
{
    if (!c->have_pub)
        return 0;
    int back = (hd_date_weekday(c->pub) - 5 + 7) % 7; /* days since Saturday */
    return emit(m, s, e, week_start(hd_date_add_days(c->pub, -back)), HD_PREC_WEEK);
}

/* "on the 3rd": the latest such day of a month not after publication. */
static int ordinal_day(const ctx *c, size_t s, const tok *ot, match *m)
{
    tok a;
    tok_at(c, ot->e, &a);
    if (is_kw(&a, K_OF) || month_of(&a))
        return parse_day_first(c, ot, m); /* "the 5th of May" */
    if (a.type == T_WORD || a.type == T_NUM || a.type == T_ORD || !c->have_pub)
        return 0; /* "the 3rd battalion", "the 2nd largest" */
    if (ot->type != T_ORD || ot->val < 1 || ot->val > 31)
        return 0;
    hd_ymd d = c->pub;
    for (int k = 0; k < 3; k++) { /* this month, else the latest month that has the day */
        hd_ymd try = ymd(d.year, d.month, ot->val);
        if (hd_date_valid(try) && to_days(try) <= to_days(c->pub))
            return emit(m, s, ot->e, try, HD_PREC_DAY);
        d = month_add(d, -1);
    }
    return 0;
}

/* Tail of "this ...", "earlier this ...": morning/afternoon/evening or week/month/year. */
static int parse_this(const ctx *c, size_t s, const tok *tt, match *m)
{
    tok a;
    tok_at(c, tt->e, &a);
    if (is_kw(&a, K_PART))
        return rel_day(c, s, a.e, 0, m);
    if (is_kw(&a, K_UNIT))
        return rel_period(c, s, a.e, a.val, 0, m);
    return 0;
}

static int match_at(const ctx *c, const tok *t, const tok *prev, match *m)
{
    tok a, b;
    int r;
    switch (t->type) {
    case T_NUM:
        if ((r = parse_iso_at(c, t, m)) != 0)
            return r;
        if ((r = parse_day_first(c, t, m)) != 0)
            return r;
        return parse_ago(c, t, m);
    case T_ORD:
        return parse_day_first(c, t, m);
    case T_WORD:
        break;
    default:
        return 0;
    }
    switch (t->kind) {
    case K_TODAY:
        if (t->cap && prev && prev->kind == K_NAMEPRE && prev->cap)
            return 0;
        return rel_day(c, t->s, t->e, 0, m);
    case K_TONIGHT:
        return rel_day(c, t->s, t->e, 0, m);
    case K_YESTERDAY:
        return rel_day(c, t->s, t->e, -1, m);
    case K_TOMORROW:
        return rel_day(c, t->s, t->e, 1, m);
    case K_THIS:
        return parse_this(c, t->s, t, m);
    case K_EARLIER:
        tok_at(c, t->e, &a);
        if (is_kw(&a, K_TODAY))
            return rel_day(c, t->s, a.e, 0, m);
        if (is_kw(&a, K_THIS))
            return parse_this(c, t->s, &a, m);
        return 0;
    case K_LAST:
    case K_NEXT:
        tok_at(c, t->e, &a);
        if (is_kw(&a, K_WEEKDAY)) {
            r = parse_weekday(c, &a, t->kind == K_LAST ? PRE_LAST : PRE_NEXT, NULL, m);
            if (r != 0)
                m->s = t->s;
            return r;
        }
        if (is_kw(&a, K_UNIT) && a.val != U_DAY)
            return rel_period(c, t->s, a.e, a.val, t->kind == K_LAST ? -1 : 1, m);
        if (t->kind == K_LAST && is_kw(&a, K_NIGHT))
            return rel_day(c, t->s, a.e, -1, m);
        if (t->kind == K_LAST && is_kw(&a, K_WEEKEND))
            return weekend(c, t->s, a.e, m);
        return 0;
    case K_OVER:
        tok_at(c, t->e, &a);
        if (!is_kw(&a, K_THE))
            return 0;
        tok_at(c, a.e, &b);
        return is_kw(&b, K_WEEKEND) ? weekend(c, t->s, b.e, m) : 0;
    case K_THE:
        tok_at(c, t->e, &a);
        if (a.type == T_ORD)
            return ordinal_day(c, t->s, &a, m);
        if (is_kw(&a, K_UNIT) && a.val == U_DAY) {
            tok_at(c, a.e, &b);
            if (!is_kw(&b, K_BEFORE))
                return 0;
            tok_at(c, b.e, &a);
            if (is_kw(&a, K_YESTERDAY))
                return rel_day(c, t->s, a.e, -2, m);
            return rel_day(c, t->s, b.e, -1, m);
        }
        if (is_kw(&a, K_PREVIOUS)) {
            tok_at(c, a.e, &b);
            if (is_kw(&b, K_UNIT) && b.val == U_DAY)
                return rel_day(c, t->s, b.e, -1, m);
        }
        return 0;
    case K_ON:
        tok_at(c, t->e, &a);
        if (is_kw(&a, K_THE)) {
            tok_at(c, a.e, &b);
            r = b.type == T_ORD ? ordinal_day(c, t->s, &b, m) : 0;
        } else if (is_kw(&a, K_WEEKDAY))
            r = parse_weekday(c, &a, PRE_ON, NULL, m);
        else if (a.type == T_WORD)
            r = parse_month_first(c, &a, 0, m);
        else if ((r = parse_iso_at(c, &a, m)) == 0)
            r = parse_day_first(c, &a, m);
        if (r != 0)
            m->s = t->s;
        return r;
    case K_IN:
    case K_SINCE:
    case K_OF:
        tok_at(c, t->e, &a);
        if (a.type == T_NUM) {
            if ((r = parse_iso_at(c, &a, m)) == 0) {
                int y = year_of(c, &a);
                r = y ? emit(m, a.s, a.e, ymd(y, 1, 1), HD_PREC_YEAR) : 0;
            }
        } else if (t->kind == K_OF) {
            return 0;
        } else {
            /* "in late October", "in mid-October" */
            if (is_kw(&a, K_EARLY)) {
                tok_at(c, a.e, &a);
                if (is_punct(c, &a, '-'))
                    tok_at(c, a.e, &a);
            }
            r = parse_month_first(c, &a, 1, m);
        }
        if (r != 0)
            m->s = t->s;
        return r;
    case K_WEEKDAY:
        return parse_weekday(c, t, PRE_NONE, prev, m);
    case K_MONTH:
    case K_MONABBR:
        return parse_month_first(c, t, 0, m);
    case K_NUMWORD:
        return parse_ago(c, t, m);
    default:
        return 0;
    }
}

size_t hd_date_find(const char *text, size_t len, hd_ymd pub, hd_date_mention *out, size_t max)
{
    if (!text)
        return 0;
    ctx c;
    c.t = (const unsigned char *)text;
    c.n = len;
    c.pub = pub;
    c.have_pub = hd_date_valid(pub);
    size_t found = 0, p = 0;
    tok prev = {.type = T_END};
    for (;;) {
        tok t;
        tok_at(&c, p, &t);
        if (t.type == T_END)
            break;
        match m;
        int r = 0;
        if (t.type == T_NUM || t.type == T_ORD || (t.type == T_WORD && t.kind != K_NONE))
            r = match_at(&c, &t, &prev, &m);
        if (r != 0 && m.e > t.s) {
            if (r > 0) {
                if (out && found < max) {
                    out[found].start = m.s;
                    out[found].end = m.e;
                    out[found].date = m.d;
                    out[found].precision = m.prec;
                }
                found++;
            }
            p = m.e;
            prev.type = T_END;
            prev.kind = K_NONE;
        } else {
            p = t.e;
            prev = t;
        }
    }
    return found;
}
