import Foundation

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

/// Finds one record at a time in a window of bytes (RFC 4180, the rules of the former
/// byte-by-byte state machine):
/// - a quote opens a quoted field only at the field's start; a stray quote inside an
///   unquoted field is kept as text;
/// - in a quoted field `""` is a quote, CRLF becomes LF, and text after the closing quote
///   is kept (the field goes on unquoted up to the next delimiter or line break);
/// - CRLF, LF and a lone CR each end one line; line breaks between records are skipped;
/// - a quote still open at the end of the file is an error naming the line it opened on.
struct RecordScanner {
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
