import Foundation

/// A plain byte writer: a small buffer that goes to a file whenever it fills up (see
/// `OwnerOnlyFiles.write(to:_:)`), or, without a file, everything kept in memory (tests,
/// `ReportHTML.render`). The report files go through it, so a run's report of half a million
/// actions is written with one buffer's worth of memory instead of a whole copy of the file.
/// It knows no format: JSON is JSONEncoder's (`report.json`, ReportJSON.swift), HTML escaping
/// is ReportHTML's.
///
/// A failed write is remembered (`errorCode`) and makes later writes no-ops; the owner of the
/// file checks it once at the end.
struct ByteOutput {
    /// Bytes not yet written (all of them in memory mode).
    private(set) var bytes: [UInt8]
    private let fd: Int32?
    private let capacity: Int
    /// The errno of the first failed write, 0 while none failed.
    private(set) var errorCode: Int32 = 0

    /// Collects everything in memory.
    init() {
        fd = nil
        capacity = .max
        bytes = []
    }

    /// Writes to `fd` in chunks of about `capacity` bytes. The caller owns the descriptor.
    init(fd: Int32, capacity: Int = 1 << 16) {
        self.fd = fd
        self.capacity = capacity
        bytes = []
        bytes.reserveCapacity(capacity + 1024)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
        if bytes.count >= capacity { flush() }
    }

    /// Appends ASCII text that is part of the format (markup, punctuation, keys).
    @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        if bytes.count >= capacity { flush() }
    }

    /// Appends text as UTF-8, unchanged.
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
        if bytes.count >= capacity { flush() }
    }

    /// Appends raw bytes; a block larger than the buffer goes to the file directly.
    mutating func append(bytes other: UnsafeRawBufferPointer) {
        if let fd, other.count >= capacity {
            flush()
            if errorCode == 0 { errorCode = POSIXWrite.all(fd, other) }
            return
        }
        bytes.append(contentsOf: other)
        if bytes.count >= capacity { flush() }
    }

    /// Appends an integer in decimal.
    mutating func append<I: BinaryInteger>(decimal value: I) {
        append(String(value))
    }

    /// Writes the buffered bytes to the file (nothing in memory mode).
    mutating func flush() {
        guard let fd, !bytes.isEmpty else { return }
        if errorCode == 0 {
            errorCode = POSIXWrite.all(fd, bytes)
        }
        bytes.removeAll(keepingCapacity: true)
    }

    /// Memory mode: the text written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }
}

extension ByteOutput {
    /// Appends `text`'s UTF-8 with each byte that `isSpecial` picks out written by `escape`
    /// instead; the runs between them are copied as they are. The escapers below pick ASCII
    /// bytes only, so scanning bytes never splits a character.
    @inline(__always)
    mutating func append(
        _ text: String, escaping isSpecial: (UInt8) -> Bool, as escape: (inout ByteOutput, UInt8) -> Void
    ) {
        var text = text
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            var runStart = 0
            for index in 0..<utf8.count where isSpecial(utf8[index]) {
                if index > runStart {
                    append(bytes: UnsafeRawBufferPointer(start: base + runStart, count: index - runStart))
                }
                escape(&self, utf8[index])
                runStart = index + 1
            }
            if utf8.count > runStart {
                append(bytes: UnsafeRawBufferPointer(start: base + runStart, count: utf8.count - runStart))
            }
        }
    }
}

// Left only for `State/StateFileWriter.swift`, the state file's hand writer, which the state's
// move to Codable (issue 15, a parallel branch) removes: delete this extension with it.
extension ByteOutput {
    /// Appends a non-negative `value` as exactly `width` decimal digits, zero-padded (dates, times).
    mutating func append(digits value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Appends the inside of a JSON string as JSONEncoder writes it: `"` and `\` escaped with
    /// a backslash; backspace, form feed, newline, return and tab as `\b \f \n \r \t`; other
    /// control characters below U+0020 as `\u00xx` (lower-case hex); everything else, `/`
    /// and non-ASCII included, as it is.
    mutating func appendJSONEscaped(_ text: String) {
        append(text, escaping: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) { out, byte in
            switch byte {
            case UInt8(ascii: "\""): out.append("\\\"")
            case UInt8(ascii: "\\"): out.append("\\\\")
            case 0x08: out.append("\\b")
            case 0x0C: out.append("\\f")
            case 0x0A: out.append("\\n")
            case 0x0D: out.append("\\r")
            case 0x09: out.append("\\t")
            default:
                // Below 0x20: `\u00`, then the hex digits; the first is 0 or 1.
                out.append("\\u00")
                out.append(UInt8(ascii: "0") + byte >> 4)
                let low = byte & 0x0F
                out.append(low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + low - 10)
            }
        }
    }
}
