/* test_roles.c: noun classes from WordNet's data.noun and the role restrictions of
 * dict/roles.txt, in the builder, the image and the lookups on it.
 *
 * A small lexicon and a data.noun in WordNet's format (licence header, names, markers,
 * phrases, numbers) are loaded: each word gets the classes of its senses as herald-dictc gives
 * them (a pronoun none, a name's senses only without a common noun, a plural its singular's, a
 * word with none its lemma's, an actor's name none), and every bad line of either file is
 * reported with file:line while the others still load. The sections go through an image and
 * back, and through the PETRARCH import path; a damaged section is refused; an image built
 * without them still codes and restricts nothing. The built image ($HERALD_MODEL) must never
 * reject people, groups, states, forces, weapons, vehicles and explosions as doers, nor people,
 * groups, places, buildings, vehicles and infrastructure as undergoers. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "herald.h"
#include "model/hd_build.h"
#include "model/hd_dictfile.h"
#include "model/hd_model.h"

#include "dict_fixture.h"
#include "syntax_fixture.h"

/* "prices" is tagged NN as well, as in the real lexicon, so that link_plurals leaves it alone;
 * "two" is only a number (CD); "he" a pronoun. */
static const char *const LEXICON =
    "the\tDT\nhe\tPRP|NNP\nsoldier\tNN\nsoldiers\tNNS\nman\tNN\nmen\tNNS\nchild\tNN\nchildren\tNNS\n"
    "speech\tNN\nprice\tNN|VBP\nprices\tNNS|NN|VBZ\nflag\tNN|VB\nflags\tNNS\njudge\tNN|VB\njudges\tNNS\n"
    "china\tNN|NNP\ncity\tNN\ntown\tNN\ntwo\tCD\nwarrior\tNN\nattack\tNN|VB\nattacked\tVBD|VBN\n"
    "visit\tNN|VB\nvisited\tVBD|VBN\nfreedonian\tJJ\n";

/* Lines 1-3 are the licence; the synsets start at line 4. */
static const char *const DATA_NOUN =
    "  1 This software and database is being provided to you, the LICENSEE, by  \n"
    "  2 Princeton University under the following license.  \n"
    "  3   \n"
    "00001740 03 n 01 entity 0 003 ~ 00001930 n 0000 | that which is perceived  \n"           /* 4 */
    "10622053 18 n 01 soldier 0 001 @ 10287213 n 0000 | an enlisted man  \n"                   /* 5 */
    "10287213 18 n 02 man 0 adult_male 0 000 | an adult person who is male  \n"                /* 6 */
    "09917593 18 n 01 child 0 000 | a young person  \n"                                        /* 7 */
    "07238694 10 n 01 speech 0 000 | the exchange of spoken words  \n"                         /* 8 */
    "05145118 07 n 02 monetary_value 0 price 0 000 | the property of having material worth  \n" /* 9 */
    "10480018 18 n 01 Price 0 000 | United States operatic soprano  \n"                         /* 10 */
    "14658546 27 n 01 He 0 000 | a very light colorless element  \n"                            /* 11 */
    "03354903 06 n 01 flag 0 000 | emblem usually consisting of a piece of cloth  \n"           /* 12 */
    "08953324 15 n 02 China 0 Cathay 0 000 | a communist nation  \n"                           /* 13 */
    "03018712 06 n 02 china 0 chinaware 0 000 | dishware made of high quality porcelain  \n"    /* 14 */
    "06436939 10 n 01 Judges 0 000 | a book of the Old Testament  \n"                          /* 15 */
    "10225219 18 n 01 judge 0 000 | a public official  \n"                                     /* 16 */
    "08524735 15 n 02 city 0 metropolis 0 000 | a large urban area  \n"                         /* 17 */
    "08226335 14 n 01 city 0 000 | people living in a municipality  \n"                        /* 18 */
    "13743269 23 n 02 two 0 2 0 000 | the cardinal number  \n"                                 /* 19 */
    "10787470 18 n 01 warrior(a) 0 000 | someone engaged in war  \n"                          /* 20 */
    "00972621 04 n 0a a 0 b 0 c 0 d 0 e 0 f 0 g 0 h 0 i 0 attack 1 000 | a military offensive  \n"; /* 21 */

