/* train_events.c: `herald-train events`, which learns a classifier of events (model/hd_linear.h)
 * with liblinear from labelled texts, says how well it does by cross-validation, and writes
 * the image that herald-dictc embeds.
 *
 *   herald-train events --name NAME --model HERALD.hdm [--data FILE.tsv]... [--cv FILE.tsv]
 *                       [--folds N] [--solver svm|lr] [--C C] [--min-count N] [--out IMAGE]
 *                       [--test FILE.tsv] [--per-event [--said-happened]] [--weight LABEL=W]...
 *
 * Every FILE is "id<TAB>text<TAB>label" lines (a first line "id<TAB>..." is a header). Each text
 * is coded with the dictionary image (every act it states, with or without actors) and
 * described by the features of typing/hd_features.h. The texts of --cv (which may repeat) are split into --folds
 * folds by their numeric id (id mod N); each fold is predicted by a model trained on the other
 * folds and on every --data text, and the per-class precision, recall and F1 and the weighted
 * F1 of those predictions are printed: the fold scored is never trained on. The final model
 * learns from every text. --solver svm is liblinear's L2-regularised L2-loss SVM (primal),
 * lr its L2-regularised logistic regression, whose scores are probabilities (two classes
 * only). Labels seen in fewer than --min-count texts (default 1) are left out.
 *
 * --test texts are never trained on: a model trained on everything else labels them and the
 * same figures are printed for them. --per-event makes every event coded in a text an example
 * with the text's label and the features of one event (hd_features_one_event): how the
 * confidence classifier learns, from texts that each state one act that happened ("1") or
 * did not ("0"). For a logistic model of "0" and "1" a reliability table and the precision
 * and recall at thresholds 0.1 .. 0.9 follow. Columns after the label are comments.
 * With --said-happened, an event of a "0" text that is a speech act (CAMEO roots 01-03 and
 * 10-13) or the calling off or halting of an act (08, 16) the coder calls a fact, or a threat
 * (13) or intent (03) it flags as such, is a "1": "threatened to strike" names a strike that
 * did not happen, but the threat did; "cancelled the visit" a visit that did not, but the
 * cancelling did.
 * --weight LABEL=W makes each text of LABEL count W times: a class over-represented in the
 * training texts (OTHER: every snippet of the task reports an event) is not predicted for
 * its share of the training texts alone. */
#include <getopt.h>
#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "model/hd_linear.h"
#include "typing/hd_features.h"

#define TRAINING (-1)
#define HELD_OUT (-2)

typedef struct example {
    char *id;
    int label; /* index into the label table */
    int fold;  /* 0..folds-1 (a --cv text), TRAINING (a --data text) or HELD_OUT (a --test text) */
    struct feature_node *x; /* liblinear's row, index-sorted, ended by index -1 */
    int fact; /* per event: the coder's own flags call it a fact (not negated; mood fact, or a
                 threat or intent that is itself the act) */
} example;

typedef struct corpus {
    example *v;
    size_t n, cap;
    char **labels;
    int n_labels;
    uint64_t *keys; /* feature index - 1 -> key */
    size_t n_keys, keys_cap;
    uint64_t *slot_key; /* open-addressed key -> index table */
    int *slot_index;
    size_t slots;
    const hd_model *model;
    long eventless_test[HD_LINEAR_MAX_CLASSES]; /* --test texts with no event, by label */
    int said_happened, label_zero, label_one; /* --per-event: speech acts of "0" texts are "1" */
} corpus;

static void die(const char *why)
{
    fprintf(stderr, "herald-train events: %s\n", why);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (!p && n)
        die("out of memory");
    return p;
}

static int label_index(corpus *c, const char *label)
{
    for (int i = 0; i < c->n_labels; i++)
        if (!strcmp(c->labels[i], label))
            return i;
    if (strlen(label) >= HD_LINEAR_LABEL || c->n_labels >= HD_LINEAR_MAX_CLASSES)
        return -1;
    c->labels = xrealloc(c->labels, (size_t)(c->n_labels + 1) * sizeof *c->labels);
    c->labels[c->n_labels] = strdup(label);
    return c->n_labels++;
}

