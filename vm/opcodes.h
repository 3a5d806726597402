/* vm/opcodes.h — every bytecode instruction, defined once.
 *
 * gol's instructions are typed and three-address (DESIGN §3): operands name frame slots by their
 * byte offset from the frame base, so `ADD_I d s s` reads two 8-byte slots and writes a third,
 * with no stack pushes and no type tags. The compiler knows every type, so each instruction says
 * how to treat its bytes (I = 64-bit integer, U = unsigned, F = float64, STR = string header...).
 *
 * Encoding: a function's code is an array of 32-bit words. An instruction is its opcode word
 * followed by one word per operand; the operand string below says how many and of which kind:
 *
 *   d  destination frame offset (bytes)         s  source frame offset (bytes)
 *   i  signed 32-bit immediate                  n  unsigned 32-bit immediate (size, offset, count)
 *   k  index into the module's 8-byte constants j  jump target: word index in this function's code
 *   f  index into the module's functions        t  index into the module's type descriptors
 *   g  byte offset into the module's globals    z  index into the module's string constants
 *
 * Register conventions. An 8-byte slot holds one scalar: integers of every size are kept sign-
 * or zero-extended to 64 bits (the compiler re-normalises after arithmetic on narrow types with
 * the SEXT and ZEXT instructions), bools are 0 or 1, float32 values are kept as float64 holding an exactly
 * representable float32 (ROUND_F32 after arithmetic), pointers are machine pointers. A string
 * is two slots {ptr,len}, a slice three {ptr,len,cap}, an interface two {type,data}. Aggregates
 * (structs, arrays) in a frame have Go's memory layout, so narrow fields inside them are read
 * and written with the FLD and FST instructions.
 *
 * Widths: the third column says how many frame bytes each operand touches, one letter per
 * operand: 1 2 4 8 that many bytes, S 16 (string, interface), L 24 (slice), N and M the value
 * of the instruction's first and second n operand, T the size of its type operand, K the slot
 * size of the key of its type operand (a map type), 0 an address
 * only (FADDR's source), '-' not a frame operand. The verifier checks every access against the
 * frame size with it, and the stack-map pass (compiler/gen_stackmap.c) computes liveness with it.
 *
 * Safepoints (where the collector may run and where stack maps are recorded) are the
 * instructions marked SP in the flags column: calls, allocations, and anything that may call
 * into the runtime's allocator. Instructions marked PANIC may raise a Go runtime panic.
 *
 * To add an instruction: add one line here, its handler in vm/interp.c (the build fails until
 * it exists), and, if it has a new operand pattern, nothing else: the disassembler, verifier
 * and code emitter all read this table.
 */
#ifndef GOL_VM_OPCODES_H
#define GOL_VM_OPCODES_H

#include <stdbool.h>
#include <stdint.h>

#define OPF_NONE  0
#define OPF_SP    1   /* safepoint: may allocate / collect; a stack map is recorded here */
#define OPF_PANIC 2   /* may raise a runtime panic */
#define OPF_JUMP  4   /* has a 'j' operand */
#define OPF_END   8   /* control does not fall through (JMP, RET, PANIC) */
#define OPF_CALL 16   /* its 'n' operand is a callee frame (header) offset in the outgoing area */
/* Instructions with a stack map: the safepoints, and every instruction that may panic (a frame
 * that panicked stays suspended there while the panic runs deferred calls above it, and the
 * collector and stack copying must read it; docs/panic.md). */
#define OPF_MAPPED (OPF_SP | OPF_PANIC)

