/* hd_html.c: pulls the readable article text and the headline out of a news web page.
 *
 * The page is parsed with gumbo (HTML5-conformant and error-tolerant), then a content root is
 * chosen: the <article> with the most non-link text, else <main>, else [role=main], else the
 * element whose direct <p> children carry the most non-link text, else <body>. The first root
 * that still yields text after cleaning wins, so an empty or all-furniture <article> does not
 * hide the story. Text under the root is flattened with block elements as paragraph breaks;
 * furniture is pruned by tag and by class/id, and furniture lines that were not marked up at
 * all (breadcrumbs, "Read more") are filtered from the flattened text.
 *
 * Robustness: gumbo frees its tree recursively and its tree builder rescans the stack of open
 * elements on most tags, so deeply nested garbage can overflow the C stack or take minutes.
 * Hence we parse into an arena that is released in one go (gumbo_destroy_output is never
 * called), escape from gumbo with longjmp when the arena cannot grow (gumbo does not check
 * allocations), refuse documents whose estimated nesting is absurd, and walk trees iteratively. */
#include "text/hd_html.h"

#include <gumbo.h>
#include <setjmp.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK ((size_t)256 * 1024)
#define ARENA_MAX ((size_t)1 << 30) /* gumbo needs ~50 bytes per input byte; real pages fit easily */
#define MAX_DEPTH 4096              /* real pages nest < 100 deep; this only stops pathological input */

static const char OOM[] = "out of memory";

/* ---------------------------------------------------------------- arena for gumbo */

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    max_align_t mem[];
} chunk;

typedef struct {
    chunk *head;
    size_t total;
    jmp_buf fail;
} arena;

static void *arena_alloc(void *ud, size_t n)
{
    arena *a = ud;
    const size_t al = alignof(max_align_t);
    if (n > ARENA_MAX) longjmp(a->fail, 1);
    n = n ? (n + al - 1) / al * al : al;
    if (!a->head || a->head->cap - a->head->used < n) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        chunk *c = a->total + cap <= ARENA_MAX ? malloc(sizeof *c + cap) : NULL;
        if (!c) longjmp(a->fail, 1);
        *c = (chunk){a->head, 0, cap};
        a->head = c;
        a->total += cap;
    }
    a->head->used += n;
    return (char *)a->head->mem + a->head->used - n;
}

static void arena_nofree(void *ud, void *p) { (void)ud, (void)p; }

static GumboOutput *parse(arena *a, const char *html, size_t len)
{
    GumboOptions opt = kGumboDefaultOptions;
    opt.allocator = arena_alloc;
    opt.deallocator = arena_nofree;
    opt.userdata = a;
    opt.max_errors = 0; /* parse errors are of no use here and cost memory */
    if (setjmp(a->fail)) return NULL;
    return gumbo_parse_with_options(&opt, html, len);
}

/* ---------------------------------------------------------------- string helpers */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }
static int is_alpha(int c) { return lower(c) >= 'a' && lower(c) <= 'z'; }

/* ASCII case-insensitive comparison of n bytes (stops early at a mismatching NUL). */
static int ci_same(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i])) return 0;
    return 1;
}

static int ci_find(const char *h, size_t hn, const char *w, size_t wn)
{
    for (size_t i = 0; i + wn <= hn; i++)
        if (ci_same(h + i, w, wn)) return 1;
    return 0;
}

static int ci_eq(const char *a, const char *b) { return strlen(a) == strlen(b) && ci_same(a, b, strlen(a)); }

/* Is the n-byte s one of the '|'-separated entries of set (which starts and ends with '|')? */
static int in_set(const char *set, const char *s, size_t n)
{
    for (const char *p = set; (p = strchr(p, '|')) != NULL && p[1]; p++)
        if (ci_same(p + 1, s, n) && p[n + 1] == '|') return 1;
    return 0;
}

static int tag_in(const char *set, GumboTag t)
{
    const char *name = gumbo_normalized_tagname(t);
    return *name && in_set(set, name, strlen(name));
}

/* ---------------------------------------------------------------- nesting estimate */

/* Void, implicitly closed, or unable to nest: never deepens the tree. */
#define FLAT "|area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr|keygen|p|li|dt|dd|" \
             "option|optgroup|tr|td|th|tbody|thead|tfoot|a|rp|rt|h1|h2|h3|h4|h5|h6|"