static void grow_slots(corpus *c);

/* the feature index of a key (1-based, as liblinear counts), added when new */
static int feature_index(corpus *c, uint64_t key)
{
    if (c->n_keys * 2 >= c->slots)
        grow_slots(c);
    size_t j = (size_t)(key * 0x9e3779b97f4a7c15ULL) & (c->slots - 1);
    while (c->slot_index[j] && c->slot_key[j] != key)
        j = (j + 1) & (c->slots - 1);
    if (!c->slot_index[j]) {
        if (c->n_keys == c->keys_cap) {
            c->keys_cap = c->keys_cap ? c->keys_cap * 2 : 4096;
            c->keys = xrealloc(c->keys, c->keys_cap * sizeof *c->keys);
        }
        c->keys[c->n_keys++] = key;
        c->slot_key[j] = key;
        c->slot_index[j] = (int)c->n_keys;
    }
    return c->slot_index[j];
}

static void grow_slots(corpus *c)
{
    size_t old = c->slots;
    uint64_t *keys = c->slot_key;
    int *index = c->slot_index;
    c->slots = old ? old * 2 : 1 << 16;
    c->slot_key = calloc(c->slots, sizeof *c->slot_key);
    c->slot_index = calloc(c->slots, sizeof *c->slot_index);
    if (!c->slot_key || !c->slot_index)
        die("out of memory");
    for (size_t i = 0; i < old; i++)
        if (index[i]) {
            size_t j = (size_t)(keys[i] * 0x9e3779b97f4a7c15ULL) & (c->slots - 1);
            while (c->slot_index[j])
                j = (j + 1) & (c->slots - 1);
            c->slot_key[j] = keys[i];
            c->slot_index[j] = index[i];
        }
    free(keys);
    free(index);
}

static int by_index(const void *a, const void *b)
{
    return ((const struct feature_node *)a)->index - ((const struct feature_node *)b)->index;
}

/* a new example of finished features */
static void push(corpus *c, const char *id, int label, int fold, int fact, const hd_features *f)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->v = xrealloc(c->v, c->cap * sizeof *c->v);
    }
    struct feature_node *x = xrealloc(NULL, (f->n + 2) * sizeof *x);
    double value = f->n ? 1.0 / sqrt((double)f->n) : 0;
    for (size_t i = 0; i < f->n; i++)
        x[i] = (struct feature_node){feature_index(c, f->keys[i]), value};
    qsort(x, f->n, sizeof *x, by_index);
    x[f->n] = (struct feature_node){-1, 0}; /* the bias slot is filled in once n is known */
    x[f->n + 1] = (struct feature_node){-1, 0};
    c->v[c->n++] = (example){strdup(id), label, fold, x, fact};
}

typedef struct text_ctx {
    corpus *c;
    hd_features *f;
    const char *id;
    int label, fold, per_event;
    long events;
} text_ctx;

static int add_event(void *user, const hd_event *e)
{
    text_ctx *t = user;
    t->events++;
    if (!t->per_event) {
        hd_features_event(t->f, e);
        return 0;
    }
    hd_features_one_event(t->f, t->c->model, e);
    hd_features_finish(t->f);
    int label = t->label;
    /* saying, appealing, demanding, criticising, rejecting or threatening happened even when
     * the act spoken of did not ("threatened to strike", "denied the raid", "called for a
     * ceasefire"): a speech act is real in a text labelled 0, a threat (13) that the coder
     * flags as a threat and an intent (03) flagged as an intent included; so are calling an act
     * off (08: "called off the strike") and halting or cancelling one (16: "cancelled the
     * visit"), which are acts of their own */
    int root = (e->code[0] - '0') * 10 + (e->code[1] - '0');
    int said = !e->negated && (e->mood == HD_MOOD_FACT || (root == 13 && e->mood == HD_MOOD_THREAT) ||
                               (root == 3 && e->mood == HD_MOOD_INTENT));
    if (t->c->said_happened && said && t->label == t->c->label_zero &&
        (root == 1 || root == 2 || root == 3 || root == 8 || (root >= 10 && root <= 13) || root == 16))
        label = t->c->label_one;
    push(t->c, t->id, label, t->fold, said, t->f);
    return 0;
}

