/* parse.c: `herald parse`, herald's tokenizer, tagger and parser alone, for anyone who wants
 * the syntax without the events: each document's sentences in CoNLL-U, which standard
 * Universal Dependencies tools read.
 *
 *   # newdoc id = ID
 *   # sent_id = ID-1                 (title sentences: ID-title-1, ...)
 *   # text = the sentence as written
 *   1  form  lemma  UPOS  XPOS  _  head  deprel  _  TokenRange=start:end[|SpaceAfter=No]
 *
 * A word with a clitic written onto it ("don't", "it's") is, as in UD English, a multiword
 * token line ("1-2  don't ...") over its two words.
 * TokenRange is the word's bytes in the document's text (in the title for title sentences).
 * A bad record is reported with its file and line and skipped; the exit status is then 1. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "herald.h"

static const char parse_usage[] = "usage: herald parse [--model FILE] [--format conllu] [-o FILE] INPUT...\n";

static const char parse_help[] =
    "usage: herald parse [--model FILE] [--format conllu] [--input-format auto|text|jsonl|html]\n"
    "                    [-o FILE] INPUT...\n"
    "Writes each document's sentences, words, lemmas, tags and dependency trees in CoNLL-U, as\n"
    "herald's trained tagger and parser read them (the syntax under its coder).\n"
    "\n"
    "options:\n"
    "  --model FILE            dictionary image with the syntax (default: the built one)\n"
    "  --format conllu         the output format (the only one)\n"
    "  --input-format auto|text|jsonl|html\n"
    "  -o, --output FILE       write to FILE instead of stdout\n"
    "  -h, --help              this help\n"
    "\n"
    "EXAMPLES\n"
    "  herald parse article.txt\n"
    "  echo 'Russian jets struck Hama.' | herald parse - | cut -f2,4,7,8\n"
    "\n"
    "EXIT STATUS\n"
    "  0  every input was parsed\n"
    "  1  an input or a record could not be (named on stderr, the first 20 shown)\n"
    "  2  a usage error: no input, an unknown option or value, a model without syntax\n";

/* The sentence's text on one line: line breaks inside it become spaces. */
static void put_text(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fputc(s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i], out);
}

static void put_field(FILE *out, const char *s, size_t n)
{
    if (n == 0) {
        fputc('_', out);
        return;
    }
    for (size_t i = 0; i < n; i++)
        fputc(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], out);
}

/* A clitic written onto the word before it ("do|n't", "it|'s", "I|'m"): UD writes the two as
 * one multiword token ("1-2  don't") over two words. */
static int is_clitic(const char *s, size_t n)
{
#define RSQ "\xe2\x80\x99" /* the typographic apostrophe */
    static const char *const clitics[] = {"n't", "'s", "'m", "'re", "'ve", "'ll", "'d", RSQ "s", "n" RSQ "t",
                                          RSQ "m", RSQ "re", RSQ "ve", RSQ "ll", RSQ "d"};
#undef RSQ
    for (size_t k = 0; k < sizeof clitics / sizeof *clitics; k++)
        if (strlen(clitics[k]) == n && !strncasecmp(s, clitics[k], n))
            return 1;
    return 0;
}

static void write_sentences(FILE *out, const char *id, const char *tag, const char *text, const hd_parse *p)
{
    for (size_t k = 0; k < p->n_sentences; k++) {
        const hd_parsed_sentence *s = &p->sentences[k];
        fputs("# sent_id = ", out);
        put_text(out, id, strlen(id));
        fprintf(out, "-%s%zu\n# text = ", tag, k + 1);
        put_text(out, text + s->start, s->end - s->start);
        fputc('\n', out);
        const hd_parsed_word *words = p->words + s->first;
        size_t group_end = 0; /* the word after the current group (a multiword token, or one word) */
        int in_token = 0;     /* the current group is a multiword token: SpaceAfter is on its line */
        for (size_t i = 0; i < s->n; i++) {
            const hd_parsed_word *w = &words[i];
            if (i >= group_end) { /* a group starts here: the word and the clitics written onto it */
                group_end = i + 1;
                while (group_end < s->n && words[group_end].start == words[group_end - 1].end &&
                       is_clitic(text + words[group_end].start, words[group_end].end - words[group_end].start))
                    group_end++;
                in_token = group_end > i + 1;
                if (in_token) {
                    const hd_parsed_word *last = &words[group_end - 1];
                    fprintf(out, "%zu-%zu\t", i + 1, group_end);
                    put_field(out, text + w->start, last->end - w->start);
                    fprintf(out, "\t_\t_\t_\t_\t_\t_\t_\tTokenRange=%zu:%zu", w->start, last->end);
                    if (group_end < s->n && words[group_end].start == last->end)
                        fputs("|SpaceAfter=No", out);
                    fputc('\n', out);
                }
            }
            fprintf(out, "%zu\t", i + 1);
            put_field(out, text + w->start, w->end - w->start);
            fputc('\t', out);
            put_field(out, w->lemma, strlen(w->lemma));
            fprintf(out, "\t%s\t%s\t_\t%d\t%s\t_\tTokenRange=%zu:%zu", w->upos, w->xpos, w->head, w->deprel, w->start,
                    w->end);
            if (!in_token && i + 1 < s->n && words[i + 1].start == w->end)
                fputs("|SpaceAfter=No", out);
            fputc('\n', out);
        }
        fputc('\n', out);
    }
}