#define RAWTEXT "|script|style|textarea|title|xmp|iframe|noembed|noframes|"
/* End tags never close past these (the nestable part of HTML's "special" category). */
#define SPECIAL "|address|article|aside|blockquote|body|button|center|details|dir|div|dl|fieldset|" \
                "figure|footer|form|header|hgroup|html|main|menu|nav|object|ol|pre|section|select|" \
                "summary|table|ul|"
/* These end svg/math content, the only place where "/>" really closes an element. */
#define BREAKOUT "|b|big|blockquote|body|br|center|code|dd|div|dl|dt|em|embed|h1|h2|h3|h4|h5|h6|head|" \
                 "hr|i|img|li|listing|menu|meta|nobr|ol|p|pre|ruby|s|small|span|strong|strike|sub|sup|" \
                 "table|tt|u|ul|var|"

/* Mimics gumbo's stack of open elements closely enough, without real tokenizing, to tell
 * whether it would grow beyond MAX_DEPTH. Entries are name hashes, top bit set for SPECIAL. */
static int too_deep(const char *s, size_t n)
{
    uint32_t stack[MAX_DEPTH + 1];
    const char *p = s, *end = s + n;
    size_t depth = 0, foreign = 0; /* foreign: 1 + stack index of the outermost svg/math */
    while (depth <= MAX_DEPTH && p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        p++;
        if (end - p >= 3 && memcmp(p, "!--", 3) == 0) {
            for (p += 3; end - p >= 3 && memcmp(p, "-->", 3) != 0; p++) {}
            continue;
        }
        int closing = p < end && *p == '/';
        const char *name = p + closing;
        size_t nl = 0;
        uint32_t h = 2166136261u;
        while (name + nl < end && (is_alpha((unsigned char)name[nl]) || name[nl] == '-' ||
                                   (name[nl] >= '0' && name[nl] <= '9')))
            h = (h ^ (uint32_t)lower((unsigned char)name[nl++])) * 16777619u;
        h &= 0x7fffffffu;
        if (!nl || !is_alpha((unsigned char)name[0])) continue;
        const char *gt = memchr(name + nl, '>', (size_t)(end - name) - nl);
        if (!gt) break;
        p = gt + 1;
        if (foreign && !closing && in_set(BREAKOUT, name, nl)) depth = foreign - 1, foreign = 0;
        if (in_set(FLAT, name, nl) || (!closing && foreign && gt[-1] == '/')) continue;
        if (closing) {
            for (size_t i = depth, k = 0; i-- > 0 && k < 64; k++) {
                if ((stack[i] & 0x7fffffffu) == h) {
                    depth = i;
                    foreign = foreign > depth ? 0 : foreign;
                    break;
                }
                if (stack[i] >> 31) break;
            }
        } else if (in_set(RAWTEXT, name, nl)) { /* markup-looking text in <script> is not markup */
            while (end - p >= (ptrdiff_t)nl + 2 && !(p[0] == '<' && p[1] == '/' && ci_same(p + 2, name, nl)))
                p++;
        } else {
            if (!foreign && (in_set("|svg|math|", name, nl))) foreign = depth + 1;
            stack[depth++] = h | (in_set(SPECIAL, name, nl) ? 0x80000000u : 0);
        }
    }
    return depth > MAX_DEPTH;
}

/* ---------------------------------------------------------------- tree walking */

enum { SKIP, DESCEND, STOP };
typedef int (*visit_fn)(void *ctx, const GumboNode *n, int entering);

static const GumboVector *kids(const GumboNode *n)
{
    if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) return &n->v.element.children;
    return NULL;
}

/* Depth-first over root's subtree via parent links, because nesting depth is input-controlled.
 * fn sees every visited node entering (1) and leaving (0), skipped ones included. */
static void walk(const GumboNode *root, visit_fn fn, void *ctx)
{
    const GumboNode *n = root;
    for (;;) {
        int r = fn(ctx, n, 1);
        const GumboVector *k = kids(n);
        if (r == STOP) return;
        if (r == DESCEND && k && k->length) {
            n = k->data[0];
            continue;
        }
        for (;;) {
            if (fn(ctx, n, 0) == STOP || n == root) return;
            const GumboNode *p = n->parent;
            const GumboVector *pk = p ? kids(p) : NULL;
            size_t i = n->index_within_parent + 1;
            if (!pk || i > pk->length || pk->data[i - 1] != n) return; /* stopping beats looping */
            if (i < pk->length) {
                n = pk->data[i];
                break;
            }
            n = p;
        }
    }
}

