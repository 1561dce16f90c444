# The shipped ./limitbench is a static musl binary.  Included by the Makefile after its
# build variables (it uses SRCS, WARN, VERSION, CFLAGS) and before the limitbench rule.
#
#   make deps-musl   musl-tools, then Debian's libyaml, jansson and libcap built with musl-gcc
#                    as static libraries in build/musl/{include,lib} (mk/musl-deps.sh; its
#                    log is build/musl-deps.log).  `make deps` runs it.
#
# Why: glibc spends ~0.5 ms before main() probing the CPU (about a hundred cpuid
# instructions, each a trap to the hypervisor on a VM), statically linked or not; musl does
# not probe, and a container start (`limitbench exec -m 100m -- /bin/true`) took 1.7 ms instead
# of 2.7 ms.  Without build/musl/.stamp the Makefile links the dynamic glibc binary instead.
# The ASan/UBSan and fuzz builds stay glibc.

DEB_MUSL := musl-tools dpkg-dev xz-utils linux-libc-dev
MUSL_CC ?= musl-gcc
MUSL_DIR := build/musl
MUSL_STAMP := $(MUSL_DIR)/.stamp
MUSL_OBJS := $(SRCS:%.c=build/obj-musl/%.o)
# musl-gcc searches musl's headers only: the libraries' and the kernel's (symlinks made by
# mk/musl-deps.sh) come from build/musl/include.
MUSL_CFLAGS = -std=gnu11 $(WARN) -D_GNU_SOURCE -Isrc -I$(MUSL_DIR)/include \
	-DLB_VERSION='"$(VERSION)"' -MMD -MP $(CFLAGS)
MUSL_LDLIBS := -L$(MUSL_DIR)/lib -lyaml -ljansson -lcap -lm

# Which of the two ./limitbench links now: build/limitbench.flavor changes (and so relinks it)
# when that differs from the last time, though the other build's objects may be older.
LB_FLAVOR := $(if $(wildcard $(MUSL_STAMP)),musl,glibc)
$(shell mkdir -p build && { [ "$$(cat build/limitbench.flavor 2>/dev/null)" = $(LB_FLAVOR) ] || \
	echo $(LB_FLAVOR) >build/limitbench.flavor; })

# The static build is a speed-up, not a requirement: where the sources cannot be fetched (no
# deb-src access, an offline mirror) `make deps` goes on, and ./limitbench is the glibc one.
.PHONY: deps-musl
deps-musl: deps-build
	$(call install_missing,$(DEB_MUSL))
	@MUSL_CC='$(MUSL_CC)' mk/musl-deps.sh $(MUSL_DIR) build/musl-deps.log || \
		echo "deps-musl: not built; ./limitbench will be the dynamic glibc build"

build/obj-musl/%.o: %.c
	@mkdir -p $(@D)
	$(MUSL_CC) $(MUSL_CFLAGS) $(HARDEN_CFLAGS) -c -o $@ $<

# A static PIE.  musl-gcc's own specs start every program with Scrt1.o and name musl's dynamic
# loader, so `musl-gcc -static-pie` makes a dynamic program that needs /lib/ld-musl: a static
# PIE starts with rcrt1.o (which relocates the program itself) and names no loader.  These are
# musl-gcc's specs with those two changed, given to the compiler musl-gcc wraps (musl-gcc
# itself would read its own specs last, and they would win).
MUSL_PIE_SPECS := $(MUSL_DIR)/static-pie.specs
MUSL_WRAPPER = $(shell command -v $(MUSL_CC) 2>/dev/null)
MUSL_REALCC = $(or $(shell sed -n 's/.*REALGCC:-\([^}]*\)}.*/\1/p' $(MUSL_WRAPPER) 2>/dev/null),gcc)
$(MUSL_PIE_SPECS): $(MUSL_STAMP)
	@specs=$$(sed -n 's/.*-specs "\([^"]*\)".*/\1/p' '$(MUSL_WRAPPER)'); \
	if [ ! -r "$$specs" ]; then echo "mk/musl.mk: no specs file named in $(MUSL_CC)"; exit 1; fi; \
	sed -e 's|Scrt1\.o|rcrt1.o|' \
	    -e 's|-dynamic-linker [^ ]*|-static -pie --no-dynamic-linker -z text|' \
	    "$$specs" >$@.tmp && mv $@.tmp $@
