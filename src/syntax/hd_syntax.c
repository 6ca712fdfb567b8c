/* hd_syntax.c: the syntax image (tagger and parser together) and the analysis of one sentence
 * (see hd_syntax.h). */
#include "syntax/hd_syntax.h"

#include <stdlib.h>
#include <string.h>

#include "base/hd_mapfile.h"
#include "syntax/hd_lexicon.h"

#define MAGIC "HDSYNTX1"

typedef struct syntax_header {
    char magic[8];
    uint32_t version, n_sections;
    uint64_t checksum;
    uint64_t tagger_offset, tagger_size, parser_offset, parser_size;
} syntax_header;

int hd_syntax_open(hd_syntax *s, const void *data, size_t size, int check_sum, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    syntax_header h;
    if (hd_image_header(data, size, MAGIC, &h, sizeof h, "syntax image", err, errlen) != 0)
        return -1;
    if (h.version != HD_SYNTAX_VERSION) {
        snprintf(err, errlen, "syntax image: version %u, this herald reads %u: rebuild it with make train", h.version,
                 HD_SYNTAX_VERSION);
        return -1;
    }
    if (check_sum && h.checksum != hd_image_checksum(data, size, offsetof(syntax_header, checksum))) {
        snprintf(err, errlen, "syntax image: checksum mismatch (corrupt or truncated)");
        return -1;
    }
    if (h.n_sections != 2 || h.tagger_offset % 8 || h.parser_offset % 8 || h.tagger_offset < sizeof h ||
        h.tagger_offset > size || h.tagger_size > size - h.tagger_offset || h.parser_offset < sizeof h ||
        h.parser_offset > size || h.parser_size > size - h.parser_offset) {
        snprintf(err, errlen, "syntax image: sections out of range");
        return -1;
    }
    s->tagger_image = (const char *)data + h.tagger_offset;
    s->tagger_size = h.tagger_size;
    s->parser_image = (const char *)data + h.parser_offset;
    s->parser_size = h.parser_size;
    s->tagger = hd_tagger_open((const char *)data + h.tagger_offset, h.tagger_size, err, errlen);
    if (!s->tagger)
        return -1;
    if (hd_parser_open(&s->parser, (const char *)data + h.parser_offset, h.parser_size, err, errlen) != 0) {
        hd_syntax_close(s);
        return -1;
    }
    return 0;
}

void hd_syntax_close(hd_syntax *s)
{
    hd_tagger_free(s->tagger);
    s->tagger = NULL;
}

int hd_syntax_write(const void *tagger, size_t tagger_size, const void *parser, size_t parser_size, FILE *out)
{
    size_t tagger_pad = (8 - tagger_size % 8) % 8, parser_pad = (8 - parser_size % 8) % 8;
    size_t size = sizeof(syntax_header) + tagger_size + tagger_pad + parser_size + parser_pad;
    char *image = calloc(1, size);
    if (!image)
        return -1;
    syntax_header h = {.version = HD_SYNTAX_VERSION, .n_sections = 2};
    memcpy(h.magic, MAGIC, 8);
    h.tagger_offset = sizeof h;
    h.tagger_size = tagger_size;
    h.parser_offset = sizeof h + tagger_size + tagger_pad;
    h.parser_size = parser_size;
    memcpy(image, &h, sizeof h);
    memcpy(image + h.tagger_offset, tagger, tagger_size);
    memcpy(image + h.parser_offset, parser, parser_size);
    h.checksum = hd_image_checksum(image, size, offsetof(syntax_header, checksum));
    memcpy(image, &h, sizeof h);
    int rc = fwrite(image, 1, size, out) == size && fflush(out) == 0 ? 0 : -1;
    free(image);
    return rc;
}

static int is_tag(const char *tag, const char *name) { return strcmp(tag, name) == 0; }

/* A finite verb's tag: a past or present tense, or a modal. */
static int is_finite(const char *tag)
{
    return is_tag(tag, "VBD") || is_tag(tag, "VBZ") || is_tag(tag, "VBP") || is_tag(tag, "MD");
}