/* ---------------------------------------------------------------- what counts as furniture */

#define BLOCKS "|p|div|h1|h2|h3|h4|h5|h6|li|ul|ol|dl|dt|dd|blockquote|br|tr|table|section|article|main|" \
               "pre|hr|address|figure|details|summary|center|caption|body|header|footer|title|"
#define DROPPED "|script|style|noscript|template|iframe|form|button|nav|footer|aside|figcaption|select|" \
                "textarea|object|embed|canvas|audio|video|menu|"

/* Class lists describe state as often as role: a wrapper holding the whole page may carry
 * "has-sidebar" or "no-comments", so such modifier tokens are not taken as furniture. */
static int furniture_attr(const char *v)
{
    static const char *const words[] = {"nav", "menu", "breadcrumb", "share", "social", "footer",
        "comment", "related", "advert", "promo", "cookie", "subscribe", "newsletter", "sidebar"};
    for (size_t n; *(v += strspn(v, " \t\r\n\f")); v += n) {
        n = strcspn(v, " \t\r\n\f");
        if (ci_same(v, "has-", 4) || ci_same(v, "no-", 3) || ci_same(v, "with-", 5)) continue;
        for (size_t i = 0; i < sizeof words / sizeof *words; i++)
            if (ci_find(v, n, words[i], strlen(words[i]))) return 1;
    }
    return 0;
}

/* keep_header: the headline usually sits in the article's <header>, which the text skips. */
static int is_dropped(const GumboNode *n, int keep_header)
{
    if (n->type == GUMBO_NODE_TEMPLATE) return 1;
    if (n->type != GUMBO_NODE_ELEMENT) return 0;
    const GumboElement *e = &n->v.element;
    const GumboVector *at = &e->attributes;
    const GumboAttribute *a;
    if (e->tag_namespace != GUMBO_NAMESPACE_HTML || tag_in(DROPPED, e->tag)) return 1; /* incl. svg, math */
    if (e->tag == GUMBO_TAG_HEADER && !keep_header) return 1;
    if (e->tag == GUMBO_TAG_HTML || e->tag == GUMBO_TAG_BODY) return 0; /* classes describe the page */
    if (gumbo_get_attribute(at, "hidden")) return 1;
    if ((a = gumbo_get_attribute(at, "aria-hidden")) && ci_eq(a->value, "true")) return 1;
    if ((a = gumbo_get_attribute(at, "role")) &&
        in_set("|navigation|complementary|contentinfo|banner|search|", a->value, strlen(a->value)))
        return 1;
    if ((a = gumbo_get_attribute(at, "class")) && furniture_attr(a->value)) return 1;
    return (a = gumbo_get_attribute(at, "id")) && furniture_attr(a->value);
}

/* ---------------------------------------------------------------- flattening to text */

typedef struct {
    hd_buf *out;
    const GumboNode *root;
    char brk;         /* a block boundary becomes this: '\n' for text, ' ' for titles */
    int keep_header;
    int space, block; /* pending separators, written only before the next visible byte */
    int oom;
} emitter;

static size_t ws_len(const unsigned char *u)
{
    if (*u == ' ' || (*u >= '\t' && *u <= '\r')) return 1;
    return u[0] == 0xC2 && u[1] == 0xA0 ? 2 : 0; /* &nbsp; is layout glue, not content */
}

/* Soft hyphens, zero-width spaces and stray BOMs would split words for a tokenizer. */
static size_t invisible_len(const unsigned char *u)
{
    if (u[0] == 0xC2 && u[1] == 0xAD) return 2;
    return (u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x8B) || (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) ? 3 : 0;
}

static void emit_str(emitter *em, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s && !em->oom) {
        size_t w;
        if ((w = ws_len(s)) != 0) em->space = 1;
        if (w || (w = invisible_len(s)) != 0) {
            s += w;
            continue;
        }
        const unsigned char *t = s;
        while (*s && !ws_len(s) && !invisible_len(s)) s++;
        if (em->out->len && (em->block || em->space) && hd_buf_putc(em->out, em->block ? em->brk : ' '))
            em->oom = 1;
        em->space = em->block = 0;
        if (hd_buf_append(em->out, t, (size_t)(s - t))) em->oom = 1;
    }
}

