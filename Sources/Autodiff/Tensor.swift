/// A dense Float32 array with a shape, stored contiguously in row-major order.
///
/// `Tensor` is a value: copies share storage until one is written (Swift's copy-on-write arrays).
/// Kernels read and write through `withUnsafe…` pointers so inner loops carry no bounds checks.
public struct Tensor: Equatable, Sendable {
    public private(set) var shape: [Int]
    public var scalars: [Float]

    /// A tensor of `shape` holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == scalars.count,
                     "Tensor: \(scalars.count) scalars do not fill shape \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of `shape` filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// A tensor whose scalars are written by `body` (which must initialise every element).
    public init(shape: [Int], initializingWith body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = shape.reduce(1, *)
        self.shape = shape
        self.scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
    }

    /// The most elements a tensor made from outside input may have (4 GiB of Float32).
    public static let maximumCount = 1 << 30

    /// The number of elements of `shape` if every dimension is non-negative and the product of
    /// all of them, counting a 0 as 1, is at most `maximumCount`; else nil. Counting zeros as 1
    /// keeps an empty shape like [0, 2⁴⁰, 2⁴⁰] from passing only to overflow in later loops.
    public static func validatedCount(of shape: [Int]) -> Int? {
        var bound = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = bound.multipliedReportingOverflow(by: max(dimension, 1))
            guard !overflow && product <= maximumCount else { return nil }
            bound = product
        }
        return shape.reduce(1, *)
    }

    public var count: Int { scalars.count }
    public var rank: Int { shape.count }

    /// The size of the last dimension (1 for a scalar).
    public var lastDimension: Int { shape.last ?? 1 }

    /// The same scalars seen with another shape of equal size.
    public func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, scalars: scalars) }

    /// Elementwise map, for code off the hot paths.
    public func map(_ transform: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(transform))
    }

    /// The largest absolute elementwise difference from `other` (same shape).
    public func maxAbsDifference(_ other: Tensor) -> Float {
        precondition(shape == other.shape, "maxAbsDifference: shapes \(shape) and \(other.shape)")
        return zip(scalars, other.scalars).reduce(0) { Swift.max($0, abs($1.0 - $1.1)) }
    }
}

extension Tensor {
    /// Splits the shape around `axis` into (outer, axis length, inner) so that element
    /// (o, i, j) lives at `(o * n + i) * inner + j`: every axis operation walks this layout.
    func axisLayout(_ axis: Int) -> (outer: Int, n: Int, inner: Int) {
        precondition(axis >= 0 && axis < rank, "axis \(axis) out of range for shape \(shape)")
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        return (outer, shape[axis], inner)
    }

    /// Resolves a possibly negative axis (-1 is the last) against this tensor's rank.
    func resolve(axis: Int) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < rank, "axis \(axis) out of range for shape \(shape)")
        return a
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(\(shape): [\(preview)\(count > 8 ? ", …" : "")])"
    }
}
