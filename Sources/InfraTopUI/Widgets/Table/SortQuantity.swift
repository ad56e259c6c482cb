/// Reading the numbers people write in table cells.
enum Quantity {
    /// Seconds in a Kubernetes-style duration: `45s`, `2m50s`, `3h`, `5d3h`, `2y30d`.
    static func duration(_ text: String) -> Double? {
        let units: [Character: Double] = ["y": 365 * 86_400, "d": 86_400, "h": 3_600, "m": 60, "s": 1]
        let order: [Character] = ["y", "d", "h", "m", "s"]
        var total = 0.0
        var digits = ""
        var lastUnit = -1
        var sawUnit = false
        var characters = Array(text)
        // Milliseconds end in "ms"; treat them as a fraction of a second.
        var scale = 1.0
        if characters.count > 2, characters.suffix(2) == ["m", "s"] {
            characters.removeLast()
            characters[characters.count - 1] = "s"
            scale = 0.001
        }
        for character in characters {
            if character.isASCII, character.isNumber || character == "." {
                digits.append(character)
                continue
            }
            guard let unit = units[character], let rank = order.firstIndex(of: character),
                  rank > lastUnit, let value = Double(digits) else { return nil }
            total += value * unit
            lastUnit = rank
            digits = ""
            sawUnit = true
        }
        guard sawUnit, digits.isEmpty else { return nil }
        return total * scale
    }

    /// Bytes in a size such as `512Mi`, `1.5GB`, `256mb`, `12K`, `900B`.
    static func bytes(_ text: String) -> Double? {
        guard let (number, unit) = leadingNumber(text), !unit.isEmpty else { return nil }
        let multipliers: [String: Double] = [
            "b": 1,
            "k": 1e3, "kb": 1e3, "ki": 1_024, "kib": 1_024,
            "m": 1e6, "mb": 1e6, "mi": 1_048_576, "mib": 1_048_576,
            "g": 1e9, "gb": 1e9, "gi": 1_073_741_824, "gib": 1_073_741_824,
            "t": 1e12, "tb": 1e12, "ti": 1_099_511_627_776, "tib": 1_099_511_627_776,
        ]
        let key = unit.trimmingSpaces.lowercased()
        // A lone lowercase "m" is minutes (a duration) or millicores, never megabytes.
        if unit == "m" { return nil }
        return multipliers[key].map { number * $0 }
    }

    /// A number at the start of `text` (sign and decimals allowed) and the text after it.
    static func leadingNumber(_ text: String) -> (Double, String)? {
        var end = text.startIndex
        var sawDigit = false
        var sawPoint = false
        if end < text.endIndex, text[end] == "-" || text[end] == "+" { end = text.index(after: end) }
        while end < text.endIndex {
            let character = text[end]
            if character.isASCII, character.isNumber {
                sawDigit = true
            } else if character == ".", !sawPoint {
                // A point counts only when a digit follows: "3." is "3" then ".".
                let next = text.index(after: end)
                guard next < text.endIndex, text[next].isASCII, text[next].isNumber else { break }
                sawPoint = true
            } else {
                break
            }
            end = text.index(after: end)
        }
        guard sawDigit, let value = Double(text[text.startIndex..<end]), value.isFinite else { return nil }
        return (value, String(text[end...]))
    }
}

/// Text order that compares runs of digits by their value and letters without regard to case.
enum NaturalOrder {
    static func compare(_ left: String, _ right: String) -> Int {
        var lhs = Substring(left)
        var rhs = Substring(right)
        while let l = lhs.first, let r = rhs.first {
            if l.isASCII, l.isNumber, r.isASCII, r.isNumber {
                let leftDigits = lhs.prefix { $0.isASCII && $0.isNumber }
                let rightDigits = rhs.prefix { $0.isASCII && $0.isNumber }
                let result = compareDigits(leftDigits, rightDigits)
                if result != 0 { return result }
                lhs = lhs.dropFirst(leftDigits.count)
                rhs = rhs.dropFirst(rightDigits.count)
                continue
            }
            let leftFolded = l.lowercased()
            let rightFolded = r.lowercased()
            if leftFolded != rightFolded { return leftFolded < rightFolded ? -1 : 1 }
            lhs = lhs.dropFirst()
            rhs = rhs.dropFirst()
        }
        if lhs.isEmpty, rhs.isEmpty { return 0 }
        return lhs.isEmpty ? -1 : 1
    }

    /// Compares digit strings of any length by value without converting them to integers.
    private static func compareDigits(_ left: Substring, _ right: Substring) -> Int {
        let l = left.drop { $0 == "0" }
        let r = right.drop { $0 == "0" }
        if l.count != r.count { return l.count < r.count ? -1 : 1 }
        if l != r { return l < r ? -1 : 1 }
        return 0
    }
}
