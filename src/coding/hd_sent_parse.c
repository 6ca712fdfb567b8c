/* hd_sent_parse.c: the syntax stage inside the coder: the trained tagger and parser of the
 * model's syntax section run over a sentence of the coder's own tokens, and their answer is
 * written onto the tokens as a Penn tag, a head and a relation the coder can switch on. */
#include <stdlib.h>
#include <string.h>

#include "coding/hd_sent.h"

static const char *const rel_names[R_COUNT] = {
    [R_OTHER] = "dep", [R_ROOT] = "root", [R_NSUBJ] = "nsubj", [R_NSUBJ_PASS] = "nsubj:pass",
    [R_CSUBJ] = "csubj", [R_OBJ] = "obj", [R_IOBJ] = "iobj", [R_OBL] = "obl", [R_OBL_AGENT] = "obl:agent",
    [R_OBL_TMOD] = "obl:tmod", [R_NMOD] = "nmod", [R_NMOD_POSS] = "nmod:poss", [R_APPOS] = "appos",
    [R_ACL] = "acl", [R_ACL_RELCL] = "acl:relcl", [R_ADVCL] = "advcl", [R_XCOMP] = "xcomp",
    [R_CCOMP] = "ccomp", [R_PARATAXIS] = "parataxis", [R_CONJ] = "conj", [R_CC] = "cc", [R_MARK] = "mark",
    [R_CASE] = "case", [R_AUX] = "aux", [R_AUX_PASS] = "aux:pass", [R_COP] = "cop", [R_ADVMOD] = "advmod",
    [R_AMOD] = "amod", [R_DET] = "det", [R_NUMMOD] = "nummod", [R_COMPOUND] = "compound",
    [R_COMPOUND_PRT] = "compound:prt", [R_FLAT] = "flat", [R_FIXED] = "fixed", [R_EXPL] = "expl",
    [R_PUNCT] = "punct", [R_DISCOURSE] = "discourse", [R_LIST] = "list", [R_VOCATIVE] = "vocative",
};

const char *hd_rel_name(int rel) { return rel >= 0 && rel < R_COUNT ? rel_names[rel] : "dep"; }

/* A relation name's value: the exact name, else its base before the colon ("obl:npmod" is an
 * obl, "nsubj:outer" an nsubj), else R_OTHER. */
static int rel_from_name(const char *name)
{
    for (int r = 1; r < R_COUNT; r++)
        if (strcmp(rel_names[r], name) == 0)
            return r;
    const char *colon = strchr(name, ':');
    if (!colon)
        return R_OTHER;
    size_t n = (size_t)(colon - name);
    if (n == 5 && memcmp(name, "advcl", 5) == 0)
        return R_ADVCL; /* advcl:relcl, "..., which angered voters", reports like any clause */
    for (int r = 1; r < R_COUNT; r++)
        if (strlen(rel_names[r]) == n && memcmp(rel_names[r], name, n) == 0)
            return r;
    return R_OTHER;
}

/* The coder's tag for a treebank tag: the treebank's extra tags fold into the trimmed set of
 * enum hd_tag (a token of punctuation is T_PUNCT whatever its tag: see hd_sent_parse). */
static int tag_from_xpos(const char *xpos)
{
    int tag = hd_tag_from_name(xpos, strlen(xpos));
    if (tag >= 0)
        return tag;
    if (strcmp(xpos, "WP$") == 0)
        return T_WP;
    if (strcmp(xpos, "LS") == 0)
        return T_CD;
    if (strcmp(xpos, "AFX") == 0)
        return T_JJ;
    if (strcmp(xpos, "ADD") == 0)
        return T_NNP;
    if (strcmp(xpos, "FW") == 0 || strcmp(xpos, "GW") == 0 || strcmp(xpos, "XX") == 0)
        return T_NN;
    return T_PUNCT; /* , . : `` '' -LRB- -RRB- HYPH NFP $ SYM */
}

/* Values of the tagger's and the parser's names, remembered by the name's address: these are
 * a few dozen strings of the image, and a sentence names most of them many times. */
typedef struct name_memo {
    const char *name[64];
    uint8_t value[64];
    size_t n;
} name_memo;

