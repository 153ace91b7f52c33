# Plantar — `make demo` runs the main job, `make test` runs every test. Both install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages: what building and running need (all `make demo` installs), what the tests, pictures and
# benchmarks need on top, and what packaging needs (dpkg-shlibdeps, lintian, debootstrap for the clean-root test).
BUILD_PACKAGES := libevdev-dev libusb-1.0-0-dev zlib1g-dev libsystemd-dev pkg-config libsqlite3-dev libespeak-ng-dev espeak-ng-data
TEST_PACKAGES := dbus-daemon python3-dbusmock libevemu-dev evemu-tools tmux chromium fonts-dejavu-core
DEB_PACKAGES := dpkg-dev lintian debootstrap man-db
APT_PACKAGES := $(BUILD_PACKAGES) $(TEST_PACKAGES)
PREFIX ?= /usr/local
UDEV_RULES_DIR ?= /etc/udev/rules.d

.PHONY: all deps test-deps deb-deps vm-deps build release test unit-test vm-test demo fixtures lint clean install \
  pictures fuzz fuzz-smoke fuzz-build generated deb deb-test manual static-release symbol-order

all: build

# Installs the Debian packages of a list that are missing.
apt-install = missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
  if [ -n "$$missing" ]; then \
    echo "installing:$$missing"; \
    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
  fi

# What building and running need; installed only when missing.
deps:
	@$(call apt-install,$(BUILD_PACKAGES))
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is needed: https://www.swift.org/install/linux/"; exit 1; }

# What the tests need on top (evemu-tools, tmux, Chromium, ...).
test-deps: deps
	@$(call apt-install,$(TEST_PACKAGES))

deb-deps: deps
	@$(call apt-install,$(DEB_PACKAGES))

# The debug build with the tests, and the tests (Swift Testing) run on it.
DEBUG_BUILD = $(SWIFT) build --build-tests
UNIT_TESTS = $(SWIFT) test --skip-build

build: deps
	$(DEBUG_BUILD)

# The release program, as `make release`, `make bench`, the kernel VM test and the package build it. The Swift runtime
# and Foundation are linked into the binary: no dynamic loading of them at every start. Linked by lld (the Swift
# toolchain's) with:
# - packed relative relocations (DT_RELR): the table the loader reads at every start shrinks from about 2 MB to a
#   few kB (gold, the default, cannot pack them);
# - every function in a section of its own (Swift and C), laid out in the order of SYMBOL_ORDER: the functions that
#   start the program and replay a recording, together. The kernel maps a program's pages in blocks of 64 KiB or
#   more around each page it touches, so code that runs spread over the binary's 18 MB of code makes most of it
#   resident; `make symbol-order` regenerates the list (a function missing from it is laid out as before);
# - no symbol table for the dynamic loader beyond what the libraries need (--no-export-dynamic, after the
#   -export-dynamic of the toolchain's static-stdlib arguments): the loader and the runtime's dladdr at start-up
#   would read a megabyte of it;
# - the C++ runtime (libstdc++, which the Swift runtime and toml++ use) linked in from GCC's static archive, like the
#   Swift runtime: the loader binding its symbols was most of `plantar --version`. The toolchain's arguments ask for
#   -lstdc++, which finds packaging/static-cxx/libstdc++.so first, a linker script that names the archive.
# Swift skips the code generation of a file whose IR has not changed and keeps its old object file, whatever the
# code generation options: -disable-incremental-llvm-codegen, so that objects built before with other options (one
# section for many functions) are not linked in.
SYMBOL_ORDER := packaging/symbol-order.txt
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -use-ld=lld -Xswiftc -Xfrontend -Xswiftc -function-sections \
  -Xswiftc -Xfrontend -Xswiftc -disable-incremental-llvm-codegen -Xcc -ffunction-sections -Xcxx -ffunction-sections \
  -Xlinker -z -Xlinker pack-relative-relocs \
  -Xlinker --symbol-ordering-file=$(CURDIR)/$(SYMBOL_ORDER) -Xlinker --no-warn-symbol-ordering \
  -Xlinker --no-export-dynamic -Xlinker -L$(CURDIR)/packaging/static-cxx

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product plantar

# SYMBOL_ORDER from callgrind runs of the release program: start-up, --version, replays of fixtures and of the
# benchmark recordings when they are there (tools/symbol-order.sh).
symbol-order: release
	@$(call apt-install,valgrind)
	bash tools/symbol-order.sh .build/release/plantar $(SYMBOL_ORDER) \
	  $(wildcard $(BENCH_DIR)/board-1h-100hz-v1.evemu $(BENCH_DIR)/pad16-10min-1khz-v1.evemu)
	@# The build does not know the list as an input of the link: without the program, the next build links it again.
	rm -f .build/release/plantar $(RELEASE_SCRATCH)/release/plantar

