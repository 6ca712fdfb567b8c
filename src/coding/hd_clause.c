/* hd_clause.c: what the dependency tree says about a predicate: who its subject, object and
 * agent are, including the subjects a clause takes from the one that governs it (a conjunct,
 * a controlled infinitive, a participle, a relative clause), and whether the clause states
 * the act as done: negated, refused, failed, wanted, asked for, expected, conditional,
 * asked about, or only describing a noun. The coder (hd_event.c) reads events off this. */
#include <string.h>

#include "coding/hd_sent.h"

uint64_t hd_clause_lemma_class(const hd_sent *s, size_t i)
{
    uint32_t id = s->tok[i].lemma != HD_NONE ? s->tok[i].lemma : s->tok[i].word;
    return (id != HD_NONE ? s->wclass[id] : 0) | s->tok[i].cls;
}
#define lemma_class hd_clause_lemma_class

int hd_clause_child(const hd_sent *s, size_t head, int rel)
{
    for (size_t i = 0; i < s->ntok; i++)
        if (s->tok[i].head == (int16_t)head && s->tok[i].rel == rel)
            return (int)i;
    return -1;
}

int hd_clause_shared_verb(const hd_sent *s, int v)
{
    for (int up = 0; up < 6 && v >= 0 && s->tok[v].rel == R_CONJ && s->tok[v].head >= 0; up++) {
        int h = s->tok[v].head;
        if (s->tok[h].tag < T_VB || s->tok[h].tag > T_VBZ || hd_clause_child(s, (size_t)v, R_NSUBJ) >= 0 ||
            hd_clause_child(s, (size_t)v, R_NSUBJ_PASS) >= 0)
            break;
        v = h;
    }
    return v;
}

/* A preposition belongs to the whole noun phrase, but the parser sometimes hangs it on the
 * phrase's first word rather than its head ("to Vladimir Putin" with "to" under "Vladimir"):
 * a case word under a name or modifier before the head counts as the head's. */
int hd_clause_case(const hd_sent *s, size_t nominal)
{
    for (size_t i = 0; i < s->ntok; i++)
        if (s->tok[i].head == (int16_t)nominal && (s->tok[i].rel == R_CASE || s->tok[i].rel == R_MARK))
            return (int)i;
    for (size_t m = 0; m < nominal; m++) {
        int r = s->tok[m].rel;
        if (s->tok[m].head != (int16_t)nominal || (r != R_COMPOUND && r != R_FLAT && r != R_AMOD && r != R_DET))
            continue;
        for (size_t i = 0; i < m; i++)
            if (s->tok[i].head == (int16_t)m && s->tok[i].rel == R_CASE)
                return (int)i;
    }
    return -1;
}

static int is_relative_pronoun(const hd_sent *s, size_t i)
{
    int t = s->tok[i].tag;
    return t == T_WDT || t == T_WP || hd_tok_is(s, i, "that") || hd_tok_is(s, i, "which") ||
           hd_tok_is(s, i, "who") || hd_tok_is(s, i, "whom");
}

/* "Police arrested 20 protesters" read as a noun with a participle: the tagger took the
 * verb for a past participle and the parser hung it on the noun. A participle that
 * describes a noun does not also take a direct object ("the city bombed by jets"), so one
 * that does, on the noun that heads the sentence, is the sentence's verb. */
int hd_clause_misread_verb(const hd_sent *s, size_t p)
{
    if (s->tok[p].rel != R_ACL || (s->tok[p].tag != T_VBN && s->tok[p].tag != T_VBD) || s->tok[p].head < 0)
        return 0;
    size_t h = (size_t)s->tok[p].head;
    if (s->tok[h].head >= 0 || h > p)
        return 0;
    if (s->tok[p].tag == T_VBD)
        return 1; /* a past tense never describes a noun */
    if (hd_clause_child(s, p, R_OBJ) >= 0 || hd_clause_child(s, p, R_CCOMP) >= 0)
        return 1;
    /* "The parliament threatened on Monday to break relations": an infinitive of its own */
    for (size_t i = p + 1; i < s->ntok; i++)
        if (s->tok[i].head == (int16_t)p && (s->tok[i].rel == R_XCOMP || s->tok[i].rel == R_ADVCL) &&
            hd_clause_case(s, i) >= 0 && s->tok[hd_clause_case(s, i)].tag == T_TO)
            return 1;
    /* "Azerbaijani forces clashed with Armenian troops.": no object, but a form that can be a
     * past tense, no agent, and no other verb to be the sentence's own */
    if (!(s->tok[p].tags & TAGBIT(T_VBD)) || hd_clause_child(s, p, R_OBL_AGENT) >= 0)
        return 0;
    /* "Chinese engineers kidnapped in Pakistan": a verb that never goes without an object has
     * none only in the passive */
    if (hd_tok_lemma_lists(s, p) & WL_OBJECT_VERB)
        return 0;
    for (size_t i = 0; i < s->ntok; i++) {
        /* a finite verb of a clause of its own ("a bill that raises taxes") is no rival */
        int rel = s->tok[i].rel;
        int subordinate = rel == R_ACL_RELCL || rel == R_ADVCL || rel == R_CCOMP || rel == R_ACL || rel == R_CSUBJ;
        if (i != p && !subordinate &&
            (s->tok[i].tag == T_VBD || s->tok[i].tag == T_VBZ || s->tok[i].tag == T_VBP || s->tok[i].tag == T_MD))
            return 0;
        if (s->tok[i].head == (int16_t)p && s->tok[i].rel == R_OBL && hd_clause_case(s, i) >= 0 &&
            hd_tok_is(s, (size_t)hd_clause_case(s, i), "by"))
            return 0;
    }
    return 1;
}

/* "Egypt to host truce talks": a headline's infinitive hung on the noun that heads it says
 * what that noun will do. */
