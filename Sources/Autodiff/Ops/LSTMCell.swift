/// The elementwise half of an LSTM step, one row of H units at a time. A row's gates are four
/// blocks of H in PyTorch's order i, f, g, o; the matrix products around them are GEMMs in LSTM.swift.
///
/// The loops run over 8 units at a time in SIMD registers with branch-free σ and tanh: with libm
/// (tanhf especially) the cell took as long as all the step's GEMMs.
enum LSTMCell {
    /// With z = recurrent + projected + bias: i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o);
    /// c = f ⊙ c₀ + i ⊙ g; h = o ⊙ tanh(c). `gates` holds the recurrent part of z on entry and the
    /// activations i, f, g, o on exit, which with c and tanh(c) is all the backward step needs.
    @inline(__always)
    static func forward(units H: Int, gates: UnsafeMutablePointer<Float>, projected: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>, previousCell: UnsafePointer<Float>,
                        cell: UnsafeMutablePointer<Float>, tanhCell: UnsafeMutablePointer<Float>,
                        hidden: UnsafeMutablePointer<Float>) {
        for u in stride(from: 0, to: H, by: Lanes.scalarCount) {
            let n = min(Lanes.scalarCount, H - u)
            func z(_ gate: Int) -> Lanes {
                let at = gate * H + u
                return Lanes(gates + at, n) + Lanes(projected + at, n) + Lanes(bias + at, n)
            }
            let (i, f, g, o) = (sigmoid(z(0)), sigmoid(z(1)), tanh(z(2)), sigmoid(z(3)))
            let c = f * Lanes(previousCell + u, n) + i * g
            let tc = tanh(c)
            i.store(gates + u, n)
            f.store(gates + H + u, n)
            g.store(gates + 2 * H + u, n)
            o.store(gates + 3 * H + u, n)
            c.store(cell + u, n)
            tc.store(tanhCell + u, n)
            (o * tc).store(hidden + u, n)
        }
    }

    /// The step backwards. With dh = dy + the dh carried from the step after, and dc carried in
    /// `cellGrad`: dc += dh ⊙ o ⊙ (1 − tanh²c), and the pre-activation gradients are
    /// dz_i = dc ⊙ g ⊙ i(1 − i), dz_f = dc ⊙ c₀ ⊙ f(1 − f), dz_g = dc ⊙ i ⊙ (1 − g²),
    /// dz_o = dh ⊙ tanh(c) ⊙ o(1 − o). On exit `cellGrad` holds dc ⊙ f, the carry to the step before.
    @inline(__always)
    static func backward(units H: Int, gates: UnsafePointer<Float>, previousCell: UnsafePointer<Float>,
                         tanhCell: UnsafePointer<Float>, outputGrad: UnsafePointer<Float>,
                         hiddenGrad: UnsafePointer<Float>, cellGrad: UnsafeMutablePointer<Float>,
                         gatesGrad: UnsafeMutablePointer<Float>) {
        for u in stride(from: 0, to: H, by: Lanes.scalarCount) {
            let n = min(Lanes.scalarCount, H - u)
            let (i, f, g, o) = (Lanes(gates + u, n), Lanes(gates + H + u, n),
                                Lanes(gates + 2 * H + u, n), Lanes(gates + 3 * H + u, n))
            let tc = Lanes(tanhCell + u, n)
            let dh = Lanes(outputGrad + u, n) + Lanes(hiddenGrad + u, n)
            let dc = Lanes(cellGrad + u, n) + dh * o * (1 - tc * tc)
            let c0 = Lanes(previousCell + u, n)
            (dc * g * i * (1 - i)).store(gatesGrad + u, n)
            (dc * c0 * f * (1 - f)).store(gatesGrad + H + u, n)
            (dc * i * (1 - g * g)).store(gatesGrad + 2 * H + u, n)
            (dh * tc * o * (1 - o)).store(gatesGrad + 3 * H + u, n)
            (dc * f).store(cellGrad + u, n)
        }
    }
}