unit-test: test-deps build
	$(UNIT_TESTS)

# Kernel end-to-end tests in a QEMU VM (uinput, USB gadget on dummy_hcd, usbhid, libusb): see vm/run.sh. It boots the
# static release program (`static-release`, the one the package ships).
vm-test: test-deps static-release
	VM_BIN_DIR=$(RELEASE_SCRATCH)/release bash vm/run.sh

# What the VM test needs on the host (QEMU, busybox, BlueZ, ...) and Debian's kernel package, fetched once.
vm-deps:
	@bash vm/run.sh --prepare

# `make test`: every test, side by side where the two cores allow. The kernel VM test is the long pole (QEMU keeps one
# core busy for minutes), so the static release build it boots runs first, alone with the clean root for the package
# test; then QEMU (at a higher priority where make runs as root) and, beside it, the debug build and the unit tests,
# the fuzz build and the fuzz smoke run, the package with lintian and its test on the clean root. No two of them build
# into the same scratch path at once. Each phase writes $(TEST_LOGS)/PHASE.log and one PASS or FAIL line with its
# wall and CPU time; at the end a failed phase's log is printed in full and make test fails. Ctrl-C stops every phase.
TEST_LOGS := .build/test-logs
TEST_PHASES := static-release vm debug-build manual unit fuzz-build fuzz-smoke deb-root deb deb-test
test: test-deps deb-deps vm-deps
	@rm -rf $(TEST_LOGS) && mkdir -p $(TEST_LOGS)
	@echo "make test: $(TEST_PHASES) (side by side; logs in $(TEST_LOGS)/)"
	@$(SWIFT) package resolve >$(TEST_LOGS)/resolve.log 2>&1 || { cat $(TEST_LOGS)/resolve.log; exit 1; }
	@start=$$(date +%s); $(MAKE) --no-print-directory -k -j8 test-phases; rc=$$?; \
	for p in $(TEST_PHASES); do \
	  if [ -f $(TEST_LOGS)/$$p.failed ]; then echo; echo "==== $$p FAILED: $(TEST_LOGS)/$$p.log"; \
	    cat $(TEST_LOGS)/$$p.log; echo "==== end of $(TEST_LOGS)/$$p.log"; fi; \
	done; \
	echo; echo "make test: $$(($$(date +%s) - start)) s"; \
	for p in $(TEST_PHASES); do \
	  if [ -f $(TEST_LOGS)/$$p.passed ]; then echo "  PASS $$p: $$(cat $(TEST_LOGS)/$$p.passed)"; \
	  elif [ -f $(TEST_LOGS)/$$p.failed ]; then echo "  FAIL $$p: $$(cat $(TEST_LOGS)/$$p.failed)"; rc=1; \
	  else echo "  SKIP $$p: a phase it needs failed"; rc=1; fi; \
	done; \
	times >$(TEST_LOGS)/all.times; echo "  CPU of all phases: $$(tail -1 $(TEST_LOGS)/all.times | awk '$(AWK_CPU)')"; \
	exit $$rc

# The last line of `times` (the shell's children's user and system time, as 1m2.5s) as "62 s user, 3 s sys".
AWK_CPU = function s(x) { sub(/s$$/, "", x); split(x, a, "m"); return a[1] * 60 + a[2] } \
  { printf "%.0f s user, %.0f s sys", s($$1), s($$2) }
# One phase of `make test`: $(call phase,NAME,COMMANDS) runs COMMANDS with their output in $(TEST_LOGS)/NAME.log and
# says whether they passed, with the wall and CPU time they took.
phase = @s=$$(date +%s); \
  if ( $(2) ) >$(TEST_LOGS)/$(1).log 2>&1 </dev/null; then r=passed; else r=failed; fi; \
  times >$(TEST_LOGS)/$(1).times; t="$$(($$(date +%s) - s)) s, CPU $$(tail -1 $(TEST_LOGS)/$(1).times | awk '$(AWK_CPU)')"; \
  echo "$$t" >$(TEST_LOGS)/$(1).$$r; \
  if [ $$r = passed ]; then echo "test: PASS $(1) ($$t)"; else echo "test: FAIL $(1) ($$t): $(TEST_LOGS)/$(1).log"; exit 1; fi

.PHONY: test-phases $(addprefix test-phase-,$(TEST_PHASES))
test-phases: test-phase-vm test-phase-unit test-phase-fuzz-smoke test-phase-deb-test
test-phase-static-release:
	$(call phase,static-release,$(STATIC_RELEASE_BUILD))
test-phase-vm: test-phase-static-release
	$(call phase,vm,VM_BIN_DIR=$(RELEASE_SCRATCH)/release bash vm/run.sh)