int cli_parse(int argc, char **argv)
{
    static const struct option options[] = {
        {"model", required_argument, NULL, 'm'},
        {"format", required_argument, NULL, 'f'},
        {"input-format", required_argument, NULL, 'i'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *model_path = NULL, *outpath = NULL;
    hd_input_format infmt = HD_INPUT_AUTO;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
        switch (c) {
        case 'm': model_path = optarg; break;
        case 'o': outpath = optarg; break;
        case 'f':
            if (strcmp(optarg, "conllu") != 0) {
                fprintf(stderr, "herald parse: unknown --format '%s' (conllu)\n", optarg);
                return 2;
            }
            break;
        case 'i':
            if (!strcmp(optarg, "auto")) infmt = HD_INPUT_AUTO;
            else if (!strcmp(optarg, "text")) infmt = HD_INPUT_TEXT;
            else if (!strcmp(optarg, "jsonl")) infmt = HD_INPUT_JSONL;
            else if (!strcmp(optarg, "html")) infmt = HD_INPUT_HTML;
            else {
                fprintf(stderr, "herald parse: unknown --input-format '%s'\n", optarg);
                return 2;
            }
            break;
        case 'h': fputs(parse_help, stdout); return 0;
        default: return cli_option_error("parse", c, argv, parse_usage);
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "herald parse: no input given\n");
        return cli_bad_option("parse", parse_usage);
    }
    hd_model *m = cli_load_model(model_path, NULL);
    if (!m)
        return 2;
    if (!hd_model_has_syntax(m)) {
        fprintf(stderr, "herald parse: the model has no tagger and parser; rebuild it with make\n");
        hd_model_free(m);
        return 2;
    }
    FILE *out = outpath ? fopen(outpath, "w") : stdout;
    if (!out) {
        fprintf(stderr, "herald parse: %s: %s\n", outpath, strerror(errno));
        hd_model_free(m);
        return 2;
    }
    long failed = 0;
    char err[512];
    cli_diags diags = {0, 0};
    for (int i = optind; i < argc; i++) {
        hd_reader *r = hd_reader_open(argv[i], infmt, NULL, err, sizeof err);
        if (!r) {
            cli_diag(&diags, "%s", err);
            failed++;
            continue;
        }
        hd_doc doc;
        int got;
        while ((got = hd_reader_next(r, &doc, err, sizeof err)) != 0) {
            if (got < 0) {
                cli_diag(&diags, "%s", err);
                failed++;
                continue;
            }
            hd_parse title = {0}, body;
            int bad = doc.title && doc.title[0] &&
                      hd_parse_text(m, doc.title, strlen(doc.title), &title, err, sizeof err) != 0;
            if (!bad)
                bad = hd_parse_text(m, doc.text, doc.text_len, &body, err, sizeof err) != 0;
            if (bad) {
                cli_diag(&diags, "%s: document %s: %s", argv[i], doc.id, err);
                failed++;
            } else {
                fputs("# newdoc id = ", out);
                put_text(out, doc.id, strlen(doc.id));
                fputc('\n', out);
                write_sentences(out, doc.id, "title-", doc.title, &title);
                write_sentences(out, doc.id, "", doc.text, &body);
                hd_parse_free(&body);
            }
            hd_parse_free(&title);
        }
        hd_reader_close(r);
    }
    cli_diags_end(&diags);
    if (fflush(out) != 0 || ferror(out)) {
        fprintf(stderr, "herald parse: writing failed: %s\n", strerror(errno));
        failed++;
    }
    if (out != stdout)
        fclose(out);
    hd_model_free(m);
    return failed ? 1 : 0;
}