static int memo_value(name_memo *m, const char *name, int (*value_of)(const char *))
{
    for (size_t k = 0; k < m->n; k++)
        if (m->name[k] == name)
            return m->value[k];
    int v = value_of(name);
    if (m->n < 64) {
        m->name[m->n] = name;
        m->value[m->n++] = (uint8_t)v;
    }
    return v;
}

static int grow(hd_sent *s, size_t n, size_t bytes)
{
    if (bytes > s->forms_cap) {
        char *f = realloc(s->forms, bytes * 2);
        if (!f)
            return -1;
        s->forms = f;
        s->forms_cap = bytes * 2;
    }
    if (n > s->words_cap) {
        size_t cap = n * 2;
        const char **w = realloc((void *)s->words, cap * sizeof *w);
        if (!w)
            return -1;
        s->words = w;
        hd_syntax_word *a = realloc(s->analysis, cap * sizeof *a);
        if (!a)
            return -1;
        s->analysis = a;
        unsigned char *nm = realloc(s->names, cap);
        if (!nm)
            return -1;
        s->names = nm;
        s->words_cap = cap;
    }
    return 0;
}

int hd_sent_names_an_act(const hd_sent *s)
{
    for (size_t m = 0; m < s->nmatch; m++)
        if (hd_match_entry(s, &s->matches[m], E_VERB) || hd_match_entry(s, &s->matches[m], E_NOUN) ||
            hd_match_entry(s, &s->matches[m], E_LIGHT) || hd_match_entry(s, &s->matches[m], E_SAY))
            return 1;
    return 0;
}

/* The lexicon as the tagger, the parser and the tag repairs ask it about the sentence's own
 * words: each token's word id is already known (hd_match.c), so a form of the sentence is
 * answered from it, found by its place among the forms; any other string is looked up. */
static int sentence_lexicon_lookup(const void *data, const char *word, size_t len, hd_lexicon_entry *out)
{
    const hd_sent *s = data;
    uintptr_t at = (uintptr_t)word; /* compared as numbers: `word` may point anywhere */
    if (s->ntok && at >= (uintptr_t)s->words[0] && at <= (uintptr_t)s->words[s->ntok - 1]) {
        size_t lo = 0, hi = s->ntok;
        while (lo + 1 < hi) { /* the last form that starts at or before `word` */
            size_t mid = (lo + hi) / 2;
            if ((uintptr_t)s->words[mid] <= at)
                lo = mid;
            else
                hi = mid;
        }
        if (s->words[lo] == word)
            return hd_model_lexicon_entry(s->model, s->tok[lo].word, word, len, out);
    }
    return hd_model_lexicon_lookup(s->model, word, len, out);
}

/* "staged demonstrations Saturday", "arrested 12 protesters Monday": wire copy drops the "on"
 * of a day, and the parser, trained on other English, reads the day as the head of a compound
 * whose first part is the object. The object takes the day's place in the tree and the day
 * becomes a time modifier of the verb. */
static void bare_dates(hd_sent *s)
{
    for (size_t j = 1; j < s->ntok; j++) {
        hd_tok *day = &s->tok[j], *noun = &s->tok[j - 1];
        if (!(day->cls & WC_DATE) || day->tag != T_NNP || noun->head != (int16_t)j || noun->rel != R_COMPOUND ||
            (noun->tag != T_NN && noun->tag != T_NNS) || day->head < 0 || (size_t)day->head >= s->ntok)
            continue;
        int verb = day->head;
        if (s->tok[verb].tag < T_VB || s->tok[verb].tag > T_VBZ)
            continue;
        int has_object = 0;
        for (size_t i = 0; i < s->ntok; i++)
            if (i != j && s->tok[i].head == verb && s->tok[i].rel == R_OBJ)
                has_object = 1;
        noun->head = (int16_t)verb;
        noun->rel = day->rel == R_OBJ || !has_object ? R_OBJ : day->rel;
        for (size_t i = 0; i + 1 < j; i++)
            if (s->tok[i].head == (int16_t)j)
                s->tok[i].head = (int16_t)(j - 1);
        day->rel = R_OBL_TMOD;
    }
}

