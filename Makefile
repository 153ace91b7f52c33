# Plantar — `make demo` runs the main job, `make test` runs every test. Both install what is missing first.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libevdev-dev libusb-1.0-0-dev pkg-config libsqlite3-dev libevemu-dev evemu-tools tmux
PREFIX ?= /usr/local
UDEV_RULES_DIR ?= /etc/udev/rules.d

.PHONY: all deps build release test unit-test vm-test demo fixtures lint clean install

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

test: unit-test vm-test

# Kernel end-to-end tests in a QEMU VM (uinput, USB gadget on dummy_hcd, usbhid, libusb): see vm/run.sh.
vm-test: deps
	SWIFT=$(SWIFT) bash vm/run.sh

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

# The binary, the device profiles, the demo recording and the udev rule (seat users may read the board and pads).
install: release
	$(SUDO) install -Dm755 .build/release/plantar $(DESTDIR)$(PREFIX)/bin/plantar
	$(SUDO) install -d $(DESTDIR)$(PREFIX)/share/plantar/profiles
	$(SUDO) install -m644 Sources/PlantarInput/Profiles/*.toml $(DESTDIR)$(PREFIX)/share/plantar/profiles/
	$(SUDO) install -m644 Fixtures/routine-full-70kg.evemu $(DESTDIR)$(PREFIX)/share/plantar/
	$(SUDO) install -Dm644 udev/70-plantar.rules $(DESTDIR)$(UDEV_RULES_DIR)/70-plantar.rules
	@if [ -z "$(DESTDIR)" ] && [ -d /run/udev ] && command -v udevadm >/dev/null; then \
	  $(SUDO) udevadm control --reload && $(SUDO) udevadm trigger --subsystem-match=input --subsystem-match=usb; fi
