# limitbench — build, test, demo, bench.
#
#   make            build ./limitbench: static, with musl, once `make deps` built the musl
#                   libraries (mk/musl.mk); dynamic, with glibc, until then
#   make deps       install the Debian packages the build needs, build the musl libraries
#   make check      install what the tests need, then unit tests (ASan/UBSan), integration
#                   tests (real containers, root) and the cgroup v2 lane (a VM)
#   make demo       install, build, run scenarios/mem.scn
#   make bench      hyperfine benchmarks side by side with their peers
#   make install PREFIX=/usr/local

VERSION := 0.1.0
PREFIX ?= /usr/local
CC ?= cc
CFLAGS ?= -O2 -g
PKGS := yaml-0.1 libcap jansson

# Debian packages: to build, to test, for the v2 VM lane, for benchmarks and the demo.
# libc6-dev is only recommended by gcc, and deps install without recommends: named here, or a
# fresh Debian has no <stdint.h> (tests/build checks every header's package is in this list's
# dependencies).
DEB_BUILD := gcc libc6-dev make pkg-config libyaml-dev libcap-dev libjansson-dev
# binutils: readelf for the hardening check; groff-base: the man page check; libxml2-utils:
# xmllint, which validates the JUnit output against Jenkins' schema (tests/fixtures/junit).
DEB_TEST := libcmocka-dev stress gnuplot-nox procps util-linux valgrind binutils groff-base \
	libxml2-utils
# i13-suite: perl has prove(1), which reads `run --tap` in t_tap.
DEB_TEST += perl
DEB_VM := qemu-system-x86 busybox-static cpio stress xz-utils
DEB_BENCH := hyperfine cgroup-tools runc crun busybox-static

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wswitch-default -Wundef -Wvla -Wno-unused-parameter
PKG_CONFIG ?= pkg-config
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
# A root tool is built hardened: stack protector, fortified libc calls (level 3 where the
# compiler and libc have it; musl has no fortified headers, so there only the glibc build
# gets them), position-independent (static-pie for musl: mk/musl.mk), full RELRO and
# immediate binding.  tests/build/t_hardening.sh checks the binaries with readelf.
FORTIFY := $(shell $(CC) -O2 -D_FORTIFY_SOURCE=3 -include stdio.h -E -dM -x c /dev/null 2>/dev/null | \
	grep -q '__USE_FORTIFY_LEVEL 3' && echo 3 || echo 2)
HARDEN_CFLAGS := -fstack-protector-strong -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=$(FORTIFY) -fPIE
HARDEN_LDFLAGS := -Wl,-z,relro,-z,now,-z,noexecstack
ALL_CFLAGS = -std=gnu11 $(WARN) -D_GNU_SOURCE -Isrc -DLB_VERSION='"$(VERSION)"' $(PKG_CFLAGS) \
	-MMD -MP $(CFLAGS)
LDLIBS = $(PKG_LIBS) -lm
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRCS := $(shell find src -name '*.c' | sort)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
OBJS := $(SRCS:%.c=build/obj/%.o)
SAN_LIB_OBJS := $(LIB_SRCS:%.c=build/san/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=build/san/tests/%)

.PHONY: all deps deps-build deps-test deps-vm deps-bench check check-build check-unit check-integration \
	check-v2 fuzz demo bench install clean format format-check
all: limitbench

include mk/musl.mk

# ./limitbench: static musl once `make deps` built the libraries (mk/musl.mk says why).
ifeq ($(LB_FLAVOR),musl)
limitbench: $(MUSL_OBJS) $(MUSL_STAMP) $(MUSL_PIE_SPECS) build/limitbench.flavor
	$(MUSL_REALCC) -specs $(MUSL_PIE_SPECS) $(CFLAGS) $(HARDEN_LDFLAGS) -o $@ $(MUSL_OBJS) \
		$(MUSL_LDLIBS)
else
limitbench: build/limitbench-glibc build/limitbench.flavor
	@echo "limitbench: no musl libraries (make deps-musl): a dynamic glibc build"
	cp $< $@
endif

