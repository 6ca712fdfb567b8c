/* test_html.c: unit tests for the HTML article extractor (hd_html.c).
 * Realistic pages live in tests/data/html; small edge cases are inline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/hd_html.h"

#ifndef HD_TEST_DATA_DIR
#define HD_TEST_DATA_DIR "tests/data/html"
#endif

typedef struct {
    hd_buf text, title;
    char err[128];
    int rc;
} result;

static void run(result *r, const char *html, size_t len)
{
    memset(r, 0, sizeof *r);
    r->rc = hd_html_extract(html, len, &r->text, &r->title, r->err, sizeof r->err);
}

static void run_str(result *r, const char *html) { run(r, html, strlen(html)); }

static void run_file(result *r, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", HD_TEST_DATA_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    hd_buf b = HD_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        assert_int_equal(hd_buf_append(&b, chunk, n), 0);
    fclose(f);
    run(r, b.data, b.len);
    hd_buf_free(&b);
}

static void done(result *r)
{
    hd_buf_free(&r->text);
    hd_buf_free(&r->title);
}

static int contains(hd_buf *b, const char *s) { return strstr(hd_buf_cstr(b), s) != NULL; }

/* Strict UTF-8: no overlongs, surrogates or code points above U+10FFFF. */
static int valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t k = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : (c >> 4) == 0xE ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 9;
        if (k == 9 || i + k >= n)
            return 0;
        for (size_t j = 1; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return 0;
        if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] > 0x9F) || (c == 0xF0 && s[i + 1] < 0x90) ||
            (c == 0xF4 && s[i + 1] > 0x8F))
            return 0;
        i += k + 1;
    }
    return 1;
}

/* Invariants every successful extraction must hold, whatever the input. */
static void check_shape(result *r)
{
    const char *t = hd_buf_cstr(&r->text);
    size_t n = r->text.len;
    assert_true(valid_utf8((const unsigned char *)t, n));
    assert_true(valid_utf8((const unsigned char *)hd_buf_cstr(&r->title), r->title.len));
    if (r->rc != 0)
        return;
    assert_true(n > 0);
    assert_false(strchr(" \t\r\n", t[0]));
    assert_false(strchr(" \t\r\n", t[n - 1]));
    assert_null(strstr(t, "\n\n\n"));
    assert_null(strstr(t, "  "));
    assert_null(strchr(t, '\t'));
}

static void test_article_preferred(void **state)
{
    (void)state;
    result r;
    run_file(&r, "article.html");
    assert_int_equal(r.rc, 0);
    check_shape(&r);
    /* The story starts with its first paragraph: masthead, menus and byline header are gone. */
    assert_true(strncmp(hd_buf_cstr(&r.text), "Heavy monsoon rains forced", 26) == 0);
    assert_true(contains(&r.text, "Aid appeal\n\nThe government of Veloria"));
    assert_true(contains(&r.text, "helicopters and clean-water equipment."));
    assert_true(contains(&r.text, "Officials said two bridges had collapsed near the port city of Essar."));
    /* The teaser <article> inside the related box must not win. */
    assert_false(contains(&r.text, "Drought grips"));
    done(&r);
}

static void test_furniture_dropped(void **state)
{
    (void)state;
    static const char *const gone[] = {"Skip to content", "Sport", "cookies", "Accept all", "Opinion",
        "Share", "Tweet", "Email", "Residents wade", "Get the Harbour Times app", "Advertisement",
        "Facebook", "Comments (42)", "terrible tragedy", "Sign up", "All rights reserved", "About us",
        "dataLayer", "trackPageView", "font-family", "By Dana Okafor", "Asia"};
    result r;
    run_file(&r, "article.html");
    assert_int_equal(r.rc, 0);
    for (size_t i = 0; i < sizeof gone / sizeof *gone; i++) {
        if (contains(&r.text, gone[i]))
            fail_msg("furniture \"%s\" leaked into: %s", gone[i], hd_buf_cstr(&r.text));
    }
    done(&r);

    run_str(&r, "<main><div class=\"ShareTools\">Share this on Mastodon</div><p>Budget vote set for May.</p>"
                "<ul id=\"Related-Links\"><li>Other story</li></ul><div role=\"navigation\">Top</div>"
                "<div hidden>Hidden text</div><span aria-hidden=\"true\">Icon</span>"
                "<div class=\"has-sidebar no-comments\"><p>Turnout was 61 percent.</p></div></main>");
    assert_int_equal(r.rc, 0);
    assert_string_equal(hd_buf_cstr(&r.text), "Budget vote set for May.\n\nTurnout was 61 percent.");
    done(&r);
}

