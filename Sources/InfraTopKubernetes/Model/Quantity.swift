import Foundation
import InfraTopBasics

/// A Kubernetes resource quantity (`3Gi`, `500m`, `1.5`, `2e3`), read as the API writes it.
///
/// Only what the scheduler's arithmetic needs: a value in base units (bytes, cores), binary and
/// decimal suffixes, millis and exponents. Anything else is not a quantity: nil, never a guess.
package enum Quantity {
    private static let suffixes: [(String, Double)] = [
        ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776), ("Pi", 1_125_899_906_842_624),
        ("Ei", 1_152_921_504_606_846_976),
        ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ]

    /// The quantity in base units; nil when the text is not one, or is negative or beyond 2^62.
    package static func value(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64 else { return nil }
        var number = Substring(trimmed)
        var scale = 1.0
        if let (suffix, factor) = suffixes.first(where: { trimmed.hasSuffix($0.0) }) {
            number = number.dropLast(suffix.count)
            scale = factor
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              let parsed = Double(number), parsed.isFinite, parsed >= 0 else { return nil }
        let value = parsed * scale
        return value.isFinite && value < 4.6e18 ? value : nil
    }

    /// Bytes as the API would write them, in the largest binary unit that keeps one decimal:
    /// `3Gi`, `1.5Gi`, `512Mi`, `900Ki`.
    package static func bytesText(_ bytes: Double) -> String {
        let units: [(String, Double)] = [("Ti", 1_099_511_627_776), ("Gi", 1_073_741_824), ("Mi", 1_048_576), ("Ki", 1024)]
        let sign = bytes < 0 ? "-" : ""
        let magnitude = abs(bytes)
        for (unit, size) in units where magnitude >= size {
            let scaled = magnitude / size
            let rounded = (scaled * 10).rounded() / 10
            return sign + (rounded == rounded.rounded() ? String(Int(saturating: rounded)) : String(format: "%.1f", rounded)) + unit
        }
        return sign + String(Int(saturating: magnitude.rounded()))
    }

    /// Cores as the API would write them: `2`, `500m`.
    package static func coresText(_ cores: Double) -> String {
        let millis = (cores * 1000).rounded()
        return millis.truncatingRemainder(dividingBy: 1000) == 0 ? String(Int(saturating: millis / 1000)) : "\(Int(saturating: millis))m"
    }
}

/// What a pod asks the scheduler for, as the scheduler adds it up: the sum of its containers'
/// requests, or the largest init container's when that is more (sidecars counted with the rest).
package struct PodRequests: Sendable, Equatable {
    /// Bytes of memory; nil when no container requests memory.
    package var memory: Double?
    /// Cores; nil when no container requests CPU.
    package var cpu: Double?

    package init(memory: Double?, cpu: Double?) {
        self.memory = memory
        self.cpu = cpu
    }

    package init(_ pod: Pod) {
        func sum(_ containers: [Container], _ resource: String) -> Double? {
            let values = containers.compactMap { $0.resources?.requests[resource].flatMap(Quantity.value) }
            return values.isEmpty ? nil : values.reduce(0, +)
        }
        func effective(_ resource: String) -> Double? {
            let sidecars = pod.spec.initContainers.filter(\.isRestartableInitContainer)
            let running = sum(pod.spec.containers + sidecars, resource)
            let initial = pod.spec.initContainers.filter { !$0.isRestartableInitContainer }
                .compactMap { $0.resources?.requests[resource].flatMap(Quantity.value) }.max()
            switch (running, initial) {
            case (nil, nil): return nil
            case let (running?, nil): return running
            case let (nil, initial?): return initial
            case let (running?, initial?): return max(running, initial)
            }
        }
        self.init(memory: effective("memory"), cpu: effective("cpu"))
    }

    /// `3Gi memory and 500m CPU`; nil when it requests neither.
    package var text: String? {
        let parts = [memory.map { "\(Quantity.bytesText($0)) memory" }, cpu.map { "\(Quantity.coresText($0)) CPU" }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " and ")
    }
}