/* codes one text and keeps its features (or, per event, each event's) as liblinear rows;
 * returns the events coded, -1 when the coder refused the text */
static long describe(corpus *c, hd_coder *coder, hd_features *f, const char *id, const char *text, int label,
                     int fold, int per_event)
{
    hd_doc doc = {.id = id, .text = text, .text_len = strlen(text)};
    text_ctx t = {c, f, id, label, fold, per_event, 0};
    hd_features_clear(f);
    if (hd_code_document(coder, &doc, add_event, &t) < 0)
        return -1;
    if (!per_event) {
        hd_features_words(f, c->model, text, strlen(text));
        hd_features_finish(f);
        push(c, id, label, fold, 0, f);
    }
    return t.events;
}

/* folds: split by id into that many folds; 0: always trained on; -1: test texts, never trained
 * on. per_event: one example per coded event, with the text's label */
static long read_file(corpus *c, hd_coder *coder, hd_features *f, const char *path, int folds, int per_event)
{
    FILE *in = fopen(path, "r");
    if (!in) {
        perror(path);
        exit(1);
    }
    char *line = NULL;
    size_t cap = 0;
    long line_no = 0, bad = 0, count = 0, eventless = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) >= 0) {
        line_no++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = 0;
        if (!len || (line_no == 1 && !strncmp(line, "id\t", 3)))
            continue;
        char *text = strchr(line, '\t'), *label = text ? strchr(text + 1, '\t') : NULL;
        if (!text || !label || label == text + 1 || !label[1]) {
            fprintf(stderr, "%s:%ld: not id<TAB>text<TAB>label (skipped)\n", path, line_no);
            bad++;
            continue;
        }
        *text++ = 0;
        *label++ = 0;
        char *more = strchr(label, '\t'); /* columns after the label are comments */
        if (more)
            *more = 0;
        int k = label_index(c, label);
        if (k < 0) {
            fprintf(stderr, "%s:%ld: label too long or too many labels (skipped)\n", path, line_no);
            bad++;
            continue;
        }
        char *end;
        long id = strtol(line, &end, 10);
        if (*end || end == line) { /* an id that is not a number: its hash decides */
            unsigned long h = 0;
            for (end = line; *end; end++)
                h = h * 31 + (unsigned char)*end;
            id = (long)(h % 1000003);
        }
        int fold = folds > 0 ? (int)((id % folds + folds) % folds) : folds < 0 ? HELD_OUT : TRAINING;
        long events = describe(c, coder, f, line, text, k, fold, per_event);
        if (events < 0) {
            fprintf(stderr, "%s:%ld: %s (skipped)\n", path, line_no, hd_coder_error(coder));
            bad++;
            continue;
        }
        count++;
        if (per_event && events == 0) {
            eventless++;
            if (fold == HELD_OUT)
                c->eventless_test[k]++;
        }
    }
    free(line);
    fclose(in);
    fprintf(stderr, "%s: %ld texts%s", path, count, bad ? " (some skipped)" : "");
    if (per_event)
        fprintf(stderr, ", %zu events so far", c->n);
    if (per_event)
        fprintf(stderr, ", %ld with no event", eventless);
    fprintf(stderr, "\n");
    return bad;
}

static void quiet(const char *s) { (void)s; }