int hd_clause_headline_infinitive(const hd_sent *s, size_t p)
{
    if (s->tok[p].rel != R_ACL || s->tok[p].tag != T_VB || s->tok[p].head < 0)
        return 0;
    size_t h = (size_t)s->tok[p].head;
    if (s->tok[h].head >= 0 || h + 2 != p || s->tok[h + 1].tag != T_TO)
        return 0;
    for (size_t i = 0; i < h; i++)
        if (s->tok[i].tag >= T_VB && s->tok[i].tag <= T_VBZ)
            return 0;
    return 1;
}

/* The arguments a clause takes from the one above it, when it has no subject of its own. */
/* "The Foreign Office during a weekly briefing on Thursday welcomed the offer" misread with
 * "welcomed" describing "briefing": a past tense describes no noun, and when the sentence's
 * root is the noun the phrases hang on, that noun is its subject. -1 when not so. */
static int misread_past_subject(const hd_sent *s, size_t h)
{
    size_t k = h;
    for (int depth = 0; depth < 6 && s->tok[k].head >= 0; depth++) {
        int rel = s->tok[k].rel;
        if (rel != R_OBL && rel != R_NMOD && rel != R_OBL_TMOD && rel != R_CONJ)
            return -1;
        k = (size_t)s->tok[k].head;
    }
    int t = s->tok[k].tag;
    return s->tok[k].head < 0 && k < h && (t == T_NN || t == T_NNS || t == T_NNP || t == T_NNPS) ? (int)k : -1;
}

/* Whether a participle's subordinator `mark` (-1: none) leaves it the subject of the clause
 * above (word class adjunct: "by", "after", "while" ...). */
static int shares_subject(const hd_sent *s, int mark)
{
    return mark < 0 || (s->tok[mark].cls & WC_ADJUNCT);
}

/* The clause a participle adjunct at p belongs to: its head, or where the parser hung ",
 * killing at least 20 people" on a participle describing a noun ("a crowd of people waiting
 * to apply for jobs, killing ..."), the verb that noun hangs on: a comma-set participle of
 * news is the main clause's. */
static size_t adjunct_governor(const hd_sent *s, size_t p)
{
    size_t h = (size_t)s->tok[p].head;
    if (p == 0 || !hd_tok_is(s, p - 1, ",") || s->tok[h].rel != R_ACL || s->tok[h].tag != T_VBG ||
        s->tok[h].head < 0 || hd_clause_child(s, h, R_AUX) >= 0 || hd_clause_child(s, h, R_AUX_PASS) >= 0)
        return h; /* not "the airliner being struck by a missile, killing 176": that is the strike's */
    size_t k = (size_t)s->tok[h].head;
    for (int depth = 0; depth < 6; depth++) {
        if (s->tok[k].tag >= T_VB && s->tok[k].tag <= T_VBZ)
            return k;
        int rel = s->tok[k].rel;
        if (s->tok[k].head < 0 || (rel != R_NMOD && rel != R_OBL && rel != R_OBJ && rel != R_NSUBJ && rel != R_CONJ))
            break;
        k = (size_t)s->tok[k].head;
    }
    return h;
}

static void inherit(const hd_sent *s, size_t p, hd_clause_args *a)
{
    int h = s->tok[p].head;
    if (h < 0)
        return;
    hd_clause_args up;
    switch (s->tok[p].rel) {
    case R_CONJ: /* "troops entered the town and seized the bridge": the first conjunct's */
        hd_clause_find_args(s, (size_t)h, &up);
        a->subj = up.subj;
        if (up.passive && a->obj < 0 && s->tok[p].tag == T_VBN)
            a->passive = 1; /* "was attacked and looted" */
        break;
    case R_XCOMP: /* "urged Russia to stop": the object controls; "vowed to retaliate": the subject */
        hd_clause_find_args(s, (size_t)h, &up);
        a->subj = up.obj >= 0 ? up.obj : up.subj;
        break;
    case R_ADVCL: /* "..., killing five": a participle without a subordinator, or with one of
                   * means or time ("responded by destroying", "after killing 23") */
        if ((s->tok[p].tag == T_VBG || s->tok[p].tag == T_VBN) && shares_subject(s, hd_clause_case(s, p))) {
            hd_clause_find_args(s, adjunct_governor(s, p), &up);
            a->subj = up.passive ? up.agent : up.subj;
        }
        break;
    case R_ACL: /* "militants attacking the base", "the city bombed by jets" */
        if (hd_clause_misread_verb(s, p) || hd_clause_headline_infinitive(s, p))
            a->subj = h;
        else if (s->tok[h].rel == R_OBJ && s->tok[h].head >= 0 && hd_clause_case(s, p) >= 0 &&
                 s->tok[hd_clause_case(s, p)].tag == T_TO && (lemma_class(s, (size_t)h) & (WC_INTENT | WC_ABILITY))) {
            /* "North Korea expressed willingness to resume talks": the one who has the will */
            hd_clause_find_args(s, (size_t)s->tok[h].head, &up);
            a->subj = up.subj;
        }
        else if (s->tok[p].tag == T_VBD && misread_past_subject(s, (size_t)h) >= 0)
            a->subj = misread_past_subject(s, (size_t)h);
        else if (s->tok[p].tag == T_VBN && a->obj < 0) {
            a->obj = h;
            a->passive = 1;
        } else if (s->tok[p].tag == T_VBG)
            a->subj = h;
        break;
    default:
        break;
    }
}

/* ", the state news agency Anadolu reported." read with a subject far before the verb,
 * across a comma, while a name or noun stands right before it: that noun, the head of its
 * phrase, is the verb's subject. -1 when the verb's subject is where it should be. */