/* A tag a noun phrase can open with: a noun, a determiner, an adjective, a number, a possessive. */
static int opens_noun_phrase(const char *tag)
{
    return tag[0] == 'N' || is_tag(tag, "DT") || is_tag(tag, "JJ") || is_tag(tag, "CD") || is_tag(tag, "PRP$");
}

static int lexicon_allows(const hd_lexicon *lex, const char *form, int tag)
{
    hd_lexicon_entry e;
    return lex && lex->lookup(lex->data, form, strlen(form), &e) && (e.tags & TAGBIT(tag));
}

/* A form of be, have or do (dict/function-words.txt), which a participle after it belongs to. */
static int is_auxiliary(const hd_lexicon *lex, const char *form)
{
    hd_lexicon_entry e;
    return lex && lex->lookup(lex->data, form, strlen(form), &e) && e.auxiliary;
}

/* The tagger, trained on web text, often reads a news sentence's past-tense verb after a bare
 * plural subject as a past participle ("Police fired tear gas", "Israeli tanks fired four
 * shells"), and the parse that follows is lost. Two facts of English set it right: a
 * participle that takes a determiner or number straight after it as its object, with no
 * auxiliary before it, is a finite verb; and a sentence with no finite verb at all has its
 * first participle after a noun as one. Only a word the lexicon allows as a past tense is
 * changed. */
