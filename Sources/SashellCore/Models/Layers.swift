import Autodiff

/// A named parameter, named as the same tensor of the PyTorch module would be, so that a
/// checkpoint reads in PyTorch with the names a PyTorch user expects.
public typealias NamedParameter = (name: String, variable: Variable)

/// y = x Wᵀ + b with W of shape [out, in], as PyTorch's `nn.Linear` (same layout, same
/// initialisation: W and b uniform in ±1/√in).
struct Linear {
    let weight: Variable
    let bias: Variable?

    init(_ input: Int, _ output: Int, bias hasBias: Bool = true, generator: inout RandomGenerator) {
        let bound = 1 / Float(input).squareRoot()
        weight = Variable(.uniform([output, input], low: -bound, high: bound, generator: &generator), requiresGrad: true)
        bias = hasBias ? Variable(.uniform([output], low: -bound, high: bound, generator: &generator), requiresGrad: true) : nil
    }

    func callAsFunction(_ x: Variable) -> Variable {
        linear(x, weight: weight, bias: bias)
    }

    /// "prefix.weight" and "prefix.bias".
    func parameters(_ prefix: String) -> [NamedParameter] {
        [(prefix + ".weight", weight)] + (bias.map { [(prefix + ".bias", $0)] } ?? [])
    }
}

/// Layer normalisation with a learned gain (from 1) and bias (from 0), as `nn.LayerNorm`.
struct LayerNormalization {
    let gain: Variable
    let bias: Variable

    init(_ width: Int) {
        gain = Variable(Tensor(repeating: 1, shape: [width]), requiresGrad: true)
        bias = Variable(.zeros([width]), requiresGrad: true)
    }

    func callAsFunction(_ x: Variable) -> Variable {
        layerNorm(x, gain: gain, bias: bias)
    }

    func parameters(_ prefix: String) -> [NamedParameter] {
        [(prefix + ".weight", gain), (prefix + ".bias", bias)]
    }
}