static int subject_across_comma(const hd_sent *s, size_t w)
{
    int subj = hd_clause_child(s, w, R_NSUBJ);
    if (subj < 0 || w < 2 || (size_t)subj + 1 >= w)
        return -1;
    size_t n = w - 1;
    int t = s->tok[n].tag;
    if (t != T_NN && t != T_NNS && t != T_NNP && t != T_NNPS)
        return -1;
    int comma = 0;
    for (size_t k = (size_t)subj + 1; k < n && !comma; k++)
        comma = s->tok[k].tag == T_PUNCT && s->text[s->tok[k].start] == ',';
    if (!comma)
        return -1;
    /* a name's last word hangs on its first (flat); the phrase's head is what a relation names */
    size_t head = n;
    if (s->tok[n].rel == R_FLAT && s->tok[n].head >= 0 && s->tok[n].head < (int16_t)n)
        head = (size_t)s->tok[n].head;
    /* "Syria's forces, backed by Russia, shelled": an aside closes with a comma right before
     * the verb, and the noun before the verb is then the aside's */
    if (s->tok[head].head == (int16_t)w || s->tok[n - 1].tag == T_PUNCT)
        return -1;
    int r = s->tok[head].rel;
    return r == R_APPOS || r == R_NMOD || r == R_COMPOUND || r == R_FLAT || r == R_OBJ || r == R_OBL ? (int)head : -1;
}

/* The parser's slips that leave a clause with the wrong subject, no object or a false
 * passive, each undone by a fact of English (hd_clause_own_args reads the relations first). */
static void read_past_slips(const hd_sent *s, size_t p, hd_clause_args *a)
{
    int across_comma = a->subj >= 0 && !a->passive ? subject_across_comma(s, p) : -1;
    if (across_comma >= 0)
        a->subj = across_comma;
    /* the parser's other names for an object: "carried out ethnic cleansing" with the noun
     * as a complement (xcomp), "met Turkish Foreign Minister Mevlut Cavusoglu" with the name as
     * a bare oblique (an oblique without a preposition is a time or measure, never a name) */
    for (size_t i = 0; i < s->ntok && a->obj < 0; i++) {
        if (s->tok[i].head != (int16_t)p || i < p)
            continue;
        int t = s->tok[i].tag;
        if (s->tok[i].rel == R_XCOMP && (t == T_NN || t == T_NNS))
            a->obj = (int)i;
        else if (s->tok[i].rel == R_OBL && (t == T_NNP || t == T_NNPS) && hd_clause_case(s, i) < 0 &&
                 !(s->tok[i].cls & WC_DATE))
            a->obj = (int)i;
    }
    /* "accused Saudi Arabia of torturing women activists" misread with "Saudi Arabia" as a
     * compound of "activists", across "of": no noun phrase reaches over a preposition, so the
     * name right after the verb is its object */
    if (a->obj < 0 && p + 2 < s->ntok && (s->tok[p + 1].tag == T_NNP || s->tok[p + 1].tag == T_NNPS)) {
        size_t end = p + 1;
        while (end + 1 < s->ntok && (s->tok[end + 1].tag == T_NNP || s->tok[end + 1].tag == T_NNPS))
            end++;
        int h = s->tok[end].head;
        int across = 0;
        for (size_t k = end + 1; h > (int)end && k < (size_t)h && !across; k++)
            across = (s->tok[k].rel == R_CASE || s->tok[k].rel == R_MARK) && s->tok[k].head == h &&
                     (s->tok[end].rel == R_COMPOUND || s->tok[end].rel == R_AMOD);
        if (across)
            a->obj = (int)end;
    }
    /* "Turkey accused Syrian government forces of shelling a convoy, Anadolu reported" misread
     * with "forces" as a second subject of "reported", or as its subject across a comma while
     * "Anadolu" stands right before it: the noun phrase right after the verb is its object */
    if (a->obj < 0 && p + 1 < s->ntok) {
        size_t i = p + 1;
        while (i < s->ntok && s->tok[i].head > (int16_t)i &&
               (s->tok[i].rel == R_DET || s->tok[i].rel == R_AMOD || s->tok[i].rel == R_COMPOUND || s->tok[i].rel == R_NUMMOD))
            i++;
        int h = i < s->ntok ? s->tok[i].head : -1;
        if (h > (int)i && s->tok[i].rel == R_NSUBJ && (s->tok[i].tag == T_NN || s->tok[i].tag == T_NNS || s->tok[i].tag == T_NNP ||
                                                     s->tok[i].tag == T_NNPS)) {
            for (size_t k = 0; k < s->ntok; k++)
                if (k != i && s->tok[k].head == h && (s->tok[k].rel == R_NSUBJ || s->tok[k].rel == R_NSUBJ_PASS)) {
                    a->obj = (int)i;
                    break;
                }
            if (a->obj < 0 && subject_across_comma(s, (size_t)h) >= 0)
                a->obj = (int)i;
        }
    }
    /* "Turkey has also repeatedly threatened" read as a passive: a passive needs "be" or "get";
     * a verb whose only auxiliaries are "have" and modals is active */
    if (a->passive && hd_clause_child(s, p, R_AUX_PASS) < 0) {
        int have = 0, be = 0;
        for (size_t i = 0; i < s->ntok; i++)
            if (s->tok[i].head == (int16_t)p && s->tok[i].rel == R_AUX) {
                have |= (s->tok[i].cls & WC_HAVE) != 0;
                be |= (s->tok[i].cls & (WC_BE | WC_GET)) != 0;
            }
        if (have && !be)
            a->passive = 0;
    }
    /* "The government has refused": a subject the parser hung on the auxiliary is the verb's */
    for (size_t i = 0; i < s->ntok && a->subj < 0; i++) {
        if (s->tok[i].head != (int16_t)p || (s->tok[i].rel != R_AUX && s->tok[i].rel != R_AUX_PASS))
            continue;
        for (size_t k = 0; k < s->ntok; k++)
            if (s->tok[k].head == (int16_t)i && (s->tok[k].rel == R_NSUBJ || s->tok[k].rel == R_NSUBJ_PASS)) {
                a->subj = (int)k;
                if (s->tok[k].rel == R_NSUBJ_PASS)
                    a->passive = 1;
                break;
            }
    }
}