static void test_unmarked_breadcrumb_dropped(void **state)
{
    (void)state;
    result r;
    run_str(&r, "<html><body><article><div>Home / World / Middle East</div>"
                "<p>News &gt; Politics &raquo; Elections</p>"
                "<p>Talks resumed in Amman on Sunday.</p><p>Share</p><p>Tweet</p><p>READ MORE \xE2\x80\xA6</p>"
                "<p>Facebook | Twitter | WhatsApp</p><p>Advertisement</p>"
                "<p>The plan covers Gaza / West Bank crossings, officials said.</p>"
                "<p>Home / World / Middle East</p></article></body></html>");
    assert_int_equal(r.rc, 0);
    check_shape(&r);
    assert_string_equal(hd_buf_cstr(&r.text), "Talks resumed in Amman on Sunday.\n\n"
                                              "The plan covers Gaza / West Bank crossings, officials said.");
    done(&r);

    /* Density fallback page: "Read more »" sits inside the winning block; a slash in prose stays. */
    run_file(&r, "density.html");
    assert_int_equal(r.rc, 0);
    assert_false(contains(&r.text, "Home / Business"));
    assert_false(contains(&r.text, "Read more"));
    assert_true(contains(&r.text, "rose 3 / 4 of a percent"));
    done(&r);
}

static void test_entities_decoded(void **state)
{
    (void)state;
    result r;
    run_str(&r, "<article><p>AT&amp;T said &#8220;no comment&#8221; &mdash; caf&eacute;&nbsp;owners "
                "&#x2014; 5&nbsp;&lt;&nbsp;6, Pal&shy;estinian</p></article>");
    assert_int_equal(r.rc, 0);
    check_shape(&r);
    assert_string_equal(hd_buf_cstr(&r.text), "AT&T said \xE2\x80\x9Cno comment\xE2\x80\x9D \xE2\x80\x94 "
                                              "caf\xC3\xA9 owners \xE2\x80\x94 5 < 6, Palestinian");
    done(&r);
}

static void test_blocks_and_whitespace(void **state)
{
    (void)state;
    result r;
    run_str(&r, "<article>\n  <p>  One\n\ttwo  </p>line<br>break<div><div>Nested <b>bold</b><i>ital</i></div></div>"
                "<h2>Heading</h2>tail<ul><li>first</li><li>second</li></ul><blockquote>Quote</blockquote>"
                "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>\n\n\n</article>");
    assert_int_equal(r.rc, 0);
    check_shape(&r);
    assert_string_equal(hd_buf_cstr(&r.text), "One two\n\nline\n\nbreak\n\nNested boldital\n\nHeading\n\ntail\n\n"
                                              "first\n\nsecond\n\nQuote\n\na b\n\nc");
    done(&r);
}

static void test_title(void **state)
{
    (void)state;
    result r;
    /* <h1> of the article wins, with whitespace collapsed and no suffix stripping. */
    run_file(&r, "article.html");
    assert_string_equal(hd_buf_cstr(&r.title), "Floods displace thousands in Lanmere delta");
    done(&r);
    /* No <h1> inside the chosen block: <title> with " - Site" removed. */
    run_file(&r, "density.html");
    assert_string_equal(hd_buf_cstr(&r.title), "Port strike enters second week");
    done(&r);

    static const struct {
        const char *html, *want;
    } cases[] = {
        {"<title>Wildfire reaches suburbs | Daily Planet</title><article><p>Body text.</p></article>", "Wildfire reaches suburbs"},
        {"<title>T</title><meta property=\"og:title\" content=\"Rates cut &amp; held - Money Desk\"><article><p>Body text.</p></article>",
         "Rates cut & held"},
        {"<title>Ceasefire holds - for now</title><article><p>Body text.</p></article>", "Ceasefire holds - for now"},
        {"<meta property=\"og:site_name\" content=\"The Courier\"><title>Vote count - Region 4 - The Courier</title>"
         "<article><p>Body text.</p></article>", "Vote count - Region 4"},
        {"<meta property=\"og:site_name\" content=\"The Courier\"><title>Strike ends - Union Wins</title>"
         "<article><p>Body text.</p></article>", "Strike ends - Union Wins"},
        {"<title> Storm batters coast \xE2\x80\x93 BBC News </title><article><p>Body text.</p></article>", "Storm batters coast"},
        {"<title>Breaking - Quake Hits Capital City</title><article><p>Body text.</p></article>",
         "Breaking - Quake Hits Capital City"},
        {"<title>  </title><article><h1>Inside <em>headline</em></h1><p>Body text.</p></article>", "Inside headline"},
        {"<body><h1>Outside headline</h1><div><p>Only a paragraph of text here.</p></div></body>", "Outside headline"},
        {"<article><p>No title anywhere.</p></article>", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        run_str(&r, cases[i].html);
        assert_int_equal(r.rc, 0);
        char got[256];
        snprintf(got, sizeof got, "%s", hd_buf_cstr(&r.title));
        done(&r);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: title \"%s\", want \"%s\"", i, got, cases[i].want);
    }
}

