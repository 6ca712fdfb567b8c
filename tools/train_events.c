/* train_events.c: `herald-train events`, which learns a classifier of events (model/hd_linear.h)
 * with liblinear from labelled texts, says how well it does by cross-validation, and writes
 * the image that herald-dictc embeds.
 *
 *   herald-train events --name NAME --model HERALD.hdm [--data FILE.tsv]... [--cv FILE.tsv]
 *                       [--folds N] [--solver svm|lr] [--C C] [--min-count N] [--out IMAGE]
 *
 * Every FILE is "id<TAB>text<TAB>label" lines (a first line "id<TAB>..." is a header). Each text
 * is coded with the dictionary image (every act it states, with or without actors) and
 * described by the features of typing/hd_features.h. The texts of --cv are split into --folds
 * folds by their numeric id (id mod N); each fold is predicted by a model trained on the other
 * folds and on every --data text, and the per-class precision, recall and F1 and the weighted
 * F1 of those predictions are printed: the fold scored is never trained on. The final model
 * learns from every text. --solver svm is liblinear's L2-regularised L2-loss SVM (primal),
 * lr its L2-regularised logistic regression, whose scores are probabilities (two classes
 * only). Labels seen in fewer than --min-count texts (default 1) are left out. */
#include <getopt.h>
#include <linear.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "model/hd_linear.h"
#include "typing/hd_features.h"

typedef struct example {
    char *id;
    int label; /* index into the label table */
    int fold;  /* -1: always trained on (a --data text) */
    struct feature_node *x; /* liblinear's row, index-sorted, ended by index -1 */
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

static int add_event(void *user, const hd_event *e)
{
    hd_features_event(user, e);
    return 0;
}

static int by_index(const void *a, const void *b)
{
    return ((const struct feature_node *)a)->index - ((const struct feature_node *)b)->index;
}

/* codes one text and keeps its features as a liblinear row */
static int describe(corpus *c, hd_coder *coder, hd_features *f, const char *id, const char *text,
                    struct feature_node **row)
{
    hd_doc doc = {.id = id, .text = text, .text_len = strlen(text)};
    hd_features_clear(f);
    if (hd_code_document(coder, &doc, add_event, f) < 0)
        return -1;
    hd_features_words(f, c->model, text, strlen(text));
    hd_features_finish(f);
    struct feature_node *x = xrealloc(NULL, (f->n + 2) * sizeof *x);
    double value = f->n ? 1.0 / sqrt((double)f->n) : 0;
    for (size_t i = 0; i < f->n; i++)
        x[i] = (struct feature_node){feature_index(c, f->keys[i]), value};
    qsort(x, f->n, sizeof *x, by_index);
    x[f->n] = (struct feature_node){-1, 0}; /* the bias slot is filled in once n is known */
    x[f->n + 1] = (struct feature_node){-1, 0};
    *row = x;
    return 0;
}

static long read_file(corpus *c, hd_coder *coder, hd_features *f, const char *path, int folds)
{
    FILE *in = fopen(path, "r");
    if (!in) {
        perror(path);
        exit(1);
    }
    char *line = NULL;
    size_t cap = 0;
    long line_no = 0, bad = 0, count = 0;
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
        int k = label_index(c, label);
        if (k < 0) {
            fprintf(stderr, "%s:%ld: label too long or too many labels (skipped)\n", path, line_no);
            bad++;
            continue;
        }
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 1024;
            c->v = xrealloc(c->v, c->cap * sizeof *c->v);
        }
        example *e = &c->v[c->n];
        char *end;
        long id = strtol(line, &end, 10);
        if (*end || end == line) /* an id that is not a number: its hash decides */
            for (id = 0, end = line; *end; end++)
                id = id * 31 + (unsigned char)*end % 97;
        e->fold = folds ? (int)((id % folds + folds) % folds) : -1;
        e->label = k;
        e->id = strdup(line);
        if (describe(c, coder, f, line, text, &e->x) != 0) {
            fprintf(stderr, "%s:%ld: %s (skipped)\n", path, line_no, hd_coder_error(coder));
            free(e->id);
            bad++;
            continue;
        }
        c->n++;
        count++;
    }
    free(line);
    fclose(in);
    fprintf(stderr, "%s: %ld texts%s\n", path, count, bad ? " (some skipped)" : "");
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
        if ((held_fold >= 0 && e->fold == held_fold) || !keep[e->label])
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
    for (int k = 0; k < wr->c->n_labels; k++)
        w[k] = wr->column[k] < 0 ? (i < wr->c->n_keys ? 0 : -1e3)
                                 : get_decfun_coef(wr->m, feature, wr->column[k]);
}