void hd_clause_own_args(const hd_sent *s, size_t p, hd_clause_args *a)
{
    memset(a, 0xff, sizeof *a); /* every index -1 */
    a->passive = 0;
    a->nobl = 0;
    for (size_t i = 0; i < s->ntok; i++) {
        if (s->tok[i].head != (int16_t)p)
            continue;
        switch (s->tok[i].rel) {
        case R_NSUBJ: case R_CSUBJ:
            /* of two subjects (a parse error), not a time word ("Tuesday the Serbian parliament
             * approved") and one that names an actor ("Hours before the announcement, Taliban
             * militants stormed") */
            if (a->subj < 0 || s->tok[a->subj].rel == R_EXPL || (s->tok[a->subj].cls & WC_DATE) ||
                (hd_actor_covering(s, (size_t)a->subj) < 0 && hd_actor_covering(s, i) >= 0))
                a->subj = (int)i;
            break;
        case R_EXPL: /* "it is willing to withdraw" read as "it is clear that": a pronoun all the same */
            if (a->subj < 0)
                a->subj = (int)i;
            break;
        case R_NSUBJ_PASS:
            /* "British Defence Secretary Tom King has promised" read with two subjects, one of
             * them passive: an active verb (no passive auxiliary) keeps its active subject */
            if (a->subj >= 0 && s->tok[a->subj].rel == R_NSUBJ && hd_clause_child(s, p, R_AUX_PASS) < 0)
                break;
            if (hd_clause_child(s, p, R_NSUBJ) > (int)i && hd_clause_child(s, p, R_AUX_PASS) < 0)
                break;
            a->subj = (int)i;
            a->passive = 1;
            break;
        case R_AUX_PASS:
            a->passive = 1;
            break;
        case R_OBJ:
            if (a->obj < 0)
                a->obj = (int)i;
            break;
        case R_IOBJ:
            a->iobj = (int)i;
            break;
        case R_OBL_AGENT:
            a->agent = (int)i;
            break;
        case R_OBL:
            if (a->nobl < HD_CLAUSE_MAX_OBL) {
                a->obl[a->nobl] = (int)i;
                a->obl_case[a->nobl++] = hd_clause_case(s, i);
            }
            break;
        default:
            break;
        }
    }
    read_past_slips(s, p, a);
    /* "Three soldiers killed in ambush" (a headline), "soldiers killed in the ambush were
     * buried": a past participle with no auxiliary and no object says what its subject
     * underwent; so does a verb that never goes without an object, in a form that can be a
     * participle, at the head of a document's title ("Chinese engineers kidnapped in
     * Pakistan"). Not when a later conjunct holds the object they share ("arrested and
     * charged two men"). */
    int bare_past = s->headline && s->tok[p].tag >= T_VB && s->tok[p].tag <= T_VBZ && (s->tok[p].tags & TAGBIT(T_VBN)) &&
                    s->tok[p].rel == R_ROOT &&
                    hd_clause_child(s, p, R_COMPOUND_PRT) < 0 && (hd_tok_lemma_lists(s, p) & WL_OBJECT_VERB);
    if (!a->passive && (s->tok[p].tag == T_VBN || bare_past) && a->subj >= 0 && a->obj < 0 &&
        s->tok[a->subj].rel == R_NSUBJ) {
        int aux = 0;
        for (size_t i = 0; i < s->ntok && !aux; i++) {
            int h = s->tok[i].head, r = s->tok[i].rel;
            aux = (h == (int16_t)p && (r == R_AUX || r == R_AUX_PASS || r == R_CCOMP || r == R_XCOMP || r == R_IOBJ)) ||
                  (h >= 0 && r == R_OBJ && s->tok[h].rel == R_CONJ && s->tok[h].head == (int16_t)p);
        }
        if (!aux)
            a->passive = 1;
    }
    if (a->passive && a->agent < 0)
        for (int k = 0; k < a->nobl; k++)
            if (a->obl_case[k] >= 0 && hd_tok_is(s, (size_t)a->obl_case[k], "by")) {
                a->agent = a->obl[k];
                break;
            }
    /* "Aid was sent to Turkey by Azerbaijan" with the "by" phrase hung on "Turkey": a
     * passive's "by" phrase after an oblique is the passive's agent */
    for (int k = 0; a->passive && a->agent < 0 && k < a->nobl; k++)
        for (size_t i = (size_t)a->obl[k] + 1; i < s->ntok; i++) {
            int c = hd_clause_case(s, i);
            if (s->tok[i].head == (int16_t)a->obl[k] && s->tok[i].rel == R_NMOD && c >= 0 && hd_tok_is(s, (size_t)c, "by")) {
                a->agent = (int)i;
                break;
            }
        }
    /* "the group that attacked", "the town which troops shelled": the antecedent */
    if (s->tok[p].rel == R_ACL_RELCL && s->tok[p].head >= 0) {
        size_t antecedent = (size_t)s->tok[p].head;
        if (a->subj >= 0 && is_relative_pronoun(s, (size_t)a->subj))
            a->subj = (int)antecedent;
        else if (a->obj >= 0 && is_relative_pronoun(s, (size_t)a->obj))
            a->obj = (int)antecedent;
    }
}

/* "Rebel commanders -- the last faction still fighting -- opened talks": a verb right after
 * an aside between dashes or brackets has the noun before the aside as subject, whatever the
 * parser hung it on. The noun's index, -1. */
static int subject_before_aside(const hd_sent *s, size_t p)
{
    if (p < 3 || s->tok[p - 1].tag != T_PUNCT)
        return -1;
    const char *close = s->text + s->tok[p - 1].start;
    size_t len = s->tok[p - 1].end - s->tok[p - 1].start;
    int dash = len == 2 && close[0] == '-' && close[1] == '-';
    if (!dash && !(len == 1 && close[0] == ')'))
        return -1;
    for (size_t k = p - 2; k-- > 1;) {
        const char *o = s->text + s->tok[k].start;
        size_t ol = s->tok[k].end - s->tok[k].start;
        if ((dash && ol == 2 && o[0] == '-' && o[1] == '-') || (!dash && ol == 1 && o[0] == '(')) {
            int t = s->tok[k - 1].tag;
            return t == T_NN || t == T_NNS || t == T_NNP || t == T_NNPS ? (int)k - 1 : -1;
        }
    }
    return -1;
}