static void finite_verbs(const hd_lexicon *lex, const char *const *words, size_t n, const char **tags)
{
    /* a headline ("Three soldiers killed in ambush") has no full stop and may have no
     * finite verb: its participles are passives */
    int finite = n == 0 || !is_tag(tags[n - 1], ".");
    for (size_t i = 0; i < n; i++) /* not counting a relative clause's verb: "a bill that raises" */
        finite |= is_finite(tags[i]) &&
                  !(i > 0 && (is_tag(tags[i - 1], "WDT") || is_tag(tags[i - 1], "WP")));
    for (size_t i = 1; i < n; i++) {
        if (!is_tag(tags[i], "VBN"))
            continue;
        /* "agents sexually abused": an adverb may stand between the subject and the verb */
        const char *before = is_tag(tags[i - 1], "RB") && i >= 2 ? tags[i - 2] : tags[i - 1];
        int after_noun = before[0] == 'N' || is_tag(before, "PRP");
        size_t subject_end = i; /* verbs from here on belong to an aside */
        /* "Rebel commanders -- the last faction still fighting -- opened talks": the subject
         * stands before an aside between dashes or brackets */
        /* "Saudi-led coalition aircraft, which have flown thousands of sorties, bombed": the
         * subject stands before a relative clause between commas */
        /* "the party's leader, Jose Guimaraes, conceded defeat": or before a name or a noun
         * phrase in apposition between commas */
        int set_off = 0; /* the subject stands before commas */
        if (!after_noun && is_tag(tags[i - 1], ",")) {
            int apposition = 1;
            for (size_t k = i - 1; k-- > 1;) {
                if (is_tag(tags[k], ",")) {
                    int relative = is_tag(tags[k + 1], "WDT") || is_tag(tags[k + 1], "WP");
                    if ((relative || (apposition && k + 2 < i)) && tags[k - 1][0] == 'N') {
                        after_noun = set_off = 1;
                        subject_end = k;
                    }
                    break;
                }
                apposition &= tags[k][0] == 'N' || is_tag(tags[k], "DT") || is_tag(tags[k], "JJ") || is_tag(tags[k], "POS");
            }
        }
        if (!after_noun && (strcmp(words[i - 1], "--") == 0 || strcmp(words[i - 1], ")") == 0)) {
            const char *open = words[i - 1][0] == ')' ? "(" : "--";
            for (size_t k = i - 1; k-- > 1;)
                if (strcmp(words[k], open) == 0) {
                    after_noun = tags[k - 1][0] == 'N';
                    subject_end = k;
                    break;
                }
        }
        /* in a sentence with no finite verb, "The Chinese military held drills" */
        if (!after_noun && !(!finite && is_tag(before, "JJ")))
            continue;
        int aux = 0; /* "were fired", "has used", "had been given": a participle after be or have */
        for (size_t k = i >= 4 ? i - 4 : 0; k < i; k++)
            aux |= is_auxiliary(lex, words[k]);
        const char *next = i + 1 < n ? tags[i + 1] : ".";
        int object_next = is_tag(next, "DT") || is_tag(next, "CD") || is_tag(next, "PRP$") || is_tag(next, "PDT");
        /* "called off a strike", "carried out attacks": a particle and then the object */
        if (is_tag(next, "RP") && i + 2 < n) {
            const char *after = tags[i + 2];
            object_next |= is_tag(after, "DT") || is_tag(after, "CD") || is_tag(after, "PRP$") || is_tag(after, "JJ") ||
                           is_tag(after, "NNS");
        }
        /* the sentence's first verb, between a noun and a noun phrase: "the Council on
         * Wednesday lifted sanctions" */
        int first_verb = 1;
        for (size_t k = 0; k < subject_end && first_verb; k++)
            first_verb = !(tags[k][0] == 'V' || is_tag(tags[k], "MD"));
        int noun_phrase_next = object_next || next[0] == 'N' || is_tag(next, "JJ") || is_tag(next, "JJR");
        /* "Trump threatened to attack ... if Iran strikes": the first verb, after its subject and
         * before an infinitive, is the main verb unless a finite verb follows before a comma, a
         * preposition or a subordinator (which may open a clause of its own): "Troops ordered
         * to withdraw refused to leave" */
        if (first_verb && !aux && is_tag(next, "TO") && i + 2 < n && is_tag(tags[i + 2], "VB")) {
            int later = 0;
            for (size_t k = i + 3; k < n && !later; k++) {
                if (is_tag(tags[k], ",") || is_tag(tags[k], "WDT") || is_tag(tags[k], "WP") || is_tag(tags[k], "IN"))
                    break;
                later = is_finite(tags[k]);
            }
            object_next |= !later;
        }
        /* "said that the Russians conducted airstrikes": a passive participle takes no object,
         * so one followed by a bare plural noun after its subject is a past tense */
        object_next |= is_tag(next, "NNS") && before[0] == 'N';
        /* ... and so is one after a subject set off by commas, before a singular noun too:
         * "Jose Guimaraes, the party's leader, conceded defeat" */
        object_next |= set_off && (is_tag(next, "NNS") || is_tag(next, "NN"));
        if (((object_next && !aux) || (first_verb && noun_phrase_next && !aux) || !finite) &&
            lexicon_allows(lex, words[i], T_VBD)) {
            tags[i] = "VBD";
            finite = 1;
        }
    }
    /* "Flavia Nardelli Piccoli, Vice President of the Commission, condemned terrorist attacks.":
     * a sentence with a full stop and still no finite verb has one among the words read as
     * adjectives: the first that can be a past tense, after a comma or a noun and before a
     * noun phrase */
    for (size_t i = 1; !finite && i + 1 < n; i++) {
        const char *b = tags[i - 1], *next = tags[i + 1];
        if (!is_tag(tags[i], "JJ") || !(b[0] == 'N' || is_tag(b, ",") || is_tag(b, "JJ")) || !lexicon_allows(lex, words[i], T_VBD))
            continue;
        if (opens_noun_phrase(next)) {
            tags[i] = "VBD";
            finite = 1;
        }
    }
    /* "Troops raided homes and arrested dozens": a participle after "and", with an object
     * straight after it, joined to a past tense with no auxiliary between, is a past tense
     * too ("had raided homes and arrested dozens" keeps its participle) */
    for (size_t i = 2; i + 1 < n; i++) {
        const char *next = tags[i + 1];
        if (!is_tag(tags[i], "VBN") || strcmp(words[i - 1], "and") != 0 || !lexicon_allows(lex, words[i], T_VBD) ||
            !(is_tag(next, "DT") || is_tag(next, "CD") || is_tag(next, "PRP$") || is_tag(next, "PDT") ||
              is_tag(next, "NNS") || is_tag(next, "NNP") || is_tag(next, "NNPS")))
            continue;
        size_t k = i - 1;
        while (k-- > 0 && !(tags[k][0] == 'V' || is_tag(tags[k], "MD") || is_tag(tags[k], ",") || is_tag(tags[k], "WDT") ||
                            is_tag(tags[k], "WP") || is_tag(tags[k], "IN") || is_auxiliary(lex, words[k])))
            ;
        if (k < i && is_tag(tags[k], "VBD") && !is_auxiliary(lex, words[k]))
            tags[i] = "VBD";
    }
    /* "A gunman shot and wounded Imran Khan": a word read as a noun, after a noun and joined
     * by "and" to a past tense, is a past tense too */
    for (size_t i = 1; i + 2 < n; i++)
        if (is_tag(tags[i], "NN") && tags[i - 1][0] == 'N' && is_tag(tags[i + 1], "CC") && is_tag(tags[i + 2], "VBD") &&
            lexicon_allows(lex, words[i], T_VBD))
            tags[i] = "VBD";
    /* "held joint exercises", "carried out air strikes": after a verb and one common noun or
     * adjective, a word that can be a plural noun is the object's head, not a new verb */
    for (size_t i = 2; i < n; i++) {
        if (!is_tag(tags[i], "VBZ") || !(is_tag(tags[i - 1], "NN") || is_tag(tags[i - 1], "JJ")) ||
            !lexicon_allows(lex, words[i], T_NNS))
            continue;
        /* back over the object's modifiers ("more than two dozen air strikes") to the verb */
        size_t k = i - 1;
        int counted = 0; /* a number before it makes it a plural: "he thinks the plan works" has none */
        while (k > 0 && k + 6 > i &&
               (is_tag(tags[k], "NN") || is_tag(tags[k], "JJ") || is_tag(tags[k], "JJR") || is_tag(tags[k], "CD") ||
                strcmp(words[k], "than") == 0)) {
            counted |= is_tag(tags[k], "CD");
            k--;
        }
        if ((tags[k][0] == 'V' || is_tag(tags[k], "RP")) && (counted || k + 2 == i))
            tags[i] = "NNS";
    }
    /* "demanded that Israel halt settlement building", "urged that the government end curbs":
     * a clause opened by "that" after a verb has a verb of its own; when the tagger found none
     * in it, the first noun after its subject's noun that can be a bare verb is the verb (a
     * mandate's subjunctive) */
    for (size_t t = 1; t + 3 < n; t++) {
        if (strcmp(words[t], "that") != 0 || tags[t - 1][0] != 'V')
            continue;
        size_t end = t + 1;
        int has_verb = 0;
        while (end < n && !is_tag(tags[end], ",") && !is_tag(tags[end], ".") && !is_tag(tags[end], ":")) {
            has_verb |= tags[end][0] == 'V' || is_tag(tags[end], "MD");
            end++;
        }
        if (has_verb)
            continue;
        for (size_t i = t + 2; i + 1 < end; i++) {
            const char *b = tags[i - 1];
            if (!(b[0] == 'N' || is_tag(b, "PRP")))
                continue;
            if (is_tag(tags[i], "NN") && lexicon_allows(lex, words[i], T_VB)) {
                const char *next = tags[i + 1];
                if (opens_noun_phrase(next) || is_tag(next, "IN"))
                    tags[i] = "VB";
                break;
            }
        }
    }
    /* "condemned the prosecutor's killing on Monday", "his arrest": an -ing word after a
     * possessive, with no object after it, is the act named as a noun */
    for (size_t i = 1; i < n; i++) {
        if (!is_tag(tags[i], "VBG") || !(is_tag(tags[i - 1], "POS") || is_tag(tags[i - 1], "PRP$")) ||
            !lexicon_allows(lex, words[i], T_NN))
            continue;
        /* nor "Pelosi's going to", where the 's is "is" */
        if (i + 1 < n && (opens_noun_phrase(tags[i + 1]) || is_tag(tags[i + 1], "PRP") || is_tag(tags[i + 1], "TO")))
            continue;
        tags[i] = "NN";
    }
    /* "supported by 162 votes": a word after a number (not a year) is what it counts */
    for (size_t i = 1; i < n; i++) {
        if (!is_tag(tags[i], "VBZ") || !is_tag(tags[i - 1], "CD") || !lexicon_allows(lex, words[i], T_NNS))
            continue;
        const char *w = words[i - 1];
        int year = strlen(w) == 4 && (w[0] == '1' || w[0] == '2') && strspn(w, "0123456789") == 4;
        if (!year)
            tags[i] = "NNS";
    }
    /* "Russian jets bomb Hama", "Beijing slams Washington": a headline's present tense,
     * read as a noun, when nothing else in it is a finite verb: a word that can be the verb
     * agreeing with the noun before it, and a noun phrase after it */
    int any_finite = 0;
    for (size_t i = 0; i < n; i++)
        any_finite |= is_finite(tags[i]);
    for (size_t i = 1; i + 1 < n && !any_finite; i++) {
        const char *next = tags[i + 1];
        int np_next = opens_noun_phrase(next) || is_tag(next, "PRP");
        if (!np_next)
            continue;
        int determiner_next = is_tag(next, "DT") || is_tag(next, "CD") || is_tag(next, "PRP$");
        /* "Police arrest 20 protesters": a collective noun agrees in the plural */
        int plural_before = is_tag(tags[i - 1], "NNS") || is_tag(tags[i - 1], "NNPS") ||
                            (tags[i - 1][0] == 'N' && determiner_next);
        int singular_before = is_tag(tags[i - 1], "NNP") || is_tag(tags[i - 1], "NN");
        if (is_tag(tags[i], "NN") && plural_before &&
            (lexicon_allows(lex, words[i], T_VBP) || lexicon_allows(lex, words[i], T_VB))) {
            tags[i] = "VBP";
            any_finite = 1;
        } else if (is_tag(tags[i], "NNS") && singular_before && lexicon_allows(lex, words[i], T_VBZ)) {
            tags[i] = "VBZ";
            any_finite = 1;
        }
    }
    /* "..., Joinfo.ua reports.": a name and then a word that can be a verb ending the
     * sentence after a comma is the one who says it, and the word its verb */
    if (n >= 4 && is_tag(tags[n - 1], ".") && is_tag(tags[n - 2], "NNS") && tags[n - 3][0] == 'N' &&
        lexicon_allows(lex, words[n - 2], T_VBZ)) {
        size_t k = n - 3;
        while (k > 0 && is_tag(tags[k], "NNP"))
            k--;
        if (k > 0 && k < n - 3 && is_tag(tags[k], ","))
            tags[n - 2] = "VBZ";
    }
    /* The reverse: "A police officer accused of torture was arrested": a past tense right
     * after the subject noun, going on with a preposition, and followed in the same clause by
     * an auxiliary and a verb of its own, is a participle describing the noun. */
    for (size_t i = 1; i + 1 < n; i++) {
        if (!is_tag(tags[i], "VBD") || tags[i - 1][0] != 'N' || !is_tag(tags[i + 1], "IN"))
            continue;
        int first_verb = 1;
        for (size_t k = 0; k < i && first_verb; k++)
            first_verb = !(tags[k][0] == 'V' || is_tag(tags[k], "MD"));
        if (!first_verb || !lexicon_allows(lex, words[i], T_VBN))
            continue;
        for (size_t k = i + 2; k + 1 < n; k++) {
            if (is_tag(tags[k], "CC") || is_tag(tags[k], ",") || is_tag(tags[k], ":") || is_tag(tags[k], "WDT") ||
                is_tag(tags[k], "WP") || (tags[k][0] == 'V' && !is_auxiliary(lex, words[k])))
                break;
            if (is_auxiliary(lex, words[k]) && (tags[k + 1][0] == 'V' || is_tag(tags[k + 1], "RB"))) {
                tags[i] = "VBN";
                break;
            }
        }
    }
}

