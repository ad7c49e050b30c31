import Foundation

/// The text encoding of one CSV file: UTF-8 when every byte sequence is valid UTF-8,
/// else Windows-1252 (German Excel's legacy "CSV (Trennzeichen-getrennt)").
enum CSVTextEncoding: String, Sendable {
    case utf8
    case windows1252
}

/// One CSV record: its fields and the 1-based line its first field starts on.
struct CSVRecord: Sendable {
    var fields: [String]
    var line: Int
}

/// One CSV record as the parser holds it: the unescaped bytes of all fields back to back,
/// and where each field ends. Valid only during the callback (the parser re-uses it), so
/// a reader decodes to `String` only the fields it keeps.
struct CSVByteRecord {
    /// The fields' bytes, concatenated (quotes removed, `""` unescaped, CRLF inside a field as LF).
    var bytes: [UInt8] = []
    /// `ends[i]` is the end offset of field `i` in `bytes`; field `i` starts at `ends[i - 1]` (or 0).
    var ends: [Int] = []
    var line = 1

    var count: Int { ends.count }

    func range(_ index: Int) -> Range<Int> { (index == 0 ? 0 : ends[index - 1])..<ends[index] }

    /// The field's bytes, for the duration of `body`.
    @inline(__always)
    func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = range(index)
        return try bytes.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[r]))
        }
    }

    func string(_ index: Int, encoding: CSVTextEncoding) -> String {
        withField(index) { CSVText.decode($0, encoding: encoding) }
    }
}

/// Why a CSV file cannot be parsed at all.
enum CSVParseError: Error, Equatable {
    /// A quoted field opened on `line` never closes.
    case unterminatedQuote(line: Int)
    case unreadable(String)
    /// A UTF-16 byte-order mark (Excel's "Unicode text"): not a supported encoding.
    case utf16
}

/// A streaming RFC 4180 parser over a file, read in chunks: memory holds one chunk and
/// the record being built, never the whole file. Two passes: the first validates UTF-8
/// (deciding the encoding for the whole file) and finds the delimiter on the header line;
/// the second parses. Quotes, delimiters and line breaks are ASCII, so the parser works
/// on bytes: fields are byte ranges of one re-used buffer, decoded only when asked for.
struct CSVParser {
    let url: URL
    var chunkSize = 64 * 1024

    /// What the first pass found.
    struct Dialect: Equatable, Sendable {
        var encoding: CSVTextEncoding
        var delimiter: UInt8
        var hasBOM: Bool
    }

    init(url: URL, chunkSize: Int = 64 * 1024) {
        self.url = url
        self.chunkSize = chunkSize
    }