static void report(const corpus *c, const int *predicted, const int *keep)
{
    int n = c->n_labels;
    long *tp = calloc((size_t)n, sizeof *tp), *gold = calloc((size_t)n, sizeof *gold),
         *guess = calloc((size_t)n, sizeof *guess);
    long total = 0, right = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->v[i].fold < 0)
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
    printf("cross-validated: accuracy %.4f, weighted F1 %.4f, macro F1 %.4f (%ld texts)\n",
           total ? (double)right / total : 0, total ? weighted / total : 0, classes ? macro / classes : 0, total);
    free(tp);
    free(gold);
    free(guess);
}

static int usage(void)
{
    fprintf(stderr, "usage: herald-train events --name NAME --model HERALD.hdm [--data FILE.tsv]... [--cv FILE.tsv]\n"
                    "                           [--folds N] [--solver svm|lr] [--C C] [--min-count N] [--out IMAGE]\n");
    return 2;
}

int train_events_main(int argc, char **argv)
{
    static const struct option options[] = {
        {"name", required_argument, 0, 'n'}, {"model", required_argument, 0, 'm'},
        {"data", required_argument, 0, 'd'}, {"cv", required_argument, 0, 'v'},
        {"folds", required_argument, 0, 'f'}, {"solver", required_argument, 0, 's'},
        {"C", required_argument, 0, 'C'},    {"min-count", required_argument, 0, 'k'},
        {"out", required_argument, 0, 'o'},  {0, 0, 0, 0}};
    const char *name = NULL, *model_path = NULL, *out = NULL, *cv = NULL;
    const char **data = calloc((size_t)argc, sizeof *data);
    int n_data = 0, folds = 5, logistic = 0, min_count = 1;
    double C = 100;
    int o;
    while ((o = getopt_long(argc, argv, "", options, NULL)) != -1) {
        char *end = NULL;
        switch (o) {
        case 'n': name = optarg; break;
        case 'm': model_path = optarg; break;
        case 'd': data[n_data++] = optarg; break;
        case 'v': cv = optarg; break;
        case 'o': out = optarg; break;
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
        !(C > 0) || (!n_data && !cv))
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
    c.model = model;
    long bad = 0;
    for (int i = 0; i < n_data; i++)
        bad += read_file(&c, coder, f, data[i], 0);
    if (cv)
        bad += read_file(&c, coder, f, cv, folds);
    set_bias(&c);
    int *count = calloc((size_t)c.n_labels, sizeof *count), *keep = calloc((size_t)c.n_labels, sizeof *keep);
    for (size_t i = 0; i < c.n; i++)
        count[c.v[i].label]++;
    for (int k = 0; k < c.n_labels; k++)
        keep[k] = count[k] >= min_count;
    fprintf(stderr, "%zu texts, %d labels, %zu features\n", c.n, c.n_labels, c.n_keys);
    if (logistic && c.n_labels != 2)
        die("--solver lr needs exactly two labels");
    set_print_string_function(quiet);
    struct parameter param = {.solver_type = logistic ? L2R_LR : L2R_L2LOSS_SVC, .eps = 0.01, .C = C};
    int *predicted = calloc(c.n, sizeof *predicted);
    if (cv) {
        for (int fold = 0; fold < folds; fold++) {
            struct model *m = fit(&c, &param, fold, keep);
            for (size_t i = 0; i < c.n; i++)
                if (c.v[i].fold == fold)
                    predicted[i] = (int)predict(m, c.v[i].x);
            free_and_destroy_model(&m);
        }
        report(&c, predicted, keep);
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
    free(f);
    free(data);
    hd_coder_free(coder);
    hd_model_free(model);
    return rc || bad ? 1 : 0;
}
