import Foundation

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