static const char *const DICT =
    "cameo 19 -10.0 Fight\n"
    "cameo 190 -10.0 Use conventional military force\n"
    "cameo 04 1.0 Consult\n"
    "cameo 042 1.9 Make a visit\n"
    "actor Freedonia | Freedonian => FRD\n"
    "actor China => CHN\n"
    "agent MIL soldier\n"
    "verb 190 attack\n"
    "verb 042 visit\n";

static const char *const ROLES =
    "# who can attack and visit\n"
    "agent   18-20 person group location artifact act\n"
    "patient 18-20 person group location artifact\n"
    "agent   04 Tops person group location\n"
    "agent   04 noun.animal   # a second line for the same root adds up\n"
    "class person two\n";

/* A builder with the lexicon, the lemmas WordNet's noun.exc gives, the dictionary and, when
 * asked, the noun classes and the roles. */
static hd_builder *builder(int with_classes, int with_roles, warnings *w)
{
    char *lex = write_temp(LEXICON), *dict = write_temp(DICT), *nouns = write_temp(DATA_NOUN),
         *roles = write_temp(ROLES);
    hd_builder *b = hd_builder_new();
    assert_non_null(b);
    assert_int_equal(hd_dictfile_load_lexicon(b, lex, on_warn, w), 0);
    hd_builder_lemma(b, "men", "man");
    hd_builder_lemma(b, "children", "child");
    assert_int_equal(hd_dictfile_load(b, dict, on_warn, w), 0);
    if (with_classes)
        assert_int_equal(hd_dictfile_load_noun_classes(b, nouns, on_warn, w), 0);
    if (with_roles)
        assert_int_equal(hd_dictfile_load_roles(b, roles, on_warn, w), 0);
    drop_temp(lex);
    drop_temp(dict);
    drop_temp(nouns);
    drop_temp(roles);
    return b;
}

static hd_model *small_model(int with_classes, int with_roles)
{
    warnings w = {0};
    hd_builder *b = builder(with_classes, with_roles, &w);
    assert_int_equal(w.n, 0);
    hd_model *m = image_of(b);
    hd_builder_free(b);
    return m;
}

/* small_model with the trained syntax section, for coding; NULL when it is not built. */
static hd_model *coding_model(int with_classes, int with_roles)
{
    warnings w = {0};
    hd_builder *b = builder(with_classes, with_roles, &w);
    assert_int_equal(w.n, 0);
    hd_model *m = add_trained_syntax(b) == 0 ? image_of(b) : NULL;
    hd_builder_free(b);
    return m;
}

static uint32_t word(const hd_model *m, const char *s)
{
    return hd_model_word(m, s, strlen(s), hd_hash_bytes(s, strlen(s)));
}

static uint32_t classes(const hd_model *m, const char *s) { return hd_model_noun_classes(m, word(m, s)); }

/* ---- names ----------------------------------------------------------------------------- */

static void test_class_names(void **state)
{
    (void)state;
    assert_string_equal(hd_noun_class_name(0), "Tops");
    assert_string_equal(hd_noun_class_name(15), "person");
    assert_string_equal(hd_noun_class_name(HD_NC_COUNT - 1), "time");
    assert_null(hd_noun_class_name(HD_NC_COUNT));
    assert_null(hd_noun_class_name(-1));
    assert_int_equal(hd_noun_class_from_name("person", 6), HD_NC_PERSON);
    assert_int_equal(hd_noun_class_from_name("noun.artifact", 13), HD_NC_ARTIFACT);
    assert_int_equal(hd_noun_class_from_name("TOPS", 4), HD_NC_TOPS);
    assert_int_equal(hd_noun_class_from_name("persons", 7), 0);
    assert_int_equal(hd_noun_class_from_name("noun.", 5), 0);
    assert_int_equal(hd_noun_class_from_name("", 0), 0);
    /* the bits are WordNet's lex_filenum - 3, in its order */
    assert_int_equal(HD_NC_ACT, 1 << (4 - HD_NC_FIRST_FILENUM));
    assert_int_equal(HD_NC_PERSON, 1 << (18 - HD_NC_FIRST_FILENUM));
    assert_int_equal(HD_NC_TIME, 1 << (28 - HD_NC_FIRST_FILENUM));
    for (int i = 0; i < HD_NC_COUNT; i++)
        assert_int_equal(hd_noun_class_from_name(hd_noun_class_name(i), strlen(hd_noun_class_name(i))), 1u << i);
}

/* ---- the loader and the builder -------------------------------------------------------- */

