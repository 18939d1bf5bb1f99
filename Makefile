# netloom: plain Makefile. `make` builds build/release/netloom; `make test` builds an
# ASan+UBSan tree under build/asan and runs every suite; `make demo` runs the lab job.
PREFIX  ?= /usr/local
CC      ?= gcc
PKGS    := netsnmp libpcap libxml-2.0 libssh sqlite3 libpcre2-8 libcrypto
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Werror -Wformat=2 -Wvla
BASE    := -std=c17 -D_GNU_SOURCE -DNETLOOM_VERSION='"$(VERSION)"' \
           -DNETLOOM_DATADIR='"$(PREFIX)/share/netloom"' -I. $(PKG_CFLAGS) $(WARN) -MMD -MP
RELEASE_CFLAGS := -O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2
ASAN_CFLAGS    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
                  -fno-sanitize-recover=all

# Library code: every stage but cli/. New files are picked up without editing this list.
LIB_SRC := $(wildcard common/*.c inventory/*.c scanner/*.c audit/*.c reports/*.c)
# XML schemas are compiled in (common/embed.h): validation never depends on install paths.
XSD     := $(sort $(wildcard */*.xsd scanner/*/*.xsd))
# Built-in SSH device profiles (scanner/profile.c lists them) and the shipped baseline
# policies (the engine and its baselines are one version; `netloom audit` works
# uninstalled, docs/policies.md) are embedded the same way.
EMBED   := $(XSD) $(sort $(wildcard scanner/profiles/*.xml policies/*.xml))
CLI_SRC := $(wildcard cli/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)

# `make V=1` shows full command lines.
Q := $(if $(V),,@)
REL := build/release
ASN := build/asan

REL_LIB_OBJ := $(LIB_SRC:%.c=$(REL)/%.o) $(REL)/gen/embed.o
REL_CLI_OBJ := $(CLI_SRC:%.c=$(REL)/%.o)
ASN_LIB_OBJ := $(LIB_SRC:%.c=$(ASN)/%.o) $(ASN)/gen/embed.o
ASN_CLI_OBJ := $(CLI_SRC:%.c=$(ASN)/%.o)
ASN_UNITS   := $(UNIT_SRC:tests/unit/%.c=$(ASN)/tests/%)

all:
.PHONY: FORCE all deps test test-only demo bench install clean check-deps lab-up lab-down fuzz
all: $(REL)/netloom

# Regenerated every run but replaced only when it differs, so adding or removing a
# schema rebuilds and an unchanged tree does not.
build/gen/embed.c: FORCE
	@mkdir -p $(@D)
	@tools/embed.sh $(EMBED) > $@.tmp && \
	    if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
FORCE:
.SECONDARY:

$(REL)/gen/embed.o: build/gen/embed.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(BASE) $(RELEASE_CFLAGS) -c $< -o $@

$(ASN)/gen/embed.o: build/gen/embed.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(BASE) $(ASAN_CFLAGS) -c $< -o $@

$(REL)/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(BASE) $(RELEASE_CFLAGS) $(CFLAGS) -c $< -o $@

$(ASN)/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC+SAN  $<")
	$(Q)$(CC) $(BASE) $(ASAN_CFLAGS) $(CFLAGS) -c $< -o $@

$(REL)/netloom: $(REL_CLI_OBJ) $(REL_LIB_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(RELEASE_CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)
	@ln -sf $(abspath $@) netloom

$(ASN)/netloom: $(ASN_CLI_OBJ) $(ASN_LIB_OBJ)
	@$(if $(Q),echo "  LD+SAN  $@")
	$(Q)$(CC) $(ASAN_CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)

$(ASN)/tests/%: $(ASN)/tests/unit/%.o $(ASN_LIB_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD+SAN  $@")
	$(Q)$(CC) $(ASAN_CFLAGS) -o $@ $^ $(PKG_LIBS) -lcmocka $(LDFLAGS)

# Installs missing Debian packages (or says what to run when not root).
deps:
	@tools/deps.sh

check-deps:
	@tools/deps.sh --check

test: deps
	@$(MAKE) --no-print-directory test-only

test-only: $(ASN)/netloom $(ASN_UNITS)
	@tests/run.sh $(ASN)

demo: deps
	@$(MAKE) --no-print-directory all
	@tools/demo.sh $(REL)/netloom

bench: deps all
	@bench/run.sh $(REL)/netloom

lab-up: all
	@tests/lab/lab.sh up

lab-down:
	@tests/lab/lab.sh down

install: $(REL)/netloom
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	           $(DESTDIR)$(PREFIX)/share/netloom/policies $(DESTDIR)$(PREFIX)/share/netloom/schema
	install -m 0755 $(REL)/netloom $(DESTDIR)$(PREFIX)/bin/netloom
	install -m 0644 docs/netloom.1 $(DESTDIR)$(PREFIX)/share/man/man1/netloom.1
	for f in policies/*.xml policies/*.xsd; do [ -e "$$f" ] && \
	    install -m 0644 "$$f" $(DESTDIR)$(PREFIX)/share/netloom/policies/ || true; done
	install -m 0644 docs/schema/*.schema.json $(DESTDIR)$(PREFIX)/share/netloom/schema/

# libFuzzer harnesses (clang), outside `all` and `test`. Each links only the modules it
# covers. Run: build/fuzz/fuzz_cfgtree -max_total_time=60 (see tests/fuzz/README.md).
FUZZ_CC     ?= clang
FUZZ_CFLAGS := -std=c17 -D_GNU_SOURCE -I. $(shell pkg-config --cflags libpcre2-8) $(WARN) \
               -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_BIN    := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
fuzz: $(FUZZ_BIN)
build/fuzz/fuzz_version: tests/fuzz/fuzz_version.c audit/version.c common/err.c
build/fuzz/fuzz_cfgtree: tests/fuzz/fuzz_cfgtree.c audit/cfgtree.c common/buf.c common/err.c
# The policy loader needs libxml2, libcrypto and the embedded schemas.
build/fuzz/fuzz_policy: tests/fuzz/fuzz_policy.c build/gen/embed.c $(filter-out audit/drift%,$(wildcard audit/*.c)) \
    inventory/snapshot.c common/buf.c common/err.c common/hash.c common/xmldoc.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(shell pkg-config --cflags libxml-2.0) -o $@ $(filter %.c,$^) \
	    $(shell pkg-config --libs libpcre2-8 libxml-2.0 libcrypto)
build/fuzz/fuzz_snmp_pdu: tests/fuzz/fuzz_snmp_pdu.c scanner/snmp_pdu.c scanner/snmp_usm.c \
    common/buf.c
build/fuzz/fuzz_snmp_pdu: FUZZ_LIBS := $(shell pkg-config --libs libcrypto)
build/fuzz/fuzz_decode: tests/fuzz/fuzz_decode.c scanner/decode.c
build/fuzz/fuzz_csv: tests/fuzz/fuzz_csv.c common/csv.c common/buf.c common/err.c
build/fuzz/fuzz_redact: tests/fuzz/fuzz_redact.c scanner/redact.c common/buf.c common/err.c
build/fuzz/fuzz_redact: FUZZ_LIBS := $(shell pkg-config --libs libcrypto)
build/fuzz/fuzz_parse: tests/fuzz/fuzz_parse.c scanner/parse_facts.c scanner/parse_linux.c \
    scanner/parse_netos.c inventory/snapshot.c common/buf.c common/err.c
build/fuzz/fuzz_profile: tests/fuzz/fuzz_profile.c scanner/profile.c scanner/parse_facts.c \
    scanner/parse_linux.c scanner/parse_netos.c scanner/redact.c inventory/snapshot.c common/xmldoc.c \
    common/buf.c common/err.c build/gen/embed.c
build/fuzz/fuzz_profile: FUZZ_XCFLAGS := $(shell pkg-config --cflags libxml-2.0)
build/fuzz/fuzz_profile: FUZZ_LIBS := $(shell pkg-config --libs libxml-2.0 libcrypto)
build/fuzz/%:
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_XCFLAGS) -o $@ $(filter %.c,$^) \
	    $(shell pkg-config --libs libpcre2-8) $(FUZZ_LIBS)

clean:
	rm -rf build netloom

-include $(shell find build -name '*.d' 2>/dev/null)
