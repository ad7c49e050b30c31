import Foundation

/// Trimming with Foundation's `CharacterSet.whitespaces` / `.whitespacesAndNewlines`
/// semantics, without Foundation on the common path: a value whose ends are plain ASCII
/// is returned as is, ASCII blanks at the ends are cut on bytes, and only a non-ASCII
/// character at an end falls back to `trimmingCharacters(in:)`.
enum TextTrim {
    /// `.whitespacesAndNewlines`: Z*, U+0009–U+000D, U+0085 (ASCII part: 0x09–0x0D, 0x20).
    @inline(__always)
    static func whitespacesAndNewlines(_ text: String) -> String { trim(text, newlines: true) }

    /// `.whitespaces`: Zs and TAB (ASCII part: 0x09, 0x20).
    @inline(__always)
    static func whitespaces(_ text: String) -> String { trim(text, newlines: false) }

    @inline(__always)
    static func isASCIIBlank(_ byte: UInt8, newlines: Bool) -> Bool {
        byte == 0x20 || byte == 0x09 || (newlines && byte >= 0x0A && byte <= 0x0D)
    }

    @inline(__always)
    static func trim(_ text: String, newlines: Bool) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        if first < 0x80 && last < 0x80 && !isASCIIBlank(first, newlines: newlines)
            && !isASCIIBlank(last, newlines: newlines)
        {
            return text
        }
        return trimSlow(text, newlines: newlines)
    }

    /// Every non-ASCII scalar that is white space or a line break in any Unicode version
    /// (Z*, U+0085, U+180E, U+FEFF and their neighbourhood): only these go to Foundation.
    @inline(__always)
    static func mayBeBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x7F: return false  // ASCII blanks were cut on bytes already
        case 0x80...0xA0, 0x1680, 0x180E, 0x2000...0x206F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    private static func trimSlow(_ text: String, newlines: Bool) -> String {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isASCIIBlank(utf8[start], newlines: newlines) { start = utf8.index(after: start) }
        while start < end, isASCIIBlank(utf8[utf8.index(before: end)], newlines: newlines) {
            end = utf8.index(before: end)
        }
        if start == end { return "" }
        let first = utf8[start]
        let last = utf8[utf8.index(before: end)]
        if first >= 0x80 || last >= 0x80 {
            // A non-ASCII character at an end that cannot be white space (`ß` in `Groß`)
            // needs no Foundation; only the few candidates do.
            let inner = Substring(utf8[start..<end]).unicodeScalars
            if mayBeBlank(inner.first!) || mayBeBlank(inner.last!) {
                return text.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
            }
        }
        if start == utf8.startIndex && end == utf8.endIndex { return text }
        return String(Substring(utf8[start..<end]))
    }
}

enum TextCase {
    /// `text.lowercased()`, without building a new string when there is nothing to lower
    /// (no ASCII capital and no non-ASCII character: an address as SEMCO usually writes it).
    @inline(__always)
    static func lowercased(_ text: String) -> String {
        for byte in text.utf8 where byte >= 0x80 || (byte >= 0x41 && byte <= 0x5A) { return text.lowercased() }
        return text
    }
}
