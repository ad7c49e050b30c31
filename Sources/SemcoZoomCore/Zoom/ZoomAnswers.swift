import Foundation

// Request bodies and Zoom's answers: JSONEncoder and JSONDecoder on the wire types
// (ZoomWire.swift), nothing read by hand. An answer that does not decode is
// `ZoomError.invalidResponse` naming the call and the field: it never reads as an empty list,
// so a broken registrant page cannot make the plan cancel anyone.

extension HTTPZoomClient {
    func encode<T: Encodable>(_ value: T) throws -> Data {
        do {
            return try ZoomJSON.encoder().encode(value)
        } catch {
            throw ZoomError.invalidResponse(method: "-", path: "-", reason: "request body cannot be encoded: \(error)")
        }
    }

    /// `itemsKey`: the key of a list page's items (`WirePage`); nil for other answers.
    func decode<T: Decodable>(_ response: HTTPResponse, _ endpoint: Endpoint, itemsKey: String? = nil) throws -> T {
        do {
            return try Self.decodeAnswer(T.self, from: response.body, itemsKey: itemsKey)
        } catch {
            throw ZoomError.invalidResponse(
                method: endpoint.method, path: endpoint.logPath(settings.apiURL), reason: Self.describe(error))
        }
    }

    /// Zoom's answer as the wire type, by `ZoomJSON.decoder()`; throws JSONDecoder's error.
    static func decodeAnswer<T: Decodable>(_ type: T.Type, from body: Data, itemsKey: String? = nil) throws -> T {
        let decoder = ZoomJSON.decoder()
        if let itemsKey { decoder.userInfo = [WirePageItems.key: itemsKey] }
        return try decoder.decode(type, from: body)
    }

    /// The error body of a refusal (`code`, `message`, field errors), when it has one.
    static func errorBody(_ response: HTTPResponse) -> WireErrorBody? {
        response.status >= 300 ? try? ZoomJSON.decoder().decode(WireErrorBody.self, from: response.body) : nil
    }

    /// JSONDecoder's error in the admin's log: which field, and what was wrong with it.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "field \(Self.codingPath(context.codingPath + [key])) is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "field \(Self.codingPath(context.codingPath)) has an unexpected type: \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return "\(Self.codingPath(context.codingPath)): \(context.debugDescription)"
        default:
            return String(describing: error)
        }
    }

    private static func codingPath(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "(body)" : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    static func fieldErrors(_ body: WireErrorBody?) -> [ZoomFieldError] {
        (body?.errors ?? []).map { ZoomFieldError(field: $0.field ?? "", message: $0.message ?? "") }
    }
}
