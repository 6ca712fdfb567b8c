/* hd_word_class.h: the word classes the coder asks about on every token (WC_* bits) and their
 * names in dict/word-classes.txt.
 *
 * The classes are the coder's vocabulary (hd_sent.h, hd_clause.c, hd_taxonomy.c read them),
 * but they are declared here, in the model's stage, because the image carries which words
 * belong to them (S_WORD_CLASSES) and the builder must refuse a class name it does not know:
 * the names and the bits have to be defined below both. */
#ifndef HD_WORD_CLASS_H
#define HD_WORD_CLASS_H

#include <stddef.h>
#include <stdint.h>

/* Closed-class words: forms of the auxiliaries, negations, modals, subordinators, pronouns. */
enum {
    WC_BE = 1u << 0, WC_HAVE = 1u << 1, WC_DO = 1u << 2, WC_GET = 1u << 3, WC_NEG = 1u << 4,
    WC_FUTURE = 1u << 5, WC_HYPO = 1u << 6, WC_SUBORD = 1u << 7, WC_THAT = 1u << 8, WC_AND = 1u << 9,
    WC_PRON = 1u << 10, WC_PERSON = 1u << 11, WC_PLURAL = 1u << 12, WC_WE = 1u << 13, WC_GOING = 1u << 14,
    WC_DATE = 1u << 15, /* a word that can start or make a date expression */
    WC_IT = 1u << 16,
    /* lemmas that govern an act without stating it happened (hd_clause.c) */
    WC_INTENT = 1u << 17,  /* "plan", "vow", "threaten", "try": an act meant, not done */
    WC_REQUEST = 1u << 18, /* "urge", "call", "demand": an act asked of someone else */
    WC_EXPECT = 1u << 19,  /* "expect", "likely", "set", "poised": an act foreseen */
    WC_REFUSE = 1u << 20,  /* "refuse", "decline", "deny", "refusal": an act refused or denied */
    WC_FAIL = 1u << 21,    /* "fail", "unable", "avoid", "failure": an act that did not happen */
    WC_CONDITION = 1u << 22, /* "if", "unless", "whether": a clause that states a condition */
    WC_ABILITY = 1u << 23, /* "able", "capable", "ready": an act one could do */
    /* words single rules of hd_event.c look for */
    WC_TERROR = 1u << 24,    /* "terrorist", "extremist": what calling a group so accuses it of */
    WC_LABEL = 1u << 25,     /* "considered", "branded": a passive that labels its subject */
    WC_SITUATION = 1u << 26, /* "war", "crisis": a state of affairs, which an adjective places */
    WC_JOINT = 1u << 27,     /* "joint", "combined": exercises held together, not at each other */
    /* words of the clause reader (hd_clause.c, hd_event.c) */
    WC_CULPABLE = 1u << 28, /* "responsible", "guilty": its subject did what its complement names */
    WC_ALLEGE = 1u << 29,   /* "accuse", "blame": what its object is said to have done is alleged */
    WC_DIE = 1u << 30,      /* "die", "succumb": its subject underwent the violence that caused it */
};
/* "always", "usually", "normally": what a clause says is the norm is no one act */
#define WC_HABITUAL (1ull << 31)
/* Cues for event taxonomies (hd_taxonomy.c): weapons, means and settings named nearby. */
#define WC_AIR (1ull << 32)
#define WC_ARTY (1ull << 33)
#define WC_GRENADE (1ull << 34)
#define WC_SUICIDE (1ull << 35)
#define WC_EXPLOSIVE (1ull << 36)
#define WC_CHEM (1ull << 37)
#define WC_SEXUAL (1ull << 38)
#define WC_PROTEST (1ull << 39)
#define WC_CRIME (1ull << 40)
#define WC_BASE (1ull << 41)
#define WC_WEAPONS (1ull << 42)
#define WC_NATURAL (1ull << 43)
#define WC_ACCIDENT (1ull << 44)
#define WC_MOB (1ull << 45)
#define WC_CLAIM (1ull << 46)
#define WC_CIVILIAN (1ull << 47)
#define WC_PEACE (1ull << 48)
#define WC_LETHAL (1ull << 49) /* deaths, injuries, brutality: what makes force excessive */
#define WC_DEFECT (1ull << 50) /* changing sides: defectors, defections */
/* "ethnic Albanians": a people named as such, not the citizens of its state (hd_clause.c);
 * no taxonomy reads it */
#define WC_ETHNIC (1ull << 51)
/* "wickets", "semifinal", "goalkeeper": a report of sport, where teams "beat" and "crush" each
 * other (hd_event.c) */
#define WC_SPORT (1ull << 52)
/* "officials", "leader": a word for someone of whatever body the words before it name ("police
 * officials" are police, a "militia leader" a militiaman), not of the government (hd_actor.c) */
#define WC_MEMBER (1ull << 53)
/* "by", "after", "while": a participle after one keeps the subject of the clause above
 * ("responded by destroying"); not "without", which denies the act (hd_clause.c) */
#define WC_ADJUNCT (1ull << 54)
/* "ahead of the summit", "on the eve of a visit": an act named after one has not happened yet
 * (hd_event.c) */
