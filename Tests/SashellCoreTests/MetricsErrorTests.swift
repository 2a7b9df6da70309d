import SashellCore
import Testing

@Suite struct MetricsErrorTests {
    /// Messages count positions from 1, as Lua users do.
    @Test func messagesNameTheProblem() {
        #expect(MetricsError.lengthMismatch(3, 4).description == "inputs differ in length (3 and 4)")
        #expect(MetricsError.nonFinite(position: 0).description == "value 1 is not finite")
        #expect(MetricsError.tooShort(count: 1, needed: 2).description == "needs at least 2 values, got 1")
        #expect(MetricsError.undefined("a is constant").description == "a is constant")
    }
}
