# gradlab: build, test, benchmark and install.
#   make          build build/gradlab
#   make run      install missing Debian packages, build, start gradlab
#   make test     install missing Debian packages, build, run every test
#   make asan     the tests under AddressSanitizer and UBSan
#   make fuzz     libFuzzer on the JSON request, lesson and state parsers (not in make test)
#   make bench    time the built-in checks, models and training iterations
#   make install  PREFIX=/usr/local DESTDIR=
#   BLAS=auto|openblas|own  the large matrix products through OpenBLAS (auto: when installed)

CC ?= cc
PREFIX ?= /usr/local
BUILD ?= build
WERROR ?= $(filter true 1,$(CI))
OPT ?= -O2
VERSION := 0.1.0

.DEFAULT_GOAL := all
PKGS := ncursesw json-c
# pkg-config is asked once here; when it fails, the first thing built says why and stops
# (the flags stamp below, and each test for cmocka), instead of a compiler error about a
# missing header or a link error later. `make clean` and `make deps` need none of it.
PKG_OK := $(shell pkg-config --exists $(PKGS) 2>/dev/null && echo ok)
CMOCKA_OK := $(shell pkg-config --exists cmocka 2>/dev/null && echo ok)
# {==== The BLAS: BLAS=auto|openblas|own ====
# auto (the default): OpenBLAS when pkg-config finds it (Debian's libopenblas-dev), else the
# own kernel; openblas: OpenBLAS or stop; own: the own kernel only. src/core/mat.c sends the
# large products to OpenBLAS (src/core/blas.c); the choice is in the flags stamp.
BLAS ?= auto
ifeq ($(filter auto openblas own,$(BLAS)),)
$(error BLAS=$(BLAS): say auto, openblas or own)
endif
OPENBLAS_OK := $(if $(filter own,$(BLAS)),,$(shell pkg-config --exists openblas 2>/dev/null && echo ok))
BLAS_USED := $(if $(filter openblas,$(BLAS)),openblas,$(if $(OPENBLAS_OK),openblas,own))
BLAS_CFLAGS := $(if $(filter openblas,$(BLAS_USED)),-DGRADLAB_OPENBLAS \
	$(shell pkg-config --cflags openblas 2>/dev/null))
BLAS_LIBS := $(if $(filter openblas,$(BLAS_USED)),$(shell pkg-config --libs openblas 2>/dev/null))
# }====
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -DGRADLAB_VERSION='"$(VERSION)"' \
	-DGRADLAB_DATADIR='"$(PREFIX)/share/gradlab"' -Isrc \
	-Wall -Wextra -Wshadow $(if $(WERROR),-Werror) -g $(OPT) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(BLAS_CFLAGS)
LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(BLAS_LIBS) -lm
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)
# pkg_check MODULES: stop with pkg-config's own words when MODULES cannot be found.
pkg_check = command -v pkg-config >/dev/null 2>&1 || { \
		echo "make: pkg-config is not installed; it finds $(1) (sh tools/deps.sh installs it)" >&2; \
		exit 1; }; \
	pkg-config --print-errors --exists $(1) || { \
		echo "make: pkg-config cannot find $(1) (sh tools/deps.sh installs the packages)" >&2; \
		exit 1; }

# {==== The flags stamp ====
# Everything that changes what the compiler and linker make, written to $(STAMP) when it
# differs from what is there, so that every object depends on it: `make install PREFIX=/opt/x`
# after a plain `make` rebuilds (the data folder is compiled in), as does a new CFLAGS or OPT.
STAMP := $(BUILD)/flags.stamp
STAMP_TEXT := CC=$(CC) PREFIX=$(PREFIX) BLAS=$(BLAS_USED) CFLAGS_BASE=$(CFLAGS_BASE) CFLAGS=$(CFLAGS) \
	LDFLAGS=$(LDFLAGS) LIBS=$(LIBS) TEST_LIBS=$(TEST_LIBS)
# The text quoted for the shell's printf: every ' becomes '\''.
STAMP_QUOTED := '$(subst ','\'',$(STAMP_TEXT))'

$(STAMP): FORCE
	@if [ "$(PKG_OK)" != ok ]; then $(call pkg_check,$(PKGS)); fi
	@if [ "$(BLAS)" = openblas ] && [ "$(OPENBLAS_OK)" != ok ]; then $(call pkg_check,openblas); fi
	@mkdir -p $(dir $@)
	@printf '%s\n' $(STAMP_QUOTED) | cmp -s - $@ || { \
		[ ! -f $@ ] || echo "the build flags changed: rebuilding $(BUILD)"; \
		printf '%s\n' $(STAMP_QUOTED) >$@; }