#define WC_FORWARD (1ull << 55)
/* "former", "ex", "late": a title after one is no longer held (hd_actor.c) */
#define WC_FORMER (1ull << 56)
/* "fire": in conflict news mostly gunfire, so as a doer no accident ("Israeli fire killed
 * three"), though the taxonomies read it as one (hd_event.c) */
#define WC_GUNFIRE (1ull << 57)
/* "who", "after", "because": a word that opens a clause of its own, so that a place after it is
 * not the place of an act before it, nor the reverse (hd_geo.c) */
#define WC_CLAUSE (1ull << 58)
/* "and", "but" after a comma: a new clause, not a list ("the blast in Kabul, and the government
 * said") (hd_geo.c) */
#define WC_CLAUSE_JOIN (1ull << 59)
#define WC_CUES (~0ull << 32)

/* Word lists: sets of words that one rule consults now and then, looked up by text when asked
 * (hd_model_word_lists) rather than on every token. Bits of a uint32_t. */
enum {
    WL_OFFICE = 1u << 0,           /* singular nouns naming a person by office: "he" can be one */
    WL_WEB_DOMAIN = 1u << 1,       /* endings of web addresses used as names: "Vesti.ru" */
    WL_NUMBER_NOUN = 1u << 2,      /* "dozens", "hundreds": nouns that count like numbers */
    WL_PLACE_SUFFIX = 1u << 3,     /* "Kabul-backed", "Idlib-based": a place with a suffix */
    WL_ORG_HEAD = 1u << 4,         /* "council", "ministry": the last word of an organisation's name */
    WL_ORG_INTRODUCER = 1u << 5,   /* "the newspaper X", "the charity X": X is an organisation */
    WL_FEATURE_LAST = 1u << 6,     /* "river", "strait": the last word of a natural feature's name */
    WL_FEATURE_FIRST = 1u << 7,    /* "mount", "lake": the first word of a natural feature's name */
    WL_NAME_TITLE = 1u << 8,       /* "mr.", "president", "gen.": before a person's name */
    WL_NAME_PARTICLE = 1u << 9,    /* "bin", "van", "al": inside a person's name */
    WL_COUNT_KILLED = 1u << 10,    /* what a number counts: the dead ... */
    WL_COUNT_WOUNDED = 1u << 11,   /* ... the wounded ... */
    WL_COUNT_ARRESTED = 1u << 12,  /* ... the arrested ... */
    WL_COUNT_KIDNAPPED = 1u << 13, /* ... those taken ... */
    WL_COUNT_DISPLACED = 1u << 14, /* ... those who fled ... */
    WL_COUNT_PROTESTERS = 1u << 15, /* ... and protesters */
    WL_NOT_A_COUNT = 1u << 16,     /* after a number, it is no count of people: "percent", "p.m." */
    WL_MONEY = 1u << 17,           /* before a number, it is money: "$", "usd" */
    WL_TARGET_PREPOSITION = 1u << 18, /* "against", "on", "at": an act's phrase that names its target */
    WL_QUANTITY_NOUN = 1u << 19,   /* "a series of strikes", "a wave of arrests": the act is the "of" noun */
    WL_UNDERGOER_VERB = 1u << 20,  /* "received criticism", "came under fire": the subject undergoes it */
    WL_PLACE_PARTICLE = 1u << 21,  /* "al", "ez", "de": lowercase words inside transliterated place names */
    WL_DIVISION = 1u << 22,        /* "province", "oblast": after a name, a first-level division */
    WL_SETTLEMENT = 1u << 23,      /* "city", "village": "the city of X" is a settlement */
    WL_LOCATIVE = 1u << 24,        /* "in", "near", "outside": before a name, where something happens */
    WL_PERSON_TITLE = 1u << 25,    /* "Chairman Steele", "Sen. Warner": a capitalised title makes a person */
    WL_PLAN_VERB = 1u << 26,       /* "plotting attacks", "planned strikes": its object is an act not yet done */
    WL_OBJECT_VERB = 1u << 27,     /* "arrest", "kidnap": never without an object, so "suspects arrested" is a passive */
    WL_HEARSAY_NOUN = 1u << 28,    /* "rumours that", "speculation that": what they hold may not have happened */
    WL_COMPANY_SUFFIX = 1u << 29,  /* "Corp.", "Inc.", "plc": a name ending in one is a business */
    WL_UNDERGONE_NOUN = 1u << 30,  /* "the prosecutor's killing", "his arrest": the possessor underwent it */
};
/* "States", "Nations", "Philippines": a name that ends in one is one body ("it"), not many.
 * A #define: bit 31 is no int, as an enumerator must be. */
#define WL_SINGULAR_NAME (1u << 31)

/* The bit of a class name as dict/word-classes.txt writes it (the WC_ name in lowercase
 * without "WC_": "be", "intent", "civilian"), 0 when there is no such class. */
uint64_t hd_word_class_from_name(const char *name, size_t len);
/* The name of bit `index` (0..63), NULL for a bit no class uses. */
const char *hd_word_class_name(int index);
/* Every bit some class uses: an image's classes must stay within it. */
uint64_t hd_word_class_known(void);
/* The same for word lists: the WL_ bit of a list name ("office", "org-head"), its name, and
 * every bit a list uses. */
uint32_t hd_word_list_from_name(const char *name, size_t len);
const char *hd_word_list_name(int index);
uint32_t hd_word_list_known(void);

#endif