/* "Ted Cruz Accuses Donald Trump", "Michael Steele Criticized for Comments": a heading in
 * title case capitalises its verb, and a tagger that learned capitals from running text reads
 * it as part of the name before it. With no finite verb in the heading, the first capitalised
 * word after a noun that the lexicon knows as a verb form ending in -s (a present tense) or
 * -ed (a headline's passive) and not as a name, and that the caller knows for no name, is
 * that verb. */
static void heading_verb(const hd_lexicon *lex, const char *const *words, size_t n, const char **tags,
                         const unsigned char *names)
{
    size_t letters = 0, caps = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)words[i][0];
        letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        caps += c >= 'A' && c <= 'Z';
    }
    if (!lex || letters < 3 || caps * 10 < letters * 7)
        return;
    for (size_t i = 0; i < n; i++)
        if (is_finite(tags[i]))
            return;
    for (size_t i = 1; i + 1 < n; i++) {
        const char *w = words[i];
        size_t len = strlen(w);
        if ((names && names[i]) || !(is_tag(tags[i], "NNP") || is_tag(tags[i], "NNPS")) || tags[i - 1][0] != 'N' ||
            is_tag(tags[i + 1], "POS") || w[0] < 'A' || w[0] > 'Z' || len < 4)
            continue;
        hd_lexicon_entry e;
        if (!lex->lookup(lex->data, w, len, &e) || e.name)
            continue;
        if ((e.tags & TAGBIT(T_VBZ)) && w[len - 1] == 's') {
            tags[i] = "VBZ";
            return;
        }
        if ((e.tags & TAGBIT(T_VBN)) && w[len - 2] == 'e' && w[len - 1] == 'd') {
            tags[i] = "VBN";
            return;
        }
    }
}