void hd_clause_find_args(const hd_sent *s, size_t p, hd_clause_args *a)
{
    hd_clause_own_args(s, p, a);
    /* "The United Kingdom and France have opposed resolutions" misread with "opposed" as an
     * adjective of "resolutions" and "have" as that noun's auxiliary: the participle after the
     * auxiliary is the verb, the noun's subject its subject and the noun its object */
    int h = s->tok[p].head;
    if (s->tok[p].rel == R_AMOD && s->tok[p].tag == T_VBN && h > (int)p && p > 0 && s->tok[p - 1].head == h &&
        s->tok[p - 1].rel == R_AUX && (s->tok[p - 1].cls & WC_HAVE)) {
        int subj = hd_clause_child(s, (size_t)h, R_NSUBJ);
        if (subj >= 0 && subj < (int)p) {
            a->subj = subj;
            a->obj = h;
            a->passive = 0;
            return;
        }
    }
    if (a->subj < 0 || (size_t)a->subj + 1 < p) {
        int before = subject_before_aside(s, p);
        if (before >= 0 && (a->subj < 0 || (size_t)a->subj > (size_t)before)) {
            a->subj = before;
            return;
        }
    }
    /* "A police officer accused of torture was arrested" misread with the participle as the
     * subject and the noun as its subject: the noun is the subject, the participle describes it */
    if (a->subj >= 0 && (s->tok[a->subj].tag == T_VBN || s->tok[a->subj].tag == T_VBD)) {
        int inner = hd_clause_child(s, (size_t)a->subj, R_NSUBJ);
        if (inner >= 0 && inner < a->subj)
            a->subj = inner;
    }
    /* "the army is guilty of violating the ceasefire": the one guilty did it */
    if (a->subj < 0 && s->tok[p].head >= 0 && (lemma_class(s, (size_t)s->tok[p].head) & WC_CULPABLE) &&
        (s->tok[p].rel == R_ADVCL || s->tok[p].rel == R_ACL))
        a->subj = hd_clause_child(s, (size_t)s->tok[p].head, R_NSUBJ);
    /* "Obama on Sunday held talks" misread: "on Sunday" taken for a clause with a subject */
    if (a->subj >= 0 && (s->tok[a->subj].cls & WC_DATE) && hd_clause_misread_verb(s, p))
        a->subj = -1;
    if (a->subj < 0)
        inherit(s, p, a);
    /* "Investigators ..., who have worked on the case for years, questioned officers" read
     * with "questioned" joined to the relative clause: a relative pronoun as subject stands for
     * the noun its clause hangs on */
    if (a->subj >= 0 && is_relative_pronoun(s, (size_t)a->subj) && s->tok[a->subj].tag != T_IN) {
        int clause = s->tok[a->subj].head;
        int noun = clause >= 0 ? s->tok[clause].head : -1;
        int t = noun >= 0 ? s->tok[noun].tag : -1;
        if (noun >= 0 && (t == T_NN || t == T_NNS || t == T_NNP || t == T_NNPS) &&
            (s->tok[clause].rel == R_ACL_RELCL || s->tok[clause].rel == R_PARATAXIS || s->tok[clause].rel == R_APPOS ||
             s->tok[clause].rel == R_ACL))
            a->subj = noun;
    }
}

/* Whether word i opens clause q with q's verb in the present tense. */
static int opens_present_clause(const hd_sent *s, size_t i, size_t q)
{
    return i < q && (s->tok[q].tag == T_VBP || s->tok[q].tag == T_VBZ);
}

/* Whether word i opens clause q as "when" or "whenever" with q's verb in the present tense. */
static int present_time_clause(const hd_sent *s, size_t i, size_t q)
{
    return opens_present_clause(s, i, q) && (hd_tok_is(s, i, "when") || hd_tok_is(s, i, "whenever"));
}