/* trains on the examples for which use(e) holds */
static struct model *fit(corpus *c, const struct parameter *param, int held_fold, const int *keep)
{
    struct problem p = {0};
    p.n = (int)c->n_keys + 1;
    p.bias = 1;
    p.y = xrealloc(NULL, c->n * sizeof *p.y);
    p.x = xrealloc(NULL, c->n * sizeof *p.x);
    for (size_t i = 0; i < c->n; i++) {
        example *e = &c->v[i];
        if ((held_fold >= 0 && e->fold == held_fold) || e->fold == HELD_OUT || !keep[e->label])
            continue;
        p.y[p.l] = e->label;
        p.x[p.l++] = e->x;
    }
    const char *why = check_parameter(&p, param);
    if (why)
        die(why);
    struct model *m = train(&p, param);
    free(p.y);
    free(p.x);
    return m;
}

/* liblinear's bias feature: index n_keys + 1 with value 1, in the slot left for it */
static void set_bias(corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        struct feature_node *x = c->v[i].x;
        size_t k = 0;
        while (x[k].index != -1)
            k++;
        x[k] = (struct feature_node){(int)c->n_keys + 1, 1};
    }
}

typedef struct writer {
    const corpus *c;
    const struct model *m;
    int *column; /* our class -> liblinear's label index */
} writer;

static void row(const void *ctx, size_t i, uint64_t *key, double *w)
{
    const writer *wr = ctx;
    int feature = i < wr->c->n_keys ? (int)i + 1 : (int)wr->c->n_keys + 1;
    *key = i < wr->c->n_keys ? wr->c->keys[i] : HD_LINEAR_BIAS_KEY;
    /* liblinear keeps the bias apart: get_decfun_coef gives 0 past the last feature */
    for (int k = 0; k < wr->c->n_labels; k++)
        w[k] = wr->column[k] < 0                ? (i < wr->c->n_keys ? 0 : -1e3)
               : i < wr->c->n_keys ? get_decfun_coef(wr->m, feature, wr->column[k])
                                    : get_decfun_bias(wr->m, wr->column[k]);
}

static void report(const corpus *c, const int *predicted, const int *keep, int held_out)
{
    int n = c->n_labels;
    long *tp = calloc((size_t)n, sizeof *tp), *gold = calloc((size_t)n, sizeof *gold),
         *guess = calloc((size_t)n, sizeof *guess);
    long total = 0, right = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (held_out ? c->v[i].fold != HELD_OUT : c->v[i].fold < 0)
            continue;
        int g = c->v[i].label, p = predicted[i];
        gold[g]++;
        guess[p]++;
        tp[g] += g == p;
        right += g == p;
        total++;
    }
    double weighted = 0, macro = 0;
    int classes = 0;
    printf("%-32s %6s %6s %6s %5s\n", "class", "P", "R", "F1", "gold");
    for (int k = 0; k < n; k++) {
        if (!gold[k] && !guess[k])
            continue;
        double p = guess[k] ? (double)tp[k] / guess[k] : 0, r = gold[k] ? (double)tp[k] / gold[k] : 0;
        double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
        printf("%-32s %6.3f %6.3f %6.3f %5ld%s\n", c->labels[k], p, r, f1, gold[k], keep[k] ? "" : " (not trained)");
        weighted += f1 * (double)gold[k];
        if (gold[k]) {
            macro += f1;
            classes++;
        }
    }
    printf("%s: accuracy %.4f, weighted F1 %.4f, macro F1 %.4f (%ld examples)\n", held_out ? "held out" : "cross-validated",
           total ? (double)right / total : 0, total ? weighted / total : 0, classes ? macro / classes : 0, total);
    free(tp);
    free(gold);
    free(guess);
}

/* For a logistic model of labels "0" and "1": how well its probability of "1" is calibrated
 * (ten bins of predicted probability: examples, mean prediction, share truly "1"), and the
 * precision and recall of "1" at thresholds 0.1 .. 0.9. Texts of label "1" with no event
 * count as missed. */
