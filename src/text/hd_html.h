/* hd_html.h: extracts the article text of an HTML page with the gumbo parser, dropping page furniture.
 * News pages arrive as whole web pages; the event coder only wants the story itself (and its
 * headline), not menus, share bars, teasers or cookie banners around it. */
#ifndef HD_HTML_H
#define HD_HTML_H

#include <stddef.h>

#include "base/hd_buf.h"

/* Appends the article's readable text to `text` (paragraphs separated by "\n\n", inline whitespace collapsed,
 * entities decoded by gumbo, output valid UTF-8) and the page title (from <h1> of the article, else og:title meta,
 * else <title>, with a trailing " | Site" / " - Site" suffix removed) to `title`.
 * Returns 0 on success; -1 with a message in err (e.g. "no article text found", "out of memory") otherwise.
 * On failure neither buffer is changed. Absurdly nested documents (thousands of unclosed elements, which
 * would make gumbo take minutes) are refused with "document nested too deeply". */
int hd_html_extract(const char *html, size_t len, hd_buf *text, hd_buf *title, char *err, size_t errlen);

/* Cheap sniff: 1 if the bytes look like an HTML document (leading "<!doctype html", "<html", "<head", "<body",
 * case-insensitive, after optional BOM/whitespace/comments), else 0. */
int hd_html_sniff(const char *data, size_t len);

#endif