static void test_classes_of_words(void **state)
{
    (void)state;
    hd_model *m = small_model(1, 1);
    assert_int_equal(m->n_noun_classes, m->n_words);
    assert_int_equal(classes(m, "soldier"), HD_NC_PERSON);
    assert_int_equal(classes(m, "man"), HD_NC_PERSON);
    assert_int_equal(classes(m, "speech"), HD_NC_COMMUNICATION);
    assert_int_equal(classes(m, "flag"), HD_NC_ARTIFACT);
    assert_int_equal(classes(m, "city"), HD_NC_LOCATION | HD_NC_GROUP);
    assert_int_equal(classes(m, "warrior"), HD_NC_PERSON); /* "warrior(a)": the marker goes */
    assert_int_equal(classes(m, "attack"), HD_NC_ACT);     /* the tenth word of w_cnt "0a" */
    /* a name's senses count only when WordNet has no common noun of that spelling */
    assert_int_equal(classes(m, "price"), HD_NC_ATTRIBUTE);
    /* a pronoun is no noun, whatever WordNet says of "He" (helium) */
    assert_int_equal(classes(m, "he"), 0);
    /* a number: WordNet's quantity does not count for a CD; roles.txt makes "two" people */
    assert_int_equal(classes(m, "two"), HD_NC_PERSON);
    assert_int_equal(word(m, "2"), HD_NONE);
    /* an actor's name keeps none of the common word's senses (porcelain, Cathay) */
    assert_int_equal(classes(m, "china"), 0);
    /* no word is added: WordNet's words that the lexicon lacks stay out */
    assert_int_equal(word(m, "entity"), HD_NONE);
    assert_int_equal(word(m, "metropolis"), HD_NONE);
    assert_int_equal(word(m, "chinaware"), HD_NONE);
    assert_int_equal(word(m, "adult_male"), HD_NONE);
    assert_int_equal(classes(m, "the"), 0);
    assert_int_equal(hd_model_noun_classes(m, HD_NONE), 0);
    assert_int_equal(hd_model_noun_classes(m, (uint32_t)m->n_words), 0);
    hd_model_free(m);
}

static void test_plurals(void **state)
{
    (void)state;
    hd_model *m = small_model(1, 0);
    /* a regular plural: its own record, from the singular */
    assert_int_equal(m->noun_classes[word(m, "soldiers")], HD_NC_PERSON);
    assert_int_equal(classes(m, "flags"), HD_NC_ARTIFACT);
    /* one the lexicon does not link to its singular ("prices" is NN too), and not the name */
    assert_int_equal(m->words[word(m, "prices")].lemma, word(m, "prices"));
    assert_int_equal(classes(m, "prices"), HD_NC_ATTRIBUTE);
    /* a plural that is also a word of its own adds both: a book of the Bible, and judges */
    assert_int_equal(classes(m, "judges"), HD_NC_COMMUNICATION | HD_NC_PERSON);
    /* irregular: "men" by WordNet's -men rule; "children" has nothing of its own and takes its
     * lemma's at lookup time */
    assert_int_equal(classes(m, "men"), HD_NC_PERSON);
    assert_int_equal(m->noun_classes[word(m, "children")], 0);
    assert_int_equal(m->words[word(m, "children")].lemma, word(m, "child"));
    assert_int_equal(classes(m, "children"), HD_NC_PERSON);
    hd_model_free(m);
}

