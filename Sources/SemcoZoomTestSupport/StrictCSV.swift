import Foundation

/// A deliberately small and strict CSV reader for the tests (the product's reader is tested on
/// its own): RFC 4180 quoting, one delimiter, and a complaint for anything odd.
public struct StrictCSV: Sendable {
    public var header: [String]
    public var rows: [[String]]
    public var hadByteOrderMark: Bool
    /// True when every record ends with CRLF and no bare LF or CR occurs outside quotes.
    public var crlfOnly: Bool

    public init(_ data: Data, delimiter: Character = ";") throws {
        var bytes = [UInt8](data)
        hadByteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if hadByteOrderMark { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw StrictCSV.Failure("not UTF-8") }
        var records: [[String]] = []
        var field = ""
        var record: [String] = []
        var inQuotes = false
        var crlf = true
        let separator = delimiter.unicodeScalars.first!
        var chars = Array(text.unicodeScalars)
        chars.append("\u{0}")  // sentinel
        var i = 0
        var line = 1
        while i < chars.count - 1 {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if chars[i + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty else { throw StrictCSV.Failure("line \(line): quote inside an unquoted field") }
                inQuotes = true
            case separator:
                record.append(field)
                field = ""
            case "\r":
                if chars[i + 1] != "\n" { crlf = false }
            case "\n":
                if i == 0 || chars[i - 1] != "\r" { crlf = false }
                record.append(field)
                records.append(record)
                field = ""
                record = []
                line += 1
            default:
                field.unicodeScalars.append(c)
            }
            i += 1
        }
        guard !inQuotes else { throw StrictCSV.Failure("unterminated quote") }
        if !field.isEmpty || !record.isEmpty {
            // A last record without a line break.
            crlf = false
            record.append(field)
            records.append(record)
        }
        guard let first = records.first else { throw StrictCSV.Failure("no header") }
        header = first
        rows = Array(records.dropFirst())
        crlfOnly = crlf
    }

    /// Rows as header → value dictionaries; throws when a row has the wrong number of fields.
    public func records() throws -> [[String: String]] {
        try rows.enumerated().map { index, row in
            guard row.count == header.count else {
                throw StrictCSV.Failure("row \(index + 2) has \(row.count) fields, header has \(header.count)")
            }
            return Dictionary(uniqueKeysWithValues: zip(header, row))
        }
    }
    /// What went wrong, with the line where it could be told.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// Every record, header first, of a text whose records all end with CRLF (what Zoom's
    /// importer and spreadsheets are given); a bare CR or LF outside quotes is a failure.
    public static func parse(_ text: String, delimiter: Character) throws -> [[String]] {
        if text.isEmpty { return [] }
        let csv = try StrictCSV(Data(text.utf8), delimiter: delimiter)
        guard csv.crlfOnly else { throw Failure("a record does not end with CRLF") }
        return [csv.header] + csv.rows
    }
}
