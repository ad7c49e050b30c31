import Foundation

/// A small, strict JSON scanner over UTF-8 bytes, for the hand readers of Zoom's hot answers
/// (`ZoomAnswerReader`). It is deliberately narrower than JSONDecoder: whatever it does not
/// fully understand or finds invalid throws `Declined`, and the caller then decodes the same
/// bytes with JSONDecoder, so that every error (and its message) stays JSONDecoder's.
///
/// Strict means strict RFC 8259 everywhere, also in values the reader skips (JSONDecoder only
/// checks what it decodes): no trailing commas, no leading zeros, no raw control characters in
/// strings, only the escapes JSON defines, no lone surrogates, valid UTF-8, and nesting at most
/// `maxDepth` deep. Numbers are read as plain integers only; a fraction or exponent in a value
/// that is decoded declines (skipped numbers may have them).
struct ZoomJSONScanner {
    /// Not something this scanner reads: decode with JSONDecoder.
    struct Declined: Error {}

    static let maxDepth = 64

    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    private var at = 0
    /// The unescaped text of the last string that had escapes (owned by `read`, which frees it).
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 256
    private var scratchCount = 0

    private init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
        scratch = .allocate(capacity: scratchCapacity)
    }

    /// Runs `read` on the document in `data`, which must be all of it (only whitespace may
    /// follow); nil when anything declines.
    static func read<T>(_ data: Data, _ read: (inout ZoomJSONScanner) throws(Declined) -> T) -> T? {
        data.withUnsafeBytes { raw -> T? in
            guard let base = raw.baseAddress, raw.count > 0 else { return nil }
            var scanner = ZoomJSONScanner(bytes: base.assumingMemoryBound(to: UInt8.self), count: raw.count)
            defer { scanner.scratch.deallocate() }
            do {
                let value = try read(&scanner)
                scanner.skipWhitespace()
                return scanner.at == scanner.count ? value : nil
            } catch {
                return nil
            }
        }
    }

    // MARK: - Structure

    /// Reads `{`; true when a member follows.
    mutating func objectStart() throws(Declined) -> Bool {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            at += 1
            return false
        }
        return true
    }

    /// After a member: true on `,` (another member follows), false on `}`.
    mutating func objectNext() throws(Declined) -> Bool {
        let c = try peek()
        at += 1
        if c == UInt8(ascii: ",") { return true }
        if c == UInt8(ascii: "}") { return false }
        throw Declined()
    }

    /// Reads `[`; true when an element follows.
    mutating func arrayStart() throws(Declined) -> Bool {
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") {
            at += 1
            return false
        }
        return true
    }

    /// After an element: true on `,` (another element follows), false on `]`.
    mutating func arrayNext() throws(Declined) -> Bool {
        let c = try peek()
        at += 1
        if c == UInt8(ascii: ",") { return true }
        if c == UInt8(ascii: "]") { return false }
        throw Declined()
    }

    /// A member's name and its `:`, as unescaped bytes (valid until the next string is read).
    /// Field names are compared byte by byte: that is what JSONDecoder's String comparison
    /// does for the ASCII names of the wire types (no other text is canonically equivalent to
    /// lowercase ASCII letters and `_`), so a non-ASCII name is simply not one of them.
    mutating func fieldName() throws(Declined) -> UnsafeBufferPointer<UInt8> {
        let name = try rawString()
        try expect(UInt8(ascii: ":"))
        return name
    }

    // MARK: - Values

    /// True (and consumed) when the next value is `null`.
    mutating func null() throws(Declined) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func string() throws(Declined) -> String {
        let text = try rawString()
        return String(decoding: text, as: UTF8.self)
    }

    /// `null` → nil, else a string.
    mutating func optionalString() throws(Declined) -> String? {
        try null() ? nil : try string()
    }

    /// True when the next value is a string (not consumed).
    mutating func atString() throws(Declined) -> Bool {
        try peek() == UInt8(ascii: "\"")
    }

    /// A string as bytes (unescaped, valid UTF-8; valid until the next string is read).
    mutating func stringBytes() throws(Declined) -> UnsafeBufferPointer<UInt8> {
        try rawString()
    }

    mutating func bool() throws(Declined) -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            throw Declined()
        }
    }

    /// A JSON integer (`-?(0|[1-9][0-9]*)`) within Int64; a fraction or exponent declines.
    mutating func int64() throws(Declined) -> Int64 {
        let (negative, digits) = try number()
        guard !digits.fraction else { throw Declined() }
        var value: Int64 = 0
        for i in digits.start..<digits.end {
            let digit = Int64(bytes[i] &- 0x30)
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            if o1 || o2 { throw Declined() }
            value = sum
        }
        return value
    }

    mutating func int() throws(Declined) -> Int {
        let value = try int64()
        guard let int = Int(exactly: value) else { throw Declined() }
        return int
    }

    /// Checks and skips any JSON value.
    mutating func skipValue() throws(Declined) {
        try skipValue(depth: 0)
    }

    private mutating func skipValue(depth: Int) throws(Declined) {
        guard depth < Self.maxDepth else { throw Declined() }
        switch try peek() {
        case UInt8(ascii: "\""):
            _ = try rawString()
        case UInt8(ascii: "{"):
            if try objectStart() {
                repeat {
                    _ = try fieldName()
                    try skipValue(depth: depth + 1)
                } while try objectNext()
            }
        case UInt8(ascii: "["):
            if try arrayStart() {
                repeat { try skipValue(depth: depth + 1) } while try arrayNext()
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try bool()
        case UInt8(ascii: "n"):
            try literal("null")
        default:
            _ = try number()
        }
    }

    // MARK: - Bytes

    private mutating func skipWhitespace() {
        while at < count {
            let c = bytes[at]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            at += 1
        }
    }

    /// The next byte after whitespace, not consumed.
    private mutating func peek() throws(Declined) -> UInt8 {
        skipWhitespace()
        guard at < count else { throw Declined() }
        return bytes[at]
    }

    private mutating func expect(_ c: UInt8) throws(Declined) {
        guard try peek() == c else { throw Declined() }
        at += 1
    }

    private mutating func literal(_ word: StaticString) throws(Declined) {
        let n = word.utf8CodeUnitCount
        guard count - at >= n, memcmp(bytes + at, word.utf8Start, n) == 0 else { throw Declined() }
        at += n
    }

    private func isDigit(_ i: Int) -> Bool {
        i < count && bytes[i] >= 0x30 && bytes[i] <= 0x39
    }

    /// Any JSON number; returns its sign and where its integer digits are, and whether a
    /// fraction or exponent follows them.
    private mutating func number() throws(Declined) -> (negative: Bool, digits: (start: Int, end: Int, fraction: Bool)) {
        _ = try peek()
        let negative = bytes[at] == UInt8(ascii: "-")
        if negative { at += 1 }
        let start = at
        guard isDigit(at) else { throw Declined() }
        if bytes[at] == 0x30 {
            at += 1
        } else {
            while isDigit(at) { at += 1 }
        }
        let end = at
        var fraction = false
        if at < count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            guard isDigit(at) else { throw Declined() }
            while isDigit(at) { at += 1 }
            fraction = true
        }
        if at < count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            at += 1
            if at < count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            guard isDigit(at) else { throw Declined() }
            while isDigit(at) { at += 1 }
            fraction = true
        }
        // A number runs into the next token only through a separator or whitespace.
        if at < count {
            switch bytes[at] {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: break
            default: throw Declined()
            }
        }
        return (negative, (start, end, fraction))
    }

    /// A string's unescaped UTF-8 bytes, checked to be valid UTF-8 (pointing into the input
    /// when it has no escapes, else into `scratch`).
    private mutating func rawString() throws(Declined) -> UnsafeBufferPointer<UInt8> {
        try expect(UInt8(ascii: "\""))
        let start = at
        var ascii = true
        while at < count {
            let c = bytes[at]
            if c == UInt8(ascii: "\"") {
                at += 1
                let text = UnsafeBufferPointer(start: bytes + start, count: at - 1 - start)
                if !ascii { try Self.checkUTF8(text) }
                return text
            }
            if c == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if c < 0x20 { throw Declined() }
            if c >= 0x80 { ascii = false }
            at += 1
        }
        throw Declined()
    }

    /// The rest of a string that has escapes, unescaped into `scratch`.
    private mutating func escapedString(from start: Int) throws(Declined) -> UnsafeBufferPointer<UInt8> {
        scratchCount = 0
        append(UnsafeBufferPointer(start: bytes + start, count: at - start))
        while at < count {
            let c = bytes[at]
            if c == UInt8(ascii: "\"") {
                at += 1
                let text = UnsafeBufferPointer(start: UnsafePointer(scratch), count: scratchCount)
                try Self.checkUTF8(text)
                return text
            }
            if c < 0x20 { throw Declined() }
            at += 1
            guard c == UInt8(ascii: "\\") else {
                append(c)
                continue
            }
            guard at < count else { throw Declined() }
            let escape = bytes[at]
            at += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): append(escape)
            case UInt8(ascii: "b"): append(0x08)
            case UInt8(ascii: "f"): append(0x0C)
            case UInt8(ascii: "n"): append(0x0A)
            case UInt8(ascii: "r"): append(0x0D)
            case UInt8(ascii: "t"): append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800, scalar <= 0xDBFF {
                    // A high surrogate must be followed by an escaped low one.
                    guard count - at >= 2, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                        throw Declined()
                    }
                    at += 2
                    let low = try hex4()
                    guard low >= 0xDC00, low <= 0xDFFF else { throw Declined() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                // A lone low surrogate is no scalar.
                guard let unicode = Unicode.Scalar(scalar) else { throw Declined() }
                for unit in UTF8.encode(unicode)! { append(unit) }
            default:
                throw Declined()
            }
        }
        throw Declined()
    }

    private mutating func hex4() throws(Declined) -> UInt32 {
        guard count - at >= 4 else { throw Declined() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[at]
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x41...0x46: digit = c - 0x41 + 10
            case 0x61...0x66: digit = c - 0x61 + 10
            default: throw Declined()
            }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }

    private mutating func append(_ byte: UInt8) {
        if scratchCount == scratchCapacity { grow(to: scratchCount + 1) }
        scratch[scratchCount] = byte
        scratchCount += 1
    }

    private mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        if scratchCount + text.count > scratchCapacity { grow(to: scratchCount + text.count) }
        (scratch + scratchCount).update(from: text.baseAddress!, count: text.count)
        scratchCount += text.count
    }

    private mutating func grow(to needed: Int) {
        let capacity = max(scratchCapacity * 2, needed)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: scratch, count: scratchCount)
        scratch.deallocate()
        scratch = grown
        scratchCapacity = capacity
    }

    private static func checkUTF8(_ text: UnsafeBufferPointer<UInt8>) throws(Declined) {
        var decoder = UTF8()
        var iterator = text.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return
            case .error: throw Declined()
            }
        }
    }
}
