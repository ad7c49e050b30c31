import Foundation

/// A strict reader of Prometheus' text exposition format (0.0.4), as node_exporter's textfile
/// collector takes it: every line is checked against the format's grammar, and whatever the
/// collector or the naming conventions refuse is an error too (a sample without `# TYPE` and
/// `# HELP`, a family split in two, a duplicate series, a timestamp, a counter not named
/// `_total`, a gauge that is). Independent of the writer in SemcoZoomCore on purpose.
public struct PrometheusText: Sendable {
    public struct Family: Sendable, Equatable {
        public var name: String
        public var type: String
        public var help: String
        public var samples: [Sample] = []
    }

    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var line: Int
        public var text: String
        public var problem: String
        public var description: String { "line \(line): \(problem): \(text)" }
    }

    /// Families in file order.
    public var families: [Family] = []

    public func family(_ name: String) -> Family? { families.first { $0.name == name } }

    /// The value of the one sample of `name` whose labels are exactly `labels`.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        family(name)?.samples.first { $0.labels == labels }?.value
    }

    static let types: Set<String> = ["counter", "gauge", "histogram", "summary", "untyped"]

    public static func parse(_ text: String) throws -> PrometheusText {
        var result = PrometheusText()
        guard !text.isEmpty else { throw Failure(line: 0, text: "", problem: "empty file") }
        guard text.hasSuffix("\n") else { throw Failure(line: 0, text: "", problem: "the last line has no line feed") }
        guard !text.contains("\r") else {
            throw Failure(line: 0, text: "", problem: "carriage return (the format is LF only)")
        }
        var help: [String: String] = [:]
        var type: [String: String] = [:]
        var finished: Set<String> = []
        var seenSeries: Set<String> = []
        var current: String?
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let line = String(raw)
            func fail(_ problem: String) -> Failure { Failure(line: number, text: line, problem: problem) }
            if line.isEmpty { throw fail("empty line") }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 3, parts[0] == "#", parts[1] == "HELP" || parts[1] == "TYPE" else {
                    throw fail("a comment other than # HELP / # TYPE")
                }
                let name = parts[2]
                guard isMetricName(name) else { throw fail("invalid metric name") }
                if finished.contains(name)
                    || (current != nil && current != name && (help[name] != nil || type[name] != nil))
                {
                    throw fail("metadata for a family seen before")
                }
                if current != name {
                    if let current { finished.insert(current) }
                    current = name
                    result.families.append(Family(name: name, type: "", help: ""))
                }
                if parts[1] == "HELP" {
                    guard help[name] == nil else { throw fail("second # HELP") }
                    guard parts.count == 4, !parts[3].isEmpty, validHelp(parts[3]) else {
                        throw fail("missing or badly escaped help text")
                    }
                    help[name] = parts[3]
                    result.families[result.families.count - 1].help = parts[3]
                } else {
                    guard type[name] == nil else { throw fail("second # TYPE") }
                    guard result.families.last?.samples.isEmpty ?? true else { throw fail("# TYPE after samples") }
                    guard parts.count == 4, types.contains(parts[3]) else { throw fail("unknown type") }
                    type[name] = parts[3]
                    result.families[result.families.count - 1].type = parts[3]
                }
                continue
            }
            let sample = try parseSample(line, fail: fail)
            guard let family = current, sample.name == family else {
                throw fail("sample outside its family's # HELP / # TYPE block")
            }
            guard let familyType = type[family], help[family] != nil else {
                throw fail("sample before its # TYPE and # HELP")
            }
            if familyType == "counter" {
                guard family.hasSuffix("_total") else { throw fail("a counter not named …_total") }
                guard sample.value >= 0, sample.value.isFinite else { throw fail("a negative or infinite counter") }
            } else if family.hasSuffix("_total") {
                throw fail("…_total for a \(familyType)")
            }
            let series =
                sample.name + "{"
                + sample.labels.keys.sorted().map { "\($0)=\(sample.labels[$0]!)" }.joined(separator: ",") + "}"
            guard seenSeries.insert(series).inserted else { throw fail("duplicate series") }
            result.families[result.families.count - 1].samples.append(sample)
        }
        for family in result.families where family.type.isEmpty || family.help.isEmpty {
            throw Failure(line: 0, text: family.name, problem: "a family without # TYPE or # HELP")
        }
        return result
    }

    static func parseSample(_ line: String, fail: (String) -> Failure) throws -> Sample {
        var rest = Substring(line)
        let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
        let name = String(rest[..<nameEnd])
        guard isMetricName(name) else { throw fail("invalid metric name") }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let equals = rest.firstIndex(of: "=") else { throw fail("label without =") }
                let key = String(rest[..<equals])
                guard isLabelName(key), !key.hasPrefix("__") else { throw fail("invalid label name \(key)") }
                guard labels[key] == nil else { throw fail("label \(key) twice") }
                rest = rest[rest.index(after: equals)...]
                guard rest.first == "\"" else { throw fail("label value not quoted") }
                rest = rest.dropFirst()
                var value = ""
                while true {
                    guard let c = rest.first else { throw fail("unterminated label value") }
                    rest = rest.dropFirst()
                    if c == "\"" { break }
                    if c == "\\" {
                        switch rest.first {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw fail("bad escape in a label value")
                        }
                        rest = rest.dropFirst()
                    } else {
                        value.append(c)
                    }
                }
                labels[key] = value
                if rest.first == "," {
                    rest = rest.dropFirst()
                    guard rest.first != "}" else { throw fail("trailing comma in the labels") }
                } else if rest.first != "}" {
                    throw fail("labels not separated by commas")
                }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { throw fail("no single space before the value") }
        let fields = rest.dropFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 1 else {
            throw fail(fields.count == 2 ? "a timestamp (the textfile collector refuses them)" : "extra fields")
        }
        guard let value = parseValue(String(fields[0])) else { throw fail("not a float value") }
        return Sample(name: name, labels: labels, value: value)
    }

    /// Go's `strconv.ParseFloat` forms that the format allows: decimal, exponent, NaN, ±Inf.
    static func parseValue(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            let pattern = #"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"#
            guard text.range(of: pattern, options: .regularExpression) != nil else { return nil }
            return Double(text)
        }
    }

    static func isMetricName(_ name: String) -> Bool {
        name.range(of: #"^[a-zA-Z_:][a-zA-Z0-9_:]*$"#, options: .regularExpression) != nil
    }

    static func isLabelName(_ name: String) -> Bool {
        name.range(of: #"^[a-zA-Z_][a-zA-Z0-9_]*$"#, options: .regularExpression) != nil
    }

    /// Help text: UTF-8 where only `\\` and `\n` are escapes.
    static func validHelp(_ text: String) -> Bool {
        var escaped = false
        for c in text {
            if escaped {
                guard c == "\\" || c == "n" else { return false }
                escaped = false
            } else if c == "\\" {
                escaped = true
            }
        }
        return !escaped
    }
}
