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

.PHONY: all deps test-deps deb-deps build release test unit-test vm-test demo fixtures lint clean install pictures \
  fuzz fuzz-smoke fuzz-build generated deb deb-test

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

build: deps
	$(SWIFT) build --build-tests

# The Swift runtime and Foundation linked into the binary: no dynamic loading of them at every start. Linked by
# GNU ld with packed relative relocations (DT_RELR): the table the loader reads at every start shrinks from about
# 2 MB to a few kB (gold, the default, cannot pack them).
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -use-ld=bfd -Xlinker -z -Xlinker pack-relative-relocs

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product plantar

unit-test: test-deps build
	$(SWIFT) test --skip-build

test: unit-test vm-test fuzz-smoke deb-test

# Kernel end-to-end tests in a QEMU VM (uinput, USB gadget on dummy_hcd, usbhid, libusb): see vm/run.sh.
vm-test: test-deps
	SWIFT=$(SWIFT) bash vm/run.sh

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
fuzz-build: deps
	cd Fuzz && $(SWIFT) build -c release --sanitize=fuzzer

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do Fuzz/run.sh $$t $(FUZZ_SECONDS) || exit 1; done

fuzz-smoke: fuzz-build
	@for t in $(FUZZ_TARGETS); do Fuzz/run.sh $$t $(FUZZ_SMOKE_SECONDS) $(FUZZ_SMOKE_SEED) || exit 1; done

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
generated: deps
	$(SWIFT) package generate-manual --configuration debug
	$(SWIFT) build -c release --static-swift-stdlib --product plantar --scratch-path $(RELEASE_SCRATCH)
	rm -rf $(GENERATED) && mkdir -p $(GENERATED)
	cp .build/plugins/GenerateManual/outputs/plantar/plantar.1 $(GENERATED)/plantar.1
	cp $(RELEASE_SCRATCH)/release/plantar $(GENERATED)/plantar
	for sh in bash zsh fish; do $(GENERATED)/plantar --generate-completion-script $$sh > $(GENERATED)/plantar.$$sh || exit 1; done

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
deb: deb-deps generated
	bash packaging/build-deb.sh $(VERSION) $(GENERATED)/plantar $(GENERATED) .
	lintian --fail-on error,warning --display-info $(DEB)
	@echo "lintian: $(DEB) passed"

# The package on a clean Debian 12 root (debootstrap, cached in ~/.cache/plantar): install with apt, use, purge, and
# check that nothing is left (packaging/deb-test.sh). Needs root.
deb-test: deb
	$(SUDO) bash packaging/deb-test.sh $(DEB)

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