/* What a clause's own words say: its auxiliaries, negation and subordinator. */
static unsigned own_modality(const hd_sent *s, size_t q, int reported)
{
    unsigned m = 0;
    for (size_t i = 0; i < s->ntok; i++) {
        /* "At no point did jets strike": the parser may hang a phrase on the auxiliary */
        int h = s->tok[i].head;
        if (h != (int16_t)q && !(h >= 0 && s->tok[h].head == (int16_t)q && (s->tok[h].rel == R_AUX || s->tok[h].rel == R_AUX_PASS) &&
                                 s->tok[i].rel != R_NSUBJ && s->tok[i].rel != R_NSUBJ_PASS))
            continue;
        uint64_t cls = s->tok[i].cls;
        switch (s->tok[i].rel) {
        case R_AUX:
            /* "Should Pyongyang carry out a test, ...", "Were Russia to use ...", "Had they
             * known ...": an auxiliary before its subject, opening the sentence, is a condition */
            if (i == 0 && (hd_tok_is(s, i, "should") || hd_tok_is(s, i, "were") || hd_tok_is(s, i, "had")) &&
                s->tok[s->ntok - 1].tag == T_PUNCT && s->text[s->tok[s->ntok - 1].start] != '?') {
                m |= HD_MOD_CONDITIONAL;
                break;
            }
            if (hd_tok_is(s, i, "would") || hd_tok_is(s, i, "'d"))
                m |= reported ? HD_MOD_FUTURE : HD_MOD_HYPOTHETICAL;
            else if (cls & WC_FUTURE)
                m |= HD_MOD_FUTURE;
            else if (cls & WC_HYPO)
                m |= HD_MOD_HYPOTHETICAL;
            if (cls & WC_NEG) /* "cannot" */
                m |= HD_MOD_NEGATED;
            break;
        case R_ADVMOD:
            if ((cls & WC_NEG) && !hd_tok_is(s, i, "no"))
                m |= HD_MOD_NEGATED;
            /* "when they arrive" read with "when" as an adverb: as for the subordinator below */
            if (s->tok[q].rel == R_ADVCL && present_time_clause(s, i, q))
                m |= HD_MOD_HYPOTHETICAL;
            if (cls & WC_HABITUAL)
                m |= HD_MOD_HABITUAL;
            break;
        case R_MARK:
            if (hd_tok_is(s, i, "whether"))
                m |= HD_MOD_WHETHER;
            else if (lemma_class(s, i) & WC_CONDITION)
                m |= HD_MOD_CONDITIONAL;
            /* "refugees may request asylum when they arrive", "when the two leaders meet in
             * Argentina": a clause of time in the present tells what happens whenever, or what
             * will, never what did */
            else if (present_time_clause(s, i, q) ||
                     (opens_present_clause(s, i, q) && (hd_tok_is(s, i, "once") || hd_tok_is(s, i, "until") ||
                                                        hd_tok_is(s, i, "before") || hd_tok_is(s, i, "after"))))
                m |= HD_MOD_HYPOTHETICAL;
            break;
        case R_NSUBJ: case R_NSUBJ_PASS: case R_OBJ: case R_OBL:
            /* "no troops crossed", "made no arrests", "at no point did", "neither India nor
             * Pakistan fired" */
            for (size_t d = 0; d < s->ntok; d++)
                if (s->tok[d].head == (int16_t)i &&
                    ((s->tok[d].rel == R_DET && hd_tok_is(s, d, "no")) ||
                     (s->tok[i].rel != R_OBL && (hd_tok_is(s, d, "neither") || hd_tok_is(s, d, "nor")))))
                    m |= HD_MOD_NEGATED;
            /* "Not a single soldier entered", "not one shot was fired": "not" before the
             * subject, on its noun or on the number or adjective that counts it */
            if (s->tok[i].rel == R_NSUBJ || s->tok[i].rel == R_NSUBJ_PASS)
                for (size_t d = 0; d < i; d++) {
                    int dh = s->tok[d].head;
                    if (hd_tok_is(s, d, "not") &&
                        (dh == (int16_t)i || (dh >= 0 && dh < (int)i && s->tok[dh].head == (int16_t)i)))
                        m |= HD_MOD_NEGATED;
                }
            break;
        case R_COP:
            /* "Macron is to travel", "ministers are to meet": be with an infinitive is a plan */
            if ((s->tok[i].cls & WC_BE) && i + 1 < s->ntok && s->tok[i + 1].tag == T_TO && i + 1 < q)
                m |= HD_MOD_FUTURE;
            break;
        default:
            break;
        }
    }
    return m;
}

/* What the word governing a complement says about it ("refused to arm", "plans to attack"). */
static unsigned governor_modality(const hd_sent *s, size_t h)
{
    uint64_t cls = lemma_class(s, h);
    unsigned m = 0;
    if (cls & WC_REFUSE)
        m |= HD_MOD_REFUSED;
    if (cls & WC_FAIL)
        m |= HD_MOD_FAILED;
    if (cls & (WC_INTENT | WC_ABILITY))
        m |= HD_MOD_INTENT;
    if (cls & WC_REQUEST)
        m |= HD_MOD_REQUESTED;
    if (cls & WC_EXPECT)
        m |= HD_MOD_FUTURE;
    return m;
}

static int is_mark(const hd_sent *s, size_t i, const char *mark)
{
    size_t n = strlen(mark);
    return s->tok[i].end - s->tok[i].start == n && memcmp(s->text + s->tok[i].start, mark, n) == 0;
}

/* Whether a word stands in an aside between dashes or brackets: it describes, it is not the
 * news ("Rebel commanders -- the last faction still fighting -- opened talks"). */
static int in_aside(const hd_sent *s, size_t p)
{
    int dashes_before = 0, dash_after = 0, open = 0;
    for (size_t i = 0; i < s->ntok; i++) {
        if (is_mark(s, i, "--"))
            *(i < p ? &dashes_before : &dash_after) += 1;
        else if (i < p && is_mark(s, i, "("))
            open++;
        else if (i < p && is_mark(s, i, ")") && open > 0)
            open--;
    }
    return open > 0 || (dashes_before % 2 == 1 && dash_after > 0);
}

/* "accused Syrian forces of shelling a convoy", "blamed the army for killing": clause q, opened
 * by "of" or "for" under the accused (h) or under the verb of accusing itself, is what the
 * accusation says happened. */
static int alleged_by(const hd_sent *s, size_t q, size_t h)
{
    int mark = hd_clause_case(s, q);
    if (mark < 0 || !(hd_tok_is(s, (size_t)mark, "of") || hd_tok_is(s, (size_t)mark, "for")))
        return 0;
    if (lemma_class(s, h) & WC_ALLEGE)
        return 1;
    /* the accused hangs on the verb of accusing, or on whatever the parser took it for: the
     * verb nearest before the clause says */
    for (size_t k = (size_t)mark; k-- > 0;)
        if (s->tok[k].tag >= T_VB && s->tok[k].tag <= T_VBZ)
            return (lemma_class(s, k) & WC_ALLEGE) != 0;
    return 0;
}

static int has_marker(const hd_sent *s, size_t head, const char *word)
{
    for (size_t i = 0; i < s->ntok; i++)
        if (s->tok[i].head == (int16_t)head && (s->tok[i].rel == R_MARK || s->tok[i].rel == R_CASE) &&
            hd_tok_is(s, i, word))
            return 1;
    return 0;
}

/* "Liberate Hong Kong", "Stop the bombing!": a sentence that opens with a bare verb and has no
 * subject is a command or a slogan, not a report of the act. */
