# libFuzzer targets of the parsers and loaders (tests/fuzz/README.md): every
# tests/fuzz/fuzz_*.c is one (fuzz_summary: compare's and plot's summary.json; fuzz_compare:
# two of them compared).  Included by the Makefile after its DEB_* lists and build variables (it uses LIB_SRCS, PKG_CFLAGS, LDLIBS, WARN, VERSION).
#
#   make fuzz         each target for FUZZ_SECONDS (default 300)
#   make check-fuzz   each target for 60 s; appends "N passed, N failed" to build/check/counts
#
# Crashes are kept under build/fuzz/crashes/, the grown corpus under build/fuzz/corpus/.

# libFuzzer on Debian 12: clang (clang-14) and its runtime, libclang_rt.fuzzer-x86_64.a, in
# libclang-rt-14-dev (only recommended by clang, so named here: deps install without
# recommends).
DEB_FUZZ := clang libclang-rt-14-dev
DEB_TEST += $(DEB_FUZZ)

CLANG ?= clang
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# The library is built with coverage instrumentation but without the gcc-only -Werror of
# the main build (clang warns differently; the gcc build is the one that enforces them).
FUZZ_CFLAGS = -std=gnu11 -D_GNU_SOURCE -Isrc -DLB_VERSION='"$(VERSION)"' $(PKG_CFLAGS) \
	-g -O1 -MMD -MP $(FUZZ_SAN)
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=build/fuzz/obj/%.o)

.PHONY: fuzz check-fuzz fuzz-build
fuzz-build: $(FUZZ_TARGETS) build/fuzz/seeds/.stamp

build/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -w -c -o $@ $<

build/fuzz/liblb.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/liblb.a
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) $(WARN) -fsanitize=fuzzer -o $@ $< build/fuzz/liblb.a $(LDLIBS)

# The seed corpora, from the scenario files, the unit tests and the summary.json fixtures of
# compare (tests/fuzz/seeds.sh).
build/fuzz/seeds/.stamp: tests/fuzz/seeds.sh $(shell find scenarios tests/scenarios tests/fuzz/corpus tests/fixtures/compare -type f) \
		tests/unit/test_expect.c tests/unit/test_shellsplit.c tests/unit/test_units.c
	tests/fuzz/seeds.sh build/fuzz/seeds
	@touch $@

fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_SECONDS) build/fuzz $(FUZZ_TARGETS)

check-fuzz: fuzz-build
	@mkdir -p build/check
	@tests/fuzz/run.sh 60 build/fuzz $(FUZZ_TARGETS) | tee build/check/fuzz.log; \
	tail -n 1 build/check/fuzz.log | sed 's/^[a-z-]*: //' >> build/check/counts; \
	! tail -n 1 build/check/fuzz.log | grep -qv ' 0 failed'