static void test_bad_noun_lines(void **state)
{
    (void)state;
    const char *bad = "  1 the licence\n"
                      "1234 18 n 01 soldier 0 000 | a short offset\n"                /* 2 */
                      "00000001 02 n 01 speech 0 000 | an adjective's file\n"       /* 3 */
                      "00000002 29 n 01 speech 0 000 | past noun.time\n"            /* 4 */
                      "00000003 18 v 01 speech 0 000 | a verb synset\n"             /* 5 */
                      "00000004 18 n zz speech 0 000 | no count\n"                  /* 6 */
                      "00000005 18 n 03 speech 0 000 | three words promised\n"      /* 7 */
                      "00000006 18 n 01 speech x 000 | a bad lex_id\n"              /* 8 */
                      "garbage\n"                                                   /* 9 */
                      "00000007 18 n 00 | no words\n"                               /* 10 */
                      "08226335 14 n 01 city 0 000 | a good line among them\n"      /* 11 */
                      "00000008 3 n 01 speech 0 000 | one digit of lex_filenum\n";  /* 12 */
    char *lex = write_temp(LEXICON), *nouns = write_temp(bad);
    hd_builder *b = hd_builder_new();
    warnings w = {0};
    assert_int_equal(hd_dictfile_load_lexicon(b, lex, on_warn, &w), 0);
    assert_int_equal(hd_dictfile_load_noun_classes(b, nouns, on_warn, &w), 10);
    const long want[] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 12};
    assert_int_equal(w.n, 10);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char where[600];
        snprintf(where, sizeof where, "%s:%ld: ", nouns, want[i]);
        if (strncmp(w.text[i], where, strlen(where)) != 0)
            fail_msg("message %zu is '%s', wanted it at %s", i, w.text[i], where);
    }
    assert_non_null(strstr(w.text[1], "lex_filenum '02' is not a noun class"));
    assert_non_null(strstr(w.text[3], "not a noun synset"));
    assert_non_null(strstr(w.text[6], "lex_id 'x'"));
    /* the good line loaded, the bad ones gave nothing */
    hd_model *m = image_of(b);
    assert_int_equal(classes(m, "city"), HD_NC_GROUP);
    assert_int_equal(classes(m, "speech"), 0);
    assert_int_equal(classes(m, "soldier"), 0);
    hd_model_free(m);
    hd_builder_free(b);
    /* a file of the licence alone is empty; one cut short is truncated */
    char *empty = write_temp("  1 the licence only\n  2 \n"), *cut = write_temp("08226335 14 n 01 city 0 000 | cut");
    b = hd_builder_new();
    memset(&w, 0, sizeof w);
    assert_int_equal(hd_dictfile_load_noun_classes(b, empty, on_warn, &w), 1);
    assert_non_null(strstr(w.last, ":0: no synsets"));
    memset(&w, 0, sizeof w);
    assert_int_equal(hd_dictfile_load_noun_classes(b, cut, on_warn, &w), 1);
    assert_non_null(strstr(w.last, "truncated"));
    memset(&w, 0, sizeof w);
    assert_int_equal(hd_dictfile_load_noun_classes(b, "/nonexistent/data.noun", on_warn, &w), -1);
    assert_int_equal(w.n, 1);
    hd_builder_free(b);
    drop_temp(lex);
    drop_temp(nouns);
    drop_temp(empty);
    drop_temp(cut);
}

static void test_bad_role_lines(void **state)
{
    (void)state;
    const char *bad = "agent 18-20 person group\n"   /* 1: fine */
                      "agent 21 person\n"            /* 2: no root 21 */
                      "agent 05-03 person\n"         /* 3: backwards */
                      "agent 1x person\n"            /* 4 */
                      "agent 4 person\n"             /* 5: two digits */
                      "patient 04\n"                 /* 6: no classes */
                      "patient 04 persons\n"         /* 7: unknown class */
                      "class persons two\n"          /* 8: unknown class */
                      "class person Two\n"           /* 9: not lowercase */
                      "class person\n"               /* 10: no words */
                      "frobnicate 04 person\n"       /* 11 */
                      "agent\n"                      /* 12 */
                      "class person warrior | nosuchword\n"; /* 13: a warning, not an error */
    char *lex = write_temp(LEXICON), *roles = write_temp(bad);
    hd_builder *b = hd_builder_new();
    warnings w = {0};
    assert_int_equal(hd_dictfile_load_lexicon(b, lex, on_warn, &w), 0);
    assert_int_equal(hd_dictfile_load_roles(b, roles, on_warn, &w), 11);
    const long want[] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
    assert_int_equal(w.n, 12);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_int_equal(w.lines[i], want[i]);
    assert_non_null(strstr(w.text[1], "roots run from 01 to 20"));
    assert_non_null(strstr(w.text[5], "'persons' is not a WordNet noun class"));
    assert_non_null(strstr(w.text[9], "unknown directive 'frobnicate'"));
    assert_non_null(strstr(w.last, "warning: 'nosuchword' is not in the lexicon (ignored)"));
    hd_model *m = image_of(b);
    assert_int_equal(m->n_roles, HD_ROLE_ROOTS);
    assert_int_equal(m->roles[18].agent, HD_NC_PERSON | HD_NC_GROUP);
    assert_int_equal(m->roles[3].agent, 0);
    assert_int_equal(m->roles[3].patient, 0);
    assert_int_equal(classes(m, "warrior"), HD_NC_PERSON);
    hd_model_free(m);
    hd_builder_free(b);
    /* a file of comments only is empty */
    char *empty = write_temp("# nothing\n\n");
    b = hd_builder_new();
    memset(&w, 0, sizeof w);
    assert_int_equal(hd_dictfile_load_roles(b, empty, on_warn, &w), 1);
    assert_non_null(strstr(w.last, "empty or truncated"));
    hd_builder_free(b);
    drop_temp(lex);
    drop_temp(roles);
    drop_temp(empty);
}