int hd_sent_parse(hd_sent *s, int tree)
{
    s->parsed = 0;
    if (!s->model->has_syntax || s->ntok == 0)
        return -1;
    size_t bytes = 0;
    for (size_t i = 0; i < s->ntok; i++)
        bytes += s->tok[i].end - s->tok[i].start + 1;
    if (grow(s, s->ntok, bytes) != 0)
        return -1;
    /* the forms are the words as written: the tagger reads case and shape */
    char *f = s->forms;
    for (size_t i = 0; i < s->ntok; i++) {
        size_t n = s->tok[i].end - s->tok[i].start;
        memcpy(f, s->text + s->tok[i].start, n);
        f[n] = '\0';
        s->words[i] = f;
        f += n + 1;
    }
    hd_lexicon lex = {sentence_lexicon_lookup, s};
    /* the actor dictionary's names, capitalised as names are */
    for (size_t i = 0; i < s->ntok; i++) {
        int m = s->tok[i].covered_by;
        unsigned char c = (unsigned char)s->text[s->tok[i].start];
        s->names[i] = m >= 0 && c >= 'A' && c <= 'Z' && hd_match_entry(s, &s->matches[m], E_ACTOR) != NULL;
    }
    if (hd_syntax_analyse_names(&s->model->syntax, &lex, s->words, s->ntok, tree, s->names, s->analysis) != 0)
        return -1;
    name_memo tags = {.n = 0}, rels = {.n = 0};
    for (size_t i = 0; i < s->ntok; i++) {
        hd_tok *t = &s->tok[i];
        const hd_syntax_word *w = &s->analysis[i];
        t->tag = (uint8_t)(t->shape & SH_PUNCT ? T_PUNCT : memo_value(&tags, w->xpos, tag_from_xpos));
        t->head = (int16_t)(tree ? w->head - 1 : -1);
        t->rel = (uint8_t)memo_value(&rels, w->deprel, rel_from_name);
    }
    if (tree)
        bare_dates(s);
    s->parsed = tree;
    return 0;
}

/* An unknown lowercase word's tag by its ending. */
static int unknown_word_tag(const char *w, size_t n)
{
#define ENDS(suf) (n > sizeof suf && memcmp(w + n - (sizeof suf - 1), suf, sizeof suf - 1) == 0)
    return ENDS("ed") ? T_VBD : ENDS("ing") ? T_VBG : ENDS("ly") ? T_RB : ENDS("ss") ? T_NN : ENDS("s") ? T_NNS : T_NN;
#undef ENDS
}

/* Without a syntax section (small test and fuzz images) a word takes its lexicon's most
 * frequent tag: there is one tagger, the trained one, and this is only what keeps such images
 * usable. A few corrections keep a clause readable: a capitalised word inside a sentence or an
 * actor's name is a name, an unknown word is read by its ending, and a past form not after
 * "be", "have" or "get" is a past tense ("Freedonia conducted strikes"), not a participle. */
void hd_sent_tag_from_lexicon(hd_sent *s)
{
    for (size_t i = 0; i < s->ntok; i++) {
        hd_tok *t = &s->tok[i];
        int name = (t->shape & SH_CAP) && (i > 0 || (t->covered_by >= 0 && hd_match_entry(s, &s->matches[t->covered_by], E_ACTOR)));
        if (t->shape & SH_PUNCT)
            t->tag = T_PUNCT;
        else if (t->shape & SH_CLITIC)
            t->tag = hd_tok_is(s, i, "n't") ? T_RB : hd_tok_is(s, i, "'s") ? T_POS : T_VBP;
        else if (t->shape & SH_DIGIT)
            t->tag = T_CD;
        else if (t->word == HD_NONE || !t->tags)
            t->tag = (uint8_t)(name || (t->shape & SH_CAP) ? T_NNP : unknown_word_tag(s->text + t->start, t->end - t->start));
        else if (name && (t->tags & (TAGBIT(T_NNP) | TAGBIT(T_NNPS))))
            t->tag = T_NNP;
        else {
            t->tag = s->model->words[t->word].best;
            if (t->tag == T_VBN && (t->tags & TAGBIT(T_VBD)) && !(i > 0 && (s->tok[i - 1].cls & (WC_BE | WC_HAVE | WC_GET))))
                t->tag = T_VBD;
        }
    }
}

void hd_sent_parse_free(hd_sent *s)
{
    free(s->forms);
    free((void *)s->words);
    free(s->analysis);
    free(s->names);
    s->forms = NULL;
    s->words = NULL;
    s->analysis = NULL;
    s->names = NULL;
    s->forms_cap = s->words_cap = 0;
}
