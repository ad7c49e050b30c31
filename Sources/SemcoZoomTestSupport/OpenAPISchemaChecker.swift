import Foundation
import ZoomSimulator

/// Zoom's two OpenAPI documents (Tests/Fixtures/zoom-openapi/) and the check of one call
/// against them: used by the simulator's conformance suite and by the client's.
public struct ZoomOpenAPI: Sendable {
    public let meetings: OpenAPIDocument
    public let users: OpenAPIDocument

    /// Reads both documents from the repository; throws when one is missing or unreadable.
    public init() throws {
        meetings = try OpenAPIDocument(url: RepositoryFiles.zoomOpenAPI(RepositoryFiles.zoomMeetingsAPI))
        users = try OpenAPIDocument(url: RepositoryFiles.zoomOpenAPI(RepositoryFiles.zoomUsersAPI))
    }

    /// The document describing `path` (below `/v2`): `/users/{userId}` and its `/settings`
    /// are the Users API's, everything else semco-zoom calls (including a host's meeting list)
    /// the Meetings API's.
    public func document(for path: String) -> OpenAPIDocument {
        let segments = path.split(separator: "/")
        return path.hasPrefix("/users/") && (segments.count == 2 || segments.last == "settings") ? users : meetings
    }

    /// What Zoom's schemas do not allow in one call's request and answer bodies, strictly.
    /// A call that no operation describes, a body without a schema, and an answer other than
    /// 204 without a body are problems too.
    public func problems(method: String, path: String, status: Int, request: JSONValue?, response: JSONValue?)
        -> [String]
    {
        let document = document(for: path)
        guard let template = document.template(for: path, method: method) else {
            return ["\(method) \(path): no operation in Zoom's documents"]
        }
        let checker = SchemaChecker(document: document)
        var problems: [String] = []
        if let request {
            if let schema = document.requestSchema(method, template) {
                problems += checker.validate(request, schema).map { "request \(method) \(template): \($0)" }
            } else {
                problems.append("request \(method) \(template): Zoom's document has no request schema")
            }
        }
        if let response {
            if let schema = document.responseSchema(method, template, status: status) {
                problems += checker.validate(response, schema).map { "response \(status) \(method) \(template): \($0)" }
            } else {
                problems.append("response \(status) \(method) \(template): Zoom's document has no schema for it")
            }
        } else if status != 204 {
            problems.append("\(method) \(path) answered \(status) without a body")
        }
        return problems
    }
}

/// One of Zoom's OpenAPI documents, read as JSON, with the lookups the conformance checks need.
public struct OpenAPIDocument: Sendable {
    public let root: JSONValue

    public init(url: URL) throws {
        root = try JSONValue.parse(Data(contentsOf: url))
    }

    /// The template (`/meetings/{meetingId}`) a concrete path matches, literal segments first.
    public func template(for path: String, method: String) -> String? {
        let segments = path.split(separator: "/").map(String.init)
        var best: (String, Int)?
        for (template, item) in root["paths"]?.objectValue ?? [:] where item[method.lowercased()] != nil {
            let parts = template.split(separator: "/").map(String.init)
            guard parts.count == segments.count else { continue }
            var literals = 0
            var matches = true
            for (part, segment) in zip(parts, segments) {
                if part.hasPrefix("{") { continue }
                if part == segment {
                    literals += 1
                } else {
                    matches = false
                    break
                }
            }
            if matches, literals > (best?.1 ?? -1) { best = (template, literals) }
        }
        return best?.0
    }

    public func operation(_ method: String, _ template: String) -> JSONValue? {
        root["paths"]?[template]?[method.lowercased()]
    }

    public func requestSchema(_ method: String, _ template: String) -> JSONValue? {
        operation(method, template)?["requestBody"]?["content"]?["application/json"]?["schema"]
    }

    public func responseSchema(_ method: String, _ template: String, status: Int) -> JSONValue? {
        operation(method, template)?["responses"]?[String(status)]?["content"]?["application/json"]?["schema"]
    }

    public func resolve(_ schema: JSONValue) -> JSONValue {
        guard let ref = schema["$ref"]?.stringValue, ref.hasPrefix("#/") else { return schema }
        var node: JSONValue? = root
        for part in ref.dropFirst(2).split(separator: "/") {
            node = node?[part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
        }
        return node.map(resolve) ?? schema
    }
}

/// A JSON-schema checker for the OpenAPI subset Zoom's documents use: $ref, type, nullable,
/// properties, required, enum, maxLength/minLength, maximum/minimum (numbers only),
/// items, allOf, oneOf/anyOf (at least one branch), format date-time and email,
/// additionalProperties when set. `strict` also reports object keys no branch declares.
///
/// Exceptions, only the known mistakes in Zoom's documents (Tests/Fixtures/zoom-openapi/SOURCE.md):
/// `recurrence.weekly_days` takes comma
/// lists like "2,4,6" although its enum lists single digits; `end_times` is documented with
/// maximum 60 in one place and 50 elsewhere (the simulator enforces 50, which passes 60).
public struct SchemaChecker: Sendable {
    public let document: OpenAPIDocument
    public var strict = true

