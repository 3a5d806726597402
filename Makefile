# gol — root Makefile.
#
#   make            build ./gol (runs tools/deps.sh first: installs missing packages when root)
#   make test       build and run every test: check unit tests, golden programs, the golden
#                   programs again under the debug modes (GC stress with heap verification and
#                   clobbering; stack moving with the write-barrier check), the gol command's own
#                   tests (tests/cli_test.sh), the REPL's sessions (tests/run_repl.sh, and in a
#                   terminal with tmux when it is installed: tests/repl_tty_test.sh), and the
#                   sanitizer build (make test-asan)
#   make test-all   make test, then every debug mode alone and in pairs, and ASan under them
#   make clean      remove build/ and ./gol
#
# Generated code (re2c lexer, lemon parser, embedded standard library) goes to build/ and is
# never committed. Every .c file under lang/ compiler/ vm/ runtime/ is part of the binary; the
# file vm/main.c holds main().

CC      ?= cc
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
CFLAGS  += -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers
CPPFLAGS += -I. -I$(B)
LDLIBS  += -lm -pthread
B       ?= build
# The REPL's line editing: libedit (BSD), else GNU readline, found by pkg-config; without
# either the REPL reads plain lines (vm/repl.c). Evaluated when used, so that packages
# tools/deps.sh has just installed are found by the same make.
EDIT_PKG    = $(shell pkg-config --exists libedit 2>/dev/null && echo libedit || \
                (pkg-config --exists readline 2>/dev/null && echo readline))
EDIT_CFLAGS = $(if $(EDIT_PKG),-DGOL_HAVE_$(if $(filter libedit,$(EDIT_PKG)),LIBEDIT,READLINE) \
                $(shell pkg-config --cflags $(EDIT_PKG)))
EDIT_LIBS   = $(if $(EDIT_PKG),$(shell pkg-config --libs $(EDIT_PKG)))
LDLIBS  += $(EDIT_LIBS)
$(B)/vm/repl.o: CPPFLAGS += $(EDIT_CFLAGS)

