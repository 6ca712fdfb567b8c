/* hd_coder_int.h: the coder's state, shared by the modules that code a document: discourse
 * (hd_discourse.c: attribution, names, pronouns) and events (hd_event.c) here, places
 * (places/hd_geo.c), and the driver, entities and explanation tool of document/. It lives
 * with the lowest of them, coding/; what the later stages export is declared in their own
 * headers (places/hd_geo.h, document/hd_entities.h). Not part of the public API. */
#ifndef HD_CODER_INT_H
#define HD_CODER_INT_H

#include "base/hd_buf.h"
#include "base/hd_grow.h"
#include "text/hd_date.h"
#include "coding/hd_sent.h"
#include "coding/hd_taxonomy.h"

#define MAX_ATTR 6
#define HISTORY 24

#define HD_OPENING_TOKENS 32 /* of a sentence, compared with the next ones' (repeated_opening) */
#define HD_OPENINGS 8        /* the sentences remembered: a gallery's caption runs to several */

typedef struct staged_attr {
    const char *kind;
    uint32_t name; /* offset in the arena */
} staged_attr;

typedef struct staged {
    unsigned sentence;
    uint32_t s_start, s_end;
    const char *base; /* text the offsets refer to */
    hd_actor src, tgt;
    uint32_t src_start, src_end, tgt_start, tgt_end;
    int has_src, has_tgt;
    int src_assumed, tgt_assumed; /* the actor's country is assumed from its sentence, or it is a
                                     pronoun's antecedent */
    char code[5];
    int negated, hedged, mood, background;
    long fatalities; /* the dead its sentence counts, for a violent act; -1 unknown */
    char date[11];
    const char *date_prec;
    staged_attr attr[MAX_ATTR];
    int nattr;
    const char *rule;
    uint32_t trig_start, trig_end;
    uint32_t trig_clause; /* where the first verb of the trigger's coordination starts
                             (hd_clause_shared_verb), UINT32_MAX when none */
    char topic[96]; /* hd_event.topic */
    hd_taxon taxon;
} staged;

/* A person the document introduced with a title or an appositive ("Syria's ambassador to
 * Russia, Riad Haddad"): later mentions of the name alone ("Haddad said") take the same
 * actor code. Keyed by a hash of the last word of the name (names are often unknown words). */
typedef struct known_name {
    uint32_t word;
    hd_actor_info a;
} known_name;
#define MAX_NAMES 32

typedef struct remembered {
    hd_actor_info a;
    unsigned sentence;
} remembered;

/* A place the document names, resolved to a gazetteer entry. */
typedef struct geo_mention {
    unsigned sentence;
    const char *base; /* the text the offsets refer to (body or title) */
    uint32_t start, end;
    uint32_t place;   /* gazetteer index */
    uint32_t key_hash; /* of the folded name, so that a later bare mention finds it */
    int qualified;    /* its state or country was said with it ("Paris, Missouri") */
    int locative;     /* after "in", "near", "at", ...: where something happened */
    int firm;         /* locative by a preposition that says where ("in", "at", "near"), not one
                         that often says about what ("sanctions on Iran", "fears over Syria") */
    int modifier;     /* the name qualifies the noun after it: 1 "a U.S. airstrike", 2 "Iran's
                         diplomats"; an origin or an owner, not a place acted on */
    uint32_t verb_before; /* where the last verb before the name starts (0: none), so that a
                             place after another verb than the event's is known as its own */
    uint32_t verb_after;  /* where the first verb after the name starts, auxiliaries aside
                             (UINT32_MAX: none): "agencies in Canada say the group is attacking" */
    uint32_t break_before; /* where the last clause break before the name starts (0: none) ... */
    uint32_t break_after;  /* ... and the first after it (UINT32_MAX: none): "who", "after", ";",
                              ", and", a spaced dash; an act across one is another clause's */
    int opens;            /* its locative phrase opens the sentence ("In Rome,", "Speaking in Ankara,") */
    uint32_t phrase_start; /* where the name's noun phrase starts ("the city of Homs") */
    uint32_t lead_start;   /* where its locative starts ("in the city of Homs"), else phrase_start;
                              phrase_start too after "over" or "from", which lead no place acted on */
    uint32_t noun_head;    /* where the noun its phrase attaches to starts ("intervention" in
                              "discussed intervention in Syria"); UINT32_MAX when it attaches to a
                              verb, an actor or agent, or the sentence is not parsed */
    int origin;            /* after "from": whence, never where ("the papers arrived from Tunisia") */
    int in_participle;     /* inside a participle's clause on a noun ("bombers stationed in Guam") */
    int topic_noun;        /* its noun_head is an object or a topic ("protesting America's
                              involvement in Vietnam", "a protest against the war in Iraq") */
    uint32_t subject_of;   /* where the verb it is the subject of starts ("what the U.S. calls a
                              KN-17"), UINT32_MAX when it is none's: an actor of that verb */
    uint32_t owner_subject_of; /* where the verb starts that the noun its phrase hangs on is the
                                  subject of ("Russia's consulate in Seattle was closed"), and
                                  where that noun starts; UINT32_MAX when none */
    uint32_t owner_noun;
    uint32_t after_topic;  /* where the verb's object starts that its phrase follows at once,
                              when that object names no actor ("discussed conflicts in Yemen":
                              what is discussed, not where); UINT32_MAX when none */
    int after_act;         /* and that object is an act ("protesting the military operation in Gaza") */
    uint32_t clause_verb;  /* where the first verb of the coordination its phrase hangs on
                              starts (hd_clause_shared_verb), UINT32_MAX when none */
    uint32_t act_noun;     /* where the event noun starts whose place it is, when that noun is
                              the topic of another noun ("charges in last year's attack on the
                              consulate in Benghazi", "the investigation of the attack in
                              Benghazi"); UINT32_MAX when none */
} geo_mention;

