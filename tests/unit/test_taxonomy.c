/* test_taxonomy.c: the event-type tables (hd_taxonomy.c) on their own: a CAMEO code and the cues
 * of its sentence in, PLOVER type and mode out; a CASE 2021 class in, ACLED type and sub-event
 * type out. Which CASE class an event has is the trained classifier's (test_typing.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "coding/hd_sent.h"
#include "coding/hd_taxonomy.h"

static void test_plover_types_by_code(void **state)
{
    (void)state;
    hd_taxon t;
    hd_taxonomy("195", 0, &t);
    assert_string_equal(t.plover, "ASSAULT");
    hd_taxonomy("112", 0, &t);
    assert_string_equal(t.plover, "ACCUSE");
    hd_taxonomy("042", 0, &t);
    assert_string_equal(t.plover, "CONSULT");
    assert_string_equal(t.plover_mode, "");
    hd_taxonomy("0874", 0, &t);
    assert_string_equal(t.plover, "RETREAT");
    hd_taxonomy("173", 0, &t);
    assert_string_equal(t.plover, "COERCE");
    hd_taxonomy("010", 0, &t); /* a statement has no PLOVER type */
    assert_null(t.plover);
    hd_taxonomy("", 0, &t);
    assert_null(t.plover);
}

static void test_plover_modes_by_means(void **state)
{
    (void)state;
    hd_taxon t;
    hd_taxonomy("195", 0, &t);
    assert_string_equal(t.plover_mode, "aerial");
    hd_taxonomy("190", WC_ARTY, &t);
    assert_string_equal(t.plover_mode, "artillery");
    hd_taxonomy("190", WC_EXPLOSIVE, &t);
    assert_string_equal(t.plover_mode, "explosion");
    hd_taxonomy("193", 0, &t);
    assert_string_equal(t.plover_mode, "firearms");
    hd_taxonomy("190", 0, &t);
    assert_string_equal(t.plover_mode, "conventional");
    hd_taxonomy("173", WC_AIR, &t); /* modes are for violence only */
    assert_string_equal(t.plover_mode, "");
}

static void test_acled_by_case_class(void **state)
{
    (void)state;
    const char *type, *sub;
    hd_taxonomy_acled("AIR_STRIKE", &type, &sub);
    assert_string_equal(type, "Explosions/Remote violence");
    assert_string_equal(sub, "Air/drone strike");
    hd_taxonomy_acled("ARREST", &type, &sub);
    assert_string_equal(type, "Strategic developments");
    assert_string_equal(sub, "Arrests");
    hd_taxonomy_acled("ATTRIB", &type, &sub); /* a CASE class outside ACLED */
    assert_null(type);
    assert_null(sub);
    hd_taxonomy_acled("OTHER", &type, &sub);
    assert_null(type);
    hd_taxonomy_acled(NULL, &type, &sub);
    assert_null(type);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plover_types_by_code),
        cmocka_unit_test(test_plover_modes_by_means),
        cmocka_unit_test(test_acled_by_case_class),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