static int text_visit(void *ctx, const GumboNode *n, int entering)
{
    emitter *em = ctx;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
        if (entering) emit_str(em, n->v.text.text);
        return em->oom ? STOP : SKIP;
    }
    if (n->type != GUMBO_NODE_ELEMENT) return SKIP;
    GumboTag t = n->v.element.tag;
    if (tag_in(BLOCKS, t)) em->block = 1;
    else if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH || t == GUMBO_TAG_IMG) em->space = 1;
    return entering && (n == em->root || !is_dropped(n, em->keep_header)) ? DESCEND : SKIP;
}

static int flatten(const GumboNode *root, hd_buf *out, char brk, int keep_header)
{
    emitter em = {out, root, brk, keep_header, 0, 0, 0};
    walk(root, text_visit, &em);
    return em.oom ? -1 : 0;
}

/* ---------------------------------------------------------------- choosing the content root */

typedef struct {
    size_t text, link;
    int in_link;
} counter;

static int count_visit(void *ctx, const GumboNode *n, int entering)
{
    counter *c = ctx;
    if (n->type == GUMBO_NODE_TEXT) {
        size_t len = entering ? strlen(n->v.text.text) : 0;
        c->text += len;
        c->link += c->in_link ? len : 0;
        return SKIP;
    }
    if (n->type != GUMBO_NODE_ELEMENT) return SKIP;
    if (n->v.element.tag == GUMBO_TAG_A) c->in_link += entering ? 1 : -1;
    return entering && !is_dropped(n, 0) ? DESCEND : SKIP;
}

/* Non-link text; mostly-link blocks (teaser lists, tag clouds) score nothing. */
static size_t text_score(const GumboNode *n)
{
    counter c = {0, 0, 0};
    walk(n, count_visit, &c);
    return c.link * 2 > c.text ? 0 : c.text - c.link;
}

typedef struct {
    const GumboNode *article, *main, *role_main, *dense, *body, *title;
    size_t article_score, dense_score;
    const char *og_title, *site_name;
} scan;

static int scan_visit(void *ctx, const GumboNode *n, int entering)
{
    scan *s = ctx;
    if (n->type == GUMBO_NODE_DOCUMENT) return DESCEND;
    if (!entering || n->type != GUMBO_NODE_ELEMENT || is_dropped(n, 0)) return SKIP;
    const GumboElement *e = &n->v.element;
    const GumboAttribute *a, *c;
    size_t score = 0;
    switch (e->tag) {
    case GUMBO_TAG_TITLE:
        if (!s->title) s->title = n;
        return SKIP;
    case GUMBO_TAG_META:
        if (!(a = gumbo_get_attribute(&e->attributes, "property"))) a = gumbo_get_attribute(&e->attributes, "name");
        if (!a || !(c = gumbo_get_attribute(&e->attributes, "content"))) return SKIP;
        if (!s->og_title && ci_eq(a->value, "og:title")) s->og_title = c->value;
        if (!s->site_name && ci_eq(a->value, "og:site_name")) s->site_name = c->value;
        return SKIP;
    case GUMBO_TAG_ARTICLE:
        /* Several <article>s mean teasers or comments around the story: take the biggest.
         * Not descending keeps nested articles from costing quadratic time. */
        if ((score = text_score(n)) > s->article_score) s->article = n, s->article_score = score;
        return SKIP;
    case GUMBO_TAG_BODY:
        if (!s->body) s->body = n;
        break;
    case GUMBO_TAG_MAIN:
        if (!s->main) s->main = n;
        break;
    default:
        break;
    }
    if (!s->role_main && (a = gumbo_get_attribute(&e->attributes, "role")) && ci_eq(a->value, "main"))
        s->role_main = n;
    for (unsigned i = 0; i < e->children.length; i++) {
        const GumboNode *k = e->children.data[i];
        if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_P) score += text_score(k);
    }
    if (score > s->dense_score) s->dense = n, s->dense_score = score;
    return DESCEND;
}

/* ---------------------------------------------------------------- unmarked furniture lines */

