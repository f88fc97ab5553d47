# gradlab: build, test, benchmark and install.
#   make          build build/gradlab
#   make run      install missing Debian packages, build, start gradlab
#   make test     install missing Debian packages, build, run every test
#   make asan     the tests under AddressSanitizer and UBSan
#   make fuzz     libFuzzer on the JSON request, lesson and state parsers (not in make test)
#   make bench    time the built-in checks and models
#   make install  PREFIX=/usr/local DESTDIR=

CC ?= cc
PREFIX ?= /usr/local
BUILD ?= build
WERROR ?= $(filter true 1,$(CI))
OPT ?= -O2
VERSION := 0.1.0

PKGS := ncursesw json-c
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -DGRADLAB_VERSION='"$(VERSION)"' \
	-DGRADLAB_DATADIR='"$(PREFIX)/share/gradlab"' -Isrc \
	-Wall -Wextra -Wshadow $(if $(WERROR),-Werror) -g $(OPT) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

LIB_SRC := $(sort $(filter-out src/cli/main.c,$(wildcard src/*/*.c)))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/grade/harness_text.o
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
FUZZ_NAMES := grad lesson state

.PHONY: all run test asan bench bench-compare install deps clean check-tests fuzz fuzz-build \
	fuzz-replay
all: $(BUILD)/gradlab

deps:
	@sh tools/deps.sh

# The matrix product may fuse multiply-adds (FMA): faster, and no less exact.
$(BUILD)/obj/core/mat.o: CFLAGS += -ffp-contract=fast

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -MMD -MP -c $< -o $@

# The harness program every learner's file is linked with, compiled here (its own flags: no
# sanitizer, it runs in the learners' programs) and embedded in gradlab (see the .S file).
$(BUILD)/obj/grade/gradlab_harness.o: src/grade/harness/gradlab_harness.c \
		src/grade/harness/protocol.h exercises/gradlab_exercise.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -Wall -Wextra -Wshadow $(if $(WERROR),-Werror) \
		-Iexercises -c $< -o $@

$(BUILD)/obj/grade/harness_text.o: src/grade/harness_text.S $(BUILD)/obj/grade/gradlab_harness.o
	$(CC) -DHARNESS_OBJECT='"$(BUILD)/obj/grade/gradlab_harness.o"' -c $< -o $@

$(BUILD)/libgradlab.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/gradlab: $(BUILD)/obj/cli/main.o $(BUILD)/libgradlab.a
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -o $@ $^ $(LIBS) $(LDFLAGS)

$(BUILD)/tests/%: tests/%.c $(wildcard tests/*.h) $(BUILD)/libgradlab.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -Itests -o $@ $< $(BUILD)/libgradlab.a $(TEST_LIBS) $(LIBS) $(LDFLAGS)

run: deps $(BUILD)/gradlab
	./$(BUILD)/gradlab

# Every cmocka binary, then the command-line tests against the real binary. The saved fuzz
# inputs are replayed under the sanitizers (tests/fuzz_replay.sh), from build-asan.
check-tests: $(BUILD)/gradlab $(TEST_BIN) fuzz-replay
	@GRADLAB_FUZZ_REPLAY=$(SAN_BUILD)/fuzz sh tests/run.sh $(BUILD)

test: deps
	@$(MAKE) --no-print-directory check-tests

# float-cast-overflow: not in gcc's "undefined" (it is in clang's, which the fuzzer used).
ASAN_FLAGS := -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_BUILD := build-asan
asan:
	@$(MAKE) --no-print-directory check-tests BUILD=$(SAN_BUILD) OPT=-O1 \
		CFLAGS="$(ASAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined"

# {==== Fuzzing: tests/fuzz/README ====
# Each target tests/fuzz/fuzz_NAME.c is built two ways. make test builds it with a plain main
# into $(SAN_BUILD)/fuzz/replay_NAME (sharing make asan's objects) and replays every saved
# input under the sanitizers (tests/fuzz_replay.sh). make fuzz builds it with clang's
# libFuzzer into $(FUZZ_BUILD) and runs each target for FUZZ_SECONDS on a copy of its seeds;
# what it finds goes to $(FUZZ_BUILD)/found/.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/standalone.c $(BUILD)/libgradlab.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -o $@ $< tests/fuzz/standalone.c $(BUILD)/libgradlab.a $(LIBS) $(LDFLAGS)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libgradlab.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libgradlab.a $(LIBS) $(LDFLAGS)

fuzz-replay:
	@$(MAKE) --no-print-directory BUILD=$(SAN_BUILD) OPT=-O1 CFLAGS="$(ASAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined" $(FUZZ_NAMES:%=$(SAN_BUILD)/fuzz/replay_%)

fuzz-build:
	@sh tools/deps.sh fuzz
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang OPT=-O1 \
		CFLAGS="$(ASAN_FLAGS) -fsanitize=fuzzer-no-link" LDFLAGS="$(ASAN_FLAGS)" \
		$(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz/fuzz_%)

fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_NAMES)
# }====

$(BUILD)/bench: bench/bench.c $(BUILD)/libgradlab.a
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -o $@ $< $(BUILD)/libgradlab.a $(LIBS)

bench: $(BUILD)/bench
	./$(BUILD)/bench

# The same work in PyTorch (Debian's python3-torch), timed in the same run, with ratios.
bench-compare: $(BUILD)/bench
	@/usr/bin/python3 -c 'import torch' 2>/dev/null || { \
		echo "bench-compare needs PyTorch: sudo apt-get install python3-torch"; exit 1; }
	/usr/bin/python3 bench/torch_bench.py ./$(BUILD)/bench

install: $(BUILD)/gradlab
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/gradlab/lessons \
		$(DESTDIR)$(PREFIX)/share/gradlab/exercises $(DESTDIR)$(PREFIX)/share/gradlab/solutions
	install -m 755 $(BUILD)/gradlab $(DESTDIR)$(PREFIX)/bin/gradlab
	install -m 644 doc/gradlab.1 $(DESTDIR)$(PREFIX)/share/man/man1/gradlab.1
	cp -R lessons/. $(DESTDIR)$(PREFIX)/share/gradlab/lessons/
	cp -R exercises/. $(DESTDIR)$(PREFIX)/share/gradlab/exercises/
	cp -R solutions/. $(DESTDIR)$(PREFIX)/share/gradlab/solutions/

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/cli/main.d