/* Tags the words (and, with `parse`, parses them): the one path under every entry point. */
static int analyse(const hd_syntax *s, const hd_lexicon *lex, const char *const *words, size_t n, int parse,
                   const unsigned char *names, hd_syntax_word *out)
{
    if (n == 0)
        return 0;
    int *ints = malloc(4 * n * sizeof *ints);
    const char **tags = malloc(2 * n * sizeof *tags); /* XPOS, then UPOS */
    int rc = ints && tags ? 0 : -1;
    if (rc == 0) {
        int *xpos = ints, *upos = ints + n, *heads = ints + 2 * n, *labels = ints + 3 * n;
        /* one lexicon for both: the tagger's features and the parser's word classes */
        hd_tagger_tag(s->tagger, lex, words, n, xpos, upos);
        for (size_t i = 0; i < n; i++)
            tags[i] = hd_tagger_xpos_name(s->tagger, xpos[i]);
        /* a capitalised word the caller knows for a name ("Trump threatened") is a proper noun,
         * where the tagger took it for a common noun, a verb or an adverb */
        for (size_t i = 0; names && i < n; i++)
            if (names[i] && (tags[i][0] == 'V' || is_tag(tags[i], "NN") || is_tag(tags[i], "NNS") || is_tag(tags[i], "RB")))
                tags[i] = is_tag(tags[i], "NNS") ? "NNPS" : "NNP";
        heading_verb(lex, words, n, tags, names);
        finite_verbs(lex, words, n, tags);
        /* a Penn tag the repairs changed takes the UPOS that goes with it: the parser reads both */
        const char **upos_names = tags + n;
        for (size_t i = 0; i < n; i++)
            upos_names[i] = tags[i] == hd_tagger_xpos_name(s->tagger, xpos[i]) ? hd_tagger_upos_name(s->tagger, upos[i])
                            : tags[i][0] == 'V'                                   ? "VERB"
                                                                                  : "NOUN";
        if (parse)
            rc = hd_parser_parse(&s->parser, lex, words, tags, upos_names, n, heads, labels);
        for (size_t i = 0; rc == 0 && i < n; i++)
            out[i] = (hd_syntax_word){upos_names[i], tags[i], parse ? hd_parser_label(&s->parser, labels[i]) : "_",
                                      parse ? heads[i] : -1};
    }
    free(ints);
    free(tags);
    return rc;
}

int hd_syntax_analyse(const hd_syntax *s, const hd_lexicon *lex, const char *const *words, size_t n, hd_syntax_word *out)
{
    return analyse(s, lex, words, n, 1, NULL, out);
}

int hd_syntax_tag(const hd_syntax *s, const hd_lexicon *lex, const char *const *words, size_t n, hd_syntax_word *out)
{
    return analyse(s, lex, words, n, 0, NULL, out);
}

int hd_syntax_analyse_names(const hd_syntax *s, const hd_lexicon *lex, const char *const *words, size_t n, int tree,
                            const unsigned char *names, hd_syntax_word *out)
{
    return analyse(s, lex, words, n, tree, names, out);
}