# SwiftPM runs its compilers at the default priority whatever the priority of `swift build`: the two other builds wait
# for the static release build instead of slowing it down.
test-phase-debug-build: test-phase-static-release
	$(call phase,debug-build,$(DEBUG_BUILD))
# The manual is generated in the debug build's scratch path, which `swift test` holds while it runs: before it.
test-phase-manual: test-phase-debug-build
	$(call phase,manual,$(MANUAL))
test-phase-unit: test-phase-manual
	$(call phase,unit,$(UNIT_TESTS))
test-phase-fuzz-build: test-phase-static-release
	$(call phase,fuzz-build,$(FUZZ_BUILD))
test-phase-fuzz-smoke: test-phase-fuzz-build
	$(call phase,fuzz-smoke,$(FUZZ_SMOKE))
test-phase-deb-root:
	$(call phase,deb-root,$(SUDO) bash packaging/deb-test.sh --prepare)
test-phase-deb: test-phase-static-release test-phase-manual
	$(call phase,deb,$(GENERATE) && $(DEB_BUILD))
test-phase-deb-test: test-phase-deb test-phase-deb-root
	$(call phase,deb-test,$(DEB_TEST))

# The built-in routine over the bundled recording, with the live readout.
demo: release
	.build/release/plantar demo

# Regenerates Fixtures/ from the simulator (deterministic seeds).
fixtures: build
	./Fixtures/generate.sh .build/debug/plantar

# The README's pictures: a plot of toe presses, and the demo session's report page (in a throwaway history with three
# earlier toe-press sessions, for the trend) as headless Chromium renders it.
PICTURES_SCRATCH ?= .build
pictures: test-deps
	$(SWIFT) build --product plantar --scratch-path $(PICTURES_SCRATCH)
	$(PICTURES_SCRATCH)/debug/plantar plot Fixtures/toe-presses-55kg-100hz.evemu --exercise toe-presses --out docs/plot-toe-presses.svg
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; export PLANTAR_DATA_DIR="$$tmp"; \
	for f in toe-presses-120kg-25hz toe-presses-distractors-82kg toe-presses-55kg-100hz; do \
	  $(PICTURES_SCRATCH)/debug/plantar replay Fixtures/$$f.evemu --exercise toe-presses --save >/dev/null; done; \
	$(PICTURES_SCRATCH)/debug/plantar demo --fast --save --quiet >/dev/null; \
	$(PICTURES_SCRATCH)/debug/plantar report 4 --html "$$tmp/report.html"; \
	chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$$tmp/chromium" \
	  --window-size=1200,1600 --screenshot="$(CURDIR)/docs/report.png" "file://$$tmp/report.html" 2>/dev/null
	@ls -l docs/report.png docs/plot-toe-presses.svg

# libFuzzer over the evemu reader, routine files, device profiles and USB reports (Fuzz/, seeded from the project's
# own files). `make fuzz` runs each target FUZZ_SECONDS with a new random seed; `make test` runs the repeatable
# `fuzz-smoke`: 30 s a target with a fixed seed, so a failure in CI reproduces with the same command. Crashes land in
# Fuzz/regressions/TARGET/, which the tests replay.
FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 30
FUZZ_SMOKE_SEED ?= 1
FUZZ_TARGETS := evemu profile routine usb-report
FUZZ_BUILD = cd Fuzz && $(SWIFT) build -c release --sanitize=fuzzer
FUZZ_SMOKE = for t in $(FUZZ_TARGETS); do Fuzz/run.sh $$t $(FUZZ_SMOKE_SECONDS) $(FUZZ_SMOKE_SEED) || exit 1; done
fuzz-build: deps
	$(FUZZ_BUILD)

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do Fuzz/run.sh $$t $(FUZZ_SECONDS) || exit 1; done

fuzz-smoke: fuzz-build
	@$(FUZZ_SMOKE)

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift Fuzz/Sources Fuzz/Package.swift \
	  Benchmarks/Sources Benchmarks/Benchmarks Benchmarks/Package.swift

clean:
	rm -rf .build

# The release program with the Swift runtime linked in (it runs where no Swift toolchain is), its man page from
# swift-argument-parser's generate-manual plugin, and its bash, zsh and fish completions from its own
# --generate-completion-script: generated from the command-line definitions at build time, never written by hand.
# The manual comes from the debug build the unit tests use (the same command line; no second release build), the
# program from the release build the kernel VM test uses: `make test` builds each once.
VERSION := $(shell sed -n 's/^ *static let version = "\(.*\)"$$/\1/p' Sources/plantar/Plantar.swift)
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
DEB := plantar_$(VERSION)_$(DEB_ARCH).deb
RELEASE_SCRATCH ?= .build-vm
GENERATED := $(RELEASE_SCRATCH)/generated
STATIC_RELEASE_BUILD = $(SWIFT) build $(RELEASE_FLAGS) --product plantar --scratch-path $(RELEASE_SCRATCH)
MANUAL = $(SWIFT) package generate-manual --configuration debug
GENERATE = rm -rf $(GENERATED) && mkdir -p $(GENERATED) && \
  cp .build/plugins/GenerateManual/outputs/plantar/plantar.1 $(GENERATED)/plantar.1 && \
  cp $(RELEASE_SCRATCH)/release/plantar $(GENERATED)/plantar && \
  for sh in bash zsh fish; do $(GENERATED)/plantar --generate-completion-script $$sh >$(GENERATED)/plantar.$$sh || exit 1; done
