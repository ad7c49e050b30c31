import Foundation
import SemcoZoomTestSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
        return Result(
            exitCode: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
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
            throw GeneratorFailure(
                message: "\(url.lastPathComponent) is not well-formed: \(String(describing: parser.parserError))")
        }
        return collector
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
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