/* "Home / World / Middle East": a few short segments and no sentence punctuation. */
static int is_breadcrumb(const char *s, size_t n)
{
    static const char *const seps[] = {" / ", " > ", " \xC2\xBB ", " \xE2\x80\xBA "};
    size_t segs = 1, seg = 0, words = 1;
    if (n > 120 || strchr(".!?\"", s[n - 1]) || (n >= 3 && memcmp(s + n - 3, "\xE2\x80\x9D", 3) == 0)) return 0;
    for (size_t i = 0; i < n; i++) {
        size_t sl = 0;
        for (size_t j = 0; j < sizeof seps / sizeof *seps && !sl; j++)
            if (n - i >= strlen(seps[j]) && memcmp(s + i, seps[j], strlen(seps[j])) == 0) sl = strlen(seps[j]);
        if (sl) {
            if (i == seg || i - seg > 40) return 0;
            segs++, seg = i + sl, i += sl - 1, words = 1;
        } else if ((s[i] == ' ' && ++words > 4) || strchr(",;:", s[i])) {
            return 0;
        }
    }
    return segs >= 2 && n > seg && n - seg <= 40;
}

#define BOILERPLATE "|read more|advertisement|advertising|ad|sponsored|continue reading|skip to content|" \
    "skip to main content|share this article|share this story|share this|share on facebook|share on twitter|" \
    "follow us|sign up|subscribe|subscribe now|click here|back to top|related|related articles|" \
    "related stories|more stories|most read|most popular|loading|story continues below advertisement|" \
    "scroll to continue with content|listen to this article|view comments|show comments|comments|"
#define SHARE_WORDS "|share|tweet|email|e-mail|print|facebook|twitter|whatsapp|linkedin|reddit|pinterest|" \
    "telegram|messenger|flipboard|save|copy|link|x|"

static int is_boilerplate(const char *s, size_t n)
{
    for (;;) { /* trailing decoration: "Read more »", "Advertisement:", "Continue reading…" */
        if (n && strchr(" .:>|", s[n - 1])) n--;
        else if (n >= 2 && memcmp(s + n - 2, "\xC2\xBB", 2) == 0) n -= 2;
        else if (n >= 3 && (!memcmp(s + n - 3, "\xE2\x80\xA6", 3) || !memcmp(s + n - 3, "\xE2\x80\xBA", 3))) n -= 3;
        else break;
    }
    if (!n || in_set(BOILERPLATE, s, n)) return 1;
    /* A line made only of share targets ("Facebook | Twitter | Email") is a share bar. */
    for (size_t i = 0, w; i < n; i += w + 1) {
        w = strcspn(s + i, " |/,");
        w = w > n - i ? n - i : w;
        if (w && !in_set(SHARE_WORDS, s + i, w)) return 0;
    }
    return 1;
}

