import Autodiff

// How `tostring(t)` shows a tensor: its shape, then its values nested as Lua writes them,
// with long dimensions cut to their ends, as numpy previews arrays:
// "tensor([3], [0.2, 0.3, 0.5])", "tensor([2, 2], [[1, 2], [3, 4]])".

extension Tensor {
    /// Dimensions longer than this show their first and last `previewEdge` entries around "…".
    static let previewLimit = 6
    static let previewEdge = 3

    var preview: String {
        "tensor(\(shape), \(rank == 0 ? Self.format(scalars[0]) : previewBlock(dimension: 0, offset: 0)))"
    }

    /// The block of dimension `dimension` starting at scalar `offset`.
    private func previewBlock(dimension: Int, offset: Int) -> String {
        let stride = shape[(dimension + 1)...].reduce(1, *)
        let count = shape[dimension]
        let shown = count > Self.previewLimit
            ? Array(0..<Self.previewEdge) + [nil] + Array(count - Self.previewEdge..<count)
            : Array(0..<count)
        let parts = shown.map { i in
            guard let i else { return "…" }
            return dimension == rank - 1
                ? Self.format(scalars[offset + i])
                : previewBlock(dimension: dimension + 1, offset: offset + i * stride)
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    /// A scalar in its shortest exact form, integers without a fraction ("2", "0.25", "1e-05").
    static func format(_ value: Float) -> String {
        value == value.rounded() && abs(value) < 1e7 ? String(Int(value)) : value.description
    }
}
