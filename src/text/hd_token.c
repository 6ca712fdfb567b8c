/* hd_token.c: tokenizer and sentence splitter for news English.
 *
 * Tokens are words (with their internal periods, hyphens and apostrophes: "U.S.", "al-Qaeda",
 * "Vesti.ru", "O'Brien"), numbers ("1,000", "3.5"), clitics split off ("Syria" "'s",
 * "did" "n't") and single punctuation marks. Sentence ends are decided on tokens so that
 * "U.S.", "Gen.", initials and decimals do not end a sentence. */
#include "text/hd_token.h"

#include <string.h>

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
/* '_' separates words as PETRARCH-style texts write "Dol_Amroth" for a two-word name. */
static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '_';
}

/* Abbreviations that keep their period. Title-like ones precede names and never end a
 * sentence; the others may ("in the U.S. The ..."). */
static const char *const title_abbrevs[] = {
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "maj", "adm", "gov", "sen",
    "rep", "pres", "prof", "rev", "hon", "st", "mt", "ft", "cpl", "pvt", "cmdr", "brig", "supt",
    "insp", "amb", "sec", "atty", "no", "nos", "vol", "fig", "messrs", "mme", "mlle", "sr", "jr", NULL};
static const char *const other_abbrevs[] = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "ltd", "corp", "co", "bros", "vs", "etc", "approx", "est", "dept", "univ", "assn",
    "ave", "blvd", "rd", "e.g", "i.e", "a.m", "p.m", NULL};

static int in_list(const char *const *list, const char *s, size_t n)
{
    char low[8];
    if (n == 0 || n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        low[i] = (char)(is_upper(c) ? c + 32 : c);
    }
    low[n] = '\0';
    for (size_t i = 0; list[i]; i++)
        if (list[i][0] == low[0] && strcmp(list[i], low) == 0)
            return 1;
    return 0;
}

static size_t clitic_len(const char *s, size_t i, size_t len)
{
    /* s[i] is an apostrophe inside a word: return the length of a clitic starting there. */
    size_t rest = len - i;
    size_t n = 0;
    if (rest >= 2 && (s[i + 1] == 's' || s[i + 1] == 'S' || s[i + 1] == 'd' || s[i + 1] == 'm'))
        n = 2;
    else if (rest >= 3 && ((s[i + 1] == 'r' && s[i + 2] == 'e') || (s[i + 1] == 'v' && s[i + 2] == 'e') ||
                           (s[i + 1] == 'l' && s[i + 2] == 'l')))
        n = 3;
    if (n && (i + n == len || !is_word_byte((unsigned char)s[i + n])))
        return n;
    return 0;
}

size_t hd_tokenize(const char *s, size_t len, hd_span *out, size_t max)
{
    size_t n = 0, i = 0;
    uint32_t pending = 0; /* SH_NEWLINE / SH_PARA for the next token */
#define EMIT(a, b, sh)                                                                           \
    do {                                                                                         \
        if (n < max) {                                                                           \
            out[n].start = (uint32_t)(a);                                                        \
            out[n].end = (uint32_t)(b);                                                          \
            out[n].shape = (sh) | pending;                                                       \
        }                                                                                        \
        n++;                                                                                     \
        pending = 0;                                                                             \
    } while (0)
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c)) {
            if (c == '\n') {
                pending |= (pending & SH_NEWLINE) ? SH_PARA : SH_NEWLINE;
            }
            i++;
            continue;
        }
        if (!is_word_byte(c)) {
            size_t j = i + 1;
            uint32_t sh = SH_PUNCT;
            if (c == '.' && j + 1 < len && s[j] == '.' && s[j + 1] == '.')
                j += 2;
            else if (c == '-' && j < len && s[j] == '-')
                while (j < len && s[j] == '-')
                    j++;
            if (c == '"' || c == '\'' || c == '`')
                sh |= SH_QUOTE;
            /* "'s" after a closing quote or a word split earlier: keep the clitic whole. */
            if (c == '\'' && n > 0 && i > 0 && is_word_byte((unsigned char)s[i - 1])) {
                size_t cl = clitic_len(s, i, len);
                if (cl) {
                    EMIT(i, i + cl, SH_CLITIC);
                    i += cl;
                    continue;
                }
            }
            EMIT(i, j, sh);
            i = j;
            continue;
        }
        size_t start = i;
        int digit_start = is_digit(c);
        int has_inner_period = 0;
        while (i < len) {
            unsigned char d = (unsigned char)s[i];
            if (is_word_byte(d)) {
                i++;
                continue;
            }
            if (i + 1 < len && is_word_byte((unsigned char)s[i + 1])) {
                unsigned char nx = (unsigned char)s[i + 1];
                if (d == '\'') {
                    /* "n't" belongs to the next token; "'s" and friends too. */
                    if (i > start && (s[i - 1] == 'n' || s[i - 1] == 'N') && (nx == 't' || nx == 'T') &&
                        (i + 2 >= len || !is_word_byte((unsigned char)s[i + 2]))) {
                        i--;
                        break;
                    }
                    if (clitic_len(s, i, len))
                        break;
                    i++;
                    continue;
                }
                if (d == '-' || d == '&') {
                    i++;
                    continue;
                }
                if (d == '.' || d == ',' || d == ':' || d == '/') {
                    if (digit_start && is_digit(nx) && is_digit((unsigned char)s[i - 1])) {
                        i++;
                        continue;
                    }
                    if (d == '.' && !digit_start) {
                        has_inner_period = 1;
                        i++;
                        continue;
                    }
                }
            }
            break;
        }
        if (i == start) { /* "n't" starting here */
            i += 3;
            EMIT(start, i, SH_CLITIC);
            continue;
        }
        uint32_t sh = 0;
        if (is_upper(c))
            sh |= SH_CAP;
        if (digit_start)
            sh |= SH_DIGIT;
        {
            int letters = 0, uppers = 0;
            for (size_t k = start; k < i; k++) {
                unsigned char d = (unsigned char)s[k];
                if (is_upper(d))
                    letters++, uppers++;
                else if (is_lower(d))
                    letters++;
            }
            if (letters >= 2 && letters == uppers)
                sh |= SH_ALLCAP;
        }
        /* Attach a following period to abbreviations and initials. */
        if (i < len && s[i] == '.' && !(i + 2 < len && s[i + 1] == '.' && s[i + 2] == '.')) {
            size_t wl = i - start;
            int attach = 0;
            if (has_inner_period)
                attach = 1; /* U.S. / a.m. */
            else if (wl == 1 && is_upper(c))
                attach = 1, sh |= SH_TITLEABBR; /* initial: "George W. Bush" */
            else if (in_list(title_abbrevs, s + start, wl))
                attach = 1, sh |= SH_TITLEABBR;
            else if (in_list(other_abbrevs, s + start, wl))
                attach = 1;
            if (attach) {
                i++;
                sh |= SH_ABBR;
            }
        }
        EMIT(start, i, sh);
    }
    return n;
