//go:build amd64 && !purego

#include "textflag.h"

// tailmask<>+8*(4-k) is a 4-lane mask selecting the first k lanes.
DATA tailmask<>+0(SB)/8, $-1
DATA tailmask<>+8(SB)/8, $-1
DATA tailmask<>+16(SB)/8, $-1
DATA tailmask<>+24(SB)/8, $-1
DATA tailmask<>+32(SB)/8, $0
DATA tailmask<>+40(SB)/8, $0
DATA tailmask<>+48(SB)/8, $0
DATA tailmask<>+56(SB)/8, $0
GLOBL tailmask<>(SB), RODATA|NOPTR, $64

// Registers common to both kernels:
//	CX  rows left          DX  d
//	SI  current row of A   R8  lda in bytes   R12 3·lda in bytes
//	R11 d/8                Y12 mask of the d mod 4 tail lanes
//	Y14 α (broadcast)      Y13 β (broadcast, gemvNAVX only)
//	AX  walks a row,  R13 walks x (gemvNAVX) or y (gemvTAVX),  R10 counter

// func gemvNAVX(n, d int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64)
TEXT ·gemvNAVX(SB), NOSPLIT, $0-112
	MOVQ n+0(FP), CX
	MOVQ d+8(FP), DX
	MOVQ a_base+24(FP), SI
	MOVQ lda+48(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R12
	MOVQ x_base+56(FP), DI
	MOVQ y_base+88(FP), BX
	VBROADCASTSD alpha+16(FP), Y14
	VBROADCASTSD beta+80(FP), Y13
	MOVQ DX, AX
	ANDQ $3, AX
	MOVQ $4, R9
	SUBQ AX, R9
	LEAQ tailmask<>(SB), AX
	VMOVUPD (AX)(R9*8), Y12
	MOVQ DX, R11
	SHRQ $3, R11

n4:
	CMPQ CX, $4
	JL   n1
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	MOVQ   SI, AX
	MOVQ   DI, R13
	MOVQ   R11, R10
	TESTQ  R10, R10
	JZ     n4rem

n4loop:
	VMOVUPD     (R13), Y8
	VMOVUPD     32(R13), Y9
	VFMADD231PD (AX), Y8, Y0
	VFMADD231PD 32(AX), Y9, Y4
	VFMADD231PD (AX)(R8*1), Y8, Y1
	VFMADD231PD 32(AX)(R8*1), Y9, Y5
	VFMADD231PD (AX)(R8*2), Y8, Y2
	VFMADD231PD 32(AX)(R8*2), Y9, Y6
	VFMADD231PD (AX)(R12*1), Y8, Y3
	VFMADD231PD 32(AX)(R12*1), Y9, Y7
	ADDQ        $64, AX
	ADDQ        $64, R13
	DECQ        R10
	JNZ         n4loop

n4rem:
	VADDPD      Y4, Y0, Y0
	VADDPD      Y5, Y1, Y1
	VADDPD      Y6, Y2, Y2
	VADDPD      Y7, Y3, Y3
	TESTQ       $4, DX
	JZ          n4tail
	VMOVUPD     (R13), Y8
	VFMADD231PD (AX), Y8, Y0
	VFMADD231PD (AX)(R8*1), Y8, Y1
	VFMADD231PD (AX)(R8*2), Y8, Y2
	VFMADD231PD (AX)(R12*1), Y8, Y3
	ADDQ        $32, AX
	ADDQ        $32, R13

n4tail:
	TESTQ       $3, DX
	JZ          n4sum
	VMASKMOVPD  (R13), Y12, Y8
	VMASKMOVPD  (AX), Y12, Y9
	VFMADD231PD Y9, Y8, Y0
	VMASKMOVPD  (AX)(R8*1), Y12, Y9
	VFMADD231PD Y9, Y8, Y1
	VMASKMOVPD  (AX)(R8*2), Y12, Y9
	VFMADD231PD Y9, Y8, Y2
	VMASKMOVPD  (AX)(R12*1), Y12, Y9
	VFMADD231PD Y9, Y8, Y3

n4sum:
	// Y0 = [r0a+r0b, r1a+r1b, r0c+r0d, r1c+r1d], Y2 likewise for rows 2, 3.
	VHADDPD    Y1, Y0, Y0
	VHADDPD    Y3, Y2, Y2
	VPERM2F128 $0x21, Y2, Y0, Y1 // [Y0.hi, Y2.lo]
	VBLENDPD   $0x0c, Y2, Y0, Y3 // [Y0.lo, Y2.hi]
	VADDPD     Y1, Y3, Y0        // the four row sums
	VMULPD     Y14, Y0, Y0
	VMOVUPD    (BX), Y9
	VFMADD231PD Y13, Y9, Y0
	VMOVUPD    Y0, (BX)
	LEAQ       (SI)(R8*4), SI
	ADDQ       $32, BX
	SUBQ       $4, CX
	JMP        n4

n1:
	TESTQ  CX, CX
	JZ     ndone
	VXORPD Y0, Y0, Y0
	VXORPD Y4, Y4, Y4
	MOVQ   SI, AX
	MOVQ   DI, R13
	MOVQ   R11, R10
	TESTQ  R10, R10
	JZ     n1rem

n1loop:
	VMOVUPD     (AX), Y8
	VMOVUPD     32(AX), Y9
	VFMADD231PD (R13), Y8, Y0
	VFMADD231PD 32(R13), Y9, Y4
	ADDQ        $64, AX
	ADDQ        $64, R13
	DECQ        R10
	JNZ         n1loop

n1rem:
	VADDPD      Y4, Y0, Y0
	TESTQ       $4, DX
	JZ          n1tail
	VMOVUPD     (AX), Y8
	VFMADD231PD (R13), Y8, Y0
	ADDQ        $32, AX
	ADDQ        $32, R13

n1tail:
	TESTQ       $3, DX
	JZ          n1sum
	VMASKMOVPD  (R13), Y12, Y8
	VMASKMOVPD  (AX), Y12, Y9
	VFMADD231PD Y9, Y8, Y0

n1sum:
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VHADDPD      X0, X0, X0
	VMULSD       X14, X0, X0
	VMOVSD       (BX), X1
	VFMADD231SD  X13, X1, X0
	VMOVSD       X0, (BX)
	ADDQ         R8, SI
	ADDQ         $8, BX
	DECQ         CX
	JMP          n1

ndone:
	VZEROUPPER
	RET

// func gemvTAVX(n, d int, alpha float64, a []float64, lda int, x []float64, y []float64)
TEXT ·gemvTAVX(SB), NOSPLIT, $0-104
	MOVQ n+0(FP), CX
	MOVQ d+8(FP), DX
	MOVQ a_base+24(FP), SI
	MOVQ lda+48(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R12
	MOVQ x_base+56(FP), DI
	MOVQ y_base+80(FP), BX
	VBROADCASTSD alpha+16(FP), Y14
	MOVQ DX, AX
	ANDQ $3, AX
	MOVQ $4, R9
	SUBQ AX, R9
	LEAQ tailmask<>(SB), AX
	VMOVUPD (AX)(R9*8), Y12
	MOVQ DX, R11
	SHRQ $3, R11

t4:
	CMPQ         CX, $4
	JL           t1
	VBROADCASTSD (DI), Y4
	VBROADCASTSD 8(DI), Y5
	VBROADCASTSD 16(DI), Y6
	VBROADCASTSD 24(DI), Y7
	VMULPD       Y14, Y4, Y4 // cₖ = α·x_{i+k}
	VMULPD       Y14, Y5, Y5
	VMULPD       Y14, Y6, Y6
	VMULPD       Y14, Y7, Y7
	MOVQ         SI, AX
	MOVQ         BX, R13
	MOVQ         R11, R10
	TESTQ        R10, R10
	JZ           t4rem

t4loop:
	VMOVUPD     (R13), Y0
	VMOVUPD     32(R13), Y1
	VFMADD231PD (AX), Y4, Y0
	VFMADD231PD 32(AX), Y4, Y1
	VFMADD231PD (AX)(R8*1), Y5, Y0
	VFMADD231PD 32(AX)(R8*1), Y5, Y1
	VFMADD231PD (AX)(R8*2), Y6, Y0
	VFMADD231PD 32(AX)(R8*2), Y6, Y1
	VFMADD231PD (AX)(R12*1), Y7, Y0
	VFMADD231PD 32(AX)(R12*1), Y7, Y1
	VMOVUPD     Y0, (R13)
	VMOVUPD     Y1, 32(R13)
	ADDQ        $64, AX
	ADDQ        $64, R13
	DECQ        R10
	JNZ         t4loop

t4rem:
	TESTQ       $4, DX
	JZ          t4tail
	VMOVUPD     (R13), Y0
	VFMADD231PD (AX), Y4, Y0
	VFMADD231PD (AX)(R8*1), Y5, Y0
	VFMADD231PD (AX)(R8*2), Y6, Y0
	VFMADD231PD (AX)(R12*1), Y7, Y0
	VMOVUPD     Y0, (R13)
	ADDQ        $32, AX
	ADDQ        $32, R13

t4tail:
	TESTQ       $3, DX
	JZ          t4next
	VMASKMOVPD  (R13), Y12, Y0
	VMASKMOVPD  (AX), Y12, Y8
	VFMADD231PD Y8, Y4, Y0
	VMASKMOVPD  (AX)(R8*1), Y12, Y8
	VFMADD231PD Y8, Y5, Y0
	VMASKMOVPD  (AX)(R8*2), Y12, Y8
	VFMADD231PD Y8, Y6, Y0
	VMASKMOVPD  (AX)(R12*1), Y12, Y8
	VFMADD231PD Y8, Y7, Y0
	VMASKMOVPD  Y0, Y12, (R13)

t4next:
	LEAQ (SI)(R8*4), SI
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  t4

t1:
	TESTQ        CX, CX
	JZ           tdone
	VBROADCASTSD (DI), Y4
	VMULPD       Y14, Y4, Y4
	MOVQ         SI, AX
	MOVQ         BX, R13
	MOVQ         R11, R10
	TESTQ        R10, R10
	JZ           t1rem

t1loop:
	VMOVUPD     (R13), Y0
	VMOVUPD     32(R13), Y1
	VFMADD231PD (AX), Y4, Y0
	VFMADD231PD 32(AX), Y4, Y1
	VMOVUPD     Y0, (R13)
	VMOVUPD     Y1, 32(R13)
	ADDQ        $64, AX
	ADDQ        $64, R13
	DECQ        R10
	JNZ         t1loop

t1rem:
	TESTQ       $4, DX
	JZ          t1tail
	VMOVUPD     (R13), Y0
	VFMADD231PD (AX), Y4, Y0
	VMOVUPD     Y0, (R13)
	ADDQ        $32, AX
	ADDQ        $32, R13

t1tail:
	TESTQ       $3, DX
	JZ          t1next
	VMASKMOVPD  (R13), Y12, Y0
	VMASKMOVPD  (AX), Y12, Y8
	VFMADD231PD Y8, Y4, Y0
	VMASKMOVPD  Y0, Y12, (R13)

t1next:
	ADDQ R8, SI
	ADDQ $8, DI
	DECQ CX
	JMP  t1

tdone:
	VZEROUPPER
	RET

// func residualGradAVX(n, d int, a []float64, lda int, x, y []float64, alpha float64, r, g []float64)
//
// r ← A·x − y and g ← g + α·Aᵀr in one pass over A: each block of four rows
// is dotted with x and then, while it is still in L1, scaled by α·rᵢ and
// added into g. Registers as above, plus BX walks y, R9 walks r, DI is x;
// g's base is reloaded from the frame.
TEXT ·residualGradAVX(SB), NOSPLIT, $0-152
	MOVQ n+0(FP), CX
	MOVQ d+8(FP), DX
	MOVQ a_base+16(FP), SI
	MOVQ lda+40(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R12
	MOVQ x_base+48(FP), DI
	MOVQ y_base+72(FP), BX
	MOVQ r_base+104(FP), R9
	VBROADCASTSD alpha+96(FP), Y14
	MOVQ DX, AX
	ANDQ $3, AX
	MOVQ $4, R10
	SUBQ AX, R10
	LEAQ tailmask<>(SB), AX
	VMOVUPD (AX)(R10*8), Y12
	MOVQ DX, R11
	SHRQ $3, R11

f4:
	CMPQ CX, $4
	JL   f1
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	MOVQ   SI, AX
	MOVQ   DI, R13
	MOVQ   R11, R10
	TESTQ  R10, R10
	JZ     f4rem

f4loop:
	VMOVUPD     (R13), Y8
	VMOVUPD     32(R13), Y9
	VFMADD231PD (AX), Y8, Y0
	VFMADD231PD 32(AX), Y9, Y4
	VFMADD231PD (AX)(R8*1), Y8, Y1
	VFMADD231PD 32(AX)(R8*1), Y9, Y5
	VFMADD231PD (AX)(R8*2), Y8, Y2
	VFMADD231PD 32(AX)(R8*2), Y9, Y6
	VFMADD231PD (AX)(R12*1), Y8, Y3
	VFMADD231PD 32(AX)(R12*1), Y9, Y7
	ADDQ        $64, AX
	ADDQ        $64, R13
	DECQ        R10
	JNZ         f4loop

f4rem:
	VADDPD      Y4, Y0, Y0
	VADDPD      Y5, Y1, Y1
	VADDPD      Y6, Y2, Y2
	VADDPD      Y7, Y3, Y3
	TESTQ       $4, DX
	JZ          f4tail
	VMOVUPD     (R13), Y8
	VFMADD231PD (AX), Y8, Y0
	VFMADD231PD (AX)(R8*1), Y8, Y1
	VFMADD231PD (AX)(R8*2), Y8, Y2
	VFMADD231PD (AX)(R12*1), Y8, Y3
	ADDQ        $32, AX
	ADDQ        $32, R13

f4tail:
	TESTQ       $3, DX
	JZ          f4sum
	VMASKMOVPD  (R13), Y12, Y8
	VMASKMOVPD  (AX), Y12, Y9
	VFMADD231PD Y9, Y8, Y0
	VMASKMOVPD  (AX)(R8*1), Y12, Y9
	VFMADD231PD Y9, Y8, Y1
	VMASKMOVPD  (AX)(R8*2), Y12, Y9
	VFMADD231PD Y9, Y8, Y2
	VMASKMOVPD  (AX)(R12*1), Y12, Y9
	VFMADD231PD Y9, Y8, Y3

f4sum:
	VHADDPD    Y1, Y0, Y0
	VHADDPD    Y3, Y2, Y2
	VPERM2F128 $0x21, Y2, Y0, Y1
	VBLENDPD   $0x0c, Y2, Y0, Y3
	VADDPD     Y1, Y3, Y0        // the four dot products
	VSUBPD     (BX), Y0, Y0      // rᵢ = aᵢ·x − yᵢ
	VMOVUPD    Y0, (R9)
	VMULPD     Y14, Y0, Y0
	VPERMPD    $0x00, Y0, Y4     // cₖ = α·r_{i+k}
	VPERMPD    $0x55, Y0, Y5
	VPERMPD    $0xaa, Y0, Y6
	VPERMPD    $0xff, Y0, Y7
	MOVQ       SI, AX
	MOVQ       g_base+128(FP), R13
	MOVQ       R11, R10
	TESTQ      R10, R10
	JZ         g4rem

g4loop:
	VMOVUPD     (R13), Y0
	VMOVUPD     32(R13), Y1
	VFMADD231PD (AX), Y4, Y0
	VFMADD231PD 32(AX), Y4, Y1
	VFMADD231PD (AX)(R8*1), Y5, Y0
	VFMADD231PD 32(AX)(R8*1), Y5, Y1
	VFMADD231PD (AX)(R8*2), Y6, Y0
	VFMADD231PD 32(AX)(R8*2), Y6, Y1
	VFMADD231PD (AX)(R12*1), Y7, Y0
	VFMADD231PD 32(AX)(R12*1), Y7, Y1
	VMOVUPD     Y0, (R13)
	VMOVUPD     Y1, 32(R13)
	ADDQ        $64, AX
	ADDQ        $64, R13
	DECQ        R10
	JNZ         g4loop

g4rem:
	TESTQ       $4, DX
	JZ          g4tail
	VMOVUPD     (R13), Y0
	VFMADD231PD (AX), Y4, Y0
	VFMADD231PD (AX)(R8*1), Y5, Y0
	VFMADD231PD (AX)(R8*2), Y6, Y0
	VFMADD231PD (AX)(R12*1), Y7, Y0
	VMOVUPD     Y0, (R13)
	ADDQ        $32, AX
	ADDQ        $32, R13

g4tail:
	TESTQ       $3, DX
	JZ          f4next
	VMASKMOVPD  (R13), Y12, Y0
	VMASKMOVPD  (AX), Y12, Y8
	VFMADD231PD Y8, Y4, Y0
	VMASKMOVPD  (AX)(R8*1), Y12, Y8
	VFMADD231PD Y8, Y5, Y0
	VMASKMOVPD  (AX)(R8*2), Y12, Y8
	VFMADD231PD Y8, Y6, Y0
	VMASKMOVPD  (AX)(R12*1), Y12, Y8
	VFMADD231PD Y8, Y7, Y0
	VMASKMOVPD  Y0, Y12, (R13)

f4next:
	LEAQ (SI)(R8*4), SI
	ADDQ $32, BX
	ADDQ $32, R9
	SUBQ $4, CX
	JMP  f4

f1:
	TESTQ  CX, CX
	JZ     fdone
	VXORPD Y0, Y0, Y0
	VXORPD Y4, Y4, Y4
	MOVQ   SI, AX
	MOVQ   DI, R13
	MOVQ   R11, R10
	TESTQ  R10, R10
	JZ     f1rem

f1loop:
	VMOVUPD     (AX), Y8
	VMOVUPD     32(AX), Y9
	VFMADD231PD (R13), Y8, Y0
	VFMADD231PD 32(R13), Y9, Y4
	ADDQ        $64, AX
	ADDQ        $64, R13
	DECQ        R10
	JNZ         f1loop

f1rem:
	VADDPD      Y4, Y0, Y0
	TESTQ       $4, DX
	JZ          f1tail
	VMOVUPD     (AX), Y8
	VFMADD231PD (R13), Y8, Y0
	ADDQ        $32, AX
	ADDQ        $32, R13

f1tail:
	TESTQ       $3, DX
	JZ          f1sum
	VMASKMOVPD  (R13), Y12, Y8
	VMASKMOVPD  (AX), Y12, Y9
	VFMADD231PD Y9, Y8, Y0

f1sum:
	VEXTRACTF128 $1, Y0, X1
	VADDPD       X1, X0, X0
	VHADDPD      X0, X0, X0
	VSUBSD       (BX), X0, X0
	VMOVSD       X0, (R9)
	VMULSD       X14, X0, X0
	VBROADCASTSD X0, Y4
	MOVQ         SI, AX
	MOVQ         g_base+128(FP), R13
	MOVQ         R11, R10
	TESTQ        R10, R10
	JZ           g1rem

g1loop:
	VMOVUPD     (R13), Y0
	VMOVUPD     32(R13), Y1
	VFMADD231PD (AX), Y4, Y0
	VFMADD231PD 32(AX), Y4, Y1
	VMOVUPD     Y0, (R13)
	VMOVUPD     Y1, 32(R13)
	ADDQ        $64, AX
	ADDQ        $64, R13
	DECQ        R10
	JNZ         g1loop

g1rem:
	TESTQ       $4, DX
	JZ          g1tail
	VMOVUPD     (R13), Y0
	VFMADD231PD (AX), Y4, Y0
	VMOVUPD     Y0, (R13)
	ADDQ        $32, AX
	ADDQ        $32, R13

g1tail:
	TESTQ       $3, DX
	JZ          f1next
	VMASKMOVPD  (R13), Y12, Y0
	VMASKMOVPD  (AX), Y12, Y8
	VFMADD231PD Y8, Y4, Y0
	VMASKMOVPD  Y0, Y12, (R13)

f1next:
	ADDQ R8, SI
	ADDQ $8, BX
	ADDQ $8, R9
	DECQ CX
	JMP  f1

fdone:
	VZEROUPPER
	RET
