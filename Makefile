# uvrctl: build, test, install. PREFIX defaults to /usr/local; DESTDIR stages a package root.
#   make && sudo make install          # release build, then binary, man page and completions
#   make install DESTDIR=/tmp/pkg PREFIX=/usr
PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION ?= release
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d
# The binary to install; evaluated only when used, so `install-files BUILT_BINARY=...` never runs SwiftPM.
BUILT_BINARY = $(shell swift build -c $(CONFIGURATION) --show-bin-path)/uvrctl

.PHONY: all build test install install-files uninstall

all: build

build:
	swift build -c $(CONFIGURATION)

# The integration tests run the debug binary, so the suite builds it first.
test:
	swift build
	swift test

install: build install-files

install-files:
	install -Dm755 $(BUILT_BINARY) $(DESTDIR)$(BINDIR)/uvrctl
	install -Dm644 man/uvrctl.1 $(DESTDIR)$(MANDIR)/uvrctl.1
	install -Dm644 completions/uvrctl.bash $(DESTDIR)$(BASHCOMPDIR)/uvrctl
	install -Dm644 completions/_uvrctl $(DESTDIR)$(ZSHCOMPDIR)/_uvrctl
	install -Dm644 completions/uvrctl.fish $(DESTDIR)$(FISHCOMPDIR)/uvrctl.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/uvrctl $(DESTDIR)$(MANDIR)/uvrctl.1 $(DESTDIR)$(BASHCOMPDIR)/uvrctl \
	      $(DESTDIR)$(ZSHCOMPDIR)/_uvrctl $(DESTDIR)$(FISHCOMPDIR)/uvrctl.fish