/* ---- lookups ------------------------------------------------------------------------------ */

static void test_role_lookups(void **state)
{
    (void)state;
    hd_model *m = small_model(1, 1);
    assert_int_equal(m->roles[18].agent, HD_NC_PERSON | HD_NC_GROUP | HD_NC_LOCATION | HD_NC_ARTIFACT | HD_NC_ACT);
    assert_int_equal(m->roles[3].agent, HD_NC_TOPS | HD_NC_PERSON | HD_NC_GROUP | HD_NC_LOCATION | HD_NC_ANIMAL);
    /* violence: a speech cannot attack, soldiers can; prices cannot be attacked, a city can */
    assert_false(hd_model_role_allows(m, "190", 0, classes(m, "speech")));
    assert_true(hd_model_role_allows(m, "190", 0, classes(m, "soldiers")));
    assert_true(hd_model_role_allows(m, "18", 0, classes(m, "flag")));
    assert_false(hd_model_role_allows(m, "1823", 1, classes(m, "prices")));
    assert_true(hd_model_role_allows(m, "2041", 1, classes(m, "city")));
    assert_true(hd_model_role_allows(m, "190", 1, classes(m, "two")));
    /* visits: flags do not visit, a city (its government) does */
    assert_false(hd_model_role_allows(m, "042", 0, classes(m, "flags")));
    assert_true(hd_model_role_allows(m, "042", 0, classes(m, "city")));
    /* no patient line for 04: anything */
    assert_true(hd_model_role_allows(m, "042", 1, classes(m, "speech")));
    /* unknown words and unrestricted roots */
    assert_true(hd_model_role_allows(m, "190", 0, 0));
    assert_true(hd_model_role_allows(m, "190", 0, classes(m, "china")));
    assert_true(hd_model_role_allows(m, "111", 0, classes(m, "speech")));
    /* codes without a root 01..20 restrict nothing */
    const char *const odd[] = {"---", "", "1", "21", "00", "99", "x19", "[190]", NULL};
    for (size_t i = 0; odd[i]; i++)
        assert_true(hd_model_role_allows(m, odd[i], 0, HD_NC_COMMUNICATION));
    assert_true(hd_model_role_allows(m, NULL, 0, HD_NC_COMMUNICATION));
    assert_false(hd_model_role_allows(m, "20", 0, HD_NC_COMMUNICATION));
    hd_model_free(m);
}

/* ---- images --------------------------------------------------------------------------------- */

static void hand_section(char *img, int s, hd_img_section **sec)
{
    *sec = (hd_img_section *)(void *)(img + sizeof(hd_img_header)) + s;
}