FORCE:
# }====

LIB_SRC := $(sort $(filter-out src/cli/main.c,$(wildcard src/*/*.c)))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/grade/harness_text.o
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
FUZZ_NAMES := grad lesson state step

.PHONY: all run test asan bench bench-compare install deps clean check-tests fuzz fuzz-build \
	fuzz-replay FORCE
all: $(BUILD)/gradlab

deps:
	@sh tools/deps.sh

# The matrix product may fuse multiply-adds (FMA): faster, and no less exact. private: not
# passed on to the flags stamp, which mat.o depends on like every object.
$(BUILD)/obj/core/mat.o: private CFLAGS += -ffp-contract=fast

$(BUILD)/obj/%.o: src/%.c $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -MMD -MP -c $< -o $@

# The harness program every learner's file is linked with, compiled here (its own flags: no
# sanitizer, it runs in the learners' programs) and embedded in gradlab (see the .S file).
$(BUILD)/obj/grade/gradlab_harness.o: src/grade/harness/gradlab_harness.c \
		src/grade/harness/protocol.h exercises/gradlab_exercise.h $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -Wall -Wextra -Wshadow $(if $(WERROR),-Werror) \
		-Iexercises -c $< -o $@

$(BUILD)/obj/grade/harness_text.o: src/grade/harness_text.S $(BUILD)/obj/grade/gradlab_harness.o \
		$(STAMP)
	$(CC) -DHARNESS_OBJECT='"$(BUILD)/obj/grade/gradlab_harness.o"' -c $< -o $@

$(BUILD)/libgradlab.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/gradlab: $(BUILD)/obj/cli/main.o $(BUILD)/libgradlab.a $(STAMP)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -o $@ $(filter-out $(STAMP),$^) $(LIBS) $(LDFLAGS)

$(BUILD)/tests/%: tests/%.c $(wildcard tests/*.h) $(BUILD)/libgradlab.a $(STAMP)
	@if [ "$(CMOCKA_OK)" != ok ]; then $(call pkg_check,cmocka); fi
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
	@GRADLAB_QUOTED_FIGURES=skip $(MAKE) --no-print-directory check-tests BUILD=$(SAN_BUILD) OPT=-O1 \
		CFLAGS="$(ASAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined"

# {==== Fuzzing: tests/fuzz/README ====
# Each target tests/fuzz/fuzz_NAME.c is built two ways. make test builds it with a plain main
# into $(SAN_BUILD)/fuzz/replay_NAME (sharing make asan's objects) and replays every saved
# input under the sanitizers (tests/fuzz_replay.sh). make fuzz builds it with clang's
# libFuzzer into $(FUZZ_BUILD) and runs each target for FUZZ_SECONDS on a copy of its seeds;
# what it finds goes to $(FUZZ_BUILD)/found/.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/standalone.c $(BUILD)/libgradlab.a $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -o $@ $< tests/fuzz/standalone.c $(BUILD)/libgradlab.a $(LIBS) $(LDFLAGS)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libgradlab.a $(STAMP)
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

$(BUILD)/bench: bench/bench.c $(BUILD)/libgradlab.a $(STAMP)
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -o $@ $< $(BUILD)/libgradlab.a $(LIBS)

bench: $(BUILD)/bench $(BUILD)/gradlab
	./$(BUILD)/bench

# The same work in PyTorch (Debian's python3-torch), timed in the same run, with ratios:
# three runs of each side in turn, medians and spread (bench/torch_bench.py). `./build/bench
# adding`, `charlm` or `lstm` times one piece alone (for perf record); `gemm` measures the
# own kernel against OpenBLAS (the crossover in src/core/mat.c).
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

# $(BUILD); with the default BUILD, the sanitizer and fuzzing builds too. Never a folder that
# holds more than a build (BUILD=. or BUILD=/ or the sources).
CLEAN_DIRS := $(BUILD) $(if $(filter build,$(BUILD)),$(SAN_BUILD) $(FUZZ_BUILD))
clean:
	@for d in $(CLEAN_DIRS); do \
		case $$d in \
		/ | . | .. | ./ | ../ | src | src/* | tests | tests/* | "$$HOME") \
			echo "make clean: refusing to remove $$d" >&2; exit 2 ;; \
		esac; \
		[ -d "$$d" ] && [ -e "$$d/gradlab" -o -e "$$d/flags.stamp" -o -e "$$d/obj" -o -e "$$d/fuzz" ] || \
			{ [ ! -e "$$d" ] || \
			  echo "make clean: $$d does not look like a build folder; not removing it" >&2; \
			  continue; }; \
		echo "rm -rf $$d"; rm -rf "$$d"; \
	done

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/cli/main.d
