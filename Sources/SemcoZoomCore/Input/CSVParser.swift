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

/// Why a CSV file cannot be parsed at all.
enum CSVParseError: Error, Equatable {
    /// A quoted field opened on `line` never closes.
    case unterminatedQuote(line: Int)
    case unreadable(String)
}

/// A streaming RFC 4180 parser over a file, read in chunks: memory holds one chunk and
/// the record being built, never the whole file. Two passes: the first validates UTF-8
/// (deciding the encoding for the whole file) and finds the delimiter on the header line;
/// the second parses. Quotes, delimiters and line breaks are ASCII, so the parser works
/// on bytes and decodes each finished field.
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

    private func forEachChunk(_ body: (UnsafeBufferPointer<UInt8>) throws -> Bool) throws {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch { throw CSVParseError.unreadable(String(describing: error)) }
        defer { try? handle.close() }
        while true {
            let data: Data?
            do { data = try handle.read(upToCount: chunkSize) } catch { throw CSVParseError.unreadable(String(describing: error)) }
            guard let data, !data.isEmpty else { return }
            let goOn = try data.withUnsafeBytes { raw in try body(raw.bindMemory(to: UInt8.self)) }
            if !goOn { return }
        }
    }

    /// First pass: encoding (whole file), BOM, and the delimiter among `;` `,` TAB that
    /// occurs most often outside quotes on the header line (`;` wins a tie, then TAB).
    func detectDialect() throws -> Dialect {
        var validator = UTF8Validator()
        var valid = true
        var offset = 0
        var bom: [UInt8] = []
        var inHeader = true
        var inQuotes = false
        var counts: [UInt8: Int] = [0x3B: 0, 0x2C: 0, 0x09: 0]
        try forEachChunk { chunk in
            for byte in chunk {
                if offset < 3 { bom.append(byte) }
                offset += 1
                if valid && !validator.feed(byte) { valid = false }
                if inHeader {
                    if byte == 0x22 { inQuotes.toggle() } else if !inQuotes {
                        if byte == 0x0A || byte == 0x0D { inHeader = false } else if counts[byte] != nil { counts[byte]! += 1 }
                    }
                }
            }
            return true
        }
        if !validator.isComplete { valid = false }
        let hasBOM = bom == [0xEF, 0xBB, 0xBF]
        let best = [UInt8(0x3B), 0x09, 0x2C].max { counts[$0]! < counts[$1]! } ?? 0x3B
        let delimiter = counts[best]! > 0 ? best : 0x3B
        return Dialect(encoding: valid ? .utf8 : .windows1252, delimiter: delimiter, hasBOM: valid && hasBOM)
    }

    /// Second pass: calls `body` for every record in file order, the header first.
    /// Blank lines are skipped. Throws `unterminatedQuote` naming the line the quote opened on.
    func parse(dialect: Dialect, _ body: (CSVRecord) throws -> Void) throws {
        var state = ParserState(dialect: dialect)
        try forEachChunk { chunk in
            for byte in chunk { try state.consume(byte, body) }
            return true
        }
        try state.finish(body)
    }
}

/// The byte-level state machine behind `CSVParser.parse`.
private struct ParserState {
    let dialect: CSVParser.Dialect
    var bytesSeen = 0
    /// Line of the byte being consumed (1-based); line breaks inside quotes count.
    var line = 1
    var previousWasCR = false
    var fields: [String] = []
    var field: [UInt8] = []
    var recordLine = 1
    var recordStarted = false
    var fieldWasQuoted = false
    var mode: Mode = .fieldStart
    var quoteLine = 0

    enum Mode { case fieldStart, unquoted, quoted, quoteInQuoted }

    init(dialect: CSVParser.Dialect) { self.dialect = dialect }

    mutating func consume(_ byte: UInt8, _ body: (CSVRecord) throws -> Void) throws {
        bytesSeen += 1
        if dialect.hasBOM && bytesSeen <= 3 { return }
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
            recordLine = lineOfByte
        }
        switch mode {
        case .fieldStart:
            if byte == 0x22 {
                mode = .quoted
                fieldWasQuoted = true
                quoteLine = lineOfByte
            } else if byte == dialect.delimiter {
                endField()
            } else if byte == 0x0A || byte == 0x0D {
                try endRecord(body)
            } else {
                field.append(byte)
                mode = .unquoted
            }
        case .unquoted:
            if byte == dialect.delimiter {
                endField()
            } else if byte == 0x0A || byte == 0x0D {
                try endRecord(body)
            } else {
                field.append(byte)  // a stray quote inside an unquoted field is kept as text
            }
        case .quoted:
            if byte == 0x22 {
                mode = .quoteInQuoted
            } else if byte == 0x0A && field.last == 0x0D {
                field[field.count - 1] = 0x0A  // CRLF inside a field becomes LF
            } else {
                field.append(byte)
            }
        case .quoteInQuoted:
            if byte == 0x22 {
                field.append(0x22)
                mode = .quoted
            } else if byte == dialect.delimiter {
                endField()
            } else if byte == 0x0A || byte == 0x0D {
                try endRecord(body)
            } else {
                field.append(byte)  // text after a closing quote is kept, not dropped
                mode = .unquoted
            }
        }
    }

    mutating func endField() {
        fields.append(decode(field))
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
        mode = .fieldStart
    }

    mutating func endRecord(_ body: (CSVRecord) throws -> Void) throws {
        endField()
        let record = CSVRecord(fields: fields, line: recordLine)
        fields.removeAll(keepingCapacity: true)
        recordStarted = false
        try body(record)
    }

    mutating func finish(_ body: (CSVRecord) throws -> Void) throws {
        if mode == .quoted { throw CSVParseError.unterminatedQuote(line: quoteLine) }
        if recordStarted { try endRecord(body) }
    }

    func decode(_ bytes: [UInt8]) -> String {
        switch dialect.encoding {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .windows1252: return Windows1252.decode(bytes)
        }
    }
}

/// A streaming UTF-8 validator (rejects overlong forms, surrogates, values above U+10FFFF).
struct UTF8Validator {
    private var need = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    var isComplete: Bool { need == 0 }

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

    static func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }
}
