# Plantar — `make demo` runs the main job, `make test` runs every test. Both install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libevdev-dev libusb-1.0-0-dev pkg-config libsqlite3-dev libevemu-dev evemu-tools tmux
PREFIX ?= /usr/local

.PHONY: all deps build release test unit-test demo fixtures lint clean install

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

release: deps
	$(SWIFT) build -c release --product plantar

unit-test: build
	$(SWIFT) test --skip-build

test: unit-test

# The built-in routine over the bundled recording, with the live readout.
demo: release
	.build/release/plantar demo

# Regenerates Fixtures/ from the simulator (deterministic seeds).
fixtures: build
	./Fixtures/generate.sh .build/debug/plantar

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

clean:
	rm -rf .build