static void test_damaged_sections(void **state)
{
    (void)state;
    warnings w = {0};
    hd_builder *b = builder(1, 1, &w);
    char *img;
    size_t size;
    assert_int_equal(hd_builder_image(b, &img, &size), 0);
    hd_builder_free(b);
    hd_img_section *nc, *roles;
    hand_section(img, S_NOUN_CLASSES, &nc);
    hand_section(img, S_ROLES, &roles);
    const hd_img_section *words = (const hd_img_section *)(const void *)(img + sizeof(hd_img_header)) + S_WORDS;
    assert_int_equal(nc->count, words->count);
    assert_int_equal(roles->count, HD_ROLE_ROOTS);
    assert_false(refused(img, size, NULL));
    hd_img_section keep = *nc;
    /* a section shorter or longer than the word table */
    nc->count = keep.count - 1;
    assert_true(refused(img, size, "noun classes: not one per word"));
    nc->count = keep.count + 1;
    assert_true(refused(img, size, "corrupt"));
    nc->count = UINT64_MAX / 2;
    assert_true(refused(img, size, "out of bounds"));
    *nc = keep;
    nc->offset += 2;
    assert_true(refused(img, size, "misaligned"));
    nc->offset = size;
    assert_true(refused(img, size, "out of bounds"));
    *nc = keep;
    /* a class bit past the last class */
    uint32_t *v = (uint32_t *)(void *)(img + nc->offset);
    v[1] |= 1u << HD_NC_COUNT;
    assert_true(refused(img, size, "noun classes"));
    v[1] &= HD_NC_ALL;
    keep = *roles;
    roles->count = HD_ROLE_ROOTS - 1;
    assert_true(refused(img, size, "role restrictions: not one per CAMEO root"));
    roles->count = HD_ROLE_ROOTS + 1;
    assert_true(refused(img, size, "corrupt"));
    *roles = keep;
    hd_role *r = (hd_role *)(void *)(img + roles->offset);
    r[5].patient = 0x80000000u;
    assert_true(refused(img, size, "role restrictions"));
    r[5].patient = 0;
    assert_false(refused(img, size, NULL));
    /* with a checksum made for the damage, the loader refuses it just the same */
    nc->count = keep.count - 1;
    hd_model_seal(img, size);
    char *copy = malloc(size);
    memcpy(copy, img, size);
    char err[200] = "";
    assert_null(hd_model_from_image(copy, size, 0, err, sizeof err));
    assert_non_null(strstr(err, "noun classes"));
    /* and without the seal, the checksum catches it first */
    nc->count = keep.count;
    copy = malloc(size);
    memcpy(copy, img, size);
    assert_null(hd_model_from_image(copy, size, 0, err, sizeof err));
    assert_non_null(strstr(err, "checksum mismatch"));
    /* both sections empty is an image without them: accepted, nothing known */
    nc->count = 0;
    roles->count = 0;
    hd_model_seal(img, size);
    hd_model *m = hd_model_from_image(img, size, 0, err, sizeof err);
    assert_non_null(m);
    assert_int_equal(classes(m, "soldier"), 0);
    assert_true(hd_model_role_allows(m, "190", 0, HD_NC_COMMUNICATION));
    hd_model_free(m);
}

typedef struct seen {
    int n;
    char line[8][96];
} seen;

static int collect(void *user, const hd_event *ev)
{
    seen *s = user;
    if (s->n < 8)
        snprintf(s->line[s->n++], 96, "%s %s %s", ev->source ? ev->source->code : "-", ev->code,
                 ev->target ? ev->target->code : "-");
    return 0;
}

static int codes(const hd_model *m, const char *text, const char *want)
{
    hd_coder *c = hd_coder_new(m);
    assert_non_null(c);
    hd_doc d = {"t", text, strlen(text), NULL, "2015-10-01", NULL, NULL};
    seen s = {0};
    assert_true(hd_code_document(c, &d, collect, &s) >= 0);
    hd_coder_free(c);
    for (int i = 0; i < s.n; i++)
        if (strcmp(s.line[i], want) == 0)
            return 1;
    for (int i = 0; i < s.n; i++)
        print_message("  coded: %s\n", s.line[i]);
    return 0;
}

/* An image built without --noun-classes and --roles (as before them) has both sections empty,
 * answers "unknown" and "allowed" everywhere, and codes as one with them does. */
static void test_model_without_sections(void **state)
{
    (void)state;
    hd_model *plain = small_model(0, 0), *full = small_model(1, 1);
    assert_int_equal(plain->n_noun_classes, 0);
    assert_int_equal(plain->n_roles, 0);
    for (size_t i = 0; i < plain->n_words; i++)
        assert_int_equal(hd_model_noun_classes(plain, (uint32_t)i), 0);
    assert_true(hd_model_role_allows(plain, "190", 0, HD_NC_COMMUNICATION));
    assert_true(hd_model_role_allows(plain, "042", 0, HD_NC_ARTIFACT));
    /* roles without classes and classes without roles are fine too */
    hd_model *only_classes = small_model(1, 0);
    assert_int_equal(only_classes->n_roles, 0);
    assert_true(hd_model_role_allows(only_classes, "190", 0, classes(only_classes, "speech")));
    hd_model_free(only_classes);
    hd_model_free(plain);
    hd_model_free(full);
    plain = coding_model(0, 0);
    full = coding_model(1, 1);
    if (!plain || !full) {
        hd_model_free(plain);
        hd_model_free(full);
        return;
    }
    const char *const sentences[] = {"Freedonian soldiers attacked the town.", "Freedonia visited China."};
    const char *const want[] = {"FRDMIL 190 -", "FRD 042 CHN"};
    for (size_t i = 0; i < 2; i++) {
        assert_true(codes(plain, sentences[i], want[i]));
        assert_true(codes(full, sentences[i], want[i]));
    }
    hd_model_free(plain);
    hd_model_free(full);
}