    public init(document: OpenAPIDocument, strict: Bool = true) {
        self.document = document
        self.strict = strict
    }

    public func validate(_ value: JSONValue, _ rawSchema: JSONValue, path: String = "$") -> [String] {
        let schema = document.resolve(rawSchema)
        var problems: [String] = []
        if value.isNull {
            return schema["nullable"]?.boolValue == true || schema["type"] == nil
                ? [] : ["\(path): null where \(schema["type"]?.stringValue ?? "a value") is expected"]
        }
        for branch in schema["allOf"]?.arrayValue ?? [] {
            problems += SchemaChecker(document: document, strict: false).validate(value, branch, path: path)
        }
        for key in ["oneOf", "anyOf"] {
            if let branches = schema[key]?.arrayValue, !branches.isEmpty {
                let fits = branches.contains {
                    SchemaChecker(document: document, strict: false).validate(value, $0, path: path).isEmpty
                }
                if !fits { problems.append("\(path): matches no branch of \(key)") }
            }
        }
        if let type = schema["type"]?.stringValue {
            let ok: Bool
            switch type {
            case "integer": ok = value.intValue != nil && value.typeName != "string" && value.typeName != "boolean"
            case "number": ok = value.typeName == "integer" || value.typeName == "number"
            default: ok = value.typeName == type
            }
            if !ok {
                problems.append("\(path): \(value.typeName) where \(type) is expected")
                return problems
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(where: { Self.same($0, value) }) {
            let weeklyDaysList = path.hasSuffix(".weekly_days") && (value.stringValue.map(Self.isWeekdayList) ?? false)
            if !weeklyDaysList {
                problems.append("\(path): \(value.serialized()) is not one of \(JSONValue.array(options).serialized())")
            }
        }
        if case .string(let text) = value {
            if let max = schema["maxLength"]?.intValue, text.count > max {
                problems.append("\(path): longer than \(max)")
            }
            if let min = schema["minLength"]?.intValue, text.count < min {
                problems.append("\(path): shorter than \(min)")
            }
            switch schema["format"]?.stringValue {
            case "date-time"?:
                if !Self.isDateTime(text) { problems.append("\(path): \(text) is not a date-time") }
            case "email"?:
                if !text.contains("@") { problems.append("\(path): \(text) is not an e-mail address") }
            default: break
            }
        }
        if value.typeName == "integer" || value.typeName == "number", let number = Self.number(value) {
            if let max = schema["maximum"].flatMap(Self.number), number > max {
                problems.append("\(path): \(number) above maximum \(max)")
            }
            if let min = schema["minimum"].flatMap(Self.number), number < min {
                problems.append("\(path): \(number) below minimum \(min)")
            }
        }
        if let items = value.arrayValue, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() {
                problems += SchemaChecker(document: document, strict: strict).validate(
                    item, itemSchema, path: "\(path)[\(index)]")
            }
        }
        if let members = value.objectValue {
            let properties = schema["properties"]?.objectValue ?? [:]
            for (key, member) in members {
                if let propertySchema = properties[key] {
                    problems += SchemaChecker(document: document, strict: strict).validate(
                        member, propertySchema, path: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] {
                    if additional.boolValue == false {
                        problems.append("\(path).\(key): not allowed (additionalProperties false)")
                    } else if additional.objectValue != nil {
                        problems += SchemaChecker(document: document, strict: strict).validate(
                            member, additional, path: "\(path).\(key)")
                    }
                }
            }
            for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            where members[required] == nil {
                problems.append("\(path).\(required): required but missing")
            }
            if strict {
                let declared = declaredProperties(schema)
                if !declared.isEmpty {
                    for key in members.keys where !declared.contains(key) {
                        problems.append("\(path).\(key): not declared in Zoom's schema")
                    }
                }
            }
        }
        return problems
    }

    /// Property names declared at this level, across allOf/oneOf/anyOf branches.
    public func declaredProperties(_ rawSchema: JSONValue) -> Set<String> {
        let schema = document.resolve(rawSchema)
        var names = Set((schema["properties"]?.objectValue ?? [:]).keys)
        for key in ["allOf", "oneOf", "anyOf"] {
            for branch in schema[key]?.arrayValue ?? [] { names.formUnion(declaredProperties(branch)) }
        }
        return names
    }

    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        return a == b
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    static func isWeekdayList(_ text: String) -> Bool {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { $0.count == 1 && ("1"..."7").contains(String($0)) }
    }

    /// RFC 3339 date-time, plus Zoom's documented local form `yyyy-MM-ddTHH:mm:ss` (no offset),
    /// which its own descriptions of `start_time` prescribe for times local to `timezone`.
    static func isDateTime(_ text: String) -> Bool {
        text.range(
            of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$"#, options: .regularExpression)
            != nil
    }
}