#undef EMIT
}

static int tok_is(const char *s, const hd_span *t, char c)
{
    return t->end == t->start + 1 && s[t->start] == c;
}

static int starts_upper_or_digit(const char *s, const hd_span *t)
{
    unsigned char c = (unsigned char)s[t->start];
    return is_upper(c) || is_digit(c) || c >= 0x80;
}

/* Function words that begin sentences; after "U.S." they show the abbreviation ended one. */
static int is_sentence_opener(const char *s, const hd_span *t)
{
    static const char *const openers[] = {
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "this", "that", "these", "those",
        "but", "and", "in", "on", "at", "if", "when", "as", "there", "his", "her", "their", "its",
        "our", "some", "many", "most", "after", "before", "while", "meanwhile", "however", "yet",
        "so", "for", "since", "although", "officials", "also", NULL};
    size_t n = t->end - t->start;
    if (n > 12)
        return 0;
    char low[16];
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[t->start + i];
        low[i] = (char)(is_upper(c) ? c + 32 : c);
    }
    low[n] = '\0';
    for (size_t i = 0; openers[i]; i++)
        if (strcmp(openers[i], low) == 0)
            return 1;
    return 0;
}

size_t hd_split_sentences(const char *s, const hd_span *tok, size_t ntok, int hard_wrapped,
                          uint32_t *starts, size_t max)
{
    size_t ns = 0;
    if (ntok == 0)
        return 0;
    if (ns < max)
        starts[ns] = 0;
    ns++;
    for (size_t i = 0; i + 1 < ntok; i++) {
        const hd_span *t = &tok[i];
        size_t next = i + 1;
        int brk = 0;
        if (tok[next].shape & SH_PARA)
            brk = 1;
        else if ((tok[next].shape & SH_NEWLINE) && !hard_wrapped)
            brk = 1;
        else if (tok_is(s, t, '.') || tok_is(s, t, '!') || tok_is(s, t, '?') ||
                 (t->end - t->start == 3 && s[t->start] == '.')) {
            /* Closing quotes and brackets glued to the mark stay with the sentence. */
            while (next < ntok && ((tok[next].shape & SH_QUOTE) || tok_is(s, &tok[next], ')')) &&
                   tok[next].start == tok[next - 1].end)
                next++;
            if (next >= ntok)
                break;
            if (starts_upper_or_digit(s, &tok[next]) || (tok[next].shape & SH_QUOTE) ||
                (tok[next].shape & (SH_NEWLINE | SH_PARA)))
                brk = 1;
            /* Decimals never reach here (numbers are one token); "No. 5" is an abbreviation. */
        } else if ((t->shape & SH_ABBR) && !(t->shape & SH_TITLEABBR)) {
            /* "in the U.S. The talks ...": an abbreviation ends a sentence only when a typical
             * sentence opener follows. */
            if (is_sentence_opener(s, &tok[next]) && starts_upper_or_digit(s, &tok[next]))
                brk = 1;
        }
        if (brk && next < ntok) {
            if (ns < max)
                starts[ns] = (uint32_t)next;
            ns++;
            i = next - 1;
        }
    }
    return ns;
}

int hd_text_is_hard_wrapped(const char *s, size_t len)
{
    if (len > 8192)
        len = 8192; /* the first lines tell */
    size_t lines = 0, similar = 0, line_start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '\n') {
            size_t l = i - line_start;
            /* A line followed by another non-empty line is a candidate for wrapping. */
            if (l > 0 && i + 1 < len && s[i + 1] != '\n' && i < len) {
                lines++;
                if (l >= 40 && l <= 90)
                    similar++;
            }
            line_start = i + 1;
            if (lines >= 64)
                break;
        }
    }
    return lines >= 3 && similar * 10 >= lines * 7;
}