SRC      := $(sort $(wildcard lang/*.c compiler/*.c vm/*.c runtime/*.c))
GEN_SRC  := $(B)/lang/lexer.c $(B)/lang/grammar.c $(B)/stdlib_embed.c $(B)/unicode_tables.c
OBJ      := $(patsubst %.c,$(B)/%.o,$(SRC)) $(GEN_SRC:.c=.o)
LIB_OBJ  := $(filter-out $(B)/vm/main.o,$(OBJ))
# package unicode is runtime/lib/unicode.gol plus its table variables, made at build time,
# package math/rand is runtime/lib/math_rand.gol plus Go's generator tables, likewise, and
# package syscall is runtime/lib/syscall.gol plus Go's errno and signal names
STDLIB   := $(filter-out runtime/lib/unicode.gol runtime/lib/math_rand.gol runtime/lib/syscall.gol,$(sort $(wildcard runtime/lib/*.gol))) \
            $(B)/lib/unicode.gol $(B)/lib/math_rand.gol $(B)/lib/syscall.gol
GO_SRC  ?= /usr/share/go-1.19/src

GOL     ?= gol

all: deps $(GOL)

deps: $(B)/.deps-ok
$(B)/.deps-ok: tools/deps.sh
	@mkdir -p $(B) && sh tools/deps.sh && touch $@

$(GOL): $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(B)/%.o: %.c | $(B)/lang/grammar.h $(B)/runtime/sizeclasses.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/%.o: $(B)/%.c | $(B)/lang/grammar.h
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-unused-variable -Wno-unused-but-set-variable -MMD -MP -c -o $@ $<

# lemon writes grammar.c and grammar.h next to its input, so the grammar is copied into build/.
# One run makes both files: a grouped target (&:), since with -j2 two lemon runs racing in one
# folder made one of them fail.
$(B)/lang/grammar.c $(B)/lang/grammar.h &: lang/grammar.y $(B)/.deps-ok
	@mkdir -p $(B)/lang
	cp lang/grammar.y $(B)/lang/grammar.y
	cd $(B)/lang && lemon -q grammar.y

$(B)/lang/lexer.c: lang/lexer.re $(B)/lang/grammar.h
	@mkdir -p $(B)/lang
	re2c -W --utf8 -o $@ $<

# Go's size-class table is computed by a tool, as Go's mksizeclasses.go does.
$(B)/tools/mksizeclasses: tools/mksizeclasses.c
	@mkdir -p $(B)/tools
	$(CC) -O1 -o $@ $< -lm
$(B)/runtime/sizeclasses.h: $(B)/tools/mksizeclasses
	@mkdir -p $(B)/runtime
	$(B)/tools/mksizeclasses > $@

# The standard library's .gol sources are compiled into the binary as C strings.
$(B)/tools/embed: tools/embed.c
	@mkdir -p $(B)/tools
	$(CC) -O1 -o $@ $<
$(B)/stdlib_embed.c: $(B)/tools/embed $(STDLIB)
	$(B)/tools/embed $(STDLIB) > $@

# Unicode's tables are Go 1.19's (Debian's golang-1.19-src, which tools/deps.sh installs), read
# by tools/gen_unicode.awk into C data and the variables of package unicode.
$(B)/unicode_tables.c $(B)/unicode_vars.gol &: tools/gen_unicode.awk $(B)/.deps-ok
	@mkdir -p $(B)
	awk -v out_c=$(B)/unicode_tables.c -v out_gol=$(B)/unicode_vars.gol -f tools/gen_unicode.awk \
	    $(GO_SRC)/unicode/tables.go
$(B)/lib/unicode.gol: runtime/lib/unicode.gol $(B)/unicode_vars.gol
	@mkdir -p $(B)/lib
	cat runtime/lib/unicode.gol $(B)/unicode_vars.gol > $@

# math/rand's seeding table and ziggurat tables are Go 1.19's, read by tools/gen_rand_tables.awk.
$(B)/rand_vars.gol: tools/gen_rand_tables.awk $(B)/.deps-ok
	@mkdir -p $(B)
	awk -f tools/gen_rand_tables.awk $(GO_SRC)/math/rand/rng.go $(GO_SRC)/math/rand/normal.go \
	    $(GO_SRC)/math/rand/exp.go > $@
$(B)/lib/math_rand.gol: runtime/lib/math_rand.gol $(B)/rand_vars.gol
	@mkdir -p $(B)/lib
	cat runtime/lib/math_rand.gol $(B)/rand_vars.gol > $@

# syscall's Errno and Signal constants and their texts are Go 1.19's (tools/gen_syscall_tables.awk).
$(B)/syscall_vars.gol: tools/gen_syscall_tables.awk $(B)/.deps-ok
	@mkdir -p $(B)
	awk -f tools/gen_syscall_tables.awk $(GO_SRC)/syscall/zerrors_linux_amd64.go > $@
$(B)/lib/syscall.gol: runtime/lib/syscall.gol $(B)/syscall_vars.gol
	@mkdir -p $(B)/lib
	cat runtime/lib/syscall.gol $(B)/syscall_vars.gol > $@

# ---- tests --------------------------------------------------------------------------------
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -pthread)
UNIT_SRC     := $(sort $(wildcard tests/unit/*.c))
UNIT_OBJ     := $(patsubst %.c,$(B)/%.o,$(UNIT_SRC))

$(B)/tests/unit/%.o: tests/unit/%.c | $(B)/lang/grammar.h $(B)/runtime/sizeclasses.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CHECK_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/unit_tests: $(UNIT_OBJ) $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

# The debug modes (docs/testing.md): the whole golden suite runs under each of them, combined so
# that `make test` stays within minutes; `make test-all` runs every mode alone and in pairs, and
# the sanitizer build under them too.
MODES_STRESS := gcstress=1,gcverify=1,clobberdead=1,clobberfree=1
MODES_MOVE   := stackmove=1,wbcheck=1
MODES_ALL    := gcstress=1 gcverify=1 clobberdead=1 clobberfree=1 stackmove=1 wbcheck=1 \
                gcstress=1,wbcheck=1 gcstress=1,stackmove=1 stackmove=1,clobberdead=1 \
                gcstress=1,clobberfree=1,wbcheck=1 $(MODES_STRESS) $(MODES_MOVE)

test: all $(B)/unit_tests
	sh tools/deps.sh test
	$(B)/unit_tests
	sh tests/run_golden.sh ./gol
	GOLDEBUG=$(MODES_STRESS) sh tests/run_golden.sh ./gol
	GOLDEBUG=$(MODES_MOVE) sh tests/run_golden.sh ./gol
	sh tests/cli_test.sh ./gol
	sh tests/run_examples.sh ./gol
	sh tests/run_repl.sh ./gol
	REPL_GOLDEBUG=$(MODES_STRESS) sh tests/run_repl.sh ./gol
	REPL_GOLDEBUG=$(MODES_MOVE) sh tests/run_repl.sh ./gol
	if command -v tmux >/dev/null 2>&1; then sh tests/repl_tty_test.sh ./gol; fi
	$(MAKE) test-asan

test-all: test
	for m in $(MODES_ALL); do echo "== GOLDEBUG=$$m"; GOLDEBUG=$$m sh tests/run_golden.sh ./gol || exit 1; done
	for m in $(MODES_STRESS) $(MODES_MOVE); do echo "== asan GOLDEBUG=$$m"; GOLDEBUG=$$m sh tests/run_golden.sh ./gol-asan || exit 1; done

# The sanitizer build lives in its own build folder so it never mixes with the normal objects.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer
test-asan:
	$(MAKE) B=build-asan GOL=gol-asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
	    gol-asan build-asan/unit_tests
	build-asan/unit_tests
	sh tests/run_golden.sh ./gol-asan
	sh tests/cli_test.sh ./gol-asan
	sh tests/run_repl.sh ./gol-asan

clean:
	rm -rf build build-asan gol gol-asan

.PHONY: all deps test test-all test-asan clean
.DELETE_ON_ERROR:
-include $(OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
