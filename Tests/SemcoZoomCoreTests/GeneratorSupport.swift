import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SemcoZoomTestSupport

/// Runs the built `semco-zoom-bench` executable (the generator) as a child process.
enum BenchRunner {
    static var executableURL: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("semco-zoom-bench")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return CLIRunner.executableURL.deletingLastPathComponent().appendingPathComponent("semco-zoom-bench")
    }

    struct Result {
        var exitCode: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ args: [String]) throws -> Result {
        let process = Process()
        process.executableURL = executableURL
        process.arguments = args
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // The generator's output is a few lines: reading after exit cannot deadlock on it.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(exitCode: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Generates into `dir` and fails loudly with the generator's own message when it fails.
    static func generate(_ args: [String], into dir: URL) throws -> Result {
        let result = try run(["generate", "--out", dir.path] + args)
        guard result.exitCode == 0 else {
            throw GeneratorFailure(message: "generate \(args) exited \(result.exitCode): \(result.stderr)")
        }
        return result
    }
}

struct GeneratorFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A deliberately small and strict CSV reader for the tests (the product's reader is tested on
/// its own): RFC 4180 quoting, one delimiter, and a complaint for anything odd.
struct StrictCSV {
    var header: [String]
    var rows: [[String]]
    var hadByteOrderMark: Bool
    /// True when every record ends with CRLF and no bare LF or CR occurs outside quotes.
    var crlfOnly: Bool

    init(_ data: Data, delimiter: Character = ";") throws {
        var bytes = [UInt8](data)
        hadByteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if hadByteOrderMark { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw GeneratorFailure(message: "not UTF-8") }
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
                    if chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 2; continue }
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
                guard field.isEmpty else { throw GeneratorFailure(message: "line \(line): quote inside an unquoted field") }
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
        guard !inQuotes else { throw GeneratorFailure(message: "unterminated quote") }
        if !field.isEmpty || !record.isEmpty {
            // A last record without a line break.
            crlf = false
            record.append(field)
            records.append(record)
        }
        guard let first = records.first else { throw GeneratorFailure(message: "no header") }
        header = first
        rows = Array(records.dropFirst())
        crlfOnly = crlf
    }

    /// Rows as header → value dictionaries; throws when a row has the wrong number of fields.
    func records() throws -> [[String: String]] {
        try rows.enumerated().map { index, row in
            guard row.count == header.count else {
                throw GeneratorFailure(message: "row \(index + 2) has \(row.count) fields, header has \(header.count)")
            }
            return Dictionary(uniqueKeysWithValues: zip(header, row))
        }
    }
}

/// Collects the records of a generated XML export: each child of the root becomes a dictionary
/// of its child elements' text; nested `<tag>`/`<termin>` elements become their attributes,
/// collected under the element's name with an index.
final class XMLRecords: NSObject, XMLParserDelegate {
    private(set) var root = ""
    private(set) var records: [[String: String]] = []
    private(set) var nested: [[[String: String]]] = []
    private var depth = 0
    private var current: [String: String] = [:]
    private var currentNested: [[String: String]] = []
    private var text = ""

    static func parse(_ url: URL) throws -> XMLRecords {
        let collector = XMLRecords()
        let parser = XMLParser(contentsOf: url)!
        parser.delegate = collector
        guard parser.parse(), parser.parserError == nil else {
            throw GeneratorFailure(message: "\(url.lastPathComponent) is not well-formed: \(String(describing: parser.parserError))")
        }
        return collector
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        depth += 1
        text = ""
        switch depth {
        case 1: root = name
        case 2:
            current = [:]
            currentNested = []
        case 4:
            var entry = attributes
            entry["element"] = name
            currentNested.append(entry)
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if depth == 3, !["kurszeiten", "einzeltermine"].contains(name) { current[name] = text }
        if depth == 2 {
            records.append(current)
            nested.append(currentNested)
        }
        depth -= 1
        text = ""
    }
}
