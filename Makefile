# duxing: two commands do all set-up on a fresh Debian 12 machine (as root).
#   make run   install packages, build server and web UI, create var/duxing.db
#              with the demo bureau if missing, serve http://127.0.0.1:8080
#   make test  the same set-up, then every test (unit, API on SQLite and
#              PostgreSQL, browser)
# Every step is incremental: a second run rebuilds only what changed.

BUILD    ?= build
JOBS     ?= 2
LISTEN   ?= 127.0.0.1:8080
DB       ?= sqlite:var/duxing.db

WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/vite.config.ts web/tsconfig.json web/package.json $(wildcard web/scripts/*.mjs)

.PHONY: run test deps deps-test deps-bench server web bench bench-import bench-notifications bench-phone bench-phone-timing clean

run: deps server web
	@scripts/run.sh "$(DB)" "$(LISTEN)"

test: deps-test server web
	@scripts/test.sh

deps: $(BUILD)/.deps-stamp
deps-test: $(BUILD)/.deps-test-stamp
deps-bench: $(BUILD)/.deps-bench-stamp

$(BUILD)/.deps-stamp: scripts/install-deps.sh
	@scripts/install-deps.sh
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/.deps-test-stamp: scripts/install-deps.sh
	@scripts/install-deps.sh --test
	@mkdir -p $(BUILD) && touch $@ $(BUILD)/.deps-stamp

$(BUILD)/.deps-bench-stamp: scripts/install-deps.sh
	@scripts/install-deps.sh --bench
	@mkdir -p $(BUILD) && touch $@ $(BUILD)/.deps-test-stamp $(BUILD)/.deps-stamp

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

# ninja decides what is stale; this target always asks it.
server: $(BUILD)/build.ninja
	ninja -C $(BUILD) -j $(JOBS) duxing duxing_unit_tests

web: web/dist/index.html

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build
	@touch $@

bench: deps-test server
	bench/people_list.sh

bench-import: deps-test server
	bench/import.sh

bench-notifications: deps-test server
	bench/notifications.sh

bench-phone: deps-bench server web
	bench/phone_loads.sh

bench-phone-timing: deps-test server web
	bench/phone_timing.sh

clean:
	rm -rf $(BUILD) build-fuzz web/dist web/node_modules tests/ui/node_modules test-output
