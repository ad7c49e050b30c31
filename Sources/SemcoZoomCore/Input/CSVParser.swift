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

/// One CSV record as the parser holds it: where each field's bytes lie in the parser's
/// read window (quotes removed, `""` unescaped and CRLF inside a field made LF, in place).
/// Valid only during the callback (the parser re-uses the window and the field table), so
/// a reader decodes to `String` only the fields it keeps.
struct CSVByteRecord {
    fileprivate var base: UnsafePointer<UInt8>
    /// `bounds[2 * i]` and `bounds[2 * i + 1]`: start and end of field `i`, offsets into `base`.
    fileprivate var bounds: UnsafePointer<Int>
    private(set) var count: Int
    var line: Int

    // The synthesized initializer is fileprivate (as `base` is): only the parser makes records.

    /// The field's bytes, for the duration of `body`.
    @inline(__always)
    func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(index >= 0 && index < count)
        let start = bounds[2 * index]
        let end = bounds[2 * index + 1]
        return try body(UnsafeBufferPointer(start: base + start, count: end - start))
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

    /// Reads the bytes `[from, to)` of the file (`to` nil: to its end) in chunks of
    /// `chunkSize` into one re-used buffer (POSIX `read`, no allocation per chunk).
    private func forEachChunk(from: Int = 0, to: Int? = nil, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws
    {
        let fd = try openFile(at: from)
        defer { close(fd) }
        let size = max(1, chunkSize)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        var offset = from
        while true {
            let wanted = to.map { min(size, $0 - offset) } ?? size
            if wanted <= 0 { return }
            let n = try readSome(fd, into: buffer.baseAddress!, count: wanted)
            if n == 0 { return }
            offset += n
            try body(UnsafeBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    private func openFile(at offset: Int = 0) throws -> Int32 {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw CSVParseError.unreadable(String(cString: strerror(errno))) }
        if offset > 0 && lseek(fd, off_t(offset), SEEK_SET) < 0 {
            let error = CSVParseError.unreadable(String(cString: strerror(errno)))
            close(fd)
            throw error
        }
        return fd
    }

    /// One `read` (retried on EINTR); 0 at the end of the file.
    private func readSome(_ fd: Int32, into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        while true {
            let n = read(fd, pointer, count)
            if n >= 0 { return n }
            if errno != EINTR { throw CSVParseError.unreadable(String(cString: strerror(errno))) }
        }
    }

    /// First pass: encoding (whole file), BOM, and the delimiter among `;` `,` TAB that
    /// occurs most often outside quotes on the header line (`;` wins a tie, then TAB).
    func detectDialect() throws -> Dialect { try firstPass().dialect }

    /// The first pass: the dialect, and the number of line breaks (an upper bound for the
    /// records after the header), so a reader can reserve its arrays once instead of
    /// growing them by doubling.
    func firstPass() throws -> (dialect: Dialect, lineBreaks: Int) {
        let scan = try scan()
        return (try Self.dialect([scan]), scan.lineBreaks)
    }

    /// What the first pass found in a stretch of the file (all of it, or one part when
    /// parts are scanned apart: `dialect(_:)` puts them together).
    struct Scan: Sendable {
        /// Valid UTF-8 so far.
        var valid = true
        /// No UTF-8 sequence cut off at the end.
        var complete = true
        /// Line breaks: LF, CR and CRLF each count once, as the parser counts lines (so a
        /// record's line is 1 + the line breaks before it).
        var lineBreaks = 0
        /// From the start of the file only: its first three bytes (a BOM?) and the
        /// delimiters outside quotes on the header line.
        var leading: [UInt8] = []
        var semicolons = 0, commas = 0, tabs = 0
    }

    /// Scans the bytes `[from, to)` (`to` nil: to the end). A part that does not start the
    /// file must start just after an LF: no UTF-8 sequence and no CRLF runs across its start.
    func scan(from: Int = 0, to: Int? = nil) throws -> Scan {
        var result = Scan()
        var breaks = LineBreakCounter()
        var validator = UTF8Validator()
        var inHeader = from == 0
        var inQuotes = false
        try forEachChunk(from: from, to: to) { chunk in
            if from == 0 && result.leading.count < 3 {
                result.leading += chunk.prefix(3 - result.leading.count)
            }
            // The header line only (a few hundred bytes): byte by byte.
            if inHeader {
                for byte in chunk {
                    if byte == 0x22 {
                        inQuotes.toggle()
                    } else if !inQuotes {
                        if byte == 0x0A || byte == 0x0D {
                            inHeader = false
                            break
                        }
                        if byte == 0x3B {
                            result.semicolons += 1
                        } else if byte == 0x2C {
                            result.commas += 1
                        } else if byte == 0x09 {
                            result.tabs += 1
                        }
                    }
                }
            }
            if result.valid && !validator.feed(chunk) { result.valid = false }
            breaks.feed(chunk)
        }
        result.complete = validator.isComplete
        result.lineBreaks = breaks.count
        return result
    }

    /// The dialect of a file from the scans of its parts, in file order.
    static func dialect(_ scans: [Scan]) throws -> Dialect {
        guard let head = scans.first else { return Dialect(encoding: .utf8, delimiter: 0x3B, hasBOM: false) }
        let valid = scans.allSatisfy(\.valid) && scans.last!.complete
        let bom = head.leading
        if bom.count >= 2 && (bom[0..<2] == [0xFF, 0xFE] || bom[0..<2] == [0xFE, 0xFF]) { throw CSVParseError.utf16 }
        let hasBOM = bom == [0xEF, 0xBB, 0xBF]
        // `;` wins a tie, then TAB, then `,`.
        var delimiter: UInt8 = 0x3B
        var best = head.semicolons
        if head.tabs > best {
            delimiter = 0x09
            best = head.tabs
        }
        if head.commas > best {
            delimiter = 0x2C
            best = head.commas
        }
        if best == 0 { delimiter = 0x3B }
        return Dialect(encoding: valid ? .utf8 : .windows1252, delimiter: delimiter, hasBOM: valid && hasBOM)
    }

    /// Second pass: calls `body` for every record in file order, the header first.
    /// Blank lines are skipped. Throws `unterminatedQuote` naming the line the quote opened on.
    func parse(dialect: Dialect, _ body: (CSVRecord) throws -> Void) throws {
        try parseBytes(dialect: dialect) { record in
            try body(
                CSVRecord(
                    fields: (0..<record.count).map { record.string($0, encoding: dialect.encoding) }, line: record.line)
            )
        }
    }

    /// Like `parse`, but hands out the record as bytes (valid only during the call).
    func parseBytes(dialect: Dialect, _ body: (CSVByteRecord) throws -> Void) throws {
        _ = try parseBytes(dialect: dialect, from: 0, line: 1, until: nil, body)
    }

    /// How `parseBytes(dialect:from:line:until:_:)` stopped.
    enum Stop: Equatable {
        /// At the end of the file.
        case end
        /// At `until`, between two records: every record before it was handed out.
        case boundary
        /// The record starting at `offset` on `line` goes on past `until` (the limit lies in
        /// a quoted field, or in a record cut off there); records before it were handed out.
        case straddled(offset: Int, line: Int)
    }

    /// Hands out the records from file offset `from` (a record's start; `line` is its line)
    /// up to the end of the file, or only those ending before `until`.
    ///
    /// The file is read in chunks into a window that always holds at least one whole
    /// record: a record cut off by the window's end is moved to its front and scanned
    /// again once more bytes are in (the window grows for a record longer than itself).
    func parseBytes(
        dialect: Dialect, from origin: Int, line: Int, until limit: Int?,
        _ body: (CSVByteRecord) throws -> Void
    ) throws -> Stop {
        let fd = try openFile(at: origin)
        defer { close(fd) }
        let readSize = max(1, chunkSize)
        var window = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(2 * readSize, 4096))
        defer { window.deallocate() }
        var scanner = RecordScanner(delimiter: dialect.delimiter, line: line)
        defer { scanner.deallocate() }
        var filled = 0
        var start = 0
        var fileOffset = origin  // the file offset of window[filled]
        var bomLeft = dialect.hasBOM && origin == 0 ? 3 : 0
        var atEnd = false
        while true {
            // Keep the unscanned tail, make room, read more (never past the limit).
            if start > 0 {
                if filled > start {
                    UnsafeMutableRawPointer(window.baseAddress!).copyMemory(
                        from: window.baseAddress! + start, byteCount: filled - start)
                }
                filled -= start
                start = 0
            }
            var atLimit = false
            if !atEnd {
                let wanted = limit.map { min(readSize, max(0, $0 - fileOffset)) } ?? readSize
                if wanted == 0 {
                    atLimit = true
                } else {
                    if window.count - filled < wanted {
                        let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(
                            capacity: max(window.count * 2, filled + wanted))
                        UnsafeMutableRawPointer(bigger.baseAddress!).copyMemory(
                            from: window.baseAddress!, byteCount: filled)
                        window.deallocate()
                        window = bigger
                    }
                    let n = try readSome(fd, into: window.baseAddress! + filled, count: wanted)
                    if n == 0 { atEnd = true }
                    filled += n
                    fileOffset += n
                }
            }
            if bomLeft > 0 {
                let skip = min(bomLeft, filled - start)
                bomLeft -= skip
                start += skip
                if bomLeft > 0 && !atEnd && !atLimit { continue }
            }
            // Every whole record in the window.
            let base = window.baseAddress!
            while let end = try scanner.scan(base, from: start, to: filled, atEnd: atEnd) {
                start = end
                if scanner.hasRecord {
                    try body(scanner.record(base))
                }
            }
            start = scanner.resumeAt
            if atEnd { return .end }
            if atLimit {
                // Nothing more can end before the limit: either every byte up to it was
                // taken, or a record started before it and is not complete there.
                if start == filled { return .boundary }
                return .straddled(offset: fileOffset - (filled - start), line: scanner.line)
            }
        }
    }
}

/// Counts line breaks as the parser counts lines: LF, CR and CRLF each once
/// (LFs + CRs − CRLF pairs), eight bytes at a time, across chunk boundaries.
struct LineBreakCounter {
    private(set) var count = 0
    /// The last byte fed was a CR.
    private var endsWithCR = false

    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        let n = chunk.count
        if endsWithCR && base[0] == 0x0A { count -= 1 }
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let high: UInt64 = 0x8080_8080_8080_8080
        let lf: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let cr: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
        let belowCRPlusOne: UInt64 = 0x0E0E_0E0E_0E0E_0E0E
        var i = 0
        var carryCR = false  // the byte before this word was a CR
        while i + 8 <= n {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            // Most words hold no byte below 0x0E (this test is exact about "some byte"):
            // no line break to count there.
            if (word &- belowCRPlusOne) & ~word & high == 0 {
                carryCR = false
                i += 8
                continue
            }
            let x = word ^ lf
            let y = word ^ cr
            // The high bit of each byte that is an LF (a CR): a byte of `x` is zero exactly when
            // the high bit of `((x & 0x7F…) + 0x7F…) | x` is clear in it (the sum never carries
            // into the next byte).
            let lfs = ~(((x & low7) &+ low7) | x) & high
            let crs = ~(((y & low7) &+ low7) | y) & high
            // A CR followed by an LF: the CR's bit moved one byte up (little-endian) meets the LF's.
            var pairs = ((crs << 8) & lfs).nonzeroBitCount
            if carryCR && lfs & 0x80 != 0 { pairs += 1 }
            count += lfs.nonzeroBitCount + crs.nonzeroBitCount - pairs
            carryCR = crs >> 63 != 0
            i += 8
        }
        var previousCR = carryCR
        while i < n {
            let b = base[i]
            if b == 0x0D {
                count += 1
                previousCR = true
            } else {
                if b == 0x0A && !previousCR { count += 1 }
                previousCR = false
            }
            i += 1
        }
        endsWithCR = base[n - 1] == 0x0D
    }
}

/// Finds one record at a time in a window of bytes (RFC 4180, the rules of the former
/// byte-by-byte state machine):
/// - a quote opens a quoted field only at the field's start; a stray quote inside an
///   unquoted field is kept as text;
/// - in a quoted field `""` is a quote, CRLF becomes LF, and text after the closing quote
///   is kept (the field goes on unquoted up to the next delimiter or line break);
/// - CRLF, LF and a lone CR each end one line; line breaks between records are skipped;
/// - a quote still open at the end of the file is an error naming the line it opened on.
fileprivate struct RecordScanner {
    let delimiter: UInt8
    /// Line of the next byte to scan (1-based); the byte before it was a CR when `previousWasCR`.
    private(set) var line: Int
    private var previousWasCR = false
    /// Start and end offset of each field of the record just found.
    private var bounds: UnsafeMutablePointer<Int>
    private var capacity = 64
    private var count = 0
    private var recordLine = 0
    /// True after `scan` returned the end of a record (false: it only skipped blank lines).
    private(set) var hasRecord = false
    /// Where scanning must go on once the window has more bytes.
    private(set) var resumeAt = 0

    private static let quote: UInt8 = 0x22, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    init(delimiter: UInt8, line: Int) {
        self.delimiter = delimiter
        self.line = line
        bounds = .allocate(capacity: 2 * capacity)
    }

    func deallocate() { bounds.deallocate() }

    func record(_ base: UnsafeMutablePointer<UInt8>) -> CSVByteRecord {
        CSVByteRecord(base: UnsafePointer(base), bounds: UnsafePointer(bounds), count: count, line: recordLine)
    }

    private mutating func addField(_ start: Int, _ end: Int) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<Int>.allocate(capacity: 4 * capacity)
            bigger.update(from: bounds, count: 2 * count)
            bounds.deallocate()
            bounds = bigger
            capacity *= 2
        }
        bounds[2 * count] = start
        bounds[2 * count + 1] = end
        count += 1
    }

    /// Scans from `from`: skips blank lines, then finds one record. Returns the offset after
    /// it (with `hasRecord`), or after the skipped line breaks (without); nil when the
    /// window ends first and more bytes are to come (`resumeAt` says where to go on).
    /// Line numbers are committed only with a whole record, so a record cut off by the
    /// window's end is simply scanned again.
    mutating func scan(_ w: UnsafeMutablePointer<UInt8>, from: Int, to n: Int, atEnd: Bool) throws -> Int? {
        hasRecord = false
        var p = from
        // Line breaks between records.
        while p < n {
            let b = w[p]
            if b == Self.cr {
                line += 1
                previousWasCR = true
            } else if b == Self.lf {
                if !previousWasCR { line += 1 }
                previousWasCR = false
            } else {
                break
            }
            p += 1
        }
        resumeAt = p
        if p == n { return p > from ? p : nil }
        previousWasCR = false

        var line = self.line
        count = 0
        let delimiter = self.delimiter
        var i = p
        while true {
            // At the start of a field (i may be at the window's end).
            if i == n {
                guard atEnd else { return nil }
                addField(i, i)
                return finish(w, at: i, nextLine: line, previousWasCR: false)
            }
            if w[i] == Self.quote {
                let quoteLine = line
                let contentStart = i + 1
                var j = contentStart
                var inPlace = false  // `""`, CRLF or text after the closing quote: unescape in place
                var previousCR = false
                var closing = -1
                while closing < 0 {
                    // A run of ordinary bytes.
                    let runStart = j
                    while j < n {
                        let b = w[j]
                        if b == Self.quote || b == Self.cr || b == Self.lf { break }
                        j += 1
                    }
                    if j > runStart { previousCR = false }
                    if j == n {
                        guard atEnd else { return nil }
                        throw CSVParseError.unterminatedQuote(line: quoteLine)
                    }
                    let b = w[j]
                    if b == Self.cr {
                        line += 1
                        previousCR = true
                        inPlace = true
                        j += 1
                    } else if b == Self.lf {
                        if !previousCR { line += 1 }
                        previousCR = false
                        j += 1
                    } else if j + 1 == n && !atEnd {
                        return nil  // a quote at the window's end: `""` or closing? Decide with more bytes.
                    } else if j + 1 < n && w[j + 1] == Self.quote {
                        inPlace = true
                        previousCR = false
                        j += 2
                    } else {
                        closing = j
                    }
                }
                // After the closing quote: a delimiter, a line break, the end, or text kept as is.
                var k = closing + 1
                while k < n {
                    let b = w[k]
                    if b == delimiter || b == Self.cr || b == Self.lf { break }
                    k += 1
                }
                if k == n && !atEnd { return nil }
                if k > closing + 1 { inPlace = true }
                if inPlace {
                    // Unescaped once the whole record is in (a record cut off by the window's
                    // end is scanned again, from the original bytes).
                    addField(~contentStart, k)
                } else {
                    addField(contentStart, closing)
                }
                i = k
            } else {
                var j = i
                while j < n {
                    let b = w[j]
                    if b == delimiter || b == Self.cr || b == Self.lf { break }
                    j += 1
                }
                if j == n && !atEnd { return nil }
                addField(i, j)
                i = j
            }
            // i: the delimiter or line break after the field, or the end of the file.
            if i == n { return finish(w, at: i, nextLine: line, previousWasCR: false) }
            let b = w[i]
            if b == delimiter {
                i += 1
                continue
            }
            // A line break ends the record (a CRLF's LF is skipped as a blank line next time).
            return finish(w, at: i + 1, nextLine: line + 1, previousWasCR: b == Self.cr)
        }
    }

    /// A whole record ends before `end`: it started on `line`; commit the line count.
    /// Unescapes the fields marked for it (start stored as `~start`) in place.
    private mutating func finish(_ w: UnsafeMutablePointer<UInt8>, at end: Int, nextLine: Int, previousWasCR: Bool)
        -> Int
    {
        for field in 0..<count where bounds[2 * field] < 0 {
            let start = ~bounds[2 * field]
            bounds[2 * field] = start
            bounds[2 * field + 1] = Self.unescape(w, from: start, to: bounds[2 * field + 1])
        }
        recordLine = line
        line = nextLine
        self.previousWasCR = previousWasCR
        hasRecord = true
        resumeAt = end
        return end
    }

    /// Rewrites a quoted field's raw bytes (after the opening quote, up to the delimiter)
    /// to its value, in place (the value is never longer); returns the value's end.
    private static func unescape(_ w: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int) -> Int {
        enum Mode { case quoted, quoteInQuoted, unquoted }
        var mode = Mode.quoted
        var out = start
        for k in start..<end {
            let b = w[k]
            switch mode {
            case .quoted:
                if b == quote {
                    mode = .quoteInQuoted
                } else if b == lf && out > start && w[out - 1] == cr {
                    w[out - 1] = lf  // CRLF inside a field becomes LF
                } else {
                    w[out] = b
                    out += 1
                }
            case .quoteInQuoted:
                w[out] = b  // `""` gives one quote; any other byte is text after the closing quote
                out += 1
                mode = b == quote ? .quoted : .unquoted
            case .unquoted:
                w[out] = b
                out += 1
            }
        }
        return out
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
            case 0xE0:
                need = 2
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED:
                need = 2
                upper = 0x9F
            case 0xF0:
                need = 3
                lower = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4:
                need = 3
                upper = 0x8F
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
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,
        0x017E, 0x0178,
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
