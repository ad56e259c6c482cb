/// How much a single reply may claim before the decoder refuses it.
///
/// The limits exist because lengths and counts come from the network: a
/// corrupted or hostile header must produce an error, not a huge allocation.
package struct RESPLimits: Sendable, Hashable {
    /// Largest bulk string, bulk error or verbatim string, in bytes.
    package var maxBulkLength: Int
    /// Most elements in one array, set or push, or pairs in one map or attribute.
    package var maxAggregateCount: Int
    /// Deepest nesting of aggregates.
    package var maxDepth: Int
    /// Longest simple line (simple string, error, number) before its CRLF.
    package var maxLineLength: Int

    package init(
        maxBulkLength: Int = 64 * 1024 * 1024,
        maxAggregateCount: Int = 1 << 20,
        maxDepth: Int = 32,
        maxLineLength: Int = 64 * 1024
    ) {
        self.maxBulkLength = maxBulkLength
        self.maxAggregateCount = maxAggregateCount
        self.maxDepth = maxDepth
        self.maxLineLength = maxLineLength
    }

    /// Limits that fit every reply infratop asks for, with room to spare.
    package static let `default` = RESPLimits()
}
