/// The engine's SIMD vocabulary: eight Floats at a time, with partial loads and stores for the
/// tail of a row, and branch-free lanewise e^x, σ and tanh as accurate as libm's (which, called
/// per element, cost as much as an LSTM step's GEMMs). Used by the LSTM cell, softmax,
/// layer norm, the elementwise ops and the optimiser.

/// Eight Floats in SIMD registers.
typealias Lanes = SIMD8<Float>

extension SIMD8<Float> {
    /// The first n ≤ 8 scalars at p (the rest 0: the tail of a row whose length is not a multiple of 8).
    /// (The tail goes through a zeroed vector in memory rather than lane by lane, so that both
    /// branches end in one vector: built lane by lane, it made LLVM scalarise whole loop bodies.)
    @inline(__always)
    init(_ p: UnsafePointer<Float>, _ n: Int) {
        if n == Self.scalarCount {
            self = UnsafeRawPointer(p).loadUnaligned(as: Self.self)
        } else {
            var tail = Self()
            withUnsafeMutableBytes(of: &tail) { $0.baseAddress!.copyMemory(from: p, byteCount: n * 4) }
            self = tail
        }
    }

    /// Writes the first n ≤ 8 scalars to p.
    @inline(__always)
    func store(_ p: UnsafeMutablePointer<Float>, _ n: Int) {
        if n == Self.scalarCount {
            UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self)
        } else {
            withUnsafeBytes(of: self) { UnsafeMutableRawPointer(p).copyMemory(from: $0.baseAddress!, byteCount: n * 4) }
        }
    }

    var bitPattern: SIMD8<UInt32> { unsafeBitCast(self, to: SIMD8<UInt32>.self) }
    init(bitPattern: SIMD8<UInt32>) { self = unsafeBitCast(bitPattern, to: Self.self) }
}

/// Σ over the n scalars of a row of the lanes `term(i, c)` gives for its blocks i ..< i + c
/// (c < 8 only for the tail, whose missing lanes must be 0): eight running sums, added at the
/// end. A scalar loop's sum is one chain of dependent additions, which the compiler may not
/// reorder, so it runs at one addition per 3–4 cycles; this is eight times wider, and its
/// different order of the same additions is no less accurate.
@inline(__always)
func laneSum(_ n: Int, _ term: (_ i: Int, _ count: Int) -> Lanes) -> Float {
    var sum = Lanes()
    for i in stride(from: 0, to: n, by: Lanes.scalarCount) { sum += term(i, min(Lanes.scalarCount, n - i)) }
    return sum.sum()
}

/// The lanes at and beyond n, which a partial load leaves 0 but arithmetic on it may not.
@inline(__always)
func laneMask(_ n: Int) -> SIMDMask<SIMD8<Int32>> {
    SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) .>= SIMD8<Int32>(repeating: Int32(n))
}

/// a·b + c, rounded once (one FMA instruction where the CPU has them).
@inline(__always)
func multiplyAdd(_ a: Lanes, _ b: Lanes, _ c: Float) -> Lanes { Lanes(repeating: c).addingProduct(a, b) }
@inline(__always)
func multiplyAdd(_ a: Lanes, _ b: Float, _ c: Float) -> Lanes { Lanes(repeating: c).addingProduct(a, b) }

/// e^x, lanewise, for x clamped to [−87.3, 88.3] where e^x is a normal Float: x = n ln2 + r with
/// |r| ≤ ln2/2, e^r by its Taylor series to r⁷ (truncation error < 1e-8), 2ⁿ built in the exponent
/// bits. Relative error ≤ 1e-7, as libm's expf (measured against Double on a dense grid).
@inline(__always)
func exp(_ x: Lanes) -> Lanes {
    let x = x.replacing(with: -87.3, where: x .< -87.3).replacing(with: 88.3, where: x .> 88.3)
    // Adding 1.5·2²³ rounds x/ln2 to the integer n and leaves n in the low mantissa bits.
    let shifter: Float = 12_582_912
    let t = multiplyAdd(x, 1.442_695_04, shifter)
    let n = t - shifter
    let r = (x - n * 0.693_359_375) + n * 2.121_944_4e-4  // ln 2 in two parts: n·0.693359375 is exact
    var p = multiplyAdd(r, 1 / 5040, 1 / 720)
    p = multiplyAdd(p, r, 1 / 120)
    p = multiplyAdd(p, r, 1 / 24)
    p = multiplyAdd(p, r, 1 / 6)
    p = multiplyAdd(p, r, 1 / 2)
    p = multiplyAdd(p, r, 1)
    p = multiplyAdd(p, r, 1)
    return p * Lanes(bitPattern: (t.bitPattern &- shifter.bitPattern &+ 127) &<< 23)
}

/// σ(x) = 1 / (1 + e^−x), lanewise; relative error ≤ 2e-7 for x ≥ −87.3, and 0 below, where
/// σ(x) < 1e-38 is subnormal (flushed to zero rather than left at the clamped e^−x's 1e-38).
@_transparent
func sigmoid(_ x: Lanes) -> Lanes { (1 / (1 + exp(-x))).replacing(with: 0, where: x .< -87.3) }

/// tanh x, lanewise: (1 − e^−2|x|) / (1 + e^−2|x|) with the sign of x, and below |x| = 0.3, where
/// that difference loses digits, the Taylor series x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835.
/// Relative error ≤ 2e-7, as libm's tanhf.
@_transparent
func tanh(_ x: Lanes) -> Lanes {
    let a = Lanes(bitPattern: x.bitPattern & 0x7FFF_FFFF), a2 = x * x
    let e = exp(-2 * a)
    var p = multiplyAdd(a2, 62 / 2835, -17 / 315)
    p = multiplyAdd(p, a2, 2 / 15)
    p = multiplyAdd(p, a2, -1 / 3)
    p = multiplyAdd(p, a2, 1)
    let magnitude = ((1 - e) / (1 + e)).replacing(with: a * p, where: a .< 0.3)
    return Lanes(bitPattern: magnitude.bitPattern | (x.bitPattern & 0x8000_0000))
}