# The glibc flavour: ./limitbench until `make deps` built the musl libraries, and the build
# whose fortified calls tests/build checks.
build/limitbench-glibc: $(OBJS)
	$(CC) $(CFLAGS) -pie $(HARDEN_LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

build/obj/%.o: %.c | build-prereqs
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(HARDEN_CFLAGS) -c -o $@ $<

# `make` before `make deps`: say so, instead of a compiler error about a missing header.
.PHONY: build-prereqs
build-prereqs:
	@if ! echo '#include <stdint.h>' | $(CC) -E - >/dev/null 2>&1 || \
	    ! $(PKG_CONFIG) --exists $(PKGS) >/dev/null 2>&1; then \
		echo "limitbench: the build needs $(DEB_BUILD)"; \
		echo "limitbench: run 'make deps' first (as root: it installs them with apt-get)"; \
		exit 2; \
	fi

# The same program built with ASan/UBSan: what the unit and integration tests run.
build/san/limitbench: build/san/src/main.o $(SAN_LIB_OBJS)
	$(CC) $(SAN) -o $@ $^ $(LDLIBS)

build/san/%.o: %.c | build-prereqs
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c -o $@ $<

build/san/tests/%: tests/unit/%.c $(SAN_LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -Itests/unit -o $@ $(filter %.c %.o,$^) $(LDLIBS) -lcmocka

-include $(shell find build -name '*.d' 2>/dev/null)

# libFuzzer targets: make fuzz, make check-fuzz (tests/fuzz/README.md).
fuzz: deps-test
include mk/fuzz.mk

# --- dependencies: install the Debian packages that are missing -------------------------
define install_missing
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef
deps: deps-build deps-musl
deps-build:
	$(call install_missing,$(DEB_BUILD))
deps-test: deps
	$(call install_missing,$(DEB_TEST))
deps-vm: deps
	$(call install_missing,$(DEB_VM))
deps-bench: deps
	$(call install_missing,$(DEB_BENCH))

# --- tests ---------------------------------------------------------------------------------
# Every suite appends "N passed, N failed" to build/check/counts; `check` adds them up.
check: deps-test deps-vm
	@rm -rf build/check && mkdir -p build/check
	@$(MAKE) -k --no-print-directory check-build check-unit check-integration check-fuzz check-v2; \
	rc=$$?; \
	awk '{p += $$1; f += $$3} END {printf "\ncheck: %d passed, %d failed\n", p, f; exit (f > 0)}' \
		build/check/counts && exit $$rc

# The build itself: hardening of the binaries, `make deps` on a fresh Debian, the man pages.
check-build: limitbench build/limitbench-glibc
	@mkdir -p build/check
	@tests/build/run.sh | tee build/check/build.log; \
	tail -n 1 build/check/build.log | sed 's/^[a-z-]*: //' >> build/check/counts; \
	! tail -n 1 build/check/build.log | grep -qv ' 0 failed'

# `make print-DEB_BUILD`: a variable's value, for scripts (tests/build).
print-%:
	@echo $($*)

check-unit: $(UNIT_BINS)
	@mkdir -p build/check
	@tests/unit/run.sh $(UNIT_BINS) | tee build/check/unit.log; \
	tail -n 1 build/check/unit.log | sed 's/^[a-z-]*: //' >> build/check/counts; \
	! tail -n 1 build/check/unit.log | grep -qv ' 0 failed'

check-integration: limitbench build/san/limitbench
	@mkdir -p build/check
	@LIMITBENCH=$(CURDIR)/build/san/limitbench tests/integration/run.sh | tee build/check/integration.log; \
	tail -n 1 build/check/integration.log | sed 's/^[a-z-]*: //' >> build/check/counts; \
	! tail -n 1 build/check/integration.log | grep -qv ' 0 failed'

check-v2: limitbench deps-vm
	@mkdir -p build/check
	@tests/vm/run.sh | tee build/check/v2.log; \
	tail -n 1 build/check/v2.log | sed 's/^[a-z0-9-]*: //' >> build/check/counts; \
	! tail -n 1 build/check/v2.log | grep -qv ' 0 failed'

# --- the main job --------------------------------------------------------------------------
demo: deps-test
	@$(MAKE) --no-print-directory limitbench
	./limitbench run scenarios/mem.scn

bench: deps-bench
	@$(MAKE) --no-print-directory limitbench
	bench/run.sh

install: limitbench
	install -D -m 0755 limitbench $(DESTDIR)$(PREFIX)/bin/limitbench
	install -D -m 0644 man/limitbench.1 $(DESTDIR)$(PREFIX)/share/man/man1/limitbench.1
	install -D -m 0644 man/limitbench-scenario.5 \
		$(DESTDIR)$(PREFIX)/share/man/man5/limitbench-scenario.5
	install -d $(DESTDIR)$(PREFIX)/share/limitbench/plots
	install -m 0644 plots/*.gp $(DESTDIR)$(PREFIX)/share/limitbench/plots/

format:
	clang-format -i $(SRCS) $(wildcard src/*/*.h) $(UNIT_SRCS)
format-check:
	clang-format --dry-run -Werror $(SRCS) $(wildcard src/*/*.h) $(UNIT_SRCS)

clean:
	rm -rf build limitbench
