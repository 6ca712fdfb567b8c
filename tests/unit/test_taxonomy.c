/* test_taxonomy.c: the event-type mapping (hd_taxonomy.c) on its own: CAMEO code, cues of the
 * sentence and actor roles in, ACLED/PLOVER/CASE types out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "coding/hd_sent.h"
#include "coding/hd_taxonomy.h"

static const char *label(const char *code, uint64_t cues, const char *src, const char *tgt)
{
    hd_taxon t;
    hd_taxonomy(code, cues, src, tgt, &t);
    return t.case_label;
}

static void test_means_decide_explosions(void **state)
{
    (void)state;
    assert_string_equal(label("195", 0, "MIL", NULL), "AIR_STRIKE");
    assert_string_equal(label("195", WC_ARTY, "MIL", NULL), "ART_MISS_ATTACK"); /* missiles, no aircraft */
    assert_string_equal(label("195", WC_ARTY | WC_AIR, "MIL", NULL), "AIR_STRIKE");
    assert_string_equal(label("194", 0, "MIL", "REB"), "ART_MISS_ATTACK");
    assert_string_equal(label("190", WC_GRENADE, "REB", "COP"), "GRENADE");
    assert_string_equal(label("183", WC_SUICIDE, "REB", NULL), "SUIC_BOMB");
    assert_string_equal(label("183", 0, NULL, NULL), "REM_EXPLOS");
    assert_string_equal(label("190", WC_CHEM, "MIL", NULL), "CHEM_WEAP");
    assert_string_equal(label("175", WC_GRENADE, "MIL", NULL), "GRENADE");
}

static void test_battles_and_attacks(void **state)
{
    (void)state;
    assert_string_equal(label("190", 0, "MIL", "REB"), "ARMED_CLASH");
    assert_string_equal(label("193", 0, "REB", "CVL"), "ATTACK");
    assert_string_equal(label("190", WC_CIVILIAN, "UAF", NULL), "ATTACK");
    assert_string_equal(label("181", 0, "REB", "CVL"), "ABDUCT_DISSAP");
    assert_string_equal(label("180", WC_SEXUAL, "MIL", "CVL"), "SEX_VIOL");
    assert_string_equal(label("192", 0, "MIL", NULL), "GOV_REGAINS_TERIT");
    assert_string_equal(label("192", 0, "", NULL), "GOV_REGAINS_TERIT"); /* a country acts as a state */
    assert_string_equal(label("192", 0, "REB", NULL), "NON_STATE_ACTOR_OVERTAKES_TER");
}

static void test_protests_and_riots(void **state)
{
    (void)state;
    assert_string_equal(label("141", WC_PROTEST, "CVL", NULL), "PEACE_PROTEST");
    assert_string_equal(label("145", WC_PROTEST, "CVL", NULL), "VIOL_DEMONSTR");
    assert_string_equal(label("145", WC_MOB, "CVL", NULL), "MOB_VIOL");
    assert_string_equal(label("190", WC_PROTEST, "CVL", "COP"), "VIOL_DEMONSTR");
    assert_string_equal(label("175", WC_PROTEST | WC_LETHAL, "COP", "CVL"), "FORCE_AGAINST_PROTEST");
    assert_string_equal(label("175", WC_PROTEST, "COP", "CVL"), "PROTEST_WITH_INTER");
    assert_string_equal(label("173", WC_PROTEST, "COP", "CVL"), "PROTEST_WITH_INTER");
}

static void test_strategic_developments(void **state)
{
    (void)state;
    assert_string_equal(label("173", 0, "COP", "OPP"), "ARREST");
    assert_string_equal(label("173", WC_CRIME, "COP", NULL), "ORG_CRIME");
    assert_string_equal(label("1711", WC_WEAPONS, "COP", NULL), "DISR_WEAP");
    assert_string_equal(label("1712", 0, "REB", NULL), "PROPERTY_DISTRUCT");
    assert_string_equal(label("154", WC_BASE, "MIL", NULL), "HQ_ESTABLISHED");
    assert_string_equal(label("154", 0, "MIL", NULL), "CHANGE_TO_GROUP_ACT");
    assert_string_equal(label("0874", 0, "MIL", NULL), "NON_VIOL_TERRIT_TRANSFER");
    assert_string_equal(label("0874", 0, "REB", "MIL"), "AGREEMENT");
    assert_string_equal(label("057", 0, "GOV", "GOV"), "AGREEMENT");
    assert_string_equal(label("043", WC_PEACE, "GOV", "REB"), "AGREEMENT");
}

static void test_talk(void **state)
{
    (void)state;
    assert_string_equal(label("112", 0, "GOV", "REB"), "ATTRIB");
    assert_string_equal(label("013", WC_CLAIM, "REB", NULL), "ATTRIB");
    assert_string_equal(label("161", 0, "GOV", "GOV"), "DIPLO");
    assert_string_equal(label("040", 0, "GOV", "GOV"), "DIPLO");
    assert_string_equal(label("", 0, NULL, NULL), "OTHER");
}

static void test_acled_and_plover(void **state)
{
    (void)state;
    hd_taxon t;
    hd_taxonomy("195", 0, "MIL", NULL, &t);
    assert_string_equal(t.acled_type, "Explosions/Remote violence");
    assert_string_equal(t.acled_sub, "Air/drone strike");
    assert_string_equal(t.plover, "ASSAULT");
    assert_string_equal(t.plover_mode, "aerial");
    hd_taxonomy("112", 0, "GOV", NULL, &t);
    assert_null(t.acled_type); /* attribution is outside ACLED */
    assert_string_equal(t.plover, "ACCUSE");
    hd_taxonomy("042", 0, "GOV", NULL, &t);
    assert_string_equal(t.plover, "CONSULT");
    assert_string_equal(t.plover_mode, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_means_decide_explosions), cmocka_unit_test(test_battles_and_attacks),
        cmocka_unit_test(test_protests_and_riots),      cmocka_unit_test(test_strategic_developments),
        cmocka_unit_test(test_talk),                    cmocka_unit_test(test_acled_and_plover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
