/* fuzz_code.c: libFuzzer target for the coder. Any bytes become a document (title and text split
 * at the first 0x01 byte), coded with places, with each option the first byte selects, written
 * in both output formats, with its entities, its CASE label and hd_explain's trace. The coder
 * must code or reject the document, never crash, read out of bounds or leak. */
#include "fuzz_common.h"

static fuzz_env env;

static int write_event(void *user, const hd_event *ev)
{
    FILE *f = user;
    hd_event_write(ev, HD_FORMAT_JSONL, f);
    hd_event_write(ev, HD_FORMAT_GDELT, f);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    env = fuzz_load();
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned flags = data[0];
    data++;
    size--;
    const unsigned char *cut = memchr(data, 1, size);
    size_t title_len = cut ? (size_t)(cut - data) : 0;
    char *title = cut ? fuzz_str(data, title_len) : NULL;
    const unsigned char *body = cut ? cut + 1 : data;
    size_t body_len = cut ? size - title_len - 1 : size;
    char *text = fuzz_str(body, body_len);
    hd_options opt = {.emit_negated = (flags & 1) != 0, .emit_hypothetical = (flags & 2) != 0,
                      .entities = (flags & 4) != 0, .emit_actorless = (flags & 128) != 0};
    hd_coder_set_options(env.coder, &opt);
    hd_doc d;
    memset(&d, 0, sizeof d);
    d.id = "fuzz";
    d.text = text;
    d.text_len = body_len;
    d.title = title;
    d.date = (flags & 8) ? "2015-10-01" : NULL;
    d.source = (flags & 16) ? "Fuzz Times" : NULL;
    if (hd_code_document(env.coder, &d, write_event, env.devnull) >= 0 && opt.entities)
        hd_entities_write(hd_coder_entities(env.coder), env.devnull);
    if (flags & 32)
        hd_classify_document(env.coder, &d);
    if ((flags & 64) && body_len < 2048)
        hd_explain(env.model, env.gaz, text, body_len, d.date, env.devnull);
    free(title);
    free(text);
    return 0;
}