/* herald-dictc's PETRARCH path copies a base model into a builder: the classes and the roles
 * come along, and a one-word actor added after the import has none. */
static void test_import_carries_sections(void **state)
{
    (void)state;
    hd_model *m = small_model(1, 1);
    hd_builder *b = hd_builder_new();
    assert_int_equal(hd_builder_import_model(b, m, (1u << E_NOUN) | (1u << E_LIGHT)), 0);
    hd_dated_code code = {"JDG", 0, 0};
    char err[200];
    assert_int_equal(hd_builder_actor(b, "Judges", &code, 1, "p:1", err, sizeof err), 0);
    hd_model *m2 = image_of(b);
    hd_builder_free(b);
    assert_int_equal(m2->n_noun_classes, m2->n_words);
    assert_int_equal(m2->n_roles, HD_ROLE_ROOTS);
    assert_memory_equal(m2->roles, m->roles, sizeof(hd_role) * HD_ROLE_ROOTS);
    size_t same = 0;
    for (size_t i = 0; i < m->n_words; i++) {
        const char *t = hd_str(m, m->words[i].text);
        if (strcmp(t, "judges") == 0)
            continue;
        assert_int_equal(classes(m2, t), hd_model_noun_classes(m, (uint32_t)i));
        same++;
    }
    assert_true(same > 20);
    /* the record of the actor's name is empty; a lookup still falls back to its lemma (judge) */
    assert_int_equal(m2->noun_classes[word(m2, "judges")], 0);
    assert_int_equal(classes(m2, "soldiers"), HD_NC_PERSON);
    assert_false(hd_model_role_allows(m2, "190", 0, classes(m2, "speech")));
    hd_model_free(m2);
    hd_model_free(m);
}

/* ---- the built image and dict/roles.txt ------------------------------------------------- */

static const char *const RESTRICTED[] = {"04", "06", "07", "08", "13", "14", "15", "17", "18", "19", "20", NULL};

/* Doers of real events: people, groups, states, forces, their weapons and vehicles (except as
 * visitors), explosions; words chosen as general English, not from the test sentences. */
static const char *const DOERS[] = {
    "people", "villagers", "protesters", "farmers", "workers", "students", "officials", "minister", "president",
    "police", "troops", "soldiers", "army", "forces", "militants", "rebels", "gunmen", "attackers", "government",
    "regime", "authorities", "ministry", "embassy", "delegation", "parliament", "court", "union", "company",
    "coalition", "alliance", "country", "nation", "state", "kingdom", "city", "village", "capital", "crowd",
    "dozens", "hundreds", "thousands", "two", "someone", "group", "team", "customs", NULL};
static const char *const WEAPONS[] = {"missile", "missiles", "rocket", "bomb", "drone", "jets", "warplanes",
                                      "tanks", "artillery", "warship", "convoy", "truck", "vehicles", NULL};
static const char *const BLASTS[] = {"explosion", "blast", "bombing", "airstrike", "attack", "shelling", "gunfire",
                                     "fire", NULL};
/* Undergoers of violence and coercion. */
static const char *const UNDERGOERS[] = {
    "civilians", "children", "journalists", "protesters", "police", "soldiers", "village", "town", "city",
    "district", "region", "border", "camp", "base", "airport", "port", "hospital", "school", "mosque", "church",
    "market", "checkpoint", "embassy", "headquarters", "building", "homes", "house", "compound", "plant",
    "refinery", "pipeline", "station", "bridge", "road", "railway", "train", "bus", "car", "convoy", "ship",
    "tanker", "aircraft", "positions", "targets", "infrastructure", "grid", "dam", "crops", "livestock",
    "warehouse", "depot", "wedding", "funeral", "rally", "protest", "gathering", "two", "dozens", NULL};

static int root_is(const char *root, const char *a, const char *b)
{
    return strcmp(root, a) >= 0 && strcmp(root, b) <= 0;
}

static void expect_allowed(const hd_model *m, const char *const *words, int patient, const char *skip_from,
                           const char *skip_to)
{
    for (size_t i = 0; words[i]; i++) {
        uint32_t c = classes(m, words[i]);
        for (size_t r = 0; RESTRICTED[r]; r++) {
            if (skip_from && root_is(RESTRICTED[r], skip_from, skip_to))
                continue;
            if (!hd_model_role_allows(m, RESTRICTED[r], patient, c))
                fail_msg("'%s' (classes %#x) is refused as %s of CAMEO %s", words[i], c, patient ? "patient" : "agent",
                         RESTRICTED[r]);
        }
    }
}

