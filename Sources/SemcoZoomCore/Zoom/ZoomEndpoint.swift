import Foundation

// The HTTP client's requests: where a call goes (`Endpoint`) and what goes with it.

extension HTTPZoomClient {
    struct Endpoint: Sendable {
        var method: String
        /// Below the API base, percent-encoded, starting with `/`.
        var path: String
        var query: [URLQueryItem] = []
        var label: ZoomRateLabel
        /// Safe to send again after it may have reached Zoom without an answer.
        var repeatable: Bool = true
        /// The host whose daily create/update budget this call spends.
        var hostWrite: String?
        var body: Data?

        func url(_ base: URL) -> URL {
            var text = base.absoluteString
            while text.hasSuffix("/") { text.removeLast() }
            text += path
            if !query.isEmpty {
                text +=
                    "?"
                    + query.map { item in "\(item.name)=\(Self.queryValue(item.value ?? ""))" }.joined(separator: "&")
            }
            return URL(string: text)!
        }

        /// A query value percent-encoded (all but letters, digits and `-._~`). The values the
        /// client sends are nearly always plain ASCII (`true`, `approved`, `300`, page tokens),
        /// which need no encoding: building the character set for each call cost more CPU on a
        /// no-change night than decoding the answers.
        static func queryValue(_ value: String) -> String {
            if value.utf8.allSatisfy(isUnreserved) { return value }
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        }

        /// ASCII letters, digits and `-._~`: what `queryValue` leaves as it is.
        private static func isUnreserved(_ c: UInt8) -> Bool {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                return true
            default:
                return false
            }
        }

        /// The HTTP request of one attempt.
        func request(url: URL, token: String, timeout: TimeInterval) -> HTTPRequest {
            var headers = ["Authorization": "Bearer \(token)", "Accept": "application/json"]
            if body != nil { headers["Content-Type"] = "application/json" }
            // A write goes out on a fresh connection: sent once per logged attempt.
            return HTTPRequest(
                method: method, url: url, headers: headers, body: body, timeout: timeout,
                mayReuseConnection: body == nil)
        }

        func logPath(_ base: URL) -> String {
            APICallRecord.redactedPath(url(base).path)
        }
    }

    /// A path segment percent-encoded (a host address, a registrant id).
    static func segment(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@+!$&'()*,;=:")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