/* OP(name, operands, widths, flags, effect) */
#define OPCODES(OP) \
    OP(NOP,            "",       "",       OPF_NONE, "nothing") \
    /* ---- moves and constants ---- */ \
    OP(MOV,            "ds",     "88",     OPF_NONE, "d = s (8 bytes)") \
    OP(MOV2,           "ds",     "SS",     OPF_NONE, "d = s (16 bytes: string, interface)") \
    OP(MOV3,           "ds",     "LL",     OPF_NONE, "d = s (24 bytes: slice)") \
    OP(COPY,           "dsn",    "NN-",    OPF_NONE, "memmove(d, s, n) within the frame") \
    OP(ZERO,           "dn",     "N-",     OPF_NONE, "memset(d, 0, n) within the frame") \
    OP(LOADI,          "di",     "8-",     OPF_NONE, "d = (int64)i") \
    OP(LOADK,          "dk",     "8-",     OPF_NONE, "d = consts[k] (8 bytes: int64 or float64 bits)") \
    OP(LOADSTR,        "dz",     "S-",     OPF_NONE, "d = strings[z] (16-byte string header)") \
    OP(LOADFN,         "df",     "8-",     OPF_NONE, "d = func value of funcs[f] (pointer to its static closure)") \
    OP(FADDR,          "ds",     "80",     OPF_NONE, "d = &frame[s] (valid only until the next call)") \
    OP(GADDR,          "dg",     "8-",     OPF_NONE, "d = &globals[g]") \
    /* ---- narrow fields of aggregates held in the frame ---- */ \
    OP(FLD_I8,         "ds",     "81",     OPF_NONE, "d = sign-extend *(int8*)&frame[s]") \
    OP(FLD_U8,         "ds",     "81",     OPF_NONE, "d = zero-extend *(uint8*)&frame[s]") \
    OP(FLD_I16,        "ds",     "82",     OPF_NONE, "d = *(int16*)&frame[s]") \
    OP(FLD_U16,        "ds",     "82",     OPF_NONE, "d = *(uint16*)&frame[s]") \
    OP(FLD_I32,        "ds",     "84",     OPF_NONE, "d = *(int32*)&frame[s]") \
    OP(FLD_U32,        "ds",     "84",     OPF_NONE, "d = *(uint32*)&frame[s]") \
    OP(FLD_F32,        "ds",     "84",     OPF_NONE, "d = (float64)*(float32*)&frame[s]") \
    OP(FST_8,          "ds",     "18",     OPF_NONE, "*(uint8*)&frame[d] = s") \
    OP(FST_16,         "ds",     "28",     OPF_NONE, "*(uint16*)&frame[d] = s") \
    OP(FST_32,         "ds",     "48",     OPF_NONE, "*(uint32*)&frame[d] = s") \
    OP(FST_F32,        "ds",     "48",     OPF_NONE, "*(float32*)&frame[d] = (float32)s") \
    /* ---- memory through a pointer: p is a slot holding a pointer, n a byte offset ---- */ \
    OP(LD_I8,          "dsn",    "88-",    OPF_PANIC, "d = *(int8*)(p+n); nil p panics") \
    OP(LD_U8,          "dsn",    "88-",    OPF_PANIC, "d = *(uint8*)(p+n)") \
    OP(LD_I16,         "dsn",    "88-",    OPF_PANIC, "d = *(int16*)(p+n)") \
    OP(LD_U16,         "dsn",    "88-",    OPF_PANIC, "d = *(uint16*)(p+n)") \
    OP(LD_I32,         "dsn",    "88-",    OPF_PANIC, "d = *(int32*)(p+n)") \
    OP(LD_U32,         "dsn",    "88-",    OPF_PANIC, "d = *(uint32*)(p+n)") \
    OP(LD_64,          "dsn",    "88-",    OPF_PANIC, "d = *(uint64*)(p+n)") \
    OP(LD_F32,         "dsn",    "88-",    OPF_PANIC, "d = (float64)*(float32*)(p+n)") \
    OP(LD_N,           "dsnn",   "M8--",   OPF_PANIC, "memmove(&frame[d], p+n1, n2)") \
    OP(ST_8,           "sns",    "8-8",    OPF_PANIC, "*(uint8*)(p+n) = s") \
    OP(ST_16,          "sns",    "8-8",    OPF_PANIC, "*(uint16*)(p+n) = s") \
    OP(ST_32,          "sns",    "8-8",    OPF_PANIC, "*(uint32*)(p+n) = s") \
    OP(ST_64,          "sns",    "8-8",    OPF_PANIC, "*(uint64*)(p+n) = s") \
    OP(ST_F32,         "sns",    "8-8",    OPF_PANIC, "*(float32*)(p+n) = (float32)s") \
    OP(ST_N,           "snsn",   "8-M-",   OPF_PANIC, "memmove(p+n1, &frame[s], n2) (pointer-free values only)") \
    /* ---- pointer stores: through the write barrier (runtime/mbarrier.c) ---- */ \
    OP(ST_PTR,         "sns",    "8-8",    OPF_PANIC, "*(void **)(p+n) = s through the write barrier") \
    OP(ST_TYPED,       "snst",   "8-T-",   OPF_PANIC, "typedmemmove(t, p+n, &frame[s]): a pointer-holding value of type t") \
    OP(NILCHK,         "s",      "8",      OPF_PANIC, "panic if the pointer in s is nil") \
    OP(PANICWRAP,      "s",      "8",      OPF_PANIC, "a (*T).M wrapper of value method T.M: panic if s is nil, Go's panicwrap text from the wrapper's name") \
    /* ---- integer arithmetic on 64-bit slots ---- */ \
    OP(ADD_I,          "dss",    "888",    OPF_NONE, "d = a + b") \
    OP(SUB_I,          "dss",    "888",    OPF_NONE, "d = a - b") \
    OP(MUL_I,          "dss",    "888",    OPF_NONE, "d = a * b") \
    OP(DIV_I,          "dss",    "888",    OPF_PANIC, "d = a / b (signed; b == 0 panics; MinInt64/-1 wraps)") \
    OP(REM_I,          "dss",    "888",    OPF_PANIC, "d = a % b (signed)") \
    OP(DIV_U,          "dss",    "888",    OPF_PANIC, "d = a / b (unsigned)") \
    OP(REM_U,          "dss",    "888",    OPF_PANIC, "d = a % b (unsigned)") \
    OP(AND,            "dss",    "888",    OPF_NONE, "d = a & b") \
    OP(OR,             "dss",    "888",    OPF_NONE, "d = a | b") \
    OP(XOR,            "dss",    "888",    OPF_NONE, "d = a ^ b") \
    OP(ANDNOT,         "dss",    "888",    OPF_NONE, "d = a &^ b") \
    OP(SHL,            "dss",    "888",    OPF_NONE, "d = b >= 64 ? 0 : a << b (b unsigned)") \
    OP(SHR_I,          "dss",    "888",    OPF_NONE, "d = a >> min(b,63) (arithmetic)") \
    OP(SHR_U,          "dss",    "888",    OPF_NONE, "d = b >= 64 ? 0 : a >> b (logical)") \
    OP(SHIFTCHK,       "s",      "8",      OPF_PANIC, "panic \"negative shift amount\" if (int64)s < 0") \
    OP(NEG_I,          "ds",     "88",     OPF_NONE, "d = -a") \
    OP(COM,            "ds",     "88",     OPF_NONE, "d = ^a (bitwise complement)") \
    OP(NOT,            "ds",     "88",     OPF_NONE, "d = !a (bool)") \
    OP(ADDI,           "dsi",    "88-",    OPF_NONE, "d = a + i") \
    OP(MULI,           "dsi",    "88-",    OPF_NONE, "d = a * i") \
    OP(ANDI,           "dsi",    "88-",    OPF_NONE, "d = a & i") \
    OP(SHLI,           "dsn",    "88-",    OPF_NONE, "d = a << n (n < 64)") \
    OP(SHRI_I,         "dsn",    "88-",    OPF_NONE, "d = a >> n (arithmetic, n < 64)") \
    OP(SHRI_U,         "dsn",    "88-",    OPF_NONE, "d = a >> n (logical, n < 64)") \
    OP(SEXT8,          "ds",     "88",     OPF_NONE, "d = (int64)(int8)a") \
    OP(SEXT16,         "ds",     "88",     OPF_NONE, "d = (int64)(int16)a") \
    OP(SEXT32,         "ds",     "88",     OPF_NONE, "d = (int64)(int32)a") \
    OP(ZEXT8,          "ds",     "88",     OPF_NONE, "d = (uint64)(uint8)a") \
    OP(ZEXT16,         "ds",     "88",     OPF_NONE, "d = (uint64)(uint16)a") \
    OP(ZEXT32,         "ds",     "88",     OPF_NONE, "d = (uint64)(uint32)a") \
    /* ---- floating point (float64 slots) ---- */ \
    OP(ADD_F,          "dss",    "888",    OPF_NONE, "d = a + b") \
    OP(SUB_F,          "dss",    "888",    OPF_NONE, "d = a - b") \
    OP(MUL_F,          "dss",    "888",    OPF_NONE, "d = a * b") \
    OP(DIV_F,          "dss",    "888",    OPF_NONE, "d = a / b (IEEE: no panic)") \
    OP(NEG_F,          "ds",     "88",     OPF_NONE, "d = -a") \
    OP(ROUND_F32,      "ds",     "88",     OPF_NONE, "d = (float64)(float32)a") \
    OP(I2F,            "ds",     "88",     OPF_NONE, "d = (float64)(int64)a") \
    OP(U2F,            "ds",     "88",     OPF_NONE, "d = (float64)(uint64)a") \
    OP(F2I,            "ds",     "88",     OPF_NONE, "d = (int64)a (out of range: 0x8000000000000000, as amd64)") \
    OP(F2I32,          "ds",     "88",     OPF_NONE, "d = (int64)(int32)a (out of range: -2^31, as amd64's CVTTSD2SL)") \
    OP(F2U,            "ds",     "88",     OPF_NONE, "d = (uint64)a (as Go on amd64)") \
    /* ---- comparisons: d = 0 or 1 ---- */ \
    OP(EQ_I,           "dss",    "888",    OPF_NONE, "d = a == b (also bools, pointers)") \
    OP(NE_I,           "dss",    "888",    OPF_NONE, "d = a != b") \
    OP(LT_I,           "dss",    "888",    OPF_NONE, "d = a < b (signed)") \
    OP(LE_I,           "dss",    "888",    OPF_NONE, "d = a <= b (signed)") \
    OP(LT_U,           "dss",    "888",    OPF_NONE, "d = a < b (unsigned)") \
    OP(LE_U,           "dss",    "888",    OPF_NONE, "d = a <= b (unsigned)") \
    OP(EQ_F,           "dss",    "888",    OPF_NONE, "d = a == b (float64; NaN != NaN)") \
    OP(NE_F,           "dss",    "888",    OPF_NONE, "d = a != b") \
    OP(LT_F,           "dss",    "888",    OPF_NONE, "d = a < b") \
    OP(LE_F,           "dss",    "888",    OPF_NONE, "d = a <= b") \
    OP(EQ_STR,         "dss",    "8SS",    OPF_NONE, "d = string a == string b") \
    OP(NE_STR,         "dss",    "8SS",    OPF_NONE, "d = string a != string b") \
    OP(LT_STR,         "dss",    "8SS",    OPF_NONE, "d = string a < string b (bytewise)") \
    OP(LE_STR,         "dss",    "8SS",    OPF_NONE, "d = string a <= string b") \
    OP(EQ_MEM,         "dssn",   "8NN-",   OPF_NONE, "d = memcmp(a, b, n) == 0 (padding-free, float-free aggregates)") \
    /* ---- control flow ---- */ \
    OP(JMP,            "j",      "-",      OPF_JUMP | OPF_END, "pc = j (a backward jump is a preemption point)") \
    OP(JT,             "sj",     "8-",     OPF_JUMP, "if a goto j") \
    OP(JF,             "sj",     "8-",     OPF_JUMP, "if !a goto j") \
    OP(JEQ_I,          "ssj",    "88-",    OPF_JUMP, "if a == b goto j") \
    OP(JNE_I,          "ssj",    "88-",    OPF_JUMP, "if a != b goto j") \
    OP(JLT_I,          "ssj",    "88-",    OPF_JUMP, "if a < b goto j (signed)") \
    OP(JLE_I,          "ssj",    "88-",    OPF_JUMP, "if a <= b goto j (signed)") \
    OP(JLT_U,          "ssj",    "88-",    OPF_JUMP, "if a < b goto j (unsigned)") \
    OP(JLE_U,          "ssj",    "88-",    OPF_JUMP, "if a <= b goto j (unsigned)") \
    OP(JLT_F,          "ssj",    "88-",    OPF_JUMP, "if a < b goto j (float64)") \
    OP(JLE_F,          "ssj",    "88-",    OPF_JUMP, "if a <= b goto j (float64)") \
    OP(JEQI,           "sij",    "8--",    OPF_JUMP, "if a == i goto j") \
    OP(JNEI,           "sij",    "8--",    OPF_JUMP, "if a != i goto j") \
    OP(JLTI,           "sij",    "8--",    OPF_JUMP, "if a < i goto j (signed)") \
    OP(JLEI,           "sij",    "8--",    OPF_JUMP, "if a <= i goto j") \
    OP(JGTI,           "sij",    "8--",    OPF_JUMP, "if a > i goto j") \
    OP(JGEI,           "sij",    "8--",    OPF_JUMP, "if a >= i goto j") \
    /* ---- calls (frame layout: runtime/symtab.h) ---- */ \
    OP(CALL,           "fn",     "--",     OPF_SP | OPF_PANIC | OPF_CALL, "call funcs[f]; its frame header starts at frame[n]") \
    OP(CALLNAT,        "fn",     "--",     OPF_SP | OPF_PANIC | OPF_CALL, "call the native funcs[f] on the frame at frame[n]+16") \
    OP(CALLIND,        "sn",     "8-",     OPF_SP | OPF_PANIC | OPF_CALL, "call the func value in s (nil panics)") \
    OP(RET,            "",       "",       OPF_END, "return to the caller (results are already in place)") \
    /* ---- closures and func values (docs/closures.md) ---- */ \
    OP(GETCTX,         "d",      "8",      OPF_NONE, "d = the closure context: the func value the call came through (a closure body's first instruction)") \
    OP(CLOSURE,        "dft",    "8--",    OPF_SP, "d = new closure object of type t (mallocgc) whose first word is funcs[f]") \
    OP(FNWORD,         "df",     "8-",     OPF_NONE, "d = funcs[f] as a closure's first word (a closure built in the frame)") \
    /* ---- strings ---- */ \
    OP(CONCAT,         "dss",    "SSS",    OPF_SP, "d = a + b") \
    OP(STR_INDEX,      "dss",    "8S8",    OPF_PANIC, "d = s[i] (byte); bounds-checked") \
    OP(STR_SLICE,      "dsss",   "SS88",   OPF_PANIC, "d = s[lo:hi]; bounds-checked") \
    OP(STR_DECODE,     "dss",    "SS8",    OPF_PANIC, "d = rune at s[i], d+8 = its byte width (utf8, RuneError/1 on bad input)") \
    OP(STR_FROM_BYTES, "ds",     "SL",     OPF_SP, "d = string(slice of bytes s)") \
    OP(BYTES_FROM_STR, "ds",     "LS",     OPF_SP, "d = []byte(string s)") \
    OP(STR_FROM_RUNES, "ds",     "SL",     OPF_SP, "d = string([]rune s)") \
    OP(RUNES_FROM_STR, "ds",     "LS",     OPF_SP, "d = []rune(string s)") \
    OP(STR_FROM_RUNE,  "ds",     "S8",     OPF_SP, "d = string(rune s) (invalid runes give \"\\uFFFD\")") \
    /* ---- slices and arrays ---- */ \
    OP(BOUNDS,         "ss",     "88",     OPF_PANIC, "panic index out of range [a] with length b unless (uint64)a < b") \
    OP(SLICE_ADDR,     "dssn",   "8L8-",   OPF_PANIC, "d = &s[i] for slice s with element size n; bounds-checked") \
    OP(SLICE_LD_64,    "dss",    "8L8",    OPF_PANIC, "d = s[i] for 8-byte elements") \
    OP(SLICE_LD_U8,    "dss",    "8L8",    OPF_PANIC, "d = s[i] for 1-byte elements") \
    OP(SLICE_ST_64,    "sss",    "L88",    OPF_PANIC, "s[i] = v for 8-byte pointer-free elements") \
    OP(SLICE_ST_PTR,   "sss",    "L88",    OPF_PANIC, "s[i] = v for pointer elements, through the write barrier") \
    OP(SLICE_ST_8,     "sss",    "L88",    OPF_PANIC, "s[i] = v for 1-byte elements") \
    OP(MAKESLICE,      "dtss",   "L-88",   OPF_SP | OPF_PANIC, "d = make([]T, len, cap) where t is the element type") \
    OP(RESLICE,        "dssssn", "LL888-", OPF_PANIC, "d = s[lo:hi:max] for slice s; n = element size; hi/max slots may be the len/cap slots") \
    OP(SLICE_PTR,      "dsnsssn", "88-888-", OPF_PANIC, "d = (*[n1]T)(p)[lo:hi:max]: slicing an array through pointer p; n2 = element size") \
    OP(GROWSLICE,      "dstn",   "LL--",   OPF_SP, "d = s with len+n, reallocated by Go's growth rule if cap is short; t = element type") \
    OP(APPENDSLICE,    "dsst",   "LLL-",   OPF_SP, "d = append(a, b...) for slices of element type t") \
    OP(APPENDSTR,      "dss",    "LLS",    OPF_SP, "d = append(a []byte, b string...)") \
    OP(COPYSLICE,      "dssn",   "8LL-",   OPF_NONE, "d = copy(a, b) with element size n (memmove; pointer-free elements)") \
    OP(COPYSLICE_TYPED, "dsst",  "8LL-",   OPF_NONE, "d = copy(a, b) for pointer-holding elements of type t (typedslicecopy)") \
    OP(COPYSTR,        "dss",    "8LS",    OPF_NONE, "d = copy(a []byte, b string)") \
    OP(SLICE_ARRP,     "dsn",    "8L-",    OPF_PANIC, "d = (*[n]T)(s): s's pointer; panics if len(s) < n") \
    /* ---- heap ---- */ \
    OP(NEW,            "dt",     "8-",     OPF_SP, "d = pointer to a new zeroed object of type t (mallocgc)") \
    OP(BOX,            "dst",    "ST-",    OPF_SP, "d = interface{t, copy of s}: s's value of type t boxed (pointer-shaped t stored directly)") \
    /* ---- maps (runtime/map.c): m is a *GolMap slot, k a key of the map type t in register form;
     *      values are read and written through the pointer MAPACCESS/MAPASSIGN leave in d ---- */ \
    OP(MAKEMAP,        "dts",    "8-8",    OPF_SP, "d = make(map type t, hint s) (a negative hint counts as 0, as Go's)") \
    OP(MAPACCESS,      "dsst",   "88K-",   OPF_PANIC, "d = &m[k], or the address of a zero value when k is absent (read only)") \
    OP(MAPACCESS2,     "ddsst",  "888K-",  OPF_PANIC, "d1 = &m[k] as MAPACCESS, d2 = whether k is present (v, ok := m[k])") \
    OP(MAPASSIGN,      "dsst",   "88K-",   OPF_SP | OPF_PANIC, "d = &m[k], inserting k with a zero value when absent; nil m panics") \
    OP(MAPDELETE,      "sst",    "8K-",    OPF_PANIC, "delete(m, k)") \
    OP(MAPLEN,         "ds",     "88",     OPF_NONE, "d = len(m) (0 for a nil map)") \
    OP(MAPITER,        "ds",     "88",     OPF_SP, "d = a new iterator over map s starting at a random slot (runtime/map.h MapIter)") \
    OP(MAPNEXT,        "sj",     "8-",     OPF_JUMP, "advance iterator s, goto j when done; else the key and value pointers are its words 0 and 1") \
    /* ---- panics and builtin print ---- */ \
    OP(PANIC,          "s",      "S",      OPF_SP | OPF_PANIC | OPF_END, "panic(v) with v the interface value in s (a safepoint: Error/String may run)") \
    OP(PANIC_NIL,      "",       "",       OPF_PANIC | OPF_END, "runtime error: invalid memory address or nil pointer dereference") \
    OP(PRINT,          "stn",    "T--",    OPF_NONE, "builtin print of s with type t to stderr; n&1: space after, n&2: newline after") \
    OP(PRINTNL,        "",       "",       OPF_NONE, "builtin println with no arguments: a newline on stderr") \
    /* ---- defer, panic, recover (runtime/defer.c, runtime/panic.c; docs/panic.md) ---- */ \
    OP(DEFER,          "fnj",    "---",    OPF_CALL | OPF_JUMP, "defer funcs[f] with the params laid out at frame[n]+16 as for CALL; j = this function's deferreturn code") \
    OP(DEFERIND,       "snj",    "8--",    OPF_CALL | OPF_JUMP, "defer the func value in s (nil: the call panics when it runs) with the params at frame[n]+16") \
    OP(GO,             "fn",     "--",     OPF_CALL, "go funcs[f] with the params laid out at frame[n]+16 as for CALL: a new goroutine (runtime/sched.c)") \
    OP(GOIND,          "sn",     "8-",     OPF_CALL, "go the func value in s (nil: fatal error) with the params at frame[n]+16") \
    OP(MAKECHAN,       "dts",    "8-8",    OPF_SP | OPF_PANIC, "d = make(chan of element type t, buffer size s) (runtime/chan.c)") \
    OP(CHANSEND,       "sst",    "8T-",    OPF_SP | OPF_PANIC, "channel a <- frame[b] (element type t); may park the goroutine, which runs this again when readied") \
    OP(CHANRECV,       "dst",    "T8-",    OPF_SP | OPF_PANIC, "d = <-channel s (element type t); may park, as CHANSEND") \
    OP(CHANRECV2,      "ddst",   "T88-",   OPF_SP | OPF_PANIC, "d1, d2 = <-channel s (d2: whether a value was sent, not the zero value of a closed channel)") \
    OP(CHANCLOSE,      "s",      "8",      OPF_PANIC, "close(channel s)") \
    OP(CHANLEN,        "ds",     "88",     OPF_NONE, "d = len(channel s) (0 for nil)") \
    OP(CHANCAP,        "ds",     "88",     OPF_NONE, "d = cap(channel s) (0 for nil)") \
    OP(SELSEND,        "sst",    "8T-",    OPF_NONE, "add the select case channel a <- frame[b] (element type t) to this goroutine's select (runtime/select.c)") \
    OP(SELRECV,        "st",     "8-",     OPF_NONE, "add the select case <-channel s (element type t)") \
    OP(SELECT,         "ddn",    "88-",    OPF_SP | OPF_PANIC, "d1 = the case chosen among the added ones (source order; -1: default, if n), d2 = its receive's ok; may park, as CHANSEND") \
    OP(SELTAKE,        "dt",     "T-",     OPF_NONE, "d = the value the chosen receive case got (element type t)") \
    OP(RUNDEFER,       "j",      "-",      OPF_SP | OPF_PANIC | OPF_JUMP, "deferreturn: goto j when this frame has no defer record left, else pop the newest and call it (returns to the next instruction)") \
    OP(RECOVER,        "d",      "S",      OPF_NONE, "d = recover(): the panic value if this frame was called directly by a panic's deferred-call loop, else nil") \
    /* ---- interfaces: == on empty interfaces ---- */ \
    OP(EQ_IFACE,       "dss",    "8SS",    OPF_PANIC, "d = interface a == interface b, both empty interfaces (panics on uncomparable dynamic types)") \
    /* ---- interfaces with methods, assertions (runtime/iface.c) ---- */ \
    OP(IFACE_CONV,     "dstn",   "SS--",   OPF_NONE, "d = interface s as the interface type t (word0 an itab, or a type if t is empty); n = 1: s is an empty interface; nil stays nil") \
    OP(IFACE_EFACE,    "ds",     "SS",     OPF_NONE, "d = {dynamic type, data} of the interface with methods s (nil stays nil)") \
    OP(CALLIFACE,      "snn",    "S--",    OPF_SP | OPF_PANIC | OPF_CALL, "call method n2 of the interface with methods s: itab fun[n2], s's data word as receiver; frame header at n1; nil s panics") \
    OP(ASSERT,         "dstt",   "TS--",   OPF_PANIC, "d = s.(t1): the value of concrete t1, or s as interface t1; s has static interface type t2; failure panics (TypeAssertionError)") \
    OP(ASSERT_OK,      "ddstt",  "T8S--",  OPF_NONE, "d1, d2 = s.(t1) comma-ok: d1 the value (t1's zero on failure), d2 ok; s of static type t2") \
    OP(TYPE_IS,        "dstt",   "8S--",   OPF_NONE, "d = s's dynamic type is t1 (t1 concrete) or implements t1 (an interface); nil s gives 0; s of static type t2")