/* Copies raw's '\n'-separated paragraphs to out, "\n\n"-separated, minus furniture lines. */
static int filter_lines(const hd_buf *raw, hd_buf *out)
{
    for (size_t i = 0, n; i < raw->len; i += n + 1) {
        const char *p = raw->data + i, *nl = memchr(p, '\n', raw->len - i);
        n = nl ? (size_t)(nl - p) : raw->len - i;
        if (n && !is_boilerplate(p, n) && !is_breadcrumb(p, n) &&
            ((out->len && hd_buf_puts(out, "\n\n")) || hd_buf_append(out, p, n)))
            return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- title */

static int h1_visit(void *ctx, const GumboNode *n, int entering)
{
    if (!entering || (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) || is_dropped(n, 1))
        return SKIP;
    if (n->type != GUMBO_NODE_ELEMENT || n->v.element.tag != GUMBO_TAG_H1) return DESCEND;
    *(const GumboNode **)ctx = n;
    return STOP;
}

/* Length of s without a trailing site name. Pipes almost always introduce one; dashes also join
 * headline clauses ("Ceasefire holds - for now"), so unless og:site_name settles it, a dash
 * suffix must look like a name: short, capitalised, few words, shorter than the rest. */
static size_t strip_site_suffix(const char *s, size_t n, const char *site)
{
    static const char *const seps[] = {" | ", " :: ", " \xC2\xB7 ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "};
    for (size_t i = n; i-- > 1;) {
        for (size_t j = 0; j < sizeof seps / sizeof *seps; j++) {
            size_t sl = strlen(seps[j]), slen = n - i - sl, words = 1;
            if (n - i <= sl || memcmp(s + i, seps[j], sl) != 0) continue;
            const char *suf = s + i + sl;
            for (size_t k = 0; k < slen; k++) words += suf[k] == ' ';
            int ok = j < 3;
            if (site && *site) ok = ok || ci_find(suf, slen, site, strlen(site)) || ci_find(site, strlen(site), suf, slen);
            else ok = ok || (slen <= 40 && slen < i && words <= 5 && !(suf[0] >= 'a' && suf[0] <= 'z'));
            return ok ? i : n;
        }
    }
    return n;
}

static int get_title(const scan *s, const GumboNode *root, hd_buf *title)
{
    hd_buf t = HD_BUF_INIT;
    const GumboNode *h1 = NULL;
    int rc = 0, strip = 1;
    walk(root, h1_visit, &h1);
    /* Text found outside any article usually has its headline beside it, not inside. */
    if (!h1 && !s->og_title && !s->title && s->body) walk(s->body, h1_visit, &h1);
    if (h1 && !(rc = flatten(h1, &t, ' ', 1)) && t.len) strip = 0;
    if (!rc && !t.len && s->og_title) {
        emitter em = {&t, NULL, ' ', 1, 0, 0, 0};
        emit_str(&em, s->og_title);
        rc = em.oom ? -1 : 0;
    }
    if (!rc && !t.len && s->title) rc = flatten(s->title, &t, ' ', 1);
    if (!rc && t.len) rc = hd_buf_append(title, t.data, strip ? strip_site_suffix(t.data, t.len, s->site_name) : t.len);
    hd_buf_free(&t);
    return rc;
}

/* ---------------------------------------------------------------- public API */

static const char *extract(const GumboOutput *out, hd_buf *text, hd_buf *title)
{
    scan s = {0};
    walk(out->document, scan_visit, &s);
    const GumboNode *cands[] = {s.article, s.main, s.role_main, s.dense, s.body}, *root = NULL;
    const char *msg = NULL;
    hd_buf raw = HD_BUF_INIT, clean = HD_BUF_INIT;
    for (size_t i = 0; i < sizeof cands / sizeof *cands && !root && !msg; i++) {
        if (!cands[i]) continue;
        hd_buf_clear(&raw);
        hd_buf_clear(&clean);
        if (flatten(cands[i], &raw, '\n', 0) || filter_lines(&raw, &clean)) msg = OOM;
        else if (clean.len) root = cands[i];
    }
    if (!msg && !root) msg = "no article text found";
    if (!msg && (hd_buf_append(text, clean.data, clean.len) || get_title(&s, root, title))) msg = OOM;
    hd_buf_free(&raw);
    hd_buf_free(&clean);
    return msg;
}

static int fail(char *err, size_t errlen, const char *msg)
{
    if (err && errlen) snprintf(err, errlen, "%s", msg);
    return -1;
}

int hd_html_extract(const char *html, size_t len, hd_buf *text, hd_buf *title, char *err, size_t errlen)
{
    if (!text || !title || (!html && len)) return fail(err, errlen, "invalid argument");
    if (!html) html = "";
    if (too_deep(html, len)) return fail(err, errlen, "document nested too deeply");
    size_t text0 = text->len, title0 = title->len;
    arena a = {.head = NULL};
    GumboOutput *out = parse(&a, html, len);
    const char *msg = out ? extract(out, text, title) : OOM;
    while (a.head) {
        chunk *next = a.head->next;
        free(a.head);
        a.head = next;
    }
    if (!msg) return 0;
    text->len = text0, title->len = title0; /* leave the caller's buffers as they were */
    if (text->data) text->data[text0] = '\0';
    if (title->data) title->data[title0] = '\0';
    return fail(err, errlen, msg);
}

int hd_html_sniff(const char *data, size_t len)
{
    static const char *const starts[] = {"<!doctype html", "<html", "<head", "<body"};
    if (!data) return 0;
    const char *p = data, *end = data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    for (;;) { /* generators often put a comment before the doctype */
        while (p < end && *p && strchr(" \t\r\n\f", *p)) p++;
        if (end - p < 4 || memcmp(p, "<!--", 4) != 0) break;
        for (p += 4; end - p >= 3 && memcmp(p, "-->", 3) != 0; p++) {}
        if (end - p < 3) return 0;
        p += 3;
    }
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++) {
        size_t n = strlen(starts[i]);
        if ((size_t)(end - p) >= n && ci_same(p, starts[i], n))
            return (size_t)(end - p) == n || (p[n] && strchr(" \t\r\n\f/>", p[n]) != NULL);
    }
    return 0;
}
