import Foundation

/// A strict JSON tokenizer over UTF-8 bytes for the hand reader that is tried before JSONDecoder
/// on each course line of the state file (`StateFileCourseReader`, docs/state.md). The reader
/// decides which keys, which types and when to give up; this type only reads tokens.
///
/// It is deliberately narrower than JSON: whatever it does not fully understand, or finds
/// invalid, throws `Declined`, and the reader's caller then decodes the same bytes with
/// JSONDecoder, so that every error (and its message) stays JSONDecoder's. Strict means RFC 8259
/// everywhere, also in values a reader skips (JSONDecoder only checks what it decodes): no
/// trailing commas, no leading zeros, no raw control characters in strings, only the escapes
/// JSON defines, no lone surrogates, valid UTF-8 in every string, and skipped values nested at
/// most `maxDepth` deep. A leading BOM is not whitespace here (declined). Integers are read
/// within Int64; a fraction or exponent declines, also in a skipped value, and so do `-0` and
/// `\u0000`: JSONDecoder reads them, but our encoder never writes them, so reading them here
/// would gain nothing (the reader's tests pin them as declined).
///
/// Noncopyable: it owns the scratch buffer for unescaped strings and frees it in `deinit`.
struct JSONByteScanner: ~Copyable {
    /// Not something this scanner reads: decode with JSONDecoder.
    struct Declined: Error {}

    /// How deep a skipped value may nest (arrays and objects inside it).
    static let maxDepth = 64

    /// The input: `count` bytes from `bytes`.
    let bytes: UnsafePointer<UInt8>
    let count: Int
    /// The next byte to read.
    private(set) var position = 0
    /// The unescaped text of the last string that had escapes (valid until the next string is read).
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 256
    private var scratchCount = 0

    init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit {
        scratch.deallocate()
    }

    /// Runs `read` on the document in `bytes`, which must be all of it (only whitespace may
    /// follow); nil when anything declines.
    static func read<T>(_ bytes: UnsafeBufferPointer<UInt8>, _ read: (inout JSONByteScanner) throws(Declined) -> T)
        -> T?
    {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        var scanner = JSONByteScanner(bytes: base, count: bytes.count)
        do {
            let value = try read(&scanner)
            return scanner.isAtEnd() ? value : nil
        } catch {
            return nil
        }
    }