static void test_density_fallback(void **state)
{
    (void)state;
    result r;
    run_file(&r, "density.html");
    assert_int_equal(r.rc, 0);
    check_shape(&r);
    assert_true(strncmp(hd_buf_cstr(&r.text), "Dock workers at the port of Carrow", 34) == 0);
    assert_true(contains(&r.text, "order workers back."));
    assert_false(contains(&r.text, "Markets"));
    assert_false(contains(&r.text, "Weather"));
    done(&r);

    /* <main> beats density; [role=main] is used when there is no <main>. */
    run_str(&r, "<body><div><p>Long unrelated filler paragraph, long enough to win on density alone.</p>"
                "<p>And another one to be sure.</p></div><main><p>Short main.</p></main></body>");
    assert_string_equal(hd_buf_cstr(&r.text), "Short main.");
    done(&r);
    run_str(&r, "<body><div><p>Long unrelated filler paragraph, long enough to win on density alone.</p></div>"
                "<div role=\"main\"><p>Role main.</p></div></body>");
    assert_string_equal(hd_buf_cstr(&r.text), "Role main.");
    done(&r);
    /* An <article> holding only furniture does not hide the story. */
    run_str(&r, "<body><article><div class=\"share\">Share</div></article><div><p>Real story text.</p></div></body>");
    assert_int_equal(r.rc, 0);
    assert_string_equal(hd_buf_cstr(&r.text), "Real story text.");
    done(&r);
}

static uint32_t rnd(uint32_t *s)
{
    *s ^= *s << 13, *s ^= *s >> 17, *s ^= *s << 5;
    return *s;
}

static void test_garbage_input(void **state)
{
    (void)state;
    static const char *const pieces[] = {"<div>", "</div>", "<p>", "text ", "<b>", "</i>", "<table>", "<td>",
        "<svg><path/>", "</svg>", "<math>", "<template>", "<select>", "<script>", "</script>", "<!--", "-->",
        "&amp;", "&#xD800;", "&#0;", "<br/>", "<li>", "<h1>", "<article>", "</article>", "<a href=x>", "\xFF\xFE",
        "\xC3", "\xE2\x82", "\0", "<title>", "<noscript>", "<!DOCTYPE html>", "<frameset>", "<plaintext>"};
    result r;
    uint32_t seed = 2463534242u;
    hd_buf doc = HD_BUF_INIT;
    for (int round = 0; round < 300; round++) {
        hd_buf_clear(&doc);
        int n = (int)(rnd(&seed) % 400);
        for (int i = 0; i < n; i++) {
            if (rnd(&seed) % 4 == 0) {
                char c = (char)rnd(&seed);
                hd_buf_append(&doc, &c, 1);
            } else {
                const char *p = pieces[rnd(&seed) % (sizeof pieces / sizeof *pieces)];
                hd_buf_append(&doc, p, *p ? strlen(p) : 1);
            }
        }
        run(&r, doc.data, doc.len);
        assert_true(r.rc == 0 || r.err[0]);
        check_shape(&r);
        done(&r);
    }
    /* Binary junk and plain text. */
    hd_buf_clear(&doc);
    for (int i = 0; i < 100000; i++) {
        char c = (char)rnd(&seed);
        hd_buf_append(&doc, &c, 1);
    }
    run(&r, doc.data, doc.len);
    check_shape(&r);
    done(&r);
    run_str(&r, "just some plain text, no markup at all");
    assert_int_equal(r.rc, 0);
    assert_string_equal(hd_buf_cstr(&r.text), "just some plain text, no markup at all");
    done(&r);

    /* Nesting that overflows gumbo's recursive free or makes it quadratic must be refused fast. */
    static const char *const deep[] = {"<i><b>", "<div>", "<div></x>", "<div/>", "<span><div></span>"};
    for (size_t i = 0; i < sizeof deep / sizeof *deep; i++) {
        hd_buf_clear(&doc);
        for (int k = 0; k < 200000; k++)
            hd_buf_puts(&doc, deep[i]);
        run(&r, doc.data, doc.len);
        assert_int_equal(r.rc, -1);
        assert_string_equal(r.err, "document nested too deeply");
        done(&r);
    }
    /* ...while a big flat page and a huge inline SVG still work. */
    hd_buf_clear(&doc);
    hd_buf_puts(&doc, "<article><p>Chart:</p><svg>");
    for (int k = 0; k < 20000; k++)
        hd_buf_puts(&doc, "<path d=\"M0 0\"/>");
    hd_buf_puts(&doc, "</svg>");
    for (int k = 0; k < 20000; k++)
        hd_buf_puts(&doc, "<p>Para &amp; more.</p>\n");
    run(&r, doc.data, doc.len);
    assert_int_equal(r.rc, 0);
    check_shape(&r);
    assert_true(strncmp(hd_buf_cstr(&r.text), "Chart:\n\nPara & more.", 20) == 0);
    done(&r);
    hd_buf_free(&doc);
}