static int imperative(const hd_sent *s, size_t q)
{
    if (s->tok[q].tag != T_VB)
        return 0;
    for (size_t i = 0; i < q; i++)
        if (s->tok[i].tag != T_PUNCT)
            return 0;
    for (size_t i = 0; i < s->ntok; i++) {
        int r = s->tok[i].rel;
        if (s->tok[i].head == (int16_t)q && (r == R_NSUBJ || r == R_NSUBJ_PASS || r == R_EXPL || r == R_AUX ||
                                             r == R_AUX_PASS || r == R_MARK))
            return 0;
    }
    return 1;
}

/* What makes an act unreal from further up than its own clause chain reaches: a condition
 * holds everything said inside it, a noun's relative clause too ("if the coalition conducts
 * a campaign that hits ISIS"); a comparison or likeness names an act to picture, not one that
 * happened ("the bill is like bombing Syria", "no more than a sniper shooting down on a
 * crowd", "negotiate rather than storm the building"). */
static unsigned unreal_scope(const hd_sent *s, size_t p)
{
    if (has_marker(s, p, "like") || has_marker(s, p, "than"))
        return HD_MOD_HYPOTHETICAL;
    int h = s->tok[p].head;
    if (s->tok[p].rel == R_ACL && h >= 0 && (s->tok[h].tag == T_NN || s->tok[h].tag == T_NNS) &&
        (has_marker(s, (size_t)h, "like") || has_marker(s, (size_t)h, "than")))
        return HD_MOD_HYPOTHETICAL;
    for (size_t a = p, depth = 0; s->tok[a].head >= 0 && depth < s->ntok; a = (size_t)s->tok[a].head, depth++) {
        if (a == p || s->tok[a].rel != R_ADVCL)
            continue;
        for (size_t i = 0; i < s->ntok; i++)
            if (s->tok[i].head == (int16_t)a && s->tok[i].rel == R_MARK && (lemma_class(s, i) & WC_CONDITION) &&
                !hd_tok_is(s, i, "whether"))
                return HD_MOD_CONDITIONAL;
    }
    return 0;
}

unsigned hd_clause_modality(const hd_sent *s, size_t p, int (*is_say)(const hd_sent *, size_t))
{
    unsigned m = in_aside(s, p) ? HD_MOD_DESCRIBES : 0;
    size_t q = p;
    for (int depth = 0; depth < 8; depth++) {
        int h = s->tok[q].head, rel = s->tok[q].rel;
        int reported = h >= 0 && rel == R_CCOMP && is_say && is_say(s, (size_t)h);
        unsigned own = own_modality(s, q, reported);
        /* a negated or modal verb above a complement governs it; above a conjunct, only its
         * auxiliaries are shared ("will attack and destroy") */
        m |= own;
        if (h < 0) {
            if (imperative(s, q))
                m |= HD_MOD_REQUESTED;
            break;
        }
        /* "rumours that he was poisoned", "fears that the army will attack": what a word of
         * hearsay or possibility holds is not known to have happened (also where the parse
         * took the noun for a verb) */
        if ((rel == R_ACL || rel == R_ADVCL || rel == R_CCOMP) && (hd_tok_lemma_lists(s, (size_t)h) & WL_HEARSAY_NOUN) &&
            hd_clause_case(s, q) >= 0 && hd_tok_is(s, (size_t)hd_clause_case(s, q), "that")) {
            m |= HD_MOD_HYPOTHETICAL;
            break;
        }
        switch (rel) {
        case R_XCOMP:
            m |= governor_modality(s, (size_t)h);
            /* "led efforts to quell the growth", "made an attempt to seize": an infinitive the
             * parse hung on the verb belongs to its noun of intent */
            if (hd_clause_case(s, q) >= 0 && s->tok[hd_clause_case(s, q)].tag == T_TO) {
                int o = hd_clause_child(s, (size_t)h, R_OBJ);
                if (o >= 0 && o < (int)q && (s->tok[o].tag == T_NN || s->tok[o].tag == T_NNS) && (lemma_class(s, (size_t)o) & WC_INTENT))
                    m |= HD_MOD_INTENT;
            }
            q = (size_t)h;
            continue;
        case R_CONJ:
            /* "Rebel commanders -- the last faction still fighting -- opened talks": a verb
             * that takes its subject from before an aside is no conjunct of the aside's verb */
            if (in_aside(s, (size_t)h) && !in_aside(s, q) && subject_before_aside(s, q) >= 0)
                break;
            q = (size_t)h;
            continue;
        case R_ACL: /* "plans to attack", "his refusal to arm", "the troops deployed there" */
            if (alleged_by(s, q, (size_t)h)) {
                m |= HD_MOD_ALLEGED;
                break;
            }
            if (hd_clause_misread_verb(s, q) || (s->tok[q].tag == T_VBD && misread_past_subject(s, (size_t)h) >= 0))
                break;
            if (hd_clause_headline_infinitive(s, q)) {
                m |= HD_MOD_INTENT;
                break;
            }
            if (hd_clause_case(s, q) >= 0 && hd_tok_is(s, (size_t)hd_clause_case(s, q), "to")) {
                unsigned g = governor_modality(s, (size_t)h);
                m |= g ? g : HD_MOD_INTENT; /* "a chance to strike", "the right to protest" */
            } else if ((s->tok[q].tag == T_VBG || s->tok[q].tag == T_VBN) && s->tok[h].head >= 0 &&
                       (s->tok[h].rel == R_OBJ || s->tok[h].rel == R_NSUBJ_PASS) &&
                       s->tok[s->tok[h].head].tag >= T_VB && s->tok[s->tok[h].head].tag <= T_VBZ) {
                /* "his plan to launch an attack targeting Kurdish forces": a participle on an
                 * act's noun is as real as that act */
                m |= hd_clause_modality(s, (size_t)s->tok[h].head, is_say) &
                     (HD_MOD_INTENT | HD_MOD_FUTURE | HD_MOD_HYPOTHETICAL | HD_MOD_CONDITIONAL | HD_MOD_REQUESTED);
            }
            m |= HD_MOD_DESCRIBES;
            break;
        case R_ACL_RELCL: case R_AMOD:
            m |= HD_MOD_DESCRIBES;
            break;
        case R_ADVCL: {
            int mark = hd_clause_case(s, q);
            if (alleged_by(s, q, (size_t)h)) {
                m |= HD_MOD_ALLEGED;
                break;
            }
            /* "sent troops to attack the town": a purpose, not a deed */
            if (mark >= 0 && (hd_tok_is(s, (size_t)mark, "to") || hd_tok_is(s, (size_t)mark, "so")))
                m |= HD_MOD_INTENT;
            /* "banning citizens from traveling to the U.S.", "stopped them from crossing": what
             * one is kept from doing is not done */
            if (mark >= 0 && hd_tok_is(s, (size_t)mark, "from") && (lemma_class(s, (size_t)h) & WC_FAIL))
                m |= HD_MOD_FAILED;
            /* "called for eliminating the party", "pushed for striking Iran": what is asked for */
            if (mark >= 0 && hd_tok_is(s, (size_t)mark, "for") && (lemma_class(s, (size_t)h) & WC_REQUEST))
                m |= HD_MOD_REQUESTED;
            /* "a missile capable of striking the U.S.": what one is able to do is not done */
            if (mark >= 0 && hd_tok_is(s, (size_t)mark, "of") && s->tok[h].tag == T_JJ && (lemma_class(s, (size_t)h) & WC_ABILITY))
                m |= HD_MOD_INTENT;
            /* "will not retaliate by violating the treaty", "might mark the day by conducting a
             * test": a participle that shares the clause's subject is as real as the clause; a
             * denial reaches it only as the means ("by"): "did not stop after killing five" */
            if ((s->tok[q].tag == T_VBG || s->tok[q].tag == T_VBN) && shares_subject(s, mark)) {
                unsigned up = hd_clause_modality(s, adjunct_governor(s, q), is_say);
                if (!(mark >= 0 && hd_tok_is(s, (size_t)mark, "by")))
                    up &= ~(unsigned)(HD_MOD_NEGATED | HD_MOD_REFUSED | HD_MOD_FAILED);
                m |= up;
            }
            break;
        }
        case R_CCOMP:
            if (reported)
                break;
            /* "hoped that talks would resume", "denied that its jets struck"; "will use whatever
             * power it holds to engage": what a future or hypothetical clause takes as its
             * content is no fact either */
            m |= governor_modality(s, (size_t)h);
            m |= own_modality(s, (size_t)h, 0) & (HD_MOD_NEGATED | HD_MOD_FUTURE | HD_MOD_HYPOTHETICAL);
            break;
        default:
            break;
        }
        break;
    }
    m |= unreal_scope(s, p);
    /* a question asks about its acts; the one who asks states none of them */
    if (s->ntok > 0 && s->tok[s->ntok - 1].tag == T_PUNCT && s->text[s->tok[s->ntok - 1].start] == '?')
        m |= HD_MOD_QUESTION;
    return m;
}