static void calibration(const corpus *c, const double *prob, int held_out, const char *what)
{
    int one = -1;
    for (int k = 0; k < c->n_labels; k++)
        if (!strcmp(c->labels[k], "1"))
            one = k;
    if (one < 0)
        return;
    long n[10] = {0}, pos[10] = {0};
    double sum[10] = {0};
    for (size_t i = 0; i < c->n; i++) {
        if (held_out ? c->v[i].fold != HELD_OUT : c->v[i].fold < 0)
            continue;
        int b = prob[i] >= 1 ? 9 : (int)(prob[i] * 10);
        n[b]++;
        sum[b] += prob[i];
        pos[b] += c->v[i].label == one;
    }
    printf("%s reliability: bin, examples, mean predicted, observed share of real events\n", what);
    for (int b = 0; b < 10; b++)
        if (n[b])
            printf("  %.1f-%.1f %5ld %6.3f %6.3f\n", b / 10.0, (b + 1) / 10.0, n[b], sum[b] / n[b], (double)pos[b] / n[b]);
    long missed = held_out ? c->eventless_test[one] : 0;
    printf("%s: threshold, precision, recall of real events%s\n", what,
           missed ? " (recall counts the real texts with no event coded as missed)" : "");
    long ftp = 0, ffp = 0, ffn = missed;
    for (size_t i = 0; i < c->n; i++) {
        if (held_out ? c->v[i].fold != HELD_OUT : c->v[i].fold < 0)
            continue;
        int real = c->v[i].label == one;
        ftp += c->v[i].fact && real;
        ffp += c->v[i].fact && !real;
        ffn += !c->v[i].fact && real;
    }
    printf("  the coder's own flags (not negated; a fact, or a threat or intent as the act): %6.3f %6.3f\n", ftp + ffp ? (double)ftp / (ftp + ffp) : 0,
           ftp + ffn ? (double)ftp / (ftp + ffn) : 0);
    for (int t = 1; t <= 9; t++) {
        long tp = 0, fp = 0, fn = missed;
        for (size_t i = 0; i < c->n; i++) {
            if (held_out ? c->v[i].fold != HELD_OUT : c->v[i].fold < 0)
                continue;
            int yes = prob[i] >= t / 10.0, real = c->v[i].label == one;
            tp += yes && real;
            fp += yes && !real;
            fn += !yes && real;
        }
        printf("  %.1f %6.3f %6.3f\n", t / 10.0, tp + fp ? (double)tp / (tp + fp) : 0, tp + fn ? (double)tp / (tp + fn) : 0);
    }
}

/* the probability of label "1" (logistic models) */
static double prob_one(const corpus *c, const struct model *m, const struct feature_node *x)
{
    double p[2];
    predict_probability(m, x, p);
    for (int j = 0; j < 2; j++)
        if (!strcmp(c->labels[m->label[j]], "1"))
            return p[j];
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: herald-train events --name NAME --model HERALD.hdm [--data FILE.tsv]... [--cv FILE.tsv]\n"
                    "                           [--folds N] [--solver svm|lr] [--C C] [--min-count N] [--out IMAGE]\n"
                    "                           [--test FILE.tsv] [--per-event [--said-happened]] [--weight LABEL=W]...\n");
    return 2;
}

