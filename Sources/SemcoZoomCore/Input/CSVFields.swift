/// A CSV row seen as a record (`RecordFields`): a field is decoded from the row's bytes
/// only when the builder asks for it, trimmed on the bytes first, so a row costs one
/// `String` per kept value and no array. Valid only during the reader's callback (the
/// row's bytes belong to the parser); `rawRecord` makes a copy that outlives it.
struct CSVFields: RecordFields {
    /// How a file's columns map onto the spec's fields: one per file, shared by every row.
    final class Layout: Sendable {
        let kind: ExportKind
        /// `columnOfSlot[slot]`: the column holding that field, -1 when the header lacks it.
        let columnOfSlot: [Int]
        /// `headers[slot]`: the header as the file writes it ("" when absent).
        let headers: [String]

        init(kind: ExportKind, columns: [(index: Int, slot: Int, header: String)]) {
            self.kind = kind
            let count = ExportFields.fields(of: kind).count
            var columnOfSlot = Array(repeating: -1, count: count)
            var headers = Array(repeating: "", count: count)
            for column in columns {
                columnOfSlot[column.slot] = column.index
                headers[column.slot] = column.header
            }
            self.columnOfSlot = columnOfSlot
            self.headers = headers
        }
    }

    let row: CSVByteRecord
    let layout: Layout
    let encoding: CSVTextEncoding
    let location: SourceLocation
    /// The file's shared values (`sharedTrimmedValue`).
    let pool: StringPool

    var kind: ExportKind { layout.kind }
    var checksRequiredPerRecord: Bool { false }
    var weeklySlots: [RawSlot] { [] }
    var dateSlots: [RawSlot] { [] }

    @inline(__always)
    func has(_ slot: Int) -> Bool { layout.columnOfSlot[slot] >= 0 }

    /// A column the header has but a short row lacks reads as empty.
    func value(_ slot: Int) -> String? {
        let column = layout.columnOfSlot[slot]
        guard column >= 0 else { return nil }
        return column < row.count ? row.string(column, encoding: encoding) : ""
    }

    @inline(__always)
    func trimmedValue(_ slot: Int) -> String? {
        let column = layout.columnOfSlot[slot]
        guard column >= 0 else { return nil }
        guard column < row.count else { return "" }
        let encoding = self.encoding
        return row.withField(column) { CSVText.trimmed($0, encoding: encoding) }
    }

    func sharedTrimmedValue(_ slot: Int) -> String? {
        guard let value = trimmedValue(slot) else { return nil }
        return pool.shared(value)
    }

    func matchUTF8<T>(_ slot: Int, _ match: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        let column = layout.columnOfSlot[slot]
        guard encoding == .utf8, column >= 0, column < row.count else { return nil }
        return row.withField(column) { bytes in
            var start = 0
            var end = bytes.count
            while start < end, TextTrim.isASCIIBlank(bytes[start], newlines: true) { start += 1 }
            while end > start, TextTrim.isASCIIBlank(bytes[end - 1], newlines: true) { end -= 1 }
            return match(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
    }

    func field(_ slot: Int) -> RawField? {
        guard let value = value(slot) else { return nil }
        return RawField(value: value, column: layout.headers[slot], location: location)
    }

    /// The row as a `RawRecord` (every field decoded), for tests and anything that must
    /// keep a record beyond the callback.
    var rawRecord: RawRecord {
        var strings: [String?] = []
        for slot in layout.columnOfSlot.indices { strings.append(value(slot)) }
        return RawRecord(
            kind: kind, location: location, strings: strings, columns: layout.headers, checksRequiredPerRecord: false)
    }
}

extension CSVText {
    /// The field's value trimmed as `TextTrim.whitespacesAndNewlines` trims it: ASCII blanks
    /// (TAB, LF, VT, FF, CR, space) are cut on the bytes before decoding; only a value that
    /// then starts or ends with a non-ASCII byte (maybe a no-break space) is decoded whole
    /// and trimmed by `TextTrim`.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, encoding: CSVTextEncoding) -> String {
        var start = 0
        var end = bytes.count
        while start < end, TextTrim.isASCIIBlank(bytes[start], newlines: true) { start += 1 }
        while end > start, TextTrim.isASCIIBlank(bytes[end - 1], newlines: true) { end -= 1 }
        let value = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if start < end && (bytes[start] >= 0x80 || bytes[end - 1] >= 0x80) {
            return TextTrim.whitespacesAndNewlines(decode(value, encoding: encoding))
        }
        return decode(value, encoding: encoding)
    }
}

/// One `String` per distinct value of a field whose values repeat across rows (the same
/// company on thousands of company bookings), so the rows share its storage. Values that
/// fit in a `String` without storage (up to 15 UTF-8 bytes) are not pooled; after `limit`
/// distinct values, new ones are handed out as they are. One pool per file and reader.
final class StringPool {
    private var values: Set<String> = []
    let limit: Int

    init(limit: Int = 4096) { self.limit = limit }

    func shared(_ value: String) -> String {
        guard value.utf8.count > 15 else { return value }
        if let index = values.firstIndex(of: value) { return values[index] }
        if values.count < limit { values.insert(value) }
        return value
    }
}