typedef struct hd_ents hd_ents; /* hd_entities.c */

struct hd_coder {
    const hd_model *m;
    hd_options opt;
    hd_buf norm, title;
    hd_span *spans;
    size_t span_cap;
    uint32_t *starts;
    size_t starts_cap;
    hd_tok *tok;
    size_t tok_cap;
    hd_sent sent;
    char err[300];
    hd_ymd pub;
    remembered hist[HISTORY];
    size_t nhist;
    known_name names[MAX_NAMES];
    size_t nnames;
    staged *ev;
    size_t nev, ev_cap;
    hd_buf arena;
    unsigned event_index;
    long delivered;
    int stop;
    const hd_doc *doc;
    hd_event_sink sink;
    void *user;
    /* per sentence */
    staged_attr sattr[MAX_ATTR];
    int nsattr;
    int shedged;
    int trailing_outlet; /* index in sattr of "..., X reports." at the sentence end, -1 */
    int speaker_actor;   /* actor index of the sentence's speaker, -1 */
    unsigned sentence_no;
    char sdate[11];
    const char *sdate_prec;
    size_t sdate_start, sdate_end; /* the date expression's bytes in the sentence's text, 0 0: none */
    struct {
        char date[11];
        const char *prec;
        size_t start, end; /* bytes in the sentence's text */
    } sdates[4];          /* every dated expression of the sentence, sdates[0] the one above */
    size_t nsdates;
    uint8_t consumed[HD_MAX_SENT_TOKENS];
    staged_attr quote_attr[MAX_ATTR];
    int nquote_attr;
    int quote_open;
    /* hd_explain(): called after each sentence is analysed */
    void (*trace)(void *user, const hd_sent *s, unsigned sentence_no);
    void *trace_user;
    hd_actor_info quote_speaker; /* who speaks in the open quotation, code "" when unknown */
    uint64_t *wclass; /* closed-class and cue bits by word id */
    uint64_t doc_cues; /* WC_CUES of every sentence so far */
    /* the document's tone (hd_coder_doc_measures): its words, and those AFINN-165 rates
     * positive and negative, in the sentences coded; its normalised length in bytes */
    long tone_words, tone_positive, tone_negative;
    size_t doc_chars;
    /* the trained confidence classifier (typing/, NULL when the model has none) and the
     * features it scores, kept here so that no event allocates */
    const void *confidence_model;
    void *confidence_features;
    /* the trained CASE classifier, which also types each event delivered (ACLED, CASE) */
    const void *case_model;
    int describes;       /* the act being staged describes a noun (a relative clause) */
    int alleged;         /* the act being staged is one an accusation says happened (hedged) */
    int generic_subject; /* the verb group being coded has a subject that names no actor */
    int agentless;       /* the verb group being coded is a passive that names no doer */
    int unanchored;      /* it is told in the past perfect: a past before the story's, dated
                            by no publication day */
    uint64_t *seen; /* hashes of the sentences coded so far in the document */
    size_t nseen, seen_cap;
    uint64_t opening[HD_OPENINGS][HD_OPENING_TOKENS]; /* hashes of the last sentences' first tokens */
    size_t nopening[HD_OPENINGS];
    size_t next_opening; /* the slot the next sentence takes */
    /* places (hd_geo.c) */
    const hd_gazetteer *gaz;
    geo_mention *geo;   /* the document's resolved place mentions */
    size_t ngeo, geo_cap;
    struct { char cc[2]; unsigned count, places; } geo_cc[48]; /* countries the document has named
                                                                  (places: by a place in it) */
    size_t ngeo_cc;
    struct { char a3[3], a2[2]; uint32_t place; } geo_a3[300]; /* alpha-3 -> alpha-2 and the country's
                                                                  record, from the gazetteer */
    size_t ngeo_a3;
    uint32_t geo_divisions[16]; /* places whose first-level division is context, not a place:
                                   named inside a hyphenated compound ("the Arizona-Mexico
                                   border"), or by a name only one division has, before the
                                   sentence's places are resolved ("Edmonton, south of Cairns") */
    size_t ngeo_divisions;
    hd_ents *ents;      /* the document's entities, when hd_options.entities asks for them */
    int headline_case;
    uint32_t person_words[32]; /* surnames of people named after a title, for hd_geo.c */
    size_t nperson_words;  /* coding a title that capitalises most of its words */
};

/* hd_discourse.c: run in this order on each analysed sentence */
void hd_track_names(hd_coder *c);
void hd_find_attribution(hd_coder *c);
void hd_resolve_pronouns(hd_coder *c);
void hd_remember_actors(hd_coder *c);
/* hd_event.c */
void hd_code_verb_group(hd_coder *c, size_t vg);
void hd_code_event_nouns(hd_coder *c);
void hd_code_labels(hd_coder *c);
int hd_code_in_roots(const char *code, int lo, int hi);

#endif
