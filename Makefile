# The two commands of the README: `make run` and `make test`. Everything else is set-up they share.
PRESET ?= ci
BUILD_DIR := build/$(PRESET)

.PHONY: all deps configure build run test clean format

all: build

deps:
	@tools/ensure-packages.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake --preset $(PRESET)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build --preset $(PRESET)

# Opens the designer on the reference design.
run: build
	$(BUILD_DIR)/bin/infrastage examples/three-server.infra.json

test: build
	QT_QPA_PLATFORM=offscreen ctest --preset $(PRESET)

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf build