static-release: deps
	$(STATIC_RELEASE_BUILD)
manual: deps
	$(MANUAL)
generated: manual static-release
	$(GENERATE)

# The binary, the device profiles, the demo recording, the udev rule (seat users may read the board and pads), the
# man page and the completions.
install: generated
	$(SUDO) install -Dm755 $(GENERATED)/plantar $(DESTDIR)$(PREFIX)/bin/plantar
	$(SUDO) install -d $(DESTDIR)$(PREFIX)/share/plantar/profiles
	$(SUDO) install -m644 Sources/PlantarInput/Profiles/*.toml $(DESTDIR)$(PREFIX)/share/plantar/profiles/
	$(SUDO) install -m644 Fixtures/routine-full-70kg.evemu $(DESTDIR)$(PREFIX)/share/plantar/
	$(SUDO) install -Dm644 udev/70-plantar.rules $(DESTDIR)$(UDEV_RULES_DIR)/70-plantar.rules
	$(SUDO) install -Dm644 $(GENERATED)/plantar.1 $(DESTDIR)$(PREFIX)/share/man/man1/plantar.1
	$(SUDO) install -Dm644 $(GENERATED)/plantar.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/plantar
	$(SUDO) install -Dm644 $(GENERATED)/plantar.zsh $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_plantar
	$(SUDO) install -Dm644 $(GENERATED)/plantar.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/plantar.fish
	@if [ -z "$(DESTDIR)" ] && [ -d /run/udev ] && command -v udevadm >/dev/null; then \
	  $(SUDO) udevadm control --reload && $(SUDO) udevadm trigger --subsystem-match=input --subsystem-match=usb; fi

# plantar_VERSION_ARCH.deb (packaging/build-deb.sh), then lintian's verdict on it (overrides: packaging/).
DEB_BUILD = bash packaging/build-deb.sh $(VERSION) $(GENERATED)/plantar $(GENERATED) . && \
  lintian --fail-on error,warning --display-info $(DEB) && echo "lintian: $(DEB) passed"
deb: deb-deps generated
	$(DEB_BUILD)

# The package on a clean Debian 12 root (debootstrap, cached in ~/.cache/plantar): install with apt, use, purge, and
# check that nothing is left (packaging/deb-test.sh). Needs root.
DEB_TEST = $(SUDO) bash packaging/deb-test.sh $(DEB)
deb-test: deb
	$(DEB_TEST)

# Benchmarks in release mode (Benchmarks/, ordo-one/benchmark): Plantar against libevemu on a one-hour board recording
# and a ten-minute 16-cell 1 kHz pad recording (generated once into BENCH_DIR), the detector path per frame, peak
# memory of a replay and start-up of plantar; then the summary with ratios and targets. See docs/performance.md.
BENCH_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/plantar/bench
BENCH_SCRATCH ?= .build
BENCH_RESULTS = $(CURDIR)/Benchmarks/.build/bench-results
.PHONY: bench
bench: test-deps
	$(SWIFT) build $(RELEASE_FLAGS) --product plantar --scratch-path $(BENCH_SCRATCH)
	cd Benchmarks && for p in evemu-parse peak-rss plantar-bench; do $(SWIFT) build -c release --product $$p || exit 1; done
	cd Benchmarks && PLANTAR_BENCH_DIR="$(BENCH_DIR)" .build/release/plantar-bench generate
	rm -rf $(BENCH_RESULTS) && mkdir -p $(BENCH_RESULTS)
	cd Benchmarks && PLANTAR_BENCH_DIR="$(BENCH_DIR)" PLANTAR_BIN="$(abspath $(BENCH_SCRATCH))/release/plantar" \
	  BENCH_TOOLS_DIR="$(CURDIR)/Benchmarks/.build/release" \
	  $(SWIFT) package --allow-writing-to-directory $(BENCH_RESULTS) benchmark \
	  --format histogramPercentiles --path $(BENCH_RESULTS) --no-progress
	@echo
	@cd Benchmarks && PLANTAR_BENCH_DIR="$(BENCH_DIR)" .build/release/plantar-bench report $(BENCH_RESULTS)