    /// Skips whitespace; true when nothing else is left of the bytes there.
    mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return position == count
    }

    // MARK: - Structure

    /// A JSON container: its opening and closing brackets.
    enum Container {
        case object, array

        var opening: UInt8 { self == .object ? UInt8(ascii: "{") : UInt8(ascii: "[") }
        var closing: UInt8 { self == .object ? UInt8(ascii: "}") : UInt8(ascii: "]") }
    }

    /// Reads the container's opening bracket, and its closing one too when it follows at once
    /// (empty); true when a member or element follows.
    @inline(__always)
    mutating func opens(_ container: Container) throws(Declined) -> Bool {
        try expect(container.opening)
        if try peek() == container.closing {
            position += 1
            return false
        }
        return true
    }

    /// After a member or element: true on `,` (another follows), false on the closing bracket.
    @inline(__always)
    mutating func continues(_ container: Container) throws(Declined) -> Bool {
        let c = try peek()
        position += 1
        if c == UInt8(ascii: ",") { return true }
        if c == container.closing { return false }
        throw Declined()
    }

    /// A member's name and its `:`, as unescaped bytes (valid UTF-8; valid until the next string
    /// is read). Comparing such a name byte by byte with an ASCII name is what JSONDecoder's
    /// String comparison does: no other text is canonically equivalent to an ASCII name.
    @inline(__always)
    mutating func fieldName() throws(Declined) -> UnsafeBufferPointer<UInt8> {
        let name = try stringBytes()
        try expect(UInt8(ascii: ":"))
        return name
    }

    /// `fieldName()`, declining a name that is not all ASCII: for a reader that also compares
    /// names with each other (two non-ASCII names may be equal as Swift strings, not as bytes).
    @inline(__always)
    mutating func asciiFieldName() throws(Declined) -> UnsafeBufferPointer<UInt8> {
        let (name, ascii) = try rawString()
        guard ascii else { throw Declined() }
        try expect(UInt8(ascii: ":"))
        return name
    }

    /// A key that is data (a dictionary's key) and its `:`, as a String.
    mutating func dictionaryKey() throws(Declined) -> String {
        let key = try string()
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// True when `name` is the bytes of `key` (from `fieldName()` or `stringBytes()`).
    @inline(__always)
    static func equal(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        key.count == name.utf8CodeUnitCount && memcmp(key.baseAddress!, name.utf8Start, key.count) == 0
    }

    // MARK: - Values

    /// True (and consumed) when the next value is `null`.
    @inline(__always)
    mutating func null() throws(Declined) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// True when the next value is a string (not consumed).
    mutating func atString() throws(Declined) -> Bool {
        try peek() == UInt8(ascii: "\"")
    }

    mutating func string() throws(Declined) -> String {
        let (text, ascii) = try rawString()
        if ascii { return String(decoding: text, as: UTF8.self) }
        // One pass both checks and decodes non-ASCII text.
        guard let valid = String(validating: text, as: UTF8.self) else { throw Declined() }
        return valid
    }

    /// `null` → nil, else a string.
    mutating func optionalString() throws(Declined) -> String? {
        try null() ? nil : try string()
    }

    /// A string as unescaped bytes, checked to be valid UTF-8 (valid until the next string is
    /// read: they point into the input when the string has no escapes, else into the scratch).
    mutating func stringBytes() throws(Declined) -> UnsafeBufferPointer<UInt8> {
        let (text, ascii) = try rawString()
        if !ascii { try Self.checkUTF8(text) }
        return text
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

    /// A JSON integer (`-?(0|[1-9][0-9]*)`) within Int64; a fraction or exponent declines, and
    /// so does `-0`.
    mutating func int64() throws(Declined) -> Int64 {
        let number = try number()
        guard !number.fraction else { throw Declined() }
        if number.negative, bytes[number.start] == 0x30 { throw Declined() }
        var value: Int64 = 0
        for i in number.start..<number.end {
            let digit = Int64(bytes[i] &- 0x30)
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) =
                number.negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            if o1 || o2 { throw Declined() }
            value = sum
        }
        return value
    }

    mutating func int() throws(Declined) -> Int {
        guard let value = Int(exactly: try int64()) else { throw Declined() }
        return value
    }

    /// Checks and skips any JSON value (what JSONDecoder parses but the reader ignores).
    mutating func skipValue() throws(Declined) {
        try skipValue(depth: 0)
    }

    private mutating func skipValue(depth: Int) throws(Declined) {
        guard depth < Self.maxDepth else { throw Declined() }
        switch try peek() {
        case UInt8(ascii: "\""):
            _ = try stringBytes()
        case UInt8(ascii: "{"):
            if try opens(.object) {
                repeat {
                    _ = try fieldName()
                    try skipValue(depth: depth + 1)
                } while try continues(.object)
            }
        case UInt8(ascii: "["):
            if try opens(.array) {
                repeat { try skipValue(depth: depth + 1) } while try continues(.array)
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try bool()
        case UInt8(ascii: "n"):
            try literal("null")
        default:
            _ = try int64()
        }
    }

    // MARK: - Bytes

    @inline(__always)
    private mutating func skipWhitespace() {
        while position < count {
            let c = bytes[position]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            position += 1
        }
    }

    /// The next byte after whitespace, not consumed.
    @inline(__always)
    private mutating func peek() throws(Declined) -> UInt8 {
        skipWhitespace()
        guard position < count else { throw Declined() }
        return bytes[position]
    }

    @inline(__always)
    private mutating func expect(_ c: UInt8) throws(Declined) {
        guard try peek() == c else { throw Declined() }
        position += 1
    }

    private mutating func literal(_ word: StaticString) throws(Declined) {
        let n = word.utf8CodeUnitCount
        guard count - position >= n, memcmp(bytes + position, word.utf8Start, n) == 0 else { throw Declined() }
        position += n
    }

    @inline(__always)
    private func isDigit(_ i: Int) -> Bool {
        i < count && bytes[i] >= 0x30 && bytes[i] <= 0x39
    }

    /// Any JSON number: its sign, where its integer digits are (`start..<end`), and whether a
    /// fraction or exponent follows them.
    private mutating func number() throws(Declined) -> (negative: Bool, start: Int, end: Int, fraction: Bool) {
        let negative = try peek() == UInt8(ascii: "-")
        if negative { position += 1 }
        let start = position
        guard isDigit(position) else { throw Declined() }
        if bytes[position] == 0x30 {
            position += 1
        } else {
            while isDigit(position) { position += 1 }
        }
        let end = position
        var fraction = false
        if position < count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard isDigit(position) else { throw Declined() }
            while isDigit(position) { position += 1 }
            fraction = true
        }
        if position < count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard isDigit(position) else { throw Declined() }
            while isDigit(position) { position += 1 }
            fraction = true
        }
        // A number runs into the next token only through a separator or whitespace (this also
        // declines leading zeros: `01` is `0` followed by `1`).
        if position < count {
            switch bytes[position] {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: break
            default: throw Declined()
            }
        }
        return (negative, start, end, fraction)
    }

    /// A string's unescaped bytes and whether they are all ASCII; non-ASCII bytes are NOT yet
    /// checked to be UTF-8 (`string()` and `stringBytes()` do that). They point into the input
    /// when the string has no escapes, else into `scratch`; valid until the next string is read.
    @inline(__always)
    private mutating func rawString() throws(Declined) -> (UnsafeBufferPointer<UInt8>, ascii: Bool) {
        try expect(UInt8(ascii: "\""))
        let start = position
        var ascii = true
        while position < count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                return (UnsafeBufferPointer(start: bytes + start, count: position - 1 - start), ascii)
            }
            if c == UInt8(ascii: "\\") { return try escapedString(from: start, ascii: ascii) }
            // A raw control character is invalid JSON.
            if c < 0x20 { throw Declined() }
            if c >= 0x80 { ascii = false }
            position += 1
        }
        throw Declined()
    }

    /// The rest of a string that has escapes (from its first `\`), unescaped into `scratch`.
    private mutating func escapedString(from start: Int, ascii asciiSoFar: Bool) throws(Declined)
        -> (UnsafeBufferPointer<UInt8>, ascii: Bool)
    {
        var ascii = asciiSoFar
        scratchCount = 0
        append(bytes + start, count: position - start)
        while position < count {
            let c = bytes[position]
            position += 1
            if c == UInt8(ascii: "\"") {
                return (UnsafeBufferPointer(start: scratch, count: scratchCount), ascii)
            }
            if c < 0x20 { throw Declined() }
            guard c == UInt8(ascii: "\\") else {
                if c >= 0x80 { ascii = false }
                append(c)
                continue
            }
            guard position < count else { throw Declined() }
            let escape = bytes[position]
            position += 1
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
                    guard count - position >= 2, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else {
                        throw Declined()
                    }
                    position += 2
                    let low = try hex4()
                    guard low >= 0xDC00, low <= 0xDFFF else { throw Declined() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                // A lone low surrogate is no scalar.
                guard scalar != 0, let unicode = Unicode.Scalar(scalar) else { throw Declined() }
                if scalar >= 0x80 { ascii = false }
                for unit in UTF8.encode(unicode)! { append(unit) }
            default:
                throw Declined()
            }
        }
        throw Declined()
    }

    private mutating func hex4() throws(Declined) -> UInt32 {
        guard count - position >= 4 else { throw Declined() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x41...0x46: digit = c - 0x41 + 10
            case 0x61...0x66: digit = c - 0x61 + 10
            default: throw Declined()
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        if scratchCount == scratchCapacity { grow(to: scratchCount + 1) }
        scratch[scratchCount] = byte
        scratchCount += 1
    }

    private mutating func append(_ source: UnsafePointer<UInt8>, count n: Int) {
        if scratchCount + n > scratchCapacity { grow(to: scratchCount + n) }
        (scratch + scratchCount).update(from: source, count: n)
        scratchCount += n
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
