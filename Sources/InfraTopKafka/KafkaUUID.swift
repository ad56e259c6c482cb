/// A 128-bit Kafka UUID (topic ids), kept as two big-endian halves.
///
/// Kafka's own type rather than Foundation's, so the codec stays free of
/// Foundation and the all-zero "no id" value is explicit.
package struct KafkaUUID: Hashable, Sendable, CustomStringConvertible {
    /// The most significant 64 bits.
    package var mostSignificantBits: UInt64
    /// The least significant 64 bits.
    package var leastSignificantBits: UInt64

    /// The all-zero UUID, which Kafka uses for "no topic id".
    package static let zero = KafkaUUID(mostSignificantBits: 0, leastSignificantBits: 0)

    package init(mostSignificantBits: UInt64, leastSignificantBits: UInt64) {
        self.mostSignificantBits = mostSignificantBits
        self.leastSignificantBits = leastSignificantBits
    }

    /// Whether this is the all-zero UUID.
    package var isZero: Bool { self == .zero }

    /// The canonical 8-4-4-4-12 hexadecimal form.
    package var description: String {
        func hex(_ value: UInt64, digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        let high = mostSignificantBits, low = leastSignificantBits
        return hex(high >> 32, digits: 8) + "-" + hex((high >> 16) & 0xFFFF, digits: 4) + "-"
            + hex(high & 0xFFFF, digits: 4) + "-" + hex(low >> 48, digits: 4) + "-"
            + hex(low & 0xFFFF_FFFF_FFFF, digits: 12)
    }
}
