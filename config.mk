# wikipipe build tunables.  Override on the command line: make CC=clang
VERSION   = 0.1.0
PREFIX    = /usr/local
MANPREFIX = $(PREFIX)/share/man
CC        = cc
CXX       = c++
OPT       = -O2
CFLAGS    = -std=c11 $(OPT) -g -Wall -Wextra -Wpedantic -Wno-sign-compare
CPPFLAGS  = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I.
LDFLAGS   =
PKGS      = msgpack libpq libxxhash libcurl icu-uc icu-i18n
PKG_CFLAGS != pkg-config --cflags $(PKGS) 2>/dev/null || true
PKG_LIBS   != pkg-config --libs $(PKGS) 2>/dev/null || echo -lmsgpackc -lpq -lxxhash -lcurl -licui18n -licuuc -licudata
LDLIBS    = $(PKG_LIBS) -llmdb -lbz2 -lpthread -lm
# SANITIZE=1 builds everything with ASan+UBSan into build-asan/.
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