    /// Reads the file in chunks of `chunkSize` into one re-used buffer (POSIX `read`, no
    /// allocation per chunk).
    private func forEachChunk(_ body: (UnsafeBufferPointer<UInt8>) throws -> Bool) throws {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw CSVParseError.unreadable(String(cString: strerror(errno))) }
        defer { close(fd) }
        let size = max(1, chunkSize)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw CSVParseError.unreadable(String(cString: strerror(errno)))
            }
            if n == 0 { return }
            if try !body(UnsafeBufferPointer(rebasing: buffer[0..<n])) { return }
        }
    }

    /// First pass: encoding (whole file), BOM, and the delimiter among `;` `,` TAB that
    /// occurs most often outside quotes on the header line (`;` wins a tie, then TAB).
    func detectDialect() throws -> Dialect { try firstPass().dialect }

    /// The first pass: the dialect, and the number of LF bytes (an upper bound for the
    /// records after the header when lines end in LF or CRLF), so a reader can reserve
    /// its arrays once instead of growing them by doubling.
    func firstPass() throws -> (dialect: Dialect, lineFeeds: Int) {
        var lineFeeds = 0
        var validator = UTF8Validator()
        var valid = true
        var offset = 0
        var bom: [UInt8] = []
        var inHeader = true
        var inQuotes = false
        var semicolons = 0, commas = 0, tabs = 0
        try forEachChunk { chunk in
            var start = 0
            while offset < 3 && start < chunk.count {
                bom.append(chunk[start])
                offset += 1
                start += 1
            }
            // The header line only (a few hundred bytes): byte by byte.
            if inHeader {
                for byte in chunk {
                    if byte == 0x22 { inQuotes.toggle() } else if !inQuotes {
                        if byte == 0x0A || byte == 0x0D { inHeader = false; break }
                        if byte == 0x3B { semicolons += 1 } else if byte == 0x2C { commas += 1 } else if byte == 0x09 { tabs += 1 }
                    }
                }
            }
            if valid && !validator.feed(chunk) { valid = false }
            var count = 0
            for byte in chunk { count &+= byte == 0x0A ? 1 : 0 }
            lineFeeds += count
            return true
        }
        if !validator.isComplete { valid = false }
        if bom.count >= 2 && (bom[0..<2] == [0xFF, 0xFE] || bom[0..<2] == [0xFE, 0xFF]) { throw CSVParseError.utf16 }
        let hasBOM = bom == [0xEF, 0xBB, 0xBF]
        // `;` wins a tie, then TAB, then `,`.
        var delimiter: UInt8 = 0x3B
        var best = semicolons
        if tabs > best { delimiter = 0x09; best = tabs }
        if commas > best { delimiter = 0x2C; best = commas }
        if best == 0 { delimiter = 0x3B }
        return (Dialect(encoding: valid ? .utf8 : .windows1252, delimiter: delimiter, hasBOM: valid && hasBOM), lineFeeds)
    }

    /// Second pass: calls `body` for every record in file order, the header first.
    /// Blank lines are skipped. Throws `unterminatedQuote` naming the line the quote opened on.
    func parse(dialect: Dialect, _ body: (CSVRecord) throws -> Void) throws {
        try parseBytes(dialect: dialect) { record in
            try body(CSVRecord(fields: (0..<record.count).map { record.string($0, encoding: dialect.encoding) }, line: record.line))
        }
    }

    /// Like `parse`, but hands out the record as bytes (valid only during the call).
    func parseBytes(dialect: Dialect, _ body: (CSVByteRecord) throws -> Void) throws {
        var state = ParserState(dialect: dialect)
        try forEachChunk { chunk in
            try state.consume(chunk, body)
            return true
        }
        try state.finish(body)
    }
}

/// The byte-level state machine behind `CSVParser.parse`.
private struct ParserState {
    let dialect: CSVParser.Dialect
    var bomBytesLeft: Int
    /// Line of the byte being consumed (1-based); line breaks inside quotes count.
    var line = 1
    var previousWasCR = false
    var record = CSVByteRecord()
    var recordStarted = false
    var mode: Mode = .fieldStart
    var quoteLine = 0

    enum Mode { case fieldStart, unquoted, quoted, quoteInQuoted }

    init(dialect: CSVParser.Dialect) {
        self.dialect = dialect
        bomBytesLeft = dialect.hasBOM ? 3 : 0
        record.bytes.reserveCapacity(1024)
        record.ends.reserveCapacity(64)
    }

    mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (CSVByteRecord) throws -> Void) throws {
        var i = 0
        let n = chunk.count
        if bomBytesLeft > 0 {
            let skip = min(bomBytesLeft, n)
            bomBytesLeft -= skip
            i = skip
        }
        let delimiter = dialect.delimiter
        while i < n {
            // Fast path: a run of ordinary bytes inside a field is copied in one go.
            if recordStarted && (mode == .unquoted || mode == .quoted) {
                let quoted = mode == .quoted
                var j = i
                while j < n {
                    let b = chunk[j]
                    if b == 0x22 || b == 0x0A || b == 0x0D || (!quoted && b == delimiter) { break }
                    j += 1
                }
                if j > i {
                    record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[i..<j]))
                    previousWasCR = false
                    i = j
                    if i == n { break }
                }
            }
            try consume(chunk[i], body)
            i += 1
        }
    }

    @inline(__always)
    mutating func consume(_ byte: UInt8, _ body: (CSVByteRecord) throws -> Void) throws {
        // Line accounting: CRLF, LF and a lone CR each end one line.
        let lineOfByte = line
        if byte == 0x0D {
            line += 1
            previousWasCR = true
        } else if byte == 0x0A {
            if !previousWasCR { line += 1 }
            previousWasCR = false
        } else {
            previousWasCR = false
        }
        if !recordStarted {
            if byte == 0x0A || byte == 0x0D { return }  // blank line between records
            recordStarted = true
            record.line = lineOfByte
        }
        switch mode {
        case .fieldStart:
            if byte == 0x22 {
                mode = .quoted
                quoteLine = lineOfByte
            } else if byte == dialect.delimiter {
                endField()
            } else if byte == 0x0A || byte == 0x0D {
                try endRecord(body)
            } else {
                record.bytes.append(byte)
                mode = .unquoted
            }
        case .unquoted:
            if byte == dialect.delimiter {
                endField()
            } else if byte == 0x0A || byte == 0x0D {
                try endRecord(body)
            } else {
                record.bytes.append(byte)  // a stray quote inside an unquoted field is kept as text
            }
        case .quoted:
            if byte == 0x22 {
                mode = .quoteInQuoted
            } else if byte == 0x0A && record.bytes.count > (record.ends.last ?? 0) && record.bytes.last == 0x0D {
                record.bytes[record.bytes.count - 1] = 0x0A  // CRLF inside a field becomes LF
            } else {
                record.bytes.append(byte)
            }
        case .quoteInQuoted:
            if byte == 0x22 {
                record.bytes.append(0x22)
                mode = .quoted
            } else if byte == dialect.delimiter {
                endField()
            } else if byte == 0x0A || byte == 0x0D {
                try endRecord(body)
            } else {
                record.bytes.append(byte)  // text after a closing quote is kept, not dropped
                mode = .unquoted
            }
        }
    }

    @inline(__always)
    mutating func endField() {
        record.ends.append(record.bytes.count)
        mode = .fieldStart
    }

    mutating func endRecord(_ body: (CSVByteRecord) throws -> Void) throws {
        endField()
        recordStarted = false
        try body(record)
        record.bytes.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
    }

    mutating func finish(_ body: (CSVByteRecord) throws -> Void) throws {
        if mode == .quoted { throw CSVParseError.unterminatedQuote(line: quoteLine) }
        if recordStarted { try endRecord(body) }
    }
}

/// Decoding and trimming of field bytes without Foundation.
enum CSVText {
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, encoding: CSVTextEncoding) -> String {
        switch encoding {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .windows1252: return Windows1252.decode(bytes)
        }
    }

    /// True when the bytes are empty or only ASCII spaces and tabs (what `.whitespaces`
    /// trimming would empty, for ASCII); nil when a non-ASCII byte leaves it undecided.
    @inline(__always)
    static func isBlankASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        for b in bytes where b != 0x20 && b != 0x09 {
            return b < 0x80 ? false : nil
        }
        return true
    }
}

/// A streaming UTF-8 validator (rejects overlong forms, surrogates, values above U+10FFFF).
struct UTF8Validator {
    private var need = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    var isComplete: Bool { need == 0 }

    /// Feeds a whole chunk; false at the first invalid byte. ASCII runs are skipped eight
    /// bytes at a time.
    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = chunk.count
        guard let base = chunk.baseAddress else { return true }
        var i = 0
        while i < n {
            if need == 0 {
                // Skip ASCII eight bytes at a time.
                while i + 8 <= n {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                while i < n && base[i] < 0x80 { i += 1 }
                if i == n { return true }
            }
            if !feed(base[i]) { return false }
            i += 1
        }
        return true
    }

    @inline(__always)
    mutating func feed(_ byte: UInt8) -> Bool {
        if need == 0 {
            switch byte {
            case 0x00...0x7F: return true
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; upper = 0x9F
            case 0xF0: need = 3; lower = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; upper = 0x8F
            default: return false
            }
            return true
        }
        guard byte >= lower && byte <= upper else { return false }
        lower = 0x80
        upper = 0xBF
        need -= 1
        return true
    }
}

/// Windows-1252: Latin-1 with printable characters in 0x80–0x9F. The five unassigned
/// bytes map to the same code point, as Windows itself does.
enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }
}