static void test_built_image(void **state)
{
    (void)state;
    const char *path = getenv("HERALD_MODEL");
    char err[512];
    hd_model *m = path ? hd_model_open(path, err, sizeof err) : NULL;
    if (!m) {
        print_message("skipped: no $HERALD_MODEL\n");
        return;
    }
    assert_int_equal(m->n_noun_classes, m->n_words);
    assert_int_equal(m->n_roles, HD_ROLE_ROOTS);
    expect_allowed(m, DOERS, 0, NULL, NULL);
    expect_allowed(m, WEAPONS, 0, "04", "04"); /* a plane that flies to a city makes no visit */
    expect_allowed(m, BLASTS, 0, "04", "15");  /* an explosion does not visit, protest or threaten */
    expect_allowed(m, UNDERGOERS, 1, NULL, NULL);
    /* metaphors' doers: remarks, prices, fears and currencies do not attack, seize or threaten;
     * banners do not visit */
    const char *const talk[] = {"remarks", "comments", "prices", "fears", "currency", "optimism", NULL};
    for (size_t i = 0; talk[i]; i++) {
        assert_false(hd_model_role_allows(m, "190", 0, classes(m, talk[i])));
        assert_false(hd_model_role_allows(m, "138", 0, classes(m, talk[i])));
    }
    assert_false(hd_model_role_allows(m, "043", 0, classes(m, "banners")));
    /* and their undergoers: poverty and a currency are not attacked, an opportunity not seized */
    assert_false(hd_model_role_allows(m, "190", 1, classes(m, "poverty")));
    assert_false(hd_model_role_allows(m, "190", 1, classes(m, "rupiah")));
    assert_false(hd_model_role_allows(m, "171", 1, classes(m, "opportunity")));
    assert_false(hd_model_role_allows(m, "171", 1, classes(m, "imagination")));
    /* verbal roots are not restricted */
    assert_true(hd_model_role_allows(m, "111", 0, classes(m, "remarks")));
    hd_model_free(m);
}

/* dict/roles.txt loads, after the real lexicon and dictionaries as herald-dictc reads them,
 * without an error or a warning: every `class` word is one of theirs. */
static void test_roles_file(void **state)
{
    (void)state;
    const char *build = getenv("BUILD");
    char lex[512];
    snprintf(lex, sizeof lex, "%s/gen/lexicon.tsv", build && *build ? build : "build");
    glob_t g;
    if (access(lex, R_OK) != 0 || access("dict/roles.txt", R_OK) != 0 || glob("dict/*.txt", 0, NULL, &g) != 0) {
        print_message("skipped: no %s or dict/roles.txt (run from the repository root)\n", lex);
        return;
    }
    hd_builder *b = hd_builder_new();
    warnings w = {0};
    assert_int_equal(hd_dictfile_load_lexicon(b, lex, on_warn, &w), 0);
    /* the files the Makefile's DICT_SRC leaves out are not dictionaries in herald's format */
    const char *const not_dicts[] = {"dict/places.txt", "dict/fips.txt", "dict/function-words.txt", "dict/roles.txt",
                                     "dict/word-classes.txt"};
    for (size_t i = 0; i < g.gl_pathc; i++) {
        int skip = 0;
        for (size_t k = 0; k < sizeof not_dicts / sizeof not_dicts[0]; k++)
            skip |= strcmp(g.gl_pathv[i], not_dicts[k]) == 0;
        if (!skip)
            assert_int_equal(hd_dictfile_load(b, g.gl_pathv[i], on_warn, &w), 0);
    }
    globfree(&g);
    assert_int_equal(w.n, 0);
    assert_int_equal(hd_dictfile_load_roles(b, "dict/roles.txt", on_warn, &w), 0);
    if (w.n)
        fail_msg("%d messages, the last: %s", w.n, w.last);
    hd_builder_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_class_names),
        cmocka_unit_test(test_classes_of_words),
        cmocka_unit_test(test_plurals),
        cmocka_unit_test(test_bad_noun_lines),
        cmocka_unit_test(test_bad_role_lines),
        cmocka_unit_test(test_role_lookups),
        cmocka_unit_test(test_damaged_sections),
        cmocka_unit_test(test_model_without_sections),
        cmocka_unit_test(test_import_carries_sections),
        cmocka_unit_test(test_built_image),
        cmocka_unit_test(test_roles_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
