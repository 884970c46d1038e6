# linli: `make` builds bin/linli; `make run` sets up a demo and serves it; `make check` runs
# every test. Both targets install what is missing first (scripts/deps.sh).

CC      ?= cc
PKGS    := libmicrohttpd jansson libsodium sqlite3 libpq zlib xlsxwriter libqrencode libcurl libjpeg libpng libwebp
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
           -Wvla -Wpointer-arith -Wcast-qual -Wnull-dereference -Wimplicit-fallthrough
VERSION := 0.1.0
DEFS    := -D_GNU_SOURCE -DLINLI_VERSION='"$(VERSION)"'
Q       := $(if $(V),,@)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
BASE_CFLAGS = -std=c17 $(WARN) $(DEFS) -Isrc $(PKG_CFLAGS) -MMD -MP
LDLIBS  = $(PKG_LIBS) -lpthread -lm

REL_CFLAGS  := -O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2
ASAN_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

LIB_SRC  := $(sort $(wildcard src/*/*.c))
MAIN_SRC := src/main.c
UNIT_SRC := $(sort $(wildcard tests/unit/*/test_*.c))

# Generated: the OpenAPI description and every feature's migrations, embedded in the program.
GEN      := openapi migrations
REL_OBJ  := $(patsubst %.c,build/rel/%.o,$(LIB_SRC) $(MAIN_SRC)) $(GEN:%=build/rel/gen/%.o)
ASAN_LIB := $(patsubst %.c,build/asan/%.o,$(LIB_SRC)) $(GEN:%=build/asan/gen/%.o)
ASAN_OBJ := $(ASAN_LIB) build/asan/src/main.o
UNIT_BIN := $(patsubst %.c,build/asan/tests/%,$(notdir $(UNIT_SRC)))
# tests/unit/<feature>/test_<name>.c → build/asan/tests/test_<name>
vpath test_%.c $(sort $(dir $(UNIT_SRC)))

.PHONY: all asan deps web run demo check test-unit test-api test-e2e screenshots fuzz lint-openapi bench bench-registry bench-requests bench-integrations bench-attachments clean FORCE
all: bin/linli

bin/linli: $(REL_OBJ)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(REL_CFLAGS) -o $@ $^ $(LDLIBS)

bin/linli-asan: $(ASAN_OBJ)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS)

asan: bin/linli-asan $(UNIT_BIN)

build/gen/openapi.c: docs/openapi.yaml scripts/embed.sh
	@mkdir -p $(@D)
	scripts/embed.sh openapi_yaml $< > $@

# src/<feature>/migrations/*.sql, in one global order; the file is rewritten only when a
# migration is added, removed or changed, so this runs every time but rebuilds only then.
build/gen/migrations.c: FORCE
	@mkdir -p $(@D)
	@scripts/embed-migrations.sh $@

build/rel/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -Isrc -O2 -c -o $@ $<

build/asan/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -Isrc -O1 -c -o $@ $<

build/rel/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(BASE_CFLAGS) $(REL_CFLAGS) -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC asan $<"
	$(Q)$(CC) $(BASE_CFLAGS) $(ASAN_CFLAGS) -c -o $@ $<

build/asan/tests/%: %.c $(ASAN_LIB)
	@mkdir -p $(@D)
	@echo "  LD test $@"
	$(Q)$(CC) $(BASE_CFLAGS) $(ASAN_CFLAGS) -o $@ $< $(ASAN_LIB) $(LDLIBS) -lcmocka

deps:
	@scripts/deps.sh run

web:
	@scripts/build-web.sh

# Each step runs in order (also under -j): the libraries must be installed before anything
# is compiled against them.
DEMO_DB ?= demo.db
demo:
	@scripts/deps.sh run
	@$(MAKE) --no-print-directory all
	@scripts/build-web.sh
	@bin/linli demo --db sqlite:$(DEMO_DB)

run: demo
	@exec bin/linli serve --listen 127.0.0.1:8080 --db sqlite:$(DEMO_DB) --static web/dist

check:
	@scripts/deps.sh check
	@$(MAKE) --no-print-directory all asan
	@scripts/check.sh

test-unit: asan
	@scripts/check.sh unit

test-api: asan
	@scripts/check.sh api

test-e2e: all
	@scripts/check.sh e2e

# The browser tests, writing their screenshots over the ones the docs show.
screenshots: all
	@LINLI_SCREENSHOTS=docs/screenshots scripts/test-e2e.sh

fuzz:
	@scripts/check.sh fuzz

lint-openapi: all
	@scripts/check.sh openapi

bench: all
	@bench/run.sh

# the registry on the district demo data (about a million residents; built once, kept in build/bench/)
bench-registry: all
	@bench/registry.sh

# resident requests on the district demo data (about five million requests; built once, kept)
bench-requests: all
	@bench/requests.sh

# Open311's request list against the floor, and the outbox's delivery to a local receiver
bench-integrations: all
	@bench/integrations.sh

# the thumbnail of a 12-megapixel JPEG, its time and peak RSS, and uploads of it
bench-attachments: all
	@bench/attachments.sh

clean:
	rm -rf build bin

-include $(shell find build -name '*.d' 2>/dev/null)
