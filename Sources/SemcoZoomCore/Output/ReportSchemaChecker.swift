import Foundation

/// A small JSON Schema (2020-12 subset) checker (no dependency), used by the tests to hold
/// real reports to docs/report.schema.json, enough for docs/report.schema.json:
/// type, const, enum, properties, required, additionalProperties (bool), items, minItems,
/// minimum, minLength, pattern, format date-time, and local `$ref`s (`#/$defs/…`).
/// Unknown keywords fail loudly so the schema cannot silently use more than is checked.
public struct ReportSchemaChecker: Sendable {
    nonisolated(unsafe) let root: [String: Any]

    public init(schemaURL: URL) throws {
        let data = try Data(contentsOf: schemaURL)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CheckerError("schema is not a JSON object")
        }
        root = object
    }

    public struct CheckerError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    static let known: Set<String> = [
        "$schema", "$id", "$defs", "title", "description", "type", "const", "enum", "properties",
        "required", "additionalProperties", "items", "minItems", "minimum", "minLength",
        "pattern", "format", "$ref",
    ]

    /// Every violation, as `path: problem`; empty when the instance is valid.
    public func violations(of instance: Any) throws -> [String] {
        var problems: [String] = []
        try check(instance, against: root, path: "$", problems: &problems)
        return problems
    }

    private func resolve(_ ref: String) throws -> [String: Any] {
        guard ref.hasPrefix("#/") else { throw CheckerError("only local refs are supported: \(ref)") }
        var node: Any = root
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let dict = node as? [String: Any], let next = dict[String(part)] else {
                throw CheckerError("unresolvable ref \(ref)")
            }
            node = next
        }
        guard let schema = node as? [String: Any] else { throw CheckerError("ref \(ref) is not a schema") }
        return schema
    }

    private func typeName(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if let number = value as? NSNumber {
            let objCType = String(cString: number.objCType)
            if objCType == "c" || objCType == "B" { return "boolean" }
            return number.doubleValue.rounded() == number.doubleValue ? "integer" : "number"
        }
        if value is String { return "string" }
        if value is [Any] { return "array" }
        if value is [String: Any] { return "object" }
        return "unknown"
    }

    private func equal(_ a: Any, _ b: Any) -> Bool {
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = a as? NSNumber, let y = b as? NSNumber { return x == y }
        return false
    }

    private func check(_ value: Any, against schema: [String: Any], path: String, problems: inout [String]) throws {
        for key in schema.keys where !Self.known.contains(key) {
            throw CheckerError("unsupported keyword \(key) at \(path)")
        }
        if let ref = schema["$ref"] as? String {
            try check(value, against: try resolve(ref), path: path, problems: &problems)
        }
        let actual = typeName(value)
        if let type = schema["type"] as? String {
            let ok = actual == type || (type == "number" && actual == "integer")
            if !ok {
                problems.append("\(path): expected \(type), found \(actual)")
                return
            }
        }
        if let constant = schema["const"], !equal(value, constant) { problems.append("\(path): must be \(constant)") }
        if let options = schema["enum"] as? [Any], !options.contains(where: { equal(value, $0) }) {
            problems.append("\(path): \(value) is not one of \(options)")
        }
        if let string = value as? String {
            if let min = schema["minLength"] as? Int, string.count < min {
                problems.append("\(path): shorter than \(min)")
            }
            if let pattern = schema["pattern"] as? String {
                let regex = try NSRegularExpression(pattern: pattern)
                if regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) == nil {
                    problems.append("\(path): \(string) does not match \(pattern)")
                }
            }
            if schema["format"] as? String == "date-time" {
                let formatter = ISO8601DateFormatter()
                if formatter.date(from: string) == nil {
                    problems.append("\(path): \(string) is not an RFC 3339 date-time")
                }
            }
        }
        if let number = value as? NSNumber, actual == "integer" || actual == "number",
            let minimum = schema["minimum"] as? NSNumber, number.doubleValue < minimum.doubleValue
        {
            problems.append("\(path): \(number) is below \(minimum)")
        }
        if let array = value as? [Any] {
            if let min = schema["minItems"] as? Int, array.count < min {
                problems.append("\(path): fewer than \(min) items")
            }
            if let items = schema["items"] as? [String: Any] {
                for (index, element) in array.enumerated() {
                    try check(element, against: items, path: "\(path)[\(index)]", problems: &problems)
                }
            }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): missing required \(key)")
            }
            for (key, element) in object {
                if let sub = properties[key] as? [String: Any] {
                    try check(element, against: sub, path: "\(path).\(key)", problems: &problems)
                } else if schema["additionalProperties"] as? Bool == false {
                    problems.append("\(path): unexpected key \(key)")
                }
            }
        }
    }
}