typedef enum Opcode {
#define OP_ENUM(name, operands, widths, flags, effect) OP_##name,
    OPCODES(OP_ENUM)
#undef OP_ENUM
    OP__COUNT
} Opcode;

typedef struct OpInfo {
    const char *name;
    const char *operands;   /* one letter per operand word, see the table's head comment */
    const char *widths;     /* bytes each operand touches in the frame, one letter per operand */
    int flags;              /* OPF_* */
    const char *effect;
} OpInfo;

extern const OpInfo op_info[OP__COUNT];   /* vm/opcodes.c */

/* The call-like instructions (OPF_CALL: calls and defers): their 'n' operand is the callee's
 * frame header offset in our frame. */
static inline bool op_is_call(Opcode op) {
    return (op_info[op].flags & OPF_CALL) != 0;
}

static inline int op_length(Opcode op) {  /* words, including the opcode word */
    int n = 1;
    for (const char *p = op_info[op].operands; *p; p++) n++;
    return n;
}

/* A loop back-edge: JMP or a compare-and-branch (not MAPNEXT, which has an effect) whose target
 * is at or before it. The scheduler may switch goroutines there (vm/interp.c JUMP), resuming
 * at the jump itself, so a back-edge is a safepoint with a stack map, like the OPF_MAPPED
 * instructions (compiler/gen_stackmap.c). */
bool op_is_backedge(const uint32_t *code, uint32_t pc);
/* Whether the instruction at pc has a stack map: OPF_MAPPED, or a back-edge. */
static inline bool op_has_map(const uint32_t *code, uint32_t pc) {
    return (op_info[code[pc]].flags & OPF_MAPPED) || op_is_backedge(code, pc);
}

#endif
