# SPDX-License-Identifier: ISC
# wikipipe: one non-recursive Makefile (GNU make).  Tunables live in config.mk.
include config.mk

# Every executable is filters/NAME.c, plus any filters/NAME-*.c linked into
# it alone, plus what its SHARED_NAME list names.  A program whose main file
# is absent is simply not built yet.
PROGS = \
	rec-dump \
	wiki-fetch \
	chunk-episode \
	chunk-semantic \
	tmd-extract \
	embed \
	cpe-prep \
	cpe-commit \
	cpe-index \
	cpe-search \
	cpe-serve

ifeq ($(SANITIZE),1)
O        = build-asan
CFLAGS  += $(SAN_FLAGS) -O1
LDFLAGS += $(SAN_FLAGS)
else
O        = build
endif

BIN     = $(foreach p,$(PROGS),$(if $(wildcard filters/$(p).c),$(p)))
BINPATH = $(addprefix $(O)/bin/,$(BIN))
LIBSRC  = $(sort $(wildcard common/*.c))
LIBOBJ  = $(LIBSRC:%.c=$(O)/%.o)
HDR     = $(wildcard common/*.h filters/*.h filters/*.hpp) $(O)/version.h
UNITSRC = $(sort $(wildcard tests/unit/test_*.c))
UNITBIN = $(UNITSRC:tests/unit/%.c=$(O)/unit/%)
MAN     = $(sort $(wildcard man/*.[1-9]))
ALL_CPPFLAGS = $(CPPFLAGS) -I$(O) $(PKG_CFLAGS)

all: $(BINPATH)

$(O)/version.h: config.mk
	@mkdir -p $(O)
	@v=$$(git describe --tags --always --dirty 2>/dev/null || echo $(VERSION)); \
	printf '#define WIKIPIPE_VERSION "%s"\n' "$(VERSION) ($$v)" > $@.tmp && \
	{ cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@; }

$(O)/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/%.o: %.cpp $(HDR)
	@mkdir -p $(@D)
	$(CXX) $(ALL_CPPFLAGS) $(CXXFLAGS) $(filter -O% -g -f%,$(CFLAGS)) -c -o $@ $<

$(O)/libcommon.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

# Sources that more than one program links (filters/cpe-store.c is the
# store as cpe-index, cpe-search and cpe-serve see it, cpe-faiss.cpp their
# FAISS shim).  Set before the link rules below, which expand them at once.
SHARED_cpe-index  = filters/cpe-store.c filters/cpe-faiss.cpp
SHARED_cpe-search = filters/cpe-store.c filters/cpe-faiss.cpp
SHARED_cpe-serve  = filters/cpe-store.c filters/cpe-faiss.cpp

# One link rule per program: its main object, its private objects, the
# shared ones, libcommon.
define prog_rule
$(O)/bin/$(1): $(O)/filters/$(1).o $(patsubst %.c,$(O)/%.o,$(filter-out filters/$(1).c,$(wildcard filters/$(1)-*.c))) $(patsubst %.cpp,$(O)/%.o,$(wildcard filters/$(1)-*.cpp)) $(foreach s,$(SHARED_$(1)),$(O)/$(basename $(s)).o) $(O)/libcommon.a
	@mkdir -p $$(@D)
	$$(if $$(LINK_$(1)),$$(CXX),$$(CC)) $$(LDFLAGS) -o $$@ $$^ $$(LINK_$(1)) $$(LDLIBS)
endef
$(foreach p,$(BIN),$(eval $(call prog_rule,$(p))))

# FAISS-backed programs link the C++ library (DESIGN 6).
LINK_cpe-index  = -lfaiss -fopenmp -llapack -lblas -lstdc++
LINK_cpe-search = -lfaiss -fopenmp -llapack -lblas -lstdc++
# cpe-serve adds libmicrohttpd (the HTTP server).
LINK_cpe-serve  = -lmicrohttpd -lfaiss -fopenmp -llapack -lblas -lstdc++

# A test may add objects of a filter's private files as prerequisites.
$(O)/unit/%: tests/unit/%.c $(O)/libcommon.a $(HDR) $(wildcard tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(filter %.o,$^) $(O)/libcommon.a $(LDLIBS)

# test_wikitext links wiki-fetch's cleaner (that filter's private files).
WIKITEXT_OBJ = $(patsubst %.c,$(O)/%.o,$(sort $(wildcard filters/wiki-fetch-wikitext*.c)))
$(O)/unit/test_wikitext: $(WIKITEXT_OBJ)

unit: $(UNITBIN)

# Reference tools of the benches and tests, never installed: icu-seg is
# ICU's sentence and word segmentation (bench/sentences.sh, the UD and
# dump tests of chunk-semantic find it beside bin/ as ../tools/icu-seg).
ICU_CFLAGS != pkg-config --cflags icu-uc icu-i18n 2>/dev/null || true
ICU_LIBS   != pkg-config --libs icu-uc icu-i18n 2>/dev/null || echo -licui18n -licuuc -licudata
$(O)/tools/icu-seg: bench/icu-seg.c $(O)/libcommon.a $(HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ICU_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libcommon.a $(ICU_LIBS) $(LDLIBS)

tools: $(O)/tools/icu-seg

# The test command of the README.  TESTS=dir narrows it (TESTS=rec-dump).
check: all unit tools
	@WIKIPIPE_BIN=$(CURDIR)/$(O)/bin WIKIPIPE_UNIT=$(CURDIR)/$(O)/unit \
	 sh tests/run.sh $(TESTS)

asan:
	$(MAKE) SANITIZE=1 check

# libFuzzer harnesses (fuzz/run.sh, needs clang): make fuzz FUZZ_SECONDS=N
# fuzzes each harness N seconds (30); FUZZ="record json" picks harnesses.
fuzz:
	sh fuzz/run.sh -t $(or $(FUZZ_SECONDS),30) $(FUZZ)

lint-man:
	@if command -v mandoc >/dev/null 2>&1; then \
	  mandoc -Tlint -W warning $(MAN) && echo "lint-man: $(words $(MAN)) pages clean"; \
	else echo "lint-man: mandoc not installed, skipped"; fi

# The one-command demo of the README (pipelines/demo): installs what is
# missing (as root), builds, and runs the pipeline on the sample dump.
demo:
	@sh pipelines/demo

bench: all tools
	@WIKIPIPE_BIN=$(CURDIR)/$(O)/bin sh bench/run.sh $(BENCH)

# make install: the programs, the pipelines of pipelines/ as wikipipe-NAME
# (a bare "ingest" or "metrics" could clash with another command on a
# PATH), and the man pages, under DESTDIR and PREFIX.  An installed
# pipeline runs the programs beside it; its version is the build's.
# make uninstall removes exactly those files (directories stay: they may
# hold other packages' files).
PIPES    = ingest metrics reembed chunks-jsonl
MANSECT  = $(sort $(subst .,,$(suffix $(MAN))))
INST_BIN = $(BIN) $(addprefix wikipipe-,$(PIPES))

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin
	for s in $(MANSECT); do mkdir -p $(DESTDIR)$(MANPREFIX)/man$$s || exit 1; done
	cp -f $(BINPATH) $(DESTDIR)$(PREFIX)/bin/
	cd $(DESTDIR)$(PREFIX)/bin && chmod 755 $(BIN)
	v=$$(sed -n 's/^#define WIKIPIPE_VERSION "\(.*\)"$$/\1/p' $(O)/version.h); \
	for p in $(PIPES); do \
	  sed "s/^wikipipe_version=$$/wikipipe_version='$$v'/" pipelines/$$p \
	    > $(DESTDIR)$(PREFIX)/bin/wikipipe-$$p && \
	  chmod 755 $(DESTDIR)$(PREFIX)/bin/wikipipe-$$p || exit 1; \
	done
	for m in $(MAN); do s=$${m##*.}; cp -f $$m $(DESTDIR)$(MANPREFIX)/man$$s/ || exit 1; done
	cd $(DESTDIR)$(MANPREFIX) && chmod 644 $(foreach m,$(MAN),man$(subst .,,$(suffix $(m)))/$(notdir $(m)))

uninstall:
	for p in $(INST_BIN); do rm -f $(DESTDIR)$(PREFIX)/bin/$$p; done
	for m in $(MAN); do s=$${m##*.}; rm -f $(DESTDIR)$(MANPREFIX)/man$$s/$${m##*/}; done

# make deb: the Debian package of debian/, built with dpkg-buildpackage -b
# in a copy of the tree ($(DEBDIR)/src, so the package build's own clean
# step leaves this tree's build/ alone), then checked by lintian (no error
# allowed) when lintian is installed.  The package version is config.mk's
# VERSION; debian/changelog must say the same.  Gives
# $(DEBDIR)/wikipipe_$(VERSION)_ARCH.deb.
DEBDIR = build/deb

deb:
	@for c in dpkg-buildpackage dh; do command -v $$c >/dev/null 2>&1 || { \
	  echo "deb: $$c not found (scripts/install-deps installs it: scripts/deps.d/deb.txt)" >&2; exit 3; }; done
	@v=$$(dpkg-parsechangelog -S Version) || exit 1; [ "$$v" = "$(VERSION)" ] || { \
	  echo "deb: debian/changelog is at $$v, config.mk's VERSION is $(VERSION): add a changelog entry" >&2; exit 1; }
	rm -rf $(DEBDIR) && mkdir -p $(DEBDIR)/src
	tar -cf - --exclude=./build --exclude=./build-asan --exclude=./tests/out \
	    --exclude=./bench/out --exclude=./.git . | tar -xf - -C $(DEBDIR)/src
	cd $(DEBDIR)/src && dpkg-buildpackage -b -us -uc -Jauto
	@if command -v lintian >/dev/null 2>&1; then \
	  lintian --fail-on error $(DEBDIR)/wikipipe_$(VERSION)_*.changes && \
	  echo "deb: lintian found no error"; \
	else echo "deb: lintian not installed, not checked"; fi
	@ls $(DEBDIR)/wikipipe_$(VERSION)_*.deb

clean:
	rm -rf build build-asan

.PHONY: all unit tools check asan fuzz lint-man demo bench install uninstall deb clean