int train_events_main(int argc, char **argv)
{
    static const struct option options[] = {
        {"name", required_argument, 0, 'n'}, {"model", required_argument, 0, 'm'},
        {"data", required_argument, 0, 'd'}, {"cv", required_argument, 0, 'v'},
        {"folds", required_argument, 0, 'f'}, {"solver", required_argument, 0, 's'},
        {"C", required_argument, 0, 'C'},    {"min-count", required_argument, 0, 'k'},
        {"out", required_argument, 0, 'o'},  {"test", required_argument, 0, 't'},
        {"per-event", no_argument, 0, 'e'},  {"said-happened", no_argument, 0, 'H'},  {"weight", required_argument, 0, 'w'}, {0, 0, 0, 0}};
    const char **weights = calloc((size_t)argc, sizeof *weights);
    int n_weights = 0;
    const char *name = NULL, *model_path = NULL, *out = NULL, *cv = NULL, *test = NULL;
    int per_event = 0, said_happened = 0;
    const char **data = calloc((size_t)argc, sizeof *data), **cvs = calloc((size_t)argc, sizeof *cvs);
    int n_cv = 0;
    int n_data = 0, folds = 5, logistic = 0, min_count = 1;
    double C = 100;
    int o;
    while ((o = getopt_long(argc, argv, "", options, NULL)) != -1) {
        char *end = NULL;
        switch (o) {
        case 'n': name = optarg; break;
        case 'm': model_path = optarg; break;
        case 'd': data[n_data++] = optarg; break;
        case 'v': cvs[n_cv++] = cv = optarg; break;
        case 'o': out = optarg; break;
        case 't': test = optarg; break;
        case 'e': per_event = 1; break;
        case 'H': said_happened = 1; break;
        case 'w':
            if (!strchr(optarg, '=') || !(strtod(strchr(optarg, '=') + 1, &end) > 0))
                return usage();
            weights[n_weights++] = optarg;
            break;
        case 'f': folds = (int)strtol(optarg, &end, 10); break;
        case 'k': min_count = (int)strtol(optarg, &end, 10); break;
        case 'C': C = strtod(optarg, &end); break;
        case 's':
            if (strcmp(optarg, "svm") && strcmp(optarg, "lr"))
                return usage();
            logistic = !strcmp(optarg, "lr");
            break;
        default: return usage();
        }
        if (end && (*end || end == optarg))
            return usage();
    }
    if (optind != argc || !name || !model_path || strlen(name) >= HD_LINEAR_NAME || folds < 2 || folds > 20 ||
        !(C > 0) || (!n_data && !cv) || (test && !n_data && !cv))
        return usage();
    char err[300];
    hd_model *model = hd_model_open(model_path, err, sizeof err);
    if (!model)
        die(err);
    hd_coder *coder = hd_coder_new(model);
    hd_options opt = {.emit_negated = 1, .emit_actorless = 1};
    hd_coder_set_options(coder, &opt);
    hd_features *f = malloc(sizeof *f);
    corpus c = {0};
    if (said_happened) {
        c.said_happened = 1;
        c.label_zero = label_index(&c, "0");
        c.label_one = label_index(&c, "1");
    }
    c.model = model;
    long bad = 0;
    for (int i = 0; i < n_data; i++)
        bad += read_file(&c, coder, f, data[i], 0, per_event);
    for (int i = 0; i < n_cv; i++)
        bad += read_file(&c, coder, f, cvs[i], folds, per_event);
    if (test)
        bad += read_file(&c, coder, f, test, -1, per_event);
    set_bias(&c);
    int *count = calloc((size_t)c.n_labels, sizeof *count), *keep = calloc((size_t)c.n_labels, sizeof *keep);
    for (size_t i = 0; i < c.n; i++)
        count[c.v[i].label]++;
    for (int k = 0; k < c.n_labels; k++)
        keep[k] = count[k] >= min_count;
    fprintf(stderr, "%zu examples, %d labels, %zu features\n", c.n, c.n_labels, c.n_keys);
    if (logistic && c.n_labels != 2)
        die("--solver lr needs exactly two labels");
    set_print_string_function(quiet);
    struct parameter param = {.solver_type = logistic ? L2R_LR : L2R_L2LOSS_SVC, .eps = 0.01, .C = C};
    /* --weight LABEL=W: the label's texts count W times in the loss (C times W) */
    param.weight_label = calloc((size_t)n_weights + 1, sizeof *param.weight_label);
    param.weight = calloc((size_t)n_weights + 1, sizeof *param.weight);
    for (int i = 0; i < n_weights; i++) {
        char label[HD_LINEAR_LABEL];
        snprintf(label, sizeof label, "%.*s", (int)(strchr(weights[i], '=') - weights[i]), weights[i]);
        int k = -1;
        for (int j = 0; j < c.n_labels; j++)
            if (!strcmp(c.labels[j], label))
                k = j;
        if (k < 0)
            die("--weight names a label no text has");
        param.weight_label[param.nr_weight] = k;
        param.weight[param.nr_weight++] = strtod(strchr(weights[i], '=') + 1, NULL);
    }
    int *predicted = calloc(c.n, sizeof *predicted);
    double *prob = calloc(c.n, sizeof *prob);
    if (cv) {
        for (int fold = 0; fold < folds; fold++) {
            struct model *m = fit(&c, &param, fold, keep);
            for (size_t i = 0; i < c.n; i++)
                if (c.v[i].fold == fold) {
                    predicted[i] = (int)predict(m, c.v[i].x);
                    prob[i] = logistic ? prob_one(&c, m, c.v[i].x) : 0;
                }
            free_and_destroy_model(&m);
        }
        report(&c, predicted, keep, 0);
        if (logistic)
            calibration(&c, prob, 0, "cross-validated");
    }
    if (test) {
        struct model *m = fit(&c, &param, -1, keep);
        for (size_t i = 0; i < c.n; i++)
            if (c.v[i].fold == HELD_OUT) {
                predicted[i] = (int)predict(m, c.v[i].x);
                prob[i] = logistic ? prob_one(&c, m, c.v[i].x) : 0;
            }
        free_and_destroy_model(&m);
        report(&c, predicted, keep, 1);
        if (logistic)
            calibration(&c, prob, 1, "held out");
    }
    int rc = 0;
    if (out) {
        struct model *m = fit(&c, &param, -1, keep);
        writer wr = {&c, m, calloc((size_t)c.n_labels, sizeof(int))};
        for (int k = 0; k < c.n_labels; k++) {
            wr.column[k] = -1;
            for (int j = 0; j < m->nr_class; j++)
                if (m->label[j] == k)
                    wr.column[k] = j;
        }
        FILE *fo = fopen(out, "wb");
        if (!fo || !hd_linear_write(name, logistic ? HD_LINEAR_LOGISTIC : 0, c.n_labels, (const char *const *)c.labels,
                                    row, &wr, c.n_keys + 1, 1e-4, fo) || fclose(fo) != 0)
            die("cannot write the model image");
        /* the image as herald reads it must decide as liblinear does */
        size_t size;
        FILE *fi = fopen(out, "rb");
        fseek(fi, 0, SEEK_END);
        size = (size_t)ftell(fi);
        rewind(fi);
        void *img = NULL;
        if (posix_memalign(&img, 8, size) != 0 || fread(img, 1, size, fi) != size)
            die("cannot read the model image back");
        fclose(fi);
        hd_linear lin;
        size_t used;
        if (hd_linear_open(&lin, img, size, &used, err, sizeof err) != 0)
            die(err);
        long same = 0, right = 0;
        float scores[HD_LINEAR_MAX_CLASSES];
        uint64_t *keys = malloc(HD_FEATURES_MAX * sizeof *keys);
        for (size_t i = 0; i < c.n; i++) {
            size_t n = 0;
            for (const struct feature_node *x = c.v[i].x; x->index != -1 && x->index <= (int)c.n_keys; x++)
                keys[n++] = c.keys[x->index - 1];
            hd_linear_scores(&lin, keys, n, scores);
            int theirs = (int)predict(m, c.v[i].x);
            same += hd_linear_best(&lin, scores) == theirs;
            right += theirs == c.v[i].label;
        }
        printf("%s: %zu bytes; on its own training texts liblinear is right on %ld of %zu, and the image decides "
               "as liblinear does on %ld\n", out, size, right, c.n, same);
        free(keys);
        free(img);
        free(wr.column);
        free_and_destroy_model(&m);
    }
    for (size_t i = 0; i < c.n; i++) {
        free(c.v[i].id);
        free(c.v[i].x);
    }
    for (int k = 0; k < c.n_labels; k++)
        free(c.labels[k]);
    free(c.labels);
    free(c.v);
    free(c.keys);
    free(c.slot_key);
    free(c.slot_index);
    free(count);
    free(keep);
    free(predicted);
    free(prob);
    free(param.weight_label);
    free(param.weight);
    free(weights);
    free(f);
    free(data);
    free(cvs);
    hd_coder_free(coder);
    hd_model_free(model);
    return rc || bad ? 1 : 0;
}