static void test_empty_document(void **state)
{
    (void)state;
    static const char *const empties[] = {"", "   \n ", "<html><head><title>T</title></head><body></body></html>",
        "<body><nav>Home / News</nav><footer>(c) 2031</footer><script>x()</script></body>", "<!-- only a comment -->"};
    result r;
    for (size_t i = 0; i < sizeof empties / sizeof *empties; i++) {
        run_str(&r, empties[i]);
        assert_int_equal(r.rc, -1);
        assert_string_equal(r.err, "no article text found");
        assert_int_equal(r.text.len, 0);
        assert_int_equal(r.title.len, 0);
        done(&r);
    }
    run(&r, NULL, 0);
    assert_int_equal(r.rc, -1);
    assert_true(r.err[0] != '\0');
    done(&r);
    assert_int_equal(hd_html_extract(NULL, 5, NULL, NULL, NULL, 0), -1); /* no err buffer: must not crash */
}

static void test_appends_and_restores(void **state)
{
    (void)state;
    hd_buf text = HD_BUF_INIT, title = HD_BUF_INIT;
    char err[8]; /* too short on purpose: message is truncated, never overflowed */
    hd_buf_puts(&text, "prev|");
    hd_buf_puts(&title, "old|");
    assert_int_equal(hd_html_extract("<p>New.</p>", 11, &text, &title, err, sizeof err), 0);
    assert_string_equal(hd_buf_cstr(&text), "prev|New.");
    assert_string_equal(hd_buf_cstr(&title), "old|");
    assert_int_equal(hd_html_extract("<nav>x</nav>", 12, &text, &title, err, sizeof err), -1);
    assert_string_equal(err, "no arti");
    assert_string_equal(hd_buf_cstr(&text), "prev|New.");
    assert_string_equal(hd_buf_cstr(&title), "old|");
    hd_buf_free(&text);
    hd_buf_free(&title);
}

static void test_sniff(void **state)
{
    (void)state;
    static const char *const yes[] = {"<!DOCTYPE html>", "<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
        "\xEF\xBB\xBF  \n<html lang=en>", "<HEAD>", "\t<body>", "<!-- cms v2 -->\n<!DOCTYPE html>", "<html"};
    static const char *const no[] = {"", "   ", "Hello <html>", "<htmlx>", "<?xml version=\"1.0\"?><rss>",
        "{\"html\": 1}", "<!-- unterminated <html>", "<!doctype xml>", "<b>hi</b>", "%PDF-1.7"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!hd_html_sniff(yes[i], strlen(yes[i])))
            fail_msg("should sniff as HTML: %s", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (hd_html_sniff(no[i], strlen(no[i])))
            fail_msg("should not sniff as HTML: %s", no[i]);
    assert_false(hd_html_sniff("<html>", 3)); /* length is honoured, not the NUL */
    assert_false(hd_html_sniff(NULL, 10));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_article_preferred),
        cmocka_unit_test(test_furniture_dropped),
        cmocka_unit_test(test_unmarked_breadcrumb_dropped),
        cmocka_unit_test(test_entities_decoded),
        cmocka_unit_test(test_blocks_and_whitespace),
        cmocka_unit_test(test_title),
        cmocka_unit_test(test_density_fallback),
        cmocka_unit_test(test_garbage_input),
        cmocka_unit_test(test_empty_document),
        cmocka_unit_test(test_appends_and_restores),
        cmocka_unit_test(test_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
