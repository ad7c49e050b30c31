import Foundation

/// RFC 4180 style delimited text: a field is quoted when it holds the delimiter, a quote,
/// CR or LF (quotes inside are doubled); records end with CRLF.
public struct DelimitedText: Sendable {
    public var delimiter: Character
    /// Prepend the UTF-8 byte order mark (what Excel and SEMCO's importer expect).
    public var byteOrderMark: Bool

    public func field(_ value: String) -> String {
        let needsQuotes =
            value.contains(delimiter) || value.contains("\"") || value.contains("\r") || value.contains("\n")
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: String(delimiter)) + "\r\n"
    }

    /// The whole file as bytes.
    public func encode(_ records: [[String]]) -> Data {
        var data = Data()
        if byteOrderMark { data.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        for record in records { data.append(contentsOf: Array(self.record(record).utf8)) }
        return data
    }
}
