# Plantar — `make demo` runs the main job, `make test` runs every test. Both install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libevdev-dev libusb-1.0-0-dev libsystemd-dev dbus-daemon python3-dbusmock pkg-config libsqlite3-dev libevemu-dev evemu-tools tmux chromium fonts-dejavu-core libespeak-ng-dev espeak-ng-data
PREFIX ?= /usr/local
UDEV_RULES_DIR ?= /etc/udev/rules.d

.PHONY: all deps build release test unit-test vm-test demo fixtures lint clean install pictures fuzz fuzz-smoke fuzz-build

all: build

# Debian packages the build and the tests need; installed only when missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is needed: https://www.swift.org/install/linux/"; exit 1; }

build: deps
	$(SWIFT) build --build-tests

# The Swift runtime and Foundation linked into the binary: no dynamic loading of them at every start.
RELEASE_FLAGS := -c release --static-swift-stdlib

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product plantar

unit-test: build
	$(SWIFT) test --skip-build

test: unit-test vm-test fuzz-smoke

# Kernel end-to-end tests in a QEMU VM (uinput, USB gadget on dummy_hcd, usbhid, libusb): see vm/run.sh.
vm-test: deps
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
pictures: deps
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
# own files). `make fuzz` runs each target FUZZ_SECONDS; CI runs the one-minute `fuzz-smoke`. Crashes land in
# Fuzz/regressions/TARGET/, which the tests replay.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := evemu profile routine usb-report
fuzz-build: deps
	cd Fuzz && $(SWIFT) build -c release --sanitize=fuzzer

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do Fuzz/run.sh $$t $(FUZZ_SECONDS) || exit 1; done

fuzz-smoke: fuzz-build
	@for t in $(FUZZ_TARGETS); do Fuzz/run.sh $$t 60 || exit 1; done

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift Fuzz/Sources Fuzz/Package.swift \
	  Benchmarks/Sources Benchmarks/Benchmarks Benchmarks/Package.swift

clean:
	rm -rf .build

# The binary, the device profiles, the demo recording and the udev rule (seat users may read the board and pads).
install: release
	$(SUDO) install -Dm755 .build/release/plantar $(DESTDIR)$(PREFIX)/bin/plantar
	$(SUDO) install -d $(DESTDIR)$(PREFIX)/share/plantar/profiles
	$(SUDO) install -m644 Sources/PlantarInput/Profiles/*.toml $(DESTDIR)$(PREFIX)/share/plantar/profiles/
	$(SUDO) install -m644 Fixtures/routine-full-70kg.evemu $(DESTDIR)$(PREFIX)/share/plantar/
	$(SUDO) install -Dm644 udev/70-plantar.rules $(DESTDIR)$(UDEV_RULES_DIR)/70-plantar.rules
	@if [ -z "$(DESTDIR)" ] && [ -d /run/udev ] && command -v udevadm >/dev/null; then \
	  $(SUDO) udevadm control --reload && $(SUDO) udevadm trigger --subsystem-match=input --subsystem-match=usb; fi

# Benchmarks in release mode (Benchmarks/, ordo-one/benchmark): Plantar against libevemu on a one-hour board recording
# and a ten-minute 16-cell 1 kHz pad recording (generated once into BENCH_DIR), the detector path per frame, peak
# memory of a replay and start-up of plantar; then the summary with ratios and targets. See docs/performance.md.
BENCH_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/plantar/bench
BENCH_SCRATCH ?= .build
BENCH_RESULTS = $(CURDIR)/Benchmarks/.build/bench-results
.PHONY: bench
bench: deps
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