/* The country of the named place at node `t` ("Serbia", "southern Serbia"), NULL when the
 * node is no proper name of a country or place: "Americans of Japanese descent" name no home. */
static const char *home_country(const hd_sent *s, int t)
{
    if (t < 0 || s->tok[t].tag != T_NNP)
        return NULL;
    int k = hd_actor_covering(s, (size_t)t);
    return k >= 0 && s->actors[k].country[0] && !s->actors[k].role[0] ? s->actors[k].country : NULL;
}

/* The home named for the people at node h: its "of" phrase, or with "ethnic" its "in"
 * phrase or, for a subject, the verb's ("ethnic Albanians demonstrated in Serbia"). */
static const char *residents_home(const hd_sent *s, size_t h, int ethnic)
{
    for (size_t i = 0; i < s->ntok; i++) {
        if (s->tok[i].head != (int16_t)h || s->tok[i].rel != R_NMOD || hd_clause_case(s, i) < 0)
            continue;
        size_t cw = (size_t)hd_clause_case(s, i);
        if ((hd_tok_is(s, cw, "of") || (ethnic && hd_tok_is(s, cw, "in"))) && home_country(s, (int)i))
            return home_country(s, (int)i);
    }
    if (!ethnic || s->tok[h].rel != R_NSUBJ || s->tok[h].head < 0)
        return NULL;
    for (size_t i = 0; i < s->ntok; i++)
        if (s->tok[i].head == s->tok[h].head && s->tok[i].rel == R_OBL && hd_clause_case(s, i) >= 0 &&
            hd_tok_is(s, (size_t)hd_clause_case(s, i), "in") && home_country(s, (int)i))
            return home_country(s, (int)i);
    return NULL;
}

void hd_clause_residents(hd_sent *s)
{
    for (size_t k = 0; k < s->nactor; k++) {
        hd_actor_info *a = &s->actors[k];
        if (a->from_pronoun || a->outlet || !a->country[0] || a->role[0] || strlen(a->code) != 3)
            continue;
        /* the phrase's head is a plural people noun that is itself the demonym ("Albanians") */
        size_t h = a->last;
        if ((s->tok[h].tag != T_NNS && s->tok[h].tag != T_NNPS) || !hd_tok_entry(s, h, E_ACTOR))
            continue;
        int ethnic = 0;
        for (size_t i = a->first; i <= a->last; i++)
            if (s->tok[i].cls & WC_ETHNIC)
                ethnic = 1;
        const char *home = residents_home(s, h, ethnic);
        if (home && strcmp(home, a->country) != 0) {
            snprintf(a->code, sizeof a->code, "%s", home);
            memcpy(a->country, home, sizeof a->country);
        }
    }
}
